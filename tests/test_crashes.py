"""Hostile input, round two: wrong answers and crashes. Every case here once ended in a traceback,
an "internal error", a lost report or a silent exit 0; each is now a diagnostic naming the input
(file, and line:column where there is one), a documented exit code, and the other files' results
still reported."""
from __future__ import annotations

import os
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


# --- directories the walk cannot list -----------------------------------------------------------

UNLISTABLE = "OC102 error: cannot list this directory (Permission denied); no config in it was checked"


@pytest.fixture
def locked_out(monkeypatch):
    """Directories named `locked` cannot be listed, as for a non-root user without read permission
    (the tests may run as root, whom permission bits do not stop)."""
    real = os.scandir

    def scandir(path="."):
        if os.path.basename(os.path.normpath(path)) == "locked":
            raise PermissionError(13, "Permission denied", path)
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


def test_a_subdirectory_the_walk_cannot_list_is_reported_and_the_run_fails(project, locked_out):
    write(project / "conf" / "a" / "openclaw.json5", WARNS)
    write(project / "conf" / "locked" / "openclaw.json5", "{ broken")
    run = run_cli("lint", "--format", "concise", "conf")
    assert_no_crash(run)
    assert run.exit_code == 2
    assert run.stdout == (
        "conf/a/openclaw.json5:2:27: OC107 warning: duplicate key 'port': this value replaces the one on line 2\n"
        f"conf/locked: {UNLISTABLE}\n"
        "Found 2 problems (1 error, 1 warning) in 2 files.\n")


@pytest.mark.parametrize("output_format", ["json", "sarif", "junit", "github", "text"])
def test_every_format_reports_the_directory_it_could_not_list(project, locked_out, output_format):
    write(project / "conf" / "a" / "openclaw.json5", WARNS)
    (project / "conf" / "locked").mkdir()
    run = run_cli("lint", "--format", output_format, "conf")
    assert run.exit_code == 2
    assert "conf/locked" in run.stdout and "cannot list this directory" in run.stdout
    assert "conf/a/openclaw.json5" in run.stdout


def test_a_top_directory_that_cannot_be_listed_is_not_an_empty_one(project, locked_out):
    (project / "locked").mkdir()
    run = run_cli("lint", "--format", "concise", "locked")
    assert run.exit_code == 2
    assert run.stdout == f"locked: {UNLISTABLE}\nFound 1 problem (1 error) in 1 file.\n"
    assert run.stderr == ""     # not "no OpenClaw config found under locked"


@pytest.mark.skipif(os.geteuid() == 0, reason="root lists every directory")
def test_a_directory_without_read_permission(project):
    write(project / "conf" / "locked" / "openclaw.json5", "{}")
    (project / "conf" / "locked").chmod(0)
    try:
        run = run_cli("lint", "--format", "concise", "conf")
    finally:
        (project / "conf" / "locked").chmod(0o755)
    assert run.exit_code == 2 and f"conf/locked: {UNLISTABLE}" in run.stdout


def test_a_directory_tree_thousands_deep_is_walked(project):
    chain = [os.path.join("conf", *["d"] * level) for level in range(1501)]   # deeper than the recursion limit
    try:
        for directory in chain:
            os.mkdir(directory)     # one by one: os.makedirs itself recurses
        write(Path(chain[-1]) / "openclaw.json5", WARNS)
        run = run_cli("lint", "--format", "concise", "conf")
        assert_no_crash(run)
        assert run.exit_code == 0
        assert run.stdout.startswith("conf/d/d/d/") and "OC107" in run.stdout
    finally:
        # pytest's own clean-up (shutil.rmtree) recurses too; leave nothing deep behind.
        if os.path.exists(os.path.join(chain[-1], "openclaw.json5")):
            os.unlink(os.path.join(chain[-1], "openclaw.json5"))
        for directory in reversed(chain):
            if os.path.isdir(directory):
                os.rmdir(directory)


# --- hostile numbers ----------------------------------------------------------------------------

HUGE_HEX = "0x" + "f" * 3600      # 2**14400: its decimal form has more digits than Python will print


@pytest.mark.parametrize("where", ["gateway: { port: {} }", "agents: { defaults: { params: { x: {} } } }"])
@pytest.mark.parametrize("command", ["lint", "compile", "explain"])
def test_a_hexadecimal_integer_too_long_to_print_is_oclcs_limit(project, where, command):
    write(project / "openclaw.json5", "{\n  " + where.replace("{}", HUGE_HEX) + "\n}\n")
    column = where.index("{}") + 3
    run = run_cli(command, *(["--format", "concise"] if command == "lint" else []), "openclaw.json5")
    assert_no_crash(run)
    message = (f"openclaw.json5:2:{column}: OC903 error: a hexadecimal integer with 3,600 digits is too long "
               "to read (at most 3,571)")
    if command == "lint":
        assert run.exit_code == 1
        assert run.stdout == message + "\nFound 1 problem (1 error) in 1 file.\n"
    else:       # not checked, so nothing to compile or explain: said, and exit 1 as `lint` does
        done = {"compile": "compiled", "explain": "explained"}[command]
        assert run.exit_code == 1 and run.stdout == ""
        assert run.stderr == (message + "\nFound 1 problem (1 error) in 1 file.\n"
                              f"oclc: openclaw.json5: not {done}: the check stopped at one of oclc's limits (OC903)\n")


def test_the_longest_hexadecimal_integer_is_read_and_printed(project):
    write(project / "openclaw.json5", "{ gateway: { port: -0x" + "f" * 3571 + " } }")
    run = run_cli("compile", "openclaw.json5")
    assert_no_crash(run)
    assert run.exit_code == 1 and '"port": -' in run.stdout


def test_a_decimal_integer_too_long_to_read_is_oclcs_limit_not_a_syntax_error(project):
    write(project / "openclaw.json5", "{ meta: { n: " + "9" * 5000 + " } }")
    run = run_cli("lint", "--format", "concise", "openclaw.json5")
    assert run.stdout == ("openclaw.json5:1:14: OC903 error: an integer with 5,000 digits is too long to read "
                          "(at most 4,300)\nFound 1 problem (1 error) in 1 file.\n")
