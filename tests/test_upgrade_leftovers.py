"""`oclc upgrade`'s last steps, after the migrations: what the target still refuses for how a value
is written (repairs.py), forms older releases accepted that 2026.9.6's doctor does not migrate
(migrations/beyond_doctor.py), and keys the target has no place for (unknown.py: removed by
default as doctor removes them, listed and left with --keep-unknown)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from oclc.json5.parser import loads
from oclc.upgrade import report_lines, run, upgrade_file, write
from oclc.upgrade.repairs import spelled_value

ENV = {"HOME": "/home/oclc-test", "PATH": os.environ.get("PATH", "")}
TARGET = "2026.9.6"


def upgrade_text(tmp_path, text: str, name: str = "openclaw.json5", **options):
    config = tmp_path / name
    config.write_text(text)
    upgrade = upgrade_file(str(config), TARGET, env=ENV, **options)
    assert upgrade.error is None and upgrade.refused is None, (upgrade.error, upgrade.refused)
    if upgrade.changed:
        assert write(upgrade) is None
    return config.read_text(), upgrade


def reasons(upgrade) -> dict[str, str]:
    return {".".join(map(str, change.path)): f"{change.action}: {change.reason}" for change in upgrade.changes}


# --- unknown keys -----------------------------------------------------------------------------------

UNKNOWN = """\
{
  // the gateway
  gateway: {
    mode: "local",
    host: "0.0.0.0", // no release had this
    controlUI: { enabled: true },
  },
  agents: { entries: { main: {} } },
  sessions: { scope: "per-sender" },
  channels: {
    telegram: {
      botToken: "123456:abcdefghijklmnopqrstuvwxyzABCDEFGHI",
      dmPolicy: "pairing",
      replyStyle: "short", // not a telegram setting
    },
  },
}
"""


def test_unknown_keys_are_removed_as_doctor_removes_them_each_with_its_reason(tmp_path):
    text, upgrade = upgrade_text(tmp_path, UNKNOWN)
    assert text == """\
{
  // the gateway
  gateway: {
    mode: "local",
    controlUi: { enabled: true },
  },
  agents: { entries: { main: {} } },
  session: { scope: "per-sender" },
  channels: {
    telegram: {
      botToken: "123456:abcdefghijklmnopqrstuvwxyzABCDEFGHI",
      dmPolicy: "pairing",
    },
  },
}
"""
    why = reasons(upgrade)
    assert why["gateway.host"] == ("removed: no release oclc carries (2026.1.30 to 2026.9.6) accepts it, and "
                                   "2026.9.6 refuses the config for it; removed as `openclaw doctor --fix` removes "
                                   "unknown keys")
    # Doctor leaves a channel's unknown settings (and the gateway keeps refusing): oclc says so.
    assert why["channels.telegram.replyStyle"].startswith(
        "removed: the channel's settings in 2026.9.6 have no such key")
    # A misspelt key whose value the target accepts under the right name is renamed, value kept.
    assert why["gateway.controlUI"] == ("renamed: OpenClaw's key is spelt `controlUi`, which `controlUI` differs "
                                        "from in letter case only; 2026.9.6 refuses `controlUI` and accepts this "
                                        "value as `controlUi`")
    assert why["sessions"].startswith("renamed: OpenClaw's key is spelt `session`, which `sessions` differs from "
                                      "by a few letters")
    assert upgrade.remaining == [] and upgrade.decisions == []
    # The comment on a removed line is named, as for every removal.
    assert sorted(c for change in upgrade.changes for c in change.dropped_comments) == ["// no release had this",
                                                                                   "// not a telegram setting"]


def test_a_misspelt_key_whose_value_is_wrong_there_or_already_set_is_a_persons_decision(tmp_path):
    text = """{
  agnets: { entries: { main: { workspace: "~/work", thinkingLevel: "max" } } },
  gateway: { mode: "local", controlUi: { enabled: true }, controlUI: { enabled: false, basePath: "/ui" } },
  browser: { profiles: { work: { cdp_url: "http://127.0.0.1:9222" } } },
}
"""
    after, upgrade = upgrade_text(tmp_path, text)
    decided = {".".join(map(str, d.path)): d.message for d in upgrade.decisions}
    # The agents are not lost: the roster migration gave `agents` the implicit main agent (the
    # config names none where OpenClaw looks), so the two differ and a person decides.
    assert decided["agnets"] == "`agents` is set too, with another value; keep one of the two by hand"
    assert decided["gateway.controlUI"] == "`gateway.controlUi` is set too, with another value; keep one of the two by hand"
    assert loads(after)["gateway"]["controlUI"] == {"enabled": False, "basePath": "/ui"}
    assert loads(after)["agnets"]["entries"]["main"]["workspace"] == "~/work"
    # A scalar under a misspelt name that the target accepts under the right one: renamed.
    assert loads(after)["browser"]["profiles"]["work"] == {"cdpUrl": "http://127.0.0.1:9222"}


def test_a_form_from_before_2026_is_left_with_where_it_lives_now(tmp_path):
    text = ('{ agent: { model: "anthropic/claude-sonnet-4-6", workspace: "~/clawd" }, identity: { name: "Clawd" },\n'
            '  routing: { agents: { work: { workspace: "~/w" } } }, agents: { entries: { main: {} } } }\n')
    after, upgrade = upgrade_text(tmp_path, text)
    assert after == text
    decided = {".".join(map(str, d.path)): d.message for d in upgrade.decisions}
    assert decided["agent"] == ("`agent` is a form from before 2026 that no release oclc carries reads or migrates; "
                                "its settings live at agents.defaults (model, workspace, ...) now: move them there by hand")
    assert "agents.entries.<id>.identity" in decided["identity"]
    assert "`routing.agents` is a form from before 2026" in decided["routing"]


def test_a_decision_a_migration_left_keeps_the_key(tmp_path):
    # A model OpenClaw's catalogue renamed, with settings under both names: doctor's model-ref
    # migration leaves the merge to a person; the unknown-keys step must not remove either.
    text = ('{ agents: { entries: { main: {} }, defaults: { models: {\n'
            '  "anthropic/claude-3-5-haiku-20241022": { alias: "old", params: { cacheRetention: "short" } },\n'
            '  "anthropic/claude-sonnet-4-6": { alias: "new" } } } } }\n')
    _, upgrade = upgrade_text(tmp_path, text)
    [decision] = [d for d in upgrade.decisions if "claude-3-5-haiku" in ".".join(map(str, d.path))]
    assert not any(change.path == decision.path and change.action == "removed" for change in upgrade.changes)


def test_a_downgrade_or_a_config_from_a_newer_release_loses_nothing(tmp_path):
    config = tmp_path / "openclaw.json5"
    text = ('{ meta: { lastTouchedVersion: "2026.9.6" }, gateway: { mode: "local" },\n'
            '  agents: { entries: { main: { model: "anthropic/claude-sonnet-4-6" } } } }\n')
    config.write_text(text)
    upgrade = upgrade_file(str(config), "2026.3.13", env=ENV)
    assert not [c for c in upgrade.changes if c.migration == "unknown-keys"]
    decided = {".".join(map(str, d.path)): d.message for d in upgrade.decisions}
    assert decided["agents.entries"].startswith("OpenClaw 2026.3.13 does not know it, but OpenClaw 2026.9.6 wrote "
                                                "this config: carrying a config to an older release is a downgrade")
    newer = tmp_path / "newer.json5"
    newer.write_text('{ meta: { lastTouchedVersion: "2026.11.2" }, gateway: { mode: "local", brandNew: 1 },\n'
                     '  agents: { entries: { main: {} } } }\n')
    upgrade = upgrade_file(str(newer), TARGET, env=ENV)
    assert upgrade.texts == {} and [d.path for d in upgrade.decisions] == [("gateway", "brandNew")]


def test_keep_unknown_leaves_them_listed_as_still_refused(tmp_path):
    text, upgrade = upgrade_text(tmp_path, UNKNOWN, keep_unknown=True)
    assert text == UNKNOWN
    assert sorted(".".join(map(str, d.resolved_path)) for d in upgrade.remaining) == [
        "channels.telegram.replyStyle", "gateway.controlUI", "gateway.host", "sessions"]
    lines = report_lines(upgrade, mode="write")
    assert any("still refused by OpenClaw 2026.9.6: 4 errors" in line for line in lines)


def test_a_key_an_older_release_accepted_says_which(tmp_path):
    # `cli` (2026.7.35 accepted it, 2026.8.2 does not), upgraded to 2026.8.2: only the release data
    # applies there (no doctor of that release), and the config does not say which release wrote
    # it, so the two schemas are not compared; the last step removes it and says when it went.
    config = tmp_path / "openclaw.json5"
    config.write_text('{ cli: { banner: { taglineMode: "off" } }, agents: { entries: { main: {} } } }\n')
    upgrade = upgrade_file(str(config), "2026.8.2", env=ENV)
    assert reasons(upgrade)["cli"] == (
        "removed: OpenClaw 2026.7.35 was the last release to accept it; 2026.8.2 refuses it and nothing "
        "replaces it, so it is removed as `openclaw doctor --fix` removes unknown keys")
    assert upgrade.remaining == []


def test_a_key_left_to_a_person_is_not_removed(tmp_path):
    # An agents.list OpenClaw cannot convert (not an array) is the person's agents: never removed.
    text = '{ agents: { list: { main: { model: "anthropic/claude-sonnet-4-6" } } } }\n'
    after, upgrade = upgrade_text(tmp_path, text)
    assert loads(after)["agents"]["list"] == {"main": {"model": "anthropic/claude-sonnet-4-6"}}
    assert any(d.path == ("agents", "list") for d in upgrade.decisions)


def test_a_retired_block_with_nothing_doctor_moves_goes_with_where_its_settings_live(tmp_path):
    _, upgrade = upgrade_text(tmp_path, '{ routing: { enabled: true, default_model: "x" } }\n')
    why = reasons(upgrade)
    assert why["routing"].startswith("removed: 2026.9.6 refuses it, and nothing left in it is a setting")
    assert "channels.<channel>.groups and messages.groupChat" in why["routing"]
    assert upgrade.decisions == [] and upgrade.remaining == []


def test_the_keys_a_retired_pattern_names_but_the_target_accepts_are_not_touched(tmp_path):
    # env.* is retired (variables live in env.vars), but env.vars and env.shellEnv are its keys.
    text = '{ env: { vars: { A: "1" }, shellEnv: { enabled: true } }, agents: { entries: { main: {} } } }\n'
    after, upgrade = upgrade_text(tmp_path, text)
    assert after == text and upgrade.decisions == [] and upgrade.changes == []


# --- values written as strings ----------------------------------------------------------------------

def test_a_number_or_boolean_written_as_a_string_is_written_as_itself(tmp_path):
    text = '{\n  gateway: { mode: "local", port: "18789" },\n  channels: { telegram: { enabled: "true", dmPolicy: "pairing" } },\n  agents: { entries: { main: {} } },\n}\n'
    after, upgrade = upgrade_text(tmp_path, text)
    assert after == text.replace('"18789"', "18789").replace('"true"', "true")
    assert reasons(upgrade)["gateway.port"].startswith("set: 2026.9.6 wants a number here, and the string spelled one")
    assert upgrade.remaining == []


def test_a_string_that_spells_no_value_or_names_a_variable_is_left(tmp_path):
    text = '{ gateway: { mode: "local", port: "${PORT}" }, agents: { defaults: { maxConcurrent: "4k" }, entries: { main: {} } } }\n'
    after, upgrade = upgrade_text(tmp_path, text)
    assert after == text
    assert {".".join(map(str, d.resolved_path)) for d in upgrade.remaining} == {
        "gateway.port", "agents.defaults.maxConcurrent"}


def test_spelled_values():
    assert spelled_value(" 42 ", {"integer"}) == 42
    assert spelled_value("4.5", {"integer"}) is None
    assert spelled_value("4.5", {"number"}) == 4.5
    assert spelled_value("1e3", {"number"}) == 1000.0
    assert spelled_value("TRUE", {"boolean"}) is True
    assert spelled_value("yes", {"boolean"}) is None
    assert spelled_value("0x10", {"integer", "number"}) is None
    assert spelled_value("", {"integer"}) is None
    assert spelled_value("١٨٧٨٩", {"integer", "number"}) is None      # JavaScript's Number() gives NaN
    assert spelled_value("\u00a018789", {"integer"}) is None


# --- forms doctor does not migrate --------------------------------------------------------------------

def test_an_extension_profiles_relay_address_goes(tmp_path):
    text = """{
  browser: {
    profiles: {
      "my-chrome": { cdpUrl: "http://127.0.0.1:18792", driver: "extension" },
      work: { cdpUrl: "http://127.0.0.1:9222" },
    },
  },
  agents: { entries: { main: {} } },
}
"""
    after, upgrade = upgrade_text(tmp_path, text)
    assert loads(after)["browser"]["profiles"] == {
        "my-chrome": {"driver": "extension"}, "work": {"cdpUrl": "http://127.0.0.1:9222"}}
    assert upgrade.remaining == []


def test_the_mcp_http_transport_is_streamable_http(tmp_path):
    text = '{ mcp: { servers: { meta: { transport: "http", url: "http://localhost:12008/mcp" } } }, agents: { entries: { main: {} } } }\n'
    after, upgrade = upgrade_text(tmp_path, text)
    assert after == text.replace('"http"', '"streamable-http"')
    assert upgrade.remaining == []


# --- the command line -------------------------------------------------------------------------------

def test_keep_unknown_on_the_command_line(tmp_path):
    config = tmp_path / "openclaw.json5"
    config.write_text('{ gateway: { mode: "local", host: "0.0.0.0" }, agents: { entries: { main: {} } } }\n')
    command = [sys.executable, "-m", "oclc", "upgrade", "--keep-unknown", str(config)]
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "HOME": str(tmp_path)})
    assert done.returncode == 1, done.stderr
    assert 'OC201: unknown key "host" in gateway' in done.stdout
    assert config.read_text() == '{ gateway: { mode: "local", host: "0.0.0.0" }, agents: { entries: { main: {} } } }\n'
    out: list[str] = []
    assert run([str(config)], out=out.append, err=out.append) == 0
    assert config.read_text() == '{ gateway: { mode: "local" }, agents: { entries: { main: {} } } }\n'
    assert "removed `gateway.host`: no release oclc carries (2026.1.30 to 2026.9.6) accepts it" in "".join(out)


# --- what doctor refuses to change ------------------------------------------------------------------

REFUSALS = Path(__file__).parent / "data" / "doctor-refusals"


def doctor_and_oclc(tmp_path, name: str):
    recorded = json.loads((REFUSALS / f"{name}.doctor.json").read_text())
    assert recorded["openclaw"] == TARGET
    _, upgrade = upgrade_text(tmp_path, (REFUSALS / f"{name}.json5").read_text())
    assert upgrade.remaining == [] and upgrade.decisions == []
    assert {"meta.lastTouchedAt", "gateway.tailscale.resetOnExit", "commands.ownerDisplay"} <= set(reasons(upgrade))
    return recorded, upgrade


def test_one_value_of_the_wrong_type_and_doctor_writes_nothing(tmp_path):
    """Recorded (scripts/record_doctor.py --dir tests/data/doctor-refusals): with `port: "18789"`
    doctor writes nothing at all, its migrations of the retired keys included; oclc migrates them
    and writes the number."""
    recorded, upgrade = doctor_and_oclc(tmp_path, "01-string-port")
    assert recorded["config"] is None and recorded["exit"] == 1
    assert any("No config changes were written" in line for line in recorded["output"])
    assert reasons(upgrade)["gateway.port"].startswith("set: 2026.9.6 wants a number here")


def test_a_channels_unknown_setting_doctor_leaves_and_the_gateway_keeps_refusing(tmp_path):
    recorded, upgrade = doctor_and_oclc(tmp_path, "02-channel-setting")
    assert recorded["config"]["channels"]["telegram"]["footer"] == "sent by a bot"
    assert "meta" in recorded["config"] and "lastTouchedAt" not in recorded["config"]["meta"]
    # Doctor's result is still refused, for that setting (oclc agrees with the validator on it).
    from oclc.pipeline import Options, check

    doctored = tmp_path / "doctored.json"
    doctored.write_text(json.dumps(recorded["config"]))
    refused = [(d.code, d.resolved_path) for d in check(str(doctored), options=Options(openclaw_version=TARGET)).diagnostics
               if d.is_structural]
    assert refused == [("OC224", ("channels", "telegram", "footer"))]
    assert reasons(upgrade)["channels.telegram.footer"].startswith("removed: the channel's settings in 2026.9.6")


def test_one_string_where_a_list_is_wanted_is_its_item_when_the_target_accepts_that(tmp_path):
    text = ('{ agents: { entries: { main: { subagents: { allowAgents: "*" } } } },\n'
            '  gateway: { mode: "local", trustedProxies: "10.0.0.1" },\n'
            '  bindings: "main",\n'       # a list of objects: ["main"] would be refused too, so it stays
            '  tools: { profile: "coding", alsoAllow: "lobster" } }\n')
    after, upgrade = upgrade_text(tmp_path, text)
    assert after == text.replace('"*"', '["*"]').replace('"10.0.0.1"', '["10.0.0.1"]').replace('"lobster"', '["lobster"]')
    assert reasons(upgrade)["gateway.trustedProxies"] == "set: 2026.9.6 wants a list here; the one string written is its item"
    assert [(d.code, d.resolved_path) for d in upgrade.remaining] == [("OC203", ("bindings",))]
    assert "bindings" not in reasons(upgrade)


def test_a_misspelt_key_whose_value_would_be_refused_there_is_a_persons_decision(tmp_path):
    text = '{ gateway: { mode: "local", controlUI: { enabled: "yes please" } }, agents: { entries: { main: {} } } }\n'
    after, upgrade = upgrade_text(tmp_path, text)
    assert after == text
    [decision] = upgrade.decisions
    assert decision.message == ("2026.9.6 does not know `controlUI`; if `controlUi` was meant, its value needs "
                                "changes there: move what you need by hand")


def test_an_unknown_key_in_an_included_file_is_removed_there(tmp_path):
    (tmp_path / "gateway.json5").write_text('{\n  mode: "local",\n  host: "0.0.0.0",\n}\n')
    main = '{\n  gateway: { $include: "./gateway.json5" },\n  agents: { entries: { main: {} } },\n}\n'
    after, upgrade = upgrade_text(tmp_path, main)
    assert after == main
    assert (tmp_path / "gateway.json5").read_text() == '{\n  mode: "local",\n}\n'
    [files] = [c.files for c in upgrade.changes if c.path == ("gateway", "host")]
    assert len(files) == 1 and files[0].endswith("gateway.json5")


def test_plain_json_stays_json_and_a_plugins_unknown_setting_goes(tmp_path):
    text = ('{\n  "plugins": { "entries": { "llm-task": { "config": { "allowedModels": ["a"] } } } },\n'
            '  "agents": { "entries": { "main": {} } }\n}\n')
    after, upgrade = upgrade_text(tmp_path, text, name="openclaw.json")
    import json as plain_json
    assert plain_json.loads(after) == {"plugins": {"entries": {"llm-task": {"config": {}}}}, "agents": {"entries": {"main": {}}}}
    assert reasons(upgrade)["plugins.entries.llm-task.config.allowedModels"].startswith(
        "removed: the plugin's settings in 2026.9.6 have no such key")


def test_the_diff_masks_what_an_unknown_key_held(tmp_path):
    config = tmp_path / "openclaw.json5"
    config.write_text('{\n  gateway: { mode: "local", auth: { mode: "token", passwrd: "hunter2-very-secret" } },\n'
                      '  channels: { telegram: { dmPolicy: "pairing", botTokn: "123456:abcdefghij-klmnopqrst" } },\n'
                      '  agents: { entries: { main: {} } },\n}\n')
    out: list[str] = []
    run([str(config)], diff=True, out=out.append, err=out.append)
    shown = "".join(out)
    assert "hunter2" not in shown and "abcdefghij" not in shown
    # What looks like a credential is not removed (it would be lost), but left to the person.
    assert "to decide: `channels.telegram.botTokn`: 2026.9.6 has no place for it, but it looks like it holds a credential" in shown


def test_a_repair_the_target_would_refuse_is_not_made_and_the_rest_goes_on(tmp_path):
    text = ('{\n  meta: { lastTouchedAt: "2026-03-01T10:00:00.000Z" },\n  gateway: { mode: "local", port: "70000" },\n'
            '  agents: { entries: { main: {} } },\n}\n')
    after, upgrade = upgrade_text(tmp_path, text)
    assert 'port: "70000"' in after and "lastTouchedAt" not in after
    [left] = upgrade.remaining
    # Its place is the one in the file as written now.
    line = next(number for number, content in enumerate(after.splitlines(), 1) if '"70000"' in content)
    assert (left.code, left.resolved_path, left.span.line) == ("OC203", ("gateway", "port"), line)


def test_a_value_in_an_object_with_a_repeated_key_is_not_repaired(tmp_path):
    text = '{ gateway: { mode: "local", port: "18789", port: "18790" }, agents: { entries: { main: {} } } }\n'
    after, upgrade = upgrade_text(tmp_path, text)
    assert after == text and [d.resolved_path for d in upgrade.remaining] == [("gateway", "port")]


def test_a_distant_likeness_is_not_taken_as_the_key_meant():
    from oclc.upgrade.unknown import one_slip

    assert one_slip("agnets", "agents") and one_slip("sessions", "session") and one_slip("cdp_url", "cdpurl")
    assert not one_slip("subagents", "agents") and not one_slip("models", "mode") and not one_slip("host", "hooks")


def test_to_an_older_release_a_retired_block_is_left_not_removed(tmp_path):
    """To 2026.8.2 only the release data applies (oclc carries 2026.9.6's doctor): a block the
    written-for release accepted and the target refuses may have moved (agents.list, a deny list),
    so a person decides; a scalar goes."""
    text = ('{\n  meta: { lastTouchedVersion: "2026.3.31" },\n'
            '  gateway: { mode: "local", nodes: { denyCommands: ["system.run"] } },\n'
            '  agents: { list: [ { id: "main", workspace: "~/work" }, { id: "ops", workspace: "~/ops" } ] },\n}\n')
    config = tmp_path / "openclaw.json5"
    config.write_text(text)
    upgrade = upgrade_file(str(config), "2026.8.2", env=ENV)
    removed = [c.path for c in upgrade.changes if c.action == "removed"]
    assert ("agents", "list") not in removed and ("gateway", "nodes", "denyCommands") not in removed
    decided = {d.path: d.message for d in upgrade.decisions}
    assert decided[("gateway", "nodes", "denyCommands")].startswith(
        "2026.3.31 accepted it and 2026.8.2 refuses it; it may have moved")


def test_a_downgrade_keeps_a_channel_setting_a_newer_release_knows(tmp_path):
    config = tmp_path / "openclaw.json5"
    config.write_text('{ gateway: { mode: "local" }, agents: { entries: { main: {} } },\n'
                      '  channels: { irc: { enabled: true, host: "irc.libera.chat", nick: "claw", healthMonitor: { enabled: true } } } }\n')
    upgrade = upgrade_file(str(config), "2026.8.2", env=ENV)
    assert not [c for c in upgrade.changes if c.path == ("channels", "irc", "healthMonitor")]
    [decision] = [d for d in upgrade.decisions if d.path == ("channels", "irc", "healthMonitor")]
    assert "OpenClaw 2026.9.6 added it" in decision.message


def test_an_agent_or_a_credential_under_an_unknown_key_is_left_to_a_person(tmp_path):
    text = ('{ agents: { entries: { main: {} }, dev: { model: "anthropic/claude-sonnet-4-6", workspace: "~/dev" } },\n'
            '  gateway: { mode: "local", authTokn: "s3cr3t-value-here" } }\n')
    after, upgrade = upgrade_text(tmp_path, text)
    assert after == text
    decided = {".".join(map(str, d.path)): d.message for d in upgrade.decisions}
    assert decided["agents.dev"].startswith("2026.9.6 has no place for it, but it looks like an agent (model, workspace)")
    assert "looks like it holds a credential" in decided["gateway.authTokn"]


def test_a_value_beside_a_key_a_person_decides_stays(tmp_path):
    # agents.list as an object: the roster migration cannot convert it and leaves it to a person;
    # agents.default (which agent is the default) may be what that decision needs.
    text = '{ agents: { default: "aldric", list: { aldric: { workspace: "~/a" } } } }\n'
    after, upgrade = upgrade_text(tmp_path, text)
    assert loads(after)["agents"]["default"] == "aldric"
    assert "sits beside a key a person decides" in {".".join(map(str, d.path)): d.message
                                                    for d in upgrade.decisions}["agents.default"]


def test_several_items_in_one_string_are_not_made_a_list_of_one(tmp_path):
    text = ('{ gateway: { mode: "local", trustedProxies: "10.0.0.1, 10.0.0.2" }, tools: { deny: "exec,browser" },\n'
            '  agents: { entries: { main: {} } } }\n')
    after, upgrade = upgrade_text(tmp_path, text)
    assert after == text
    assert sorted(d.resolved_path for d in upgrade.remaining) == [("gateway", "trustedProxies"), ("tools", "deny")]


def test_the_diff_masks_an_unknown_keys_value_wherever_a_migration_moved_it(tmp_path):
    config = tmp_path / "openclaw.json5"
    config.write_text('{\n  gateway: { mode: "local" },\n'
                      '  agents: { list: [ { id: "main", model: "anthropic/claude-sonnet-4-6", hookPazz: "hunter2-correct-horse" } ] },\n}\n')
    out: list[str] = []
    run([str(config)], diff=True, out=out.append, err=out.append)
    assert "hunter2" not in "".join(out)
    kept = tmp_path / "kept.json5"
    kept.write_text('{\n  meta: { lastTouchedAt: "2026-03-01T10:00:00.000Z" },\n  gateway: { mode: "local", relay: "hunter2-correct-horse" },\n'
                    '  agents: { entries: { main: {} } },\n}\n')
    out = []
    run([str(kept)], diff=True, keep_unknown=True, out=out.append, err=out.append)
    assert "hunter2" not in "".join(out) and "relay" in "".join(out)


def test_what_a_credential_key_is_named_like():
    from oclc.upgrade.unknown import _CREDENTIAL_ENDINGS

    for name in ("bottokn", "passwrd", "signingkey", "gatewaytoken", "botsecret", "adminpass"):
        assert name.endswith(_CREDENTIAL_ENDINGS), name
    for name in ("tokens", "maxtokens", "enabled", "model", "keys"):
        assert not name.endswith(_CREDENTIAL_ENDINGS), name
