"""What the load stage produces: the loaded config (`Loaded`) and where each of its values
was written (`Origins`). Plain data; the steps that fill it are in this package's other modules."""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping

from ..records import Record
from ..releases import DEFAULT_RELEASE

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ..diagnostics import Diagnostic, Path
    from ..json5.parser import Document
    from ..source import Source, Span


class Origin(Record, frozen=True):
    __slots__ = ("source", "path", "key", "value")

    def __init__(self, source: Source, path: Path, key: Span | None, value: Span | None):
        self.source = source
        self.path = path  # the path in that file, as written
        self.key = key  # the member's key (None for the root and array items)
        self.value = value  # the value


_ABSENT = object()


def origin_in(document: Document, written: Path) -> Origin | None:
    value = document.values.get(written)
    if value is None:
        return None
    return Origin(document.source, written, document.keys.get(written), value)


class Origins(MutableMapping):
    """The origin of every path of the loaded value, worked out when asked.

    A subtree that comes unchanged from one document is *mounted*: result prefix -> (document,
    prefix as written), answered from that document's own span maps. A config without includes or
    migrations is one mount at the root, so nothing is copied however large the file is. Single
    paths can also be set explicitly (merged containers, moved or materialised values); a mount
    of None hides a subtree that no longer exists (e.g. `agents.list` after its conversion).
    """

    def __init__(self) -> None:
        self._explicit: dict[Path, Origin] = {}
        self._mounts: dict[Path, tuple[Document, Path] | None] = {}
        self._lengths: list[int] = []          # the lengths of the mount prefixes, longest first
        self._whole: Document | None = None    # set while the only mount is a document's root at ()
        self.value: Any = None                 # the loaded value: what iteration walks

    def mount(self, path: Path, document: Document | None, written: Path = ()) -> None:
        """Answer `path` and everything under it from `document` at `written` (None: hide it)."""
        path = tuple(path)
        self._mounts[path] = None if document is None else (document, tuple(written))
        only = self._mounts.get(()) if len(self._mounts) == 1 else None
        self._whole = only[0] if only is not None and only[1] == () else None
        if len(path) not in self._lengths:
            self._lengths.append(len(path))
            self._lengths.sort(reverse=True)

    def _mounted(self, path: Path) -> tuple[Document, Path] | None:
        mounts = self._mounts
        size = len(path)
        for length in self._lengths:
            if length > size:
                continue
            prefix = path if length == size else path[:length]
            found = mounts.get(prefix, _ABSENT)
            if found is _ABSENT:
                continue
            if found is None:
                return None
            document, written = found
            return document, (written + path[length:] if length < size else written)
        return None

    def get(self, path, default=None):
        if path.__class__ is not tuple:
            path = tuple(path)
        if self._explicit:
            found = self._explicit.get(path)
            if found is not None:
                return found
        if self._whole is not None:      # one document at the root, as written: the common case
            document = self._whole
            written = path
        else:
            mounted = self._mounted(path)
            if mounted is None:
                return default
            document, written = mounted
        value = document.values.get(written)
        if value is None:
            return default
        return Origin(document.source, written, document.keys.get(written), value)

    def __getitem__(self, path) -> Origin:
        found = self.get(path)
        if found is None:
            raise KeyError(path)
        return found

    def __contains__(self, path) -> bool:
        if path.__class__ is not tuple:
            path = tuple(path)
        if path in self._explicit:
            return True
        mounted = (self._whole, path) if self._whole is not None else self._mounted(path)
        return mounted is not None and mounted[1] in mounted[0].values

    def __setitem__(self, path, origin: Origin) -> None:
        self._explicit[tuple(path)] = origin

    def __delitem__(self, path) -> None:
        path = tuple(path)
        if self.get(path) is None:
            raise KeyError(path)
        self._explicit.pop(path, None)
        self.mount(path, None)

    def relocate(self, old: Path, new: Path) -> None:
        """The subtree at `old` now lives at `new` (a migration moved it): move its origins."""
        self.relocate_all([(old, new)])

    def relocate_all(self, moves: list[tuple[Path, Path]]) -> None:
        """`relocate` for several subtrees (no old path inside another, no new one inside an old
        one), in one pass over the tables (a pass per subtree made converting a list of N agents
        quadratic)."""
        targets = {tuple(old): tuple(new) for old, new in moves}
        lengths = sorted({len(old) for old in targets})
        for table in (self._mounts, self._explicit):
            found = []
            for path in table:
                for cut in lengths:
                    if cut <= len(path) and path[:cut] in targets:
                        found.append((path, cut))
                        break
            for path, cut in found:
                moved = table.pop(path)
                new = targets[path[:cut]] + path[cut:]
                if table is self._mounts:
                    self.mount(new, None if moved is None else moved[0], () if moved is None else moved[1])
                else:
                    table[new] = moved
        for old, new in targets.items():
            if new not in self._mounts:
                mounted = self._mounted(old)
                if mounted is not None:
                    self.mount(new, *mounted)
            self.mount(old, None)

    def __iter__(self) -> Iterator[Path]:
        """Every path of the loaded value that has an origin (walks the value: O(size))."""
        stack: list[tuple[Path, Any]] = [((), self.value)]
        while stack:
            path, value = stack.pop()
            if path in self:
                yield path
            if isinstance(value, dict):
                stack.extend((path + (key,), child) for key, child in reversed(value.items()))
            elif isinstance(value, list):
                stack.extend((path + (index,), child) for index, child in reversed(list(enumerate(value))))

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __repr__(self) -> str:
        return f"Origins(mounts={len(self._mounts)}, explicit={len(self._explicit)})"


class LoadOptions(Record):
    __slots__ = ("env", "env_known", "include_roots", "max_include_bytes", "replaced_files", "release")

    def __init__(self, env: dict[str, str] | None = None, env_known: bool = True,
                 include_roots: tuple[str, ...] = (), max_include_bytes: int = 2 * 1024 * 1024,
                 replaced_files: dict[str, bytes] | None = None, release: str = DEFAULT_RELEASE):
        self.env = {} if env is None else env  # the given env + --env-file, already merged
        # Whether `env` is the gateway's whole environment (False: a variable missing from it may
        # still be set where the gateway runs, so it is not reported as unset).
        self.env_known = env_known
        self.include_roots = include_roots  # OPENCLAW_INCLUDE_ROOTS, absolute dirs
        self.max_include_bytes = max_include_bytes
        self.replaced_files = {} if replaced_files is None else replaced_files  # real path -> bytes read instead
        self.release = release  # the OpenClaw release the config is read as


class Loaded(Record):
    __slots__ = ("main", "value", "origins", "documents", "diagnostics", "fatal", "env", "release", "env_known",
                 "substituted", "migrated_legacy_default", "unresolved", "inserted")

    def __init__(self, main: Document, value: Any, origins: MutableMapping[Path, Origin] | None = None,
                 documents: dict[str, Document] | None = None, diagnostics: list[Diagnostic] | None = None,
                 fatal: bool = False, env: dict[str, str] | None = None, release: str = DEFAULT_RELEASE,
                 env_known: bool = True, substituted: dict[Path, tuple[str, ...]] | None = None,
                 migrated_legacy_default: str | None = None, unresolved: dict[Path, tuple[str, ...]] | None = None,
                 inserted: list[Path] | None = None):
        self.main = main
        self.value = value  # the migrated document, as OpenClaw validates it
        self.origins = Origins() if origins is None else origins  # a plain dict works too
        self.documents = {} if documents is None else documents  # every file read, by real path
        self.diagnostics = [] if diagnostics is None else diagnostics
        self.fatal = fatal  # an include error: OpenClaw stops here
        self.env = {} if env is None else env  # env after the config's env block
        self.release = release  # the OpenClaw release it was loaded as (its target)
        self.env_known = env_known  # LoadOptions.env_known
        # path -> every ${NAME} written in that string (resolved or not), in order of appearance
        self.substituted = {} if substituted is None else substituted
        self.migrated_legacy_default = migrated_legacy_default  # the agent a legacy default=true marker named
        # path -> the ${NAME}s left as written because the variable is unset or empty
        self.unresolved = {} if unresolved is None else unresolved
        # paths the migrations created (materialised owners, baked model rows, the implicit main agent)
        self.inserted = [] if inserted is None else inserted

    def origin(self, path: Path) -> Origin | None:
        """The origin of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while True:
            found = self.origins.get(path)
            if found is not None or not path:
                return found
            path = path[:-1]

    def locate(self, path: Path, *, key: bool = False) -> tuple[str | None, Span | None, Path]:
        """(file name, span, path as written) for a diagnostic about `path`.
        key=True points at the member's key where there is one (unknown-key findings)."""
        exact = self.origins.get(tuple(path))
        origin = exact or self.origin(path)
        if origin is None:
            return self.main.source.name, None, tuple(path)
        span = (origin.key or origin.value) if (key and exact is not None) else (origin.value or origin.key)
        return origin.source.name, span, origin.path

    def written_twice(self, path: Path) -> bool:
        """Whether the member at `path` is written more than once in its object. The last one wins,
        so a fix that renames or removes it by its span would bring an earlier, dead one back."""
        origin = self.origins.get(tuple(path))
        if origin is None:
            return False
        return any(duplicate.path == origin.path for document in self.documents.values()
                   if document.source is origin.source for duplicate in document.duplicates)

    def emit(self, rule, message: str, path: Path, *, key: bool = False, **extra):
        """A diagnostic of `rule` about the loaded config's `path`, placed where it was written."""
        file, span, written = self.locate(path, key=key)
        return rule.diagnostic(message, file=file, span=span, path=written, config_path=tuple(path), **extra)
