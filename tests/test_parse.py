"""oclc.json5.parser: values, spans, comments, duplicates, error messages, hostile input."""
from __future__ import annotations

import math
import subprocess
import sys

import pytest

from oclc.json5.parser import MAX_NESTING, ParseError, loads, parse
from oclc.source import Source


def doc(text: str):
    return parse(Source("t.json5", text))


def error(text: str) -> ParseError:
    with pytest.raises(ParseError) as caught:
        loads(text)
    return caught.value


# --- values where the json5 package is wrong or silent ------------------------------------------

def test_surrogate_pair_escape_is_one_character():
    assert loads(r'"\ud83e\udd9e"') == "\U0001F99E"
    assert len(loads(r'"\uD83E\uDD9E"')) == 1
    assert loads(r'{"\ud83e\udd9e": 1}') == {"\U0001F99E": 1}


def test_lone_surrogate_escapes_stay_lone():
    assert loads(r'"\ud800"') == "\ud800"
    assert loads(r'"\udc00\ud800"') == "\udc00\ud800"  # wrong order: not a pair


def test_lone_surrogate_in_text_inside_a_string_is_kept():
    assert loads('"\ud800"') == "\ud800"


def test_lone_surrogate_in_text_outside_a_string_is_an_error():
    err = error('{"a": 1}\ud800')
    assert "U+D800" in err.message
    assert (err.line, err.column, err.offset) == (1, 9, 8)


@pytest.mark.parametrize("text, value", [
    (r'"\x41"', "A"),
    (r'"\0"', "\0"),
    (r'"a\0b"', "a\0b"),
    (r'"\a\c\d\'"', "acd'"),
    (r"'\"'", '"'),
    (r'"\b\f\n\r\t\v\\\/"', "\b\f\n\r\t\v\\/"),
    (r'"\u00e9"', "\u00e9"),
])
def test_escapes(text, value):
    assert loads(text) == value


@pytest.mark.parametrize("text, message", [
    (r'"\1"', "invalid escape '\\1'"),
    (r'"\01"', "invalid escape '\\01'"),
    (r'"\x4"', "\\x must be followed by 2 hexadecimal digits"),
    (r'"\u12"', "\\u must be followed by exactly 4 hexadecimal digits"),
])
def test_bad_escapes_are_errors_at_the_escape(text, message):
    err = error(text)
    assert message in err.message
    assert err.offset == 1 and err.column == 2


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r", "\u2028", "\u2029"])
def test_line_continuation(newline):
    assert loads(f'"ab\\{newline}cd"') == "abcd"


def test_u2028_and_u2029_are_allowed_raw_in_strings():
    assert loads('"a\u2028b\u2029c"') == "a\u2028b\u2029c"


def test_raw_line_break_after_a_continuation_is_found():
    err = error('{a: "x\\\ny\nz"}')
    assert err.message.startswith("unterminated string") and (err.line, err.column) == (2, 2)


@pytest.mark.parametrize("newline", ["\n", "\r"])
def test_raw_line_break_in_string_is_an_error(newline):
    err = error(f'{{a: "x{newline}y"}}')
    assert err.message.startswith("unterminated string")
    assert err.offset == 6


@pytest.mark.parametrize("text, value", [
    ("Infinity", math.inf), ("-Infinity", -math.inf), ("+Infinity", math.inf),
    ("0x1F", 31), ("-0x10", -16), ("+0X1f", 31), ("+1", 1), (".5", 0.5), ("5.", 5.0),
    ("-.5e1", -5.0), ("1e400", math.inf), ("-0", 0), ("1E+3", 1000.0), ("0", 0),
])
def test_numbers(text, value):
    got = loads(text)
    assert got == value and type(got) is type(value)


@pytest.mark.parametrize("text", ["NaN", "-NaN", "+NaN"])
def test_nan(text):
    assert math.isnan(loads(text))


def test_minus_zero_float_keeps_its_sign():
    assert math.copysign(1, loads("-0.0")) == -1


@pytest.mark.parametrize("text", ["01", "-01", "0x", "1.5e", ".", "+", "--1", "1_000", "infinity", "nan",
                                  "True", "undefined"])
def test_bad_numbers_and_words(text):
    error(text)


def test_whole_number_after_member_keeps_its_digits():
    # a fused `key: number` token must not stop inside the number
    assert loads("{a: 18.75, b: 12e1, c: 100}") == {"a": 18.75, "b": 120.0, "c": 100}


def test_keys_that_look_like_literals():
    assert loads("{true: 1, null: 2, Infinity: 3, NaN: 4}") == {"true": 1, "null": 2, "Infinity": 3, "NaN": 4}


def test_unicode_identifiers():
    assert loads("{é: 1, ab\u0301: 2, a\u200cb: 3, \u216b: 4, $_x: 5}") == {
        "é": 1, "ab\u0301": 2, "a\u200cb": 3, "\u216b": 4, "$_x": 5}
    assert loads(r"{\u0061b: 1, a\u0062: 2}") == {"ab": 1}  | {"ab": 2}


def test_identifier_escape_must_give_an_identifier_character():
    assert "quote the key" in error(r"{\u0031: 1}").message


def test_non_identifier_character_in_key_is_an_error():
    assert error("{a\u00b2: 1}").column == 3


@pytest.mark.parametrize("space", ["\u00a0", "\ufeff", "\u3000", "\u1680", "\u2028", "\u2029", "\v", "\f"])
def test_unicode_whitespace(space):
    assert loads(f"{space}{{{space}a{space}:{space}1{space}}}{space}") == {"a": 1}


def test_duplicate_keys_last_wins():
    assert loads('{"a": 1, "b": 2, "a": 3}') == {"a": 3, "b": 2}


# --- spans -------------------------------------------------------------------------------------

def test_spans_of_keys_and_values():
    text = '{\n  gateway: { port: 18789, "mode": \'local\' },\n  list: [1, {x: true}],\n}\n'
    d = doc(text)
    assert d.value == {"gateway": {"port": 18789, "mode": "local"}, "list": [1, {"x": True}]}

    def at(span):
        return text[span.start:span.end]

    assert at(d.values[()]) == text.strip()
    assert at(d.keys[("gateway",)]) == "gateway"
    assert at(d.values[("gateway",)]) == "{ port: 18789, \"mode\": 'local' }"
    assert at(d.keys[("gateway", "port")]) == "port"
    assert at(d.values[("gateway", "port")]) == "18789"
    assert at(d.keys[("gateway", "mode")]) == '"mode"'
    assert at(d.values[("gateway", "mode")]) == "'local'"
    assert at(d.values[("list", 0)]) == "1"
    assert at(d.values[("list", 1)]) == "{x: true}"
    assert at(d.values[("list", 1, "x")]) == "true"
    assert ("list", 0) not in d.keys
    port = d.values[("gateway", "port")]
    assert (port.line, port.column, port.end_line, port.end_column) == (2, 20, 2, 25)
    assert set(d.values) == {(), ("gateway",), ("gateway", "port"), ("gateway", "mode"), ("list",),
                             ("list", 0), ("list", 1), ("list", 1, "x")}


def test_spans_with_comments_between_key_and_value():
    text = '{a /* c1 */ : /* c2 */ "v" /* c3 */ , b\n:\n[ 1 /* c4 */ , ], }'
    d = doc(text)
    assert d.value == {"a": "v", "b": [1]}
    assert text[slice(*d.values.offsets(("a",)))] == '"v"'
    assert text[slice(*d.keys.offsets(("b",)))] == "b"
    assert [c.text for c in d.comments] == ["/* c1 */", "/* c2 */", "/* c3 */", "/* c4 */"]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r", "\u2028", "\u2029"])
def test_line_counting_with_every_line_terminator(newline):
    text = f"{{{newline}a: 1,{newline}// note{newline}b: 2}}"
    d = doc(text)
    assert (d.keys[("b",)].line, d.keys[("b",)].column) == (4, 1)
    assert (d.comments[0].span.line, d.comments[0].span.column) == (3, 1)
    assert d.comments[0].text == "// note"


def test_line_continuation_with_crlf_moves_to_the_next_line():
    text = '{a: "x\\\r\ny", b: 1}'
    d = doc(text)
    assert d.value == {"a": "xy", "b": 1}
    assert (d.keys[("b",)].line, d.keys[("b",)].column) == (2, 5)


def test_columns_count_characters_not_bytes():
    d = doc('{"🦞é": "ü", x: 1}')
    assert d.keys[("x",)].column == 13


def test_duplicates_reported_with_both_spans_and_last_spans_kept():
    text = '{\n  a: {x: 1, y: 2},\n  b: 0,\n  a: {x: 3},\n}'
    d = doc(text)
    assert d.value == {"a": {"x": 3}, "b": 0}
    [dup] = d.duplicates
    assert dup.path == ("a",)
    assert (dup.first.line, dup.first.column) == (2, 3)
    assert (dup.second.line, dup.second.column) == (4, 3)
    assert d.keys[("a",)].line == 4
    assert d.values[("a", "x")].line == 4
    assert ("a", "y") not in d.values  # replaced with the first value


@pytest.mark.parametrize("text", ['{a: 1, a: 2}', '{a: 1, a: [2]}', '{a: 1, "a": {}}', "{a: 1, a\n:\n2}"])
def test_duplicate_in_every_member_form(text):
    d = doc(text)
    assert [dup.path for dup in d.duplicates] == [("a",)]


def test_nested_duplicate_path():
    d = doc("{o: {k: 1, k: 2}}")
    assert [dup.path for dup in d.duplicates] == [("o", "k")]


def test_span_map_is_a_mapping():
    d = doc("{a: [1, 2]}")
    assert len(d.values) == 4
    assert dict(d.values.items())[("a", 1)].start == 8
    assert d.values.get(("nope",)) is None


# --- error messages ------------------------------------------------------------------------------

@pytest.mark.parametrize("text, message, position", [
    ("{\n  port: 1 host: 2\n}", "expected ',' or '}' after the value of \"port\", found 'h'", (2, 11)),
    ("{port 1}", "expected ':' after the key \"port\", found '1'", (1, 7)),
    ("{port: }", "expected a value for the key \"port\", found '}'", (1, 8)),
    ("[1 2]", "expected ',' or ']' after item 1 of the array, found '2'", (1, 4)),
    ("{,}", "expected a key or '}', found ','", (1, 2)),
    ("{a: 1,,}", "expected a key or '}' after ',', found ','", (1, 7)),
    ("[,]", "expected a value or ']', found ','", (1, 2)),
    ('{a: 1} x', "unexpected 'x' after the end of the top-level value (which ends at 1:7)", (1, 8)),
    ("{mode: local}", "expected a value, found 'l'", (1, 8)),
    ('{"a": 1 "b": 2}', "expected ',' or '}' after the value of \"a\", found a string", (1, 9)),
    ("{a: 1}\0", "U+0000 (NUL)", (1, 7)),
    ("{a: /* x }", "unterminated comment", (1, 5)),
    ('{a: "x', "unterminated string", (1, 5)),
    ("{a: -}", "expected a value for the key \"a\", found '-'", (1, 5)),
    (r"{a\x: 1}", "unexpected '\\' outside a string", (1, 3)),
])
def test_error_messages(text, message, position):
    err = error(text)
    assert message in err.message
    assert (err.line, err.column) == position
    assert str(err).endswith(f" at {position[0]}:{position[1]}")


def test_unclosed_brace_names_the_brace():
    err = error('{\n  "a": {\n    "b": 1\n')
    assert err.message.startswith("unexpected end of input: '{' at 2:8 is never closed")
    assert (err.line, err.column) == (4, 1)


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "// only a comment\n", "/* c */", "\ufeff"])
def test_empty_documents_are_errors(text):
    assert "empty" in error(text).message


def test_error_message_does_not_echo_an_unquoted_secret():
    err = error("{apiKey: sk_live_abcdef123456}")
    assert "abcdef" not in str(err)


def test_parse_error_is_a_value_error_with_position():
    err = error("[1,")
    assert isinstance(err, ValueError)
    assert (err.line, err.column, err.offset) == (1, 4, 3)


# --- hostile input -------------------------------------------------------------------------------

@pytest.mark.parametrize("opener", ["[", "{a:"])
def test_deep_nesting_is_a_clear_error_not_a_recursion_error(opener):
    err = error(opener * 10_000)
    assert f"nesting deeper than {MAX_NESTING} levels" in err.message


def test_nesting_up_to_the_limit_parses():
    assert loads("[" * MAX_NESTING + "]" * MAX_NESTING) is not None


@pytest.mark.parametrize("text", ["\0", "{\0}", '{"a\0": 1}\0', "[\0]", "\ud800", "{\ud800: 1}", "1" * 5000,
                                  "[" * 300, "{" * 5000, '"' + "\\" * 10_001, "/*" * 1000, "\\u0000"])
def test_hostile_input_raises_only_parse_error(text):
    with pytest.raises(ParseError):
        loads(text)


def test_nul_inside_a_string_is_kept():
    assert loads('"a\0b"') == "a\0b"


def test_huge_integer_is_an_error():
    assert "too long" in error("1" * 5000).message


# --- start-up ------------------------------------------------------------------------------------

def test_import_does_not_load_lark_or_the_tables():
    code = ("import sys, oclc.json5.parser; "
            "print('lark' in sys.modules, 'oclc.json5._tables' in sys.modules); "
            "oclc.json5.parser.loads('{a: 1}'); print('lark' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False", "False"]
