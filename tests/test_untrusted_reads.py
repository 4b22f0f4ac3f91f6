"""What oclc reads when the repository it checks is hostile: a directory search never follows a
link out of the searched tree, nothing under /proc, /sys or /dev is read, and a file that is not
even an attempt at JSON5 (an environment dump, binary data) is never quoted."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from hostilelib import assert_no_crash, run_cli

FORMATS = ("text", "concise", "json", "sarif", "github", "junit")
SECRET = "plnt-outside-the-tree-6a1f0c9e"
needs_proc = pytest.mark.skipif(not os.path.exists("/proc/self/environ"), reason="no /proc")


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _environ_values() -> list[str]:
    """The values of this process's environment as /proc/self/environ holds them."""
    raw = Path("/proc/self/environ").read_bytes().decode("utf-8", "replace")
    return [entry.split("=", 1)[1] for entry in raw.split("\0") if "=" in entry and len(entry.split("=", 1)[1]) >= 12]


@pytest.fixture
def repository(tmp_path, monkeypatch):
    """A checked-out repository with a good config, run from its root as CI does."""
    repo = tmp_path / "repo"
    _write(repo / "openclaw.json5", '{ gateway: { mode: "local" } }\n')
    monkeypatch.chdir(repo)
    return repo


@needs_proc
def test_a_searched_link_to_proc_environ_is_not_read(repository):
    os.symlink("/proc/self/environ", repository / "openclaw.env.json5")
    run = run_cli("lint", "--format", "concise", ".")
    assert run.exit_code == 2
    assert run.output == (
        "openclaw.env.json5: OC108 error: is a symbolic link to a file outside the directory being linted (.); "
        "it was not read\n"
        "Found 1 problem (1 error) in 2 files.\n")
    for output_format in FORMATS:
        run = run_cli("lint", "--format", output_format, ".")
        assert_no_crash(run)
        assert "OC108" in run.output
        assert not [value for value in _environ_values() if value in run.output]


def test_a_searched_link_to_a_file_outside_the_tree_is_not_read(repository, tmp_path):
    outside = _write(tmp_path / "secrets.env", f"DEPLOY_KEY={SECRET}\n")
    _write(tmp_path / "other.env", f"DEPLOY_KEY={SECRET}\n")
    os.symlink(outside, repository / "openclaw.json")
    (repository / "nested").mkdir()
    os.symlink("../../other.env", repository / "nested" / "openclaw.prod.json5")
    run = run_cli("lint", "--format", "concise", ".")
    assert run.output.count(": OC108 error: ") == 2, run.output
    for output_format in FORMATS:
        run = run_cli("lint", "--format", output_format, ".")
        assert run.exit_code == 2
        assert SECRET not in run.output and "DEPLOY_KEY" not in run.output


def test_a_linked_directory_leading_out_of_the_tree_is_not_searched(repository, tmp_path):
    _write(tmp_path / "elsewhere" / "openclaw.json5", f'{{ gateway: {{ mode: "{SECRET}" }} }}\n')
    os.symlink(tmp_path / "elsewhere", repository / "linked")
    run = run_cli("lint", "--format", "concise", ".")
    assert run.exit_code == 0
    assert run.output == "No problems found in 1 file.\n"


def test_a_searched_link_that_stays_inside_the_tree_is_read(repository):
    _write(repository / "configs" / "real.json5", "{ gateway: { mode: 42 } }\n")
    os.symlink("configs/real.json5", repository / "openclaw.alias.json5")
    run = run_cli("lint", "--format", "concise", ".")
    assert run.exit_code == 1
    assert "openclaw.alias.json5:1:20: OC204 error: gateway.mode: invalid value 42" in run.output


def test_a_link_named_on_the_command_line_is_followed(repository, tmp_path):
    """The user named the file: its links may lead anywhere (a config kept in a dotfiles checkout)."""
    outside = _write(tmp_path / "dotfiles" / "openclaw.json5", "{ gateway: { mode: 42 } }\n")
    os.symlink(outside, repository / "linked.json5")
    run = run_cli("lint", "--format", "concise", "linked.json5")
    assert run.exit_code == 1
    assert "linked.json5:1:20: OC204 error: gateway.mode: invalid value 42" in run.output


@needs_proc
@pytest.mark.parametrize("how", ["named", "linked"])
def test_proc_is_never_read_even_when_named(repository, how):
    path = "/proc/self/environ"
    if how == "linked":
        os.symlink(path, repository / "environ.json5")
        path = "environ.json5"
    expected = (f"{path}: OC103 error: is in /proc, a kernel or device filesystem, not a config file; "
                "refusing to read it\n")
    for command in (("lint", "--format", "concise"), ("compile",), ("explain",)):
        run = run_cli(*command, path)
        assert run.exit_code == 2
        assert run.output.startswith(expected), run.output
        assert not [value for value in _environ_values() if value in run.output]


@needs_proc
def test_an_include_under_proc_is_not_opened_even_inside_an_include_root(repository):
    _write(repository / "openclaw.json5", '{ $include: "/proc/self/environ" }\n')
    run = run_cli("lint", "--format", "concise", "--env-from-process", "openclaw.json5",
                  env={"OPENCLAW_INCLUDE_ROOTS": "/proc"})
    assert run.output.startswith(
        "openclaw.json5:1:13: OC115 error: cannot include '/proc/self/environ': /proc/self/environ is in /proc, "
        "a kernel or device filesystem, not a config file; it was not opened\n")


@pytest.mark.parametrize("content, reason", [
    (f"DEPLOY_KEY={SECRET}\nPATH=/usr/bin\n", "it does not start with `{`"),
    (f"-----BEGIN OPENSSH PRIVATE KEY-----\n{SECRET}\n", "it does not start with `{`"),
    (f"{{ a: 1,\n  b: \0{SECRET} }}\n", "it contains NUL or other control characters"),
])
def test_a_file_that_is_not_json5_is_never_quoted(repository, content, reason):
    _write(repository / "openclaw.json5", content)
    for output_format in FORMATS:
        run = run_cli("lint", "--format", output_format, "openclaw.json5")
        assert run.exit_code == 1
        assert "OC101" in run.output
        assert SECRET[5:17] not in run.output, run.output
    text = run_cli("lint", "openclaw.json5").output
    assert f"= note: the file does not look like a JSON5 config ({reason}), so none of it is shown\n" in text
    assert " | " not in text       # no snippet at all


def test_a_broken_config_is_still_quoted(repository):
    _write(repository / "openclaw.json5", "// my config\n{ gateway: { mode: 'local' } oops }\n")
    run = run_cli("lint", "openclaw.json5")
    assert "1 | // my config" not in run.output
    assert "2 | { gateway: { mode: 'local' } oops }" in run.output
    assert "does not look like" not in run.output


@needs_proc
def test_a_project_config_cannot_make_oclc_read_proc_as_its_env_file(repository):
    """The repository's own .oclc.toml may name an env-file, but not the machine's environment."""
    _write(repository / ".oclc.toml", 'env-file = "/proc/self/environ"\n')
    run = run_cli("lint", "openclaw.json5")
    assert run.exit_code == 2
    assert run.output == (f"oclc: error: cannot read the env file /proc/self/environ (env-file in "
                          f"{repository / '.oclc.toml'}): is in /proc, a kernel or device filesystem, "
                          "not a config file; refusing to read it\n")
