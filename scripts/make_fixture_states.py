#!/usr/bin/env python3
"""(Re)create the OpenClaw state dirs (`<name>.state/`) used by fixtures under tests/fixtures/auth.
SQLite files are binary, so this script is their source of truth."""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from statelib import api_key, store, write_agent_store, write_shared_store  # noqa: E402

AUTH = ROOT / "tests" / "fixtures" / "auth"


def fresh(name: str) -> Path:
    path = AUTH / f"{name}.state"
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def main() -> None:
    # A state dir with nothing stored: the shared store is in state-db mode and empty.
    write_shared_store(fresh("no-credentials-env-known"), store())
    # work's own store holds its key; the shared store is the legacy main agent store (absent).
    state = fresh("credentials-present")
    write_shared_store(state, None, location=None)
    write_agent_store(state, "work", store(anthropic__work=api_key("anthropic")))
    # Store contradictions, an expired token, and a retired JSON file the runtime ignores.
    state = fresh("store-mismatches")
    write_shared_store(state, {"version": 1, "profiles": {
        "anthropic:me": {"type": "oauth", "provider": "anthropic", "access": "test", "refresh": "test",
                         "expires": 4102444800000},
        "anthropic:old": {"type": "token", "provider": "anthropic", "token": "test", "expires": 1000},
    }})
    legacy_dir = state / "agents" / "legacy" / "agent"
    legacy_dir.mkdir(parents=True)
    (legacy_dir / "auth-profiles.json").write_text(json.dumps(
        {"version": 1, "profiles": {"anthropic:legacy": api_key("anthropic")}}, indent=2) + "\n")
    # The shared store holds anthropic:work, which the config never declares.
    write_shared_store(fresh("pinned-profile-with-store"), store(anthropic__work=api_key("anthropic")))
    # A store that is not a SQLite database.
    state = fresh("store-unreadable")
    broken = state / "agents" / "main" / "agent"
    broken.mkdir(parents=True)
    (broken / "openclaw-agent.sqlite").write_text("this is not a SQLite database\n" * 20)
    # Two zai profiles declared in auth.profiles; the store holds neither (only an openai key).
    write_shared_store(fresh("profiles-not-stored"), store(openai__default=api_key("openai")))
    print("state dirs written under", AUTH)


if __name__ == "__main__":
    main()
