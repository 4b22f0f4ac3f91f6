"""Inline suppressions: which lines a directive covers, file-wide directives, and the findings
about directives themselves (OC901 unused, OC902 invalid)."""
from __future__ import annotations

import pytest

from oclc.diagnostics import Diagnostic
from oclc.json5.parser import parse
from oclc.source import Source
from oclc.suppress import apply_suppressions


def document(text: str):
    return parse(Source("openclaw.json5", text))


def at(doc, line: int, code: str = "OC107", severity: str = "warning") -> Diagnostic:
    start = doc.source.line_starts[line - 1]
    return Diagnostic(code, "rule", severity, f"{code} here", "openclaw.json5", doc.source.span(start, start + 1))


def run(text: str, findings: list[tuple[int, str]] | None = None, severity: str = "warning"):
    doc = document(text)
    diagnostics = [at(doc, line, code, severity) for line, code in (findings or [])]
    return [(d.code, d.span.line if d.span else None, d.message) for d in apply_suppressions(diagnostics, [doc])]


def codes(result):
    return [(code, line) for code, line, _ in result]


def test_own_line_directive_covers_the_next_line_with_code():
    text = '{\n  // oclc: ignore[OC107] kept on purpose\n\n  // another comment\n  a: 1, a: 2,\n  b: 1,\n}\n'
    assert codes(run(text, [(5, "OC107"), (6, "OC107")])) == [("OC107", 6)]


def test_trailing_directive_covers_its_own_line_only():
    text = '{\n  a: 1, a: 2, // oclc: ignore[OC107]\n  b: 1, b: 2,\n}\n'
    assert codes(run(text, [(2, "OC107"), (3, "OC107")])) == [("OC107", 3)]


def test_block_comment_and_several_codes():
    text = '{\n  /* oclc: ignore[OC107, OC130] legacy */\n  a: 1,\n}\n'
    assert codes(run(text, [(3, "OC107"), (3, "OC130")])) == []


def test_ignore_file():
    text = '// oclc: ignore-file[OC130] this file is the old format on purpose\n{\n  a: 1,\n  b: 2,\n}\n'
    assert codes(run(text, [(3, "OC130"), (4, "OC130"), (4, "OC107")])) == [("OC107", 4)]


def test_unused_directive_is_reported_at_its_code():
    text = '{\n  // oclc: ignore[OC107, OC130]\n  a: 1,\n}\n'
    result = run(text, [(3, "OC107")])
    assert result == [("OC901", 2, "OC130 is not reported on line 3, so this suppression does nothing")]
    doc = document(text)
    unused = apply_suppressions([at(doc, 3)], [doc])[0]
    assert doc.source.text[unused.span.start:unused.span.end] == "OC130"


def test_unused_file_directive():
    result = run('// oclc: ignore-file[OC130]\n{}\n')
    assert result == [("OC901", 1, "OC130 is not reported anywhere in this file, so this suppression does nothing")]


def test_unused_findings_can_be_silenced_file_wide():
    assert run('// oclc: ignore-file[OC901]\n{\n  // oclc: ignore[OC130]\n  a: 1,\n}\n') == []


@pytest.mark.parametrize("comment, message", [
    ("// oclc: ignore OC107", "not a directive oclc knows"),
    ("// oclc: disable[OC107]", "not a directive oclc knows"),
    ("// oclc: ignore[]", "names no codes"),
    ("// oclc: ignore[OC999]", "`OC999` is not an oclc rule code"),
    ("// oclc: ignore[nonsense]", "`nonsense` is not an oclc rule code"),
])
def test_invalid_directives(comment, message):
    result = run("{\n  " + comment + "\n  a: 1,\n}\n")
    assert len(result) == 1
    assert result[0][0] == "OC902" and message in result[0][2]


def test_errors_openclaw_refuses_cannot_be_suppressed():
    text = '{\n  // oclc: ignore[OC101]\n  a: 1,\n}\n'
    result = run(text, [(3, "OC101")], severity="error")
    assert ("OC101", 3) in codes(result)
    assert any(code == "OC902" and "cannot be suppressed" in message for code, _, message in result)


def test_comments_that_are_not_directives_are_left_alone():
    text = '{\n  // oclc is great; see `oclc rules`\n  a: 1, // plain\n}\n'
    assert codes(run(text, [(3, "OC107")])) == [("OC107", 3)]


def test_findings_in_other_files_are_not_touched():
    doc = document('{\n  // oclc: ignore-file[OC107]\n  a: 1,\n}\n')
    other = Diagnostic("OC107", "rule", "warning", "elsewhere", "included.json5", doc.source.span(0, 1))
    kept = apply_suppressions([other], [doc])
    assert other in kept
    assert any(d.code == "OC901" for d in kept)
