"""Build a Loaded (and a Model) straight from a config value, for tests of the resolve stage and
the rules that do not need source positions."""
from __future__ import annotations

import json

from oclc.load.model import Loaded
from oclc.json5.parser import Document
from oclc.resolve import ResolveOptions, resolve
from oclc.source import Source


def loaded_from(value, name: str = "test.json5") -> Loaded:
    text = json.dumps(value, indent=1)
    return Loaded(main=Document(Source(name, text), value), value=value)


def model_from(value, env=None, env_known=False, state_dir=None, now_ms=None):
    options = ResolveOptions(env=dict(env or {}), env_known=env_known, state_dir=state_dir, now_ms=now_ms)
    return resolve(loaded_from(value), options)
