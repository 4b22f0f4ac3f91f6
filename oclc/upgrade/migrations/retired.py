"""What the release data says is retired, as migrations:

- the target release's migrations.json: retired keys (moved where `to` names a place, removed
  otherwise) and retired values (rewritten, or removed with the note);
- keys retired between two releases: a key the release a config was written for accepts and the
  target refuses (`retired_paths(old_schema, new_schema)`), removed with the releases named. This
  is a function of the two releases' schemas only, so every bundled release plugs in as its data
  lands in oclc/releases/.
"""
from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from ..tree import Tree
from .common import DOCTOR_RELEASE, Migration, dotted, own, q, unset, walk


def migrations(source_release: str | None, target_release: str) -> list[Migration]:
    found = [
        Migration("release.retired-values", f"Rewrite values {target_release} retired",
                  lambda tree: retired_values(tree, target_release)),
        Migration("release.retired-keys", f"Move or remove keys {target_release} retired",
                  lambda tree: retired_keys(tree, target_release)),
    ]
    found.append(Migration("release.retired-models", f"Replace models {target_release}'s providers retired",
                           lambda tree: retired_models(tree, target_release)))
    if source_release and source_release != target_release:
        found.append(Migration("release.schema-retired", f"Remove keys {source_release} accepted and "
                               f"{target_release} refuses",
                               lambda tree: schema_retired(tree, source_release, target_release)))
    return found


# --- migrations.json ---------------------------------------------------------------------------

@cache
def _table(release: str) -> tuple[list, list]:
    from ...releases import load_json

    try:
        data = load_json("migrations.json", release)
    except OSError:      # a release whose data has no doctor table: nothing retired by it
        return [], []
    keys = [(tuple(pattern.split(".")), entry) for pattern, entry in data.get("keys", {}).items()]
    values = [(tuple(entry["path"].split(".")), entry) for entry in data.get("values", [])]
    return keys, values


@cache
def _keys_trie(release: str) -> dict:
    """The release's retired-key patterns as a tree of segments; each end holds the (index,
    pattern, entry) of its table rows."""
    root: dict = {}
    for index, (pattern, entry) in enumerate(_table(release)[0]):
        node = root
        for segment in pattern:
            node = node.setdefault(segment, {})
        node.setdefault(_ROWS, []).append((index, pattern, entry))
    return root


_ROWS = object()


def _matching(release: str, path: tuple) -> list[tuple]:
    """The (pattern, entry) rows of the table that match `path`, in table order."""
    nodes = [_keys_trie(release)]
    for segment in path:
        text = str(segment)
        nodes = [child for node in nodes for child in (node.get(text), node.get("*")) if child is not None]
        if not nodes:
            return []
    rows = sorted(row for node in nodes for row in node.get(_ROWS, ()))
    return [(pattern, entry) for _, pattern, entry in rows]


def _matches(pattern: tuple, path: tuple) -> bool:
    return len(pattern) == len(path) and all(p == "*" or p == str(s) for p, s in zip(pattern, path))


def _target(to: str, pattern: tuple, path: tuple) -> tuple | None:
    """`to` with its `*`s filled from the config path; None when it names no single place."""
    if "<" in to:
        return None
    stars = [segment for p, segment in zip(pattern, path) if p == "*"]
    out: list = []
    for part in to.split("."):
        if part == "*":
            if not stars:
                return None
            out.append(stars.pop(0))
        else:
            out.append(part)
    return tuple(out)


def retired_keys(tree: Tree, release: str) -> None:
    from ...releases import load_json
    from ...schema.history import accepts_key

    keys, _ = _table(release)
    schema = load_json("schema.json", release)
    for path in list(_config_paths(tree.value)):
        if not tree.has(path) or any(isinstance(s, int) for s in path[-1:]):
            continue
        matching = _matching(release, path)
        exact = [entry for pattern, entry in matching if "*" not in pattern]
        wild = [(pattern, entry) for pattern, entry in matching if "*" in pattern]
        if exact:
            pattern, entry = tuple(map(str, path)), exact[0]
        elif wild:
            pattern, entry = wild[0]
        else:
            continue
        if accepts_key(schema, path):
            # A pattern such as env.* (a variable written beside env.vars) also matches the keys
            # that belong there (env.vars, env.shellEnv): what the release accepts is not retired.
            continue
        note = entry.get("note")
        to = entry.get("to")
        if to is None:
            tree.delete(path, f"{release} refuses it" + (f": {note}" if note else "; nothing replaces it"))
            continue
        target = _target(to, pattern, path)
        value = tree.get(path)
        if value in ({}, []):
            tree.delete(path, f"{release} refuses it, and it is empty")
            continue
        if target is not None and target[-1] != path[-1] and isinstance(value, (dict, list)):
            target = None   # a block that changed shape on the way: only doctor's own migration knows how
        if target is None:
            tree.decide(path, f"{release} refuses it; it moved to {to}" + (f" ({note})" if note else "")
                        + ": move the value there by hand")
            continue
        reason = f"{release} refuses it; it moved to {dotted(target)}" + (f" ({note})" if note else "")
        blocked = next((target[:i] for i in range(1, len(target)) if own(tree, target[:i])
                        and not isinstance(tree.get(target[:i]), dict)), None)
        if blocked is not None:
            tree.decide(path, f"{reason}, but {dotted(blocked)} is not an object; move the value by hand")
        elif unset(tree, target):
            tree.move(path, target, reason)
        else:
            tree.delete(path, f"{reason}, which is already set (it wins)")


def retired_values(tree: Tree, release: str) -> None:
    _, values = _table(release)
    for path, value in list(walk(tree.value)):
        for pattern, entry in values:
            if not _matches(pattern, path) or value != entry["value"] or not isinstance(value, type(entry["value"])):
                continue
            if "to" in entry:
                tree.set(path, entry["to"], f"{release} retired the value {q(entry['value'])}; {q(entry['to'])} "
                         "replaces it" + (f" ({entry['note']})" if entry.get("note") else ""))
            else:
                tree.delete(path, f"{release} refuses the value {q(entry['value'])}"
                            + (f": {entry['note']}" if entry.get("note") else ""))
            break


def _config_paths(value: Any) -> Iterator[tuple]:
    for path, _ in walk(value):
        if path:
            yield path


# --- models the providers retired -----------------------------------------------------------------

@cache
def _retired_models(release: str) -> dict[tuple[str, str], str | None]:
    from ...releases import load_json

    found: dict[tuple[str, str], str | None] = {}
    try:
        plugins = load_json("plugins.json", release).get("plugins", [])
    except OSError:
        return found
    for plugin in plugins:
        for item in plugin.get("modelSuppressions", ()):
            found.setdefault((item["provider"].strip().lower(), item["model"].strip().lower()), item.get("reason"))
    return found


def retired_models(tree: Tree, release: str) -> None:
    """A model ref to a model its provider shut down: the replacement the release's data names
    takes its place; without one, a person picks the model."""
    import re

    from ...rules.openclaw.gateway import configured_model_refs

    table = _retired_models(release)
    for path, ref, is_key in list(configured_model_refs(tree.value)):
        if not isinstance(ref, str) or not tree.has(path):
            continue
        text = ref.strip()
        slash = text.find("/")
        if slash <= 0 or slash >= len(text) - 1:
            continue
        key = (text[:slash].strip().lower(), text[slash + 1:].strip().lower())
        if key not in table:
            continue
        why = table[key] or "its provider retired it"
        found = re.search(r"\bUse ([\w.:/-]+?)\.?(?:\s|$)", why)
        if not found:
            tree.decide(path, f"{text} was retired ({why}); choose another model")
            continue
        replacement = found.group(1)
        reason = f"{why.split('. Use ')[0].rstrip('.')}; OpenClaw names {replacement} as the replacement"
        if is_key:
            if own(tree, path[:-1] + (replacement,)):
                if tree.get(path) in ({}, tree.get(path[:-1] + (replacement,))):
                    tree.delete(path, f"{reason}, and {replacement} is already listed with these settings")
                else:
                    tree.decide(path, f"{text} was retired and {replacement} is already listed; merge their "
                                "settings and remove this one")
            else:
                tree.rename(path, replacement, reason)
        elif tree.get(path) == ref:
            tree.set(path, replacement, reason)


# --- keys retired between two releases ---------------------------------------------------------

def retired_paths(old_schema: Any, new_schema: Any, config: Any) -> list[tuple]:
    """The paths of `config` the old release's schema names and the new one's has no place for
    (the topmost of each retired subtree, under a parent the new one still has), in config order.
    Each path is looked up in the two schemas (history.accepts_key) rather than every path of the
    schemas listed: a config has hundreds of paths, a schema tens of thousands."""
    from ...schema.history import accepts_key

    found: list[tuple] = []
    for path, _ in walk(config):
        if not path or any(path[:len(p)] == p for p in found):
            continue
        if accepts_key(new_schema, path):
            continue
        if accepts_key(old_schema, path, explicit=True) and (len(path) == 1 or accepts_key(new_schema, path[:-1])):
            found.append(path)
    return found


def schema_retired(tree: Tree, source: str, target: str) -> None:
    from ...releases import load_json

    try:
        old_schema = load_json("schema.json", source)
        new_schema = load_json("schema.json", target)
    except OSError:
        return
    for path in retired_paths(old_schema, new_schema, tree.value):
        if not tree.has(path):
            continue
        value = tree.get(path)
        # Without the target's own doctor (oclc carries 2026.9.6's), a block the target refuses may
        # well have moved (agents.list, a deny list): only a scalar is known to have nothing left.
        if target != DOCTOR_RELEASE and isinstance(value, (dict, list)) and value:
            tree.decide(path, f"{source} accepted it and {target} refuses it; it may have moved, and oclc has "
                        f"only {DOCTOR_RELEASE}'s migrations: upgrade to {DOCTOR_RELEASE}, or move it by hand")
            continue
        tree.delete(path, f"{source} accepted it, {target} refuses it, and nothing replaces it")
