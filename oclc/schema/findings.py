"""The schema's refusals as diagnostics (the schema stage's slow path, see oclc/schema/__init__.py):
jsonschema finds the errors, and each becomes one finding placed on the exact key or value it is
about. One finding per problem: an object with three unknown keys gives three diagnostics, each on
its key; a union (anyOf/oneOf) that fails is reduced to the branch the value was most likely meant
for, never a list of every alternative."""
from __future__ import annotations

import json
import math
import re
from collections import defaultdict

from ..diagnostics import Diagnostic, Edit, Fix, describe_type
from ..diagnostics.suggest import suggest
from ..records import Record
from .dialect import (
    SchemaUnusable,
    _matches,
    _too_deep,
    bundled_name,
    compiled_pattern,
    retired_key,
    retired_value,
    validator_for,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

    from ..diagnostics import Path

MAX_LISTED_VALUES = 12

# What the schema's commonest patterns mean, for messages people can act on.
KNOWN_PATTERNS = {
    "^[A-Z][A-Z0-9_]{0,127}$": "must be an environment variable name: upper-case letters, digits and "
                               "\"_\", starting with a letter (for example OPENAI_API_KEY)",
    "^[a-z][a-z0-9_-]{0,63}$": "must be a lower-case name: letters, digits, \"_\" and \"-\", starting "
                               "with a letter",
}


# --- the bundled schema ---------------------------------------------------------------------------

# --- ECMAScript patterns --------------------------------------------------------------------------

# --- building the validator -----------------------------------------------------------------------

# --- findings -------------------------------------------------------------------------------------

class Finding(Record):
    __slots__ = ("rule", "message", "path", "key", "help", "notes", "rename", "anchor")

    def __init__(self, rule: Any, message: str, path: Path, key: bool = False, help: str | None = None,
                 notes: tuple[str, ...] = (), rename: tuple[str, str] | None = None, anchor: Path | None = None):
        self.rule = rule
        self.message = message
        self.path = path  # the config path the finding is placed on
        self.key = key  # point at the member's key rather than its value
        self.help = help
        self.notes = notes
        self.rename = rename  # (old key, suggested key): offer a fix
        self.anchor = anchor  # where to point when `path` does not exist (a missing key)


def _rules():
    from . import structure

    return structure


_TYPE_WORDS = {"string": "a string", "number": "a number", "integer": "an integer", "boolean": "a boolean",
               "object": "an object", "array": "an array", "null": "null"}


def _join_or(words: list[str]) -> str:
    words = list(dict.fromkeys(words))
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1]


def show(value: Any) -> str:
    """A value as JSON, shortened."""
    try:
        text = json.dumps(value, ensure_ascii=False, allow_nan=True)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


_PROFILE_SECRET_KEYS = frozenset({"apiKey", "api_key", "key", "token", "accessToken", "access_token", "secret"})


def _where(path: Path) -> str:
    return ".".join(str(p) for p in path) if path else "the top level"


def _in(path: Path) -> str:
    return f"in {_where(path)}" if path else "at the top level"


def _type_of_integer_problem(instance: Any, expected: list[str]) -> bool:
    return "integer" in expected and isinstance(instance, float) and math.isfinite(instance)


class Explainer:
    def __init__(self, loaded) -> None:
        self.loaded = loaded
        self.release = loaded.release
        self.rules = _rules()

    def explain(self, error) -> list[Finding]:
        path = tuple(error.absolute_path)
        keyword = error.validator
        if "propertyNames" in error.relative_schema_path and keyword != "propertyNames":
            return [self.bad_key(error, path)]
        handler = getattr(self, f"on_{keyword}", None) if isinstance(keyword, str) else None
        if keyword is None:  # a `false` schema: nothing is allowed here
            return [self.forbidden(error, path)]
        if handler is None:
            return [Finding(self.rules.INVALID_VALUE, f"{_where(path)}: the value does not satisfy "
                            f"the schema's `{keyword}` rule", path)]
        return handler(error, path)

    # unknown and retired keys
    def on_additionalProperties(self, error, path):
        if error.validator_value is not False or not isinstance(error.instance, dict):
            return [Finding(self.rules.UNKNOWN_KEY, f"unknown keys in {_where(path)}", path)]
        known = list((error.schema.get("properties") or {}).keys())
        patterns = list((error.schema.get("patternProperties") or {}).keys())
        findings = []
        for key in error.instance:
            if key in known or any((compiled_pattern(p) or re.compile(p)).search(key) for p in patterns):
                continue
            findings.append(self.unknown_key(path, key, known, error.instance))
        return findings

    on_unevaluatedProperties = on_additionalProperties

    def unknown_key(self, parent: Path, key: str, known: list[str], siblings: dict) -> Finding:
        here = parent + (key,)
        retired = retired_key(here, self.release)
        if retired is not None:
            return self.with_history(self.retired(here, retired))
        return self.with_history(self.unknown_key_finding(parent, key, known, siblings))

    def with_history(self, finding: Finding) -> Finding:
        """Say when the key was added (a newer bundled release accepts it) or last accepted."""
        from .history import KeyHistory, key_history

        try:
            history = key_history(finding.path, self.release)
        except (KeyError, TypeError, ValueError, RecursionError):  # a schema shape it cannot walk
            history = KeyHistory(None, None)
        notes = list(finding.notes)
        if history.added_in:
            notes.append(f"added in OpenClaw {history.added_in}: if the gateway runs {history.added_in} or "
                         f"later, check against it (--openclaw-version {history.added_in})")
        if history.last_accepted_in:
            notes.append(f"last accepted by OpenClaw {history.last_accepted_in}")
        finding.notes = tuple(notes)
        return finding

    def unknown_key_finding(self, parent: Path, key: str, known: list[str], siblings: dict) -> Finding:
        here = parent + (key,)
        guess = suggest(key, known)
        message = f"unknown key {show(key)} {_in(parent)}"
        if guess is not None:
            message += f" (did you mean {show(guess)}?)"
        finding = Finding(self.rules.UNKNOWN_KEY, message, here, key=True)
        if guess is None and len(parent) == 3 and parent[:2] == ("auth", "profiles") and key in _PROFILE_SECRET_KEYS:
            # A common mistake: the secret written into the profile, which only says what kind it is.
            finding.help = ("a profile names only the provider and mode; the secret goes into OpenClaw's credential "
                            "store (`openclaw models auth paste-api-key`) or the provider's environment variable")
        if guess is not None and guess not in siblings:
            finding.rename = (key, guess)
        return finding

    def retired(self, path: Path, entry: dict) -> Finding:
        key = path[-1]
        action = f"moves it to {entry['to']}" if entry.get("to") else "removes it"
        message = (f"retired key {show(key)} {_in(path[:-1])}: OpenClaw {self.release} no longer accepts it; "
                   f"`openclaw doctor --fix` {action}")
        return Finding(self.rules.RETIRED_KEY, message, path, key=True, help=entry.get("note"))

    def forbidden(self, error, path):
        message = error.schema.get("x-oclc-message") if isinstance(error.schema, dict) else None
        entry = retired_key(path, self.release) if path else None
        if entry is not None:
            return self.retired(path, entry)
        if path and isinstance(path[-1], str):
            return Finding(self.rules.UNKNOWN_KEY, message or f"the key {show(path[-1])} is not allowed "
                           f"{_in(path[:-1])}", path, key=True)
        return Finding(self.rules.INVALID_VALUE, message or f"{_where(path)}: no value is allowed here", path)

    def on_not(self, error, path):
        entry = retired_key(path, self.release) if path else None
        if entry is not None:
            return [self.retired(path, entry)]
        renamed = error.schema.get("x-oclc-renamed-to") if isinstance(error.schema, dict) else None
        if renamed and path and isinstance(path[-1], str):
            # Another tool's spelling that OpenClaw refuses by name (an MCP server's `timeout`).
            key = path[-1]
            finding = Finding(self.rules.UNKNOWN_KEY, f"unknown key {show(key)} {_in(path[:-1])} (did you mean "
                              f"{show(renamed)}?)", path, key=True, help=error.schema.get("x-oclc-message"))
            siblings: Any = self.loaded.value
            for part in path[:-1]:
                siblings = siblings.get(part) if isinstance(siblings, dict) else None
            # A plain rename fixes it (not `disabled`, whose value flips).
            if isinstance(siblings, dict) and renamed not in siblings and "x-oclc-message" not in error.schema:
                finding.rename = (key, renamed)
            return [finding]
        message = error.schema.get("x-oclc-message") or f"{_where(path)}: this value is not allowed here"
        return [Finding(self.rules.INVALID_VALUE, message, path)]

    def bad_key(self, error, parent: Path) -> Finding:
        key = error.instance
        path = parent + (key,)
        pattern = None
        if error.validator == "pattern":
            pattern = error.validator_value
        if parent == ("agents", "entries"):
            normalized = re.sub(r"[^a-z0-9_-]+", "-", str(key).strip().lower()).strip("-")[:64]
            message = (f"invalid agent id {show(key)}: ids are 1-64 letters, digits, \"_\" or \"-\", "
                       f"not starting with \"-\"")
            help = f"rename it, for example to {show(normalized)}" if normalized and normalized != key else None
            return Finding(self.rules.INVALID_KEY_NAME, message, path, key=True, help=help)
        detail = f" (it must match {pattern})" if pattern else ""
        return Finding(self.rules.INVALID_KEY_NAME, f"invalid key {show(key)} {_in(parent)}{detail}",
                       path, key=True)

    # types and values
    def on_type(self, error, path):
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        instance = error.instance
        got = describe_type(instance)
        if _type_of_integer_problem(instance, expected):
            got = f"{show(instance)}, which is not a whole number"
        message = f"{_where(path)}: expected {_join_or([_TYPE_WORDS.get(t, t) for t in expected])}, got {got}"
        return [Finding(self.rules.INVALID_TYPE, message, path, help=self.substitution_help(path, expected))]

    def substitution_help(self, path: Path, expected: list[str]) -> str | None:
        names = getattr(self.loaded, "substituted", {}).get(path)
        if names and "string" not in expected:
            return ("the value comes from ${" + names[0] + "}: substitution always gives a string; "
                    "write the value itself")
        return None

    def on_enum(self, error, path):
        return [self.bad_value(error.instance, list(error.validator_value), path)]

    def on_const(self, error, path):
        return [self.bad_value(error.instance, [error.validator_value], path)]

    def bad_value(self, value: Any, allowed: list, path: Path) -> Finding:
        listed = ", ".join(show(v) for v in allowed[:MAX_LISTED_VALUES])
        if len(allowed) > MAX_LISTED_VALUES:
            listed += f" and {len(allowed) - MAX_LISTED_VALUES} more"
        if len(allowed) == 1:
            message = f"{_where(path)}: invalid value {show(value)}; the only allowed value is {listed}"
        else:
            message = f"{_where(path)}: invalid value {show(value)}; expected one of {listed}"
        strings = [v for v in allowed if isinstance(v, str)]
        guess = suggest(value, strings) if isinstance(value, str) and len(allowed) > 1 else None
        if guess is not None:
            message += f" (did you mean {show(guess)}?)"
        help = None
        retired = retired_value(path, value, self.release)
        if retired is not None:
            fix = f"`openclaw doctor --fix` rewrites it to {show(retired['to'])}" if retired.get("to") else \
                "`openclaw doctor --fix` removes it"
            help = f"{show(value)} is a retired value; {fix}" + (f" ({retired['note']})" if retired.get("note") else "")
        elif not any(describe_type(value) == describe_type(v) for v in allowed):
            help = self.substitution_help(path, ["string"] if any(isinstance(v, str) for v in allowed) else ["other"])
        return Finding(self.rules.INVALID_VALUE, message, path, help=help)

    # bounds
    def _bound(self, path, message):
        return [Finding(self.rules.OUT_OF_RANGE, f"{_where(path)}: {message}", path)]

    def on_minimum(self, error, path):
        return self._bound(path, f"{show(error.instance)} is below the minimum of {show(error.validator_value)}")

    def on_maximum(self, error, path):
        return self._bound(path, f"{show(error.instance)} is above the maximum of {show(error.validator_value)}")

    def on_exclusiveMinimum(self, error, path):
        return self._bound(path, f"{show(error.instance)} must be greater than {show(error.validator_value)}")

    def on_exclusiveMaximum(self, error, path):
        return self._bound(path, f"{show(error.instance)} must be less than {show(error.validator_value)}")

    def on_multipleOf(self, error, path):
        return self._bound(path, f"{show(error.instance)} is not a multiple of {show(error.validator_value)}")

    def on_minItems(self, error, path):
        return self._bound(path, f"needs at least {error.validator_value} item(s), has {len(error.instance)}")

    def on_maxItems(self, error, path):
        return self._bound(path, f"allows at most {error.validator_value} item(s), has {len(error.instance)}")

    def on_minProperties(self, error, path):
        return self._bound(path, f"needs at least {error.validator_value} key(s), has {len(error.instance)}")

    def on_maxProperties(self, error, path):
        return self._bound(path, f"allows at most {error.validator_value} key(s), has {len(error.instance)}")

    def on_uniqueItems(self, error, path):
        return self._bound(path, "the items must be unique")

    # required keys
    def on_required(self, error, path):
        missing = [k for k in error.validator_value if isinstance(error.instance, dict) and k not in error.instance]
        return [Finding(self.rules.MISSING_REQUIRED, f"missing required key {show(k)} {_in(path)}",
                        path + (k,), key=True, anchor=path) for k in missing]

    def on_dependentRequired(self, error, path):
        return [Finding(self.rules.MISSING_REQUIRED, f"{_where(path)}: {error.message}", path, key=True)]

    # strings
    def on_pattern(self, error, path):
        custom = error.schema.get("x-oclc-message") if isinstance(error.schema, dict) else None
        custom = custom or KNOWN_PATTERNS.get(error.validator_value)
        if custom:
            message = f"{_where(path)}: {custom}"
        else:
            message = f"{_where(path)}: {show(error.instance)} does not have the required form " \
                      f"(pattern {error.validator_value})"
        return [Finding(self.rules.INVALID_FORMAT, message, path)]

    def on_minLength(self, error, path):
        if error.validator_value == 1:
            text = "must not be empty"
        else:
            text = f"must be at least {error.validator_value} characters long"
        return [Finding(self.rules.INVALID_FORMAT, f"{_where(path)}: {text}", path)]

    def on_maxLength(self, error, path):
        return [Finding(self.rules.INVALID_FORMAT, f"{_where(path)}: must be at most {error.validator_value} "
                        f"characters long (it has {len(error.instance)})", path)]

    def on_format(self, error, path):
        return [Finding(self.rules.INVALID_FORMAT, f"{_where(path)}: {show(error.instance)} is not a valid "
                        f"{error.validator_value}", path)]

    # unions
    def on_anyOf(self, error, path):
        return self.union(error, path)

    on_oneOf = on_anyOf

    def union(self, error, path):
        branches = error.validator_value if isinstance(error.validator_value, list) else []
        by_branch: dict[int, list] = defaultdict(list)
        for sub in error.context:
            if sub.relative_schema_path:
                by_branch[sub.relative_schema_path[0]].append(sub)
        if not by_branch:
            return [Finding(self.rules.INVALID_TYPE, f"{_where(path)}: the value matches more than one of "
                            f"the allowed shapes", path)]
        scored = []
        expected_types: list[str] = []
        for index in range(len(branches)):
            errors = by_branch.get(index, [])
            if not errors:
                continue
            shape_mismatch = False
            for sub in errors:
                if not sub.relative_path and sub.validator == "type":
                    shape_mismatch = True
                    kinds = sub.validator_value if isinstance(sub.validator_value, list) else [sub.validator_value]
                    expected_types.extend(_TYPE_WORDS.get(k, k) for k in kinds)
                elif not sub.relative_path and sub.validator in ("enum", "const") and not isinstance(error.instance, (dict, list)):
                    expected_types.append("one of the allowed values")
            discriminator = any(sub.validator in ("enum", "const") and len(sub.relative_path) == 1
                                for sub in errors)
            scored.append(((shape_mismatch, discriminator, len(errors)), index, errors))
        if not scored:
            return []
        scored.sort(key=lambda item: (item[0], item[1]))
        (shape_mismatch, discriminated, _), _, errors = scored[0]
        if discriminated and not shape_mismatch:
            combined = self.discriminator(error, scored)
            if combined is not None:
                return [combined]
        if shape_mismatch:
            expected = _join_or(expected_types) or "another kind of value"
            message = f"{_where(path)}: expected {expected}, got {describe_type(error.instance)}"
            return [Finding(self.rules.INVALID_TYPE, message, path,
                            help=self.substitution_help(path, [] if "a string" not in expected_types else ["string"]))]
        unrelated = self.unrelated_object(error.instance, path, errors)
        if unrelated is not None:
            return [unrelated]
        findings = []
        for sub in errors:
            findings.extend(self.explain(sub))
        return findings

    def unrelated_object(self, instance: Any, path: Path, errors) -> Finding | None:
        """The object shares no key with the shape it came closest to: every key of it is unknown
        there and that shape's required keys are all missing (`apiKey: { env: "X" }` against a
        SecretRef). That is one mistake, the wrong kind of object, not one finding per key (three
        missing keys and an unknown one)."""
        if not isinstance(instance, dict) or not instance:
            return None
        required: list[str] = []
        for sub in errors:
            if sub.relative_path or sub.validator not in ("additionalProperties", "required"):
                return None
            properties = (sub.schema.get("properties") or {}) if isinstance(sub.schema, dict) else {}
            if any(key in properties for key in instance):
                return None
            if sub.validator == "required":
                required.extend(k for k in sub.validator_value if k not in required)
        if not required:
            return None
        keys = ", ".join(show(k) for k in instance)
        if {"source", "provider", "id"} <= set(required):
            variable = next((v.strip() for v in instance.values() if isinstance(v, str)
                             and re.fullmatch(r"[A-Z][A-Z0-9_]{0,127}", v.strip())), "NAME")
            return Finding(self.rules.INVALID_TYPE,
                           f"{_where(path)}: an object with {keys} is not a SecretRef, which has exactly the keys "
                           "source, provider and id", path,
                           help=f'write "${{{variable}}}" to read a variable, or the SecretRef '
                                f'{{ source: "env", provider: "default", id: "{variable}" }}')
        return Finding(self.rules.INVALID_TYPE,
                       f"{_where(path)}: an object with {keys} has none of the keys this setting takes "
                       f"(it needs {', '.join(show(k) for k in required)})", path)


    def discriminator(self, error, scored) -> Finding | None:
        """Every object branch refused the same member's value (a `source: "vault"` where each
        branch takes one source): one finding listing the values all branches allow together."""
        member = None
        allowed: list = []
        for (shape_mismatch, discriminated, _), _, errors in scored:
            if shape_mismatch:
                continue
            if not discriminated:
                return None
            for sub in errors:
                if sub.validator in ("enum", "const") and len(sub.relative_path) == 1:
                    if member is not None and sub.relative_path[0] != member:
                        return None
                    member = sub.relative_path[0]
                    values = sub.validator_value if sub.validator == "enum" else [sub.validator_value]
                    allowed.extend(v for v in values if not any(v == a and type(v) is type(a) for a in allowed))
        if member is None or not isinstance(error.instance, dict):
            return None
        path = tuple(error.absolute_path) + (member,)
        return self.bad_value(error.instance.get(member), allowed, path)


# --- placing findings -----------------------------------------------------------------------------

def _rename_fix(loaded, path: Path, old: str, new: str) -> Fix | None:
    origin = loaded.origins.get(tuple(path)) if hasattr(loaded, "origins") else None
    if origin is None or origin.key is None:
        return None
    written = origin.source.text[origin.key.start:origin.key.end]
    quote = written[:1] if written[:1] in ("'", '"') else ""
    if quote:
        text = quote + new + quote
    elif re.fullmatch(r"[A-Za-z_$][A-Za-z0-9_$]*", new):
        text = new
    else:
        text = json.dumps(new, ensure_ascii=False)
    return Fix(f"rename {show(old)} to {show(new)}",
               (Edit(origin.source.name, origin.key.start, origin.key.end, text),), safe=False)


def _place(loaded, finding: Finding) -> Diagnostic:
    fix = _rename_fix(loaded, finding.path, *finding.rename) if finding.rename else None
    if finding.anchor is not None:
        file, span, written = loaded.locate(finding.anchor, key=finding.key)
        written = tuple(written) + tuple(finding.path[len(finding.anchor):])
        return finding.rule.diagnostic(finding.message, file=file, span=span, path=written,
                                       config_path=finding.path, help=finding.help, notes=finding.notes)
    return loaded.emit(finding.rule, finding.message, finding.path, key=finding.key, help=finding.help,
                       notes=finding.notes, fix=fix)


def _unusable(loaded, message: str) -> list[Diagnostic]:
    rule = _rules().SCHEMA_UNUSABLE
    return [rule.diagnostic(message, file=loaded.main.source.name)]


def _secretref_surfaces(value: Any) -> set[Path]:
    """Paths where OpenClaw's SecretRef-surface check (rule OC220) reports a SecretRef object.
    OpenClaw then leaves out its own schema issue for the same field, and so do we."""
    from .secretref import CORE_SECRETREF_FORBIDDEN_SURFACES, secret_ref

    found: set[Path] = set()
    for surface in CORE_SECRETREF_FORBIDDEN_SURFACES:
        pattern = tuple(surface.replace("[]", ".*").split("."))
        stack: list[tuple[Path, Any]] = [((), value)]
        while stack:
            path, current = stack.pop()
            if len(path) == len(pattern):
                if _matches(pattern, path) and isinstance(current, dict) and secret_ref(current) is not None:
                    found.add(path)
                continue
            step = pattern[len(path)]
            if isinstance(current, dict):
                items = current.items() if step == "*" else ([(step, current[step])] if step in current else [])
            elif isinstance(current, list) and step == "*":
                items = enumerate(current)
            else:
                items = []
            stack.extend((path + (k,), v) for k, v in items)
    return found


def _explain_safely(explainer: Explainer, error) -> list[Finding]:
    """An error shape the explainer does not expect (possible with --schema) still gets a plain
    finding at its path rather than a traceback."""
    try:
        return explainer.explain(error)
    except (AttributeError, KeyError, IndexError, TypeError, ValueError):
        path = tuple(error.absolute_path)
        return [Finding(explainer.rules.INVALID_VALUE, f"{_where(path)}: the value does not satisfy the "
                        f"schema's `{error.validator}` rule", path)]


def iter_findings(loaded, validator) -> Iterable[Finding]:
    from ..releases import performs_check

    explainer = Explainer(loaded)
    # Only a release that checks SecretRef surfaces itself (OC220) leaves out its schema issue there.
    hidden: set[Path] | None = None if performs_check(loaded.release, "OC220") else set()
    for error in validator.iter_errors(loaded.value):
        for finding in _explain_safely(explainer, error):
            if hidden is None:
                hidden = _secretref_surfaces(loaded.value)
            if any(finding.path[:len(p)] == p for p in hidden):
                continue
            yield finding


def findings(loaded, schema_path: str | None = None) -> list[Diagnostic]:
    """Diagnostics for everything the schema refuses in `loaded.value`, found by jsonschema."""
    try:
        validator = validator_for(schema_path, loaded.release)
    except SchemaUnusable as exc:
        return _unusable(loaded, str(exc))
    from referencing.exceptions import Unresolvable

    from ..load import recursion_headroom

    found: list[Diagnostic] = []
    seen: set[tuple] = set()
    try:
        # jsonschema recurses several times per level: a config as deep as the parser allows
        # needs more than Python's default stack, a $ref loop still ends in a RecursionError.
        with recursion_headroom():
            findings = list(iter_findings(loaded, validator))
        for finding in findings:
            diagnostic = _place(loaded, finding)
            identity = (diagnostic.code, diagnostic.file, diagnostic.span, diagnostic.message)
            if identity not in seen:
                seen.add(identity)
                found.append(diagnostic)
    except Unresolvable as exc:  # jsonschema wraps unresolvable $refs in a subclass
        return _unusable(loaded, f"the schema refers to something it does not contain: {exc}")
    except RecursionError:      # a $ref that leads back to itself, or a schema nested past the stack
        return _unusable(loaded, _too_deep(schema_path or bundled_name(loaded.release)))
    return found


