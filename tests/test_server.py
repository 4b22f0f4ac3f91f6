"""`oclc server` end to end: the server started as `oclc server --stdio` in a subprocess, driven over
stdio by pygls's LSP client (tests/lsplib.py), as an editor drives it."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("pygls")

from lsplib import Client, apply_edits, run, server_command, uri
from lsprotocol import types

ROOT = Path(__file__).resolve().parents[1]

CONFIG = textwrap.dedent("""\
    // The team's gateway.
    {
      gateway: {
        mode: "local",
        port: 18789,
        auth: { mode: "token", token: "${OPENCLAW_GATEWAY_TOKEN}" },
      },
      auth: {
        profiles: {
          "anthropic:team-api": { provider: "anthropic", mode: "api_key" },
          "anthropic:subscription": { provider: "anthropic", mode: "token" },
        },
        order: {
          anthropic: ["anthropic:team-api", "anthropic:tem-api"],
        },
      },
      agents: {
        ownership: "explicit",
        defaults: {
          systemAgent: { agentId: "support" },
          modle: "anthropic/claude-sonnet-4-6",
          models: {
            "anthropic/claude-haiku-4-5": { alias: "haiku" },
          },
        },
        entries: {
          support: {
            model: { primary: "anthropic/claude-sonnet-4-6", fallbacks: ["haiku"] },
            params: { cacheRetention: "nonee" },
          },
          research: {
            model: "anthropic/claude-opus-4-1@anthropic:subscription",
            params: { cacheControlTtl: "1h" }, // a 1-hour cache on a subscription, in the retired spelling
          },
        },
      },
      bindings: [{ agentId: "support", match: { channel: "telegram", accountId: "*" } }],
    }
    """)


def where(text: str, needle: str, nth: int = 0) -> types.Range:
    """The LSP range of the nth occurrence of `needle` in `text` (ASCII here: UTF-16 = characters)."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    line = text.count("\n", 0, at)
    column = at - (text.rfind("\n", 0, at) + 1)
    return types.Range(types.Position(line, column), types.Position(line, column + len(needle)))


def position(text: str, needle: str, inside: int = 1) -> tuple[int, int]:
    found = where(text, needle)
    return found.start.line, found.start.character + inside


def found(diagnostics) -> list[tuple[str, tuple[int, int, int, int]]]:
    return sorted((d.code, (d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character))
                  for d in diagnostics)


def span(range_: types.Range) -> tuple[int, int, int, int]:
    return range_.start.line, range_.start.character, range_.end.line, range_.end.character


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "gw.env").write_text("OPENCLAW_GATEWAY_TOKEN=gw-test\n")
    (tmp_path / "openclaw.json5").write_text(CONFIG)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path


def start(project: Path, *extra: str, prelude: str | None = None, **kwargs) -> tuple[Client, object]:
    client = Client()
    command = server_command(["--env-file", str(project / "gw.env"), *extra], prelude)
    return client, client.start(command, cwd=project, workspace=project, **kwargs)


def with_server(project: Path, scenario) -> None:
    """Run `scenario(client)` against a server started on the project, then stop it."""
    async def session():
        client, starting = start(project)
        await starting
        await scenario(client)
        await client.stop()

    run(session())


def test_end_to_end_diagnostics_change_hover_action_shutdown(project):
    async def scenario():
        client, starting = start(project)
        initialized = await starting
        assert initialized.server_info.name == "oclc"
        capabilities = initialized.capabilities
        assert capabilities.hover_provider and capabilities.definition_provider
        assert capabilities.completion_provider is not None and capabilities.code_action_provider

        document = client.open(project / "openclaw.json5", CONFIG)
        diagnostics = await client.diagnostics_for(document, version=1)
        # The findings of `oclc lint` on this file, each on the exact text it is about.
        assert found(diagnostics) == sorted([
            ("OC301", span(where(CONFIG, '"anthropic:tem-api"'))),
            ("OC201", span(where(CONFIG, "modle"))),
            ("OC401", span(where(CONFIG, '"nonee"'))),
            ("OC404", span(where(CONFIG, '"nonee"'))),
            ("OC404", span(where(CONFIG, '"nonee"'))),
            # One finding for the retired key on a subscription: OC405, carrying OC402's note and fix.
            ("OC405", span(where(CONFIG, "cacheControlTtl"))),
        ])
        oc401 = next(d for d in diagnostics if d.code == "OC401")
        assert oc401.severity == types.DiagnosticSeverity.Error and oc401.source == "oclc"
        assert oc401.message.startswith("cacheRetention 'nonee' is not one of")
        assert "help: did you mean 'none'?" in oc401.message
        # The code's link opens `oclc rule OC401`'s text.
        link = Path(oc401.code_description.href.removeprefix("file://"))
        assert link.read_text().startswith("OC401 cache-retention-invalid (error)")

        # A change that fixes one finding: it (and the two it caused) disappear, the rest stay.
        fixed = CONFIG.replace('"nonee"', '"long"')
        nonee = where(CONFIG, '"nonee"')       # an incremental change of that range, as editors send
        version = client.edit(document, (nonee.start.line, nonee.start.character),
                              (nonee.end.line, nonee.end.character), '"long"')
        diagnostics = await client.diagnostics_for(document, version=version)
        assert sorted(d.code for d in diagnostics) == ["OC201", "OC301", "OC405"]

        # Hover on a model ref: the agent's credential, its mode, and the cache retention.
        line, character = position(fixed, '"anthropic/claude-sonnet-4-6", fallbacks')
        hover = await client.hover(document, line, character + 3)
        text = hover.contents.value
        assert "**`anthropic/claude-sonnet-4-6`**" in text
        assert "**agent `support`** (primary)" in text
        assert "auth: profile `anthropic:team-api` (auth.order.anthropic) · mode `api_key` · not a subscription" in text
        assert "cache retention: `long` · set by agents.entries.support.params" in text
        assert span(hover.range) == span(where(fixed, '"anthropic/claude-sonnet-4-6"', nth=1))
        # ... and on the subscription agent's ref: a subscription, whose requests carry the 1-hour
        # markers all the same (recorded: tests/data/wire/recorded/anthropic-token-long.json).
        line, character = position(fixed, '"anthropic/claude-opus-4-1@')
        text = (await client.hover(document, line, character)).contents.value
        assert "mode `token` · subscription" in text
        assert "cache retention: `long` · legacy cacheControlTtl '1h' at agents.entries.research.params" in text
        assert "not sent" not in text

        # The fix of the retired key (OC402's, carried by OC405) as a code action: applied, the
        # key is renamed and the finding stays about the setting, not the spelling.
        oc405 = next(d for d in diagnostics if d.code == "OC405")
        assert oc405.severity == types.DiagnosticSeverity.Information
        actions = await client.code_actions(document, oc405.range, diagnostics=[oc405])
        titles = [a.title for a in actions]
        fix = next(a for a in actions if a.title.startswith("replace cacheControlTtl"))
        assert fix.kind == types.CodeActionKind.QuickFix and fix.is_preferred
        assert "Suppress OC405 on this line (// oclc: ignore[OC405])" in titles
        after = apply_edits(fixed, fix.edit.changes[document])
        assert 'params: { cacheRetention: "long" }, // a 1-hour cache' in after
        version = client.change(document, after)
        diagnostics = await client.diagnostics_for(document, version=version)
        assert sorted(d.code for d in diagnostics) == ["OC201", "OC301", "OC405"]
        assert "retired spelling" not in " ".join(d.message for d in diagnostics)

        assert await client.stop() == 0

    run(scenario())


def test_suppress_action_silences_the_finding(project):
    async def scenario(client):
        document = client.open(project / "openclaw.json5", CONFIG)
        diagnostics = await client.diagnostics_for(document, version=1)
        text = CONFIG
        # OC301's line has no comment: the directive goes at its end. OC405's line ends in a
        # comment: the directive goes on a line of its own above.
        for code in ("OC301", "OC405"):
            finding = next(d for d in diagnostics if d.code == code)
            actions = await client.code_actions(document, finding.range, diagnostics=[finding])
            suppress = next(a for a in actions if a.title.startswith(f"Suppress {code}"))
            text = apply_edits(text, suppress.edit.changes[document])
            version = client.change(document, text)
            diagnostics = await client.diagnostics_for(document, version=version)
            assert code not in {d.code for d in diagnostics}
            assert "OC901" not in {d.code for d in diagnostics}
        assert 'anthropic: ["anthropic:team-api", "anthropic:tem-api"], // oclc: ignore[OC301]' in text
        assert '// oclc: ignore[OC405]\n        params: { cacheControlTtl: "1h" }, // a 1-hour' in text
        # A second finding on a line that has a directive joins it.
        for code in ("OC401", "OC404"):
            finding = next(d for d in diagnostics if d.code == code)
            actions = await client.code_actions(document, finding.range, diagnostics=[finding])
            suppress = next(a for a in actions if a.title.startswith(f"Suppress {code}"))
            text = apply_edits(text, suppress.edit.changes[document])
            version = client.change(document, text)
            diagnostics = await client.diagnostics_for(document, version=version)
        assert 'params: { cacheRetention: "nonee" }, // oclc: ignore[OC401, OC404]' in text
        assert sorted(d.code for d in diagnostics) == ["OC201"]
        # Errors that make OpenClaw refuse the config cannot be suppressed: no such action.
        oc201 = next(d for d in diagnostics if d.code == "OC201")
        actions = await client.code_actions(document, oc201.range, diagnostics=[oc201])
        assert not any(a.title.startswith("Suppress") for a in actions or [])
        # The did-you-mean rename is offered, but not as a fix `lint --fix` makes by itself.
        rename = next(a for a in actions if a.title.startswith('rename "modle" to "model"'))
        assert not rename.is_preferred and "not applied by `oclc lint --fix`" in rename.title

    with_server(project, scenario)


def test_fix_all_is_lint_fix(project):
    expected = subprocess.run(
        [sys.executable, "-m", "oclc", "lint", "--fix", "-", "--stdin-filename", "openclaw.json5",
         "--env-file", "gw.env"],
        input=CONFIG, capture_output=True, text=True, cwd=project, check=False).stdout

    async def scenario(client):
        document = client.open(project / "openclaw.json5", CONFIG)
        await client.diagnostics_for(document, version=1)
        whole = types.Range(types.Position(0, 0), types.Position(0, 0))
        # Asked for by kind (as on save): the edit comes at once.
        actions = await client.code_actions(document, whole, only=["source.fixAll"])
        assert [a.kind for a in actions] == ["source.fixAll.oclc"]
        fixed = apply_edits(CONFIG, actions[0].edit.changes[document])
        assert fixed == expected and 'cacheRetention: "long"' in fixed
        # Offered beside the quick fixes: the edit is made when the client resolves it.
        actions = await client.code_actions(document, whole)
        lazy = next(a for a in actions if a.kind == "source.fixAll.oclc")
        assert lazy.edit is None
        resolved = await client.resolve(lazy)
        assert apply_edits(CONFIG, resolved.edit.changes[document]) == expected
        # Nothing on disk changed.
        assert (project / "openclaw.json5").read_text() == CONFIG

    with_server(project, scenario)


INCLUDE_MAIN = textwrap.dedent("""\
    {
      gateway: { mode: "local", auth: { mode: "token", token: "${OPENCLAW_GATEWAY_TOKEN}" } },
      auth: { profiles: { "anthropic:main": { provider: "anthropic", mode: "api_key" } } },
      agents: {
        $include: "./agents.json5",
      },
    }
    """)
INCLUDED = textwrap.dedent("""\
    {
      entries: {
        main: {
          model: "anthropic/claude-sonnet-4-6",
          params: { cacheRetention: "nonee" },
        },
      },
    }
    """)


def test_include_diagnostics_and_rechecks(project):
    (project / "openclaw.json5").write_text(INCLUDE_MAIN)
    (project / "agents.json5").write_text(INCLUDED)

    async def scenario(client):
        main = client.open(project / "openclaw.json5")
        included = uri(project / "agents.json5")
        # The included file's findings are published for it, though only the main file is open.
        diagnostics = await client.diagnostics_for(included)
        assert ("OC401", span(where(INCLUDED, '"nonee"'))) in found(diagnostics)
        assert await client.diagnostics_for(main) == []
        # Open the included file and fix it there (not saved): the main file is re-checked with
        # the editor's text, and the finding disappears.
        seen = len(client.published)
        client.open(project / "agents.json5")
        version = client.change(included, INCLUDED.replace('"nonee"', '"none"'))
        diagnostics = await client.diagnostics_for(included, version=version, after=seen)
        assert diagnostics == []
        # Hover works in the included file too, on the agent's model ref.
        line, character = position(INCLUDED, '"anthropic/claude-sonnet-4-6"')
        text = (await client.hover(included, line, character)).contents.value
        assert "agent `main`" in text and "cache retention: `none`" in text

    with_server(project, scenario)


def test_an_included_file_changed_on_disk_rechecks_its_includer(project):
    (project / "openclaw.json5").write_text(INCLUDE_MAIN)
    (project / "agents.json5").write_text(INCLUDED)

    async def scenario(client):
        client.open(project / "openclaw.json5")
        included = uri(project / "agents.json5")
        assert [d.code for d in await client.diagnostics_for(included)] == ["OC401"]
        seen = len(client.published)
        (project / "agents.json5").write_text(INCLUDED.replace("nonee", "none"))
        client.files_changed(project / "agents.json5")
        assert await client.diagnostics_for(included, after=seen) == []

    with_server(project, scenario)


def test_an_included_file_opened_alone_is_checked_through_its_includer(project):
    (project / "openclaw.json5").write_text(INCLUDE_MAIN)
    (project / "agents.json5").write_text(INCLUDED)

    async def scenario(client):
        included = client.open(project / "agents.json5")
        # Not checked as a config of its own (it would be full of unknown keys): through
        # openclaw.json5, which includes it.
        diagnostics = await client.diagnostics_for(included, version=1)
        assert [d.code for d in diagnostics] == ["OC401"]
        version = client.change(included, INCLUDED.replace("nonee", "short"))
        assert await client.diagnostics_for(included, version=version) == []

    with_server(project, scenario)


def test_go_to_definition(project):
    (project / "models.json5").write_text('{ "anthropic/claude-haiku-4-5": { alias: "haiku" } }\n')
    text = CONFIG.replace('models: {\n        "anthropic/claude-haiku-4-5": { alias: "haiku" },\n      },',
                          'models: { $include: "./models.json5" },')
    (project / "openclaw.json5").write_text(text)

    async def scenario(client):
        document = client.open(project / "openclaw.json5", text)
        await client.diagnostics_for(document, version=1)

        async def target(needle: str, inside: int = 1):
            line, character = position(text, needle, inside)
            locations = await client.definition(document, line, character)
            assert locations, needle
            return [(loc.uri, span(loc.range)) for loc in locations]

        # $include -> the file.
        assert await target('"./models.json5"') == [(uri(project / "models.json5"), (0, 0, 0, 0))]
        # A profile id in auth.order -> its entry under auth.profiles.
        assert await target('["anthropic:team-api"', 2) == [(document, span(where(text, '"anthropic:team-api"')))]
        # An `@profile` pin -> the profile.
        assert await target("@anthropic:subscription", 3) == \
            [(document, span(where(text, '"anthropic:subscription"')))]
        # An agent id -> the agent.
        entry = where(text, "support: {").start
        assert await target('agentId: "support"', 11) == \
            [(document, (entry.line, entry.character, entry.line, entry.character + len("support")))]
        # A model alias -> where it is given, in the included file.
        models = '{ "anthropic/claude-haiku-4-5": { alias: "haiku" } }\n'
        assert await target('["haiku"]', 2) == [(uri(project / "models.json5"), span(where(models, '"haiku"')))]

    with_server(project, scenario)


def test_completion_of_keys_and_values_while_typing(project):
    async def scenario(client):
        document = client.open(project / "openclaw.json5", CONFIG)
        await client.diagnostics_for(document, version=1)
        # A half-typed key: the text does not parse, completion still knows where it is.
        typing = CONFIG.replace('    port: 18789,\n', '    port: 18789,\n    bi\n')
        version = client.change(document, typing)
        line, character = position(typing, "    bi\n", 6)
        items = (await client.completion(document, line, character)).items
        labels = {item.label for item in items}
        assert {"bind", "tls", "tailscale"} <= labels and "port" not in labels and "mode" not in labels
        bind = next(item for item in items if item.label == "bind")
        assert bind.text_edit.new_text == "bind" and span(bind.text_edit.range) == (line, 4, line, 6)
        # Values: the enum of the key, quoted as JSON5 wants.
        typing = CONFIG.replace('    port: 18789,\n', '    port: 18789,\n    bind: \n')
        client.change(document, typing)
        line, character = position(typing, "    bind: \n", 10)
        labels = {item.label for item in (await client.completion(document, line, character)).items}
        assert labels == {'"auto"', '"lan"', '"loopback"', '"custom"', '"tailnet"'}
        # Inside quotes already: the bare value.
        typing = CONFIG.replace('"nonee"', '"sh')
        client.change(document, typing)
        line, character = position(typing, '"sh', 3)
        items = (await client.completion(document, line, character)).items
        assert [item.text_edit.new_text for item in items] == ["none", "short", "long"]
        assert version

    with_server(project, scenario)


def test_settings_and_suppressions_are_lints(project):
    (project / ".oclc.toml").write_text('ignore = ["OC402"]\n[severity]\nOC301 = "error"\n')
    text = CONFIG.replace('"anthropic:tem-api"],', '"anthropic:tem-api"], // oclc: ignore[OC301]')

    async def scenario(client):
        document = client.open(project / "openclaw.json5", text)
        diagnostics = await client.diagnostics_for(document, version=1)
        codes = sorted(d.code for d in diagnostics)
        assert codes == ["OC201", "OC401", "OC404", "OC404", "OC405"]

    with_server(project, scenario)


def test_duplicate_key_points_at_the_first_one(project):
    text = '{\n  gateway: { port: 1 },\n  gateway: { port: 2 },\n}\n'

    async def scenario(client):
        document = client.open(project / "openclaw.json5", text)
        diagnostics = await client.diagnostics_for(document, version=1)
        duplicate = next(d for d in diagnostics if d.code == "OC107")
        assert span(duplicate.range) == (2, 2, 2, 9)
        [related] = duplicate.related_information
        assert related.location.uri == document and span(related.location.range) == (1, 2, 1, 9)

    with_server(project, scenario)


BREAK_HOVER = "import oclc.server.hover as h\ndef boom(*args, **kwargs):\n    raise ZeroDivisionError('hover broke')\nh.hover_at = boom\n"
BREAK_CHECK = textwrap.dedent("""\
    import oclc.pipeline as p
    real = p.check
    def check(path, **kwargs):
        if str(path).endswith("crash.json5"):
            raise RuntimeError("the pipeline broke")
        return real(path, **kwargs)
    p.check = check
    """)


def test_a_crash_in_a_handler_is_logged_and_the_session_goes_on(project):
    async def scenario():
        client, starting = start(project, prelude=BREAK_HOVER + BREAK_CHECK)
        await starting
        document = client.open(project / "openclaw.json5", CONFIG)
        await client.diagnostics_for(document, version=1)
        line, character = position(CONFIG, '"anthropic/claude-sonnet-4-6", fallbacks')
        assert await client.hover(document, line, character) is None
        await client.wait_for(lambda: b"internal error in hover: ZeroDivisionError: hover broke" in client.stderr,
                              what="the error on stderr")
        assert any("hover broke" in m.message and m.type == types.MessageType.Error for m in client.messages)
        # A crash inside the pipeline: the file gets an OC904 finding, as in `oclc lint`.
        crash = project / "openclaw.crash.json5"
        crash.write_text("{}\n")
        broken = client.open(crash)
        [finding] = await client.diagnostics_for(broken, version=1)
        assert finding.code == "OC904" and "the pipeline broke" in finding.message
        # Bad input: a position past the end of the file, a document never opened.
        assert await client.hover(document, 10_000, 10_000) is None
        assert await client.definition(uri(project / "nowhere.json5"), 0, 0) is None
        # The session goes on: a change is checked and published.
        version = client.change(document, CONFIG.replace('"nonee"', '"none"'))
        diagnostics = await client.diagnostics_for(document, version=version)
        assert "OC401" not in {d.code for d in diagnostics}
        assert await client.stop() == 0

    run(scenario())


def test_only_configs_and_what_they_include_are_checked(project):
    (project / "package.json").write_text('{"name": "not a gateway config"}\n')
    (project / "notes.json5").write_text("{ whatever: true }\n")

    async def scenario():
        client, starting = start(project)
        await starting
        client.open(project / "package.json")
        client.open(project / "notes.json5")
        document = client.open(project / "openclaw.json5", CONFIG)
        await client.diagnostics_for(document, version=1)
        assert {params.uri for _, params in client.published} == {document}
        await client.stop()
        # An editor can name its own configs (initializationOptions.configFiles).
        client, starting = start(project, initialization_options={"configFiles": ["notes.json5"]})
        await starting
        notes = client.open(project / "notes.json5")
        diagnostics = await client.diagnostics_for(notes, version=1)
        assert "OC201" in [d.code for d in diagnostics]
        await client.stop()

    run(scenario())


def test_utf16_positions(project):
    text = CONFIG.replace("// The team's gateway.", "// The team's gateway 🦀🦀.").replace(
        'mode: "local",', 'mode: "local", /* 🦀 */')
    text = text.replace('modle: "anthropic', '/* 🦀🦀 */ modle: "anthropic')

    async def scenario(client):
        document = client.open(project / "openclaw.json5", text)
        diagnostics = await client.diagnostics_for(document, version=1)
        oc201 = next(d for d in diagnostics if d.code == "OC201")
        at = where(text, "modle")
        # Each crab is two UTF-16 code units.
        assert span(oc201.range) == (at.start.line, at.start.character + 2, at.end.line, at.end.character + 2)

    with_server(project, scenario)


def test_server_without_pygls_says_how_to_install_it(tmp_path):
    code = "import sys\nsys.modules['pygls'] = None\nfrom oclc.cli import main\nmain(['server'])\n"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=False,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 2
    assert done.stderr == ("oclc: error: `oclc server` needs pygls, which is not installed; install the "
                           "server extra: pip install 'oclc[server]'\n")
    assert done.stdout == ""


def test_server_usage_errors(tmp_path):
    done = subprocess.run([sys.executable, "-m", "oclc", "server", "--state-dir", str(tmp_path / "no")],
                          capture_output=True, text=True, check=False,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 2 and "the state directory" in done.stderr and "does not exist" in done.stderr
    done = subprocess.run([sys.executable, "-m", "oclc", "server", "--help"], capture_output=True, text=True,
                          check=False, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0 and "usage: oclc server" in done.stdout


def test_lint_never_imports_the_server_or_pygls(tmp_path):
    code = ("import sys\nfrom oclc.cli import main\n"
            "try:\n    main(['lint', sys.argv[1]])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith(('pygls', 'lsprotocol', 'oclc.server'))))\n")
    done = subprocess.run([sys.executable, "-c", code, str(ROOT / "examples" / "broken.openclaw.json5")],
                          capture_output=True, text=True, check=False,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_the_server_benchmark_runs(tmp_path):
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_server.py"), "--agents", "20",
                           "--rounds", "3", "--big-rounds", "1", "--out", str(tmp_path)],
                          capture_output=True, text=True, check=False, timeout=600, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    rows = [line.split("|")[1].strip() for line in done.stdout.splitlines() if line.startswith("| ")]
    assert rows == ["measure", "change -> diagnostics", "didOpen -> diagnostics", "change -> diagnostics",
                    "typing burst: last change -> diagnostics", "edits 1 s apart: last change -> diagnostics",
                    "completion during a check", "hover on a model ref"]
    assert (tmp_path / "server-results.md").read_text() == done.stdout
