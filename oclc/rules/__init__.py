"""The rule registry: every diagnostic oclc can emit has a Rule here, with a code, a name, a
default severity and documentation (`oclc rules`, `oclc rule CODE`).

Rules are declared in family modules (listed in FAMILIES, the one place that says which exist).
Stage rules (syntax, schema, loading) are emitted by their stage; check rules (`check` set) run
on the resolved config in the rules stage.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable

from ..diagnostics import Diagnostic, Fix, Path
from ..diagnostics.registry import FAMILIES, Rule, check_rules, rule
from ..source import Span

if TYPE_CHECKING:
    from ..resolve import Model

def run_checks(model: "Model") -> list[Diagnostic]:
    """The rules stage: every check rule over the resolved model."""
    found: list[Diagnostic] = []
    for item in check_rules():
        found.extend(item.check(model))  # type: ignore[misc]
    return found
