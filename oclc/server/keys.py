"""What a release's schema says about a config key: for hover and completion.

    key_facts(path, release, user_schema=None) -> KeyFacts
    member_names(path, release, user_schema=None) -> dict[str, KeyFacts]   keys an object may hold
    target_release() -> str

Everything goes through the release a config targets (today the one bundled release,
DEFAULT_RELEASE; with more releases under oclc/releases, `appeared_in` and `leaves_in` say
when a key came and goes). The bundled schemas hold structure only; the prose of OpenClaw's
own schema (`description`) is shown only from a schema the user points oclc at (`--schema`).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..diagnostics import Path
from ..releases import DEFAULT_RELEASE, bundled_releases, load_json

# Keys of `params` records that OpenClaw reads but its schema leaves free (`params` is any
# object): what oclc's cache rules know of them.
_PARAMS_KEYS = {
    "cacheRetention": {"enum": ["none", "short", "long"], "note": "prompt-cache retention (checked by OC401)"},
    "cacheControlTtl": {"enum": ["5m", "1h"], "note": "retired: write cacheRetention (OC402)"},
}


def target_release(checked=None) -> str:
    """The release a document is checked against: the target its last check chose (the same
    choice as `oclc lint`: --openclaw-version, settings, meta.lastTouchedVersion, newest); the
    newest bundled release before the first check."""
    target = getattr(getattr(checked, "result", None), "target", None)
    return target.release if target is not None else DEFAULT_RELEASE


@dataclass
class KeyFacts:
    path: Path
    release: str
    known: bool                            # the release's schema has a place for this key
    types: list[str] = field(default_factory=list)
    values: list[Any] = field(default_factory=list)     # allowed values (enum / const / boolean)
    description: str | None = None         # from the user's own schema only
    note: str | None = None                # what oclc knows (params keys)
    retired: dict | None = None            # the release's migration entry: {"note", "to"?}
    appeared_in: str | None = None         # the first bundled release with the key, when not the oldest
    leaves_in: str | None = None           # the first bundled release after `release` without it
    free_form: bool = False                # any key is allowed here (a map, or `params`)


# --- walking a schema ---------------------------------------------------------------------------

def _resolve(schema: Any, root: Any, seen: frozenset = frozenset()) -> list[dict]:
    """`schema` with $ref followed and anyOf/oneOf/allOf flattened: the alternatives it allows."""
    if not isinstance(schema, dict):
        return []
    reference = schema.get("$ref")
    if isinstance(reference, str) and reference.startswith("#/") and reference not in seen:
        target: Any = root
        for part in reference[2:].split("/"):
            target = target.get(part.replace("~1", "/").replace("~0", "~")) if isinstance(target, dict) else None
        rest = {key: value for key, value in schema.items() if key != "$ref"}
        return _resolve(target, root, seen | {reference}) + ([rest] if len(rest) > 0 else [])
    found = [schema]
    for key in ("anyOf", "oneOf", "allOf"):
        for branch in schema.get(key, ()) if isinstance(schema.get(key), list) else ():
            found.extend(_resolve(branch, root, seen))
    return found


def _pattern_matches(pattern: str, key: str) -> bool:
    from ..schema.dialect import ecma_search

    try:
        return ecma_search(pattern, key)
    except Exception:           # a pattern oclc cannot read: it may match
        return True


def _children(schemas: list[dict], part: Any, root: Any) -> tuple[list[dict], bool]:
    """The schemas of member or item `part` of a value that `schemas` describe, and whether that
    member is only allowed as a free-form map entry (additionalProperties/patternProperties)."""
    found: list[dict] = []
    free = True
    for schema in schemas:
        if isinstance(part, int):
            items = schema.get("items")
            prefix = schema.get("prefixItems")
            if isinstance(prefix, list) and part < len(prefix):
                found.extend(_resolve(prefix[part], root))
            elif isinstance(items, dict):
                found.extend(_resolve(items, root))
            continue
        properties = schema.get("properties")
        if isinstance(properties, dict) and part in properties:
            found.extend(_resolve(properties[part], root))
            free = False
            continue
        matched = False
        patterns = schema.get("patternProperties")
        if isinstance(patterns, dict):
            for pattern, sub in patterns.items():
                if _pattern_matches(pattern, str(part)):
                    found.extend(_resolve(sub, root))
                    matched = True
        extra = schema.get("additionalProperties")
        if not matched and isinstance(extra, dict):
            found.extend(_resolve(extra, root))
        elif not matched and extra is None and schema.get("type") in ("object", None) and not properties:
            found.append({})          # an object that allows anything
    return found, free


def _schemas_at(path: Path, root: Any) -> tuple[list[dict], bool, bool]:
    """(the schemas at `path`, whether the last step was a free-form map entry, whether the path
    passed through a free-form object such as `params`)."""
    schemas = _resolve(root, root)
    free = False
    in_free_object = False
    for part in path:
        if any(s == {} or (s.get("type") == "object" and "properties" not in s and "additionalProperties" not in s
                           and "patternProperties" not in s) for s in schemas):
            in_free_object = True
        schemas, free = _children(schemas, part, root)
        if not schemas:
            break
    return schemas, free, in_free_object


def _types(schemas: list[dict]) -> list[str]:
    found: list[str] = []
    for schema in schemas:
        kind = schema.get("type")
        for item in kind if isinstance(kind, list) else [kind] if isinstance(kind, str) else []:
            if item not in found:
                found.append(item)
        if "enum" in schema or "const" in schema:
            for value in schema.get("enum", []) + ([schema["const"]] if "const" in schema else []):
                word = {bool: "boolean", str: "string", int: "number", float: "number"}.get(type(value), "null")
                if word not in found:
                    found.append(word)
    return found


def _values(schemas: list[dict]) -> list[Any]:
    found: list[Any] = []
    for schema in schemas:
        candidates = list(schema.get("enum", [])) if isinstance(schema.get("enum"), list) else []
        if "const" in schema:
            candidates.append(schema["const"])
        if schema.get("type") == "boolean":
            candidates.extend([True, False])
        for value in candidates:
            if value not in found:
                found.append(value)
    return found


@lru_cache(maxsize=8)
def _user_schema(path: str, mtime: float) -> Any:
    from ..schema.dialect import _load_schema

    return _load_schema(path)


def _load_user_schema(path: str | None) -> Any:
    if not path:
        return None
    try:
        return _user_schema(os.path.realpath(path), os.stat(path).st_mtime)
    except Exception:           # unreadable or not a schema: the lint diagnostics say so
        return None


def _retired(path: Path, release: str) -> dict | None:
    """The doctor's migration entry for a retired key of `release` (the schema stage's own table)."""
    from ..schema.dialect import retired_key

    return retired_key(tuple(path), release)


def _has_place(path: Path, release: str) -> bool:
    schemas, _, _ = _schemas_at(path, load_json("schema.json", release))
    return bool(schemas) and _retired(path, release) is None


def key_facts(path: Path, release: str | None = None, user_schema: str | None = None) -> KeyFacts:
    release = release or target_release()
    path = tuple(path)
    root = load_json("schema.json", release)
    schemas, free, in_free_object = _schemas_at(path, root)
    facts = KeyFacts(path, release, known=bool(schemas))
    facts.types = _types(schemas)
    facts.values = _values(schemas)
    facts.free_form = free and bool(schemas)
    if len(path) >= 2 and path[-2] == "params" and path[-1] in _PARAMS_KEYS:
        known = _PARAMS_KEYS[path[-1]]
        facts.values = list(known["enum"])
        facts.types = ["string"]
        facts.note = known["note"]
        facts.known = True
    elif in_free_object and not schemas:
        facts.known = True
        facts.free_form = True
    facts.retired = _retired(path, release)
    releases = bundled_releases()
    if release in releases and path:
        index = releases.index(release)
        if facts.known and index > 0:
            first = next((r for r in releases[:index + 1] if _has_place(path, r)), None)
            if first is not None and first != releases[0]:
                facts.appeared_in = first
        if facts.known and not facts.retired:
            facts.leaves_in = next((r for r in releases[index + 1:] if not _has_place(path, r)), None)
    user = _load_user_schema(user_schema)
    if user is not None:
        user_schemas, _, _ = _schemas_at(path, user)
        descriptions = [s["description"] for s in user_schemas if isinstance(s.get("description"), str)]
        if descriptions:
            facts.description = descriptions[0]
    return facts


def member_names(path: Path, release: str | None = None, user_schema: str | None = None) -> dict[str, KeyFacts]:
    """The keys the object at `path` may hold (named properties; a map's own keys are the user's),
    each with its facts. Retired keys are left out: completion should not suggest them."""
    release = release or target_release()
    path = tuple(path)
    root = _load_user_schema(user_schema) or load_json("schema.json", release)
    schemas, _, _ = _schemas_at(path, root)
    names: dict[str, KeyFacts] = {}
    for schema in schemas:
        properties = schema.get("properties")
        for name in properties if isinstance(properties, dict) else ():
            if name not in names and _retired(path + (name,), release) is None:
                names[name] = key_facts(path + (name,), release, user_schema)
    if path and path[-1] == "params":
        for name in _PARAMS_KEYS:
            if name not in names and name != "cacheControlTtl":
                names[name] = key_facts(path + (name,), release, user_schema)
    return names


def value_choices(path: Path, release: str | None = None, user_schema: str | None = None) -> list[Any]:
    """The values the key at `path` allows, when the schema lists them."""
    facts = key_facts(path, release, user_schema)
    if user_schema:
        user = _load_user_schema(user_schema)
        if user is not None:
            return _values(_schemas_at(tuple(path), user)[0]) or facts.values
    return facts.values
