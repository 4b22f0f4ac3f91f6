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
    candidates = pauth.candidates
    at = next((i for i, c in enumerate(candidates) if c is chosen), len(candidates))
    pinned = chosen is not None and any(c is chosen for c in pauth.pinned.values())
    # What oclc cannot rule out: env variables it was not given that OpenClaw tries before the
    # chosen credential, and (when that one is not verified) the next one it would fall back to.
    unless = [] if pinned else [c.name for c in candidates[:at] if c.kind == "env" and c.present is None]
    if chosen is not None:
        using = {"kind": chosen.kind, "name": chosen.name, "source": chosen.source,
                 "certain": chosen.present is True, "unless": unless, "otherwise": None}
        if chosen.present is not True and not pinned:
            later = next((c for c in candidates[at + 1:] if c.present is not False and id(c) not in
                          {id(p) for p in pauth.pinned.values()}), None)
            if later is not None:
                using["otherwise"] = {"kind": later.kind, "name": later.name, "certain": later.present is True}
    return {
        "provider": pauth.provider,
        "authProvider": pauth.auth_provider,
        "mode": pauth.mode,
        "subscription": pauth.subscription,
        "using": using,
        # No credential known, but these environment variables may supply one (not given).
        "ifSet": [c.name for c in candidates if c.kind == "env" and c.present is None] if chosen is None else [],
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
                "provider": use.provider,
                "roles": list(use.roles),
                "api": use.api,
                "runtime": use.runtime,
                "cacheRetention": use.cache.value if use.cache else None,
                "source": use.cache.source if use.cache else None,
                "honoured": use.cache_honoured,
                "setting": use.cache.setting if use.cache else None,
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


_KIND_TEXT = {"profile": "profile", "env": "env", "config-key": "config", "secret-ref": "SecretRef",
              "aws-sdk": "AWS SDK", "keyless": "no key"}


def _candidate_text(kind: str, name: str) -> str:
    return name if kind == "keyless" else f"{_KIND_TEXT.get(kind, kind)} {name}"


def _credential_text(cred: dict) -> str:
    using = cred["using"]
    if using is None:
        if cred.get("ifSet"):
            return (f"not known: env {' or '.join(cred['ifSet'])} if the gateway's environment sets it "
                    "(not given: pass --env-file)")
        tried = ", ".join(c["name"] for c in cred["candidates"]) or "nothing configured"
        return f"none found (tried: {tried})"
    text = _candidate_text(using["kind"], using["name"])
    notes = [using["source"]] if using["kind"] == "profile" and using["source"] else []
    if not using["certain"]:
        notes.append("not verified: pass --state-dir" if using["kind"] == "profile" else "not verified")
    if notes:
        text += f" ({'; '.join(notes)})"
    otherwise = using.get("otherwise")
    if otherwise:
        text += f", else {_candidate_text(otherwise['kind'], otherwise['name'])}"
        if not otherwise["certain"]:
            text += " if it is set" if otherwise["kind"] == "env" else " (not verified)"
    if using.get("unless"):
        text += f"; env {' or '.join(using['unless'])} first, if the gateway's environment sets it"
    return text


def _retention_text(use: dict) -> str:
    """What the requests carry; where OpenClaw does not send what it resolved, what that was."""
    if use["runtime"] != "openclaw":
        text = f"{use['runtime']}'s own"
    else:
        text = use["cacheRetention"] or "off"
    if not use["honoured"]:
        text += f" ({use['setting']} not sent)"
    return text


_CREDENTIAL_HEADER = ["provider", "mode", "subscription", "credential"]
_CACHE_HEADER = ["model", "used as", "auth", "retention", "why"]


def _credential_rows(item: dict) -> list[list[str]]:
    return [[cred["provider"], cred["mode"] or "?", ("yes" if cred["subscription"] else "no") if cred["mode"] else "?",
             _credential_text(cred)]
            for cred in item["credentials"]]


def _cache_rows(item: dict) -> list[list[str]]:
    # A model can be here without being in the chain (listed in agents.defaults.models, the
    # /model allowlist): say which, or the table contradicts "fallbacks none".
    rows = []
    unknown = {cred["provider"] for cred in item["credentials"] if cred.get("ifSet")}
    for use in item["models"]:
        value = _retention_text(use)
        cred = use["credential"]
        auth = f"{cred['mode'] or '?'} ({cred['name']})" if cred else (
            "not known" if use.get("provider") in unknown else "none found")
        rows.append([use["ref"], ", ".join(use["roles"]) or "-", auth, value, use["why"]])
    return rows


def _shared(per_agent: list[list[list[str]]]) -> list[list[str]]:
    """The rows every agent has, word for word, in the first agent's order."""
    if len(per_agent) < 2:
        return []
    return [row for row in per_agent[0] if all(row in rows for rows in per_agent[1:])]


def _section(lines: list[str], title: str, header: list[str], rows: list[list[str]], shared: int) -> None:
    if rows:
        lines.append(f"  {title}" + (f" (and the {shared} shared above)" if shared else ""))
        lines.extend(_table([header, *rows]))
    elif shared:
        lines.append(f"  {title:<11} the {shared} shared above")


def explain_text(result, agent: str | None = None, redactor=None) -> str:
    data = explain_data(result, agent, redactor)
    lines: list[str] = []
    if "error" in data:
        return f"{data['source']}: {data['error']}\n"
    agents = data["agents"]
    credentials = [_credential_rows(item) for item in agents]
    caches = [_cache_rows(item) for item in agents]
    # What every agent has in common (agents.defaults.models rows, the same provider credential)
    # is shown once, not once per agent.
    shared_credentials, shared_caches = _shared(credentials), _shared(caches)
    if shared_credentials or shared_caches:
        lines.append(f"shared by all {len(agents)} agents")
        if shared_credentials:
            lines.append("  credentials")
            lines.extend(_table([_CREDENTIAL_HEADER, *shared_credentials]))
        if shared_caches:
            lines.append("  prompt cache")
            lines.extend(_table([_CACHE_HEADER, *shared_caches]))
        lines.append("")
    for item, credential_rows, cache_rows in zip(agents, credentials, caches):
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
        _section(lines, "credentials", _CREDENTIAL_HEADER,
                 [row for row in credential_rows if row not in shared_credentials], len(shared_credentials))
        _section(lines, "prompt cache", _CACHE_HEADER,
                 [row for row in cache_rows if row not in shared_caches], len(shared_caches))
        lines.append("")
    return "\n".join(lines)
