"""Random JSON5 documents from the grammar, and mutations of existing files, for the fuzz tests
(tests/test_fuzz.py, driven by hypothesis) and the long fuzz run (scripts/fuzz.py).

Everything takes a `random.Random`, so hypothesis can drive it (`st.randoms()`) and a failing case
replays from its seed.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass
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


# --- hostile shapes (issue 13): long runs, escapes, combining marks, suppressions, env files, stores --

# Pieces that, repeated into a long run, once made some part of oclc super-linear, or could: word
# and space runs, quotes and backslashes, the JWT prefix, zero-width and wide characters, digits
# (durations), placeholder shapes, directive and key-like text, line breaks of every kind.
_RUN_PIECES = [
    "a", " ", "\t", "\\", '"', "'", '\\"', "\\\\", "eyJ", "\u0301", "\u200d", "\ufe0f", "1", "1.5", "x", "xxxx",
    "\u4e2d", "\U0001f600", "\u2028", "\r", "\r\n", "\n", "{", "[", "}", "/*", "*/", "//", ":", ",", "\\u0041",
    "\\x4", "${A}", "$${A}", "$", "a.", "apiKey: \"", "token: '", "oclc: ignore[OC401] ", "placeholder", "1m",
    "sk-ant-", "\x00", "\x7f", "\ud800", "-", "_", "#", "=", " #",
]
_RUN_LENGTHS = [8, 100, 1000, 3000]


def long_run(rng: random.Random, max_length: int | None = None) -> str:
    """One piece repeated, or a few pieces alternated, to a length up to a few thousand characters."""
    pieces = [rng.choice(_RUN_PIECES) for _ in range(rng.choice([1, 1, 1, 2, 3]))]
    unit = "".join(pieces)
    length = rng.choice(_RUN_LENGTHS) if max_length is None else rng.randint(1, max_length)
    return unit * max(1, length // len(unit))


def hostile_string(rng: random.Random) -> str:
    """A JSON5 string literal (valid or not) made of long runs, escapes and combining marks."""
    quote = rng.choice(['"', "'"])
    kind = rng.randrange(4)
    if kind == 0:
        body = long_run(rng)
    elif kind == 1:                                   # escapes, valid and invalid, many of them
        body = "".join(_escape(rng, quote) if rng.random() < 0.8 else rng.choice(["\\x1", "\\u12", "\\8", "\\"])
                       for _ in range(rng.choice([5, 200, 1500])))
    elif kind == 2:                                   # text with combining marks and joiners
        base = rng.choice(["nonee", "short", "anthropic/claude", "e\u0301", "\U0001f469"])
        body = base + "".join(rng.choice("\u0301\u0302\u0308\u200d\u20dd\ufe0f") for _ in range(rng.choice([3, 500, 3000])))
    else:
        body = _string(rng)[1:-1] + long_run(rng) + _string(rng)[1:-1]
    return quote + body.replace(quote, "\\" + quote) + (quote if rng.random() < 0.9 else "")


# Keys whose values oclc reads closely (secrets, durations, cache settings, model refs).
_HOSTILE_VALUE_PLACES = [
    '{ gateway: { auth: { token: %s } } }',
    '{ models: { providers: { p: { baseUrl: "http://x", apiKey: %s } } } }',
    '{ agents: { defaults: { heartbeat: { every: %s } } } }',
    '{ agents: { defaults: { model: { primary: %s } } } }',
    '{ agents: { defaults: { models: { "anthropic/claude-sonnet-4-6": { params: { cacheRetention: %s } } } } } }',
    '{ note: %s }',
    '{ env: { vars: { A: %s } } }',
    '{ agents: { list: [ { id: %s } ] } }',
]


def hostile_document(rng: random.Random, base: str | None = None) -> str:
    """A config with a hostile piece: a long run, a string of escapes or combining marks, in a
    value, a key, a comment, or loose in (and so breaking) the text of `base` (a real config)."""
    kind = rng.randrange(6)
    if kind == 0:
        return rng.choice(_HOSTILE_VALUE_PLACES) % hostile_string(rng)
    if kind == 1:
        key = long_run(rng) if rng.random() < 0.5 else hostile_string(rng)
        return "{ " + key + ": 1 }"
    if kind == 2:
        return '{ agents: { defaults: { models: { "a/b": { params: { cacheRetention: "nonee" } } } } }, // ' \
            + long_run(rng).replace("\n", " ") + "\n}"
    if kind == 3:
        return rng.choice(["{ ", "[", '{ "', "{ a: '", "{ a: /*", ""]) + long_run(rng)
    text = base if base is not None else document(rng)
    at = rng.randrange(len(text) + 1)
    if kind == 4:                                     # loose in the text
        return text[:at] + long_run(rng) + text[at:]
    quote = text.find('"', at)                        # most often inside a string
    at = quote + 1 if quote != -1 else at
    return text[:at] + hostile_string(rng)[1:-1] + text[at:]


_DIRECTIVE_CODES = ["OC401", "OC301", "OC502", "OC201", "OC901", "OC902", "OC101", "OC999", "oc401", "OC4",
                    "OC40", "XYZ", "", " ", "OC401,OC502", "OC401 OC301", "OC401,,", "OC\u0661\u0662\u0663"]


def suppression_comment(rng: random.Random) -> str:
    """An `oclc:` comment: a directive, valid or not (unknown or refusal codes, no codes, bad
    brackets), as a line or block comment."""
    kind = rng.choice(["ignore", "ignore", "ignore-file", "IGNORE", "ignore-line", "", "ignore "])
    codes = ", ".join(rng.choice(_DIRECTIVE_CODES) for _ in range(rng.randint(0, 3)))
    body = f"oclc: {kind}[{codes}]" + rng.choice(["", " reason", " a ] b", "[", "\u0301", " " + long_run(rng, 50)])
    if rng.random() < 0.15:
        body = rng.choice(["oclc:", "oclc ignore[OC401]", "oclc: ignore OC401", "OCLC :ignore[OC401]"])
    if rng.random() < 0.6:
        return "// " + body.replace("\n", " ").replace("\r", " ").replace("\u2028", " ").replace("\u2029", " ")
    return "/* " + body.replace("*/", "* /") + (" */" if rng.random() < 0.97 else "")


def with_suppressions(rng: random.Random, text: str) -> str:
    """`text` with suppression comments at line starts and ends, sometimes hundreds of them."""
    lines = text.split("\n")
    for _ in range(rng.choice([1, 3, 10, 300])):
        index = rng.randrange(len(lines))
        comment = suppression_comment(rng)
        if rng.random() < 0.5 or comment.startswith("/*"):
            lines.insert(index, comment)
        else:
            lines[index] = lines[index] + " " + comment
    return "\n".join(lines)


_ENV_NAMES = ["OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GATEWAY_TOKEN", "A", "HOME", "OPENCLAW_INCLUDE_ROOTS",
              "TELEGRAM_BOT_TOKEN", "_", "lower", "X1"]


def env_file(rng: random.Random) -> bytes:
    """A dotenv file: assignments (export, quotes, escapes, comments), junk lines, long runs, odd
    line breaks, a BOM, and sometimes bytes that are not UTF-8."""
    lines = []
    for _ in range(rng.choice([0, 1, 5, 30])):
        name = rng.choice(_ENV_NAMES)
        value = rng.choice(["sk-test-not-real", "", "${A}", "a b", "x # comment", long_run(rng),
                            '"quoted \\n value" # c', "'single'", '"unterminated', "'", '"\\"', "=", "a=b"])
        line = rng.choice(["", "export ", "  ", "export\t"]) + name + rng.choice(["=", " = ", "=\t", " ="]) + value
        if rng.random() < 0.1:
            line = rng.choice(["# comment", "junk", "=x", "export", "1A=x", long_run(rng), ""])
        lines.append(line)
    text = rng.choice(["\n", "\r\n", "\r"]).join(lines)
    data = text.encode("utf-8", "surrogatepass")
    if rng.random() < 0.05:
        data = b"\xef\xbb\xbf" + data
    if rng.random() < 0.05:
        data = mutate(rng, data)
    return data


def store_json(rng: random.Random, base: bytes | None = None) -> str:
    """The text of a credential store (auth-profiles JSON): `base` (a real one) mutated, or a made-up
    store with odd shapes (wrong types, huge numbers, deep nesting, long strings)."""
    if base is not None and rng.random() < 0.5:
        return mutate(rng, base).decode("utf-8", "replace")
    profile = rng.choice([
        {"type": "api_key", "provider": "anthropic", "key": "sk-ant-not-a-real-key-000000"},
        {"type": "oauth", "provider": "openai-codex", "access": "a", "refresh": "r", "expires": rng.choice([0, -1, 10**30, 1.5, "soon", None])},
        {"type": "token", "provider": rng.choice(["anthropic", "", None, 1, "x" * 3000]), "token": long_run(rng)},
        {"mode": "apiKey", "apiKey": {"source": "env", "id": "A"}},
        {"keyRef": {"source": "file", "id": long_run(rng)}}, [], "x", None, 7,
    ])
    store: Any = {
        "version": rng.choice([1, 2, "1", None]),
        "profiles": {rng.choice(["anthropic:default", "openai:x", long_run(rng, 200), ""]): profile
                     for _ in range(rng.randint(0, 4))},
        "order": rng.choice([{}, {"anthropic": ["anthropic:default", 1, None]}, [], {"x": "y"}]),
        "usageStats": rng.choice([{}, {"anthropic:default": {"cooldownUntil": 10**13, "disabledUntil": "x"}}, 5]),
    }
    if rng.random() < 0.1:
        store = rng.choice([[], "text", 1, None, {"profiles": "x"}])
    import json

    text = json.dumps(store)
    if rng.random() < 0.05:
        text = "[" * rng.choice([10, 5000]) + "]" * rng.choice([10, 5000])
    return text


@dataclass
class HostileCase:
    """One fuzz input for the whole command line: a config, and maybe an env file and a state
    directory (agent id -> store text, "shared" -> the state DB's store, "legacy:<id>" -> a
    retired JSON file's bytes, "garbage:<id>" -> bytes where an agent's SQLite file should be)."""

    config: bytes
    env_file: bytes | None = None
    state: dict[str, str | bytes] | None = None
    output: str = "text"
    command: str = "lint"


_OUTPUTS = ["text", "text", "concise", "json", "sarif", "github", "junit"]


def hostile_case(rng: random.Random, configs: list[bytes], stores: list[bytes]) -> HostileCase:
    """A random HostileCase built from real configs and real credential stores (either may be empty)."""
    base = rng.choice(configs).decode("utf-8", "replace") if configs and rng.random() < 0.6 else None
    kind = rng.randrange(5)
    if kind == 0:
        config = hostile_document(rng, base)
    elif kind == 1:
        config = with_suppressions(rng, base if base is not None else document(rng))
    else:
        config = base if base is not None else document(rng)
        if rng.random() < 0.5:
            config = hostile_document(rng, config)
    data = config.encode("utf-8", "surrogatepass")
    if rng.random() < 0.2:
        data = mutate(rng, data)
    case = HostileCase(data, output=rng.choice(_OUTPUTS),
                       command=rng.choice(["lint"] * 6 + ["compile", "explain"]))
    if kind == 2 or rng.random() < 0.1:
        case.env_file = env_file(rng)
    if kind == 3 or rng.random() < 0.1:
        state: dict[str, str | bytes] = {}
        for agent_id in rng.sample(["main", "work", "ops"], rng.randint(0, 3)):
            state[agent_id] = store_json(rng, rng.choice(stores) if stores else None)
        if rng.random() < 0.5:
            state["shared"] = store_json(rng, rng.choice(stores) if stores else None)
        if rng.random() < 0.2:
            state["legacy:main"] = store_json(rng, rng.choice(stores) if stores else None).encode("utf-8", "replace")
        if rng.random() < 0.1:
            state["garbage:work"] = mutate(rng, b"SQLite format 3\x00" + bytes(200))
        case.state = state
    return case
