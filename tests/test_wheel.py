"""The package as a user gets it: `pip wheel .` gives a wheel that installs in a clean virtual
environment and works with no source tree around (bundled schema and data inside, lark not needed);
the GitHub Action's install step installs oclc from the action's own checkout.

These build real environments, installing oclc's dependencies from the package index (about 20 s)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _run(*args, cwd: Path, env: dict | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "OCLC"))}
    env.pop("GITHUB_ACTIONS", None)
    env["NO_COLOR"] = "1"
    return env


def _source_copy(target: Path) -> Path:
    """The files git tracks (and new ones it does not ignore), without build leftovers."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout.splitlines()
    for name in listed:
        if (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    return target


def _new_venv(where: Path) -> Path:
    venv.EnvBuilder(with_pip=True, clear=True).create(where)
    return where / "bin"


def _works_far_from_the_source(bin_dir: Path, workdir: Path) -> None:
    """Lint, compile and the Python API of an installed oclc, in a folder with no source tree."""
    workdir.mkdir()
    for name in ("openclaw.json5", "example.env", "broken.openclaw.json5"):
        shutil.copy(ROOT / "examples" / name, workdir / name)
    env = _clean_env()
    clean = _run(bin_dir / "oclc", "lint", "--env-file", "example.env", "openclaw.json5", cwd=workdir, env=env)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    broken = _run(bin_dir / "oclc", "lint", "broken.openclaw.json5", cwd=workdir, env=env)
    assert broken.returncode == 1 and "OC401 error" in broken.stdout, broken.stdout + broken.stderr
    schema = _run(bin_dir / "oclc", "schema", cwd=workdir, env=env)
    assert schema.returncode == 0 and '"$schema"' in schema.stdout
    api = _run(bin_dir / "python", "-c",
               "import importlib.util, oclc\n"
               "assert importlib.util.find_spec('lark') is None, 'lark must not be needed at run time'\n"
               "print(oclc.check('openclaw.json5', env_file='example.env', env={})['valid'])\n"
               "print(oclc.__file__)", cwd=workdir, env=env)
    assert api.returncode == 0, api.stderr
    valid, location = api.stdout.splitlines()
    assert valid == "True" and location.startswith(str(bin_dir.parent)), location


def test_wheel_installs_and_runs_in_a_clean_venv(tmp_path):
    source = _source_copy(tmp_path / "source")
    built = _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-w",
                 tmp_path / "dist", ".", cwd=source)
    assert built.returncode == 0, built.stdout + built.stderr
    wheel, = (tmp_path / "dist").glob("oclc-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"oclc/releases/2026.9.6/schema.json.gz", "oclc/releases/2026.9.6/migrations.json",
            "oclc/releases/2026.2.26/schema.json.gz", "oclc/releases/2026.2.26/release.json",
            "oclc/releases/2026.9.6/channel-schemas/telegram.json"} <= names
    assert not any(name.startswith(("tests/", "benchmarks/", "scripts/")) for name in names)
    shutil.rmtree(source)       # nothing of the source tree is left to lean on

    bin_dir = _new_venv(tmp_path / "venv")
    installed = _run(bin_dir / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                     wheel, cwd=tmp_path, env=_clean_env())
    assert installed.returncode == 0, installed.stdout + installed.stderr
    _works_far_from_the_source(bin_dir, tmp_path / "work")


def test_action_installs_oclc_from_its_own_checkout(tmp_path):
    """The Action's install step, run as GitHub runs it: `python` is the runner's, the action's
    checkout is at github.action_path, and no version was asked for."""
    action = yaml.safe_load((ROOT / "action.yml").read_text())
    step, = (s for s in action["runs"]["steps"] if s.get("name") == "Install oclc")
    action_path = _source_copy(tmp_path / "action")
    bin_dir = _new_venv(tmp_path / "venv")
    env = _clean_env()
    env.update({"PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", "OCLC_VERSION": "",
                "OCLC_INSTALL_FROM": "", "OCLC_ACTION_PATH": str(action_path)})
    assert step["env"]["OCLC_ACTION_PATH"] == "${{ github.action_path }}"
    assert action["inputs"]["version"]["default"] == ""
    done = _run("bash", "-c", step["run"], cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    shutil.rmtree(action_path)
    _works_far_from_the_source(bin_dir, tmp_path / "work")
