"""Renderers: diagnostics -> text in one output format. One module per format, imported only
when that format is asked for (a hook run printing `text` never imports the XML or SARIF code).

Every renderer module has `render(files: list[FileReport], options: RenderOptions) -> str`, and is
called through `render` below, which hides secrets in everything a diagnostic says (message, help,
notes, path, fix) first; quoted source lines are masked by oclc.render.snippet and the report's
Redactor.
"""

from __future__ import annotations

import os
import sys

from ..records import Record
from ..redact import Redactor, redactor_for
from ..source import not_json5_reason

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..diagnostics import Diagnostic
    from ..json5.parser import Document
    from ..pipeline import FileResult
    from ..releases import Target
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


class FileReport(Record):
    """One linted file as the renderers see it: what to print, and the texts to quote from."""

    __slots__ = ("name", "diagnostics", "sources", "documents", "redactor", "target")

    def __init__(self, name: str, diagnostics: list[Diagnostic], sources: dict[str, Source] | None = None,
                 documents: dict[str, Document] | None = None, redactor: Redactor | None = None,
                 target: Target | None = None):
        self.name = name
        self.diagnostics = diagnostics
        # shown file name -> its source and parsed document (the main file and every included file)
        self.sources = {} if sources is None else sources
        self.documents = {} if documents is None else documents
        # hides this config's secrets in quoted source lines (oclc.render.snippet masks what it can
        # tell by position; this adds the known values and shapes)
        self.redactor = Redactor() if redactor is None else redactor
        self.target = target        # the OpenClaw release it was checked against, and why


class RenderOptions(Record):
    __slots__ = ("color", "cwd", "fixed")

    def __init__(self, color: bool = False, cwd: str | None = None, fixed: int = 0):
        self.color = color
        self.cwd = os.getcwd() if cwd is None else cwd
        self.fixed = fixed       # how many fixes --fix applied (for the summary line)


def file_report(result: "FileResult", diagnostics: list[Diagnostic] | None = None) -> FileReport:
    """A FileReport for a pipeline result; `diagnostics` replaces the result's own (after filtering)."""
    chosen = result.diagnostics if diagnostics is None else diagnostics
    report = FileReport(result.name, list(chosen), redactor=redactor_for(result), target=result.target)
    # A file that did not parse and is not even an attempt at JSON5 (binary data, an environment
    # dump) is never quoted: it may hold anything. reading.syntax_error notes why.
    if result.source is not None and (result.document is not None or not_json5_reason(result.source.text) is None):
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
    if text.isprintable():
        return text     # none of them is printable (nor is a tab or a line break): nothing to escape
    import re

    return re.sub(_UNSAFE_IN_A_LINE if one_line else _UNSAFE_CHARACTERS,
                  lambda m: f"\\u{ord(m.group()):04x}", text)


def _printable(text: str) -> str:
    return escape_unsafe(text)


def _redacted(diagnostic: Diagnostic, redactor: Redactor) -> Diagnostic:
    """The diagnostic as every format shows it. Messages, paths and fixes may quote the config (an
    invalid enum value, a key on the path, a replacement): its secrets are hidden here, whatever
    the rule that quoted them, and control characters escaped."""
    from .snippet import mask_fragment

    def shown(text: str) -> str:
        return _printable(redactor.text(text))

    def shown_path(path):
        return tuple(redactor.text(p) if isinstance(p, str) else p for p in path)

    changes: dict = {
        "message": shown(diagnostic.message),
        "help": shown(diagnostic.help) if diagnostic.help else diagnostic.help,
        "notes": tuple(shown(note) for note in diagnostic.notes),
        "path": shown_path(diagnostic.path),
        "config_path": shown_path(diagnostic.config_path) if diagnostic.config_path is not None else None,
    }
    if diagnostic.related:
        changes["related"] = tuple(place.but(message=shown(place.message)) for place in diagnostic.related)
    fix = diagnostic.fix
    if fix is not None:
        # Only what is shown changes: `--fix` applies the pipeline's own diagnostics, not these.
        edits = tuple(edit.but(text=redactor.keep_positions(mask_fragment(edit.text))) for edit in fix.edits)
        changes["fix"] = fix.but(description=shown(fix.description), edits=edits)
    if all(getattr(diagnostic, name) == value for name, value in changes.items()):
        return diagnostic
    return diagnostic.but(**changes)


def redacted(diagnostic: Diagnostic, redactor: Redactor) -> Diagnostic:
    """The diagnostic as every output shows it (for outputs that are not a renderer here, like the
    language server): secrets hidden, control characters escaped."""
    return _redacted(diagnostic, redactor)


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
        text = json.dumps(finite(value), indent=2, ensure_ascii=False)
    return re.sub("[\ud800-\udfff]", lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def finite(value):
    """`value` with every float that is not finite (Infinity, NaN) as None, as JSON.stringify writes it."""
    import math

    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(item) for item in value]
    return value


def renderer(name: str):
    module = FORMATS.get(name)
    if module is None:
        raise ValueError(f"unknown output format {name!r} (choose from {', '.join(FORMATS)})")
    name = f"{__name__}.{module}"
    __import__(name)        # importlib.import_module, without importing importlib
    return sys.modules[name]


def render(name: str, files: list[FileReport], options: RenderOptions | None = None) -> str:
    """Every format is rendered from here, and only what `_redacted` leaves is shown."""
    shown = [report.but(diagnostics=[_redacted(d, report.redactor) for d in report.diagnostics])
             for report in files]
    return renderer(name).render(shown, options or RenderOptions())


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


def target_lines(files: list[FileReport], options: RenderOptions) -> list[str]:
    """Which OpenClaw release the files were checked against, and why: one line when every file
    has the same target, else one per file; then each note once (a release asked for that is not
    bundled, a meta.lastTouchedVersion that is not a release number)."""
    checked = [report for report in files if report.target is not None]
    if not checked:
        return []
    targets = {(r.target.release, r.target.reason) for r in checked}
    if len(targets) == 1:
        lines = [f"Checking against {checked[0].target.describe()}."]
    else:
        lines = [f"{display_path(r.name, options.cwd)}: checking against {r.target.describe()}." for r in checked]
    notes = dict.fromkeys(r.target.note for r in checked if r.target.note)
    lines += [f"note: {note}" for note in notes]
    return [escape_unsafe(line, one_line=True) for line in lines]


def target_record(target: "Target | None") -> dict | None:
    """The target as machine-readable output carries it."""
    if target is None:
        return None
    record = {"release": target.release, "reason": target.reason}
    if target.note:
        record["note"] = target.note
    return record


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
