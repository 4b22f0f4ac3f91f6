"""Hostile input, round two: wrong answers and crashes. Every case here once ended in a traceback,
an "internal error", a lost report or a silent exit 0; each is now a diagnostic naming the input
(file, and line:column where there is one), a documented exit code, and the other files' results
still reported."""
from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from hostilelib import assert_no_crash, run_cli, write

WARNS = '{\n  gateway: { port: 18789, port: 18790 },\n}\n'     # OC107 warning only


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


# --- credential stores (--state-dir) ------------------------------------------------------------

SONNET_CONFIG = '{\n  agents: { defaults: { model: "anthropic/claude-sonnet-4-6" } },\n}\n'
STORE = "agents/main/agent/openclaw-agent.sqlite"


def store_with_text(state: Path, text: str) -> Path:
    """An agent store whose row holds exactly `text` (json.dumps cannot write 1e400 or bad JSON)."""
    import sqlite3

    from statelib import write_agent_store

    path = write_agent_store(state, "main", {})
    with sqlite3.connect(path) as db:
        db.execute("UPDATE auth_profile_store SET store_json = ? WHERE store_key = 'primary'", (text,))
    db.close()
    return path


def token_store(number: str) -> str:
    return ('{"version": 1, "profiles": {"anthropic:me": {"type": "token", "provider": "anthropic", '
            f'"token": "sk-ant-oat01-not-real", "expires": {number}}}}}, '
            f'"usageStats": {{"anthropic:me": {{"cooldownUntil": {number}}}}}}}')


@pytest.mark.parametrize("number", ["1e400", "1" + "0" * 5000])
def test_a_time_past_any_date_in_a_store_means_never(project, number):
    """JSON.parse reads both as Infinity: the token never expires, the cooldown never ends."""
    from oclc.pipeline import Options, check
    from oclc.resolve.state import LATEST_MS, read_state

    store_with_text(project / "state", token_store(number))
    stored = read_state(str(project / "state")).agent_store(str(project / "state" / "agents" / "main" / "agent"))
    assert stored.error is None
    assert stored.profiles["anthropic:me"].expires == LATEST_MS and not stored.profiles["anthropic:me"].expired(0)
    assert stored.unusable_until == {"anthropic:me": LATEST_MS}
    write(project / "openclaw.json5", SONNET_CONFIG)
    result = check("openclaw.json5", options=Options(env={}, state_dir="state"))
    profile = next(c for c in result.model.agents["main"].auth["anthropic"].candidates if c.name == "anthropic:me")
    assert profile.note == "in cooldown until 9999-12-31 23:59 UTC: tried last"
    for command in ("lint", "explain", "compile"):
        run = run_cli(command, "--state-dir", "state", "openclaw.json5")
        assert_no_crash(run)
        assert "sk-ant-oat01-not-real" not in run.output


@pytest.mark.parametrize("constant", ["Infinity", "-Infinity", "NaN"])
def test_a_store_that_is_not_json_is_reported_as_openclaw_reads_it(project, constant):
    store_with_text(project / "state", token_store(constant))
    write(project / "openclaw.json5", SONNET_CONFIG)
    write(project / "gateway.env", "")    # the gateway's whole environment: no ANTHROPIC_API_KEY
    run = run_cli("lint", "--format", "concise", "--state-dir", "state", "--env-file", "gateway.env", "openclaw.json5")
    assert_no_crash(run)
    assert run.exit_code == 1     # OC308: OpenClaw reads the store as empty, so no credential
    assert run.stdout.splitlines()[0] == (
        f"openclaw.json5:2:11: OC310 warning: credential store {STORE} is not JSON ({constant} is not a "
        "JSON value); OpenClaw reads it as empty")
    assert "OC308" in run.stdout and "sk-ant-oat01-not-real" not in run.output


def test_a_store_nested_100k_deep_is_reported_not_a_recursion_error(project):
    store_with_text(project / "state", '{"version": 1, "profiles": ' + "[" * 100_000 + "]" * 100_000 + "}")
    write(project / "openclaw.json5", SONNET_CONFIG)
    write(project / "gateway.env", "")
    run = run_cli("lint", "--format", "concise", "--state-dir", "state", "--env-file", "gateway.env", "openclaw.json5")
    assert_no_crash(run)
    assert run.stdout.splitlines()[0] == (
        f"openclaw.json5:2:11: OC310 warning: credential store {STORE} is not checked: its arrays or objects "
        "nest too deeply for oclc to read")


@pytest.mark.parametrize("content", ["[" * 100_000, '{"profiles": {"a": {"expires": NaN}}}', "\udcff"])
def test_a_retired_json_store_that_cannot_be_read(tmp_path, content):
    from oclc.resolve.state import read_legacy_file

    path = tmp_path / "auth-profiles.json"
    path.write_bytes(content.encode("utf-8", "surrogateescape"))
    assert read_legacy_file(str(path)).error.startswith("cannot read: ")


# --- side files: env file, project config, --max-file-size, standard input ----------------------

def test_a_nul_in_the_env_file_path_of_the_project_config(project):
    write(project / "pyproject.toml", '[tool.oclc]\nenv-file = "a\\u0000b.env"\n')
    write(project / "openclaw.json5", WARNS)
    run = run_cli("lint", "openclaw.json5")
    assert_no_crash(run)
    assert run.exit_code == 2
    assert run.stderr == (f"oclc: error: cannot read the env file {project}/a\\u0000b.env (env-file in "
                          f"{project / 'pyproject.toml'}): no such file (the path contains a NUL character)\n")


@pytest.mark.parametrize("kind", ["fifo", "device", "too large"])     # --env-file refuses a directory as it is parsed
def test_an_env_file_that_is_not_a_small_regular_file_is_refused_unread(project, kind):
    env = project / "gateway.env"
    if kind == "fifo":
        os.mkfifo(env)              # reading it would block the run
        reason = "is not a regular file (a FIFO, socket or device); refusing to read it"
    elif kind == "device":
        os.symlink("/dev/zero", env)  # reading it would never end
        reason = "is not a regular file (a FIFO, socket or device); refusing to read it"
    else:
        with open(env, "wb") as handle:
            handle.truncate(17 * 1024 * 1024)
        reason = "the file is 17,825,792 bytes, over the limit of 16,777,216 bytes"
    write(project / "openclaw.json5", WARNS)
    for command in ("lint", "compile", "explain"):
        run = run_cli(command, "--env-file", "gateway.env", "openclaw.json5")
        assert_no_crash(run)
        assert run.exit_code == 2
        assert run.stderr == f"oclc: error: cannot read the env file gateway.env: {reason}\n"


def test_an_env_file_that_is_not_utf8(project):
    write(project / "gateway.env", b"A=caf\xe9\n")
    write(project / "openclaw.json5", WARNS)
    run = run_cli("lint", "--env-file", "gateway.env", "openclaw.json5")
    assert run.exit_code == 2
    assert run.stderr == ("oclc: error: cannot read the env file gateway.env: the file is not valid UTF-8 "
                          "(byte 0xe9 at byte offset 5)\n")


def test_a_project_config_that_is_not_utf8_is_placed_at_its_line_and_column(project):
    write(project / "pyproject.toml", b'[tool.oclc]\nselect = ["OC\xff"]\n')
    write(project / "openclaw.json5", WARNS)
    run = run_cli("lint", "openclaw.json5")
    assert_no_crash(run)
    assert run.exit_code == 2
    assert run.stderr == (f"oclc: error: {project / 'pyproject.toml'}:2:14: not valid TOML: the file is not "
                          "valid UTF-8 (byte 0xff at byte offset 25)\n")


def test_a_project_config_nested_100k_deep(project):
    write(project / ".oclc.toml", "x = " + "[" * 100_000 + "]" * 100_000 + "\n")
    write(project / "openclaw.json5", WARNS)
    run = run_cli("lint", "openclaw.json5")
    assert_no_crash(run)
    assert run.exit_code == 2
    assert run.stderr == (f"oclc: error: {project / '.oclc.toml'}: not valid TOML for oclc: arrays or inline "
                          "tables nest too deeply to read\n")


@pytest.mark.parametrize("kind", ["fifo", "device", "dangling symlink"])
def test_a_project_config_that_cannot_be_read_is_not_passed_over(project, kind):
    config = project / ".oclc.toml"
    if kind == "fifo":
        os.mkfifo(config)
        reason = "is not a regular file (a FIFO, socket or device); refusing to read it"
    elif kind == "device":
        os.symlink("/dev/zero", config)
        reason = "is not a regular file (a FIFO, socket or device); refusing to read it"
    else:
        os.symlink("gone.toml", config)
        reason = "no such file"
    write(project / "openclaw.json5", WARNS)
    run = run_cli("lint", "openclaw.json5")
    assert_no_crash(run)
    assert run.exit_code == 2
    assert run.stderr == f"oclc: error: {config}: cannot read it: {reason}\n"


@pytest.mark.parametrize("size", ["100000000000000000000000", "1" + "0" * 5000, "100G", "0016M"])
def test_a_huge_max_file_size_means_no_practical_limit(project, size):
    write(project / "openclaw.json5", WARNS)
    for command in ("lint", "compile", "explain"):
        run = run_cli(command, "--max-file-size", size, "openclaw.json5")
        assert_no_crash(run)
        assert run.exit_code == 0
    run = run_cli("lint", "--max-file-size", size, "--format", "concise", "-", input=WARNS)
    assert run.exit_code == 0 and "OC107" in run.stdout


def test_standard_input_is_read_no_further_than_the_limit():
    class Endless:
        """A stream that never ends, like `yes | oclc lint -`."""
        read_sizes: list[int] = []

        def read(self, size=-1):
            assert 0 < size <= 1024 * 1024 + 1
            self.read_sizes.append(size)
            return b" " * size

    from oclc.source import read_at_most

    assert len(read_at_most(Endless(), 5 * 1024 * 1024 + 1)) == 5 * 1024 * 1024 + 1
    run = run_cli("lint", "--format", "concise", "--max-file-size", "1K", "-", input=b" " * 5000)
    assert run.exit_code == 2
    assert run.stdout == ("<stdin>: OC105 error: the input is over the limit of 1,024 bytes (raise it with "
                          "--max-file-size)\nFound 1 problem (1 error) in 1 file.\n")


# --- file names in every format -----------------------------------------------------------------

UNKNOWN_FOO = '{\n  foo: 1,\n}\n'
# byte 0xff (not UTF-8), SOH, ESC (drives a terminal), a line break (a new report line), U+FFFF
HOSTILE_NAMES = [b"\xff", b"\x01", b"\x1b[31m", b"a\nb", "\uffff".encode()]


@pytest.fixture
def hostile_tree(project):
    for name in HOSTILE_NAMES + [b"plain"]:
        directory = os.path.join(b"conf", name)
        os.makedirs(directory)
        with open(os.path.join(directory, b"openclaw.json5"), "w", encoding="utf-8") as handle:
            handle.write(UNKNOWN_FOO)
    return project


def _names(run_stdout: str, prefix: str) -> list[str]:
    return sorted(line for line in run_stdout.splitlines() if line.startswith(prefix))


def test_text_formats_escape_file_names(hostile_tree):
    for output_format, line in (("concise", "{}:2:3: OC201 error: unknown key \"foo\" at the top level"),
                                ("text", "{}:2:3: OC201 error: unknown key \"foo\" at the top level")):
        run = run_cli("lint", "--format", output_format, "conf")
        assert_no_crash(run)
        assert run.exit_code == 1
        shown = [r"conf/\udcff", r"conf/\u0001", r"conf/\u001b[31m", r"conf/a\u000ab", "conf/\uffff", "conf/plain"]
        assert _names(run.stdout, "conf/") == sorted(line.format(f"{d}/openclaw.json5") for d in shown)
        assert "\x1b" not in run.stdout and "\x01" not in run.stdout


def test_github_annotations_escape_file_names(hostile_tree):
    run = run_cli("lint", "--format", "github", "conf")
    assert_no_crash(run)
    files = sorted(line.split("file=")[1].split(",")[0] for line in run.stdout.splitlines() if "file=" in line)
    assert files == sorted(["conf/\\udcff/openclaw.json5", "conf/\\u0001/openclaw.json5",
                            "conf/\\u001b[31m/openclaw.json5", "conf/a\\u000ab/openclaw.json5",
                            "conf/\uffff/openclaw.json5", "conf/plain/openclaw.json5"])
    assert len(run.stdout.splitlines()) == 7     # six annotations and the summary: no line split


def test_json_keeps_every_file_name_exactly(hostile_tree):
    import json

    run = run_cli("lint", "--format", "json", "conf")
    assert_no_crash(run)
    files = sorted(os.fsencode(item["file"]) for item in json.loads(run.stdout))
    assert files == sorted(os.path.join(b"conf", name, b"openclaw.json5") for name in HOSTILE_NAMES + [b"plain"])


def test_sarif_uris_are_the_file_names_percent_encoded(hostile_tree):
    import json

    run = run_cli("lint", "--format", "sarif", "conf")
    assert_no_crash(run)
    assert run.exit_code == 1
    results = json.loads(run.stdout)["runs"][0]["results"]
    uris = sorted(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results)
    assert uris == sorted(f"conf/{quoted}/openclaw.json5"
                          for quoted in ("%FF", "%01", "%1B%5B31m", "a%0Ab", "%EF%BF%BF", "plain"))


def test_junit_is_well_formed_xml_whatever_the_names(hostile_tree):
    from xml.etree import ElementTree

    run = run_cli("lint", "--format", "junit", "conf")
    assert_no_crash(run)
    root = ElementTree.fromstring(run.stdout.encode("utf-8"))
    names = sorted(suite.get("name") for suite in root.iter("testsuite"))
    assert names == sorted(["conf/\\udcff/openclaw.json5", "conf/\\u0001/openclaw.json5",
                            "conf/\\u001b[31m/openclaw.json5", "conf/a\\u000ab/openclaw.json5",
                            "conf/\\uffff/openclaw.json5", "conf/plain/openclaw.json5"])


@pytest.mark.parametrize("output_format", ["junit", "json", "sarif", "github", "text", "concise"])
def test_every_format_survives_any_character_in_a_quoted_value(project, output_format):
    """Every code point a JSON5 string can hold, as an enum value the message quotes."""
    import json
    from xml.etree import ElementTree

    hostile = "".join(chr(c) for c in [*range(0x20), 0x7f, 0x85, 0x2028, 0xd800, 0xdcff, 0xfffe, 0xffff])
    escaped = "".join(f"\\u{ord(c):04x}" for c in hostile)
    write(project / "openclaw.json5", '{ gateway: { mode: "' + escaped + '" } }')
    run = run_cli("lint", "--format", output_format, "openclaw.json5")
    assert_no_crash(run)
    assert run.exit_code == 1 and "OC20" in run.stdout
    if output_format == "junit":
        ElementTree.fromstring(run.stdout.encode("utf-8"))
    elif output_format in ("json", "sarif"):
        json.loads(run.stdout)
    else:
        assert not any(c in run.stdout for c in "\x00\x01\x1b\x7f\ud800")


def test_compile_writes_json_any_reader_accepts(project):
    """NaN and Infinity as JSON.stringify writes them (null); a lone surrogate as its escape."""
    import json

    write(project / "openclaw.json5", '{ meta: { a: NaN, b: -Infinity, c: "\\ud800" } }')
    run = run_cli("compile", "openclaw.json5")
    assert_no_crash(run)
    assert '"a": null' in run.stdout and '"b": null' in run.stdout and '"c": "\\ud800"' in run.stdout
    json.loads(run.stdout, parse_constant=lambda name: pytest.fail(f"{name} is not JSON"))


# --- output streams -----------------------------------------------------------------------------

def oclc_with(redirect: str, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run oclc in a shell with `redirect` applied (`>&-` closes standard output)."""
    command = " ".join(shlex.quote(a) for a in [sys.executable, "-m", "oclc", *args]) + " " + redirect
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "OCLC_DEBUG", "NO_COLOR")}
    return subprocess.run(["sh", "-c", command], cwd=cwd, capture_output=True, text=True, env=env, timeout=60)


@pytest.mark.parametrize("args", [["lint", "openclaw.json5"], ["compile", "openclaw.json5"],
                                  ["explain", "openclaw.json5"], ["rules"], ["schema"]])
def test_a_closed_standard_output_is_an_error_not_a_silent_pass(project, args):
    write(project / "openclaw.json5", WARNS)
    done = oclc_with(">&-", *args, cwd=project)
    assert done.returncode == 2
    assert done.stderr == "oclc: error: cannot write the output: standard output is closed\n"


def test_a_full_disk_on_standard_output_is_an_error(project):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    write(project / "openclaw.json5", WARNS)
    done = oclc_with(">/dev/full", "lint", "openclaw.json5", cwd=project)
    assert done.returncode == 2
    assert done.stderr == "oclc: error: cannot write the output to standard output: No space left on device\n"


def test_the_report_still_goes_to_a_file_when_standard_output_is_closed(project):
    write(project / "openclaw.json5", WARNS)
    done = oclc_with(">&-", "lint", "--format", "concise", "-o", "report.txt", "openclaw.json5", cwd=project)
    assert done.returncode == 0 and done.stderr == ""
    assert "OC107" in (project / "report.txt").read_text()


def test_a_closed_standard_input(project):
    done = oclc_with("<&-", "lint", "-", cwd=project)
    assert done.returncode == 2
    assert done.stderr == "oclc: error: cannot read the config from `-`: standard input is closed\n"


# --- a bug in oclc on one file ------------------------------------------------------------------

@pytest.mark.parametrize("output_format", ["concise", "json", "sarif", "junit"])
def test_a_file_oclc_fails_on_is_in_the_report_and_the_others_too(project, monkeypatch, output_format):
    import oclc.pipeline

    real = oclc.pipeline.check

    def check(path, **kwargs):
        if "bad" in str(path):
            raise RuntimeError("boom with sk-ant-api03-" + "x" * 40)
        return real(path, **kwargs)

    monkeypatch.setattr(oclc.pipeline, "check", check)
    write(project / "conf" / "bad" / "openclaw.json5", "{}")
    write(project / "conf" / "good" / "openclaw.json5", WARNS)
    run = run_cli("lint", "--format", output_format, "conf")
    assert run.exit_code == 2
    assert "x" * 40 not in run.output          # an exception's text is masked like any message
    assert run.stderr.startswith("oclc: internal error while checking conf/bad/openclaw.json5: RuntimeError: boom")
    assert "conf/good/openclaw.json5" in run.stdout and "OC107" in run.stdout
    assert "conf/bad/openclaw.json5" in run.stdout and "OC904" in run.stdout
    if output_format == "concise":
        assert run.stdout.splitlines()[0].startswith(
            "conf/bad/openclaw.json5: OC904 error: oclc could not check this file: it failed with RuntimeError: boom")
        assert run.stdout.splitlines()[-1] == "Found 2 problems (1 error, 1 warning) in 2 files."


# --- --schema -----------------------------------------------------------------------------------

@pytest.mark.parametrize("content, reason", [
    ('{"properties":' * 100_000 + "{}" + "}" * 100_000,
     "is not JSON: arrays or objects nest too deeply for oclc to read"),
    ('{"properties":' * 900 + "{}" + "}" * 900,
     "nests too deeply for oclc, or a $ref in it leads back to itself without consuming any of the config"),
    ('{"$ref": "#/$defs/a", "$defs": {"a": {"$ref": "#/$defs/a"}}}',
     "nests too deeply for oclc, or a $ref in it leads back to itself without consuming any of the config"),
    ('{"maximum": NaN}', "is not JSON: NaN is not a JSON value"),
    ('{"maximum": 1' + "0" * 5000 + "}", None),       # JSON.parse: Infinity, a maximum nothing exceeds
    (b"\xff\xfe{}", "cannot read the schema s.json: the file is UTF-16 (it starts with a UTF-16 byte order "
                    "mark); OpenClaw reads configs as UTF-8"),
])
def test_a_hostile_schema_is_oc209_and_exit_2(project, content, reason):
    write(project / "s.json", content)
    write(project / "openclaw.json5", '{ gateway: { port: 18789 } }')
    for command in ("lint", "compile", "explain"):
        run = run_cli(command, *(["--format", "concise"] if command == "lint" else []), "--schema", "s.json",
                      "openclaw.json5")
        assert_no_crash(run)
        if reason is None:
            assert run.exit_code == 0
            continue
        message = reason if reason.startswith("cannot") else f"the schema s.json {reason}"
        assert run.exit_code == 2
        assert f"openclaw.json5: OC209 error: {message}\n" in run.output


@pytest.mark.parametrize("special", ["fifo", "/dev/zero"])
def test_a_schema_that_is_not_a_regular_file_is_not_read(project, special):
    if special == "fifo":
        os.mkfifo(project / "s.json")
    else:
        os.symlink(special, project / "s.json")
    write(project / "openclaw.json5", '{ gateway: { port: 18789 } }')
    run = run_cli("lint", "--format", "concise", "--schema", "s.json", "openclaw.json5")
    assert run.exit_code == 2
    assert run.stdout.splitlines()[0] == ("openclaw.json5: OC209 error: cannot read the schema s.json: is not a "
                                          "regular file (a FIFO, socket or device); refusing to read it")


# --- durations and sizes, read as OpenClaw reads them -------------------------------------------

@pytest.mark.parametrize("text, unit, expected", [
    ("9" * 400 + "m", "ms", None),                  # Infinity: was round(inf), an OverflowError
    ("1h" + "9" * 400 + "m", "ms", None),
    ("1" + "0" * 120 + "h", "ms", None),             # the `ms` package reads at most 100 characters
    ("9007199254740991", "ms", 9007199254740991),    # Number.MAX_SAFE_INTEGER
    ("9007199254740992", "ms", None),
    ("0.5ms", "ms", 1),                              # Math.round rounds half up; round() gave 0
    ("2.5", "ms", 3),
    ("1h30m", "ms", 5_400_000),
])
def test_durations_as_openclaw_reads_them(text, unit, expected):
    from oclc.rules.openclaw.gateway import parse_duration_ms

    assert parse_duration_ms(text, unit) == expected


@pytest.mark.parametrize("text, expected", [("9" * 400, None), ("8191t", 8191 * 1024**4), ("8192t", None),
                                            ("0.5b", 1), ("2gb", 2 * 1024**3)])
def test_byte_sizes_as_openclaw_reads_them(text, expected):
    from oclc.rules.openclaw.gateway import parse_byte_size

    assert parse_byte_size(text) == expected


def test_a_duration_of_400_digits_is_a_finding_not_a_crash(project):
    write(project / "openclaw.json5",
          '{\n  agents: { defaults: { heartbeat: { every: "' + "9" * 400 + 'm" } } },\n}\n')
    run = run_cli("lint", "--format", "concise", "openclaw.json5")
    assert_no_crash(run)
    assert run.exit_code == 1
    assert run.stdout.startswith("openclaw.json5:2:45: OC233 error: ")


# --- compile --check against a hostile committed file -------------------------------------------

def test_compile_check_against_a_compiled_file_that_is_not_utf8_is_stale_not_a_crash(project):
    write(project / "openclaw.json5", '{ gateway: { port: 18789 } }')
    assert run_cli("compile", "openclaw.json5", "-o", "openclaw.compiled.json").exit_code == 0
    assert run_cli("compile", "--check", "openclaw.json5").exit_code == 0
    with open(project / "openclaw.compiled.json", "ab") as handle:
        handle.write(b"\xff")
    run = run_cli("compile", "--check", "openclaw.json5")
    assert_no_crash(run)
    assert run.exit_code == 1
    assert run.stderr == ("oclc: openclaw.compiled.json is out of date (compiled from openclaw.json5); update it "
                          "with `oclc compile openclaw.json5 -o openclaw.compiled.json`\n")


def test_compile_check_against_a_fifo_does_not_block(project):
    write(project / "openclaw.json5", '{ gateway: { port: 18789 } }')
    os.mkfifo(project / "openclaw.compiled.json")
    run = run_cli("compile", "--check", "openclaw.json5")
    assert run.exit_code == 2
    assert run.stderr == ("oclc: error: cannot read openclaw.compiled.json: is not a regular file (a FIFO, socket "
                          "or device); refusing to read it\n")


def test_a_recursive_schema_checks_a_config_as_deep_as_the_parser_allows(project):
    """jsonschema recurses several times per level: 255 levels were past Python's default stack."""
    write(project / "s.json", '{"type": "object", "additionalProperties": {"$ref": "#"}}')
    write(project / "openclaw.json5", "{a:" * 255 + "1" + "}" * 255)
    run = run_cli("lint", "--format", "concise", "--schema", "s.json", "openclaw.json5")
    assert_no_crash(run)
    assert run.exit_code == 1
    assert run.stdout.startswith("openclaw.json5:1:766: OC203 error: a.a.a.")


# --- values of the wrong type where a string is expected ----------------------------------------

@pytest.mark.parametrize("mode", ['["token"]', '{ "a": 1 }'])
def test_an_auth_profile_mode_that_is_a_list_or_an_object(project, mode):
    write(project / "openclaw.json5", '{\n  agents: { defaults: { model: "anthropic/claude-sonnet-4-6" } },\n'
          '  auth: { profiles: { "anthropic:a": { provider: "anthropic", mode: ' + mode + ' },\n'
          '                      "anthropic:b": { provider: "anthropic", mode: "token" } } },\n}\n')
    for command in ("lint", "explain", "compile"):
        run = run_cli(command, "openclaw.json5")
        assert_no_crash(run)
    shown = mode.replace("{ ", "{").replace(" }", "}")
    assert run_cli("lint", "--format", "concise", "openclaw.json5").stdout == (
        f'openclaw.json5:3:69: OC204 error: auth.profiles.anthropic:a.mode: invalid value {shown}; expected one '
        'of "api_key", "aws-sdk", "oauth", "token"\nFound 1 problem (1 error) in 1 file.\n')
