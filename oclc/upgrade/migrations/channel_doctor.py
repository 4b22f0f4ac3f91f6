"""The channel plugins' own doctor migrations (2026.9.6 bundles them beside the 82 core ones):
flat streaming keys into the `streaming` object, `dm.policy`/`dm.allowFrom` to the channel's
own keys, and Telegram's retired settings.

One table says how each channel reads its old keys (the mode a legacy stream setting meant, which
flat keys it had); the walk is the same for every channel, its root and each of its accounts.
Where a channel's account replaced the root `streaming` object wholesale, doctor copies the
inherited settings into the account; oclc names that account instead of guessing the mix."""
from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass

from ..tree import MISSING, Tree, same_value
from .common import BLOCKED_KEYS, Migration, own, q, unset


@dataclass(frozen=True)
class StreamingSpec:
    default_mode: str
    preview_chunk: bool = False          # draftChunk -> streaming.preview.chunk
    delivery_only: bool = False          # only the delivery keys (chunkMode, block*) are legacy here
    dm: bool = False                     # dm.policy / dm.allowFrom aliases, root and accounts
    native: bool = False                 # nativeStreaming -> streaming.nativeTransport (Slack)
    replaces_root: bool = False          # an account's streaming object replaces the root one
    bool_mode_only: bool = False         # Matrix: `streaming: true` is partial, anything else off
    resolve: Callable[[dict], str] | None = None   # the channel reads its legacy modes its own way
    inherits_default_account: bool = False   # a new account streaming object replaces the default account's


def _slack_mode(entry: dict) -> str:
    """Slack's old streamMode had its own values (replace, status_final, append); with nothing
    set, Slack streamed progress."""
    streaming = entry.get("streaming")
    parsed = _mode(streaming.get("mode") if isinstance(streaming, dict) else streaming)
    if parsed:
        return parsed
    legacy = entry.get("streamMode")
    legacy = legacy.strip().lower() if isinstance(legacy, str) else None
    if legacy in ("replace", "status_final", "append"):
        return {"append": "block", "status_final": "progress"}.get(legacy, "partial")
    if isinstance(streaming, bool):
        return "partial" if streaming else "off"
    return "progress"


def _matrix_mode(entry: dict) -> str:
    streaming = entry.get("streaming")
    value = streaming.get("mode") if isinstance(streaming, dict) else streaming
    if isinstance(value, str) and value.strip().lower() in ("partial", "quiet", "progress", "off"):
        return value.strip().lower()
    return "partial" if streaming is True else "off"


def _slack_native(entry: dict) -> bool:
    streaming = entry.get("streaming")
    canonical = streaming.get("nativeTransport") if isinstance(streaming, dict) else None
    for value in (canonical, entry.get("nativeStreaming"), streaming):
        if isinstance(value, bool):
            return value
    return True


CHANNELS = {
    "telegram": StreamingSpec("partial", preview_chunk=True),
    "discord": StreamingSpec("off", preview_chunk=True, dm=True, replaces_root=True),
    "feishu": StreamingSpec("partial", replaces_root=True),
    "googlechat": StreamingSpec("partial", delivery_only=True, dm=True, inherits_default_account=True),
    "imessage": StreamingSpec("partial", delivery_only=True),
    "irc": StreamingSpec("partial", delivery_only=True, replaces_root=True),
    "matrix": StreamingSpec("off", replaces_root=True, bool_mode_only=True, resolve=_matrix_mode),
    "mattermost": StreamingSpec("partial", replaces_root=True),
    "msteams": StreamingSpec("partial"),
    "nextcloud-talk": StreamingSpec("partial", delivery_only=True, replaces_root=True),
    "signal": StreamingSpec("partial", delivery_only=True, replaces_root=True),
    "slack": StreamingSpec("partial", dm=True, native=True, resolve=_slack_mode),
    "whatsapp": StreamingSpec("partial", delivery_only=True, inherits_default_account=True),
}
STREAM_MODES = ("off", "partial", "block", "progress")
DELIVERY_KEYS = ("chunkMode", "blockStreaming", "blockStreamingCoalesce")


def _mode(value) -> str | None:
    if isinstance(value, str) and value.strip().lower() in STREAM_MODES:
        return value.strip().lower()
    return None


def _resolved_mode(entry: dict, spec: StreamingSpec) -> str:
    if spec.resolve is not None:
        return spec.resolve(entry)
    streaming = entry.get("streaming")
    nested = streaming.get("mode") if isinstance(streaming, dict) else None
    if spec.bool_mode_only:
        parsed = _mode(nested if isinstance(streaming, dict) else streaming)
        return parsed or ("partial" if streaming is True else "off")
    parsed = _mode(nested if nested is not None else streaming) or _mode(entry.get("streamMode"))
    if parsed:
        return parsed
    if isinstance(streaming, bool):
        return "partial" if streaming else "off"
    return spec.default_mode


def _has_aliases(entry, spec: StreamingSpec) -> bool:
    """What makes doctor look at a channel whose streaming has only delivery settings."""
    return isinstance(entry, dict) and any(key in entry for key in DELIVERY_KEYS)


def _has_dm_aliases(entry) -> bool:
    dm = entry.get("dm") if isinstance(entry, dict) else None
    return isinstance(dm, dict) and ("policy" in dm or "allowFrom" in dm)


def _streaming_aliases(tree: Tree, path: tuple, spec: StreamingSpec, alias_only_mode: str | None = None) -> bool:
    entry = tree.record(path)
    had_stream_mode = "streamMode" in entry
    before = entry.get("streaming", None) if "streaming" in entry else None
    scalar = isinstance(before, (bool, str))
    flat = any(key in entry for key in DELIVERY_KEYS) or (spec.preview_chunk and "draftChunk" in entry) \
        or "nativeStreaming" in entry
    if not (had_stream_mode or scalar or flat):
        return False
    streaming = path + ("streaming",)
    resolved = _resolved_mode(entry, spec)
    reason = "the channel's streaming settings live in its `streaming` object now"
    if tree.record(streaming) is None:
        if scalar:
            tree.set(streaming, {"mode": resolved}, f"streaming is an object now; {q(before)} is mode "
                     f"{q(resolved)}")
        elif own(tree, streaming):
            tree.delete(streaming, "it was not an object")
    if had_stream_mode:
        if unset(tree, streaming + ("mode",)):
            tree.move(path + ("streamMode",), streaming + ("mode",), reason)
            if tree.get(streaming + ("mode",), MISSING) != resolved:
                tree.set(streaming + ("mode",), resolved, f"{reason}; the old setting meant {q(resolved)}")
        else:
            tree.delete(path + ("streamMode",), f"{reason}; streaming.mode is already set (it wins)")
    moves = [("chunkMode", ("chunkMode",)), ("blockStreaming", ("block", "enabled"))]
    if spec.preview_chunk:
        moves.append(("draftChunk", ("preview", "chunk")))
    moves.append(("blockStreamingCoalesce", ("block", "coalesce")))
    for flat_key, place in moves:
        if not own(tree, path + (flat_key,)):
            continue
        target = streaming + place
        if own(tree, target[:-1]) and tree.record(target[:-1]) is None:
            tree.delete(target[:-1], "it was not an object")
        if unset(tree, target):
            tree.move(path + (flat_key,), target, reason)
        else:
            tree.delete(path + (flat_key,), f"{reason}; streaming.{'.'.join(place)} is already set (it wins)")
    if spec.native:
        native = _slack_native(entry)
        if own(tree, path + ("nativeStreaming",)):
            if unset(tree, streaming + ("nativeTransport",)):
                if tree.get(path + ("nativeStreaming",)) is native:
                    tree.move(path + ("nativeStreaming",), streaming + ("nativeTransport",), reason)
                else:
                    tree.set(streaming + ("nativeTransport",), native, reason)
                    tree.delete(path + ("nativeStreaming",), reason)
            else:
                tree.delete(path + ("nativeStreaming",), f"{reason}; streaming.nativeTransport is already set")
        elif isinstance(before, bool) and unset(tree, streaming + ("nativeTransport",)):
            tree.set(streaming + ("nativeTransport",), native, f"`streaming: {q(before)}` also said whether Slack "
                     "uses its native stream")
    if before is None and alias_only_mode and unset(tree, streaming + ("mode",)):
        tree.set(streaming + ("mode",), alias_only_mode, "the mode this channel used before")
    if unset(tree, streaming):
        tree.set(streaming, {}, reason)
    return True


def _dm_aliases(tree: Tree, path: tuple) -> None:
    dm = path + ("dm",)
    record = tree.record(dm)
    if record is None:
        return
    changed = False
    for legacy, canonical in (("policy", "dmPolicy"), ("allowFrom", "allowFrom")):
        if legacy not in record:
            continue
        if unset(tree, path + (canonical,)):
            tree.move(dm + (legacy,), path + (canonical,), f"dm.{legacy} is the channel's {canonical} now")
            changed = True
        elif _same_setting(tree.get(path + (canonical,)), record[legacy], legacy == "allowFrom"):
            tree.delete(dm + (legacy,), f"dm.{legacy} is the channel's {canonical} now, which says the same")
            changed = True
        else:
            tree.decide(dm + (legacy,), f"dm.{legacy} and {canonical} disagree; keep the one you mean as "
                        f"{canonical} and remove dm.{legacy}")
    if changed and tree.record(dm) == {}:
        tree.delete(dm, "nothing is left in it")


def _same_setting(a, b, is_list: bool) -> bool:
    """dmPolicy must be the very value; allowFrom lists the same entries in the same order (as
    trimmed text, empty ones aside)."""
    if not is_list:
        return type(a) is type(b) and a == b
    if not (isinstance(a, list) and isinstance(b, list)):
        return False
    return _entries(a) == _entries(b)


def _entries(values: list) -> list[str]:
    return [text for text in (_js_text(v).strip() for v in values) if text]


def _js_text(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return ",".join("" if v is None else _js_text(v) for v in value)
    if isinstance(value, dict):
        return "[object Object]"
    return str(value)


def _fill_missing(target: dict, source: dict) -> dict:
    """target with what only source has (recursively into objects both have); target wins."""
    merged = copy.deepcopy(target)
    for key, value in source.items():
        if key not in merged:
            merged[key] = copy.deepcopy(value)
        elif isinstance(merged[key], dict) and isinstance(value, dict):
            merged[key] = _fill_missing(merged[key], value)
    return merged


def _merge_deep(base, override):
    """override over base, recursively for objects (arrays and other values are replaced)."""
    if not isinstance(base, dict) or not isinstance(override, dict):
        return copy.deepcopy(override)
    merged = {k: copy.deepcopy(v) for k, v in base.items() if k not in BLOCKED_KEYS}
    for key, value in override.items():
        if key in BLOCKED_KEYS:
            continue
        merged[key] = _merge_deep(merged[key], value) if isinstance(value, dict) and isinstance(merged.get(key), dict) \
            else copy.deepcopy(value)
    return merged


def _root_flat_delivery(entry: dict, spec: StreamingSpec) -> dict | None:
    """The root's flat delivery settings, as the streaming object they meant."""
    seed: dict = {}
    if "chunkMode" in entry:
        seed["chunkMode"] = entry["chunkMode"]
    block = {key: entry[flat] for flat, key in (("blockStreaming", "enabled"), ("blockStreamingCoalesce", "coalesce"))
             if flat in entry}
    if block:
        seed["block"] = block
    if spec.preview_chunk and "draftChunk" in entry:
        seed["preview"] = {"chunk": entry["draftChunk"]}
    return seed or None


def _seeded_new_account_streaming(created: dict, root_nested: dict | None, root_flat: dict | None, root_after: dict) -> dict:
    """An account's new streaming object replaces the root's for it: it gets what it inherited,
    with each setting's old precedence (the root's nested values outranked the account's flat
    ones, except the account's own chunkMode and coalesce fields)."""
    root_nested = root_nested or {}
    root_flat = root_flat or {}
    seeded = _fill_missing(_fill_missing(_fill_missing(root_nested, created), root_flat), root_after)
    if "chunkMode" in created:
        seeded["chunkMode"] = copy.deepcopy(created["chunkMode"])
    created_block = created.get("block") if isinstance(created.get("block"), dict) else {}
    created_coalesce = created_block.get("coalesce")
    if isinstance(created_coalesce, dict):
        def coalesce_of(source):
            block = source.get("block") if isinstance(source.get("block"), dict) else {}
            return block.get("coalesce") if isinstance(block.get("coalesce"), dict) else None
        root_coalesce = coalesce_of(root_nested) or coalesce_of(root_flat) or {}
        block = dict(seeded["block"]) if isinstance(seeded.get("block"), dict) else {}
        block["coalesce"] = {**copy.deepcopy(root_coalesce), **copy.deepcopy(created_coalesce)}
        seeded["block"] = block
    nested_preview = root_nested.get("preview") if isinstance(root_nested.get("preview"), dict) else {}
    created_preview = created.get("preview") if isinstance(created.get("preview"), dict) else {}
    if "chunk" in nested_preview and "chunk" in created_preview:
        preview = dict(seeded["preview"]) if isinstance(seeded.get("preview"), dict) else {}
        preview["chunk"] = copy.deepcopy(nested_preview["chunk"])
        seeded["preview"] = preview
    return seeded


def _seeded_existing_account_streaming(current: dict, root_flat: dict) -> dict:
    """An account that had its own streaming kept the root's flat delivery settings it did not set."""
    seeded = copy.deepcopy(current)
    block = seeded.get("block") if isinstance(seeded.get("block"), dict) else {}
    if "chunkMode" in root_flat and "chunkMode" not in seeded:
        seeded["chunkMode"] = copy.deepcopy(root_flat["chunkMode"])
    flat_block = root_flat.get("block") or {}
    if "enabled" in flat_block and "enabled" not in block:
        seeded["block"] = block = {**block, "enabled": copy.deepcopy(flat_block["enabled"])}
    if isinstance(flat_block.get("coalesce"), dict):
        own_coalesce = block.get("coalesce") if isinstance(block.get("coalesce"), dict) else {}
        merged = {**copy.deepcopy(flat_block["coalesce"]), **copy.deepcopy(own_coalesce)}
        if merged != own_coalesce or list(merged) != list(own_coalesce):
            seeded["block"] = {**block, "coalesce": merged}
    preview = seeded.get("preview") if isinstance(seeded.get("preview"), dict) else {}
    if "preview" in root_flat and "chunk" not in preview:
        seeded["preview"] = {**preview, "chunk": copy.deepcopy(root_flat["preview"]["chunk"])}
    return seeded


def apply_value(tree: Tree, path: tuple, new, reason: str) -> None:
    """Make the value at `path` equal `new`, editing only the members that differ."""
    old = tree.get(path, MISSING)
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [k for k in old if k not in new]:
            tree.delete(path + (key,), reason)
        for key, value in new.items():
            apply_value(tree, path + (key,), value, reason)
    elif old is MISSING or not same_value(old, new) or type(old) is not type(new):
        tree.set(path, new, reason)


def _default_account_key(accounts: dict) -> str | None:
    if "default" in accounts:
        return "default"
    return next((key for key in accounts if key not in BLOCKED_KEYS and key.strip().lower() == "default"), None)


def _materialize_inherited(tree: Tree, channel: str, accounts_before: dict) -> None:
    """Where an account's streaming object is new, it gets what it inherited from the default
    account (or the channel), which it now replaces."""
    root = ("channels", channel)
    accounts = tree.record(root + ("accounts",))
    if not accounts:
        return
    root_streaming = tree.record(root + ("streaming",))
    default = _default_account_key(accounts)
    order = ([default] if default is not None else []) + [key for key in accounts if key != default]
    for account in order:
        before = accounts_before.get(account)
        if isinstance(before, dict) and "streaming" in before:
            continue
        created = tree.record(root + ("accounts", account, "streaming"))
        if created is None:
            continue
        default_streaming = tree.record(root + ("accounts", default, "streaming")) if default is not None else None
        inherited = root_streaming if account == default else (
            default_streaming if default_streaming is not None else root_streaming)
        if inherited is None:
            continue
        materialized = _merge_deep(inherited, created)
        if same_value(materialized, created):
            continue
        source = f"channels.{channel}.accounts.{default}.streaming" if account != default and default_streaming is not None \
            else f"channels.{channel}.streaming"
        apply_value(tree, root + ("accounts", account, "streaming"), materialized,
                    f"the account's new streaming object replaces {source} for it: it keeps the settings it inherited")


def channel_streaming(tree: Tree) -> None:
    for channel, spec in CHANNELS.items():
        root = ("channels", channel)
        if tree.record(root) is None:
            continue
        accounts = tree.record(root + ("accounts",)) or {}
        if spec.delivery_only and not _has_aliases(tree.record(root), spec) and not any(
                _has_aliases(a, spec) for a in accounts.values()) and not (spec.dm and (
                _has_dm_aliases(tree.record(root)) or any(_has_dm_aliases(a) for a in accounts.values()))):
            continue
        accounts_before = copy.deepcopy(accounts)
        root_entry = tree.record(root)
        root_flat = _root_flat_delivery(root_entry, spec) if spec.replaces_root else None
        root_nested = copy.deepcopy(root_entry.get("streaming")) if spec.replaces_root and isinstance(
            root_entry.get("streaming"), dict) else None
        if spec.dm:
            _dm_aliases(tree, root)
        _streaming_aliases(tree, root, spec)
        root_streaming = tree.record(root + ("streaming",))
        for account in list(tree.record(root + ("accounts",)) or ()):
            path = root + ("accounts", account)
            if tree.record(path) is None:
                continue
            if spec.dm:
                _dm_aliases(tree, path)
            had_streaming = own(tree, path + ("streaming",))
            changed = _streaming_aliases(tree, path, spec)
            created = tree.record(path + ("streaming",))
            if spec.replaces_root and changed and not had_streaming and root_streaming is not None and created is not None:
                seeded = _seeded_new_account_streaming(created, root_nested, root_flat, root_streaming)
                if json.dumps(seeded, sort_keys=False) != json.dumps(created, sort_keys=False):
                    apply_value(tree, path + ("streaming",), seeded, f"the account's new streaming object replaces "
                                f"channels.{channel}.streaming for it: it keeps the settings it inherited")
            elif root_flat and had_streaming and created is not None:
                seeded = _seeded_existing_account_streaming(created, root_flat)
                if not same_value(seeded, created):
                    apply_value(tree, path + ("streaming",), seeded, f"the account kept channels.{channel}'s flat "
                                "delivery settings it did not set itself; they are written into its streaming object")
        if spec.inherits_default_account:
            _materialize_inherited(tree, channel, accounts_before)


HEARTBEAT_VISIBILITY_KEYS = ("showOk", "showAlerts", "useIndicator")


def heartbeat_visibility(tree: Tree) -> None:
    """A channel's (or the channel defaults') heartbeat block that only says what to show is
    called heartbeatVisibility now."""
    channels = tree.record(("channels",))
    if channels is None:
        return
    places = [("channels", "defaults")] if tree.record(("channels", "defaults")) is not None else []
    for channel in list(channels):
        if not channel.strip() or channel in ("defaults", "modelByChannel") or tree.record(("channels", channel)) is None:
            continue
        places.append(("channels", channel))
        places.extend(("channels", channel, "accounts", account) for account in (tree.record(("channels", channel, "accounts")) or {})
                      if tree.record(("channels", channel, "accounts", account)) is not None)
    for place in places:
        heartbeat = tree.record(place + ("heartbeat",))
        keep_empty = len(place) > 1 and place[1] == "feishu"
        if heartbeat is None or (keep_empty and not heartbeat) or any(k not in HEARTBEAT_VISIBILITY_KEYS for k in heartbeat):
            continue
        reason = "what a heartbeat shows is set in heartbeatVisibility now"
        if unset(tree, place + ("heartbeatVisibility",)):
            tree.rename(place + ("heartbeat",), "heartbeatVisibility", reason)
        else:
            tree.delete(place + ("heartbeat",), f"{reason}, which is already set (it wins)")


TELEGRAM_TUNING = ("timeoutSeconds", "mediaGroupFlushMs", "pollingStallThresholdMs", "retry", "errorCooldownMs")


def _telegram_tuning(tree: Tree, path: tuple, scope: str) -> None:
    keys = TELEGRAM_TUNING if scope in ("channel", "account") else ("errorCooldownMs",)
    for key in keys:
        tree.delete(path + (key,), "a retired Telegram tuning knob; the built-in default applies")
    maps = [] if scope == "topic" else ["topics"] if scope == "chat" else ["groups", "direct"]
    if scope == "channel":
        maps.append("accounts")
    for key in maps:
        for child in list(tree.record(path + (key,)) or ()):
            if tree.record(path + (key, child)) is not None:
                _telegram_tuning(tree, path + (key, child),
                                 "account" if key == "accounts" else "topic" if key == "topics" else "chat")


def _telegram_retired(tree: Tree, path: tuple, root_history_mode=None, root_history_limit=None) -> None:
    if tree.record(path + ("dm",)) is not None:
        tree.delete(path + ("dm",), "Telegram DM topic sessions follow the bot's has_topics_enabled now")
    for chat in list(tree.record(path + ("direct",)) or ()):
        if tree.record(path + ("direct", chat)) is not None:
            tree.delete(path + ("direct", chat, "threadReplies"), "Telegram DM topic sessions follow the bot's "
                        "has_topics_enabled now")
    preview = path + ("streaming", "preview")
    if tree.record(preview) is not None:
        removed = False
        for key in ("nativeToolProgress", "nativeToolProgressAllowFrom"):
            if own(tree, preview + (key,)):
                tree.delete(preview + (key,), "Telegram previews use rich send/edit messages now")
                removed = True
        if removed and tree.record(preview) == {}:
            tree.delete(preview, "nothing is left in it")
            if tree.record(path + ("streaming",)) == {}:
                tree.delete(path + ("streaming",), "nothing is left in it")
    if own(tree, path + ("includeGroupHistoryContext",)):
        mode = tree.get(path + ("includeGroupHistoryContext",))
        reason = "Telegram group history is always on for groups, bounded by historyLimit"
        if mode == "none":
            tree.set(path + ("historyLimit",), 0, f"{reason}; 'none' is a limit of 0")
        elif mode == "recent" and root_history_limit is not None and unset(tree, path + ("historyLimit",)):
            tree.set(path + ("historyLimit",), root_history_limit, f"{reason}; it keeps the limit it inherited")
        tree.delete(path + ("includeGroupHistoryContext",), reason)


def telegram_retired(tree: Tree) -> None:
    root = ("channels", "telegram")
    if tree.record(root) is None:
        return
    _telegram_tuning(tree, root, "channel")
    record = tree.record(root)
    history_mode = record.get("includeGroupHistoryContext")
    history_limit = record.get("historyLimit") if isinstance(record.get("historyLimit"), (int, float)) else (
        tree.get(("messages", "groupChat", "historyLimit"), 50))
    _telegram_retired(tree, root)
    if own(tree, root + ("groupMentionsOnly",)):
        groups = tree.get(root + ("groups",))
        entry = tree.get(root + ("groups", "*"))
        if (own(tree, root + ("groups",)) and not isinstance(groups, dict)) or \
                (own(tree, root + ("groups", "*")) and not isinstance(entry, dict)):
            tree.decide(root + ("groupMentionsOnly",), "move it to channels.telegram.groups.\"*\".requireMention "
                        "by hand (groups has another shape)")
        else:
            reason = "Telegram's mention gating is the default group entry's requireMention now"
            if unset(tree, root + ("groups", "*", "requireMention")):
                tree.move(root + ("groupMentionsOnly",), root + ("groups", "*", "requireMention"), reason)
            else:
                tree.delete(root + ("groupMentionsOnly",), f"{reason}, which is already set")
    for account in list(tree.record(root + ("accounts",)) or ()):
        if tree.record(root + ("accounts", account)) is not None:
            _telegram_retired(tree, root + ("accounts", account), history_mode,
                              history_limit if history_mode == "none" else None)


TALK_LEGACY_KEYS = ("voiceId", "voiceAliases", "modelId", "outputFormat", "apiKey")


def talk_provider_fields(tree: Tree) -> None:
    """The ElevenLabs plugin's own migration: talk's provider settings moved under
    talk.providers.<provider> (the configured provider, else the only one, else elevenlabs)."""
    talk = tree.record(("talk",))
    if talk is None or not any(key in talk for key in TALK_LEGACY_KEYS):
        return
    provider = talk.get("provider").strip() if isinstance(talk.get("provider"), str) and talk["provider"].strip() else None
    providers = talk.get("providers") if isinstance(talk.get("providers"), dict) else None
    if provider is None:
        names = [name for name in (providers or {}) if name not in BLOCKED_KEYS]
        if len(names) > 1:
            tree.decide(("talk",), "talk.providers lists several providers and talk.provider is unset: move "
                        f"{', '.join(k for k in TALK_LEGACY_KEYS if k in talk)} under the provider they belong to")
            return
        provider = names[0] if names else "elevenlabs"
    if provider in BLOCKED_KEYS:
        return
    reason = f"talk's provider settings live under talk.providers.{provider} now"
    target = ("talk", "providers", provider)
    for path in (target[:2], target):
        if own(tree, path) and tree.record(path) is None:
            tree.delete(path, "it was not an object")
    for key in TALK_LEGACY_KEYS:
        if not own(tree, ("talk", key)):
            continue
        if unset(tree, target + (key,)):
            tree.move(("talk", key), target + (key,), reason)
        elif isinstance(tree.get(target + (key,)), dict) and isinstance(tree.get(("talk", key)), dict):
            tree.merge_missing(("talk", key), target + (key,), reason + " (what is already there wins)")
        else:
            tree.delete(("talk", key), f"{reason}; it is already set there (that value wins)")


MIGRATIONS = [
    Migration("channels.heartbeat-visibility", "Rename channel heartbeat blocks to heartbeatVisibility",
              heartbeat_visibility),
    Migration("channels.streaming-aliases", "Move channels' flat streaming keys into `streaming`", channel_streaming),
    Migration("channels.telegram.retired", "Remove Telegram's retired settings", telegram_retired),
    Migration("talk.providers-legacy-fields", "Move talk's provider settings under talk.providers",
              talk_provider_fields),
]
