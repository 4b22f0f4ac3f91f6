"""The language server's parts that need no client: positions, what is under the cursor, schema
facts per release, the worker's debounce and interruption, the session's include graph."""
from __future__ import annotations

import gc
import textwrap
import threading
import time

import pytest

from oclc.json5.parser import parse
from oclc.releases import DEFAULT_RELEASE
from oclc.server import keys
from oclc.server.cursor import completion_context, node_at
from oclc.server.positions import UTF8, UTF16, UTF32, LineIndex
from oclc.server.runner import Cancelled, Runner
from oclc.source import Source

# --- positions -------------------------------------------------------------------------------------

def test_positions_count_utf16_units_and_lsp_line_breaks():
    text = "a🦀b\r\nc\u2028d\re"
    index = LineIndex(text, UTF16)
    assert index.position(0) == (0, 0)
    assert index.position(2) == (0, 3)          # after the crab: two UTF-16 units
    assert index.position(3) == (0, 4)          # the end of line 0
    assert index.position(4) == (0, 4)          # between CR and LF: still the end of line 0
    assert index.position(5) == (1, 0)
    # U+2028 breaks a JSON5 line, not an LSP one.
    assert index.position(text.index("d")) == (1, 2)
    assert index.position(text.index("e")) == (2, 0)
    assert index.offset(0, 3) == 2 and index.offset(1, 2) == text.index("d")
    # Past the end of a line is its end; past the last line, the end of the text.
    assert index.offset(0, 99) == 3 and index.offset(99, 0) == len(text)
    assert LineIndex(text, UTF32).position(2) == (0, 2)
    assert LineIndex(text, UTF8).position(2) == (0, 5)
    assert LineIndex(text, UTF8).offset(0, 5) == 2


def test_a_byte_order_mark_the_editor_kept_shifts_the_first_line():
    index = LineIndex("{a: 1}\n{", UTF16, shift=1)
    assert index.position(1) == (0, 2) and index.offset(0, 2) == 1
    assert index.position(8) == (1, 1)


# --- the cursor ------------------------------------------------------------------------------------

def document(text: str):
    return parse(Source("x.json5", text))


def test_node_at_finds_the_innermost_key_or_value():
    text = '{\n  agents: { entries: { main: { model: "a/b" } } },\n  list: [1, {k: true}],\n}'
    parsed = document(text)
    node = node_at(parsed, text.index('"a/b"') + 2)
    assert (node.path, node.on_key, node.value) == (("agents", "entries", "main", "model"), False, "a/b")
    node = node_at(parsed, text.index("main") + 4)     # the end of a word is on it
    assert (node.path, node.on_key) == (("agents", "entries", "main"), True)
    node = node_at(parsed, text.index("true"))
    assert node.path == ("list", 1, "k")
    node = node_at(parsed, text.index("["))
    assert node.path == ("list",) and not node.on_key
    assert node_at(parsed, len(text) + 5) is None


@pytest.mark.parametrize("before, mode, path, prefix, quote", [
    ("{\n  gateway: {\n    po", "key", ("gateway",), "po", None),
    ("{\n  gateway: { port: 1, ", "key", ("gateway",), "", None),
    ('{\n  gateway: { "bi', "key", ("gateway",), "bi", '"'),
    ("{\n  gateway: { bind: ", "value", ("gateway", "bind"), "", None),
    ("{\n  gateway: { bind: 'lo", "value", ("gateway", "bind"), "lo", "'"),
    ("{ a: [1, 2, ", "value", ("a", 2), "", None),
    ("{ a: { b: 1 }, c: { /* { */ d: ", "value", ("c", "d"), "", None),
    ("{ a: 1, // comment ", "none", (), "", None),
    ('{ "key with } brace": { x', "key", ("key with } brace",), "x", None),
])
def test_completion_context_in_text_that_does_not_parse(before, mode, path, prefix, quote):
    text = before + "\n  whatever follows ]]] {"
    context = completion_context(text, len(before))
    assert (context.mode, context.path, context.prefix, context.quote) == (mode, path, prefix, quote)
    if prefix:
        assert before[context.start:] == prefix


def test_completion_context_knows_the_keys_already_written():
    before = "{ gateway: { port: 1, mode: 'local', "
    assert completion_context(before, len(before)).keys == {"port", "mode"}


# --- schema facts, per release -------------------------------------------------------------------

def test_key_facts_come_from_the_target_release():
    assert keys.target_release() == DEFAULT_RELEASE
    bind = keys.key_facts(("gateway", "bind"))
    assert bind.known and bind.types == ["string"] and "loopback" in bind.values and bind.release == DEFAULT_RELEASE
    mode = keys.key_facts(("auth", "profiles", "any:id", "mode"))      # through a map of profiles
    assert mode.values == ["api_key", "aws-sdk", "oauth", "token"]
    retired = keys.key_facts(("gateway", "tailscale", "resetOnExit"))
    assert retired.retired and "lifecycle" in retired.retired["note"]
    assert not keys.key_facts(("agents", "defaults", "modle")).known
    cache = keys.key_facts(("agents", "entries", "a", "params", "cacheRetention"))
    assert cache.values == ["none", "short", "long"] and "OC401" in cache.note
    # One bundled release: nothing to say about when a key came or goes.
    assert bind.appeared_in is None and bind.leaves_in is None


def test_member_names_leave_out_retired_keys():
    names = keys.member_names(("gateway", "tailscale"))
    assert "mode" in names and "resetOnExit" not in names


def test_descriptions_come_only_from_the_users_schema(tmp_path):
    schema = tmp_path / "theirs.json"
    schema.write_text('{"type": "object", "properties": {"gateway": {"type": "object", "properties": '
                      '{"bind": {"enum": ["loopback"], "description": "Where the gateway listens."}}}}}')
    assert keys.key_facts(("gateway", "bind")).description is None
    assert keys.key_facts(("gateway", "bind"), user_schema=str(schema)).description == "Where the gateway listens."


# --- the worker ----------------------------------------------------------------------------------

def test_runner_debounces_a_burst_into_one_run():
    runner = Runner("test-debounce")
    ran = []
    futures = [runner.submit("file", lambda n=n: ran.append(n) or n, delay=0.2) for n in range(5)]
    assert futures[-1].result(timeout=5) == 4
    assert ran == [4] and all(f.cancelled() for f in futures[:-1])
    runner.stop()


def test_runner_interrupts_a_stale_run_and_the_next_one_runs():
    runner = Runner("test-interrupt")
    started = threading.Event()

    def endless():
        started.set()
        gc.disable()           # as pipeline.check does while it runs
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            pass
        return "finished"

    first = runner.submit("file", endless)
    assert started.wait(5)
    began = time.monotonic()
    second = runner.submit("file", lambda: "fresh")
    assert second.result(timeout=10) == "fresh"
    assert time.monotonic() - began < 5
    assert isinstance(first.exception(timeout=1), Cancelled)
    assert runner.interruptions == 1
    # The collector the interrupted run switched off is on again.
    assert runner.submit("other", gc.isenabled).result(timeout=5) is True
    runner.stop()


def test_runner_never_interrupts_a_first_import(tmp_path, monkeypatch):
    # A module whose first import takes a while: interrupting it would leave it half-executed.
    (tmp_path / "oclc_slow_module.py").write_text(
        "import time\nstarted = time.monotonic()\nwhile time.monotonic() - started < 1.0:\n    pass\nDONE = True\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    runner = Runner("test-import")
    importing = threading.Event()

    def work():
        importing.set()
        import oclc_slow_module

        return oclc_slow_module.DONE

    first = runner.submit("file", work)
    assert importing.wait(5)
    time.sleep(0.2)
    second = runner.submit("file", lambda: "fresh")
    assert second.result(timeout=10) == "fresh"
    assert first.result(timeout=1) is True and runner.interruptions == 0
    runner.stop()


def test_runner_keeps_going_after_a_failing_job():
    runner = Runner("test-failure")
    broken = runner.submit("a", lambda: 1 / 0)
    assert isinstance(broken.exception(timeout=5), ZeroDivisionError)
    assert runner.submit("a", lambda: "next").result(timeout=5) == "next"
    runner.stop()


# --- the session ---------------------------------------------------------------------------------

class Recorder:
    def __init__(self):
        self.published: dict[str, list] = {}
        self.reports: list[str] = []
        self.lock = threading.Lock()
        self.calls: list = []

    def publish(self, uri, version, findings):
        self.published[uri] = [raw.code for _, raw, _ in findings]

    def post(self, function, args):
        with self.lock:
            self.calls.append((function, args))

    def settle(self, session, timeout=20):
        """Run what the worker posted, until nothing more comes."""
        deadline = time.monotonic() + timeout
        idle_since = None
        while time.monotonic() < deadline:
            with self.lock:
                calls, self.calls = self.calls, []
            for function, args in calls:
                function(*args)
            busy = calls or session.runner._pending or session.runner._running is not None
            if busy:
                idle_since = None
            elif idle_since is None:
                idle_since = time.monotonic()
            elif time.monotonic() - idle_since > 0.2:
                return
            time.sleep(0.01)
        raise AssertionError("the session did not settle")


def test_session_include_graph(tmp_path):
    from oclc.server.checking import ServerOptions
    from oclc.server.session import Session, path_to_uri

    main = tmp_path / "openclaw.json5"
    part = tmp_path / "agents.json5"
    main.write_text('{ agents: { $include: "./agents.json5" } }\n')
    part.write_text(textwrap.dedent("""\
        { entries: { main: { model: "anthropic/claude-sonnet-4-6", params: { cacheRetention: "nonee" } } } }
        """))
    recorder = Recorder()
    session = Session(ServerOptions(), recorder.publish, recorder.reports.append, recorder.post,
                      workspace=[str(tmp_path)])
    part_uri, main_uri = path_to_uri(str(part)), path_to_uri(str(main))
    # The fragment opened alone: checked through the config that includes it.
    session.open(part_uri, part.read_text(), 1)
    recorder.settle(session)
    assert "OC401" in recorder.published[part_uri]
    assert list(session.roots) == [str(main)] and not session.roots[str(main)].opened
    # Fixed in the editor: the includer is re-checked with the editor's text.
    session.change(part_uri, part.read_text().replace("nonee", "none"), 2)
    recorder.settle(session)
    assert "OC401" not in recorder.published[part_uri]
    # Closed: nothing open reads the includer any more; it is dropped and its findings cleared.
    session.close(part_uri)
    recorder.settle(session)
    assert session.roots == {} and recorder.published.get(main_uri, []) == []
    session.runner.stop()


def test_upgrade_is_offered_on_a_retired_key_and_its_edit_removes_it(tmp_path):
    from oclc.server.actions import actions_at
    from oclc.server.checking import ServerOptions, check_root

    config = tmp_path / "openclaw.json5"
    text = '{\n  // the gateway\n  gateway: { mode: "local", tailscale: { mode: "off", resetOnExit: true } },\n}\n'
    config.write_text(text, encoding="utf-8")
    checked = check_root(str(config), None, {}, ServerOptions())
    [retired] = [d for d in checked.diagnostics if d.code == "OC202"]
    actions = [a for a in actions_at(checked, str(config), retired.span.start, retired.span.end)
               if "oclc upgrade" in a.title]
    assert len(actions) == 1 and actions[0].kind == "refactor.rewrite"
    [edit] = actions[0].edits[str(config)]
    fixed = text[:edit.start] + edit.text + text[edit.end:]
    assert "resetOnExit" not in fixed and "// the gateway" in fixed
    config.write_text(fixed, encoding="utf-8")
    assert not [d for d in check_root(str(config), None, {}, ServerOptions()).diagnostics if d.code == "OC202"]
    # Unsaved changes: upgrade reads the disk, so it is not offered.
    stale = check_root(str(config), text, {}, ServerOptions())
    [retired] = [d for d in stale.diagnostics if d.code == "OC202"]
    assert not [a for a in actions_at(stale, str(config), retired.span.start, retired.span.end)
                if "oclc upgrade" in a.title]


def test_the_upgrade_action_leaves_a_key_being_typed(tmp_path):
    """`oclc upgrade` removes keys the release does not know; in the editor such a key is often one
    being typed, so the action migrates and leaves it (its own quick fix says "did you mean")."""
    from oclc.server.actions import actions_at
    from oclc.server.checking import ServerOptions, check_root

    config = tmp_path / "openclaw.json5"
    text = ('{\n  gateway: { mode: "local", tailscale: { mode: "off", resetOnExit: true }, contro: {} },\n'
            '  agents: { entries: { main: {} } },\n}\n')
    config.write_text(text, encoding="utf-8")
    checked = check_root(str(config), None, {}, ServerOptions())
    [typed] = [d for d in checked.diagnostics if d.code == "OC201"]
    [action] = [a for a in actions_at(checked, str(config), typed.span.start, typed.span.end)
                if "oclc upgrade" in a.title]
    [edit] = action.edits[str(config)]
    fixed = text[:edit.start] + edit.text + text[edit.end:]
    assert "resetOnExit" not in fixed and "contro: {}" in fixed
