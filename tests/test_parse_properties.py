"""Property tests for oclc.json5.parser: generated JSON, JSON5 rewrites of it, and token soup."""
from __future__ import annotations

import json
import math

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from oclc.json5.parser import ParseError, loads, parse  # noqa: E402
from oclc.source import Source  # noqa: E402

from test_parse_conformance import same  # noqa: E402

scalars = (st.none() | st.booleans() | st.integers(-10**20, 10**20)
           | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=12))
keys = st.text(max_size=8)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(keys, inner, max_size=4), max_leaves=25)

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(values, st.sampled_from([None, 0, 2]), st.booleans())
def test_json_text_gives_the_json_value(value, indent, ascii_only):
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only)
    assert same(loads(text), json.loads(text))


def _json5(value, quote: str, trailing: bool, comments: bool) -> str:
    """A JSON5 spelling of `value`: unquoted keys where possible, the given quote, trailing commas."""
    sep = ", /* c */ " if comments else ", "
    end = "," if trailing else ""
    if isinstance(value, dict):
        members = []
        for key, item in value.items():
            written = key if key.isidentifier() and key.isascii() else _string(key, quote)
            members.append(f"{written}: {_json5(item, quote, trailing, comments)}")
        return "{" + sep.join(members) + (end if members else "") + "}"
    if isinstance(value, list):
        items = [_json5(item, quote, trailing, comments) for item in value]
        return "[" + sep.join(items) + (end if items else "") + "]"
    if isinstance(value, str):
        return _string(value, quote)
    return json.dumps(value)


def _string(text: str, quote: str) -> str:
    body = json.dumps(text)[1:-1]
    if quote == "'":
        body = body.replace('\\"', '"').replace("'", "\\'")
    return quote + body + quote


@SETTINGS
@given(values, st.sampled_from(['"', "'"]), st.booleans(), st.booleans())
def test_json5_spelling_gives_the_same_value(value, quote, trailing, comments):
    assert same(loads(_json5(value, quote, trailing, comments)), value)


@SETTINGS
@given(values)
def test_every_path_has_a_span_that_reads_back_its_value(value):
    text = json.dumps(value, indent=1)
    document = parse(Source("t", text))

    def walk(node, path):
        yield path, node
        if isinstance(node, dict):
            for key, item in node.items():
                yield from walk(item, path + (key,))
        elif isinstance(node, list):
            for index, item in enumerate(node):
                yield from walk(item, path + (index,))

    paths = dict(walk(document.value, ()))
    assert set(document.values) == set(paths)
    for path, node in paths.items():
        start, end = document.values.offsets(path)
        assert same(json.loads(text[start:end]), node)
        if path and isinstance(path[-1], str):
            start, end = document.keys.offsets(path)
            assert json.loads(text[start:end]) == path[-1]


TOKENS = ["{", "}", "[", "]", ":", ",", " ", "\n", "\r", "\u2028", "a", "$b", '"s"', "'t'", '"\\u0041"',
          "1", "-2", "0x1F", ".5", "5.", "1e3", "+Infinity", "NaN", "true", "null", "// c\n", "/* c */",
          "\\", "\0", "\ud800", "é", '"', "'", "/", "*", "01", "\u00a0", "\\u0062"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=14))
def test_token_soup_agrees_with_json5_and_raises_only_parse_error(parts):
    import json5

    text = "".join(parts)
    try:
        expected = ("ok", json5.loads(text))
    except Exception:
        expected = ("error", None)
    try:
        got = ("ok", loads(text))
    except ParseError as exc:
        assert exc.line >= 1 and exc.column >= 1 and 0 <= exc.offset <= len(text)
        got = ("error", None)
    if expected[0] == "ok" and got[0] == "error" and "\\u" in text and expected[1] is not None:
        # json5 accepts escapes in unquoted keys that give non-identifier characters; JSON5
        # (and OpenClaw's json5) refuse them.
        return
    assert got[0] == expected[0], text
    if got[0] == "ok":
        assert same(got[1], expected[1]) or _only_surrogates_differ(got[1], expected[1])


def _only_surrogates_differ(ours, theirs) -> bool:
    from test_parse_conformance import _combine_surrogates

    return same(ours, _combine_surrogates(theirs))


def test_nan_and_infinity_round_trip():
    value = loads("[NaN, Infinity, -Infinity]")
    assert math.isnan(value[0]) and value[1:] == [math.inf, -math.inf]
