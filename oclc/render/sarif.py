"""SARIF 2.1.0 (for GitHub code scanning and other SARIF viewers): one run, every oclc rule in
tool.driver.rules, one result per finding with its region. Columns count Unicode code points
(`columnKind`), as oclc's spans do; URIs are relative to the working directory when the file is
under it."""

from __future__ import annotations

import os
from urllib.parse import quote

from . import FileReport, RenderOptions, display_path, json_text, relative_path, target_record

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def _uri(name: str, cwd: str) -> str:
    # Percent-encoded from the name's bytes, so a file name that is not UTF-8 (its bytes kept as
    # surrogates, which quote() cannot encode) still names its file.
    path = relative_path(name, cwd)
    encoded = quote(os.fsencode(path))
    return "file://" + encoded if path.startswith("/") else encoded


def _rule(item) -> dict:
    return {
        "id": item.code,
        "name": item.name,
        "shortDescription": {"text": item.summary},
        "fullDescription": {"text": item.summary},
        "help": {"text": item.docs or item.summary},
        "defaultConfiguration": {"level": _LEVEL.get(item.severity, "warning")},
    }


def _region(span) -> dict:
    return {
        "startLine": span.line,
        "startColumn": span.column,
        "endLine": span.end_line,
        "endColumn": max(span.end_column, span.column + 1) if span.end_line == span.line else span.end_column,
    }


def _result(diagnostic, report: FileReport, rule_index: dict[str, int], cwd: str) -> dict:
    text = diagnostic.message
    if diagnostic.help:
        text += f"\nhelp: {diagnostic.help}"
    result: dict = {"ruleId": diagnostic.code, "level": _LEVEL.get(diagnostic.severity, "warning"),
                    "message": {"text": text}}
    if diagnostic.code in rule_index:
        result["ruleIndex"] = rule_index[diagnostic.code]
    if diagnostic.file:
        physical: dict = {"artifactLocation": {"uri": _uri(diagnostic.file, cwd)}}
        if diagnostic.span is not None:
            physical["region"] = _region(diagnostic.span)
        location: dict = {"physicalLocation": physical}
        if diagnostic.path:
            dotted = ".".join(str(p) for p in diagnostic.resolved_path)
            location["logicalLocations"] = [{"fullyQualifiedName": dotted, "kind": "member"}]
        result["locations"] = [location]
    if diagnostic.fix is not None and diagnostic.fix.safe and diagnostic.fix.edits:
        changes: dict[str, list] = {}
        for edit in diagnostic.fix.edits:
            changes.setdefault(edit.file, []).append({
                "deletedRegion": {"charOffset": edit.start, "charLength": edit.end - edit.start},
                "insertedContent": {"text": edit.text},
            })
        result["fixes"] = [{
            "description": {"text": diagnostic.fix.description},
            "artifactChanges": [
                {"artifactLocation": {"uri": _uri(name, cwd)}, "replacements": replacements}
                for name, replacements in changes.items()
            ],
        }]
    return result


def render(files: list[FileReport], options: RenderOptions) -> str:
    from .. import __version__
    from ..rules import all_rules

    rules = all_rules()
    rule_index = {item.code: index for index, item in enumerate(rules)}
    results = [_result(d, report, rule_index, options.cwd) for report in files for d in report.diagnostics]
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "oclc",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": "https://pypi.org/project/oclc/",
                "rules": [_rule(item) for item in rules],
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
            # The OpenClaw release each file was checked against, and why.
            "properties": {"openclaw": [
                {"file": display_path(report.name, options.cwd), **target_record(report.target)}
                for report in files if report.target is not None]},
        }],
    }
    return json_text(log)
