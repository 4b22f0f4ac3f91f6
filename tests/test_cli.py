"""The command line: exit codes, formats and output, file discovery, stdin, project config,
--fix/--diff, the informational commands, start-up cost and internal errors."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from oclc import __version__
from oclc.cli import default_compiled_path, find_configs

from clilib import invoke

PYTHON = sys.executable
CLEAN = '{\n  gateway: { port: 18789 },\n}\n'
# A duplicate key: a warning, and a config OpenClaw still accepts.
WARNS = '{\n  gateway: { port: 18789, port: 18790 },\n}\n'
BROKEN = '{\n  gateway: { port: 18789 \n'
LEGACY = '{\n  // keep this comment\n  agents: { list: [ { id: "main" } ] },\n}\n'


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("NO_COLOR", "GITHUB_ACTIONS", "OCLC_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def lint(*args, input=None, env=None):
    return invoke(["lint", *args], input=input, env=env)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def codes(output: str) -> list[str]:
    return [line.split(": ")[1].split()[0] for line in output.splitlines() if ": OC" in line]


# --- exit codes ---------------------------------------------------------------------------------

def test_clean_file_exits_0(project):
    write(project / "openclaw.json5", CLEAN)
    result = lint("openclaw.json5", "--format", "concise")
    assert result.exit_code == 0, result.output
    assert result.output == "No problems found in 1 file.\n"


def test_syntax_error_exits_1_with_position(project):
    write(project / "openclaw.json5", BROKEN)
    result = lint("openclaw.json5")
    assert result.exit_code == 1
    assert result.output.startswith("openclaw.json5:")
    assert " OC101 error: " in result.output


def test_missing_file_exits_2_with_oc102(project):
    result = lint("nope.json", "--format", "concise")
    assert result.exit_code == 2
    assert result.output.splitlines()[0].startswith("nope.json: OC102 error:")


def test_warnings_fail_only_with_fail_on_warning(project):
    write(project / "openclaw.json5", WARNS)
    assert lint("openclaw.json5").exit_code == 0
    assert lint("openclaw.json5", "--fail-on", "warning").exit_code == 1
    assert lint("openclaw.json5", "--fail-on", "warning", "--exit-zero").exit_code == 0


def test_usage_errors_exit_2(project):
    write(project / "openclaw.json5", CLEAN)
    for args in (["--select", "XX1", "openclaw.json5"], ["--format", "yaml", "openclaw.json5"],
                 ["--env-file", "missing.env", "openclaw.json5"], ["--max-file-size", "lots", "openclaw.json5"],
                 ["--stdin-filename", "x.json5", "openclaw.json5"], ["--state-dir", "nowhere", "openclaw.json5"]):
        result = lint(*args)
        assert result.exit_code == 2, (args, result.output)


def test_bad_project_config_exits_2_with_its_name(project):
    write(project / "openclaw.json5", CLEAN)
    write(project / ".oclc.toml", 'fail-on = "sometimes"\n')
    result = lint("openclaw.json5")
    assert result.exit_code == 2
    assert result.stderr.startswith("oclc: error: ")
    assert ".oclc.toml: fail-on must be" in result.stderr


def test_too_large_file_exits_2(project):
    write(project / "openclaw.json5", CLEAN)
    result = lint("openclaw.json5", "--max-file-size", "10", "--format", "concise")
    assert result.exit_code == 2
    assert "OC105" in result.output


# --- formats and output -------------------------------------------------------------------------

def test_json_format(project):
    write(project / "openclaw.json5", WARNS)
    records = json.loads(lint("openclaw.json5", "--format", "json").output)
    assert [(r["code"], r["line"], r["path"]) for r in records] == [("OC107", 2, ["gateway", "port"])]


def test_github_format_is_the_default_in_github_actions(project):
    write(project / "openclaw.json5", WARNS)
    result = lint("openclaw.json5", env={"GITHUB_ACTIONS": "true"})
    assert result.output.startswith("::warning file=openclaw.json5,line=2,")
    assert lint("openclaw.json5", "--format", "concise", env={"GITHUB_ACTIONS": "true"}).output.startswith(
        "openclaw.json5:2:")


def test_output_file(project):
    write(project / "openclaw.json5", WARNS)
    result = lint("openclaw.json5", "--format", "sarif", "-o", "report.sarif", "--color", "always")
    assert result.exit_code == 0 and result.output == ""
    log = json.loads((project / "report.sarif").read_text())
    assert log["runs"][0]["results"][0]["ruleId"] == "OC107"
    assert "\x1b[" not in (project / "report.sarif").read_text()


def test_colour_only_when_asked_or_on_a_terminal(project):
    write(project / "openclaw.json5", WARNS)
    assert "\x1b[" not in lint("openclaw.json5").output           # not a terminal
    assert "\x1b[" in lint("openclaw.json5", "--color", "always").output
    assert "\x1b[" not in lint("openclaw.json5", "--color", "always", "--format", "concise").output
    assert "\x1b[" not in lint("openclaw.json5", env={"NO_COLOR": "1"}).output


def test_statistics(project):
    write(project / "openclaw.json5", WARNS)
    write(project / "b" / "openclaw.json5", WARNS)
    result = lint(".", "--statistics")
    assert result.output.splitlines()[0] == "2  OC107  duplicate-key (warning)"
    data = json.loads(lint(".", "--statistics", "--format", "json").output)
    assert data == [{"code": "OC107", "name": "duplicate-key", "severity": "warning", "count": 2, "fixable": False}]


def test_select_ignore_and_project_config(project):
    write(project / "openclaw.json5", WARNS)
    assert codes(lint("openclaw.json5", "--ignore", "OC107", "--format", "concise").output) == []
    write(project / "pyproject.toml", '[tool.oclc]\nfail-on = "warning"\n[tool.oclc.severity]\nOC107 = "info"\n')
    result = lint("openclaw.json5", "--format", "concise")
    assert result.exit_code == 0 and " OC107 info: " in result.output
    write(project / "pyproject.toml", '[tool.oclc]\nfail-on = "warning"\n')
    assert lint("openclaw.json5").exit_code == 1
    assert lint("openclaw.json5", "--fail-on", "error").exit_code == 0   # the command line wins


# --- discovery and stdin ------------------------------------------------------------------------

def test_directories_are_searched_for_config_names(project):
    for name in ("openclaw.json", "a/openclaw.json5", "a/openclaw.prod.json5", "b/c/openclaw.dev.json5",
                 "a/openclaw.json.bak", "a/myopenclaw.json", "package.json", "a/openclaw.prod.json",
                 ".git/openclaw.json", "node_modules/x/openclaw.json"):
        write(project / name, CLEAN)
    assert find_configs(".") == ["openclaw.json", "a/openclaw.json5", "a/openclaw.prod.json5",
                                 "b/c/openclaw.dev.json5"]
    result = lint(".", "--format", "concise")
    assert result.output == "No problems found in 4 files.\n"
    # a file named again (directly and through its directory) is checked once
    assert lint("a", "a/openclaw.json5", "--format", "concise").output == "No problems found in 2 files.\n"


def test_directory_without_configs_is_a_usage_error(project):
    (project / "empty").mkdir()
    result = lint("empty")
    assert result.exit_code == 2
    assert "no OpenClaw config found under empty" in result.output


def test_stdin_with_a_file_name(project):
    result = lint("-", "--stdin-filename", "conf/openclaw.json5", "--format", "concise", input=WARNS)
    assert result.output.startswith("conf/openclaw.json5:2:")
    result = lint("-", "--format", "concise", input=BROKEN)
    assert result.output.startswith("<stdin>:") and result.exit_code == 1


# --- fix and diff -------------------------------------------------------------------------------

def test_diff_prints_the_fix_and_changes_nothing(project):
    path = write(project / "openclaw.json5", LEGACY)
    result = lint("openclaw.json5", "--diff")
    assert result.exit_code == 1
    assert "-  agents: { list: [ { id: \"main\" } ] },\n+  agents: { entries: { main: { } } },\n" in result.output
    assert path.read_text() == LEGACY
    write(project / "openclaw.json5", WARNS)
    nothing = lint("openclaw.json5", "--diff")
    assert nothing.exit_code == 0 and nothing.output == "Nothing to fix.\n"


def test_fix_rewrites_keeping_comments_and_reports_what_remains(project):
    path = write(project / "openclaw.json5", LEGACY)
    path.chmod(0o600)
    result = lint("openclaw.json5", "--fix", "--format", "concise")
    assert "OC130" not in result.output
    assert "Fixed 1 problem." in result.output
    assert path.read_text() == '{\n  // keep this comment\n  agents: { entries: { main: { } } },\n}\n'
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert sorted(p.name for p in project.iterdir()) == ["openclaw.json5"]


def test_fix_from_stdin_prints_the_fixed_config(project):
    result = invoke(["lint", "--fix", "-", "--format", "concise"], input=LEGACY)
    assert "agents: { entries: { main: { } } }" in result.output


def test_fix_respects_ignore(project):
    path = write(project / "openclaw.json5", LEGACY)
    lint("openclaw.json5", "--fix", "--ignore", "OC130")
    assert path.read_text() == LEGACY


# --- other commands -----------------------------------------------------------------------------

def test_rules_and_rule():
    table = invoke(["rules"]).output.splitlines()
    assert table[0].split() == ["CODE", "NAME", "SEVERITY", "SUMMARY"]
    assert any(line.startswith("OC101  syntax-error") for line in table)
    assert any(line.startswith("OC901  unused-suppression") for line in table)
    doc = invoke(["rule", "oc901"])
    assert doc.exit_code == 0 and doc.output.startswith("OC901 unused-suppression (warning)\n")
    assert invoke(["rule", "duplicate-key"]).output.startswith("OC107 ")
    missing = invoke(["rule", "OC10"])
    assert missing.exit_code == 2 and "no rule 'OC10'" in missing.output


def test_version():
    result = invoke(["--version"])
    assert result.output == f"oclc {__version__} (for OpenClaw 2026.9.6)\n"


def test_version_and_help_import_neither_lark_nor_jsonschema():
    probe = ("import sys\nfrom oclc.cli import main\n"
             "for args in (['--version'], ['--help'], ['lint', '--help']):\n"
             "    try:\n        main(args)\n    except SystemExit:\n        pass\n"
             "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('lark', 'jsonschema', 'oclc')\n"
             "               and m not in ('oclc', 'oclc.cli'))\n"
             "print('HEAVY', heavy)\n")
    out = subprocess.run([PYTHON, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1] == "HEAVY []"


def test_version_imports_no_argument_parser():
    # `oclc --version` (and the start of every command) pays for no argument-parsing framework.
    probe = ("import sys\nfrom oclc.cli import main\ntry:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
             "print('LOADED', sorted(m for m in ('argparse', 'click', 'dataclasses', 'typing') if m in sys.modules))\n")
    out = subprocess.run([PYTHON, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1] == "LOADED []"


@pytest.mark.parametrize("args, message", [
    (["lint", "--format", "yaml", "x.json5"], "argument --format: invalid choice: 'yaml'"),
    (["lint", "--frmat", "text"], "unrecognized arguments: --frmat (did you mean --format?)"),
    (["lint", "--max-file-size", "lots"], "argument --max-file-size: 'lots' is not a size"),
    (["compile"], "the following arguments are required: FILE"),
    (["rule", "OC101", "OC102"], "unrecognized arguments: OC102"),
    (["lnt", "x.json5"], "no command 'lnt' (did you mean lint?)"),
    (["--verbose"], "unrecognized option '--verbose'"),
])
def test_usage_errors_are_one_line_and_exit_2(project, args, message):
    result = invoke(args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"oclc: error: {message}")
    assert result.stderr.count("\n") == 1 and "--help`" in result.stderr


def test_no_command_shows_the_commands_and_exits_2():
    result = invoke([])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("usage: oclc ")
    for name in ("lint", "compile", "explain", "rules", "rule", "schema"):
        assert f"\n  {name} " in result.stderr


@pytest.mark.parametrize("command", ["lint", "compile", "explain", "rules", "rule", "schema"])
def test_every_command_has_help(command):
    result = invoke([command, "--help"])
    assert result.exit_code == 0 and result.stdout.startswith(f"usage: oclc {command} ")
    top = invoke(["--help"])
    assert top.exit_code == 0 and f"\n  {command} " in top.stdout


def test_options_may_come_between_and_after_paths(project):
    write(project / "a" / "openclaw.json5", WARNS)
    write(project / "b" / "openclaw.json5", WARNS)
    result = lint("a/openclaw.json5", "--format", "concise", "b/openclaw.json5", "--fail-on=warning")
    assert result.exit_code == 1
    assert codes(result.output) == ["OC107", "OC107"]
    # After `--` everything is a path, even a name that starts with a dash.
    assert lint("--format", "concise", "--", "-x.json5", "--help").output.splitlines() == [
        "-x.json5: OC102 error: no such file", "--help: OC102 error: no such file",
        "Found 2 problems (2 errors) in 2 files."]


# Every command line is read by quick_parse where it can; argparse must agree with each answer.
QUICK_CASES = [
    ("lint", []), ("lint", ["openclaw.json5"]), ("lint", ["a", "-", "b", "--format", "json"]),
    ("lint", ["--format=sarif", "-o", "out.sarif", "openclaw.json5", "--color", "never"]),
    ("lint", ["--select", "OC1", "--select=OC4", "--ignore", "OC107", "--exit-zero", "--fix", "--diff", "x"]),
    ("lint", ["--env-file", "gateway.env", "--state-dir", "state", "--schema", "openclaw.json5", "x"]),
    ("lint", ["--max-file-size", "16M", "--openclaw-version", "2026.9.6", "--stdin-filename", "s.json5", "-"]),
    ("lint", ["--output=", "x"]), ("lint", ["--", "-x.json5", "--fix"]), ("lint", ["a", "--", "b"]),
    ("lint", ["--statistics", "--fail-on", "warning", "--format", "github", "."]),
    ("lint", ["--env-from-process", "x"]), ("lint", ["--no-env-from-process", "--env-from-process", "x"]),
    ("compile", ["-", "--stdin-filename", "conf/openclaw.json5", "--env-from-process"]),
    ("explain", ["-", "--no-env-from-process"]),
    ("compile", ["openclaw.json5"]), ("compile", ["a", "b", "--check"]), ("compile", ["-o", "c.json", "a"]),
    ("explain", ["openclaw.json5", "--agent", "main", "--format", "json"]), ("explain", ["--", "-a"]),
    ("rules", []), ("rules", ["--format", "json"]), ("rule", ["OC101"]), ("schema", []),
    # argparse's to answer (quick_parse gives way):
    ("lint", ["--help"]), ("lint", ["-ofile", "x"]), ("lint", ["-o", "-1", "x"]), ("lint", ["--fix=1"]),
    ("lint", ["--format", "yaml"]), ("lint", ["--max-file-size", "lots"]), ("lint", ["--frmat", "x"]),
    ("lint", ["-o"]), ("lint", ["--env-file", "state"]), ("compile", []), ("rule", []), ("rule", ["a", "b"]),
    ("lint", ["--env-from-process=yes"]), ("lint", ["--openclaw-version", "latest"]),
    ("schema", ["x"]), ("lint", ["-x y"]),
]


def test_quick_parse_agrees_with_argparse(project):
    from oclc.cli import OclcUsageError, build_parser, declared, parse_arguments, quick_parse

    write(project / "openclaw.json5", CLEAN)
    write(project / "gateway.env", "A=1\n")
    (project / "state").mkdir()
    quick_answers = 0
    for name, argv in QUICK_CASES:
        quick = quick_parse(declared(name), argv)
        try:
            slow = vars(parse_arguments(build_parser(name), argv))
        except (OclcUsageError, SystemExit):
            slow = None
        if quick is not None:
            quick_answers += 1
            assert vars(quick) == slow, (name, argv)
        else:
            assert slow is None or "help" in " ".join(argv) or argv in (["-ofile", "x"], ["-o", "-1", "x"],
                                                                        ["-x y"]), (name, argv)
    assert quick_answers == 24       # every ordinary command line above


def test_a_lint_run_imports_no_argparse(project):
    write(project / "openclaw.json5", CLEAN)
    probe = ("import sys\nfrom oclc.cli import main\ntry:\n    main(['lint', '--format', 'concise', 'openclaw.json5'])\n"
             "except SystemExit as exit:\n    print('EXIT', exit.code, 'argparse' in sys.modules)\n")
    out = subprocess.run([PYTHON, "-c", probe], capture_output=True, text=True, check=True, cwd=project).stdout
    assert out.splitlines()[-1] == "EXIT 0 False"


def test_paths_the_arguments_refuse(project):
    (project / "dir").mkdir()
    write(project / "openclaw.json5", CLEAN)
    for args, message in ((["--env-file", "dir"], "argument --env-file: 'dir' is a directory"),
                          (["--schema", "missing.json"], "argument --schema: 'missing.json' does not exist"),
                          (["--state-dir", "openclaw.json5"], "argument --state-dir: 'openclaw.json5' is a file")):
        result = lint(*args, "openclaw.json5")
        assert result.exit_code == 2 and result.stderr.startswith(f"oclc: error: {message}"), args


@pytest.mark.parametrize("command", ["lint", "compile", "explain"])
def test_openclaw_version_reaches_the_pipeline(project, monkeypatch, command):
    import oclc.pipeline

    write(project / "openclaw.json5", CLEAN)
    seen = []
    real_check = oclc.pipeline.check

    def spying_check(*args, **kwargs):
        seen.append(kwargs["options"].openclaw_version)
        return real_check(*args, **kwargs)

    monkeypatch.setattr(oclc.pipeline, "check", spying_check)
    assert invoke([command, "--openclaw-version", "2026.9.6", "openclaw.json5"]).exit_code == 0
    assert invoke([command, "openclaw.json5"]).exit_code == 0
    assert seen == ["2026.9.6", None]


def test_internal_error_is_one_line_and_exit_2(project, monkeypatch):
    import oclc.pipeline

    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    write(project / "openclaw.json5", CLEAN)
    monkeypatch.setattr(oclc.pipeline, "check", explode)
    result = invoke(["lint", "openclaw.json5"])
    assert result.exit_code == 2
    assert "oclc: internal error while checking openclaw.json5: RuntimeError: boom" in result.output
    assert "Traceback" not in result.output


def test_internal_error_in_a_subprocess(tmp_path):
    # a real process: main() turns an unexpected exception into one line; OCLC_DEBUG=1 adds the traceback
    probe = ("import oclc.rules\n"
             "def broken():\n    raise RuntimeError('registry exploded')\n"
             "oclc.rules.all_rules = broken\nfrom oclc.cli import main\nmain(['rules'])\n")
    env = {k: v for k, v in os.environ.items() if k != "OCLC_DEBUG"}
    plain = subprocess.run([PYTHON, "-c", probe], capture_output=True, text=True, env=env)
    assert plain.returncode == 2
    assert plain.stderr.strip().splitlines() == [
        "oclc: internal error: RuntimeError: registry exploded (set OCLC_DEBUG=1 for a traceback)"]
    debug = subprocess.run([PYTHON, "-c", probe], capture_output=True, text=True, env={**env, "OCLC_DEBUG": "1"})
    assert debug.returncode == 2 and "Traceback (most recent call last)" in debug.stderr


def test_default_compiled_path():
    assert default_compiled_path("conf/openclaw.json5") == os.path.join("conf", "openclaw.compiled.json")
    assert default_compiled_path("openclaw.prod.json") == "openclaw.prod.compiled.json"


def test_compile_check(project):
    write(project / "openclaw.json5", CLEAN)
    stale = invoke(["compile", "openclaw.json5", "--check"])
    assert stale.exit_code == 1 and "openclaw.compiled.json is missing" in stale.output
    written = invoke(["compile", "openclaw.json5", "-o", "openclaw.compiled.json"])
    assert written.exit_code == 0, written.output
    assert json.loads((project / "openclaw.compiled.json").read_text())["valid"] is True
    assert invoke(["compile", "openclaw.json5", "--check"]).exit_code == 0
    write(project / "openclaw.json5", CLEAN.replace("18789", "18790"))
    assert invoke(["compile", "openclaw.json5", "--check"]).exit_code == 1
    printed = invoke(["compile", "openclaw.json5"])
    assert printed.exit_code == 0 and json.loads(printed.output)["valid"] is True
    assert invoke(["compile", "missing.json5"]).exit_code == 2


def test_compile_and_explain_use_the_project_env_file(project, monkeypatch):
    # As `lint` does: otherwise `compile --check` in pre-commit disagrees with the linter.
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("CODEX_API_KEY", raising=False)
    config = ('{\n  gateway: { auth: { mode: "token", token: "${OCLC_TEST_GW_TOKEN}" } },\n'
              '  agents: { defaults: { model: "openai/gpt-5.4" } },\n}\n')
    write(project / "deploy" / "openclaw.json5", config)
    before = json.loads(invoke(["compile", "deploy/openclaw.json5"]).output)
    # Without an environment, whether the variable is set is unknown: one OC125 note, no OC120.
    assert [d["code"] for d in before["diagnostics"]] == ["OC125"]
    assert "OCLC_TEST_GW_TOKEN" in before["diagnostics"][0]["message"]
    assert "env OPENAI_API_KEY" not in invoke(["explain", "deploy/openclaw.json5"]).output
    write(project / "deploy" / ".oclc.toml", 'env-file = "gateway.env"\n')
    missing = invoke(["compile", "deploy/openclaw.json5"])
    assert missing.exit_code == 2 and ".oclc.toml" in missing.output
    write(project / "deploy" / "gateway.env", "OCLC_TEST_GW_TOKEN=not-a-real-token\nOPENAI_API_KEY=not-a-real-key\n")
    after = invoke(["compile", "deploy/openclaw.json5"])
    assert after.exit_code == 0 and json.loads(after.output)["diagnostics"] == []
    explained = invoke(["explain", "deploy/openclaw.json5"])
    assert explained.exit_code == 0 and "env OPENAI_API_KEY" in explained.output


def test_explain_says_where_fallbacks_and_listed_models_come_from(project):
    write(project / "openclaw.json5", '{ agents: { defaults: { model: { primary: "openai/gpt-5.4", '
          'fallbacks: ["anthropic/claude-sonnet-4-6"] }, models: { "openai/gpt-5.4-mini": {} } } } }')
    text = invoke(["explain", "openclaw.json5"]).output
    assert "[agents.defaults.model.fallbacks]" in text
    assert "used as" in text and "defaults.models" in text


def test_explain(project):
    pytest.importorskip("oclc.render.explain")
    write(project / "openclaw.json5", CLEAN)
    text = invoke(["explain", "openclaw.json5"])
    assert text.exit_code == 0, text.output
    data = invoke(["explain", "openclaw.json5", "--format", "json"])
    assert data.exit_code == 0 and isinstance(json.loads(data.output), dict)


def test_schema_command():
    result = invoke(["schema"])
    assert result.exit_code == 0
    assert isinstance(json.loads(result.output), dict)


def test_diff_and_snippets_never_show_a_secret(project):
    secret = "sk-proj-abcdefghijklmnopqrstuvwxyz0123"
    write(project / "openclaw.json5",
          '{\n  models: { providers: { openai: { apiKey: "' + secret + '" } } },\n'
          '  agents: { list: [ { id: "main" } ] },\n}\n')
    for args in (["--diff"], [], ["--format", "json"], ["--format", "sarif"], ["--format", "github"]):
        result = lint("openclaw.json5", *args)
        assert secret not in result.output and "sk-proj" not in result.output, args
    assert '"' + "*" * len(secret) + '"' in lint("openclaw.json5", "--diff").output


def test_fix_edits_an_included_file(project):
    write(project / "openclaw.json5", '{\n  // main\n  agents: { $include: "./parts/agents.json5" },\n}\n')
    part = write(project / "parts" / "agents.json5", '{\n  // roster\n  list: [ { id: "main" } ],\n}\n')
    diff = lint("openclaw.json5", "--diff").output
    assert diff.startswith("--- a/parts/agents.json5\n+++ b/parts/agents.json5\n")
    result = lint("openclaw.json5", "--fix", "--format", "concise")
    assert result.output == "No problems found in 1 file. Fixed 1 problem.\n"
    assert part.read_text() == '{\n  // roster\n  entries: { main: { } },\n}\n'


def test_fifo_is_refused_without_blocking(project):
    os.mkfifo(project / "openclaw.json5")
    result = lint("openclaw.json5", "--format", "concise")
    assert result.exit_code == 2
    assert " OC103 error: " in result.output


def test_unwritable_output_is_a_usage_error(project):
    write(project / "openclaw.json5", CLEAN)
    result = lint("openclaw.json5", "-o", "no/such/dir/report.txt")
    assert result.exit_code == 2 and "cannot write no/such/dir/report.txt" in result.output


def test_compile_writes_an_invalid_config_with_valid_false(tmp_path):
    config = tmp_path / "openclaw.json5"
    config.write_text('{ gateway: { port: "x" } }')
    out = tmp_path / "compiled.json"
    result = invoke(["compile", str(config), "-o", str(out)], env={"NO_COLOR": "1"})
    assert result.exit_code == 1
    document = json.loads(out.read_text())
    assert document["valid"] is False
    assert [d["code"] for d in document["diagnostics"]] == ["OC203"]
    assert "OC203" in result.output


def test_a_variable_in_a_boolean_key_is_one_finding_with_its_cause(project):
    # OpenClaw's channel check refuses the string; OC121 would say the same thing at the same place.
    write(project / "openclaw.json5", '{ channels: { telegram: { enabled: "${OCLC_TEST_TG_ON}" } } }\n')
    result = lint("openclaw.json5", "--format", "json", "--env-from-process", env={"OCLC_TEST_TG_ON": "true"})
    found = json.loads(result.output)
    assert [d["code"] for d in found] == ["OC224"]
    assert "${OCLC_TEST_TG_ON}" in found[0]["help"] and "always gives a string" in found[0]["help"]
