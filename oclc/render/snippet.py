"""Quoting source text in output: secret values masked, tabs expanded, wide characters counted
as two columns, long lines cut around the part being pointed at.

Masking keeps every character's position (each masked character becomes `*`), so carets and
diff hunks computed on the original text still line up.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..parse import Document
    from ..source import Source

_MAX_WIDTH = 120


@functools.lru_cache(maxsize=4096)
def _secret_key(key: str) -> bool:
    from ..redact import is_secret_key

    return is_secret_key(key)


def is_secret_value(path: tuple, value: object) -> bool:
    """Whether a string at `path` holds a credential that output must never show
    (oclc.redact decides; any value under a `headers` object counts too)."""
    from ..redact import is_reference, looks_like_token

    if not isinstance(value, str) or not value or is_reference(value):
        return False
    last_key = next((p for p in reversed(path) if isinstance(p, str)), None)
    if last_key is not None and _secret_key(last_key):
        return True
    if len(path) >= 2 and path[-2] == "headers":
        return True
    return looks_like_token(value)


# `key: "value` as written, for text that does not parse: the key, the opening quote, and the value
# up to its closing quote or the end of the line (an unterminated string hides nothing after it).
_LEXICAL_MEMBER = re.compile(
    r"""(?P<key>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|[A-Za-z_$][\w$-]*)\s*:\s*(?P<quote>["'])""")


def _lexical_secret_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in _LEXICAL_MEMBER.finditer(text):
        key = match.group("key")
        if key[0] in "\"'":
            key = key[1:-1]
        if not _secret_key(key):
            continue
        quote = match.group("quote")
        start = match.end()
        index = start
        while index < len(text) and text[index] != quote and text[index] not in "\r\n\u2028\u2029":
            index += 2 if text[index] == "\\" else 1
        spans.append((start, min(index, len(text))))
    return spans


def mask_text(text: str, document: "Document | None") -> str:
    """`text` with every secret string value replaced by asterisks of the same length (quotes kept),
    and every token-shaped run (in a comment, say) too. Judged on the string as written (between
    its quotes), so no value needs decoding; text that does not parse is judged by its look."""
    from ..redact import mask_tokens

    spans = []
    if document is None or not document.values:
        spans = _lexical_secret_spans(text)
    else:
        for path, span in document.values.items():
            if not path or span is None or span.end - span.start < 2 or text[span.start] not in "\"'":
                continue
            if is_secret_value(path, text[span.start + 1:span.end - 1]):
                spans.append((span.start + 1, span.end - 1))
    if not spans:
        return mask_tokens(text)
    pieces = []
    cursor = 0
    for start, end in sorted(spans):
        if start < cursor:
            continue
        pieces.append(text[cursor:start])
        # Line breaks inside the value (escaped continuations) stay so line numbers hold.
        pieces.append("".join(c if c in "\r\n\u2028\u2029" else "*" for c in text[start:end]))
        cursor = end
    pieces.append(text[cursor:])
    return mask_tokens("".join(pieces))


_masked_cache: dict[int, tuple["Source", str]] = {}


def masked_source_text(source: "Source", document: "Document | None") -> str:
    cached = _masked_cache.get(id(source))
    if cached is not None and cached[0] is source:
        return cached[1]
    text = mask_text(source.text, document)
    _masked_cache[id(source)] = (source, text)
    return text


def masked_line(source: "Source", document: "Document | None", line: int) -> str:
    text = masked_source_text(source, document)
    starts = source.line_starts
    if line < 1 or line > len(starts):
        return ""
    begin = starts[line - 1]
    end = starts[line] if line < len(starts) else len(text)
    return text[begin:end].rstrip("\r\n\u2028\u2029")


def _width(ch: str) -> int:
    if ch == "\t":
        return 4
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def layout(line: str, start_col: int, end_col: int, max_width: int = _MAX_WIDTH) -> tuple[str, int, int]:
    """(shown text, caret offset, caret width) for the 1-based character columns
    [start_col, end_col) of `line`. Tabs become spaces; control characters are shown as `?`."""
    start = max(0, min(start_col - 1, len(line)))
    end = max(start, min(end_col - 1, len(line)))
    # Cut long lines to a window around the span.
    prefix = suffix = ""
    widths = [_width(c) for c in line]
    if sum(widths) > max_width:
        left = start
        budget = max_width - 2
        while left > 0 and sum(widths[left - 1:end]) < budget // 2:
            left -= 1
        right = end
        while right < len(line) and sum(widths[left:right + 1]) < budget:
            right += 1
        if left > 0:
            prefix = "…"
        if right < len(line):
            suffix = "…"
        line, widths = line[left:right], widths[left:right]
        start, end = start - left, min(end, right) - left
    shown = []
    for ch in line:
        if ch == "\t":
            shown.append("    ")
        elif ord(ch) < 32 or ch == "\x7f":
            shown.append("?")
        else:
            shown.append(ch)
    offset = len(prefix) + sum(widths[:start])
    width = max(1, sum(widths[start:end]))
    return prefix + "".join(shown) + suffix, offset, width


_FRAGMENT_MEMBER = re.compile(r"""(["']?)([A-Za-z_$][\w$-]*)\1(\s*:\s*)(["'])((?:\\.|(?!\4).)*)\4""")


def mask_fragment(text: str) -> str:
    """Mask secrets in a piece of config text that need not parse on its own (a fix's replacement):
    string values of credential-named keys, and token-shaped strings anywhere."""
    from ..redact import TOKEN_SHAPES, is_reference, is_secret_key

    def member(match: re.Match) -> str:
        key, value = match.group(2), match.group(5)
        if is_secret_key(key) and value and not is_reference(value):
            start, end = match.span(5)
            base = match.start()
            whole = match.group()
            return whole[:start - base] + "*" * len(value) + whole[end - base:]
        return match.group()

    text = _FRAGMENT_MEMBER.sub(member, text)
    for pattern in TOKEN_SHAPES:
        text = pattern.sub(lambda m: "*" * len(m.group()), text)
    return text
