"""Schema stage: validate the loaded (migrated) config against its target release's JSON Schema
(oclc/releases/<release>/schema.json.gz, built by scripts/build_schema.py) or another one given
with --schema, and turn every error into a diagnostic placed on the exact key or value it is about.

    validate(loaded, schema_path=None) -> list[Diagnostic]
    dialect.bundled_schema_text() -> str

One finding per problem: an object with three unknown keys gives three diagnostics, each on its
key; a union (anyOf/oneOf) that fails is reduced to the branch the value was most likely meant
for, never a list of every alternative. Each schema is compiled once per process.

The modules: fast.py says yes or no for the bundled schema without jsonschema (most configs are
valid, and then nothing else here is imported); findings.py has jsonschema find the errors and
places them (structure.py declares their rules); dialect.py reads schemas and holds what
OpenClaw's dialect of JSON Schema means (ECMAScript patterns, oclc's number types, retired keys);
secretref.py reads SecretRef objects.
"""
from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..diagnostics import Diagnostic


def validate(loaded, schema_path: str | None = None) -> list[Diagnostic]:
    """Diagnostics for everything the schema refuses in `loaded.value`."""
    if schema_path is None:
        from .fast import accepts

        # Valid configs (most of what a hook sees) need neither jsonschema's import nor its walk,
        # nor the code that turns its errors into findings.
        if accepts(loaded.value, loaded.release):
            return []
    from .findings import findings

    return findings(loaded, schema_path)
