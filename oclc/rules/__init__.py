"""The rules stage: every rule family (FAMILIES: the modules that declare rules, whichever stage
emits them), the look-ups over all rules, and the check rules (`@rule` functions) run over the
resolved model. A Rule itself is declared with oclc/diagnostics/registry.py."""

from __future__ import annotations

from ..diagnostics import Diagnostic
from ..diagnostics.registry import REGISTRY, Rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..resolve import Model


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
    "oclc.rules.environment",        # OC125: what could not be checked without the environment
    "oclc.rules.auth",
    "oclc.rules.cache",
    "oclc.rules.agents",
    "oclc.rules.secrets",
    "oclc.diagnostics.meta",
)
_loaded = False


def load_all() -> dict[str, Rule]:
    global _loaded
    if not _loaded:
        for module in FAMILIES:
            __import__(module)      # importlib.import_module, without importing importlib
        _loaded = True
    return REGISTRY


def all_rules() -> list[Rule]:
    return sorted(load_all().values(), key=lambda r: r.code)


def check_rules() -> list[Rule]:
    return [r for r in all_rules() if r.check is not None]


def get(code: str) -> Rule | None:
    return load_all().get(code.upper())


# The families that re-implement OpenClaw's own checks beyond its schema: each release performs its
# own set of them (release.json "checks", probed from the release), so they run only where the
# target release is known to perform them.
OPENCLAW_CHECK_FAMILIES = tuple(f for f in FAMILIES if f.startswith("oclc.rules.openclaw."))


def run_checks(model: "Model") -> list[Diagnostic]:
    """The rules stage: every check rule over the resolved model (OpenClaw's own checks only where
    the target release performs them)."""
    from ..releases import performs_check

    release = model.loaded.release
    found: list[Diagnostic] = []
    for item in check_rules():
        if item.check.__module__ in OPENCLAW_CHECK_FAMILIES and not performs_check(release, item.code):
            continue
        found.extend(item.check(model))  # type: ignore[misc]
    return found
