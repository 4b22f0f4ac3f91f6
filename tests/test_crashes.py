"""Hostile input, round two: wrong answers and crashes. Every case here once ended in a traceback,
an "internal error", a lost report or a silent exit 0; each is now a diagnostic naming the input
(file, and line:column where there is one), a documented exit code, and the other files' results
still reported."""
from __future__ import annotations

from pathlib import Path

import pytest

from hostilelib import assert_no_crash, run_cli

WARNS = '{\n  gateway: { port: 18789, port: 18790 },\n}\n'     # OC107 warning only


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --- an empty selection -------------------------------------------------------------------------

@pytest.mark.parametrize("codes", ["", ",", " , "])
def test_an_empty_select_on_the_command_line_is_a_usage_error(project, codes):
    write(project / "openclaw.json5", WARNS)
    run = run_cli("lint", "--select", codes, "openclaw.json5")
    assert_no_crash(run)
    assert run.exit_code == 2
    assert run.stderr == ("oclc: error: --select: no rule codes given, so no rule would be checked "
                          "(leave it out to check every rule)\n")


def test_an_empty_select_in_the_project_config_is_a_usage_error(project):
    write(project / "pyproject.toml", "[tool.oclc]\nselect = []\n")
    write(project / "openclaw.json5", WARNS)
    run = run_cli("lint", "openclaw.json5")
    assert run.exit_code == 2
    assert run.stderr == (f"oclc: error: {project / 'pyproject.toml'}: select: no rule codes given, so no rule "
                          "would be checked (leave it out to check every rule)\n")


def test_a_selection_the_ignore_list_empties_is_a_usage_error(project):
    write(project / ".oclc.toml", 'select = ["OC1"]\n')
    write(project / "openclaw.json5", WARNS)
    run = run_cli("lint", "--ignore", "OC1", "openclaw.json5")
    assert run.exit_code == 2
    assert run.stderr == (f"oclc: error: select in {project / '.oclc.toml'} (OC1) and --ignore (OC1) "
                          "leave no rule to check\n")
    # What is left over is checked as before.
    run = run_cli("lint", "--select", "OC1,OC9", "--ignore", "OC1", "--format", "concise", "openclaw.json5")
    assert run.exit_code == 0 and run.stdout == "No problems found in 1 file.\n"


def test_an_empty_ignore_list_ignores_nothing(project):
    write(project / "openclaw.json5", WARNS)
    run = run_cli("lint", "--ignore", "", "--format", "concise", "openclaw.json5")
    assert run.exit_code == 0 and "OC107" in run.stdout
