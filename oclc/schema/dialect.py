"""The schema oclc validates against (the bundled one or --schema FILE), how its ECMAScript
patterns are read, and the retired keys OpenClaw's doctor migrates. Shared by the full validator
(this package's __init__) and the fast pre-check (fast.py)."""

from __future__ import annotations

import json
import math
import os
import re
from collections import defaultdict
from functools import lru_cache

from ..diagnostics import Path
from ..releases import DEFAULT_RELEASE

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_VALIDATORS: dict[tuple[str | None, str], Any] = {}


def bundled_name(release: str = DEFAULT_RELEASE) -> str:
    """How messages name a bundled release's schema."""
    return f"oclc/releases/{release}/schema.json"


BUNDLED_NAME = bundled_name()


def bundled_schema_text(release: str = DEFAULT_RELEASE) -> str:
    from ..releases import data_text

    return data_text("schema.json", release)


@lru_cache(maxsize=None)
def migrations(release: str = DEFAULT_RELEASE) -> dict:
    """Retired keys and values that `openclaw doctor --fix` migrates (the release's migrations.json;
    nothing for a release without one)."""
    from ..releases import has_data, load_json

    data = load_json("migrations.json", release) if has_data("migrations.json", release) else {"keys": {}}
    keys: dict[int, list[tuple[tuple[str, ...], dict]]] = defaultdict(list)
    for pattern, entry in data["keys"].items():
        segments = tuple(pattern.split("."))
        keys[len(segments)].append((segments, entry))
    return {"keys": keys, "values": data.get("values", [])}


def _matches(pattern: tuple[str, ...], path: Path) -> bool:
    return len(pattern) == len(path) and all(p == "*" or p == str(s) for p, s in zip(pattern, path))


def retired_key(path: Path, release: str = DEFAULT_RELEASE) -> dict | None:
    """The migration entry for a retired key at `path` (exact entries win over wildcards)."""
    best = None
    for pattern, entry in migrations(release)["keys"].get(len(path), ()):
        if _matches(pattern, path):
            if "*" not in pattern:
                return entry
            best = best or entry
    return best


def retired_value(path: Path, value: Any, release: str = DEFAULT_RELEASE) -> dict | None:
    for entry in migrations(release)["values"]:
        if entry["value"] == value and _matches(tuple(entry["path"].split(".")), path):
            return entry
    return None


# Unicode general categories used by OpenClaw's patterns, as Python class contents.
_CATEGORY_RANGES = {"Cs": "\\ud800-\\udfff", "Cc": "\\x00-\\x1f\\x7f-\\x9f"}


def ecma_to_python(pattern: str) -> str:
    """Translate the ECMAScript regex dialect JSON Schema uses into Python's: `$` matches only at
    the very end (Python's also matches before a final newline), `\\d` is ASCII, and the `\\p{..}`
    categories OpenClaw uses become ranges. Raises ValueError for what it cannot translate."""
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            nxt = pattern[i + 1]
            if nxt in "pP" and pattern[i + 2:i + 3] == "{":
                end = pattern.find("}", i)
                name = pattern[i + 3:end] if end > 0 else ""
                if name not in _CATEGORY_RANGES or nxt == "P":
                    raise ValueError(f"unsupported Unicode property \\{nxt}{{{name}}}")
                ranges = _CATEGORY_RANGES[name]
                out.append(ranges if in_class else f"[{ranges}]")
                i = end + 1
                continue
            if nxt == "d":
                out.append("0-9" if in_class else "[0-9]")
            elif nxt == "D" and not in_class:
                out.append("[^0-9]")
            else:
                out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            if ch == "]":
                in_class = False
            out.append(ch)
        elif ch == "[":
            in_class = True
            out.append(ch)
            if pattern[i + 1:i + 2] == "^":
                out.append("^")
                i += 1
            if pattern[i + 1:i + 2] == "]":  # a leading ] is literal in Python, empty in ECMAScript
                raise ValueError("empty character class")
        elif ch == "$":
            out.append(r"\Z")
        elif ch == "(" and pattern[i + 1:i + 3] == "?<" and pattern[i + 3:i + 4] not in ("=", "!"):
            out.append("(?P<")
            i += 3
            continue
        else:
            out.append(ch)
        i += 1
    return "".join(out)


@lru_cache(maxsize=None)
def compiled_pattern(pattern: str) -> "re.Pattern[str] | None":
    """The pattern compiled for Python, or None when it cannot be (it is then not enforced)."""
    try:
        return re.compile(ecma_to_python(pattern))
    except (ValueError, re.error):
        return None


class SchemaUnusable(Exception):
    pass


def _is_number(checker, instance) -> bool:
    # JSON5 reads Infinity and NaN (and 1e400) as floats; OpenClaw does not accept them as numbers.
    if isinstance(instance, bool):
        return False
    if isinstance(instance, float):
        return math.isfinite(instance)
    return isinstance(instance, int)


def _is_integer(checker, instance) -> bool:
    if isinstance(instance, float):
        return math.isfinite(instance) and instance.is_integer()
    return _is_number(checker, instance)


def ecma_search(pattern: str, text: str) -> bool:
    """A JSON Schema pattern (an ECMAScript regex, e.g. with `\\p{Cs}`) searched in `text`; one
    that cannot be translated to Python is not enforced."""
    compiled = compiled_pattern(pattern)
    return compiled is None or bool(compiled.search(text))


def _pattern_keyword(validator, pattern, instance, schema):
    from jsonschema.exceptions import ValidationError

    if validator.is_type(instance, "string") and not ecma_search(pattern, instance):
        yield ValidationError(f"does not match the pattern {pattern}")


def _pattern_properties_keyword(validator, patterns, instance, schema):
    if not validator.is_type(instance, "object"):
        return
    for pattern, subschema in patterns.items():
        for key, value in instance.items():
            if ecma_search(pattern, key):
                yield from validator.descend(value, subschema, path=key, schema_path=pattern)


# Schemas' patterns are ECMAScript regexes, read the way OpenClaw's own validators read them
# (Python's `re` rejects `\\p{..}` and reads `$` differently): every validator oclc builds uses these.
ECMA_KEYWORDS = {"pattern": _pattern_keyword, "patternProperties": _pattern_properties_keyword}


@lru_cache(maxsize=None)
def _bundled_schema(release: str = DEFAULT_RELEASE) -> Any:
    return json.loads(bundled_schema_text(release))


def _load_schema(schema_path: str | None, release: str = DEFAULT_RELEASE) -> Any:
    if schema_path is None:
        return _bundled_schema(release)
    from ..json5.strict import JSONTextError, loads
    from ..source import DEFAULT_MAX_BYTES, ReadError, decode, read_bytes

    try:
        text = decode(read_bytes(schema_path, DEFAULT_MAX_BYTES), schema_path).text
    except ReadError as exc:
        raise SchemaUnusable(f"cannot read the schema {schema_path}: {exc.message}") from None
    try:
        schema = loads(text)
    except JSONTextError as exc:
        raise SchemaUnusable(f"the schema {schema_path} is not JSON: {exc.message}") from None
    if not isinstance(schema, (dict, bool)):
        raise SchemaUnusable(f"the schema {schema_path} is not a JSON Schema (its top level is not an object)")
    return schema


def validator_for(schema_path: str | None = None, release: str = DEFAULT_RELEASE):
    """The compiled validator for a bundled release's schema (schema_path None) or a schema file;
    built once."""
    key = (None if schema_path is None else os.path.realpath(schema_path), release if schema_path is None else "")
    cached = _VALIDATORS.get(key)
    if cached is not None:
        return cached
    from jsonschema import validators
    from jsonschema.exceptions import best_match

    schema = _load_schema(schema_path, release)
    base = validators.validator_for(schema, default=validators.Draft202012Validator)
    if schema_path is not None:
        # Checked against its metaschema without format assertions: JSON Schema patterns are
        # ECMAScript regexes, which Python's `regex` format check would wrongly refuse.
        try:
            problem = best_match(base(base.META_SCHEMA).iter_errors(schema))
        except RecursionError:
            raise SchemaUnusable(_too_deep(schema_path)) from None
        if problem is not None:
            where = "/".join(str(p) for p in problem.absolute_path) or "its top level"
            raise SchemaUnusable(f"the schema {schema_path} is not a valid JSON Schema (at {where}: "
                                 f"{problem.message})")
    types = base.TYPE_CHECKER.redefine_many({"number": _is_number, "integer": _is_integer})
    extended = validators.extend(base, ECMA_KEYWORDS, type_checker=types)
    validator = extended(schema)
    _VALIDATORS[key] = validator
    return validator


def _too_deep(schema_path: str) -> str:
    return (f"the schema {schema_path} nests too deeply for oclc, or a $ref in it leads back to itself "
            "without consuming any of the config")
