"""`--fix` and `--diff`: apply the safe fixes that diagnostics carry, by editing the source text
(so comments, key order and formatting stay as they were).

Edits of one pass must not overlap; an edit that overlaps one already taken waits for the next
pass (the config, included files too, is re-checked between passes). A fix is made only when the
fixed text parses and the re-checked config has no refusal error (OC1xx/OC2xx) the original did
not have; otherwise that fix is declined and the user told why. Fixes in a file that must not be
rewritten (read-only by its or its directory's mode bits, hard-linked, or included by standard
input) are not made either, and only fixes really written are counted. Files are written
atomically: a temporary file in the same directory, flushed and synced, given the original's
permissions (and owner, where allowed), then renamed over it; files fixed together are written
together or not at all.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from dataclasses import dataclass, field
from typing import Iterable

from .diagnostics import Diagnostic, Edit

MAX_PASSES = 10


class FixError(Exception):
    """A file could not be fixed; it is left as it was."""


@dataclass
class Plan:
    """The non-overlapping edits of one pass, per file name, and the diagnostics whose fixes they make."""

    edits: dict[str, list[Edit]] = field(default_factory=dict)
    taken: list[Diagnostic] = field(default_factory=list)

    @property
    def fixes(self) -> int:
        return len(self.taken)


def plan(diagnostics: Iterable[Diagnostic]) -> Plan:
    result = Plan()
    taken: dict[str, list[tuple[int, int]]] = {}
    for diagnostic in diagnostics:
        fix = diagnostic.fix
        if fix is None or not fix.safe or not fix.edits:
            continue
        ranges = [(e.file, e.start, e.end) for e in fix.edits]
        if any(_overlaps(taken.get(name, ()), start, end) for name, start, end in ranges):
            continue
        if _self_overlapping(fix.edits):
            continue
        for edit in fix.edits:
            taken.setdefault(edit.file, []).append((edit.start, edit.end))
            result.edits.setdefault(edit.file, []).append(edit)
        result.taken.append(diagnostic)
    return result


def _overlaps(ranges, start: int, end: int) -> bool:
    for other_start, other_end in ranges:
        # Two insertions at the same point, or a range touching another's inside, conflict;
        # edits that only meet at an end do not.
        if start < other_end and other_start < end:
            return True
        if start == end == other_start == other_end:
            return True
    return False


def _self_overlapping(edits: Iterable[Edit]) -> bool:
    by_file: dict[str, list[tuple[int, int]]] = {}
    for edit in edits:
        if _overlaps(by_file.get(edit.file, ()), edit.start, edit.end):
            return True
        by_file.setdefault(edit.file, []).append((edit.start, edit.end))
    return False


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """`text` with the (non-overlapping) edits applied."""
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    pieces = []
    cursor = 0
    for edit in ordered:
        if edit.start < cursor or edit.end > len(text) or edit.start > edit.end:
            raise FixError(f"an edit ({edit.start}-{edit.end}) does not fit the text")
        pieces.append(text[cursor:edit.start])
        pieces.append(edit.text)
        cursor = edit.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def check_parses(name: str, text: str) -> None:
    from .json5.parser import ParseError, parse
    from .source import Source

    try:
        parse(Source(name=name, text=text))
    except ParseError as exc:
        raise FixError(f"the fixed text would not parse ({exc})") from None


def encode(text: str, had_bom: bool) -> bytes:
    return ("\ufeff" + text if had_bom else text).encode("utf-8")


def read_only(path: str, *, with_directory: bool = True) -> str | None:
    """What makes `path` (a symlink's target) read-only by its mode bits, e.g. "the file is
    read-only (mode 0444)", or None; `with_directory` when replacing it needs its directory too.
    Mode bits, not access(2): root may write anywhere, but a file or directory made read-only
    said not to. A missing file is not read-only."""
    target = os.path.realpath(path)
    places = [("the file", target)] + ([("its directory", os.path.dirname(target))] if with_directory else [])
    for what, where in places:
        try:
            mode = os.stat(where).st_mode
        except FileNotFoundError:
            continue
        if not mode & 0o222:
            return f"{what} is read-only (mode {mode & 0o7777:04o})"
    return None


def unwritable_reason(path: str) -> str | None:
    """Why --fix does not rewrite the file at `path` (a symlink's target), or None. Raises OSError."""
    info = os.stat(os.path.realpath(path))
    why = read_only(path)
    if why:
        return f"{why}; oclc does not rewrite the file (make it writable, or apply the fixes shown by --diff by hand)"
    if info.st_nlink > 1:
        # A new file renamed over one name would leave the other names with the old text.
        return (f"the file has {info.st_nlink} hard links, and replacing it would split them; "
                "apply the fixes shown by --diff by hand")
    return None


def write_atomic(path: str, data: bytes, expected: bytes | None = None) -> None:
    """Replace the file at `path` (a symlink's target, when it is one) with `data`.

    Refuses a file --fix must not rewrite (see `unwritable_reason`); with `expected`, refuses
    when the file no longer holds those bytes (it changed since it was read)."""
    target = os.path.realpath(path)
    try:
        reason = unwritable_reason(target)
        if reason:
            raise FixError(reason)
        if expected is not None:
            with open(target, "rb") as handle:
                if handle.read() != expected:
                    raise FixError("the file changed while oclc was fixing it; run oclc again")
        replace_file(target, data)
    except OSError as exc:
        raise FixError(f"cannot write the fixed file: {exc.strerror or exc}") from None


def replace_file(path: str, data: bytes) -> None:
    """Give the regular file at `path` (a symlink's target, when it is one; created when missing)
    the content `data`, atomically: a temporary file in the same directory, written, flushed and
    synced, given the original's mode and owner (where allowed; a new file gets 0666 less the
    umask), renamed over it. Raises OSError; after a failure at any step the original is as it
    was and no temporary file is left."""
    target = os.path.realpath(path)
    directory = os.path.dirname(target)
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    # The temporary name must fit where the file's own name barely did (255 bytes on most systems;
    # 40 characters are at most 160 bytes of UTF-8).
    handle_fd, temp = tempfile.mkstemp(prefix=f".{os.path.basename(target)[:40]}.", suffix=".oclc-tmp",
                                       dir=directory)
    try:
        with os.fdopen(handle_fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if info is not None:
            os.chmod(temp, info.st_mode & 0o7777)
            if hasattr(os, "chown"):
                try:
                    os.chown(temp, info.st_uid, info.st_gid)
                except PermissionError:
                    pass  # Only root may give a file away; the mode is still kept.
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, target)
    except BaseException:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        raise
    _sync_directory(directory)


def _sync_directory(directory: str) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def unified_diff(name: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True),
        fromfile=f"a/{name}", tofile=f"b/{name}",
    )
    out = []
    for line in lines:
        out.append(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n")
    return "".join(out)


@dataclass
class Outcome:
    """What fixing one linted file did: `texts` maps each changed file's name to (before, after)."""

    fixes: int = 0                   # fixes made: written (with `write`), else available
    texts: dict[str, tuple[str, str]] = field(default_factory=dict)
    not_fixed: list[str] = field(default_factory=list)   # "FILE[:LINE]: not fixed (...): why", one a fix
    result: object = None            # the FileResult of the final check (what remains)

    @property
    def error(self) -> str | None:
        return "; ".join(self.not_fixed) or None

    def diff(self) -> str:
        """A unified diff of every change, secrets masked as in quoted source lines: by position in
        each text, then this config's known secrets and secret shapes wherever they are."""
        from .redact import redactor_for
        from .render.snippet import mask_text

        out = []
        for name, (before, after) in self.texts.items():
            out.append(unified_diff(name, _masked(before, name, mask_text), _masked(after, name, mask_text)))
        return redactor_for(self.result).keep_positions("".join(out))


def _masked(text: str, name: str, mask_text) -> str:
    from .json5.parser import ParseError, parse
    from .source import Source

    try:
        document = parse(Source(name=name, text=text))
    except ParseError:
        document = None          # judged by its look
    return mask_text(text, document)


def fix_file(main_name: str, run_check, select, *, write: bool, from_stdin: bool = False) -> Outcome:
    """Fix one linted file (and files it includes) pass by pass.

    `run_check(text)` checks the main file, with `text` (a str) in place of its content when given;
    when an included file changed it is called as `run_check(text, included)`, `included` mapping
    those files' real paths to their fixed bytes. `select(result)` gives the diagnostics whose fixes
    may be applied (the selected ones). With `write`, changed files are written back atomically;
    otherwise only the outcome is returned. With `from_stdin`, the main file came from standard
    input (its fixed text is printed, not written), and fixes in the files it includes are not made.

    A fix is only made when the re-checked config has no refusal error (OC1xx/OC2xx) that the
    original did not have, and when every file it edits can be written: a fix must never make a
    config worse, and the summary must count only what was really done. What is not made is told
    in `not_fixed`."""
    outcome = Outcome()
    result = run_check(None)
    sources, real_paths = _sources(result)
    held = _held_back(sources, main_name, write=write, from_stdin=from_stdin)
    original = result
    current: dict[str, str] = {}
    applied: list[frozenset[str]] = []          # per fix made, the files it edits
    declined: dict[tuple, str] = {}             # fix -> why it is not made
    unsafe: set[tuple] = set()                  # declined fixes that would break the config

    def check_texts(texts: dict[str, str]):
        included = {real_paths[name]: encode(text, sources[name].had_bom)
                    for name, text in texts.items() if name != main_name}
        return run_check(texts.get(main_name), included) if included else run_check(texts.get(main_name))

    def attempt(edits: dict[str, list[Edit]]):
        """(fixed texts, their check, None), or (None, None, why the edits cannot be made)."""
        try:
            texts = dict(current)
            for name, file_edits in edits.items():
                texts[name] = apply_edits(texts.get(name, sources[name].text), file_edits)
                check_parses(name, texts[name])
        except FixError as exc:
            return None, None, str(exc)
        checked = check_texts(texts)
        if getattr(checked, "source", None) is None:
            return None, None, "the fixed config could not be checked again"
        added = _added_refusals(original, checked)
        if added:
            more = f"; {len(added) - 1} more new error{'s' if len(added) > 2 else ''}" if len(added) > 1 else ""
            return None, None, f"OpenClaw would refuse the fixed config ({added[0].code}: {added[0].message}{more})"
        return texts, checked, None

    passes = 0
    while passes < MAX_PASSES:
        candidates = []
        for diagnostic in select(result):
            fix = diagnostic.fix
            if fix is None or not fix.safe or not fix.edits or _fix_key(diagnostic) in declined:
                continue
            files = {edit.file for edit in fix.edits}
            if not files <= sources.keys():
                continue
            blocked = sorted(files & held.keys())
            if blocked:
                declined[_fix_key(diagnostic)] = _not_fixed(diagnostic, held[blocked[0]], main_name)
                continue
            candidates.append(diagnostic)
        chosen = plan(candidates)
        if not chosen.taken:
            break
        texts, checked, why = attempt(chosen.edits)
        if texts is None:
            culprits = _culprits(chosen.taken, why, attempt, main_name)
            declined.update(culprits)
            unsafe.update(culprits)
            continue
        passes += 1
        current, result = texts, checked
        applied.extend(frozenset(edit.file for edit in d.fix.edits) for d in chosen.taken)
    outcome.not_fixed.extend(declined.values())
    for name, text in current.items():
        before = sources[name].text
        if text != before:
            outcome.texts[name] = (before, text)
    failed: set[str] = set()
    if write and outcome.texts:
        failed = _write_all(outcome, sources)
        result = run_check(None)
    if outcome.texts:
        outcome.fixes = sum(1 for files in applied if not files & failed)
    if unsafe and getattr(result, "diagnostics", None):
        # Another --fix would decline them again: they are not offered as fixable.
        result.diagnostics = [d.but(fix=None) if d.fix is not None and _fix_key(d) in unsafe else d
                              for d in result.diagnostics]
    outcome.result = result
    return outcome


def _culprits(taken: list[Diagnostic], why: str, attempt, main_name: str) -> dict[tuple, str]:
    """The fixes of a failed pass to decline, with why: those that fail on their own; when each
    is fine alone, they fail together, and all of them are declined."""
    if len(taken) == 1:
        return {_fix_key(taken[0]): _not_fixed(taken[0], why, main_name)}
    culprits = {}
    for diagnostic in taken:
        fixed, _, alone = attempt(plan([diagnostic]).edits)
        if fixed is None:
            culprits[_fix_key(diagnostic)] = _not_fixed(diagnostic, alone, main_name)
    return culprits or {_fix_key(d): _not_fixed(d, f"together with the other fixes of its pass, {why}", main_name)
                        for d in taken}


def _write_all(outcome: Outcome, sources: dict) -> set[str]:
    """Write every changed file; the names of those left unwritten. The fixes were checked
    together, so when one file cannot be written the ones already written are put back."""
    written: list[str] = []
    for name, (before, after) in outcome.texts.items():
        source = sources[name]
        try:
            write_atomic(source.path, encode(after, source.had_bom), expected=encode(before, source.had_bom))
        except FixError as exc:
            outcome.not_fixed.append(f"{name}: not fixed: {exc}")
            still_fixed = set()
            for done in written:
                done_source = sources[done]
                done_before, done_after = outcome.texts[done]
                try:
                    write_atomic(done_source.path, encode(done_before, done_source.had_bom),
                                 expected=encode(done_after, done_source.had_bom))
                except FixError as undo:
                    still_fixed.add(done)
                    outcome.not_fixed.append(f"{done}: fixed, but its fixes were checked together with those of "
                                             f"{name}, and it could not be put back ({undo})")
            unwritten = set(outcome.texts) - still_fixed
            for leftover in sorted(unwritten - {name}):
                outcome.not_fixed.append(f"{leftover}: not fixed: its fixes were checked together with "
                                         f"those of {name}, which could not be written")
            for leftover in unwritten:
                outcome.texts.pop(leftover)
            return unwritten
        written.append(name)
    return set()


def _held_back(sources: dict, main_name: str, *, write: bool, from_stdin: bool) -> dict[str, str]:
    """File name -> why fixes in it are not made (a file that cannot or must not be rewritten)."""
    held: dict[str, str] = {}
    for name, source in sources.items():
        if from_stdin:
            if name != main_name:
                held[name] = ("the file is included by standard input, and `--fix -` changes no file "
                              "(it prints the fixed standard input)")
        elif write:
            if source.path is None:
                held[name] = "the file has no path to write to"
                continue
            try:
                reason = unwritable_reason(source.path)
            except OSError as exc:
                reason = f"cannot write the fixed file: {exc.strerror or exc}"
            if reason:
                held[name] = reason
    return held


def _fix_key(diagnostic: Diagnostic) -> tuple:
    """One fix across passes: not by its offsets, which move as other fixes are made."""
    fix = diagnostic.fix
    return (diagnostic.code, diagnostic.file, diagnostic.resolved_path, diagnostic.message, fix.description,
            tuple(edit.text for edit in fix.edits))


def _not_fixed(diagnostic: Diagnostic, why: str, main_name: str) -> str:
    where = diagnostic.file or main_name
    if diagnostic.span is not None:
        where += f":{diagnostic.span.line}"
    return f"{where}: not fixed ({diagnostic.code}, {diagnostic.fix.description}): {why}"


def _added_refusals(before, after) -> list[Diagnostic]:
    """The refusal errors (OC1xx/OC2xx) of `after` that `before` did not have, by code and config path."""
    from collections import Counter

    known = Counter((d.code, d.resolved_path) for d in before.diagnostics if d.is_structural)
    added = []
    for diagnostic in after.diagnostics:
        if diagnostic.is_structural:
            key = (diagnostic.code, diagnostic.resolved_path)
            if known[key]:
                known[key] -= 1
            else:
                added.append(diagnostic)
    return added


def _sources(result) -> tuple[dict, dict]:
    """The files a check read: name -> Source, and name -> real path (how the loader knows them)."""
    found, real_paths = {}, {}
    if getattr(result, "source", None) is not None:
        found[result.source.name] = result.source
    loaded = getattr(result, "loaded", None)
    if loaded is not None:
        for real, document in loaded.documents.items():
            if document.source.name not in found:
                found[document.source.name] = document.source
                real_paths[document.source.name] = real
    return found, real_paths
