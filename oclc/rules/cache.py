"""OC4xx: prompt caching (`cacheRetention`, legacy `cacheControlTtl`) as OpenClaw 2026.9.6 applies it.

OpenClaw never validates these params (spec 8.1, 8.2, 8.19): bad values are logged at request time
and ignored, higher layers silently mask lower ones, and some providers ignore them altogether.
The effective value per agent and model comes from the resolve stage (spec 4.1-4.4).
"""
from __future__ import annotations

from ..diagnostics import ERROR, INFO, WARNING, Edit, Fix
from ..diagnostics.registry import rule
from ..resolve import (
    CACHE_KEYS,
    CACHE_VALUES,
    LEGACY_TTL,
    prompt_cache_facts,
    wire_text,
)
from .resolved import (
    Findings,
    did_you_mean,
    emit,
    params_objects,
    provider_params_objects,
    quoted_list,
)

_VALID = quoted_list(CACHE_VALUES)


def _string_edit(loaded, path, new_text: str) -> Edit | None:
    """Replace the string value at `path` by `new_text`, keeping its quote style."""
    origin = loaded.origins.get(tuple(path))
    if origin is None or origin.value is None:
        return None
    written = origin.source.text[origin.value.start:origin.value.end]
    quote = written[0] if written[:1] in ("'", '"') else '"'
    return Edit(origin.source.name, origin.value.start, origin.value.end, f"{quote}{new_text}{quote}")


def _key_edit(loaded, path, new_key: str) -> Edit | None:
    """Rename the member at `path`, keeping its quoting (not when it is written twice: see
    Loaded.written_twice)."""
    origin = loaded.origins.get(tuple(path))
    if origin is None or origin.key is None or loaded.written_twice(path):
        return None
    written = origin.source.text[origin.key.start:origin.key.end]
    old = str(path[-1])
    if old not in written:
        return None
    return Edit(origin.source.name, origin.key.start, origin.key.end, written.replace(old, new_key, 1))


def _suggest_value(value) -> str | None:
    if not isinstance(value, str):
        return None
    lowered = value.strip().lower()
    if lowered in LEGACY_TTL:
        return LEGACY_TTL[lowered]
    if lowered in ("off", "disabled", "false", "0"):
        return "none"
    return did_you_mean(value.strip(), CACHE_VALUES)


def _show(value) -> str:
    return repr(value) if isinstance(value, str) else f"{value!r} ({type(value).__name__})"


@rule("OC401", "cache-retention-invalid", ERROR,
      "`cacheRetention` is not one of \"none\", \"short\", \"long\".")
def invalid_retention(model):
    """What: a `cacheRetention` param whose value is not exactly "none", "short" or "long" (the
match is case-sensitive, and numbers or durations are not accepted).

Why: OpenClaw's validator accepts any value here; at request time it logs a warning and ignores
it, so the model falls back to the default (short for Anthropic, no caching elsewhere).

Example:
    agents: { defaults: { params: { cacheRetention: "1h" } } }

Fix: use "none", "short" (about 5 minutes) or "long" (about 1 hour)."""
    for path, params in params_objects(model.value):
        if "cacheRetention" not in params or params["cacheRetention"] in CACHE_VALUES:
            continue
        value = params["cacheRetention"]
        key_path = path + ("cacheRetention",)
        wanted = _suggest_value(value)
        fix = None
        if wanted is not None and isinstance(value, str):
            edit = _string_edit(model.loaded, key_path, wanted)
            if edit is not None:
                fix = Fix(f"set cacheRetention to {wanted!r}", (edit,), safe=False)
        yield emit(model, invalid_retention, f"cacheRetention {_show(value)} is not one of {_VALID}; "
                   "OpenClaw ignores it", key_path,
                   help=f"did you mean {wanted!r}?" if wanted else f"use one of {_VALID}", fix=fix)


@rule("OC402", "cache-control-ttl-legacy", WARNING,
      "`cacheControlTtl` is the retired spelling of `cacheRetention`.")
def legacy_ttl(model):
    """What: a `cacheControlTtl` param ("5m" or "1h").

Why: OpenClaw still maps "5m" to short and "1h" to long, but only for Anthropic-family and Gemini
models (not OpenAI, not non-Claude Bedrock models), and any other value is ignored silently.
`cacheRetention` works everywhere caching does.

Example:
    params: { cacheControlTtl: "1h" }      // becomes  params: { cacheRetention: "long" }

Fix: rename the key to `cacheRetention` and use "short" for "5m", "long" for "1h"
(`oclc lint --fix` does it). Note that models which ignored `cacheControlTtl` (OpenAI, non-Claude
Bedrock) start to honour the setting once it is `cacheRetention`."""
    # One mistake, one finding: where OC405 or OC406 reports this key, that finding carries the
    # retired-spelling note and the fix instead.
    reported = set(_subscription_findings(model)) | set(_ignored_findings(model))
    for path, params in params_objects(model.value):
        if "cacheControlTtl" not in params or "cacheRetention" in params:
            continue
        key_path = path + ("cacheControlTtl",)
        if key_path in reported:
            continue
        value = params["cacheControlTtl"]
        mapped = LEGACY_TTL.get(value) if isinstance(value, str) else None
        if mapped is None:
            yield emit(model, legacy_ttl, f"cacheControlTtl {_show(value)} is a retired key and this value is "
                       'ignored (only "5m" and "1h" were understood)', key_path, key=True,
                       help=f"use cacheRetention with one of {_VALID}")
            continue
        yield emit(model, legacy_ttl, f"cacheControlTtl is retired: write cacheRetention {mapped!r} "
                   f"instead of {value!r}", key_path, key=True, fix=_legacy_fix(model, key_path, value),
                   help=f'cacheRetention: "{mapped}"')


def _legacy_fix(model, key_path, value) -> Fix | None:
    mapped = LEGACY_TTL.get(value) if isinstance(value, str) else None
    if mapped is None:
        return None
    edits = [_key_edit(model.loaded, key_path, "cacheRetention"), _string_edit(model.loaded, key_path, mapped)]
    if not all(edits):
        return None
    return Fix(f"replace cacheControlTtl {value!r} with cacheRetention {mapped!r}", tuple(edits))


def _legacy_note(model, key_path) -> tuple[tuple[str, ...], Fix | None]:
    """The OC402 part (note and fix) of a finding another cache rule makes on a `cacheControlTtl` key."""
    if key_path[-1] != "cacheControlTtl":
        return (), None
    value = _value_at(model.value, key_path)
    mapped = LEGACY_TTL.get(value) if isinstance(value, str) else None
    if mapped is None:
        note = (f"cacheControlTtl is also retired (OC402), and {_show(value)} was never understood: "
                f"use cacheRetention with one of {_VALID}")
        return (note,), None
    return (f"cacheControlTtl is also the retired spelling (OC402): write cacheRetention {mapped!r}",), \
        _legacy_fix(model, key_path, value)


def _value_at(value, path):
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


@rule("OC403", "cache-keys-both-set", WARNING,
      "`cacheRetention` and the legacy `cacheControlTtl` are both set in one params object.")
def both_set(model):
    """What: one `params` object has both `cacheRetention` and `cacheControlTtl`.

Why: OpenClaw reads `cacheControlTtl` only when `cacheRetention` is missing or invalid, so one of
the two is dead text that disagrees with the other sooner or later.

Example:
    params: { cacheRetention: "long", cacheControlTtl: "1h" }   // cacheControlTtl is never read

Fix: keep `cacheRetention` and delete `cacheControlTtl`."""
    for path, params in params_objects(model.value):
        if "cacheRetention" in params and "cacheControlTtl" in params:
            used = "cacheControlTtl is ignored" if params["cacheRetention"] in CACHE_VALUES else \
                "cacheRetention is invalid, so cacheControlTtl is used where it applies"
            yield emit(model, both_set, f"both cacheRetention and cacheControlTtl are set; {used}",
                       path + ("cacheControlTtl",), key=True, help="delete cacheControlTtl")


@rule("OC404", "cache-retention-masked", WARNING,
      "An invalid `cacheRetention` in a higher params layer hides a valid one below it.")
def masked(model):
    """What: for some agent and model, the `cacheRetention` that wins the params merge is invalid,
while a lower layer sets a valid one.

Why: OpenClaw merges `agents.defaults.params` < `agents.defaults.models[ref].params` <
`agents.entries.<id>.models[ref].params` < `agents.entries.<id>.params` key by key; an invalid value
still replaces the key, and is then ignored, so the valid setting below never applies (case 122).

Example:
    defaults: { models: { "anthropic/claude-sonnet-4-6": { params: { cacheRetention: "long" } } } },
    entries: { main: { params: { cacheRetention: "forever" } } }   // main gets "short", not "long"

Fix: correct or remove the invalid value."""
    findings = Findings()
    for agent in model.agents.values():
        for use in agent.models.values():
            top = use.params.get("cacheRetention", None)
            if "cacheRetention" not in use.params or top in CACHE_VALUES:
                continue
            below = [layer for layer in use.layers[:-1] if layer.params.get("cacheRetention") in CACHE_VALUES
                     and layer.name != use.param_sources["cacheRetention"]]
            if not below:
                continue
            hidden = below[-1]
            source = next(layer for layer in use.layers if layer.name == use.param_sources["cacheRetention"])
            effective = use.cache.setting if use.cache else None
            findings.add(emit(model, masked, f"invalid cacheRetention {_show(top)} hides "
                              f"{hidden.params['cacheRetention']!r} set at {hidden.name} for agent {agent.id}, "
                              f"{use.ref}; OpenClaw uses {effective!r}" if effective else
                              f"invalid cacheRetention {_show(top)} hides {hidden.params['cacheRetention']!r} set "
                              f"at {hidden.name} for agent {agent.id}, {use.ref}",
                              source.path + ("cacheRetention",)))
    yield from findings


def _setting_path(use):
    """The layer path of the cache key that decides this model's retention (None: no key applies)."""
    for key in CACHE_KEYS:
        if key in use.params and key in use.param_sources:
            layer = next((x for x in use.layers if x.name == use.param_sources[key]), None)
            if layer is not None and not layer.injected:
                return layer.path + (key,)
    return None


def _cli_name(use) -> str:
    return prompt_cache_facts()["runtimes"].get(use.runtime, {}).get("cli", "its CLI")


def _not_sent_by_runtime(use) -> bool:
    info = prompt_cache_facts()["runtimes"].get(use.runtime)
    return bool(info) and not info["sendsCacheSettings"]


def _names(users: list[str]) -> str:
    names = ", ".join(users[:4]) + (f" and {len(users) - 4} more" if len(users) > 4 else "")
    return f"agent{'s' if len(users) > 1 else ''} {names}"


def _subscription_findings(model) -> dict:
    """Config path of a cache key -> {what happens (text): agents}, for keys that decide the retention
    of a model some agent reaches with subscription credentials. Shared by OC405 and OC402/OC406
    (so that one key gets one finding)."""
    cached = model.derived.get("cache.subscription")
    if cached is not None:
        return cached
    found: dict[tuple, dict[tuple[str, bool], list[str]]] = {}
    for agent in model.agents.values():
        for use in agent.models.values():
            if not (use.cache and use.cache.explicit and use.subscription):
                continue
            path = _setting_path(use)
            if path is None or use.param_sources.get(path[-1]) != use.cache.source:
                continue       # the key does not decide the retention (an invalid value): OC401/OC402's finding
            chosen = use.credential
            who = f"{use.ref} ({chosen.mode}, {chosen.kind} {chosen.name})"
            if _not_sent_by_runtime(use):
                written = _value_at(model.value, path)
                what = (f"{who} runs on the {use.runtime} runtime, which passes no cache setting to "
                        f"{_cli_name(use)} (it applies its own caching), so {path[-1]} {_show(written)} is not applied")
                sent = False
            elif use.cache.setting is None:
                continue       # a model without prompt-cache support: OC406's finding
            elif not use.cache.honoured:
                what = (f"{who} requests carry {wire_text(use.cache.value, use.cache.transport)} "
                        f"({use.cache.unsent_why}), so {path[-1]} {_show(_value_at(model.value, path))} "
                        "is not applied")
                sent = False
            else:
                what = f"{who} requests carry {wire_text(use.cache.value, use.cache.transport)}"
                sent = True
            users = found.setdefault(path, {}).setdefault((what, sent), [])
            if agent.id not in users:
                users.append(agent.id)
    model.derived["cache.subscription"] = found
    return found


@rule("OC405", "cache-setting-subscription", WARNING,
      "A cache setting on a model reached with subscription credentials: what OpenClaw's page says, and what this release sends.")
def subscription(model):
    """What: `cacheRetention`/`cacheControlTtl` decides the retention of a model that an agent reaches
with a subscription credential (an Anthropic setup-token or OAuth login, `ANTHROPIC_OAUTH_TOKEN`, a
ChatGPT/Codex login, ...). A `token` profile of a provider without subscriptions (xai, deepseek) is
an API key and is not flagged.

Why: OpenClaw's Anthropic provider page says prompt caching is supported "for API-key auth", and
people configure from that page. What OpenClaw 2026.9.6 actually sends, recorded from real agent
turns against a fake Anthropic API (tests/data/wire/recorded/, checked by tests/test_wire.py):
  - on OpenClaw's own transport a subscription gets the same cache_control markers as an API key:
    unset or "short" -> 5-minute markers, "long" -> ttl "1h", "none" -> no markers
    (anthropic-token-unset/none/short/long/bogus, anthropic-oauth-env-long,
    anthropic-baseurl-token-long). The finding is then information (severity info): the setting
    works, the page says otherwise;
  - on the claude-cli runtime (a model entry with `agentRuntime: { id: "claude-cli" }`, or a
    `claude-cli/<model>` ref) OpenClaw passes no cache setting to Claude Code, whatever the setting
    (claude-cli-token-unset/none/long, claude-cli-legacy-ref-token-long); Claude Code applies its
    own caching. The setting does nothing there (severity warning);
  - with a ChatGPT/Codex login, OpenAI requests go to the ChatGPT route, which keeps the session's
    prompt_cache_key and omits the lifetime fields: "long" is not applied (openai-chatgpt-oauth-long,
    severity warning; "none" and "short" are).

Example:
    agents: { defaults: { model: "anthropic/claude-sonnet-4-6",
                          models: { "anthropic/claude-sonnet-4-6": { agentRuntime: { id: "claude-cli" },
                                                                     params: { cacheRetention: "long" } } } } }
    // with a setup-token profile: the claude-cli runtime never passes "long" on

Fix: where the setting is not applied, remove it (or run the model on OpenClaw's own transport, or
use an API key where the longer cache matters); elsewhere nothing needs to change. The finding says
which agents and models it concerns."""
    facts = prompt_cache_facts()
    page = facts["providerPages"]
    for path, ways in _subscription_findings(model).items():
        parts = [f"{_names(users)}: {what}" for (what, _sent), users in ways.items()]
        all_sent = all(sent for (_what, sent) in ways)
        providers = sorted({w.split("/", 1)[0] for (w, _s) in ways})
        says = "; ".join(page[p] for p in providers if p in page)
        notes, fix = _legacy_note(model, path)
        if all_sent:
            lead = (f"{says}, but OpenClaw {facts['openclaw']} also applies it with subscription credentials"
                    if says else f"OpenClaw {facts['openclaw']} applies this cache setting with subscription credentials")
            yield emit(model, subscription, f"{lead}: {'; '.join(parts)}", path, key=True, severity=INFO,
                       notes=notes, fix=fix)
        else:
            lead = "not applied" if not any(sent for (_what, sent) in ways) else "applied only in part"
            on_runtime = any("runtime, which passes no cache setting" in what for (what, _s) in ways)
            yield emit(model, subscription, f"cache setting {lead} with subscription credentials: "
                       f"{'; '.join(parts)}", path, key=True, notes=notes, fix=fix,
                       help="remove the setting, or run the model on OpenClaw's own transport" if on_runtime
                       else "remove the setting, or use an API key where the longer cache matters")


def _ignored_findings(model) -> dict:
    """Config path of a cache key -> (why, refs), for keys where every model the key reaches ignores
    it, and no OC405 finding already covers the key."""
    cached = model.derived.get("cache.ignored")
    if cached is not None:
        return cached
    reached: dict[tuple, list[tuple[str, str, bool, str]]] = {}
    for agent in model.agents.values():
        for use in agent.models.values():
            if not use.cache or not use.cache.explicit:
                continue
            for key in CACHE_KEYS:
                if key not in use.params:
                    continue
                layer = next((x for x in use.layers if x.name == use.param_sources.get(key)), None)
                if layer is None or layer.injected:
                    continue
                effective, why = _key_effect(key, use)
                reached.setdefault(layer.path + (key,), []).append((agent.id, use.ref, effective, why))
    covered = _subscription_findings(model)
    found = {}
    for path, uses in reached.items():
        if path in covered or any(effective for _, _, effective, _ in uses):
            continue
        found[path] = (uses[0][3], sorted({ref for _, ref, _, _ in uses}))
    model.derived["cache.ignored"] = found
    return found


@rule("OC406", "cache-setting-ignored", WARNING,
      "A cache setting applies only to models that ignore it.")
def ignored(model):
    """What: `cacheRetention`/`cacheControlTtl` is set where every model it reaches ignores it:
providers without prompt-caching support (e.g. Ollama, OpenAI-compatible third-party endpoints,
Gemini before 2.5), models on the claude-cli runtime (OpenClaw passes no cache setting to Claude
Code: recorded in tests/data/wire/recorded/claude-cli-apikey-long.json), or `cacheControlTtl` on a
model that only understands `cacheRetention` (OpenAI, non-Claude Bedrock models).

Why: OpenClaw drops the setting without a word, so the config suggests caching that never happens.

Example:
    agents: { defaults: { model: "ollama/llama3.3", params: { cacheRetention: "long" } } }
    // Ollama has no prompt-cache settings, so "long" does nothing

Fix: remove the setting, or (for `cacheControlTtl`) write `cacheRetention`."""
    for path, (why, refs) in _ignored_findings(model).items():
        notes, fix = _legacy_note(model, path)
        yield emit(model, ignored, f"{path[-1]} has no effect here: {why} ({', '.join(refs[:3])}"
                   f"{', ...' if len(refs) > 3 else ''})", path, key=True, notes=notes, fix=fix)


def _key_effect(key: str, use) -> tuple[bool, str]:
    cache = use.cache
    if _not_sent_by_runtime(use):
        return False, f"{use.ref} runs on the {use.runtime} runtime, which passes no cache setting to {_cli_name(use)}"
    if not cache.eligible:
        return False, f"{use.provider} has no prompt-caching support oclc knows of" if use.api is None else \
            f"{use.provider} ({use.api}) does not support prompt-cache settings for this model"
    if key == "cacheRetention":
        return True, ""  # an invalid value is OC401's finding
    # cacheControlTtl only counts when cacheRetention does not decide and the model honours the legacy key.
    if "cacheRetention" in use.params:
        return True, ""  # both keys set, or an invalid cacheRetention: OC403/OC401 say so
    mapped = LEGACY_TTL.get(use.params.get(key)) if isinstance(use.params.get(key), str) else None
    if mapped is None:
        return True, ""  # a value OpenClaw never understood: OC402 says so
    if mapped is not None and cache.setting == mapped and cache.source != "default":
        return True, ""
    return False, "cacheControlTtl is only read for Anthropic-family and Gemini models"


@rule("OC407", "cache-setting-not-read", WARNING,
      "`cacheRetention` under `models.providers`, where OpenClaw never reads it.")
def not_read(model):
    """What: a `cacheRetention`/`cacheControlTtl` inside `models.providers.<id>.params` or a provider
model row's `params`.

Why: those params go to provider plugins only; OpenClaw reads cache settings from the agent
params layers alone (spec 4.1, case 113), so this one does nothing.

Example:
    models: { providers: { anthropic: { params: { cacheRetention: "long" } } } }   // never read here

Fix: move it to `agents.defaults.models["<provider>/<model>"].params` (or `agents.defaults.params`)."""
    for path, params in provider_params_objects(model.value):
        for key in CACHE_KEYS:
            if key in params:
                yield emit(model, not_read, f"{key} is never read from {'.'.join(str(p) for p in path[:3])}; "
                           "set it in agents.defaults.models[<ref>].params instead", path + (key,), key=True)


@rule("OC408", "cache-key-misspelt", WARNING,
      "A params key that looks like a misspelt `cacheRetention` or `cacheControlTtl`.")
def misspelt(model):
    """What: a params key such as `cache_retention`, `cacheretention` or `cacheRetension`.

Why: params are open records, so OpenClaw accepts any key (case 124) and the runtime only knows the
exact spellings; the misspelt setting is ignored.

Example:
    agents: { defaults: { params: { cache_retention: "long" } } }   // ignored: not cacheRetention

Fix: rename the key (`oclc lint --fix` offers it)."""
    targets = {"cacheretention": "cacheRetention", "cachecontrolttl": "cacheControlTtl"}
    for path, params in params_objects(model.value):
        for key in params:
            if not isinstance(key, str) or key in CACHE_KEYS:
                continue
            folded = key.replace("_", "").replace("-", "").lower()
            wanted = targets.get(folded) or did_you_mean(folded, list(targets))
            wanted = targets.get(wanted, wanted) if wanted else None
            if wanted is None or wanted in params:
                continue
            edit = _key_edit(model.loaded, path + (key,), wanted)
            yield emit(model, misspelt, f"params key {key!r} is not read by OpenClaw; did you mean {wanted!r}?",
                       path + (key,), key=True,
                       fix=Fix(f"rename {key!r} to {wanted!r}", (edit,), safe=False) if edit else None)
