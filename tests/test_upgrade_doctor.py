"""`oclc upgrade` means what `openclaw doctor --fix` means, keeps what it does not migrate, and
keeps comments.

- Parity: every fixture in tests/data/doctor/ (one or more migrations each) is upgraded by oclc and
  compared, as values, with what doctor (2026.9.6) made of the same file
  (NAME.doctor.json, recorded by scripts/record_doctor.py). Doctor's bookkeeping and the
  defaults it adds are not migrations and are set aside (DOCTOR_ADDITIONS); where oclc leaves a
  decision to a person instead of guessing, NAME.differs.json lists the paths and why.
- The compile property: `oclc compile` of a fixture before and after upgrading is the same, apart
  from the paths a migration deliberately changed; the same for `lint --fix`.
- Comments: comments added before, inside and after every top-level section of upgraded corpus
  configs are all still there afterwards, or named as removed with their line.
"""
from __future__ import annotations

import copy
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fixturelib import SHARED
from oclc.json5.parser import loads
from oclc.pipeline import Options, check
from oclc.render.compiled import compile_document
from oclc.upgrade import upgrade_file, write

DOCTOR = Path(__file__).parent / "data" / "doctor"
FIXTURES = sorted(p.stem for p in DOCTOR.glob("*.json5"))
RECORDED = [name for name in FIXTURES if (DOCTOR / f"{name}.doctor.json").exists()]
# The HOME doctor ran under, as the recording shows it (paths derived from it compare equal).
HOME = "/home/oclc-doctor"
ENV = {"HOME": HOME, "OPENCLAW_STATE_DIR": f"{HOME}/.openclaw", "PATH": os.environ.get("PATH", "")}
TARGET = "2026.9.6"


def upgraded(tmp_path: Path, name: str):
    copy_path = tmp_path / f"{name}.json5"
    shutil.copyfile(DOCTOR / f"{name}.json5", copy_path)
    upgrade = upgrade_file(str(copy_path), TARGET, env=ENV)
    assert upgrade.error is None and upgrade.refused is None, (upgrade.error, upgrade.refused)
    if upgrade.changed:
        assert write(upgrade) is None
    return copy_path, upgrade


# --- parity with doctor ---------------------------------------------------------------------------

def doctor_additions(result: dict, original: dict, ours: dict | None = None) -> dict:
    """Doctor's result without what is not a migration: its bookkeeping (`meta`: the release
    that wrote the file, its migration markers), its run record (`wizard.lastRun*`), the skills
    it lists as disabled when it builds the skill registry, and the plugins it switches on for
    the providers and channels a config uses (`plugins.entries.<id>: {enabled: true}`, where
    neither the file nor oclc's upgrade has that entry), and the `enabled: true` it writes into
    each configured channel (a configured channel runs unless it says `enabled: false`)."""
    result = copy.deepcopy(result)
    wizard = result.get("wizard")
    if isinstance(wizard, dict):
        for key in ("lastRunAt", "lastRunCommand", "lastRunMode", "lastRunVersion"):
            wizard.pop(key, None)
    for channel, settings in ((result.get("channels") or {}) if isinstance(result.get("channels"), dict) else {}).items():
        written = ((original.get("channels") or {}).get(channel) or {})
        if isinstance(settings, dict) and settings.get("enabled") is True and "enabled" not in written \
                and "enabled" not in (((ours or {}).get("channels") or {}).get(channel) or {}):
            del settings["enabled"]
    entries = (result.get("plugins") or {}).get("entries") if isinstance(result.get("plugins"), dict) else None
    if isinstance(entries, dict):
        known = ((original.get("plugins") or {}).get("entries") or {})
        upgraded_entries = (((ours or {}).get("plugins") or {}).get("entries") or {})
        for plugin, entry in list(entries.items()):
            if entry == {"enabled": True} and plugin not in known and plugin not in upgraded_entries:
                del entries[plugin]
        if not entries and "entries" not in (original.get("plugins") or {}):
            del result["plugins"]["entries"]
        if not result["plugins"] and "plugins" not in (ours or {}):
            del result["plugins"]
    result.pop("meta", None)
    if "wizard" not in original and not result.get("wizard"):
        result.pop("wizard", None)
    skills = result.get("skills")
    if isinstance(skills, dict) and isinstance(skills.get("entries"), dict):
        known = (original.get("skills") or {}).get("entries") or {}
        for skill, entry in list(skills["entries"].items()):
            if skill not in known and entry == {"enabled": False}:
                del skills["entries"][skill]
        if not skills["entries"] and "entries" not in (original.get("skills") or {}):
            del skills["entries"]
        if not skills and "skills" not in (ours or {}):
            del result["skills"]
    return result


def differences(a, b, path=()) -> list[str]:
    """The leaf paths where two values differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        found = []
        for key in sorted(set(a) | set(b), key=str):
            if key not in a or key not in b:
                found.append(".".join(map(str, path + (key,))))
            else:
                found.extend(differences(a[key], b[key], path + (key,)))
        return found
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for index, (x, y) in enumerate(zip(a, b)) for d in differences(x, y, path + (index,))]
    return [] if a == b and type(a) is type(b) else [".".join(map(str, path)) or "<root>"]


@pytest.mark.parametrize("name", RECORDED)
def test_upgrade_means_what_doctor_means(tmp_path, name):
    recorded = json.loads((DOCTOR / f"{name}.doctor.json").read_text())
    assert recorded["openclaw"] == TARGET and recorded["config"] is not None
    original = loads((DOCTOR / f"{name}.json5").read_text())
    path, _ = upgraded(tmp_path, name)
    ours = doctor_additions(loads(path.read_text()), original)
    theirs = doctor_additions(recorded["config"], original, ours)
    expected = json.loads((DOCTOR / f"{name}.differs.json").read_text()) if (DOCTOR / f"{name}.differs.json").exists() else {}
    assert sorted(differences(ours, theirs)) == sorted(expected), json.dumps(
        {"differ": differences(ours, theirs), "oclc": ours, "doctor": theirs}, indent=1)


def test_every_doctor_migration_has_a_fixture():
    """Each of the 82 migrations changes something in at least one fixture, or names something to
    decide there."""
    from oclc.upgrade.migrations import doctor_migrations

    seen: set[str] = set()
    for name in FIXTURES:
        upgrade = upgrade_file(str(DOCTOR / f"{name}.json5"), TARGET, env=ENV)
        seen |= {change.migration for change in upgrade.changes} | {d.migration for d in upgrade.decisions}
    missing = [m.id for m in doctor_migrations() if m.id not in seen]
    assert missing == []


# --- the compile property -------------------------------------------------------------------------

def compiled(path: Path, env: dict | None = ENV) -> dict:
    """The compiled document, checked against the upgrade's target whatever the file says."""
    return compile_document(check(str(path), options=Options(env=env, openclaw_version=TARGET)))


def strip(value, paths):
    """`value` without the subtrees at `paths`, and without the objects left empty by that (on
    either side of the comparison, a migration's leftovers are not what is compared)."""
    value = copy.deepcopy(value)
    for path in sorted(paths, key=len, reverse=True):
        chain = [value]
        for segment in path[:-1]:
            node = chain[-1]
            if isinstance(node, dict) and segment in node:
                chain.append(node[segment])
            elif isinstance(node, list) and isinstance(segment, int) and segment < len(node):
                chain.append(node[segment])
            else:
                break
        else:
            if isinstance(chain[-1], dict):
                chain[-1].pop(path[-1], None)
            elif isinstance(chain[-1], list) and isinstance(path[-1], int) and path[-1] < len(chain[-1]):
                chain[-1][path[-1]] = "<changed by a migration>"
            for depth in range(len(chain) - 1, 0, -1):
                if chain[depth] == {} and isinstance(chain[depth - 1], dict):
                    chain[depth - 1].pop(path[depth - 1], None)
    return value


def touched_paths(changes) -> list[tuple]:
    paths: list[tuple] = []
    for change in changes:
        if not change.moves_meaning:
            continue
        # An item added to an array changes the array's length: the whole array is touched.
        appended = change.action == "added" and change.path and isinstance(change.path[-1], int)
        paths.append(change.path[:-1] if appended else change.path)
        if change.to is not None:
            paths.append(change.to)
        paths.extend(new for _, new in change.renamed)
    return paths


@pytest.mark.parametrize("name", FIXTURES)
def test_compile_is_the_same_apart_from_what_migrations_move(tmp_path, name):
    before = compiled(DOCTOR / f"{name}.json5")
    path, upgrade = upgraded(tmp_path, name)
    after = compiled(path)
    touched = touched_paths(upgrade.changes)
    assert strip(after["config"], touched) == strip(before["config"], touched)
    if not any(p[:1] in (("agents",), ("models",), ("auth",)) for p in touched):
        assert after["agents"] == before["agents"]


def test_lint_fix_keeps_the_first_agents_workspace(tmp_path):
    """OC130's fix (agents.list to agents.entries) writes the workspace pin OpenClaw gives the
    first agent of a markerless list, so the compiled config does not change."""
    config = tmp_path / "openclaw.json5"
    config.write_text('{\n  agents: {\n    list: [\n      { id: "main", name: "Main" },\n'
                      '      { id: "helper", name: "Helper" },\n    ],\n  },\n}\n')
    before = compiled(config, env=None)
    done = subprocess.run([sys.executable, "-m", "oclc", "lint", "--fix", str(config)], capture_output=True,
                          text=True, env={**os.environ, **ENV})
    assert "list" not in loads(config.read_text())["agents"], done.stdout + done.stderr
    assert loads(config.read_text())["agents"]["entries"]["main"]["workspace"] == "~/.openclaw/workspace"
    after = compiled(config, env=None)
    assert after["config"] == before["config"]
    assert after["agents"] == before["agents"]


# --- comments survive -----------------------------------------------------------------------------

def with_comments(text: str) -> tuple[str, list[str]]:
    """The config (JSON) with a comment before, inside (first line) and after every top-level
    section; the comments' texts."""
    value = json.loads(text)
    lines = ["{"]
    marks: list[str] = []
    items = list(value.items())
    for index, (key, section) in enumerate(items):
        body = json.dumps(section, indent=2, ensure_ascii=False).replace("\n", "\n  ")
        before, after = f"// before {key} #{index}", f"// after {key} #{index}"
        marks += [before, after]
        if isinstance(section, dict) and section:
            inside = f"// inside {key} #{index}"
            marks.append(inside)
            body = "{\n    " + inside + body[1:]
        lines.append(f"  {before}")
        lines.append(f"  {json.dumps(key)}: {body}{',' if index < len(items) - 1 else ''} {after}")
    lines.append("}")
    return "\n".join(lines) + "\n", marks


def corpus_sample() -> list[Path]:
    oracle = SHARED / "corpus" / "oracle"
    if not oracle.is_dir():
        return []
    refused = []
    for verdict_file in sorted(oracle.iterdir()):
        verdict = json.loads(verdict_file.read_text())
        config = SHARED / "corpus" / "configs" / os.path.basename(verdict["path"])
        if verdict.get("valid") is False and config.exists():
            try:
                json.loads(config.read_text())
            except ValueError:
                continue
            refused.append(config)
    return random.Random(11).sample(refused, min(40, len(refused)))


@pytest.mark.skipif(not (SHARED / "corpus" / "oracle").is_dir(), reason="needs the shared corpus")
def test_comments_survive_an_upgrade(tmp_path):
    checked = 0
    for config in corpus_sample():
        text, marks = with_comments(config.read_text())
        copy_path = tmp_path / config.name
        copy_path.write_text(text)
        upgrade = upgrade_file(str(copy_path), TARGET, env=ENV)
        if not upgrade.changed:
            continue
        after = next(iter(upgrade.texts.values()))[1]
        dropped = {c for change in upgrade.changes for c in change.dropped_comments}
        lost = [mark for mark in marks if mark not in after and mark not in dropped]
        assert lost == [], (config.name, lost)
        checked += 1
    assert checked >= 20
