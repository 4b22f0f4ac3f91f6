"""The last step of an upgrade: keys the target release has no place for, once every migration
has run, as `openclaw doctor --fix` removes unknown keys (`--keep-unknown`: this step does not run,
and they are listed as still refused).

OpenClaw refuses a whole config for one key its schema does not know, so such a key never did
anything on the target: removing it cannot change what the gateway does. But a key can hold a
person's work, so each one is judged:

- a key that looks like a misspelling of one the target knows (`controlUI`, `agnets`, `cdp_url`)
  is renamed to it when that key is not set and the target accepts the value there; when it is
  set with another value, or the value would be refused there too, a person decides (unless the
  value is a single scalar, which goes);
- a key the config's own release may know (a config written by a newer OpenClaw than the target,
  or a key a newer bundled release added) is never removed: that is a downgrade, a person decides;
- a form from before 2026.1.30 that holds agents or their bindings (`agent`, `identity`,
  `routing.agents`, ...) is left to a person, with where its settings live now;
- an agent written where agents do not go (`agents.main: { model, workspace }`), what looks like
  a credential (`botTokn`, a token-shaped value), and a value beside a key a migration left to a
  person are left to a person too;
- the rest is removed, named with its reason (the release that last accepted it, or that none
  oclc carries did). Doctor removes unknown keys of the core schema only; oclc also removes the
  unknown settings of bundled channels and plugins (OC224/OC244), which doctor leaves, so that the
  gateway accepts the result.

Never removed: `$include`, plugin install records, and a key a migration left to a person's
decision (moving it by hand keeps its value).
"""
from __future__ import annotations

import re
from .recheck import Recheck
from .tree import leaves
from .textedit import EditError

MIGRATION_ID = "unknown-keys"
_SUGGESTION = re.compile(r'did you mean "([^"]+)"')
_MOVED_TO = re.compile(r"moves it to (.+)$")
_NEVER_REMOVED = {("plugins", "installs"), ("agents", "list")}
# Forms older than every release oclc carries, with no migration in any of them (OpenClaw's config
# history), that hold agents, their identities or how messages reach them: where that lives now.
_BEFORE_2026 = {
    ("agent",): "agents.defaults (model, workspace, ...)",
    ("identity",): "agents.entries.<id>.identity",
    ("defaultAgentId",): "agents.entries and agents.ownership",
    ("routing", "agents"): "agents.entries",
    ("routing", "bindings"): "bindings (top level)",
    ("routing", "queue"): "messages.queue",
}


def is_unknown_key(diagnostic) -> bool:
    """A refusal about a key itself (the target's schema, a bundled channel's or a bundled
    plugin's has no place for it), not about its value."""
    from ..rules.openclaw.channels import reports_unknown_setting

    if not diagnostic.is_structural or not diagnostic.resolved_path:
        return False
    return diagnostic.code in ("OC201", "OC202") or reports_unknown_setting(diagnostic)


def remove_unknown_keys(tree, context: Recheck) -> None:
    """Judge every unknown key (see the module's doc); a few rounds, since a key renamed into
    place can show a key inside it that is unknown too."""
    tree.migration, tree.moves_meaning = MIGRATION_ID, True
    for _ in range(4):
        unknown = [d for d in context.refusals(tree)
                   if is_unknown_key(d) and not _settled(tree, tuple(d.resolved_path), d)]
        if not unknown:
            return
        # The deepest first: removing a key must not move the place of another one still to go.
        for diagnostic in sorted(unknown, key=lambda d: len(d.resolved_path), reverse=True):
            where = tuple(diagnostic.resolved_path)
            if tree.has(where):
                try:
                    _judge(tree, where, diagnostic, context)
                except EditError as exc:
                    tree.decide(where, f"an unknown key oclc could not remove ({exc}); remove it by hand")


def _judge(tree, where: tuple, diagnostic, context: Recheck) -> None:
    from ..schema.history import key_history

    history = key_history(where, context.target) if diagnostic.code in ("OC201", "OC202") else None
    if context.written_by_newer or (history is not None and history.added_in):
        newer = context.written_by_newer or history.added_in
        tree.decide(where, f"OpenClaw {context.target} does not know it, but OpenClaw {newer} "
                    f"{'wrote this config' if context.written_by_newer else 'added it'}: carrying a config to an "
                    f"older release is a downgrade; remove it by hand if the gateway runs {context.target}")
        return
    old_form = next((place for place in _BEFORE_2026 if _holds(tree, where, place)), None)
    if old_form is not None:
        tree.decide(where, f"`{_dotted(old_form)}` is a form from before 2026 that no release oclc carries reads "
                    f"or migrates; its settings live at {_BEFORE_2026[old_form]} now: move them there by hand")
        return
    suggestion = _suggestion(diagnostic)
    if suggestion is not None and _try_suggestion(tree, where, suggestion, context):
        return
    kept = _worth_keeping(tree, where)
    if kept is not None:
        tree.decide(where, f"{context.target} has no place for it, but it {kept}; remove it by hand once "
                    f"what it holds is where it belongs")
        return
    tree.delete(where, _reason(where, context.target, diagnostic, history))
    # "Move it by hand" is moot once it is gone: the reason says where it would go.
    tree.decisions[:] = [d for d in tree.decisions if tuple(d.path) != where]


# The settings an agent has: an object with one of them, written where agents do not go
# (`agents.main`), is a person's agent, not a stray key.
_AGENT_FIELDS = frozenset({"model", "workspace", "agentDir", "identity", "skills", "heartbeat", "subagents",
                           "sandbox", "tools", "params", "models"})
# How a credential's key ends, however misspelt (`botTokn`, `passwrd`, `signingKey`); `tokens` (a
# usage count) and `maxTokens` do not.
_CREDENTIAL_ENDINGS = ("token", "tokn", "secret", "password", "passwd", "passwrd", "pass", "pwd", "key", "cred",
                       "credential", "credentials", "cookie", "bearer")


def _worth_keeping(tree, where: tuple) -> str | None:
    """Why an unknown key must not simply go (what it holds, said for the person), or None: an
    agent written where agents do not go, what looks like a credential (by its name, however
    misspelt, or by its value), or a value beside a key a migration left to a person."""
    from ..render.snippet import is_secret_value

    value = tree.get(where)
    if len(where) == 2 and where[0] == "agents" and isinstance(value, dict) and _AGENT_FIELDS & set(value):
        return f"looks like an agent ({', '.join(sorted(_AGENT_FIELDS & set(value)))}); agents live at agents.entries.<id>"
    name = str(where[-1]).lower().replace("_", "").replace("-", "")
    if name.endswith(_CREDENTIAL_ENDINGS) or "apikey" in name or "secret" in name or any(
            is_secret_value(path, leaf) for path, leaf in leaves(where, value)):
        return "looks like it holds a credential (which would be lost)"
    if len(where) > 1 and any(tuple(d.path)[:-1] == where[:-1] and not d.advisory and d.migration != MIGRATION_ID
                              for d in tree.decisions):
        return "sits beside a key a person decides, and may be what that decision needs"
    return None


def _settled(tree, where: tuple, diagnostic) -> bool:
    """Is the key not this step's to judge: never removed, or a person's to decide already?"""
    if where in _NEVER_REMOVED or "$include" in where:
        return True
    return any(_keeps(decision, where, diagnostic) for decision in tree.decisions)


def _keeps(decision, where: tuple, diagnostic) -> bool:
    """Does a person's decision need the key at `where` kept? One about the key, about something
    inside it, or about a section around it (what is decided there may rest on it: which Signal
    daemon answers at `httpUrl`) does; advice about a section (reinstall plugins) does not. A
    retired key that no migration could move (the release data's "move it by hand") holds nothing
    OpenClaw's own migration moves, and doctor removes it: that one is still this step's."""
    decided = tuple(decision.path)
    inside = decided[:len(where)] == where
    around = where[:len(decided)] == decided and not decision.advisory
    if not (inside or around):
        return False
    retired_leftover = (diagnostic.code == "OC202" and decision.migration == "release.retired-keys"
                        and decided == where)
    return not retired_leftover


def _holds(tree, where: tuple, place: tuple) -> bool:
    """Is the old form `place` the key at `where`, or inside it?"""
    return place[:len(where)] == where and tree.has(place)


def _suggestion(diagnostic) -> str | None:
    found = _SUGGESTION.search(diagnostic.message) or _SUGGESTION.search(diagnostic.help or "")
    return found.group(1) if found else None


def _try_suggestion(tree, where: tuple, right: str, context: Recheck) -> bool:
    """The key the misspelt one is most likely: renamed to it when that is not set and the target
    accepts the value there; left to a person when its value is more than one scalar (or the two
    disagree). True when the key was dealt with here."""
    key = where[-1]
    value = tree.get(where)
    substantial = isinstance(value, (dict, list)) and bool(value)
    case_only = right.lower() == str(key).lower()
    if not case_only and not one_slip(str(key).lower(), right.lower()):
        return False                # a distant likeness (`subagents`, `agents`): not taken as meant
    there = where[:-1] + (right,)
    if tree.has(there):
        if tree.get(there) == value:
            return False            # the same value is already where it belongs: this copy goes
        if case_only or substantial:
            tree.decide(where, f"`{_dotted(there)}` is set too, with another value; keep one of the two by hand")
            return True
        return False
    how = "in letter case only" if case_only else "by a few letters"
    reason = (f"OpenClaw's key is spelt `{right}`, which `{key}` differs from {how}; {context.target} refuses "
              f"`{key}` and accepts this value as `{right}`")
    if context.kept_if_accepted(tree, there, lambda: tree.rename(where, right, reason)):
        return True
    if substantial or case_only:
        tree.decide(where, f"{context.target} does not know `{key}`; if `{right}` was meant, its value needs changes "
                    f"there: move what you need by hand")
        return True
    return False


def one_slip(written: str, meant: str) -> bool:
    """Is `written` `meant` with one slip of the keyboard: a letter added, dropped, changed, or
    two neighbours swapped (`agnets`, `sessions`, `cdp_url` is not: `cdpUrl` differs by case and a
    dropped `_`, which counts as case plus one slip)?"""
    written, meant = written.replace("_", ""), meant.replace("_", "")
    if written == meant:
        return True
    if abs(len(written) - len(meant)) > 1:
        return False
    # Optimal string alignment distance, stopped at 1.
    previous2: list[int] = []
    previous = list(range(len(meant) + 1))
    for i, a in enumerate(written, 1):
        current = [i] + [0] * len(meant)
        for j, b in enumerate(meant, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b))
            if i > 1 and j > 1 and a == meant[j - 2] and written[i - 2] == b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1] <= 1


def _reason(where: tuple, target: str, diagnostic, history) -> str:
    from ..releases import bundled_releases

    releases = list(bundled_releases())
    carried = f"{releases[0]} to {releases[-1]}"
    suggestion = _suggestion(diagnostic)
    hint = f" (if `{suggestion}` was meant, set it there)" if suggestion else ""
    doctor = "as `openclaw doctor --fix` removes unknown keys"
    if diagnostic.code == "OC202":
        moved = _MOVED_TO.search(diagnostic.message)
        where_now = f" (its settings live at {moved.group(1)} now: set there what you need)" if moved else ""
        return (f"{target} refuses it, and nothing left in it is a setting OpenClaw's migration moves; "
                f"removed {doctor}{where_now}")
    if history is not None and history.last_accepted_in:
        return (f"OpenClaw {history.last_accepted_in} was the last release to accept it; {target} refuses it "
                f"and nothing replaces it, so it is removed {doctor}{hint}")
    if diagnostic.code in ("OC224", "OC244"):
        owner = "channel" if diagnostic.code == "OC224" else "plugin"
        return (f"the {owner}'s settings in {target} have no such key, and {target} refuses the config for it; "
                f"removed (`openclaw doctor --fix` would leave it, and the gateway would go on refusing the "
                f"config){hint}")
    return (f"no release oclc carries ({carried}) accepts it, and {target} refuses the config for it; "
            f"removed {doctor}{hint}")


def _dotted(path: tuple) -> str:
    return ".".join(str(part) for part in path)
