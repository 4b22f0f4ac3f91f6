"""oclc.schema.fast against jsonschema, the oracle: on every config we have (corpus, oracle cases,
fixtures, examples, generated fleets) and on seeded mutations of them, the fast check accepts a
value exactly when jsonschema finds no error, for the bundled schema (Draft 2020-12, oclc's types
and ECMAScript patterns) and for the channel plugins' Draft 7 schemas (rule OC224)."""
from __future__ import annotations

import copy
import json
import math
import random
import sys
from pathlib import Path

import pytest

from oclc import schema as schema_module
from oclc.schema import fast as schema_fast
from oclc.pipeline import Options, check
from oclc.rules.openclaw import channels as openclaw_channels
from oclc.rules.openclaw import common as openclaw_common

ROOT = Path(__file__).resolve().parent.parent
from fixturelib import ORACLE_CASES, SHARED
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import build, build_clean, fleet_env, write_fleet_config  # noqa: E402
from oclc.schema import dialect


def _config_files() -> list[Path]:
    files = sorted((ROOT / "tests" / "fixtures").rglob("*.json5")) + sorted((ROOT / "examples").glob("*.json5"))
    files += sorted(ORACLE_CASES.glob("*.json5"))
    corpus = SHARED / "corpus" / "configs"
    if corpus.is_dir():
        files += sorted(p for p in corpus.iterdir() if p.is_file())
    return files


@pytest.fixture(scope="module")
def loaded_values(tmp_path_factory) -> list[tuple[str, object]]:
    """The loaded (includes, env, migrations applied) value of every config that gets that far."""
    values = []
    for path in _config_files():
        result = check(str(path), options=Options(env={}), resolve_agents=False)
        if result.loaded is not None and not result.loaded.fatal:
            values.append((str(path), result.loaded.value))
    fleet_dir = tmp_path_factory.mktemp("fleet")
    for agents in (1, 10, 100):
        main = write_fleet_config(fleet_dir / f"agents-{agents}", agents, seed=agents)
        result = check(str(main), options=Options(env=fleet_env()), resolve_agents=False)
        values.append((str(main), result.loaded.value))
    values.append(("generate.build(30)", build(30)))
    values.append(("generate.build_clean(30)", build_clean(30)))
    assert len(values) > 100, "the corpus, oracle cases and fixtures should give hundreds of configs"
    return values


def _jsonschema_accepts(value) -> bool:
    return next(iter(dialect.validator_for(None).iter_errors(value)), None) is None


def _channel_validator(schema):
    """The validator rule OC224 falls back to (as openclaw_channels.channel_schema_errors builds it)."""
    import jsonschema

    checker = jsonschema.FormatChecker(formats=())
    checker.checks("uri")(openclaw_channels._is_uri)
    return openclaw_channels._plugin_validator_class(schema.get("$schema"))(schema, format_checker=checker)


def _channel_dialect():
    openclaw_channels.channel_schema_errors({}, {})  # builds the rule's dialect
    return openclaw_channels._CHANNEL_DIALECT[0]


# --- mutations ------------------------------------------------------------------------------------

_REPLACEMENTS = ["", "x", "bogus-value", 0, 1, -1, 1.5, 1.0, 2**60, True, False, None, [], ["x"], {}, {"x": 1},
                 float("nan"), float("inf"), "https://example.com", "not a url", "${VAR}", "A" * 600]


def _paths(value, path=()):
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, path + (index,))


def _mutate(value, rng: random.Random):
    """One seeded change: a value replaced, a key added or removed."""
    mutated = copy.deepcopy(value)
    paths = [p for p in _paths(mutated) if p]
    if not paths:
        return {"unknownTopLevelKey": True}
    path = rng.choice(paths)
    parent = mutated
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    action = rng.random()
    if action < 0.6:
        parent[last] = copy.deepcopy(rng.choice(_REPLACEMENTS))
    elif action < 0.8 and isinstance(parent, dict):
        del parent[last]
    elif isinstance(parent[last], dict):
        parent[last][rng.choice(["unknownKey", "enabled", "model", "mode", "name"])] = rng.choice(_REPLACEMENTS)
    else:
        parent[last] = rng.choice(_REPLACEMENTS)
    return mutated


# --- the bundled schema ---------------------------------------------------------------------------

def test_keyword_sets_match_jsonschema():
    from jsonschema import Draft7Validator, Draft202012Validator

    assert schema_fast.KEYWORDS_2020_12 == set(Draft202012Validator.VALIDATORS)
    assert schema_fast.KEYWORDS_7 == set(Draft7Validator.VALIDATORS)


def test_bundled_schema_has_a_fast_check():
    assert schema_fast.bundled_checker() is not None


def test_agrees_with_jsonschema_on_every_config(loaded_values):
    disagreements = [name for name, value in loaded_values if schema_fast.accepts(value) != _jsonschema_accepts(value)]
    assert disagreements == []
    accepted = sum(1 for _, value in loaded_values if schema_fast.accepts(value))
    assert 0 < accepted < len(loaded_values), "both valid and invalid configs should be among the inputs"


def test_agrees_with_jsonschema_on_mutated_configs(loaded_values):
    rng = random.Random(20260906)
    valid = [(name, value) for name, value in loaded_values if _jsonschema_accepts(value)]
    disagreements = []
    for name, value in rng.sample(valid, min(60, len(valid))):
        for _ in range(15):
            mutated = _mutate(value, rng)
            if schema_fast.accepts(mutated) != _jsonschema_accepts(mutated):
                disagreements.append((name, json.dumps(mutated, default=str)[:300]))
    assert disagreements == []


def test_validate_skips_jsonschema_only_for_accepted_values(loaded_values):
    """schema.validate gives the same diagnostics with and without the fast path."""
    for name, value in loaded_values[:40]:
        class Loaded:  # what schema.validate reads from a Loaded when it finds nothing
            pass
        loaded = Loaded()
        loaded.value = value
        loaded.release = "2026.9.6"
        if schema_fast.accepts(value):
            assert schema_module.validate(loaded) == []


# --- semantics the mutations may miss -------------------------------------------------------------

@pytest.mark.parametrize("schema, value", [
    ({"type": "number"}, float("nan")),
    ({"type": "number"}, float("inf")),
    ({"type": "integer"}, 1.0),
    ({"type": "integer"}, 1.5),
    ({"type": "integer"}, True),
    ({"type": ["string", "null"]}, None),
    ({"enum": [1, "a"]}, True),
    ({"enum": [1, "a"]}, 1.0),
    ({"enum": [True]}, 1),
    ({"enum": [[1, 2]]}, [1, 2]),
    ({"enum": [{"a": [False]}]}, {"a": [0]}),
    ({"const": "x"}, "x"),
    ({"minimum": 0}, float("nan")),
    ({"exclusiveMinimum": 0}, 0),
    ({"maximum": 10}, 10.0),
    ({"pattern": "^[a-z]+$"}, "abc\n"),
    ({"pattern": "^\\d+$"}, "١٢"),
    ({"minLength": 2}, "🦞"),
    ({"maxLength": 1}, "🦞"),
    ({"required": ["a"], "properties": {"a": {"type": "string"}}}, {"a": 1}),
    ({"additionalProperties": False, "properties": {"a": {}}}, {"a": 1, "b": 2}),
    ({"additionalProperties": {"type": "string"}}, {"a": "x", "b": 2}),
    ({"propertyNames": {"pattern": "^[a-z]+$"}}, {"ok": 1, "NOT": 2}),
    ({"prefixItems": [{"type": "string"}], "items": {"type": "integer"}}, ["a", 1, 2]),
    ({"prefixItems": [{"type": "string"}], "items": {"type": "integer"}}, [1, 1]),
    ({"prefixItems": [{"type": "string"}], "items": False}, ["a", 1]),
    ({"items": {"type": "string"}, "minItems": 1, "maxItems": 2}, []),
    ({"anyOf": [{"type": "string"}, {"type": "integer"}]}, 2.5),
    ({"oneOf": [{"type": "integer"}, {"type": "number"}]}, 1),
    ({"allOf": [{"type": "integer"}, {"minimum": 2}]}, 3),
    ({"not": {"type": "string"}}, "x"),
    ({"$defs": {"a": {"type": "string"}}, "$ref": "#/$defs/a", "minLength": 2}, "x"),
    ({"$defs": {"node": {"type": "object", "properties": {"next": {"$ref": "#/$defs/node"}},
                         "additionalProperties": False}}, "$ref": "#/$defs/node"},
     {"next": {"next": {"next": {}, "extra": 1}}}),
    ({"type": "string", "x-oclc-message": "ignored", "format": "uri"}, "not a uri"),
    ({"maxProperties": 1}, {"a": 1, "b": 2}),
    (True, {"anything": 1}),
    (False, None),
])
def test_keyword_semantics_match_jsonschema(schema, value):
    from jsonschema import validators

    document = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema} if isinstance(schema, dict) \
        else schema
    base = validators.Draft202012Validator
    types = base.TYPE_CHECKER.redefine_many({"number": dialect._is_number, "integer": dialect._is_integer})
    oracle = validators.extend(base, {"pattern": dialect._pattern_keyword}, type_checker=types)(document)
    fast = schema_fast.compile_schema(document)
    assert fast is not None
    assert fast(value) == oracle.is_valid(value)


def test_unsupported_schemas_have_no_fast_check():
    assert schema_fast.compile_schema({"uniqueItems": True}) is None
    assert schema_fast.compile_schema({"$ref": "https://example.com/other.json"}) is None
    assert schema_fast.compile_schema({"$schema": "http://json-schema.org/draft-04/schema#"}) is None
    # Reached only through a value: the check gives up, and jsonschema decides.
    lazy = schema_fast.compile_schema({"properties": {"a": {"patternProperties": {"x": {}}}}})
    assert lazy is not None
    assert lazy({"b": 1}) is True
    assert schema_fast.passes(lazy, {"a": {}}) is False


# --- the channel plugins' Draft 7 schemas (rule OC224) --------------------------------------------

def test_channel_schemas_agree_with_jsonschema(loaded_values):
    channels = openclaw_channels.bundled_channels()
    dialect = _channel_dialect()
    rng = random.Random(7)
    samples = []
    for _, value in loaded_values:
        configured = value.get("channels") if isinstance(value, dict) else None
        for key, settings in (configured.items() if isinstance(configured, dict) else ()):
            entry = channels.get(key.strip())
            schema = openclaw_common.channel_schema(entry["id"]) if entry is not None else None
            if schema:
                samples.append((key, schema, settings))
    assert len(samples) > 20, "the corpus should configure channels"
    for key, schema, settings in list(samples):
        for _ in range(6):
            samples.append((key, schema, _mutate(settings, rng) if isinstance(settings, (dict, list)) else settings))
    disagreements = []
    for key, schema, settings in samples:
        defaulted = openclaw_channels._apply_defaults(schema, settings)
        oracle = next(iter(_channel_validator(schema).iter_errors(defaulted)), None) is None
        if schema_fast.accepts_schema(schema, defaulted, dialect) != oracle:
            disagreements.append((key, json.dumps(settings, default=str)[:200]))
    assert disagreements == []


def test_every_channel_schema_compiles():
    dialect = _channel_dialect()
    for key, entry in openclaw_channels.bundled_channels().items():
        schema = openclaw_common.channel_schema(entry["id"])
        if schema:
            assert schema_fast.compile_schema(schema, dialect) is not None, key


def test_draft7_ref_ignores_siblings_and_items_arrays():
    import jsonschema

    document = {"$schema": "http://json-schema.org/draft-07/schema#",
                "definitions": {"s": {"type": "string"}},
                "properties": {"a": {"$ref": "#/definitions/s", "minLength": 5},
                               "t": {"items": [{"type": "string"}, {"type": "integer"}]},
                               "n": {"type": "number", "minimum": 0}}}
    fast = schema_fast.compile_schema(document, schema_fast.draft7_dialect())
    oracle = jsonschema.Draft7Validator(document)
    for value in ({"a": "x"}, {"a": 1}, {"t": ["a", 1, None]}, {"t": [1]}, {"n": float("inf")},
                  {"n": float("nan")}, {"n": -1}):
        assert fast(value) == oracle.is_valid(value), value
    assert math.isnan(float("nan"))
