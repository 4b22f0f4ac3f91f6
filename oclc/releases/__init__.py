"""Per-release facts about OpenClaw: one folder per bundled release, every file in it built by a
script from that release itself (see scripts/), so what oclc knows of a release lives in one place.

    oclc/releases/<release>/schema.json      the config's JSON Schema, structure only (build_schema.py)
                            migrations.json  retired keys `openclaw doctor --fix` moves
                            plugins.json     bundled channels and plugins, plugin schemas, retired models
                            channel-schemas/<channel>.json   each bundled channel's config schema
                            providers.json   provider ids, API families, credential env vars

Files are read on first use, so a run loads only what it needs.
"""
from __future__ import annotations

import json
import os
from functools import lru_cache

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

DEFAULT_RELEASE = "2026.9.6"
# os.path, not pathlib: pathlib pulls in urllib and ipaddress, a cost every cold run would pay.
HOME = os.path.dirname(os.path.abspath(__file__))


def data_path(name: str, release: str = DEFAULT_RELEASE) -> str:
    """The path of one data file of a bundled release."""
    return os.path.join(HOME, release, name)


def data_text(name: str, release: str = DEFAULT_RELEASE) -> str:
    with open(data_path(name, release), encoding="utf-8") as handle:
        return handle.read()


@lru_cache(maxsize=None)
def load_json(name: str, release: str = DEFAULT_RELEASE) -> Any:
    """One data file of a bundled release, parsed once per process."""
    return json.loads(data_text(name, release))
