"""The rule registry: every diagnostic oclc can emit is a Rule declared here, by the stage that
emits it, with a code, a name, a default severity and documentation. Which modules declare rules,
and the look-ups over all of them (`oclc rules`, `oclc rule CODE`), are the rules stage's
(oclc/rules/__init__.py): this module imports no stage."""

from __future__ import annotations

from ..diagnostics import Diagnostic, Fix, Path, Related
from ..records import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import Any

    from ..source import Span


class Rule(Record, frozen=True):
    __slots__ = ("code", "name", "severity", "summary", "docs", "check")

    def __init__(self, code: str, name: str, severity: str, summary: str, docs: str,
                 check: Callable[[Any], Iterable[Diagnostic]] | None = None):
        self.code = code
        self.name = name
        self.severity = severity
        self.summary = summary
        self.docs = docs
        self.check = check        # run on the resolved Model

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
        related: Iterable[Related] = (),
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
            related=tuple(related),
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
