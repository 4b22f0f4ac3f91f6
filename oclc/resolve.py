"""Resolve stage: per agent, the model chain, the credentials each provider will use (and their
mode), and the effective prompt-cache retention of each model, as OpenClaw 2026.9.6 decides them.

CONTRACT (other stages rely on it; the implementation is being written):
    resolve(loaded: Loaded, options: ResolveOptions) -> Model
Check rules (oclc.rules.*) take the Model. `Model.loaded` is always set; the resolution must
never fail on a config that did not pass the schema (values may have any type).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .load import Loaded


@dataclass
class ResolveOptions:
    env: dict[str, str] = field(default_factory=dict)
    env_known: bool = False          # True when --env-file / --state-dir make "absent" a fact
    state_dir: str | None = None


@dataclass
class Model:
    loaded: Loaded
    options: ResolveOptions
    agents: dict[str, Any] = field(default_factory=dict)

    @property
    def value(self) -> Any:
        return self.loaded.value


def resolve(loaded: Loaded, options: ResolveOptions) -> Model:
    return Model(loaded=loaded, options=options)
