"""Hover text (Markdown) for a place in a checked config.

    hover_at(checked, document, offset, user_schema=None) -> (markdown, start, end) | None

On a model ref: for each agent that uses it there, what `oclc explain` knows: the credential
(profile, env var or config key, never the secret), its mode and whether it is a subscription, the
effective cache retention and where it comes from. On an agent (its key under agents.entries, or
an agent id where one is named): that agent's `explain`. On any other key or value: what the
target release's schema says of the key (type, allowed values, when it came or leaves; the
description only from the user's own schema).
"""
from __future__ import annotations

from typing import Any

from ..diagnostics import Path, path_to_dotted
from .keys import key_facts, target_release

MAX_AGENTS_SHOWN = 6
_AGENT_ID_KEYS = ("agentId", "defaultAgentId")


def hover_at(checked, document, offset: int, user_schema: str | None = None) -> tuple[str, int, int] | None:
    node = checked.index(document).at(offset)
    if node is None:
        return None
    config_path = checked.config_path(document, node.path)
    text = None
    if config_path is not None and checked.result.model is not None:
        if not node.on_key or _is_models_map_key(config_path):
            text = _model_ref_hover(checked, config_path, node)
        if text is None:
            text = _agent_hover(checked, config_path, node)
    if text is None:
        text = _key_hover(config_path if config_path is not None else node.path, node, user_schema,
                          target_release(checked))
    if not text:
        return None
    return checked.redactor.text(text), node.start, node.end


# --- model refs ----------------------------------------------------------------------------------

def _is_models_map_key(path: Path) -> bool:
    return len(path) >= 2 and path[-2] == "models" and (path[:2] == ("agents", "defaults") or path[:2] == ("agents", "entries"))


def ref_uses(checked) -> dict[Path, list[tuple[str, str, str]]]:
    """config path of a model ref -> [(agent id, role, canonical ref)] for every agent using it."""
    def build() -> dict:
        from ..resolve import parse_ref

        found: dict[Path, list[tuple[str, str, str]]] = {}
        model = checked.result.model
        for agent in model.agents.values():
            for role, ref in [("primary", agent.primary)] + [("fallback", r) for r in agent.fallbacks]:
                if ref is not None and ref.path is not None and ref.key is not None:
                    found.setdefault(tuple(ref.path), []).append((agent.id, role, ref.key))
            bases = [("defaults.models", ("agents", "defaults", "models"))]
            if agent.path is not None:
                bases.append(("agent.models", tuple(agent.path) + ("models",)))
            for role, base in bases:
                models_map = _value_at(model.value, base)
                for key in models_map if isinstance(models_map, dict) else ():
                    ref = parse_ref(key, base + (key,), {}, {})
                    use = agent.models.get(ref.key) if ref.key else None
                    if use is not None and role in use.roles:
                        found.setdefault(base + (key,), []).append((agent.id, role, use.ref))
        return found

    return checked.cached("ref_uses", build)


def _value_at(value: Any, path: Path) -> Any:
    for part in path:
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _model_ref_hover(checked, path: Path, node) -> str | None:
    uses = ref_uses(checked).get(tuple(path))
    if not uses:
        return None
    from ..render.explain import explain_data

    written = node.path[-1] if node.on_key else node.value
    refs = sorted({ref for _, _, ref in uses})
    lines = [f"**{', '.join(f'`{r}`' for r in refs)}**"]
    if isinstance(written, str) and written.strip() not in refs:
        lines[0] += f" (written `{written.strip()}`)"
    for agent_id, role, ref in uses[:MAX_AGENTS_SHOWN]:
        data = explain_data(checked.result, agent=agent_id, redactor=checked.redactor)
        agent = data["agents"][0] if data.get("agents") else None
        use = next((m for m in agent["models"] if m["ref"] == ref), None) if agent else None
        lines.append("")
        lines.append(f"**agent `{agent_id}`** ({role})")
        if use is None:
            lines.append("- not resolved (see the diagnostics)")
            continue
        lines.append(f"- auth: {_auth_text(agent, use)}")
        lines.append(f"- cache retention: {_cache_text(use)}")
    if len(uses) > MAX_AGENTS_SHOWN:
        lines.append("")
        lines.append(f"and {len(uses) - MAX_AGENTS_SHOWN} more agents (`oclc explain` lists them all)")
    return "\n".join(lines)


def _auth_text(agent: dict, use: dict) -> str:
    credential = use.get("credential")
    if credential is None:
        return "no credential found"
    kind = {"profile": "profile", "env": "env var", "config-key": "config key", "secret-ref": "SecretRef",
            "aws-sdk": "AWS SDK", "keyless": "no key"}.get(credential["kind"], credential["kind"])
    text = credential["name"] if credential["kind"] == "keyless" else f"{kind} `{credential['name']}`"
    provider = next((c for c in agent["credentials"]
                     if c["using"] and c["using"]["name"] == credential["name"] and c["using"]["kind"] == credential["kind"]),
                    None)
    if provider is not None and provider["using"]["source"] and credential["kind"] == "profile":
        text += f" ({provider['using']['source']})"
    text += f" · mode `{credential['mode'] or 'unknown'}`"
    text += " · subscription" if credential.get("subscription") else " · not a subscription"
    return text


def _cache_text(use: dict) -> str:
    """What the requests carry (as `oclc explain` says it) and why; what OpenClaw resolved and
    does not send, where that happens."""
    value = use.get("cacheRetention")
    runtime = use.get("runtime") or "openclaw"
    if runtime != "openclaw":
        text = f"{runtime}'s own"
    elif value is None:
        text = "off"
    else:
        text = f"`{value}`"
    if not use.get("honoured", True):
        text += f" (`{use.get('setting')}` not sent)"
    return f"{text} · {use.get('why') or 'no retention applies'}"


# --- agents --------------------------------------------------------------------------------------

def agent_named(checked, path: Path, node) -> str | None:
    """The id of the agent the node names: the key of agents.entries.<id>, or an agent id value."""
    from ..resolve import normalize_agent_id

    model = checked.result.model
    if model is None:
        return None
    if node.on_key and len(path) == 3 and path[:2] == ("agents", "entries"):
        candidate = normalize_agent_id(path[2])
    elif not node.on_key and path and path[-1] in _AGENT_ID_KEYS and isinstance(node.value, str):
        candidate = normalize_agent_id(node.value)
    else:
        return None
    return candidate if candidate in model.agents else None


def _agent_hover(checked, path: Path, node) -> str | None:
    agent_id = agent_named(checked, path, node)
    if agent_id is None:
        return None
    from ..render.explain import explain_text

    return f"**agent `{agent_id}`** (`oclc explain --agent {agent_id}`)\n\n```text\n" \
           f"{explain_text(checked.result, agent=agent_id, redactor=checked.redactor).rstrip()}\n```"


# --- keys ----------------------------------------------------------------------------------------

def _show(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


def _key_hover(path: Path, node, user_schema: str | None, release: str) -> str | None:
    if not path or isinstance(path[-1], int):
        return None
    facts = key_facts(path, release, user_schema=user_schema)
    lines = [f"**`{path[-1]}`** · `{path_to_dotted(path)}`"]
    if facts.retired:
        moved = f"; `openclaw doctor --fix` moves it to `{facts.retired['to']}`" if facts.retired.get("to") else \
            "; `openclaw doctor --fix` removes it"
        lines.append(f"Retired in OpenClaw {facts.release}: {facts.retired.get('note', '')}{moved}")
    elif not facts.known:
        lines.append(f"Not a key OpenClaw {facts.release} knows here.")
    else:
        described = []
        if facts.types:
            described.append("type: " + " or ".join(facts.types))
        if facts.values:
            described.append("one of: " + ", ".join(f"`{_show(v)}`" for v in facts.values[:20])
                             + (" ..." if len(facts.values) > 20 else ""))
        if facts.free_form and not facts.values and not facts.types:
            described.append("free-form: any key is allowed here")
        lines.append(" · ".join(described) or "any value")
        if facts.note:
            lines.append(facts.note)
        if facts.appeared_in:
            lines.append(f"Since OpenClaw {facts.appeared_in}.")
        if facts.leaves_in:
            lines.append(f"Gone in OpenClaw {facts.leaves_in}.")
        if facts.description:
            lines.append("")
            lines.append(facts.description)
    lines.append("")
    lines.append(f"_OpenClaw {facts.release} schema_")
    return "\n\n".join(lines[:1] + ["\n".join(lines[1:])])
