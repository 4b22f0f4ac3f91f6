"""Rule family structure (OC2xx): what makes OpenClaw refuse a config's shape.

The schema stage (oclc/schema/__init__.py) emits OC201-OC209; OpenClaw's own checks beyond its JSON
schema are OC210-OC29x."""
from __future__ import annotations

from ..diagnostics import ERROR
from ..diagnostics.registry import declare

# --- schema ---
# Emitted by oclc/schema/__init__.py. All are errors: each is a problem OpenClaw's strict schema refuses.

UNKNOWN_KEY = declare(
    "OC201", "unknown-key", ERROR, "A key that OpenClaw's schema does not know.",
    """What: a key that is not allowed in this object. Every object of the OpenClaw config is
strict, except open maps such as `params`, `env.vars`, header maps and agent or provider maps.

Why: OpenClaw refuses the whole config when it meets a key it does not know, so a typo stops
the gateway from starting. oclc suggests the closest known key when there is one.

Example:
    agents: { defaults: { modle: "anthropic/claude-sonnet-4-6" } }    // model

Fix: correct the spelling, move the key where it belongs, or remove it.""",
)
RETIRED_KEY = declare(
    "OC202", "retired-key", ERROR, "A key from an older OpenClaw that this version refuses.",
    """What: a key that older OpenClaw versions accepted and 2026.9.6 no longer does (its schema
simply calls it unknown). `openclaw doctor --fix` knows how to migrate or remove it.

Why: `openclaw config validate` and the gateway refuse the config until the key is gone; the
doctor does not run by itself.

Example:
    { heartbeat: { every: "30m" } }    // now agents.defaults.heartbeat

Fix: run `openclaw doctor --fix`, or move the setting to the place oclc names (or delete it
when oclc says it was removed).""",
)
INVALID_TYPE = declare(
    "OC203", "invalid-type", ERROR, "A value of the wrong type (string, number, object, ...).",
    """What: the value has a JSON type the schema does not allow here, or matches none of the
shapes a union allows. Note that `${VAR}` substitution always produces a string, and that
`Infinity` and `NaN` are not numbers to OpenClaw.

Why: OpenClaw refuses the config.

Example:
    gateway: { port: "18789" }    // a number: 18789

Fix: write the value with the type shown.""",
)
INVALID_VALUE = declare(
    "OC204", "invalid-value", ERROR, "A value that is not one of the allowed values.",
    """What: the key takes one of a fixed set of values (an enum, a literal or a boolean), and this
value is not one of them.

Why: OpenClaw refuses the config. The allowed values are listed, with the closest one when the
value looks like a typo.

Example:
    auth: { profiles: { "anthropic:default": { provider: "anthropic", mode: "apikey" } } }    // api_key

Fix: use one of the allowed values.""",
)
OUT_OF_RANGE = declare(
    "OC205", "out-of-range", ERROR, "A number, list or map outside its allowed bounds.",
    """What: a number below its minimum or above its maximum, or a list or map with too few or too
many members. (A fraction where a whole number is required is a type problem, OC203.)

Why: OpenClaw refuses the config.

Example:
    gateway: { port: 70000 }    // at most 65535

Fix: use a value within the bounds shown.""",
)
MISSING_REQUIRED = declare(
    "OC206", "missing-required", ERROR, "A required key is missing.",
    """What: an object lacks a key that the schema requires (for example `mode` of an auth profile,
or `id` and `name` of a custom model row).

Why: OpenClaw refuses the config.

Example:
    auth: { profiles: { work: { provider: "anthropic" } } }    // mode is required

Fix: add the key.""",
)
INVALID_FORMAT = declare(
    "OC207", "invalid-format", ERROR, "A string that does not have the required form or length.",
    """What: a string that does not match the pattern the schema requires (an env secret id must be
upper-case, an exec command must be an absolute path, ...), or is too short or too long.

Why: OpenClaw refuses the config.

Example:
    apiKey: { source: "env", provider: "default", id: "openai_api_key" }    // OPENAI_API_KEY

Fix: write the value in the form shown.""",
)
INVALID_KEY_NAME = declare(
    "OC208", "invalid-key-name", ERROR, "A map key that is not a valid name (agent ids, ...).",
    """What: a key of a map whose keys must follow a pattern, such as agent ids under
`agents.entries` (letters, digits, `_` and `-`, at most 64, not starting with `-`).

Why: OpenClaw refuses the config.

Example:
    agents: { entries: { "Main Agent": {} } }    // main-agent

Fix: rename the key.""",
)
SCHEMA_UNUSABLE = declare(
    "OC209", "schema-unusable", ERROR, "The JSON Schema given with --schema cannot be used.",
    """What: the file given with `--schema` cannot be read (or is not a regular file, or is over
16 MiB), is not JSON, is not a JSON Schema, refers to something it does not contain, or nests
too deeply for oclc (a `$ref` that leads back to itself, say).

Why: without a usable schema oclc cannot say whether the config is valid, so, like a file it
cannot read, the run exits with code 2.

Example:
    oclc lint --schema ./openclaw.schema.json openclaw.json5
    # the schema file holds an HTML error page saved by curl: "not JSON", exit code 2

Fix: pass a readable JSON Schema file (any draft jsonschema supports), or drop `--schema` to use
the bundled OpenClaw 2026.9.6 schema.""",
)
