"""Renderers on hand-made diagnostics: every format carries the same facts, text carets sit under
the exact span, secrets never show, SARIF is valid 2.1.0, GitHub commands are escaped."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from oclc.diagnostics import Diagnostic, Edit, Fix
from oclc.json5.parser import Document
from oclc.render import FORMATS, FileReport, RenderOptions, render, renderer
from oclc.render.github import escape_data, escape_property
from oclc.render.snippet import layout, mask_text
from oclc.source import Source

SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-2.1.0.json"
SECRET = "sk-proj-abcdefghijklmnopqrstuvwxyz012345"
TEXT = (
    "{\n"
    f'  models: {{ providers: {{ openai: {{ apiKey: "{SECRET}" }} }} }},\n'
    "\tparams: { cacheRetnetion: \"short\" },\n"
    "  identity: { name: \"龍 bot\", bad: 1 },\n"
    "  agents: {\n"
    "    entries: {}\n"
    "  },\n"
    "}\n"
)


def _span(source: Source, needle: str, length: int | None = None):
    start = source.text.index(needle)
    return source.span(start, start + (len(needle) if length is None else length))


@pytest.fixture
def report() -> FileReport:
    source = Source("openclaw.json", TEXT, path="/work/openclaw.json")
    secret_span = _span(source, f'"{SECRET}"')
    document = Document(source, {"models": {"providers": {"openai": {"apiKey": SECRET}}}},
                        values={("models", "providers", "openai", "apiKey"): secret_span})
    key = _span(source, "cacheRetnetion")
    diagnostics = [
        Diagnostic("OC601", "plaintext-secret", "warning", "the API key is written in the config", "openclaw.json",
                   secret_span, ("models", "providers", "openai", "apiKey"), help="use ${OPENAI_API_KEY}"),
        Diagnostic("OC201", "unknown-key", "error", "unknown key `cacheRetnetion`", "openclaw.json", key,
                   ("params", "cacheRetnetion"), help="did you mean `cacheRetention`?", notes=("allowed: a, b",),
                   fix=Fix("rename the key to cacheRetention",
                           (Edit("openclaw.json", key.start, key.end, "cacheRetention"),))),
        Diagnostic("OC202", "bad-value", "info", "after wide characters", "openclaw.json",
                   _span(source, "bad"), ("identity", "bad")),
        Diagnostic("OC203", "multi", "warning", "over lines", "openclaw.json",
                   source.span(TEXT.index("agents"), TEXT.index("  },") + 3), ("agents",)),
        Diagnostic("OC102", "file-not-found", "error", "no such file", "missing.json"),
    ]
    return FileReport("openclaw.json", diagnostics, {"openclaw.json": source}, {"openclaw.json": document})


def _all_outputs(report: FileReport) -> dict[str, str]:
    return {name: render(name, [report], RenderOptions(cwd=os.getcwd())) for name in FORMATS}


def test_every_format_module_renders(report):
    for name in FORMATS:
        assert callable(renderer(name).render)
    with pytest.raises(ValueError, match="unknown output format"):
        renderer("yaml")


def test_secret_values_never_appear_in_any_format(report):
    for name, output in _all_outputs(report).items():
        assert SECRET not in output, name
        assert "sk-proj" not in output, name


def test_text_carets_sit_under_the_exact_span(report):
    out = render("text", [report], RenderOptions())
    lines = out.splitlines()
    # the key: the tab is shown as four spaces and the carets start under `cacheRetnetion`
    header = lines.index("openclaw.json:3:12: OC201 error: unknown key `cacheRetnetion`")
    code_line, caret_line = lines[header + 2], lines[header + 3]
    assert code_line == '3 |     params: { cacheRetnetion: "short" },'
    assert caret_line.index("^") == code_line.index("cacheRetnetion")
    assert caret_line.strip(" |") == "^" * len("cacheRetnetion")
    assert lines[header + 4] == "  = help: did you mean `cacheRetention`?"
    assert lines[header + 5] == "  = note: allowed: a, b"
    assert lines[header + 6] == "  = fix: rename the key to cacheRetention (oclc lint --fix)"
    # after a wide (two-column) character the carets still line up on screen
    header = lines.index("openclaw.json:4:30: OC202 info: after wide characters")
    code_line, caret_line = lines[header + 2], lines[header + 3]
    assert caret_line.index("^") == code_line.index("bad") + 1  # 龍 takes two columns
    assert caret_line.count("^") == 3
    # the masked secret keeps its length, so the carets cover it exactly
    header = lines.index("openclaw.json:2:44: OC601 warning: the API key is written in the config")
    code_line, caret_line = lines[header + 2], lines[header + 3]
    assert '"' + "*" * len(SECRET) + '"' in code_line
    assert caret_line.count("^") == len(SECRET) + 2
    assert caret_line.index("^") == code_line.index('"*')


def test_text_multi_line_span_and_summary(report):
    out = render("text", [report], RenderOptions())
    block = out.split("OC203 warning: over lines\n")[1].split("\n\n")[0].splitlines()
    assert block[1] == "5 |   agents: {"
    assert block[2] == "  |   ^^^^^^^^^"
    assert block[5] == "7 |   },"
    assert block[6] == "  |   ^"
    assert "missing.json: OC102 error: no such file" in out
    assert out.endswith("Found 5 problems (2 errors, 2 warnings, 1 info) in 1 file. "
                        "1 fixable with `oclc lint --fix`.\n")
    assert "\x1b[" not in out


def test_text_colour_only_when_enabled(report):
    coloured = render("text", [report], RenderOptions(color=True))
    assert "\x1b[1;31mOC201 error\x1b[0m" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == render("text", [report], RenderOptions())


def test_clean_summary():
    out = render("text", [FileReport("a.json", []), FileReport("b.json", [])], RenderOptions(fixed=2))
    assert out == "No problems found in 2 files. Fixed 2 problems.\n"


def test_concise(report):
    lines = render("concise", [report], RenderOptions()).splitlines()
    assert lines[:2] == [
        "openclaw.json:2:44: OC601 warning: the API key is written in the config",
        "openclaw.json:3:12: OC201 error: unknown key `cacheRetnetion`",
    ]
    assert lines[4] == "missing.json: OC102 error: no such file"


def test_json(report):
    records = json.loads(render("json", [report], RenderOptions()))
    assert [r["code"] for r in records] == ["OC601", "OC201", "OC202", "OC203", "OC102"]
    second = records[1]
    assert {k: second[k] for k in ("file", "name", "severity", "path", "line", "column", "end_line", "end_column")} == {
        "file": "openclaw.json", "name": "unknown-key", "severity": "error", "path": ["params", "cacheRetnetion"],
        "line": 3, "column": 12, "end_line": 3, "end_column": 26}
    assert second["help"] == "did you mean `cacheRetention`?"
    edit = second["fix"]["edits"][0]
    assert edit["text"] == "cacheRetention" and edit["start_position"] == {"line": 3, "column": 12}
    assert records[4]["line"] is None and records[4]["fix"] is None


def test_github_escaping():
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"


def test_github_commands(report):
    lines = render("github", [report], RenderOptions(cwd=os.getcwd())).splitlines()
    assert lines[1] == ("::error file=openclaw.json,line=3,col=12,endLine=3,endColumn=26,"
                        "title=oclc OC201 (unknown-key)::unknown key `cacheRetnetion`"
                        "%0Ahelp: did you mean `cacheRetention`?%0Anote: allowed: a, b")
    assert lines[2].startswith("::notice file=openclaw.json,line=4,col=30,")
    # a span over several lines carries no columns
    assert lines[3].startswith("::warning file=openclaw.json,line=5,endLine=7,title=")
    assert lines[4] == "::error file=missing.json,title=oclc OC102 (file-not-found)::no such file"
    assert lines[5].startswith("Found 5 problems")


def test_github_escapes_properties_and_message(tmp_path):
    source = Source("a,b:c.json", "{}\n")
    diagnostic = Diagnostic("OC201", "unknown-key", "error", "50% of it\nis bad", "a,b:c.json", source.span(0, 1))
    line = render("github", [FileReport("a,b:c.json", [diagnostic])], RenderOptions(cwd=str(tmp_path)))
    assert "file=" in line and "a%2Cb%3Ac.json," in line
    assert line.splitlines()[0].endswith("::50%25 of it%0Ais bad")


def test_sarif_is_valid_2_1_0(report):
    jsonschema = pytest.importorskip("jsonschema")
    log = json.loads(render("sarif", [report], RenderOptions(cwd=os.getcwd())))
    schema = json.loads(SARIF_SCHEMA.read_text())
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    run = log["runs"][0]
    assert log["version"] == "2.1.0"
    assert run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    assert driver["name"] == "oclc"
    rule_ids = [r["id"] for r in driver["rules"]]
    assert "OC102" in rule_ids and rule_ids == sorted(rule_ids)
    results = run["results"]
    assert [r["level"] for r in results] == ["warning", "error", "note", "warning", "error"]
    located = results[1]["locations"][0]["physicalLocation"]
    assert located["artifactLocation"]["uri"] == "openclaw.json"
    assert located["region"] == {"startLine": 3, "startColumn": 12, "endLine": 3, "endColumn": 26}
    assert results[4]["ruleIndex"] == rule_ids.index("OC102")
    assert driver["rules"][results[4]["ruleIndex"]]["name"] == "file-not-found"
    assert results[1]["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"] == "cacheRetention"


def test_sarif_uri_outside_the_working_directory(tmp_path):
    diagnostic = Diagnostic("OC102", "file-not-found", "error", "no such file", "/elsewhere/my config.json")
    log = json.loads(render("sarif", [FileReport("x", [diagnostic])], RenderOptions(cwd=str(tmp_path))))
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "file:///elsewhere/my%20config.json"


def test_junit(report):
    clean = FileReport("clean.json", [])
    root = ET.fromstring(render("junit", [report, clean], RenderOptions(cwd=os.getcwd())))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["openclaw.json", "clean.json"]
    assert suites[0].get("tests") == "5" and suites[0].get("failures") == "4"
    failure = suites[0].findall("testcase")[1].find("failure")
    assert failure.get("type") == "OC201" and "help: did you mean" in failure.text
    assert suites[0].findall("testcase")[2].find("failure") is None  # info is not a failure
    assert suites[1].find("testcase").get("name") == "oclc"
    assert root.get("tests") == "6" and root.get("failures") == "4"


def test_mask_text_keeps_references_and_positions():
    text = '{ token: "${GATEWAY_TOKEN}", headers: { "X-Auth": "abc123" }, name: "sk-ant-abcdefghijklmnop" }'
    source = Source("c.json5", text)
    values = {}
    for path, needle in ((("token",), '"${GATEWAY_TOKEN}"'), (("headers", "X-Auth"), '"abc123"'),
                         (("name",), '"sk-ant-abcdefghijklmnop"')):
        start = text.index(needle)
        values[path] = source.span(start, start + len(needle))
    document = Document(source, {"token": "${GATEWAY_TOKEN}", "headers": {"X-Auth": "abc123"},
                                 "name": "sk-ant-abcdefghijklmnop"}, values=values)
    masked = mask_text(text, document)
    assert len(masked) == len(text)
    assert '"${GATEWAY_TOKEN}"' in masked
    assert '"******"' in masked and "abc123" not in masked
    assert "sk-ant" not in masked


def test_layout_cuts_long_lines_around_the_span():
    line = "x" * 300 + "TARGET" + "y" * 300
    shown, offset, width = layout(line, 301, 307)
    assert len(shown) <= 122
    assert shown[offset:offset + width] == "TARGET"
    assert shown.startswith("…") and shown.endswith("…")


def test_secrets_in_fix_replacements_are_masked():
    source = Source("c.json5", '{ agents: { list: [ { id: "a", token: "hunter2-very-secret" } ] } }\n')
    replacement = 'entries: { a: { token: "hunter2-very-secret", other: "sk-ant-abcdefghijklmnopqrst" } }'
    diagnostic = Diagnostic("OC130", "legacy-agents-list", "warning", "old roster form", "c.json5",
                            source.span(12, 16), fix=Fix("convert", (Edit("c.json5", 12, 60, replacement),)))
    report = FileReport("c.json5", [diagnostic], {"c.json5": source})
    for name in ("json", "sarif"):
        output = render(name, [report], RenderOptions())
        assert "hunter2" not in output and "sk-ant-abcdefghijklmnopqrst" not in output, name
        assert '\\"*******************\\"' in output, name
