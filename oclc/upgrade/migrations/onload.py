"""The legacy forms OpenClaw 2026.9.6 converts every time it loads a config (oclc/load/migrate.py,
spec §1.4), written into the file so that it says what runs. They change no meaning: the
compiled config is the same before and after (the property test checks it)."""
from __future__ import annotations

from ...load.migrate import (
    CONTEXT_KEYS,
    default_workspace_dir,
    materialized_owner,
    normalize_agent_id,
)
from ..tree import Tree
from .common import Migration, agent_scopes, own


def context_budgets(tree: Tree) -> None:
    providers = tree.record(("models", "providers"))
    for provider_id in list(providers or ()):
        provider = ("models", "providers", provider_id)
        for key in CONTEXT_KEYS:
            if tree.record(provider) is None or not own(tree, provider + (key,)):
                continue
            value = tree.get(provider + (key,))
            rows = tree.get(provider + ("models",))
            if isinstance(rows, list):
                for index, row in enumerate(rows):
                    if isinstance(row, dict) and key not in row:
                        tree.set(provider + ("models", index, key), value,
                                 f"OpenClaw copies the provider's {key} into each model row that lacks it")
            tree.delete(provider + (key,), f"OpenClaw moves a provider-level {key} into its model rows when it "
                        "loads the config" + ("" if isinstance(rows, list) and rows else
                                              " (this provider has none, so the value had no effect)"))
    for scope in agent_scopes(tree):
        tree.delete(scope + ("contextTokens",), "a context budget per agent has no effect (OpenClaw removes it on "
                    "load); set it per model row instead")


def roster(tree: Tree) -> None:
    agents = tree.get(("agents",))
    if own(tree, ("agents",)) and not isinstance(agents, dict):
        return
    agents = agents or {}
    entries = agents.get("entries")
    if "list" in agents:
        return  # doctor's runtime.agents-entries left it (a legacy list it could not convert)
    if entries is None or entries == {}:
        if agents.get("ownership") != "explicit":
            tree.set(("agents", "entries", "main"), {}, "with no agent configured OpenClaw runs one named main",
                     action="added")
        return
    if not isinstance(entries, dict):
        return
    ids = [agent_id for agent_id, entry in entries.items() if isinstance(entry, dict)]
    if not ids or any("default" in entries[i] and not isinstance(entries[i]["default"], bool) for i in ids):
        return
    marked = [i for i in ids if entries[i].get("default") is True]
    if agents.get("ownership") == "explicit" or len(marked) != 1:
        return
    marker = marked[0]
    if len(ids) > 1:
        owner = normalize_agent_id(marker)
        reason = (f"`default: true` made `{owner}` the owner of the ambient surfaces; OpenClaw writes that "
                  "out when it loads the config")
        settings = materialized_owner(tree.value, owner)
        bindings = [value for path, value in settings.items() if path[0] == "bindings"]
        if bindings:
            if isinstance(tree.get(("bindings",)), list):
                for binding in bindings:
                    tree.append(("bindings",), binding, reason)
            else:
                tree.set(("bindings",), bindings, reason)
        for path, value in settings.items():
            if path[0] != "bindings":
                tree.set(path, value, reason)
        tree.moves_meaning = True     # the loaded config says these from now on
        pin = _owner_workspace(tree.value, marker, tree.env)
        if pin is not None:
            tree.set(("agents", "entries", marker, "workspace"), pin, f"`{owner}` was the default agent and "
                     "worked in the default workspace; pinning it keeps its files there once owners are explicit")
        tree.set(("agents", "ownership"), "explicit", "the owners are explicit now, which a roster of several "
                 "agents needs once its default marker is gone", action="added")
        tree.moves_meaning = False
    for agent_id in ids:
        if "default" in entries[agent_id]:
            tree.delete(("agents", "entries", agent_id, "default"), "the default marker is retired; OpenClaw "
                        "removes it on load" + (" (its ownership is written out above)" if len(ids) > 1 else ""))


def _owner_workspace(root: dict, agent_id: str, env: dict) -> str | None:
    """The workspace the legacy default agent used (OpenClaw's doctor pins it when it makes the
    owners explicit), or None when the agent already names one."""
    entry = root["agents"]["entries"][agent_id]
    workspace = entry.get("workspace")
    if "workspace" in entry and not (isinstance(workspace, str) and not workspace.strip()):
        return None
    defaults = root["agents"].get("defaults")
    default = defaults.get("workspace") if isinstance(defaults, dict) else None
    if isinstance(default, str) and default.strip():
        return default.strip()
    return default_workspace_dir(env)


def copilot_discovery(tree: Tree) -> None:
    discovery = ("plugins", "entries", "github-copilot", "config", "discovery")
    record = tree.record(discovery)
    if record is None or "enabled" not in record:
        return
    tree.delete(discovery + ("enabled",), "OpenClaw ignores it (it drops it when it loads the config)")
    if tree.record(discovery) == {}:
        tree.delete(discovery, "nothing is left in it")


MIGRATIONS = [
    Migration("load.context-budgets", "Move provider context budgets into model rows", context_budgets,
              moves_meaning=False),
    Migration("load.roster", "Write out the roster OpenClaw builds on load (implicit main, default marker)",
              roster, moves_meaning=False),
    Migration("load.copilot-discovery", "Remove github-copilot discovery.enabled", copilot_discovery,
              moves_meaning=False),
]
