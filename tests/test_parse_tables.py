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
