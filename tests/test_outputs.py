"""`-o` never destroys what oclc was given, nor what it names: an output that is an input (the
config under any name, an included file, the env file, the project config, the JSON Schema, the
file --stdin-filename stands for, a credential store, anything in the state directory's `agents`
and `state`) is a usage error and nothing is written; a FIFO or a device is written in place, never replaced by a regular file; a
hard-linked output is written in place, so every name sees the new content. End to end through
the CLI."""
from __future__ import annotations

import os
import stat
import threading
import time
from pathlib import Path

import pytest

from hostilelib import assert_no_crash, run_cli

CONFIG = "// the gateway\n{ gateway: { port: 18789 } }\n"
LEGACY = '{\n  // keep this comment\n  agents: { list: [ { id: "main" } ] },\n}\n'

WRITERS = {
    "compile": ("compile", "openclaw.json5"),
    "lint": ("lint", "openclaw.json5"),
    "lint --fix": ("lint", "--fix", "openclaw.json5"),
    "lint --diff": ("lint", "--diff", "openclaw.json5"),
    "compile --check": ("compile", "--check", "openclaw.json5"),
}


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "openclaw.json5").write_text(CONFIG, encoding="utf-8")
    return tmp_path


def refused(run, message: str) -> None:
    assert_no_crash(run)
    assert run.exit_code == 2, run.output
    assert run.stderr == f"oclc: error: {message}\n"
    assert run.stdout == ""


def snapshot(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


# --- an output that is an input -------------------------------------------------------------------

@pytest.mark.parametrize("writer", WRITERS, ids=str)
@pytest.mark.parametrize("spelling", ["openclaw.json5", "./openclaw.json5", "sub/../openclaw.json5", "absolute"])
def test_the_config_itself_is_refused(project, writer, spelling):
    (project / "sub").mkdir()
    output = str(project / "openclaw.json5") if spelling == "absolute" else spelling
    before = snapshot(project)
    run = run_cli(*WRITERS[writer], "-o", output, env={})
    refused(run, f"-o {output} names the config openclaw.json5; the output must be another file")
    assert snapshot(project) == before
    assert "// the gateway" in (project / "openclaw.json5").read_text(encoding="utf-8")


@pytest.mark.parametrize("writer", WRITERS, ids=str)
def test_the_config_through_a_symlink_is_refused(project, writer):
    (project / "report.txt").symlink_to("openclaw.json5")
    run = run_cli(*WRITERS[writer], "-o", "report.txt", env={})
    refused(run, "-o report.txt names the config openclaw.json5; the output must be another file")
    assert (project / "openclaw.json5").read_text(encoding="utf-8") == CONFIG


@pytest.mark.parametrize("writer", WRITERS, ids=str)
def test_the_config_through_a_hard_link_is_refused(project, writer):
    os.link(project / "openclaw.json5", project / "report.txt")
    run = run_cli(*WRITERS[writer], "-o", "report.txt", env={})
    refused(run, "-o report.txt names the config openclaw.json5; the output must be another file")
    assert (project / "openclaw.json5").read_text(encoding="utf-8") == CONFIG


def test_fix_writes_nothing_when_the_output_is_the_config(project):
    (project / "openclaw.json5").write_text(LEGACY, encoding="utf-8")
    run = run_cli("lint", "--fix", "openclaw.json5", "-o", "openclaw.json5", env={})
    refused(run, "-o openclaw.json5 names the config openclaw.json5; the output must be another file")
    assert (project / "openclaw.json5").read_text(encoding="utf-8") == LEGACY


def test_any_of_several_linted_configs_is_refused(project):
    (project / "b").mkdir()
    (project / "b" / "openclaw.json5").write_text(CONFIG, encoding="utf-8")
    run = run_cli("lint", ".", "-o", "b/openclaw.json5", env={})
    refused(run, "-o b/openclaw.json5 names the config b/openclaw.json5; the output must be another file")
    assert (project / "b" / "openclaw.json5").read_text(encoding="utf-8") == CONFIG


@pytest.mark.parametrize("command", ["compile", "lint"])
def test_an_included_file_is_refused(project, command):
    (project / "openclaw.json5").write_text('{ gateway: { $include: "./parts/gateway.json5" } }\n', encoding="utf-8")
    part = project / "parts" / "gateway.json5"
    part.parent.mkdir()
    part.write_text("// the port\n{ port: 18789 }\n", encoding="utf-8")
    run = run_cli(command, "openclaw.json5", "-o", "parts/gateway.json5", env={})
    refused(run, "-o parts/gateway.json5 names the included file parts/gateway.json5; the output must be "
                 "another file")
    assert part.read_text(encoding="utf-8") == "// the port\n{ port: 18789 }\n"


def test_fix_writes_nothing_when_the_output_is_an_included_file(project):
    (project / "openclaw.json5").write_text('{ agents: { $include: "./parts/agents.json5" } }\n', encoding="utf-8")
    part = project / "parts" / "agents.json5"
    part.parent.mkdir()
    roster = '{\n  // the roster\n  list: [ { id: "main" } ],\n}\n'
    part.write_text(roster, encoding="utf-8")
    assert "+  entries: { main: { } }," in run_cli("lint", "--diff", "openclaw.json5", env={}).stdout
    run = run_cli("lint", "--fix", "openclaw.json5", "-o", "parts/agents.json5", env={})
    refused(run, "-o parts/agents.json5 names the included file parts/agents.json5; the output must be "
                 "another file")
    assert part.read_text(encoding="utf-8") == roster


@pytest.mark.parametrize("command", ["compile", "lint"])
def test_the_env_file_is_refused(project, command):
    (project / ".env").write_text("OPENAI_API_KEY=sk-proj-0123456789abcdef0123456789abcdef\n", encoding="utf-8")
    run = run_cli(command, "openclaw.json5", "--env-file", ".env", "-o", ".env", env={})
    refused(run, "-o .env names the env file .env; the output must be another file")
    assert (project / ".env").read_text(encoding="utf-8").startswith("OPENAI_API_KEY=")


@pytest.mark.parametrize("command", ["compile", "lint"])
def test_the_project_config_and_its_env_file_are_refused(project, command):
    pyproject = project / "pyproject.toml"
    pyproject.write_text('[tool.oclc]\nenv-file = ".env"\n', encoding="utf-8")
    (project / ".env").write_text("X=1\n", encoding="utf-8")
    run = run_cli(command, "openclaw.json5", "-o", "pyproject.toml", env={})
    refused(run, f"-o pyproject.toml names the project config {pyproject}; the output must be another file")
    run = run_cli(command, "openclaw.json5", "-o", ".env", env={})
    refused(run, f"-o .env names the env file {project / '.env'}; the output must be another file")
    assert pyproject.read_text(encoding="utf-8") == '[tool.oclc]\nenv-file = ".env"\n'


@pytest.mark.parametrize("command", ["compile", "lint"])
def test_the_schema_is_refused(project, command):
    (project / "schema.json").write_text("{}\n", encoding="utf-8")
    run = run_cli(command, "openclaw.json5", "--schema", "schema.json", "-o", "schema.json", env={})
    refused(run, "-o schema.json names the JSON Schema schema.json; the output must be another file")
    assert (project / "schema.json").read_text(encoding="utf-8") == "{}\n"


@pytest.mark.parametrize("command", ["compile", "lint"])
@pytest.mark.parametrize("output", ["state/agents/main/agent/openclaw-agent.sqlite", "state/state/openclaw.sqlite",
                                    "state/agents/ops/report.txt", "state/state/report.txt"])
def test_the_credential_stores_of_the_state_directory_are_refused(project, command, output):
    store = project / "state" / "agents" / "main" / "agent" / "openclaw-agent.sqlite"
    store.parent.mkdir(parents=True)
    store.write_bytes(b"SQLite format 3\x00")
    where = "state/state" if output.startswith("state/state/") else "state/agents"
    run = run_cli(command, "openclaw.json5", "--state-dir", "state", "-o", output, env={})
    refused(run, f"-o {output} is inside {where}, where OpenClaw keeps its credential stores; the output "
                 "must be another file")
    assert store.read_bytes() == b"SQLite format 3\x00"
    assert [p.name for p in (project / "state").rglob("*") if p.is_file()] == ["openclaw-agent.sqlite"]


@pytest.mark.parametrize("command", ["compile", "lint"])
def test_a_credential_store_outside_the_state_directory_is_refused(project, command):
    (project / "openclaw.json5").write_text('{ agents: { entries: { main: { agentDir: "./main-agent" } } } }\n',
                                            encoding="utf-8")
    (project / "state").mkdir()
    (project / "main-agent").mkdir()
    (project / "main-agent" / "auth-profiles.json").write_text('{ "profiles": {} }\n', encoding="utf-8")
    for store in ("openclaw-agent.sqlite", "auth-profiles.json"):
        output = f"main-agent/{store}"
        run = run_cli(command, "openclaw.json5", "--state-dir", "state", "-o", output, env={})
        refused(run, f"-o {output} names the credential store ./{output}; the output must be another file")
    assert not (project / "main-agent" / "openclaw-agent.sqlite").exists()
    assert (project / "main-agent" / "auth-profiles.json").read_text(encoding="utf-8") == '{ "profiles": {} }\n'


@pytest.mark.parametrize("command", ["compile", "lint"])
def test_an_output_at_the_top_of_the_state_directory_is_written(project, command):
    """OpenClaw's own config lives there, and so may its compiled file or a report."""
    (project / "state").mkdir()
    run = run_cli(command, "openclaw.json5", "--state-dir", "state", "-o", "state/out.txt", env={})
    assert_no_crash(run)
    assert run.exit_code in (0, 1) and run.stderr == ""
    assert (project / "state" / "out.txt").stat().st_size > 0


def test_the_file_stdin_stands_for_is_refused(project):
    run = run_cli("lint", "-", "--stdin-filename", "openclaw.json5", "-o", "openclaw.json5", input=CONFIG, env={})
    refused(run, "-o openclaw.json5 names the --stdin-filename config openclaw.json5; the output must be "
                 "another file")
    assert (project / "openclaw.json5").read_text(encoding="utf-8") == CONFIG


@pytest.mark.parametrize("command", ["compile", "lint"])
@pytest.mark.parametrize("output", ["out", "out/", "link-to-out"])
def test_a_directory_is_refused(project, command, output):
    (project / "out").mkdir()
    (project / "link-to-out").symlink_to("out")
    run = run_cli(command, "openclaw.json5", "-o", output, env={})
    assert_no_crash(run)
    assert run.exit_code == 2
    assert f"'{output}' is a directory" in run.stderr
    assert list((project / "out").iterdir()) == []


@pytest.mark.parametrize("command", ["compile", "lint"])
def test_a_missing_directory_is_not_made_a_file(project, command):
    run = run_cli(command, "openclaw.json5", "-o", "out/", env={})
    refused(run, "-o out/ names a directory; the output must be a file")
    assert not (project / "out").exists()


def test_an_output_with_a_long_name_is_written(project):
    """Its temporary file's name must fit too."""
    name = "o" * 240 + ".json"
    run = run_cli("compile", "openclaw.json5", "-o", name, env={})
    assert run.exit_code == 0, run.output
    assert '"port": 18789' in (project / name).read_text(encoding="utf-8")
    assert [p.name for p in project.iterdir() if "oclc-tmp" in p.name] == []


def test_an_output_beside_the_inputs_is_written(project):
    run = run_cli("compile", "openclaw.json5", "-o", "openclaw.compiled.json", env={})
    assert run.exit_code == 0, run.output
    assert '"port": 18789' in (project / "openclaw.compiled.json").read_text(encoding="utf-8")
    run = run_cli("lint", "openclaw.json5", "-o", "report.txt", env={})
    assert run.exit_code == 0, run.output
    assert "No problems found" in (project / "report.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["compile", "lint"])
def test_a_read_only_output_is_refused_even_by_root(project, command):
    """As for --fix: mode bits decide, not access(2), which lets root write anything."""
    output = project / "out.txt"
    output.write_text("keep\n", encoding="utf-8")
    output.chmod(0o444)
    refused(run_cli(command, "openclaw.json5", "-o", "out.txt", env={}),
            "cannot write out.txt: the file is read-only (mode 0444)")
    assert output.read_text(encoding="utf-8") == "keep\n"
    (project / "ro").mkdir()
    (project / "ro").chmod(0o555)
    try:
        refused(run_cli(command, "openclaw.json5", "-o", "ro/out.txt", env={}),
                "cannot write ro/out.txt: its directory is read-only (mode 0555)")
    finally:
        (project / "ro").chmod(0o755)
    assert list((project / "ro").iterdir()) == []


# --- outputs that are not regular files -----------------------------------------------------------

def _read_fifo(path: Path, into: list[bytes]) -> threading.Thread:
    def read() -> None:
        with open(path, "rb") as handle:
            into.append(handle.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return reader


@pytest.mark.parametrize("command", ["compile", "lint"])
def test_a_fifo_is_written_not_replaced(project, command):
    fifo = project / "out.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = _read_fifo(fifo, received)
    run = run_cli(command, "openclaw.json5", "-o", str(fifo), env={})
    reader.join(timeout=10)
    assert_no_crash(run)
    assert run.exit_code == 0, run.output
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    expected = '"port": 18789' if command == "compile" else "No problems found"
    assert expected in received[0].decode("utf-8")
    assert [p.name for p in project.iterdir() if "oclc-tmp" in p.name] == []


@pytest.fixture
def null_device(tmp_path) -> Path:
    """A character device that discards what is written. As root, a private one (the same device
    numbers as /dev/null), so that a broken oclc cannot replace the machine's /dev/null; otherwise
    /dev/null itself, which a user cannot replace."""
    if os.geteuid() != 0:
        return Path(os.devnull)
    private = tmp_path / "null"
    os.mknod(private, stat.S_IFCHR | 0o666, os.stat(os.devnull).st_rdev)
    return private


@pytest.mark.parametrize("command", ["compile", "lint", "lint --diff"])
def test_a_character_device_is_written_not_replaced(project, null_device, command):
    before = os.stat(null_device)
    run = run_cli(*command.split(), "openclaw.json5", "-o", str(null_device), env={})
    assert_no_crash(run)
    assert run.exit_code == 0, run.output
    after = os.stat(null_device)
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)
    assert stat.S_IMODE(after.st_mode) == stat.S_IMODE(before.st_mode)


def test_dev_null_stays_a_character_device(project):
    for command in ("compile", "lint"):
        run = run_cli(command, "openclaw.json5", "-o", os.devnull, env={})
        assert run.exit_code == 0, run.output
        assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_a_hard_linked_output_is_written_in_place(project):
    """Renaming a new file over one name would leave the other name with the old content."""
    (project / "compiled.json").write_text("old\n", encoding="utf-8")
    os.link(project / "compiled.json", project / "deployed.json")
    run = run_cli("compile", "openclaw.json5", "-o", "compiled.json", env={})
    assert run.exit_code == 0, run.output
    assert os.path.samefile(project / "compiled.json", project / "deployed.json")
    assert '"port": 18789' in (project / "deployed.json").read_text(encoding="utf-8")


# --- compile --check reads the output -------------------------------------------------------------

def _release_readers(fifo: Path, seconds: float = 10) -> threading.Thread:
    """Should oclc open the FIFO to read it, give it end-of-file: the test then fails, not hangs."""
    def release() -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
                return
            except OSError:   # no reader yet (ENXIO)
                time.sleep(0.05)

    releaser = threading.Thread(target=release, daemon=True)
    releaser.start()
    return releaser


def test_compile_check_refuses_a_fifo_without_blocking(project):
    os.mkfifo(project / "openclaw.compiled.json")
    _release_readers(project / "openclaw.compiled.json")
    run = run_cli("compile", "--check", "openclaw.json5", env={})
    refused(run, "cannot read openclaw.compiled.json: is not a regular file (a FIFO, socket or device); refusing to read it")


def test_compile_check_reads_no_more_than_it_compares(project):
    """A huge stale file is told stale without being read whole."""
    compiled = project / "openclaw.compiled.json"
    with open(compiled, "wb") as handle:
        handle.truncate(1 << 30)   # a sparse gigabyte
    run = run_cli("compile", "--check", "openclaw.json5", env={})
    assert run.exit_code == 1, run.output
    assert "openclaw.compiled.json is out of date" in run.stderr
