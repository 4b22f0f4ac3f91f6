"""oclc: the OpenClaw config compiler and linter."""
from __future__ import annotations

__version__ = "0.1.0"
OPENCLAW_VERSION = "2026.9.6"

__all__ = ["__version__", "OPENCLAW_VERSION", "loads", "ParseError"]


def __getattr__(name: str):
    # Lazy, so `oclc --version` and a pre-commit run import only what they use.
    if name in ("loads", "ParseError", "parse"):
        from . import parse as _parse

        return getattr(_parse, name)
    raise AttributeError(name)
