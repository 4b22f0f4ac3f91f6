"""Build OpenClaw-shaped state directories (SQLite credential stores) for tests and fixtures.

The table layouts are the ones OpenClaw 2026.9.6 creates (seen in a real state dir made with
`openclaw models auth paste-api-key`): `auth_profile_store(store_key, store_json, updated_at)` in
each agent DB, `config_machine_state(state_key, value_json, updated_at_ms)` in state/openclaw.sqlite.
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path


def _json_text(store: dict | str) -> str:
    """A store as JSON; a string is written as it is (the fuzz tests write broken JSON too)."""
    return store if isinstance(store, str) else json.dumps(store)


def write_agent_store(state: Path, agent_id: str, store: dict | str, agent_dir: Path | None = None) -> Path:
    directory = agent_dir or state / "agents" / agent_id / "agent"
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "openclaw-agent.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE IF NOT EXISTS auth_profile_store (store_key TEXT NOT NULL PRIMARY KEY, "
                   "store_json TEXT NOT NULL, updated_at INTEGER NOT NULL) STRICT")
        db.execute("INSERT OR REPLACE INTO auth_profile_store VALUES ('primary', ?, 1)", (_json_text(store),))
    db.close()
    return path


def write_shared_store(state: Path, store: dict | str | None, location: str | None = "state-db") -> Path:
    (state / "state").mkdir(parents=True, exist_ok=True)
    path = state / "state" / "openclaw.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE IF NOT EXISTS config_machine_state (state_key TEXT NOT NULL PRIMARY KEY, "
                   "value_json TEXT NOT NULL, updated_at_ms INTEGER NOT NULL) STRICT")
        if location:
            db.execute("INSERT OR REPLACE INTO config_machine_state VALUES ('auth.sharedStore', ?, 1)",
                       (json.dumps({"location": location}),))
        if store is not None:
            db.execute("INSERT OR REPLACE INTO config_machine_state VALUES ('authProfiles.store', ?, 1)",
                       (_json_text(store),))
    db.close()
    return path


def api_key(provider: str, key: str = "test-key-not-real") -> dict:
    return {"type": "api_key", "provider": provider, "key": key}


def store(**profiles) -> dict:
    return {"version": 1, "profiles": {k.replace("__", ":"): v for k, v in profiles.items()}}
