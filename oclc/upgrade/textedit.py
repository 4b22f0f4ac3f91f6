"""Edits of one JSON5 (or JSON) text by path, that leave every other character as it was.

    TextFile(name, text)                    parses; raises EditError when the text does not parse
    .delete(path, with_leading=False)       remove a member or an array item
    .replace(path, value)                   write a new value in place of the old one (and say
                                            which comments were inside the old one)
    .rename(path, key)                      give a member another key, in the same quoting
    .insert(container, key, value)          add a member at the end of an object (key None: an
                                            item at the end of an array)
    .extract(path) -> Raw                   the value's own text (comments inside included) and
                                            the comment lines just above it, to insert elsewhere

Each returns the new text (a new TextFile is made from it); nothing is edited in place. New text
follows the file's own style, read from the file: key quoting (bare, "double", 'single'), string
quotes, the indentation unit, trailing commas, CRLF or LF. A plain-JSON file stays plain JSON
(quoted keys, double quotes, no trailing commas, no comments added).

Where a removed member shared its line with nothing else, the whole line goes, and the comments on
it are reported in `dropped` (the caller names them); a comment on a line of its own is never
removed, except the comment block directly above a member that is moved along with it.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import Any

from ..json5.parser import Document, ParseError, parse
from ..source import Source

_IDENTIFIER = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*\Z")
_BLANKS = " \t\u00a0\ufeff\u000b\u000c"


class EditError(Exception):
    """The edit cannot be made safely on this text (the caller reports why and leaves it)."""


@dataclass(frozen=True)
class Raw:
    """A value's text as written (comments inside kept), with the indentation of the line it
    started on, and the comment lines written just above its member."""

    text: str
    indent: str
    leading: tuple[str, ...] = ()

    def at(self, indent: str, newline: str) -> str:
        """The text re-indented for a member whose line starts with `indent`."""
        lines = self.text.splitlines(keepends=True)
        out = [lines[0]] if lines else []
        for line in lines[1:]:
            body = line.rstrip("\r\n")
            ending = line[len(body):]
            if body.startswith(self.indent):
                body = indent + body[len(self.indent):]
            out.append(body + (newline if ending else ""))
        return "".join(out)


@dataclass
class Style:
    key_quote: str | None = None     # None: bare keys where JavaScript allows them
    quote: str = '"'
    unit: str = "  "
    newline: str = "\n"
    trailing_commas: bool = False
    json: bool = False               # the file is plain JSON: keep it so


@dataclass
class Member:
    """One member of an object or item of an array, by offsets."""

    key: Any
    start: int                       # the key's start (the value's, for an item)
    value_start: int
    value_end: int
    key_end: int | None = None


@dataclass
class TextFile:
    name: str
    text: str
    path: str | None = None
    document: Document = field(init=False)
    style: Style = field(init=False)

    def __post_init__(self) -> None:
        try:
            self.document = parse(Source(self.name, self.text, self.path))
        except ParseError as exc:
            raise EditError(f"the text would not parse ({exc})") from None
        self.style = detect_style(self.text, self.document)
        self._comments = sorted((c.span.start, c.span.end) for c in self.document.comments)

    # --- reading ----------------------------------------------------------------------------------

    def value_at(self, path) -> Any:
        node = self.document.value
        for segment in path:
            node = node[segment]
        return node

    def _value_span(self, path) -> tuple[int, int]:
        try:
            return self.document.values.offsets(tuple(path))
        except KeyError:
            raise EditError(f"{_dotted(path)} is not written in {self.name}") from None

    def members(self, path) -> list[Member]:
        """The members (or items) of the container at `path`, in the order they are written."""
        container = self.value_at(path)
        values = self.document.values
        keys = self.document.keys
        found = []
        entries = container.items() if isinstance(container, dict) else enumerate(container)
        for key, _ in entries:
            child = tuple(path) + (key,)
            value_start, value_end = values.offsets(child)
            if isinstance(container, dict):
                key_start, key_end = keys.offsets(child)
                found.append(Member(key, key_start, value_start, value_end, key_end))
            else:
                found.append(Member(key, value_start, value_start, value_end))
        found.sort(key=lambda m: m.start)
        return found

    def _refuse_duplicates(self, path) -> None:
        for duplicate in self.document.duplicates:
            if duplicate.path[:-1] == tuple(path):
                raise EditError(f"{_dotted(duplicate.path)} is written twice in {self.name}; "
                                "oclc does not edit an object with a repeated key")

    # --- trivia (blanks and comments) -------------------------------------------------------------

    def _comment_at(self, position: int) -> tuple[int, int] | None:
        for start, end in self._comments:
            if start == position:
                return start, end
            if start > position:
                break
        return None

    def _skip_trivia(self, position: int, limit: int, *, newlines: bool = True) -> int:
        text = self.text
        while position < limit:
            char = text[position]
            if char in _BLANKS or (newlines and char in "\r\n\u2028\u2029"):
                position += 1
                continue
            comment = self._comment_at(position)
            if comment is not None and (newlines or "\n" not in text[comment[0]:comment[1]]):
                position = comment[1]
                continue
            break
        return position

    def _line_start(self, position: int) -> int:
        return max(self.text.rfind("\n", 0, position), self.text.rfind("\r", 0, position)) + 1

    def _line_end(self, position: int) -> int:
        """The offset of the line break that ends the line holding `position` (or the text's end)."""
        text = self.text
        ends = [i for i in (text.find("\n", position), text.find("\r", position)) if i >= 0]
        return min(ends) if ends else len(text)

    def _after_break(self, position: int) -> int:
        """Past the line break at `position`."""
        text = self.text
        if text.startswith("\r\n", position):
            return position + 2
        return position + 1 if position < len(text) else position

    def _only_blanks(self, start: int, end: int) -> bool:
        return all(c in _BLANKS for c in self.text[start:end])

    def _rest_of_line_is_trivia(self, position: int) -> bool:
        """Whether only blanks and comments follow `position` on its line."""
        end = self._line_end(position)
        stop = self._skip_trivia(position, len(self.text), newlines=False)
        return stop >= end

    def _indent_of_line(self, position: int) -> str:
        start = self._line_start(position)
        text = self.text
        end = start
        while end < len(text) and text[end] in " \t":
            end += 1
        return text[start:end]

    def comments_within(self, start: int, end: int) -> list[str]:
        return [self.text[s:e] for s, e in self._comments if s >= start and e <= end]

    # --- edits ------------------------------------------------------------------------------------

    def delete(self, path, *, with_leading: bool = False) -> tuple[str, list[str]]:
        """The text without the member (or item) at `path`, and the comments removed with it."""
        path = tuple(path)
        if not path:
            raise EditError("the whole config cannot be removed")
        parent = path[:-1]
        self._refuse_duplicates(parent)
        members = self.members(parent)
        index = next((i for i, m in enumerate(members) if m.key == path[-1]), None)
        if index is None:
            raise EditError(f"{_dotted(path)} is not written in {self.name}")
        member = members[index]
        text = self.text
        container_start, container_end = self._value_span(parent)
        close = container_end - 1
        after = self._skip_trivia(member.value_end, close, newlines=False)
        comma_after = after < close and text[after] == ","
        end = after + 1 if comma_after else member.value_end
        edits: list[tuple[int, int, str]] = []
        line_start = self._line_start(member.start)
        starts_line = self._only_blanks(line_start, member.start)
        if with_leading and starts_line:
            line_start = self._leading_block_start(line_start, container_start)
        if starts_line and self._rest_of_line_is_trivia(end) and self._line_end(end) < close:
            cut = (line_start, self._after_break(self._line_end(end)))
        elif comma_after:
            stop = end
            while stop < close and text[stop] in _BLANKS:
                stop += 1
            cut = (member.start, stop)
        else:
            begin = member.start
            while begin > container_start + 1 and text[begin - 1] in _BLANKS:
                begin -= 1
            cut = (begin, member.value_end)
        if not comma_after and index > 0:
            previous = members[index - 1]
            comma = self._skip_trivia(previous.value_end, member.start)
            if comma < member.start and text[comma] == ",":
                if cut[0] <= comma:
                    cut = (min(cut[0], comma), cut[1])
                else:
                    edits.append((comma, comma + 1, ""))
        edits.append((cut[0], cut[1], ""))
        dropped = [c for c in self.comments_within(cut[0], cut[1])
                   if not (with_leading and c in self.comments_within(line_start, member.start))]
        new_text = _apply(text, edits)
        if len(members) == 1:
            new_text = _collapse_empty(new_text, container_start)
        return new_text, dropped

    def _leading_block_start(self, line_start: int, container_start: int) -> int:
        """The start of the comment lines written directly above the line at `line_start` (no
        blank line between them), or `line_start` when there are none."""
        text = self.text
        start = line_start
        while start > container_start + 1:
            previous_end = start - 1                      # the line break ending the line above
            previous_start = self._line_start(previous_end)
            if previous_start <= container_start:
                break
            body_end = previous_end
            while body_end > previous_start and text[body_end - 1] in _BLANKS + "\r":
                body_end -= 1
            first = previous_start
            while first < body_end and text[first] in _BLANKS:
                first += 1
            if first >= body_end or self._comment_at(first) is None:
                break
            if self._skip_trivia(first, body_end, newlines=False) < body_end:
                break
            start = previous_start
        return start

    def replace(self, path, value: Any) -> tuple[str, list[str]]:
        """The text with a new value at `path`, and the comments inside the old value."""
        path = tuple(path)
        if path:
            self._refuse_duplicates(path[:-1])
        start, end = self._value_span(path)
        indent = self._indent_of_line(self.document.keys.offsets(path)[0] if path in self.document.keys else start)
        written = self.render_inline(value) if path and self._inline_context(path, start, end) else None
        if written is None:
            written = self.render(value, indent)
        return _apply(self.text, [(start, end, written)]), self.comments_within(start, end)

    def rename(self, path, key: str) -> str:
        path = tuple(path)
        self._refuse_duplicates(path[:-1])
        try:
            start, end = self.document.keys.offsets(path)
        except KeyError:
            raise EditError(f"{_dotted(path)} is not written in {self.name}") from None
        written = self.text[start]
        quote = written if written in "\"'" else None
        return _apply(self.text, [(start, end, self.key_text(key, prefer=quote))])

    def insert(self, container, key: str | None, value: Any) -> str:
        """Add `key: value` at the end of the object at `container` (an item when key is None)."""
        container = tuple(container)
        self._refuse_duplicates(container)
        text = self.text
        start, end = self._value_span(container)
        close = end - 1
        members = self.members(container)
        newline = self.style.newline
        if not members:
            base = self._indent_of_line(self.document.keys.offsets(container)[0]
                                        if container in self.document.keys else start)
            if self._inline_context(container, start, end):
                member_text = self._member_text(key, value, base, inline=True)
                if member_text is not None:
                    return _apply(text, [(start + 1, close, f" {member_text} ")])
            inner = base + self.style.unit
            member_text = self._member_text(key, value, inner)
            trailing = "," if self.style.trailing_commas else ""
            body = text[start + 1:close]
            if body.strip(_BLANKS + "\r\n"):
                # Comments only: the member goes after them.
                stop = close
                while stop > start + 1 and text[stop - 1] in _BLANKS + "\r\n":
                    stop -= 1
                return _apply(text, [(stop, close, f"{newline}{member_text}{trailing}{newline}{base}")])
            return _apply(text, [(start + 1, close, f"{newline}{member_text}{trailing}{newline}{base}")])
        last = members[-1]
        after = self._skip_trivia(last.value_end, close, newlines=False)
        has_comma = after < close and text[after] == ","
        multiline = "\n" in text[start:members[0].start] or "\r" in text[start:members[0].start]
        if multiline:
            line_start = self._line_start(last.start)
            indent = (text[line_start:last.start] if self._only_blanks(line_start, last.start)
                      else self._indent_of_line(members[0].start))
            member_text = self._member_text(key, value, indent)
            point = (after + 1) if has_comma else last.value_end
            if self._rest_of_line_is_trivia(point) and self._line_end(point) < close:
                eol = self._line_end(point)
                # The comma goes right after the value (before a comment on its line), the member
                # on a line of its own after that line.
                edits = [] if has_comma else [(last.value_end, last.value_end, ",")]
                edits.append((eol, eol, f"{newline}{member_text}{',' if has_comma else ''}"))
                return _apply(text, edits)
        indent = self._indent_of_line(last.start)
        member_text = self._member_text(key, value, indent, inline=True)
        if member_text is None:
            # Comments or line breaks cannot go on this one line: the member gets lines of its own.
            member_text = self._member_text(key, value, indent + self.style.unit)
            if has_comma:
                return _apply(text, [(after + 1, after + 1, f"{newline}{member_text},")])
            return _apply(text, [(last.value_end, last.value_end, f",{newline}{member_text}")])
        if has_comma:
            return _apply(text, [(after + 1, after + 1, f" {member_text},")])
        return _apply(text, [(last.value_end, last.value_end, f", {member_text}")])

    def list_to_object(self, path, key: str, item_keys: list[str]) -> str:
        """`key: [ {...}, {...} ]` (the member at `path`) becomes `key: { k1: {...}, k2: {...} }`:
        the member renamed, its brackets changed, each item given its key; items keep their text."""
        path = tuple(path)
        self._refuse_duplicates(path[:-1])
        try:
            key_start, key_end = self.document.keys.offsets(path)
        except KeyError:
            raise EditError(f"{_dotted(path)} is not written in {self.name}") from None
        start, end = self._value_span(path)
        items = self.members(path)
        if self.text[start] != "[" or len(items) != len(item_keys):
            raise EditError(f"{_dotted(path)} is not the array oclc expected")
        written = self.text[key_start]
        edits = [(key_start, key_end, self.key_text(key, prefer=written if written in "\"'" else None)),
                 (start, start + 1, "{"), (end - 1, end, "}")]
        edits.extend((item.value_start, item.value_start, f"{self.key_text(name)}: ")
                     for item, name in zip(items, item_keys))
        return _apply(self.text, edits)

    def _inline_context(self, container, start: int, end: int) -> bool:
        """Whether an object or array at [start, end) is written inside a one-line parent (then
        what goes into it is written on that line too)."""
        if not container:
            return False
        parent_start, parent_end = self._value_span(container[:-1])
        return not any(c in "\r\n" for c in self.text[parent_start:parent_end])

    def _member_text(self, key, value, indent: str, *, leading: bool = True, inline: bool = False) -> str:
        newline = self.style.newline
        prefix = ""
        if leading and isinstance(value, Raw) and value.leading and not self.style.json:
            prefix = "".join(f"{indent}{line}{newline}" for line in value.leading)
        if inline:
            body = self.render_inline(value)
            if body is None or prefix:
                return None
            return f"{self.key_text(key) + ': ' if key is not None else ''}{body}"
        body = self.render(value, indent)
        return f"{prefix}{indent}{self.key_text(key) + ': ' if key is not None else ''}{body}"

    def render_inline(self, value: Any) -> str | None:
        """`value` written on one line (`{ a: 1, b: [2, 3] }`), or None when it cannot be (text
        with line breaks, comments)."""
        if isinstance(value, Raw):
            return None if any(c in "\r\n" for c in value.text) else value.text
        if isinstance(value, dict):
            if not value:
                return "{}"
            parts = []
            for k, v in value.items():
                inner = self.render_inline(v)
                if inner is None:
                    return None
                parts.append(f"{self.key_text(k)}: {inner}")
            return "{ " + ", ".join(parts) + " }"
        if isinstance(value, list):
            parts = [self.render_inline(v) for v in value]
            if any(p is None for p in parts):
                return None
            return "[" + ", ".join(parts) + "]"
        return self.render(value, "")

    def extract(self, path) -> Raw:
        path = tuple(path)
        start, end = self._value_span(path)
        anchor = self.document.keys.offsets(path)[0] if path in self.document.keys else start
        line_start = self._line_start(anchor)
        leading: list[str] = []
        if self._only_blanks(line_start, anchor):
            parent_start = self._value_span(path[:-1])[0] if path else 0
            block = self._leading_block_start(line_start, parent_start)
            leading = [line.strip(_BLANKS) for line in self.text[block:line_start].splitlines() if line.strip()]
        return Raw(self.text[start:end], self._indent_of_line(anchor), tuple(leading))

    # --- writing values ---------------------------------------------------------------------------

    def key_text(self, key: str, prefer: str | None = None) -> str:
        style = self.style
        quote = prefer if prefer is not None else style.key_quote
        if quote is None and _IDENTIFIER.match(key):
            return key
        return _quoted(key, quote or style.quote)

    def render(self, value: Any, indent: str) -> str:
        style = self.style
        newline = style.newline
        if isinstance(value, Raw):
            return value.at(indent, newline)
        if isinstance(value, (dict, list)):
            if not value:
                return "{}" if isinstance(value, dict) else "[]"
            inner = indent + style.unit
            if isinstance(value, dict):
                items = [self._member_text(k, v, inner) for k, v in value.items()]
                brackets = "{}"
            else:
                items = [f"{inner}{self.render(v, inner)}" for v in value]
                brackets = "[]"
            trailing = "," if style.trailing_commas else ""
            return f"{brackets[0]}{newline}{(',' + newline).join(items)}{trailing}{newline}{indent}{brackets[1]}"
        if isinstance(value, str):
            return _quoted(value, style.quote)
        if value is True:
            return "true"
        if value is False:
            return "false"
        if value is None:
            return "null"
        if isinstance(value, float):
            if not math.isfinite(value):
                if style.json:
                    raise EditError("plain JSON cannot hold NaN or Infinity")
                return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
            return repr(int(value)) if value.is_integer() and abs(value) < 2 ** 53 else repr(value)
        if isinstance(value, int):
            return str(value)
        raise EditError(f"cannot write a {type(value).__name__}")


def detect_style(text: str, document: Document) -> Style:
    style = Style()
    style.newline = "\r\n" if "\r\n" in text else "\n"
    bare = double = single = 0
    for path in document.keys:
        first = text[document.keys.offsets(path)[0]]
        if first == '"':
            double += 1
        elif first == "'":
            single += 1
        else:
            bare += 1
    strings_double = strings_single = 0
    for path in document.values:
        start, _ = document.values.offsets(path)
        if text[start] == '"':
            strings_double += 1
        elif text[start] == "'":
            strings_single += 1
    style.quote = "'" if strings_single > strings_double else '"'
    if bare >= double + single and bare:
        style.key_quote = None
    else:
        style.key_quote = "'" if single > double else '"'
    if not document.keys:
        style.key_quote = None if not text.lstrip().startswith("{\"") else '"'
    style.unit = _indent_unit(text, document)
    style.trailing_commas = _uses_trailing_commas(text, document)
    style.json = (bare == 0 and single == 0 and strings_single == 0 and not document.comments
                  and not style.trailing_commas)
    if style.json:
        style.key_quote = '"'
        style.quote = '"'
    return style


def _indent_unit(text: str, document: Document) -> str:
    counts: dict[str, int] = {}
    for path in document.keys:
        if len(path) != 1:
            continue
        start = document.keys.offsets(path)[0]
        line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
        prefix = text[line_start:start]
        if prefix and not prefix.strip(" \t"):
            counts[prefix] = counts.get(prefix, 0) + 1
    if not counts:
        return "  "
    return max(counts, key=lambda p: (counts[p], -len(p)))


def _uses_trailing_commas(text: str, document: Document) -> bool:
    for path, (start, end) in ((p, document.values.offsets(p)) for p in document.values):
        if text[start] not in "{[" or end - start < 3:
            continue
        inner = text[start + 1:end - 1].rstrip()
        if inner.endswith(",") and "\n" in text[start:end]:
            return True
    return False


def _quoted(value: str, quote: str) -> str:
    encoded = json.dumps(value, ensure_ascii=False)
    # JSON.stringify escapes these two; json.dumps leaves them raw, which JSON5 reads as line breaks.
    encoded = encoded.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    if quote == '"':
        return encoded
    body = encoded[1:-1].replace('\\"', '"').replace("'", "\\'")
    return f"'{body}'"


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    out = []
    cursor = 0
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1])):
        if start < cursor:
            raise EditError("two edits overlap")
        out.append(text[cursor:start])
        out.append(replacement)
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def _collapse_empty(text: str, container_start: int) -> str:
    """`{` + only blanks and line breaks + `}` at `container_start` becomes `{}` (or `[]`)."""
    opening = text[container_start]
    closing = "}" if opening == "{" else "]"
    position = container_start + 1
    while position < len(text) and text[position] in _BLANKS + "\r\n":
        position += 1
    if position < len(text) and text[position] == closing:
        return text[:container_start + 1] + text[position:]
    return text


def _dotted(path) -> str:
    out = ""
    for segment in path:
        out += f"[{segment}]" if isinstance(segment, int) else (("." if out else "") + str(segment))
    return out or "<root>"
