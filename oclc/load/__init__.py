"""Load stage: what OpenClaw 2026.9.6 does between parsing and validation, in its order:
$include -> env block -> ${VAR} substitution -> load-time migrations.

    load(document: Document, options: LoadOptions) -> Loaded

Every value of the result keeps its Origin (file, key span, value span, path as written), so a
finding about an included value points into the included file, a finding about a substituted
value points at the string that held the ${VAR}, and one about a migrated value points at what
the user wrote (`agents.entries.work.model` at `agents.list[1].model`).

The loaded value shares every subtree that no step changed with the Documents it came from
(steps copy only the containers they change), so treat it as read-only.
"""
from __future__ import annotations

import sys

from .model import Loaded, LoadOptions, Origins

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..diagnostics import Path
    from ..json5.parser import Document

# Deeply nested configs recurse once or twice per level in the steps below (and jsonschema several
# times per level); the parser already refuses absurd nesting, so a generous limit is safe and
# avoids a RecursionError traceback.
_RECURSION_LIMIT = 20_000


class recursion_headroom:
    """`with recursion_headroom():` Python's recursion limit raised to _RECURSION_LIMIT for a walk
    over a config that may nest as deep as the parser allows; restored after."""

    def __enter__(self) -> None:
        self.previous_limit = sys.getrecursionlimit()
        if self.previous_limit < _RECURSION_LIMIT:
            sys.setrecursionlimit(_RECURSION_LIMIT)

    def __exit__(self, *exc_info) -> None:
        if self.previous_limit < _RECURSION_LIMIT:
            sys.setrecursionlimit(self.previous_limit)


def load(document: Document, options: LoadOptions) -> Loaded:
    """Run OpenClaw's load steps on a parsed main config. Include errors end the run
    (`fatal`); everything else is reported as diagnostics beside the loaded value."""
    from . import env as load_env
    from . import migrate as load_migrate

    loaded = Loaded(main=document, value=document.value, env=dict(options.env), release=options.release,
                    env_known=options.env_known)
    loaded.documents[document.source.path or document.source.name] = document
    with recursion_headroom():
        if _resolve_includes(loaded, options):
            loaded.env = load_env.apply_env_block(loaded, options.env)
            load_env.substitute_env(loaded)
            moves = load_migrate.migrate(loaded, options)
            if moves:
                _follow_moves(loaded, moves)
            load_env.report_unresolved(loaded)
        else:
            loaded.fatal = True
    if isinstance(loaded.origins, Origins):
        loaded.origins.value = loaded.value
    return loaded


def _resolve_includes(loaded: Loaded, options: LoadOptions) -> bool:
    from . import reading

    if not reading.needs_walk(loaded.main.source.text):
        if isinstance(loaded.origins, Origins):
            loaded.origins.mount((), loaded.main, ())
        return True
    from . import includes

    return includes.resolve_includes(loaded, options)


def _follow_moves(loaded: Loaded, moves: list[tuple[Path, Path]]) -> None:
    """After migrations moved subtrees (old -> new), keep the per-path records and the diagnostics
    already made about the old paths pointing at the new ones."""

    # The first move whose old path starts `path` wins, as in a scan of `moves`, found by looking
    # up `path`'s prefixes (scanning every move for every path was quadratic in a list of agents).
    first_move: dict[Path, tuple[int, Path]] = {}
    for index, (old, new) in enumerate(moves):
        first_move.setdefault(tuple(old), (index, tuple(new)))
    lengths = sorted({len(old) for old in first_move})

    def moved(path: Path) -> Path:
        best = None
        for cut in lengths:
            if cut > len(path):
                break
            found = first_move.get(tuple(path[:cut]))
            if found is not None and (best is None or found[0] < best[0]):
                best = (found[0], found[1], cut)
        return path if best is None else best[1] + tuple(path[best[2]:])

    for table in (loaded.substituted, loaded.unresolved):
        if any(moved(path) != path for path in table):
            items = [(moved(path), names) for path, names in table.items()]
            table.clear()
            table.update(items)
    for index, diagnostic in enumerate(loaded.diagnostics):
        current = diagnostic.resolved_path
        target = moved(current)
        if target != current:
            loaded.diagnostics[index] = diagnostic.but(config_path=None if target == diagnostic.path else target)
