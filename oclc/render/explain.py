"""`oclc explain`: per agent, what OpenClaw will actually do with this config.

    explain_data(result: FileResult, agent: str | None = None) -> dict
    explain_text(result: FileResult, agent: str | None = None) -> str

For each agent: the model chain and where it was set; per provider the credential that will be used
(profile id, env var name or config key, never the secret), its mode and whether it is a
subscription; per model the effective prompt-cache retention and why (the layer that set it, the
default, or why it is ignored). When `agent` names no agent, the data has an "error" entry.
"""
from __future__ import annotations

from ..diagnostics import path_to_dotted
from ..resolve import normalize_agent_id

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_SOURCE_TEXT = {
    "agent": "set on the agent",
    "defaults": "agents.defaults.model",
    "provider-row": "first model row under models.providers",
    "default": "OpenClaw's built-in default",
}


def _credential(pauth) -> dict[str, Any]:
    chosen = pauth.chosen
    using = None
    if chosen is not None:
        using = {"kind": chosen.kind, "name": chosen.name, "source": chosen.source,
                 "certain": chosen.present is True}
    return {
        "provider": pauth.provider,
        "authProvider": pauth.auth_provider,
        "mode": pauth.mode,
        "subscription": pauth.subscription,
        "using": using,
        "candidates": [
            {"kind": c.kind, "name": c.name, "mode": c.mode, "present": c.present, "source": c.source,
             "note": c.note}
            for c in pauth.candidates
        ],
    }


def _agent_data(agent) -> dict[str, Any]:
    primary = agent.primary
    return {
        "id": agent.id,
        "default": agent.default,
        "agentDir": agent.agent_dir,
        "stores": list(agent.store_paths),
        "model": {
            "primary": primary.key if primary else None,
            "primaryWritten": primary.raw if primary and isinstance(primary.raw, str) else None,
            "primarySource": _SOURCE_TEXT.get(agent.primary_source, agent.primary_source),
            "primaryPath": path_to_dotted(primary.path) if primary and primary.path else None,
            "fallbacks": [r.key for r in agent.fallbacks if r.resolved],
            "fallbacksSource": agent.fallbacks_source,
            "fallbacksPath": next((path_to_dotted(r.path[:-1]) for r in agent.fallbacks if r.path), None),
        },
        "credentials": [_credential(agent.auth[p]) for p in agent.auth],
        "models": [
            {
                "ref": use.ref,
                "roles": list(use.roles),
                "api": use.api,
                "cacheRetention": use.cache.value if use.cache else None,
                "source": use.cache.source if use.cache else None,
                "honoured": use.cache_honoured,
                "why": use.cache.reason if use.cache else "",
                "credential": ({"kind": use.credential.kind, "name": use.credential.name,
                                "mode": use.credential.mode, "subscription": use.subscription}
                               if use.credential else None),
            }
            for use in agent.models.values()
        ],
    }


def explain_data(result, agent: str | None = None, redactor=None) -> dict[str, Any]:
    """The explanation, its secrets hidden (a `model@profile` pin may name a token; an agent id or a
    model ref may have a token's shape). `redactor`: the result's own, when the caller has built
    it already (the language server explains one agent per hover)."""
    from ..redact import redactor_for

    return (redactor or redactor_for(result)).value(_explanation(result, agent))


def _explanation(result, agent: str | None) -> dict[str, Any]:
    model = result.model
    data: dict[str, Any] = {"source": result.name, "valid": result.valid, "agents": []}
    if model is None:
        data["error"] = "the config could not be resolved (see the diagnostics)"
        return data
    agents = list(model.agents.values())
    if agent is not None:
        wanted = normalize_agent_id(agent)
        agents = [a for a in agents if a.id == wanted]
        if not agents:
            data["error"] = f"no agent {agent!r} in this config (agents: {', '.join(model.agents)})"
            return data
    data["agents"] = [_agent_data(a) for a in agents]
    return data


def _table(rows: list[list[str]], indent: str = "    ") -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [indent + "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]


def _credential_text(cred: dict) -> str:
    using = cred["using"]
    if using is None:
        tried = ", ".join(c["name"] for c in cred["candidates"]) or "nothing configured"
        return f"none found (tried: {tried})"
    kind = {"profile": "profile", "env": "env", "config-key": "config", "secret-ref": "SecretRef",
            "aws-sdk": "AWS SDK", "keyless": "no key"}.get(using["kind"], using["kind"])
    text = using["name"] if using["kind"] == "keyless" else f"{kind} {using['name']}"
    if using["kind"] == "profile" and using["source"]:
        text += f" ({using['source']})"
    if not using["certain"]:
        text += " (not verified: pass --state-dir)" if using["kind"] == "profile" else " (not verified)"
    return text


def explain_text(result, agent: str | None = None, redactor=None) -> str:
    data = explain_data(result, agent, redactor)
    lines: list[str] = []
    if "error" in data:
        return f"{data['source']}: {data['error']}\n"
    for item in data["agents"]:
        title = f"agent {item['id']}" + (" (default)" if item["default"] else "")
        lines.append(title)
        model = item["model"]
        where = model["primaryPath"] or model["primarySource"]
        written = model["primaryWritten"]
        via = f" (written {written!r})" if written and written.strip() != model["primary"] else ""
        lines.append(f"  model       {model['primary']}{via}  [{where}]")
        if model["fallbacks"]:
            where = model["fallbacksPath"] or _SOURCE_TEXT.get(model["fallbacksSource"], model["fallbacksSource"])
            lines.append(f"  fallbacks   {', '.join(model['fallbacks'])}  [{where}]")
        else:
            lines.append("  fallbacks   none")
        if item["credentials"]:
            lines.append("  credentials")
            rows = [["provider", "mode", "subscription", "credential"]]
            for cred in item["credentials"]:
                rows.append([cred["provider"], cred["mode"] or "?", "yes" if cred["subscription"] else "no",
                             _credential_text(cred)])
            lines.extend(_table(rows))
        if item["models"]:
            lines.append("  prompt cache")
            # A model can be here without being in the chain (listed in agents.defaults.models, the
            # /model allowlist): say which, or the table contradicts "fallbacks none".
            rows = [["model", "used as", "auth", "retention", "why"]]
            for use in item["models"]:
                value = use["cacheRetention"] or "off"
                if use["cacheRetention"] and not use["honoured"]:
                    value += " (ignored)"
                cred = use["credential"]
                auth = f"{cred['mode'] or '?'} ({cred['name']})" if cred else "none found"
                rows.append([use["ref"], ", ".join(use["roles"]) or "-", auth, value, use["why"]])
            lines.extend(_table(rows))
        lines.append("")
    return "\n".join(lines)
