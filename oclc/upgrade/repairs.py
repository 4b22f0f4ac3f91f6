"""Values the target refuses only for how they are written, repaired after the migrations: a
number or a boolean written as a string (`port: "18789"`, `enabled: "true"`) where the schema
wants the number or the boolean itself, and one string where the schema wants a list
(`allowAgents: "*"` is `["*"]`).

The repair is the value the string spells, nothing guessed: a string that is not exactly a
number (`"18789 "` is trimmed; `"4k"` is not a number) or a boolean (`"true"`/`"false"`, any
case) is left, and so is a `${VAR}` reference (the variable is the person's to change). A list is
kept only when the target accepts it (its items may have to be something else). The config was
refused with the string, so the gateway never read it: the repair changes what is written, not
what ran.
"""
from __future__ import annotations

import re

from .textedit import EditError

MIGRATION_ID = "value-types"
# "expected an integer, got a string" (the schema stage), "expected boolean, got string" (a
# bundled channel's or plugin's schema).
_WANTS = re.compile(r"expected (?:an? )?(integer|number|boolean)(?: or (?:an? )?(integer|number|boolean))?, got (?:a )?string$")
_WANTS_LIST = re.compile(r"expected an array, got a string$")
_INTEGER = re.compile(r"[+-]?\d+")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def spelled_value(text: str, wanted: set[str]):
    """The number or boolean `text` spells, of a kind in `wanted`; None when it spells none."""
    text = text.strip()
    if "boolean" in wanted and text.lower() in ("true", "false"):
        return text.lower() == "true"
    if "integer" in wanted and _INTEGER.fullmatch(text):
        return int(text)
    if "number" in wanted and _NUMBER.fullmatch(text):
        number = float(text)
        return int(number) if number.is_integer() and "." not in text and "e" not in text.lower() else number
    return None


def repair_value_types(tree, path: str, env: dict | None, target: str) -> None:
    tree.migration, tree.moves_meaning = MIGRATION_ID, True
    lists = []
    for diagnostic in _refusals(tree, path, env, target):
        where = tuple(diagnostic.resolved_path)
        value = tree.get(where)
        if diagnostic.code not in ("OC203", "OC224", "OC244") or not isinstance(value, str) or "${" in value:
            continue
        if _WANTS_LIST.search(diagnostic.message):
            lists.append(where)
            continue
        wants = _WANTS.search(diagnostic.message)
        repaired = spelled_value(value, {kind for kind in wants.groups() if kind}) if wants else None
        if repaired is None:
            continue
        try:
            tree.set(where, repaired, f"{target} wants {_kind(repaired)} here, and the string spelled one "
                     f"({target} refuses the config with the string)")
        except EditError as exc:
            tree.decide(where, f"write the value without quotes (oclc could not: {exc})")
    for where in lists:
        _one_item_list(tree, path, env, target, where)


def _one_item_list(tree, path: str, env, target: str, where: tuple) -> None:
    """The string as a list of one, kept when the target then has nothing to say about it."""
    saved = tree.savepoint()
    try:
        tree.set(where, [tree.get(where)], f"{target} wants a list here; the one string written is its item")
    except EditError:
        tree.rollback(saved)
        return
    if any(tuple(d.resolved_path)[:len(where)] == where for d in _refusals(tree, path, env, target)):
        tree.rollback(saved)


def _refusals(tree, path: str, env, target: str) -> list:
    from ..pipeline import Options, check

    replaced = {tree.paths[name]: tf.text.encode("utf-8") for name, tf in tree.files.items()
                if name != path and tree.paths.get(name)}
    result = check(path, text=tree.files[path].text.encode("utf-8"),
                   options=Options(env=env, replaced_files=replaced, openclaw_version=target,
                                   openclaw_version_from="--to"))
    return [d for d in result.diagnostics if d.is_structural]


def _kind(value) -> str:
    return "a boolean" if isinstance(value, bool) else "a number"
