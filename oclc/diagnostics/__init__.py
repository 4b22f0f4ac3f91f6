"""Diagnostics are plain data. Stages produce them; renderers (oclc.render) print them.

A diagnostic names its rule (code + kebab-case name), a severity, a message, where it is (file,
span, and the path of keys/indices from the root of that file as written) and optional help, notes
and a fix. Nothing here formats output.
"""

from __future__ import annotations

from ..records import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ..source import Span

PathSegment = str | int
Path = tuple[PathSegment, ...]

ERROR = "error"
WARNING = "warning"
INFO = "info"
SEVERITIES = (INFO, WARNING, ERROR)
_RANK = {INFO: 0, WARNING: 1, ERROR: 2}


def severity_rank(severity: str) -> int:
    return _RANK[severity]


class Edit(Record, frozen=True):
    """Replace the characters [start, end) of `file` with `text`."""

    __slots__ = ("file", "start", "end", "text")

    def __init__(self, file: str, start: int, end: int, text: str):
        self.file = file
        self.start = start
        self.end = end
        self.text = text


class Fix(Record, frozen=True):
    __slots__ = ("description", "edits", "safe")

    def __init__(self, description: str, edits: tuple[Edit, ...], safe: bool = True):
        self.description = description
        self.edits = edits
        self.safe = safe


class Related(Record, frozen=True):
    """Another place a finding is about (the earlier of two duplicate keys, the alias that wins),
    for outputs that can point at more than one place (the language server)."""

    __slots__ = ("file", "span", "message")

    def __init__(self, file: str | None, span: Span | None, message: str):
        self.file = file
        self.span = span
        self.message = message


class Diagnostic(Record, frozen=True):
    __slots__ = ("code", "name", "severity", "message", "file", "span", "path", "help", "notes", "fix",
                 "config_path", "related")

    def __init__(self, code: str, name: str, severity: str, message: str, file: str | None = None,
                 span: Span | None = None, path: Path = (), help: str | None = None, notes: tuple[str, ...] = (),
                 fix: Fix | None = None, config_path: Path | None = None, related: tuple[Related, ...] = ()):
        self.code = code
        self.name = name
        self.severity = severity
        self.message = message
        self.file = file
        self.span = span
        self.path = path
        self.help = help
        self.notes = notes
        self.fix = fix
        # The path in the loaded config (after includes and migrations), where it differs from
        # `path` (the path in `file` as written). None means the same as `path`.
        self.config_path = config_path
        self.related = related

    @property
    def resolved_path(self) -> Path:
        return self.path if self.config_path is None else self.config_path

    @property
    def is_structural(self) -> bool:
        """Errors in the OC1xx/OC2xx ranges are the ones that make OpenClaw refuse the config."""
        return self.severity == ERROR and self.code[:3] in ("OC1", "OC2")

    def with_severity(self, severity: str) -> "Diagnostic":
        return self.but(severity=severity)

    def sort_key(self) -> tuple[Any, ...]:
        span = self.span
        return (
            self.file or "",
            span.line if span else 0,
            span.column if span else 0,
            self.code,
            self.message,
        )


def type_word(value: Any) -> str:
    """The JSON name of a value's type, as JavaScript's `typeof` (and so OpenClaw) says it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return {str: "string", list: "array", dict: "object"}.get(type(value), type(value).__name__)


def describe_type(value: Any) -> str:
    """A value's type for a message: "a string", "an array", "null"; NaN and Infinity by name."""
    if isinstance(value, float) and value != value:
        return "NaN"
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    word = type_word(value)
    if word == "null":
        return word
    return ("an " if word[0] in "aeiou" else "a ") + word


def path_to_dotted(path: Path) -> str:
    """OpenClaw's form: a plain dot-join, indices as numbers, `<root>` for the empty path."""
    return ".".join(str(p) for p in path) if path else "<root>"

