"""Channels and plugins: channel ids and each bundled channel's own schema, heartbeat targets
and owners, web-search providers, the memory slot, bundled plugins' settings.
(OpenClaw's own checks beyond its schema: every error here makes OpenClaw refuse the config.)"""

from __future__ import annotations

import functools
import json
import os
import re

from ...diagnostics import ERROR, WARNING, Diagnostic, Path, type_word
from ...diagnostics.registry import rule
from ...load.migrate import js_truthy
from ...schema.secretref import _get
from .common import (
    _agent_ids,
    _closest,
    _default_markers,
    _dict,
    _emit,
    _entries,
    _expand_user,
    _on_disk,
    channel_schema,
    normalize_agent_id,
    plugin_data,
    probed,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Iterator


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
        expanded = _expand_user(path, model)
        if _on_disk(expanded) and not os.path.exists(expanded):
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
    facts = probed(model, "OC223")
    known = set(facts["channels"]) if facts is not None else {*bundled_channels(), *plugin_channel_ids()}
    allowed = {"defaults", "modelByChannel", *known}
    for key in channels:
        trimmed = key.strip()
        if not trimmed or trimmed in allowed:
            continue
        suggestion = _closest(trimmed, sorted(known))
        hint = f"did you mean {json.dumps(suggestion)}?" if suggestion else None
        external = _external_plugin_note(model)
        if external:
            yield _emit(model, check_unknown_channel, f"channel {json.dumps(trimmed)} is not bundled with OpenClaw; "
                        + external, ("channels", key), key=True, severity=WARNING, help=hint)
        elif (facts is None or facts.get("pluginConfigKeeps")) and _plugin_evidence(model.value, trimmed):
            # (2026.9.6 downgrades a channel its plugin config names; older releases refuse it.)
            yield _emit(model, check_unknown_channel,
                        f"unknown channel {json.dumps(trimmed)}: the plugin config names it, but no installed "
                        "plugin provides it (stale plugin config)", ("channels", key), key=True,
                        severity=WARNING, help="install the plugin, or remove the stale config")
        else:
            yield _emit(model, check_unknown_channel, f"no channel {json.dumps(trimmed)}: neither a bundled channel "
                        "nor an installed plugin provides it", ("channels", key), key=True,
                        help=hint or "install the plugin that provides it, or remove this section")


def unknown_setting(key: str) -> str:
    """How OC224 and OC244 name a key the channel's or plugin's schema has no place for."""
    return f"unknown setting {json.dumps(key)}"


def reports_unknown_setting(diagnostic: Diagnostic) -> bool:
    """Is this an OC224/OC244 finding about a key the schema has no place for (its path ends at
    the key), rather than about a value?"""
    path = diagnostic.resolved_path
    return (diagnostic.code in ("OC224", "OC244") and bool(path) and isinstance(path[-1], str)
            and diagnostic.message.endswith(": " + unknown_setting(path[-1])))


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
        schema = channel_schema(entry["id"]) if entry is not None and key.strip() == key else None
        if not schema:
            continue
        for path, message, unknown_key in channel_schema_errors(schema, value):
            if unknown_key is not None:
                # Where it is matters: telegram.accounts.main.groups.-100123 is not telegram itself.
                where = "".join(f".{part}" for part in path)
                yield _emit(model, check_channel_schema,
                            f"{key}{where}: {unknown_setting(unknown_key)}", ("channels", key, *path, unknown_key),
                            key=True, help=_moved_streaming_key_help(key, schema, unknown_key)
                            if len(path) in (0, 2) and path[:1] in ((), ("accounts",)) else None)
            else:
                where = ".".join(str(p) for p in path)
                yield _emit(model, check_channel_schema, f"{key}{'.' + where if where else ''}: {message}",
                            ("channels", key, *path), help=_scalar_streaming_help(key, schema, value, path))


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
    facts = probed(model, "OC235")
    if facts is None:
        data = plugin_data()
        active = {p.strip() for plugin in data["plugins"] for p in plugin["webSearchProviders"] if p.strip()}
        # provider -> the plugin that brings it, for providers no bundled plugin offers
        catalog = {entry["provider"]: entry["pluginId"] for entry in data["webSearchInstallCatalog"]}
        refuses_unknown = True
    else:
        # A release known by its probes: what it showed available, missing (with the plugin that
        # brings each), and whether it refuses a provider it does not know at all.
        active = set(facts.get("available") or ())
        catalog = dict(facts.get("unavailable") or {})
        refuses_unknown = bool(facts.get("unknownRefused"))
    if trimmed in active:
        return
    plugin_id = catalog.get(trimmed)
    if plugin_id is None and not refuses_unknown:
        return
    external = _external_plugin_note(model)
    if external:
        yield _emit(model, check_web_search_provider, f"web-search provider {json.dumps(trimmed)} is not bundled with "
                    "OpenClaw; " + external, path, severity=WARNING)
        return
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
                    help=f"known providers: {', '.join(sorted(active | set(catalog)))}")


@rule("OC247", "dm-policy-allow-from", ERROR,
      "A channel's direct-message policy does not match its `allowFrom` list.")
def check_dm_policy_allow_from(model) -> Iterator[Diagnostic]:
    """What: a channel with `dmPolicy: "open"` whose `allowFrom` does not include "*", or with
`dmPolicy: "allowlist"` and no sender in `allowFrom` (older releases also read `dm.policy` and
`dm.allowFrom`).

Why: releases up to 2026.3.31 refuse such a config: an open policy must say so in `allowFrom`, and
an allowlist must allow someone. Which releases check which channels is probed from each release
(release.json); later releases moved the check into the channels' own schemas.

Example (target 2026.3.13):
    channels: { telegram: { dmPolicy: "open", allowFrom: ["12345"] } }

Fix: add "*" to `allowFrom` for an open policy, or list the senders an allowlist lets in."""
    facts = probed(model, "OC247") or {}
    for policy, wanted in (("open", "include \"*\""), ("allowlist", "list at least one sender")):
        for channel, reported_at in (facts.get(policy) or {}).items():
            settings = _get(model.value, "channels", channel)
            if not isinstance(settings, dict):
                continue
            dm = settings.get("dm") if isinstance(settings.get("dm"), dict) else {}
            configured = settings.get("dmPolicy", dm.get("policy"))
            if configured != policy:
                continue
            lists = [value for value in (settings.get("allowFrom"), dm.get("allowFrom")) if isinstance(value, list)]
            senders = [str(item).strip() for value in lists for item in value]
            if (policy == "open" and "*" in senders) or (policy == "allowlist" and any(senders)):
                continue
            # Where the release reports it; a config that writes the `dm` block gets it there.
            where = ("channels", channel, "dm", "allowFrom") if isinstance(settings.get("dm"), dict) \
                else ("channels", channel, *reported_at.split("."))
            yield _emit(model, check_dm_policy_allow_from,
                        f"channels.{channel}: dmPolicy \"{policy}\" needs `allowFrom` to {wanted}, and "
                        f"OpenClaw {model.loaded.release} refuses the config without it", where,
                        help='add "*" to allowFrom' if policy == "open" else "list the sender ids to allow")


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
        if not schema or not isinstance(entry, dict) or "config" not in entry or not js_truthy(entry["config"]):
            continue
        base = ("plugins", "entries", key, "config")
        for path, message, unknown_key in channel_schema_errors(schema, entry["config"]):
            if unknown_key is not None:
                where = ".".join(str(part) for part in path)
                yield _emit(model, check_plugin_config,
                            f"plugin {plugin_id}{' ' + where if where else ''}: {unknown_setting(unknown_key)}",
                            (*base, *path, unknown_key), key=True)
            else:
                where = ".".join(str(p) for p in path)
                yield _emit(model, check_plugin_config, f"plugin {plugin_id}{' ' + where if where else ''}: {message}",
                            (*base, *path))


# --- OpenClaw's load warnings about plugins ---------------------------------------------------------

@rule("OC245", "plugin-not-available", WARNING,
      "The plugin config names a plugin OpenClaw does not ship; it is ignored unless installed.")
def check_plugin_availability(model) -> Iterator[Diagnostic]:
    """What: `plugins.entries`, `plugins.allow` or `plugins.deny` names a plugin id that is not
bundled with OpenClaw 2026.9.6: an official external plugin (codex, discord, brave, ...: installed
with `openclaw plugins install`), a plugin OpenClaw removed (skill-workshop), or an id OpenClaw
does not know at all. Ids are compared as written (`Google` is not `google`). An entry that is
only `{ enabled: false }` is an intentional opt-out and is not reported.

Why: OpenClaw warns when it loads the config ("plugin not installed", "plugin not found",
"plugin removed") and ignores those settings. oclc cannot see which plugins the gateway has
installed, so the finding says "unless it is installed". One plugin is one finding, at the first
place that names it (the others are a note); a channel of the same name that OC223 reports as
stale plugin config is that finding. With `plugins.load.paths` configured OpenClaw may load the
plugin from there: oclc then says nothing (see OC246).

Example:
    plugins: { entries: { codex: { enabled: true }, "my-old-plugin": {} } }

Fix: install the plugin on the gateway (`openclaw plugins install <package>`), or remove the
stale entry."""
    plugins = _dict(_get(model.value, "plugins"))
    if not plugins or plugin_load_paths(model):
        return
    official = plugin_data().get("officialExternalPlugins", {})
    entries = _dict(plugins.get("entries"))
    known = known_plugin_ids()

    def opted_out(plugin_id: str) -> bool:
        entry = entries.get(plugin_id)
        return isinstance(entry, dict) and entry == {"enabled": False} and \
            plugin_id.strip().lower() not in _RETIRED_PLUGIN_IDS

    # Every place that names a plugin OpenClaw does not ship, grouped by plugin: one plugin that is
    # not there is one finding, at the first place, with the others as a note.
    places: dict[str, list[tuple[str, Path, bool]]] = {}
    for plugin_id in entries:
        if plugin_id not in known and not opted_out(plugin_id):
            places.setdefault(plugin_id.strip().lower(), []).append((plugin_id, ("plugins", "entries", plugin_id), True))
    for section in ("allow", "deny"):
        listed = plugins.get(section)
        for index, plugin_id in enumerate(listed if isinstance(listed, list) else ()):
            if not isinstance(plugin_id, str) or not plugin_id.strip() or plugin_id in known:
                continue
            if section == "allow" and opted_out(plugin_id):
                continue
            places.setdefault(plugin_id.strip().lower(), []).append((plugin_id, ("plugins", section, index), False))
    # A channel of that name is already reported as stale plugin config (OC223): the same mistake.
    channels = _dict(_get(model.value, "channels"))
    allowed_channels = {"defaults", "modelByChannel", *bundled_channels(), *plugin_channel_ids()}
    stale_channels = {key.strip().lower() for key in channels if key.strip() and key.strip() not in allowed_channels}
    for normalized, named in places.items():
        if normalized in stale_channels:
            continue
        plugin_id, path, is_key = named[0]
        others = [p for _, p, _ in named[1:]]
        notes = (f"also named at {', '.join(_dotted_path(p) for p in others)}",) if others else ()
        spec = next((official[i] for i, p, _ in named if p[1] != "deny" and i in official), None)
        if normalized in _RETIRED_PLUGIN_IDS:
            yield _emit(model, check_plugin_availability, f"plugin {json.dumps(plugin_id)} was removed from OpenClaw; "
                        "it ignores this stale config", path, key=is_key, notes=notes,
                        help="remove it from the plugin config")
        elif spec is not None:
            yield _emit(model, check_plugin_availability,
                        f"plugin {json.dumps(plugin_id)} is an official plugin that OpenClaw does not bundle; unless it "
                        "is installed on the gateway, OpenClaw ignores its settings", path, key=is_key, notes=notes,
                        help=f"install it with `openclaw plugins install {spec}`")
        else:
            yield _emit(model, check_plugin_availability,
                        f"plugin {json.dumps(plugin_id)} is not one OpenClaw ships; unless it is installed on the gateway, "
                        "OpenClaw ignores this entry as stale config", path, key=is_key, notes=notes,
                        help="install the plugin, or remove the stale entry")


def _dotted_path(path: Path) -> str:
    return "".join(f"[{part}]" if isinstance(part, int) else (f".{part}" if i else str(part))
                   for i, part in enumerate(path))


@rule("OC246", "plugin-load-path-unavailable", WARNING,
      "A `plugins.load.paths` entry does not exist on this machine.")
def check_plugin_load_paths(model) -> Iterator[Diagnostic]:
    """What: a directory or file in `plugins.load.paths` does not exist where oclc runs (a `~` path
is looked up in the gateway's home, when oclc was given one: otherwise OC125 says it was not
checked).

Why: OpenClaw warns ("Configured plugin load path is unavailable") and keeps the settings of the
plugins it cannot inspect without checking them: unknown channels, channel settings, heartbeat
targets and web-search providers are then only warnings. oclc checks this machine; the gateway
host may differ.

Example:
    plugins: { load: { paths: ["/opt/openclaw-extensions"] } }   // not there

Fix: restore the path (or lint on the gateway host), then run `openclaw doctor --fix`."""
    paths = _get(model.value, "plugins", "load", "paths")
    for index, path in enumerate(paths if isinstance(paths, list) else ()):
        if not isinstance(path, str) or not path.strip():
            continue
        expanded = _expand_user(path, model)
        if _on_disk(expanded) and not os.path.exists(expanded):
            yield _emit(model, check_plugin_load_paths,
                        f"the plugin load path {path.strip()} does not exist here; OpenClaw keeps the settings of the "
                        "plugins it cannot inspect, unchecked, and warns", ("plugins", "load", "paths", index),
                        notes=("checked on the machine oclc runs on; the gateway host may differ",),
                        help="restore the path, then run `openclaw doctor --fix`")

