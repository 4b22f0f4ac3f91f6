"""Code actions, as edits of the checked texts (offsets into each file's text, like a Fix's edits).

    actions_at(checked, file, start, end) -> list[Action]

For each finding in the range: its fix (every fix `oclc lint --fix` applies is preferred; a fix it
does not apply by itself, such as a did-you-mean rename, is offered for the user to judge), and
"suppress on this line" (`// oclc: ignore[CODE]`) where a directive can silence it; on a finding
`oclc upgrade` may remove, the whole upgrade (`upgrade_actions`). "Fix all" (source.fixAll) runs `lint --fix` itself
(checking.fix_everything), so it needs the checker and lives with the session.
"""
from __future__ import annotations

import os

import re
from dataclasses import dataclass, field

from ..diagnostics import Diagnostic, Edit

QUICKFIX = "quickfix"
FIX_ALL = "source.fixAll.oclc"
# Findings a line directive cannot silence: directives' own problems (OC901 only yields to
# `ignore-file[OC901]`), and the errors OpenClaw refuses a config for.
_NOT_SUPPRESSIBLE = {"OC901", "OC902"}
_LINE_DIRECTIVE = re.compile(r"^(?P<head>(?://|/\*)\s*oclc\s*:\s*ignore\s*\[)(?P<codes>[^\]]*)\]", re.IGNORECASE)


@dataclass
class Action:
    title: str
    kind: str
    edits: dict[str, list[Edit]]            # file name -> edits of the checked text
    diagnostics: list[Diagnostic] = field(default_factory=list)
    preferred: bool = False


def _overlaps(diagnostic: Diagnostic, start: int, end: int) -> bool:
    span = diagnostic.span
    if span is None:
        return False
    return span.start <= end and start <= span.end


def findings_at(checked, name: str, start: int, end: int) -> list[tuple[Diagnostic, Diagnostic]]:
    """(finding, finding as shown) pairs of file `name` whose span meets start..end."""
    return [(raw, shown) for raw, shown in zip(checked.diagnostics, checked.shown())
            if (raw.file or checked.root) == name and _overlaps(raw, start, end)]


def actions_at(checked, name: str, start: int, end: int) -> list[Action]:
    found: list[Action] = []
    for raw, shown in findings_at(checked, name, start, end):
        fix = fix_action(raw, shown)
        if fix is not None:
            found.append(fix)
        suppress = suppress_action(checked, raw, shown)
        if suppress is not None:
            found.append(suppress)
    found.extend(upgrade_actions(checked, name, start, end))
    return found


def fix_action(raw: Diagnostic, shown: Diagnostic) -> Action | None:
    fix = raw.fix
    if fix is None or not fix.edits:
        return None
    # The title is shown text (secrets hidden); the edits are the real ones, applied to the file
    # they come from.
    title = f"{shown.fix.description} ({raw.code})"
    if not fix.safe:
        title += " - not applied by `oclc lint --fix`: check it"
    edits: dict[str, list[Edit]] = {}
    for edit in fix.edits:
        edits.setdefault(edit.file, []).append(edit)
    return Action(title, QUICKFIX, edits, [shown], preferred=fix.safe)


def suppress_action(checked, raw: Diagnostic, shown: Diagnostic) -> Action | None:
    """`// oclc: ignore[CODE]` for the finding's line: added to a directive already there, else
    at the end of the line, else (the line ends in a comment, which would swallow it) on a line
    of its own above, which covers the next line with code."""
    if raw.span is None or raw.is_structural or raw.code in _NOT_SUPPRESSIBLE:
        return None
    document = checked.document_named(raw.file)
    if document is None:
        return None
    source = document.source
    text = source.text
    line = raw.span.line
    starts = source.line_starts
    line_start = starts[line - 1]
    line_end = line_start + len(source.line_text(line))
    code = raw.code
    title = f"Suppress {code} on this line (// oclc: ignore[{code}])"
    on_line = [c for c in document.comments if c.span.start < line_end and c.span.end > line_start]
    above_start = starts[line - 2] if line >= 2 else None
    for comment in on_line + [c for c in document.comments if above_start is not None and c.span.line == line - 1]:
        match = _LINE_DIRECTIVE.match(comment.text)
        if match is None:
            continue
        if comment.span.line == line:
            # A directive after code on this line covers this line: add the code to it.
            if not text[line_start:comment.span.start].strip():
                continue
        elif text[above_start:comment.span.start].strip() or text[comment.span.end:line_start].strip():
            continue        # not alone on the line above, so it covers that line
        codes = match.group("codes")
        if code in {c.strip().upper() for c in codes.split(",")}:
            return None
        at = comment.span.start + match.end("codes") - (len(codes) - len(codes.rstrip()))
        insert = (", " if codes.strip() else "") + code
        return Action(title, QUICKFIX, {source.name: [Edit(source.name, at, at, insert)]}, [shown])
    trailing = any(c.span.end >= line_end or c.span.end_line > line for c in on_line)
    if not trailing and not _ends_inside_string(text, line_start, line_end):
        return Action(title, QUICKFIX, {source.name: [Edit(source.name, line_end, line_end,
                                                           f" // oclc: ignore[{code}]")]}, [shown])
    line_text = source.line_text(line)
    indent = line_text[:len(line_text) - len(line_text.lstrip())]
    newline = _newline(text, line_end)
    first_code = line_start + len(indent)
    if any(c.span.start <= first_code < c.span.end for c in document.comments):
        return None       # the line starts inside a comment: no place to put a directive above it
    insert = f"// oclc: ignore[{code}]{newline}{indent}"
    return Action(title, QUICKFIX, {source.name: [Edit(source.name, first_code, first_code, insert)]}, [shown])


def _ends_inside_string(text: str, line_start: int, line_end: int) -> bool:
    """A JSON5 string may go on past a line break escaped with a backslash."""
    return text[line_start:line_end].rstrip(" \t").endswith("\\")


def _newline(text: str, line_end: int) -> str:
    if text.startswith("\r\n", line_end):
        return "\r\n"
    if text.startswith("\r", line_end):
        return "\r"
    return "\n"


# Findings `oclc upgrade` may remove: a key the target refuses (retired or unknown), a retired value.
_UPGRADABLE = frozenset({"OC130", "OC131", "OC132", "OC201", "OC202", "OC204", "OC214", "OC227", "OC242"})


def upgrade_actions(checked, name: str, start: int, end: int) -> list[Action]:
    """`oclc upgrade` as one action, offered on a finding it may remove: every migration it makes
    to carry the config to the newest bundled release, as edits of each file it changes. Upgrade
    reads the files from disk, so it is offered only while the editor's texts are the saved ones;
    its answer is kept with the check (one upgrade per checked version, not per request)."""
    if not any(raw.code in _UPGRADABLE for raw, _ in findings_at(checked, name, start, end)):
        return []
    if not hasattr(checked, "upgrade_action"):
        checked.upgrade_action = _upgrade_action(checked)
    return [checked.upgrade_action] if checked.upgrade_action is not None else []


def _upgrade_action(checked) -> Action | None:
    from ..upgrade import target_release, upgrade_file

    for real, text in checked.texts.items():
        try:
            with open(real, encoding="utf-8-sig", newline="") as handle:
                if handle.read() != text:
                    return None          # unsaved changes: upgrade would not see them
        except (OSError, UnicodeDecodeError):
            return None
    target = target_release(None)
    # In the editor a key the release does not know is often one being typed: the action migrates,
    # and leaves unknown keys to their own quick fixes ("did you mean") instead of removing them.
    upgrade = upgrade_file(checked.root, target, keep_unknown=True)
    if not upgrade.changed:
        return None
    shown_name = {real: document.source.name for real, document in checked.documents.items()}
    edits: dict[str, list[Edit]] = {}
    for file, (before, after) in upgrade.texts.items():
        real = os.path.realpath(upgrade.paths.get(file) or file)
        shown = shown_name.get(real, checked.root if real == os.path.realpath(checked.root) else None)
        if shown is None:
            return None
        edits[shown] = [minimal_edit(shown, before, after)]
    count = len(upgrade.changes)
    return Action(f"Upgrade to OpenClaw {target}: {count} change{'s' if count != 1 else ''} (oclc upgrade)",
                  "refactor.rewrite", edits)


def minimal_edit(name: str, before: str, after: str) -> Edit:
    """One edit that turns `before` into `after`, as small as a common head and tail allow (so an
    editor keeps the cursor and folds outside it)."""
    head = 0
    limit = min(len(before), len(after))
    while head < limit and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < limit - head and before[len(before) - 1 - tail] == after[len(after) - 1 - tail]:
        tail += 1
    return Edit(name, head, len(before) - tail, after[head:len(after) - tail])
