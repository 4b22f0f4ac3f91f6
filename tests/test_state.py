"""oclc.resolve.state: OpenClaw's credential stores read without writing, and without keeping secrets."""
from __future__ import annotations

import json
import os

from statelib import api_key, store, write_agent_store, write_shared_store

from oclc.resolve.state import read_legacy_file, read_state


def test_state_db_shared_store(tmp_path):
    write_shared_store(tmp_path, store(anthropic__manual=api_key("anthropic", "sk-secret-value")))
    state = read_state(str(tmp_path))
    assert state.shared_location == "state-db"
    profile = state.shared.profiles["anthropic:manual"]
    assert (profile.provider, profile.type, profile.has_secret) == ("anthropic", "api_key", True)
    assert "sk-secret-value" not in repr(state)


def test_legacy_main_when_no_marker(tmp_path):
    write_shared_store(tmp_path, None, location=None)
    write_agent_store(tmp_path, "main", store(openai__default=api_key("openai")))
    state = read_state(str(tmp_path))
    assert state.shared_location == "legacy-main" and state.shared is None
    agent = state.agent_store(state.default_agent_dir("main"))
    assert agent.exists and list(agent.profiles) == ["openai:default"]


def test_missing_agent_store_is_empty_not_an_error(tmp_path):
    state = read_state(str(tmp_path))
    agent = state.agent_store(str(tmp_path / "agents" / "ghost" / "agent"))
    assert not agent.exists and agent.profiles == {} and agent.error is None


def test_read_only_open_leaves_files_untouched(tmp_path):
    path = write_agent_store(tmp_path, "main", store(a__b=api_key("anthropic")))
    before = sorted(os.listdir(path.parent)), path.stat().st_mtime_ns
    read_state(str(tmp_path)).agent_store(str(path.parent))
    assert (sorted(os.listdir(path.parent)), path.stat().st_mtime_ns) == before


def test_corrupt_database_gives_an_error_not_a_crash(tmp_path):
    directory = tmp_path / "agents" / "main" / "agent"
    directory.mkdir(parents=True)
    (directory / "openclaw-agent.sqlite").write_bytes(b"not a database at all" * 10)
    agent = read_state(str(tmp_path)).agent_store(str(directory))
    assert agent.error and agent.profiles == {}


def test_expiry_cooldown_and_types(tmp_path):
    write_agent_store(tmp_path, "main", {
        "version": 1,
        "profiles": {"anthropic:sub": {"type": "token", "provider": "anthropic", "token": "t", "expires": 1000},
                     "openai:codex": {"type": "oauth", "provider": "openai", "access": "a", "refresh": "r",
                                      "expires": 99999999999999}},
        "usageStats": {"anthropic:sub": {"cooldownUntil": 5000, "disabledUntil": 7000}},
    })
    agent = read_state(str(tmp_path)).agent_store(str(tmp_path / "agents" / "main" / "agent"))
    assert agent.profiles["anthropic:sub"].expired(2000)
    assert not agent.profiles["openai:codex"].expired(2000)
    assert agent.unusable_until == {"anthropic:sub": 7000}


def test_legacy_auth_profiles_json_from_corpus_shape(tmp_path):
    path = tmp_path / "auth-profiles.json"
    path.write_text(json.dumps({"version": 1, "profiles": {
        "9router-proxy": {"provider": "9router", "type": "api_key", "key": "sk-no-key"},
        "x:ref": {"provider": "x", "type": "api_key", "mode": "api_key", "keyRef": {"source": "env", "id": "X"}},
        "bad": "not an object"}, "order": {"9router": ["9router-proxy"]}}))
    legacy = read_legacy_file(str(path))
    assert sorted(legacy.profiles) == ["9router-proxy", "x:ref"]
    assert legacy.profiles["x:ref"].has_secret and legacy.order == {"9router": ["9router-proxy"]}


def test_every_corpus_auth_profiles_file_reads(tmp_path):

    from fixturelib import SHARED

    corpus = SHARED / "corpus" / "auth-profiles"
    files = sorted(corpus.iterdir()) if corpus.is_dir() else []
    for path in files:
        legacy = read_legacy_file(str(path))
        assert legacy.error is None or "cannot read" in legacy.error
        for profile in legacy.profiles.values():
            assert not hasattr(profile, "key")
