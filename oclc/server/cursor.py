"""What is under the cursor.

    node_at(document, offset) -> Node | None        in a parsed file: the innermost key or value
    completion_context(text, offset) -> Context     in any text, even one that does not parse yet
                                                    (the user is typing): the object or value the
                                                    cursor is in, by path

Paths are as written in that file (keys and array indexes), like a Diagnostic's `path`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import Path


@dataclass(frozen=True)
class Node:
    path: Path
    on_key: bool        # the cursor is on the member's key, not its value
    start: int
    end: int
    value: Any = None   # the value at `path` (for a key too)


class NodeIndex:
    """Finds the key or value under an offset by walking down from the root: at each level only
    the children of one container are looked at (a 2,000-agent config: a few thousand spans per
    question, not an index of its hundred thousand)."""

    def __init__(self, document):
        self.document = document

    def at(self, offset: int) -> Node | None:
        """The innermost key or value that holds `offset` (its end counts: the cursor just after
        a word is on it)."""
        values, keys = self.document.values, self.document.keys
        if () not in values:
            return None
        start, end = values.offsets(())
        if not start <= offset <= end:
            return None
        found = Node((), False, start, end, self.document.value)
        path: Path = ()
        value = self.document.value
        while isinstance(value, (dict, list)):
            children = value.items() if isinstance(value, dict) else enumerate(value)
            inner = None
            for key, child in children:
                child_path = path + (key,)
                if child_path in keys:
                    key_start, key_end = keys.offsets(child_path)
                    if key_start <= offset <= key_end:
                        return Node(child_path, True, key_start, key_end, child)
                if child_path in values:
                    start, end = values.offsets(child_path)
                    if start <= offset <= end:
                        inner = Node(child_path, False, start, end, child)
                        break
            if inner is None:
                return found
            found, path, value = inner, inner.path, inner.value
        return found


def node_at(document, offset: int) -> Node | None:
    return NodeIndex(document).at(offset)


# --- completion: a forgiving scan of the text up to the cursor ----------------------------------

_TOKEN = re.compile(r"""
    (?P<space>[\s\ufeff]+)
  | (?P<comment>//[^\n\r\u2028\u2029]*|/\*.*?(?:\*/|\Z))
  | (?P<string>"(?:[^"\\\n\r]|\\.|\\\r\n)*(?:"|(?=[\n\r])|\Z)|'(?:[^'\\\n\r]|\\.|\\\r\n)*(?:'|(?=[\n\r])|\Z))
  | (?P<punct>[{}\[\]:,])
  | (?P<word>[^\s{}\[\]:,"'/]+|/)
""", re.VERBOSE | re.DOTALL)

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def _string_value(token: str) -> str:
    quote = token[0]
    body = token[1:-1] if len(token) > 1 and token.endswith(quote) else token[1:]
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(1)), body, flags=re.DOTALL)


@dataclass
class _Frame:
    kind: str                      # "object" | "array"
    path: Path
    state: str = "key"             # object: key, colon, value, comma; array: value, comma
    key: str | None = None         # the member whose value comes next (objects)
    index: int = 0                 # the item that comes next (arrays)
    keys: set[str] = field(default_factory=set)


@dataclass
class Context:
    """Where the cursor is, for completion. `mode` "key": a member name goes here, in the object at
    `path`; "value": the value at `path` goes here; "none": neither (in a comment, after a value).
    `start` is where the word being typed begins (the replaced range is start..cursor), `quote` the
    quote it opened with, if any."""

    mode: str
    path: Path
    start: int
    prefix: str = ""
    quote: str | None = None
    keys: frozenset[str] = frozenset()   # keys already written in that object, before the cursor


def completion_context(text: str, offset: int) -> Context:
    offset = max(0, min(offset, len(text)))
    stack: list[_Frame] = []
    last: re.Match | None = None
    for match in _TOKEN.finditer(text, 0, offset):
        last = match
        kind = match.lastgroup
        if match.end() == offset and kind in ("string", "word", "comment"):
            break          # the word being typed: the state before it decides
        if kind in ("space", "comment"):
            continue
        token = match.group()
        top = stack[-1] if stack else None
        if kind == "punct":
            if token in "{[":
                path = _child_path(top)
                if top is not None:
                    _value_done(top)
                stack.append(_Frame("object" if token == "{" else "array", path,
                                    "key" if token == "{" else "value"))
            elif token in "}]":
                if stack:
                    stack.pop()
            elif token == ":" and top is not None and top.kind == "object":
                top.state = "value"
            elif token == "," and top is not None:
                if top.kind == "object":
                    top.state, top.key = "key", None
                else:
                    top.state = "value"
        elif top is not None:
            if top.kind == "object" and top.state == "key":
                top.key = _string_value(token) if kind == "string" else token
                top.keys.add(top.key)
                top.state = "colon"
            elif top.state == "value":
                _value_done(top)
    else:
        last = None if last is None or last.end() != offset else last
        if last is not None and last.lastgroup not in ("string", "word", "comment"):
            last = None
    top = stack[-1] if stack else None
    start, prefix, quote = offset, "", None
    if last is not None:
        if last.lastgroup == "comment":
            return Context("none", (), offset)
        token = last.group()
        if last.lastgroup == "string":
            closed = len(token) > 1 and token.endswith(token[0]) and not token.endswith("\\" + token[0])
            if closed:
                return Context("none", (), offset)
            quote, start, prefix = token[0], last.start() + 1, _string_value(token)
        else:
            start, prefix = last.start(), token
    if top is None:
        return Context("none", (), start, prefix, quote)
    if top.kind == "object":
        if top.state == "key":
            return Context("key", top.path, start, prefix, quote, frozenset(top.keys - {prefix}))
        if top.state == "value":
            return Context("value", top.path + (top.key,), start, prefix, quote)
        return Context("none", top.path, start, prefix, quote)
    if top.state == "value":
        return Context("value", top.path + (top.index,), start, prefix, quote)
    return Context("none", top.path, start, prefix, quote)


def _child_path(top: _Frame | None) -> Path:
    if top is None:
        return ()
    if top.kind == "object":
        return top.path + (top.key,) if top.key is not None else top.path
    return top.path + (top.index,)


def _value_done(frame: _Frame) -> None:
    if frame.kind == "object":
        frame.state = "comma"
    else:
        frame.index += 1
        frame.state = "comma"
