"""Inline suppressions: comments in the config that silence named findings.

    // oclc: ignore[OC401] reason        on a line with code: that line; on a line of its own: the next line with code
    /* oclc: ignore[OC401, OC301] */     several codes
    // oclc: ignore-file[OC301] reason   the whole file

A directive that suppresses nothing is reported (OC901), and so is one oclc cannot read or apply
(OC902). Errors that make OpenClaw refuse the config (OC1xx/OC2xx errors) are never suppressed.
"""

from __future__ import annotations

import re

from .diagnostics import Diagnostic
from .records import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

    from .json5.parser import Comment, Document
    from .source import Source, Span

_MARKER = re.compile(r"^\s*oclc\s*:", re.IGNORECASE)
_DIRECTIVE = re.compile(
    r"^\s*oclc\s*:\s*(?P<kind>ignore-file|ignore)\s*\[(?P<codes>[^\]]*)\](?P<reason>.*)$",
    re.IGNORECASE | re.DOTALL,
)
_CODE = re.compile(r"^OC\d{3}$")


class Directive(Record):
    __slots__ = ("comment", "whole_file", "codes", "line", "used")

    def __init__(self, comment: Comment, whole_file: bool, codes: dict[str, "Span"], line: int | None,
                 used: set[str] | None = None):
        self.comment = comment
        self.whole_file = whole_file
        self.codes = codes  # code -> where it is written in the comment
        self.line = line  # the line it covers (None for ignore-file)
        self.used = set() if used is None else used


def _comment_body(text: str) -> tuple[str, int]:
    """The text inside the comment markers, and its offset in the comment."""
    if text.startswith("//"):
        return text[2:], 2
    if text.startswith("/*"):
        return text[2:-2] if text.endswith("*/") else text[2:], 2
    return text, 0


_NON_SPACE = re.compile(r"\S+")


class _Lines:
    """What the directives of one file ask about its lines, computed once per file: which lines
    hold code (anything but whitespace and comments), and where each line's text begins and ends.
    Asking each directive's question by rescanning lines and comments made N directive lines cost
    O(N^3) (2,000 lines: 95 s)."""

    def __init__(self, source: "Source", comment_ranges: list[tuple[int, int]]):
        import bisect

        self.source = source
        starts = source.line_starts
        text = source.text
        self._code = [False] * (len(starts) + 2)          # 1-based line -> holds code
        position = 0
        for start, stop in comment_ranges + [(len(text), len(text))]:
            for run in _NON_SPACE.finditer(text, position, max(position, start)):
                # A run of non-space characters never crosses a line break (breaks are spaces).
                self._code[bisect.bisect_right(starts, run.start())] = True
            position = max(position, stop)
        # next_code[line]: the first line at or after `line` that holds code (past the end: none).
        last = len(starts)
        self._next_code = [last + 1] * (last + 2)
        for line in range(last, 0, -1):
            self._next_code[line] = line if self._code[line] else self._next_code[line + 1]
        self._stripped: dict[int, tuple[int, int]] = {}

    def has_code(self, line: int) -> bool:
        return 1 <= line < len(self._code) and self._code[line]

    def next_code_line(self, line: int) -> int:
        """The first line after `line` that holds code (line_count + 1 when there is none)."""
        return self._next_code[min(line + 1, len(self._next_code) - 1)]

    def text_bounds(self, line: int) -> tuple[int, int]:
        """Offsets of the first and one past the last non-space character of `line` (equal when
        it is blank)."""
        found = self._stripped.get(line)
        if found is None:
            starts = self.source.line_starts
            begin = starts[line - 1]
            end = starts[line] if line < len(starts) else len(self.source.text)
            piece = self.source.text[begin:end]
            left = len(piece) - len(piece.lstrip())
            right = len(piece.rstrip())
            found = self._stripped[line] = (begin + left, begin + max(left, right))
        return found


def _covered_line(comment: "Comment", lines: _Lines) -> int:
    span = comment.span
    first, _ = lines.text_bounds(span.line)
    if first < span.start:
        return span.line                     # text (code or another comment) before it on its line
    _, after = lines.text_bounds(span.end_line)
    if after > span.end and lines.has_code(span.end_line):
        return span.end_line
    return lines.next_code_line(span.end_line)


def _directives(document: "Document", problems: list[Diagnostic]) -> list[Directive]:
    from .diagnostics.meta import INVALID_SUPPRESSION
    from .rules import get

    source = document.source
    lines: _Lines | None = None
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
        if not whole_file and lines is None:
            lines = _Lines(source, sorted((c.span.start, c.span.end) for c in document.comments))
        line = None if whole_file else _covered_line(comment, lines)
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

    from .diagnostics.meta import UNUSED_SUPPRESSION

    problems: list[Diagnostic] = []
    directives = {name: _directives(document, problems) for name, document in by_file.items()}
    # Indexed once: (file, line, code) and (file, code) -> the directives that apply. A diagnostic
    # marks them used the first time only, so N directives on one line and M findings there cost
    # N + M, not N * M.
    on_line: dict[tuple, list[Directive]] = {}
    whole_file: dict[tuple, list[Directive]] = {}
    for name, items in directives.items():
        for directive in items:
            for code in directive.codes:
                key = (name, code) if directive.whole_file else (name, directive.line, code)
                (whole_file if directive.whole_file else on_line).setdefault(key, []).append(directive)
    marked: set[tuple] = set()

    def suppressed_by(index: dict[tuple, list[Directive]], key: tuple, code: str) -> bool:
        found = index.get(key)
        if not found:
            return False
        if key not in marked:             # the two indexes' keys differ in length: never equal
            marked.add(key)
            for directive in found:
                directive.used.add(code)
        return True

    kept: list[Diagnostic] = []
    for diagnostic in diagnostics:
        if diagnostic.is_structural or diagnostic.file not in directives:
            kept.append(diagnostic)
            continue
        line = diagnostic.span.line if diagnostic.span is not None else None
        code = diagnostic.code
        # Both kinds are marked used when both apply (`|`, not `or`).
        if not (suppressed_by(on_line, (diagnostic.file, line, code), code)
                | suppressed_by(whole_file, (diagnostic.file, code), code)):
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
        if not suppressed_by(whole_file, (diagnostic.file or "", diagnostic.code), diagnostic.code):
            kept.append(diagnostic)
    kept.extend(problems)
    kept.sort(key=Diagnostic.sort_key)
    return kept


