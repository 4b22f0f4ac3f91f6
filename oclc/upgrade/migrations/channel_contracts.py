"""The channel plugins' own doctor migrations beyond streaming and dm aliases (channel_doctor.py):
each channel's retired or moved settings, as 2026.9.6's config-doctor contracts for that channel
migrate them. Signal's transport settings are in signal_transport.py.

Most of these are one of three shapes, each a small helper below:
    a retired key at the channel root and in each account        (strip_keys)
    a key that moved within a scope, possibly under `*` maps      (move_in_scopes)
    the flat allowPrivateNetwork that moved under `network`       (private_network)
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from ..tree import MISSING, Tree
from .common import Migration, channel_entries, dotted, is_record, own, q, unset

Path = tuple


# --- shared shapes ----------------------------------------------------------------------------------

def strip_keys(tree: Tree, channel: str, keys: tuple[str, ...], reason: str) -> None:
    """Remove `keys` from channels.<channel> and from each of its accounts."""
    for entry in channel_entries(tree, channel):
        for key in keys:
            if own(tree, entry + (key,)):
                tree.delete(entry + (key,), reason)


def _scopes(tree: Tree, base: Path, scope: tuple) -> list[Path]:
    """The objects under `base` that `scope` names (`*` is every member that is an object)."""
    if tree.record(base) is None:
        return []
    if not scope:
        return [base]
    key, rest = scope[0], scope[1:]
    if key == "*":
        found: list[Path] = []
        for child in list(tree.record(base)):
            found.extend(_scopes(tree, base + (child,), rest))
        return found
    return _scopes(tree, base + (key,), rest)


def move_in_scopes(tree: Tree, base: Path, scope: tuple, src: tuple, dst: tuple, reason: str, *,
                   match: Callable[[Any], bool] | None = None,
                   convert: Callable[[Any], Any] | None = None,
                   target_is_set: Callable[[Any], bool] | None = None,
                   prune_empty: bool = False) -> None:
    """In each object `scope` names under `base`: `src` moves to `dst` (converted by `convert`,
    which returns MISSING for a value that cannot move: it is dropped). When `dst` is already set,
    `src` just goes. `prune_empty`: objects left empty above `src` go too."""
    for place in _scopes(tree, base, scope):
        source = place + src
        if not _has_chain(tree, source):
            continue
        value = tree.get(source)
        if match is not None and not match(value):
            continue
        target = place + dst
        existing = tree.get(target, MISSING) if _records_above(tree, target, place) else MISSING
        already = target_is_set(existing) if target_is_set else existing is not MISSING
        if already:
            tree.delete(source, f"{reason}; `{dotted(target)}` is already set and wins")
        else:
            new = convert(value) if convert else value
            if new is MISSING:
                tree.delete(source, f"{reason}; {q(value)} has no equivalent there")
            else:
                _clear_non_records(tree, target, place)
                if new is value and unset(tree, target):
                    tree.move(source, target, reason)
                else:
                    tree.set(target, new, reason)
                    tree.delete(source, reason)
        if prune_empty:
            for depth in range(len(source) - 1, len(place), -1):
                if tree.record(source[:depth]) == {}:
                    tree.delete(source[:depth], "nothing is left in it")
                else:
                    break


def _has_chain(tree: Tree, path: Path) -> bool:
    node = tree.value
    for segment in path[:-1]:
        if not isinstance(node, dict) or not isinstance(node.get(segment), dict):
            return False
        node = node[segment]
    return isinstance(node, dict) and path[-1] in node


def _records_above(tree: Tree, path: Path, start: Path) -> bool:
    return all(tree.record(path[:depth]) is not None for depth in range(len(start), len(path)))


def _clear_non_records(tree: Tree, path: Path, start: Path) -> None:
    """What stands above `path` and is not an object is replaced by one (as doctor does)."""
    for depth in range(len(start) + 1, len(path)):
        if own(tree, path[:depth]) and tree.record(path[:depth]) is None:
            tree.delete(path[:depth], "it was not an object")
            return


def private_network(tree: Tree, entry: Path) -> None:
    """The flat allowPrivateNetwork is network.dangerouslyAllowPrivateNetwork now; a boolean
    already there wins."""
    flat = entry + ("allowPrivateNetwork",)
    if not own(tree, flat):
        return
    network = entry + ("network",)
    target = network + ("dangerouslyAllowPrivateNetwork",)
    reason = "allowPrivateNetwork is network.dangerouslyAllowPrivateNetwork now"
    if own(tree, network) and tree.record(network) is None:
        tree.delete(network, "it was not an object")
    legacy = tree.get(flat)
    current = tree.get(target, MISSING)
    if isinstance(current, bool):
        tree.delete(flat, f"{reason}, which is already set (it wins)")
    elif current is MISSING:
        tree.move(flat, target, reason)
    elif isinstance(legacy, bool):
        tree.set(target, legacy, reason)
        tree.delete(flat, reason)
    else:
        tree.delete(flat, f"{reason}, which is already set (it wins)")


def _private_network_channel(channel: str) -> Callable[[Tree], None]:
    def apply(tree: Tree) -> None:
        for entry in channel_entries(tree, channel):
            private_network(tree, entry)
    return apply


# --- WhatsApp ---------------------------------------------------------------------------------------

def _ack_scope(ack: dict) -> str | None:
    """The global ackReactionScope that says what WhatsApp's {direct, group} said, when one does."""
    direct = ack.get("direct") is not False
    group = ack.get("group", "mentions") if ack.get("group") is not None else "mentions"
    if direct:
        return {"always": "all", "never": "direct"}.get(group)
    return {"always": "group-all", "mentions": "group-mentions", "never": "off"}.get(group)


def _default_agent_emoji(tree: Tree) -> str | None:
    entries = tree.record(("agents", "entries")) or {}
    agents = [entry for entry in entries.values() if isinstance(entry, dict)]
    agent = next((entry for entry in agents if entry.get("default") is True), agents[0] if agents else None)
    identity = agent.get("identity") if agent else None
    emoji = identity.get("emoji") if isinstance(identity, dict) else None
    return emoji if isinstance(emoji, str) else None


def whatsapp_ack_reaction(tree: Tree) -> None:
    """WhatsApp's own ackReaction moved to the global messages.ackReaction/ackReactionScope:
    the first one found fills what messages does not set yet."""
    sources = [entry for entry in channel_entries(tree, "whatsapp") if tree.record(entry + ("ackReaction",)) is not None]
    if not sources:
        return
    reason = "WhatsApp's ack reaction is the global messages.ackReaction/ackReactionScope now (it applies to every channel)"
    if own(tree, ("messages",)) and tree.record(("messages",)) is None:
        tree.delete(("messages",), "it was not an object")
    fallback = _default_agent_emoji(tree) or "👀"
    wanted = []
    for entry in sources:
        ack = tree.get(entry + ("ackReaction",))
        emoji = ack.get("emoji") if isinstance(ack.get("emoji"), str) else None
        scope = _ack_scope(ack)
        unrepresentable = ack.get("direct") is not False and (ack.get("group") if ack.get("group") is not None else "mentions") == "mentions"
        wanted.append((entry, emoji, scope, unrepresentable))
        if tree.get(("messages", "ackReaction")) is None:
            tree.set(("messages", "ackReaction"), emoji if emoji is not None else fallback,
                     f"{reason}; from `{dotted(entry + ('ackReaction',))}`")
        if tree.get(("messages", "ackReactionScope")) is None and scope is not None:
            tree.set(("messages", "ackReactionScope"), scope, f"{reason}; from `{dotted(entry + ('ackReaction',))}`")
        tree.delete(entry + ("ackReaction",), reason)
    final_emoji = tree.get(("messages", "ackReaction"))
    final_emoji = final_emoji.strip() if isinstance(final_emoji, str) else final_emoji
    final_scope = tree.get(("messages", "ackReactionScope")) or "group-mentions"
    comparable = "off" if final_scope == "none" else final_scope
    for entry, emoji, scope, unrepresentable in wanted:
        where = f"`{dotted(entry + ('ackReaction',))}`"
        if emoji is None:
            tree.decide(("messages", "ackReaction"), f"{where} reacted with the answering agent's own emoji; "
                        f"the global reaction is now {q(final_emoji)}: check it is the one you want")
        elif emoji.strip() != final_emoji:
            tree.decide(("messages", "ackReaction"), f"{where} asked for {q(emoji.strip())} but the global "
                        f"reaction is {q(final_emoji)}: choose one")
        if unrepresentable:
            tree.decide(("messages", "ackReactionScope"), f"{where} reacted in direct chats and to mentions in "
                        f"groups, which no single scope says; the scope is now {q(final_scope)}: check it")
        elif scope is not None and scope != comparable:
            tree.decide(("messages", "ackReactionScope"), f"{where} asked for scope {q(scope)} but the global "
                        f"scope is {q(final_scope)}: choose one")


def whatsapp_retired(tree: Tree) -> None:
    strip_keys(tree, "whatsapp", ("exposeErrorText",), "WhatsApp's exposeErrorText is retired and was ignored")


# --- Google Chat ------------------------------------------------------------------------------------

def googlechat_retired(tree: Tree) -> None:
    for entry in channel_entries(tree, "googlechat"):
        if own(tree, entry + ("streamMode",)):
            tree.delete(entry + ("streamMode",), "Google Chat's streamMode is retired and was not read")
        actions = entry + ("actions",)
        if tree.record(actions) is not None and own(tree, actions + ("reactions",)):
            tree.delete(actions + ("reactions",), "Google Chat has no reactions; the setting is retired")
            if tree.record(actions) == {}:
                tree.delete(actions, "nothing is left in it")
        move_in_scopes(tree, entry, ("groups", "*"), ("allow",), ("enabled",),
                       "a Google Chat space's `allow` is called `enabled` now")


# --- iMessage, IRC, ClickClack, Reef, Zalo user -------------------------------------------------------

def imessage_catchup(tree: Tree) -> None:
    for entry in channel_entries(tree, "imessage"):
        catchup = entry + ("catchup",)
        if own(tree, catchup) and not (is_record(tree.get(catchup)) and tree.get(catchup).get("enabled") is True):
            tree.delete(catchup, "iMessage's catchup is retired (it recovers by itself now); this block did not "
                        "switch it on")


def irc_mention_patterns(tree: Tree) -> None:
    strip_keys(tree, "irc", ("mentionPatterns",), "IRC's mentionPatterns was never read; mention patterns are "
               "set in messages.groupChat.mentionPatterns")


def clickclack_timeouts(tree: Tree) -> None:
    def strip(path: Path) -> None:
        for key in list(tree.record(path) or ()):
            if key == "timeoutSeconds":
                tree.delete(path + (key,), "ClickClack's timeout tuning knobs are retired")
            elif tree.record(path + (key,)) is not None:
                strip(path + (key,))
    strip(("channels", "clickclack"))


def reef_retired(tree: Tree) -> None:
    root = ("channels", "reef")
    if tree.record(root) is not None:
        for key in ("dmPolicy", "allowFrom"):
            if own(tree, root + (key,)):
                tree.delete(root + (key,), "Reef keeps peer trust in its own store; the setting is retired")
    stray_plugin_config(tree, "reef")


def _channel_accepts(channel: str, settings: dict) -> bool:
    """Whether the channel's own schema (the target release's plugin data) accepts `settings`."""
    from ...rules.openclaw.channels import channel_schema_errors
    from ...rules.openclaw.common import channel_schema

    schema = channel_schema(channel)
    return bool(schema) and not channel_schema_errors(schema, settings)


def stray_plugin_config(tree: Tree, channel: str) -> None:
    """Settings parked under plugins.entries.<id>.config are not read by the channel: they move to
    channels.<id> (the channel's own values win) when the channel's schema accepts the result;
    otherwise a person decides what they meant."""
    stray = ("plugins", "entries", channel, "config")
    values = tree.record(stray)
    if not values:
        return
    current = tree.record(("channels", channel)) or {}
    merged = {**current, **{k: v for k, v in values.items() if k not in current}}
    if not _channel_accepts(channel, merged):
        tree.decide(stray, f"the {channel} channel does not read plugins.entries.{channel}.config; move the settings "
                    f"you mean into channels.{channel} and remove it")
        return
    reason = f"the {channel} channel reads channels.{channel}, not plugins.entries.{channel}.config"
    for key in list(values):
        if key in current:
            tree.delete(stray + (key,), f"{reason}; channels.{channel}.{key} is already set and wins")
        else:
            tree.move(stray + (key,), ("channels", channel, key), reason)
    tree.delete(stray, reason)


def zalouser_group_allow(tree: Tree) -> None:
    for entry in channel_entries(tree, "zalouser"):
        move_in_scopes(tree, entry, ("groups", "*"), ("allow",), ("enabled",),
                       "a Zalo group's `allow` is called `enabled` now", match=lambda v: isinstance(v, bool),
                       target_is_set=lambda v: isinstance(v, bool))


# --- Matrix -----------------------------------------------------------------------------------------

def matrix_stream_mode(tree: Tree) -> None:
    """Runs before the streaming aliases: Matrix's streamMode was never read, so it is not a mode."""
    strip_keys(tree, "matrix", ("streamMode",), "Matrix never read streamMode")


def matrix_retired(tree: Tree) -> None:
    for entry in channel_entries(tree, "matrix"):
        private_network(tree, entry)
        dm = entry + ("dm",)
        if tree.record(dm) is not None and tree.get(dm + ("policy",)) == "trusted":
            allow = tree.get(dm + ("allowFrom",))
            listed = [v for v in allow if isinstance(v, str) and v.strip()] if isinstance(allow, list) else []
            policy = "allowlist" if listed else "pairing"
            tree.set(dm + ("policy",), policy, "Matrix's dm policy \"trusted\" is retired; with dm.allowFrom entries it "
                     "is \"allowlist\", without them \"pairing\" (the safe choice)")
        for section in ("groups", "rooms"):
            move_in_scopes(tree, entry + (section,), ("*",), ("allow",), ("enabled",),
                           "a Matrix room's `allow` is called `enabled` now", match=lambda v: isinstance(v, bool),
                           target_is_set=lambda v: isinstance(v, bool))


# --- Feishu -----------------------------------------------------------------------------------------

FEISHU_DEFAULT_WEBHOOK_PATH = "/feishu/events"


def feishu_webhook_path(value: str) -> str | None:
    """The request path a configured webhookPath (a path or a whole URL) means, or None when it
    names no HTTP(S) location."""
    configured = value.strip()
    if not configured:
        return FEISHU_DEFAULT_WEBHOOK_PATH
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", configured)
    if scheme and scheme.group(1).lower() not in ("http", "https"):
        return None
    parsed = urlsplit(urljoin("http://localhost/", configured.replace("\\", "/")))
    path = quote(parsed.path or "/", safe="/%:@!$&'()*+,;=-._~")
    query = "?" + quote(parsed.query, safe="=&%:@!$'()*+,;/?-._~") if parsed.query else ""
    if not parsed.query and configured.endswith("?") and "#" not in configured:
        query = "?"
    return path + query


def feishu_retired(tree: Tree) -> None:
    for entry in channel_entries(tree, "feishu"):
        move_in_scopes(tree, entry, (), ("tools", "base"), ("tools", "bitable"),
                       "Feishu's tools.base is called tools.bitable now", match=lambda v: isinstance(v, bool))
        coalesce = entry + ("streaming", "block", "coalesce")
        if tree.record(coalesce) is not None:
            for key in ("enabled", "minDelayMs", "maxDelayMs"):
                if tree.get(coalesce + (key,), MISSING) is not MISSING:
                    tree.delete(coalesce + (key,), "a Feishu-only coalesce field that block delivery never read "
                                "(it reads minChars/maxChars/idleMs)")
        heartbeat = tree.record(entry + ("heartbeat",))
        if heartbeat is not None and (not heartbeat or "visibility" in heartbeat or "intervalMs" in heartbeat):
            tree.delete(entry + ("heartbeat",), "Feishu's own heartbeat fields were never read")
        path = tree.get(entry + ("webhookPath",))
        if isinstance(path, str):
            normalized = feishu_webhook_path(path)
            if normalized != path:
                tree.set(entry + ("webhookPath",), normalized or FEISHU_DEFAULT_WEBHOOK_PATH,
                         "webhookPath is the HTTP request path" if normalized else
                         f"webhookPath names no HTTP path; it is the default {FEISHU_DEFAULT_WEBHOOK_PATH}")
    stray_plugin_config(tree, "feishu")


# --- Slack ------------------------------------------------------------------------------------------

def _interactive_replies(tree: Tree, entry: Path) -> None:
    path = entry + ("capabilities",)
    value = tree.get(path, MISSING)
    reason = "Slack's interactiveReplies capability is retired; typed presentation actions replace it"
    if isinstance(value, list):
        hits = [i for i, item in enumerate(value) if isinstance(item, str) and item.strip().lower() == "interactivereplies"]
        if not hits:
            return
        if len(hits) == len(value):
            tree.delete(path, reason)
            return
        for index in reversed(hits):
            tree.delete(path + (index,), reason)
    elif isinstance(value, dict):
        if value and "interactiveReplies" not in value:
            return
        if "interactiveReplies" in value:
            tree.delete(path + ("interactiveReplies",), reason)
        if tree.record(path) == {}:
            tree.delete(path, reason if not value else "nothing is left in it")


def slack_retired(tree: Tree) -> None:
    strip_keys(tree, "slack", ("enterpriseOrgInstall",), "Slack detects org-wide installations itself now")


def slack_moved(tree: Tree) -> None:
    for entry in channel_entries(tree, "slack"):
        _interactive_replies(tree, entry)
        move_in_scopes(tree, entry, (), ("dm", "replyToMode"), ("replyToModeByChatType", "direct"),
                       "Slack's dm.replyToMode is replyToModeByChatType.direct now")
        move_in_scopes(tree, entry, (), ("thread", "requireExplicitMention"), ("implicitMentions", "threadParticipation"),
                       "Slack's thread.requireExplicitMention is the opposite of implicitMentions.threadParticipation",
                       convert=lambda v: (not v) if isinstance(v, bool) else MISSING, prune_empty=True)
        move_in_scopes(tree, entry, ("channels", "*"), ("allow",), ("enabled",),
                       "a Slack channel's `allow` is called `enabled` now")


# --- Discord ----------------------------------------------------------------------------------------

DISCORD_TUNING = ("gatewayInfoTimeoutMs", "gatewayReadyTimeoutMs", "gatewayRuntimeReadyTimeoutMs", "eventQueue", "retry")
DISCORD_TTS = (("openai", "openai"), ("elevenlabs", "elevenlabs"), ("microsoft", "microsoft"), ("edge", "microsoft"))


def _discord_tts(tree: Tree, tts: Path) -> None:
    if tree.record(tts) is None:
        return
    for legacy, provider in DISCORD_TTS:
        if tree.record(tts + (legacy,)) is None:
            continue
        providers = tts + ("providers",)
        if own(tree, providers) and tree.record(providers) is None:
            tree.delete(providers, "it was not an object")
        target = providers + (provider,)
        if own(tree, target) and tree.record(target) is None:
            tree.delete(target, "it was not an object")
        tree.merge_missing(tts + (legacy,), target, f"Discord voice TTS settings for {legacy} live under "
                           f"voice.tts.providers.{provider} now (what is already there wins)")


def _wake_name_words(value: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", value, flags=re.IGNORECASE)


def _discord_wake_names(tree: Tree, entry: Path) -> None:
    path = entry + ("voice", "realtime", "wakeNames")
    if tree.record(entry + ("voice",)) is None or tree.record(entry + ("voice", "realtime")) is None:
        return
    names = tree.get(path)
    if not isinstance(names, list):
        return
    if not names:
        tree.delete(path, "an empty wakeNames list means the default names; it is left unset")
        return
    result, changed = [], False
    for name in names:
        words = _wake_name_words(name) if isinstance(name, str) else None
        if words is None or 1 <= len(words) <= 2:
            result.append(name)
            continue
        changed = True
        if words:
            result.append(" ".join(words[:2]))
    if not changed:
        return
    unique: list = []
    for name in result:
        if not any(isinstance(name, str) and name == seen for seen in unique):
            unique.append(name)
    reason = "Discord wake names are one or two words; longer ones keep their first two"
    if unique:
        tree.set(path, unique, reason)
    else:
        tree.delete(path, reason)


def _discord_channel_agents(tree: Tree, entry: Path, account: str | None, existing: list, added: list) -> None:
    for guild in list(tree.record(entry + ("guilds",)) or ()):
        channels = entry + ("guilds", guild, "channels")
        for channel in list(tree.record(channels) or ()):
            path = channels + (channel, "agentId")
            if tree.record(channels + (channel,)) is None or not own(tree, path):
                continue
            raw = tree.get(path)
            agent = raw.strip() if isinstance(raw, str) else ""
            reason = "Discord routes a channel to an agent with a top-level bindings[] route now"
            if not agent:
                tree.delete(path, f"{reason}; this one named no agent")
                continue
            if any(_binds(binding, guild, channel, account) for binding in existing):
                tree.delete(path, f"{reason}, and a matching route already exists")
                continue
            match: dict = {"channel": "discord", "guildId": guild, "peer": {"kind": "channel", "id": channel}}
            if account is not None:
                match["accountId"] = account
            added.append(({"agentId": agent, "match": match}, path))


def _binds(binding, guild: str, channel: str, account: str | None) -> bool:
    match = binding.get("match") if isinstance(binding, dict) else None
    peer = match.get("peer") if isinstance(match, dict) else None
    return (isinstance(peer, dict) and match.get("channel") == "discord" and match.get("guildId") == guild
            and (account is None or match.get("accountId") == account)
            and peer.get("kind") == "channel" and peer.get("id") == channel)


def discord_retired(tree: Tree) -> None:
    root = ("channels", "discord")
    if tree.record(root) is None:
        return
    for entry in channel_entries(tree, "discord"):
        if entry != root:
            _discord_tts(tree, entry + ("voice", "tts"))
    strip_keys(tree, "discord", DISCORD_TUNING, "a retired Discord tuning knob; the built-in default applies")
    existing = tree.get(("bindings",)) if isinstance(tree.get(("bindings",)), list) else []
    existing = list(existing)
    added: list = []
    allow_reason = "a Discord guild channel's `allow` is called `enabled` now"
    move_in_scopes(tree, root, ("guilds", "*", "channels", "*"), ("allow",), ("enabled",), allow_reason)
    _discord_channel_agents(tree, root, None, existing, added)
    for entry in channel_entries(tree, "discord"):
        if entry == root:
            continue
        move_in_scopes(tree, entry, ("guilds", "*", "channels", "*"), ("allow",), ("enabled",), allow_reason)
        _discord_channel_agents(tree, entry, entry[-1], existing, added)
        _discord_wake_names(tree, entry)
    _discord_tts(tree, root + ("voice", "tts"))
    _discord_wake_names(tree, root)
    if added and own(tree, ("bindings",)) and not isinstance(tree.get(("bindings",)), list):
        for _, path in added:
            tree.decide(path, "add a top-level bindings[] route for this channel by hand (bindings is not a list)")
        return
    for binding, path in added:
        reason = f"Discord routes a channel to an agent with a top-level bindings[] route now (from `{dotted(path)}`)"
        if unset(tree, ("bindings",)):
            tree.set(("bindings",), [binding], reason)
        else:
            tree.append(("bindings",), binding, reason)
        tree.delete(path, reason)


MIGRATIONS_BEFORE_ALIASES = [
    Migration("channels.matrix.stream-mode", "Remove Matrix's unread streamMode", matrix_stream_mode),
    Migration("channels.slack.retired", "Remove Slack's enterpriseOrgInstall", slack_retired),
    Migration("channels.whatsapp.ack-reaction", "Move WhatsApp's ackReaction to messages", whatsapp_ack_reaction),
    Migration("channels.whatsapp.retired", "Remove WhatsApp's exposeErrorText", whatsapp_retired),
    Migration("channels.googlechat.retired", "Remove Google Chat's retired settings, rename group allow",
              googlechat_retired),
    Migration("channels.imessage.catchup", "Remove iMessage's disabled catchup", imessage_catchup),
]

MIGRATIONS_AFTER_ALIASES = [
    Migration("channels.discord.retired", "Carry Discord's moved and retired settings", discord_retired),
    Migration("channels.slack.moved", "Carry Slack's moved settings", slack_moved),
    Migration("channels.matrix.retired", "Carry Matrix's moved and retired settings", matrix_retired),
    Migration("channels.feishu.retired", "Carry Feishu's moved and retired settings", feishu_retired),
    Migration("channels.irc.mention-patterns", "Remove IRC's unread mentionPatterns", irc_mention_patterns),
    Migration("channels.mattermost.private-network", "Move Mattermost's allowPrivateNetwork under network",
              _private_network_channel("mattermost")),
    Migration("channels.nextcloud-talk.private-network", "Move Nextcloud Talk's allowPrivateNetwork under network",
              _private_network_channel("nextcloud-talk")),
    Migration("channels.tlon.private-network", "Move Tlon's allowPrivateNetwork under network",
              _private_network_channel("tlon")),
    Migration("channels.zalouser.group-allow", "Rename Zalo user groups' allow to enabled", zalouser_group_allow),
    Migration("channels.clickclack.timeouts", "Remove ClickClack's timeout knobs", clickclack_timeouts),
    Migration("channels.reef.retired", "Remove Reef's retired settings", reef_retired),
]

__all__ = ["MIGRATIONS_AFTER_ALIASES", "MIGRATIONS_BEFORE_ALIASES", "feishu_webhook_path"]
