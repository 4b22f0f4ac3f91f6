"""Random JSON5 documents from the grammar, and mutations of existing files, for the fuzz tests
(tests/test_fuzz.py, driven by hypothesis) and the long fuzz run (scripts/fuzz.py).

Everything takes a `random.Random`, so hypothesis can drive it (`st.randoms()`) and a failing case
replays from its seed.
"""
from __future__ import annotations

import math
import random
from typing import Any

# --- generating valid JSON5 -----------------------------------------------------------------------

_SPACES = [" ", "  ", "\t", "\n", "\r\n", "\r", "\u00a0", "\ufeff", "\u2028", "\u2029", "\u2003", "\v", "\f"]
_IDENT_START = "abcxyzABCXYZ$_\u00e4\u00df\u03bb\u0436\u4e2d\u2160"
_IDENT_PART = _IDENT_START + "0129\u0301\u200c\u200d\u0660"
_PLAIN_CHARS = "aZ09 ~!@#%^&*()[]{}:,.;/<>?|`\u00e9\u4e2d\U0001f600\u2028\u2029\t"
_SIMPLE_ESCAPES = ["\\n", "\\t", "\\r", "\\b", "\\f", "\\v", "\\\\", "\\/", "\\'", '\\"', "\\a", "\\z", "\\0"]
_CONTINUATIONS = ["\\\n", "\\\r\n", "\\\r", "\\\u2028", "\\\u2029"]
_WORD_VALUES = ["null", "true", "false", "Infinity", "-Infinity", "+Infinity", "NaN", "-NaN", "+NaN"]


def _ws(rng: random.Random) -> str:
    """Whitespace and comments between tokens (often nothing)."""
    roll = rng.random()
    if roll < 0.55:
        return ""
    if roll < 0.8:
        return rng.choice(_SPACES)
    if roll < 0.9:
        body = rng.choice(["", " note ", " a /* b ", " \u00e9 ", " // "])
        return f"/*{body}*/"
    body = rng.choice(["", " note", " a */ b", " \u00e9", " /*"])
    return f"//{body}" + rng.choice(["\n", "\r\n", "\r", "\u2028", "\u2029"])


def _number(rng: random.Random) -> str:
    sign = rng.choice(["", "", "-", "+"])
    kind = rng.randrange(7)
    if kind == 0:
        return sign + "0x" + "".join(rng.choice("0123456789abcdefABCDEF") for _ in range(rng.randint(1, 6)))
    if kind == 1:
        return sign + str(rng.randint(0, 10**rng.randint(1, 25)))
    digits = str(rng.randint(0, 9999))
    fraction = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 4)))
    exponent = ""
    if rng.random() < 0.4:
        exponent = rng.choice("eE") + rng.choice(["", "+", "-"]) + str(rng.randint(0, 400))
    if kind == 2:
        return sign + "." + fraction + exponent
    if kind == 3:
        return sign + digits + "." + exponent
    if kind == 4:
        return sign + "0" + exponent
    return sign + digits + "." + fraction + exponent


def _escape(rng: random.Random, quote: str) -> str:
    kind = rng.randrange(6)
    if kind == 0:
        return rng.choice(_SIMPLE_ESCAPES)
    if kind == 1:
        return "\\x" + "".join(rng.choice("0123456789abcdefABCDEF") for _ in range(2))
    if kind == 2:
        return "\\u" + "".join(rng.choice("0123456789abcdefABCDEF") for _ in range(4))
    if kind == 3:
        # A surrogate pair, a lone half, or a half next to a real character.
        high = f"\\u{rng.randint(0xD800, 0xDBFF):04X}"
        low = f"\\u{rng.randint(0xDC00, 0xDFFF):04x}"
        return rng.choice([high + low, high, low, high + "x", low + high])
    if kind == 4:
        return rng.choice(_CONTINUATIONS)
    return "\\" + ("'" if quote == '"' else '"')


def _string(rng: random.Random) -> str:
    quote = rng.choice(['"', "'"])
    other = "'" if quote == '"' else '"'
    parts = []
    for _ in range(rng.randint(0, 6)):
        roll = rng.random()
        if roll < 0.45:
            parts.append(rng.choice(_PLAIN_CHARS))
        elif roll < 0.55:
            parts.append(other)
        else:
            parts.append(_escape(rng, quote))
    return quote + "".join(parts) + quote


def _identifier(rng: random.Random) -> str:
    def char(pool: str) -> str:
        c = rng.choice(pool)
        # Identifiers may spell any of their characters as a \uXXXX escape.
        if rng.random() < 0.15 and ord(c) <= 0xFFFF and c not in "\u0301\u200c\u200d\u0660":
            return f"\\u{ord(c):04x}"
        return c

    name = char(_IDENT_START) + "".join(char(_IDENT_PART) for _ in range(rng.randint(0, 5)))
    # Reserved words are fine as JSON5 keys.
    return name if rng.random() > 0.1 else rng.choice(["null", "true", "Infinity", "NaN", "if", "$include"])


def _key(rng: random.Random) -> str:
    return _identifier(rng) if rng.random() < 0.5 else _string(rng)


def _value(rng: random.Random, depth: int) -> str:
    roll = rng.random()
    if depth >= 4 or roll < 0.45:
        kind = rng.randrange(3)
        if kind == 0:
            return rng.choice(_WORD_VALUES)
        if kind == 1:
            return _number(rng)
        return _string(rng)
    items = rng.randint(0, 4)
    if roll < 0.7:
        members = [_ws(rng) + _key(rng) + _ws(rng) + ":" + _ws(rng) + _value(rng, depth + 1) + _ws(rng)
                   for _ in range(items)]
        opener, closer = "{", "}"
    else:
        members = [_ws(rng) + _value(rng, depth + 1) + _ws(rng) for _ in range(items)]
        opener, closer = "[", "]"
    body = ",".join(members)
    if members and rng.random() < 0.4:
        body += "," + _ws(rng)
    return opener + body + closer


def document(rng: random.Random, max_depth: int = 4) -> str:
    """A valid JSON5 text: usually an object at the top, sometimes any value."""
    if rng.random() < 0.8:
        count = rng.randint(0, 5)
        members = [_ws(rng) + _key(rng) + _ws(rng) + ":" + _ws(rng) + _value(rng, 4 - max_depth + 1) + _ws(rng)
                   for _ in range(count)]
        body = "{" + ",".join(members) + ("," if members and rng.random() < 0.4 else "") + "}"
    else:
        body = _value(rng, 4 - max_depth)
    return _ws(rng) + body + _ws(rng)


def normalized(value: Any) -> Any:
    """A comparable form of a parsed value: NaN equal to NaN, key order kept, surrogate pairs
    combined (JavaScript strings are UTF-16; the json5 package leaves the halves separate)."""
    if isinstance(value, dict):
        return ("object", [(normalized(k), normalized(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("array", [normalized(v) for v in value])
    if isinstance(value, float):
        return ("nan",) if math.isnan(value) else ("number", value)
    if isinstance(value, bool) or value is None:
        return ("word", value)
    if isinstance(value, int):
        return ("number", value)
    if isinstance(value, str):
        return ("string", value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass"))
    return ("other", repr(value))


# --- mutating existing files ----------------------------------------------------------------------

_INTERESTING = [
    b"{", b"}", b"[", b"]", b":", b",", b'"', b"'", b"\\", b"/*", b"*/", b"//", b"\n", b"\r", b"\x00",
    b"\xff", b"\xfe\xff", b"\xef\xbb\xbf", b"\xc3", b"\xe2\x80\xa8", b"\xf0\x9f\x98", b"$include",
    b'"$include": "../x.json5"', b'"$include": "/dev/zero"', b'"$include": ["./a", "./a"]', b"${OPENAI_API_KEY}",
    b"${", b"$${X}", b"__proto__", b"constructor", b"NaN", b"-Infinity", b"0x", b"1e999999", b"9" * 40,
    b"\\u", b"\\ud800", b"\\x", b"null", b"true", b"[[[[[[[[", b"{a:{a:{a:", b"}}}}", b"\xe2\x80\x8b",
    b'"agents": {"list": [{"id": "main"}]}', b'"models": {"providers": {}}', b'"primary": "x/y"',
    b'"cacheRetention": "long"', b'"apiKey": {"source": "env", "id": "X"}',
]
_TOKEN_BOUNDARIES = b' \t\r\n{}[]:,"\''


def _tokens(data: bytes) -> list[tuple[int, int]]:
    """Rough token ranges: runs between JSON punctuation and whitespace."""
    spans = []
    start = None
    for index, byte in enumerate(data):
        if byte in _TOKEN_BOUNDARIES:
            if start is not None:
                spans.append((start, index))
                start = None
            spans.append((index, index + 1))
        elif start is None:
            start = index
    if start is not None:
        spans.append((start, len(data)))
    return spans


def mutate_once(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return rng.choice(_INTERESTING)
    kind = rng.randrange(8)
    at = rng.randrange(len(data) + 1)
    if kind == 0:                                   # flip bits in one byte
        index = min(at, len(data) - 1)
        return data[:index] + bytes([data[index] ^ (1 << rng.randrange(8))]) + data[index + 1:]
    if kind == 1:                                   # a random byte
        index = min(at, len(data) - 1)
        return data[:index] + bytes([rng.randrange(256)]) + data[index + 1:]
    if kind == 2:                                   # truncate
        return data[:at]
    if kind == 3:                                   # insert something with meaning
        return data[:at] + rng.choice(_INTERESTING) + data[at:]
    if kind == 4:                                   # delete a range
        end = min(len(data), at + rng.randint(1, 64))
        return data[:at] + data[end:]
    if kind == 5:                                   # duplicate a range
        end = min(len(data), at + rng.randint(1, 256))
        return data[:end] + data[at:end] + data[end:]
    tokens = _tokens(data)
    if len(tokens) < 2:
        return data[:at]
    if kind == 6:                                   # swap two tokens
        first, second = sorted(rng.sample(range(len(tokens)), 2))
        (a0, a1), (b0, b1) = tokens[first], tokens[second]
        return data[:a0] + data[b0:b1] + data[a1:b0] + data[a0:a1] + data[b1:]
    # copy one token over another
    (a0, a1), (b0, b1) = rng.choice(tokens), rng.choice(tokens)
    return data[:a0] + data[b0:b1] + data[a1:]


def mutate(rng: random.Random, data: bytes, rounds: int | None = None) -> bytes:
    for _ in range(rounds if rounds is not None else rng.randint(1, 4)):
        data = mutate_once(rng, data)
    return data
