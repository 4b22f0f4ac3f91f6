"""Gateway and tools: exposure, roles, tool policies, ACP bindings, browser and talk, heartbeat
schedules, sandboxing, avatars, MCP servers, broadcast groups, hooks, model entries,
retention values and retired models.
(OpenClaw's own checks beyond its schema: every error here makes OpenClaw refuse the config.)"""

from __future__ import annotations

import functools
import json
import math
import os
import re

from ...diagnostics import ERROR, Diagnostic, Path
from ...diagnostics.registry import rule
from ...records import LazyPattern
from ...schema.secretref import _get
from .common import (
    _agent_ids,
    _dict,
    _emit,
    _entries,
    _env,
    _expand_user,
    _state_dir,
    normalize_agent_id,
    plugin_data,
    probed,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Iterator

# Keys under tools.web.search that held per-provider settings before they moved to plugins.
LEGACY_WEB_SEARCH_PROVIDER_KEYS = frozenset(
    "brave duckduckgo exa firecrawl gemini grok kimi minimax ollama perplexity searxng tavily".split()
)


def _agent_blocks(config: Any, name: str) -> Iterator[tuple[Path, dict]]:
    """The object `name` (heartbeat, sandbox, ...) of agents.defaults and of every entry, with its path."""
    defaults = _get(config, "agents", "defaults", name)
    if isinstance(defaults, dict):
        yield ("agents", "defaults", name), defaults
    for key, entry in _entries(config).items():
        if isinstance(entry.get(name), dict):
            yield ("agents", "entries", key, name), entry[name]


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
    facts = probed(model, "OC227")
    refuses_key = facts is None or facts.get("apiKey")
    refuses_blocks = facts is None or facts.get("providerBlocks")
    for key, value in search.items():
        if (key == "apiKey" and refuses_key) or (
                refuses_blocks and key in LEGACY_WEB_SEARCH_PROVIDER_KEYS and isinstance(value, dict)):
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
    facts = probed(model, "OC228")
    parts = facts if facts is not None else {"needsEndpoint": True, "userDataDir": True, "extensionCdpUrl": True}
    without_endpoint = ("existing-session",) if parts.get("extensionNeedsEndpoint") else ("existing-session", "extension")
    for name, profile in profiles.items():
        if not isinstance(profile, dict):
            continue
        driver = profile.get("driver")
        path = ("browser", "profiles", name)
        if parts.get("needsEndpoint") and driver not in without_endpoint and not profile.get("cdpPort") \
                and not profile.get("cdpUrl"):
            yield _emit(model, check_browser_profiles,
                        f"browser profile {json.dumps(name)} needs `cdpPort` or `cdpUrl`", path)
        if parts.get("userDataDir") and driver != "existing-session" and profile.get("userDataDir"):
            yield _emit(model, check_browser_profiles,
                        f"browser profile {json.dumps(name)}: `userDataDir` only works with driver \"existing-session\"",
                        path)
        if parts.get("extensionCdpUrl") and driver == "extension" and profile.get("cdpUrl"):
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


_DURATION_PART = LazyPattern(r"(\d+(?:\.\d+)?)(ms|s|m|h|d)")


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
      "A sandbox setting that removes its isolation (host network, unconfined profiles, relative bind sources).")
def check_sandbox_security(model) -> Iterator[Diagnostic]:
    """What: a sandbox's `docker.network` is "host", or "container:<name>" without
`docker.dangerouslyAllowContainerNamespaceJoin: true`; `docker.seccompProfile` or
`docker.apparmorProfile` is "unconfined"; `browser.network` is "host" (or "container:..."
without the opt-in); or a `docker.binds` / `browser.binds` entry is empty or mounts a source that
is not an absolute path (a relative path, a named volume, `~/...`).

Why: these settings let sandboxed tools reach the host's network or kernel interfaces, or mount
host paths OpenClaw cannot check; OpenClaw refuses them.

Example:
    sandbox: { docker: { network: "host", binds: ["data:/data:ro"] } }

Fix: use "bridge", "none" or a custom bridge network, a real seccomp/AppArmor profile, and an
absolute host path (`/srv/data:/data:ro`) for each bind mount."""
    for base, sandbox in _agent_blocks(model.value, "sandbox"):
        for section in ("docker", "browser"):
            binds = _dict(sandbox.get(section)).get("binds")
            for index, bind in enumerate(binds if isinstance(binds, list) else ()):
                problem = _bind_problem(bind)
                if problem:
                    yield _emit(model, check_sandbox_security, problem, (*base, section, "binds", index),
                                help="mount an absolute host path, e.g. /srv/project:/workspace/project:ro")
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


def _bind_problem(bind: Any) -> str | None:
    """OpenClaw's check of one sandbox bind mount ("source:target[:options]") before anything is
    mounted: the entry must not be blank, and its source must be an absolute POSIX path or a
    Windows drive-letter path (a `\\\\?\\` namespace prefix is looked through)."""
    if not isinstance(bind, str):
        return None   # the schema reports it
    if not bind.strip():
        return "a bind mount entry must be a non-empty string"
    # The source ends at the first ":" (after a drive letter's "C:\\").
    separator = bind.find(":", 2 if re.match(r"^[A-Za-z]:[\\/]", bind) else 0)
    source = bind if separator == -1 else bind[:separator]
    unprefixed = source
    for prefix in ("\\\\?\\", "//?/"):
        if unprefixed.startswith(prefix):
            rest = unprefixed[len(prefix):]
            unprefixed = ("\\\\" if prefix[0] == "\\" else "//") + rest[4:] if rest.upper().startswith(
                ("UNC\\", "UNC/")) else rest
            break
    if unprefixed.startswith("/") or re.match(r"^[A-Za-z]:[\\/]", unprefixed):
        return None
    return (f"bind mount {json.dumps(bind)} mounts {json.dumps(source)}, which is not an absolute path; OpenClaw "
            "takes only absolute POSIX or Windows drive-letter sources for sandbox binds")


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
            return _expand_user(env["OPENCLAW_WORKSPACE_DIR"], model)
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
    # Releases before 2026.8 keep `agents.list` as it is written (no roster migration).
    roster = _get(config, "agents", "list")
    for index, entry in enumerate(roster if isinstance(roster, list) else ()):
        yield from agent(("agents", "list", index), entry, True)
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
    facts = probed(model, "OC242")
    retired = retired_models() if facts is None else {
        tuple(ref.lower().split("/", 1)): reason for ref, reason in facts["retired"].items()}
    for path, ref, is_key in configured_model_refs(model.value):
        text = ref.strip()
        slash = text.find("/")
        if slash <= 0 or slash >= len(text) - 1:
            continue
        provider, model_id = text[:slash].strip().lower(), text[slash + 1:].strip().lower()
        if (provider, model_id) not in retired or (path, text) in seen:
            continue
        seen.add((path, text))
        reason = retired[(provider, model_id)] or ""
        replacement = re.search(r"\bUse ([\w.:/-]+?)\.?(?:\s|$)", reason)
        yield _emit(model, check_retired_models, _retired_message(f"{provider}/{model_id}", reason),
                    path, key=is_key, help=f"use {replacement.group(1)} instead" if replacement else None)


def _retired_message(ref: str, reason: str) -> str:
    """What the catalog entry's reason says about the model, in oclc's words: when it was shut down
    (the date, where the catalog has one), or why OpenClaw refuses it otherwise."""
    date = re.search(r"\bon (\d{4}-\d{2}-\d{2})\b", reason)
    if re.search(r"\b(shut down|retired)\b", reason):
        when = f"on {date.group(1)}" if date else "(OpenClaw's catalog gives no date)"
        return f"model {ref} was shut down by its provider {when}; OpenClaw no longer accepts it"
    if re.search(r"\bnot a (current )?public\b", reason):
        return f"model {ref} is not a public model id of its provider; OpenClaw refuses it"
    if re.search(r"\bavailable only through\b", reason):
        return f"model {ref} is reachable only with a ChatGPT/Codex OAuth login, not this way; OpenClaw refuses it"
    if re.search(r"\bdoes not (currently )?support\b", reason):
        return f"OpenClaw does not support model {ref}"
    return f"model {ref} has been retired by its provider and OpenClaw no longer accepts it"
