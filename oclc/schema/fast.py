"""A fast yes/no check of a config against the bundled JSON Schema, without jsonschema.

    accepts(value) -> bool     True: jsonschema would report nothing; False: ask jsonschema
    compile_schema(schema, dialect) -> check or None;  OCLC_2020_12, draft7_dialect(formats, ...)

Most configs a pre-commit hook sees are valid. For those, oclc need not import jsonschema
(referencing, attrs, rpds and the bundled metaschemas: ~35 ms of a ~110 ms cold run) nor walk the
config through jsonschema's general machinery (~5x slower than the closures below on a 2,000-agent
fleet). The schema is compiled once per process into one closure per subschema, implementing
exactly the Draft 2020-12 keywords the bundled schema uses, with oclc's number and integer types
and ECMAScript patterns (oclc.schema). Where the schema uses anything else (a keyword below
`_UNSUPPORTED`, a remote $ref, another draft), the check gives up and jsonschema decides. The
same compiler, in the Draft 7 dialect of plain jsonschema, pre-checks the channel plugins'
schemas (rule OC224). The answer only ever decides whether jsonschema runs: every diagnostic still
comes from jsonschema, and tests/test_schema_fast.py checks the two agree on every config we have.
"""
from __future__ import annotations

import math
import re

from ..records import Record
from ..releases import DEFAULT_RELEASE

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    Check = Callable[[Any], bool]

DRAFT_2020_12 = ("https://json-schema.org/draft/2020-12/schema", "https://json-schema.org/draft/2020-12/schema#")
DRAFT_7 = ("http://json-schema.org/draft-07/schema#", "http://json-schema.org/draft-07/schema")
# What jsonschema validates in each draft (its validator classes' VALIDATORS; a test compares).
# Any other keyword is ignored by jsonschema, and so here.
KEYWORDS_2020_12 = frozenset({
    "$dynamicRef", "$ref", "additionalProperties", "allOf", "anyOf", "const", "contains", "dependentRequired",
    "dependentSchemas", "enum", "exclusiveMaximum", "exclusiveMinimum", "format", "if", "items", "maxItems",
    "maxLength", "maxProperties", "maximum", "minItems", "minLength", "minProperties", "minimum", "multipleOf",
    "not", "oneOf", "pattern", "patternProperties", "prefixItems", "properties", "propertyNames", "required",
    "type", "unevaluatedItems", "unevaluatedProperties", "uniqueItems"})
KEYWORDS_7 = frozenset({
    "$ref", "additionalItems", "additionalProperties", "allOf", "anyOf", "const", "contains", "dependencies",
    "enum", "exclusiveMaximum", "exclusiveMinimum", "format", "if", "items", "maxItems", "maxLength",
    "maxProperties", "maximum", "minItems", "minLength", "minProperties", "minimum", "multipleOf", "not", "oneOf",
    "pattern", "patternProperties", "properties", "propertyNames", "required", "type", "uniqueItems"})
# Keywords this module does not implement: a schema using one is left to jsonschema. ($id and
# anchors change what a $ref means.)
_UNSUPPORTED = {"$id", "$anchor", "$dynamicRef", "$dynamicAnchor", "$recursiveRef", "contains", "dependentRequired",
                "dependentSchemas", "if", "multipleOf", "patternProperties", "unevaluatedItems",
                "unevaluatedProperties", "uniqueItems", "dependencies", "additionalItems"}

_cache: dict[str, Check | None] = {}


class Unsupported(Exception):
    """The schema uses something this module does not implement."""


# --- types, as oclc.schema redefines them for jsonschema -------------------------------------------

def _is_number(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, float):
        return math.isfinite(value)
    return isinstance(value, int)


def _is_integer(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value) and value.is_integer()
    return _is_number(value)


_TYPES: dict[str, Check] = {
    "string": lambda v: isinstance(v, str),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
    "number": _is_number,
    "integer": _is_integer,
}
# jsonschema's own Draft 4+ types: Infinity and NaN are numbers.
_PLAIN_TYPES: dict[str, Check] = {
    **_TYPES,
    "number": lambda v: not isinstance(v, bool) and _is_number_object(v),
    "integer": lambda v: not isinstance(v, bool) and (isinstance(v, int) or isinstance(v, float) and v.is_integer()),
}


def _is_number_object(value: Any) -> bool:
    import numbers  # only the channel plugins' Draft 7 schemas ask

    return isinstance(value, numbers.Number)


def _ecmascript_search(pattern: str) -> Callable[[str], Any] | None:
    from .dialect import compiled_pattern

    compiled = compiled_pattern(pattern)
    return compiled.search if compiled is not None else None


def _python_search(pattern: str) -> Callable[[str], Any]:
    try:
        return re.compile(pattern).search
    except re.error as exc:  # jsonschema would fail on it while validating
        raise Unsupported(f"pattern {pattern!r}") from exc


class Dialect(Record, frozen=True):
    """How one validator class validates: its draft's keywords, types, patterns and formats."""

    __slots__ = ("keywords", "types", "pattern", "formats", "ref_ignores_siblings", "items_may_be_array")

    def __init__(self, keywords: frozenset, types: dict[str, Check],
                 pattern: Callable[[str], Callable[[str], Any] | None], formats: dict[str, Check] | None = None,
                 ref_ignores_siblings: bool = False, items_may_be_array: bool = False):
        self.keywords = keywords
        self.types = types
        self.pattern = pattern  # None: the pattern is not enforced
        self.formats = {} if formats is None else formats  # asserted formats; others annotate
        self.ref_ignores_siblings = ref_ignores_siblings
        self.items_may_be_array = items_may_be_array


# oclc.schema's validator for the bundled schema: Draft 2020-12, finite numbers, ECMAScript patterns.
OCLC_2020_12 = Dialect(KEYWORDS_2020_12, _TYPES, _ecmascript_search)


def draft7_dialect(formats: dict[str, Check] | None = None, ecmascript_patterns: bool = False) -> Dialect:
    """jsonschema's Draft7Validator, with a format checker asserting only `formats`; with
    `ecmascript_patterns`, `pattern` reads ECMAScript as oclc.schema translates it (the plugin
    validator of rule OC224 is extended that way)."""
    return Dialect(KEYWORDS_7, _PLAIN_TYPES, _ecmascript_search if ecmascript_patterns else _python_search,
                   dict(formats or {}), ref_ignores_siblings=True, items_may_be_array=True)


def equal(one: Any, two: Any) -> bool:
    """JSON equality as jsonschema's enum and const compare: true is not 1, 1 is 1.0, and
    arrays and objects compare member by member."""
    if one is two:
        return True
    if isinstance(one, str) or isinstance(two, str):
        return one == two
    if isinstance(one, (list, tuple)) and isinstance(two, (list, tuple)):
        return len(one) == len(two) and all(equal(a, b) for a, b in zip(one, two))
    if isinstance(one, dict) and isinstance(two, dict):
        return one.keys() == two.keys() and all(equal(one[k], two[k]) for k in one)
    if isinstance(one, bool) or isinstance(two, bool):
        return isinstance(one, bool) and isinstance(two, bool) and one == two
    return one == two


# --- compiling ---------------------------------------------------------------------------------------

class _Compiler:
    def __init__(self, root: Any, dialect: Dialect) -> None:
        self.root = root
        self.dialect = dialect
        self.refs: dict[str, Check] = {}

    def resolve(self, ref: str) -> Any:
        if not ref.startswith("#"):
            raise Unsupported(f"$ref {ref!r} is not local")
        target = self.root
        pointer = ref[1:]
        if "%" in pointer:
            from urllib.parse import unquote

            pointer = unquote(pointer)
        if pointer and not pointer.startswith("/"):
            raise Unsupported(f"$ref {ref!r} names an anchor")
        for token in pointer.split("/")[1:] if pointer else ():
            token = token.replace("~1", "/").replace("~0", "~")
            if isinstance(target, list):
                target = target[int(token)]
            elif isinstance(target, dict) and token in target:
                target = target[token]
            else:
                raise Unsupported(f"$ref {ref!r} does not resolve")
        return target

    def ref(self, ref: str) -> Check:
        compiled = self.refs.get(ref)
        if compiled is None:
            # A recursive schema reaches this $ref again while compiling it: go through a cell.
            cell: list[Check] = []
            self.refs[ref] = lambda value: cell[0](value)
            compiled = self.compile(self.resolve(ref))
            cell.append(compiled)
            self.refs[ref] = compiled
        return compiled

    def lazy(self, schema: Any) -> Check:
        """`schema` compiled on first use: a config reaches a small part of the bundled schema, and
        compiling all of it would cost a cold run more than the check saves."""
        slot: list[Check] = []

        def check(value: Any) -> bool:
            if not slot:
                slot.append(self.compile(schema))
            return slot[0](value)
        return check

    def compile(self, schema: Any) -> Check:
        if schema is True:
            return lambda value: True
        if schema is False:
            return lambda value: False
        if not isinstance(schema, dict):
            raise Unsupported("a schema that is neither an object nor a boolean")
        keywords = self.dialect.keywords
        if self.dialect.ref_ignores_siblings and "$ref" in schema:
            return self.k_ref(schema["$ref"], schema)
        checks: list[Check] = []
        for keyword, argument in schema.items():
            if keyword in _UNSUPPORTED:
                raise Unsupported(f"keyword {keyword}")
            if keyword not in keywords or keyword == "prefixItems" and "items" in schema:
                continue  # jsonschema ignores it too (x-oclc-message, ...); `items` checks prefixItems
            builder = getattr(self, "k_" + keyword.lstrip("$"), None)
            if builder is None:
                raise Unsupported(f"keyword {keyword}")
            checks.append(builder(argument, schema))
        if not checks:
            return lambda value: True
        if len(checks) == 1:
            return checks[0]
        if len(checks) == 2:
            first, second = checks
            return lambda value: first(value) and second(value)
        checks_tuple = tuple(checks)
        return lambda value: all(check(value) for check in checks_tuple)

    # structure
    def k_type(self, argument, schema) -> Check:
        types = self.dialect.types
        names = [argument] if isinstance(argument, str) else list(argument)
        if any(name not in types for name in names):
            raise Unsupported(f"type {argument!r}")
        if len(names) == 1:
            return types[names[0]]
        tests = tuple(types[name] for name in names)
        return lambda value: any(test(value) for test in tests)

    def k_properties(self, argument, schema) -> Check:
        compiled: dict[str, Check] = {}

        def check(value: Any) -> bool:
            if isinstance(value, dict):
                for key, item in value.items():
                    test = compiled.get(key)
                    if test is None:
                        if key not in argument:
                            continue
                        test = compiled[key] = self.compile(argument[key])
                    if not test(item):
                        return False
            return True
        return check

    def k_additionalProperties(self, argument, schema) -> Check:
        known = schema.get("properties", {})
        if argument is False:
            return lambda value: not isinstance(value, dict) or all(key in known for key in value)
        test = self.lazy(argument)

        def check(value: Any) -> bool:
            if isinstance(value, dict):
                for key, item in value.items():
                    if key not in known and not test(item):
                        return False
            return True
        return check

    def k_propertyNames(self, argument, schema) -> Check:
        test = self.lazy(argument)
        return lambda value: not isinstance(value, dict) or all(test(key) for key in value)

    def k_required(self, argument, schema) -> Check:
        names = tuple(argument)
        return lambda value: not isinstance(value, dict) or all(name in value for name in names)

    def k_items(self, argument, schema) -> Check:
        if isinstance(argument, list):
            if not self.dialect.items_may_be_array:
                raise Unsupported("items as an array in Draft 2020-12")
            positional = tuple(self.lazy(sub) for sub in argument)
            return lambda value: not isinstance(value, list) or all(t(i) for t, i in zip(positional, value))
        prefix_schemas = schema.get("prefixItems", []) if "prefixItems" in self.dialect.keywords else []
        prefix = tuple(self.lazy(sub) for sub in prefix_schemas)
        rest = self.lazy(argument)
        count = len(prefix)

        def check(value: Any) -> bool:
            if not isinstance(value, list):
                return True
            for test, item in zip(prefix, value):
                if not test(item):
                    return False
            for item in value[count:] if count else value:
                if not rest(item):
                    return False
            return True
        return check

    def k_prefixItems(self, argument, schema) -> Check:
        prefix = tuple(self.lazy(sub) for sub in argument)
        return lambda value: not isinstance(value, list) or all(t(i) for t, i in zip(prefix, value))

    def k_minItems(self, argument, schema) -> Check:
        return lambda value: not isinstance(value, list) or len(value) >= argument

    def k_maxItems(self, argument, schema) -> Check:
        return lambda value: not isinstance(value, list) or len(value) <= argument

    def k_minProperties(self, argument, schema) -> Check:
        return lambda value: not isinstance(value, dict) or len(value) >= argument

    def k_maxProperties(self, argument, schema) -> Check:
        return lambda value: not isinstance(value, dict) or len(value) <= argument

    # values
    def k_enum(self, argument, schema) -> Check:
        allowed = list(argument)
        if all(isinstance(item, str) for item in allowed):
            strings = frozenset(allowed)
            # A string equals only a string; nothing else equals a string.
            return lambda value: isinstance(value, str) and value in strings
        return lambda value: any(equal(value, item) for item in allowed)

    def k_const(self, argument, schema) -> Check:
        return lambda value: equal(value, argument)

    # Written as "not failed", the way jsonschema tests them: NaN fails no bound.
    def k_minimum(self, argument, schema) -> Check:
        number = self.dialect.types["number"]
        return lambda value: not number(value) or not value < argument

    def k_maximum(self, argument, schema) -> Check:
        number = self.dialect.types["number"]
        return lambda value: not number(value) or not value > argument

    def k_exclusiveMinimum(self, argument, schema) -> Check:
        if isinstance(argument, bool):
            raise Unsupported("a Draft 4 boolean exclusiveMinimum")
        number = self.dialect.types["number"]
        return lambda value: not number(value) or not value <= argument

    def k_exclusiveMaximum(self, argument, schema) -> Check:
        if isinstance(argument, bool):
            raise Unsupported("a Draft 4 boolean exclusiveMaximum")
        number = self.dialect.types["number"]
        return lambda value: not number(value) or not value >= argument

    def k_minLength(self, argument, schema) -> Check:
        return lambda value: not isinstance(value, str) or len(value) >= argument

    def k_maxLength(self, argument, schema) -> Check:
        return lambda value: not isinstance(value, str) or len(value) <= argument

    def k_pattern(self, argument, schema) -> Check:
        search = self.dialect.pattern(argument)
        if search is None:  # oclc.schema does not enforce a pattern it cannot translate
            return lambda value: True
        return lambda value: not isinstance(value, str) or search(value) is not None

    def k_format(self, argument, schema) -> Check:
        conforms = self.dialect.formats.get(argument)
        if conforms is None:  # not asserted: an annotation
            return lambda value: True
        return conforms

    # combinations
    def k_ref(self, argument, schema) -> Check:
        ref = argument
        compiled: list[Check] = []

        def check(value: Any) -> bool:
            if not compiled:
                compiled.append(self.ref(ref))
            return compiled[0](value)
        # Resolve now so that an unresolvable reference disables the fast path at compile time.
        self.resolve(ref)
        return check

    def k_anyOf(self, argument, schema) -> Check:
        branches = tuple(self.lazy(sub) for sub in argument)
        return lambda value: any(branch(value) for branch in branches)

    def k_allOf(self, argument, schema) -> Check:
        branches = tuple(self.lazy(sub) for sub in argument)
        return lambda value: all(branch(value) for branch in branches)

    def k_oneOf(self, argument, schema) -> Check:
        branches = tuple(self.lazy(sub) for sub in argument)
        return lambda value: sum(1 for branch in branches if branch(value)) == 1

    def k_not(self, argument, schema) -> Check:
        test = self.lazy(argument)
        return lambda value: not test(value)


_COMPILE_ERRORS = (Unsupported, RecursionError, ValueError, TypeError, KeyError, IndexError, AttributeError)


def compile_schema(schema: Any, dialect: Dialect = OCLC_2020_12) -> Check | None:
    """The schema as one yes/no function, or None when its top level uses something not
    implemented here or names another draft than `dialect`'s. Subschemas compile on first use,
    so the function itself may raise Unsupported (or another _COMPILE_ERRORS) for a part of the
    schema a value reaches: callers treat that as "ask jsonschema"."""
    drafts = DRAFT_2020_12 if dialect.keywords is KEYWORDS_2020_12 else DRAFT_7
    if isinstance(schema, dict) and schema.get("$schema", drafts[0]) not in drafts:
        return None
    try:
        return _Compiler(schema, dialect).compile(schema)
    except _COMPILE_ERRORS:
        return None


def passes(check: Check | None, value: Any) -> bool:
    """True when `check` (from compile_schema) accepts `value`; False when it refuses it or cannot tell."""
    if check is None:
        return False
    try:
        return check(value)
    except _COMPILE_ERRORS:
        return False


def bundled_checker(release: str = DEFAULT_RELEASE) -> Check | None:
    key = "bundled:" + release
    if key not in _cache:
        from .dialect import SchemaUnusable, _load_schema

        try:
            _cache[key] = compile_schema(_load_schema(None, release))
        except (SchemaUnusable, OSError, ValueError):
            _cache[key] = None
    return _cache[key]


def accepts(value: Any, release: str = DEFAULT_RELEASE) -> bool:
    """True when a bundled release's schema certainly accepts `value` (jsonschema would report nothing)."""
    return passes(bundled_checker(release), value)


_CHECKS: dict[tuple[int, int], tuple[Any, Dialect, Check | None]] = {}


def accepts_schema(schema: Any, value: Any, dialect: Dialect) -> bool:
    """`passes` for a schema compiled once per process (keyed by the schema and dialect objects,
    which the caller keeps alive: the channel schemas of the release data, a module-level dialect)."""
    key = (id(schema), id(dialect))
    cached = _CHECKS.get(key)
    if cached is None or cached[0] is not schema or cached[1] is not dialect:
        cached = _CHECKS[key] = (schema, dialect, compile_schema(schema, dialect))
    return passes(cached[2], value)
