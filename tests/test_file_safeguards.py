"""Every file oclc reads gets the config file's safeguards (issue 13): a FIFO, a socket or a device
is refused before it is opened, a file over --max-file-size is refused without being read, and the
refusal names the file. Before, `--env-file /dev/zero` (also from `[tool.oclc]`) ran until killed
and a FIFO as --env-file or --schema blocked the run.

The hangs are run in a subprocess with a timeout, so a regression fails the test instead of
blocking the suite.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from statelib import api_key, store, write_agent_store, write_shared_store

REPO = Path(__file__).resolve().parents[1]
TIMEOUT = 60       # seconds; each run takes well under one


def oclc(*args: str, cwd: Path, stdin=None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "GITHUB_ACTIONS", "OCLC_DEBUG")}
    environment["PYTHONPATH"] = str(REPO) + os.pathsep + environment.get("PYTHONPATH", "")
    try:
        return subprocess.run([sys.executable, "-m", "oclc", *args], cwd=cwd, stdin=stdin if stdin is not None
                              else subprocess.DEVNULL, capture_output=True, text=True, timeout=TIMEOUT,
                              env=environment)
    except subprocess.TimeoutExpired:
        pytest.fail(f"`oclc {' '.join(args)}` was still running after {TIMEOUT} s")


def assert_refused(run: subprocess.CompletedProcess, named: str, because: str) -> None:
    """Exit 2, the file named with the reason: as a usage error on stderr, or (a --schema that
    cannot be read) as the report's OC209 finding."""
    assert run.returncode == 2, run.stdout + run.stderr
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr
    said = run.stderr + run.stdout
    assert named in said and because in said, said


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "openclaw.json5").write_text("{}\n", encoding="utf-8")
    return tmp_path


@pytest.fixture
def fifo(project: Path) -> Path:
    path = project / "pipe"
    os.mkfifo(path)
    return path


needs_dev_zero = pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
NOT_REGULAR = "not a regular file"


@needs_dev_zero
@pytest.mark.parametrize("command", ["lint", "compile", "explain"])
def test_env_file_dev_zero(project, command):
    assert_refused(oclc(command, "--env-file", "/dev/zero", "openclaw.json5", cwd=project),
                   "env file /dev/zero", NOT_REGULAR)


@needs_dev_zero
def test_env_file_dev_zero_from_the_project_config(project):
    (project / "pyproject.toml").write_text('[tool.oclc]\nenv-file = "/dev/zero"\n', encoding="utf-8")
    run = oclc("lint", "openclaw.json5", cwd=project)
    assert_refused(run, "env file /dev/zero", NOT_REGULAR)
    assert "pyproject.toml" in run.stderr


@pytest.mark.parametrize("option", ["--env-file", "--schema"])
def test_a_fifo_as_env_file_or_schema(project, fifo, option):
    assert_refused(oclc("lint", option, str(fifo), "openclaw.json5", cwd=project), str(fifo), NOT_REGULAR)


@needs_dev_zero
def test_schema_dev_zero(project):
    assert_refused(oclc("explain", "--schema", "/dev/zero", "openclaw.json5", cwd=project), "/dev/zero", NOT_REGULAR)


def test_env_file_over_the_size_limit(project):
    (project / "big.env").write_text("A=1\n" * 1000, encoding="utf-8")
    assert_refused(oclc("lint", "--max-file-size", "1K", "--env-file", "big.env", "openclaw.json5", cwd=project),
                   "env file big.env", "over the limit of 1,024 bytes")


@pytest.mark.parametrize("name", ["pyproject.toml", ".oclc.toml"])
def test_a_fifo_as_the_project_config(project, name):
    os.mkfifo(project / name)
    assert_refused(oclc("lint", "openclaw.json5", cwd=project), name, NOT_REGULAR)


def test_a_fifo_as_the_compiled_file_checked_against(project, fifo):
    assert_refused(oclc("compile", "--check", "-o", str(fifo), "openclaw.json5", cwd=project), str(fifo), NOT_REGULAR)


@needs_dev_zero
def test_standard_input_from_dev_zero_stops_at_the_limit(project):
    with open("/dev/zero", "rb") as zero:
        run = oclc("lint", "--max-file-size", "64K", "-", cwd=project, stdin=zero)
    assert run.returncode == 2, run.stderr
    assert "OC105" in run.stdout and "over the limit of 65,536 bytes" in run.stdout, run.stdout


def test_credential_stores_that_are_not_regular_files(project):
    """A FIFO where an agent's SQLite store or the shared state DB would be, and a device as a
    retired JSON store: each is an unreadable store (a finding), never opened."""
    state = project / "state-dir"
    agent_dir = state / "agents" / "main" / "agent"
    agent_dir.mkdir(parents=True)
    os.mkfifo(agent_dir / "openclaw-agent.sqlite")
    if os.path.exists("/dev/zero"):
        os.symlink("/dev/zero", agent_dir / "auth-profiles.json")
    run = oclc("lint", "--format", "concise", "--state-dir", str(state), "openclaw.json5", cwd=project)
    assert run.returncode in (0, 1), run.stderr
    assert "openclaw-agent.sqlite is not a regular file" in run.stdout, run.stdout

    (state / "state").mkdir()
    os.mkfifo(state / "state" / "openclaw.sqlite")
    run = oclc("lint", "--format", "concise", "--state-dir", str(state), "openclaw.json5", cwd=project)
    assert run.returncode in (0, 1), run.stderr
    assert "--state-dir: not a regular file" in run.stdout, run.stdout


def test_a_stored_credential_json_over_the_size_limit(tmp_path):
    """A stored JSON is read at most --max-file-size characters: a larger one makes its store
    unreadable, without being read whole."""
    from oclc.resolve.state import read_legacy_file, read_state

    shared = tmp_path / "shared"
    write_shared_store(shared, store(anthropic__a=api_key("anthropic", "x" * 5000)))
    assert "larger than 1,024 bytes" in read_state(str(shared), max_bytes=1024).error
    assert read_state(str(shared)).error is None

    own = tmp_path / "own"
    write_agent_store(own, "main", store(openai__b=api_key("openai", "y" * 5000)))
    agent = read_state(str(own), max_bytes=1024).agent_store(str(own / "agents" / "main" / "agent"))
    assert "larger than 1,024 bytes" in agent.error and not agent.profiles

    legacy = tmp_path / "auth-profiles.json"
    legacy.write_text('{"profiles": {}}' + " " * 2000, encoding="utf-8")
    assert "larger than 1,024 bytes" in read_legacy_file(str(legacy), max_bytes=1024).error


def test_deeply_nested_stored_json_is_unreadable_not_a_crash(tmp_path):
    from oclc.resolve.state import read_legacy_file

    legacy = tmp_path / "auth-profiles.json"
    legacy.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert read_legacy_file(str(legacy)).error


def test_hostile_project_config_toml(project):
    """pyproject.toml comes with the pull request: nesting past tomllib's recursion and a dotted
    key long enough to make tomllib quadratic are settings errors naming the file (exit 2) when the
    file may hold oclc's settings; one that cannot is not parsed at all."""
    (project / "pyproject.toml").write_text("[tool.oclc]\na = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    assert_refused(oclc("lint", "openclaw.json5", cwd=project), "pyproject.toml", "nest too deeply")
    (project / "pyproject.toml").write_text("[tool.oclc]\na" + ".a" * 100_000 + " = 1\n", encoding="utf-8")
    assert_refused(oclc("lint", "openclaw.json5", cwd=project), "pyproject.toml:2", "more than 64 parts")
    (project / "pyproject.toml").write_text("[tool.other]\na = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    ignored = oclc("lint", "openclaw.json5", cwd=project)
    assert ignored.returncode != 2 and "pyproject.toml" not in ignored.stdout + ignored.stderr
