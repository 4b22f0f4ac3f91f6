"""`oclc compile`: the resolved config as one JSON document, secrets redacted.

    compile_document(result: FileResult) -> dict

Shape (stable; keys whose order carries no meaning are sorted):
    {"oclc": version, "openclaw": "2026.9.6", "source": file, "valid": bool,
     "config": {...the loaded config (includes, env and migrations applied), secrets redacted...},
     "agents": {id: {"default": bool,
                     "model": {"primary": ref | null, "fallbacks": [ref, ...]},
                     "auth": {provider: {"mode": str | null, "subscription": bool,
                                         "candidates": [{"kind", "profile" | "env" | "key", "present"}]}},
                     "models": {ref: {"params": {...},
                                      "cacheRetention": {"value", "source", "honoured"}}}}},
     "diagnostics": [{"code", "name", "severity", "message", "file", "line", "column", "path", "help"}]}
"""
from __future__ import annotations

from typing import Any

from . import OPENCLAW_VERSION, __version__
from .redact import redact, redact_string


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
            "cacheRetention": {
                "value": cache.value if cache else None,
                "source": cache.source if cache else None,
                "honoured": use.cache_honoured,
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
        "message": redact_string(diagnostic.message),
        "file": diagnostic.file,
        "line": span.line if span else None,
        "column": span.column if span else None,
        "path": list(diagnostic.resolved_path),
        "help": redact_string(diagnostic.help) if diagnostic.help else None,
    }


def _mask_substituted(config: Any, loaded) -> None:
    """A `${VAR}` inside a longer string (a URL, say) puts the variable's value where no key name
    says it is secret; mask the values of credential-named variables wherever they landed."""
    from .redact import REDACTED, is_secret_key

    for path, names in loaded.substituted.items():
        values = [loaded.env.get(name) for name in names if is_secret_key(name)]
        values = [v for v in values if v]
        if not values or not path:
            continue
        holder = config
        try:
            for part in path[:-1]:
                holder = holder[part]
            text = holder[path[-1]]
        except (KeyError, IndexError, TypeError):
            continue
        if not isinstance(text, str) or text == REDACTED:
            continue
        for value in sorted(values, key=len, reverse=True):
            text = text.replace(value, REDACTED)
        holder[path[-1]] = text


def compile_document(result) -> dict[str, Any]:
    loaded = result.loaded
    model = result.model
    config = redact(loaded.value) if loaded is not None else None
    if config is not None:
        _mask_substituted(config, loaded)
    agents = {}
    if model is not None:
        agents = {agent_id: agent_document(model.agents[agent_id]) for agent_id in sorted(model.agents)}
    return {
        "oclc": __version__,
        "openclaw": OPENCLAW_VERSION,
        "source": result.name,
        "valid": result.valid,
        "config": config,
        "agents": agents,
        "diagnostics": [diagnostic_document(d) for d in result.diagnostics],
    }
