"""The bundled examples: the clean one lints clean, the broken one gives exactly its golden output."""
from __future__ import annotations

import os
from pathlib import Path

from clilib import invoke

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden"


def lint(*args: str):
    # Relative paths, as a user types them in the README's quick start.
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        return invoke(["lint", "--color", "never", *args], env={"NO_COLOR": "1"})
    finally:
        os.chdir(cwd)


def test_the_clean_example_lints_clean():
    result = lint("--env-file", "examples/example.env", "examples/openclaw.json5")
    assert result.exit_code == 0, result.output
    assert result.output == ("Checking against OpenClaw 2026.9.6 (the newest bundled release; no meta.lastTouchedVersion).\n"
                             "No problems found in 1 file.\n")


def test_the_clean_example_needs_no_upgrade():
    """The example is written the way the newest bundled release wants it: the `oclc-upgrade`
    hook passes on it."""
    from oclc.upgrade import run

    out: list[str] = []
    assert run([str(ROOT / "examples" / "openclaw.json5")], check=True, out=out.append, err=out.append) == 0, out
    assert out == [f"{ROOT / 'examples' / 'openclaw.json5'}: nothing to upgrade for OpenClaw 2026.9.6\n"]


def test_the_clean_example_has_two_agents_one_on_a_subscription():
    from oclc.pipeline import Options, check
    from oclc.load.envfile import read_env_file

    env = read_env_file(str(ROOT / "examples" / "example.env"))
    result = check(str(ROOT / "examples" / "openclaw.json5"), options=Options(env=env))
    modes = {agent: {p: auth.mode for p, auth in resolved.auth.items()}
             for agent, resolved in result.model.agents.items()}
    assert modes == {"support": {"anthropic": "api_key"}, "research": {"anthropic": "token"}}


def test_the_broken_example_gives_its_golden_output():
    result = lint("--env-file", "examples/example.env", "examples/broken.openclaw.json5")
    expected = (GOLDEN / "broken.openclaw.txt").read_text()
    if os.environ.get("OCLC_UPDATE_FIXTURES"):
        (GOLDEN / "broken.openclaw.txt").write_text(result.output)
    assert result.exit_code == 1
    assert result.output == expected
