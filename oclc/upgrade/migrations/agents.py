"""Doctor migrations 8-29 (bindings, agent settings, memory search, heartbeat, CLI backends, Code
Mode, cron, diagnostics) and 78-81 (the roster: agents.list to entries, explicit ownership, the
retired system-agent config and its owner)."""
from __future__ import annotations

from ...load.migrate import first_workspace_pin, js_truthy, normalize_agent_id
from ..tree import Tree
from .common import (
    BLOCKED_KEYS,
    Migration,
    agent_entries,
    agent_scopes,
    delete_if_empty,
    own,
    q,
    unset,
)

# 8 ------------------------------------------------------------------------------------------------

def peer_kind_dm(tree: Tree) -> None:
    bindings = tree.get(("bindings",))
    if not isinstance(bindings, list):
        return
    for index, binding in enumerate(bindings):
        path = ("bindings", index, "match", "peer", "kind")
        if isinstance(tree.record(("bindings", index, "match", "peer")), dict) and tree.get(path) == "dm":
            tree.set(path, "direct", 'the peer kind "dm" was renamed "direct"')


# 9 ------------------------------------------------------------------------------------------------

_SECTION_GRANTS = (("exec", ("exec", "process")), ("fs", ("read", "write", "edit")))


def profile_section_grants(tree: Tree) -> None:
    """A tool profile filters the grants an explicit allow-list gives to configured exec/fs
    sections. Repairing it means choosing an allow-list from the profile's tool catalogue, which
    oclc does not carry: the scope is named for a person to decide."""
    scopes = [("tools",)] + [scope + ("tools",) for scope in agent_entries(tree)]
    global_profile = tree.get(("tools", "profile"))
    for scope in scopes:
        tools = tree.record(scope)
        if tools is None:
            continue
        profile = tools.get("profile") if isinstance(tools.get("profile"), str) else (
            global_profile if isinstance(global_profile, str) else None)
        allow = [e for e in tools.get("allow", []) if isinstance(e, str)] if isinstance(tools.get("allow"), list) else []
        sections = [grant for key, grants in _SECTION_GRANTS if isinstance(tools.get(key), dict) for grant in grants]
        if profile and profile != "full" and allow and sections and any(g in allow for g in sections):
            tree.decide(scope, f'tool profile "{profile}" filters the exec/fs grants this allow-list names; '
                        'either set profile "full" and list every tool in allow, or drop those grants '
                        '(`openclaw doctor --fix` rewrites allow from its tool catalogue)')


# 10, 11, 12, 13 -----------------------------------------------------------------------------------

def silent_reply(tree: Tree) -> None:
    reason_direct = "direct chats never get NO_REPLY guidance any more"
    reason_rewrite = "NO_REPLY is no longer rewritten to visible text"
    if tree.record(("agents", "defaults", "silentReply")) is not None:
        tree.delete(("agents", "defaults", "silentReply", "direct"), reason_direct)
    if tree.record(("agents", "defaults")) is not None:
        tree.delete(("agents", "defaults", "silentReplyRewrite"), reason_rewrite)
    surfaces = tree.record(("surfaces",))
    for surface_id in list(surfaces or ()):
        if surface_id in BLOCKED_KEYS or tree.record(("surfaces", surface_id)) is None:
            continue
        if tree.record(("surfaces", surface_id, "silentReply")) is not None:
            tree.delete(("surfaces", surface_id, "silentReply", "direct"), reason_direct)
        tree.delete(("surfaces", surface_id, "silentReplyRewrite"), reason_rewrite)


def system_prompt_override(tree: Tree) -> None:
    for scope in agent_scopes(tree):
        tree.delete(scope + ("systemPromptOverride",), "OpenClaw builds the system prompt itself now")


def agent_llm(tree: Tree) -> None:
    if tree.record(("agents", "defaults", "llm")) is not None:
        tree.delete(("agents", "defaults", "llm"), "slow-model timeouts are set per provider now "
                    "(models.providers.<id>.timeoutSeconds)")


def model_timeouts(tree: Tree) -> None:
    for scope in agent_scopes(tree):
        for model in (scope + ("model",), scope + ("subagents", "model")):
            if tree.record(model) is not None:
                tree.delete(model + ("timeoutMs",), "an agent's model setting only chooses models; this "
                            "timeout was never used")


# 14 -----------------------------------------------------------------------------------------------

def embedded_pi(tree: Tree) -> None:
    for scope in agent_scopes(tree):
        legacy = scope + ("embeddedPi",)
        if tree.record(legacy) is None:
            continue
        target = scope + ("embeddedAgent",)
        reason = "embeddedPi was renamed embeddedAgent"
        if tree.record(target) is None:
            if own(tree, target):
                tree.delete(target, "embeddedPi takes its place (it is not an object)")
            tree.rename(legacy, "embeddedAgent", reason)
        else:
            tree.merge_missing(legacy, target, reason + "; what embeddedAgent already sets wins")


# 15 -----------------------------------------------------------------------------------------------

_CLI_RUNTIMES = {"claude-cli": "anthropic", "google-gemini-cli": "google"}


def _selected_refs(model, provider: str) -> list[str]:
    refs: list[str] = []

    def add(raw) -> None:
        if not isinstance(raw, str):
            return
        ref = raw.strip()
        slash = ref.find("/")
        if 0 < slash < len(ref) - 1 and ref[:slash].strip().lower() == provider:
            refs.append(ref)

    if isinstance(model, str):
        add(model)
    elif isinstance(model, dict):
        add(model.get("primary"))
        for fallback in model.get("fallbacks") or [] if isinstance(model.get("fallbacks"), list) else []:
            add(fallback)
    return refs


def agent_runtime(tree: Tree) -> None:
    for scope in agent_scopes(tree):
        if tree.record(scope + ("embeddedHarness",)) is not None:
            tree.delete(scope + ("embeddedHarness",), "it was ignored; the runtime is chosen per provider or model")
        runtime = tree.record(scope + ("agentRuntime",))
        if runtime is None:
            continue
        runtime_id = runtime.get("id").strip().lower() if isinstance(runtime.get("id"), str) else ""
        provider = _CLI_RUNTIMES.get(runtime_id)
        if provider:
            for ref in _selected_refs(tree.get(scope + ("model",)), provider):
                entry = tree.get(scope + ("models", ref))
                current = entry.get("agentRuntime") if isinstance(entry, dict) else None
                current_id = current.get("id").strip().lower() if isinstance(current, dict) and isinstance(current.get("id"), str) else ""
                if current_id and current_id != "auto":
                    continue
                tree.set(scope + ("models", ref, "agentRuntime", "id"), runtime_id,
                         f"the agent-wide {runtime_id} runtime now belongs to the models it ran")
        tree.delete(scope + ("agentRuntime",), "it was ignored; the runtime is chosen per provider or model")


# 16, 17 -------------------------------------------------------------------------------------------

def sandbox_per_session(tree: Tree) -> None:
    for scope in agent_scopes(tree):
        sandbox = scope + ("sandbox",)
        record = tree.record(sandbox)
        if record is None or not isinstance(record.get("perSession"), bool):
            continue
        if unset(tree, sandbox + ("scope",)):
            scope_value = "session" if record["perSession"] else "shared"
            tree.set(sandbox + ("scope",), scope_value, f"perSession became scope ({q(scope_value)})", action="added")
            tree.delete(sandbox + ("perSession",), f"replaced by scope {q(scope_value)}")
        else:
            tree.delete(sandbox + ("perSession",), "it was replaced by scope, which is already set")


SANDBOX_BROWSER_NETWORK = "openclaw-sandbox-browser"


def _network_none(value) -> bool:
    return isinstance(value, str) and value.strip().lower() == "none"


def _disable_none_network(tree: Tree, browser: tuple) -> None:
    if not _network_none(tree.get(browser + ("network",))):
        return
    reason = 'network "none" cannot expose the browser control port'
    tree.set(browser + ("enabled",), False, reason + "; the sidecar is disabled")
    tree.set(browser + ("network",), SANDBOX_BROWSER_NETWORK, reason + "; the dedicated browser network is back")


def sandbox_browser_network(tree: Tree) -> None:
    default_browser = ("agents", "defaults", "sandbox", "browser")
    default_record = tree.record(default_browser)
    default_none = _network_none((default_record or {}).get("network"))
    default_enabled = (default_record or {}).get("enabled") is True
    for entry in agent_entries(tree):
        browser = entry + ("sandbox", "browser")
        record = tree.record(browser)
        if record is None:
            continue
        if default_none:
            explicit = isinstance(record.get("network"), str)
            if _network_none(record.get("network")):
                _disable_none_network(tree, browser)
            elif not explicit and record.get("enabled") is True:
                tree.set(browser + ("enabled",), False, 'it inherits the default browser network "none", '
                         "which cannot expose the control port")
            elif explicit and "enabled" not in record and default_enabled:
                tree.set(browser + ("enabled",), True, "it keeps its own supported network while the default "
                         "sidecar is disabled")
            continue
        _disable_none_network(tree, browser)
    if default_record is not None:
        _disable_none_network(tree, default_browser)


# 18-21 ------------------------------------------------------------------------------------------

def memory_search_owner(tree: Tree) -> None:
    reason = "memory search settings moved to memory.search"
    if tree.record(("agents", "defaults", "memorySearch")) is not None or tree.record(("memorySearch",)) is not None:
        if own(tree, ("memory",)) and tree.record(("memory",)) is None:
            tree.delete(("memory",), "memory.search takes its place (it was not an object)")
        if own(tree, ("memory", "search")) and tree.record(("memory", "search")) is None:
            tree.delete(("memory", "search"), "the moved memory search settings take its place")
        for legacy in (("agents", "defaults", "memorySearch"), ("memorySearch",)):
            if tree.record(legacy) is not None:
                tree.merge_missing(legacy, ("memory", "search"), reason + " (values already there win)")
    for entry in agent_entries(tree):
        legacy = entry + ("memorySearch",)
        if tree.record(legacy) is None:
            continue
        if own(tree, entry + ("memory",)) and tree.record(entry + ("memory",)) is None:
            tree.delete(entry + ("memory",), "memory.search takes its place (it was not an object)")
        target = entry + ("memory", "search")
        if own(tree, target) and tree.record(target) is None:
            tree.delete(target, "the moved memory search settings take its place")
        tree.merge_missing(legacy, target, "an agent's memory search settings moved to its memory.search "
                           "(values already there win)")


def _memory_searches(tree: Tree) -> list[tuple]:
    found = [("memory", "search")] if tree.record(("memory", "search")) is not None else []
    return found + [entry + ("memory", "search") for entry in agent_entries(tree)
                    if tree.record(entry + ("memory", "search")) is not None]


_FLAT_FIELDS = (("chunkSize", "chunking", "tokens"), ("chunkOverlap", "chunking", "overlap"),
                ("maxResults", "query", "maxResults"))


def memory_search_flat_fields(tree: Tree) -> None:
    for search in _memory_searches(tree):
        for legacy, parent, canonical in _FLAT_FIELDS:
            source = search + (legacy,)
            if not own(tree, source):
                continue
            target = search + (parent, canonical)
            reason = f"{legacy} moved to {parent}.{canonical}"
            if unset(tree, search + (parent,)) or (tree.record(search + (parent,)) is not None and unset(tree, target)):
                tree.move(source, target, reason)
            else:
                tree.delete(source, f"{reason}, which is already set (it wins)")


def memory_search_auto_provider(tree: Tree) -> None:
    for search in _memory_searches(tree):
        value = tree.get(search + ("provider",))
        if isinstance(value, str) and value.strip().lower() == "auto":
            tree.set(search + ("provider",), "openai", 'provider "auto" was retired; it meant "openai"')


def memory_search_store_path(tree: Tree) -> None:
    for search in _memory_searches(tree):
        if tree.record(search + ("store",)) is not None and isinstance(tree.get(search + ("store", "path")), str):
            tree.delete(search + ("store", "path"), "memory indexes live in each agent's database now")


# 22, 23 -------------------------------------------------------------------------------------------

def session_typing_mode(tree: Tree) -> None:
    if tree.record(("session",)) is None or not own(tree, ("session", "typingMode")):
        return
    target = ("agents", "defaults", "typingMode")
    if own(tree, target):
        tree.delete(target, "session.typingMode moves here and replaces it (it shadowed this default)")
    tree.move(("session", "typingMode"), target, "the typing mode is an agent default now")


_CHANNEL_HEARTBEAT_KEYS = ("showOk", "showAlerts", "useIndicator")


def _merge_into_defaults(tree: Tree, keys: list[str], owner: tuple, reason: str) -> None:
    target = owner + ("defaults", "heartbeat")
    if tree.record(target) is None:
        if own(tree, target):
            tree.delete(target, "the top-level heartbeat takes its place (it was not an object)")
        for key in keys:
            tree.move(("heartbeat", key), target + (key,), reason)
        return
    for key in keys:
        existing = tree.get(target + (key,))
        if unset(tree, target + (key,)):
            tree.move(("heartbeat", key), target + (key,), reason)
        elif isinstance(existing, dict) and isinstance(tree.get(("heartbeat", key)), dict):
            tree.merge_missing(("heartbeat", key), target + (key,), reason + " (values already there win)")


def top_level_heartbeat(tree: Tree) -> None:
    heartbeat = tree.record(("heartbeat",))
    if heartbeat is None:
        return
    keys = [key for key in heartbeat if key not in BLOCKED_KEYS]
    agent_keys = [key for key in keys if key not in _CHANNEL_HEARTBEAT_KEYS]
    channel_keys = [key for key in keys if key in _CHANNEL_HEARTBEAT_KEYS]
    if agent_keys and not channel_keys and unset(tree, ("agents", "defaults", "heartbeat")) \
            and len(agent_keys) == len(heartbeat):
        tree.move(("heartbeat",), ("agents", "defaults", "heartbeat"), "the heartbeat is an agent default now")
        return
    if agent_keys:
        _merge_into_defaults(tree, agent_keys, ("agents",), "heartbeat cadence, target and model are agent defaults now")
    if channel_keys:
        _merge_into_defaults(tree, channel_keys, ("channels",), "heartbeat visibility is a channel default now")
    tree.delete(("heartbeat",), "its settings moved to agents.defaults.heartbeat and channels.defaults.heartbeat"
                if keys else "it was empty")


# 24-29 ------------------------------------------------------------------------------------------

def cli_backends(tree: Tree) -> None:
    if tree.record(("agents", "defaults")) is not None:
        tree.delete(("agents", "defaults", "cliBackends"), "CLI backends register through plugins now "
                    "(https://docs.openclaw.ai/plugins/cli-backend-plugins)")


def code_mode_languages(tree: Tree) -> None:
    for tools in [("tools",)] + [entry + ("tools",) for entry in agent_entries(tree)]:
        if tree.record(tools + ("codeMode",)) is not None:
            tree.delete(tools + ("codeMode", "languages"), "Code Mode runs JavaScript only")


def code_mode_executor(tree: Tree) -> None:
    for tools in [("tools",)] + [entry + ("tools",) for entry in agent_entries(tree)]:
        code_mode = tools + ("codeMode",)
        if tree.get(code_mode + ("runtime",)) != "quickjs-wasi" or tree.record(code_mode) is None:
            continue
        if own(tree, code_mode + ("executor",)):
            tree.delete(code_mode + ("runtime",), "it became executor, which is already set (it wins)")
        else:
            tree.set(code_mode + ("executor",), "quickjs", 'runtime "quickjs-wasi" is executor "quickjs" now',
                     action="added")
            tree.delete(code_mode + ("runtime",), 'replaced by executor "quickjs"')


def cron_webhook(tree: Tree) -> None:
    if tree.record(("cron",)) is not None:
        tree.delete(("cron", "webhook"), "jobs deliver on their own now; the global webhook fallback was retired")


def cron_run_log(tree: Tree) -> None:
    if tree.record(("cron",)) is not None and own(tree, ("cron", "runLog")):
        tree.delete(("cron", "runLog"), "run history keeps a fixed number of runs per job now")
        delete_if_empty(tree, ("cron",))


def otel_grpc(tree: Tree) -> None:
    otel = ("diagnostics", "otel")
    record = tree.record(otel)
    if record is None or record.get("protocol") != "grpc":
        return
    tree.delete(otel + ("protocol",), 'gRPC export was never implemented; "http/protobuf" is the default')
    signals = (record.get("traces") is not False or record.get("metrics") is not False
               or (record.get("logs") is True and record.get("logsExporter") != "stdout"))
    if record.get("enabled") is True and signals:
        tree.set(otel + ("enabled",), False, "a gRPC collector cannot receive the export")
        tree.decide(otel, "configure an OTLP/HTTP collector, then enable diagnostics.otel again")


# 78-81 ------------------------------------------------------------------------------------------

def _roster_ids(items: list) -> list[str]:
    ids: list[str] = []
    for item in items:
        raw = item.get("id").strip() if isinstance(item.get("id"), str) and item["id"].strip() else "agent"
        requested = normalize_agent_id(raw)
        agent_id, suffix = requested, 2
        while agent_id in ids:
            agent_id, suffix = f"{requested}-{suffix}", suffix + 1
        ids.append(agent_id)
    return ids


def agents_list_to_entries(tree: Tree) -> None:
    agents = tree.record(("agents",))
    if agents is None or not isinstance(agents.get("list"), list):
        return
    if isinstance(agents.get("entries"), dict):
        tree.delete(("agents", "list"), "agents.entries is already set, and OpenClaw uses it instead")
        return
    for index in reversed(range(len(agents["list"]))):
        if not isinstance(tree.get(("agents", "list", index)), dict):
            tree.delete(("agents", "list", index), "a roster item that is not an object is not an agent")
    items = tree.get(("agents", "list"))
    ids = _roster_ids(items)
    for item, agent_id in zip(items, ids):
        raw = item.get("id")
        if isinstance(raw, str) and raw.strip() and normalize_agent_id(raw.strip()) != agent_id:
            tree.decide(("agents", "entries", agent_id), f"agent id {q(raw.strip())} became {q(agent_id)} "
                        "(another agent had the same id); check what refers to it")
    pin = first_workspace_pin(tree.record(("agents",)), items, tree.env)
    if pin is not None:
        tree.set(("agents", "list", 0, "workspace"), pin,
                 "the first listed agent was the default agent; pinning its workspace keeps its files where "
                 "they are once the roster has explicit owners")
    if own(tree, ("agents", "entries")):
        tree.delete(("agents", "entries"), "the agents of agents.list take its place (it was not an object)")
    tree.list_to_entries(("agents", "list"), "entries", _roster_ids(tree.get(("agents", "list"))),
                         "the roster is keyed by agent id now (agents.entries)")


def explicit_ownership(tree: Tree) -> None:
    agents = tree.record(("agents",))
    entries = tree.record(("agents", "entries"))
    if agents is None or "ownership" in agents or entries is None:
        return
    if len(entries) < 2 or any(isinstance(e, dict) and e.get("default") is True for e in entries.values()):
        return
    tree.set(("agents", "ownership"), "explicit", "a roster of several agents without a default marker needs "
             "explicit per-surface ownership", action="added")


def crestodian(tree: Tree) -> None:
    tree.delete(("crestodian",), "system-agent rescue follows a built-in policy now")


def _parse_legacy_roster(value) -> dict | None:
    if not isinstance(value, list):
        return None
    entries: dict = {}
    for item in value:
        if not isinstance(item, dict):
            return None
        agent_id = item.get("id")
        if not isinstance(agent_id, str) or not agent_id or agent_id.strip() != agent_id:
            return None
        if normalize_agent_id(agent_id) != agent_id or agent_id in entries:
            return None
        entries[agent_id] = {k: v for k, v in item.items() if k != "id"}
    return entries


def legacy_system_agent(tree: Tree) -> None:
    agents = tree.record(("agents",))
    if agents is None:
        return
    defaults = agents.get("defaults")
    system_agent = defaults.get("systemAgent") if isinstance(defaults, dict) else None
    if ("defaults" in agents and not isinstance(defaults, dict)) or (
            isinstance(defaults, dict) and "systemAgent" in defaults and not isinstance(system_agent, dict)) or (
            isinstance(system_agent, dict) and "agentId" in system_agent):
        return
    roster = agents["entries"] if "entries" in agents else _parse_legacy_roster(agents.get("list"))
    if not isinstance(roster, dict):
        return
    entries = [(normalize_agent_id(agent_id), config) for agent_id, config in roster.items()
               if isinstance(config, dict) and agent_id.strip()]
    marked = [entry for entry in entries if entry[1].get("default") is True]
    if len(entries) < 2 or len(marked) > 1 or (len(marked) == 1 and agents.get("ownership") != "explicit"):
        return
    selected = marked[0] if marked else next((e for e in entries if e[0] == "main"), None)
    if selected is None:
        return
    agent_id = selected[0]
    unresolved = not (isinstance(defaults, dict) and "heartbeat" in defaults) and not any(
        _truthy(config.get("heartbeat")) for _, config in entries)
    reason = f"ambient operations ran as the default agent `{agent_id}`; it is named their owner"
    tree.set(("agents", "defaults", "systemAgent", "agentId"), agent_id, reason)
    if unresolved:
        tree.set(("agents", "defaults", "heartbeat", "agentId"), agent_id, f"heartbeats ran as `{agent_id}`")


def _truthy(value) -> bool:
    return js_truthy(value)


MIGRATIONS_FIRST = [
    Migration("bindings.match.peer.kind.dm-to-direct", 'Rename binding peer kind "dm" to "direct"', peer_kind_dm),
    Migration("tools.profile-configured-sections-alsoAllow", "Name tool allow-lists a profile filters",
              profile_section_grants),
    Migration("silentReplyRewrite-removed", "Remove the retired silent-reply settings", silent_reply),
    Migration("agents.systemPromptOverride-removed", "Remove systemPromptOverride", system_prompt_override),
    Migration("agents.defaults.llm->models.providers.timeoutSeconds", "Remove agents.defaults.llm", agent_llm),
    Migration("agents.model.timeoutMs-ignored", "Remove the ignored model timeoutMs", model_timeouts),
    Migration("agents.embeddedPi->embeddedAgent", "Rename embeddedPi to embeddedAgent", embedded_pi),
    Migration("agents.agentRuntime-ignored", "Remove the ignored agent-wide runtime", agent_runtime),
    Migration("agents.sandbox.perSession->scope", "Replace sandbox.perSession by sandbox.scope", sandbox_per_session),
    Migration("agents.sandbox.browser.network-none", 'Disable sandbox browsers on network "none"',
              sandbox_browser_network),
    Migration("memorySearch->memory.search", "Move memorySearch to memory.search", memory_search_owner),
    Migration("memorySearch.flat-fields->nested-fields", "Nest the flat memory search fields",
              memory_search_flat_fields),
    Migration("memorySearch.provider-auto->openai", 'Replace memory search provider "auto"', memory_search_auto_provider),
    Migration("memorySearch.store.path->agent-database", "Remove memory search store paths", memory_search_store_path),
    Migration("session.typingMode->agents.defaults.typingMode", "Move session.typingMode to agent defaults",
              session_typing_mode),
    Migration("heartbeat->agents.defaults.heartbeat", "Move the top-level heartbeat to defaults", top_level_heartbeat),
    Migration("agents.defaults.cliBackends-plugin-registration", "Remove agents.defaults.cliBackends", cli_backends),
    Migration("tools.codeMode.javascript-only", "Remove tools.codeMode.languages", code_mode_languages),
    Migration("tools.codeMode.executor", "Replace tools.codeMode.runtime by executor", code_mode_executor),
    Migration("cron.webhook-remove", "Remove cron.webhook", cron_webhook),
    Migration("cron.runLog-remove", "Remove cron.runLog", cron_run_log),
    Migration("diagnostics.otel.grpc-protocol", 'Remove the unsupported otel protocol "grpc"', otel_grpc),
]

MIGRATIONS_ROSTER = [
    Migration("runtime.agents-entries", "Key the agent roster by id (agents.list to agents.entries)",
              agents_list_to_entries),
    Migration("runtime.agents-explicit-ownership", "Mark markerless multi-agent rosters explicit", explicit_ownership),
    Migration("crestodian-retired", "Remove the retired crestodian config", crestodian),
    Migration("runtime.legacy-system-agent-owner", "Name the default agent as the system agent", legacy_system_agent),
]
