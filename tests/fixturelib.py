"""Fixture configs with the exact diagnostics expected.

A fixture is `tests/fixtures/<area>/<name>.json5` (or `.json`) with `<name>.expected` beside it:
one line per diagnostic, `<file>:<line>:<col>: <CODE> <severity>: <message>` (file relative to the
fixture's folder; `<file>: …` when there is no position). Optional side files:
`<name>.env` (dotenv: the whole environment the run sees; without it the environment is empty),
`<name>.state/` (passed as --state-dir), `<name>.d/` (included files).
Set OCLC_UPDATE_FIXTURES=1 to (re)write `.expected` files; review the diff before committing.
"""
from __future__ import annotations

import os
from pathlib import Path

from oclc.load.envfile import read_env_file
from oclc.pipeline import Options, check

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_files() -> list[Path]:
    return sorted(p for p in FIXTURES.rglob("*") if p.suffix in (".json5", ".json")
                  and p.is_file() and ".d" not in p.parent.name and ".state" not in str(p.parent))


# The release of the oracle in shared/oracle, whose verdicts the fixtures, oracle cases and corpus
# verdicts (shared/corpus/oracle) hold.
REFERENCE_TARGET = {"openclaw_version": "2026.9.6", "openclaw_version_from": "the recorded oracle verdicts"}


def fixture_options(config: Path) -> Options:
    stem = config.with_suffix("")
    env_file = stem.with_suffix(".env")
    env = read_env_file(str(env_file)) if env_file.exists() else {}
    state = Path(str(stem) + ".state")
    # Fixture verdicts come from the 2026.9.6 oracle: check them against that release, whatever
    # their meta.lastTouchedVersion says (choosing a target is tested in tests/test_releases.py).
    return Options(env=env, state_dir=str(state) if state.is_dir() else None, **REFERENCE_TARGET)


def format_diagnostics(result, base: Path) -> list[str]:
    lines = []
    for d in result.diagnostics:
        name = d.file or ""
        try:
            name = os.path.relpath(name, base) if os.path.isabs(name) else os.path.relpath(os.path.abspath(name), base)
        except ValueError:
            pass
        where = f"{name}:{d.span.line}:{d.span.column}" if d.span else name
        lines.append(f"{where}: {d.code} {d.severity}: {d.message}")
    return lines


def run_fixture(config: Path) -> list[str]:
    result = check(str(config), options=fixture_options(config))
    return format_diagnostics(result, config.parent)

# shared/ sits beside the repository (../shared), in a developer's checkout and in CI alike. Only
# the large real-world corpus is read from there (its tests skip without it); everything else the
# tests need travels with the repository in tests/data.
SHARED = Path(os.environ.get("OCLC_SHARED") or Path(__file__).resolve().parents[2] / "shared")
DATA = Path(__file__).resolve().parent / "data"
ORACLE_CASES = DATA / "oracle-cases"
