"""`$include`: splice other files into the config, as OpenClaw 2026.9.6 does before anything else.

Rules (spec §1.2): the value is a path string or an array of path strings, relative to the file
that holds it; the target must lie inside the main config's directory or an OPENCLAW_INCLUDE_ROOTS
directory, both as written and after following symlinks; at most 10 nested levels; no file twice
on one include chain (the main file included); only regular, single-link files of at most 2 MiB.
An object holding only `$include` becomes the included value; with sibling keys the included
value must be an object and the siblings are deep-merged over it (objects merge, arrays
concatenate, later scalars win, `__proto__`/`prototype`/`constructor` dropped). Any error stops
the load.

Besides the value, every step returns its *provenance* (which document and written path each part
came from) so that `Loaded.origins` can point into the right file afterwards.
"""
from __future__ import annotations

import os
import stat

from ..diagnostics import describe_type
from ..diagnostics.meta import LIMIT_EXCEEDED
from ..records import Record
from ..source import Source, virtual_root
from . import reading

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ..diagnostics import Path
    from ..json5.parser import Document

MAX_DEPTH = 10
MAX_PATH_LENGTH = 4096
MAX_SYMLINK_HOPS = 40
# OpenClaw has no fan-out limit, but an include tree (each file including the next one ten times,
# ten levels deep) multiplies into billions of reads. No real config comes near these budgets.
MAX_INCLUDE_LOADS = 1000
MAX_INCLUDED_BYTES = 32 * 1024 * 1024
MAX_INCLUDED_VALUES = 250_000
# Keys OpenClaw's deep merge drops. `__proto__` is dropped everywhere, merged or not: OpenClaw
# rebuilds every object it walks by assignment, and assigning `__proto__` sets no key in JavaScript.
MERGE_DROPPED_KEYS = frozenset({"__proto__", "prototype", "constructor"})
PROTO_KEY = "__proto__"


class Mount(Record):
    """The value is `document`'s value at `written`, unchanged. `own` overrides the container's
    own origin (an object replaced by its `$include` keeps pointing at the including object)."""

    __slots__ = ("document", "written", "own")

    def __init__(self, document: Document, written: Path, own: tuple[Document, Path] | None = None):
        self.document = document
        self.written = written
        self.own = own


class Node(Record):
    """A container built here (merged, or holding an include further down): its own origin and one
    provenance per key or item."""

    __slots__ = ("own", "kids")

    def __init__(self, own: tuple[Document, Path] | None, kids: dict | list):
        self.own = own
        self.kids = kids


Provenance = Mount | Node


def _own(prov: Provenance) -> tuple[Document, Path] | None:
    if isinstance(prov, Mount):
        return prov.own or (prov.document, prov.written)
    return prov.own


def _kid(prov: Provenance, key) -> Provenance:
    if isinstance(prov, Mount):
        return Mount(prov.document, prov.written + (key,))
    return prov.kids[key]


def _items(prov: Provenance, count: int) -> list:
    if isinstance(prov, Mount):
        return [Mount(prov.document, prov.written + (index,)) for index in range(count)]
    return list(prov.kids)


def _sanitized(value: dict) -> dict:
    return {key: (_sanitized(child) if isinstance(child, dict) else child)
            for key, child in value.items() if key not in MERGE_DROPPED_KEYS}


def deep_merge(base: Any, base_prov: Provenance, over: Any, over_prov: Provenance) -> tuple[Any, Provenance]:
    """OpenClaw's include merge: objects recursively, arrays concatenated, otherwise `over` wins."""
    if isinstance(base, list) and isinstance(over, list):
        return base + over, Node(_own(over_prov), _items(base_prov, len(base)) + _items(over_prov, len(over)))
    if not (isinstance(base, dict) and isinstance(over, dict)):
        return over, over_prov
    merged = _sanitized(base)
    kids = {key: _kid(base_prov, key) for key in merged}
    for key, value in over.items():
        if key in MERGE_DROPPED_KEYS:
            continue
        current = merged.get(key)
        value_prov = _kid(over_prov, key)
        if isinstance(value, dict):
            if isinstance(current, dict):
                merged[key], kids[key] = deep_merge(current, kids[key], value, value_prov)
            else:
                merged[key], kids[key] = _sanitized(value), value_prov
        elif isinstance(value, list) and isinstance(current, list):
            merged[key] = current + value
            kids[key] = Node(_own(value_prov), _items(kids[key], len(current)) + _items(value_prov, len(value)))
        else:
            merged[key], kids[key] = value, value_prov
    return merged, Node(_own(over_prov), kids)


class IncludeError(Exception):
    def __init__(self, diagnostic):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


class _Root(Record, frozen=True):
    __slots__ = ("lexical", "real")

    def __init__(self, lexical: str, real: str):
        self.lexical = lexical
        self.real = real


class _Context(Record, frozen=True):
    __slots__ = ("file", "depth", "chain", "nesting")

    def __init__(self, file: str, depth: int, chain: tuple[str, ...], nesting: int = 0):
        self.file = file            # the lexical absolute path of the file being processed
        self.depth = depth
        self.chain = chain          # lexical paths from the main file down to this one
        self.nesting = nesting      # how deep this file's root value sits in the loaded config


def _inside(root: str, candidate: str) -> bool:
    return candidate == root or candidate.startswith(root.rstrip(os.sep) + os.sep)


class _Resolver:
    def __init__(self, loaded, options) -> None:
        main = loaded.main
        self.loaded = loaded
        self.max_bytes = options.max_include_bytes
        self.replaced_files = options.replaced_files
        self.main_path = os.path.normpath(main.source.path or os.path.abspath(main.source.name))
        config_dir = os.path.dirname(self.main_path)
        self.config_dir = config_dir
        self.roots = [_Root(config_dir, os.path.realpath(config_dir))]
        self.loads = 0
        self.bytes_read = 0
        self.values_read = 0
        for root in options.include_roots:
            if root and os.path.isabs(root):
                normal = os.path.normpath(root)
                self.roots.append(_Root(normal, os.path.realpath(normal)))

    # --- walking values ------------------------------------------------------------------------

    def process(self, value: Any, document: Document, written: Path, context: _Context) -> tuple[Any, Provenance]:
        if isinstance(value, list):
            return self._process_list(value, document, written, context)
        if not isinstance(value, dict):
            return value, Mount(document, written)
        if "$include" in value:
            return self._process_include(value, document, written, context)
        changed = PROTO_KEY in value
        result: dict = {}
        kids: dict = {}
        for key, child in value.items():
            if key == PROTO_KEY:
                continue
            new_child, prov = self.process(child, document, written + (key,), context)
            if new_child is not child or not isinstance(prov, Mount) or prov.own is not None:
                changed = True
            result[key], kids[key] = new_child, prov
        if not changed:
            return value, Mount(document, written)
        return result, Node((document, written), kids)

    def _process_list(self, value: list, document: Document, written: Path, context: _Context):
        result = []
        kids = []
        changed = False
        for index, item in enumerate(value):
            new_item, prov = self.process(item, document, written + (index,), context)
            if new_item is not item or not isinstance(prov, Mount) or prov.own is not None:
                changed = True
            result.append(new_item)
            kids.append(prov)
        if not changed:
            return value, Mount(document, written)
        return result, Node((document, written), kids)

    def _process_include(self, value: dict, document: Document, written: Path, context: _Context):
        directive = value["$include"]
        where = written + ("$include",)
        included, prov = self._resolve_directive(directive, document, where, context)
        siblings = [key for key in value if key != "$include"]
        if not siblings:
            if isinstance(prov, Mount):
                return included, Mount(prov.document, prov.written, (document, written))
            return included, Node((document, written), prov.kids)
        if not isinstance(included, dict):
            raise self._error(
                reading.INCLUDE_INVALID, document, where,
                f"the keys beside `$include` are merged over the included content, so it must be an "
                f"object, but it is {describe_type(included)}",
                help="include a file that holds an object, or move the other keys into the included file")
        rest: dict = {}
        rest_kids: dict = {}
        for key in siblings:
            rest[key], rest_kids[key] = self.process(value[key], document, written + (key,), context)
        return deep_merge(included, prov, rest, Node((document, written), rest_kids))

    def _resolve_directive(self, directive: Any, document: Document, where: Path, context: _Context):
        if isinstance(directive, str):
            return self._load_file(directive, document, where, context)
        if isinstance(directive, list):
            loaded_files = []
            for index, item in enumerate(directive):
                if not isinstance(item, str):
                    raise self._error(
                        reading.INCLUDE_INVALID, document, where + (index,),
                        f"`$include` array items must be path strings, but item {index} is "
                        f"{describe_type(item)}")
                loaded_files.append(self._load_file(item, document, where + (index,), context))
            merged: Any = {}
            merged_prov: Provenance = Node(None, {})
            for value, prov in loaded_files:
                merged, merged_prov = deep_merge(merged, merged_prov, value, prov)
            return merged, merged_prov
        raise self._error(
            reading.INCLUDE_INVALID, document, where,
            f"`$include` takes a path string or an array of path strings, not {describe_type(directive)}")

    # --- one file --------------------------------------------------------------------------------

    def _load_file(self, written_path: str, document: Document, where: Path, context: _Context):
        lexical = self._lexical_path(written_path, document, where, context)
        real = self._real_path(written_path, lexical, document, where)
        if lexical in context.chain:
            cycle = " -> ".join(self._shown(p) for p in context.chain + (lexical,))
            raise self._error(reading.INCLUDE_CYCLE, document, where,
                              f"`$include` cycle: {cycle}",
                              help="a file may not include itself or a file that includes it")
        if context.depth >= MAX_DEPTH:
            raise self._error(reading.INCLUDE_DEPTH, document, where,
                              f"`$include` of {written_path!r} goes deeper than {MAX_DEPTH} nested levels")
        self.loads += 1
        if self.loads > MAX_INCLUDE_LOADS:
            raise self._over_budget(document, where, written_path, MAX_INCLUDE_LOADS,
                                    "included files per config (counting every repeat); the includes fan out too much")
        source = self._read(written_path, lexical, real, document, where)
        self.bytes_read += len(source.text)
        if self.bytes_read > MAX_INCLUDED_BYTES:
            raise self._over_budget(document, where, written_path, MAX_INCLUDED_BYTES,
                                    "characters of included text per config (counting every repeat)")
        from ..json5.parser import MAX_NESTING, ParseError, parse

        try:
            included = parse(source)
        except ParseError as exc:
            raise IncludeError(reading.syntax_error(
                source, exc, included_from=self._position(document, where))) from None
        # The included value replaces the object that holds `$include`; its own nesting adds to
        # that object's. Later stages walk values recursively, so the spliced config gets the
        # parser's nesting limit too.
        holder = len(where) - (1 if where[-1] == "$include" else 2)
        nesting = context.nesting + holder
        deepest = nesting + max(map(len, included.values), default=0)
        if deepest > MAX_NESTING:
            raise self._error(LIMIT_EXCEEDED, document, where,
                              f"with `$include` of {written_path!r} spliced in, the config nests {deepest:,} "
                              f"levels deep, more than the {MAX_NESTING} oclc accepts")
        self.values_read += len(included.values)
        if self.values_read > MAX_INCLUDED_VALUES:
            raise self._over_budget(document, where, written_path, MAX_INCLUDED_VALUES,
                                    "included values per config (counting every repeat)")
        self.loaded.documents[real] = included
        self.loaded.diagnostics.extend(reading.duplicate_keys(included))
        child = _Context(lexical, context.depth + 1, context.chain + (lexical,), nesting)
        if not reading.needs_walk(source.text):
            return included.value, Mount(included, ())
        return self.process(included.value, included, (), child)

    def _lexical_path(self, written_path: str, document: Document, where: Path, context: _Context) -> str:
        if "\0" in written_path:
            raise self._error(reading.INCLUDE_INVALID, document, where,
                              "the `$include` path contains a NUL character")
        if len(written_path) >= MAX_PATH_LENGTH:
            raise self._error(reading.INCLUDE_INVALID, document, where,
                              f"the `$include` path is {len(written_path):,} characters long "
                              f"(the limit is {MAX_PATH_LENGTH - 1:,})")
        # Node turns an unpaired UTF-16 surrogate into U+FFFD when it names a file; Python's os
        # functions would raise on it.
        written_path = written_path.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
        base = os.path.dirname(context.file)
        lexical = os.path.normpath(written_path if os.path.isabs(written_path) else os.path.join(base, written_path))
        if len(lexical) >= MAX_PATH_LENGTH:
            raise self._error(reading.INCLUDE_INVALID, document, where,
                              f"the `$include` path resolves to a path of {len(lexical):,} characters "
                              f"(the limit is {MAX_PATH_LENGTH - 1:,})")
        if not any(_inside(root.lexical, lexical) for root in self.roots):
            raise self._error(
                reading.INCLUDE_ESCAPES, document, where,
                f"`$include` of {written_path!r} points outside {self._root_shown()}",
                help="move the file under the config directory, or list its directory in OPENCLAW_INCLUDE_ROOTS")
        return lexical

    def _real_path(self, written_path: str, lexical: str, document: Document, where: Path) -> str:
        """Follow symlinks one at a time, never looking at anything outside the allowed roots: a
        link that leads out is refused before its target is touched."""
        path = lexical
        for _ in range(MAX_SYMLINK_HOPS):
            root = next((r for r in self.roots if _inside(r.lexical, path)), None)
            base = root.lexical if root else None
            if root is None:
                root = next((r for r in self.roots if _inside(r.real, path)), None)
                base = root.real if root else None
            if root is None:
                raise self._error(
                    reading.INCLUDE_ESCAPES, document, where,
                    f"`$include` of {written_path!r} leads through a symlink to a file outside "
                    f"{self._root_shown()}",
                    help="include the file through a path inside the config directory, or list its real "
                         "directory in OPENCLAW_INCLUDE_ROOTS")
            relative = os.path.relpath(path, base)
            parts = [] if relative == "." else relative.split(os.sep)
            current = root.real
            for index, part in enumerate(parts):
                candidate = os.path.join(current, part)
                try:
                    info = os.lstat(candidate)
                except OSError:
                    return os.path.join(candidate, *parts[index + 1:])   # missing: reading reports it
                if stat.S_ISLNK(info.st_mode):
                    try:
                        target = os.readlink(candidate)
                    except OSError:
                        return os.path.join(candidate, *parts[index + 1:])
                    path = os.path.normpath(os.path.join(current, target, *parts[index + 1:]))
                    break
                current = candidate
            else:
                return current
        raise self._error(reading.INCLUDE_NOT_FOUND, document, where,
                          f"cannot resolve `$include` of {written_path!r}: too many levels of symlinks")

    def _read(self, written_path: str, lexical: str, real: str, document: Document, where: Path) -> Source:
        hint = None
        if "${" in written_path:
            hint = "environment variables are not expanded in `$include` paths"

        def fail(rule, reason: str, help: str | None = None):
            return self._error(rule, document, where, f"cannot include {written_path!r}: {reason}", help=help)

        try:
            info = os.lstat(real)
        except FileNotFoundError:
            raise fail(reading.INCLUDE_NOT_FOUND, f"{self._shown(lexical)} does not exist", hint) from None
        except NotADirectoryError:
            raise fail(reading.INCLUDE_NOT_FOUND, f"{self._shown(lexical)} does not exist "
                       "(a part of the path is a file, not a directory)", hint) from None
        except OSError as exc:
            raise fail(reading.INCLUDE_NOT_FOUND, exc.strerror or str(exc), hint) from None
        if stat.S_ISDIR(info.st_mode):
            raise fail(reading.INCLUDE_INVALID, f"{self._shown(lexical)} is a directory")
        if not stat.S_ISREG(info.st_mode):
            raise fail(reading.INCLUDE_INVALID, f"{self._shown(lexical)} is not a regular file "
                       "(a FIFO, socket or device); it was not opened")
        kernel = virtual_root(real)
        if kernel is not None:
            raise fail(reading.INCLUDE_INVALID, f"{self._shown(lexical)} is in {kernel}, a kernel or device "
                       "filesystem, not a config file; it was not opened")
        if info.st_nlink > 1:
            raise fail(reading.INCLUDE_INVALID, f"{self._shown(lexical)} has {info.st_nlink} hard links; "
                       "OpenClaw refuses hard-linked include files",
                       "copy the file instead of hard-linking it")
        if info.st_size > self.max_bytes:
            raise fail(reading.INCLUDE_INVALID, f"{self._shown(lexical)} is {info.st_size:,} bytes; "
                       f"included files may be at most {self.max_bytes:,} bytes")
        data = self.replaced_files.get(real)
        if data is None:
            data = self._read_bytes(real, info, lexical, fail)
        if len(data) > self.max_bytes:
            raise fail(reading.INCLUDE_INVALID, f"{self._shown(lexical)} is over {self.max_bytes:,} bytes")
        # Node reads include files as UTF-8 and replaces bad bytes; so does oclc.
        text = data.decode("utf-8", errors="replace")
        had_bom = text.startswith("\ufeff")
        if had_bom:
            text = text[1:]
        return Source(name=self._display_name(written_path, document), text=text, path=lexical, had_bom=had_bom)

    def _read_bytes(self, real: str, info: os.stat_result, lexical: str, fail) -> bytes:
        """The file's bytes (at most one past the limit), read without following a symlink or
        blocking, from the file `info` describes."""
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
        try:
            handle = os.open(real, flags)
        except OSError as exc:
            raise fail(reading.INCLUDE_NOT_FOUND, exc.strerror or str(exc)) from None
        try:
            opened = os.fstat(handle)
            if not stat.S_ISREG(opened.st_mode) or (opened.st_dev, opened.st_ino) != (info.st_dev, info.st_ino):
                raise fail(reading.INCLUDE_INVALID, f"{self._shown(lexical)} changed while it was being read")
            chunks = []
            remaining = self.max_bytes + 1
            while remaining > 0:
                chunk = os.read(handle, min(remaining, 1 << 20))
                if not chunk:
                    break
                chunks.append(chunk)
                remaining -= len(chunk)
        except OSError as exc:
            raise fail(reading.INCLUDE_NOT_FOUND, exc.strerror or str(exc)) from None
        finally:
            os.close(handle)
        return b"".join(chunks)

    # --- naming and placing ----------------------------------------------------------------------

    def _display_name(self, written_path: str, document: Document) -> str:
        """How diagnostics name an included file: beside the including file's shown name, so a
        relative main path gives relative include names."""
        if os.path.isabs(written_path):
            return os.path.normpath(written_path)
        holder = document.source.name
        base = os.path.dirname(holder) if holder and not holder.startswith("<") else ""
        return os.path.normpath(os.path.join(base, written_path))

    def _shown(self, path: str) -> str:
        """A path as messages show it: relative to the config directory when inside it, so that
        messages read the same on every machine."""
        if _inside(self.config_dir, path):
            return os.path.relpath(path, self.config_dir)
        return path

    def _root_shown(self) -> str:
        extra = len(self.roots) - 1
        if not extra:
            return "the main config's directory"
        return f"the main config's directory and the OPENCLAW_INCLUDE_ROOTS director{'y' if extra == 1 else 'ies'}"

    @staticmethod
    def _position(document: Document, where: Path) -> str:
        span = document.values.get(where)
        if span is None:
            return document.source.name
        return f"{document.source.name}:{span.line}:{span.column}"

    @staticmethod
    def _error(rule, document: Document, where: Path, message: str, help: str | None = None) -> IncludeError:
        return IncludeError(rule.diagnostic(message, file=document.source.name, span=document.values.get(where),
                                            path=where, help=help))

    @classmethod
    def _over_budget(cls, document: Document, where: Path, written_path: str, budget: int,
                     what: str) -> IncludeError:
        return cls._error(LIMIT_EXCEEDED, document, where,
                          f"`$include` of {written_path!r} is past oclc's budget of {budget:,} {what}",
                          help="include each file once; repeated or nested fan-out multiplies the work")


def resolve_includes(loaded, options) -> bool:
    """Replace `loaded.value` with the include-resolved value and set up `loaded.origins`.
    Returns False (with the diagnostic added) when an include error stops the load."""
    from .model import Origins

    main = loaded.main
    origins = loaded.origins
    if not reading.needs_walk(main.source.text):
        if isinstance(origins, Origins):
            origins.mount((), main, ())
        return True
    resolver = _Resolver(loaded, options)
    context = _Context(resolver.main_path, 0, (resolver.main_path,))
    try:
        value, prov = resolver.process(main.value, main, (), context)
    except IncludeError as exc:
        loaded.diagnostics.append(exc.diagnostic)
        if isinstance(origins, Origins):
            origins.mount((), main, ())
        return False
    loaded.value = value
    if isinstance(origins, Origins):
        _install(origins, (), prov)
    if not isinstance(value, dict):
        # `{ "$include": "x" }` at the top replaces the whole config; OpenClaw's schema then refuses
        # a root that is not an object, and nothing after that can be checked.
        loaded.diagnostics.append(reading.ROOT_NOT_OBJECT.diagnostic(
            f"the top-level `$include` replaces the whole config, so the included file must hold an "
            f"object, not {describe_type(value)}",
            file=main.source.name, span=main.values.get(("$include",)), path=("$include",)))
        return False
    return True


def _install(origins, path: Path, prov: Provenance) -> None:
    from .model import origin_in

    stack = [(path, prov)]
    while stack:
        path, prov = stack.pop()
        if isinstance(prov, Mount):
            origins.mount(path, prov.document, prov.written)
            if prov.own is not None:
                own = origin_in(*prov.own)
                if own is not None:
                    origins[path] = own
            continue
        if prov.own is not None:
            own = origin_in(*prov.own)
            if own is not None:
                origins[path] = own
        # A built container answers for its children one by one; hide whatever was there before.
        origins.mount(path, None)
        items = prov.kids.items() if isinstance(prov.kids, dict) else enumerate(prov.kids)
        stack.extend((path + (key,), kid) for key, kid in items)
