"""Parse stage: JSON5 text -> plain Python values, with a span for every key and value.

CONTRACT (other stages rely on it; the implementation is being written):
    parse(source: Source) -> Document        raises ParseError on invalid JSON5
    loads(text: str) -> Any                  the value only; same result as json5.loads
    ParseError(ValueError) with .line, .column, .offset, .message (says what was expected)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .diagnostics import Path
from .source import Source, Span


@dataclass(frozen=True, slots=True)
class Comment:
    span: Span
    text: str  # including the // or /* */ markers


@dataclass(frozen=True, slots=True)
class DuplicateKey:
    path: Path          # path of the duplicated member (…, key)
    first: Span         # the earlier key (its value is discarded: the last one wins)
    second: Span        # the later key


@dataclass
class Document:
    source: Source
    value: Any
    values: dict[Path, Span] = field(default_factory=dict)   # path -> span of the value
    keys: dict[Path, Span] = field(default_factory=dict)     # path -> span of the member's key
    duplicates: list[DuplicateKey] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)


class ParseError(ValueError):
    def __init__(self, message: str, line: int, column: int, offset: int):
        super().__init__(f"{message} at {line}:{column}")
        self.message = message
        self.line = line
        self.column = column
        self.offset = offset
