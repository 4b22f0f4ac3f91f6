"""Quoting source text in output: secret values masked, tabs expanded, wide characters counted
as two columns, long lines cut around the part being pointed at.

Masking keeps every character's position (each masked character becomes `*`), so carets and
diff hunks computed on the original text still line up.
"""

from __future__ import annotations

import functools

from ..records import LazyPattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..json5.parser import Document
    from ..source import Source

_MAX_WIDTH = 120


@functools.lru_cache(maxsize=4096)
def _secret_key(key: str) -> bool:
    from ..redact import is_secret_key

    return is_secret_key(key)


def is_secret_value(path: tuple, value: object, *, by_shape: bool = True) -> bool:
    """Whether a value at `path` holds a credential that output must never show (oclc.redact
    decides; any string under a `headers` object counts too, and a number under a credential
    key: `password: 12345678`). Judged on the value itself, escapes decoded; `by_shape=False`
    judges by the place alone, not by whether the string looks like a token."""
    from ..redact import is_reference, looks_like_token

    last_key = next((p for p in reversed(path) if isinstance(p, str)), None)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return last_key is not None and _secret_key(last_key)
    if not isinstance(value, str) or not value or is_reference(value):
        return False
    if last_key is not None and _secret_key(last_key):
        return True
    if len(path) >= 2 and path[-2] == "headers":
        return True
    return by_shape and looks_like_token(value)


# For text that does not parse, and comments (`// password: "…"`), judged by its look: string
# literals, read left to right (a literal ends at its closing quote or the end of the line, as an
# unterminated string hides nothing after it), and `key: value` (or `key=value`) members. Every
# pattern is matched where the scan stands, never retried at each character: linear in the text.
_QUOTE = LazyPattern("[\"']")
_BODY = {quote: LazyPattern(f"(?:[^{quote}\\\\\r\n\u2028\u2029]|\\\\(?:\r\n|[\\s\\S]))*") for quote in "\"'"}
_AFTER_KEY = LazyPattern(r"\s*[:=]\s*")
# An unquoted key starts where no identifier character precedes it, so a long run of letters is
# tried once, not at each of its characters.
_IDENTIFIER_KEY = LazyPattern(r"(?<![\w$\\-])(?:[A-Za-z_$]|\\u[0-9a-fA-F]{4})(?:[\w$-]|\\u[0-9a-fA-F]{4})*"
                              r"(?=\s*[:=])")
_BARE_VALUE = LazyPattern(r"[^\s,;'\"{}\[\]]+")


def _decoded(written: str) -> str:
    """What a literal or key says, escapes decoded (as written when they are invalid)."""
    if "\\" not in written:
        return written
    from ..json5.parser import decode_string_body

    decoded = decode_string_body(written)
    return written if decoded is None else decoded


def _string_literals(text: str) -> dict[int, int]:
    """Body start -> body end of every string literal, scanning left to right."""
    found = {}
    position = 0
    while True:
        match = _QUOTE.search(text, position)
        if match is None:
            return found
        start = match.end()
        end = _BODY[match.group()].match(text, start).end()
        found[start] = end
        position = end + 1 if end < len(text) and text[end] == match.group() else end


def _lexical_secret_spans(text: str) -> list[tuple[int, int]]:
    """Secret values in text judged by its look: values of credential-named keys (quoted or not,
    `${VAR}` references excepted), and string literals whose decoded value has a secret's shape."""
    from ..redact import is_reference, shape_spans

    literals = _string_literals(text)
    spans = []

    def value_after(key_end: int) -> None:
        """The value of a credential-named key whose name ends at `key_end`."""
        at = _AFTER_KEY.match(text, key_end).end()
        if at < len(text) and text[at] in "\"'":
            start = at + 1
            end = literals.get(start)
            if end is None:       # the quote is inside another literal (a comment's apostrophe)
                end = _BODY[text[at]].match(text, start).end()
            if not is_reference(_decoded(text[start:end])):
                spans.append((start, end))
            return
        bare = _BARE_VALUE.match(text, at)
        if bare is not None and not is_reference(bare.group()):
            spans.append(bare.span())

    for start, end in literals.items():
        body = text[start:end]
        if "\\" in body and shape_spans(_decoded(body)):
            spans.append((start, end))
        closed = end < len(text) and text[end] == text[start - 1]
        if closed and _AFTER_KEY.match(text, end + 1) and _secret_key(_decoded(body)):
            value_after(end + 1)
    for match in _IDENTIFIER_KEY.finditer(text):
        if _secret_key(_decoded(match.group())):
            value_after(match.end())
    return spans


def _document_secret_spans(text: str, document: "Document") -> list[tuple[int, int]]:
    """Secret values and keys of a parsed document, judged on their decoded values: a token
    written with an escape (`sk-ant-\\u0061pi03-…`) has the shape of one only once decoded, so
    the whole string (or key) is masked."""
    from ..redact import is_secret_ref, shape_spans

    spans = []
    values = document.values
    keys = document.keys

    def inner(span_map, path) -> tuple[int, int]:
        """Where the literal at `path` is written, without its quotes (a SpanMap gives offsets
        without making a Span)."""
        if hasattr(span_map, "offsets"):
            start, end = span_map.offsets(path)
        else:
            start, end = span_map[path].start, span_map[path].end
        if end - start >= 2 and text[start] in "\"'":
            return start + 1, end - 1
        return start, end

    stack: list[tuple[tuple, object]] = [((), document.value)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            if is_secret_ref(value):
                continue
            for key, child in value.items():
                child_path = path + (key,)
                if child_path in keys:
                    start, end = inner(keys, child_path)
                    if "\\" in text[start:end] and shape_spans(key):
                        spans.append((start, end))
                stack.append((child_path, child))
        elif isinstance(value, list):
            stack.extend((path + (index,), item) for index, item in enumerate(value))
        elif path and (isinstance(value, (str, int, float)) and not isinstance(value, bool)) and path in values:
            start, end = inner(values, path)
            if is_secret_value(path, value, by_shape=False):
                spans.append((start, end))
            elif isinstance(value, str) and "\\" in text[start:end] and shape_spans(value):
                # Written with escapes, the secret part cannot be told apart in the text: all of it.
                spans.append((start, end))
            # Otherwise a secret shape is masked where it is written (mask_text), and no more: the
            # model id of `anthropic/claude-sonnet-4-5@sk-ant-…` stays readable.
    for comment in document.comments:
        offset = comment.span.start
        spans.extend((offset + start, offset + end) for start, end in _lexical_secret_spans(comment.text))
    # The value a repeated key replaced is in no tree: judge the text between the two keys by its
    # look (each stretch once, however many times a key repeats).
    regions: list[list[int]] = []
    for first, second in sorted((d.first.start, d.second.start) for d in document.duplicates):
        if regions and first <= regions[-1][1]:
            regions[-1][1] = max(regions[-1][1], second)
        else:
            regions.append([first, second])
    for offset, end in regions:
        spans.extend((offset + s, offset + e) for s, e in _lexical_secret_spans(text[offset:end]))
    return spans


def mask_text(text: str, document: "Document | None") -> str:
    """`text` with every secret replaced by asterisks of the same length (quotes and line breaks
    kept): the values of credential keys (numbers too), strings and keys whose decoded value has
    a secret's shape, `key: value` secrets in comments, and secret-shaped runs anywhere (a token
    in a comment, URL userinfo, a `${VAR:-default}`'s default). Text that does not parse is judged
    by its look."""
    from ..redact import replace_spans, shape_spans

    if document is None:
        spans = _lexical_secret_spans(text)
    else:
        spans = _document_secret_spans(text, document)
    return replace_spans(text, spans + shape_spans(text), keep_positions=True)


_masked_cache: dict[int, tuple["Source", str]] = {}


def masked_source_text(source: "Source", document: "Document | None") -> str:
    cached = _masked_cache.get(id(source))
    if cached is not None and cached[0] is source:
        return cached[1]
    text = mask_text(source.text, document)
    _masked_cache[id(source)] = (source, text)
    return text


_LINE_BREAK_CHARS = "\r\n\u2028\u2029"


def masked_line_bounds(source: "Source", document: "Document | None", line: int) -> tuple[str, int, int]:
    """The masked text of the whole file and the offsets of `line` in it (its line break left
    out): a snippet reads only the part of a line it shows, so many findings on one long line (a
    minified config) do not each copy the whole line."""
    text = masked_source_text(source, document)
    starts = source.line_starts
    if line < 1 or line > len(starts):
        return text, 0, 0
    begin = starts[line - 1]
    end = starts[line] if line < len(starts) else len(text)
    while end > begin and text[end - 1] in _LINE_BREAK_CHARS:
        end -= 1
    return text, begin, end


def _width(ch: str) -> int:
    if ch < "\x80":
        return 4 if ch == "\t" else 1
    import unicodedata      # a C extension, loaded only for a quoted line that is not ASCII

    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def layout(line: str, start_col: int, end_col: int, max_width: int = _MAX_WIDTH) -> tuple[str, int, int]:
    """(shown text, caret offset, caret width) for the 1-based character columns
    [start_col, end_col) of `line`. Tabs become spaces; control characters are shown as `?`."""
    return layout_in(line, 0, len(line), start_col, end_col, max_width)


def layout_in(text: str, begin: int, end: int, start_col: int, end_col: int,
              max_width: int = _MAX_WIDTH) -> tuple[str, int, int]:
    """`layout` for the line text[begin:end]. A line wider than `max_width` is cut to a window
    around the span (a span wider than the window is cut too, and its carets with it).

    The work is proportional to the window, not to the line, so many findings on one long line (a
    minified config) cost each the same: every character counts at least 1 towards the window's
    size, so the window holds at most `max_width` characters, even of zero-width ones (combining
    marks), and only the characters it can reach are looked at. (Summing the widths of the whole
    window again at each step made a line of combining marks quadratic.)"""
    start = begin + max(0, min(start_col - 1, end - begin))
    stop = max(start, begin + max(0, min(end_col - 1, end - begin)))
    # The characters a window can reach; a line longer than max_width never fits whole.
    if end - begin <= max_width:
        low, high = begin, end
    else:
        low, high = max(begin, start - max_width), min(end, start + max_width + 1)
    widths = [_width(c) for c in text[low:high]]
    costs = [w or 1 for w in widths]

    def cost(index: int) -> int:
        return costs[index - low]

    if end - begin <= max_width and sum(costs) <= max_width:
        left, right = begin, end
    else:
        budget = max_width - 2                      # room for the two ellipses
        right, used = start, 0
        while right < stop and used + cost(right) < budget:
            used += cost(right)
            right += 1
        left = start
        if right == stop:                           # the span fits: context on both sides
            while left > begin and used + cost(left - 1) < budget // 2:
                left -= 1
                used += cost(left)
            while right < end and used + cost(right) < budget:
                used += cost(right)
                right += 1
        stop = min(stop, right)
    prefix = "…" if left > begin else ""
    suffix = "…" if right < end else ""
    shown = []
    for ch in text[left:right]:
        if ch == "\t":
            shown.append("    ")
        elif ord(ch) < 32 or ch == "\x7f":
            shown.append("?")
        else:
            shown.append(ch)
    offset = len(prefix) + sum(widths[left - low:start - low])
    width = max(1, sum(widths[start - low:stop - low]))
    return prefix + "".join(shown) + suffix, offset, width


def mask_fragment(text: str) -> str:
    """Mask secrets in a piece of config text that need not parse on its own (a fix's replacement),
    judged by its look as text that does not parse is."""
    from ..redact import replace_spans, shape_spans

    return replace_spans(text, _lexical_secret_spans(text) + shape_spans(text), keep_positions=True)
