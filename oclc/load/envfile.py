"""`--env-file`: a dotenv file (KEY=VALUE lines, `export` prefix, quotes, # comments)."""
from __future__ import annotations

import re

# Matched against a stripped line, so the value needs no trailing `\s*` (a lazy `(.*?)\s*$` tried
# every split of `A=x<spaces>x` between the value and the spaces: quadratic).
_LINE = re.compile(r"^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$")
# Where an inline comment starts in an unquoted value: whitespace, then `#`.
_COMMENT_START = re.compile(r"\s#")
_DOUBLE_QUOTED_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _unquote(value: str) -> str:
    """The value of the text after `=`: a quoted value ends at its closing quote (what follows,
    such as a comment, is dropped); an unquoted one ends before ` #`."""
    if value[:1] in ("'", '"'):
        quote = value[0]
        out = []
        index = 1
        while index < len(value):
            char = value[index]
            if char == quote:
                return "".join(out)
            if char == "\\" and quote == '"' and index + 1 < len(value):
                following = value[index + 1]
                out.append(_DOUBLE_QUOTED_ESCAPES.get(following, "\\" + following))
                index += 2
                continue
            out.append(char)
            index += 1
        # no closing quote: keep the text as written, like the usual dotenv readers
    # Found without a `\s+` before the `#`, which would rescan a run of spaces from each of them.
    comment = _COMMENT_START.search(value)
    return value if comment is None else value[:comment.start()].rstrip()


def parse_env_text(text: str) -> dict[str, str]:
    values: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _LINE.match(line)
        if match:
            key, value = match.groups()
            values[key] = _unquote(value)
    return values


_read: dict[tuple, dict[str, str]] = {}


def read_env_file(path: str, max_bytes: int | None = None) -> dict[str, str]:
    """The variables of a dotenv file. One run lints many configs with the same --env-file: the
    file is read once, and again only if it changed (size or modification time). Raises ReadError
    (oclc.source) for what is not a readable regular UTF-8 file of at most `max_bytes`: the path may come
    from a project config in the pull request being checked, so it may be a FIFO, /dev/zero or
    contain a NUL. `max_bytes` is --max-file-size (default 16 MiB), as for the config."""
    import os

    from ..source import DEFAULT_MAX_BYTES, decode, read_bytes, regular_file_info

    max_bytes = max_bytes or DEFAULT_MAX_BYTES
    info = regular_file_info(path, max_bytes)
    key = (os.path.realpath(path), info.st_mtime_ns, info.st_size)
    found = _read.get(key)
    if found is None:
        found = _read[key] = parse_env_text(decode(read_bytes(path, max_bytes), path).text)
    return dict(found)
