"""Values the target refuses only for how they are written, repaired after the migrations: a
number or a boolean written as a string (`port: "18789"`, `enabled: "true"`) where the schema
wants the number or the boolean itself.

The repair is the value the string spells, nothing guessed: a string that is not exactly a
number (`"18789 "` is trimmed; `"4k"` is not a number) or a boolean (`"true"`/`"false"`, any
case) is left, and so is a `${VAR}` reference (the variable is the person's to change). The
config was refused with the string, so the gateway never read it: the repair changes what is
written, not what ran.
"""
from __future__ import annotations

import re

from .textedit import EditError

MIGRATION_ID = "value-types"
# "expected an integer, got a string" (the schema stage), "expected boolean, got string" (a
# bundled channel's or plugin's schema).
_WANTS = re.compile(r"expected (?:an? )?(integer|number|boolean)(?: or (?:an? )?(integer|number|boolean))?, got (?:a )?string$")
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
    from ..pipeline import Options, check

    tree.migration, tree.moves_meaning = MIGRATION_ID, True
    replaced = {tree.paths[name]: tf.text.encode("utf-8") for name, tf in tree.files.items()
                if name != path and tree.paths.get(name)}
    result = check(path, text=tree.files[path].text.encode("utf-8"),
                   options=Options(env=env, replaced_files=replaced, openclaw_version=target,
                                   openclaw_version_from="--to"))
    for diagnostic in result.diagnostics:
        if not diagnostic.is_structural or diagnostic.code not in ("OC203", "OC224", "OC244"):
            continue
        wants = _WANTS.search(diagnostic.message)
        where = tuple(diagnostic.resolved_path)
        value = tree.get(where)
        if wants is None or not isinstance(value, str) or "${" in value:
            continue
        repaired = spelled_value(value, {kind for kind in wants.groups() if kind})
        if repaired is None:
            continue
        try:
            tree.set(where, repaired, f"{target} wants {_kind(repaired)} here, and the string spelled one "
                     f"({target} refuses the config with the string)")
        except EditError as exc:
            tree.decide(where, f"write the value without quotes (oclc could not: {exc})")


def _kind(value) -> str:
    return "a boolean" if isinstance(value, bool) else "a number"
