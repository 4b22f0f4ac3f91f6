"""oclc: the OpenClaw config compiler and linter.

The Python API (plain data; see oclc/api.py):
    oclc.loads(text)                  the value of a JSON5 text; raises oclc.ParseError
    oclc.check(path | text=...)       {"source", "openclaw", "valid", "diagnostics": [...]}
    oclc.compile(path | text=...)     the document `oclc compile` writes
"""
from __future__ import annotations

__version__ = "0.1.0"
OPENCLAW_VERSION = "2026.9.6"

__all__ = ["__version__", "OPENCLAW_VERSION", "loads", "ParseError", "check", "compile"]

# Where each public name lives. Imported on first use, so `oclc --version` and a pre-commit run
# pay only for what they use.
_PUBLIC = {"loads": "oclc.json5.parser", "ParseError": "oclc.json5.parser", "check": "oclc.api", "compile": "oclc.api"}


def __getattr__(name: str):
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'oclc' has no attribute {name!r}")
    # importlib, not `from . import x`: that statement looks the name up on this package first,
    # which would call this function again.
    import importlib

    return getattr(importlib.import_module(module), name)
