"""The default human format: a header line per finding, the source line(s) it is about with
carets under the exact span, then help and notes; a summary line at the end.

    openclaw.json:15:19: OC201 error: unknown key `cacheRetnetion`
       |
    15 |         params: { cacheRetnetion: "short" },
       |                   ^^^^^^^^^^^^^^
       = help: did you mean `cacheRetention`?
"""

from __future__ import annotations

from ..records import LazyPattern
from . import FileReport, RenderOptions, shown_file, summary_line, target_lines

_RESET = "\x1b[0m"
_STYLE = {
    "error": "\x1b[1;31m",
    "warning": "\x1b[1;33m",
    "info": "\x1b[1;36m",
    "bold": "\x1b[1m",
    "gutter": "\x1b[1;34m",
    "help": "\x1b[1;32m",
    "dim": "\x1b[2m",
}
_NON_SPACE = LazyPattern(r"\S")
# A span over more lines than this shows its first and last lines only.
_MAX_SNIPPET_LINES = 4


class _Painter:
    def __init__(self, enabled: bool):
        self.enabled = enabled

    def __call__(self, style: str, text: str) -> str:
        if not self.enabled or not text:
            return text
        return f"{_STYLE[style]}{text}{_RESET}"


def header(diagnostic, paint: _Painter) -> str:
    span = diagnostic.span
    where = shown_file(diagnostic.file)
    if span is not None:
        where = f"{where}:{span.line}:{span.column}"
    severity = paint(diagnostic.severity, f"{diagnostic.code} {diagnostic.severity}")
    return f"{paint('bold', where)}: {severity}: {diagnostic.message}"


def _snippet(diagnostic, report: FileReport, paint: _Painter) -> list[str]:
    from .snippet import layout_in, masked_line_bounds

    span = diagnostic.span
    if span is None or diagnostic.file is None:
        return []
    source = report.sources.get(diagnostic.file)
    if source is None:
        return []
    document = report.documents.get(diagnostic.file)
    last_line = min(span.end_line, source.line_count())
    # An end at column 1 of the next line (a span ending with its line break) ends on the line before.
    if last_line > span.line and span.end_column == 1:
        last_line -= 1
    lines = list(range(span.line, last_line + 1))
    if len(lines) > _MAX_SNIPPET_LINES:
        lines = lines[:2] + [None] + lines[-1:]  # type: ignore[list-item]
    gutter_width = len(str(last_line))
    blank_gutter = paint("gutter", " " * gutter_width + " |")
    out = [blank_gutter]
    for number in lines:
        if number is None:
            out.append(paint("gutter", "." * min(3, gutter_width + 2)))
            continue
        text, begin, end = masked_line_bounds(source, document, number)
        text = report.redactor.keep_positions(text)      # the same length: offsets still hold
        start_col = span.column if number == span.line else _first_non_space(text, begin, end)
        end_col = span.end_column if number == span.end_line else end - begin + 1
        if number == span.line and span.end_line == span.line and span.end_column <= span.column:
            end_col = start_col + 1
        shown, offset, width = layout_in(text, begin, end, start_col, end_col)
        out.append(f"{paint('gutter', str(number).rjust(gutter_width) + ' |')} {shown}")
        out.append(f"{blank_gutter} {' ' * offset}{paint(diagnostic.severity, '^' * width)}")
    return out


def _first_non_space(text: str, begin: int, end: int) -> int:
    """The 1-based column of the first non-space character of the line text[begin:end]."""
    found = _NON_SPACE.search(text, begin, end)
    return (found.start() if found else end) - begin + 1


def render_one(diagnostic, report: FileReport, paint: _Painter) -> list[str]:
    lines = [header(diagnostic, paint)]
    lines.extend(_snippet(diagnostic, report, paint))
    pad = " " * (len(str(diagnostic.span.end_line)) if diagnostic.span else 1)
    if diagnostic.help:
        lines.append(f"{pad} = {paint('help', 'help:')} {diagnostic.help}")
    for note in diagnostic.notes:
        lines.append(f"{pad} = {paint('bold', 'note:')} {note}")
    if diagnostic.fix is not None and diagnostic.fix.safe:
        lines.append(f"{pad} = {paint('help', 'fix:')} {diagnostic.fix.description} (oclc lint --fix)")
    return lines


def render(files: list[FileReport], options: RenderOptions) -> str:
    paint = _Painter(options.color)
    out: list[str] = [paint("dim", line) for line in target_lines(files, options)]
    for report in files:
        for diagnostic in report.diagnostics:
            out.extend(render_one(diagnostic, report, paint))
            out.append("")
    out.append(summary_line(files, options))
    return "\n".join(out) + "\n"
