"""The rules stage: every check rule (the `@rule` functions of the families listed in
oclc.diagnostics.registry.FAMILIES) run over the resolved model. The registry itself, with every
rule's code, name, severity and documentation, is oclc/diagnostics/registry.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic
from ..diagnostics.registry import check_rules

if TYPE_CHECKING:
    from ..resolve import Model


def run_checks(model: "Model") -> list[Diagnostic]:
    """The rules stage: every check rule over the resolved model."""
    found: list[Diagnostic] = []
    for item in check_rules():
        found.extend(item.check(model))  # type: ignore[misc]
    return found
