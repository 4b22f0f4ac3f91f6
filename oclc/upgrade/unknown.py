"""The last step of an upgrade: keys the target release has no place for, once every migration
has run, are removed, as `openclaw doctor --fix` removes unknown keys (`--keep-unknown` leaves
them, listed as still refused).

OpenClaw refuses a whole config for one key its schema does not know, so such a key never did
anything on the target: removing it cannot change what the gateway does, and it is the only way
to a config the target accepts. Unlike doctor, oclc also removes the unknown settings of bundled
channels and plugins (OC224/OC244, which doctor leaves, so the gateway still refuses its result),
says for each key which release last accepted it, and fixes a key whose only fault is its
letter case (`controlUI` is `controlUi`) instead of removing it.

Never removed: `$include` (a merge directive, not a key), plugin install records (doctor protects
them too), and a key a migration left to a person's decision (moving it by hand keeps its value;
removing it would lose that).
"""
from __future__ import annotations

import re

from .textedit import EditError

MIGRATION_ID = "unknown-keys"
_SUGGESTION = re.compile(r'did you mean "([^"]+)"')
_MOVED_TO = re.compile(r"moves it to (.+)$")


def is_unknown_key(diagnostic) -> bool:
    """A refusal about a key itself (the target's schema, a bundled channel's or a bundled
    plugin's has no place for it), not about its value."""
    from ..rules.openclaw.channels import reports_unknown_setting

    if not diagnostic.is_structural or not diagnostic.resolved_path:
        return False
    return diagnostic.code in ("OC201", "OC202") or reports_unknown_setting(diagnostic)


def remove_unknown_keys(tree, path: str, env: dict | None, target: str, *, keep: bool = False) -> None:
    """Remove (or, with `keep`, leave) what the target reports as an unknown key; a few rounds,
    since a key renamed into place can show a key inside it that is unknown too."""
    from ..pipeline import Options, check

    if keep:
        return
    tree.migration, tree.moves_meaning = MIGRATION_ID, True
    for _ in range(4):
        replaced = {tree.paths[name]: tf.text.encode("utf-8") for name, tf in tree.files.items()
                    if name != path and tree.paths.get(name)}
        result = check(path, text=tree.files[path].text.encode("utf-8"),
                       options=Options(env=env, replaced_files=replaced, openclaw_version=target,
                                       openclaw_version_from="--to"))
        unknown = [d for d in result.diagnostics if is_unknown_key(d) and _removable(tree, d)]
        changed = False
        # The deepest first: removing a key must not move the place of another one still to go.
        for diagnostic in sorted(unknown, key=lambda d: len(d.resolved_path), reverse=True):
            where = tuple(diagnostic.resolved_path)
            if not tree.has(where):
                continue
            try:
                if not _fix_letter_case(tree, where, diagnostic):
                    tree.delete(where, _reason(where, target, diagnostic))
                    # "Move it by hand" is moot once it is gone: the reason says where it would go.
                    tree.decisions[:] = [d for d in tree.decisions if tuple(d.path) != where]
                changed = True
            except EditError as exc:
                tree.decide(where, f"an unknown key oclc could not remove ({exc}); remove it by hand")
        if not changed:
            return


# The roster: a retired form of it is the person's agents; never removed wholesale.
_NEVER_REMOVED = {("plugins", "installs"), ("agents", "list")}


def _removable(tree, diagnostic) -> bool:
    where = tuple(diagnostic.resolved_path)
    if where in _NEVER_REMOVED or "$include" in where:
        return False
    for decision in tree.decisions:
        inside = tuple(decision.path)[:len(where)] == where
        # A decision about this key, or about a key inside it, is the person's to make; but a retired
        # key that no migration could move (the release data's "move it by hand") holds nothing
        # OpenClaw's own migration moves, and doctor removes it. A decision about a section around
        # it (reinstall plugins) is not about this key.
        if inside and not (diagnostic.code == "OC202" and decision.migration == "release.retired-keys"
                           and tuple(decision.path) == where):
            return False
    return True


def _fix_letter_case(tree, where: tuple, diagnostic) -> bool:
    """`controlUI` where the target knows `controlUi`: the same key, misspelt in case only.
    Renamed when the right spelling is not set too; True when done."""
    found = _SUGGESTION.search(diagnostic.message) or _SUGGESTION.search(diagnostic.help or "")
    key = where[-1]
    if found is None or not isinstance(key, str):
        return False
    right = found.group(1)
    if right == key or right.lower() != key.lower() or tree.has(where[:-1] + (right,)):
        return False
    tree.rename(where, right, f"OpenClaw's key is spelt `{right}`; `{key}` differs from it in letter case only, "
                "and the schema refuses it")
    return True


def _reason(where: tuple, target: str, diagnostic) -> str:
    from ..schema.history import key_history

    history = key_history(where, target) if diagnostic.code in ("OC201", "OC202") else None
    found = _SUGGESTION.search(diagnostic.message) or _SUGGESTION.search(diagnostic.help or "")
    hint = f" (if `{found.group(1)}` was meant, set it there)" if found else ""
    doctor = "as `openclaw doctor --fix` removes unknown keys"
    if diagnostic.code == "OC202":
        moved = _MOVED_TO.search(diagnostic.message)
        where_now = f" (its settings live at {moved.group(1)} now: set there what you need)" if moved else ""
        return (f"{target} refuses it, and nothing left in it is a setting OpenClaw's migration moves; "
                f"removed {doctor}{where_now}")
    if history is not None and history.last_accepted_in:
        return (f"OpenClaw {history.last_accepted_in} was the last release to accept it; {target} refuses it "
                f"and nothing replaces it, so it is removed {doctor}{hint}")
    if history is not None and history.added_in:
        return (f"{target} does not know it yet (OpenClaw {history.added_in} added it); removed for {target}"
                f"{hint}")
    if diagnostic.code in ("OC224", "OC244"):
        owner = "channel" if diagnostic.code == "OC224" else "plugin"
        return (f"the {owner}'s settings in {target} have no such key, and {target} refuses the config for it; "
                f"removed (`openclaw doctor --fix` leaves it, and the gateway keeps refusing){hint}")
    return (f"no OpenClaw release accepts it, and {target} refuses the config for it; removed {doctor}{hint}")
