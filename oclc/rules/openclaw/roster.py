"""Agents: the roster, agent ids and references, agent directories, model policy and custom
providers (OpenClaw's refinements of `agents` and `models`).
(OpenClaw's own checks beyond its schema: every error here makes OpenClaw refuse the config.)"""

from __future__ import annotations

import json
import os
import re

from ...diagnostics import ERROR, Diagnostic, Path
from ...diagnostics.registry import rule
from ...schema.secretref import _get
from .common import (
    _closest,
    _default_markers,
    _dict,
    _emit,
    _entries,
    _expand_user,
    _realpath,
    _state_dir,
    normalize_agent_id,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Iterator

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


_MODEL_POLICY_COMPAT_SELECTORS = frozenset({"openrouter:auto", "openrouter:free"})


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
`agents.defaults.systemAgent.agentId`), or run `openclaw doctor --fix`. A `default: true` marker
would also satisfy OpenClaw, but it is the retired form (OC132): oclc does not suggest it."""
    agents = _get(model.value, "agents")
    if not isinstance(agents, dict) or not isinstance(agents.get("entries"), dict):
        return
    if agents.get("ownership") == "explicit" or len(agents["entries"]) < 2:
        return
    if _default_markers(model.value) or model.loaded.migrated_legacy_default:
        return
    # Not "or mark one agent default: true": that marker is retired (OC132), so the advice would
    # send the user from one finding straight into another.
    yield _emit(model, check_roster_ownership,
                f"{len(agents['entries'])} agents are configured but nothing says who owns ambient work: "
                "set `agents.ownership` to \"explicit\"",
                ("agents", "ownership"),
                help="add `ownership: \"explicit\"` under `agents` and name the owners (for example "
                     "`agents.defaults.systemAgent.agentId`), or run `openclaw doctor --fix`, which does it")


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
