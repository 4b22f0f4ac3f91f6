"""The load stage on its own: values, origins, env and diagnostics of `oclc.load.load`."""
from __future__ import annotations

import os

import pytest

from oclc.load.model import LoadOptions
from oclc.load import load
from oclc.json5.parser import Document, parse
from oclc.source import Source


def parse_file(path) -> Document:
    text = open(path, encoding="utf-8").read()
    return parse(Source(name=str(path), text=text, path=os.path.abspath(path)))


def write(base, files: dict[str, str]):
    for name, text in files.items():
        target = base / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return base / "openclaw.json5"


def run(tmp_path, files, env=None, **options):
    main = write(tmp_path, files)
    return load(parse_file(main), LoadOptions(env=dict(env or {}), **options))


def codes(loaded):
    return [d.code for d in loaded.diagnostics]


def where(loaded, path, key=False):
    file, span, written = loaded.locate(path, key=key)
    return os.path.basename(file), span.line, span.column, written


# --- $include ------------------------------------------------------------------------------------

def test_sibling_keys_override_included_values_and_keep_their_origins(tmp_path):
    loaded = run(tmp_path, {
        "openclaw.json5": '{ "$include": "./conf/base.json5",\n  gateway: { port: 19000 } }',
        "conf/base.json5": '{ gateway: { port: 18789, mode: "local" },\n  agents: { defaults: { model: "m" } } }',
    })
    assert not loaded.fatal and codes(loaded) == []
    assert loaded.value["gateway"] == {"port": 19000, "mode": "local"}
    assert where(loaded, ("gateway", "port")) == ("openclaw.json5", 2, 20, ("gateway", "port"))
    assert where(loaded, ("gateway", "mode")) == ("base.json5", 1, 33, ("gateway", "mode"))
    assert where(loaded, ("agents", "defaults", "model"), key=True)[:3] == ("base.json5", 2, 25)
    assert len(loaded.documents) == 2


def test_array_form_merges_left_to_right_and_concatenates_arrays(tmp_path):
    loaded = run(tmp_path, {
        "openclaw.json5": '{ "$include": ["./a.json5", "./b.json5"] }',
        "a.json5": '{ model: { primary: "a", fallbacks: ["x"] } }',
        "b.json5": '{ model: { primary: "b", fallbacks: ["y"] } }',
    })
    assert loaded.value == {"model": {"primary": "b", "fallbacks": ["x", "y"]}, "agents": {"entries": {"main": {}}}}
    assert where(loaded, ("model", "fallbacks", 0))[0] == "a.json5"
    assert where(loaded, ("model", "fallbacks", 1)) == ("b.json5", 1, 38, ("model", "fallbacks", 0))
    assert where(loaded, ("model", "primary"))[0] == "b.json5"


def test_nested_include_is_relative_to_the_including_file_and_may_hold_any_value(tmp_path):
    loaded = run(tmp_path, {
        "openclaw.json5": '{ agents: { "$include": "./parts/agents.json5" } }',
        "parts/agents.json5": '{ defaults: { "$include": "./defaults.json5" }, bogus: 1 }',
        "parts/defaults.json5": '["not", "an", "object"]',
    })
    assert loaded.value["agents"]["defaults"] == ["not", "an", "object"]
    assert where(loaded, ("agents", "bogus"), key=True)[:3] == ("agents.json5", 1, 49)
    assert where(loaded, ("agents", "defaults", 2))[0] == "defaults.json5"
    # the object replaced by its include keeps pointing at where the including file wrote it
    assert where(loaded, ("agents",), key=True)[:3] == ("openclaw.json5", 1, 3)


@pytest.mark.parametrize("files, code, fragment, position", [
    ({"openclaw.json5": '{ "$include": "./nope.json5" }'}, "OC110", "nope.json5 does not exist", (1, 15)),
    ({"openclaw.json5": '{ "$include": "./openclaw.json5" }'}, "OC112",
     "cycle: openclaw.json5 -> openclaw.json5", (1, 15)),
    ({"openclaw.json5": '{ "$include": "./a.json5" }', "a.json5": '{ "$include": "./b.json5" }',
      "b.json5": '{ "$include": "./a.json5" }'}, "OC112", "openclaw.json5 -> a.json5 -> b.json5 -> a.json5", (1, 15)),
    ({"openclaw.json5": '{ "$include": "../outside.json5" }'}, "OC111", "points outside the main config's", (1, 15)),
    ({"openclaw.json5": '{ "$include": 42 }'}, "OC115", "not a number", (1, 15)),
    ({"openclaw.json5": '{ "$include": ["./a.json5", true] }', "a.json5": "{}"}, "OC115",
     "item 1 is a boolean", (1, 29)),
    ({"openclaw.json5": '{ "$include": "./arr.json5", gateway: {} }', "arr.json5": "[1, 2]"}, "OC115",
     "must be an object, but it is an array", (1, 15)),
    ({"openclaw.json5": '{ "$include": "${CONF}" }'}, "OC110", "${CONF} does not exist", (1, 15)),
    ({"openclaw.json5": '{ "$include": "./sub" }', "sub/x.json5": "{}"}, "OC115", "sub is a directory", (1, 15)),
])
def test_include_errors_stop_the_load_at_the_directive(tmp_path, files, code, fragment, position):
    loaded = run(tmp_path, files, env={"CONF": "./a.json5"})
    assert loaded.fatal
    (diagnostic,) = loaded.diagnostics
    assert diagnostic.code == code and diagnostic.severity == "error"
    assert fragment in diagnostic.message
    assert (diagnostic.span.line, diagnostic.span.column) == position


def test_env_vars_are_not_expanded_in_include_paths_and_the_help_says_so(tmp_path):
    loaded = run(tmp_path, {"openclaw.json5": '{ "$include": "${CONF}" }', "a.json5": "{}"}, env={"CONF": "./a.json5"})
    assert "not expanded" in loaded.diagnostics[0].help


def test_depth_limit_is_ten_nested_levels(tmp_path):
    files = {"openclaw.json5": '{ "$include": "./l1.json5" }'}
    for level in range(1, 12):
        files[f"l{level}.json5"] = f'{{ "$include": "./l{level + 1}.json5" }}'
    files["l12.json5"] = "{ ok: true }"
    loaded = run(tmp_path, files)
    (diagnostic,) = loaded.diagnostics
    assert diagnostic.code == "OC113" and "./l11.json5" in diagnostic.message
    assert os.path.basename(diagnostic.file) == "l10.json5"
    files["l10.json5"] = "{ ok: true }"
    assert not run(tmp_path, files).fatal


def test_syntax_error_in_an_included_file_points_inside_it(tmp_path):
    loaded = run(tmp_path, {"openclaw.json5": '{\n  "$include": "./broken.json5" }',
                            "broken.json5": "{ gateway: {\n  port: 1 x } }"})
    (diagnostic,) = loaded.diagnostics
    assert diagnostic.code == "OC114" and os.path.basename(diagnostic.file) == "broken.json5"
    assert (diagnostic.span.line, diagnostic.span.column) == (2, 11)
    assert diagnostic.notes[0].endswith("openclaw.json5:2:15")


def test_include_roots_allow_a_directory_outside_the_config_directory(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "team.json5").write_text("{ gateway: { mode: 'local' } }")
    config = tmp_path / "conf"
    config.mkdir()
    files = {"conf/openclaw.json5": '{ "$include": "../shared/team.json5" }'}
    write(tmp_path, files)
    document = parse_file(config / "openclaw.json5")
    assert load(document, LoadOptions()).fatal
    loaded = load(document, LoadOptions(include_roots=(str(shared),)))
    assert loaded.value["gateway"] == {"mode": "local"}


def test_a_symlink_out_of_the_root_is_refused_without_touching_its_target(tmp_path, monkeypatch):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.json5").write_text("{}")
    config = tmp_path / "conf"
    config.mkdir()
    (config / "link.json5").symlink_to(outside / "secret.json5")
    (config / "openclaw.json5").write_text('{ "$include": "./link.json5" }')
    document = parse_file(config / "openclaw.json5")
    touched = []
    for name in ("lstat", "stat", "open"):
        real = getattr(os, name)
        monkeypatch.setattr(os, name, lambda p, *a, _real=real, **k: (touched.append(str(p)), _real(p, *a, **k))[1])
    loaded = load(document, LoadOptions())
    monkeypatch.undo()
    assert codes(loaded) == ["OC111"] and "symlink" in loaded.diagnostics[0].message
    assert not [p for p in touched if p.startswith(str(outside))]


def test_fifo_hard_link_and_size_are_refused(tmp_path):
    config = write(tmp_path, {"openclaw.json5": '{ "$include": "./pipe" }', "big.json5": "{ a: 1 }" + " " * 100})
    os.mkfifo(tmp_path / "pipe")
    loaded = load(parse_file(config), LoadOptions())
    assert codes(loaded) == ["OC115"] and "not a regular file" in loaded.diagnostics[0].message
    os.link(tmp_path / "big.json5", tmp_path / "twin.json5")
    config.write_text('{ "$include": "./twin.json5" }')
    assert "hard links" in load(parse_file(config), LoadOptions()).diagnostics[0].message
    (tmp_path / "alone.json5").write_text("{ a: 1 }" + " " * 100)
    config.write_text('{ "$include": "./alone.json5" }')
    loaded = load(parse_file(config), LoadOptions(max_include_bytes=50))
    assert "at most 50 bytes" in loaded.diagnostics[0].message


def test_merge_drops_prototype_keys(tmp_path):
    loaded = run(tmp_path, {
        "openclaw.json5": '{ "$include": "./a.json5", x: { constructor: 1, keep: 2 }, "__proto__": { y: 1 } }',
        "a.json5": "{ x: { prototype: 3 } }",
    })
    assert loaded.value["x"] == {"keep": 2}
    assert "__proto__" not in loaded.value


def test_included_content_is_env_substituted_and_documents_are_not_modified(tmp_path):
    loaded = run(tmp_path, {"openclaw.json5": '{ "$include": "./a.json5" }',
                            "a.json5": '{ gateway: { mode: "${MODE}" } }'}, env={"MODE": "local"})
    assert loaded.value["gateway"]["mode"] == "local"
    included = [d for d in loaded.documents.values() if d is not loaded.main][0]
    assert included.value == {"gateway": {"mode": "${MODE}"}}
    assert where(loaded, ("gateway", "mode"))[0] == "a.json5"


# --- env -----------------------------------------------------------------------------------------

def test_missing_and_empty_vars_stay_literal_with_a_warning_at_the_token(tmp_path):
    loaded = run(tmp_path, {"openclaw.json5": '{ a: "x/${NOPE}/y", b: "${EMPTY}" }'}, env={"EMPTY": ""})
    assert loaded.value["a"] == "x/${NOPE}/y" and loaded.value["b"] == "${EMPTY}"
    first, second = loaded.diagnostics
    assert (first.code, first.span.column, first.span.end_column) == ("OC120", 9, 16)
    assert "NOPE is not set" in first.message and "EMPTY is empty" in second.message
    assert loaded.unresolved == {("a",): ("NOPE",), ("b",): ("EMPTY",)}


def test_escapes_lower_case_names_and_shell_defaults_are_literal(tmp_path):
    loaded = run(tmp_path, {"openclaw.json5":
                            '{ a: "$${HOME}", b: "${lower}", c: "${PORT:-1}", d: "$PLAIN", e: "${OPEN" }'},
                 env={"HOME": "/h", "PLAIN": "p", "PORT": "2"})
    assert [loaded.value[k] for k in "abcde"] == ["${HOME}", "${lower}", "${PORT:-1}", "$PLAIN", "${OPEN"]
    assert codes(loaded) == ["OC123", "OC123"]
    assert loaded.substituted == {}


def test_env_block_feeds_substitution_and_the_real_environment_wins(tmp_path):
    files = {"openclaw.json5": '{ env: { vars: { MODE: "local" }, OTHER: "o" }, gateway: { mode: "${MODE}${OTHER}" } }'}
    loaded = run(tmp_path, files)
    assert loaded.value["gateway"]["mode"] == "localo"
    assert loaded.env == {"MODE": "local", "OTHER": "o"}
    assert loaded.substituted == {("gateway", "mode"): ("MODE", "OTHER")}
    loaded = run(tmp_path, files, env={"MODE": "bogus"})
    assert loaded.value["gateway"]["mode"] == "boguso"
    assert codes(loaded) == ["OC124"] and loaded.diagnostics[0].severity == "info"
    assert run(tmp_path, files, env={"MODE": "  "}).value["gateway"]["mode"] == "localo"


def test_env_block_skips_blank_referencing_unportable_and_blocked_entries(tmp_path):
    loaded = run(tmp_path, {"openclaw.json5": """{ env: { vars: {
        BLANK: " ", REF: "${X}", "BAD-NAME": "v", ld_preload: "/x.so", OPENCLAW_INCLUDE_ROOTS: "/etc",
        GITHUB_TOKEN: "t", lower_ok: "fine", PATH: "/bin" } } }"""})
    # REF's ${X} is still substituted in place, but the entry is skipped anyway: OC122 is the one
    # finding, with X's absence as a note (not a second warning at the same place).
    assert codes(loaded) == ["OC122"] * 6
    ref = next(d for d in loaded.diagnostics if "REF" in d.message)
    assert ref.notes == ("X is not set in the environment oclc was given either",)
    assert loaded.env == {"lower_ok": "fine", "PATH": "/bin"}
    messages = " | ".join(d.message for d in loaded.diagnostics)
    for fragment in ("BLANK is blank", "REF refers to another variable", "'BAD-NAME' is not a name",
                     "ld_preload is ignored", "OPENCLAW_INCLUDE_ROOTS is ignored", "GITHUB_TOKEN is ignored"):
        assert fragment in messages


def test_a_whole_string_variable_in_a_numeric_key_is_flagged(tmp_path):
    loaded = run(tmp_path, {"openclaw.json5": '{ gateway: { port: "${PORT}", bind: "${PORT}" } }'}, env={"PORT": "1"})
    assert loaded.value["gateway"] == {"port": "1", "bind": "1"}
    assert codes(loaded) == ["OC121"]


# --- migrations ----------------------------------------------------------------------------------

LEGACY = """{
  agents: {
    list: [
      { id: "main" },
      // the work agent
      { id: "work", default: true, model: "anthropic/claude-sonnet-4-6" },
    ],
  },
}
"""


def test_legacy_list_with_default_marker_is_converted_and_owners_materialised(tmp_path):
    loaded = run(tmp_path, {"openclaw.json5": LEGACY})
    agents = loaded.value["agents"]
    assert agents["entries"] == {"main": {}, "work": {"model": "anthropic/claude-sonnet-4-6"}}
    assert agents["defaults"] == {"heartbeat": {"agentId": "work"}, "systemAgent": {"agentId": "work"},
                                  "authInheritance": {"agentId": "work"}}
    assert loaded.value["talk"] == {"agentId": "work"}
    assert loaded.migrated_legacy_default == "work"
    assert codes(loaded) == ["OC130", "OC132"]
    assert where(loaded, ("agents", "entries", "work", "model")) == (
        "openclaw.json5", 6, 43, ("agents", "list", 1, "model"))
    assert where(loaded, ("agents", "entries"), key=True)[1:3] == (3, 5)
    assert where(loaded, ("talk", "agentId"))[1:] == (6, 30, ("agents", "list", 1, "default"))
    assert loaded.main.value["agents"]["list"][1]["default"] is True   # the document is untouched


def test_list_fix_rewrites_the_list_as_entries_keeping_comments(tmp_path):
    loaded = run(tmp_path, {"openclaw.json5": LEGACY})
    fix = loaded.diagnostics[0].fix
    text = loaded.main.source.text
    for edit in sorted(fix.edits, key=lambda e: e.start, reverse=True):
        text = text[:edit.start] + edit.text + text[edit.end:]
    assert "// the work agent" in text and "entries: {" in text and "id:" not in text
    (tmp_path / "openclaw.json5").write_text(text)
    fixed = load(parse_file(tmp_path / "openclaw.json5"), LoadOptions())
    assert fixed.value == loaded.value
    assert [d.code for d in fixed.diagnostics] == ["OC132"]


@pytest.mark.parametrize("roster, fragment", [
    ('[{ id: "Main" }, { id: "work" }]', "'Main' is not in agent-id form"),
    ('[{ id: "main" }, { id: "main" }]', "'main' is used twice"),
    ('[{ id: " main" }]', "blanks around it"),
    ('["main"]', "item 0 is not an object"),
    ('[{ name: "x" }]', "item 0 has no `id` string"),
])
def test_a_list_that_cannot_convert_stays_and_says_why(tmp_path, roster, fragment):
    loaded = run(tmp_path, {"openclaw.json5": f"{{ agents: {{ list: {roster} }} }}"})
    assert "list" in loaded.value["agents"] and "entries" not in loaded.value["agents"]
    assert codes(loaded) == ["OC130"] and fragment in loaded.diagnostics[0].message


def test_both_roster_forms_keep_entries_and_warn(tmp_path):
    loaded = run(tmp_path, {"openclaw.json5": '{ agents: { list: [{ id: "a" }], entries: { b: {} } } }'})
    assert loaded.value["agents"] == {"list": [{"id": "a"}], "entries": {"b": {}}}
    assert codes(loaded) == ["OC130"]


def test_implicit_main_agent_unless_ownership_is_explicit(tmp_path):
    assert run(tmp_path, {"openclaw.json5": "{}"}).value == {"agents": {"entries": {"main": {}}}}
    loaded = run(tmp_path, {"openclaw.json5": '{ agents: { ownership: "explicit" } }'})
    assert loaded.value == {"agents": {"ownership": "explicit"}} and codes(loaded) == []


def test_single_default_marker_is_removed(tmp_path):
    loaded = run(tmp_path, {"openclaw.json5": "{ agents: { entries: { main: { default: true } } } }"})
    assert loaded.value["agents"] == {"entries": {"main": {}}}
    assert codes(loaded) == ["OC132"] and loaded.migrated_legacy_default is None


def test_two_markers_or_a_non_boolean_marker_are_left_to_the_schema(tmp_path):
    for entries in ("{ a: { default: true }, b: { default: true } }", '{ a: { default: "yes" }, b: {} }'):
        loaded = run(tmp_path, {"openclaw.json5": f"{{ agents: {{ entries: {entries} }} }}"})
        assert codes(loaded) == [] and "default" in loaded.value["agents"]["entries"]["a"]


def test_context_budgets_are_baked_into_model_rows_or_removed(tmp_path):
    loaded = run(tmp_path, {"openclaw.json5": """{
      models: { providers: {
        custom: { contextWindow: 32000, models: [{ id: "m1" }, { id: "m2", contextWindow: 8 }] },
        empty: { contextTokens: 5 } } },
      agents: { defaults: { contextTokens: 1 }, entries: { main: { contextTokens: 2 } } } }"""})
    providers = loaded.value["models"]["providers"]
    assert providers["custom"]["models"] == [{"id": "m1", "contextWindow": 32000}, {"id": "m2", "contextWindow": 8}]
    assert "contextWindow" not in providers["custom"] and providers["empty"] == {}
    assert loaded.value["agents"] == {"defaults": {}, "entries": {"main": {}}}
    assert codes(loaded) == ["OC131"] * 4
    assert "model row 0" in loaded.diagnostics[0].message and "value is lost" in loaded.diagnostics[1].message
    assert where(loaded, ("models", "providers", "custom", "models", 0, "contextWindow"))[1:3] == (3, 34)


def test_copilot_discovery_switch_is_dropped(tmp_path):
    loaded = run(tmp_path, {"openclaw.json5":
                            '{ plugins: { entries: { "github-copilot": { config: { discovery: { enabled: false } } } } } }'})
    assert loaded.value["plugins"]["entries"]["github-copilot"] == {"config": {}}


# --- origins -------------------------------------------------------------------------------------

def test_every_value_has_an_origin(tmp_path):
    loaded = run(tmp_path, {"openclaw.json5": LEGACY.replace("agents: {", 'agents: { "$include": "./d.json5",'),
                            "d.json5": "{ defaults: { model: { fallbacks: ['a'] } } }"})
    paths = []
    stack = [((), loaded.value)]
    while stack:
        path, value = stack.pop()
        paths.append(path)
        children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
        stack.extend((path + (k,), v) for k, v in children)
    created = [p for p in paths if any(i[:len(p)] == p or p[:len(i)] == i for i in loaded.inserted)]
    missing = [p for p in paths if loaded.origins.get(p) is None and p not in created]
    assert all(loaded.origin(p) is not None for p in created)
    assert missing == []
    assert set(loaded.origins) <= set(paths)


def test_a_config_without_includes_shares_its_document_and_answers_origins_from_it(tmp_path):
    loaded = run(tmp_path, {"openclaw.json5": '{ agents: { entries: { main: { model: "a/b" } } }, x: [1, 2] }'})
    assert loaded.value["agents"] is loaded.main.value["agents"]
    assert loaded.value["x"] is loaded.main.value["x"]
    assert len(loaded.origins) == 8 and ("x", 1) in loaded.origins and ("nope",) not in loaded.origins


def test_origins_relocate_and_hide_moved_subtrees(tmp_path):
    from oclc.load.model import Origins

    document = parse_file(write(tmp_path, {"openclaw.json5": "{ a: { b: [1, { c: 2 }] } }"}))
    origins = Origins()
    origins.mount((), document)
    origins.relocate(("a", "b", 1), ("z",))
    assert origins[("z", "c")].path == ("a", "b", 1, "c")
    assert origins.get(("a", "b", 1, "c")) is None and origins[("a", "b", 0)].value.column == 12
    del origins[("a",)]
    assert origins.get(("a", "b")) is None and ("z",) in origins
    origins[("a",)] = origins[("z",)]
    assert origins[("a",)].path == ("a", "b", 1)


def test_substitution_records_follow_migrated_paths(tmp_path):
    loaded = run(tmp_path, {"openclaw.json5": '{ agents: { list: [{ id: "solo", model: "${MODEL}", name: "${NAME}" }] } }'},
                 env={"MODEL": "a/b"})
    assert loaded.value["agents"]["entries"]["solo"] == {"model": "a/b", "name": "${NAME}"}
    assert loaded.substituted == {("agents", "entries", "solo", "model"): ("MODEL",),
                                  ("agents", "entries", "solo", "name"): ("NAME",)}
    (missing,) = [d for d in loaded.diagnostics if d.code == "OC120"]
    assert missing.config_path == ("agents", "entries", "solo", "name")
    assert missing.path == ("agents", "list", 0, "name") and missing.span.column == 60


def test_legacy_default_in_a_larger_config_keeps_existing_owners_and_binds_channels(tmp_path):
    loaded = run(tmp_path, {"openclaw.json5": """{
      channels: { telegram: {}, teams: { enabled: true }, slack: { enabled: false }, defaults: {} },
      bindings: [{ agentId: "main", match: { channel: "telegram", accountId: "*" } }],
      session: { store: "/var/sessions.json" },
      talk: { agentId: "main" },
      agents: { defaults: { systemAgent: { agentId: "main" }, heartbeat: { every: "1h" } },
                entries: { main: {}, ops: { default: true } } } }"""})
    value = loaded.value
    assert value["agents"]["defaults"] == {"systemAgent": {"agentId": "main"}, "heartbeat": {"every": "1h"},
                                           "authInheritance": {"agentId": "ops"}, "sessionStore": {"agentId": "ops"}}
    assert value["bindings"][1:] == [{"agentId": "ops", "match": {"channel": "msteams", "accountId": "*"}}]
    assert value["talk"] == {"agentId": "main"}
    assert loaded.inserted == [("bindings", 1), ("agents", "defaults", "authInheritance", "agentId"),
                               ("agents", "defaults", "sessionStore", "agentId")]


def test_env_file_format(tmp_path):
    from oclc.load.envfile import parse_env_text

    assert parse_env_text('export A=1\nB="two words" # note\n# comment\nC=\'$x\'\nD=x # trailing\nbad line\n') == {
        "A": "1", "B": "two words", "C": "$x", "D": "x"}


def test_a_top_level_include_of_a_non_object_stops_the_load(tmp_path):
    loaded = run(tmp_path, {"openclaw.json5": '{ "$include": "./list.json5" }', "list.json5": "[1, 2]"})
    assert loaded.fatal and codes(loaded) == ["OC106"] and "not an array" in loaded.diagnostics[0].message


def test_valid_agent_id_is_the_case_insensitive_pattern():
    """load.migrate.valid_agent_id judges ASCII ids without compiling the pattern; every character
    still gets the pattern's answer (re.IGNORECASE also folds İ ı ſ and the Kelvin sign onto ASCII)."""
    import random
    import re

    from oclc.load.migrate import valid_agent_id

    pattern = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}\Z", re.IGNORECASE)
    characters = [chr(c) for c in range(0x3000)] + ["\u212a", "\uff21", "\U0001d400"]
    for ch in characters:
        for text in (ch, "a" + ch, ch + "a", "a" * 63 + ch, "a" * 64 + ch, "_" + ch, "-" + ch + "-"):
            assert valid_agent_id(text) == bool(pattern.match(text)), repr(text)
    rng = random.Random(5)
    for _ in range(20000):
        text = "".join(rng.choice("aZ09_-ı\n é.") for _ in range(rng.randint(0, 70)))
        assert valid_agent_id(text) == bool(pattern.match(text)), repr(text)
