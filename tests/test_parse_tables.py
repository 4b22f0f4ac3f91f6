"""The generated parser tables (oclc/json5/_tables.py) match the grammar (oclc/json5/grammar.lark)."""
from __future__ import annotations

import hashlib
import re
import unicodedata

import pytest

from oclc.json5 import _tables as tables
from oclc.json5 import _unicode as unicode
from oclc.json5._build import GRAMMAR, OUTPUT, UNICODE_OUTPUT


def test_tables_were_built_from_this_grammar():
    assert tables.GRAMMAR_SHA256 == hashlib.sha256(GRAMMAR.read_bytes()).hexdigest(), (
        "oclc/json5/grammar.lark changed: run `python -m oclc.json5._build`")


def test_generated_files_are_exactly_what_the_build_writes():
    pytest.importorskip("lark")
    if unicodedata.unidata_version != unicode.UNIDATA_VERSION:
        pytest.skip(f"the files hold Unicode {unicode.UNIDATA_VERSION} identifier classes; "
                    f"this Python has {unicodedata.unidata_version}")
    from oclc.json5._build import generate

    hot, cold = generate()
    assert OUTPUT.read_text(encoding="utf-8") == hot, "run `python -m oclc.json5._build`"
    assert UNICODE_OUTPUT.read_text(encoding="utf-8") == cold, "run `python -m oclc.json5._build`"


def test_ascii_and_unicode_tokenizers_have_the_same_groups():
    assert re.compile(tables.TOKEN_PATTERN).groups == re.compile(unicode.TOKEN_PATTERN).groups
    assert re.compile(tables.TOKEN_PATTERN).groups == len(tables.TERMINAL_OF_GROUP) - 1


def test_every_group_is_classified():
    groups = len(tables.TERMINAL_OF_GROUP)
    for table in (tables.SCALAR_KIND, tables.SCALAR_GROUP, tables.KEY_GROUP):
        assert len(table) == groups
    assert all(len(row) == groups for row in tables.ACTION_BY_GROUP)


# --- the tokenizers' compiled code, kept between runs (parser.compiled_tokenizer) ------------------

@pytest.mark.parametrize("pattern", [tables.TOKEN_PATTERN, unicode.TOKEN_PATTERN, unicode.FINE_PATTERN],
                         ids=["token", "unicode-token", "fine-token"])
def test_kept_tokenizer_code_gives_the_compiled_pattern(tmp_path, monkeypatch, pattern):
    import sys

    from oclc.json5 import parser

    kept = tmp_path / "__pycache__" / "kept.marshal"
    monkeypatch.setattr(parser, "_kept_code_path", lambda name: str(kept))
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    expected = re.compile(pattern)
    assert parser.compiled_tokenizer(pattern, "kept") == expected      # compiled, and kept
    assert kept.is_file()
    compile_calls = []
    monkeypatch.setattr(re, "compile", lambda *args: compile_calls.append(args))
    assert parser.compiled_tokenizer(pattern, "kept") == expected      # read back, not compiled
    assert compile_calls == []


def test_a_bad_kept_file_is_compiled_over(tmp_path, monkeypatch):
    import marshal
    import sys

    from oclc.json5 import parser

    kept = tmp_path / "kept.marshal"
    monkeypatch.setattr(parser, "_kept_code_path", lambda name: str(kept))
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    expected = re.compile(tables.TOKEN_PATTERN)
    other = re.compile("x")
    for content in (b"", b"\x00garbage", marshal.dumps(("x", 32, [1, 2], 0, {}, (None,))),
                    marshal.dumps((tables.TOKEN_PATTERN, 32, [17, 0], 0, {}, (None,)))):
        kept.write_bytes(content)
        found = parser.compiled_tokenizer(tables.TOKEN_PATTERN, "kept")
        assert found == expected and found != other
    # the file compiled over is the right one now
    assert parser._from_kept_code(str(kept), tables.TOKEN_PATTERN) == expected


def test_no_kept_file_where_python_writes_no_bytecode(tmp_path, monkeypatch):
    import sys

    from oclc.json5 import parser

    kept = tmp_path / "kept.marshal"
    monkeypatch.setattr(parser, "_kept_code_path", lambda name: str(kept))
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert parser.compiled_tokenizer(tables.TOKEN_PATTERN, "kept") == re.compile(tables.TOKEN_PATTERN)
    assert not kept.exists()


def test_the_kept_code_lives_in_the_user_cache_directory(tmp_path, monkeypatch):
    import sys

    from oclc.json5 import parser

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = parser._kept_code_path("token")
    assert path.startswith(str(tmp_path / "oclc" / "regex" / "token."))
    assert sys.implementation.cache_tag in path
    monkeypatch.setenv("XDG_CACHE_HOME", "")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert parser._kept_code_path("token").startswith(str(tmp_path / "home" / ".cache" / "oclc" / "regex"))
