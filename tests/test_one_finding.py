"""One finding per mistake, advice that agrees with itself, and statements that are true: what the
fixtures (exact diagnostics) cannot show on their own: helps, notes, `--statistics`, `explain`,
and `compile -` / `explain -`."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from oclc.pipeline import Options, check

from clilib import invoke

FIXTURES = Path(__file__).parent / "fixtures"


def run(*args: str, input: str | None = None):
    return invoke(list(args), input=input, env={"NO_COLOR": "1", "GITHUB_ACTIONS": None})


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_the_ownership_advice_does_not_suggest_the_retired_marker():
    # OC214 used to say "or mark one agent `default: true`", which OC132 then calls retired.
    result = check(str(FIXTURES / "structure" / "roster-no-owner.json5"), options=Options(env={}))
    [finding] = [d for d in result.diagnostics if d.code == "OC214"]
    assert "default: true" not in finding.message + (finding.help or "")
    assert 'ownership: "explicit"' in finding.help


def test_a_template_included_by_every_agent_is_reported_once_with_the_other_paths_as_a_note():
    result = check(str(FIXTURES / "agents" / "shared-template.json5"), options=Options(env={}))
    [duplicate] = [d for d in result.diagnostics if d.code == "OC505"]
    [note] = duplicate.notes
    for agent in ("ops", "support", "research"):
        assert f"agents.entries.{agent}.model.fallbacks.0" in note


def test_a_wrong_object_where_a_secret_goes_is_one_finding_with_the_way_to_write_it():
    result = check(str(FIXTURES / "schema" / "secretref-wrong-object.json5"), options=Options(env={}))
    api_key = [d for d in result.diagnostics if d.resolved_path == ("models", "providers", "openai", "apiKey")]
    assert [d.code for d in api_key] == ["OC203"]
    assert '"${OPENAI_API_KEY}"' in api_key[0].help and 'id: "OPENAI_API_KEY"' in api_key[0].help


def test_a_self_referencing_env_entry_gets_one_finding_and_other_references_a_note(tmp_path):
    result = check(str(FIXTURES / "env" / "self-reference.json5"), options=Options(env={}))
    entries = [d for d in result.diagnostics if d.resolved_path[:2] == ("env", "vars")]
    assert [d.code for d in entries] == ["OC122", "OC122"]
    assert entries[0].notes == ()            # FOO: "${FOO}": nothing more to say
    assert entries[1].notes == ("OTHER is not set in the environment oclc was given either",)


def test_statistics_count_a_rules_warnings_apart_from_its_errors(project):
    # OC235 is an error for a provider no plugin offers, a warning when its plugin is configured.
    _write(project / "a" / "openclaw.json5", '{ tools: { web: { search: { provider: "brave" } } } }\n')
    _write(project / "b" / "openclaw.json5", '{ tools: { web: { search: { provider: "kimi" } } },\n'
                                             '  plugins: { entries: { moonshot: { enabled: true } } } }\n')
    result = run("lint", "--statistics", "--format", "json", "a", "b")
    rows = {(row["code"], row["severity"]): row["count"] for row in json.loads(result.output)}
    assert rows[("OC235", "error")] == 1 and rows[("OC235", "warning")] == 1
    text = run("lint", "--statistics", "a", "b").output
    assert "1  OC235  web-search-provider-unavailable (error)" in text
    assert "1  OC235  web-search-provider-unavailable (warning)" in text


# --- explain ---------------------------------------------------------------------------------------

EXPLAINED = """{
  auth: { profiles: { "zai:default": { provider: "zai", mode: "api_key" } } },
  agents: {
    ownership: "explicit",
    defaults: { model: "zai/glm-4.6", models: { "openai/gpt-5.4": {}, "anthropic/claude-haiku-4-5": {} } },
    entries: { main: {}, ops: {}, support: { model: "anthropic/claude-sonnet-4-6" } },
  },
}
"""


def test_explain_names_the_profile_openclaw_tries_before_the_env_key_and_says_it_is_unverified(project):
    _write(project / "openclaw.json5", EXPLAINED)
    _write(project / "gateway.env", "ZAI_API_KEY=not-a-real-key\n")
    text = run("explain", "--env-file", "gateway.env", "openclaw.json5").output
    # main and ops use zai (support does not): the row is theirs, not shared by all three.
    zai, _ = [line for line in text.splitlines() if line.strip().startswith("zai ")]
    assert "profile zai:default (auth.profiles.zai:default; not verified: pass --state-dir), else env ZAI_API_KEY" in zai
    data = json.loads(run("explain", "--format", "json", "--env-file", "gateway.env", "openclaw.json5").output)
    [using] = [c["using"] for c in data["agents"][0]["credentials"] if c["provider"] == "zai"]
    assert (using["name"], using["certain"], using["otherwise"]["name"]) == ("zai:default", False, "ZAI_API_KEY")


def test_explain_without_an_environment_says_the_credential_is_not_known(project):
    _write(project / "openclaw.json5", EXPLAINED)
    text = run("explain", "openclaw.json5").output
    [openai] = [line for line in text.splitlines() if line.strip().startswith("openai ")]
    assert "not known: env CODEX_API_KEY or OPENAI_API_KEY if the gateway's environment sets it" in openai
    assert "none found" not in openai


def test_explain_shows_what_every_agent_shares_once(project):
    _write(project / "openclaw.json5", EXPLAINED)
    text = run("explain", "openclaw.json5").output
    assert text.startswith("shared by all 3 agents\n")
    # agents.defaults.models rows: once, not once per agent.
    assert text.count("openai/gpt-5.4 ") == 1
    assert text.count("anthropic/claude-haiku-4-5 ") == 1
    # What differs stays with its agent.
    support = text[text.index("agent support"):]
    assert "anthropic/claude-sonnet-4-6  primary" in support
    # One agent asked for: everything of its own, nothing factored out.
    alone = run("explain", "--agent", "ops", "openclaw.json5").output
    assert "shared by" not in alone and "openai/gpt-5.4 " in alone


# --- compile - and explain - ---------------------------------------------------------------------------

STDIN_CONFIG = '{ gateway: { mode: "local" }, agents: { defaults: { model: "openai/gpt-5.4" } } }\n'


def test_compile_and_explain_read_standard_input(project):
    from_file = run("compile", _write(project / "openclaw.json5", STDIN_CONFIG).name)
    from_stdin = run("compile", "-", input=STDIN_CONFIG)
    assert from_stdin.exit_code == 0, from_stdin.output
    document = json.loads(from_stdin.output)
    assert document["source"] == "<stdin>"
    assert document["config"] == json.loads(from_file.output)["config"]
    named = json.loads(run("compile", "--stdin-filename", "deploy/openclaw.json5", "-", input=STDIN_CONFIG).output)
    assert named["source"] == "deploy/openclaw.json5"
    explained = run("explain", "-", input=STDIN_CONFIG)
    assert explained.exit_code == 0 and "agent main" in explained.output
    assert json.loads(run("explain", "--format", "json", "-", input=STDIN_CONFIG).output)["source"] == "<stdin>"


def test_compile_check_of_standard_input_compares_with_the_named_file(project):
    # A pre-commit hook may feed the staged text: named as the file, it compiles to the same bytes.
    _write(project / "openclaw.json5", STDIN_CONFIG)
    assert run("compile", "openclaw.json5", "-o", "openclaw.compiled.json").exit_code == 0
    assert run("compile", "--check", "--stdin-filename", "openclaw.json5", "-", input=STDIN_CONFIG).exit_code == 0
    changed = STDIN_CONFIG.replace("gpt-5.4", "gpt-5.4-mini")
    stale = run("compile", "--check", "--stdin-filename", "openclaw.json5", "-", input=changed)
    assert stale.exit_code == 1 and "openclaw.compiled.json is out of date" in stale.output
    assert "`oclc compile - -o openclaw.compiled.json`" in stale.output
    unnamed = run("compile", "--check", "-", input=STDIN_CONFIG)
    assert unnamed.exit_code == 2 and "needs -o" in unnamed.output


def test_standard_input_is_read_once_and_stdin_filename_needs_it(project):
    twice = run("compile", "--check", "-o", "x.json", "-", "-", input=STDIN_CONFIG)
    assert twice.exit_code == 2
    assert run("explain", "--stdin-filename", "x.json5", "openclaw.json5").exit_code == 2
    broken = run("explain", "-", input="{ gateway: ")
    assert broken.exit_code == 1 and "<stdin>:1:" in broken.output    # as for a file: OpenClaw refuses it


def test_a_plugin_named_in_several_places_is_one_finding():
    result = check(str(FIXTURES / "structure" / "plugin-availability.json5"), options=Options(env={}))
    codex = [d for d in result.diagnostics if d.code == "OC245" and '"codex"' in d.message]
    assert [d.resolved_path for d in codex] == [("plugins", "entries", "codex")]
    assert codex[0].notes == ("also named at plugins.allow[0]",)
    assert codex[0].help == "install it with `openclaw plugins install @openclaw/codex`"
    # A channel reported as stale plugin config (OC223) is the same mistake: no second finding.
    stale = check(str(FIXTURES / "structure" / "unknown-channel.json5"), options=Options(env={}))
    assert "OC245" not in [d.code for d in stale.diagnostics]
