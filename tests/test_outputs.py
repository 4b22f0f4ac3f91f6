"""`-o` never destroys what it names: a FIFO or a device is written in place, never replaced by
a regular file; a hard-linked output is written in place, so every name sees the new content; a
directory is not made a file. End to end through the CLI."""
from __future__ import annotations

import os
import stat
import threading
import time
from pathlib import Path

import pytest

from hostilelib import assert_no_crash, run_cli

CONFIG = "// the gateway\n{ gateway: { port: 18789 } }\n"


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


# --- where the output goes ----------------------------------------------------------------------

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


def test_an_output_beside_the_inputs_is_written(project):
    run = run_cli("compile", "openclaw.json5", "-o", "openclaw.compiled.json", env={})
    assert run.exit_code == 0, run.output
    assert '"port": 18789' in (project / "openclaw.compiled.json").read_text(encoding="utf-8")
    run = run_cli("lint", "openclaw.json5", "-o", "report.txt", env={})
    assert run.exit_code == 0, run.output
    assert "No problems found" in (project / "report.txt").read_text(encoding="utf-8")


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
    refused(run, "cannot read openclaw.compiled.json: it is not a regular file (a FIFO, socket or device)")


def test_compile_check_reads_no_more_than_it_compares(project):
    """A huge stale file is told stale without being read whole."""
    compiled = project / "openclaw.compiled.json"
    with open(compiled, "wb") as handle:
        handle.truncate(1 << 30)   # a sparse gigabyte
    run = run_cli("compile", "--check", "openclaw.json5", env={})
    assert run.exit_code == 1, run.output
    assert "openclaw.compiled.json is out of date" in run.stderr
