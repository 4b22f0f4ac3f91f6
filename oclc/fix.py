"""`--fix` and `--diff`: apply the safe fixes that diagnostics carry, by editing the source text
(so comments, key order and formatting stay as they were).

Edits of one pass must not overlap; an edit that overlaps one already taken waits for the next
pass (the file is re-checked between passes). A fixed text must still parse, or the file is left
untouched. Files are written atomically: a temporary file in the same directory, flushed and
synced, given the original's permissions (and owner, where allowed), then renamed over it.
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
    """The non-overlapping edits of one pass, per file name, and how many fixes they make."""

    edits: dict[str, list[Edit]] = field(default_factory=dict)
    fixes: int = 0


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
        result.fixes += 1
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
    from .parse import ParseError, parse
    from .source import Source

    try:
        parse(Source(name=name, text=text))
    except ParseError as exc:
        raise FixError(f"the fixed text would not parse ({exc}); the file is left unchanged") from None


def encode(text: str, had_bom: bool) -> bytes:
    return ("\ufeff" + text if had_bom else text).encode("utf-8")


def write_atomic(path: str, data: bytes, expected: bytes | None = None) -> None:
    """Replace the file at `path` (a symlink's target, when it is one) with `data`.

    With `expected`, refuse when the file no longer holds those bytes (it changed since it was read)."""
    target = os.path.realpath(path)
    directory = os.path.dirname(target)
    try:
        info = os.stat(target)
        if info.st_nlink > 1:
            # A new file renamed over one name would leave the other names with the old text.
            raise FixError(f"the file has {info.st_nlink} hard links, and replacing it would split them; "
                           "apply the fixes shown by --diff by hand")
        if expected is not None:
            with open(target, "rb") as handle:
                if handle.read() != expected:
                    raise FixError("the file changed while oclc was fixing it; run oclc again")
        handle_fd, temp = tempfile.mkstemp(prefix=f".{os.path.basename(target)}.", suffix=".oclc-tmp",
                                           dir=directory)
    except OSError as exc:
        raise FixError(f"cannot write the fixed file: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle_fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, info.st_mode & 0o7777)
        if hasattr(os, "chown"):
            try:
                os.chown(temp, info.st_uid, info.st_gid)
            except PermissionError:
                pass  # Only root may give a file away; the mode is still kept.
        os.replace(temp, target)
    except BaseException as exc:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise FixError(f"cannot write the fixed file: {exc.strerror or exc}") from None
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

    fixes: int = 0
    texts: dict[str, tuple[str, str]] = field(default_factory=dict)
    error: str | None = None
    result: object = None            # the FileResult of the final check (what remains)

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
    from .parse import ParseError, parse
    from .source import Source

    try:
        document = parse(Source(name=name, text=text))
    except ParseError:
        document = None          # judged by its look
    return mask_text(text, document)


def fix_file(main_name: str, run_check, select, *, write: bool) -> Outcome:
    """Fix one linted file (and files it includes) pass by pass.

    `run_check(text)` checks the main file, with `text` (a str) in place of its content when given;
    `select(result)` gives the diagnostics whose fixes may be applied (the selected ones).
    With `write`, changed files are written back atomically; otherwise only the outcome is returned."""
    outcome = Outcome()
    result = run_check(None)
    sources = _sources(result)
    current: dict[str, str] = {}
    for number in range(MAX_PASSES):
        chosen = plan(select(result))
        if not chosen.fixes:
            break
        changed = False
        try:
            for name, edits in chosen.edits.items():
                source = sources.get(name)
                if source is None:
                    continue
                # Offsets of included files refer to the text on disk: fix those in the first pass only.
                if name != main_name and name in current:
                    continue
                text = apply_edits(current.get(name, source.text), edits)
                check_parses(name, text)
                current[name] = text
                changed = True
        except FixError as exc:
            outcome.error = str(exc)
            current.clear()
            break
        if not changed:
            break
        outcome.fixes += chosen.fixes
        result = run_check(current.get(main_name))
        if getattr(result, "source", None) is None:
            outcome.error = "the fixed file could not be checked again; it is left unchanged"
            current.clear()
            break
    for name, text in current.items():
        before = sources[name].text
        if text != before:
            outcome.texts[name] = (before, text)
    if not outcome.texts:
        outcome.fixes = 0
    if write and outcome.texts:
        for name, (before, after) in list(outcome.texts.items()):
            source = sources[name]
            path = source.path
            if path is None:
                continue
            try:
                write_atomic(path, encode(after, source.had_bom), expected=encode(before, source.had_bom))
            except FixError as exc:
                outcome.error = f"{name}: {exc}"
                outcome.texts.pop(name, None)
                break
        result = run_check(None)
    outcome.result = result
    return outcome


def _sources(result) -> dict:
    found = {}
    if getattr(result, "source", None) is not None:
        found[result.source.name] = result.source
    loaded = getattr(result, "loaded", None)
    if loaded is not None:
        for document in loaded.documents.values():
            found.setdefault(document.source.name, document.source)
    return found
