"""GitHub Actions workflow commands: one `::error file=…,line=…::message` line per finding, which
GitHub shows as an annotation on the pull request; then the summary as a plain log line."""

from __future__ import annotations

from . import FileReport, RenderOptions, display_path, summary_line

_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(diagnostic, cwd: str) -> str:
    props: list[tuple[str, str]] = []
    if diagnostic.file:
        props.append(("file", display_path(diagnostic.file, cwd)))
    span = diagnostic.span
    if span is not None:
        props.append(("line", str(span.line)))
        # GitHub takes columns only for an annotation that starts and ends on one line.
        if span.end_line == span.line:
            props.append(("col", str(span.column)))
            props.append(("endLine", str(span.end_line)))
            props.append(("endColumn", str(max(span.end_column, span.column + 1))))
        else:
            props.append(("endLine", str(span.end_line)))
    props.append(("title", f"oclc {diagnostic.code} ({diagnostic.name})"))
    message = diagnostic.message
    if diagnostic.help:
        message += f"\nhelp: {diagnostic.help}"
    for note in diagnostic.notes:
        message += f"\nnote: {note}"
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in props)
    return f"::{_COMMAND.get(diagnostic.severity, 'warning')} {rendered}::{escape_data(message)}"


def render(files: list[FileReport], options: RenderOptions) -> str:
    out = [command(d, options.cwd) for report in files for d in report.diagnostics]
    out.append(summary_line(files, options))
    return "\n".join(out) + "\n"
