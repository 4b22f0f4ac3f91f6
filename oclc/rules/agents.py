"""OC5xx: agents and model refs, checked on the resolved model.

OpenClaw's validator does not look inside model refs (spec 5.1, 8.5, 8.6, 8.21) nor at the agent
ids of `authInheritance`/`sessionStore` (8.7): unknown providers, missing slashes and alias clashes
only show up at request time, as log lines or as a different model than intended.
"""
from __future__ import annotations

from ..diagnostics import WARNING, Related
from ..diagnostics.registry import rule
from ..resolve import LEGACY_PROVIDER_IDS, normalize_agent_id, provider_table
from .resolved import Findings, emit, hint


def _all_refs(model):
    """(agent, ref, role) for every ref of every agent's chain and models maps, once per written place."""
    for agent in model.agents.values():
        for ref in agent.chain:
            yield agent, ref, "chain"


@rule("OC501", "model-ref-bare", WARNING, "A model ref without a provider, and no alias of that name.")
def bare_ref(model):
    """What: a model ref with no `provider/` part that is not an alias and that no configured
provider lists as a model.

Why: OpenClaw then guesses the provider `openai` (with only a log line), which is rarely what was
meant for a non-OpenAI model.

Example:
    agents: { defaults: { model: "claude-sonnet-4-6" } }   // read as openai/claude-sonnet-4-6

Fix: write the full `provider/model` ref, or define an alias for it."""
    findings = Findings()
    for agent, ref, _ in _all_refs(model):
        if ref.status == "bare" and ref.path is not None and not _from_missing_env(ref):
            aliases = list(agent.aliases)
            findings.add(emit(model, bare_ref, f"model {ref.raw!r} has no provider and is not an alias; "
                              f"OpenClaw reads it as {ref.key!r}", ref.path,
                              help=hint(str(ref.raw).strip(), aliases) or "write it as \"provider/model\""))
    yield from findings


@rule("OC502", "model-ref-unknown-provider", WARNING, "A model ref names a provider OpenClaw does not know.")
def unknown_provider(model):
    """What: the provider part of a model ref (in a model chain or a `models` map key) is neither a
provider OpenClaw 2026.9.6 ships nor one defined under `models.providers`.

Why: the validator accepts it (case 056); at request time the model cannot be reached and
`openclaw models status` only calls it "indeterminate".

Example:
    agents: { defaults: { model: "antropic/claude-sonnet-4-6" } }

Fix: correct the provider id, or define the provider under `models.providers`."""
    value = model.value
    configured = [str(p).lower() for p in (value.get("models", {}).get("providers") or {})] \
        if isinstance(value.get("models"), dict) and isinstance(value["models"].get("providers"), dict) else []
    candidates = [*provider_table()["providers"], *configured]
    findings = Findings()

    def check(ref, key=False):
        if _from_missing_env(ref):
            return
        if ref.resolved and ref.provider in LEGACY_PROVIDER_IDS and ref.path is not None:
            findings.add(emit(model, unknown_provider, f"{ref.provider!r} in model ref {ref.raw!r} is a retired "
                              "provider id; OpenClaw now serves these models as openai", ref.path, key=key,
                              help="run `openclaw doctor --fix`, which rewrites it to openai/..."))
        elif ref.resolved and ref.provider not in candidates and ref.path is not None:
            findings.add(emit(model, unknown_provider, f"unknown provider {ref.provider!r} in model ref "
                              f"{ref.raw!r}", ref.path, key=key, help=hint(ref.provider, candidates)))

    for agent in model.agents.values():
        for ref in agent.chain:
            check(ref)
    from ..resolve import parse_ref

    defaults = value.get("agents", {}).get("defaults") if isinstance(value.get("agents"), dict) else None
    maps = []
    if isinstance(defaults, dict) and isinstance(defaults.get("models"), dict):
        maps.append((("agents", "defaults", "models"), defaults["models"]))
    for agent in model.agents.values():
        entry = _entry(model, agent)
        if agent.path is not None and isinstance(entry.get("models"), dict):
            maps.append((agent.path + ("models",), entry["models"]))
    for base, models_map in maps:
        for key in models_map:
            if isinstance(key, str) and "/" in key:
                check(parse_ref(key, base + (key,), {}, {}), key=True)
    yield from findings


def _from_missing_env(ref) -> bool:
    """A `${VAR}` left in place because the variable is unset: OC120 reports that, not a bad ref."""
    return isinstance(ref.raw, str) and "${" in ref.raw


def _entry(model, agent) -> dict:
    if agent.path is None:
        return {}
    node = model.value
    for part in agent.path:
        node = node.get(part) if isinstance(node, dict) else None
    return node if isinstance(node, dict) else {}


@rule("OC503", "model-ref-malformed", WARNING, "A model ref is empty or has an empty provider or model part.")
def malformed_ref(model):
    """What: a primary or fallback model that is an empty string, not a string, or a ref such as
"anthropic/" or "/claude".

Why: OpenClaw accepts it (case 116) and cannot resolve it: an unresolvable primary falls back to
the built-in default `openai/gpt-6-astra`, and such a fallback is skipped.

Example:
    agents: { defaults: { model: { primary: "anthropic/" } } }   // OpenClaw uses openai/gpt-6-astra

Fix: write a full `provider/model` ref, or remove the entry."""
    findings = Findings()
    for agent in model.agents.values():
        for ref in agent.chain:
            if ref.path is None or ref.status not in ("empty", "malformed", "not-string") or _from_missing_env(ref):
                continue
            role = "primary model" if ref is agent.primary else "fallback"
            what = {"empty": "is empty", "malformed": f"{ref.raw!r} is not a provider/model ref",
                    "not-string": "is not a string"}[ref.status]
            then = f"OpenClaw uses {ref.key!r} instead" if ref is agent.primary and ref.resolved else "it is skipped"
            findings.add(emit(model, malformed_ref, f"the {role} {what}; {then}", ref.path))
    yield from findings


@rule("OC504", "model-alias-duplicate", WARNING, "Two models in one `models` map claim the same alias.")
def duplicate_alias(model):
    """What: two entries of one `models` map (`agents.defaults.models` or an agent's) have the same
`alias` (compared case-insensitively).

Why: OpenClaw keeps the last one without a word (case 057, e13), so the alias silently means a
different model than the first entry says.

Example:
    models: {
      "anthropic/claude-sonnet-4-6": { alias: "fast" },
      "anthropic/claude-haiku-4-5": { alias: "Fast" },   // wins: "fast" now means Haiku
    }

Fix: give each model its own alias."""
    by_scope: dict[tuple, dict[str, list]] = {}
    for alias, ref, path in model.alias_claims:
        scope = tuple(path[:-2])
        by_scope.setdefault(scope, {}).setdefault(alias.lower(), []).append((alias, ref, path))
    findings = Findings()
    for claims in by_scope.values():
        for items in claims.values():
            if len(items) < 2:
                continue
            winner = items[-1]
            file, span, _ = model.loaded.locate(winner[2])
            wins = (Related(file, span, f"the claim that wins: {winner[0]!r} for {winner[1]!r}"),)
            for alias, ref, path in items[:-1]:
                findings.add(emit(model, duplicate_alias, f"alias {alias!r} is claimed again by {winner[1]!r}, "
                                  f"which wins; here it has no effect for {ref!r}", path, related=wins))
    yield from findings


@rule("OC505", "fallback-duplicate", WARNING, "A fallback repeats the primary model or an earlier fallback.")
def duplicate_fallback(model):
    """What: an entry of `model.fallbacks` resolves to the primary model, or to a model already
listed earlier (aliases are resolved first).

Why: a failed model is retried as its own fallback, which only adds latency before the real
fallback is reached.

Example:
    model: { primary: "anthropic/claude-sonnet-4-6", fallbacks: ["sonnet", "anthropic/claude-haiku-4-5"] }
    // "sonnet" is an alias of anthropic/claude-sonnet-4-6, the primary model

Fix: remove the repeated entry."""
    findings = Findings()
    for agent in model.agents.values():
        seen = {agent.primary.key: "the primary model"} if agent.primary and agent.primary.resolved else {}
        for ref in agent.fallbacks:
            if not ref.resolved or ref.path is None:
                continue
            if ref.key in seen:
                # Name the resolved model only when it differs from what is written (an alias).
                resolved = f" ({ref.key})" if str(ref.raw).strip() != ref.key else ""
                findings.add(emit(model, duplicate_fallback, f"fallback {ref.raw!r}{resolved} is the same as "
                                  f"{seen[ref.key]}", ref.path, help="remove the repeated entry"))
            else:
                seen[ref.key] = f"fallback {ref.raw!r}"
    yield from findings


@rule("OC506", "agent-reference-unknown", WARNING,
      "`authInheritance` or `sessionStore` names an agent that is not configured.")
def unknown_agent_reference(model):
    """What: `agents.defaults.authInheritance.agentId` or `agents.defaults.sessionStore.agentId`
names no agent in `agents.entries` (after lower-casing, as OpenClaw normalises ids).

Why: unlike `systemAgent`, `heartbeat` and bindings, these two are not checked by OpenClaw (case
048). A wrong `authInheritance` owner means agents inherit credentials from a store nobody fills.

Example:
    agents: { defaults: { authInheritance: { agentId: "wrok" } }, entries: { main: {}, work: {} } }

Fix: name a configured agent, or remove the setting."""
    defaults = model.value.get("agents", {}).get("defaults") if isinstance(model.value.get("agents"), dict) else None
    if not isinstance(defaults, dict):
        return
    ids = list(model.agents)
    for key in ("authInheritance", "sessionStore"):
        value = defaults.get(key, {}).get("agentId") if isinstance(defaults.get(key), dict) else None
        if isinstance(value, str) and value.strip() and normalize_agent_id(value) not in ids:
            yield emit(model, unknown_agent_reference, f"agents.defaults.{key}.agentId names {value!r}, which is "
                       "not a configured agent", ("agents", "defaults", key, "agentId"),
                       help=hint(normalize_agent_id(value), ids))


@rule("OC507", "agent-id-not-normalized", WARNING,
      "An `agents.entries` key that OpenClaw reads as a different (lower-case) agent id.")
def agent_key_case(model):
    """What: an agent key such as `Main` that is not already its own normalised id.

Why: OpenClaw accepts it but uses the lower-cased id (`main`) everywhere: directories, bindings,
`--agent`. Settings written for the key as spelt elsewhere may then not meet the agent, and the
published JSON schema rejects upper-case keys (case 098).

Example:
    agents: { entries: { Main: {} } }   // the agent's id is main

Fix: write the key in lower case."""
    for agent in model.agents.values():
        if agent.key is not None and agent.key != agent.id:
            yield emit(model, agent_key_case, f"agent key {agent.key!r} is used as agent id {agent.id!r}",
                       agent.path, key=True, help=f"rename the key to {agent.id!r}")
