"""Doctor migrations 1-7: channels, group routing, QQBot 2.0, audio transcription, queue modes."""
from __future__ import annotations

import re

from ..tree import Tree
from .common import (
    BLOCKED_KEYS,
    Migration,
    channel_entries,
    delete_if_empty,
    own,
    q,
    unset,
)

# 1 ------------------------------------------------------------------------------------------------

def webchat_channel(tree: Tree) -> None:
    if not own(tree, ("channels", "webchat")) or tree.record(("channels",)) is None:
        return
    tree.delete(("channels", "webchat"), "the WebChat channel was retired; nothing replaces this setting")
    delete_if_empty(tree, ("channels",))


# 2 ------------------------------------------------------------------------------------------------

def _default_group_mention(tree: Tree, channel: str, value, legacy: str) -> None:
    """Give channels.<channel>.groups."*".requireMention the legacy value, unless the groups block
    has another shape or already says it."""
    groups = ("channels", channel, "groups")
    if own(tree, groups) and tree.record(groups) is None:
        return
    entry = tree.get(("channels", channel, "groups", "*"))
    if own(tree, ("channels", channel, "groups", "*")) and not isinstance(entry, dict):
        return
    target = ("channels", channel, "groups", "*", "requireMention")
    if unset(tree, target):
        tree.set(target, value, f"`{legacy}` became a per-channel setting: the default group entry "
                               f"of channels.{channel} takes it")


def group_routing(tree: Tree) -> None:
    routing = tree.record(("routing",))
    if routing is not None and own(tree, ("routing", "allowFrom")):
        if tree.record(("channels", "whatsapp")) is None:
            tree.delete(("routing", "allowFrom"), "routing.allowFrom was retired, and its new place "
                        "(channels.whatsapp.allowFrom) has no WhatsApp channel to go to")
        elif unset(tree, ("channels", "whatsapp", "allowFrom")):
            tree.move(("routing", "allowFrom"), ("channels", "whatsapp", "allowFrom"),
                      "the WhatsApp allow-list moved from routing to the WhatsApp channel")
        else:
            tree.delete(("routing", "allowFrom"), "routing.allowFrom was retired and "
                        "channels.whatsapp.allowFrom is already set (it wins)")
        delete_if_empty(tree, ("routing",))
    if tree.record(("routing",)) is not None and tree.record(("routing", "groupChat")) is not None:
        if own(tree, ("routing", "groupChat", "requireMention")):
            value = tree.get(("routing", "groupChat", "requireMention"))
            for channel in ("whatsapp", "telegram", "imessage"):
                if tree.record(("channels", channel)) is not None:
                    _default_group_mention(tree, channel, value, "routing.groupChat.requireMention")
            tree.delete(("routing", "groupChat", "requireMention"),
                        "mention gating moved to each channel's groups (copied to the WhatsApp, Telegram "
                        "and iMessage channels configured here)")
        for field in ("historyLimit", "mentionPatterns"):
            legacy = ("routing", "groupChat", field)
            if not own(tree, legacy):
                continue
            if unset(tree, ("messages", "groupChat", field)):
                tree.move(legacy, ("messages", "groupChat", field), "group-chat settings moved from routing to messages")
            else:
                tree.delete(legacy, f"it moved to messages.groupChat.{field}, which is already set (it wins)")
        delete_if_empty(tree, ("routing", "groupChat"))
        delete_if_empty(tree, ("routing",))
    if tree.record(("channels", "telegram")) is not None and own(tree, ("channels", "telegram", "requireMention")):
        value = tree.get(("channels", "telegram", "requireMention"))
        _default_group_mention(tree, "telegram", value, "channels.telegram.requireMention")
        tree.delete(("channels", "telegram", "requireMention"),
                    "Telegram's mention gating moved to its default group entry (groups.\"*\")")


# 3 ------------------------------------------------------------------------------------------------

def feishu_bot_name(tree: Tree) -> None:
    accounts = tree.record(("channels", "feishu", "accounts"))
    if accounts is None:
        return
    for account_id, account in list(accounts.items()):
        if not isinstance(account, dict) or "botName" not in account:
            continue
        owner = ("channels", "feishu", "accounts", account_id)
        if unset(tree, owner + ("name",)):
            tree.rename(owner + ("botName",), "name", "a Feishu account's bot name is now its `name`")
        else:
            tree.delete(owner + ("botName",), "a Feishu account's bot name is now its `name`, which is already set")


# 4 ------------------------------------------------------------------------------------------------

def _thread_bindings(tree: Tree, owner: tuple) -> None:
    bindings = owner + ("threadBindings",)
    record = tree.record(bindings)
    if record is None:
        return
    if "ttlHours" in record:
        if unset(tree, bindings + ("idleHours",)):
            tree.rename(bindings + ("ttlHours",), "idleHours", "thread bindings now expire after idle hours")
        else:
            tree.delete(bindings + ("ttlHours",), "it was renamed idleHours, which is already set")
    record = tree.record(bindings)
    if "spawnSubagentSessions" in record or "spawnAcpSessions" in record:
        subagent, acp = record.get("spawnSubagentSessions"), record.get("spawnAcpSessions")
        sub = subagent if isinstance(subagent, bool) else None
        ac = acp if isinstance(acp, bool) else None
        resolved = ac if sub is None else (sub if ac is None else (sub and ac))
        had = own(tree, bindings + ("spawnSessions",))
        reason = ("one switch, spawnSessions, replaced the two spawn switches"
                  + (" (it is already set and wins)" if had else
                     f"; it is {str(resolved).lower()}" if resolved is not None else ""))
        if not had and resolved is not None:
            tree.set(bindings + ("spawnSessions",), resolved, reason, action="added")
        for key in ("spawnSubagentSessions", "spawnAcpSessions"):
            tree.delete(bindings + (key,), reason)


def thread_bindings(tree: Tree) -> None:
    if tree.record(("session",)) is not None:
        _thread_bindings(tree, ("session",))
    channels = tree.record(("channels",))
    if channels is None:
        return
    for channel_id in list(channels):
        for owner in channel_entries(tree, channel_id):
            _thread_bindings(tree, owner)


# 5: QQBot 2.0 -------------------------------------------------------------------------------------

APPROVALS_DISABLED = "openclaw:approval-disabled"


def _env(tree: Tree, name: str) -> bool:
    return bool((tree.env.get(name) or "").strip())


def _ids(value) -> list[str]:
    if not isinstance(value, list):
        return []
    out: list[str] = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, (str, int, float)):
            continue
        text = _js_string(item).strip()
        if text and text not in out:
            out.append(text)
    return out


def _js_string(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _legacy_allow_from(value) -> list[str]:
    out: list[str] = []
    for item in _ids(value):
        bare = re.sub(r"^qqbot:", "", item, flags=re.IGNORECASE)
        bare = bare if bare in ("*", APPROVALS_DISABLED) else bare.upper()
        if bare not in out:
            out.append(bare)
    return out


def _qqbot_default_account(tree: Tree) -> None:
    qq = ("channels", "qqbot")
    qqbot = tree.record(qq)
    accounts = tree.record(qq + ("accounts",))
    configured = qqbot.get("defaultAccount").strip() if isinstance(qqbot.get("defaultAccount"), str) else ""
    default_account = tree.record(qq + ("accounts", "default"))
    if configured and configured.lower() != "default":
        selected = configured.lower()
        if tree.record(qq + ("accounts", selected)) is None:
            tree.delete(qq + ("defaultAccount",), "it names no configured account; QQBot already fell back to "
                        "its usual account order")
            return
        if qqbot.get("appId") or _env(tree, "QQBOT_APP_ID") or default_account is not None:
            return
        for key in [key for key in accounts if key != selected]:
            tree.to_end(qq + ("accounts", key), f"QQBot 2.0 takes the first account as the default, so "
                        f"`{selected}` comes first")
        tree.delete(qq + ("defaultAccount",), "QQBot 2.0 takes the first account as the default, and "
                    f"`{selected}` now is the first")
        return
    if accounts is None or default_account is None:
        if own(tree, qq + ("defaultAccount",)):
            tree.delete(qq + ("defaultAccount",), "QQBot 2.0 selects the top-level account directly")
        return
    for key in list(default_account):
        if key == "accounts" or key in BLOCKED_KEYS:
            continue
        source = qq + ("accounts", "default", key)
        if own(tree, qq + (key,)):
            tree.delete(qq + (key,), "QQBot 2.0 reads the default account's settings at the top of "
                        "channels.qqbot; the accounts.default value replaces this one")
        tree.move(source, qq + (key,), "QQBot 2.0 reads the default account's settings at the top of channels.qqbot")
    tree.delete(qq + ("accounts", "default"), "its settings moved to the top of channels.qqbot")
    delete_if_empty(tree, qq + ("accounts",))
    if own(tree, qq + ("defaultAccount",)):
        tree.delete(qq + ("defaultAccount",), "QQBot 2.0 selects the top-level account directly")


def _qqbot_entries(tree: Tree):
    qq = ("channels", "qqbot")
    snapshot = tree.get(qq)
    entries = [(qq, None, None)]
    accounts = tree.record(qq + ("accounts",))
    if accounts is not None:
        for account_id, value in accounts.items():
            if isinstance(value, dict):
                entries.append((qq + ("accounts", account_id), account_id,
                                snapshot if account_id == "default" else None))
    return entries


def _alias_segment(value: str) -> str:
    return re.sub(r"^-+|-+$", "", re.sub(r"[^a-z0-9_-]+", "-", value.strip().lower())) or "account"


def _client_secret_file(tree: Tree, path: tuple, suffix: str | None) -> None:
    entry = tree.record(path)
    if "clientSecretFile" not in entry:
        return
    if own(tree, path + ("clientSecret",)):
        tree.delete(path + ("clientSecretFile",), "clientSecret is already set, and QQBot 2.0 reads only it")
        return
    raw = entry["clientSecretFile"]
    file_path = raw.strip() if isinstance(raw, str) else ""
    if not file_path:
        tree.set(path + ("enabled",), False, "its clientSecretFile was empty, so the account cannot sign in")
        tree.delete(path + ("clientSecretFile",), "an empty secret file path")
        return
    secrets = tree.get(("secrets",))
    providers = tree.get(("secrets", "providers"))
    if (own(tree, ("secrets",)) and not isinstance(secrets, dict)) or (
            own(tree, ("secrets", "providers")) and not isinstance(providers, dict)):
        tree.set(path + ("enabled",), False, "its clientSecretFile cannot become a file SecretRef while "
                 "secrets.providers has another shape")
        return
    base = f"qqbot{'-' + _alias_segment(suffix) if suffix else ''}-client-secret"[:60].rstrip("-")
    alias = None
    for index in range(1, 1000):
        candidate = base if index == 1 else f"{base[:60 - len(str(index))]}-{index}"
        existing = tree.get(("secrets", "providers", candidate))
        if existing is None and not own(tree, ("secrets", "providers", candidate)):
            tree.set(("secrets", "providers", candidate), {"source": "file", "path": file_path, "mode": "singleValue"},
                     "a file secret provider for the QQBot client secret file")
            alias = candidate
            break
        if isinstance(existing, dict) and existing.get("source") == "file" and existing.get("path") == file_path \
                and existing.get("mode") == "singleValue":
            alias = candidate
            break
    if alias is None:
        tree.set(path + ("enabled",), False, "no free name was left for its secret provider")
        return
    tree.set(path + ("clientSecret",), {"source": "file", "provider": alias, "id": "value"},
             f"QQBot 2.0 reads the client secret through a SecretRef (file provider `{alias}`)", action="added")
    tree.delete(path + ("clientSecretFile",), "replaced by the clientSecret SecretRef")


def _exec_approvals(tree: Tree, path: tuple, inherited: dict | None, commands_allow: list[str] | None) -> None:
    entry = tree.record(path)
    has_own_legacy = "execApprovals" in entry
    has_legacy = has_own_legacy or (inherited is not None and "execApprovals" in inherited)
    own_override = has_own_legacy or "allowFrom" in entry or "dmPolicy" in entry
    if inherited is not None and not own_override:
        return
    legacy = entry.get("execApprovals") if has_own_legacy else (inherited or {}).get("execApprovals")
    legacy = legacy if isinstance(legacy, dict) else None
    allow_value = entry.get("allowFrom") if "allowFrom" in entry else (inherited or {}).get("allowFrom")
    dm_missing = "dmPolicy" not in entry and "dmPolicy" not in (inherited or {})
    dm_policy = entry.get("dmPolicy") if "dmPolicy" in entry else (inherited or {}).get("dmPolicy")
    existing = _legacy_allow_from(allow_value)
    approvers = _legacy_allow_from((legacy or {}).get("approvers"))
    was_open = not existing or "*" in existing
    keep_open_dm = dm_policy == "open" or (dm_missing and was_open) or (dm_policy == "allowlist" and "*" in existing)
    allow_path, dm_path = path + ("allowFrom",), path + ("dmPolicy",)
    if not has_legacy:
        if commands_allow is not None:
            command_approvers = [i for i in commands_allow if i != "*"]
            restrictive = {i for i in existing if i != "*"}
            safe = ([i for i in command_approvers if i in restrictive] if existing and "*" not in existing
                    else command_approvers)
            next_allow = safe or [APPROVALS_DISABLED]
            needs_open = keep_open_dm and dm_policy != "open"
            if existing == next_allow and not needs_open:
                return
            reason = ("QQBot 2.0 uses allowFrom for native approvals: it takes the operators of the old "
                      "commands.allowFrom" + (" that the chat allow-list admits" if safe else
                                              "; none could be kept, so approvals are locked"))
            tree.set(allow_path, next_allow, reason)
            if needs_open:
                tree.set(dm_path, "open", "direct messages stay open as before")
            return
        if not was_open:
            return
        explicit = [i for i in existing if i != "*"]
        tree.set(allow_path, explicit or [APPROVALS_DISABLED],
                 "QQBot 2.0 uses allowFrom for native approvals; an open or empty list would let anyone approve, "
                 "so it keeps only the explicit ids" + ("" if explicit else " (none: approvals are locked)"))
        if keep_open_dm:
            tree.set(dm_path, "open", "direct messages stay open as before")
        return
    unsupported = (legacy is None or legacy.get("enabled") is False
                   or _filter_set(legacy.get("agentFilter")) or _filter_set(legacy.get("sessionFilter"))
                   or "target" in legacy)
    if unsupported or "*" in approvers:
        next_allow = [APPROVALS_DISABLED]
        reason = "QQBot 2.0 cannot express the old approval policy, so native approvals are locked"
    elif approvers:
        restrictive = {i for i in existing if i != "*"}
        if dm_policy == "allowlist" and not existing:
            next_allow = []
        elif existing and "*" not in existing:
            next_allow = [i for i in approvers if i in restrictive]
        else:
            next_allow = approvers
        if not next_allow:
            next_allow = [APPROVALS_DISABLED]
            reason = "the approvers and the chat allow-list have no one in common, so native approvals are locked"
        else:
            reason = "the approvers, kept where the chat allow-list admits them"
    elif existing and "*" not in existing:
        next_allow = existing
        reason = "the chat allow-list stays the approval list"
    else:
        next_allow = [APPROVALS_DISABLED]
        reason = "the old open approval policy has no safe QQBot 2.0 form, so native approvals are locked"
    if keep_open_dm and "*" not in next_allow:
        tree.set(dm_path, "open", "direct messages stay open as before")
    tree.set(allow_path, next_allow, f"execApprovals became allowFrom in QQBot 2.0: {reason}")
    if own(tree, path + ("execApprovals",)):
        tree.delete(path + ("execApprovals",), "QQBot 2.0 reads approvals from allowFrom")
    tree.decide(path + ("allowFrom",), "review who may chat with and approve for this QQBot account before "
                "widening approval access again")


def _filter_set(value) -> bool:
    return (len(value) > 0) if isinstance(value, list) else value is not None


def _allow_from_ids(tree: Tree, path: tuple) -> None:
    value = tree.get(path + ("allowFrom",))
    if _ids(value) == _legacy_allow_from(value):
        return
    tree.set(path + ("allowFrom",), _legacy_allow_from(value),
             "QQBot 2.0 matches canonical upper-case OpenIDs without the `qqbot:` prefix")


def _streaming_transport(tree: Tree, path: tuple) -> None:
    streaming = tree.record(path + ("streaming",))
    if streaming is None or not ({"nativeTransport", "c2cStreamApi"} & streaming.keys()):
        return
    transport = (streaming["nativeTransport"] if isinstance(streaming.get("nativeTransport"), bool)
                 else streaming["c2cStreamApi"] if isinstance(streaming.get("c2cStreamApi"), bool) else None)
    if transport is not None:
        tree.set(path + ("streaming", "mode"), "partial" if transport else "off",
                 "QQBot 2.0 picks the streaming transport with streaming.mode")
    for key in ("nativeTransport", "c2cStreamApi"):
        tree.delete(path + ("streaming", key), "QQBot 2.0 has no transport switch; streaming.mode replaces it")


def _tool_policy(value) -> str:
    policy = value if isinstance(value, dict) else None
    allow = [_js_string(v) for v in policy["allow"]] if policy and isinstance(policy.get("allow"), list) else None
    deny = [_js_string(v) for v in policy["deny"]] if policy and isinstance(policy.get("deny"), list) else None
    allows_all = not allow or "*" in allow
    if allows_all and not deny:
        return "full"
    if deny == ["*"]:
        return "none"
    if allows_all and deny is not None and len(deny) == 3 and all(t in deny for t in ("exec", "read", "write")):
        return "restricted"
    return "none"


def _group_tools(tree: Tree, path: tuple) -> None:
    groups = tree.record(path + ("groups",))
    if groups is None:
        return
    rank = {"none": 0, "restricted": 1, "full": 2}
    for group_id, group in list(groups.items()):
        if not isinstance(group, dict) or not ({"tools", "toolsBySender"} & group.keys()):
            continue
        group_path = path + ("groups", group_id)
        migrated = "none" if "toolsBySender" in group else _tool_policy(group.get("tools"))
        if "toolPolicy" not in group:
            policy = migrated
        else:
            current = group["toolPolicy"] if group["toolPolicy"] in rank else "none"
            policy = current if rank[current] <= rank[migrated] else migrated
        tree.set(group_path + ("toolPolicy",), policy,
                 "QQBot 2.0 has one tool policy per group; the most restrictive of the old settings is kept")
        tree.delete(group_path + ("tools",), "replaced by toolPolicy")
        if own(tree, group_path + ("toolsBySender",)):
            tree.delete(group_path + ("toolsBySender",), "QQBot 2.0 has no per-sender tool policy; the group "
                        "policy was not widened")


def _group_command_levels(tree: Tree, path: tuple, inherited: dict | None) -> None:
    groups = tree.record(path + ("groups",))
    entry = tree.record(path)
    if groups is None:
        inherited_groups = (inherited or {}).get("groups")
        strict = isinstance(inherited_groups, dict) and any(
            isinstance(g, dict) and "commandLevel" in g and g["commandLevel"] != "all" for g in inherited_groups.values())
        if strict and own(tree, path + ("groupPolicy",)) and entry.get("groupPolicy") != "disabled":
            tree.set(path + ("groupPolicy",), "disabled", "this account inherits a group command level QQBot 2.0 "
                     "cannot express, so its groups are disabled until reviewed")
        return
    lock = False
    for group_id, group in list(groups.items()):
        if not isinstance(group, dict) or "commandLevel" not in group:
            continue
        if group["commandLevel"] != "all":
            lock = True
        tree.delete(path + ("groups", group_id, "commandLevel"), "QQBot 2.0 has no group command level")
    if lock:
        tree.set(path + ("groupPolicy",), "disabled", "QQBot 2.0 cannot express a safety or strict command "
                 "level, so group access is disabled")
        tree.decide(path + ("groupPolicy",), "review this QQBot account before enabling group access again")


def qqbot(tree: Tree) -> None:
    qq = ("channels", "qqbot")
    channels = tree.get(("channels",))
    if tree.record(qq) is None:
        if ((not own(tree, ("channels",)) or isinstance(channels, dict))
                and _env(tree, "QQBOT_APP_ID") and _env(tree, "QQBOT_CLIENT_SECRET")):
            tree.set(qq, {"enabled": True, "dmPolicy": "open", "allowFrom": [APPROVALS_DISABLED]},
                     "QQBot credentials come from the environment only; QQBot 2.0 needs a channel block, "
                     "with native approvals locked", action="added")
        return
    _qqbot_default_account(tree)
    commands = tree.record(("commands", "allowFrom"))
    commands_allow = None
    if commands is not None:
        if isinstance(commands.get("qqbot"), list):
            commands_allow = _legacy_allow_from(commands["qqbot"])
        elif isinstance(commands.get("*"), list):
            commands_allow = _legacy_allow_from(commands["*"])
    for path, suffix, inherited in _qqbot_entries(tree):
        if tree.record(path) is None:
            continue
        _client_secret_file(tree, path, suffix)
        _exec_approvals(tree, path, inherited, commands_allow)
        _allow_from_ids(tree, path)
        _streaming_transport(tree, path)
        _group_tools(tree, path)
        _group_command_levels(tree, path, inherited)


# 6 ------------------------------------------------------------------------------------------------

_SHELL_META = re.compile(r"[;&|`$<>]")


def _safe_executable(value: str) -> bool:
    trimmed = value.strip()
    if not trimmed or "\0" in trimmed or re.search(r"[\r\n]", trimmed) or _SHELL_META.search(trimmed) \
            or re.search(r"[\"']", trimmed):
        return False
    if trimmed.startswith((".", "~")) or "/" in trimmed or "\\" in trimmed or re.match(r"[A-Za-z]:[\\/]", trimmed):
        return True
    if trimmed.startswith("-"):
        return False
    return bool(re.fullmatch(r"[A-Za-z0-9._+-]+", trimmed))


def _transcription_model(value) -> dict | None:
    command = value.get("command") if isinstance(value, dict) else None
    if not isinstance(command, list) or not command or not all(isinstance(p, str) for p in command):
        return None
    executable = command[0].strip()
    if not executable or not _safe_executable(executable):
        return None
    model: dict = {"command": executable, "type": "cli"}
    args = [part.replace("{input}", "{{AttachmentPath}}") for part in command[1:]]
    if args:
        model["args"] = args
    timeout = value.get("timeoutSeconds")
    if isinstance(timeout, (int, float)) and not isinstance(timeout, bool):
        model["timeoutSeconds"] = timeout
    return model


def audio_transcription(tree: Tree) -> None:
    if tree.record(("audio",)) is None or not own(tree, ("audio", "transcription")):
        return
    mapped = _transcription_model(tree.get(("audio", "transcription")))

    def audio_capable(model) -> bool:
        return isinstance(model, dict) and (not isinstance(model.get("capabilities"), list)
                                            or "audio" in model["capabilities"])

    if mapped is not None:
        media = tree.get(("tools", "media"))
        models = media.get("models") if isinstance(media, dict) and isinstance(media.get("models"), list) else []
        audio_models = tree.get(("tools", "media", "audio", "models"))
        if not ((isinstance(audio_models, list) and any(map(audio_capable, audio_models)))
                or any(map(audio_capable, models))):
            reason = "audio transcription is now a capability-tagged media model"
            tree.set(("tools", "media", "audio", "enabled"), True, reason)
            tree.set(("tools", "media", "audio", "preferredModel"), f"cli:{mapped['command']}", reason)
            tree.set(("tools", "media", "models"), [*models, {**mapped, "capabilities": ["audio"]}], reason)
            tree.delete(("audio", "transcription"), "it became an entry of tools.media.models")
        else:
            tree.delete(("audio", "transcription"), "tools.media already has an audio model, which replaces it")
    else:
        tree.delete(("audio", "transcription"), "its command is empty or not a safe executable, so it cannot "
                    "become a media model")
        tree.decide(("tools", "media", "models"), "add an audio transcription model by hand if you need one")
    delete_if_empty(tree, ("audio",))


# 7 ------------------------------------------------------------------------------------------------

RETIRED_QUEUE_MODES = {"queue": "steer", "steer-backlog": "followup", "steer+backlog": "followup"}


def queue_modes(tree: Tree) -> None:
    queue = ("messages", "queue")
    if tree.record(queue) is None:
        return
    targets = [queue + ("mode",)]
    by_channel = tree.record(queue + ("byChannel",))
    if by_channel is not None:
        targets.extend(queue + ("byChannel", channel) for channel in by_channel)
    for path in targets:
        value = tree.get(path)
        if isinstance(value, str) and value in RETIRED_QUEUE_MODES:
            tree.set(path, RETIRED_QUEUE_MODES[value],
                     f"queue mode {q(value)} was retired; {q(RETIRED_QUEUE_MODES[value])} does what it did")


MIGRATIONS = [
    Migration("channels.webchat-remove", "Remove the retired WebChat channel", webchat_channel),
    Migration("legacy-group-routing->channel-groups", "Move routing group-chat settings to channels and messages",
              group_routing),
    Migration("feishu.accounts.botName->name", "Rename Feishu account botName to name", feishu_bot_name),
    Migration("thread-bindings.ttlHours->idleHours", "Rename thread-binding ttlHours and merge the spawn switches",
              thread_bindings),
    Migration("qqbot.tencent-2.0-compatibility", "Carry QQBot settings to Tencent QQBot 2.0", qqbot),
    Migration("audio.transcription-v2", "Move audio.transcription to tools.media.models", audio_transcription),
    Migration("messages.queue.retired-steering-modes", "Replace retired queue modes", queue_modes),
]
