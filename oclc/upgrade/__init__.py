"""`oclc upgrade`: carry configs to a newer OpenClaw release by editing their text.

    run(paths, to=None, diff=False, check=False) -> exit code     what the command does
    upgrade_file(path, target) -> Upgrade                          one config, nothing written

Stage package after rules/fix: it reads configs (source, json5, load), checks them (pipeline) and
writes them the way `lint --fix` does (fix.write_atomic). Inside:

    textedit.py     edits of JSON5/JSON text by path, keeping comments, quoting, indentation,
                    trailing commas and line endings; plain JSON stays plain JSON
    tree.py         the config as OpenClaw's doctor sees it (includes resolved), with the
                    operations migrations call; each edit made in the file that holds the path, and
                    checked to mean exactly what the operation means
    migrations/     doctor's 82 migrations, the forms OpenClaw converts on load, and what the
                    release data says is retired

Never worse: the upgraded config must parse and must have no refusal error (OC1xx/OC2xx) for the
target that the config did not have before; otherwise nothing is written and the reason is
printed. A migration whose edit cannot be made safely is left out, and named.

Exit codes: 0 the configs are upgraded (or needed nothing) and the target accepts them; 1 with
--check when something would change, or when a config is still refused (or would get worse);
2 for a usage error or an unreadable file.
"""
from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


@dataclass
class Upgrade:
    """What upgrading one config does (or would do)."""

    name: str
    source_release: str | None = None
    target: str = ""
    texts: dict[str, tuple[str, str]] = field(default_factory=dict)   # file -> (before, after), changed only
    changes: list = field(default_factory=list)
    decisions: list = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)                 # migrations not applied, and why
    refused: str | None = None          # why nothing may be written (the result would be worse)
    error: str | None = None            # why the config could not be read or parsed
    remaining: list = field(default_factory=list)                     # refusal errors left after upgrading
    before_errors: int = 0
    result: object = None               # the FileResult of the final check (for masking)
    paths: dict[str, str | None] = field(default_factory=dict)
    had_bom: dict[str, bool] = field(default_factory=dict)
    unknown_values: set[str] = field(default_factory=set)            # to mask in --diff (see _unknown_masked)

    @property
    def changed(self) -> bool:
        return bool(self.texts) and self.refused is None and self.error is None


def target_release(to: str | None) -> str:
    from ..releases import bundled_releases

    releases = list(bundled_releases())
    if to is None:
        return releases[-1]
    if to not in releases:
        raise UsageError(f"--to {to!r} is not a bundled OpenClaw release; oclc carries: {', '.join(releases)}")
    return to


def _last_written_by(value) -> str | None:
    """meta.lastTouchedVersion: the release that last wrote the config, as it says (or None)."""
    meta = value.get("meta") if isinstance(value, dict) else None
    version = meta.get("lastTouchedVersion") if isinstance(meta, dict) else None
    return version if isinstance(version, str) else None


def source_release(value, target: str) -> str | None:
    """The bundled release a config was written for: the oldest at or after its
    meta.lastTouchedVersion (None when it names none, or one at or after the target)."""
    from ..releases import parse_version, release_for_written_by

    version = _last_written_by(value)
    written = parse_version(version)
    if written is None or written >= parse_version(target):
        return None
    release = release_for_written_by(version)
    return release if parse_version(release) < parse_version(target) else None


def written_by_newer(value, target: str) -> str | None:
    """The release the config says last wrote it (meta.lastTouchedVersion), when that is newer
    than the target: a downgrade, or a config from a release oclc does not carry yet."""
    from ..releases import parse_version

    version = _last_written_by(value)
    written = parse_version(version)
    return version.strip() if written is not None and written > parse_version(target) else None


def upgrade_file(path: str, target: str, *, env: dict | None = None, migrations=None,
                 keep_unknown: bool = False) -> Upgrade:
    """Upgrade one config in memory; writes nothing. `env` is the gateway's environment when it is
    known (None: not given, as everywhere in oclc: a path OpenClaw derives from HOME is then
    written with `~`). Keys the target does not know once the migrations have run are removed last
    (unknown.py), as `openclaw doctor --fix` removes them; with `keep_unknown` they are left, and
    listed as still refused."""
    from ..json5.parser import ParseError, parse
    from ..pipeline import Options, check
    from ..source import ReadError, read
    from .migrations import all_migrations
    from .textedit import EditError
    from .tree import Tree
    from .repairs import repair_value_types
    from .recheck import Recheck
    from .unknown import remove_unknown_keys

    upgrade = Upgrade(path, target=target)
    try:
        source = read(path, path)
    except ReadError as exc:
        upgrade.error = f"cannot read it: {exc.message}"
        return upgrade
    try:
        parse(source)
    except ParseError as exc:
        upgrade.error = f"it does not parse ({exc.message} at {exc.line}:{exc.column}); fix that first"
        return upgrade
    roots = tuple(p for p in (env or {}).get("OPENCLAW_INCLUDE_ROOTS", "").split(os.pathsep)
                  if p and os.path.isabs(p))
    options = Options(env=env, openclaw_version=target, openclaw_version_from="--to")
    before = check(path, options=options)
    upgrade.before_errors = sum(1 for d in before.diagnostics if d.is_structural)
    try:
        tree = Tree.open(path, source.text, os.path.realpath(path), env=env or {}, include_roots=roots)
    except EditError as exc:
        upgrade.error = f"cannot read it for upgrading: {exc}"
        return upgrade
    upgrade.had_bom[path] = source.had_bom
    upgrade.source_release = source_release(tree.value, target)
    for migration in (migrations if migrations is not None else all_migrations(upgrade.source_release, target)):
        saved = tree.savepoint()
        tree.migration, tree.moves_meaning = migration.id, migration.moves_meaning
        try:
            migration.apply(tree)
        except EditError as exc:
            tree.rollback(saved)
            upgrade.left_out.append(f"{migration.id}: {exc}")
    recheck = Recheck(path, env, target, written_by_newer(tree.value, target))
    repair_value_types(tree, recheck)
    if not keep_unknown:
        remove_unknown_keys(tree, recheck)
    _touch_version(tree, target)
    upgrade.changes, upgrade.decisions = tree.changes, tree.decisions
    upgrade.unknown_values = _values_of_unknown_keys(tree, recheck, keep_unknown)
    upgrade.paths = dict(tree.paths)
    originals = {name: _original_text(name, tree, source.text, path) for name in tree.files}
    upgrade.texts = {name: (originals[name], tf.text) for name, tf in tree.files.items()
                     if tf.text != originals[name]}
    for name in upgrade.texts:
        upgrade.had_bom.setdefault(name, _has_bom(tree.paths.get(name)))
    if not upgrade.texts:
        upgrade.result = before
        upgrade.remaining = [d for d in before.diagnostics if d.is_structural]
        return upgrade
    main_text = tree.files[path].text
    replaced = {tree.paths[name]: after.encode("utf-8") for name, (_, after) in upgrade.texts.items()
                if name != path and tree.paths.get(name)}
    after = check(path, text=_encode(main_text, source.had_bom),
                  options=Options(env=env, replaced_files=replaced, openclaw_version=target, openclaw_version_from="--to"))
    upgrade.result = after
    if after.source is None or after.document is None:
        upgrade.refused = "the upgraded text would not parse (oclc's own error; nothing is written)"
        return upgrade
    added = added_refusals(before, after, upgrade.changes)
    if added:
        first = added[0]
        more = f" (and {len(added) - 1} more)" if len(added) > 1 else ""
        upgrade.refused = (f"the upgraded config would have a refusal error it does not have now: {first.code} "
                           f"at {'.'.join(map(str, first.resolved_path)) or '<root>'}: {first.message}{more}")
        # Nothing is written: what is left is what the file on disk has, at its own lines.
        upgrade.result = before
        upgrade.remaining = [d for d in before.diagnostics if d.is_structural]
        return upgrade
    upgrade.remaining = [d for d in after.diagnostics if d.is_structural]
    return upgrade


def _moved(path: tuple, changes) -> tuple:
    """Where the value at `path` before the upgrade is after it (following moves and renames)."""
    for change in changes:
        pairs = list(change.renamed) or ([(change.path, change.to)] if change.to is not None else [])
        for old, new in pairs:
            if path[:len(old)] == old:
                path = new + path[len(old):]
                break
    return path


def added_refusals(before, after, changes) -> list:
    """The refusal errors (OC1xx/OC2xx) of `after` that `before` did not have. A `before` error
    counts at the place its value moved to, and covers what lies inside it: a subtree OpenClaw
    refused as a whole may show its inner errors once it is where it belongs."""
    from collections import Counter

    known = Counter()
    covered: list[tuple] = []
    for diagnostic in before.diagnostics:
        if diagnostic.is_structural:
            place = _moved(tuple(diagnostic.resolved_path), changes)
            known[(diagnostic.code, place)] += 1
            covered.append(place)
    added = []
    for diagnostic in after.diagnostics:
        if not diagnostic.is_structural:
            continue
        place = tuple(diagnostic.resolved_path)
        if known[(diagnostic.code, place)]:
            known[(diagnostic.code, place)] -= 1
        elif not any(place[:len(c)] == c and len(place) > len(c) for c in covered):
            added.append(diagnostic)
    return added


def _values_of_unknown_keys(tree, recheck, kept: bool) -> set[str]:
    """The values (as text, four characters or more: shorter ones mask nothing worth hiding and
    would blot the diff) that unknown keys held: removed by the unknown-keys step, left to a
    person by it, or, with --keep-unknown, still there."""
    from .tree import scalars
    from .unknown import MIGRATION_ID, is_unknown_key

    found: list = []
    for change in tree.changes:
        if change.migration == MIGRATION_ID and change.action == "removed":
            found += change.values
    places = [d.path for d in tree.decisions if d.migration == MIGRATION_ID]
    if kept:
        places += [tuple(d.resolved_path) for d in recheck.refusals(tree) if is_unknown_key(d)]
    for place in places:
        found += scalars(tree.get(place))
    return {text for text in (str(value) for value in found) if len(text) >= 4}


def _touch_version(tree, target: str) -> None:
    """OpenClaw records the release that last wrote a config in meta.lastTouchedVersion, and oclc
    picks the release to check a config against from it: once upgraded, it names the target."""
    from ..releases import parse_version

    version = tree.get(("meta", "lastTouchedVersion"))
    written = parse_version(version)
    # Never back: a config a newer release wrote still says so after a downgrade.
    if isinstance(version, str) and version.strip() != target and tree.changes \
            and (written is None or written < parse_version(target)):
        tree.migration, tree.moves_meaning = "meta.lastTouchedVersion", True
        tree.set(("meta", "lastTouchedVersion"), target, f"the config is written for {target} now (OpenClaw "
                 "records the release that last wrote a config here)")


def _original_text(name: str, tree, main_text: str, main_name: str) -> str:
    if name == main_name:
        return main_text
    from ..source import read

    try:
        return read(tree.paths[name], name).text
    except Exception:  # noqa: BLE001 - a file that vanished reads as empty; its write is refused later
        return ""


def _has_bom(path: str | None) -> bool:
    if not path:
        return False
    try:
        with open(path, "rb") as handle:
            return handle.read(3) == b"\xef\xbb\xbf"
    except OSError:
        return False


def _encode(text: str, had_bom: bool) -> bytes:
    return (("\ufeff" + text) if had_bom else text).encode("utf-8")


def write(upgrade: Upgrade) -> str | None:
    """Write the upgraded files atomically (mode and owner kept); all or none. Why not, or None."""
    from ..fix import FixError, write_atomic

    done: list[str] = []
    for name, (before, after) in upgrade.texts.items():
        bom = upgrade.had_bom.get(name, False)
        try:
            write_atomic(upgrade.paths.get(name) or name, _encode(after, bom), expected=_encode(before, bom))
        except FixError as exc:
            for written in done:
                old, new = upgrade.texts[written]
                wbom = upgrade.had_bom.get(written, False)
                try:
                    write_atomic(upgrade.paths.get(written) or written, _encode(old, wbom), expected=_encode(new, wbom))
                except FixError:
                    pass
            return f"{name}: {exc}"
        done.append(name)
    return None


def diff_text(upgrade: Upgrade) -> str:
    """A unified diff of every change, secrets masked as oclc masks quoted source lines."""
    from ..fix import _masked, unified_diff
    from ..redact import redactor_for
    from ..render.snippet import mask_text

    out = [unified_diff(name, _masked(_unknown_masked(before, upgrade), name, mask_text),
                        _masked(_unknown_masked(after, upgrade), name, mask_text))
           for name, (before, after) in upgrade.texts.items()]
    return redactor_for(upgrade.result).keep_positions("".join(out)) if upgrade.result is not None else "".join(out)


def _unknown_masked(text: str, upgrade: Upgrade) -> str:
    """`text` with every occurrence masked of a value an unknown key held (removed, left to a
    person, or kept with --keep-unknown): such a key is one oclc does not know (`botTokn`), so its
    value cannot be judged by its name, and it may show on a removed line or a context line,
    wherever a migration moved it first. (A known key's value is judged by its name.)"""
    from ..redact import replace_spans

    spans = []
    for value in upgrade.unknown_values:
        for form in {value, json.dumps(value)[1:-1]}:
            start = text.find(form)
            while start >= 0:
                spans.append((start, start + len(form)))
                start = text.find(form, start + len(form))
    return replace_spans(text, spans, keep_positions=True)


def report_lines(upgrade: Upgrade, *, mode: str) -> list[str]:
    """What happened to one config, one line each (secrets masked)."""
    from ..redact import redactor_for

    name = upgrade.name
    if upgrade.error:
        return [f"{name}: not upgraded: {upgrade.error}"]
    lines: list[str] = []
    verb = {"write": "upgraded", "check": "would be upgraded", "diff": "would be upgraded"}[mode]
    if upgrade.refused:
        lines.append(f"{name}: not upgraded for OpenClaw {upgrade.target}: {upgrade.refused}")
    elif upgrade.texts:
        lines.append(f"{name}: {verb} for OpenClaw {upgrade.target} ({len(upgrade.changes)} change"
                     f"{'s' if len(upgrade.changes) != 1 else ''})")
    else:
        lines.append(f"{name}: nothing to upgrade for OpenClaw {upgrade.target}")
    for change in upgrade.changes:
        where = f" [{', '.join(change.files)}]" if any(f != name for f in change.files) else ""
        lines.append(f"  {change.describe()}{where}")
        for comment in change.dropped_comments:
            lines.append(f"    comment removed with it: {_one_line(comment)}")
    for left in upgrade.left_out:
        lines.append(f"  left out: {left}")
    for decision in upgrade.decisions:
        lines.append(f"  to decide: {decision.describe()}")
    if upgrade.remaining:
        unwritten = mode != "write" and upgrade.changed
        lines.append(f"  still refused by OpenClaw {upgrade.target}: {len(upgrade.remaining)} error"
                     f"{'s' if len(upgrade.remaining) != 1 else ''}"
                     + (" (at their lines in the upgraded text, which is not written):" if unwritten
                        else f" (run `oclc lint {name}` for each):"))
        for diagnostic in upgrade.remaining[:20]:
            span = diagnostic.span
            where = f"{diagnostic.file or name}:{span.line}:{span.column}" if span else (diagnostic.file or name)
            lines.append(f"    {where}: {diagnostic.code}: {diagnostic.message}")
        if len(upgrade.remaining) > 20:
            lines.append(f"    ... and {len(upgrade.remaining) - 20} more")
    if upgrade.result is not None:
        redactor = redactor_for(upgrade.result)
        lines = [redactor.text(line) for line in lines]
    return lines


def _one_line(comment: str) -> str:
    text = " ".join(comment.split())
    return text if len(text) <= 100 else text[:97] + "..."


def run(paths, to: str | None = None, diff: bool = False, check: bool = False, keep_unknown: bool = False,
        out: Callable[[str], None] | None = None, err: Callable[[str], None] | None = None) -> int:
    """`oclc upgrade FILE... [--to VERSION] [--diff] [--check] [--keep-unknown]`; returns the exit
    code."""
    from ..render import escape_unsafe

    out = out or (lambda text: sys.stdout.write(text))
    err = err or (lambda text: sys.stderr.write(text))
    if diff and check:
        err("oclc: --diff and --check cannot be used together\n")
        return EXIT_USAGE
    if not paths:
        err("oclc: upgrade needs at least one config FILE\n")
        return EXIT_USAGE
    try:
        target = target_release(to)
    except UsageError as exc:
        err(f"oclc: {exc}\n")
        return EXIT_USAGE
    mode = "diff" if diff else "check" if check else "write"
    status = EXIT_OK
    for path in paths:
        if os.path.isdir(path):
            err(f"oclc: {path} is a directory; give the config files to upgrade\n")
            status = max(status, EXIT_USAGE)
            continue
        upgrade = upgrade_file(path, target, keep_unknown=keep_unknown)
        if upgrade.error and upgrade.error.startswith("cannot read"):
            status = max(status, EXIT_USAGE)
        elif upgrade.error or upgrade.refused or (upgrade.remaining and mode != "check"):
            # --check asks one thing (would the file change?); a config that needs nothing but
            # still has errors is `oclc lint`'s to report.
            status = max(status, EXIT_FINDINGS)
        if mode == "write" and upgrade.changed:
            problem = write(upgrade)
            if problem:
                upgrade.refused = f"cannot write: {problem}"
                status = max(status, EXIT_FINDINGS)
        elif mode == "check" and upgrade.changed:
            status = max(status, EXIT_FINDINGS)
        report = "".join(escape_unsafe(line, one_line=True) + "\n" for line in report_lines(upgrade, mode=mode))
        if mode == "diff":
            if upgrade.changed:
                out(diff_text(upgrade))
            err(report)
        else:
            out(report)
    return status
