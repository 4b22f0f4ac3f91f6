"""A JSON array, one object per finding (file, code, name, severity, message, path, line, column,
end_line, end_column, help, notes, fix). Positions are 1-based; end_column is exclusive."""

from __future__ import annotations

from . import FileReport, RenderOptions, json_text, target_record


def _position(source, offset: int) -> dict[str, int] | None:
    if source is None:
        return None
    line, column = source.position(offset)
    return {"line": line, "column": column}


def record(diagnostic, report: FileReport) -> dict:
    span = diagnostic.span
    fix = None
    if diagnostic.fix is not None:
        fix = {
            "description": diagnostic.fix.description,
            "safe": diagnostic.fix.safe,
            "edits": [
                {
                    "file": edit.file,
                    "start": edit.start,
                    "end": edit.end,
                    "start_position": _position(report.sources.get(edit.file), edit.start),
                    "end_position": _position(report.sources.get(edit.file), edit.end),
                    "text": edit.text,
                }
                for edit in diagnostic.fix.edits
            ],
        }
    item = {
        "file": diagnostic.file,
        "code": diagnostic.code,
        "name": diagnostic.name,
        "severity": diagnostic.severity,
        "message": diagnostic.message,
        "path": list(diagnostic.path),
        "line": span.line if span else None,
        "column": span.column if span else None,
        "end_line": span.end_line if span else None,
        "end_column": span.end_column if span else None,
        "help": diagnostic.help,
        "notes": list(diagnostic.notes),
        "fix": fix,
    }
    if diagnostic.config_path is not None:
        item["config_path"] = list(diagnostic.config_path)
    target = target_record(report.target)
    if target is not None:
        item["openclaw"] = target
    return item


def render(files: list[FileReport], options: RenderOptions) -> str:
    return json_text([record(d, report) for report in files for d in report.diagnostics])
