"""`oclc compile`: the resolved config as one JSON document, secrets redacted.

    compile_document(result: FileResult) -> dict

Shape (stable; keys whose order carries no meaning are sorted):
    {"oclc": version, "openclaw": "2026.9.6", "source": file, "valid": bool,
     "config": {...the loaded config (includes, env and migrations applied), secrets redacted...},
     "agents": {id: {"default": bool,
                     "model": {"primary": ref | null, "fallbacks": [ref, ...]},
                     "auth": {provider: {"mode": str | null, "subscription": bool,
                                         "candidates": [{"kind", "profile" | "env" | "key", "present"}]}},
                     "models": {ref: {"params": {...}, "runtime": "openclaw" | "claude-cli" | ...,
                                      "cacheRetention": {"value", "source", "honoured", "setting"}}}}},
cacheRetention (for the target release, checked against recorded agent turns in tests/data/wire):
    value     the retention the requests for that agent and model carry on the wire ("none": no cache
              markers, "short": 5-minute markers, "long": 1 hour), null where OpenClaw sends no cache
              setting (a provider without prompt caching, or a runtime such as claude-cli that passes none)
    source    where the retention was decided: a params layer, "default", "transport default", or null
    honoured  false only where OpenClaw resolves a retention and does not send it (the claude-cli
              runtime; "long" on a model without 1-hour support goes out as "short")
    setting   the retention OpenClaw's resolver gives from the config (null: none)
     "diagnostics": [{"code", "name", "severity", "message", "file", "line", "column", "path", "help"}]}
"""
from __future__ import annotations

from .. import OPENCLAW_VERSION, __version__
from ..redact import redact, redactor_for
from . import target_record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def _sorted(mapping: dict) -> dict:
    return {k: mapping[k] for k in sorted(mapping, key=str)}


def agent_document(agent) -> dict[str, Any]:
    auth = {}
    for provider, pauth in agent.auth.items():
        auth[provider] = {
            "mode": pauth.mode,
            "subscription": pauth.subscription,
            "candidates": [c.as_dict() for c in pauth.candidates],
        }
    models = {}
    for ref, use in agent.models.items():
        cache = use.cache
        models[ref] = {
            "params": _sorted(redact(use.params)),
            "runtime": use.runtime,
            "cacheRetention": {
                "value": cache.value if cache else None,
                "source": cache.source if cache else None,
                "honoured": use.cache_honoured,
                "setting": cache.setting if cache else None,
            },
        }
    primary = agent.primary.key if agent.primary else None
    return {
        "default": agent.default,
        "model": {"primary": primary, "fallbacks": [r.key for r in agent.fallbacks if r.resolved]},
        "auth": _sorted(auth),
        "models": _sorted(models),
    }


def diagnostic_document(diagnostic) -> dict[str, Any]:
    span = diagnostic.span
    return {
        "code": diagnostic.code,
        "name": diagnostic.name,
        "severity": diagnostic.severity,
        "message": diagnostic.message,
        "file": diagnostic.file,
        "line": span.line if span else None,
        "column": span.column if span else None,
        "path": list(diagnostic.resolved_path),
        "help": diagnostic.help,
    }


def compile_document(result) -> dict[str, Any]:
    loaded = result.loaded
    model = result.model
    config = redact(loaded.value) if loaded is not None else None
    agents = {}
    if model is not None:
        agents = {agent_id: agent_document(model.agents[agent_id]) for agent_id in sorted(model.agents)}
    document = {
        "oclc": __version__,
        # The release the config was compiled for, and why that one (see oclc.releases.choose_target).
        "openclaw": result.target.release if result.target else OPENCLAW_VERSION,
        "openclawTarget": target_record(result.target),
        "source": result.name,
        "valid": result.valid,
        "config": config,
        "agents": agents,
        "diagnostics": [diagnostic_document(d) for d in result.diagnostics],
    }
    # One pass over everything, keys included: a secret can reach any string (a `${VAR}` in a URL,
    # a `model@profile` pin, a token-shaped key on a path, a message quoting a value).
    return redactor_for(result).value(document)
