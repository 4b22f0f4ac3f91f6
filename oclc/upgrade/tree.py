"""The config being upgraded: its files' texts, the value they make together (includes resolved,
as OpenClaw's doctor sees it), and the operations migrations call on that value.

Every operation names a path of the loaded config and is made in the file where that path is
written (an `$include`d file when it lives there), by a text edit (textedit.py). After each one the
files are parsed and the includes resolved again, and the new value must be exactly what the
operation means on the old value (checked on plain values): an edit that would mean anything
else is not made (EditError), whatever the text looked like.

Operations (each with the reason the user is shown):
    delete(path)            the member or item goes; nothing replaces it
    set(path, value)        write a value (missing objects above it are created)
    move(src, dst)          the value's own text, comments inside and above it included, goes to
                            dst (which must not exist); objects above dst are created
    rename(path, key)       a move within the same object that keeps the member's place
    merge_missing(src, dst) dst keeps its values; what only src has moves in (recursively, as
                            OpenClaw's mergeMissing), then src goes
    append(path, value)     an item at the end of an array
"""
from __future__ import annotations

import copy
import math
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from .textedit import EditError, Raw, TextFile, _dotted

MISSING = object()


@dataclass
class Change:
    migration: str
    action: str                 # removed, moved, renamed, set, added, merged
    path: tuple
    reason: str
    to: tuple | None = None
    files: tuple[str, ...] = ()
    dropped_comments: tuple[str, ...] = ()
    moves_meaning: bool = True  # False for forms OpenClaw converts on load anyway
    renamed: tuple[tuple[tuple, tuple], ...] = ()   # (old, new) prefixes a conversion moved
    written: tuple[tuple[str, tuple], ...] = ()     # (file, path in it) of what a removal took out
    values: tuple = ()                              # the scalars a removal took out

    def describe(self) -> str:
        where = f"`{_dotted(self.path)}`"
        if self.to is not None:
            where += f" to `{_dotted(self.to)}`"
        return f"{self.action} {where}: {self.reason}"


@dataclass
class Decision:
    """Something the upgrade cannot settle alone: what a person must decide, and where."""

    migration: str
    path: tuple
    message: str
    advisory: bool = False      # advice about a section (reinstall plugins), not about its values

    def describe(self) -> str:
        return f"`{_dotted(self.path)}`: {self.message}"


@dataclass
class Tree:
    main: str                                   # the main file's name
    files: dict[str, TextFile]                  # name -> current text
    paths: dict[str, str | None]                # name -> real path on disk
    env: dict[str, str] = field(default_factory=dict)
    include_roots: tuple[str, ...] = ()
    changes: list[Change] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    migration: str = ""                         # the migration running now (for the records)
    moves_meaning: bool = True
    value: Any = None
    origins: Any = None
    target: str = ""                            # the release being upgraded to

    @classmethod
    def open(cls, name: str, text: str, path: str | None, *, env=None, include_roots=()) -> Tree:
        tree = cls(name, {name: TextFile(name, text, path)}, {name: path}, dict(env or {}), tuple(include_roots))
        tree._reload()
        return tree

    # --- loading ----------------------------------------------------------------------------------

    def _reload(self) -> None:
        from ..load.includes import resolve_includes
        from ..load.model import Loaded, LoadOptions

        main = self.files[self.main]
        loaded = Loaded(main=main.document, value=main.document.value)
        loaded.documents[self.paths[self.main] or self.main] = main.document
        replaced = {self.paths[name]: tf.text.encode("utf-8") for name, tf in self.files.items()
                    if name != self.main and self.paths.get(name)}
        if not resolve_includes(loaded, LoadOptions(env=self.env, include_roots=self.include_roots,
                                                    replaced_files=replaced)):
            problem = loaded.diagnostics[-1].message if loaded.diagnostics else "an include failed"
            raise EditError(f"the includes no longer resolve ({problem})")
        for real, document in loaded.documents.items():
            name = document.source.name
            if name not in self.files:
                self.files[name] = TextFile(name, document.source.text, real)
                self.paths[name] = real
        self.value = loaded.value
        self.origins = loaded.origins

    def texts(self) -> dict[str, str]:
        return {name: tf.text for name, tf in self.files.items()}

    # --- reading ----------------------------------------------------------------------------------

    def get(self, path, default=None) -> Any:
        node = self.value
        for segment in path:
            if isinstance(node, dict) and isinstance(segment, str) and segment in node or isinstance(node, list) and isinstance(segment, int) and 0 <= segment < len(node):
                node = node[segment]
            else:
                return default
        return node

    def has(self, path) -> bool:
        return self.get(path, MISSING) is not MISSING

    def record(self, path) -> dict | None:
        """The object at `path`, or None (OpenClaw's getRecord)."""
        value = self.get(path)
        return value if isinstance(value, dict) else None

    def decide(self, path, message: str, *, advisory: bool = False) -> None:
        """A person's decision at `path`; what lies there (and under it) is theirs to change,
        unless the decision is only `advisory` (something to do, not a value to judge)."""
        self.decisions.append(Decision(self.migration, tuple(path), message, advisory))

    # --- where a path is written --------------------------------------------------------------------

    def _locate(self, path) -> tuple[TextFile, tuple]:
        origin = self.origins.get(tuple(path))
        if origin is None:
            raise EditError(f"{_dotted(path)} has no single place in the files (it comes from a merge)")
        textfile = self.files.get(origin.source.name)
        if textfile is None:
            raise EditError(f"{_dotted(path)} is written in {origin.source.name}, which oclc did not read")
        return textfile, tuple(origin.path)

    def _locate_container(self, path) -> tuple[TextFile, tuple]:
        """Where to add a member to the object (or item to the array) at `path`: beside its
        existing members when they are all written in one object, else where it is written."""
        path = tuple(path)
        container = self.get(path)
        children = list(container) if isinstance(container, dict) else range(len(container or ()))
        places = set()
        for key in children:
            origin = self.origins.get(path + (key,))
            if origin is not None:
                places.add((origin.source.name, tuple(origin.path[:-1])))
        if len(places) == 1:
            name, written = places.pop()
            textfile = self.files.get(name)
            if textfile is not None:
                try:
                    value = textfile.value_at(written)
                except (KeyError, IndexError, TypeError):
                    value = None
                if isinstance(value, type(container)):
                    return textfile, written
        return self._locate(path)

    # --- savepoints -------------------------------------------------------------------------------

    def savepoint(self) -> tuple:
        """What `rollback` needs to put the files, the value and the record back as they are now."""
        return dict(self.files), self.value, self.origins, len(self.changes), len(self.decisions)

    def rollback(self, savepoint: tuple) -> None:
        self.files, self.value, self.origins = dict(savepoint[0]), savepoint[1], savepoint[2]
        del self.changes[savepoint[3]:]
        del self.decisions[savepoint[4]:]

    # --- operations -------------------------------------------------------------------------------

    @contextmanager
    def _transaction(self, expected: Any):
        """Edits made inside must leave the value `expected`; otherwise (or on an EditError)
        every file is put back as it was."""
        saved = dict(self.files), self.value, self.origins
        try:
            yield
            if not same_value(self.value, expected):
                raise EditError("the edited text does not mean what the migration means "
                                "(oclc's text edit went wrong; the change is left out)")
        except EditError:
            self.files = saved[0]
            self.value, self.origins = saved[1], saved[2]
            raise

    def _write(self, textfile: TextFile, text: str) -> None:
        self.files[textfile.name] = TextFile(textfile.name, text, self.paths.get(textfile.name))
        self._reload()

    def _record(self, action: str, path, reason: str, to=None, files=(), dropped=(), written=(), values=()) -> None:
        self.changes.append(Change(self.migration, action, tuple(path), reason,
                                   tuple(to) if to is not None else None, tuple(files), tuple(dropped),
                                   self.moves_meaning, written=tuple(written), values=tuple(values)))

    def delete(self, path, reason: str) -> None:
        path = tuple(path)
        if not self.has(path):
            return
        expected = copy.deepcopy(self.value)
        _remove(expected, path)
        written: list[tuple[str, tuple]] = []
        removed = scalars(self.get(path))
        with self._transaction(expected):
            files, dropped = self._delete_text(path, written=written)
        self._record("removed", path, reason, files=files, dropped=dropped, written=written, values=removed)

    def _delete_text(self, path, *, with_leading=False, written=None) -> tuple[list[str], list[str]]:
        files: list[str] = []
        dropped: list[str] = []
        # A member merged from several files (an include and the keys beside it) is written in
        # each: it is removed from each, the last written first.
        for _ in range(8):
            textfile, place = self._locate(path)
            text, lost = textfile.delete(place, with_leading=with_leading)
            if written is not None:
                written.append((textfile.name, place))
            self._write(textfile, text)
            files.append(textfile.name)
            dropped.extend(lost)
            if not self.has(path) or isinstance(path[-1], int):
                return files, dropped
        raise EditError(f"{_dotted(path)} is written in too many places")

    def set(self, path, value: Any, reason: str, *, action: str | None = None) -> None:
        path = tuple(path)
        current = self.get(path, MISSING)
        if current is not MISSING and same_value(current, value) and type(current) is type(value):
            return
        expected = copy.deepcopy(self.value)
        _put(expected, path, copy.deepcopy(value))
        dropped: list[str] = []
        with self._transaction(expected):
            if current is not MISSING:
                textfile, written = self._locate(path)
                text, dropped = textfile.replace(written, value)
                self._write(textfile, text)
            else:
                textfile, text = self._insert_text(path, value)
                self._write(textfile, text)
        self._record(action or ("set" if current is not MISSING else "added"), path, reason,
                     files=[textfile.name], dropped=dropped)

    def _insert_text(self, path, value) -> tuple[TextFile, str]:
        """The text that adds `path` = value, creating (or replacing non-objects with) the
        objects above it as OpenClaw's ensureRecord does."""
        for depth in range(len(path) - 1, -1, -1):
            parent = path[:depth]
            node = self.get(parent, MISSING)
            if node is MISSING:
                continue
            nested: Any = value
            for key in reversed(path[depth + 1:]):
                nested = {key: nested}
            if isinstance(node, dict):
                textfile, written = self._locate_container(parent)
                return textfile, textfile.insert(written, path[depth], nested)
            if isinstance(node, list) and isinstance(path[depth], int) and path[depth] == len(node):
                textfile, written = self._locate_container(parent)
                return textfile, textfile.insert(written, None, nested)
            # Not an object: it is replaced by one, as OpenClaw's ensureRecord does.
            textfile, written = self._locate(parent)
            return textfile, textfile.replace(written, {path[depth]: nested})[0]
        raise EditError(f"cannot add {_dotted(path)}")

    def append(self, path, value: Any, reason: str) -> None:
        path = tuple(path)
        items = self.get(path)
        if not isinstance(items, list):
            raise EditError(f"{_dotted(path)} is not an array")
        self.set(path + (len(items),), value, reason, action="added")

    def move(self, src, dst, reason: str, *, action: str = "moved") -> None:
        src, dst = tuple(src), tuple(dst)
        if not self.has(src):
            return
        if self.has(dst):
            raise EditError(f"cannot move {_dotted(src)}: {_dotted(dst)} is already set")
        moved = self.get(src)
        expected = copy.deepcopy(self.value)
        _remove(expected, src)
        _put(expected, dst, copy.deepcopy(moved))
        with self._transaction(expected):
            textfile, written = self._locate(src)
            if src[:-1] == dst[:-1]:
                self._write(textfile, textfile.rename(written, dst[-1]))
                files, dropped, action = [textfile.name], [], "renamed"
            else:
                raw = textfile.extract(written)
                files, dropped = self._delete_text(src, with_leading=True)
                dropped = _not_carried(dropped, raw)
                target, inserted = self._insert_text(dst, raw)
                self._write(target, inserted)
                files = sorted(set(files) | {target.name})
        self._record(action, src, reason, to=dst, files=files, dropped=dropped)

    def to_end(self, path, reason: str) -> None:
        """Move a member to the end of its object (OpenClaw reads some objects in order)."""
        path = tuple(path)
        if not self.has(path):
            return
        expected = copy.deepcopy(self.value)
        with self._transaction(expected):
            textfile, written = self._locate(path)
            raw = textfile.extract(written)
            files, dropped = self._delete_text(path, with_leading=True)
            dropped = _not_carried(dropped, raw)
            target, inserted = self._insert_text(path, raw)
            self._write(target, inserted)
            if list(self.get(path[:-1]))[-1] != path[-1]:
                raise EditError(f"{_dotted(path)} did not move to the end of its object")
        self._record("reordered", path, reason, files=sorted(set(files) | {target.name}), dropped=dropped)

    def list_to_entries(self, path, key: str, item_keys: list[str], reason: str, drop: str = "id") -> None:
        """An array of objects becomes an object keyed by `item_keys`, in place: each item keeps its
        text (comments too) but loses its `drop` member."""
        path = tuple(path)
        items = self.get(path)
        if not isinstance(items, list) or len(items) != len(item_keys) or len(set(item_keys)) != len(item_keys):
            raise EditError(f"{_dotted(path)} cannot become keyed entries")
        expected = copy.deepcopy(self.value)
        parent = expected
        for segment in path[:-1]:
            parent = parent[segment]
        del parent[path[-1]]
        parent[key] = {name: {k: v for k, v in copy.deepcopy(item).items() if k != drop}
                       for name, item in zip(item_keys, items)}
        dropped: list[str] = []
        with self._transaction(expected):
            for index, item in enumerate(items):
                if drop in item:
                    dropped.extend(self._delete_text(path + (index, drop))[1])
            textfile, written = self._locate(path)
            self._write(textfile, textfile.list_to_object(written, key, item_keys))
        self._record("converted", path, reason, to=path[:-1] + (key,), files=[textfile.name], dropped=dropped)
        self.changes[-1].renamed = tuple((path + (index,), path[:-1] + (key, name))
                                         for index, name in enumerate(item_keys))

    def rename(self, path, key: str, reason: str) -> None:
        path = tuple(path)
        self.move(path, path[:-1] + (key,), reason)

    def merge_missing(self, src, dst, reason: str) -> None:
        """OpenClaw's mergeMissing(dst, src), then src removed: keys only src has move into dst
        (recursively into objects both have); dst's own values win."""
        src, dst = tuple(src), tuple(dst)
        legacy = self.get(src, MISSING)
        if legacy is MISSING:
            return
        target = self.get(dst, MISSING)
        if target is MISSING or not isinstance(target, dict) or not isinstance(legacy, dict):
            if target is MISSING:
                self.move(src, dst, reason)
                return
            self.delete(src, reason)
            return
        self._merge_members(src, dst, reason)
        self.delete(src, reason)

    def _merge_members(self, src, dst, reason: str) -> None:
        for key, value in list(self.get(src).items()):
            existing = self.get(dst + (key,), MISSING)
            if existing is MISSING:
                self.move(src + (key,), dst + (key,), reason)
            elif isinstance(existing, dict) and isinstance(value, dict):
                self._merge_members(src + (key,), dst + (key,), reason)


def _remove(root: Any, path) -> None:
    node = root
    for segment in path[:-1]:
        node = node[segment]
    if isinstance(node, dict):
        del node[path[-1]]
    else:
        node.pop(path[-1])


def _put(root: Any, path, value: Any) -> None:
    node = root
    for segment in path[:-1]:
        if isinstance(node, dict):
            if not isinstance(node.get(segment), dict) and not isinstance(node.get(segment), list):
                node[segment] = {}
            node = node[segment]
        else:
            node = node[segment]
    if isinstance(node, list) and path[-1] == len(node):
        node.append(value)
    else:
        node[path[-1]] = value


def same_value(a: Any, b: Any) -> bool:
    """Equal as values (NaN equals NaN; 1 and 1.0 are one number; true is not 1)."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same_value(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(same_value(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    return type(a) is type(b) and a == b


__all__ = ["MISSING", "Change", "Decision", "EditError", "Raw", "Tree", "same_value"]


def _not_carried(dropped: list[str], carried) -> list[str]:
    """The comments a move really loses: those removed with the old place that the moved text
    (a textedit.Raw) does not bring along (a comment inside the value, or the lines above it, go
    with it)."""
    text = carried.text + "\n" + "\n".join(carried.leading)
    return [comment for comment in dropped if comment not in text]


def leaves(path: tuple, value: Any) -> list[tuple[tuple, Any]]:
    """The non-container values inside `value` (itself when it is one), with their paths."""
    if isinstance(value, dict):
        return [leaf for key, child in value.items() for leaf in leaves(path + (key,), child)]
    if isinstance(value, list):
        return [leaf for index, child in enumerate(value) for leaf in leaves(path + (index,), child)]
    return [(path, value)]


def scalars(value: Any) -> list:
    """The strings and numbers inside a value (itself when it is one)."""
    return [leaf for _, leaf in leaves((), value)
            if isinstance(leaf, (str, int, float)) and not isinstance(leaf, bool)]
