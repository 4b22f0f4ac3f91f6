"""Schema stage: validate the loaded (migrated) document against schemas/openclaw.schema.json
(or another schema given with --schema), and map every error to the span it is about.

CONTRACT (being written):  validate(loaded: Loaded, schema_path: str | None = None) -> list[Diagnostic]
"""
from __future__ import annotations


def validate(loaded, schema_path=None):
    return []
