"""Renderers: diagnostics -> text in one output format. One module per format, imported only
when that format is asked for (a hook run printing `text` never imports the XML or SARIF code).

Every renderer module has `render(files: list[FileReport], options: RenderOptions) -> str`.
"""

from __future__ import annotations

import importlib
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic

if TYPE_CHECKING:
    from ..parse import Document
    from ..pipeline import FileResult
    from ..source import Source

# format name -> module under oclc.render
FORMATS: dict[str, str] = {
    "text": "text",
    "concise": "concise",
    "json": "json",
    "sarif": "sarif",
    "github": "github",
    "junit": "junit",
}


@dataclass
class FileReport:
    """One linted file as the renderers see it: what to print, and the texts to quote from."""

    name: str
    diagnostics: list[Diagnostic]
    # shown file name -> its source and parsed document (the main file and every included file)
    sources: dict[str, "Source"] = field(default_factory=dict)
    documents: dict[str, "Document"] = field(default_factory=dict)


@dataclass
class RenderOptions:
    color: bool = False
    cwd: str = field(default_factory=os.getcwd)
    fixed: int = 0           # how many fixes --fix applied (for the summary line)


def file_report(result: "FileResult", diagnostics: list[Diagnostic] | None = None) -> FileReport:
    """A FileReport for a pipeline result; `diagnostics` replaces the result's own (after filtering)."""
    chosen = result.diagnostics if diagnostics is None else diagnostics
    report = FileReport(result.name, [_without_tokens(d) for d in chosen])
    if result.source is not None:
        report.sources[result.source.name] = result.source
    if result.document is not None:
        report.documents[result.document.source.name] = result.document
    loaded = result.loaded
    if loaded is not None:
        for document in loaded.documents.values():
            report.sources.setdefault(document.source.name, document.source)
            report.documents.setdefault(document.source.name, document)
    return report


# Control characters (a terminal obeys ESC sequences) and bidirectional overrides (which reorder
# what a reader sees) from a quoted config value are shown as escapes; so are unpaired surrogates,
# which UTF-8 output cannot carry.
_UNSAFE_CHARACTERS = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
# In a one-line message (a file name, an error on stderr) a tab or line break is unsafe too: a
# line it starts could pass for another finding, or for a CI runner's command (`::error::`).
_UNSAFE_IN_A_LINE = "[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"


def escape_unsafe(text: str, *, one_line: bool = False) -> str:
    """`text` with the characters above as `\\uXXXX` escapes (a file name that is not UTF-8 keeps
    its bytes as surrogates, so `\\udcff` stands for the byte 0xff)."""
    import re

    return re.sub(_UNSAFE_IN_A_LINE if one_line else _UNSAFE_CHARACTERS,
                  lambda m: f"\\u{ord(m.group()):04x}", text)


def _printable(text: str) -> str:
    from ..redact import redact_string

    return escape_unsafe(redact_string(text))


def _without_tokens(diagnostic: Diagnostic) -> Diagnostic:
    """Messages may quote a value from the config (an invalid enum value, say); a token-shaped
    one is masked, and control characters escaped, whatever the rule that quoted it."""
    from dataclasses import replace

    message = _printable(diagnostic.message)
    help = _printable(diagnostic.help) if diagnostic.help else diagnostic.help
    notes = tuple(_printable(note) for note in diagnostic.notes)
    if message == diagnostic.message and help == diagnostic.help and notes == diagnostic.notes:
        return diagnostic
    return replace(diagnostic, message=message, help=help, notes=notes)


def json_text(value) -> str:
    """`value` as an indented JSON document, ending in a newline, that any JSON reader accepts:
    NaN and Infinity (JSON5 has them, JSON does not) are written as null, as JavaScript's
    JSON.stringify writes them; an unpaired surrogate (a JSON5 string may hold one; a file name that
    is not UTF-8 keeps its bytes as them) as its \\u escape, which reads back to the same string,
    where raw it could not even be encoded as UTF-8."""
    import json
    import re

    try:
        text = json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False)
    except ValueError:
        text = json.dumps(_finite(value), indent=2, ensure_ascii=False)
    return re.sub("[\ud800-\udfff]", lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def _finite(value):
    """`value` with every float that is not finite as None (only called when there is one)."""
    import math

    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(item) for item in value]
    return value


def renderer(name: str):
    module = FORMATS.get(name)
    if module is None:
        raise ValueError(f"unknown output format {name!r} (choose from {', '.join(FORMATS)})")
    return importlib.import_module(f"{__name__}.{module}")


def render(name: str, files: list[FileReport], options: RenderOptions | None = None) -> str:
    return renderer(name).render(files, options or RenderOptions())


def relative_path(name: str | None, cwd: str) -> str:
    """A path as machine formats locate it: relative to the working directory when it is under it,
    with forward slashes; names that are not paths (`<stdin>`) are kept. Not escaped: see display_path."""
    if not name:
        return ""
    if name.startswith("<"):
        return name
    absolute = os.path.abspath(name)
    try:
        relative = os.path.relpath(absolute, cwd)
    except ValueError:  # another drive on Windows
        return absolute.replace(os.sep, "/")
    if relative.startswith(".."):
        return absolute.replace(os.sep, "/")
    return relative.replace(os.sep, "/")


def display_path(name: str | None, cwd: str) -> str:
    """relative_path, printable: a file name is the one part of a report that comes from the file
    system, not from oclc, so it may hold control characters or bytes that are not UTF-8."""
    return escape_unsafe(relative_path(name, cwd), one_line=True)


def shown_file(name: str | None) -> str:
    """A diagnostic's file as the text formats print it (escaped like display_path, not relativised)."""
    return escape_unsafe(name, one_line=True) if name else "<unknown>"


def sorted_diagnostics(files: list[FileReport]) -> list[Diagnostic]:
    return [d for f in files for d in f.diagnostics]


def counts(files: list[FileReport]) -> dict[str, int]:
    found = {"error": 0, "warning": 0, "info": 0}
    for diagnostic in sorted_diagnostics(files):
        found[diagnostic.severity] = found.get(diagnostic.severity, 0) + 1
    return found


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def summary_line(files: list[FileReport], options: RenderOptions) -> str:
    found = counts(files)
    total = sum(found.values())
    checked = plural(len(files), "file")
    fixed = f" Fixed {plural(options.fixed, 'problem')}." if options.fixed else ""
    if not total:
        return f"No problems found in {checked}.{fixed}"
    parts = [plural(found[s], s) for s in ("error", "warning", "info") if found[s]]
    fixable = sum(1 for d in sorted_diagnostics(files) if d.fix is not None and d.fix.safe)
    hint = f" {fixable} fixable with `oclc lint --fix`." if fixable else ""
    return f"Found {plural(total, 'problem')} ({', '.join(parts)}) in {checked}.{fixed}{hint}"
