"""oclc's result is a function of its inputs: the config, and what it is given about the gateway
(--env-file, --state-dir, --env-from-process). The environment and home of the process that runs
oclc are not inputs: the gateway's environment is not the linter's.

Each test runs the real command line in separate processes under different environments and
compares the bytes printed."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

# Everything that, read from the linter's machine, changed the result before: `${VAR}`s, provider
# credentials from the environment, `~` in an agentDir, an exec command and a plugin load path,
# and OpenClaw's default workspace (pinned into the compiled config by the legacy-roster migration).
CONFIG = """{
  env: { vars: { GREETING: "hello" } },
  agents: {
    list: [
      { id: "main", model: "anthropic/claude-sonnet-4-6" },
      { id: "ops", model: "openai/gpt-5.4", agentDir: "~/agents/ops" },
    ],
  },
  models: { providers: { openai: { apiKey: "${OPENAI_API_KEY}" } } },
  gateway: { mode: "local", auth: { mode: "token", token: "${OPENCLAW_GATEWAY_TOKEN}" } },
  secrets: { providers: { vault: { source: "exec", command: "~/bin/vault-resolver" } } },
  plugins: { load: { paths: ["~/openclaw-plugins"] } },
}
"""


def _machine_b_home(root: Path) -> Path:
    """A home where everything the config names under `~` exists, so that reading this home would
    change the findings (a plugin load path that exists, an exec command that does)."""
    home = root / "home-b"
    (home / "bin").mkdir(parents=True)
    command = home / "bin" / "vault-resolver"
    command.write_text("#!/bin/sh\n")
    command.chmod(0o755)
    (home / "openclaw-plugins").mkdir()
    (home / "agents" / "ops").mkdir(parents=True)
    return home


def _environments(root: Path) -> dict[str, dict[str, str]]:
    path = os.environ.get("PATH", "/usr/bin:/bin")
    return {
        "alice": {"PATH": path, "HOME": "/home/alice", "USER": "alice", "LOGNAME": "alice",
                  "ANTHROPIC_API_KEY": "sk-ant-api03-machine-a-not-a-real-key",
                  "OPENAI_API_KEY": "sk-machine-a-not-a-real-key", "OPENCLAW_GATEWAY_TOKEN": "gw-token-a",
                  "OPENCLAW_STATE_DIR": "/srv/openclaw-a", "OPENCLAW_HOME": "/home/alice",
                  "OPENCLAW_INCLUDE_ROOTS": "/", "GREETING": "from-the-shell"},
        "bob": {"PATH": path, "HOME": str(_machine_b_home(root)), "USER": "bob", "LOGNAME": "bob"},
        "bare": {"PATH": path},
    }


def _oclc(args: list[str], cwd: Path, env: dict[str, str], **extra) -> subprocess.CompletedProcess:
    env = {**env, "PYTHONPATH": str(REPO), "NO_COLOR": "1"}
    return subprocess.run([sys.executable, "-m", "oclc", *args], cwd=cwd, env=env, capture_output=True,
                          timeout=120, check=False, **extra)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "openclaw.json5").write_text(CONFIG)
    return folder


@pytest.mark.parametrize("command", [
    ["compile", "openclaw.json5"],
    ["lint", "--format", "json", "openclaw.json5"],
    ["explain", "--format", "json", "openclaw.json5"],
])
def test_the_output_is_byte_identical_under_different_homes_and_environments(project, command):
    runs = {name: _oclc(command, project, env) for name, env in _environments(project.parent).items()}
    outputs = {name: run.stdout for name, run in runs.items()}
    for name, run in runs.items():
        assert run.returncode in (0, 1), (name, run.stderr.decode())
    assert outputs["alice"] == outputs["bob"] == outputs["bare"]
    text = outputs["bare"].decode()
    for leaked in ("/home/alice", "home-b", "machine-a", "/srv/openclaw-a", "from-the-shell"):
        assert leaked not in text


def test_the_compiled_document_keeps_tilde_and_says_what_it_did_not_check(project):
    run = _oclc(["compile", "openclaw.json5"], project, _environments(project.parent)["alice"])
    document = json.loads(run.stdout)
    # The workspace OpenClaw pins for the first legacy agent is under its home: that home is unknown.
    assert document["config"]["agents"]["entries"]["main"]["workspace"] == "~/.openclaw/workspace"
    codes = [d["code"] for d in document["diagnostics"]]
    assert "OC120" not in codes and "OC605" not in codes and "OC308" not in codes
    [note] = [d for d in document["diagnostics"] if d["code"] == "OC125"]
    assert note["severity"] == "info"
    for name in ("OPENAI_API_KEY", "OPENCLAW_GATEWAY_TOKEN", "ANTHROPIC_API_KEY"):
        assert name in note["message"]
    for path in ("secrets.providers.vault.command", "plugins.load.paths[0]"):
        assert path in note["message"]


def test_an_api_key_in_the_linters_shell_changes_no_finding(project):
    plain = _oclc(["lint", "--format", "json", "openclaw.json5"], project, {"PATH": os.environ.get("PATH", "")})
    keyed = _oclc(["lint", "--format", "json", "openclaw.json5"], project,
                  {"PATH": os.environ.get("PATH", ""), "ANTHROPIC_API_KEY": "x", "OPENAI_API_KEY": "x"})
    assert plain.stdout == keyed.stdout and plain.returncode == keyed.returncode


def test_the_gateway_environment_comes_in_only_when_given(project):
    """--env-file (with HOME) and --env-from-process are the ways in; each changes the result the
    way the gateway's environment would."""
    (project / "gateway.env").write_text("HOME=/home/gateway\nOPENAI_API_KEY=k\nOPENCLAW_GATEWAY_TOKEN=t\n")
    given = json.loads(_oclc(["compile", "--env-file", "gateway.env", "openclaw.json5"], project,
                             {"PATH": os.environ.get("PATH", "")}).stdout)
    assert given["config"]["agents"]["entries"]["main"]["workspace"] == "/home/gateway/.openclaw/workspace"
    assert "OC125" not in [d["code"] for d in given["diagnostics"]]
    environment = {"PATH": os.environ.get("PATH", ""), "HOME": "/home/gateway", "OPENAI_API_KEY": "k",
                   "OPENCLAW_GATEWAY_TOKEN": "t"}
    from_process = json.loads(_oclc(["compile", "--env-from-process", "openclaw.json5"], project, environment).stdout)
    assert from_process["config"]["agents"]["entries"]["main"]["workspace"] == "/home/gateway/.openclaw/workspace"
    (project / ".oclc.toml").write_text("env-from-process = true\n")
    from_settings = json.loads(_oclc(["compile", "openclaw.json5"], project, environment).stdout)
    assert from_settings["config"] == from_process["config"]


def test_another_user_gets_the_same_document(project):
    """Where this test can run oclc as another user (as root, with an interpreter and a project that
    user may read), the compiled document is the same bytes."""
    if not hasattr(os, "getuid") or os.getuid() != 0:
        pytest.skip("needs root to run oclc as another user")
    environment = {"PATH": os.environ.get("PATH", "")}
    mine = _oclc(["compile", "openclaw.json5"], project, environment)
    try:
        theirs = _oclc(["compile", "openclaw.json5"], project, {**environment, "HOME": "/nonexistent"}, user=65534)
    except PermissionError:
        pytest.skip("user 65534 cannot run this interpreter")
    if theirs.returncode not in (0, 1):
        pytest.skip(f"user 65534 cannot run oclc here: {theirs.stderr.decode()[-200:]}")
    assert mine.stdout == theirs.stdout
