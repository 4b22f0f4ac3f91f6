"""What OpenClaw's own checks beyond its schema (OC210-OC299, the other modules of this package)
share: agent ids and roster helpers, the facts of the OpenClaw package, and how a finding is placed.

The checks: OpenClaw 2026.9.6's Zod schema carries cross-field refinements, its validator runs post-schema semantic checks,

Its Zod schema carries cross-field refinements, its validator runs post-schema semantic checks,
plugin-aware checks (channel ids, channel schemas, heartbeat targets) and, in `config validate`,
a few strict checks (secret provider sources, exec command files). Each is a check rule in this
package,
run over the migrated document (`model.loaded.value`), reported where the value was written.

OpenClaw stages these (an object's refinements run only when its children are clean; the
post-schema groups stop at the first that finds something); oclc reports everything at once.

Facts about the OpenClaw package (bundled channels and their schemas, plugin ids, web-search
providers, retired models) come from oclc/releases/2026.9.6/plugins.json, which
scripts/extract_openclaw_plugins.py regenerates from an installed OpenClaw.

Not reproduced (rare in real configs; each is a refusal oclc does not predict yet): Docker/Podman
sandbox env names and values and sandbox bind mounts, `gateway.portals.ingress` conflicts,
`gateway.remote.edgeAuth` header names, `secrets.egressProxy` host syntax, `plugins.slots.memory`
naming a missing plugin, the config schemas of bundled plugins (`plugins.entries.<id>.config`),
and channel settings of plugins loaded from `plugins.load.paths`.
"""
from __future__ import annotations

import functools
import os

from ...diagnostics import Diagnostic, Path
from ...load.migrate import normalize_agent_id
from ...schema.secretref import _get

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# --- facts shared by several checks ---------------------------------------------------------------

def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _entries(config: Any) -> dict[str, Any]:
    """agents.entries of the migrated document, entries that are objects only (as OpenClaw lists them)."""
    entries = _get(config, "agents", "entries")
    if not isinstance(entries, dict):
        return {}
    return {key: entry for key, entry in entries.items() if isinstance(entry, dict)}


def _has_roster(config: Any) -> bool:
    agents = _get(config, "agents")
    return isinstance(agents, dict) and ("entries" in agents and agents["entries"] is not None)


def _agent_ids(config: Any) -> list[str]:
    entries = _entries(config)
    if not entries and not _has_roster(config):
        return ["main"]
    # A dict keeps the ids unique in order without a list scan per agent (fleets have thousands).
    return list(dict.fromkeys(normalize_agent_id(key) for key in entries))


def probed(model, code: str) -> Any:
    """What the target release's probes showed for one of these checks (release.json "checks"), or
    None for the reference release, whose checks use the full package facts below. The rules stage
    runs a check only where its release performs it, so a probed value here is never false."""
    from ...releases import release_facts

    facts = release_facts(model.loaded.release)
    if facts.get("reference") or not facts:
        return None
    return (facts.get("checks") or {}).get(code)


@functools.lru_cache(maxsize=1)
def plugin_data() -> dict:
    """What OpenClaw's plugin-aware validation knows: bundled channels (ids, aliases,
    runtime-managed secret fields), bundled plugins (ids, channels, web-search providers, retired
    models, config schemas) and the web-search providers of official external plugins. Generated
    by scripts/extract_openclaw_plugins.py from the OpenClaw package."""
    from ...releases import load_json

    return load_json("plugins.json")


@functools.lru_cache(maxsize=None)
def channel_schema(channel_id: str) -> dict | None:
    """The JSON Schema of a bundled channel's config (`channel_id` as plugin_data() names it), or
    None. One file per channel beside plugins.json: they are nine tenths of the plugin data, and a
    config uses a channel or two."""
    from ...releases import data_path, load_json

    name = f"channel-schemas/{channel_id}.json"
    return load_json(name) if os.path.isfile(data_path(name)) else None


def _env(model) -> dict[str, str]:
    return model.options.env or model.loaded.env or {}


def _expand_user(path: str, model) -> str:
    """A configured path as the gateway resolves it: `~` is the gateway's home, when the given
    environment names one; otherwise the path keeps its `~` (`_on_disk` is then False)."""
    from ...load.home import resolved_path

    path = path.strip()
    resolved = resolved_path(path, _env(model))
    return resolved if resolved.startswith("~") else os.path.abspath(resolved)


def _on_disk(path: str) -> bool:
    """Whether oclc can look at `path` on disk: not when it still starts with an unknown home."""
    return not path.startswith("~")


def _state_dir(model) -> str:
    if model.options.state_dir:
        return os.path.abspath(model.options.state_dir)
    env = _env(model)
    override = (env.get("OPENCLAW_STATE_DIR") or "").strip()
    if override:
        return _expand_user(override, model)
    return os.path.join(_expand_user("~", model), ".openclaw")


def _emit(model, item, message: str, path: Path, **extra) -> Diagnostic:
    return model.loaded.emit(item, message, tuple(path), **extra)


# --- agents roster (the schema's refinements of `agents`) ------------------------------------------

def _default_markers(config: Any) -> list[str]:
    return [key for key, entry in _entries(config).items() if entry.get("default") is True]


# --- agent id references (the schema's root refinement) ---------------------------------------------

# --- post-schema semantic checks ----------------------------------------------------------------------

# --- secrets -----------------------------------------------------------------------------------------

def _realpath(path: str) -> str:
    """os.path.realpath, for a path written in the config: one with a NUL or an unpaired surrogate
    names no file, and is compared as written; so is one under a home oclc was not given."""
    if not _on_disk(path):
        return os.path.normpath(path)
    try:
        return os.path.realpath(path)
    except ValueError:   # UnicodeEncodeError is one too
        return os.path.normpath(path)


# --- plugin-aware checks --------------------------------------------------------------------------------

def _closest(word: str, candidates: list[str]) -> str | None:
    import difflib

    found = difflib.get_close_matches(word.lower(), candidates, n=1, cutoff=0.75)
    return found[0] if found else None


# --- other refinements of the schema --------------------------------------------------------------------

