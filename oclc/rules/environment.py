"""OC125: what oclc could not check because it was not given the gateway's environment.

oclc never reads its own process environment or home unless told to (`--env-from-process`): the
gateway runs elsewhere, as another user, with other variables. So without `--env-file` (or
`--env-from-process`), whether a variable is set is unknown, not "missing", and `~` is a home oclc
does not know. Instead of a warning at every use, one note per file names what could not be
checked.
"""
from __future__ import annotations

import re

from ..diagnostics import INFO
from ..diagnostics.registry import rule
from .resolved import emit

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_DOLLAR_NAME = re.compile(r"^\$([A-Z_][A-Z0-9_]*)$")
_LISTED = 6


@rule("OC125", "environment-not-given", INFO,
      "oclc was not given the gateway's environment, so some variables or `~` paths were not checked.")
def environment_not_given(model):
    """What: the config depends on the gateway's environment (`${VAR}`, env SecretRefs, provider
credentials that only an environment variable can supply) or on its home directory (`~` paths
oclc would have to look at), and oclc was not given them. By default oclc reads neither its own
environment nor its own home: the result must not depend on the machine that lints the config.

Why: without the environment, "is this variable set?" has no answer. oclc reports nothing per use
(no OC120, OC605, OC308 for them) and says once which variables and paths were left unchecked.

Example:
    gateway: { auth: { token: "${OPENCLAW_GATEWAY_TOKEN}" } }    // linted without --env-file

Fix: give the gateway's variables with `--env-file FILE` (HOME or OPENCLAW_HOME in it gives the
home for `~`), or `--env-from-process` when oclc runs in the gateway's own environment (also
`env-from-process = true` in `[tool.oclc]`)."""
    env_known = model.options.env_known
    variables = {} if env_known else _unchecked_variables(model)
    paths = _unchecked_home_paths(model)
    if not variables and not paths:
        return
    parts = []
    if variables:
        shown = [f"{name} ({', '.join(uses)})" for name, uses in list(variables.items())[:_LISTED]]
        more = len(variables) - len(shown)
        parts.append(f"whether {_count(len(variables), 'variable')} {'is' if len(variables) == 1 else 'are'} set: "
                     + "; ".join(shown) + (f"; and {more} more" if more > 0 else ""))
    if paths:
        parts.append(f"{_count(len(paths), 'path')} under `~`, the gateway's home: "
                     + ", ".join(paths[:_LISTED]) + (f" and {len(paths) - _LISTED} more" if len(paths) > _LISTED else ""))
    lead = ("oclc was not given the gateway's environment" if not env_known
            else "the environment oclc was given sets no HOME (or OPENCLAW_HOME)")
    yield emit(model, environment_not_given, f"{lead}, so it did not check {'; nor '.join(parts)}", (),
               help="pass the gateway's variables with --env-file FILE (HOME in it gives `~`), or "
                    "--env-from-process if oclc runs with the gateway's environment")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _unchecked_variables(model) -> dict[str, list[str]]:
    """Variable name (or "A or B": one of a provider's credential variables) -> what depends on it,
    in the order first met, for variables the environment oclc was given does not set."""
    env = model.options.env
    found: dict[str, list[str]] = {}

    def add(name: str, use: str) -> None:
        if env.get(name):
            return
        uses = found.setdefault(name, [])
        if use not in uses:
            uses.append(use)

    loaded = model.loaded
    # `${VAR}` inside an env-block entry OpenClaw skips anyway (OC122) depends on nothing.
    skipped = {d.resolved_path for d in loaded.diagnostics if d.code == "OC122"}
    counts: dict[str, int] = {}
    for path, names in loaded.unresolved.items():
        if path in skipped:
            continue
        for name in names:
            counts[name] = counts.get(name, 0) + 1
    for name, count in counts.items():
        add(name, f"`${{{name}}}`" + (f" {count} times" if count > 1 else ""))
    from .secrets import _is_secret_key, _last_key, _secret_refs, _strings

    for _, ref in _secret_refs(model):
        if ref.get("source") == "env" and isinstance(ref.get("id"), str):
            add(ref["id"], "an env SecretRef")
    for path, text in _strings(model):
        match = _DOLLAR_NAME.match(text.strip()) if "$" in text else None
        key = _last_key(path) if match else None
        if match and key is not None and _is_secret_key(key):
            add(match.group(1), f"`${match.group(1)}`")
    for provider, names in _providers_needing_env(model).items():
        unset = [name for name in names if not env.get(name)]
        if unset:
            found.setdefault(" or ".join(unset), []).append(f"the only credential left for provider {provider}")
    return found


def _providers_needing_env(model) -> dict[str, list[str]]:
    """Providers of the agents' model chains that have no credential except, perhaps, one of their
    environment variables (which oclc cannot see): OC308 would report them if the variables were
    known to be unset."""
    needing: dict[str, list[str]] = {}
    for agent in model.agents.values():
        if agent.primary_source == "default":
            continue  # the built-in route, not configured by anyone
        for provider in agent.chain_providers:
            pauth = agent.auth.get(provider)
            if pauth is None or not pauth.known or provider in needing:
                continue
            unknown_env = [c.name for c in pauth.candidates if c.kind == "env" and c.present is None]
            others_absent = all(c.present is False for c in pauth.candidates if c.kind != "env")
            if unknown_env and others_absent:
                needing[provider] = unknown_env
    return needing


def _unchecked_home_paths(model) -> list[str]:
    """Config paths of `~` paths a check would have read on disk, when the home is unknown."""
    from ..load.home import gateway_home, is_home_path

    if gateway_home(model.options.env) is not None:
        return []
    found: list[str] = []

    def string_at(value: Any, *keys: Any) -> Any:
        for key in keys:
            value = value.get(key) if isinstance(value, dict) else None
        return value

    providers = string_at(model.value, "secrets", "providers")
    for alias, provider in (providers.items() if isinstance(providers, dict) else ()):
        command = string_at(provider, "command")
        if isinstance(command, str) and is_home_path(command.strip()):
            found.append(f"secrets.providers.{alias}.command")
    load_paths = string_at(model.value, "plugins", "load", "paths")
    for index, path in enumerate(load_paths if isinstance(load_paths, list) else ()):
        if isinstance(path, str) and is_home_path(path.strip()):
            found.append(f"plugins.load.paths[{index}]")
    for agent in model.agents.values():
        if agent.stores_unreadable:
            found.append(f"the credential stores of agent {agent.id} ({agent.stores_unreadable})")
    return found

