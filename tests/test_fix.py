"""--fix / --diff: edits applied as text (comments stay), overlapping edits wait for the next pass,
a fix that breaks the syntax changes nothing, and writing is atomic (a failure mid-write leaves the
original intact and no temporary file behind)."""
from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from oclc import fix as fixing
from oclc.diagnostics import Diagnostic, Edit, Fix
from oclc.fix import FixError, apply_edits, fix_file, plan, unified_diff, write_atomic
from oclc.pipeline import Options, check

FIXTURES = Path(__file__).parent / "fixtures" / "fix"


def finding(edits, safe=True, file="c.json5") -> Diagnostic:
    return Diagnostic("OC130", "legacy", "warning", "m", file,
                      fix=Fix("fix it", tuple(Edit(file, s, e, t) for s, e, t in edits), safe=safe))


def test_apply_edits_in_any_order():
    assert apply_edits("abcdef", [Edit("f", 4, 5, "E"), Edit("f", 0, 1, "A"), Edit("f", 3, 3, "+")]) == "Abc+dEf"
    with pytest.raises(FixError):
        apply_edits("abc", [Edit("f", 2, 9, "x")])


def test_plan_takes_safe_non_overlapping_fixes_only():
    chosen = plan([
        finding([(0, 3, "x")]),
        finding([(2, 4, "y")]),              # overlaps the first: waits for the next pass
        finding([(5, 6, "z")], safe=False),  # unsafe: never applied
        finding([(3, 3, "w")]),              # meets the first at its end: fine
        finding([(8, 9, "a"), (8, 9, "b")]),  # overlaps itself: skipped
    ])
    assert chosen.fixes == 2
    assert [(e.start, e.end, e.text) for e in chosen.edits["c.json5"]] == [(0, 3, "x"), (3, 3, "w")]


def test_unified_diff_marks_a_missing_final_newline():
    out = unified_diff("c.json5", "{a: 1}", "{b: 1}")
    assert out.splitlines()[:2] == ["--- a/c.json5", "+++ b/c.json5"]
    assert "\\ No newline at end of file" in out


def test_write_atomic_keeps_mode_and_follows_symlinks(tmp_path):
    target = tmp_path / "real.json5"
    target.write_text("{}\n")
    target.chmod(0o640)
    link = tmp_path / "openclaw.json5"
    link.symlink_to(target.name)
    write_atomic(str(link), b"{a: 1}\n", expected=b"{}\n")
    assert link.is_symlink()
    assert target.read_text() == "{a: 1}\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["openclaw.json5", "real.json5"]


def test_write_atomic_refuses_a_file_changed_meanwhile(tmp_path):
    target = tmp_path / "openclaw.json5"
    target.write_text("{b: 2}\n")
    with pytest.raises(FixError, match="changed while"):
        write_atomic(str(target), b"{a: 1}\n", expected=b"{}\n")
    assert target.read_text() == "{b: 2}\n"


@pytest.mark.parametrize("where", ["replace", "write"])
def test_failure_in_the_middle_of_the_write_leaves_the_original(tmp_path, monkeypatch, where):
    target = tmp_path / "openclaw.json5"
    original = b"{ // keep me\n  a: 1,\n}\n"
    target.write_bytes(original)

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    if where == "replace":
        monkeypatch.setattr(fixing.os, "replace", broken)
    else:
        monkeypatch.setattr(fixing.os, "fsync", broken)
    with pytest.raises(FixError, match="No space left on device"):
        write_atomic(str(target), b"{ a: 2 }\n", expected=original)
    assert target.read_bytes() == original
    assert [p.name for p in tmp_path.iterdir()] == ["openclaw.json5"]


def _runner(path: Path, diagnostics_for):
    """A check that reports, for the current text, the diagnostics `diagnostics_for(text)` gives."""
    def run_check(text):
        result = check(str(path), options=Options(env={})) if text is None else \
            check(str(path), text=text.encode(), options=Options(env={}))
        result.diagnostics = diagnostics_for(result.source.text) if result.source else result.diagnostics
        return result
    return run_check


def test_fix_file_passes_until_nothing_is_left(tmp_path):
    path = tmp_path / "openclaw.json5"
    path.write_text("{ // the port\n  port: 1, port: 1 }\n")
    name = str(path)

    def findings(text):
        # one finding per duplicate `port:` member; each fix removes the first remaining one
        index = text.find("port: 1, ")
        return [finding([(index, index + len("port: 1, "), "")], file=name)] * 2 if index >= 0 else []

    outcome = fix_file(name, _runner(path, findings), lambda r: r.diagnostics, write=True)
    assert outcome.error is None and outcome.fixes == 1
    assert path.read_text() == "{ // the port\n  port: 1 }\n"
    assert outcome.result.diagnostics == []


def test_a_fix_that_breaks_the_syntax_changes_nothing(tmp_path):
    path = tmp_path / "openclaw.json5"
    text = "{ a: 1 }\n"
    path.write_text(text)
    name = str(path)
    outcome = fix_file(name, _runner(path, lambda t: [finding([(2, 3, "a b c")], file=name)] if "a: 1" in t else []),
                       lambda r: r.diagnostics, write=True)
    assert outcome.error and "would not parse" in outcome.error
    assert outcome.texts == {} and outcome.fixes == 0
    assert path.read_text() == text


def test_dry_run_writes_nothing(tmp_path):
    path = tmp_path / "openclaw.json5"
    path.write_text("{ a: 1 }\n")
    name = str(path)
    outcome = fix_file(name, _runner(path, lambda t: [finding([(2, 3, "b")], file=name)] if "a:" in t else []),
                       lambda r: r.diagnostics, write=False)
    assert outcome.fixes == 1
    assert path.read_text() == "{ a: 1 }\n"
    assert "-{ a: 1 }\n+{ b: 1 }\n" in outcome.diff()


def _golden_cases():
    return sorted(p for p in FIXTURES.glob("*.json5") if not p.name.endswith(".fixed.json5"))


@pytest.mark.parametrize("before", _golden_cases(), ids=lambda p: p.stem)
def test_golden_before_after(tmp_path, before):
    """tests/fixtures/fix/<name>.json5 fixed with the real rules gives <name>.fixed.json5 exactly
    (comments, order and layout kept)."""
    after = before.with_name(before.stem + ".fixed.json5")
    work = tmp_path / "openclaw.json5"
    work.write_bytes(before.read_bytes())
    name = str(work)

    def run_check(text):
        options = Options(env={})
        if text is None:
            return check(name, options=options)
        return check(name, text=text.encode(), options=options)

    outcome = fix_file(name, run_check, lambda r: r.diagnostics, write=True)
    assert outcome.error is None
    assert outcome.fixes >= 1
    if os.environ.get("OCLC_UPDATE_FIXTURES"):
        after.write_bytes(work.read_bytes())
    assert work.read_text() == after.read_text()
    remaining = check(name, options=Options(env={})).diagnostics
    assert not any(d.fix is not None and d.fix.safe for d in remaining)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give a file away")
def test_write_atomic_keeps_the_owner(tmp_path):
    target = tmp_path / "openclaw.json5"
    target.write_text("{}\n")
    os.chown(target, 4321, 4321)
    write_atomic(str(target), b"{a: 1}\n", expected=b"{}\n")
    info = target.stat()
    assert (info.st_uid, info.st_gid) == (4321, 4321)


def refusal(name: str, key: str) -> Diagnostic:
    return Diagnostic("OC201", "unknown-key", "error", f'unknown key "{key}"', name, path=(key,))


def test_a_fix_that_adds_a_refusal_error_is_declined_and_the_others_are_made(tmp_path):
    path = tmp_path / "openclaw.json5"
    path.write_text("{ a: 1, c: 1 }\n")
    name = str(path)

    def findings(text):
        found = [refusal(name, "bad")] if "bad" in text else []
        if "a: 1" in text:
            found.append(finding([(2, 3, "bad")], file=name))       # renames a to a key OpenClaw refuses
        if "c: 1" in text:
            found.append(finding([(text.index("c: 1"), text.index("c: 1") + 1, "d")], file=name))
        return found

    outcome = fix_file(name, _runner(path, findings), lambda r: r.diagnostics, write=True)
    assert outcome.fixes == 1
    assert outcome.not_fixed == [f'{name}: not fixed (OC130, fix it): OpenClaw would refuse the fixed config '
                                 f'(OC201: unknown key "bad")']
    assert path.read_text() == "{ a: 1, d: 1 }\n"
    # The declined fix is no longer offered.
    assert [d.fix for d in outcome.result.diagnostics] == [None]


def test_a_refusal_error_the_original_had_does_not_block_a_fix(tmp_path):
    path = tmp_path / "openclaw.json5"
    path.write_text("{ bad: 1, a: 1 }\n")
    name = str(path)

    def findings(text):
        found = [refusal(name, "bad")]
        if "a: 1" in text:
            found.append(finding([(text.index("a: 1"), text.index("a: 1") + 1, "b")], file=name))
        return found

    outcome = fix_file(name, _runner(path, findings), lambda r: r.diagnostics, write=True)
    assert outcome.not_fixed == [] and outcome.fixes == 1
    assert path.read_text() == "{ bad: 1, b: 1 }\n"


def test_included_files_can_be_checked_with_fixed_text(tmp_path):
    """--fix re-checks an included file's edits before it writes them: the loader reads the
    fixed bytes given for the file's real path instead of the file."""
    main = tmp_path / "openclaw.json5"
    main.write_text('{ gateway: { $include: "./gateway.json5" } }\n')
    (tmp_path / "gateway.json5").write_text("{ port: 1 }\n")
    real = os.path.realpath(tmp_path / "gateway.json5")
    result = check(str(main), options=Options(env={}, replaced_files={real: b"{ port: 2 }\n"}))
    assert result.loaded.value["gateway"] == {"port": 2}
    too_large = check(str(main), options=Options(env={}, replaced_files={real: b" " * (3 << 20) + b"{}"}))
    assert [d.code for d in too_large.diagnostics if d.is_structural]
