"""OpenClaw's own structural checks (OC210-OC228) on hand-built loaded configs.

Each case mirrors an oracle case (the real validator's answer is in the comment) or a rule read
from OpenClaw's code; the parity suite checks the same on files."""
from __future__ import annotations

import os

import pytest

from oclc.diagnostics import ERROR, WARNING
from oclc.load.migrate import js_truthy
from oclc.load.model import Loaded
from oclc.json5.parser import Document
from oclc.resolve import Model, ResolveOptions
from oclc.rules.openclaw import channels as openclaw_channels
from oclc.rules.openclaw import common as openclaw_common
from oclc.rules.openclaw import gateway as openclaw_gateway
from oclc.rules.openclaw import roster as openclaw_roster
from oclc.rules.openclaw import secrets as openclaw_secrets
from oclc.source import Source


def run(rule, config, *, env=None, state_dir=None, legacy_default=None):
    source = Source("openclaw.json", "{}")
    loaded = Loaded(main=Document(source=source, value=config), value=config,
                    migrated_legacy_default=legacy_default, env=dict(env or {}))
    model = Model(loaded=loaded, options=ResolveOptions(env=dict(env or {"HOME": "/home/u"}), state_dir=state_dir))
    return list(rule.check(model))


def paths(found):
    return [d.resolved_path for d in found]


# --- roster ---------------------------------------------------------------------------------------------

def test_explicit_ownership_with_no_agents_is_refused():  # case 046
    found = run(openclaw_roster.check_roster_empty, {"agents": {"ownership": "explicit"}})
    assert paths(found) == [("agents", "entries")] and found[0].severity == ERROR
    assert paths(run(openclaw_roster.check_roster_empty, {"agents": {"entries": {}}})) == [("agents", "entries")]
    assert run(openclaw_roster.check_roster_empty, {"agents": {"entries": {"main": {}}}}) == []
    assert run(openclaw_roster.check_roster_empty, {"gateway": {}}) == []   # no agents: the migration adds main


def test_keys_that_normalise_to_one_id_collide():  # case 099
    found = run(openclaw_roster.check_agent_id_collision, {"agents": {"entries": {"Work": {}, "work": {}}}})
    assert paths(found) == [("agents", "entries", "work")]
    assert '"Work"' in found[0].message
    assert run(openclaw_roster.check_agent_id_collision, {"agents": {"entries": {"Main": {}}}}) == []  # case 098


def test_normalize_agent_id():
    assert openclaw_common.normalize_agent_id(" Work ") == "work"
    assert openclaw_common.normalize_agent_id("my agent!") == "my-agent"
    assert openclaw_common.normalize_agent_id("!!!") == "main"
    assert openclaw_common.normalize_agent_id(None) == "main"


def test_two_default_markers():  # case 043
    config = {"agents": {"entries": {"a": {"default": True}, "b": {"default": True}}}}
    found = run(openclaw_roster.check_multiple_defaults, config)
    assert paths(found) == [("agents", "entries")] and "2 agents" in found[0].message
    assert run(openclaw_roster.check_multiple_defaults, {"agents": {"entries": {"a": {"default": True}, "b": {}}}}) == []


def test_explicit_ownership_with_marker():  # case 104
    config = {"agents": {"ownership": "explicit", "entries": {"a": {"default": True}, "b": {}}}}
    assert paths(run(openclaw_roster.check_explicit_with_marker, config)) == [("agents", "ownership")]
    assert run(openclaw_roster.check_explicit_with_marker, {"agents": {"ownership": "explicit", "entries": {"a": {}}}}) == []


def test_multi_agent_roster_needs_an_owner():  # cases 045, 117
    config = {"agents": {"entries": {"home": {}, "work": {}}}}
    assert paths(run(openclaw_roster.check_roster_ownership, config)) == [("agents", "ownership")]
    explicit = {"agents": {"ownership": "explicit", "entries": {"home": {}, "work": {}}}}
    assert run(openclaw_roster.check_roster_ownership, explicit) == []
    # one legacy marker was migrated away: OpenClaw validates with a synthetic explicit ownership
    assert run(openclaw_roster.check_roster_ownership, config, legacy_default="work") == []
    assert run(openclaw_roster.check_roster_ownership, {"agents": {"entries": {"home": {}}}}) == []


# --- agent references -----------------------------------------------------------------------------------

def test_unknown_agent_references():  # cases 102, 103
    config = {
        "agents": {"entries": {"main": {}, "Work": {}},
                   "defaults": {"heartbeat": {"agentId": "ghost2"}, "systemAgent": {"agentId": "ghost"},
                                "authInheritance": {"agentId": "nobody"}, "sessionStore": {"agentId": "nobody"}}},
        "talk": {"agentId": "work"},
        "bindings": [{"agentId": "ghost"}, {"agentId": "main"}, {"agentId": "WORK"}],
    }
    found = run(openclaw_roster.check_agent_references, config)
    assert paths(found) == [("agents", "defaults", "heartbeat", "agentId"),
                            ("agents", "defaults", "systemAgent", "agentId"), ("bindings", 0, "agentId")]
    assert '"ghost2"' in found[0].message


def test_binding_to_main_is_always_accepted():
    config = {"agents": {"entries": {"work": {}}}, "bindings": [{"agentId": "main"}]}
    assert run(openclaw_roster.check_agent_references, config) == []


def test_broadcast_lists():
    config = {"agents": {"entries": {"a": {}}},
              "broadcast": {"strategy": "all", "telegram:123": ["a", "ghost"], "group": {"agents": ["A", "b"]}}}
    assert paths(run(openclaw_roster.check_agent_references, config)) == [("broadcast", "telegram:123", 1),
                                                             ("broadcast", "group", "agents", 1)]


# --- post-schema checks ---------------------------------------------------------------------------------

def test_duplicate_agent_dir(tmp_path):  # case 050
    shared = str(tmp_path / "shared")
    config = {"agents": {"ownership": "explicit", "entries": {"a": {"agentDir": shared}, "b": {"agentDir": shared + "/"}}}}
    found = run(openclaw_roster.check_duplicate_agent_dir, config)
    assert paths(found) == [("agents", "entries")] and '"a", "b"' in found[0].message


def test_agent_dir_override_colliding_with_a_default_dir(tmp_path):
    config = {"agents": {"ownership": "explicit",
                         "entries": {"a": {}, "b": {"agentDir": "~/.openclaw/agents/a/agent"}}}}
    assert len(run(openclaw_roster.check_duplicate_agent_dir, config, env={"HOME": str(tmp_path)})) == 1
    assert run(openclaw_roster.check_duplicate_agent_dir, config, env={"HOME": str(tmp_path)}, state_dir=str(tmp_path / "s")) == []


def test_agent_dirs_through_a_symlink(tmp_path):
    (tmp_path / "real").mkdir()
    os.symlink(tmp_path / "real", tmp_path / "link")
    config = {"agents": {"ownership": "explicit", "entries": {
        "a": {"agentDir": str(tmp_path / "real" / "x")}, "b": {"agentDir": str(tmp_path / "link" / "x")}}}}
    assert len(run(openclaw_roster.check_duplicate_agent_dir, config)) == 1


def test_bindings_count_as_referenced_agents(tmp_path):
    config = {"agents": {"entries": {"a": {"agentDir": str(tmp_path / "agents/ghost/agent")}}},
              "bindings": [{"agentId": "ghost"}]}
    assert len(run(openclaw_roster.check_duplicate_agent_dir, config, state_dir=str(tmp_path))) == 1


def test_tailscale():  # case 094
    funnel = {"gateway": {"tailscale": {"mode": "funnel"}, "auth": {"mode": "none"}}}
    found = run(openclaw_gateway.check_tailscale, funnel)
    assert paths(found) == [("gateway", "auth", "mode")]
    lan = {"gateway": {"tailscale": {"mode": "serve"}, "bind": "lan"}}
    assert paths(run(openclaw_gateway.check_tailscale, lan)) == [("gateway", "bind")]
    custom = {"gateway": {"tailscale": {"mode": "serve"}, "bind": "custom", "customBindHost": "127.0.0.1"}}
    assert run(openclaw_gateway.check_tailscale, custom) == []
    assert run(openclaw_gateway.check_tailscale, {"gateway": {"bind": "lan", "auth": {"mode": "none"}}}) == []


@pytest.mark.parametrize("ref,ok", [
    ("anthropic/claude-sonnet-4-6", True), ("openrouter/anthropic/claude", True), ("anthropic/*", True),
    ("openrouter/anthropic/*", True), ("openrouter:auto", True), ("fast", True), ("FAST", True),
    ("not a ref", False), ("anthropic", False), ("/model", False), ("anthropic/", False),
    ("anthropic/mo del", False), ("*", False), ("anthropic/claude*", False),
])
def test_model_policy_refs(ref, ok):  # case 058
    assert openclaw_roster.is_valid_model_policy_ref(ref, {"fast"}) is ok


def test_model_policy_check_uses_agent_aliases():
    config = {"agents": {"defaults": {"modelPolicy": {"allow": ["anthropic/x", "nope"]}},
                         "entries": {"a": {"models": {"openai/gpt-5.4": {"alias": "g"}}, "modelPolicy": {"allow": ["g"]}},
                                     "b": {"modelPolicy": {"allow": ["g"]}}}}}
    assert paths(run(openclaw_roster.check_model_policy, config)) == [("agents", "defaults", "modelPolicy", "allow", 1),
                                                         ("agents", "entries", "b", "modelPolicy", "allow", 0)]


def test_custom_providers():  # cases 060, 097
    config = {"models": {"providers": {"mycorp": {"models": []}, "other": {"baseUrl": "http://x"},
                                       "anthropic": {}, "OpenAI": {}}}}
    assert paths(run(openclaw_roster.check_custom_providers, config)) == [("models", "providers", "mycorp", "baseUrl"),
                                                             ("models", "providers", "other", "models")]


# --- secrets ----------------------------------------------------------------------------------------------

REF = {"source": "env", "provider": "default", "id": "HOOK_TOKEN"}


def test_secretref_on_runtime_managed_surfaces():  # case 105
    config = {"hooks": {"token": REF, "gmail": {"pushToken": "${X}"}, "mappings": [{"sessionKey": REF}]},
              "channels": {"discord": {"accounts": {"main": {"threadBindings": {"webhookToken": REF}}}}}}
    assert paths(run(openclaw_secrets.check_secretref_surfaces, config)) == [
        ("hooks", "token"), ("hooks", "mappings", 0, "sessionKey"),
        ("channels", "discord", "accounts", "main", "threadBindings", "webhookToken")]


def test_secret_provider_source_mismatch():  # cases 064, 065
    config = {"secrets": {"providers": {"vault": {"source": "env"}, "default": {"source": "file", "path": "/x"}}},
              "models": {"providers": {
                  "openai": {"apiKey": {"source": "file", "provider": "vault", "id": "/openai"}},
                  "x": {"apiKey": {"source": "file", "provider": "undeclared", "id": "/x"}},   # not OpenClaw's concern
                  "y": {"apiKey": {"source": "env", "provider": "default", "id": "Y"}},        # built-in env default
                  "z": {"apiKey": {"source": "exec", "id": "z"}},                               # provider-less: default
              }}}
    assert paths(run(openclaw_secrets.check_secret_source, config)) == [("models", "providers", "openai", "apiKey"),
                                                          ("models", "providers", "z", "apiKey")]
    assert run(openclaw_secrets.check_secret_source, {"models": config["models"]}) == []   # no providers declared


def test_exec_command_checks(tmp_path):  # cases 118, 119
    good = tmp_path / "resolver"
    good.write_text("#!/bin/sh\n")
    good.chmod(0o755)
    loose = tmp_path / "loose"
    loose.write_text("")
    loose.chmod(0o777)
    link = tmp_path / "link"
    os.symlink(good, link)
    providers = {
        "ok": {"source": "exec", "command": str(good)},
        "missing": {"source": "exec", "command": str(tmp_path / "nope")},
        "link": {"source": "exec", "command": str(link)},
        "loose": {"source": "exec", "command": str(loose)},
        "dir": {"source": "exec", "command": str(tmp_path)},
        "untrusted": {"source": "exec", "command": str(good), "trustedDirs": ["/opt/trusted"]},
        "relative": {"source": "exec", "command": "bin/x"},   # the schema's finding, not this rule's
    }
    found = run(openclaw_secrets.check_exec_command, {"secrets": {"providers": providers}})
    assert [d.resolved_path[2] for d in found] == ["missing", "link", "loose", "dir", "untrusted"]
    assert all("this machine" in d.message for d in found)


# --- plugin-aware -------------------------------------------------------------------------------------------

def test_unknown_channel():  # case 092
    config = {"channels": {"whatsap": {}, "whatsapp": {}, "defaults": {}, "modelByChannel": {}, "qa-channel": {}}}
    found = run(openclaw_channels.check_unknown_channel, config)
    assert paths(found) == [("channels", "whatsap"), ("channels", "qa-channel")]
    assert found[0].help and "whatsapp" in found[0].help


def test_unknown_channel_named_by_plugin_config_is_a_warning():
    config = {"channels": {"mychat": {}}, "plugins": {"entries": {"mychat": {}}}}
    [found] = run(openclaw_channels.check_unknown_channel, config)
    assert found.severity == WARNING


def test_channel_schema():  # case 114
    found = run(openclaw_channels.check_channel_schema, {"channels": {"telegram": {"botTokn": "x", "enabled": True}}})
    assert paths(found) == [("channels", "telegram", "botTokn")]
    assert run(openclaw_channels.check_channel_schema, {"channels": {"telegram": {"botToken": "x", "enabled": True}}}) == []
    wrong_type = run(openclaw_channels.check_channel_schema, {"channels": {"telegram": {"enabled": "yes"}}})
    assert paths(wrong_type) == [("channels", "telegram", "enabled")]


def test_the_old_scalar_streaming_gets_the_new_form_as_help():
    [old] = run(openclaw_channels.check_channel_schema, {"channels": {"telegram": {"accounts": {"a": {"streaming": "partial"}}}}})
    assert paths([old]) == [("channels", "telegram", "accounts", "a", "streaming")]
    assert 'streaming: { mode: "partial" }' in old.help and "doctor" in old.help
    [flag] = run(openclaw_channels.check_channel_schema, {"channels": {"feishu": {"streaming": True}}})
    assert '"off"' in flag.help and "doctor" not in flag.help
    [other] = run(openclaw_channels.check_channel_schema, {"channels": {"telegram": {"enabled": "yes"}}})
    assert other.help is None


def test_a_flat_streaming_key_says_where_it_moved():
    [flat] = run(openclaw_channels.check_channel_schema, {"channels": {"telegram": {"accounts": {"a": {"streamMode": "partial"}}}}})
    assert flat.help.startswith("it moved to streaming.mode") and "doctor" in flat.help
    [block] = run(openclaw_channels.check_channel_schema, {"channels": {"whatsapp": {"blockStreaming": True}}})
    assert block.help == "it moved to streaming.block.enabled"
    [nowhere] = run(openclaw_channels.check_channel_schema, {"channels": {"googlechat": {"streamMode": "x"}}})
    assert nowhere.help is None   # googlechat's streaming has no mode


def test_heartbeat_targets():  # case 095
    config = {"agents": {"defaults": {"heartbeat": {"target": "pager"}},
                         "entries": {"a": {"heartbeat": {"target": "Teams"}}, "b": {"heartbeat": {"target": " "}},
                                     "c": {"heartbeat": {"target": "last"}}, "d": {"heartbeat": {"target": "reef"}}}}}
    assert paths(run(openclaw_channels.check_heartbeat_target, config)) == [("agents", "defaults", "heartbeat", "target"),
                                                             ("agents", "entries", "b", "heartbeat", "target")]


def test_heartbeat_owner_warning():  # case 110
    fleet = {"agents": {"ownership": "explicit", "entries": {"a": {}, "b": {}}}}
    [found] = run(openclaw_channels.check_heartbeat_owner, fleet)
    assert found.severity == WARNING and found.resolved_path == ("agents", "defaults", "heartbeat", "agentId")
    owned = {"agents": {"ownership": "explicit", "entries": {"a": {}, "b": {}},
                        "defaults": {"systemAgent": {"agentId": "a"}}}}
    assert run(openclaw_channels.check_heartbeat_owner, owned) == []
    assert run(openclaw_channels.check_heartbeat_owner, {"agents": {"entries": {"a": {}}}}) == []


# --- other refinements ---------------------------------------------------------------------------------------

def test_legacy_web_search_settings():
    config = {"tools": {"web": {"search": {"provider": "brave", "apiKey": "k", "brave": {"apiKey": "k"},
                                           "gemini": "not an object"}}}}
    assert paths(run(openclaw_gateway.check_legacy_web_search, config)) == [("tools", "web", "search", "apiKey"),
                                                              ("tools", "web", "search", "brave")]


def test_browser_profiles():
    config = {"browser": {"profiles": {
        "ok": {"cdpPort": 9222}, "attach": {"driver": "existing-session", "userDataDir": "/x"},
        "bare": {}, "ext": {"driver": "extension", "cdpUrl": "http://127.0.0.1:1"}, "dir": {"cdpPort": 1, "userDataDir": "/x"}}}}
    assert [d.resolved_path[2] for d in run(openclaw_gateway.check_browser_profiles, config)] == ["bare", "ext", "dir"]


def test_every_check_survives_wrong_types():
    """The rules run even when the schema failed: values of any type must not crash them."""
    weird = [None, 1, "x", [], [1, None], {"a": None}]
    from oclc.rules import all_rules

    for item in all_rules():
        if getattr(item, "check", None) is None or not getattr(item, "code", "").startswith("OC2"):
            continue
        for value in weird:
            config = {key: value for key in ("agents", "bindings", "broadcast", "talk", "gateway", "models",
                                               "hooks", "secrets", "channels", "tools", "browser", "plugins")}
            run(item, config)
            run(item, {"agents": {"entries": {"a": value, "b": {"heartbeat": value, "modelPolicy": {"allow": value}}},
                                  "defaults": {"heartbeat": value, "modelPolicy": value}}})


def test_talk_provider():
    assert paths(run(openclaw_gateway.check_talk_provider, {"talk": {"provider": "ElevenLabs", "providers": {"openai": {}}}})) == [
        ("talk", "provider")]
    assert paths(run(openclaw_gateway.check_talk_provider, {"talk": {"realtime": {"providers": {"a": {}, "b": {}}}}})) == [
        ("talk", "realtime", "provider")]
    assert run(openclaw_gateway.check_talk_provider, {"talk": {"provider": "OpenAI", "providers": {"openai": {}}}}) == []
    assert run(openclaw_gateway.check_talk_provider, {"talk": {"providers": {"openai": {}}}}) == []


def test_tool_policy_allow_and_also_allow():
    config = {"tools": {"allow": ["read"], "alsoAllow": ["browser"], "byProvider": {"openai": {"allow": [], "alsoAllow": ["x"]}}},
              "agents": {"entries": {"a": {"tools": {"allow": ["a"], "alsoAllow": ["b"]}}}}}
    assert paths(run(openclaw_gateway.check_tool_policy, config)) == [("tools",), ("agents", "entries", "a", "tools")]


def test_acp_bindings():
    config = {"bindings": [{"type": "acp", "agentId": "main", "match": {"channel": "telegram"}},
                           {"type": "acp", "agentId": "main", "match": {"channel": "telegram", "peer": {"kind": "direct", "id": "42"}}},
                           {"agentId": "main", "match": {"channel": "telegram"}}],
              "channels": {"telegram": {"accounts": {"x": {"bindings": {"acp": [{"peer": "1"}]}}}}}}
    assert paths(run(openclaw_gateway.check_acp_bindings, config)) == [
        ("bindings", 0, "match", "peer"), ("channels", "telegram", "accounts", "x", "bindings", "acp")]


def test_gateway_roles():
    config = {"gateway": {"roles": {"default": "viewer", "definitions": {"admin": {}}}}}
    assert paths(run(openclaw_gateway.check_gateway_roles, config)) == [("gateway", "roles", "default")]
    assert run(openclaw_gateway.check_gateway_roles, {"gateway": {"roles": {"default": "admin", "definitions": {"admin": {}}}}}) == []


@pytest.mark.parametrize("text,unit,ms", [
    ("30m", "m", 1_800_000), ("1h30m", "m", 5_400_000), ("15", "m", 900_000), ("500ms", "m", 500),
    ("1.5h", "m", 5_400_000), (" 2H ", "m", 7_200_000), ("hourly", "m", None), ("1h 30m", "m", None),
    ("30x", "m", None), ("", "m", None), ("m30", "m", None),
])
def test_parse_duration(text, unit, ms):
    assert openclaw_gateway.parse_duration_ms(text, unit) == ms


def test_heartbeat_schedule():
    config = {"agents": {"defaults": {"heartbeat": {"every": "hourly", "activeHours": {"start": "24:00", "end": "24:00"}}},
                         "entries": {"a": {"heartbeat": {"every": "45", "activeHours": {"start": "9:00", "end": "24:30"}}}}}}
    assert paths(run(openclaw_gateway.check_heartbeat_schedule, config)) == [
        ("agents", "defaults", "heartbeat", "every"), ("agents", "defaults", "heartbeat", "activeHours", "start"),
        ("agents", "entries", "a", "heartbeat", "activeHours", "start"),
        ("agents", "entries", "a", "heartbeat", "activeHours", "end")]


def test_sandbox_security():
    config = {"agents": {"defaults": {"sandbox": {"docker": {"network": "HOST", "seccompProfile": "unconfined"},
                                                  "browser": {"network": "container:x"}}},
                         "entries": {"a": {"sandbox": {"docker": {"network": "container:db",
                                                                  "dangerouslyAllowContainerNamespaceJoin": True,
                                                                  "apparmorProfile": "docker-default"}}}}}}
    assert paths(run(openclaw_gateway.check_sandbox_security, config)) == [
        ("agents", "defaults", "sandbox", "docker", "network"), ("agents", "defaults", "sandbox", "browser", "network"),
        ("agents", "defaults", "sandbox", "docker", "seccompProfile")]


@pytest.mark.parametrize("provider,plugins,severity", [
    ("gemini", {}, None), ("grok", {}, None),
    ("brave", {}, ERROR), ("brave", {"entries": {"brave": {"enabled": True}}}, WARNING),
    ("kimi", {"allow": ["moonshot"]}, WARNING), ("nonsense", {}, ERROR), ("  ", {}, ERROR),
    ("Gemini", {}, ERROR),   # provider ids are matched exactly
])
def test_web_search_provider(provider, plugins, severity):  # checked against the oracle by hand
    found = run(openclaw_channels.check_web_search_provider, {"tools": {"web": {"search": {"provider": provider}}}, "plugins": plugins})
    assert [d.severity for d in found] == ([severity] if severity else [])


def test_channel_schema_messages_never_echo_values():
    secret = "xoxb-do-not-print-me"
    config = {"channels": {"discord": {"token": {"$env": secret}, "dmPolicy": secret},
                           "telegram": {"botToken": 12345, "enabled": secret}}}
    found = run(openclaw_channels.check_channel_schema, config)
    assert found and not any(secret in d.message or "12345" in d.message for d in found)


def test_avatar_paths(tmp_path):
    config = {"agents": {"ownership": "explicit", "defaults": {"workspace": str(tmp_path)},
                         "entries": {"a": {"identity": {"avatar": "pics/a.png"}}, "b": {"identity": {"avatar": "../x.png"}},
                                     "c": {"identity": {"avatar": "~/x.png"}}, "d": {"identity": {"avatar": "ftp://x"}},
                                     "e": {"identity": {"avatar": "DATA:image/png;base64,AA"}},
                                     "f": {"identity": {"avatar": str(tmp_path / "f" / "x.png")}},
                                     "g": {"identity": {"avatar": "/etc/x.png"}}}}}
    assert [d.resolved_path[2] for d in run(openclaw_gateway.check_avatar, config)] == ["b", "c", "d", "g"]


def test_sole_agent_uses_the_default_workspace(tmp_path):
    config = {"agents": {"entries": {"main": {"identity": {"avatar": str(tmp_path / "workspace" / "me.png")}}}}}
    assert run(openclaw_gateway.check_avatar, config, state_dir=str(tmp_path)) == []


def test_mcp_server_names():
    config = {"mcp": {"servers": {" padded ": {}, "__proto__": {}}}, "nodeHost": {"mcp": {"servers": {"": {}, "ok": {}}}}}
    assert paths(run(openclaw_gateway.check_mcp_server_names, config)) == [("mcp", "servers", "__proto__"),
                                                             ("nodeHost", "mcp", "servers", "")]


def test_broadcast_groups():
    config = {"broadcast": {"strategy": "parallel", "team": {"agents": ["a"]}, "telegram:1": {"agents": ["a"]},
                            "telegram:2": [f"a{i}" for i in range(17)], "plain": ["a"]}}
    assert paths(run(openclaw_gateway.check_broadcast_groups, config)) == [("broadcast", "team"), ("broadcast", "telegram:2")]


def test_persistent_hooks():
    mappings = [{"sessionMode": "persistent"}, {"sessionMode": "persistent", "transform": {"module": "x.js"}},
                {"sessionMode": "persistent", "action": "wake"}, {"sessionMode": "persistent", "sessionKey": " "}]
    assert paths(run(openclaw_gateway.check_persistent_hooks, {"hooks": {"mappings": mappings}})) == [
        ("hooks", "mappings", 0, "sessionKey"), ("hooks", "mappings", 3, "sessionKey")]
    assert run(openclaw_gateway.check_persistent_hooks, {"hooks": {"mappings": mappings, "defaultSessionKey": "hook"}}) == []


def test_model_entries_needing_exact_refs():
    config = {"agents": {"defaults": {"models": {"anthropic/*": {"codeMode": True}, "openai/gpt-5.4": {"codeMode": True},
                                                 "sonnet": {"pickerRuntimes": ["codex"]}, "x/": {"codeMode": False}}}}}
    assert paths(run(openclaw_gateway.check_model_entry_refs, config)) == [
        ("agents", "defaults", "models", "anthropic/*", "codeMode"), ("agents", "defaults", "models", "sonnet", "pickerRuntimes"),
        ("agents", "defaults", "models", "x/", "codeMode")]


@pytest.mark.parametrize("text,size", [("500", 500), ("2gb", 2 * 1024 ** 3), ("1.5K", 1536), ("10 mb", None),
                                       ("2pb", None), ("", None), ("-1", None)])
def test_parse_byte_size(text, size):
    assert openclaw_gateway.parse_byte_size(text) == size


def test_retention_values():
    config = {"session": {"maintenance": {"pruneAfter": "a month", "archiveDashboardAfter": 0, "preserveRecent": False,
                                          "resetArchiveRetention": 0, "maxDiskBytes": "2 GB", "highWaterBytes": 1024}},
              "cron": {"sessionRetention": "forever"}}
    assert paths(run(openclaw_gateway.check_retention_values, config)) == [
        ("session", "maintenance", "pruneAfter"), ("session", "maintenance", "resetArchiveRetention"),
        ("session", "maintenance", "maxDiskBytes"), ("cron", "sessionRetention")]
    fine = {"session": {"maintenance": {"pruneAfter": 30, "archiveDashboardAfter": False, "maxDiskBytes": False}},
            "cron": {"sessionRetention": "48"}}
    assert run(openclaw_gateway.check_retention_values, fine) == []


def test_retired_models():
    config = {"agents": {"defaults": {"model": {"primary": "Google/Gemini-1.5-Pro", "fallbacks": ["anthropic/x", "google/gemini-2.0-flash"]},
                                      "models": {"google/gemini-1.5-flash": {}}},
                         "entries": {"a": {"heartbeat": {"model": "google/gemini-1.5-pro"}}}},
              "channels": {"modelByChannel": {"telegram": {"123": "google/gemini-1.5-pro"}}},
              "tts": {"summaryModel": "openai/gpt-5.4"}}   # openai's retirements only apply to one endpoint
    found = run(openclaw_gateway.check_retired_models, config)
    assert sorted(paths(found)) == sorted([
        ("agents", "defaults", "model", "primary"), ("agents", "defaults", "model", "fallbacks", 1),
        ("agents", "defaults", "models", "google/gemini-1.5-flash"), ("agents", "entries", "a", "heartbeat", "model"),
        ("channels", "modelByChannel", "telegram", "123")])
    assert found[0].help == "use google/gemini-3.1-pro-preview instead"


def test_uninspectable_plugin_load_path_turns_plugin_checks_into_warnings(tmp_path):
    missing = str(tmp_path / "no-such-extensions")
    config = {"plugins": {"load": {"paths": [missing]}},
              "channels": {"wecom": {}, "telegram": {"botTokn": "x"}},
              "agents": {"defaults": {"heartbeat": {"target": "wecom"}}},
              "tools": {"web": {"search": {"provider": "tavily"}}}}
    for item in (openclaw_channels.check_unknown_channel, openclaw_channels.check_heartbeat_target, openclaw_channels.check_web_search_provider):
        [found] = run(item, config)
        assert found.severity == WARNING and missing in found.message
    assert run(openclaw_channels.check_channel_schema, config) == []   # OpenClaw skips channel schemas then
    config["plugins"]["load"]["paths"] = [str(tmp_path)]  # exists: its plugins may provide the channel
    [found] = run(openclaw_channels.check_unknown_channel, config)
    assert found.severity == WARNING
    assert len(run(openclaw_channels.check_channel_schema, config)) == 1


def test_memory_slot(tmp_path):
    def slot(value, **plugins):
        return run(openclaw_channels.check_memory_slot, {"plugins": {"slots": {"memory": value}, **plugins}})
    assert slot("memory-core") == [] and slot("none") == [] and slot(" ") == []
    [missing] = slot("openclaw-mem0")
    assert missing.severity == ERROR and missing.resolved_path == ("plugins", "slots", "memory")
    assert [d.severity for d in slot("memory-lancedb")] == [WARNING]
    assert [d.severity for d in slot("skill-workshop")] == [WARNING]
    assert [d.severity for d in slot("openclaw-mem0", load={"paths": [str(tmp_path)]})] == [WARNING]


def test_plugin_config_schema():
    config = {"plugins": {"entries": {"llm-task": {"config": {"allowedModels": ["x"]}},
                                      "canvas": {"config": {}}, "unknown-plugin": {"config": {"x": 1}},
                                      "memory-core": {"enabled": True}}}}
    found = run(openclaw_channels.check_plugin_config, config)
    assert paths(found) == [("plugins", "entries", "llm-task", "config", "allowedModels")]
    assert js_truthy({}) and not js_truthy(0) and not js_truthy(float("nan")) and js_truthy("x")


def test_plugin_data_matches_the_oracle_version_and_its_schemas_are_usable():
    import jsonschema

    from oclc.oracle import ORACLE_VERSION

    data = openclaw_common.plugin_data()
    assert data["openclaw"] == ORACLE_VERSION
    assert {"telegram", "discord", "whatsapp", "slack"} <= set(openclaw_channels.bundled_channels())
    assert "qa-channel" not in openclaw_channels.bundled_channels()          # not configurable
    schemas = ([openclaw_common.channel_schema(entry["id"]) for entry in data["channels"]]
               + [p.get("configSchema") for p in data["plugins"]])
    assert all(schemas[:len(data["channels"])]), "every bundled channel has its schema file"
    for schema in filter(None, schemas):
        # Checked without format assertions: their patterns are ECMAScript, not Python, regexes.
        meta = jsonschema.validators.validator_for(schema)
        assert list(meta(meta.META_SCHEMA).iter_errors(schema)) == []


def test_ecmascript_patterns_in_channel_schemas():  # feishu uses \p{Cs}, which Python's re refuses
    config = {"channels": {"feishu": {"stickerSets": {"a": {"b": [" padded ", "fine"]}}}}}
    assert paths(run(openclaw_channels.check_channel_schema, config)) == [("channels", "feishu", "stickerSets", "a", "b", 0)]
