"""The channel plugins' own doctor migrations (channel_contracts.py, signal_transport.py) on the
edges the fixtures do not reach: accounts, values already set at the target, shapes a migration
must not guess about (a decision instead), and comments kept."""
from __future__ import annotations

import os

import pytest

from oclc.upgrade.migrations import channel_contracts as contracts
from oclc.upgrade.migrations import channel_doctor, signal_transport
from oclc.upgrade.tree import Tree

ENV = {"HOME": "/home/oclc-test", "PATH": os.environ.get("PATH", "")}


def tree(text: str) -> Tree:
    return Tree.open("openclaw.json5", text, None, env=ENV)


def text(t: Tree) -> str:
    return t.files["openclaw.json5"].text


# --- Signal -----------------------------------------------------------------------------------------

def test_signal_cli_settings_become_a_managed_transport_and_comments_stay():
    t = tree("""{
  channels: {
    signal: {
      enabled: true,
      account: "+15550000001", // the bot's number
      cliPath: "/usr/local/bin/signal-cli",
      autoStart: true,
      startupTimeoutMs: 120000,
      // who may write
      dmPolicy: "pairing",
    },
  },
}
""")
    signal_transport.signal_transport(t)
    assert t.value["channels"]["signal"] == {
        "enabled": True, "account": "+15550000001", "dmPolicy": "pairing",
        "transport": {"kind": "managed-native", "cliPath": "/usr/local/bin/signal-cli", "startupTimeoutMs": 120000}}
    assert "// the bot's number" in text(t) and "// who may write" in text(t)
    assert t.decisions == []


def test_signal_nested_default_account_owns_the_channel_transport():
    t = tree("""{ channels: { signal: { accounts: {
  default: { account: "+1555", apiMode: "x", autoStart: false, httpUrl: "http://127.0.0.1:9000/" },
} , apiMode: "native" } } }""")
    signal_transport.signal_transport(t)
    signal = t.value["channels"]["signal"]
    assert signal["transport"] == {"kind": "external-native", "url": "http://127.0.0.1:9000"}
    assert "transport" not in signal["accounts"]["default"] and "apiMode" not in signal
    assert "httpUrl" not in signal["accounts"]["default"] and "autoStart" not in signal["accounts"]["default"]


def test_signal_existing_transport_wins_and_legacy_fields_go():
    t = tree("""{ channels: { signal: { account: "+1555", cliPath: "signal-cli",
  transport: { kind: "external-native", url: "http://signal.lan:8080" } } } }""")
    signal_transport.signal_transport(t)
    assert t.value["channels"]["signal"] == {"account": "+1555",
                                             "transport": {"kind": "external-native", "url": "http://signal.lan:8080"}}


@pytest.mark.parametrize("signal, says", [
    ('{ apiMode: "container", httpUrl: "http://127.0.0.1:8080" }', "account's number"),
    ('{ account: "+1555", httpPort: 70000 }', "between 1 and 65535"),
    ('{ account: "+1555", httpUrl: "ftp://signal.lan" }', "not a usable"),
    ('{ account: "+1555", httpHost: "bad host", autoStart: true }', "not a host name"),
    ('{ account: "+1555", httpUrl: "http://signal.lan:8080" }', "apiMode"),
])
def test_signal_what_cannot_be_carried_is_left_for_a_person(signal, says):
    source = f"{{ channels: {{ signal: {signal} }} }}"
    t = tree(source)
    signal_transport.signal_transport(t)
    assert text(t) == source and t.changes == []
    assert len(t.decisions) == 1 and says in t.decisions[0].message


def test_signal_accounts_sharing_a_started_daemon_get_their_own_ports():
    t = tree("""{ channels: { signal: { account: "+1", cliPath: "signal-cli", httpPort: 8081,
  accounts: { a: { account: "+2" }, b: { account: "+3", httpPort: 9000 } } } } }""")
    signal_transport.signal_transport(t)
    signal = t.value["channels"]["signal"]
    assert signal["transport"]["httpPort"] == 8081
    assert signal["accounts"]["a"]["transport"]["httpPort"] == 8080
    assert signal["accounts"]["b"]["transport"]["httpPort"] == 9000


def test_signal_account_keys_under_another_id_are_named_not_renamed():
    t = tree('{ channels: { signal: { accounts: { "Old Phone": { account: "+1" }, Work: {}, work: {} } } } }')
    signal_transport.signal_account_keys(t)
    assert t.changes == []
    messages = sorted(d.message for d in t.decisions)
    assert any("'old-phone'" in m for m in messages) and any("'Work', 'work'" in m for m in messages)


# --- WhatsApp ---------------------------------------------------------------------------------------

def test_whatsapp_ack_reaction_keeps_what_messages_already_says():
    t = tree("""{
  messages: { ackReaction: "👍" }, // chosen on purpose
  agents: { entries: { main: { identity: { emoji: "🦞" } } } },
  channels: { whatsapp: { ackReaction: { emoji: "👀", direct: false, group: "always" } } },
}""")
    contracts.whatsapp_ack_reaction(t)
    assert t.value["messages"] == {"ackReaction": "👍", "ackReactionScope": "group-all"}
    assert t.value["channels"]["whatsapp"] == {}
    assert "// chosen on purpose" in text(t)
    assert [d.path for d in t.decisions] == [("messages", "ackReaction")]


def test_whatsapp_ack_reaction_without_an_emoji_takes_the_default_agents():
    t = tree('{ agents: { entries: { a: {}, b: { default: true, identity: { emoji: "🦞" } } } },'
             ' channels: { whatsapp: { accounts: { x: { ackReaction: { direct: true, group: "always" } } } } } }')
    contracts.whatsapp_ack_reaction(t)
    assert t.value["messages"] == {"ackReaction": "🦞", "ackReactionScope": "all"}
    assert len(t.decisions) == 1 and "agent's own emoji" in t.decisions[0].message


# --- Google Chat, Slack, Discord --------------------------------------------------------------------

def test_googlechat_group_allow_where_enabled_is_set_just_goes():
    t = tree("""{ channels: { googlechat: { groups: {
  // the team space
  "spaces/A": { allow: false, enabled: true },
}, actions: { reactions: true, sendMessage: true } } } }""")
    contracts.googlechat_retired(t)
    assert t.value["channels"]["googlechat"] == {"groups": {"spaces/A": {"enabled": True}},
                                                 "actions": {"sendMessage": True}}
    assert "// the team space" in text(t)


def test_slack_require_explicit_mention_that_is_not_a_boolean_is_dropped():
    t = tree('{ channels: { slack: { thread: { requireExplicitMention: "yes", historyScope: "thread" },'
             ' dm: { replyToMode: "off" }, replyToModeByChatType: { direct: "all" } } } }')
    contracts.slack_moved(t)
    assert t.value["channels"]["slack"] == {"thread": {"historyScope": "thread"}, "dm": {},
                                            "replyToModeByChatType": {"direct": "all"}}


def test_slack_capabilities_array_keeps_the_other_capabilities():
    t = tree('{ channels: { slack: { capabilities: ["threads", " InteractiveReplies ", "files"] } } }')
    contracts.slack_moved(t)
    assert t.value["channels"]["slack"]["capabilities"] == ["threads", "files"]


def test_slack_legacy_stream_modes_read_as_slack_reads_them():
    t = tree('{ channels: { slack: { streamMode: "append", accounts: { b: { nativeStreaming: "yes", streaming: false } } } } }')
    channel_doctor.channel_streaming(t)
    slack = t.value["channels"]["slack"]
    assert slack["streaming"] == {"mode": "block"}
    assert slack["accounts"]["b"]["streaming"] == {"mode": "off", "nativeTransport": False}


def test_discord_channel_agent_with_a_route_already_is_just_removed():
    t = tree("""{
  bindings: [{ agentId: "ops", match: { channel: "discord", guildId: "1", peer: { kind: "channel", id: "2" } } }],
  channels: { discord: { guilds: { "1": { channels: { "2": { agentId: "ops" }, "3": { agentId: "  " } } } } } },
}""")
    contracts.discord_retired(t)
    assert len(t.value["bindings"]) == 1
    assert t.value["channels"]["discord"]["guilds"]["1"]["channels"] == {"2": {}, "3": {}}


def test_discord_channel_agent_when_bindings_is_not_a_list_is_a_decision():
    t = tree('{ bindings: {}, channels: { discord: { guilds: { "1": { channels: { "2": { agentId: "ops" } } } } } } }')
    contracts.discord_retired(t)
    assert t.value["channels"]["discord"]["guilds"]["1"]["channels"]["2"] == {"agentId": "ops"}
    assert len(t.decisions) == 1


def test_discord_wake_names_keep_two_words_and_drop_duplicates():
    t = tree('{ channels: { discord: { voice: { realtime: { wakeNames: ["Hey Claw Bot", "hey claw", "Hey Claw", "!!!"] } } } } }')
    contracts.discord_retired(t)
    assert t.value["channels"]["discord"]["voice"]["realtime"]["wakeNames"] == ["Hey Claw", "hey claw"]


def test_discord_tts_provider_block_merges_under_what_is_there():
    t = tree('{ channels: { discord: { voice: { tts: { edge: { voice: "a", rate: 1 }, providers: { microsoft: { voice: "b" } } } } } } }')
    contracts.discord_retired(t)
    assert t.value["channels"]["discord"]["voice"]["tts"] == {"providers": {"microsoft": {"voice": "b", "rate": 1}}}


# --- Matrix, private network, Feishu, ClickClack ----------------------------------------------------

def test_matrix_trusted_without_allow_from_is_pairing_and_room_allow_needs_a_boolean():
    t = tree('{ channels: { matrix: { dm: { policy: "trusted", allowFrom: [" "] },'
             ' rooms: { "!a": { allow: "yes" }, "!b": { allow: true, enabled: "no" } } } } }')
    contracts.matrix_retired(t)
    matrix = t.value["channels"]["matrix"]
    assert matrix["dm"]["policy"] == "pairing"
    assert matrix["rooms"] == {"!a": {"allow": "yes"}, "!b": {"enabled": True}}


@pytest.mark.parametrize("entry, network", [
    ('allowPrivateNetwork: true', {"dangerouslyAllowPrivateNetwork": True}),
    ('allowPrivateNetwork: true, network: { dangerouslyAllowPrivateNetwork: false }', {"dangerouslyAllowPrivateNetwork": False}),
    ('allowPrivateNetwork: false, network: { dangerouslyAllowPrivateNetwork: "x" }', {"dangerouslyAllowPrivateNetwork": False}),
    ('allowPrivateNetwork: true, network: "off"', {"dangerouslyAllowPrivateNetwork": True}),
])
def test_private_network_alias(entry, network):
    t = tree(f"{{ channels: {{ mattermost: {{ accounts: {{ a: {{ {entry} }} }} }} }} }}")
    next(m for m in contracts.MIGRATIONS_AFTER_ALIASES if m.id == "channels.mattermost.private-network").apply(t)
    assert t.value["channels"]["mattermost"]["accounts"]["a"] == {"network": network}


@pytest.mark.parametrize("configured, path", [
    ("", "/feishu/events"), ("  ", "/feishu/events"), ("https://bot.example.com/hook/", "/hook/"),
    ("feishu/a/../b", "/feishu/b"), ("/p?q=1", "/p?q=1"), ("/p?", "/p?"), ("mailto:x@example.com", None),
    ("/feishu/events", "/feishu/events"),
])
def test_feishu_webhook_path(configured, path):
    assert contracts.feishu_webhook_path(configured) == path


def test_feishu_stray_plugin_config_moves_when_feishu_accepts_it():
    t = tree('{ plugins: { entries: { feishu: { config: { appId: "cli_x", appSecret: "s" } } } }, channels: { feishu: { appId: "cli_y" } } }')
    contracts.feishu_retired(t)
    assert t.value["channels"]["feishu"] == {"appId": "cli_y", "appSecret": "s"}
    assert t.value["plugins"]["entries"]["feishu"] == {} and t.decisions == []


def test_stray_plugin_config_the_channel_refuses_is_a_decision():
    source = '{ plugins: { entries: { reef: { config: { handle: "Bad Handle" } } } } }'
    t = tree(source)
    contracts.reef_retired(t)
    assert text(t) == source and t.decisions[0].path == ("plugins", "entries", "reef", "config")


def test_stray_plugin_config_creates_the_channel():
    t = tree('{ plugins: { entries: { reef: { config: { handle: "claw" } } } } }')
    contracts.reef_retired(t)
    assert t.value == {"plugins": {"entries": {"reef": {}}}, "channels": {"reef": {"handle": "claw"}}}


def test_clickclack_timeouts_go_at_every_depth_but_not_inside_arrays():
    t = tree('{ channels: { clickclack: { timeoutSeconds: 3, a: { b: { timeoutSeconds: 1, c: 2 } }, list: [{ timeoutSeconds: 4 }] } } }')
    contracts.clickclack_timeouts(t)
    assert t.value["channels"]["clickclack"] == {"a": {"b": {"c": 2}}, "list": [{"timeoutSeconds": 4}]}


def test_reef_stray_plugin_config_moves_when_reef_accepts_it():
    t = tree('{ plugins: { entries: { reef: { enabled: true, config: { handle: "claw", requestPolicy: "open" } } } },'
             ' channels: { reef: { requestPolicy: "code-only", allowFrom: ["*"] } } }')
    contracts.reef_retired(t)
    assert t.value["channels"]["reef"] == {"requestPolicy": "code-only", "handle": "claw"}
    assert t.value["plugins"]["entries"]["reef"] == {"enabled": True}


def test_imessage_enabled_catchup_stays():
    t = tree('{ channels: { imessage: { catchup: { enabled: true }, accounts: { a: { catchup: null } } } } }')
    contracts.imessage_catchup(t)
    assert t.value["channels"]["imessage"] == {"catchup": {"enabled": True}, "accounts": {"a": {}}}
