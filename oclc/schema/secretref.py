"""SecretRef objects: how OpenClaw recognises one, and where its core schema forbids them."""

from __future__ import annotations

import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# SecretRef objects are refused here: the values are rewritten or managed at runtime.
CORE_SECRETREF_FORBIDDEN_SURFACES = ("hooks.token", "hooks.gmail.pushToken", "hooks.mappings[].sessionKey")


_SECRET_SOURCES = ("env", "file", "exec", "store")


def _get(value: Any, *path: Any) -> Any:
    for key in path:
        if isinstance(value, dict):
            value = value.get(key)
        else:
            return None
    return value


def secret_ref(value: Any, defaults: Any = None) -> dict | None:
    """The SecretRef a value stands for, as OpenClaw coerces it: a {source, provider, id} object,
    a provider-less object (default alias), or an exact `${NAME}` / `$NAME` string."""
    if isinstance(value, dict):
        source, provider, ref_id = value.get("source"), value.get("provider"), value.get("id")
        if (len(value) == 3 and source in _SECRET_SOURCES and isinstance(provider, str) and provider.strip()
                and isinstance(ref_id, str) and ref_id.strip()):
            return value
        if source in _SECRET_SOURCES and isinstance(ref_id, str) and ref_id.strip() and "provider" not in value:
            alias = _get(defaults, source)
            return {"source": source, "provider": alias if isinstance(alias, str) and alias else "default", "id": ref_id}
        return None
    if isinstance(value, str):
        match = re.fullmatch(r"\$\{([A-Z][A-Z0-9_]{0,127})\}|\$([A-Z][A-Z0-9_]{0,127})", value.strip())
        if match:
            alias = _get(defaults, "env")
            alias = alias.strip() if isinstance(alias, str) and alias.strip() else "default"
            return {"source": "env", "provider": alias, "id": match.group(1) or match.group(2)}
    return None
