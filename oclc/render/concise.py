"""One line per finding, `file:line:col: CODE severity: message`, and the summary line."""

from __future__ import annotations

from . import FileReport, RenderOptions, shown_file, summary_line


def line(diagnostic) -> str:
    span = diagnostic.span
    where = shown_file(diagnostic.file)
    if span is not None:
        where = f"{where}:{span.line}:{span.column}"
    return f"{where}: {diagnostic.code} {diagnostic.severity}: {diagnostic.message}"


def render(files: list[FileReport], options: RenderOptions) -> str:
    out = [line(d) for report in files for d in report.diagnostics]
    out.append(summary_line(files, options))
    return "\n".join(out) + "\n"
