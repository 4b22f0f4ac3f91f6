"""Source text and positions: the first stage of the pipeline.

A `Source` is one file as read (after BOM removal), with a line table so that any character offset
turns into a 1-based (line, column) pair counted in characters. A `Span` is a half-open range of
character offsets plus its line/column form; every later stage speaks in spans.
"""

from __future__ import annotations

import bisect

from .records import Record

# JSON5 (ECMAScript) line terminators: LF, CR (alone or before LF), U+2028, U+2029.
_LINE_BREAKS = ("\r\n", "\n", "\r", "\u2028", "\u2029")


class Span(Record, frozen=True):
    """A range of the source: offsets are 0-based character indexes, `end` exclusive;
    lines and columns are 1-based, the end column is exclusive (points after the last char)."""

    __slots__ = ("start", "end", "line", "column", "end_line", "end_column")

    def __init__(self, start: int, end: int, line: int, column: int, end_line: int, end_column: int):
        self.start = start
        self.end = end
        self.line = line
        self.column = column
        self.end_line = end_line
        self.end_column = end_column


def _line_starts(text: str) -> list[int]:
    starts = [0]
    i = 0
    n = len(text)
    # Fast path for the usual case: only \n line breaks.
    if "\r" not in text and "\u2028" not in text and "\u2029" not in text:
        find = text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        return starts
    while i < n:
        ch = text[i]
        if ch == "\r":
            if i + 1 < n and text[i + 1] == "\n":
                i += 1
            starts.append(i + 1)
        elif ch in "\n\u2028\u2029":
            starts.append(i + 1)
        i += 1
    return starts


class Source(Record, eq=False):
    """One file's text. `name` is what diagnostics show (the path as given, or `<stdin>`)."""

    __slots__ = ("name", "text", "path", "had_bom", "_starts")
    _unshown = ("_starts",)

    def __init__(self, name: str, text: str, path: str | None = None, had_bom: bool = False,
                 _starts: list[int] | None = None):
        self.name = name
        self.text = text
        self.path = path              # the real filesystem path, when there is one
        self.had_bom = had_bom
        self._starts = _starts        # the line table, built on first use

    @property
    def line_starts(self) -> list[int]:
        if self._starts is None:
            self._starts = _line_starts(self.text)
        return self._starts

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        starts = self.line_starts
        index = bisect.bisect_right(starts, offset) - 1
        column = offset - starts[index] + 1
        # Between the CR and LF of one line break: still the end of that line, not a column past it.
        if 0 < offset < len(self.text) and self.text[offset] == "\n" and self.text[offset - 1] == "\r":
            column -= 1
        return index + 1, column

    def span(self, start: int, end: int) -> Span:
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        return Span(start, end, line, column, end_line, end_column)

    def line_count(self) -> int:
        return len(self.line_starts)

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line break."""
        starts = self.line_starts
        if line < 1 or line > len(starts):
            return ""
        begin = starts[line - 1]
        end = starts[line] if line < len(starts) else len(self.text)
        text = self.text[begin:end]
        for brk in _LINE_BREAKS:
            if text.endswith(brk):
                return text[: -len(brk)]
        return text


class ReadError(Exception):
    """The file could not be read as text. `kind` picks the diagnostic: not-found, not-a-file,
    too-large, not-utf8, unreadable, outside-tree."""

    def __init__(self, kind: str, message: str, offset: int | None = None):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.offset = offset
        self.text: str | None = None


DEFAULT_MAX_BYTES = 16 * 1024 * 1024


def decode(data: bytes, name: str, path: str | None = None) -> Source:
    """Bytes -> Source: UTF-8 only (as OpenClaw reads it), a UTF-8 BOM dropped."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise ReadError("not-utf8", "the file is UTF-16 (it starts with a UTF-16 byte order mark); "
                        "OpenClaw reads configs as UTF-8", 0)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        error = ReadError("not-utf8", f"the file is not valid UTF-8 (byte 0x{data[exc.start]:02x} "
                          f"at byte offset {exc.start})", len(data[: exc.start].decode("utf-8", "replace")))
        # What the file would read as with the bad bytes replaced: enough to give a line and column.
        error.text = data.decode("utf-8", "replace")
        raise error from None
    bom = text.startswith("\ufeff")
    if bom:
        text = text[1:]
    return Source(name=name, text=text, path=path, had_bom=bom)


# Characters no text config holds: NUL and the other C0 controls but tab, line breaks, and the
# vertical tab and form feed that JSON5 counts as white space. (Patterns, compiled by `re` on first
# use: only a file that did not parse is looked at, and the white space class alone takes ~4 ms
# to compile.)
_BINARY = "[\x00-\x08\x0e-\x1f\x7f]"
_LINE_COMMENT = "//[^\n\r\u2028\u2029]*"
_LEADING_SPACE = "[\t\n\v\f\r \xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]*"


def not_json5_reason(text: str) -> str | None:
    """Why `text` is not even an attempt at a JSON5 config (binary data, an environment dump, a
    key file), or None when it may be one: it starts, after white space and comments, with `{`
    or `[` (or holds nothing else). A file that is not one is not quoted in output: it may hold
    anything."""
    import re

    if re.search(_BINARY, text):
        return "it contains NUL or other control characters"
    leading_space, line_comment = re.compile(_LEADING_SPACE), re.compile(_LINE_COMMENT)
    index = 0
    while True:
        index = leading_space.match(text, index).end()
        if text.startswith("//", index):
            index = line_comment.match(text, index).end()
        elif text.startswith("/*", index):
            end = text.find("*/", index + 2)
            if end == -1:
                return None
            index = end + 2
        else:
            break
    if index == len(text) or text[index] in "{[":
        return None
    return "it does not start with `{`"


# Kernel and device filesystems: their "regular files" (/proc/self/environ, /sys/...) are live
# views of the machine, never configs, and /proc/self/environ holds the CI job's secrets.
_VIRTUAL_ROOTS = ("/proc", "/sys", "/dev")


def virtual_root(real_path: str) -> str | None:
    """The kernel or device filesystem (/proc, /sys, /dev) that `real_path` (symlinks resolved)
    lies in, or None."""
    return next((root for root in _VIRTUAL_ROOTS if real_path == root or real_path.startswith(root + "/")), None)


def read(path: str, name: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES, *,
         within: str | None = None) -> Source:
    """Read a config file. Refuses what is not a regular file before opening it, so a FIFO or a
    device never blocks the run, and never reads from /proc, /sys or /dev. With `within` (the
    directory a search found the file in), a file that really lies outside it (through a
    symlink) is refused without being opened."""
    import os

    if within is not None:
        real = os.path.realpath(path)
        tree = os.path.realpath(within)
        if real != tree and not real.startswith(tree.rstrip(os.sep) + os.sep):
            raise ReadError("outside-tree", f"is a symbolic link to a file outside the directory being "
                            f"linted ({within}); it was not read")
    try:
        data = read_bytes(path, max_bytes)
    except ReadError as exc:
        if exc.kind == "too-large":
            exc.message += " (raise it with --max-file-size)"
            exc.args = (exc.message,)
        raise
    return decode(data, name or path, os.path.abspath(path))


def regular_file_info(path: str, max_bytes: int):
    """`os.stat(path)` of a regular file of at most `max_bytes`; ReadError for anything else."""
    import os
    import stat

    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise ReadError("not-found", "no such file") from None
    except OSError as exc:
        raise ReadError("unreadable", exc.strerror or str(exc)) from None
    except ValueError:      # os.stat refuses a path with a NUL character in it
        raise ReadError("not-found", "no such file (the path contains a NUL character)") from None
    if stat.S_ISDIR(info.st_mode):
        raise ReadError("not-a-file", "is a directory, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise ReadError("not-a-file", "is not a regular file (a FIFO, socket or device); refusing to read it")
    kernel = virtual_root(os.path.realpath(path))
    if kernel is not None:
        raise ReadError("not-a-file", f"is in {kernel}, a kernel or device filesystem, not a config file; "
                        "refusing to read it")
    if info.st_size > max_bytes:
        raise ReadError("too-large", f"the file is {info.st_size:,} bytes, over the limit of {max_bytes:,} bytes")
    return info


def read_bytes(path: str, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most `max_bytes` (a config, an env file, a schema, a
    project config): what is not a regular file is refused before it is opened, and no more than
    the limit is read even if the file grows meanwhile."""
    info = regular_file_info(path, max_bytes)
    try:
        with open(path, "rb") as handle:
            data = read_at_most(handle, max_bytes + 1, expected=info.st_size)
    except OSError as exc:
        raise ReadError("unreadable", exc.strerror or str(exc)) from None
    if len(data) > max_bytes:
        raise ReadError("too-large", f"the file is over the limit of {max_bytes:,} bytes")
    return data


_CHUNK = 1 << 20


def read_at_most(stream, limit: int, expected: int = _CHUNK) -> bytes:
    """At most `limit` bytes of a binary stream. `read(limit)` would allocate all of `limit` at once
    (a `--max-file-size 100G` was a MemoryError); this asks for what is expected, then a chunk at a time."""
    chunks = []
    size = 0
    want = min(limit, expected + 1)
    while size < limit:
        chunk = stream.read(want)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
        want = min(limit - size, _CHUNK)
    return b"".join(chunks)
