"""Parse stage: JSON5 text -> plain Python values, with a span for every key and value.

CONTRACT (other stages rely on it):
    parse(source: Source) -> Document        raises ParseError on invalid JSON5
    loads(text: str) -> Any                  the value only; same result as json5.loads
    ParseError(ValueError) with .line, .column, .offset, .message (says what was expected)

How it works. The grammar is oclc/json5/grammar.lark; lark turned it into an LALR(1) table ahead of time
(oclc/json5/_tables.py, written by `python -m oclc.json5._build`), so lark is not imported here.
One compiled regex cuts the text into tokens; `match.lastindex` names each token and indexes the
action table. The loop below shifts and reduces on that table (the build has already folded
each shift and the reductions certain to follow it into one step), and builds the values as
tokens are shifted: each container is created when its bracket opens and every value is stored into its
parent at once, so there is no tree to walk afterwards. Spans are kept as (start, end) character
offsets and become `Span` objects (with line and column) only when someone asks for one.

Errors: the fast loop only notices that something is wrong. `_diagnose` then re-reads the text
with one token per JSON5 terminal, tracking enough context to say what was expected where.
"""
from __future__ import annotations

from collections.abc import Iterator, MutableMapping

from ..records import Record
from ..source import Source, Span

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ..diagnostics import Path

# Deeper nesting is refused: no real config comes close, and later stages walk values recursively.
MAX_NESTING = 256
# Python refuses to convert longer decimal integers (sys.get_int_max_str_digits()); json5 fails too.
MAX_INTEGER_DIGITS = 4300
# Hexadecimal integers read without that limit, but printing one (a message, the compiled JSON)
# needs its decimal form: 3,571 hex digits are the most whose value has at most 4,300 decimal digits.
MAX_HEX_DIGITS = 3571


class Comment(Record, frozen=True):
    __slots__ = ("span", "text")

    def __init__(self, span: Span, text: str):
        self.span = span
        self.text = text        # including the // or /* */ markers


class DuplicateKey(Record, frozen=True):
    __slots__ = ("path", "first", "second")

    def __init__(self, path: Path, first: Span, second: Span):
        self.path = path        # path of the duplicated member (…, key)
        self.first = first      # the earlier key (its value is discarded: the last one wins)
        self.second = second    # the later key


class SpanMap(MutableMapping):
    """path -> Span for the keys or the values of a document.

    The parser keeps ONE dict for both, path -> (key offsets or None, value offsets), offsets
    being (start, end); a Span (with line and column) is made, and cached, on access. `part` picks
    0 for keys, 1 for values. Paths without a key (array items, the root) are not in the key map."""

    __slots__ = ("_source", "_entries", "_part", "_spans", "_length")

    def __init__(self, source: Source, entries: dict | None = None, part: int = 1):
        self._source = source
        self._entries = {} if entries is None else entries
        self._part = part
        self._spans: dict[Path, Span] = {}
        self._length: int | None = None

    def offsets(self, path: Path) -> tuple[int, int]:
        """(start, end) character offsets of `path`, without making a Span."""
        entry = self._entries[path][self._part]
        if entry is None:
            raise KeyError(path)
        start, end = entry
        return start, end

    def __getitem__(self, path: Path) -> Span:
        span = self._spans.get(path)
        if span is None:
            span = self._spans[path] = self._source.span(*self.offsets(path))
        return span

    def __setitem__(self, path: Path, span: Span) -> None:
        entry = list(self._entries.get(path, (None, None)))
        entry[self._part] = (span.start, span.end)
        self._entries[path] = tuple(entry)
        self._spans[path] = span
        self._length = None

    def __delitem__(self, path: Path) -> None:
        entry = self._entries.get(path)
        if entry is None or entry[self._part] is None:
            raise KeyError(path)
        other = entry[1 - self._part]
        if other is None:
            del self._entries[path]
        else:
            self._entries[path] = (None, other) if self._part == 0 else (other, None)
        self._spans.pop(path, None)
        self._length = None

    def __contains__(self, path: object) -> bool:
        entry = self._entries.get(path)
        return entry is not None and entry[self._part] is not None

    def __iter__(self) -> Iterator[Path]:
        part = self._part
        return (path for path, entry in self._entries.items() if entry[part] is not None)

    def __len__(self) -> int:
        if self._length is None:
            part = self._part
            self._length = sum(1 for entry in self._entries.values() if entry[part] is not None)
        return self._length

    def __repr__(self) -> str:
        return f"SpanMap({len(self)} paths)"


class Document(Record):
    __slots__ = ("source", "value", "values", "keys", "duplicates", "comments")

    def __init__(self, source: Source, value: Any, values: MutableMapping[Path, Span] | None = None,
                 keys: MutableMapping[Path, Span] | None = None, duplicates: list[DuplicateKey] | None = None,
                 comments: list[Comment] | None = None):
        self.source = source
        self.value = value
        self.values = {} if values is None else values      # path -> span of the value
        self.keys = {} if keys is None else keys            # path -> span of the member's key
        self.duplicates = [] if duplicates is None else duplicates
        self.comments = [] if comments is None else comments


class ParseError(ValueError):
    def __init__(self, message: str, line: int, column: int, offset: int, *, limit: bool = False):
        super().__init__(f"{message} at {line}:{column}")
        self.message = message
        self.line = line
        self.column = column
        self.offset = offset
        # True when the text may be valid JSON5 but is past one of oclc's own limits.
        self.limit = limit


def parse(source: Source) -> Document:
    """Parse a whole JSON5 document, keeping spans, comments and duplicate keys."""
    with _collector_paused():
        value, entries, duplicates, comments = _parse(source)
        document = Document(source, value, SpanMap(source, entries, 1), SpanMap(source, entries, 0))
        if comments or duplicates:
            span = source.span
            text = source.text
            document.comments = [Comment(span(start, end), text[start:end]) for start, end in comments]
            document.duplicates = [DuplicateKey(path, span(*first), span(*second))
                                   for path, first, second in duplicates]
    return document


def loads(text: str) -> Any:
    """The value of a JSON5 text (like json5.loads, with ParseError on invalid input)."""
    if not isinstance(text, str):
        raise TypeError(f"loads() takes str, not {type(text).__name__}")
    with _collector_paused():
        return _parse(Source("<string>", text))[0]


class _collector_paused:
    """Pause the cyclic garbage collector. A parse allocates a tuple or two per value and makes
    no reference cycles; with the collector on, it keeps rescanning the growing tree (measured:
    a quarter of the parse time on a 2 MB config)."""

    def __enter__(self):
        import gc

        self.was_enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc_info):
        if self.was_enabled:
            import gc

            gc.enable()


# --- the fast loop -----------------------------------------------------------------------------

_runtime: dict[str, Any] = {}


def _tables():
    tables = _runtime.get("tables")
    if tables is None:
        from . import _tables as tables

        _runtime["token"] = compiled_tokenizer(tables.TOKEN_PATTERN, "token")
        _runtime["tables"] = tables
    return tables


def _unicode_token_pattern():
    pattern = _runtime.get("unicode")
    if pattern is None:
        from . import _unicode

        pattern = _runtime["unicode"] = compiled_tokenizer(_unicode.TOKEN_PATTERN, "unicode-token")
    return pattern


# --- the tokenizers' compiled form, kept between runs ----------------------------------------------

def compiled_tokenizer(pattern: str, name: str):
    """`re.compile(pattern)`, with the regex engine's compiled code kept between runs in the user's
    cache directory (`$XDG_CACHE_HOME/oclc`, or `~/.cache/oclc`). Compiling takes ~4 ms for the
    ASCII tokenizer, ~90 ms for the Unicode one and ~20 ms for the error path's, in every process;
    the kept code is read in well under a millisecond. The file is named for the interpreter and
    its regex engine and holds the pattern itself; when anything about it is unexpected (missing,
    unreadable, another pattern, code the engine refuses), the pattern is compiled as usual. It
    is not written where Python writes no bytecode either (`-B`, PYTHONDONTWRITEBYTECODE), nor
    where it cannot be. (A cache beside this package would outlive `pip uninstall`.)"""
    path = _kept_code_path(name)
    if path is not None:
        try:
            return _from_kept_code(path, pattern)
        except Exception:   # noqa: BLE001 (any problem with the file: compile instead)
            pass
    import re

    compiled = re.compile(pattern)
    if path is not None:
        import sys

        if not sys.dont_write_bytecode:
            _keep_code(path, pattern, compiled)
    return compiled


def _kept_code_path(name: str) -> str | None:
    import os
    import sys

    import _sre

    if sys.implementation.cache_tag is None:
        return None
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(cache):
        return None     # no home directory to speak of (expanduser left "~" as it was)
    filename = f"{name}.{sys.implementation.cache_tag}.sre-{_sre.MAGIC}-{_sre.CODESIZE}.marshal"
    return os.path.join(cache, "oclc", "regex", filename)


def _from_kept_code(path: str, pattern: str):
    import marshal

    import _sre

    with open(path, "rb") as handle:
        kept_pattern, flags, code, groups, groupindex, indexgroup = marshal.load(handle)
    if kept_pattern != pattern:
        raise ValueError("kept for another pattern")
    return _sre.compile(pattern, flags, code, groups, groupindex, indexgroup)


def _keep_code(path: str, pattern: str, compiled) -> None:
    """Write the compiled code of `pattern` (as re.compile makes it: re._compiler.compile) to
    `path`, if what it rebuilds is `compiled` itself (regex patterns are equal when their
    pattern, flags and code are)."""
    import marshal
    import os

    import _sre

    try:
        from re import _compiler, _parser

        parsed = _parser.parse(pattern, 0)
        code = [int(word) for word in _compiler._code(parsed, 0)]     # opcodes are an int subclass
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list = [None] * parsed.state.groups
        for key, index in groupindex.items():
            indexgroup[index] = key
        kept = (pattern, parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup))
        if _sre.compile(*kept) != compiled:
            return
        os.makedirs(os.path.dirname(path), exist_ok=True)
        scratch = f"{path}.{os.getpid()}.tmp"
        try:
            with open(scratch, "wb") as handle:
                marshal.dump(kept, handle)
            os.replace(scratch, path)      # whole or not at all, whatever runs at the same time
        finally:
            if os.path.exists(scratch):
                os.remove(scratch)
    except Exception:   # noqa: BLE001 (a cache that cannot be written, another engine's internals: compile next time too)
        pass


class _NeedUnicode(Exception):
    """The ASCII tokenizer met a character that may start a Unicode identifier."""


_LITERALS = {"true": True, "false": False, "null": None,
             "Infinity": float("inf"), "NaN": float("nan")}
_QUOTES = ("'", '"')


def _parse(source: Source):
    tables = _tables()
    try:
        return _run(source, _runtime["token"], tables, ascii_words=True)
    except _NeedUnicode:
        return _run(source, _unicode_token_pattern(), tables, ascii_words=False)


def _run(source: Source, token_pattern, tables, ascii_words: bool):
    text = source.text
    action = tables.ACTION_BY_GROUP
    rules = tables.RULES
    goto = tables.GOTO
    scalar_group = tables.SCALAR_GROUP
    scalar_kind = tables.SCALAR_KIND
    last_member = tables.LAST_MEMBER_GROUP
    key_colon = tables.KEY_COLON_GROUP
    key_colon_key = tables.KEY_GROUP[key_colon]
    last_scalar = tables.LAST_SCALAR_GROUP
    comment_group = tables.COMMENT_GROUP
    space_group = tables.SPACE_GROUP
    non_ascii = tables.NON_ASCII_GROUP
    key_state = tables.KEY_STATE
    fold_base = tables.FOLD_BASE
    folds = tables.FOLDS
    key_text = _key_text
    scalar_value = _scalar_value
    # Group layout (see _build._tokenizer): 1 {  2 [  3 }  4 },  5 ]  6 ],  7 :  8 ,
    # 9 the key of 10 `key: {`, 11 `key: [` and 12..last_member `key: scalar[,]`.

    entries: dict = {}           # path -> (key span or None, value span); spans as (start, end)
    duplicates: list = []
    comments: list = []
    frames: list = []            # per open container: (parent, parent_is_list, parent_path, span)
    stack = [tables.START_STATE]
    state = tables.START_STATE
    current: Any = None          # the open container; None before the root value
    is_list = False
    path: tuple = ()             # the open container's path
    pending_key = None           # a key whose value has not been seen yet, and its span
    pending_key_span = None
    root: Any = None
    m = None
    try:
        for m in token_pattern.finditer(text):
            group = m.lastindex
            act = action[state][group]
            while act < 0:
                symbol, size = rules[~act]
                if size:
                    del stack[-size:]
                state = goto[stack[-1]][symbol]
                stack.append(state)
                act = action[state][group]
            if not act:
                if group == comment_group:
                    comments.append(m.span(group))
                    continue
                if group == space_group:
                    continue
                if group == non_ascii and ascii_words:
                    raise _NeedUnicode
                _diagnose(source, m.start(group))
            if act < fold_base:
                state = act
                stack.append(state)
            else:
                pop, push = folds[act - fold_base]
                if pop:
                    del stack[-pop:]
                if push:
                    stack += push
                state = stack[-1]

            if group <= 8:
                if group >= 7:
                    continue  # ':' and ','
                if group >= 3:
                    # a closing bracket, maybe with the ',' after it
                    current, is_list, path, span = frames.pop()
                    span[1] = m.start(3 if group <= 4 else 5) + 1
                    continue
                container = {} if group == 1 else []
                start = m.start(group)
                span = [start, start + 1]  # its end is set when the container closes
                if is_list:
                    inner = path + (len(current),)
                    current.append(container)
                    entries[inner] = (None, span)
                elif current is not None:
                    inner = path + (pending_key,)
                    if pending_key in current:
                        duplicates.append((inner, entries[inner][0], pending_key_span))
                        del entries[inner]  # the member moves to its new place in the order
                    current[pending_key] = container
                    entries[inner] = (pending_key_span, span)
                else:
                    inner = ()
                    root = container
                    entries[inner] = (None, span)
                frames.append((current, is_list, path, span))
                if len(frames) > MAX_NESTING:
                    _too_deep(source, start)
                current = container
                is_list = group == 2
                path = inner
                continue

            if group <= last_member:
                # `key: {`, `key: [` or `key: scalar` in one token; group 9 is the key.
                key = key_text(m, 9, source)
                member = path + (key,)
                if key in current:
                    duplicates.append((member, entries[member][0], m.span(9)))
                    del entries[member]
                if group <= 11:
                    container = {} if group == 10 else []
                    current[key] = container
                    start = m.start(group)
                    span = [start, start + 1]
                    entries[member] = (m.span(9), span)
                    frames.append((current, False, path, span))
                    if len(frames) > MAX_NESTING:
                        _too_deep(source, start)
                    current = container
                    is_list = group == 11
                    path = member
                    continue
                sub = scalar_group[group]
                value = scalar_value(m, sub, scalar_kind[group], source)
                current[key] = value
                entries[member] = (m.span(9), m.span(sub))
                continue

            if group <= last_scalar:
                if group <= key_colon:
                    pending_key = key_text(m, key_colon_key, source)
                    pending_key_span = m.span(key_colon_key)
                    continue
                sub = scalar_group[group]
                if key_state[state]:
                    # A STRING or WORD the parser took as a member's key.
                    pending_key = key_text(m, sub, source)
                    pending_key_span = m.span(sub)
                    continue
                value = scalar_value(m, sub, scalar_kind[group], source)
                if is_list:
                    entries[path + (len(current),)] = (None, m.span(sub))
                    current.append(value)
                elif current is not None:
                    member = path + (pending_key,)
                    if pending_key in current:
                        duplicates.append((member, entries[member][0], pending_key_span))
                        del entries[member]
                    current[pending_key] = value
                    entries[member] = (pending_key_span, m.span(sub))
                else:
                    root = value
                    entries[()] = (None, m.span(sub))

        end = tables.TERMINALS.index("$END")
        by_terminal = tables.ACTION_BY_TERMINAL
        while state != tables.END_STATE:
            act = by_terminal[state][end]
            if act >= 0:
                _diagnose(source, len(text))
            symbol, size = rules[~act]
            if size:
                del stack[-size:]
            state = goto[stack[-1]][symbol]
            stack.append(state)
    except (_NeedUnicode, ParseError):
        raise
    except ValueError:
        # A number too long to read (int() refusing it, or _number) is the one ValueError the loop
        # can meet on bad input.
        _diagnose(source, m.start() if m is not None else 0)
        raise
    if duplicates:
        _drop_replaced(root, entries)
    return root, entries, duplicates, comments


def _key_text(m, group: int, source: Source) -> str:
    """The name of a member key token: a quoted string or an identifier, escapes decoded."""
    key = m.group(group)
    if key[0] in _QUOTES:
        key = key[1:-1]
        return _decode_string(key, m.start(group) + 1, source) if "\\" in key else key
    return _decode_identifier(key, m.start(group), source) if "\\" in key else key


def _scalar_value(m, group: int, kind: int, source: Source):
    """The value of a scalar token; `kind` (from the tables) says string, integer, number or word."""
    text = m.group(group)
    if kind == 1:
        text = text[1:-1]
        return _decode_string(text, m.start(group) + 1, source) if "\\" in text else text
    if kind == 2:
        return int(text)
    if kind == 3:
        return _number(text)
    if text in _LITERALS:
        return _LITERALS[text]
    _diagnose(source, m.start(group))


def _drop_replaced(root, entries: dict) -> None:
    """After `a: {x: 1}, a: 2`, the path (a, x) no longer exists: forget its spans."""
    for path in [p for p in entries if not _exists(root, p)]:
        del entries[path]


def _exists(root, path) -> bool:
    node = root
    for part in path:
        if isinstance(node, dict):
            if part not in node:
                return False
        elif not (isinstance(node, list) and isinstance(part, int) and part < len(node)):
            return False
        node = node[part]
    return True


# --- values ------------------------------------------------------------------------------------

_SINGLE_ESCAPES = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "0": "\0"}
_escape_pattern = None


def _decode_string(body: str, offset: int, source: Source) -> str:
    """The value of a string literal's body (between the quotes) that contains a backslash.
    `offset` is where the body starts in the source, for error positions."""
    global _escape_pattern
    if _escape_pattern is None:
        import re

        _escape_pattern = re.compile(
            r"\\(?:u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|(\r\n|[\n\r\u2028\u2029])|(0(?![0-9]))"
            r"|([0-9ux])|([\s\S]))")
    surrogates = False

    def replace(match) -> str:
        nonlocal surrogates
        unicode, hex_byte, newline, nul, bad, other = match.groups()
        if unicode is not None:
            code = int(unicode, 16)
            if 0xD800 <= code <= 0xDFFF:
                surrogates = True
            return chr(code)
        if hex_byte is not None:
            return chr(int(hex_byte, 16))
        if newline is not None:
            return ""  # a line continuation
        if nul is not None:
            return "\0"
        if bad is not None:
            _escape_error(source, offset + match.start(), bad, body[match.start():match.start() + 6])
        return _SINGLE_ESCAPES.get(other, other)

    value = _escape_pattern.sub(replace, body)
    if surrogates:
        # \ud83e\udd9e is one character (UTF-16 surrogate pair); a lone surrogate stays as it is.
        value = value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    return value


def decode_string_body(body: str) -> str | None:
    """The value of a string literal's body as written (between its quotes), or None when one of
    its escapes is invalid. For judging text that is quoted but not parsed (a snippet's secrets)."""
    if "\\" not in body:
        return body
    try:
        return _decode_string(body, 0, Source(name="<fragment>", text=body))
    except ParseError:
        return None


def _escape_error(source: Source, offset: int, char: str, written: str) -> None:
    if char == "u":
        message = (f"invalid escape {_show(written)}: \\u must be followed by exactly 4 hexadecimal "
                   "digits (write a character beyond U+FFFF as a pair, like \\ud83e\\udd9e)")
    elif char == "x":
        message = f"invalid escape {_show(written[:4])}: \\x must be followed by 2 hexadecimal digits"
    elif char == "0":
        message = (f"invalid escape {_show(written[:3])}: \\0 cannot be followed by a digit "
                   "(octal escapes are not JSON5)")
    else:
        message = f"invalid escape {_show(written[:2])}: JSON5 has no octal escapes"
    _raise(source, message, offset)


def _decode_identifier(word: str, offset: int, source: Source) -> str:
    """An identifier written with \\uXXXX escapes; each escape must still give an identifier
    character (ECMAScript rule)."""
    import re

    from . import _unicode as unicode

    start = re.compile(f"[$_{unicode.ID_START}]")
    part = re.compile(f"[$_{unicode.ID_CONTINUE}]")
    result = []
    index = 0
    while index < len(word):
        if word[index] == "\\":
            char = chr(int(word[index + 2:index + 6], 16))
            if not (start if not result else part).fullmatch(char):
                _raise(source, f"the escape {word[index:index + 6]} in an unquoted key gives "
                               f"{_show(char)}, which cannot appear in an identifier there "
                               "(quote the key)", offset + index)
            result.append(char)
            index += 6
        else:
            result.append(word[index])
            index += 1
    return "".join(result)


def _number(text: str):
    """The value of a NUMBER token other than a plain decimal integer."""
    if "x" in text or "X" in text:
        if len(text) - text.lower().index("x") - 1 > MAX_HEX_DIGITS:
            raise ValueError("too many hexadecimal digits")   # _diagnose says where
        return int(text, 16)
    if text[-1] in "yN" or "." in text or "e" in text or "E" in text:
        return float(text)  # also takes Infinity, NaN with a sign
    return int(text)        # an integer with a leading '+'


# --- errors ------------------------------------------------------------------------------------

def _raise(source: Source, message: str, offset: int):
    line, column = source.position(offset)
    raise ParseError(message, line, column, offset)


def _check_integer_length(source: Source, token: str, offset: int) -> None:
    """Refuse an integer too long for oclc to read or print: one of oclc's limits (OpenClaw reads
    it as Infinity, and may accept it where any value goes), so not a syntax error."""
    if any(c in token for c in ".eE") and not any(c in token for c in "xX"):
        return
    hexadecimal = "x" in token or "X" in token
    digits = len(token) - token.lower().index("x") - 1 if hexadecimal else sum(c.isdigit() for c in token)
    limit = MAX_HEX_DIGITS if hexadecimal else MAX_INTEGER_DIGITS
    if digits > limit:
        line, column = source.position(offset)
        kind = "a hexadecimal integer" if hexadecimal else "an integer"
        raise ParseError(f"{kind} with {digits:,} digits is too long to read (at most {limit:,})",
                         line, column, offset, limit=True)


def _too_deep(source: Source, offset: int):
    line, column = source.position(offset)
    raise ParseError(f"nesting deeper than {MAX_NESTING} levels of objects and arrays; "
                     "no OpenClaw config needs that many", line, column, offset, limit=True)


def _show(text: str) -> str:
    """Quote text for a message, with invisible or unprintable characters as U+XXXX."""
    shown = []
    for char in text:
        if char.isprintable() and not 0xD800 <= ord(char) <= 0xDFFF:
            shown.append(char)
        else:
            shown.append(f"U+{ord(char):04X}")
    return "'" + "".join(shown) + "'"


def _describe(char: str) -> str:
    if not char.isprintable() or 0xD800 <= ord(char) <= 0xDFFF or char.isspace():
        names = {"\0": " (NUL)", "\ufeff": " (byte order mark)", "\u2028": " (line separator)",
                 "\u2029": " (paragraph separator)", "\xa0": " (no-break space)"}
        return f"U+{ord(char):04X}" + names.get(char, "")
    return f"'{char}'"


def _quote_key(key) -> str:
    import json

    return json.dumps(key, ensure_ascii=False) if isinstance(key, str) else str(key)


class _Frame:
    """An open container, as the error path tracks it."""

    __slots__ = ("char", "offset", "key", "count")

    def __init__(self, char: str, offset: int):
        self.char = char
        self.offset = offset
        self.key = None      # the last key seen in this object
        self.count = 0       # items seen in this array


def _diagnose(source: Source, hint: int):
    """Re-read the text one terminal at a time and raise a ParseError for its first problem.
    `hint` is where the fast loop stopped; it is used only if this reading finds nothing."""
    from . import _unicode as unicode

    tables = _tables()
    pattern = _runtime.get("fine")
    if pattern is None:
        pattern = _runtime["fine"] = compiled_tokenizer(unicode.FINE_PATTERN, "fine-token")
    text = source.text
    terminal_of = unicode.FINE_TERMINAL_OF_GROUP
    column = {name: index for index, name in enumerate(tables.TERMINALS)}
    action = tables.ACTION_BY_TERMINAL
    rules = tables.RULES
    goto = tables.GOTO
    stack = [tables.START_STATE]
    state = stack[0]
    frames: list[_Frame] = []
    previous = None  # (terminal, start, end, role) of the last token taken: role key/value/punct
    root_end = None

    for m in pattern.finditer(text):
        group = m.lastindex
        terminal = terminal_of[group]
        start, end = m.span(group)
        if terminal in ("COMMENT", "WHITESPACE"):
            continue
        if terminal == "INVALID":
            _invalid(source, start, frames, previous, root_end)
        act = action[state][column[terminal]]
        while act < 0:
            symbol, size = rules[~act]
            if size:
                del stack[-size:]
            state = goto[stack[-1]][symbol]
            stack.append(state)
            act = action[state][column[terminal]]
        if not act:
            _unexpected(source, start, _found(text, terminal, start), frames, previous, root_end)
        state = act
        stack.append(state)
        role = "key" if tables.KEY_STATE[state] else "punct"
        token = m.group(group)
        if terminal in ("STRING", "NUMBER", "WORD"):
            if role == "key":
                frames[-1].key = _key_text(m, group, source)
            else:
                role = "value"
                if terminal == "STRING":
                    if "\\" in token:
                        _decode_string(token[1:-1], start + 1, source)
                elif terminal == "WORD":
                    if token not in _LITERALS:
                        _raise(source, f"expected a value, found {_show(token[0])}: text must be "
                                       "quoted to be a string (true, false, null, Infinity and NaN "
                                       "are the only bare words)", start)
                else:
                    _check_integer_length(source, token, start)
                if frames and frames[-1].char == "[":
                    frames[-1].count += 1
        elif terminal in ("LBRACE", "LSQB"):
            if frames and frames[-1].char == "[":
                frames[-1].count += 1
            frames.append(_Frame(token, start))
            if len(frames) > MAX_NESTING:
                _too_deep(source, start)
        elif terminal in ("RBRACE", "RSQB"):
            frames.pop()
            role = "value"
        if role == "value" and not frames:
            root_end = end
        previous = (terminal, start, end, role)

    end_column = column["$END"]
    while state != tables.END_STATE:
        act = action[state][end_column]
        if act >= 0:
            _unexpected(source, len(text), "end of input", frames, previous, root_end)
        symbol, size = rules[~act]
        if size:
            del stack[-size:]
        state = goto[stack[-1]][symbol]
        stack.append(state)
    # The careful reading found nothing: report where the fast loop stopped.
    _raise(source, "invalid JSON5", hint)


def _found(text: str, terminal: str, start: int) -> str:
    if terminal == "STRING":
        return "a string"
    return _describe(text[start])


def _expectation(frames: list[_Frame], previous) -> str:
    """What the grammar wants next, in words, from the last token taken."""
    if previous is None:
        return "expected a value"
    terminal, _, _, role = previous
    frame = frames[-1] if frames else None
    if frame is None:
        return "expected the end of the document after the top-level value"
    if frame.char == "{":
        if role == "key":
            return f"expected ':' after the key {_quote_key(frame.key)}"
        if terminal == "COLON":
            return f"expected a value for the key {_quote_key(frame.key)}"
        if terminal in ("LBRACE", "COMMA"):
            return "expected a key or '}'" + (" after ','" if terminal == "COMMA" else "")
        return f"expected ',' or '}}' after the value of {_quote_key(frame.key)}"
    if terminal in ("LSQB", "COMMA"):
        return "expected a value or ']'" + (" after ','" if terminal == "COMMA" else "")
    return f"expected ',' or ']' after item {frame.count} of the array"


def _unexpected(source: Source, offset: int, found: str, frames, previous, root_end):
    if found == "end of input":
        if previous is None:
            _raise(source, "the document is empty: expected a JSON5 value (an OpenClaw config is "
                           "one object, `{ ... }`)", offset)
        if frames:
            frame = frames[-1]
            line, column = source.position(frame.offset)
            _raise(source, f"unexpected end of input: '{frame.char}' at {line}:{column} is never "
                           f"closed ({_expectation(frames, previous)})", offset)
        _raise(source, f"unexpected end of input: {_expectation(frames, previous)}", offset)
    if not frames and root_end is not None:
        line, column = source.position(root_end)
        _raise(source, f"unexpected {found} after the end of the top-level value (which ends at "
                       f"{line}:{column}); a document holds exactly one value", offset)
    _raise(source, f"{_expectation(frames, previous)}, found {found}", offset)


def _invalid(source: Source, offset: int, frames, previous, root_end):
    text = source.text
    char = text[offset]
    if char in _QUOTES:
        index = offset + 1
        while index < len(text):
            here = text[index]
            if here == "\\":
                index += 3 if text.startswith("\r\n", index + 1) else 2
                continue
            if here in "\n\r":
                _raise(source, "unterminated string: a string cannot contain a line break (write "
                               "\\n, or end the line with \\ to continue the string)", index)
            index += 1
        _raise(source, "unterminated string: the input ends before the closing quote", offset)
    if char == "/":
        if text.startswith("/*", offset):
            _raise(source, "unterminated comment: this /* is never closed with */", offset)
        _raise(source, "unexpected '/': a comment starts with // or /*", offset)
    if char == "\\":
        _raise(source, "unexpected '\\' outside a string (in an unquoted key, \\ must start a "
                       "\\uXXXX escape)", offset)
    _unexpected(source, offset, _describe(char), frames, previous, root_end)
