"""OC21x-OC29x: the checks OpenClaw 2026.9.6 makes beyond its JSON schema.

Its Zod schema carries cross-field refinements, its validator runs post-schema semantic checks,
plugin-aware checks (channel ids, channel schemas, heartbeat targets) and, in `config validate`,
a few strict checks (secret provider sources, exec command files). Each is a check rule here,
run over the migrated document (`model.loaded.value`), reported where the value was written.

OpenClaw stages these (an object's refinements run only when its children are clean; the
post-schema groups stop at the first that finds something); oclc reports everything at once.

Facts about the OpenClaw package (bundled channels and their schemas, plugin ids, web-search
providers, retired models) come from oclc/releases/2026.9.6/plugins.json, which
scripts/extract_openclaw_plugins.py regenerates from an installed OpenClaw.

Not reproduced (rare in real configs; each is a refusal oclc does not predict yet): Docker/Podman
sandbox env names and values and sandbox bind mounts, `gateway.portals.ingress` conflicts,
`gateway.remote.edgeAuth` header names, `secrets.egressProxy` host syntax, `plugins.slots.memory`
naming a missing plugin, the config schemas of bundled plugins (`plugins.entries.<id>.config`),
and channel settings of plugins loaded from `plugins.load.paths`.
"""
from __future__ import annotations

import functools
import json
import math
import os
import re
import stat
from typing import Any, Iterator

from ...diagnostics import ERROR, WARNING, Diagnostic, Path, type_word
from ...diagnostics.registry import rule

# --- facts shared by several checks ---------------------------------------------------------------

_AGENT_ID_VALID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$", re.I)
_AGENT_ID_INVALID_CHARS = re.compile(r"[^a-z0-9_-]+")

# Provider ids that may appear in models.providers without baseUrl/models (spec §5.3).
BUILT_IN_PROVIDER_OVERLAY_IDS = frozenset("""
amazon-bedrock amazon-bedrock-mantle anthropic anthropic-vertex arcee azure-openai-responses byteplus
byteplus-plan cerebras chutes claude-cli clawrouter cloudflare-ai-gateway codex comfy copilot-proxy
dashscope deepinfra deepseek fal fireworks github-copilot gmi gmi-cloud gmicloud google
google-antigravity google-gemini-cli google-vertex groq huggingface kilocode kimi kimi-coding litellm
lmstudio meta microsoft-foundry minimax minimax-portal mistral modelstudio moonshot moonshot-ai
moonshotai nvidia novita novita-ai novitaai ollama ollama-cloud openai opencode opencode-go openrouter
qianfan qwen qwen-token-plan qwencloud sglang stepfun stepfun-plan synthetic tencent-tokenhub
tencent-tokenplan together venice vercel-ai-gateway vllm volcengine volcengine-plan vydra x-ai xai
xiaomi xiaomi-token-plan z.ai z-ai zai
""".split())

# Keys under tools.web.search that held per-provider settings before they moved to plugins.
LEGACY_WEB_SEARCH_PROVIDER_KEYS = frozenset(
    "brave duckduckgo exa firecrawl gemini grok kimi minimax ollama perplexity searxng tavily".split()
)

# SecretRef objects are refused here: the values are rewritten or managed at runtime.
CORE_SECRETREF_FORBIDDEN_SURFACES = ("hooks.token", "hooks.gmail.pushToken", "hooks.mappings[].sessionKey")

_SECRET_SOURCES = ("env", "file", "exec", "store")
_MODEL_POLICY_COMPAT_SELECTORS = frozenset({"openrouter:auto", "openrouter:free"})


def normalize_agent_id(value: Any) -> str:
    """OpenClaw's canonical agent id: lower-case, invalid runs become '-', empty becomes main."""
    trimmed = value.strip() if isinstance(value, str) else ""
    lowered = trimmed.lower()
    if _AGENT_ID_VALID.match(trimmed):
        return lowered
    cleaned = _AGENT_ID_INVALID_CHARS.sub("-", lowered).strip("-")[:64]
    return cleaned or "main"


def _get(value: Any, *path: Any) -> Any:
    for key in path:
        if isinstance(value, dict):
            value = value.get(key)
        else:
            return None
    return value


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _entries(config: Any) -> dict[str, Any]:
    """agents.entries of the migrated document, entries that are objects only (as OpenClaw lists them)."""
    entries = _get(config, "agents", "entries")
    if not isinstance(entries, dict):
        return {}
    return {key: entry for key, entry in entries.items() if isinstance(entry, dict)}


def _agent_blocks(config: Any, name: str) -> Iterator[tuple[Path, dict]]:
    """The object `name` (heartbeat, sandbox, ...) of agents.defaults and of every entry, with its path."""
    defaults = _get(config, "agents", "defaults", name)
    if isinstance(defaults, dict):
        yield ("agents", "defaults", name), defaults
    for key, entry in _entries(config).items():
        if isinstance(entry.get(name), dict):
            yield ("agents", "entries", key, name), entry[name]


def _has_roster(config: Any) -> bool:
    agents = _get(config, "agents")
    return isinstance(agents, dict) and ("entries" in agents and agents["entries"] is not None)


def _agent_ids(config: Any) -> list[str]:
    entries = _entries(config)
    if not entries and not _has_roster(config):
        return ["main"]
    # A dict keeps the ids unique in order without a list scan per agent (fleets have thousands).
    return list(dict.fromkeys(normalize_agent_id(key) for key in entries))


@functools.lru_cache(maxsize=1)
def plugin_data() -> dict:
    """What OpenClaw's plugin-aware validation knows: bundled channels (ids, aliases, schemas,
    runtime-managed secret fields), bundled plugins (ids, channels, web-search providers, retired
    models) and the web-search providers of official external plugins. Generated by
    scripts/extract_openclaw_plugins.py from the OpenClaw package."""
    from ...releases import load_json

    return load_json("plugins.json")


@functools.lru_cache(maxsize=1)
def bundled_channels() -> dict[str, dict]:
    return {entry["id"].strip().lower(): entry for entry in plugin_data()["channels"] if entry["configurable"]}


@functools.lru_cache(maxsize=1)
def plugin_channel_ids() -> frozenset[str]:
    return frozenset(c.strip().lower() for plugin in plugin_data()["plugins"] for c in plugin["channels"] if c.strip())


@functools.lru_cache(maxsize=1)
def known_plugin_ids() -> frozenset[str]:
    return frozenset(plugin["id"].strip().lower() for plugin in plugin_data()["plugins"])


@functools.lru_cache(maxsize=1)
def _channel_aliases() -> dict[str, str]:
    return {alias.strip().lower(): cid for cid, entry in bundled_channels().items() for alias in entry["aliases"]}


def normalize_bundled_channel_id(raw: str) -> str | None:
    lowered = raw.strip().lower()
    if not lowered:
        return None
    resolved = _channel_aliases().get(lowered, lowered)
    return resolved if resolved in bundled_channels() else None


def _home(model) -> str:
    env = model.options.env or model.loaded.env or {}
    return env.get("OPENCLAW_HOME") or env.get("HOME") or os.path.expanduser("~")


def _expand_user(path: str, model) -> str:
    path = path.strip()
    if path == "~" or path.startswith("~/") or path.startswith("~" + os.sep):
        path = _home(model) + path[1:]
    return os.path.abspath(path)


def _state_dir(model) -> str:
    if model.options.state_dir:
        return os.path.abspath(model.options.state_dir)
    env = model.options.env or model.loaded.env or {}
    override = (env.get("OPENCLAW_STATE_DIR") or "").strip()
    if override:
        return _expand_user(override, model)
    return os.path.join(_home(model), ".openclaw")


def _emit(model, item, message: str, path: Path, **extra) -> Diagnostic:
    return model.loaded.emit(item, message, tuple(path), **extra)


# --- agents roster (the schema's refinements of `agents`) ------------------------------------------

@rule("OC210", "agents-roster-empty", ERROR, "`agents` is present but configures no agent.")
def check_roster_empty(model) -> Iterator[Diagnostic]:
    """What: `agents.entries` is missing or empty although `agents` is written.

Why: OpenClaw only adds the implicit `main` agent when the roster is absent and ownership is not
explicit. With `agents.ownership: "explicit"` (or an empty `entries` next to it) nothing is added,
and a config without any agent is refused.

Example:
    agents: { ownership: "explicit", entries: {} }

Fix: add at least one agent under `agents.entries`, or remove `agents.ownership`."""
    agents = _get(model.value, "agents")
    if not isinstance(agents, dict):
        return
    entries = agents.get("entries")
    if entries is None or (isinstance(entries, dict) and not entries):
        yield _emit(model, check_roster_empty, "no agent is configured: `agents.entries` is empty, and OpenClaw "
                    "adds the implicit `main` agent only when agents are not owned explicitly",
                    ("agents", "entries"), help="add an agent, e.g. `entries: { main: {} }`")


@rule("OC211", "agent-id-collision", ERROR, "Two `agents.entries` keys name the same agent id.")
def check_agent_id_collision(model) -> Iterator[Diagnostic]:
    """What: two keys of `agents.entries` normalise to one agent id (ids are compared trimmed and
lower-cased, with characters outside [a-z0-9_-] turned into dashes).

Why: the agent id names the agent's state directory and sessions; OpenClaw refuses a roster
where two entries would share one.

Example:
    entries: { Work: {}, work: {} }

Fix: rename one of the keys."""
    entries = _get(model.value, "agents", "entries")
    if not isinstance(entries, dict):
        return
    first_key: dict[str, str] = {}
    for key in entries:
        agent_id = normalize_agent_id(key)
        if agent_id not in first_key:
            first_key[agent_id] = key
            continue
        yield _emit(model, check_agent_id_collision,
                    f"agent key {json.dumps(key)} is the same agent id {json.dumps(agent_id)} as key "
                    f"{json.dumps(first_key[agent_id])}", ("agents", "entries", key), key=True,
                    help="give each agent a key that differs after lower-casing")


def _default_markers(config: Any) -> list[str]:
    return [key for key, entry in _entries(config).items() if entry.get("default") is True]


@rule("OC212", "multiple-default-agents", ERROR, "More than one agent has `default: true`.")
def check_multiple_defaults(model) -> Iterator[Diagnostic]:
    """What: several entries of `agents.entries` carry the retired `default: true` marker.

Why: OpenClaw migrates one marker into explicit per-surface owners; with several it cannot tell
which agent owns heartbeats, the system agent and Talk, and refuses the config.

Example:
    entries: { a: { default: true }, b: { default: true } }

Fix: keep at most one marker, or better remove them all and set `agents.ownership: "explicit"`
with `agents.defaults.systemAgent.agentId`."""
    marked = _default_markers(model.value)
    if len(marked) > 1:
        yield _emit(model, check_multiple_defaults,
                    f"{len(marked)} agents are marked `default: true` ({', '.join(marked)}); at most one may be",
                    ("agents", "entries"))


@rule("OC213", "explicit-ownership-with-default", ERROR,
      "`agents.ownership: \"explicit\"` is combined with a `default: true` marker.")
def check_explicit_with_marker(model) -> Iterator[Diagnostic]:
    """What: the roster says ownership is explicit and still marks an agent `default: true`.

Why: the marker is the legacy way of naming the owner; explicit ownership replaces it, and
OpenClaw refuses the two together.

Example:
    agents: { ownership: "explicit", entries: { main: { default: true } } }

Fix: remove the `default` marker (name owners with `agents.defaults.systemAgent.agentId` etc.)."""
    agents = _get(model.value, "agents")
    if isinstance(agents, dict) and agents.get("ownership") == "explicit" and _default_markers(model.value):
        yield _emit(model, check_explicit_with_marker,
                    "explicit agent ownership cannot be combined with a legacy `default: true` marker",
                    ("agents", "ownership"))


@rule("OC214", "roster-ownership-missing", ERROR,
      "Several agents, but neither explicit ownership nor one default marker.")
def check_roster_ownership(model) -> Iterator[Diagnostic]:
    """What: `agents.entries` has two or more agents, no `default: true` marker and no
`agents.ownership: "explicit"`.

Why: OpenClaw 2026.9 needs to know who owns ambient work (channels without bindings, heartbeats,
system-agent consults, Talk, cron). A multi-agent roster must either declare explicit ownership
or keep exactly one legacy marker (which is then migrated). A legacy `agents.list` of several
agents without a marker lands here too.

Example:
    agents: { entries: { home: {}, work: {} } }

Fix: add `ownership: "explicit"` to `agents` (and name the owners, e.g.
`agents.defaults.systemAgent.agentId`), or run `openclaw doctor --fix`."""
    agents = _get(model.value, "agents")
    if not isinstance(agents, dict) or not isinstance(agents.get("entries"), dict):
        return
    if agents.get("ownership") == "explicit" or len(agents["entries"]) < 2:
        return
    if _default_markers(model.value) or model.loaded.migrated_legacy_default:
        return
    yield _emit(model, check_roster_ownership,
                f"{len(agents['entries'])} agents are configured but nothing says who owns ambient work: "
                "set `agents.ownership` to \"explicit\" or mark one agent `default: true`",
                ("agents", "ownership"), help="add `ownership: \"explicit\"` under `agents`, or run `openclaw doctor --fix`")


# --- agent id references (the schema's root refinement) ---------------------------------------------

@rule("OC215", "unknown-agent-reference", ERROR, "An agent id reference names no configured agent.")
def check_agent_references(model) -> Iterator[Diagnostic]:
    """What: `agents.defaults.heartbeat.agentId`, `agents.defaults.systemAgent.agentId`,
`talk.agentId`, `bindings[].agentId` or a `broadcast` agent list names an agent that is not in
`agents.entries`.

Why: OpenClaw cross-checks these owners and refuses the config. (`bindings[].agentId: "main"` is
always accepted; `authInheritance.agentId` and `sessionStore.agentId` are not checked by OpenClaw
- oclc's agents rules look at those.)

Example:
    bindings: [ { agentId: "ghost", match: { channel: "telegram" } } ]

Fix: use one of the configured agent ids, or add the agent."""
    config = model.value
    entries = _entries(config)
    raw_ids = set(entries)
    effective = {normalize_agent_id(key) for key in entries}
    if not entries:
        effective.add("main")
    listed = sorted(effective)
    known = ", ".join(listed[:8]) + (f" and {len(listed) - 8} more" if len(listed) > 8 else "") or "none"

    def unknown(agent_id: str, path: Path) -> Diagnostic:
        suggestion = _closest(normalize_agent_id(agent_id), listed) if len(listed) < 1000 else None
        return _emit(model, check_agent_references,
                     f"agent {json.dumps(agent_id)} is not configured in `agents.entries` (configured: {known})", path,
                     help=f"did you mean {json.dumps(suggestion)}?" if suggestion else None)

    for path in (("agents", "defaults", "heartbeat", "agentId"), ("agents", "defaults", "systemAgent", "agentId"),
                 ("talk", "agentId")):
        value = _get(config, *path)
        if isinstance(value, str) and normalize_agent_id(value) not in effective:
            yield unknown(value, path)
    bindings = _get(config, "bindings")
    if entries and isinstance(bindings, list):
        for index, binding in enumerate(bindings):
            agent_id = _get(binding, "agentId")
            if isinstance(agent_id, str) and agent_id != "main" and normalize_agent_id(agent_id) not in effective:
                yield unknown(agent_id, ("bindings", index, "agentId"))
    broadcast = _get(config, "broadcast")
    if not isinstance(broadcast, dict):
        return
    for peer, entry in broadcast.items():
        if peer == "strategy" or not isinstance(entry, (dict, list)):
            continue
        if not entries and not re.match(r"^[a-z][a-z0-9_-]*:.+$", peer, re.I):
            continue
        if isinstance(entry, list):
            ids, base, compare = entry, ("broadcast", peer), (lambda a: a)
        else:
            ids, base = entry.get("agents"), ("broadcast", peer, "agents")
            compare = normalize_agent_id  # group lists are normalised by the schema before the check
            if not isinstance(ids, list):
                continue
        for index, agent_id in enumerate(ids):
            if isinstance(agent_id, str) and compare(agent_id) not in raw_ids:
                yield unknown(agent_id, (*base, index))


# --- post-schema semantic checks ----------------------------------------------------------------------

def _effective_agent_dir(model, entry: dict | None, agent_id: str) -> str:
    """`entry` is the first configured entry whose key normalises to `agent_id` (None: none is)."""
    configured = entry.get("agentDir") if isinstance(entry, dict) else None
    if isinstance(configured, str) and configured.strip():
        return _expand_user(configured, model)
    return os.path.join(_state_dir(model), "agents", agent_id, "agent")


@rule("OC216", "duplicate-agent-dir", ERROR, "Two agents resolve to the same agentDir.")
def check_duplicate_agent_dir(model) -> Iterator[Diagnostic]:
    """What: two agents (configured, or named by a binding) end up with one effective `agentDir`.
The default is `$OPENCLAW_STATE_DIR/agents/<id>/agent` (state dir `~/.openclaw`); an `agentDir`
override is tilde-expanded and compared after resolving symlinks.

Why: each agent keeps its credential store and sessions in its agentDir; sharing one makes the
agents overwrite each other's tokens. OpenClaw refuses the config. Sharing a directory is not how
credentials are shared: a new agent with an empty store inherits the main agent's profiles.

Example:
    entries: { a: { agentDir: "~/agents/shared" }, b: { agentDir: "~/agents/shared" } }

Fix: remove the shared `agentDir` overrides or give each agent its own directory."""
    config = model.value
    entries = _entries(config)
    # Agent id -> its first configured entry, in order (a dict keeps the ids unique and ordered;
    # fleets have thousands of agents, so no per-id scan of the entries).
    first_entry: dict[str, dict | None] = {}
    for key, entry in entries.items():
        first_entry.setdefault(normalize_agent_id(key), entry)
    bindings = _get(config, "bindings")
    for binding in bindings if isinstance(bindings, list) else ():
        agent_id = _get(binding, "agentId")
        if isinstance(agent_id, str) and agent_id.strip():
            first_entry.setdefault(normalize_agent_id(agent_id), None)
    if len(first_entry) < 2:
        return
    by_dir: dict[str, tuple[str, list[str]]] = {}
    for agent_id, entry in first_entry.items():
        directory = _effective_agent_dir(model, entry, agent_id)
        canonical = _realpath(directory)
        by_dir.setdefault(canonical, (directory, []))[1].append(agent_id)
    for directory, agent_ids in by_dir.values():
        if len(agent_ids) > 1:
            names = ", ".join(json.dumps(a) for a in agent_ids)
            yield _emit(model, check_duplicate_agent_dir,
                        f"agents {names} share the agentDir {directory}; each agent needs its own",
                        ("agents", "entries"),
                        notes=("credentials are not shared through a common agentDir: an agent with an empty "
                               "store inherits the main agent's profiles",),
                        help="remove the shared `agentDir` overrides, or give each agent its own directory")


@rule("OC217", "tailscale-exposure-unsafe", ERROR,
      "Tailscale serve/funnel with a non-loopback bind or without gateway auth.")
def check_tailscale(model) -> Iterator[Diagnostic]:
    """What: `gateway.tailscale.mode` is "serve" or "funnel" while `gateway.bind` is not loopback
(only "loopback", or "custom" with `customBindHost` a 127.x address, are accepted), or while
`gateway.auth.mode` is "none".

Why: Tailscale publishes the gateway; it must listen on loopback only (Tailscale forwards to it),
and an unauthenticated gateway must never be published. OpenClaw refuses both.

Example:
    gateway: { tailscale: { mode: "funnel" }, auth: { mode: "none" } }

Fix: use `bind: "loopback"` and a real auth mode (token, password or trusted-proxy; funnel wants
a password)."""
    gateway = _dict(_get(model.value, "gateway"))
    mode = _get(gateway, "tailscale", "mode") or "off"
    if mode not in ("serve", "funnel"):
        return
    bind = gateway.get("bind", "loopback")
    host = gateway.get("customBindHost")
    loopback_custom = (bind == "custom" and isinstance(host, str)
                       and re.fullmatch(r"127\.(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){2}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)", host))
    if bind != "loopback" and not loopback_custom:
        yield _emit(model, check_tailscale,
                    f"with `gateway.tailscale.mode` {json.dumps(mode)} the gateway must bind to loopback, "
                    f"not {json.dumps(bind)}", ("gateway", "bind"),
                    help='use `bind: "loopback"` (or "custom" with `customBindHost: "127.0.0.1"`)')
    if _get(gateway, "auth", "mode") == "none":
        wanted = "password" if mode == "funnel" else "token, password or trusted-proxy"
        yield _emit(model, check_tailscale,
                    f"`gateway.auth.mode` \"none\" would publish an unauthenticated gateway through Tailscale "
                    f"{mode}", ("gateway", "auth", "mode"), help=f"set `gateway.auth.mode` to {wanted}")


def _has_valid_segments(segments: list[str], minimum: int) -> bool:
    return len(segments) >= minimum and all(
        s and "*" not in s and not re.search(r"\s", s) and not any(ord(c) <= 31 or ord(c) == 127 for c in s)
        for s in segments)


def is_valid_model_policy_ref(raw: str, aliases: set[str]) -> bool:
    trimmed = raw.strip()
    lowered = trimmed.lower()
    if lowered in aliases or lowered in _MODEL_POLICY_COMPAT_SELECTORS:
        return True
    slash = trimmed.find("/")
    if 0 < slash < len(trimmed) - 1:
        provider, model_id = trimmed[:slash].strip(), trimmed[slash + 1:].strip()
        if provider and model_id and _has_valid_segments([provider.lower(), *model_id.split("/")], 2):
            return True
    segments = [s.strip() for s in trimmed.split("/")]
    return segments[-1] == "*" and _has_valid_segments(segments[:-1], 1) and bool(segments[0].lower())


def _aliases(*model_maps: Any) -> set[str]:
    found = set()
    for models in model_maps:
        for entry in _dict(models).values():
            alias = _get(entry, "alias")
            if isinstance(alias, str) and alias.strip():
                found.add(alias.strip().lower())
    return found


@rule("OC218", "invalid-model-policy-ref", ERROR, "A `modelPolicy.allow` entry is not a usable model reference.")
def check_model_policy(model) -> Iterator[Diagnostic]:
    """What: an entry of `agents.defaults.modelPolicy.allow` or `agents.entries.<id>.modelPolicy.allow`
is neither a configured alias, an exact `provider/model` ref, nor a `provider/*` (or
`provider/namespace/*`) wildcard.

Why: OpenClaw refuses the config; a malformed entry would otherwise silently allow nothing.

Example:
    modelPolicy: { allow: ["anthropic"] }    // a provider alone is not a ref

Fix: write `anthropic/*` to allow a whole provider, or the exact `provider/model`."""
    config = model.value
    default_aliases = _aliases(_get(config, "agents", "defaults", "models"))
    targets = [(("agents", "defaults", "modelPolicy", "allow"), None)]
    targets += [(("agents", "entries", key, "modelPolicy", "allow"), entry) for key, entry in _entries(config).items()]
    for path, entry in targets:
        refs = _get(config, *path)
        if not isinstance(refs, list):
            continue
        aliases = default_aliases | _aliases(entry.get("models")) if entry is not None else default_aliases
        for index, raw in enumerate(refs):
            if isinstance(raw, str) and not is_valid_model_policy_ref(raw, aliases):
                yield _emit(model, check_model_policy,
                            f"{json.dumps(raw)} is not a model policy ref: use a configured alias, an exact "
                            "\"provider/model\", or a prefix wildcard such as \"provider/*\"", (*path, index))


@rule("OC219", "custom-provider-incomplete", ERROR, "A custom model provider lacks `baseUrl` or `models`.")
def check_custom_providers(model) -> Iterator[Diagnostic]:
    """What: an entry of `models.providers` whose id is not one of OpenClaw's built-in provider ids
has no (non-empty) `baseUrl`, or no `models` array.

Why: only built-in providers can be overlays that tweak settings of a known endpoint; a custom
provider must say where it lives and which models it serves. OpenClaw refuses the config.

Example:
    models: { providers: { mycorp: { api: "openai-completions" } } }

Fix: add `baseUrl` and `models: [{ id, name }]`, or use a built-in provider id."""
    providers = _get(model.value, "models", "providers")
    if not isinstance(providers, dict):
        return
    for provider_id, provider in providers.items():
        if not isinstance(provider, dict) or provider_id.strip().lower() in BUILT_IN_PROVIDER_OVERLAY_IDS:
            continue
        if not provider.get("baseUrl"):
            yield _emit(model, check_custom_providers,
                        f"custom provider {json.dumps(provider_id)} must declare `baseUrl` (only built-in providers "
                        "can be configured without one)", ("models", "providers", provider_id, "baseUrl"))
        if not isinstance(provider.get("models"), list):
            yield _emit(model, check_custom_providers,
                        f"custom provider {json.dumps(provider_id)} must declare a `models` list (only built-in "
                        "providers can be configured without one)", ("models", "providers", provider_id, "models"))


# --- secrets -----------------------------------------------------------------------------------------

def secret_ref(value: Any, defaults: Any = None) -> dict | None:
    """The SecretRef a value stands for, as OpenClaw coerces it: a {source, provider, id} object,
    a provider-less object (default alias), or an exact `${NAME}` / `$NAME` string."""
    if isinstance(value, dict):
        source, provider, ref_id = value.get("source"), value.get("provider"), value.get("id")
        if (len(value) == 3 and source in _SECRET_SOURCES and isinstance(provider, str) and provider.strip()
                and isinstance(ref_id, str) and ref_id.strip()):
            return value
        if source in _SECRET_SOURCES and isinstance(ref_id, str) and ref_id.strip() and "provider" not in value:
            alias = _get(defaults, source)
            return {"source": source, "provider": alias if isinstance(alias, str) and alias else "default", "id": ref_id}
        return None
    if isinstance(value, str):
        match = re.fullmatch(r"\$\{([A-Z][A-Z0-9_]{0,127})\}|\$([A-Z][A-Z0-9_]{0,127})", value.strip())
        if match:
            alias = _get(defaults, "env")
            alias = alias.strip() if isinstance(alias, str) and alias.strip() else "default"
            return {"source": "env", "provider": alias, "id": match.group(1) or match.group(2)}
    return None


def _pattern_candidates(value: Any, pattern: str) -> Iterator[tuple[Path, Any]]:
    def walk(current: Any, tokens: list[str], path: Path) -> Iterator[tuple[Path, Any]]:
        if not tokens:
            yield path, current
            return
        token, rest = tokens[0], tokens[1:]
        if token == "*":
            if isinstance(current, list):
                for index, item in enumerate(current):
                    yield from walk(item, rest, (*path, index))
            elif isinstance(current, dict):
                for key, item in current.items():
                    yield from walk(item, rest, (*path, key))
            return
        if not isinstance(current, dict):
            return
        if token.endswith("[]"):
            items = current.get(token[:-2])
            if isinstance(items, list):
                for index, item in enumerate(items):
                    yield from walk(item, rest, (*path, token[:-2], index))
            return
        if token in current:
            yield from walk(current[token], rest, (*path, token))

    yield from walk(value, [t for t in pattern.split(".") if t], ())


@rule("OC220", "secretref-unsupported-surface", ERROR, "A SecretRef object where only a plain string is allowed.")
def check_secretref_surfaces(model) -> Iterator[Diagnostic]:
    """What: a SecretRef object (`{source, provider, id}`) at `hooks.token`, `hooks.gmail.pushToken`,
`hooks.mappings[].sessionKey` or a channel field that its channel declares runtime-managed (e.g.
Discord thread-binding webhook tokens, WhatsApp `creds.json`).

Why: these values are written or rotated by OpenClaw at runtime, so they cannot come from a
secret provider. OpenClaw refuses the config.

Example:
    hooks: { token: { source: "env", provider: "default", id: "HOOK_TOKEN" } }

Fix: use a plain string; an env template such as "${HOOK_TOKEN}" is fine."""
    patterns = list(CORE_SECRETREF_FORBIDDEN_SURFACES)
    if isinstance(_get(model.value, "channels"), dict):  # the channel data is only needed then
        for channel in plugin_data()["channels"]:
            patterns.extend(p for p in channel["unsupportedSecretRefSurfacePatterns"] if p not in patterns)
    for pattern in patterns:
        for path, value in _pattern_candidates(model.value, pattern):
            if isinstance(value, dict) and secret_ref(value) is not None:
                dotted = ".".join(str(p) for p in path)
                yield _emit(model, check_secretref_surfaces,
                            f"`{dotted}` is managed by OpenClaw at runtime and cannot be a SecretRef object",
                            path, help='use a plain string (an env template like "${MY_TOKEN}" is allowed)')


def _secret_ref_objects(value: Any, path: Path = ()) -> Iterator[tuple[Path, dict]]:
    """Every SecretRef-shaped object outside `secrets` itself. (String shorthands are always env
    refs to the default env alias, which OpenClaw never reports as a source mismatch.)"""
    if isinstance(value, dict):
        if secret_ref(value) is not None:
            yield path, value
            return
        for key, item in value.items():
            if path == () and key == "secrets":
                continue
            yield from _secret_ref_objects(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _secret_ref_objects(item, (*path, index))


@rule("OC221", "secret-provider-source-mismatch", ERROR,
      "A SecretRef asks a declared secret provider for a different source.")
def check_secret_source(model) -> Iterator[Diagnostic]:
    """What: a SecretRef's `source` differs from the `source` of the provider alias it names in
`secrets.providers` (for example a `file` ref to an `env` provider).

Why: the ref can never resolve; `openclaw config validate` refuses it. (Refs to aliases that are
not declared at all are not refused by OpenClaw; oclc's secrets rules report those.)

Example:
    secrets: { providers: { vault: { source: "env" } } },
    models: { providers: { openai: { apiKey: { source: "file", provider: "vault", id: "/openai" } } } }

Fix: make the ref's `source` match the provider, or point it at a provider of that source."""
    config = model.value
    providers = _get(config, "secrets", "providers")
    if not isinstance(providers, dict) or not providers:
        return
    defaults = _get(config, "secrets", "defaults")
    for path, value in _secret_ref_objects(config):
        ref = secret_ref(value, defaults)
        configured = _get(providers, ref["provider"], "source")
        if not isinstance(configured, str) or not configured or configured == ref["source"]:
            continue
        default_alias = _get(defaults, ref["source"])
        default_alias = default_alias.strip() if isinstance(default_alias, str) and default_alias.strip() else "default"
        if ref["source"] in ("env", "store") and ref["provider"] == default_alias:
            continue  # the built-in default alias of that source answers it
        yield _emit(model, check_secret_source,
                    f"secret provider {json.dumps(ref['provider'])} reads from {json.dumps(configured)}, but this ref "
                    f"asks it for source {json.dumps(ref['source'])}", path)


@rule("OC222", "exec-secret-command-unusable", ERROR,
      "An exec secret provider's command is missing, a symlink, or unsafe on this host.")
def check_exec_command(model) -> Iterator[Diagnostic]:
    """What: the `command` of an exec secret provider (`secrets.providers.<alias>`) does not exist
or cannot be read, is a directory or a symlink, lies outside its `trustedDirs`, is writable by
group or others, or is not owned by the current user.

Why: `openclaw config validate` checks the command file before trusting it to print secrets,
and refuses the config otherwise. The check depends on the machine it runs on: oclc checks the
machine it runs on, which may not be the gateway host.

Example:
    secrets: { providers: { op: { source: "exec", command: "/usr/local/bin/op-resolver" } } }

Fix: install the command at that path, owned by the gateway user, mode 0755 or stricter, and
not through a symlink (name the real file)."""
    providers = _get(model.value, "secrets", "providers")
    if not isinstance(providers, dict):
        return
    for alias, provider in providers.items():
        if not isinstance(provider, dict) or "command" not in provider:
            continue
        command = provider["command"]
        if not isinstance(command, str) or not (os.path.isabs(command.strip()) or command.strip().startswith("~")):
            continue  # the schema reports relative and non-string commands
        expanded = _expand_user(command, model)
        problem = _exec_command_problem(expanded, provider.get("trustedDirs"), model)
        if problem:
            real = _realpath(expanded)
            yield _emit(model, check_exec_command, f"exec secret provider {json.dumps(alias)}: {problem} "
                        "(checked on this machine; the gateway host may differ)",
                        ("secrets", "providers", alias, "command"),
                        help=f"name the real file: {real}" if real != expanded else None)


def _realpath(path: str) -> str:
    """os.path.realpath, for a path written in the config: one with a NUL or an unpaired surrogate
    names no file, and is compared as written."""
    try:
        return os.path.realpath(path)
    except ValueError:   # UnicodeEncodeError is one too
        return os.path.normpath(path)


def _exec_command_problem(path: str, trusted_dirs: Any, model) -> str | None:
    try:
        info = os.lstat(path)
    except (OSError, ValueError):
        return f"the command {path} does not exist or cannot be read"
    if stat.S_ISDIR(info.st_mode):
        return f"the command {path} is a directory, not a file"
    if stat.S_ISLNK(info.st_mode):
        return f"the command {path} is a symlink; OpenClaw wants the real file"
    if isinstance(trusted_dirs, list) and trusted_dirs:
        roots = [_expand_user(d, model) for d in trusted_dirs if isinstance(d, str)]
        if not any(path == root or path.startswith(root.rstrip(os.sep) + os.sep) for root in roots):
            return f"the command {path} is outside `trustedDirs`"
    if info.st_mode & 0o022:
        return f"the command {path} is writable by group or others (mode {stat.S_IMODE(info.st_mode):o})"
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return f"the command {path} is owned by uid {info.st_uid}, not by the current user (uid {os.getuid()})"
    return None


# --- plugin-aware checks --------------------------------------------------------------------------------

def _plugin_evidence(config: Any, channel_id: str) -> bool:
    """A plugin config naming an unknown channel: OpenClaw treats the channel as stale (warning)."""
    wanted = channel_id.strip().lower()
    if not wanted or wanted in known_plugin_ids():
        return False
    plugins = _dict(_get(config, "plugins"))
    allow = plugins.get("allow")
    if isinstance(allow, list) and any(isinstance(a, str) and a.strip().lower() == wanted for a in allow):
        return True
    return any(isinstance(section, dict) and any(k.strip().lower() == wanted for k in section)
               for section in (plugins.get("entries"), plugins.get("installs")))


def plugin_load_paths(model) -> list[str]:
    """`plugins.load.paths`: OpenClaw loads extra plugins from there, which oclc cannot inspect."""
    paths = _get(model.value, "plugins", "load", "paths")
    return [p for p in paths if isinstance(p, str) and p.strip()] if isinstance(paths, list) else []


def unavailable_load_path(model) -> str | None:
    """A configured plugin load path that does not exist on this machine. OpenClaw then keeps all
    plugin-owned settings it cannot check (unknown channels, channel settings, heartbeat targets,
    web-search providers) and only warns."""
    for path in plugin_load_paths(model):
        if not os.path.exists(_expand_user(path, model)):
            return path
    return None


def _external_plugin_note(model) -> str | None:
    missing = unavailable_load_path(model)
    if missing:
        return (f"the plugin load path {missing} does not exist here, so OpenClaw cannot check this and keeps "
                "it (with a warning)")
    if plugin_load_paths(model):
        return "a plugin loaded from `plugins.load.paths` may provide it; oclc cannot inspect those plugins"
    return None


@rule("OC223", "unknown-channel", ERROR, "A `channels` key is not a channel this OpenClaw knows.")
def check_unknown_channel(model) -> Iterator[Diagnostic]:
    """What: a key of `channels` is neither `defaults`, `modelByChannel`, nor the id of a channel
bundled with OpenClaw 2026.9.6 (telegram, discord, slack, whatsapp, signal, matrix, msteams, ...).

Why: OpenClaw refuses unknown channel ids; usually it is a typo. When the plugin config names the
id (`plugins.allow`, `plugins.entries`), OpenClaw only warns that the channel plugin is stale, and
so does oclc.

Example:
    channels: { whatsap: { enabled: true } }

Fix: correct the id, or install the plugin that provides the channel."""
    channels = _get(model.value, "channels")
    if not isinstance(channels, dict):
        return
    if not channels:
        return
    allowed = {"defaults", "modelByChannel", *bundled_channels(), *plugin_channel_ids()}
    for key in channels:
        trimmed = key.strip()
        if not trimmed or trimmed in allowed:
            continue
        suggestion = _closest(trimmed, sorted(set(bundled_channels()) | plugin_channel_ids()))
        hint = f"did you mean {json.dumps(suggestion)}?" if suggestion else None
        external = _external_plugin_note(model)
        if external:
            yield _emit(model, check_unknown_channel, f"channel {json.dumps(trimmed)} is not bundled with OpenClaw; "
                        + external, ("channels", key), key=True, severity=WARNING, help=hint)
        elif _plugin_evidence(model.value, trimmed):
            yield _emit(model, check_unknown_channel,
                        f"unknown channel {json.dumps(trimmed)}: the plugin config names it, but no installed "
                        "plugin provides it (stale plugin config)", ("channels", key), key=True,
                        severity=WARNING, help="install the plugin, or remove the stale config")
        else:
            yield _emit(model, check_unknown_channel, f"no channel {json.dumps(trimmed)}: neither a bundled channel "
                        "nor an installed plugin provides it", ("channels", key), key=True,
                        help=hint or "install the plugin that provides it, or remove this section")


def _closest(word: str, candidates: list[str]) -> str | None:
    import difflib

    found = difflib.get_close_matches(word.lower(), candidates, n=1, cutoff=0.75)
    return found[0] if found else None


@rule("OC224", "channel-config-invalid", ERROR, "A bundled channel's settings fail that channel's own schema.")
def check_channel_schema(model) -> Iterator[Diagnostic]:
    """What: the settings under `channels.<id>` of a bundled channel do not match the JSON schema
that the channel plugin ships (unknown keys, wrong types, values out of range).

Why: OpenClaw validates each configured channel against its plugin's schema (after filling in
the schema's defaults) and refuses the config on any error.

Example:
    channels: { telegram: { botTokn: "..." } }    // botToken

Fix: correct the key or value named."""
    channels = _get(model.value, "channels")
    if not isinstance(channels, dict):
        return
    known = bundled_channels()
    if unavailable_load_path(model):
        return  # OpenClaw skips channel schemas while a plugin load path cannot be inspected
    for key, value in channels.items():
        entry = known.get(key.strip())
        if entry is None or not entry.get("schema") or key.strip() != key:
            continue
        for path, message, unknown_key in channel_schema_errors(entry["schema"], value):
            if unknown_key is not None:
                yield _emit(model, check_channel_schema,
                            f"{key}: unknown setting {json.dumps(unknown_key)}", ("channels", key, *path, unknown_key),
                            key=True, help=_moved_streaming_key_help(key, entry["schema"], unknown_key)
                            if len(path) in (0, 2) and path[:1] in ((), ("accounts",)) else None)
            else:
                where = ".".join(str(p) for p in path)
                yield _emit(model, check_channel_schema, f"{key}{'.' + where if where else ''}: {message}",
                            ("channels", key, *path), help=_scalar_streaming_help(key, entry["schema"], value, path))


# The flat streaming keys that moved into the `streaming` object (the most common unknown channel keys).
_MOVED_STREAMING_KEYS = {"streamMode": ("mode",), "chunkMode": ("chunkMode",), "blockStreaming": ("block", "enabled")}


def _moved_streaming_key_help(channel: str, schema: dict, key: str) -> str | None:
    place = _MOVED_STREAMING_KEYS.get(key)
    if place is None:
        return None
    node = _get(schema, "properties", "streaming")
    for part in place:
        node = _get(node, "properties", part)
    if node is None:   # this channel has no such streaming setting
        return None
    text = f"it moved to streaming.{'.'.join(place)}"
    return text + ("; `openclaw doctor --fix` moves it" if channel in ("telegram", "slack") else "")


def _scalar_streaming_help(channel: str, schema: dict, settings: Any, path: Path) -> str | None:
    """The old scalar `streaming` (the most common channel error in real configs): say the new form."""
    if not path or path[-1] != "streaming":
        return None
    written = settings
    for part in path:
        written = written.get(part) if isinstance(written, dict) else None
    if not isinstance(written, (str, bool)):
        return None
    modes = _get(schema, "properties", "streaming", "properties", "mode", "enum")
    modes = [m for m in modes if isinstance(m, str)] if isinstance(modes, list) else []
    if isinstance(written, str) and written in modes:
        text = f"streaming is an object now: write streaming: {{ mode: {json.dumps(written)} }}"
    elif modes:
        text = f"streaming is an object now, with its mode under `mode` ({', '.join(map(json.dumps, modes))})"
    else:
        return None
    # The doctor's conversion covers these two channels only.
    return text + ("; `openclaw doctor --fix` converts the old form" if channel in ("telegram", "slack") else "")


def _apply_defaults(schema: Any, value: Any) -> Any:
    """Fill in `default`s of object properties, as OpenClaw's validator does before checking."""
    if not isinstance(schema, dict) or not isinstance(value, dict):
        return value
    result = dict(value)
    for name, sub in _dict(schema.get("properties")).items():
        if name not in result and isinstance(sub, dict) and "default" in sub:
            result[name] = sub["default"]
        if name in result:
            result[name] = _apply_defaults(sub, result[name])
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict):
        for name in result:
            if name not in _dict(schema.get("properties")):
                result[name] = _apply_defaults(extra, result[name])
    return result


def _is_uri(text: Any) -> bool:
    """The `uri` format as OpenClaw checks it: anything WHATWG URL parsing accepts."""
    return not isinstance(text, str) or bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", text))


_CHANNEL_DIALECT: list = []   # oclc.schema.fast's copy of the validator below, built on first use


def channel_schema_errors(schema: dict, value: Any) -> list[tuple[Path, str, str | None]]:
    """(path inside the channel, message, unknown key or None) for every schema error."""
    from ...schema.fast import accepts_schema, draft7_dialect

    if not _CHANNEL_DIALECT:
        _CHANNEL_DIALECT.append(draft7_dialect({"uri": _is_uri}, ecmascript_patterns=True))
    # Valid settings (the usual case) are confirmed without importing jsonschema.
    if accepts_schema(schema, _apply_defaults(schema, value), _CHANNEL_DIALECT[0]):
        return []
    import jsonschema

    from ...schema.dialect import ecma_search

    checker = jsonschema.FormatChecker(formats=())
    checker.checks("uri")(_is_uri)

    validator = _plugin_validator_class(schema.get("$schema"))(schema, format_checker=checker)
    found: list[tuple[Path, str, str | None]] = []
    for error in sorted(validator.iter_errors(_apply_defaults(schema, value)), key=lambda e: list(map(str, e.path))):
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = set(_dict(error.schema.get("properties")))
            patterns = list(_dict(error.schema.get("patternProperties")))
            extras = [k for k in error.instance if k not in allowed and not any(ecma_search(p, k) for p in patterns)]
            found.extend((path, "unknown setting", k) for k in extras)
            continue
        found.append((path, _schema_message(error), None))
    return found


@functools.lru_cache(maxsize=4)
def _plugin_validator_class(schema_dialect_key: Any):
    """jsonschema's validator for the plugin schemas' draft, with ECMAScript patterns, as the
    plugins' own validator reads them (Python's `re` rejects `\\p{..}` and reads `$` differently)."""
    import jsonschema

    base = jsonschema.validators.validator_for({"$schema": schema_dialect_key} if schema_dialect_key else {},
                                               default=jsonschema.Draft7Validator)
    from ...schema.dialect import ECMA_KEYWORDS

    return jsonschema.validators.extend(base, ECMA_KEYWORDS)


def _schema_message(error) -> str:
    """Say what the channel schema wants without echoing the value (it may be a token)."""
    kind, wanted = error.validator, error.validator_value
    if kind == "type":
        return f"expected {_type_names(wanted)}, got {type_word(error.instance)}"
    if kind == "enum":
        return "expected one of " + ", ".join(json.dumps(v) for v in wanted)
    if kind == "const":
        return f"expected {json.dumps(wanted)}"
    if kind == "required":
        missing = [name for name in wanted if isinstance(error.instance, dict) and name not in error.instance]
        return "missing required setting " + ", ".join(json.dumps(m) for m in missing)
    if kind in ("anyOf", "oneOf"):
        forms = [_type_names(branch.get("type")) for branch in wanted if isinstance(branch, dict) and branch.get("type")]
        return "matches none of the allowed forms" + (f" ({' or '.join(forms)})" if forms else "")
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        bound = {"minimum": ">=", "maximum": "<=", "exclusiveMinimum": ">", "exclusiveMaximum": "<"}[kind]
        return f"must be {bound} {wanted}"
    if kind in ("minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"):
        return f"violates {kind} {wanted}"
    if kind == "pattern":
        return f"does not match the pattern {wanted}"
    if kind == "format":
        return f"is not a valid {wanted}"
    return f"fails the channel schema's {kind} rule"


def _type_names(wanted: Any) -> str:
    names = wanted if isinstance(wanted, list) else [wanted]
    return " or ".join(str(n) for n in names)


@rule("OC225", "unknown-heartbeat-target", ERROR, "A heartbeat `target` is not owner/last/none or a channel id.")
def check_heartbeat_target(model) -> Iterator[Diagnostic]:
    """What: `agents.defaults.heartbeat.target` or `agents.entries.<id>.heartbeat.target` is empty,
or is none of "owner", "last", "none" or a known channel id (aliases such as "teams" count).

Why: OpenClaw refuses the config: heartbeats would have nowhere to go.

Example:
    heartbeat: { target: "pager" }

Fix: use "owner", "last", "none" or a configured channel id."""
    config = model.value
    targets = [(("agents", "defaults", "heartbeat", "target"), _get(config, "agents", "defaults", "heartbeat", "target"))]
    for key, entry in _entries(config).items():
        targets.append((("agents", "entries", key, "heartbeat", "target"), _get(entry, "heartbeat", "target")))
    for path, target in targets:
        if not isinstance(target, str):
            continue
        lowered = target.strip().lower()
        if not lowered:
            yield _emit(model, check_heartbeat_target, "the heartbeat target is empty", path,
                        help='use "owner", "last", "none" or a channel id')
        elif lowered not in ("owner", "last", "none") and not normalize_bundled_channel_id(lowered) \
                and lowered not in plugin_channel_ids():
            external = _external_plugin_note(model)
            yield _emit(model, check_heartbeat_target,
                        f"unknown heartbeat target {json.dumps(target)}: expected \"owner\", \"last\", \"none\" "
                        "or a channel id" + (f" ({external})" if external else ""), path,
                        severity=WARNING if external else None)


def _ambient_owner(model) -> str | None:
    config = model.value
    system = _get(config, "agents", "defaults", "systemAgent", "agentId")
    if isinstance(system, str) and system.strip():
        return normalize_agent_id(system)
    ids = _agent_ids(config)
    if _get(config, "agents", "ownership") == "explicit":
        return None
    legacy = model.loaded.migrated_legacy_default
    if legacy and normalize_agent_id(legacy) in ids:
        return normalize_agent_id(legacy)
    marked = _default_markers(config)
    if len(marked) == 1:
        return normalize_agent_id(marked[0])
    return ids[0] if len(ids) == 1 else None


@rule("OC226", "no-heartbeat-owner", WARNING, "A multi-agent config has no agent that owns heartbeats.")
def check_heartbeat_owner(model) -> Iterator[Diagnostic]:
    """What: several agents, none of them with its own `heartbeat`, no `agents.defaults.heartbeat`
and no ambient owner (`agents.defaults.systemAgent.agentId`).

Why: with explicit ownership OpenClaw does not guess an owner; heartbeats stay off until one is
named. OpenClaw warns about this too.

Example:
    agents: { ownership: "explicit", entries: { a: {}, b: {} } }

Fix: set `agents.defaults.heartbeat.agentId` or `agents.defaults.systemAgent.agentId`."""
    config = model.value
    # Without explicit ownership a multi-agent roster is either refused (OC212/OC214) or owned by
    # its migrated legacy default, which also becomes the heartbeat owner.
    if _get(config, "agents", "ownership") != "explicit" or _default_markers(config):
        return
    if len(_agent_ids(config)) < 2 or _get(config, "agents", "defaults", "heartbeat"):
        return
    if any(entry.get("heartbeat") for entry in _entries(config).values()) or _ambient_owner(model):
        return
    yield _emit(model, check_heartbeat_owner,
                "no agent owns heartbeats, so they stay disabled", ("agents", "defaults", "heartbeat", "agentId"),
                help="set `agents.defaults.heartbeat.agentId` or `agents.defaults.systemAgent.agentId`")


# --- other refinements of the schema --------------------------------------------------------------------

@rule("OC227", "legacy-web-search-config", ERROR,
      "Provider settings under `tools.web.search` that moved to the provider's plugin.")
def check_legacy_web_search(model) -> Iterator[Diagnostic]:
    """What: `tools.web.search.apiKey`, or a provider block such as `tools.web.search.brave` /
`.perplexity` / `.gemini` (an object), in `tools.web.search`.

Why: web-search providers are plugins now; their settings live in
`plugins.entries.<plugin>.config.webSearch`. OpenClaw refuses the old places.

Example:
    tools: { web: { search: { provider: "brave", apiKey: "..." } } }

Fix: move the settings to `plugins.entries.<plugin>.config.webSearch` (`openclaw doctor --fix`
does this)."""
    search = _get(model.value, "tools", "web", "search")
    if not isinstance(search, dict):
        return
    for key, value in search.items():
        if key == "apiKey" or (key in LEGACY_WEB_SEARCH_PROVIDER_KEYS and isinstance(value, dict)):
            yield _emit(model, check_legacy_web_search,
                        f"`tools.web.search.{key}` is no longer read: web-search provider settings belong in "
                        "`plugins.entries.<plugin>.config.webSearch`", ("tools", "web", "search", key), key=True,
                        help="run `openclaw doctor --fix` to move it")


@rule("OC228", "browser-profile-invalid", ERROR, "A browser profile's driver and endpoint settings conflict.")
def check_browser_profiles(model) -> Iterator[Diagnostic]:
    """What: an entry of `browser.profiles` that (a) sets neither `cdpPort` nor `cdpUrl` although
its driver launches or attaches over CDP, (b) sets `userDataDir` without
`driver: "existing-session"`, or (c) sets `cdpUrl` with `driver: "extension"` (the extension
relay owns the endpoint).

Why: OpenClaw refuses such a profile: it could not reach the browser.

Example:
    browser: { profiles: { work: { driver: "extension", cdpUrl: "http://127.0.0.1:9222" } } }

Fix: remove the conflicting setting, or pick the driver that matches it."""
    profiles = _get(model.value, "browser", "profiles")
    if not isinstance(profiles, dict):
        return
    for name, profile in profiles.items():
        if not isinstance(profile, dict):
            continue
        driver = profile.get("driver")
        path = ("browser", "profiles", name)
        if driver not in ("existing-session", "extension") and not profile.get("cdpPort") and not profile.get("cdpUrl"):
            yield _emit(model, check_browser_profiles,
                        f"browser profile {json.dumps(name)} needs `cdpPort` or `cdpUrl`", path)
        if driver != "existing-session" and profile.get("userDataDir"):
            yield _emit(model, check_browser_profiles,
                        f"browser profile {json.dumps(name)}: `userDataDir` only works with driver \"existing-session\"",
                        path)
        if driver == "extension" and profile.get("cdpUrl"):
            yield _emit(model, check_browser_profiles,
                        f"browser profile {json.dumps(name)}: `cdpUrl` cannot be set with driver \"extension\" "
                        "(the extension relay provides the endpoint)", path)


@rule("OC229", "talk-provider-unresolved", ERROR, "`talk.provider` does not pick one of `talk.providers`.")
def check_talk_provider(model) -> Iterator[Diagnostic]:
    """What: `talk.provider` (or `talk.realtime.provider`) names a provider that is not a key of
`talk.providers` (`talk.realtime.providers`), or is missing although several providers are
configured.

Why: OpenClaw cannot tell which speech provider Talk should use and refuses the config.

Example:
    talk: { provider: "elevenlabs", providers: { openai: {} } }

Fix: set the provider to one of the configured keys (keys are compared in lower case)."""
    for base in (("talk",), ("talk", "realtime")):
        section = _get(model.value, *base)
        if not isinstance(section, dict):
            continue
        provider = section.get("provider")
        provider = provider.strip().lower() if isinstance(provider, str) else ""
        providers = section.get("providers")
        keys = list(providers) if isinstance(providers, dict) else []
        dotted = ".".join(base)
        if provider and keys and provider not in keys:
            yield _emit(model, check_talk_provider,
                        f"`{dotted}.provider` {json.dumps(provider)} is not one of `{dotted}.providers` "
                        f"({', '.join(keys)})", (*base, "provider"))
        elif not provider and len(keys) > 1:
            yield _emit(model, check_talk_provider,
                        f"`{dotted}.providers` configures {len(keys)} providers, so `{dotted}.provider` must say "
                        "which one to use", (*base, "provider"))


def _walk_objects(value: Any, path: Path = ()) -> Iterator[tuple[Path, dict]]:
    """Every object in `value` with its path, in document order (an explicit stack: nested
    generators cost a frame per level for every value of a large config)."""
    stack: list[tuple[Path, Any]] = [(path, value)]
    while stack:
        here, current = stack.pop()
        if isinstance(current, dict):
            yield here, current
            stack.extend(reversed([((*here, key), item) for key, item in current.items()
                                   if isinstance(item, (dict, list))]))
        elif isinstance(current, list):
            stack.extend(reversed([((*here, index), item) for index, item in enumerate(current)
                                   if isinstance(item, (dict, list))]))


@rule("OC230", "tool-policy-allow-and-also-allow", ERROR, "A tool policy sets both `allow` and `alsoAllow`.")
def check_tool_policy(model) -> Iterator[Diagnostic]:
    """What: one tool-policy object (`tools`, `tools.byProvider.<id>`, an agent's `tools`, ...)
has a non-empty `allow` and a non-empty `alsoAllow`.

Why: `allow` replaces the inherited list while `alsoAllow` extends it; together they are
ambiguous and OpenClaw refuses them.

Example:
    tools: { allow: ["read"], alsoAllow: ["browser"] }

Fix: merge `alsoAllow` into `allow`, or drop `allow` and use a `profile` plus `alsoAllow`."""
    for path, obj in _walk_objects(model.value):
        allow, also = obj.get("allow"), obj.get("alsoAllow")
        if isinstance(allow, list) and allow and isinstance(also, list) and also:
            yield _emit(model, check_tool_policy,
                        "this tool policy sets both `allow` and `alsoAllow`; use one of them", path,
                        help="merge `alsoAllow` into `allow`, or drop `allow` and use `profile` + `alsoAllow`")


@rule("OC231", "acp-binding-invalid", ERROR, "An ACP binding without a concrete peer, or a channel-local ACP binding.")
def check_acp_bindings(model) -> Iterator[Diagnostic]:
    """What: a `bindings[]` entry of `type: "acp"` without `match.peer.id`, or a `bindings.acp`
block inside a channel's settings (the retired channel-local form).

Why: an ACP binding attaches an external agent harness to one conversation, so it must name
the conversation; channel-local ACP bindings were removed in favour of top-level `bindings[]`.
OpenClaw refuses both.

Example:
    bindings: [ { type: "acp", agentId: "main", match: { channel: "telegram" } } ]

Fix: add `match.peer: { kind, id }`, or move channel-local ACP bindings to top-level `bindings`."""
    bindings = _get(model.value, "bindings")
    for index, binding in enumerate(bindings if isinstance(bindings, list) else ()):
        if _get(binding, "type") != "acp":
            continue
        peer_id = _get(binding, "match", "peer", "id")
        if not (isinstance(peer_id, str) and peer_id.strip()):
            yield _emit(model, check_acp_bindings, "an ACP binding must target one conversation: set `match.peer.id`",
                        ("bindings", index, "match", "peer"))
    for path, obj in _walk_objects(_get(model.value, "channels"), ("channels",)):
        acp = _get(obj.get("bindings"), "acp")
        if isinstance(obj.get("bindings"), dict) and isinstance(acp, (dict, list)):
            yield _emit(model, check_acp_bindings,
                        "channel-local ACP bindings were removed; use top-level `bindings[]` entries with `type: \"acp\"`",
                        (*path, "bindings", "acp"), key=True)


@rule("OC232", "gateway-role-default-undefined", ERROR, "`gateway.roles.default` names no role definition.")
def check_gateway_roles(model) -> Iterator[Diagnostic]:
    """What: `gateway.roles.default` is not a key of `gateway.roles.definitions`, or the
definitions are empty.

Why: profiles without a valid assigned role fall back to the default role; OpenClaw refuses a
default that does not exist.

Example:
    gateway: { roles: { default: "viewer", definitions: { admin: { ... } } } }

Fix: define the role, or point `default` at a defined one."""
    roles = _get(model.value, "gateway", "roles")
    if not isinstance(roles, dict) or not isinstance(roles.get("definitions"), dict):
        return
    definitions = roles["definitions"]
    if not definitions:
        yield _emit(model, check_gateway_roles, "`gateway.roles.definitions` defines no role",
                    ("gateway", "roles", "definitions"))
    default = roles.get("default")
    if isinstance(default, str) and default not in definitions:
        yield _emit(model, check_gateway_roles,
                    f"the default role {json.dumps(default)} is not defined in `gateway.roles.definitions`",
                    ("gateway", "roles", "default"))


_DURATION_UNITS_MS = {"ms": 1, "s": 1000, "m": 60_000, "h": 3_600_000, "d": 86_400_000}
_DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h|d)")


# JavaScript's Number.MAX_SAFE_INTEGER: OpenClaw refuses a duration or size past it.
_MAX_SAFE_INTEGER = 2**53 - 1
# The `ms` package OpenClaw parses each duration part with returns nothing for longer text.
_MS_MAX_TEXT = 100


def _safe_integer(value: float) -> int | None:
    """Math.round(value) when it is a safe integer, as OpenClaw requires; None otherwise (also for
    Infinity, which 400 digits make, and which round() cannot take)."""
    if not math.isfinite(value):
        return None
    rounded = math.floor(value)
    if value - rounded >= 0.5:      # half up, like Math.round (value + 0.5 would itself round)
        rounded += 1
    return rounded if abs(rounded) <= _MAX_SAFE_INTEGER else None


def _duration_part(number: str, unit: str) -> float | None:
    if len(number) + len(unit) > _MS_MAX_TEXT:
        return None
    return float(number) * _DURATION_UNITS_MS[unit]


def parse_duration_ms(raw: str, default_unit: str = "ms") -> int | None:
    """OpenClaw's duration grammar: `500ms`, `30s`, `5m`, `2h`, `1d`, composites like `1h30m`, and
    a bare number in `default_unit`. None when the text is not a duration, as in OpenClaw: a part
    the `ms` package cannot read (over 100 characters) or a total that is not a safe integer."""
    text = raw.strip().lower()
    if not text:
        return None
    single = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s|m|h|d)?", text)
    if single:
        part = _duration_part(single.group(1), single.group(2) or default_unit)
        return None if part is None else _safe_integer(part)
    # Composite: each part must start where the last one ended. Matched at that position only
    # (searching the rest of the text for the next part made a long run of digits quadratic).
    total, consumed = 0.0, 0
    while consumed < len(text):
        match = _DURATION_PART.match(text, consumed)
        part = None if match is None else _duration_part(match.group(1), match.group(2))
        if part is None:
            return None
        total += part
        consumed = match.end()
    return _safe_integer(total)


@rule("OC233", "heartbeat-schedule-invalid", ERROR, "A heartbeat `every` or `activeHours` value cannot be parsed.")
def check_heartbeat_schedule(model) -> Iterator[Diagnostic]:
    """What: a heartbeat's `every` is not a duration (`30m`, `1h`, `1h30m`; a bare number means
minutes), or `activeHours.start` / `.end` is not a 24-hour "HH:MM" time (`24:00` is allowed as
an end only).

Why: OpenClaw refuses the config; the heartbeat schedule could not be computed.

Example:
    heartbeat: { every: "hourly", activeHours: { start: "9am" } }

Fix: write `every: "1h"` and times such as "09:00" and "24:00"."""
    for base, heartbeat in _agent_blocks(model.value, "heartbeat"):
        every = heartbeat.get("every")
        if isinstance(every, str) and every and parse_duration_ms(every, "m") is None:
            yield _emit(model, check_heartbeat_schedule,
                        f"{json.dumps(every)} is not a duration (use ms, s, m or h, e.g. \"30m\" or \"1h30m\")",
                        (*base, "every"))
        active = heartbeat.get("activeHours")
        for field in ("start", "end"):
            raw = _get(active, field)
            if not isinstance(raw, str) or not raw:
                continue
            match = re.fullmatch(r"([01]\d|2[0-3]|24):([0-5]\d)", raw)
            problem = None
            if not match:
                problem = f"{json.dumps(raw)} is not a 24-hour \"HH:MM\" time"
            elif match.group(1) == "24" and match.group(2) != "00":
                problem = f"{json.dumps(raw)}: 24:00 is the only time after 23:59"
            elif match.group(1) == "24" and field == "start":
                problem = "the active hours cannot start at 24:00"
            if problem:
                yield _emit(model, check_heartbeat_schedule, problem, (*base, "activeHours", field))


@rule("OC234", "sandbox-isolation-disabled", ERROR,
      "A sandbox setting that removes its isolation (host network, unconfined profiles).")
def check_sandbox_security(model) -> Iterator[Diagnostic]:
    """What: a sandbox's `docker.network` is "host", or "container:<name>" without
`docker.dangerouslyAllowContainerNamespaceJoin: true`; `docker.seccompProfile` or
`docker.apparmorProfile` is "unconfined"; or `browser.network` is "host" (or "container:..."
without the opt-in).

Why: these settings let sandboxed tools reach the host's network or kernel interfaces; OpenClaw
refuses them.

Example:
    sandbox: { docker: { network: "host" } }

Fix: use "bridge", "none" or a custom bridge network, and a real seccomp/AppArmor profile."""
    for base, sandbox in _agent_blocks(model.value, "sandbox"):
        docker = _dict(sandbox.get("docker"))
        join_allowed = docker.get("dangerouslyAllowContainerNamespaceJoin") is True
        for section, path in ((docker, (*base, "docker", "network")),
                              (_dict(sandbox.get("browser")), (*base, "browser", "network"))):
            network = section.get("network")
            mode = network.strip().lower() if isinstance(network, str) else ""
            if mode == "host":
                yield _emit(model, check_sandbox_security,
                            "network mode \"host\" gives the sandbox the host's network; it is not allowed", path,
                            help='use "bridge", "none" or a custom bridge network')
            elif mode.startswith("container:") and not join_allowed:
                yield _emit(model, check_sandbox_security,
                            f"network mode {json.dumps(network)} joins another container's namespace, which needs "
                            "`docker.dangerouslyAllowContainerNamespaceJoin: true`", path)
        for field, name in (("seccompProfile", "seccomp"), ("apparmorProfile", "AppArmor")):
            value = docker.get(field)
            if isinstance(value, str) and value.strip().lower() == "unconfined":
                yield _emit(model, check_sandbox_security,
                            f"the {name} profile \"unconfined\" switches the sandbox's {name} confinement off; it is "
                            "not allowed", (*base, "docker", field))


def _plugin_config_names(config: Any, *ids: str) -> bool:
    """Does the plugin config (`plugins.allow`, `.entries`, `.installs`) name one of `ids`?"""
    wanted = {i.strip().lower() for i in ids if i and i.strip()}
    plugins = _dict(_get(config, "plugins"))
    allow = plugins.get("allow")
    if isinstance(allow, list) and any(isinstance(a, str) and a.strip().lower() in wanted for a in allow):
        return True
    return any(isinstance(section, dict) and any(k.strip().lower() in wanted for k in section)
               for section in (plugins.get("entries"), plugins.get("installs")))


@rule("OC235", "web-search-provider-unavailable", ERROR,
      "`tools.web.search.provider` names a provider no installed plugin offers.")
def check_web_search_provider(model) -> Iterator[Diagnostic]:
    """What: `tools.web.search.provider` is empty, unknown, or served by an official plugin that is
not bundled with OpenClaw (brave, perplexity, tavily, exa, duckduckgo, searxng, firecrawl, ...).
Bundled providers are gemini, grok, minimax and ollama.

Why: OpenClaw refuses the config when nothing could answer web searches. When the plugin config
already names the provider's plugin (`plugins.entries.brave`, ...), OpenClaw only warns that the
plugin is not installed, and so does oclc.

Example:
    tools: { web: { search: { provider: "brave" } } }

Fix: `openclaw plugins install` the provider's plugin and enable it under `plugins.entries`, or
pick a bundled provider."""
    provider = _get(model.value, "tools", "web", "search", "provider")
    if not isinstance(provider, str):
        return
    path = ("tools", "web", "search", "provider")
    trimmed = provider.strip()
    if not trimmed:
        yield _emit(model, check_web_search_provider, "the web-search provider is empty", path)
        return
    data = plugin_data()
    active = {p.strip() for plugin in data["plugins"] for p in plugin["webSearchProviders"] if p.strip()}
    if trimmed in active:
        return
    external = _external_plugin_note(model)
    if external:
        yield _emit(model, check_web_search_provider, f"web-search provider {json.dumps(trimmed)} is not bundled with "
                    "OpenClaw; " + external, path, severity=WARNING)
        return
    catalog = {entry["provider"]: entry["pluginId"] for entry in data["webSearchInstallCatalog"]}
    known = ", ".join(sorted(active | set(catalog)))
    plugin_id = catalog.get(trimmed)
    if plugin_id is not None:
        if _plugin_config_names(model.value, trimmed, plugin_id):
            yield _emit(model, check_web_search_provider,
                        f"web-search provider {json.dumps(trimmed)} needs the plugin {json.dumps(plugin_id)}, which "
                        "is configured but not installed; web search stays off until it is", path, severity=WARNING,
                        help=f"install the {plugin_id} plugin with `openclaw plugins install`")
        else:
            yield _emit(model, check_web_search_provider,
                        f"web-search provider {json.dumps(trimmed)} is not available: it comes with the plugin "
                        f"{json.dumps(plugin_id)}, which is not bundled with OpenClaw", path,
                        help=f"install and enable the {plugin_id} plugin, or use a bundled provider "
                             f"({', '.join(sorted(active))})")
        return
    if trimmed.lower() not in known_plugin_ids() and _plugin_config_names(model.value, trimmed):
        yield _emit(model, check_web_search_provider,
                    f"unknown web-search provider {json.dumps(trimmed)} (its plugin config is stale)", path,
                    severity=WARNING)
    else:
        yield _emit(model, check_web_search_provider, f"unknown web-search provider {json.dumps(trimmed)}", path,
                    help=f"known providers: {known}")


def _env(model) -> dict[str, str]:
    return model.options.env or model.loaded.env or {}


def _legacy_data_owner(model) -> str | None:
    """The agent that keeps the legacy (un-suffixed) workspace: the migrated default, or a sole agent."""
    ids = _agent_ids(model.value)
    legacy = model.loaded.migrated_legacy_default
    if legacy and normalize_agent_id(legacy) in ids:
        return normalize_agent_id(legacy)
    return ids[0] if len(ids) == 1 else None


def _workspace_dir(model, agent_id: str, entry: dict, owner: str | None) -> str:
    """The agent's workspace as OpenClaw resolves it (for identity.avatar confinement)."""
    if isinstance(entry.get("workspace"), str) and entry["workspace"].strip():
        return _expand_user(entry["workspace"], model)
    fallback = _get(model.value, "agents", "defaults", "workspace")
    fallback = fallback.strip() if isinstance(fallback, str) else ""
    if owner == agent_id:
        if fallback:
            return _expand_user(fallback, model)
        env = _env(model)
        if (env.get("OPENCLAW_WORKSPACE_DIR") or "").strip():
            return os.path.abspath(env["OPENCLAW_WORKSPACE_DIR"].strip())
        return os.path.join(_state_dir(model), "workspace")
    if fallback:
        return os.path.join(_expand_user(fallback, model), agent_id)
    return os.path.join(_state_dir(model), f"workspace-{agent_id}")


@rule("OC236", "agent-avatar-invalid", ERROR, "`identity.avatar` is not a workspace file, an http(s) URL or a data URI.")
def check_avatar(model) -> Iterator[Diagnostic]:
    """What: an agent's `identity.avatar` starts with `~`, uses a URI scheme other than
http(s)/data, or is a path that resolves outside the agent's workspace.

Why: avatars are served from the agent's workspace; OpenClaw refuses paths that would expose
other files.

Example:
    entries: { main: { identity: { avatar: "/etc/passwd" } } }

Fix: put the image in the workspace and give its relative path, or use an https:// URL."""
    owner: list[str | None] = []   # computed once, on the first avatar that needs it
    for key, entry in _entries(model.value).items():
        avatar = _get(entry, "identity", "avatar")
        if not isinstance(avatar, str):
            continue
        text = avatar.strip()
        if not text or re.match(r"^data:|^https?://", text, re.I):
            continue
        path = ("agents", "entries", key, "identity", "avatar")
        if text.startswith("~") or (re.match(r"^[a-z][a-z0-9+.-]*:", text, re.I) and not re.match(r"^[a-zA-Z]:[\\/]", text)):
            yield _emit(model, check_avatar, f"avatar {json.dumps(text)} must be a path inside the agent's workspace, "
                        "an http(s) URL or a data URI", path)
            continue
        if not owner:
            owner.append(_legacy_data_owner(model))
        workspace = _workspace_dir(model, normalize_agent_id(key), entry, owner[0])
        resolved = os.path.normpath(os.path.join(workspace, text))
        if resolved != workspace and not resolved.startswith(workspace.rstrip(os.sep) + os.sep):
            yield _emit(model, check_avatar, f"avatar {json.dumps(text)} lies outside the agent's workspace ({workspace})",
                        path, help="copy the image into the workspace and use its relative path")


@rule("OC237", "mcp-server-name-invalid", ERROR, "An MCP server name is reserved, empty or padded.")
def check_mcp_server_names(model) -> Iterator[Diagnostic]:
    """What: a key of `mcp.servers` is "__proto__", or a key of `nodeHost.mcp.servers` is empty or
has leading/trailing whitespace.

Why: the name becomes an object key and a tool-name prefix; OpenClaw refuses names it cannot
use safely.

Example:
    mcp: { servers: { " files ": { command: "mcp-files" } } }    // under nodeHost

Fix: rename the server."""
    for base, strict in ((("mcp", "servers"), False), (("nodeHost", "mcp", "servers"), True)):
        servers = _get(model.value, *base)
        if not isinstance(servers, dict):
            continue
        for name in servers:
            if name == "__proto__":
                yield _emit(model, check_mcp_server_names, "the MCP server name \"__proto__\" is reserved",
                            (*base, name), key=True)
            elif strict and (not name or name != name.strip()):
                yield _emit(model, check_mcp_server_names,
                            f"MCP server name {json.dumps(name)} is empty or has surrounding whitespace",
                            (*base, name), key=True)


@rule("OC238", "broadcast-group-invalid", ERROR, "A broadcast group is keyed without a channel, or too large.")
def check_broadcast_groups(model) -> Iterator[Diagnostic]:
    """What: a `broadcast` entry in object form (`{ agents: [...] }`) whose key is not
channel-qualified (`<channel>:<peer>`), or a channel-qualified list of more than 16 agents.

Why: group options apply to one channel conversation; OpenClaw refuses unqualified keys and
oversized agent threads.

Example:
    broadcast: { team: { agents: ["a", "b"] } }    // "telegram:-100123" instead of "team"

Fix: key the group by `<channel>:<peerId>`, and keep threads to 16 agents."""
    broadcast = _get(model.value, "broadcast")
    if not isinstance(broadcast, dict):
        return
    for peer, entry in broadcast.items():
        qualified = bool(re.match(r"^[a-z][a-z0-9_-]*:.+$", peer, re.I))
        if isinstance(entry, dict) and not qualified:
            yield _emit(model, check_broadcast_groups,
                        f"broadcast group {json.dumps(peer)} needs a channel-qualified key (<channel>:<peerId>)",
                        ("broadcast", peer), key=True)
        elif isinstance(entry, list) and qualified and len(entry) > 16:
            yield _emit(model, check_broadcast_groups,
                        f"broadcast thread {json.dumps(peer)} lists {len(entry)} agents; at most 16 are supported",
                        ("broadcast", peer))


@rule("OC239", "persistent-hook-without-session", ERROR, "A persistent hook mapping has no session key.")
def check_persistent_hooks(model) -> Iterator[Diagnostic]:
    """What: a `hooks.mappings[]` entry with `sessionMode: "persistent"` (and action "agent", the
default) has no `sessionKey` and no `transform`, and `hooks.defaultSessionKey` is not set.

Why: a persistent mapping must always land in the same session; without a key OpenClaw cannot
tell which, and refuses the config.

Example:
    hooks: { mappings: [ { match: { path: "gmail" }, sessionMode: "persistent" } ] }

Fix: set `sessionKey` on the mapping or `hooks.defaultSessionKey`."""
    hooks = _get(model.value, "hooks")
    if not isinstance(hooks, dict) or not isinstance(hooks.get("mappings"), list):
        return
    default_key = hooks.get("defaultSessionKey")
    if isinstance(default_key, str) and default_key.strip():
        return
    for index, mapping in enumerate(hooks["mappings"]):
        if not isinstance(mapping, dict) or mapping.get("action", "agent") != "agent":
            continue
        key = mapping.get("sessionKey")
        if mapping.get("sessionMode") == "persistent" and not (isinstance(key, str) and key.strip()) \
                and not mapping.get("transform"):
            yield _emit(model, check_persistent_hooks,
                        "a persistent hook mapping needs `sessionKey`, a `transform`, or `hooks.defaultSessionKey`",
                        ("hooks", "mappings", index, "sessionKey"))


@rule("OC240", "model-entry-needs-exact-ref", ERROR,
      "`pickerRuntimes` or `codeMode` on a wildcard or bare model key.")
def check_model_entry_refs(model) -> Iterator[Diagnostic]:
    """What: an entry of `agents.defaults.models` (or an agent's `models`) whose key is a wildcard
(`anthropic/*`) or has no provider (`sonnet`) sets `pickerRuntimes` or `codeMode`.

Why: those settings describe one concrete model; OpenClaw refuses them on patterns.

Example:
    models: { "anthropic/*": { codeMode: true } }

Fix: move the setting to an exact `provider/model` key."""
    maps = [(("agents", "defaults", "models"), _get(model.value, "agents", "defaults", "models"))]
    maps += [(("agents", "entries", key, "models"), entry.get("models")) for key, entry in _entries(model.value).items()]
    for base, models in maps:
        if not isinstance(models, dict):
            continue
        for ref, entry in models.items():
            if not isinstance(entry, dict):
                continue
            trimmed = ref.strip()
            slash = trimmed.find("/")
            exact = "*" not in ref and 0 < slash < len(trimmed) - 1 and trimmed[:slash].strip() and trimmed[slash + 1:].strip()
            for field in ("pickerRuntimes", "codeMode"):
                if field in entry and entry[field] is not None and not exact:
                    yield _emit(model, check_model_entry_refs,
                                f"`{field}` needs an exact provider/model key, not {json.dumps(ref)}",
                                (*base, ref, field), key=True)


_BYTE_UNITS = {"b": 1, "kb": 1024, "k": 1024, "mb": 1024 ** 2, "m": 1024 ** 2, "gb": 1024 ** 3, "g": 1024 ** 3,
               "tb": 1024 ** 4, "t": 1024 ** 4}


def parse_byte_size(raw: str) -> int | None:
    """OpenClaw's size grammar: a number with an optional binary unit (b, kb/k, mb/m, gb/g, tb/t)."""
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([a-z]+)?", raw.strip().lower())
    if not match or (match.group(2) or "b") not in _BYTE_UNITS:
        return None
    return _safe_integer(float(match.group(1)) * _BYTE_UNITS[match.group(2) or "b"])


def _number_text(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return value if isinstance(value, str) else None


@rule("OC241", "retention-value-invalid", ERROR,
      "A session-maintenance or cron retention value is not a duration or size.")
def check_retention_values(model) -> Iterator[Diagnostic]:
    """What: `session.maintenance.pruneAfter`, `.archiveDashboardAfter`, `.preserveRecent` or
`.resetArchiveRetention` is not a positive duration (a bare number means days);
`session.maintenance.maxDiskBytes` / `.highWaterBytes` is not a size (`500mb`, `2gb`, a number
of bytes); or `cron.sessionRetention` is not a duration (a bare number means hours).

Why: OpenClaw refuses the config; maintenance could not compute what to prune.

Example:
    session: { maintenance: { pruneAfter: "a month", maxDiskBytes: "2 GB" } }

Fix: write durations such as "30d" or "12h", and sizes such as "2gb"."""
    maintenance = _dict(_get(model.value, "session", "maintenance"))
    base = ("session", "maintenance")
    # field -> the literal values it accepts besides a positive duration ("off" switches)
    for field, switches in (("pruneAfter", ()), ("archiveDashboardAfter", ("false", "0")),
                            ("preserveRecent", ("false",)), ("resetArchiveRetention", ("false",))):
        value = maintenance.get(field)
        literal = "false" if value is False else ("0" if value == 0 and not isinstance(value, bool) else None)
        if value is None or (literal is not None and literal in switches):
            continue
        text = _number_text(value)
        if text is None:
            continue  # the schema reports other types
        parsed = parse_duration_ms(text, "d")
        if parsed is None:
            yield _emit(model, check_retention_values, f"{json.dumps(value)} is not a duration (use ms, s, m, h or d, "
                        "e.g. \"30d\")", (*base, field))
        elif parsed <= 0:
            yield _emit(model, check_retention_values, f"`{field}` must be a positive duration, e.g. \"30d\"",
                        (*base, field))
    for field in ("maxDiskBytes", "highWaterBytes"):
        value = maintenance.get(field)
        text = _number_text(value)
        if text is not None and parse_byte_size(text) is None:
            yield _emit(model, check_retention_values, f"{json.dumps(value)} is not a size (use b, kb, mb, gb or tb, "
                        "e.g. \"2gb\")", (*base, field))
    retention = _get(model.value, "cron", "sessionRetention")
    if isinstance(retention, str) and parse_duration_ms(retention, "h") is None:
        yield _emit(model, check_retention_values, f"{json.dumps(retention)} is not a duration (use ms, s, m, h or d)",
                    ("cron", "sessionRetention"))


_AGENT_MODEL_KEYS = ("model", "utilityModel", "imageModel", "voiceModel", "pdfModel")


def configured_model_refs(config: Any) -> Iterator[tuple[Path, str, bool]]:
    """(path, ref, is_key) for every place OpenClaw reads a model ref from (its own list)."""
    def selector(path: Path, value: Any) -> Iterator[tuple[Path, str, bool]]:
        if isinstance(value, str):
            yield path, value, False
        elif isinstance(value, dict):
            if isinstance(value.get("primary"), str):
                yield (*path, "primary"), value["primary"], False
            for index, fallback in enumerate(value.get("fallbacks") if isinstance(value.get("fallbacks"), list) else ()):
                if isinstance(fallback, str):
                    yield (*path, "fallbacks", index), fallback, False

    def single(path: Path, value: Any) -> Iterator[tuple[Path, str, bool]]:
        if isinstance(value, str):
            yield path, value, False

    def agent(path: Path, entry: Any, full: bool) -> Iterator[tuple[Path, str, bool]]:
        if not isinstance(entry, dict):
            return
        for key in _AGENT_MODEL_KEYS:
            yield from selector((*path, key), entry.get(key))
        media = _dict(entry.get("mediaModels"))
        for capability in ("image", "video", "music"):
            yield from selector((*path, "mediaModels", capability), media.get(capability))
        yield from single((*path, "heartbeat", "model"), _get(entry, "heartbeat", "model"))
        yield from selector((*path, "subagents", "model"), _get(entry, "subagents", "model"))
        yield from single((*path, "compaction", "model"), _get(entry, "compaction", "model"))
        yield from single((*path, "compaction", "memoryFlush", "model"), _get(entry, "compaction", "memoryFlush", "model"))
        for ref in _dict(entry.get("models")):
            yield (*path, "models", ref), ref, True
        if full:
            yield from selector((*path, "tools", "exec", "reviewer", "model"), _get(entry, "tools", "exec", "reviewer", "model"))
            yield from single((*path, "tts", "summaryModel"), _get(entry, "tts", "summaryModel"))

    yield from selector(("tools", "exec", "reviewer", "model"), _get(config, "tools", "exec", "reviewer", "model"))
    for capability in ("image", "audio", "video"):
        yield from single(("tools", "media", capability, "preferredModel"), _get(config, "tools", "media", capability, "preferredModel"))
    yield from agent(("agents", "defaults"), _get(config, "agents", "defaults"), False)
    for key, entry in _dict(_get(config, "agents", "entries")).items():
        yield from agent(("agents", "entries", key), entry, True)
    for channel, targets in _dict(_get(config, "channels", "modelByChannel")).items():
        for target, ref in _dict(targets).items():
            yield from single(("channels", "modelByChannel", channel, target), ref)
    mappings = _get(config, "hooks", "mappings")
    for index, mapping in enumerate(mappings if isinstance(mappings, list) else ()):
        yield from single(("hooks", "mappings", index, "model"), _get(mapping, "model"))
    yield from single(("hooks", "gmail", "model"), _get(config, "hooks", "gmail", "model"))
    yield from single(("tts", "summaryModel"), _get(config, "tts", "summaryModel"))
    discord = _dict(_get(config, "channels", "discord"))
    voices = [(("channels", "discord", "voice"), discord.get("voice"))]
    voices += [(("channels", "discord", "accounts", a, "voice"), _get(acc, "voice")) for a, acc in _dict(discord.get("accounts")).items()]
    for path, voice in voices:
        yield from single((*path, "model"), _get(voice, "model"))
        yield from single((*path, "tts", "summaryModel"), _get(voice, "tts", "summaryModel"))


@functools.lru_cache(maxsize=1)
def retired_models() -> dict[tuple[str, str], str | None]:
    found: dict[tuple[str, str], str | None] = {}
    for plugin in plugin_data()["plugins"]:
        for item in plugin.get("modelSuppressions", ()):
            found.setdefault((item["provider"].strip().lower(), item["model"].strip().lower()), item.get("reason"))
    return found


@rule("OC242", "retired-model", ERROR, "A model ref names a model that OpenClaw's provider catalog has retired.")
def check_retired_models(model) -> Iterator[Diagnostic]:
    """What: a model ref (an agent's `model`, fallbacks, `models` keys, heartbeat/compaction/
subagent models, channel model overrides, hook models, ...) names a model that the provider
plugin bundled with OpenClaw lists as shut down or unsupported (e.g. `google/gemini-1.5-pro`,
`google/gemini-3-pro-preview`).

Why: OpenClaw refuses the config: requests to that model would fail. Unknown models in general
are not refused; only the ones a plugin explicitly retires.

Example:
    agents: { defaults: { model: "google/gemini-1.5-pro" } }

Fix: use the replacement the message names."""
    seen: set[tuple[Path, str]] = set()
    for path, ref, is_key in configured_model_refs(model.value):
        text = ref.strip()
        slash = text.find("/")
        if slash <= 0 or slash >= len(text) - 1:
            continue
        provider, model_id = text[:slash].strip().lower(), text[slash + 1:].strip().lower()
        if (provider, model_id) not in retired_models() or (path, text) in seen:
            continue
        seen.add((path, text))
        replacement = re.search(r"\bUse ([\w.:/-]+?)\.?(?:\s|$)", retired_models()[(provider, model_id)] or "")
        yield _emit(model, check_retired_models,
                    f"model {provider}/{model_id} has been retired by its provider and OpenClaw no longer accepts it",
                    path, key=is_key, help=f"use {replacement.group(1)} instead" if replacement else None)


_RETIRED_PLUGIN_IDS = frozenset({"google-antigravity-auth", "google-gemini-cli-auth", "skill-workshop"})


@rule("OC243", "memory-slot-plugin-missing", ERROR, "`plugins.slots.memory` names a plugin OpenClaw does not have.")
def check_memory_slot(model) -> Iterator[Diagnostic]:
    """What: `plugins.slots.memory` names a plugin that is not bundled with OpenClaw (the bundled
memory plugin is `memory-core`; "none" switches memory off).

Why: the memory slot selects the plugin that stores long-term memory; OpenClaw refuses a config
whose memory plugin is missing. (`memory-lancedb`, an official external plugin, and retired
plugin ids only get a warning.)

Example:
    plugins: { slots: { memory: "openclaw-mem0" } }

Fix: install the plugin (then `plugins.load.paths` or an install record provides it), use
"memory-core", or "none"."""
    slots = _get(model.value, "plugins", "slots")
    if not isinstance(slots, dict) or "memory" not in slots or not isinstance(slots["memory"], str):
        return
    selected = slots["memory"].strip()
    if not selected or selected.lower() == "none" or selected in known_plugin_ids():
        return
    path = ("plugins", "slots", "memory")
    external = _external_plugin_note(model)
    if external or selected == "memory-lancedb" or selected.lower() in _RETIRED_PLUGIN_IDS:
        why = external or ("it is an official external plugin; memory stays off until it is installed"
                           if selected == "memory-lancedb" else "that plugin was retired")
        yield _emit(model, check_memory_slot, f"memory plugin {json.dumps(selected)} is not bundled with OpenClaw; {why}",
                    path, severity=WARNING)
        return
    yield _emit(model, check_memory_slot, f"memory plugin {json.dumps(selected)} is not a plugin OpenClaw has",
                path, help='install it, or use "memory-core" (bundled) or "none"')


def _js_truthy(value: Any) -> bool:
    """JavaScript truthiness: empty objects and lists count as present."""
    if isinstance(value, (dict, list)):
        return True
    if isinstance(value, float) and value != value:  # NaN
        return False
    return value not in (None, False, 0, "")


@rule("OC244", "plugin-config-invalid", ERROR, "A bundled plugin's settings fail that plugin's own schema.")
def check_plugin_config(model) -> Iterator[Diagnostic]:
    """What: `plugins.entries.<id>.config` of a plugin bundled with OpenClaw does not match the
schema the plugin ships (unknown keys, wrong types, values out of range).

Why: OpenClaw validates the settings of every bundled plugin that has a `config` block (after
filling in the schema's defaults) and refuses the config on any error.

Example:
    plugins: { entries: { "llm-task": { config: { allowedModels: ["..."] } } } }

Fix: correct the key or value named (see the plugin's documentation)."""
    entries = _get(model.value, "plugins", "entries")
    if not isinstance(entries, dict) or unavailable_load_path(model):
        return
    schemas = {plugin["id"]: plugin.get("configSchema") for plugin in plugin_data()["plugins"]}
    for key, entry in entries.items():
        plugin_id = key.strip().lower()
        schema = schemas.get(plugin_id)
        if not schema or not isinstance(entry, dict) or "config" not in entry or not _js_truthy(entry["config"]):
            continue
        base = ("plugins", "entries", key, "config")
        for path, message, unknown_key in channel_schema_errors(schema, entry["config"]):
            if unknown_key is not None:
                yield _emit(model, check_plugin_config, f"plugin {plugin_id}: unknown setting {json.dumps(unknown_key)}",
                            (*base, *path, unknown_key), key=True)
            else:
                where = ".".join(str(p) for p in path)
                yield _emit(model, check_plugin_config, f"plugin {plugin_id}{' ' + where if where else ''}: {message}",
                            (*base, *path))
