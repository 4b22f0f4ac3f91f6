"""The config's `env` block and `${VAR}` substitution, as OpenClaw 2026.9.6 runs them after `$include`.

1. `env.vars.<NAME>` strings, and the other direct string entries of `env` except `shellEnv` and
   `vars`, are copied into the environment where the real environment has no non-blank value.
   Skipped: blank values, values holding a `${NAME}` reference, names a shell cannot export, and
   names OpenClaw blocks (oclc.load.envpolicy).
2. In every string value (never in keys), `${NAME}` with NAME matching `[A-Z_][A-Z0-9_]*` is replaced
   by the variable's value and `$${NAME}` by the literal text `${NAME}`. Anything else stays as it
   is (`${lower}`, `${A:-b}`, `$NAME`, an unclosed `${`). A variable that is unset or empty leaves
   the `${NAME}` text in place, with a warning. The result is always a string.
"""
from __future__ import annotations

import re

from ..diagnostics import Path
from ..records import LazyPattern
from . import reading

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_NAME = re.compile(r"[A-Z_][A-Z0-9_]*\Z")
# `${...}` texts that look like an attempt at a variable OpenClaw will not expand: a name that is
# not all upper-case, or shell syntax such as `${NAME:-default}`.
_LOOKS_LIKE_VARIABLE = LazyPattern(r"[A-Za-z_][A-Za-z0-9_]*(?::?[-=?+].*)?\Z", re.S)

# Keys whose schema type is a number or a boolean, where a whole-string `${VAR}` can never be
# valid (the result is a string). The schema stage reports the type error itself; this list only
# adds the explanation, so it is kept to keys that are common and unambiguous.
NON_STRING_KEYS = frozenset({
    "port", "enabled", "maxConcurrent", "maxTokens", "contextTokens", "contextWindow",
    "timeoutMs", "timeoutSeconds", "debounceMs", "bootstrapMaxChars", "bootstrapTotalMaxChars",
    "archiveAfterMinutes", "reasoning", "historyLimit", "textChunkLimit", "mediaMaxMb",
})


def tokens(text: str) -> list[tuple[str, str, int, int]]:
    """The `${NAME}` ("sub") and `$${NAME}` ("escape") tokens of `text`: (kind, name, start, end)."""
    found = []
    index = text.find("$")
    while index != -1:
        kind = None
        if text.startswith("$${", index):
            close = text.find("}", index + 3)
            if close != -1 and _NAME.match(text, index + 3, close):
                kind, name, end = "escape", text[index + 3:close], close + 1
        if kind is None and text.startswith("${", index):
            close = text.find("}", index + 2)
            if close != -1 and _NAME.match(text, index + 2, close):
                kind, name, end = "sub", text[index + 2:close], close + 1
        if kind is None:
            index = text.find("$", index + 1)
            continue
        found.append((kind, name, index, end))
        index = text.find("$", end)
    return found


def has_reference(text: str) -> bool:
    return "$" in text and any(kind == "sub" for kind, *_ in tokens(text))


def substitute_text(text: str, env: dict[str, str]) -> tuple[str, list[str], list[str]]:
    """(new text, names referenced, names left unresolved)."""
    found = tokens(text)
    if not found:
        return text, [], []
    pieces = []
    names: list[str] = []
    missing: list[str] = []
    last = 0
    for kind, name, start, end in found:
        pieces.append(text[last:start])
        if kind == "escape":
            pieces.append("${" + name + "}")
        else:
            names.append(name)
            value = env.get(name)
            if value:
                pieces.append(value)
            else:
                if name not in missing:
                    missing.append(name)
                pieces.append(text[start:end])
        last = end
    pieces.append(text[last:])
    return "".join(pieces), names, missing


# --- the env block ---------------------------------------------------------------------------------

def apply_env_block(loaded, base_env: dict[str, str]) -> dict[str, str]:
    """The environment after the config's `env` block, with a diagnostic for each entry skipped."""
    env = dict(base_env)
    root = loaded.value
    block = root.get("env") if isinstance(root, dict) else None
    if not isinstance(block, dict):
        return env
    from .envpolicy import PORTABLE_NAME, blocked_reason

    candidates: list[tuple[Path, str, str]] = []   # (path, raw name, value)
    variables = block.get("vars")
    if isinstance(variables, dict):
        candidates.extend((("env", "vars", name), name, value) for name, value in variables.items()
                          if isinstance(value, str))
    candidates.extend((("env", name), name, value) for name, value in block.items()
                      if name not in ("shellEnv", "vars") and isinstance(value, str))
    entries: dict[str, tuple[Path, str]] = {}
    for path, raw_name, value in candidates:
        shown = ".".join(path)
        name = raw_name.strip()
        if not value.strip():
            loaded.diagnostics.append(loaded.emit(
                reading.ENV_BLOCKED, f"{shown} is blank, so OpenClaw does not set it", path))
            continue
        if not name or not PORTABLE_NAME.match(name):
            loaded.diagnostics.append(loaded.emit(
                reading.ENV_BLOCKED, f"{shown}: {raw_name!r} is not a name a shell can export "
                "(letters, digits and _, not starting with a digit), so OpenClaw skips it", path, key=True))
            continue
        reason = blocked_reason(name)
        if reason:
            loaded.diagnostics.append(loaded.emit(
                reading.ENV_BLOCKED, f"{shown} is ignored: {reason}", path, key=True,
                help="set it in the gateway's real environment instead"))
            continue
        if has_reference(value):
            referenced = [token_name for kind, token_name, *_ in tokens(value) if kind == "sub"]
            if referenced == [name]:
                message = (f"{shown} refers to itself (`${{{name}}}`); OpenClaw does not expand references "
                           f"inside the env block, so it skips this entry and {name} comes only from the "
                           "gateway's real environment")
                help = f"remove the entry, or write {name}'s value itself"
            else:
                message = (f"{shown} refers to another variable; OpenClaw does not expand references inside "
                           "the env block, so it skips this entry")
                help = "write the value itself, or set the variable in the real environment"
            loaded.diagnostics.append(loaded.emit(reading.ENV_BLOCKED, message, path, help=help))
            continue
        entries[name] = (path, value)
    for name, (path, value) in entries.items():
        current = env.get(name)
        if current is not None and current.strip():
            if current != value:
                loaded.diagnostics.append(loaded.emit(
                    reading.ENV_SHADOWED, f"{'.'.join(path)} is not used: the environment already sets "
                    f"{name}, and the real environment wins over the config", path, key=True))
            continue
        env[name] = value
    return env


# --- substitution ----------------------------------------------------------------------------------

def substitute_env(loaded) -> None:
    """Substitute `${NAME}` in every string of `loaded.value` (copying only the containers that
    change), recording `substituted`/`unresolved` per path."""
    # A `$` can only come from the text or from an escape (\u0024, \x24): without either,
    # the walk over the whole value can be skipped.
    texts = [document.source.text for document in loaded.documents.values()]
    if not any("$" in text or "\\u" in text or "\\x" in text for text in texts):
        return
    loaded.value = _walk(loaded.value, [], loaded)


def _walk(value: Any, trail: list, loaded) -> Any:
    """`value` with its strings substituted; `trail` is the path so far, as a list that grows and
    shrinks with the walk (a tuple is made only for the strings that hold a `$`)."""
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    elif isinstance(value, str) and "$" in value:
        return _substitute(value, tuple(trail), loaded)
    else:
        return value
    changed = None
    for key, child in items:
        if child.__class__ is str:
            if "$" not in child:
                continue
        elif not isinstance(child, (dict, list)):
            continue
        trail.append(key)
        new = _walk(child, trail, loaded)
        trail.pop()
        if new is not child:
            if changed is None:
                changed = value.copy()
            changed[key] = new
    return value if changed is None else changed


def _substitute(text: str, path: Path, loaded) -> str:
    new, names, missing = substitute_text(text, loaded.env)
    _report_literal_lookalikes(text, path, loaded)
    if not names:
        return new
    loaded.substituted[path] = tuple(names)
    if missing:
        loaded.unresolved[path] = tuple(missing)
    key = path[-1] if path else None
    if isinstance(key, str) and key in NON_STRING_KEYS and len(names) == 1 and text == "${" + names[0] + "}":
        loaded.diagnostics.append(loaded.emit(
            reading.ENV_IN_NON_STRING,
            f"`{key}` takes a number or a boolean, but `${{{names[0]}}}` always gives a string",
            path, help="write the value itself; OpenClaw does not convert substituted text"))
    return text if new == text else new   # the same object when unchanged: no container copied


def _report_literal_lookalikes(text: str, path: Path, loaded) -> None:
    if "${" not in text:
        return
    found = tokens(text)
    real = {start for _, _, start, _ in found} | {start + 1 for kind, _, start, _ in found if kind == "escape"}
    index = text.find("${")
    while index != -1:
        close = text.find("}", index + 2)
        if close == -1:
            break
        inner = text[index + 2:close]
        escaped = index > 0 and text[index - 1] == "$"
        if index not in real and not escaped and _LOOKS_LIKE_VARIABLE.match(inner):
            file, span, written = _token_place(loaded, path, text[index:close + 1])
            loaded.diagnostics.append(reading.ENV_LITERAL.diagnostic(
                f"`${{{inner}}}` is not substituted: OpenClaw expands only `${{NAME}}` with an upper-case "
                "NAME (letters, digits, _) and has no default syntax, so this text stays as written",
                file=file, span=span, path=written, config_path=path))
        index = text.find("${", close + 1)


def _token_place(loaded, path: Path, token: str):
    """(file, span, path as written) for a diagnostic about `token` inside the string at `path`:
    the token itself when the string's source text holds it literally, else the whole string."""
    file, span, written = loaded.locate(path)
    origin = loaded.origins.get(path)
    if origin is not None and origin.value is not None:
        raw = origin.source.text[origin.value.start:origin.value.end]
        at = raw.find(token)
        while at > 0 and raw[at - 1] == "$":      # `$${NAME}` is the escape, not the token
            at = raw.find(token, at + 1)
        if at != -1:
            start = origin.value.start + at
            span = origin.source.span(start, start + len(token))
    return file, span, written


def report_unresolved(loaded) -> None:
    """One finding per variable left unresolved, at its `${NAME}` inside the string: a warning, or
    an error where the target release refuses the config for it (release.json load.unsetEnvVar,
    OC126). Not when the environment was not given (whether it is set is unknown: the rules stage
    says so once, OC125), and not inside an env-block entry OpenClaw skips for its reference (OC122
    is that finding; it gets a note instead)."""
    if not loaded.env_known:
        return
    from ..releases import release_facts

    refused = (release_facts(loaded.release).get("load") or {}).get("unsetEnvVar") == "error"
    # A variable the config's own env block sets (even to itself, `"X": "${X}"`) is set for those
    # releases: they copy the block into the environment as written.
    block = loaded.value.get("env") if isinstance(loaded.value, dict) else None
    declared = set(block) if isinstance(block, dict) else set()
    if isinstance(block, dict) and isinstance(block.get("vars"), dict):
        declared |= set(block["vars"])
    skipped = {d.resolved_path: index for index, d in enumerate(loaded.diagnostics)
               if d.code == reading.ENV_BLOCKED.code and d.resolved_path and d.resolved_path[0] == "env"}
    for path, names in loaded.unresolved.items():
        index = skipped.get(path)
        if index is not None:
            entry = loaded.diagnostics[index]
            # `FOO: "${FOO}"` names its own entry: OC122 already says all there is.
            notes = tuple(f"{name} is {_unset_word(loaded, name)} in the environment oclc was given either"
                          for name in names if name != path[-1])
            if notes:
                loaded.diagnostics[index] = entry.but(notes=entry.notes + notes)
            continue
        for name in names:
            file, span, written = _token_place(loaded, path, "${" + name + "}")
            # The env block itself is read before substitution: a `${VAR}` there is not refused.
            if refused and path[:1] != ("env",) and name not in declared:
                loaded.diagnostics.append(reading.ENV_MISSING_REFUSED.diagnostic(
                    f"environment variable {name} is {_unset_word(loaded, name)}; OpenClaw {loaded.release} "
                    "refuses to load a config that uses it",
                    file=file, span=span, path=written, config_path=path,
                    help=f"set {name} in the gateway's environment, or define it under env.vars"))
                continue
            loaded.diagnostics.append(reading.ENV_MISSING.diagnostic(
                f"environment variable {name} is {_unset_word(loaded, name)}; OpenClaw keeps `${{{name}}}` as "
                "literal text and whatever uses this value will not work",
                file=file, span=span, path=written, config_path=path,
                help=f"set {name} in the gateway's environment, or define it under env.vars"))


def _unset_word(loaded, name: str) -> str:
    return "empty" if loaded.env.get(name) == "" else "not set"
