"""Every registered rule is documented: a well-formed code and name, a one-line summary, and docs
that show an example and say how to fix it (what `oclc rule CODE` prints)."""
from __future__ import annotations

import re

import pytest

from oclc.rules import all_rules

RULES = all_rules()


def test_registry_is_not_empty():
    assert len(RULES) > 50


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_is_documented(rule):
    assert re.fullmatch(r"OC\d{3}", rule.code), rule.code
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", rule.name), f"{rule.code}: name {rule.name!r} is not kebab-case"
    summary = rule.summary
    assert summary.strip() and summary == summary.strip() and "\n" not in summary, \
        f"{rule.code}: summary must be one non-empty line"
    assert "Example" in rule.docs, f"{rule.code}: docs have no example"
    assert "Fix" in rule.docs, f"{rule.code}: docs do not say how to fix it"


def test_names_are_unique():
    names = [r.name for r in RULES]
    assert len(names) == len(set(names))
