"""Values the target refuses only for how they are written, repaired after the migrations: a
number or a boolean written as a string (`port: "18789"`, `enabled: "true"`) where the schema
wants the number or the boolean itself, and one string where the schema wants a list
(`allowAgents: "*"` is `["*"]`; a string that reads as several items, `"exec,browser"`, is left:
which items is the person's to say).

The repair is the value the string spells, nothing guessed: a string that is not exactly a
number (`"18789 "` is trimmed; `"4k"` is not a number) or a boolean (`"true"`/`"false"`, any
case) is left, and so is a `${VAR}` reference (the variable is the person's to change). A list is
kept only when the target accepts it (its items may have to be something else). The config was
refused with the string, so the gateway never read it: the repair changes what is written, not
what ran.
"""
from __future__ import annotations

import re

from .recheck import Recheck

MIGRATION_ID = "value-types"
# "expected an integer, got a string" (the schema stage), "expected boolean, got string" (a
# bundled channel's or plugin's schema).
_WANTS = re.compile(r"expected (?:an? )?(integer|number|boolean)(?: or (?:an? )?(integer|number|boolean))?, got (?:a )?string$")
_WANTS_LIST = re.compile(r"expected (?:an )?array, got (?:a )?string$")
# "exec,browser" or "10.0.0.1 10.0.0.2" is several items in one string: which ones is the person's to
# say (as one item, a deny list would deny nothing).
_SEVERAL = re.compile(r"[,;]|\S\s+\S")
_INTEGER = re.compile(r"[+-]?\d+", re.ASCII)
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", re.ASCII)


def spelled_value(text: str, wanted: set[str]):
    """The number or boolean `text` spells, of a kind in `wanted`; None when it spells none. Only
    ASCII digits and blanks count, as for JavaScript's Number() ("١٨" is not 18 there)."""
    text = text.strip(" \t\r\n")
    if "boolean" in wanted and text.lower() in ("true", "false"):
        return text.lower() == "true"
    if "integer" in wanted and _INTEGER.fullmatch(text):
        return int(text)
    if "number" in wanted and _NUMBER.fullmatch(text):
        number = float(text)
        return int(number) if number.is_integer() and "." not in text and "e" not in text.lower() else number
    return None


def repair_value_types(tree, recheck: Recheck) -> None:
    """Each repair is kept only when the target then accepts the value (a port of "70000" spells a
    number, but not one the target takes: the string stays, and the rest of the upgrade goes on)."""
    tree.migration, tree.moves_meaning = MIGRATION_ID, True
    target = recheck.target
    for diagnostic in recheck.refusals(tree):
        where = tuple(diagnostic.resolved_path)
        value = tree.get(where)
        if diagnostic.code not in ("OC203", "OC224", "OC244") or not isinstance(value, str) or "${" in value:
            continue
        if _WANTS_LIST.search(diagnostic.message):
            if _SEVERAL.search(value.strip()):
                continue
            repaired, reason = [value], f"{target} wants a list here; the one string written is its item"
        else:
            wants = _WANTS.search(diagnostic.message)
            repaired = spelled_value(value, {kind for kind in wants.groups() if kind}) if wants else None
            reason = (f"{target} wants {_kind(repaired)} here, and the string spelled one ({target} refuses "
                      "the config with the string)")
        if repaired is not None:
            recheck.kept_if_accepted(tree, where, lambda: tree.set(where, repaired, reason))


def _kind(value) -> str:
    return "a boolean" if isinstance(value, bool) else "a number"
