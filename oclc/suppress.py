"""Inline suppressions: comments in the config that silence named findings.

    // oclc: ignore[OC401] reason        on a line with code: that line; on a line of its own: the next line with code
    /* oclc: ignore[OC401, OC301] */     several codes
    // oclc: ignore-file[OC301] reason   the whole file

A directive that suppresses nothing is reported (OC901), and so is one oclc cannot read or apply
(OC902). Errors that make OpenClaw refuse the config (OC1xx/OC2xx errors) are never suppressed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable

from .diagnostics import Diagnostic

if TYPE_CHECKING:
    from .parse import Comment, Document
    from .pipeline import FileResult
    from .source import Source, Span

_MARKER = re.compile(r"^\s*oclc\s*:", re.IGNORECASE)
_DIRECTIVE = re.compile(
    r"^\s*oclc\s*:\s*(?P<kind>ignore-file|ignore)\s*\[(?P<codes>[^\]]*)\](?P<reason>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_CODE = re.compile(r"^OC\d{3}$")


@dataclass
class Directive:
    comment: "Comment"
    whole_file: bool
    codes: dict[str, "Span"]               # code -> where it is written in the comment
    line: int | None                       # the line it covers (None for ignore-file)
    used: set[str] = field(default_factory=set)


def _comment_body(text: str) -> tuple[str, int]:
    """The text inside the comment markers, and its offset in the comment."""
    if text.startswith("//"):
        return text[2:], 2
    if text.startswith("/*"):
        return text[2:-2] if text.endswith("*/") else text[2:], 2
    return text, 0


def _has_code(source: "Source", line: int, comment_ranges: list[tuple[int, int]]) -> bool:
    """Whether `line` holds anything but whitespace and comments."""
    starts = source.line_starts
    if line < 1 or line > len(starts):
        return False
    begin = starts[line - 1]
    end = starts[line] if line < len(starts) else len(source.text)
    text = source.text
    position = begin
    for start, stop in comment_ranges:
        if stop <= begin or start >= end:
            continue
        if text[position:max(position, start)].strip():
            return True
        position = max(position, stop)
    return bool(text[position:end].strip()) if position < end else False


def _covered_line(source: "Source", comment: "Comment", comment_ranges) -> int:
    span = comment.span
    before = source.text[source.line_starts[span.line - 1]:span.start]
    if before.strip():
        return span.line
    line_end = source.line_starts[span.end_line] if span.end_line < len(source.line_starts) else len(source.text)
    after = source.text[span.end:line_end]
    if after.strip() and _has_code(source, span.end_line, comment_ranges):
        return span.end_line
    line = span.end_line + 1
    last = source.line_count()
    while line <= last and not _has_code(source, line, comment_ranges):
        line += 1
    return line


def _directives(document: "Document", problems: list[Diagnostic]) -> list[Directive]:
    from .rules import get
    from .rules.meta import INVALID_SUPPRESSION

    source = document.source
    ranges = sorted((c.span.start, c.span.end) for c in document.comments)
    found = []
    for comment in document.comments:
        body, body_offset = _comment_body(comment.text)
        if not _MARKER.match(body):
            continue
        match = _DIRECTIVE.match(body)
        if match is None:
            problems.append(INVALID_SUPPRESSION.diagnostic(
                "this `oclc:` comment is not a directive oclc knows; write `oclc: ignore[CODE]` or "
                "`oclc: ignore-file[CODE]`", file=source.name, span=comment.span))
            continue
        codes: dict[str, "Span"] = {}
        codes_offset = comment.span.start + body_offset + match.start("codes")
        for piece in re.finditer(r"[^,\s]+", match.group("codes")):
            code = piece.group().upper()
            span = source.span(codes_offset + piece.start(), codes_offset + piece.end())
            rule = get(code) if _CODE.match(code) else None
            if rule is None:
                problems.append(INVALID_SUPPRESSION.diagnostic(
                    f"`{piece.group()}` is not an oclc rule code (see `oclc rules`)",
                    file=source.name, span=span))
            elif rule.severity == "error" and code[:3] in ("OC1", "OC2"):
                problems.append(INVALID_SUPPRESSION.diagnostic(
                    f"{code} cannot be suppressed: OpenClaw refuses a config with this error whatever "
                    "a comment says", file=source.name, span=span))
            else:
                codes[code] = span
        if not match.group("codes").strip():
            problems.append(INVALID_SUPPRESSION.diagnostic(
                "this directive names no codes; list the codes to ignore in the brackets",
                file=source.name, span=comment.span))
        if not codes:
            continue
        whole_file = match.group("kind").lower() == "ignore-file"
        line = None if whole_file else _covered_line(source, comment, ranges)
        found.append(Directive(comment, whole_file, codes, line))
    return found


def apply_suppressions(diagnostics: Iterable[Diagnostic], documents: Iterable["Document"]) -> list[Diagnostic]:
    """The diagnostics that no directive suppresses, plus OC901/OC902 findings about the directives."""
    diagnostics = list(diagnostics)
    by_file: dict[str, "Document"] = {}
    for document in documents:
        if any(_MARKER.match(_comment_body(c.text)[0]) for c in document.comments):
            by_file.setdefault(document.source.name, document)
    if not by_file:
        return diagnostics

    from .rules.meta import UNUSED_SUPPRESSION

    problems: list[Diagnostic] = []
    directives = {name: _directives(document, problems) for name, document in by_file.items()}
    kept: list[Diagnostic] = []
    for diagnostic in diagnostics:
        if diagnostic.is_structural or diagnostic.file not in directives:
            kept.append(diagnostic)
            continue
        line = diagnostic.span.line if diagnostic.span is not None else None
        suppressed = False
        for directive in directives[diagnostic.file]:
            if diagnostic.code in directive.codes and (directive.whole_file or directive.line == line):
                directive.used.add(diagnostic.code)
                suppressed = True
        if not suppressed:
            kept.append(diagnostic)

    unused: list[Diagnostic] = []
    for name, items in directives.items():
        for directive in items:
            for code, span in directive.codes.items():
                if code in directive.used:
                    continue
                where = "anywhere in this file" if directive.whole_file else f"on line {directive.line}"
                unused.append(UNUSED_SUPPRESSION.diagnostic(
                    f"{code} is not reported {where}, so this suppression does nothing",
                    file=name, span=span,
                    help="remove it, or move it to the line of the finding"))
    # `ignore-file[OC901]` silences the unused-suppression findings of that file.
    for diagnostic in unused:
        silenced = False
        for directive in directives.get(diagnostic.file or "", ()):
            if directive.whole_file and diagnostic.code in directive.codes:
                directive.used.add(diagnostic.code)
                silenced = True
        if not silenced:
            kept.append(diagnostic)
    kept.extend(problems)
    kept.sort(key=Diagnostic.sort_key)
    return kept


def apply_to_result(result: "FileResult") -> None:
    """Apply the directives of every file the result read (the main file and its includes)."""
    documents: list["Document"] = []
    if result.document is not None:
        documents.append(result.document)
    if result.loaded is not None:
        documents.extend(result.loaded.documents.values())
    if documents:
        result.diagnostics = apply_suppressions(result.diagnostics, documents)
