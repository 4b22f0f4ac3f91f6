"""Load stage: what OpenClaw 2026.9.6 does between parsing and validation, in its order:
$include -> env block -> ${VAR} substitution -> load-time migrations.

CONTRACT (other stages rely on it; the implementation is being written):
    load(document: Document, options: LoadOptions) -> Loaded
Every value of the result keeps its Origin (file, key span, value span, path as written), so a
finding about an included value points into the included file, and one about a substituted
value points at the string that held the ${VAR}.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .diagnostics import Diagnostic, Path
from .parse import Document
from .source import Source, Span


@dataclass(frozen=True, slots=True)
class Origin:
    source: Source
    path: Path              # the path in that file, as written
    key: Span | None        # the member's key (None for the root and array items)
    value: Span | None      # the value


@dataclass
class LoadOptions:
    env: dict[str, str] = field(default_factory=dict)     # process env + --env-file, already merged
    include_roots: tuple[str, ...] = ()                    # OPENCLAW_INCLUDE_ROOTS, absolute dirs
    max_include_bytes: int = 2 * 1024 * 1024


@dataclass
class Loaded:
    main: Document
    value: Any                                   # the migrated document, as OpenClaw validates it
    origins: dict[Path, Origin] = field(default_factory=dict)
    documents: dict[str, Document] = field(default_factory=dict)  # every file read, by real path
    diagnostics: list[Diagnostic] = field(default_factory=list)
    fatal: bool = False                          # an include error: OpenClaw stops here
    env: dict[str, str] = field(default_factory=dict)      # env after the config's env block
    substituted: dict[Path, tuple[str, ...]] = field(default_factory=dict)  # path -> var names
    migrated_legacy_default: str | None = None   # the agent a legacy default=true marker named

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

    def emit(self, rule, message: str, path: Path, *, key: bool = False, **extra):
        """A diagnostic of `rule` about the loaded config's `path`, placed where it was written."""
        file, span, written = self.locate(path, key=key)
        return rule.diagnostic(message, file=file, span=span, path=written, config_path=tuple(path), **extra)
