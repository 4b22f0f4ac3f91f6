"""The schema stage (oclc/schema/__init__.py), did-you-mean (oclc/diagnostics/suggest.py) and the migration table."""
from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import json5
import pytest

from oclc import schema
from oclc.load.model import Loaded
from oclc.json5.parser import Document
from oclc.source import Source
from oclc.diagnostics.suggest import edit_distance, suggest

from fixturelib import ORACLE_CASES
from oclc.schema import dialect

ROOT = Path(__file__).resolve().parent.parent


def loaded_value(value, name="config.json5") -> Loaded:
    """A Loaded with no spans: enough to test what the schema stage finds and says."""
    document = Document(source=Source(name=name, text=""), value=value)
    return Loaded(main=document, value=value)


def findings(value, schema_path=None) -> list[tuple[str, str, str]]:
    found = schema.validate(loaded_value(value), schema_path)
    return [(d.code, ".".join(str(p) for p in d.resolved_path), d.message) for d in found]


def codes_at(value) -> set[tuple[str, str]]:
    return {(code, path) for code, path, _ in findings(value)}


# --- suggest --------------------------------------------------------------------------------------

@pytest.mark.parametrize("a, b, distance", [
    ("", "", 0), ("model", "model", 0), ("modle", "model", 1), ("model", "modal", 1),
    ("kitten", "sitting", 3), ("abc", "", 3), ("ab", "ba", 1), ("ca", "abc", 3),
])
def test_edit_distance(a, b, distance):
    assert edit_distance(a, b) == distance
    assert edit_distance(b, a) == distance


def test_edit_distance_stops_early_above_the_limit():
    assert edit_distance("abcdefgh", "zyxwvuts", limit=2) == 3
    assert edit_distance("a", "abcdefgh", limit=2) == 3


@pytest.mark.parametrize("name, candidates, expected", [
    ("modle", ["models", "model"], "model"),            # a swap costs 1
    ("Model", ["models", "model"], "model"),            # case-insensitive match first
    ("APIKEY", ["apiKeys", "apiKey"], "apiKey"),
    ("agent", ["agents", "bindings"], "agents"),
    ("lastTouchedAt", ["lastTouchedVersion", "migrations"], None),   # too far
    ("foo", ["model", "name"], None),
    ("mdl", ["mdx", "mdy"], "mdx"),                     # ties: the first candidate wins
    ("x", [], None),
    ("model", ["model"], None),                         # never suggest the name itself
])
def test_suggest(name, candidates, expected):
    assert suggest(name, candidates) == expected


def test_suggest_threshold_grows_with_length():
    assert suggest("abcdef", ["abcdxy"]) == "abcdxy"            # 2 <= 6 // 3
    assert suggest("abcdef", ["abxyzf"]) is None                # 3 > 2
    assert suggest("ab", ["xy"]) is None                        # 2 > max(2, 3) // 3


# --- ECMAScript patterns --------------------------------------------------------------------------

def test_dollar_matches_only_at_the_very_end():
    pattern = dialect.compiled_pattern("^[a-z]+$")
    assert pattern.search("main")
    assert not pattern.search("main\n")     # Python's $ would accept this; ECMAScript's does not


def test_unicode_categories_and_ascii_digits():
    pattern = dialect.compiled_pattern(r"^[^\p{Cs}]{1,4}$")
    assert pattern.search("abcd")
    assert not pattern.search("a\ud800")
    assert not dialect.compiled_pattern(r"^\d+$").search("\u0663")   # an Arabic-Indic digit
    assert dialect.compiled_pattern("^(?<year>[0-9]{4})$").search("2026")


def test_untranslatable_pattern_is_not_enforced():
    assert dialect.compiled_pattern(r"^\p{Lu}$") is None


# --- what the stage finds -------------------------------------------------------------------------

def test_valid_config_has_no_findings():
    assert findings({"$schema": "x", "agents": {"entries": {"Main": {}}}, "gateway": {"port": 18789}}) == []


def test_one_finding_per_unknown_key_with_suggestion():
    result = findings({"agents": {"entries": {"main": {"modle": "x", "foo": 1}}}})
    assert result == [
        ("OC201", "agents.entries.main.modle",
         'unknown key "modle" in agents.entries.main (did you mean "model"?)'),
        ("OC201", "agents.entries.main.foo", 'unknown key "foo" in agents.entries.main'),
    ]


def test_a_secret_written_into_an_auth_profile_says_where_it_belongs():
    found = schema.validate(loaded_value({"auth": {"profiles": {"openai:me": {
        "provider": "openai", "mode": "api_key", "apiKey": "sk-not-real", "label": "x"}}}}), None)
    helps = {d.resolved_path[-1]: d.help for d in found}
    assert set(helps) == {"apiKey", "label"}
    assert "credential store" in helps["apiKey"] and helps["label"] is None


def test_retired_key_names_the_new_place():
    (code, path, message), = findings({"heartbeat": {"every": "30m"}})
    assert (code, path) == ("OC202", "heartbeat")
    assert "agents.defaults.heartbeat" in message and "openclaw doctor --fix" in message
    (code, path, message), = findings({"agents": {"entries": {"w": {"memorySearch": {}}}}})
    assert (code, path) == ("OC202", "agents.entries.w.memorySearch")
    assert "agents.entries.<id>.memory.search" in message


def test_retired_key_help_says_why():
    diagnostic, = schema.validate(loaded_value({"gateway": {"tailscale": {"resetOnExit": True}}}))
    assert diagnostic.code == "OC202" and "removes it" in diagnostic.message
    assert diagnostic.help


@pytest.mark.parametrize("port, code", [
    ("18789", "OC203"), (18789.5, "OC203"), (float("inf"), "OC203"), (float("nan"), "OC203"),
    (True, "OC203"), (70000, "OC205"), (0, "OC205"),
])
def test_port_values(port, code):
    assert codes_at({"gateway": {"port": port}}) == {(code, "gateway.port")}


def test_integral_float_is_an_integer():
    assert findings({"gateway": {"port": 18789.0}}) == []


def test_enum_lists_allowed_values_and_suggests():
    (code, path, message), = findings({"auth": {"profiles": {"a:b": {"provider": "x", "mode": "apikey"}}}})
    assert code == "OC204" and path == "auth.profiles.a:b.mode"
    assert '"api_key", "aws-sdk", "oauth", "token"' in message and 'did you mean "api_key"' in message


def test_retired_enum_value_says_what_doctor_writes():
    diagnostic, = schema.validate(loaded_value({"models": {"providers": {"c": {
        "baseUrl": "https://x", "models": [], "api": "openai-codex-responses"}}}}))
    assert diagnostic.code == "OC204" and '"openai-chatgpt-responses"' in diagnostic.help


def test_union_reports_the_intended_branch_only():
    assert findings({"agents": {"defaults": {"model": 42}}}) == [
        ("OC203", "agents.defaults.model", "agents.defaults.model: expected a string or an object, got a number")]
    assert codes_at({"models": {"providers": {"openai": {"apiKey": {"source": "env", "id": "K"}}}}}) == {
        ("OC206", "models.providers.openai.apiKey.provider")}
    (code, path, message), = findings({"models": {"providers": {"openai": {"apiKey": {
        "source": "vault", "provider": "p", "id": "K"}}}}})
    assert (code, path) == ("OC204", "models.providers.openai.apiKey.source")
    assert '"env", "file", "exec", "store"' in message


def test_missing_required_is_placed_on_the_member_path():
    assert codes_at({"auth": {"profiles": {"x": {"provider": "anthropic"}}}}) == {
        ("OC206", "auth.profiles.x.mode")}


def test_agent_ids_are_case_insensitive_but_patterned():
    assert codes_at({"agents": {"ownership": "explicit", "entries": {"Main": {}, "Main Agent": {}}}}) == {
        ("OC208", "agents.entries.Main Agent")}


def test_exec_command_must_be_absolute_and_plain():
    def command(value):
        return codes_at({"secrets": {"providers": {"op": {"source": "exec", "command": value}}}})
    assert command("/usr/local/bin/op") == set()
    assert command("C:\\tools\\op.exe") == set()
    assert command("op") == {("OC207", "secrets.providers.op.command")}
    assert command("/bin/op; rm -rf /") == {("OC207", "secrets.providers.op.command")}


def test_secretref_at_a_runtime_managed_surface_is_left_to_its_own_rule():
    # OpenClaw reports only its SecretRef-surface issue (rule OC220) here, not a type error.
    assert findings({"hooks": {"token": {"source": "env", "provider": "default", "id": "HOOK_TOKEN"}}}) == []
    assert codes_at({"hooks": {"token": 5}}) == {("OC203", "hooks.token")}


def test_substituted_string_gets_help():
    loaded = loaded_value({"gateway": {"port": "18789"}})
    loaded.substituted[("gateway", "port")] = ("PORT",)
    diagnostic, = schema.validate(loaded)
    assert "${PORT}" in diagnostic.help


def test_unknown_key_fix_renames_the_key():
    text = '{ agents: { defaults: { "modle": "x" } } }'
    source = Source(name="c.json5", text=text)
    document = Document(source=source, value=json5.loads(text))
    start = text.index('"modle"')
    key = source.span(start, start + len('"modle"'))
    document.keys[("agents", "defaults", "modle")] = key
    document.values[("agents", "defaults", "modle")] = source.span(text.index('"x"'), text.index('"x"') + 3)
    loaded = Loaded(main=document, value=document.value)
    loaded.origins.mount((), document)
    diagnostic, = schema.validate(loaded)
    assert diagnostic.span == key
    edit, = diagnostic.fix.edits
    assert text[:edit.start] + edit.text + text[edit.end:] == '{ agents: { defaults: { "model": "x" } } }'


def test_no_fix_when_the_suggested_key_already_exists():
    diagnostic, = schema.validate(loaded_value({"agents": {"defaults": {"model": "a", "Model": "b"}}}))
    assert diagnostic.fix is None


# --- the validator and other schemas --------------------------------------------------------------

def test_validator_is_built_once():
    assert dialect.validator_for() is dialect.validator_for()


def test_bundled_schema_text_is_the_committed_schema():
    text = dialect.bundled_schema_text()
    from oclc.releases import data_text

    assert text == data_text("schema.json", "2026.9.6")
    assert json.loads(text)["$schema"].endswith("2020-12/schema")


def test_another_draft_07_schema_maps_the_same_way(tmp_path):
    raw = tmp_path / "raw.schema.json"
    raw.write_bytes(gzip.decompress((ROOT / "scripts" / "releases" / "2026.9.6" / "schema-dump.json.gz").read_bytes()))
    value = {"agents": {"defaults": {"modle": "x"}}, "gateway": {"port": 70000}}
    assert {(c, p) for c, p, _ in findings(value, str(raw))} == {
        ("OC201", "agents.defaults.modle"), ("OC205", "gateway.port")}


@pytest.mark.parametrize("content, fragment", [
    (None, "cannot read"),
    ("{not json", "is not JSON"),
    ("[1, 2]", "not a JSON Schema"),
    ('{"type": 12}', "not a valid JSON Schema"),
    ('{"properties": {"a": {"$ref": "#/$defs/missing"}}}', "refers to something it does not contain"),
])
def test_unusable_schema_is_one_clear_diagnostic(tmp_path, content, fragment):
    path = tmp_path / "s.json"
    if content is not None:
        path.write_text(content)
    (code, _, message), = findings({"a": 1}, str(path))
    assert code == "OC209" and fragment in message


def test_every_schema_code_is_declared_with_docs():
    from oclc.rules import get

    for code in [f"OC20{i}" for i in range(1, 10)]:
        rule = get(code)
        assert rule is not None and rule.severity == "error"
        assert "Fix:" in rule.docs


# --- the migration table --------------------------------------------------------------------------

def test_migration_table_is_well_formed():
    data = json.loads((ROOT / "oclc" / "releases" / "2026.9.6" / "migrations.json").read_text())
    for path, entry in data["keys"].items():
        assert re.fullmatch(r"[A-Za-z0-9_$*-]+(\.[A-Za-z0-9_$*-]+)*", path), path
        assert set(entry) <= {"to", "note"} and entry, path
    for entry in data["values"]:
        assert set(entry) <= {"path", "value", "to", "note"}


def test_every_retired_key_in_the_table_is_refused_by_the_schema():
    """A table entry for a key the schema accepts would never be used (or the table is wrong)."""
    data = json.loads((ROOT / "oclc" / "releases" / "2026.9.6" / "migrations.json").read_text())
    accepted = []
    for path in data["keys"]:
        segments = [("x" if s == "*" else s) for s in path.split(".")]
        if segments[0] in ("channels", "env") or path.startswith("tools.web.search."):
            continue  # open maps: channel plugins, env names, and OC227's own check
        value: dict = {}
        node = value
        for segment in segments[:-1]:
            node = node.setdefault(segment, {})
        node[segments[-1]] = {}
        if not any(p == path.replace("*", "x") or path.replace("*", "x").startswith(p + ".")
                   for _, p, _ in findings(value)):
            accepted.append(path)
    assert accepted == []


# --- oracle cases ---------------------------------------------------------------------------------

# Cases whose issues are schema issues of a config that needs no include, env or migration.
SCHEMA_CASES = ["016", "017", "018", "019", "020", "022", "023", "024", "025", "026", "027", "028",
                "029", "030", "031", "032", "033", "034", "037", "044", "047", "049", "054", "059",
                "062", "063", "066", "086", "087", "088", "089", "090", "091", "096", "098", "109",
                "111", "115"]


def oracle_paths(issues) -> set[str]:
    paths = set()
    for issue in issues:
        base = "" if issue["path"] == "<root>" else issue["path"]
        if issue["message"].startswith("Unrecognized key"):
            paths.update(f"{base}.{k}".lstrip(".") for k in re.findall(r'"([^"]*)"', issue["message"]))
        else:
            paths.add(issue["path"])
    return paths


@pytest.mark.parametrize("case", SCHEMA_CASES)
def test_oracle_case_paths(case):
    config, = ORACLE_CASES.glob(f"{case}-*.json5")
    verdict = json.loads(config.with_suffix(".out.json").read_text())
    issues = (verdict["json"].get("stdout_json") or {}).get("issues", [])
    value = json5.loads(config.read_text(encoding="utf-8-sig"))
    mine = {path for _, path, _ in findings(value)}
    expected = oracle_paths(issues)
    # Zod reports a failed union ("Invalid input") at the union; oclc names the member inside it.
    unions = {i["path"] for i in issues if i["message"] == "Invalid input"}
    mine = {m for m in mine if not any(m.startswith(u + ".") for u in unions)} | \
        {u for u in unions if any(m.startswith(u + ".") for m in mine)}
    assert mine == expected


def test_other_schema_gets_the_same_spans(tmp_path):
    from fixturelib import FIXTURES, format_diagnostics
    from oclc.pipeline import Options, check

    raw = tmp_path / "raw.schema.json"
    raw.write_bytes(gzip.decompress((ROOT / "scripts" / "releases" / "2026.9.6" / "schema-dump.json.gz").read_bytes()))
    config = FIXTURES / "schema" / "unknown-key.json5"

    def schema_lines(options):
        result = check(str(config), options=options)
        return [line for line in format_diagnostics(result, config.parent) if " OC20" in line]

    bundled = schema_lines(Options(env={}))
    assert len(bundled) == 5
    assert schema_lines(Options(env={}, schema=str(raw))) == bundled
