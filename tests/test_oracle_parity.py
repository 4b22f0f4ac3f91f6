"""oclc predicts the real validator: OpenClaw refuses a config <=> oclc reports a structural error
(OC1xx/OC2xx error), and every issue OpenClaw names is covered by an oclc error at that path.

Cases and the coverage rule: tests/paritylib.py and oclc.oracle.covers. Fixture verdicts come
from tests/oracle_cache/; a fixture without a cached verdict runs the live oracle once (skipped
when the oracle is not installed; set OCLC_REQUIRE_ORACLE=1 to make that a failure instead).
"""
from __future__ import annotations

import os
from types import SimpleNamespace

import pytest

from paritylib import ALLOWED_DIFFERENCES, all_cases, describe, evaluate
from oclc.diagnostics import ERROR, WARNING
from oclc.oracle import covers

CASES = all_cases()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_oracle_parity(case):
    outcome = evaluate(case)
    if outcome.error:
        if os.environ.get("OCLC_REQUIRE_ORACLE"):
            pytest.fail(describe(outcome))
        pytest.skip(describe(outcome))
    if case.id in ALLOWED_DIFFERENCES:
        assert not outcome.agrees, f"{case.id} agrees now: remove it from ALLOWED_DIFFERENCES"
        return
    assert outcome.agrees, describe(outcome)


def test_allow_list_names_real_cases():
    ids = {case.id for case in CASES}
    assert set(ALLOWED_DIFFERENCES) <= ids, sorted(set(ALLOWED_DIFFERENCES) - ids)


def _diag(code, path, severity=ERROR):
    from oclc.diagnostics import Diagnostic

    return Diagnostic(code=code, name="x", severity=severity, message="m", path=tuple(path))


def test_coverage_rule():
    unknown = {"path": "agents", "message": 'Unrecognized key: "bogusKey"'}
    assert covers([_diag("OC201", ("agents", "bogusKey"))], unknown)
    assert covers([_diag("OC201", ("agents",))], unknown)
    assert not covers([_diag("OC201", ("agents", "other"))], unknown)
    assert not covers([_diag("OC201", ("agents", "bogusKey"), WARNING)], unknown)
    assert not covers([_diag("OC501", ("agents", "bogusKey"))], unknown)  # not a structural code
    include = {"path": "<root>", "message": "Failed to read include file: ./x.json5"}
    assert covers([_diag("OC110", ("$include",))], include)
    assert not covers([_diag("OC210", ("agents", "entries"))], include)
    root_key = {"path": "<root>", "message": 'Unrecognized key: "heartbeat"'}
    assert covers([_diag("OC201", ("heartbeat",))], root_key)
    assert not covers([_diag("OC110", ())], {"path": "gateway.port", "message": "Too small"})
    exact = {"path": "bindings.0.agentId", "message": 'Unknown agent id "ghost"'}
    assert covers([SimpleNamespace(is_structural=True, code="OC215", resolved_path=("bindings", 0, "agentId"))], exact)


def test_union_failures_are_covered_from_below():
    union = {"path": "bindings.2", "message": 'Invalid input (allowed: "direct", "group", "channel", "acp")'}
    assert covers([_diag("OC204", ("bindings", 2, "match", "peer", "kind"))], union)
    assert not covers([_diag("OC204", ("bindings", 3, "match"))], union)
    typed = {"path": "gateway", "message": "Invalid input: expected object, received string"}
    assert not covers([_diag("OC203", ("gateway", "port"))], typed)


def test_required_member_issue_is_covered_by_its_object():
    missing = {"path": "channels.discord.token.source", "message": "invalid config: must have required property 'source'"}
    assert covers([_diag("OC224", ("channels", "discord", "token"))], missing)
    assert covers([_diag("OC224", ("channels", "discord", "token", "source"))], missing)
    assert not covers([_diag("OC224", ("channels", "discord"))], missing)
