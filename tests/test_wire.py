"""`oclc compile` against what real OpenClaw 2026.9.6 agent turns put on the wire.

Each file in tests/data/wire/recorded/ is one case recorded by scripts/record_wire.py: the config,
the credentials (kinds only), and every request of each agent turn. The test rebuilds the case
(config, environment, credential stores), runs oclc on it, and compares, per agent and model,
`cacheRetention.value` with the retention the requests carried and `honoured` with whether the
retention OpenClaw's own resolver gives went out. No live run is needed.
"""
from __future__ import annotations

import json

import pytest
from wirelib import (
    RECORDED,
    is_model_request,
    load,
    oclc_view,
    ran_claude_code,
    recordings,
    resolved,
    wire_truth,
)

CASES = recordings()


def test_there_are_recordings():
    # The comparison below must not pass by having nothing to compare.
    assert len(CASES) >= 30, RECORDED
    turns = [t for path in CASES for t in load(path)["recorded"]["turns"]]
    assert sum(1 for t in turns if ran_claude_code(t)) >= 5
    assert sum(1 for t in turns if not wire_truth(t)["honoured"]) >= 5


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_compile_agrees_with_the_wire(path, tmp_path):
    recording = load(path)
    view = oclc_view(recording, tmp_path)
    for turn, mine in zip(recording["recorded"]["turns"], view["views"]):
        truth = wire_truth(turn)
        cache = mine["cacheRetention"]
        assert cache is not None, f"oclc has no model {turn['ref']} for agent {turn['agent']}"
        where = f"{path.stem}, agent {turn['agent']}, {turn['ref']}"
        assert (cache["value"], cache["honoured"]) == (truth["value"], truth["honoured"]), where
        assert cache["setting"] == truth["setting"], where
        assert mine["runtime"] == truth["runtime"], where


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_compile_names_the_credential_the_wire_shows(path, tmp_path):
    recording = load(path)
    view = oclc_view(recording, tmp_path)
    for turn, mine in zip(recording["recorded"]["turns"], view["views"]):
        auth = wire_truth(turn)["auth"]
        if auth is None or not turn["ref"].startswith(("anthropic/", "claude-cli/")):
            continue
        where = f"{path.stem}, agent {turn['agent']}"
        if auth.startswith("x-api-key sk-ant-api03"):
            assert (mine["auth"], mine["subscription"]) == ("api_key", False), where
        else:
            assert auth.startswith("bearer sk-ant-oat01"), where
            assert mine["auth"] in ("token", "oauth") and mine["subscription"] is True, where


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_the_recording_is_consistent(path):
    """OpenClaw's debug log and its resolver, run apart, name the same retention; a turn on OpenClaw's
    transport reached the fake API; no recording holds a secret."""
    recording = load(path)
    text = path.read_text()
    assert "sk-ant-oat01-OOOO" not in text and "sk-ant-api03-AAAA" not in text and "SSSSSSSS" not in text
    for turn in recording["recorded"]["turns"]:
        logged = [v for v in turn["resolvedByOpenClaw"]]
        if logged:
            assert logged == [resolved(turn)], (path.stem, turn["agent"])
        if turn["rc"] == 0 and not ran_claude_code(turn):
            assert any(is_model_request(q) for q in turn["requests"]), (path.stem, turn["agent"])


def _invocations(name: str) -> list[dict]:
    turn = load(RECORDED / f"{name}.json")["recorded"]["turns"][0]
    return [inv for inv in turn["claudeInvocations"] if "-p" in inv["argv"] or "--print" in inv["argv"]]


def test_claude_cli_runtime_passes_no_cache_setting():
    """The Claude Code CLI gets the same arguments, environment and files whether cacheRetention is
    "none", "long" or unset: the setting never reaches it (the evidence behind honoured=false)."""
    runs = {name: _invocations(name) for name in ("claude-cli-token-unset", "claude-cli-token-none",
                                                   "claude-cli-token-long")}
    assert all(len(found) == 1 for found in runs.values()), {k: len(v) for k, v in runs.items()}
    shapes = {name: json.dumps(found[0], sort_keys=True) for name, found in runs.items()}
    assert len(set(shapes.values())) == 1, shapes
    invocation = runs["claude-cli-token-long"][0]
    assert not any("cache" in arg.lower() for arg in invocation["argv"])
    assert not any("CACHE" in name for name in invocation["env"])
    assert not any(info["mentionsCache"] for info in invocation["argFiles"].values())
    # ...while Claude Code's own requests do cache (its choice, not OpenClaw's).
    turn = load(RECORDED / "claude-cli-token-none.json")["recorded"]["turns"][0]
    assert any(q["cacheControl"] for q in turn["requests"] if is_model_request(q))


def test_subscription_gets_the_same_markers_as_an_api_key():
    for setting in ("unset", "none", "short", "long", "bogus"):
        key = load(RECORDED / f"anthropic-apikey-env-{setting}.json")["recorded"]["turns"][0]
        token = load(RECORDED / f"anthropic-token-{setting}.json")["recorded"]["turns"][0]
        assert wire_truth(key)["auth"].startswith("x-api-key")
        assert wire_truth(token)["auth"].startswith("bearer sk-ant-oat01")
        marks = [[m["ttl"] for m in q["cacheControl"]] for q in (key["requests"][0], token["requests"][0])]
        assert marks[0] == marks[1], setting
