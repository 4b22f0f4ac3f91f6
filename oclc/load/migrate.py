"""The migrations OpenClaw 2026.9.6 applies every time it loads a config (spec §1.4), in its order:

A. context budgets: `models.providers.<p>.contextTokens`/`contextWindow` are copied into each
   model row of that provider that lacks them and removed; agent-level `contextTokens`
   (`agents.defaults`, `agents.entries.<id>`, `agents.list[i]`) are removed.
B. the agent roster: `agents.list: [{id, ...}]` becomes `agents.entries: {<id>: {...}}` when every
   item qualifies (all-or-nothing); no roster at all becomes `agents.entries: {main: {}}` unless
   ownership is explicit; a single `default: true` marker is removed, and in a roster of two or
   more agents its agent is first made the owner of the ambient surfaces it used to own.
D. `plugins.entries.github-copilot.config.discovery.enabled` is dropped (silently, like OpenClaw).

Everything here only warns: what OpenClaw would refuse afterwards is the schema stage's business.
The doctor-only migrations (`openclaw doctor --fix`) are not load-time and not applied here.
"""
from __future__ import annotations

import json
import os
import re

from ..diagnostics import Edit, Fix, Path
from ..records import LazyPattern
from . import reading

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_VALID_AGENT_ID = LazyPattern(r"[a-z0-9][a-z0-9_-]{0,63}\Z", re.I)
_INVALID_AGENT_ID_CHARS = LazyPattern(r"[^a-z0-9_-]+")
CONTEXT_KEYS = ("contextTokens", "contextWindow")
PER_MODEL_CONTEXT = "models.providers.<provider>.models[].contextTokens"
# Channel aliases OpenClaw 2026.9.6 accepts for its bundled channels (binding matches use them).
CHANNEL_ALIASES = {
    "lark": "feishu", "gchat": "googlechat", "google-chat": "googlechat", "imsg": "imessage",
    "internet-relay-chat": "irc", "teams": "msteams", "nc": "nextcloud-talk", "nc-talk": "nextcloud-talk",
    "twitch-chat": "twitch", "zl": "zalo", "zlu": "zalouser",
}
CHANNEL_METADATA_KEYS = frozenset({"defaults", "modelByChannel"})


def valid_agent_id(text: str) -> bool:
    """Whether `text` matches `[a-z0-9][a-z0-9_-]{0,63}\\Z` case-insensitively. ASCII text (nearly
    every id) is judged without the pattern, whose case-insensitive classes take ~0.4 ms to
    compile: for ASCII, str.isalnum() is exactly [A-Za-z0-9]."""
    if text.isascii():
        rest = text[1:].replace("_", "").replace("-", "")
        return 0 < len(text) <= 64 and text[0].isalnum() and (not rest or rest.isalnum())
    return bool(_VALID_AGENT_ID.match(text))


def normalize_agent_id(value: Any) -> str:
    """OpenClaw's agent id normal form: trimmed and lower-cased; other characters become `-`;
    `main` when nothing is left."""
    trimmed = (value if isinstance(value, str) else "").strip()
    lowered = trimmed.lower()
    if valid_agent_id(trimmed):
        return lowered
    cleaned = _INVALID_AGENT_ID_CHARS.sub("-", lowered).strip("-")[:64]
    return cleaned or "main"


def js_truthy(value: Any) -> bool:
    """JavaScript truthiness, as OpenClaw tests a setting: empty objects and lists count as set."""
    if isinstance(value, (dict, list)):
        return True
    if isinstance(value, float) and value != value:
        return False
    return bool(value)


class _Editor:
    """Copy-on-write edits of the loaded value: a container is copied the first time it changes,
    so the Documents' values (shared with the result) are never modified."""

    def __init__(self, root: dict) -> None:
        self.root = dict(root)
        self._fresh = {id(self.root)}

    def fresh(self, container):
        self._fresh.add(id(container))
        return container

    def writable(self, path: Path):
        node = self.root
        for segment in path:
            child = node[segment]
            if id(child) not in self._fresh:
                child = self.fresh(dict(child) if isinstance(child, dict) else list(child))
                node[segment] = child
            node = child
        return node


def migrate(loaded, options) -> list[tuple[Path, Path]]:
    """Apply the load-time migrations to `loaded.value`; returns the subtrees moved (old, new)."""
    if not isinstance(loaded.value, dict):
        return []
    steps = applied_by(options.release)
    editor = _Editor(loaded.value)
    moves: list[tuple[Path, Path]] = []
    if "context-budgets" in steps:
        _context_budgets(loaded, editor)
    if "roster" in steps:
        _roster(loaded, editor, options, moves)
    if "copilot-discovery" in steps:
        _copilot_discovery(editor)
    for step in steps:
        if step.startswith("channel-streaming:"):
            _channel_streaming(editor, step.split(":", 1)[1])
        elif step in _DROPPED_ON_LOAD:
            _drop(editor, _DROPPED_ON_LOAD[step])
        elif step == "talk-flat-keys":
            for key in _TALK_FLAT_KEYS:
                _drop(editor, ("talk", key))
        elif step == "browser-extension-driver":
            _browser_extension_driver(editor)
        elif step in _PROVIDER_BLOCKS:
            parent, names = _PROVIDER_BLOCKS[step]
            for name in names:
                if isinstance(_get(editor.root, (*parent, name)), dict):
                    _drop(editor, (*parent, name))
    loaded.value = editor.root
    return moves


# The 2026.9.6 steps, which a release without a record applies. Older releases apply others, each
# named in their release.json (scripts/probe_releases.py): `channel-streaming:<channel>` and the
# keys in _DROPPED_ON_LOAD, accepted by the release although its schema has no place for them.
MIGRATIONS = ("context-budgets", "roster", "copilot-discovery")


def applied_by(release: str) -> tuple[str, ...]:
    """The load-time migrations the release applies (release.json "load"."migrations", probed from
    the release); every one for a release without a record (the one this module was written from)."""
    from ..releases import release_facts

    load_facts = release_facts(release).get("load") or {}
    return tuple(load_facts.get("migrations", MIGRATIONS))


# --- A. context budgets ----------------------------------------------------------------------------

def _context_budgets(loaded, editor: _Editor) -> None:
    root = editor.root
    models = root.get("models")
    providers = models.get("providers") if isinstance(models, dict) else None
    if isinstance(providers, dict):
        for provider_id, provider in list(providers.items()):
            if not isinstance(provider, dict):
                continue
            for key in CONTEXT_KEYS:
                if key in provider:
                    _bake_provider_budget(loaded, editor, provider_id, provider, key)
    agents = root.get("agents")
    if not isinstance(agents, dict):
        return
    holders: list[Path] = []
    if isinstance(agents.get("defaults"), dict):
        holders.append(("agents", "defaults"))
    if isinstance(agents.get("entries"), dict):
        holders.extend(("agents", "entries", agent_id) for agent_id, entry in agents["entries"].items()
                       if isinstance(entry, dict))
    if isinstance(agents.get("list"), list):
        holders.extend(("agents", "list", index) for index, entry in enumerate(agents["list"])
                       if isinstance(entry, dict))
    for holder in holders:
        if "contextTokens" not in _get(editor.root, holder):
            continue
        path = holder + ("contextTokens",)
        loaded.diagnostics.append(loaded.emit(
            reading.MIGRATED_CONTEXT,
            f"`contextTokens` under {_dotted(holder)} is removed when OpenClaw loads the config: a context "
            "budget cannot be set per agent any more, so this value has no effect",
            path, key=True, help=f"set it per model instead: {PER_MODEL_CONTEXT}"))
        del editor.writable(holder)["contextTokens"]


def _bake_provider_budget(loaded, editor: _Editor, provider_id: str, provider: dict, key: str) -> None:
    holder = ("models", "providers", provider_id)
    source_path = holder + (key,)
    rows = provider.get("models")
    source_origin = loaded.origins.get(source_path)
    if isinstance(rows, list) and rows:
        filled = [index for index, row in enumerate(rows) if isinstance(row, dict) and key not in row]
        for index in filled:
            row_path = holder + ("models", index)
            editor.writable(row_path)[key] = provider[key]
            loaded.inserted.append(row_path + (key,))
            if source_origin is not None:
                loaded.origins[row_path + (key,)] = source_origin
        where = (f"into model row{'s' if len(filled) != 1 else ''} " + ", ".join(str(i) for i in filled)
                 if filled else "nowhere (every model row already sets it)")
        message = (f"`{key}` on provider `{provider_id}` is a retired provider-level setting: OpenClaw copies "
                   f"it {where} and removes it from the provider when it loads the config")
    else:
        message = (f"`{key}` on provider `{provider_id}` is a retired provider-level setting: OpenClaw removes "
                   "it when it loads the config, and the provider has no model rows to take it, so the "
                   "value is lost")
    loaded.diagnostics.append(loaded.emit(
        reading.MIGRATED_CONTEXT, message, source_path, key=True,
        help=f"set `{key}` on each row of models.providers.{provider_id}.models[] instead"))
    del editor.writable(holder)[key]


# --- B. the agent roster ---------------------------------------------------------------------------

def _roster(loaded, editor: _Editor, options, moves: list[tuple[Path, Path]]) -> None:
    root = editor.root
    if "agents" in root and not isinstance(root["agents"], dict):
        return
    agents: dict = root.get("agents", {})
    kind, roster_value = _roster_property(agents)
    converted = False
    legacy_order: list[str] | None = None
    fix: Fix | None = None
    notes: list[str] = []
    if kind == "entries" and "list" in agents:
        loaded.diagnostics.append(loaded.emit(
            reading.MIGRATED_ROSTER,
            "agents has both `entries` and the retired `list`: OpenClaw uses `entries`, ignores the list "
            "and then refuses the config for its `list` key",
            ("agents", "list"), key=True, help="move the agents of the list into agents.entries"))
    if kind == "list":
        entries, order, problem = _parse_legacy_list(roster_value)
        if entries is None:
            _report_unconvertible(loaded, problem)
            return
        # The fix writes the workspace pin OpenClaw gives the first agent when it converts the list
        # itself: without it, the fixed file would move that agent to another workspace.
        fix = _list_to_entries_fix(loaded, order, first_workspace_pin(agents, [entries[i] for i in order], options.env))
        new_agents = editor.fresh({key: value for key, value in agents.items() if key != "list"})
        new_agents["entries"] = editor.fresh(entries)
        for body in entries.values():
            editor.fresh(body)
        editor.root["agents"] = new_agents
        origins = loaded.origins
        list_origin = origins.get(("agents", "list"))
        relocated = [(("agents", "list", index), ("agents", "entries", agent_id))
                     for index, agent_id in enumerate(order)]
        if hasattr(origins, "relocate_all"):
            origins.relocate_all(relocated)
        moves.extend(relocated)
        if list_origin is not None:
            origins[("agents", "entries")] = list_origin
        agents, kind, roster_value = new_agents, "entries", entries
        converted, legacy_order = True, order
    entries = roster_value if kind == "entries" else None

    def report_moved() -> None:
        if converted:
            loaded.diagnostics.append(loaded.emit(
                reading.MIGRATED_ROSTER,
                "`agents.list` is the retired roster form: OpenClaw converts it to `agents.entries` keyed by "
                "agent id when it loads the config",
                ("agents", "entries"), key=True, notes=tuple(notes), fix=fix,
                help="write agents.entries: { <id>: { ... } } (each item without its `id`)"))

    if kind is None or (isinstance(entries, dict) and not entries):
        if agents.get("ownership") != "explicit":
            target = editor.writable(("agents",)) if "agents" in editor.root else None
            if target is None:
                target = editor.root["agents"] = editor.fresh({})
            target["entries"] = editor.fresh({"main": editor.fresh({})})
            loaded.inserted.append(("agents", "entries", "main"))
        report_moved()
        return
    if not isinstance(entries, dict):
        report_moved()
        return
    valid_ids = legacy_order if legacy_order is not None else [
        agent_id for agent_id, entry in entries.items() if isinstance(entry, dict)]
    if not valid_ids:
        report_moved()
        return
    if any("default" in entries[agent_id] and not isinstance(entries[agent_id]["default"], bool)
           for agent_id in valid_ids):
        report_moved()
        return
    marked = [agent_id for agent_id in valid_ids if entries[agent_id].get("default") is True]
    single_marker = agents.get("ownership") != "explicit" and len(marked) == 1
    legacy_default = marked[0] if single_marker and len(valid_ids) > 1 else None
    if converted and legacy_default is None:
        pinned = _pin_first_workspace(editor, agents, legacy_order, entries, options)
        if pinned:
            notes.append(f"OpenClaw also pins the first agent's workspace: agents.entries.{legacy_order[0]}"
                         f".workspace becomes {pinned!r}")
    report_moved()
    owned: list[Path] = []
    if legacy_default is not None:
        owner = normalize_agent_id(legacy_default)
        loaded.migrated_legacy_default = owner
        marker_origin = loaded.origins.get(("agents", "entries", legacy_default, "default"))
        owned = _materialize_owner(editor, owner)
        for path in owned:
            loaded.inserted.append(path)
            if marker_origin is not None:
                loaded.origins[path] = marker_origin
    if single_marker:
        marker = marked[0]
        if owned:
            surfaces = ", ".join(_dotted(path) for path in owned)
            message = (f"`default: true` on agent `{marker}` is a retired marker: OpenClaw removes it when it "
                       f"loads the config, after making `{normalize_agent_id(marker)}` the owner of: {surfaces}")
            help = ('write agents.ownership: "explicit" with those owners set, and remove the marker')
        else:
            message = (f"`default: true` on agent `{marker}` is a retired marker: OpenClaw removes it when it "
                       "loads the config" + (" (with a single agent it changes nothing)" if len(valid_ids) == 1 else ""))
            help = "remove the marker"
        loaded.diagnostics.append(loaded.emit(
            reading.MIGRATED_DEFAULT_MARKER, message, ("agents", "entries", marker, "default"), key=True, help=help))
        for agent_id, entry in list(editor.root["agents"]["entries"].items()):
            if isinstance(entry, dict) and "default" in entry:
                del editor.writable(("agents", "entries", agent_id))["default"]


def _roster_property(agents: dict) -> tuple[str | None, Any]:
    if "entries" in agents:
        return "entries", agents["entries"]
    if "list" in agents:
        return "list", agents["list"]
    return None, None


def _parse_legacy_list(value: Any):
    """(entries, order, None) when the whole list converts, else (None, None, (index, reason))."""
    if not isinstance(value, list):
        return None, None, (None, "it is not an array")
    entries: dict = {}
    order: list[str] = []
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            return None, None, (index, f"item {index} is not an object")
        agent_id = item.get("id")
        if not isinstance(agent_id, str) or not agent_id:
            return None, None, (index, f"item {index} has no `id` string")
        if agent_id.strip() != agent_id:
            return None, None, (index, f"the id {agent_id!r} has blanks around it")
        if normalize_agent_id(agent_id) != agent_id:
            return None, None, (index, f"the id {agent_id!r} is not in agent-id form "
                                       f"(lower-case letters, digits, - and _; it would be {normalize_agent_id(agent_id)!r})")
        if agent_id in entries:
            return None, None, (index, f"the id {agent_id!r} is used twice")
        entries[agent_id] = {key: child for key, child in item.items() if key != "id"}
        order.append(agent_id)
    return entries, order, None


def _report_unconvertible(loaded, problem) -> None:
    index, reason = problem
    path: Path = ("agents", "list")
    if index is not None:
        item = loaded.value["agents"]["list"][index]
        path = path + (index, "id") if isinstance(item, dict) and "id" in item else path + (index,)
    loaded.diagnostics.append(loaded.emit(
        reading.MIGRATED_ROSTER,
        f"the retired `agents.list` cannot be converted to `agents.entries` because {reason}; OpenClaw then "
        "keeps the list as it is and refuses the config for its `list` key",
        path, help="give every item a unique, lower-case agent id, or write agents.entries keyed by id"))


def _pin_first_workspace(editor: _Editor, agents: dict, order: list[str], entries: dict, options) -> str | None:
    """A legacy list of several agents without a marker keeps its first agent on the workspace it
    used before (OpenClaw then still needs `ownership` set, so this only matters once it is)."""
    pinned = first_workspace_pin(agents, [entries[agent_id] for agent_id in order], options.env)
    if pinned is not None:
        editor.writable(("agents", "entries", order[0]))["workspace"] = pinned
    return pinned


def first_workspace_pin(agents: dict, items: list[dict], env: dict[str, str]) -> str | None:
    """The workspace OpenClaw pins the first agent of a converted legacy list (`items`, in list
    order) to, or None: the one it used as the default agent, when several agents without a
    default marker become keyed entries."""
    if "ownership" in agents or len(items) < 2:
        return None
    if any("default" in item and item["default"] is not False for item in items):
        return None
    first = items[0]
    workspace = first.get("workspace", None)
    if "workspace" in first and not (isinstance(workspace, str) and not workspace.strip()):
        return None
    defaults = agents.get("defaults")
    default_workspace = defaults.get("workspace") if isinstance(defaults, dict) else None
    if isinstance(default_workspace, str) and default_workspace.strip():
        return default_workspace.strip()
    return default_workspace_dir(env)


def default_workspace_dir(env: dict[str, str]) -> str:
    """OpenClaw's default agent workspace for an environment. A home it would take from the
    environment and that the given environment lacks stays `~` (see load/home.py)."""
    from .home import resolved_path

    explicit = (env.get("OPENCLAW_WORKSPACE_DIR") or "").strip()
    if explicit:
        return resolved_path(explicit, env)
    state = (env.get("OPENCLAW_STATE_DIR") or "").strip()
    if state:
        return os.path.join(resolved_path(state, env), "workspace")
    home = resolved_path("~", env)
    profile = (env.get("OPENCLAW_PROFILE") or "").strip()
    if profile and profile.lower() != "default":
        return os.path.join(home, f".openclaw-{profile}", "workspace")
    return os.path.join(home, ".openclaw", "workspace")


def materialized_owner(root: dict, owner: str) -> dict[Path, Any]:
    """The settings OpenClaw writes to make `owner` the explicit owner of every ambient surface
    not already owned (what `_materialize_owner` does at load time), as path -> value, without
    changing `root`."""
    editor = _Editor(root)
    return {path: _get(editor.root, path) for path in _materialize_owner(editor, owner)}


def _materialize_owner(editor: _Editor, owner: str) -> list[Path]:
    """Make `owner` the explicit owner of every ambient surface not already owned; returns the
    paths set. Mirrors OpenClaw's `materializeLegacyDefaultAgentRoles` at load time."""
    root = editor.root
    inserted: list[Path] = []
    channels = _unbound_channels(root)
    if channels:
        bindings = root.get("bindings")
        start = len(bindings) if isinstance(bindings, list) else 0
        new_bindings = editor.fresh(list(bindings) if isinstance(bindings, list) else [])
        new_bindings.extend({"agentId": owner, "match": {"channel": channel, "accountId": "*"}} for channel in channels)
        root["bindings"] = new_bindings
        inserted.extend(("bindings", index) for index in range(start, start + len(channels)))
    agents = root["agents"]
    defaults_present = "defaults" in agents
    defaults = agents.get("defaults")
    if not defaults_present or isinstance(defaults, dict):
        defaults = defaults if isinstance(defaults, dict) else {}
        sole = normalize_agent_id(_sole_agent_id(root) or "main")

        def unset(key: str) -> bool:
            return key not in defaults or (isinstance(defaults[key], dict) and "agentId" not in defaults[key])

        any_heartbeat = any(js_truthy(entry.get("heartbeat")) for entry in _agent_entries(root))
        session = root.get("session")
        store = session.get("store") if isinstance(session, dict) else None
        fixed_store = isinstance(store, str) and bool(store.strip()) and "{agentId}" not in store
        wanted = [
            ("heartbeat", not any_heartbeat and "heartbeat" not in defaults),
            ("systemAgent", unset("systemAgent")),
            ("authInheritance", owner != sole and unset("authInheritance")),
            ("sessionStore", fixed_store and unset("sessionStore")),
        ]
        chosen = [key for key, enabled in wanted if enabled]
        if chosen:
            target = editor.writable(("agents", "defaults")) if defaults_present else None
            if target is None:
                target = editor.writable(("agents",))["defaults"] = editor.fresh({})
            for key in chosen:
                current = target.get(key)
                target[key] = editor.fresh({**(current if isinstance(current, dict) else {}), "agentId": owner})
                inserted.append(("agents", "defaults", key, "agentId"))
    talk = root.get("talk")
    if "talk" not in root or (isinstance(talk, dict) and "agentId" not in talk):
        root["talk"] = editor.fresh({**(talk if isinstance(talk, dict) else {}), "agentId": owner})
        inserted.append(("talk", "agentId"))
    return inserted


def _agent_entries(root: dict) -> list[dict]:
    agents = root.get("agents")
    entries = agents.get("entries") if isinstance(agents, dict) else None
    return [entry for entry in entries.values() if isinstance(entry, dict)] if isinstance(entries, dict) else []


def _sole_agent_id(root: dict) -> str | None:
    agents = root.get("agents") if isinstance(root.get("agents"), dict) else {}
    entries = agents.get("entries")
    ids = [agent_id for agent_id, entry in entries.items() if isinstance(entry, dict)] if isinstance(entries, dict) else []
    if not ids:
        return "main" if "entries" not in agents and "list" not in agents else None
    return normalize_agent_id(ids[0]) if len(ids) == 1 else None


def _channel_id(raw: Any) -> str | None:
    if not isinstance(raw, str) or not raw.strip():
        return None
    lowered = raw.strip().lower()
    return CHANNEL_ALIASES.get(lowered, lowered)


def _unbound_channels(root: dict) -> list[str]:
    bindings = root.get("bindings")
    if bindings is not None and js_truthy(bindings) and not isinstance(bindings, list):
        return []
    rules = [b for b in (bindings if isinstance(bindings, list) else []) if isinstance(b, dict) and b.get("type") != "acp"]
    channels: set[str] = set()
    configured = root.get("channels")
    if isinstance(configured, dict):
        for raw_id, value in configured.items():
            channel = _channel_id(raw_id)
            if channel and raw_id.strip() not in CHANNEL_METADATA_KEYS and (
                    not isinstance(value, dict) or value.get("enabled") is not False):
                channels.add(channel)
    return [channel for channel in sorted(channels) if not any(_channel_wide(rule, channel) for rule in rules)]


def _channel_wide(binding: dict, channel: str) -> bool:
    match = binding.get("match")
    if not isinstance(match, dict) or _channel_id(match.get("channel")) != channel:
        return False
    account = match.get("accountId")
    if not (isinstance(account, str) and account.strip() == "*") or "peer" in match:
        return False
    for key in ("guildId", "teamId"):
        if isinstance(match.get(key), str) and match[key].strip():
            return False
    roles = match.get("roles")
    return not (isinstance(roles, list) and roles)


def _list_to_entries_fix(loaded, order: list[str], pinned: str | None = None) -> Fix | None:
    """Rewrite `list: [ {id: "a", ...}, ... ]` as `entries: { a: {...}, ... }` in the file, keeping
    each item's text (comments included) without its `id` member. With `pinned`, the first item's
    `id` member becomes `workspace: <pinned>` (the workspace OpenClaw keeps that agent on when it
    converts the list itself), so the fixed file means what the list meant. Only when the list and
    all its items are written in one file, and neither `list` nor an item's `id` is written twice
    (see Loaded.written_twice)."""
    origins = loaded.origins
    list_origin = origins.get(("agents", "list"))
    if list_origin is None or list_origin.key is None or list_origin.value is None:
        return None
    source = list_origin.source
    if loaded.written_twice(("agents", "list")) or any(
            loaded.written_twice(("agents", "list", index, "id")) for index in range(len(order))):
        return None
    text = source.text
    if text[list_origin.value.start] != "[" or text[list_origin.value.end - 1] != "]":
        return None
    quote = text[list_origin.key.start] if text[list_origin.key.start] in "\"'" else ""
    edits = [Edit(source.name, list_origin.key.start, list_origin.key.end, f"{quote}entries{quote}"),
             Edit(source.name, list_origin.value.start, list_origin.value.start + 1, "{")]
    for index, agent_id in enumerate(order):
        item = origins.get(("agents", "list", index))
        id_member = origins.get(("agents", "list", index, "id"))
        if (item is None or id_member is None or item.source is not source or id_member.source is not source
                or id_member.key is None or item.path != list_origin.path + (index,)):
            return None
        cut = _member_cut(text, item.value.start, item.value.end, id_member.key.start, id_member.value.end)
        if cut is None:
            return None
        if quote:
            key = f"{quote}{agent_id}{quote}"
        else:
            key = agent_id if re.fullmatch(r"[A-Za-z_$][A-Za-z0-9_$]*", agent_id) else f'"{agent_id}"'
        edits.append(Edit(source.name, item.value.start, item.value.start, f"{key}: "))
        if index == 0 and pinned is not None:
            id_quote = text[id_member.key.start] if text[id_member.key.start] in "\"'" else ""
            written = json.dumps(pinned) if id_quote != "'" else "'" + json.dumps(pinned)[1:-1].replace("'", "\\'") + "'"
            edits.append(Edit(source.name, id_member.key.start, id_member.value.end,
                              f"{id_quote}workspace{id_quote}: {written}"))
        else:
            edits.append(Edit(source.name, cut[0], cut[1], ""))
    edits.append(Edit(source.name, list_origin.value.end - 1, list_origin.value.end, "}"))
    return Fix("convert agents.list to agents.entries keyed by id", tuple(edits))


def _member_cut(text: str, object_start: int, object_end: int, member_start: int, member_end: int):
    """The range to delete to remove one member of an object: the member, its comma, and the blanks
    that separate it; None when comments sit in the way (then a textual fix is not safe)."""
    after = member_end
    while after < object_end and text[after] in " \t":
        after += 1
    if after < object_end and text[after] == ",":
        after += 1
        while after < object_end and text[after] in " \t\r\n":
            after += 1
        return member_start, after
    before = member_start
    while before > object_start and text[before - 1] in " \t\r\n":
        before -= 1
    if before > object_start and text[before - 1] == ",":
        return before - 1, member_end
    if text[object_start] == "{" and text[after:object_end].strip() in ("}", "") :
        return member_start, after
    return None


# --- D. GitHub Copilot discovery -------------------------------------------------------------------

def _copilot_discovery(editor: _Editor) -> None:
    path = ("plugins", "entries", "github-copilot", "config")
    config = _get(editor.root, path)
    if not isinstance(config, dict):
        return
    discovery = config.get("discovery")
    if not isinstance(discovery, dict) or ("enabled" not in discovery and discovery):
        return
    remaining = {key: value for key, value in discovery.items() if key != "enabled"}
    target = editor.writable(path)
    if remaining:
        target["discovery"] = editor.fresh(remaining)
    else:
        del target["discovery"]


# --- E. older releases: legacy keys they accept and move out before validating ---------------------

# Keys a release takes off the config before validating (OpenClaw 2026.3.31 to 2026.7.35 move
# `plugins.installs` into their state; others drop keys that no longer do anything).
_DROPPED_ON_LOAD: dict[str, Path] = {
    "plugins-installs": ("plugins", "installs"),

    "canvas-host": ("canvasHost",),
    "googlechat-stream-mode": ("channels", "googlechat", "streamMode"),
}
# Per-provider blocks some releases move into the provider's own settings while loading.
_PROVIDER_BLOCKS: dict[str, tuple[Path, tuple[str, ...]]] = {
    "tts-provider-blocks": (("messages", "tts"), ("openai", "elevenlabs", "edge", "microsoft")),
    "web-search-provider-blocks": (("tools", "web", "search"), (
        "brave", "duckduckgo", "exa", "firecrawl", "gemini", "grok", "kimi", "minimax", "ollama", "perplexity",
        "searxng", "tavily")),
}

# Talk settings of one provider written flat under `talk` (2026.4.29 moves them under the provider).
_TALK_FLAT_KEYS = ("apiKey", "voiceId", "voiceAliases", "modelId", "outputFormat")


def _browser_extension_driver(editor: _Editor) -> None:
    """The retired `driver: "extension"` of a browser profile, which 2026.4.29 accepts although its
    schema no longer lists it, and then does not ask for a CDP endpoint: read as the driver that
    attaches to a running browser, "existing-session" (inferred from its verdicts on the probes)."""
    profiles = _get(editor.root, ("browser", "profiles"))
    if not isinstance(profiles, dict):
        return
    for name, profile in profiles.items():
        if isinstance(profile, dict) and profile.get("driver") == "extension":
            editor.writable(("browser", "profiles", name))["driver"] = "existing-session"


# Scalar streaming settings of a channel (and of each of its accounts) and where the release puts
# them inside the channel's `streaming` object.
_STREAMING_KEYS: dict[str, Path] = {
    "streamMode": ("mode",),
    "chunkMode": ("chunkMode",),
    "blockStreaming": ("block", "enabled"),
    "blockStreamingCoalesce": ("block", "coalesce"),
    "draftChunk": ("preview", "chunk"),
    "nativeStreaming": ("nativeTransport",),
}


def _drop(editor: _Editor, path: Path) -> None:
    parent = _get(editor.root, path[:-1])
    if isinstance(parent, dict) and path[-1] in parent:
        del editor.writable(path[:-1])[path[-1]]


def _channel_streaming(editor: _Editor, channel: str) -> None:
    settings = _get(editor.root, ("channels", channel))
    if not isinstance(settings, dict):
        return
    places: list[Path] = [("channels", channel)]
    accounts = settings.get("accounts")
    if isinstance(accounts, dict):
        places += [("channels", channel, "accounts", name) for name, value in accounts.items() if isinstance(value, dict)]
    for place in places:
        node = _get(editor.root, place)
        scalar = node.get("streaming")
        legacy = [key for key in _STREAMING_KEYS if key in node]
        if not legacy and not isinstance(scalar, str):
            continue
        target = editor.writable(place)
        streaming = dict(scalar) if isinstance(scalar, dict) else {}
        if isinstance(scalar, str):
            streaming["mode"] = scalar
        for key in legacy:
            value = target.pop(key)
            *parents, last = _STREAMING_KEYS[key]
            holder = streaming
            for name in parents:
                holder = holder.setdefault(name, {}) if isinstance(holder.get(name, {}), dict) else holder
            holder.setdefault(last, value)
        target["streaming"] = editor.fresh(streaming)


def _get(root: Any, path: Path) -> Any:
    node = root
    for segment in path:
        if isinstance(node, dict) and isinstance(segment, str):
            node = node.get(segment)
        elif isinstance(node, list) and isinstance(segment, int) and 0 <= segment < len(node):
            node = node[segment]
        else:
            return None
    return node


def _dotted(path: Path) -> str:
    out = ""
    for segment in path:
        out += f"[{segment}]" if isinstance(segment, int) else (("." if out else "") + segment)
    return out
