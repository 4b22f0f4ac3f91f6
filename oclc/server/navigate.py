"""Go to definition and completion.

    definitions(checked, document, offset) -> list[Target]
        `$include` paths -> the file; auth profile ids (auth.order, `@profile` pins) -> the
        profile under auth.profiles; agent ids -> the agent under agents.entries; model aliases ->
        where the alias is given
    completions(text, offset, prefix_path=(), release=None, user_schema=None) -> (start, items)
        keys and allowed values from the target release's schema, even while the text does not
        parse
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from typing import Any

from ..diagnostics import Path
from ..source import Span


@dataclass(frozen=True)
class Target:
    file: str                 # a file name as diagnostics give it (absolute here), or a path
    span: Span | None         # None: the top of the file


def definitions(checked, document, offset: int) -> list[Target]:
    node = checked.index(document).at(offset)
    if node is None or node.on_key:
        return []
    written = node.path
    if "$include" in written[-2:] and isinstance(node.value, str):
        return _include_target(document, node.value)
    config = checked.config_path(document, written)
    model = checked.result.model
    loaded = checked.result.loaded
    if config is None or loaded is None or not isinstance(node.value, str):
        return []
    value = node.value
    # auth.order.<provider>[i]: a profile id.
    if len(config) == 4 and config[:2] == ("auth", "order") and isinstance(config[3], int):
        return _profile_target(loaded, value)
    if model is None:
        return []
    if config[-1] in ("agentId", "defaultAgentId"):
        return _agent_target(loaded, model, value)
    if _is_model_ref(checked, config):
        from ..resolve import split_profile

        body, profile = split_profile(value)
        at = document.source.text.find("@", node.start, node.end)
        if profile is not None and at != -1 and offset > at:
            return _profile_target(loaded, profile)
        return _alias_target(loaded, model, config, body)
    return []


def _is_model_ref(checked, config: Path) -> bool:
    from .hover import ref_uses

    return tuple(config) in ref_uses(checked) or (config and config[-1] in ("primary", "model")) or \
        (len(config) >= 2 and config[-2] == "fallbacks")


def _target(loaded, path: Path, *, key: bool) -> list[Target]:
    file, span, _ = loaded.locate(path, key=key)
    if file is None or span is None:
        return []
    return [Target(file, span)]


def _include_target(document, written: str) -> list[Target]:
    base = os.path.dirname(document.source.path or os.path.abspath(document.source.name))
    target = os.path.normpath(written if os.path.isabs(written) else os.path.join(base, written))
    return [Target(target, None)] if os.path.isfile(target) else []


def _profile_target(loaded, profile_id: str) -> list[Target]:
    profiles = loaded.value.get("auth", {}).get("profiles") if isinstance(loaded.value.get("auth"), dict) else None
    if not isinstance(profiles, dict) or profile_id.strip() not in profiles:
        return []
    return _target(loaded, ("auth", "profiles", profile_id.strip()), key=True)


def _agent_target(loaded, model, value: str) -> list[Target]:
    from ..resolve import normalize_agent_id

    agent = model.agents.get(normalize_agent_id(value))
    if agent is None or agent.path is None:
        return []
    return _target(loaded, tuple(agent.path), key=True)


def _alias_target(loaded, model, config: Path, body: str) -> list[Target]:
    if "/" in body:
        return []
    wanted = body.strip().lower()
    # An agent's own alias wins over the defaults' (resolve: agent claims come last).
    agent_base: Path | None = None
    if len(config) >= 3 and config[:2] == ("agents", "entries"):
        agent_base = tuple(config[:3]) + ("models",)
    claims = [(alias, path) for alias, _ref, path in model.alias_claims if alias.lower() == wanted]
    own = [path for alias, path in claims if agent_base is not None and tuple(path[:4]) == agent_base]
    defaults = [path for alias, path in claims if tuple(path[:3]) == ("agents", "defaults", "models")]
    chosen = own[-1:] or defaults[-1:]
    return [t for path in chosen for t in _target(loaded, path, key=False)]


# --- completion ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Item:
    label: str
    insert: str
    kind: str                 # "key" | "value"
    detail: str = ""


_IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")


def _literal(value: Any, quote: str | None) -> str:
    if isinstance(value, str):
        if quote:
            return value
        return json.dumps(value, ensure_ascii=False)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value)


def completions(text: str, offset: int, prefix_path: Path = (), release: str | None = None,
                user_schema: str | None = None) -> tuple[int, list[Item]]:
    """(where the replaced word starts, the items). `prefix_path`: where this file's root sits in
    the loaded config (an included file)."""
    from .cursor import completion_context
    from .keys import member_names, value_choices

    context = completion_context(text, offset)
    if context.mode == "key":
        path = tuple(prefix_path) + tuple(context.path)
        items = []
        for name, facts in member_names(path, release, user_schema).items():
            if name in context.keys:
                continue
            insert = name if context.quote or _IDENTIFIER.match(name) else json.dumps(name)
            detail = " or ".join(facts.types)
            if facts.values:
                detail += (": " if detail else "") + ", ".join(_literal(v, None) for v in facts.values[:6])
            items.append(Item(name, insert, "key", detail))
        return context.start, items
    if context.mode == "value":
        path = tuple(prefix_path) + tuple(context.path)
        if not path:
            return context.start, []
        items = []
        for value in value_choices(path, release, user_schema):
            if context.quote and not isinstance(value, str):
                continue
            items.append(Item(_literal(value, None), _literal(value, context.quote), "value"))
        return context.start, items
    return context.start, []
