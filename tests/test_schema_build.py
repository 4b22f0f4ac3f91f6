"""Each bundled release's committed schema is exactly what scripts/build_schema.py builds from the
committed inputs (scripts/releases/<release>/: the prose-free dump of the release's own schema and
the optional schema-additions.json), and it is what we say."""
from __future__ import annotations

import gzip
import hashlib
import importlib.util
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def load_builder():
    spec = importlib.util.spec_from_file_location("build_schema", ROOT / "scripts" / "build_schema.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def builder():
    return load_builder()


@pytest.fixture(scope="module")
def dump(builder) -> bytes:
    return gzip.decompress(builder.dump_copy("2026.9.6").read_bytes())


def _releases() -> list[str]:
    return load_builder().input_releases()


@pytest.mark.parametrize("release", _releases())
def test_every_release_schema_is_what_the_script_builds(builder, release):
    raw = gzip.decompress(builder.dump_copy(release).read_bytes())
    committed = builder.read_output(release)
    assert builder.build_text(raw, release) == committed, \
        f"run scripts/build_schema.py --release {release} and commit the result"


def test_every_bundled_release_has_build_inputs(builder):
    from oclc.releases import bundled_releases

    assert list(bundled_releases()) == builder.input_releases()


@pytest.fixture(scope="module")
def committed() -> str:
    return load_builder().read_output("2026.9.6")


def test_committed_schema_is_what_the_script_builds(builder, dump, committed):
    assert builder.build_text(dump) == committed, "run scripts/build_schema.py and commit the result"


def test_dump_copy_is_small_and_its_hash_is_recorded(builder, dump, committed):
    assert builder.dump_copy("2026.9.6").stat().st_size < 300_000
    assert builder.dump_digest(dump) in json.loads(committed)["$comment"]


def test_dump_copy_keeps_structure_but_no_prose(builder, dump):
    copy = json.loads(dump)
    assert "title" not in copy and "description" not in copy
    prose_free = builder.strip_prose(copy)
    assert prose_free == copy  # stripping again changes nothing: no schema-position prose is left
    # A property *named* like a prose keyword is structure and stays.
    agent = copy["properties"]["agents"]["properties"]["entries"]["additionalProperties"]
    assert "description" in agent["properties"]


def test_output_is_a_valid_draft_2020_12_schema(committed):
    from jsonschema import Draft202012Validator

    schema = json.loads(committed)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    # Patterns are ECMAScript regexes (the metaschema's `format: regex` would judge them as
    # Python ones), so format assertions stay off, as the spec allows.
    Draft202012Validator(Draft202012Validator.META_SCHEMA).validate(schema)


def test_no_prose_from_the_dump_survives(committed):
    schema = json.loads(committed)

    def keywords(node, inside_map=False):
        if isinstance(node, dict):
            for key, value in node.items():
                if not inside_map:
                    yield key
                yield from keywords(value, key in ("properties", "patternProperties", "$defs"))
        elif isinstance(node, list):
            for value in node:
                yield from keywords(value)

    found = set(keywords({k: v for k, v in schema.items() if k != "$comment"}))
    assert not found & {"title", "description", "examples", "default", "markdownDescription", "definitions"}
    assert "oneOf" not in found  # Zod unions are first-match: anyOf


def test_refs_all_resolve_inside_the_schema(committed):
    schema = json.loads(committed)
    refs = set(re.findall(r'"\$ref":"([^"]+)"', committed))
    assert refs, "dedupe should have produced shared $defs"
    for ref in refs:
        assert ref.startswith("#/$defs/")
        name = ref[len("#/$defs/"):].replace("~1", "/").replace("~0", "~")
        assert name in schema["$defs"], ref


def test_additions_are_applied(committed):
    schema = json.loads(committed)
    entries = schema["properties"]["agents"]["properties"]["entries"]
    assert entries["propertyNames"]["pattern"] == "^[a-zA-Z0-9_][a-zA-Z0-9_-]{0,63}$"
    assert set(schema["properties"]["channels"].get("properties", {})) == {"defaults", "modelByChannel"}
    assert "properties" not in schema["properties"]["plugins"]["properties"]["entries"] or \
        not schema["properties"]["plugins"]["properties"]["entries"]["properties"]


def test_unions_of_constants_become_enums(builder):
    converted = builder.Converter().schema({"anyOf": [{"type": "string", "const": "a"},
                                                      {"type": "string", "const": "b"},
                                                      {"type": "boolean"}]}, ())
    assert converted == {"enum": ["a", "b", True, False]}


def test_draft_07_forms_are_converted(builder):
    converted = builder.Converter().schema({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "array", "items": [{"type": "number"}, {"type": "number"}], "additionalItems": False,
        "title": "Range", "description": "prose", "default": [1, 2],
    }, ())
    assert converted == {"type": "array", "prefixItems": [{"type": "number"}, {"type": "number"}], "items": False}


def test_nested_defs_are_hoisted_and_their_refs_rewritten(builder):
    converter = builder.Converter()
    body = converter.schema({"type": "object", "properties": {"plugin": {
        "$defs": {"token": {"type": "string", "minLength": 1}},
        "type": "object", "properties": {"key": {"$ref": "#/$defs/token"}}}}}, ())
    assert body["properties"]["plugin"]["properties"]["key"] == {"$ref": "#/$defs/plugin.token"}
    assert converter.hoisted == {"plugin.token": {"type": "string", "minLength": 1}}


def test_a_patch_that_no_longer_fits_the_dump_fails_loudly(builder):
    schema = {"properties": {"a": {"type": "string", "pattern": "^x$"}}}
    with pytest.raises(builder.BuildError):
        builder.apply_additions(schema, {"patches": [{"at": "/properties/b", "merge": {"pattern": "y"}}]})
    with pytest.raises(builder.BuildError):
        builder.apply_additions(schema, {"patches": [{"at": "/properties/a", "expect": {"pattern": "^z$"},
                                                       "merge": {"pattern": "y"}}]})


def test_dedupe_shares_repeated_subschemas_and_keeps_single_uses_inline(builder):
    big = {"type": "object", "properties": {f"k{i}": {"type": "string", "minLength": i} for i in range(30)},
           "additionalProperties": False}
    once = {"type": "object", "properties": {f"o{i}": {"type": "integer"} for i in range(40)}}
    schema = {"type": "object", "properties": {"a": big, "b": json.loads(json.dumps(big)), "c": once}}
    builder.dedupe(schema)
    assert schema["properties"]["a"] == schema["properties"]["b"]
    assert list(schema["properties"]["a"]) == ["$ref"]
    assert schema["properties"]["c"] == once
    assert len(schema["$defs"]) == 1


def test_live_oracle_dump_matches_the_committed_copy(builder, dump):
    directory = builder.install_dir("2026.9.6", None)
    package = directory / "node_modules" / "openclaw" / "package.json"
    if not package.exists():
        pytest.skip(f"OpenClaw is not installed at {directory} (shared/oracle/install.sh installs it)")
    if not package.read_text().count('"2026.9.6"'):
        pytest.skip("the installed OpenClaw is not 2026.9.6")
    live, _ = builder.run_install("2026.9.6", directory)
    assert hashlib.sha256(live).hexdigest() == builder.dump_digest(dump)
    # The committed copy is the live dump minus prose: both build the same schema.
    assert builder.build_text(live) == builder.build_text(dump)
