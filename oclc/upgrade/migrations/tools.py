"""Doctor migrations 49-51 (retired plugin ids, x_search auth), 75-77 (tool names and allow lists in
tool policies) and 82 (web-search provider settings to their plugins)."""
from __future__ import annotations

import re

from ..tree import Tree
from .common import BLOCKED_KEYS, Migration, own, unset


def _plugin_id(value) -> str | None:
    return value.strip().lower() if isinstance(value, str) else None


# 49 -----------------------------------------------------------------------------------------------

def codex_supervisor(tree: Tree) -> None:
    plugins = tree.record(("plugins",))
    if plugins is None:
        return
    deny = plugins.get("deny")
    denied = isinstance(deny, list) and any(_plugin_id(e) == "codex-supervisor" for e in deny)
    entries = tree.record(("plugins", "entries"))
    legacy_key = next((k for k in (entries or {}) if _plugin_id(k) == "codex-supervisor"), None)
    if legacy_key is not None:
        legacy = ("plugins", "entries", legacy_key)
        record = tree.record(legacy)
        if record is None:
            tree.delete(legacy, "the Codex Supervisor plugin was retired (and this entry was not an object)")
        else:
            enabled = record.get("enabled") is True and not denied
            codex_key = next((k for k in entries if _plugin_id(k) == "codex"), "codex")
            codex = ("plugins", "entries", codex_key)
            reason = "the Codex Supervisor plugin became the Codex plugin's supervision settings"
            if tree.record(codex) is None:
                if own(tree, codex):
                    tree.delete(codex, "it was not an object")
                tree.set(codex, {}, reason, action="added")
            if enabled and unset(tree, codex + ("enabled",)):
                tree.set(codex + ("enabled",), True, reason)
            config = codex + ("config",)
            if tree.record(config) is None:
                if own(tree, config):
                    tree.delete(config, "it was not an object")
            supervision = config + ("supervision",)
            if own(tree, supervision) and tree.record(supervision) is None:
                tree.delete(supervision, "it was not an object")
            legacy_config = record.get("config") if isinstance(record.get("config"), dict) else {}
            migrated = {"enabled": enabled}
            if isinstance(legacy_config.get("endpoints"), list):
                migrated["endpoints"] = legacy_config["endpoints"]
            for key in ("allowRawTranscripts", "allowWriteControls"):
                if isinstance(legacy_config.get(key), bool):
                    migrated[key] = legacy_config[key]
            for key, value in migrated.items():
                if unset(tree, supervision + (key,)):
                    source = legacy + ("config", key)
                    if key != "enabled" and own(tree, source):
                        tree.move(source, supervision + (key,), reason)
                    else:
                        tree.set(supervision + (key,), value, reason)
            if unset(tree, supervision):
                tree.set(supervision, {}, reason)
            tree.delete(legacy, reason)
    _rewrite_ids(tree, ("plugins", "allow"), "codex-supervisor", "codex",
                 "the Codex Supervisor plugin is part of the Codex plugin now")
    _rewrite_ids(tree, ("plugins", "deny"), "codex-supervisor", None,
                 "the Codex Supervisor plugin is part of the Codex plugin now")


def _rewrite_ids(tree: Tree, path: tuple, legacy: str, replacement: str | None, reason: str) -> None:
    items = tree.get(path)
    if not isinstance(items, list):
        return
    seen: set = set()
    result = []
    changed = False
    for item in items:
        matches = _plugin_id(item) == legacy
        if matches and replacement is None:
            changed = True
            continue
        value = replacement if matches else item
        changed = changed or value != item
        if isinstance(value, str):
            key = _plugin_id(value)
            if key in seen:
                changed = True
                continue
            seen.add(key)
        result.append(value)
    if changed:
        tree.set(path, result, reason)


# 50 -----------------------------------------------------------------------------------------------

def openai_codex_plugin(tree: Tree) -> None:
    if tree.record(("plugins",)) is None:
        return
    reason = "the openai-codex plugin id was retired; the openai plugin replaces it"
    for key in ("allow", "deny"):
        _rewrite_ids(tree, ("plugins", key), "openai-codex", "openai", reason)
    entries = tree.record(("plugins", "entries"))
    if entries is not None and "openai-codex" in entries:
        if "openai" not in entries:
            tree.rename(("plugins", "entries", "openai-codex"), "openai", reason)
        else:
            tree.delete(("plugins", "entries", "openai-codex"), reason + " (plugins.entries.openai is already set)")
    slots = tree.record(("plugins", "slots"))
    for slot, plugin in list((slots or {}).items()):
        if plugin == "openai-codex":
            tree.set(("plugins", "slots", slot), "openai", reason)


# 51 and 82 ---------------------------------------------------------------------------------------

RETIRED_X_SEARCH_MODELS = {"grok-4-1-fast-non-reasoning", "grok-4-fast-non-reasoning", "grok-3"}
RETIRED_GROK_SEARCH_MODELS = {"grok-4-1-fast", "grok-4-1-fast-reasoning", "grok-4-fast", "grok-4-fast-reasoning",
                              "grok-4-0709"}
RETIRED_GROK_CODE_MODELS = {"grok-code-fast-1", "grok-code-fast", "grok-code-fast-1-0825"}


def _grok_target(model, x_search: bool) -> str | None:
    if not isinstance(model, str):
        return None
    name = model.strip().lower()
    if name in (RETIRED_X_SEARCH_MODELS if x_search else RETIRED_GROK_SEARCH_MODELS):
        return "grok-4.3"
    return "grok-build-0.1" if name in RETIRED_GROK_CODE_MODELS else None


def _plugin_merge(tree: Tree, plugin: str, config_key: str, sources: dict[str, tuple], reason: str,
                  *, own_api_key: bool = False) -> None:
    """Move each `sources` value (key -> config path) into plugins.entries.<plugin>.config.<key>,
    switching the plugin on when its entry has no `enabled`; what the plugin already sets wins
    (OpenClaw's mergeMissing)."""
    entry = ("plugins", "entries", plugin)
    for path in (("plugins",), ("plugins", "entries"), entry, entry + ("config",)):
        if own(tree, path) and tree.record(path) is None:
            tree.delete(path, "it was not an object")
    if unset(tree, entry + ("enabled",)):
        tree.set(entry + ("enabled",), True, f"the {plugin} plugin owns these settings now, so it is switched on")
        allow = tree.get(("plugins", "allow"))
        if isinstance(allow, list) and not any(_plugin_id(item) == plugin for item in allow):
            tree.append(("plugins", "allow"), plugin, f"plugins.allow lists the plugins that may load, and the {plugin} "
                        "plugin owns these settings now")
    target = entry + ("config", config_key)
    if tree.record(target) is None:
        if own(tree, target):
            tree.delete(target, "it was not an object")
        for key, source in sources.items():
            tree.move(source, target + (key,), reason)
        return
    for key, source in sources.items():
        if own_api_key and key == "apiKey" and "apiKey" in tree.record(target):
            tree.delete(source, f"{reason}; the plugin's own key is already set and wins")
        elif unset(tree, target + (key,)):
            tree.move(source, target + (key,), reason)
        elif isinstance(tree.get(target + (key,)), dict) and isinstance(tree.get(source), dict) and not own_api_key:
            tree.merge_missing(source, target + (key,), reason + " (what the plugin already sets wins)")
        else:
            tree.delete(source, f"{reason}; the plugin already sets {key} (it wins)")


def x_search(tree: Tree) -> None:
    source = ("tools", "web", "x_search")
    record = tree.record(source)
    if record is None:
        return
    target = _grok_target(record.get("model"), True)
    if "apiKey" not in record and not target:
        return
    if target:
        tree.set(source + ("model",), target, f"xAI retired {record['model']}; {target} replaces it")
    if "apiKey" in record:
        _plugin_merge(tree, "xai", "webSearch", {"apiKey": source + ("apiKey",)},
                      "the x_search key belongs to the xAI plugin now", own_api_key=True)
        if tree.record(source) == {}:
            tree.delete(source, "nothing is left in it")


SEARCH_OWNERS = {"brave": "brave", "duckduckgo": "duckduckgo", "exa": "exa", "firecrawl": "firecrawl",
                 "gemini": "google", "grok": "xai", "kimi": "moonshot", "minimax": "minimax", "ollama": "ollama",
                 "perplexity": "perplexity", "searxng": "searxng"}


def web_search_providers(tree: Tree) -> None:
    source = ("tools", "web", "search")
    record = tree.record(source)
    if record is None:
        return
    if "apiKey" not in record and not any(isinstance(record.get(p), dict) for p in SEARCH_OWNERS):
        return
    reason = "web-search provider settings belong to the provider's plugin now"
    brave = record.get("brave") if isinstance(record.get("brave"), dict) else None
    sources = {key: source + ("brave", key) for key in (brave or {}) if key not in BLOCKED_KEYS}
    if "apiKey" in record:
        if "apiKey" in sources:
            tree.delete(source + ("brave", "apiKey"), "tools.web.search.apiKey takes its place in the Brave plugin")
        sources["apiKey"] = source + ("apiKey",)
    if sources:
        _plugin_merge(tree, "brave", "webSearch", sources, reason)
    for provider in sorted(SEARCH_OWNERS):
        block = source + (provider,)
        if tree.record(block) is None:
            continue
        if provider != "brave" and tree.record(block):
            if provider == "grok":
                target = _grok_target(tree.get(block + ("model",)), False)
                if target:
                    tree.set(block + ("model",), target, f"xAI retired {tree.get(block + ('model',))}; "
                             f"{target} replaces it")
            _plugin_merge(tree, SEARCH_OWNERS[provider], "webSearch",
                          {key: block + (key,) for key in tree.record(block) if key not in BLOCKED_KEYS}, reason)
        if own(tree, block):
            tree.delete(block, reason if tree.record(block) == {} else f"{reason}; what the plugin already set wins")


# 75-77 --------------------------------------------------------------------------------------------

TOOL_POLICY_ROOTS = ("tools", "agents", "channels", "gateway")
TOOL_ALIASES = {"bash": "exec", "apply-patch": "apply_patch", "cron": "automations"}


def _tool_name(name: str) -> str:
    lowered = name.strip().lower()
    return TOOL_ALIASES.get(lowered, lowered)


def _glob_matches(value: str, patterns: list[str]) -> bool:
    for raw in patterns:
        pattern = _tool_name(raw)
        if not pattern:
            continue
        if pattern == "*":
            return True
        if "*" not in pattern:
            if value == pattern:
                return True
        elif re.fullmatch(".*".join(re.escape(part) for part in pattern.split("*")), value):
            return True
    return False


def _is_policy_path(path: tuple) -> bool:
    names = [str(p) for p in path]
    if names and names[-1] == "tools" or "toolsBySender" in names:
        return True
    if "byProvider" in names:
        index = len(names) - 1 - names[::-1].index("byProvider")
        return "tools" in names[:index]
    return False


def _tool_name_lists(tree: Tree):
    found = []

    def visit(value, path):
        if isinstance(value, list):
            for index, item in enumerate(value):
                visit(item, path + (index,))
            return
        if not isinstance(value, dict):
            return
        keys = ["allow", "alsoAllow", "deny"] if _is_policy_path(path) else []
        if "toolsAllow" in value:
            keys.append("toolsAllow")
        for key in keys:
            if isinstance(value.get(key), list):
                found.append(path + (key,))
        for key, child in value.items():
            visit(child, path + (key,))

    for root in TOOL_POLICY_ROOTS:
        visit(tree.get((root,)), (root,))
    return found


def _tool_rename(legacy: str, canonical: str):
    def migrate(tree: Tree) -> None:
        for path in _tool_name_lists(tree):
            items = tree.get(path)
            strings = [e for e in items if isinstance(e, str)]
            exact = any(_tool_name(e) == legacy for e in strings)
            append = not exact and _glob_matches(legacy, strings) and not _glob_matches(canonical, strings)
            reason = f"the {legacy} tool is called {canonical} now"
            if exact:
                for index, entry in enumerate(items):
                    if isinstance(entry, str) and _tool_name(entry) == legacy:
                        tree.set(path + (index,), canonical, reason)
            if append:
                tree.append(path, canonical, f"{reason}; a pattern here covered {legacy}, so {canonical} is "
                            "listed to keep the same access")
    return migrate


def _consumer_profiles(tree: Tree, scope: tuple) -> list | None:
    """The tool profiles that read this scope's alsoAllow (None: oclc cannot tell)."""
    global_profile = tree.get(("tools", "profile"))
    if scope == ("tools",):
        profiles = [global_profile]
        for entry in _agent_tool_scopes(tree):
            tools = tree.record(entry) or {}
            if not isinstance(tools.get("alsoAllow"), list):
                profiles.append(tools.get("profile", global_profile))
        return profiles
    if scope in _agent_tool_scopes(tree):
        return [(tree.record(scope) or {}).get("profile", global_profile)]
    return None


def _agent_tool_scopes(tree: Tree) -> list[tuple]:
    from .common import agent_entries

    return [entry + ("tools",) for entry in agent_entries(tree) if tree.record(entry + ("tools",)) is not None]


def allow_also_allow(tree: Tree) -> None:
    """A scope with both allow and alsoAllow: merged into allow when no tool profile reads the
    extras (as doctor does); where a profile does, telling whether merging changes what the
    profile grants needs the profiles' tool lists, so oclc names the scope."""
    found: list[tuple] = []

    def visit(value, path):
        if isinstance(value, list):
            for index, item in enumerate(value):
                visit(item, path + (index,))
            return
        if not isinstance(value, dict) or (len(path) >= 2 and path[-2:] == ("tools", "sandbox")):
            return
        if _is_policy_path(path):
            allow, also = value.get("allow"), value.get("alsoAllow")
            if (isinstance(allow, list) and allow and all(isinstance(e, str) for e in allow)
                    and isinstance(also, list) and also and all(isinstance(e, str) for e in also)):
                found.append(path)
        for key, child in value.items():
            if key not in BLOCKED_KEYS:
                visit(child, path + (key,))

    for root in TOOL_POLICY_ROOTS:
        visit(tree.get((root,)), (root,))
    for scope in found:
        allow, also = tree.get(scope + ("allow",)), tree.get(scope + ("alsoAllow",))
        merged = list(dict.fromkeys([*allow, *also]))
        profiles = _consumer_profiles(tree, scope)
        if profiles is not None and all(profile is None for profile in profiles):
            reason = "allow and alsoAllow cannot both be set; with no tool profile reading the extras, one list says the same"
            tree.set(scope + ("allow",), merged, reason)
            tree.set(scope + ("alsoAllow",), [], reason)
        else:
            tree.decide(scope, f"both allow and alsoAllow are set; choose the profile plus extras (remove allow) "
                        f"or the merged list (allow: {merged}, alsoAllow: [])")


MIGRATIONS_PROVIDERS = [
    Migration("plugins.codex-supervisor->plugins.codex.config.supervision",
              "Move the Codex Supervisor plugin into the Codex plugin", codex_supervisor),
    Migration("plugins.openai-codex->plugins.openai", "Rename the openai-codex plugin id", openai_codex_plugin),
    Migration("tools.web.x_search.apiKey->plugins.entries.xai.config.webSearch.apiKey",
              "Move the x_search key to the xAI plugin", x_search),
]

MIGRATIONS_POLICY = [
    Migration("tools.suggest-task-name", "Rename spawn_task to suggest_task in tool policies",
              _tool_rename("spawn_task", "suggest_task")),
    Migration("tools.view-image-name", "Rename image to view_image in tool policies", _tool_rename("image", "view_image")),
    Migration("tools.allow-also-allow-conflict", "Name tool scopes that set allow and alsoAllow", allow_also_allow),
]

MIGRATIONS_WEB_SEARCH = [
    Migration("tools.web.search-provider-config->plugins.entries",
              "Move web-search provider settings to their plugins", web_search_providers),
]
