"""`oclc lint --fix` never damages a file: the write is atomic, a failure at any step leaves the
original bytes and no temporary file, permissions and owner stay, a symlinked config has its
target fixed (the link stays a link), a hard-linked config is refused (replacing it would split
the links), and the fixed file parses to the value the fixes intend. End to end through the CLI."""
from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

import pytest

from hostilelib import assert_no_crash, run_cli
from oclc import fix as fixing
from oclc.json5.parser import loads

FIXTURES = Path(__file__).parent / "fixtures" / "fix"
BEFORE = (FIXTURES / "agents-list.json5").read_text(encoding="utf-8")
AFTER = (FIXTURES / "agents-list.fixed.json5").read_text(encoding="utf-8")


def fix(*paths: Path, extra: tuple[str, ...] = ()):
    return run_cli("lint", "--fix", "--format", "concise", *extra, *map(str, paths), env={})


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if "oclc-tmp" in p.name)


@pytest.fixture
def config(tmp_path) -> Path:
    path = tmp_path / "openclaw.json5"
    path.write_text(BEFORE, encoding="utf-8")
    return path


def test_fix_writes_the_intended_value_and_keeps_comments(config):
    run = fix(config)
    assert_no_crash(run)
    assert config.read_text(encoding="utf-8") == AFTER
    assert loads(config.read_text(encoding="utf-8")) == loads(AFTER)
    assert "// the main agent" in config.read_text(encoding="utf-8")
    assert leftovers(config.parent) == []
    # Running it again finds nothing more to fix and changes nothing.
    again = fix(config)
    assert_no_crash(again)
    assert config.read_text(encoding="utf-8") == AFTER


def test_fix_replaces_the_file_atomically(config):
    """A new inode renamed over the old one: a reader never sees a half-written file."""
    before = config.stat().st_ino
    assert_no_crash(fix(config))
    assert config.stat().st_ino != before


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664, 0o2640, 0o200])
def test_fix_keeps_the_permissions(config, mode):
    config.chmod(mode)
    assert_no_crash(fix(config))
    assert config.read_text(encoding="utf-8") == AFTER
    assert stat.S_IMODE(config.stat().st_mode) == mode


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give a file away")
def test_fix_keeps_the_owner(config):
    os.chown(config, 4321, 4322)
    assert_no_crash(fix(config))
    info = config.stat()
    assert (info.st_uid, info.st_gid) == (4321, 4322)
    assert config.read_text(encoding="utf-8") == AFTER


def test_fix_keeps_a_utf8_bom(config):
    config.write_bytes(b"\xef\xbb\xbf" + BEFORE.encode("utf-8"))
    assert_no_crash(fix(config))
    data = config.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data[3:].decode("utf-8") == AFTER


def test_fix_keeps_windows_line_endings_parseable(config):
    config.write_bytes(BEFORE.replace("\n", "\r\n").encode("utf-8"))
    assert_no_crash(fix(config))
    text = config.read_bytes().decode("utf-8")
    assert loads(text) == loads(AFTER)
    # Lines the fix did not touch keep their CRLF.
    assert "// Two agents in the retired list form; --fix rewrites them as agents.entries.\r\n" in text


# --- failures in the middle of the write ----------------------------------------------------------

def _break(monkeypatch, where: str, error: BaseException):
    def broken(*args, **kwargs):
        raise error

    if where == "mkstemp":
        monkeypatch.setattr(fixing.tempfile, "mkstemp", broken)
    elif where == "chmod":
        monkeypatch.setattr(fixing.os, "chmod", broken)
    else:
        monkeypatch.setattr(fixing.os, where, broken)


@pytest.mark.parametrize("where", ["mkstemp", "fsync", "chmod", "replace"])
def test_a_failing_step_leaves_the_original_and_no_temporary_file(config, monkeypatch, where):
    """Also what a read-only directory does to a user other than root (mkstemp fails)."""
    original = config.read_bytes()
    _break(monkeypatch, where, OSError(28, "No space left on device"))
    run = fix(config)
    assert_no_crash(run)
    assert run.stderr == f"oclc: {config}: not fixed: cannot write the fixed file: No space left on device\n"
    assert config.read_bytes() == original
    assert leftovers(config.parent) == []
    # The summary counts only fixes written, and a fix asked for and not made fails the run.
    assert "Fixed" not in run.stdout
    assert run.exit_code == 1


def test_an_interrupt_during_the_write_leaves_the_original(config, monkeypatch):
    original = config.read_bytes()
    _break(monkeypatch, "fsync", KeyboardInterrupt())
    run = fix(config)
    assert run.exit_code != 0
    assert config.read_bytes() == original
    assert leftovers(config.parent) == []


def test_a_partial_write_leaves_the_original(config, monkeypatch):
    """The disk fills up after half the bytes went into the temporary file."""
    original = config.read_bytes()
    real_fdopen = os.fdopen

    class HalfWriter:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()
            return False

        def write(self, data):
            self.handle.write(data[: len(data) // 2])
            raise OSError(28, "No space left on device")

        def __getattr__(self, name):
            return getattr(self.handle, name)

    monkeypatch.setattr(fixing.os, "fdopen", lambda *a, **k: HalfWriter(real_fdopen(*a, **k)))
    run = fix(config)
    assert_no_crash(run)
    assert config.read_bytes() == original
    assert leftovers(config.parent) == []


def test_a_file_that_changes_while_fixing_is_left_alone(config, monkeypatch):
    real_write_atomic = fixing.write_atomic

    def someone_else_edits_first(path, data, expected=None):
        Path(path).write_text("{ gateway: { port: 1 } }\n", encoding="utf-8")
        return real_write_atomic(path, data, expected)

    monkeypatch.setattr(fixing, "write_atomic", someone_else_edits_first)
    run = fix(config)
    assert_no_crash(run)
    assert "changed while" in run.stderr
    assert config.read_text(encoding="utf-8") == "{ gateway: { port: 1 } }\n"
    assert leftovers(config.parent) == []


# --- links ----------------------------------------------------------------------------------------

def test_a_symlinked_config_has_its_target_fixed_and_stays_a_link(tmp_path):
    real_dir = tmp_path / "real"
    real_dir.mkdir()
    target = real_dir / "openclaw.json5"
    target.write_text(BEFORE, encoding="utf-8")
    target.chmod(0o640)
    link_dir = tmp_path / "links"
    link_dir.mkdir()
    link = link_dir / "openclaw.json5"
    link.symlink_to(os.path.relpath(target, link_dir))
    run = fix(link)
    assert_no_crash(run)
    assert link.is_symlink() and os.readlink(link) == os.path.relpath(target, link_dir)
    assert target.read_text(encoding="utf-8") == AFTER
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    # The temporary file lived beside the target, and is gone.
    assert leftovers(real_dir) == [] and leftovers(link_dir) == []


def test_a_chain_of_symlinks_is_followed_to_the_file(tmp_path):
    target = tmp_path / "real.json5"
    target.write_text(BEFORE, encoding="utf-8")
    (tmp_path / "middle.json5").symlink_to("real.json5")
    (tmp_path / "openclaw.json5").symlink_to("middle.json5")
    assert_no_crash(fix(tmp_path / "openclaw.json5"))
    assert (tmp_path / "openclaw.json5").is_symlink() and (tmp_path / "middle.json5").is_symlink()
    assert target.read_text(encoding="utf-8") == AFTER


def test_a_hard_linked_config_is_not_split(tmp_path, config):
    """Renaming a new file over one name of a hard-linked file would leave the other name with
    the old text; oclc refuses instead."""
    twin = tmp_path / "twin.json5"
    os.link(config, twin)
    run = fix(config)
    assert_no_crash(run)
    assert run.stderr == (f"oclc: {config}:6: not fixed (OC130, convert agents.list to agents.entries keyed by "
                          "id): the file has 2 hard links, and replacing it would split them; apply the fixes "
                          "shown by --diff by hand\n")
    assert config.read_text(encoding="utf-8") == BEFORE
    assert os.path.samefile(config, twin)
    assert "Fixed" not in run.stdout and run.exit_code == 1


def test_a_dangling_symlink_is_reported_not_created(tmp_path):
    link = tmp_path / "openclaw.json5"
    link.symlink_to("missing.json5")
    run = fix(link)
    assert_no_crash(run)
    assert run.exit_code == 2
    assert link.is_symlink() and not (tmp_path / "missing.json5").exists()


# --- runs that must not write at all --------------------------------------------------------------

def test_diff_changes_nothing(config):
    before = config.stat()
    run = run_cli("lint", "--diff", str(config), env={})
    assert_no_crash(run)
    assert run.exit_code == 1 and "+++ b/" in run.stdout
    after = config.stat()
    assert config.read_text(encoding="utf-8") == BEFORE
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_fixing_standard_input_writes_no_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run = run_cli("lint", "--fix", "--stdin-filename", "openclaw.json5", "-", input=BEFORE, env={})
    assert_no_crash(run)
    assert run.stdout == AFTER
    assert list(tmp_path.iterdir()) == []


def test_a_fix_in_a_read_only_directory_fails_cleanly(config):
    """Even for root, who could write there: the directory's mode bits said not to."""
    config.parent.chmod(0o555)
    try:
        run = fix(config)
    finally:
        config.parent.chmod(0o755)
    assert_no_crash(run)
    assert run.stderr == (f"oclc: {config}:6: not fixed (OC130, convert agents.list to agents.entries keyed by "
                          "id): its directory is read-only (mode 0555); oclc does not rewrite the file (make it "
                          "writable, or apply the fixes shown by --diff by hand)\n")
    assert run.exit_code == 1 and "Fixed" not in run.stdout
    assert config.read_text(encoding="utf-8") == BEFORE
    assert leftovers(config.parent) == []


def test_temporary_files_are_not_left_in_the_system_temp_dir(config):
    before = set(os.listdir(tempfile.gettempdir()))
    assert_no_crash(fix(config))
    assert {n for n in set(os.listdir(tempfile.gettempdir())) - before if "oclc" in n} == set()


def test_compile_output_through_a_symlink_keeps_the_link(tmp_path):
    (tmp_path / "openclaw.json5").write_text('{ gateway: { port: 18789 } }\n', encoding="utf-8")
    target = tmp_path / "build" / "compiled.json"
    target.parent.mkdir()
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "openclaw.compiled.json"
    link.symlink_to("build/compiled.json")
    run = run_cli("compile", str(tmp_path / "openclaw.json5"), "-o", str(link), env={})
    assert_no_crash(run)
    assert run.exit_code == 0, run.output
    assert link.is_symlink()
    assert '"port": 18789' in target.read_text(encoding="utf-8")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert leftovers(tmp_path) == [] and leftovers(target.parent) == []


# --- telling the truth: only fixes really written are counted; the rest are reported ------------

READ_ONLY = ("the file is read-only (mode {mode:04o}); oclc does not rewrite the file (make it writable, or "
             "apply the fixes shown by --diff by hand)")


@pytest.mark.parametrize("mode", [0o444, 0o400, 0o555, 0o4444])
def test_a_read_only_config_is_not_rewritten_even_by_root(config, mode):
    """Mode bits decide, not access(2): root could write, but the file was made read-only."""
    config.chmod(mode)
    before = config.stat()
    run = fix(config, extra=("--exit-zero",))
    assert_no_crash(run)
    assert run.stderr == (f"oclc: {config}:6: not fixed (OC130, convert agents.list to agents.entries keyed by "
                          f"id): {READ_ONLY.format(mode=mode)}\n")
    assert run.exit_code == 1
    assert "Fixed" not in run.stdout and "1 fixable with `oclc lint --fix`." in run.stdout
    after = config.stat()
    assert config.read_text(encoding="utf-8") == BEFORE
    assert (after.st_ino, after.st_mtime_ns, stat.S_IMODE(after.st_mode)) == (before.st_ino, before.st_mtime_ns, mode)


def test_a_read_only_included_file_is_not_rewritten(tmp_path):
    main = tmp_path / "openclaw.json5"
    main.write_text('{\n  // main\n  agents: { $include: "./parts/agents.json5" },\n}\n', encoding="utf-8")
    part = tmp_path / "parts" / "agents.json5"
    part.parent.mkdir()
    part.write_text('{\n  // roster\n  list: [ { id: "main" } ],\n}\n', encoding="utf-8")
    part.chmod(0o444)
    run = fix(main)
    assert_no_crash(run)
    assert run.stderr == (f"oclc: {tmp_path}/parts/agents.json5:3: not fixed (OC130, convert agents.list to "
                          f"agents.entries keyed by id): {READ_ONLY.format(mode=0o444)}\n")
    assert run.exit_code == 1 and "Fixed" not in run.stdout
    assert "list: [" in part.read_text(encoding="utf-8")


def test_a_fix_in_a_file_included_by_standard_input_is_not_claimed(tmp_path, monkeypatch):
    """`--fix -` prints the fixed standard input; it writes no file, so a fix in an included file
    is not made, and the run says so instead of "Fixed"."""
    monkeypatch.chdir(tmp_path)
    main = '{\n  // main\n  agents: { $include: "./parts/agents.json5" },\n}\n'
    part = tmp_path / "parts" / "agents.json5"
    part.parent.mkdir()
    part.write_text('{\n  // roster\n  list: [ { id: "main" } ],\n}\n', encoding="utf-8")
    run = run_cli("lint", "--fix", "--format", "concise", "--stdin-filename", "openclaw.json5", "-", input=main,
                  env={})
    assert_no_crash(run)
    assert run.stdout == main
    assert run.stderr == (
        "oclc: parts/agents.json5:3: not fixed (OC130, convert agents.list to agents.entries keyed by id): the "
        "file is included by standard input, and `--fix -` changes no file (it prints the fixed standard input)\n"
        "parts/agents.json5:3:3: OC130 warning: `agents.list` is the retired roster form: OpenClaw converts it to "
        "`agents.entries` keyed by agent id when it loads the config\n"
        "Found 1 problem (1 warning) in 1 file. 1 fixable with `oclc lint --fix`.\n")
    assert run.exit_code == 1
    assert "list: [" in part.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["parts"]


TWO_FILES = ('{\n  agents: { $include: "./parts/agents.json5", defaults: { params: { cacheControlTtl: "1h" } } },\n}\n',
             '{ list: [ { id: "main" } ] }\n')


def test_fixes_checked_together_are_written_together_or_not_at_all(tmp_path, monkeypatch):
    """The included file cannot be written after the main file was: the main file is put back,
    since its fixes were only checked with the included file's."""
    main, part = tmp_path / "openclaw.json5", tmp_path / "parts" / "agents.json5"
    part.parent.mkdir()
    main.write_text(TWO_FILES[0], encoding="utf-8")
    part.write_text(TWO_FILES[1], encoding="utf-8")
    real_replace_file = fixing.replace_file

    def full_disk_for_the_part(path, data):
        if path.endswith("agents.json5"):
            raise OSError(28, "No space left on device")
        return real_replace_file(path, data)

    monkeypatch.setattr(fixing, "replace_file", full_disk_for_the_part)
    run = fix(main)
    assert_no_crash(run)
    assert run.stderr == (
        f"oclc: {tmp_path}/parts/agents.json5: not fixed: cannot write the fixed file: No space left on device\n"
        f"oclc: {main}: not fixed: its fixes were checked together with those of {tmp_path}/parts/agents.json5, "
        "which could not be written\n")
    assert run.exit_code == 1 and "Fixed" not in run.stdout
    assert (main.read_text(encoding="utf-8"), part.read_text(encoding="utf-8")) == TWO_FILES
    assert leftovers(tmp_path) == [] and leftovers(part.parent) == []


def test_fixes_in_two_files_are_counted_when_both_are_written(tmp_path):
    main, part = tmp_path / "openclaw.json5", tmp_path / "parts" / "agents.json5"
    part.parent.mkdir()
    main.write_text(TWO_FILES[0], encoding="utf-8")
    part.write_text(TWO_FILES[1], encoding="utf-8")
    run = fix(main)
    assert_no_crash(run)
    assert run.stderr == ""
    assert "Fixed 2 problems." in run.stdout
    assert 'cacheRetention: "long"' in main.read_text(encoding="utf-8")
    assert part.read_text(encoding="utf-8") == "{ entries: { main: { } } }\n"


# --- a fix never adds an error that makes OpenClaw refuse the config -----------------------------

def test_a_fix_that_would_make_the_config_refused_is_not_made(config, monkeypatch):
    """Whatever a rule's fix does: here one that renames `list` to a key OpenClaw does not know."""
    from oclc.load import migrate as load_migrate
    from oclc.diagnostics import Edit, Fix

    def renames_list_to_roster(loaded, order, pinned=None):
        origin = loaded.origins.get(("agents", "list"))
        return Fix("convert agents.list to agents.entries keyed by id",
                   (Edit(origin.source.name, origin.key.start, origin.key.end, "roster"),))

    monkeypatch.setattr(load_migrate, "_list_to_entries_fix", renames_list_to_roster)
    for extra in ((), ("--exit-zero",)):
        run = fix(config, extra=extra)
        assert_no_crash(run)
        assert run.stderr == (f"oclc: {config}:6: not fixed (OC130, convert agents.list to agents.entries keyed "
                              "by id): OpenClaw would refuse the fixed config (OC210: no agent is configured: "
                              "`agents.entries` is empty, and OpenClaw adds the implicit `main` agent only when "
                              "agents are not owned explicitly; 1 more new error)\n")
        assert run.exit_code == 1
        # Not "Fixed", and not offered again as fixable: another --fix would decline it too.
        assert "Fixed" not in run.stdout and "fixable" not in run.stdout
        assert config.read_text(encoding="utf-8") == BEFORE
    diff = run_cli("lint", "--diff", str(config), env={})
    assert diff.stdout == "Nothing to fix.\n" and diff.exit_code == 0
    assert "OpenClaw would refuse the fixed config" in diff.stderr


@pytest.mark.parametrize("text", [
    '{ agents: { list: [ { id: "a", id: "b", model: "openai/gpt-6-astra" } ] } }\n',
    '{ agents: { list: [ { id: "a" } ], list: [ { id: "b" } ] } }\n',
    '{ agents: { defaults: { params: { cacheControlTtl: "5m", cacheControlTtl: "1h" } } } }\n',
], ids=["id twice", "list twice", "cacheControlTtl twice"])
def test_no_fix_is_offered_for_a_key_written_twice(tmp_path, text):
    """The last of two equal keys wins: renaming or cutting it would bring the dead one back."""
    path = tmp_path / "openclaw.json5"
    path.write_text(text, encoding="utf-8")
    assert "fixable" not in run_cli("lint", str(path), env={}).stdout
    assert run_cli("lint", "--diff", str(path), env={}).stdout == "Nothing to fix.\n"
    run = fix(path)
    assert_no_crash(run)
    assert run.stderr == "" and "Fixed" not in run.stdout
    assert path.read_text(encoding="utf-8") == text


def test_an_object_written_twice_is_fixed_where_it_wins(tmp_path):
    path = tmp_path / "openclaw.json5"
    path.write_text('{ agents: { list: [ { id: "a" } ] }, agents: { list: [ { id: "b", model: "x/y", model: "x/z" } ] } }\n',
                    encoding="utf-8")
    run = fix(path)
    assert_no_crash(run)
    assert "Fixed 1 problem." in run.stdout
    assert path.read_text(encoding="utf-8") == (
        '{ agents: { list: [ { id: "a" } ] }, agents: { entries: { b: { model: "x/y", model: "x/z" } } } }\n')
