"""The rule registry: every diagnostic oclc can emit has a Rule here, with a code, a name, a
default severity and documentation (`oclc rules`, `oclc rule CODE`)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from ..diagnostics import Diagnostic, Fix, Path
from ..source import Span

# Code ranges: OC1xx reading/syntax/includes/env/migrations, OC2xx schema and OpenClaw's own
# structural checks, OC3xx auth and credentials, OC4xx prompt caching, OC5xx agents and model
# refs, OC6xx secrets, OC9xx oclc itself (suppressions).
FAMILIES = (
    "oclc.load.reading",
    "oclc.schema.structure",       # OC201-OC209: the schema stage's findings
    # OC210-OC299: OpenClaw's own checks beyond its schema
    "oclc.rules.openclaw.roster",
    "oclc.rules.openclaw.secrets",
    "oclc.rules.openclaw.channels",
    "oclc.rules.openclaw.gateway",
    "oclc.rules.auth",
    "oclc.rules.cache",
    "oclc.rules.agents",
    "oclc.rules.secrets",
    "oclc.diagnostics.meta",
)


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str
    summary: str
    docs: str
    check: "Callable[[Any], Iterable[Diagnostic]] | None" = None   # run on the resolved Model

    def diagnostic(
        self,
        message: str,
        *,
        file: str | None = None,
        span: Span | None = None,
        path: Path = (),
        help: str | None = None,
        notes: Iterable[str] = (),
        fix: Fix | None = None,
        severity: str | None = None,
        config_path: Path | None = None,
    ) -> Diagnostic:
        return Diagnostic(
            code=self.code,
            name=self.name,
            severity=severity or self.severity,
            message=message,
            file=file,
            span=span,
            path=tuple(path),
            help=help,
            notes=tuple(notes),
            fix=fix,
            config_path=None if config_path is None or tuple(config_path) == tuple(path) else tuple(config_path),
        )


REGISTRY: dict[str, Rule] = {}


_loaded = False


def rule(code: str, name: str, severity: str, summary: str, docs: str = "") -> Callable:
    """Declare a check rule: decorates `check(model) -> Iterable[Diagnostic]`."""

    def wrap(fn: Callable) -> Rule:
        item = Rule(code, name, severity, summary, docs or (fn.__doc__ or "").strip(), fn)
        register(item)
        return item

    return wrap


def declare(code: str, name: str, severity: str, summary: str, docs: str) -> Rule:
    """Declare a stage rule (emitted by a pipeline stage, not run as a check)."""
    return register(Rule(code, name, severity, summary, docs))


def register(item: Rule) -> Rule:
    existing = REGISTRY.get(item.code)
    if existing is not None and existing is not item:
        raise RuntimeError(f"rule code {item.code} declared twice ({existing.name}, {item.name})")
    REGISTRY[item.code] = item
    return item


def load_all() -> dict[str, Rule]:
    global _loaded
    if not _loaded:
        for module in FAMILIES:
            importlib.import_module(module)
        _loaded = True
    return REGISTRY


def all_rules() -> list[Rule]:
    return sorted(load_all().values(), key=lambda r: r.code)


def check_rules() -> list[Rule]:
    return [r for r in all_rules() if r.check is not None]


def get(code: str) -> Rule | None:
    return load_all().get(code.upper())
