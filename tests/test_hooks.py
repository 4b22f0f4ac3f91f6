"""The pre-commit hooks (.pre-commit-hooks.yaml) and the GitHub Action (action.yml).

The end-to-end test runs the real `pre-commit try-repo` on a snapshot of this working tree (so
uncommitted and untracked files count, which try-repo on the repository itself would miss).
pre-commit installs the snapshot into a fresh virtualenv with pip, so that test needs the package
index to be reachable (setuptools and oclc's dependencies are downloaded); it takes ~20 s a run.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
BIN = Path(sys.executable).parent
PRE_COMMIT = shutil.which("pre-commit", path=str(BIN)) or shutil.which("pre-commit")

MUST_MATCH = ["openclaw.json", "openclaw.json5", "config/openclaw.json5", "a/b/openclaw.prod.json5",
              "openclaw.dev-2.json5", "deploy/openclaw.json"]
MUST_NOT_MATCH = ["openclaw.json.bak", "x/openclaw.json5.orig", "myopenclaw.json", "package.json",
                  "openclaw.prod.json", "openclaw.a.b.json5", "openclaw.compiled.json", "openclawjson",
                  "openclaw_json5", "tests/openclaw.json5/readme.md"]


def hook(hook_id: str) -> dict:
    return next(h for h in HOOKS if h["id"] == hook_id)


@pytest.mark.parametrize("hook_id", ["oclc", "oclc-compile", "oclc-upgrade"])
def test_files_regex(hook_id):
    pattern = re.compile(hook(hook_id)["files"])
    for path in MUST_MATCH:
        assert pattern.search(path), (hook_id, path)
    for path in MUST_NOT_MATCH:
        assert not pattern.search(path), (hook_id, path)


def test_hook_entries():
    assert hook("oclc")["entry"] == "oclc lint"
    assert hook("oclc-compile")["entry"] == "oclc compile --check"
    assert hook("oclc-upgrade")["entry"] == "oclc upgrade --check"
    assert all(h["language"] == "python" for h in HOOKS)


def test_directory_search_agrees_with_the_hook_regex(tmp_path):
    from oclc.cli import find_configs

    pattern = re.compile(hook("oclc")["files"])
    for name in MUST_MATCH + MUST_NOT_MATCH:
        target = tmp_path / name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("{}")
    found = {os.path.relpath(p, tmp_path).replace(os.sep, "/") for p in find_configs(str(tmp_path))}
    expected = {p for p in MUST_MATCH + MUST_NOT_MATCH if pattern.search(p) and (tmp_path / p).is_file()}
    assert found == expected


@pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is not installed")
def test_manifest_is_valid():
    subprocess.run([PRE_COMMIT, "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")], check=True)


def test_action_is_a_composite_action_running_lint():
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    script = "\n".join(step.get("run", "") for step in action["runs"]["steps"])
    assert "oclc lint --format sarif" in script and 'oclc lint --format "$OCLC_FORMAT"' in script
    assert "pip install" in script
    assert set(action["inputs"]) >= {"src", "args", "format", "version"}
    # inputs reach the shell through the environment, never pasted into the script
    assert "${{ inputs." not in script


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"})


def _snapshot(target: Path) -> Path:
    """This working tree's package files, committed in a new repository."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout.splitlines()
    keep = re.compile(r"^(oclc/|pyproject\.toml$|README\.md$|LICENSE|\.pre-commit-hooks\.yaml$)")
    for name in listed:
        if keep.match(name) and (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    _git(target, "init", "-q")
    _git(target, "add", "-A")
    _git(target, "commit", "-qm", "snapshot")
    return target


@pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is not installed")
def test_try_repo_end_to_end(tmp_path):
    hook_repo = _snapshot(tmp_path / "hook-repo")
    user = tmp_path / "user-repo"
    user.mkdir()
    _git(user, "init", "-q")
    config = user / "openclaw.json5"
    config.write_text('{\n  gateway: { port: 18789 \n')
    _git(user, "add", "openclaw.json5")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)

    def try_repo(*hook_ids: str) -> subprocess.CompletedProcess:
        return subprocess.run([PRE_COMMIT, "try-repo", str(hook_repo), *hook_ids, "--files", "openclaw.json5"],
                              cwd=user, env=env, capture_output=True, text=True, timeout=600)

    broken = try_repo("oclc")
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "openclaw.json5:3:1: OC101 error:" in broken.stdout
    assert "Found 1 problem (1 error) in 1 file." in broken.stdout

    config.write_text('{\n  gateway: { port: 18789 },\n}\n')
    _git(user, "add", "openclaw.json5")
    fixed = try_repo("oclc")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert re.search(r"oclc lint \(OpenClaw config\)\.+Passed", fixed.stdout)

    # oclc-upgrade: fails while a retired key is there (and writes nothing), passes once upgraded.
    retired = '{\n  gateway: { port: 18789, tailscale: { mode: "off", resetOnExit: false } },\n}\n'
    config.write_text(retired)
    _git(user, "add", "openclaw.json5")
    stale = try_repo("oclc-upgrade")
    assert stale.returncode == 1, stale.stdout + stale.stderr
    assert "removed `gateway.tailscale.resetOnExit`" in stale.stdout
    assert config.read_text() == retired
    subprocess.run([sys.executable, "-m", "oclc", "upgrade", str(config)], check=True, capture_output=True)
    _git(user, "add", "openclaw.json5")
    upgraded = try_repo("oclc-upgrade")
    assert upgraded.returncode == 0, upgraded.stdout + upgraded.stderr
