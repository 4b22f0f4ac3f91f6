"""`oclc upgrade`: the text-edit engine, the runner (modes, exit codes, writing, never worse) and
includes. Doctor parity, the compile property and the corpus are in test_upgrade_doctor.py."""
from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from oclc.json5.parser import loads
from oclc.upgrade import run, upgrade_file
from oclc.upgrade.migrations import Migration
from oclc.upgrade.textedit import EditError, TextFile
from oclc.upgrade.tree import Tree

ENV = {"HOME": "/home/oclc-test", "PATH": os.environ.get("PATH", "")}


def tree(text: str, name: str = "openclaw.json5") -> Tree:
    return Tree.open(name, text, None, env=ENV)


# --- the engine -----------------------------------------------------------------------------------

JSON5 = """\
{
  // the gateway
  gateway: {
    mode: 'local', // always local
    tailscale: {
      mode: 'off',
      resetOnExit: false, // written by 2026.2
    },
  },
  commands: { ownerDisplay: 'raw', native: 'auto' },
}
"""


def test_delete_keeps_comments_quotes_and_trailing_commas():
    t = tree(JSON5)
    t.delete(("gateway", "tailscale", "resetOnExit"), "retired")
    t.delete(("commands", "ownerDisplay"), "retired")
    assert t.files["openclaw.json5"].text == """\
{
  // the gateway
  gateway: {
    mode: 'local', // always local
    tailscale: {
      mode: 'off',
    },
  },
  commands: { native: 'auto' },
}
"""
    assert t.changes[0].dropped_comments == ("// written by 2026.2",)


def test_insert_follows_the_files_style():
    t = tree(JSON5)
    t.set(("gateway", "nodes", "commands", "deny"), ["shell"], "moved")
    t.set(("commands", "text"), True, "x")
    text = t.files["openclaw.json5"].text
    assert "    nodes: {\n      commands: {\n        deny: [\n          'shell',\n        ],\n      },\n    }," in text
    assert "commands: { ownerDisplay: 'raw', native: 'auto', text: true }," in text


def test_plain_json_stays_plain_json():
    text = '{\n    "meta": {\n        "lastTouchedAt": "x",\n        "lastTouchedVersion": "2026.3.2"\n    }\n}\n'
    t = tree(text, "openclaw.json")
    t.delete(("meta", "lastTouchedAt"), "retired")
    t.set(("agents", "entries", "main"), {}, "implicit")
    out = t.files["openclaw.json"].text
    assert json.loads(out) == {"meta": {"lastTouchedVersion": "2026.3.2"}, "agents": {"entries": {"main": {}}}}
    assert out == ('{\n    "meta": {\n        "lastTouchedVersion": "2026.3.2"\n    },\n    "agents": {\n'
                   '        "entries": {\n            "main": {}\n        }\n    }\n}\n')


def test_crlf_and_tabs_are_kept():
    text = '{\r\n\t"a": {\r\n\t\t"b": 1,\r\n\t\t"c": 2\r\n\t}\r\n}\r\n'
    t = tree(text, "openclaw.json")
    t.delete(("a", "c"), "x")
    t.set(("a", "d"), {"e": "f"}, "x")
    assert t.files["openclaw.json"].text == '{\r\n\t"a": {\r\n\t\t"b": 1,\r\n\t\t"d": {\r\n\t\t\t"e": "f"\r\n\t\t}\r\n\t}\r\n}\r\n'


def test_move_carries_the_value_text_and_its_comments():
    text = """{
  memorySearch: {
    // which provider
    provider: "openai", /* inline */
  },
  memory: {},
}
"""
    t = tree(text)
    t.move(("memorySearch",), ("memory", "search"), "moved")
    out = t.files["openclaw.json5"].text
    assert loads(out) == {"memory": {"search": {"provider": "openai"}}}
    assert "// which provider" in out and "/* inline */" in out
    assert t.changes[-1].dropped_comments == ()     # carried, so not named as removed


def test_a_move_names_only_the_comment_it_really_loses():
    text = """{
  agents: {
    defaults: {
      // semantic memory
      memorySearch: { enabled: true, /* inside */ }, // after the value: stays behind
    },
  },
}
"""
    t = tree(text)
    t.move(("agents", "defaults", "memorySearch"), ("memory", "search"), "moved")
    out = t.files["openclaw.json5"].text
    assert "// semantic memory" in out and "/* inside */" in out and "stays behind" not in out
    assert t.changes[-1].dropped_comments == ("// after the value: stays behind",)


def test_move_brings_the_comment_lines_above_the_member():
    text = """{
  routing: {
    // who may talk to the bot
    allowFrom: ["+1555"],
  },
  channels: { whatsapp: {} },
}
"""
    t = tree(text)
    t.move(("routing", "allowFrom"), ("channels", "whatsapp", "allowFrom"), "moved")
    out = t.files["openclaw.json5"].text
    assert loads(out)["channels"]["whatsapp"]["allowFrom"] == ["+1555"]
    assert out.count("// who may talk to the bot") == 1
    assert out.index("// who may talk") > out.index("channels")


def test_rename_keeps_the_place_and_quoting():
    t = tree('{\n  "session": { "typingMode": "x", "maintenance": { "pruneDays": 7 } }\n}\n', "openclaw.json")
    t.rename(("session", "maintenance", "pruneDays"), "pruneAfter", "renamed")
    assert t.files["openclaw.json"].text == '{\n  "session": { "typingMode": "x", "maintenance": { "pruneAfter": 7 } }\n}\n'


def test_list_to_entries_keeps_each_items_text():
    text = """{
  agents: {
    list: [
      // first
      { id: "main", name: "Main" },
      { id: "helper", /* second */ workspace: "~/h" },
    ],
  },
}
"""
    t = tree(text)
    t.list_to_entries(("agents", "list"), "entries", ["main", "helper"], "keyed")
    out = t.files["openclaw.json5"].text
    assert loads(out) == {"agents": {"entries": {"main": {"name": "Main"}, "helper": {"workspace": "~/h"}}}}
    assert "// first" in out and "/* second */" in out


def test_an_edit_that_would_mean_something_else_is_refused(monkeypatch):
    """The safety net: whatever the text engine does, the new value must be the operation's."""
    t = tree('{ a: { b: 1 }, c: 2 }')
    monkeypatch.setattr(TextFile, "delete", lambda self, path, with_leading=False: ("{ a: {}, c: 3 }", []))
    with pytest.raises(EditError, match="does not mean what the migration means"):
        t.delete(("a", "b"), "x")
    assert t.files["openclaw.json5"].text == '{ a: { b: 1 }, c: 2 }'
    assert t.value == {"a": {"b": 1}, "c": 2}


def test_an_object_with_a_repeated_key_is_not_edited():
    t = tree('{ a: { b: 1, b: 2, c: 3 } }')
    with pytest.raises(EditError, match="written twice"):
        t.delete(("a", "c"), "x")


def test_text_that_does_not_parse_is_refused():
    with pytest.raises(EditError, match="would not parse"):
        TextFile("x.json5", "{ a: ")


def test_an_included_key_is_edited_in_its_file(tmp_path):
    (tmp_path / "gateway.json5").write_text('{\n  // included\n  tailscale: { mode: "off", resetOnExit: true },\n}\n')
    main = tmp_path / "openclaw.json5"
    main.write_text('{\n  gateway: { $include: "./gateway.json5" },\n  meta: { lastTouchedAt: "x" },\n}\n')
    t = Tree.open(str(main), main.read_text(), str(main), env=ENV)
    t.delete(("gateway", "tailscale", "resetOnExit"), "retired")
    t.delete(("meta", "lastTouchedAt"), "retired")
    included = [name for name in t.files if name != str(main)][0]
    assert t.files[included].text == '{\n  // included\n  tailscale: { mode: "off" },\n}\n'
    assert '$include: "./gateway.json5"' in t.files[str(main)].text
    assert t.changes[0].files == (included,)


# --- the runner -----------------------------------------------------------------------------------

LEGACY = """{
  // written by OpenClaw 2026.3
  meta: { lastTouchedVersion: "2026.3.2", lastTouchedAt: "2026-03-02T09:00:00.000Z" },
  gateway: { mode: "local", tailscale: { mode: "off", resetOnExit: false } },
  commands: { ownerDisplay: "raw" },
}
"""


def collect():
    out: list[str] = []
    return out, (lambda text: out.append(text))


def test_upgrade_writes_the_file_keeping_its_mode(tmp_path):
    config = tmp_path / "openclaw.json5"
    config.write_text(LEGACY)
    config.chmod(0o640)
    out, write = collect()
    assert run([str(config)], out=write, err=write) == 0
    text = config.read_text()
    assert loads(text) == {"meta": {"lastTouchedVersion": "2026.9.6"}, "gateway": {"mode": "local", "tailscale": {"mode": "off"}},
                           "commands": {}, "agents": {"entries": {"main": {}}}}
    assert "// written by OpenClaw 2026.3" in text
    assert stat.S_IMODE(config.stat().st_mode) == 0o640
    report = "".join(out)
    assert "removed `gateway.tailscale.resetOnExit`: managed Tailscale routes end with the gateway" in report
    assert "removed `meta.lastTouchedAt`" in report


def test_check_and_diff_write_nothing(tmp_path):
    config = tmp_path / "openclaw.json5"
    config.write_text(LEGACY)
    out, write = collect()
    assert run([str(config)], check=True, out=write, err=write) == 1
    assert config.read_text() == LEGACY
    out, write = collect()
    errors, err = collect()
    assert run([str(config)], diff=True, out=write, err=err) == 0
    assert config.read_text() == LEGACY
    diff = "".join(out)
    assert diff.startswith(f"--- a/{config}\n+++ b/{config}\n")
    assert '-  commands: { ownerDisplay: "raw" },\n' in diff and "+  commands: {},\n" in diff
    assert "would be upgraded" in "".join(errors)


def test_check_passes_once_upgraded(tmp_path):
    config = tmp_path / "openclaw.json5"
    config.write_text(LEGACY)
    run([str(config)], out=lambda t: None, err=lambda t: None)
    out, write = collect()
    assert run([str(config)], check=True, out=write, err=write) == 0
    assert "nothing to upgrade" in "".join(out)


def test_a_bad_target_is_a_usage_error(tmp_path):
    config = tmp_path / "openclaw.json5"
    config.write_text(LEGACY)
    out, write = collect()
    assert run([str(config)], to="2025.1.1", out=write, err=write) == 2
    from oclc.releases import bundled_releases

    assert f"not a bundled OpenClaw release; oclc carries: {', '.join(bundled_releases())}" in "".join(out)
    assert run([str(config)], to="2026.9.6", check=True, out=write, err=write) == 1


def test_unreadable_and_unparsable_files(tmp_path):
    out, write = collect()
    assert run([str(tmp_path / "missing.json5")], out=write, err=write) == 2
    broken = tmp_path / "openclaw.json5"
    broken.write_text("{ gateway: ")
    assert run([str(broken)], out=write, err=write) == 1
    assert "does not parse" in "".join(out)
    assert broken.read_text() == "{ gateway: "


def test_a_hard_linked_file_is_not_rewritten(tmp_path):
    config = tmp_path / "openclaw.json5"
    config.write_text(LEGACY)
    os.link(config, tmp_path / "other.json5")
    out, write = collect()
    assert run([str(config)], out=write, err=write) == 1
    assert config.read_text() == LEGACY
    assert "hard links" in "".join(out)


def test_never_worse_nothing_is_written_when_the_result_has_a_new_error(tmp_path):
    config = tmp_path / "openclaw.json5"
    config.write_text('{ gateway: { mode: "local", port: 18789 } }\n')
    breaks = Migration("test.breaks", "writes a port OpenClaw refuses",
                       lambda t: t.set(("gateway", "port"), "eighty", "a test"))
    upgrade = upgrade_file(str(config), "2026.9.6", env=ENV, migrations=[breaks])
    assert upgrade.refused.startswith("the upgraded config would have a refusal error it does not have now: "
                                      "OC203 at gateway.port")
    assert not upgrade.changed


def test_a_migration_whose_edit_cannot_be_made_is_left_out(tmp_path):
    config = tmp_path / "openclaw.json5"
    config.write_text('{ a: { b: 1 }, c: 2 }\n')

    def impossible(t):
        t.delete(("c",), "first")
        t.move(("a", "b"), ("a",), "then this fails")

    upgrade = upgrade_file(str(config), "2026.9.6", env=ENV, migrations=[Migration("test.impossible", "", impossible)],
                           keep_unknown=True)     # a and c are not OpenClaw keys: only the migration is tested
    assert upgrade.left_out == ["test.impossible: cannot move a.b: a is already set"]
    assert upgrade.texts == {}      # the first step of the migration was rolled back too


def test_secrets_are_masked_in_the_diff(tmp_path):
    config = tmp_path / "openclaw.json5"
    config.write_text('{\n  tools: { web: { search: { provider: "brave", apiKey: "BSA-abcdefghijklmnopqrstuv" } } },\n}\n')
    out, write = collect()
    run([str(config)], diff=True, out=write, err=lambda t: None)
    assert "abcdefghijklmnop" not in "".join(out)


def test_the_command_line_runs_it(tmp_path):
    config = tmp_path / "openclaw.json5"
    config.write_text(LEGACY)
    done = subprocess.run([sys.executable, "-m", "oclc", "upgrade", "--check", str(config)], capture_output=True,
                          text=True, env={**os.environ, "HOME": str(tmp_path)})
    assert done.returncode == 1, done.stderr
    assert "would be upgraded for OpenClaw 2026.9.6" in done.stdout
    assert config.read_text() == LEGACY


def test_layout_lists_the_stage():
    from test_layout import layer_of

    assert layer_of("oclc.upgrade.tree") > layer_of("oclc.fix")
    assert "oclc.upgrade" in (Path(__file__).parents[1] / "pyproject.toml").read_text()


# --- keys retired between two releases --------------------------------------------------------------

OLD_SCHEMA = {"type": "object", "additionalProperties": False, "properties": {
    "gateway": {"type": "object", "additionalProperties": False, "properties": {
        "port": {"type": "integer"}, "bindHost": {"type": "string"},
        "auth": {"$ref": "#/definitions/auth"}}},
    "plugins": {"type": "object", "properties": {"installs": {"type": "object", "additionalProperties": True}}},
    "channels": {"type": "object", "additionalProperties": True},
    "web": {"type": "object", "properties": {"enabled": {"type": "boolean"}}}},
    "definitions": {"auth": {"type": "object", "properties": {"token": {"type": "string"}, "mode": {"type": "string"}}}}}
NEW_SCHEMA = {"type": "object", "additionalProperties": False, "properties": {
    "gateway": {"type": "object", "additionalProperties": False, "properties": {
        "port": {"type": "integer"}, "auth": {"anyOf": [{"type": "object", "additionalProperties": False,
                                                         "properties": {"token": {"type": "string"}}}]}}},
    "plugins": {"type": "object", "additionalProperties": False,
                "properties": {"allow": {"type": "array", "items": {"type": "string"}}}},
    "channels": {"type": "object", "additionalProperties": {}}}}


def test_retired_paths_is_a_function_of_two_releases_schemas():
    from oclc.upgrade.migrations.retired import retired_paths

    config = {"gateway": {"port": 1, "bindHost": "x", "auth": {"token": "t", "mode": "m"}},
              "plugins": {"installs": {"a": {"spec": "b"}}, "allow": ["a"]},
              "channels": {"telegram": {"streamMode": "partial"}},   # open in both: never retired here
              "web": {"enabled": True}, "typo": 1}                   # no release knew `typo`
    assert retired_paths(OLD_SCHEMA, NEW_SCHEMA, config) == [
        ("gateway", "bindHost"), ("gateway", "auth", "mode"), ("plugins", "installs"), ("web",)]
    assert retired_paths(NEW_SCHEMA, NEW_SCHEMA, config) == []


def test_the_release_a_config_was_written_for():
    from oclc.upgrade import source_release

    assert source_release({"meta": {"lastTouchedVersion": "2026.3.2"}}, "2026.9.6") == "2026.3.13"
    assert source_release({"meta": {"lastTouchedVersion": "2026.3.13-beta.1"}}, "2026.9.6") == "2026.3.13"
    assert source_release({"meta": {"lastTouchedVersion": "2026.9.6"}}, "2026.9.6") is None
    assert source_release({"meta": {"lastTouchedVersion": "2027.1.1"}}, "2026.9.6") is None
    assert source_release({}, "2026.9.6") is None
