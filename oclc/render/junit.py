"""JUnit XML: a <testsuite> per linted file, a failing <testcase> per finding (a clean file has
one passing test case), for CI systems that show test reports (Jenkins, GitLab, Azure)."""

from __future__ import annotations

import re

from . import FileReport, RenderOptions, display_path, shown_file

# What XML 1.0 cannot carry at all, even escaped (ElementTree writes it raw, and the document no
# longer parses): most C0 controls, unpaired surrogates, U+FFFE and U+FFFF. A config value or a
# file name can hold any of them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _location(diagnostic) -> str:
    span = diagnostic.span
    where = shown_file(diagnostic.file)
    return f"{where}:{span.line}:{span.column}" if span else where


def render(files: list[FileReport], options: RenderOptions) -> str:
    from xml.etree import ElementTree as ET

    root = ET.Element("testsuites", name="oclc")
    total = failed = 0
    for report in files:
        shown = _xml(display_path(report.name, options.cwd))
        failures = [d for d in report.diagnostics if d.severity in ("error", "warning")]
        suite = ET.SubElement(root, "testsuite", name=shown, tests=str(max(1, len(report.diagnostics))),
                              failures=str(len(failures)), errors="0", skipped="0")
        if report.target is not None:
            properties = ET.SubElement(suite, "properties")
            ET.SubElement(properties, "property", name="openclaw", value=report.target.release)
            ET.SubElement(properties, "property", name="openclaw-reason", value=_xml(report.target.reason))
            if report.target.note:
                ET.SubElement(properties, "property", name="openclaw-note", value=_xml(report.target.note))
        if not report.diagnostics:
            ET.SubElement(suite, "testcase", name="oclc", classname=shown)
            total += 1
            continue
        for diagnostic in report.diagnostics:
            total += 1
            span = diagnostic.span
            where = f" at {span.line}:{span.column}" if span else ""
            case = ET.SubElement(suite, "testcase", name=f"{diagnostic.code} {diagnostic.name}{where}",
                                 classname=shown)
            details = [f"{_location(diagnostic)}: {diagnostic.code} {diagnostic.severity}: {diagnostic.message}"]
            if diagnostic.help:
                details.append(f"help: {diagnostic.help}")
            details.extend(f"note: {note}" for note in diagnostic.notes)
            if diagnostic.severity in ("error", "warning"):
                failed += 1
                element = ET.SubElement(case, "failure", message=_xml(diagnostic.message), type=diagnostic.code)
                element.text = _xml("\n".join(details))
            else:
                ET.SubElement(case, "system-out").text = _xml("\n".join(details))
    root.set("tests", str(total))
    root.set("failures", str(failed))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
