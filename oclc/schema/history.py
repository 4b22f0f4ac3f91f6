"""Which bundled releases accept a key at a config path: the schema stage's messages about a key
the target refuses say when it was added (a newer release accepts it) or when it was last
accepted (an older one did).

Asked only for keys the target refuses, so the other releases' schemas are read only then (each
once per process), never on a clean config's run.
"""
from __future__ import annotations

from typing import Any, NamedTuple

from ..diagnostics import Path


class KeyHistory(NamedTuple):
    added_in: str | None          # the oldest newer release that accepts the key
    last_accepted_in: str | None  # the newest older release that accepted it


def _resolve(schema: dict, node: Any, root: dict) -> Any:
    seen = 0
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and seen < 32:
        reference = node["$ref"]
        place = next((key for key in ("$defs", "definitions") if reference.startswith(f"#/{key}/")), None)
        if place is None:
            break
        name = reference[len(place) + 3:].replace("~1", "/").replace("~0", "~")
        node = root.get(place, {}).get(name)
        seen += 1
    return node


def _open(node: Any) -> bool:
    """A schema that says nothing (`true`, `{}`): it takes any key without naming it."""
    return node is True or node is None or node == {}


def _children(node: Any, key: str, root: dict, explicit: bool = False) -> list[Any]:
    """The subschemas a member `key` of an object matching `node` must satisfy; [] when `node`
    has no place for the key (an approximation: any branch of a union that takes the key counts).
    With `explicit`, an open schema (one that takes any key without naming it) is no place."""
    node = _resolve(root, node, root)
    if _open(node):
        return [] if explicit else [True]
    if not isinstance(node, dict):
        return []
    branches = list(node.get("anyOf") or ()) + list(node.get("allOf") or ())
    found: list[Any] = []
    for branch in branches:
        found += _children(branch, key, root, explicit)
    kinds = node.get("type")
    object_keywords = ("properties", "patternProperties", "additionalProperties", "unevaluatedProperties")
    if kinds is not None:
        if "object" not in (kinds if isinstance(kinds, list) else [kinds]):
            return found
    elif not any(keyword in node for keyword in object_keywords):
        # Only constraints or a union at this level: its branches decide.
        return found if branches or "enum" in node or explicit else [True]
    properties = node.get("properties") or {}
    if key in properties:
        return found + [properties[key]]
    patterns = node.get("patternProperties") or {}
    if patterns:
        from .dialect import ecma_search

        matched = [sub for pattern, sub in patterns.items() if ecma_search(pattern, key)]
        if matched:
            return found + matched
    extra = node.get("additionalProperties", node.get("unevaluatedProperties"))
    if extra is False or (explicit and _open(extra)):
        return found
    return found + [extra if extra is not None else True]


def accepts_key(schema: dict, path: Path, *, explicit: bool = False) -> bool:
    """Does `schema` have a place for the key at `path` (every segment a key or an index)? With
    `explicit`, only a place the schema names counts: where it takes any key (`channels.<id>` of
    a release whose channel schemas live apart from its core schema), the answer is no."""
    frontier: list[Any] = [schema]
    for segment in path:
        following: list[Any] = []
        for node in frontier:
            node = _resolve(schema, node, schema)
            if _open(node):
                if explicit:
                    continue
                return True
            if isinstance(segment, int):
                if isinstance(node, dict):
                    items = node.get("items")
                    following += [items if items is not None else True]
                    following += [sub for b in node.get("anyOf") or () if isinstance(b, dict)
                                  for sub in ([b["items"]] if "items" in b else [])]
            else:
                following += _children(node, str(segment), schema, explicit)
        if not following:
            return False
        frontier = following
    return True


def key_history(path: Path, target: str) -> KeyHistory:
    """When the bundled releases around `target` accepted the key at `path`."""
    from ..releases import bundled_releases

    releases = list(bundled_releases())
    if target not in releases:
        return KeyHistory(None, None)
    at = releases.index(target)
    added = next((r for r in releases[at + 1:] if release_names(r, path)), None)
    last = next((r for r in reversed(releases[:at]) if release_names(r, path)), None)
    return KeyHistory(added, last)


def release_names(release: str, path: Path) -> bool:
    """Does the release's schema name the key at `path`? Only a place a schema names counts: a
    release that took any key there did not know this one. A release whose bundled channels'
    schemas live beside its core schema (`channels.<id>` open in the core) is asked in that
    channel's own schema."""
    from ..releases import has_data, load_json

    if accepts_key(load_json("schema.json", release), path, explicit=True):
        return True
    if len(path) > 2 and path[0] == "channels" and isinstance(path[1], str):
        name = f"channel-schemas/{path[1]}.json"
        if has_data(name, release):
            return accepts_key(load_json(name, release), path[2:], explicit=True)
    return False
