"""Walks and small steps the migrations share (where OpenClaw's doctor looks, and how it moves
one key to another)."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..tree import MISSING, Tree


@dataclass(frozen=True)
class Migration:
    """One migration: `apply(tree)` makes its edits through the Tree, each with its reason."""

    id: str
    describe: str
    apply: Callable[[Tree], None]
    moves_meaning: bool = True      # False: OpenClaw already reads the old form the same way


# The release whose doctor, channel plugins and loader these migrations were taken from: they
# carry a config to that release, not to an older one.
DOCTOR_RELEASE = "2026.9.6"

BLOCKED_KEYS = frozenset({"__proto__", "prototype", "constructor"})

Path = tuple


def is_record(value: Any) -> bool:
    return isinstance(value, dict)


def agent_entries(tree: Tree) -> list[Path]:
    """The agents' paths: agents.entries.<id> when that map exists, else agents.list[i] (objects
    only), as doctor visits them."""
    agents = tree.record(("agents",))
    if agents is None:
        return []
    entries = agents.get("entries")
    if isinstance(entries, dict):
        return [("agents", "entries", agent_id) for agent_id, entry in entries.items()
                if agent_id not in BLOCKED_KEYS and isinstance(entry, dict)]
    items = agents.get("list")
    if isinstance(items, list):
        return [("agents", "list", index) for index, entry in enumerate(items)
                if isinstance(entry, dict) and not (isinstance(entry.get("id"), str) and entry["id"] in BLOCKED_KEYS)]
    return []


def agent_scopes(tree: Tree) -> list[Path]:
    """agents.defaults (when it is an object), then every agent."""
    scopes: list[Path] = []
    if tree.record(("agents", "defaults")) is not None:
        scopes.append(("agents", "defaults"))
    return scopes + agent_entries(tree)


def channel_entries(tree: Tree, channel_id: str) -> list[Path]:
    """channels.<id> and each of its accounts that is an object."""
    channel = tree.record(("channels", channel_id))
    if channel is None:
        return []
    found: list[Path] = [("channels", channel_id)]
    accounts = channel.get("accounts")
    if isinstance(accounts, dict):
        found.extend(("channels", channel_id, "accounts", account) for account, value in accounts.items()
                     if isinstance(value, dict))
    return found


def q(value: Any) -> str:
    """A value as a message shows it: JSON (`"queue"`, `true`, `12`)."""
    import json

    return json.dumps(value, ensure_ascii=False)


def dotted(path: Path) -> str:
    out = ""
    for segment in path:
        out += f"[{segment}]" if isinstance(segment, int) else (("." if out else "") + str(segment))
    return out


def own(tree: Tree, path: Path) -> bool:
    return tree.get(path, MISSING) is not MISSING


def unset(tree: Tree, path: Path) -> bool:
    """JavaScript's `=== undefined` on a config read: absent (JSON has no undefined)."""
    return tree.get(path, MISSING) is MISSING


def move_key(tree: Tree, owner: Path, legacy: str, canonical: str, reason: str) -> None:
    """legacy -> canonical in the same object; when canonical is already set, legacy just goes."""
    if tree.record(owner) is None or not own(tree, owner + (legacy,)):
        return
    if unset(tree, owner + (canonical,)):
        tree.rename(owner + (legacy,), canonical, reason)
    else:
        tree.delete(owner + (legacy,), f"{reason}; `{dotted(owner + (canonical,))}` is already set and wins")


def delete_retired_path(tree: Tree, owner: Path, segments: tuple, reason: str) -> bool:
    """Remove owner + segments (`*` matching every key of an object); an object left empty by the
    removal goes too, up to `owner` (OpenClaw's deleteRetiredPath). True when something went."""
    if not segments or tree.record(owner) is None:
        return False
    key, rest = segments[0], segments[1:]
    if key == "*":
        changed = False
        for child in list(tree.record(owner)):
            changed = delete_retired_path(tree, owner + (child,), rest, reason) or changed
        return changed
    if not rest:
        if not own(tree, owner + (key,)):
            return False
        tree.delete(owner + (key,), reason)
        return True
    child = owner + (key,)
    if tree.record(child) is None or not delete_retired_path(tree, child, rest, reason):
        return False
    if tree.record(child) == {}:
        tree.delete(child, "nothing is left in it")
    return True


def delete_if_empty(tree: Tree, path: Path, reason: str = "nothing is left in it") -> None:
    if tree.record(path) == {}:
        tree.delete(path, reason)


def walk(value: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    yield path, value
    if isinstance(value, dict):
        for key, child in value.items():
            yield from walk(child, path + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from walk(child, path + (index,))
