"""Doctor migrations 52-74: TTS, the retired runtime surfaces (QMD memory, tier-eval and final-layout
tranches, media models, tuning knobs, retired keys), secret egress hosts, session aliases, Skill
Workshop."""
from __future__ import annotations

import json
import re

from ..tree import Tree
from .common import (
    BLOCKED_KEYS,
    Migration,
    agent_entries,
    agent_scopes,
    channel_entries,
    delete_if_empty,
    delete_retired_path,
    move_key,
    own,
    q,
    unset,
)

# --- 52-55 TTS -----------------------------------------------------------------------------------

LEGACY_TTS_PROVIDERS = ("openai", "elevenlabs", "microsoft", "edge")


def tts_top_level(tree: Tree) -> None:
    if tree.record(("messages",)) is None or not own(tree, ("messages", "tts")):
        return
    legacy = tree.record(("messages", "tts"))
    if legacy is None:
        tree.delete(("messages", "tts"), "it moved to the top-level tts, and this value is not an object")
        return
    realtime = tree.record(("messages", "tts", "realtime"))
    if realtime is not None:
        voice_key = "speakerVoice" if "speakerVoice" in realtime else ("voice" if "voice" in realtime else None)
        if voice_key and unset(tree, ("talk", "realtime", "speakerVoice")):
            for path in (("talk",), ("talk", "realtime")):
                if own(tree, path) and tree.record(path) is None:
                    tree.delete(path, "it was not an object")
            tree.move(("messages", "tts", "realtime", voice_key), ("talk", "realtime", "speakerVoice"),
                      "the realtime voice belongs to talk.realtime now")
        tree.delete(("messages", "tts", "realtime"), "the realtime voice belongs to talk.realtime now"
                    + ("" if voice_key else " (it held no voice)"))
    if own(tree, ("tts",)) and tree.record(("tts",)) is None:
        tree.delete(("tts",), "messages.tts takes its place (it was not an object)")
    tree.merge_missing(("messages", "tts"), ("tts",), "text-to-speech settings moved to the top-level tts "
                       "(what tts already sets wins)")


def _tts_locations(tree: Tree, *, everywhere: bool = True) -> list[tuple]:
    found = [("tts",)]
    if everywhere:
        found += [entry + ("tts",) for entry in agent_entries(tree)]
        for channel_id in list(tree.record(("channels",)) or ()):
            if channel_id in BLOCKED_KEYS or tree.record(("channels", channel_id)) is None:
                continue
            root_tts = channel_id.strip().lower() != "discord"
            base = ("channels", channel_id)
            if root_tts:
                found.append(base + ("tts",))
            found.append(base + ("voice", "tts"))
            for account in list(tree.record(base + ("accounts",)) or ()):
                if account in BLOCKED_KEYS or tree.record(base + ("accounts", account)) is None:
                    continue
                if root_tts:
                    found.append(base + ("accounts", account, "tts"))
                found.append(base + ("accounts", account, "voice", "tts"))
    found.append(("plugins", "entries", "voice-call", "config", "tts"))
    return [path for path in found if tree.record(path) is not None]


def tts_providers(tree: Tree) -> None:
    for tts in _tts_locations(tree, everywhere=False):
        provider = tree.get(tts + ("provider",))
        if isinstance(provider, str) and provider.strip().lower() == "edge":
            tree.set(tts + ("provider",), "microsoft", 'the "edge" TTS provider is called "microsoft" now')
        for legacy, target, under_providers in (("openai", "openai", False), ("elevenlabs", "elevenlabs", False),
                                                ("microsoft", "microsoft", False), ("edge", "microsoft", True),
                                                ("edge", "microsoft", False)):
            source = tts + (("providers", legacy) if under_providers else (legacy,))
            if tree.record(source) is None:
                continue
            destination = tts + ("providers", target)
            if own(tree, tts + ("providers",)) and tree.record(tts + ("providers",)) is None:
                tree.delete(tts + ("providers",), "it was not an object")
            if own(tree, destination) and tree.record(destination) is None:
                tree.delete(destination, "it was not an object")
            tree.merge_missing(source, destination, "TTS provider settings live under tts.providers.<provider> "
                               "now (what is already there wins)")


def _speaker_scopes(tree: Tree, tts: tuple) -> list[tuple]:
    scopes = []

    def scope(base: tuple) -> None:
        if tree.record(base) is None:
            return
        for provider in list(tree.record(base + ("providers",)) or ()):
            if provider not in BLOCKED_KEYS and tree.record(base + ("providers", provider)) is not None:
                scopes.append(base + ("providers", provider))
        for provider in LEGACY_TTS_PROVIDERS:
            if tree.record(base + (provider,)) is not None:
                scopes.append(base + (provider,))

    scope(tts)
    for persona in list(tree.record(tts + ("personas",)) or ()):
        if persona not in BLOCKED_KEYS:
            scope(tts + ("personas", persona))
    return scopes


def tts_speaker_keys(tree: Tree) -> None:
    for tts in _tts_locations(tree):
        for config in _speaker_scopes(tree, tts):
            for legacy, canonical in (("voice", "speakerVoice"), ("voiceName", "speakerVoice"),
                                      ("voiceId", "speakerVoiceId")):
                move_key(tree, config, legacy, canonical, f"TTS speaker selection is called {canonical} now")


def tts_enabled(tree: Tree) -> None:
    for tts in _tts_locations(tree):
        enabled = tree.get(tts + ("enabled",))
        if not isinstance(enabled, bool):
            continue
        auto = tree.get(tts + ("auto",))
        if isinstance(auto, str) and auto.strip():
            tree.delete(tts + ("enabled",), "TTS says auto now, which is already set (it wins)")
            continue
        value = "always" if enabled else "off"
        if own(tree, tts + ("auto",)):
            tree.delete(tts + ("auto",), "enabled takes its place")
        tree.set(tts + ("auto",), value, f"enabled: {str(enabled).lower()} is auto: {q(value)} now", action="added")
        tree.delete(tts + ("enabled",), f"replaced by auto {q(value)}")


# --- 56 QMD memory -------------------------------------------------------------------------------

def _qmd_paths(value) -> list:
    out = []
    for candidate in value if isinstance(value, list) else []:
        path = candidate.get("path").strip() if isinstance(candidate, dict) and isinstance(candidate.get("path"), str) else ""
        if not path:
            continue
        pattern = candidate.get("pattern").strip() if isinstance(candidate.get("pattern"), str) else ""
        out.append({"path": path, "pattern": pattern} if pattern else {"path": path})
    return out


def _extra_path_key(entry) -> str:
    if isinstance(entry, str):
        return f"{entry}\0"
    return f"{entry['path']}\0{(entry.get('pattern') or '').strip()}"


def _add_extra_paths(tree: Tree, scope: tuple, entries: list, source: str) -> None:
    if not entries:
        return
    search = scope + ("memory", "search")
    existing = tree.get(search + ("extraPaths",))
    normalized: dict[str, object] = {}
    for entry in existing if isinstance(existing, list) else []:
        if isinstance(entry, str) or (isinstance(entry, dict) and isinstance(entry.get("path"), str)):
            path = (entry if isinstance(entry, str) else entry["path"]).strip()
            pattern = "" if isinstance(entry, str) else (entry.get("pattern") or "").strip()
            if path:
                normalized[f"{path}\0{pattern}"] = {"path": path, "pattern": pattern} if pattern else path
    result = list(normalized.values())
    seen = {_extra_path_key(e) for e in result}
    added = 0
    for entry in entries:
        value = entry if entry.get("pattern") else entry["path"]
        key = _extra_path_key(value)
        if key in seen:
            continue
        seen.add(key)
        result.append(value)
        added += 1
    if added:
        tree.set(search + ("extraPaths",), result, f"the QMD backend was removed; its external paths "
                 f"({source}) are memory search extra paths now")


def _qmd_sessions(tree: Tree, qmd, scope: tuple, source: str) -> None:
    sessions = qmd.get("sessions") if isinstance(qmd, dict) else None
    if not (isinstance(sessions, dict) and sessions.get("enabled") is True):
        return
    search = scope + ("memory", "search")
    reason = f"{source}.sessions.enabled became session memory in memory search"
    experimental = tree.get(search + ("experimental",))
    if (isinstance(experimental, dict) or unset(tree, search + ("experimental",))) and \
            unset(tree, search + ("experimental", "sessionMemory")):
        tree.set(search + ("experimental", "sessionMemory"), True, reason)
    sources = tree.get(search + ("sources",))
    if unset(tree, search + ("sources",)) or sources == []:
        tree.set(search + ("sources",), ["memory", "sessions"], reason)
    elif isinstance(sources, list) and "sessions" not in sources:
        tree.append(search + ("sources",), "sessions", reason)


def memory_qmd(tree: Tree) -> None:
    reason = "the QMD memory backend was removed; the built-in memory is the only engine"
    memory = tree.record(("memory",))
    qmd = memory.get("qmd") if memory else None
    search = memory.get("search") if memory else None
    search_qmd = search.get("qmd") if isinstance(search, dict) else None
    _qmd_sessions(tree, qmd, (), "memory.qmd")
    _qmd_sessions(tree, search_qmd, (), "memory.search.qmd")
    _add_extra_paths(tree, (), _qmd_paths((qmd or {}).get("paths") if isinstance(qmd, dict) else None)
                     + _qmd_paths((search_qmd or {}).get("extraCollections") if isinstance(search_qmd, dict) else None),
                     "memory.qmd.paths and memory.search.qmd.extraCollections")
    for segments in (("memory", "backend"), ("memory", "qmd"), ("memory", "search", "qmd")):
        delete_retired_path(tree, (), segments, reason)
    for scope in agent_scopes(tree):
        agent_search = tree.record(scope + ("memory", "search"))
        agent_qmd = agent_search.get("qmd") if agent_search else None
        is_defaults = scope == ("agents", "defaults") and agent_search is not None and "qmd" in agent_search
        target_scope = () if is_defaults else scope
        if is_defaults:
            delete_retired_path(tree, scope, ("memory", "search", "qmd"), reason)
            remaining = scope + ("memory", "search")
            if tree.record(remaining) is not None:
                for path in (("memory",), ("memory", "search")):
                    if own(tree, path) and tree.record(path) is None:
                        tree.delete(path, "it was not an object")
                tree.merge_missing(remaining, ("memory", "search"), "agents.defaults.memory.search is memory.search "
                                   "now (what memory.search already sets wins)")
            if own(tree, scope + ("memory",)):
                tree.delete(scope + ("memory",), "agents.defaults.memory is memory now")
        _qmd_sessions(tree, agent_qmd, target_scope, ".".join(map(str, scope)) + ".memory.search.qmd")
        _add_extra_paths(tree, target_scope, _qmd_paths((agent_qmd or {}).get("extraCollections")
                                                        if isinstance(agent_qmd, dict) else None),
                         ".".join(map(str, scope)) + ".memory.search.qmd.extraCollections")
        if not is_defaults:
            delete_retired_path(tree, scope, ("memory", "search", "qmd"), reason)


# --- 57-59 ---------------------------------------------------------------------------------------

def local_model_lean(tree: Tree) -> None:
    if tree.record(("wizard",)) is None or not own(tree, ("wizard", "localModelLeanAutoModel")):
        return
    auto_model = tree.get(("wizard", "localModelLeanAutoModel"))
    model = tree.get(("agents", "defaults", "model"))
    primary = model if isinstance(model, str) else (model.get("primary") if isinstance(model, dict) else None)
    lean = ("agents", "defaults", "experimental", "localModelLean")
    if tree.get(lean) is True and tree.record(lean[:-1]) is not None:
        if isinstance(auto_model, str) and auto_model == primary:
            tree.delete(lean, "onboarding set it for the local model; local models keep all their tools now "
                        "(Tool Search)")
        else:
            tree.decide(lean, "localModelLean=true reduces the local model's tools; remove it or set it to false "
                        "to restore them through Tool Search")
    tree.delete(("wizard", "localModelLeanAutoModel"), "local models use Tool Search now, without reduced tools")


def suppress_tool_errors(tree: Tree) -> None:
    if tree.record(("messages",)) is not None:
        tree.delete(("messages", "suppressToolErrors"), "tool failure warnings only appear when a run ends "
                    "without a reply now")


def internal_hook_handlers(tree: Tree) -> None:
    internal = ("hooks", "internal")
    if tree.record(internal) is None or not own(tree, internal + ("handlers",)):
        return
    tree.delete(internal + ("handlers",), "internal hook handler registrations were retired")
    tree.decide(internal, "move each hook module to a managed or workspace hook directory (HOOK.md + handler file)")
    record = tree.record(internal)
    entries = record.get("entries")
    extra_dirs = (record.get("load") or {}).get("extraDirs") if isinstance(record.get("load"), dict) else None
    named = isinstance(entries, dict) and bool(entries)
    dirs = isinstance(extra_dirs, list) and any(isinstance(d, str) and d.strip() for d in extra_dirs)
    if record.get("enabled") is True and not named and not dirs:
        tree.delete(internal + ("enabled",), "with the handlers gone it would only switch on broad hook discovery")


# --- 60 tier-eval tranche --------------------------------------------------------------------------

TIER_EVAL_ROOT_PATHS = [p.split(".") for p in ["cloudWorkers.profiles.*.lifetime", "meta.lastTouchedAt", "hooks.internal.installs", "cron.store", "plugins.bundledDiscovery", "tts.prefsPath", "logging.redactSensitive", "commands.useAccessGroups", "gateway.controlUi.allowInsecureAuth", "memory.search.remote.nonBatchConcurrency", "memory.search.remote.batch.wait", "memory.search.remote.batch.concurrency", "memory.search.remote.batch.pollIntervalMs", "memory.search.remote.batch.timeoutMinutes", "memory.search.local.contextSize", "memory.search.local.modelCacheDir", "memory.search.store.driver", "memory.search.sync", "memory.search.query.hybrid"]]
TIER_EVAL_AGENT_PATHS = [p.split(".") for p in ["groupChat.visibleReplies", "memory.search.remote.nonBatchConcurrency", "memory.search.remote.batch.wait", "memory.search.remote.batch.concurrency", "memory.search.remote.batch.pollIntervalMs", "memory.search.remote.batch.timeoutMinutes", "memory.search.local.contextSize", "memory.search.local.modelCacheDir", "memory.search.store.driver", "memory.search.sync", "memory.search.query.hybrid", "heartbeat.ackMaxChars", "heartbeat.includeReasoning", "heartbeat.includeSystemPromptSection", "heartbeat.skipWhenBusy", "heartbeat.suppressToolErrorWarnings"]]
TIER_EVAL_REASON = "it was retired (OpenClaw's built-in default or the canonical setting applies)"
RESPONSE_PREFIX_CHANNELS = frozenset(
    ["buzz", "clickclack", "discord", "feishu", "googlechat", "imessage", "irc", "matrix", "mattermost", "msteams", "nextcloud-talk", "qa-channel", "signal", "slack", "telegram", "tlon", "twitch", "whatsapp", "zalo", "zalouser", "line"])
EXEC_MODES = {("deny", "off"): "deny", ("allowlist", "off"): "allowlist", ("allowlist", "on-miss"): "ask",
              ("full", "off"): "full"}


def _exec_policy(tree: Tree, scope: tuple):
    exec_ = tree.record(scope + ("tools", "exec"))
    if exec_ is None:
        return None
    mode = exec_.get("mode")
    if mode == "deny":
        return "deny", "off"
    if mode == "allowlist":
        return "allowlist", "off"
    if mode in ("ask", "auto"):
        return "allowlist", "on-miss"
    if mode == "full":
        return "full", "off"
    security = exec_.get("security") if exec_.get("security") in ("deny", "allowlist", "full") else None
    ask = exec_.get("ask") if exec_.get("ask") in ("on-miss", "always", "off") else None
    return (security, ask) if security and ask else None


def _exec_mode(tree: Tree, scope: tuple, inherited) -> None:
    exec_ = scope + ("tools", "exec")
    record = tree.record(exec_)
    if record is None or not ({"security", "ask"} & record.keys()):
        return
    if "mode" in record:
        for key in ("security", "ask"):
            tree.delete(exec_ + (key,), "exec security/ask became one mode, which is already set (it wins)")
        return
    own_security = record.get("security") if record.get("security") in ("deny", "allowlist", "full") else None
    own_ask = record.get("ask") if record.get("ask") in ("on-miss", "always", "off") else None
    if ("security" in record and not own_security) or ("ask" in record and not own_ask):
        return
    security = own_security or (inherited or (None, None))[0]
    ask = own_ask or (inherited or (None, None))[1]
    mode = EXEC_MODES.get((security, ask))
    if not mode:
        return
    tree.set(exec_ + ("mode",), mode, f"exec security {q(security)} with ask {q(ask)} is mode {q(mode)} now",
             action="added")
    for key in ("security", "ask"):
        tree.delete(exec_ + (key,), f"replaced by mode {q(mode)}")


def _signal_endpoint(tree: Tree, entry: tuple, inherited: dict | None) -> None:
    record = tree.record(entry)
    if "httpHost" not in record and "httpPort" not in record:
        return
    reason = "the Signal endpoint is one httpUrl now"
    if "httpUrl" not in record and isinstance((inherited or {}).get("httpUrl"), str):
        for key in ("httpHost", "httpPort"):
            tree.delete(entry + (key,), f"{reason}, and this account inherits one")
        return
    if "httpUrl" not in record:
        raw_host = record.get("httpHost", (inherited or {}).get("httpHost"))
        host = str(raw_host).strip() if isinstance(raw_host, str) and str(raw_host).strip() else "127.0.0.1"
        host = f"[{host}]" if ":" in host and not host.startswith("[") else host
        port = record.get("httpPort", (inherited or {}).get("httpPort"))
        port = port if isinstance(port, (int, float)) and not isinstance(port, bool) else 8080
        port_text = str(int(port)) if float(port).is_integer() else str(port)
        tree.set(entry + ("httpUrl",), f"http://{host}:{port_text}", reason, action="added")
        if unset(tree, entry + ("autoStart",)):
            tree.set(entry + ("autoStart",), True, "a host/port endpoint was started by OpenClaw", action="added")
    for key in ("httpHost", "httpPort"):
        tree.delete(entry + (key,), f"{reason} (httpUrl)")


def _strip_persona_prompts(tree: Tree, tts: tuple) -> None:
    for persona in list(tree.record(tts + ("personas",)) or ()):
        if tree.record(tts + ("personas", persona)) is not None:
            tree.delete(tts + ("personas", persona, "prompt"), "speech shaping belongs to a speech provider's "
                        "prepareSynthesis now")


def tier_eval(tree: Tree) -> None:
    if tree.record(("tts",)) is not None:
        _strip_persona_prompts(tree, ("tts",))
    for scope in agent_scopes(tree):
        if tree.record(scope + ("tts",)) is not None:
            _strip_persona_prompts(tree, scope + ("tts",))
    for channel_id in list(tree.record(("channels",)) or ()):
        for entry in channel_entries(tree, channel_id):
            for tts in (entry + ("tts",), entry + ("voice", "tts")):
                if tree.record(tts) is not None:
                    _strip_persona_prompts(tree, tts)
    wide_area = ("discovery", "wideArea")
    if tree.record(wide_area) is not None and own(tree, wide_area + ("enabled",)):
        record = tree.record(wide_area)
        if record.get("enabled") is False and isinstance(record.get("domain"), str) and record["domain"].strip():
            tree.delete(wide_area + ("enabled",), "wide-area discovery is on exactly when a domain is set now")
            tree.delete(wide_area + ("domain",), "wide-area discovery was switched off; a domain would switch it on")
        else:
            tree.delete(wide_area + ("enabled",), "wide-area discovery is on exactly when a domain is set now")
    signal = ("channels", "signal")
    if tree.record(signal) is not None:
        record = tree.record(signal)
        inherited = {k: record.get(k) for k in ("httpUrl", "httpHost", "httpPort")}
        _signal_endpoint(tree, signal, None)
        for account in list(tree.record(signal + ("accounts",)) or ()):
            if tree.record(signal + ("accounts", account)) is not None:
                _signal_endpoint(tree, signal + ("accounts", account), inherited)
    for entry in channel_entries(tree, "googlechat"):
        if own(tree, entry + ("serviceAccountRef",)):
            if own(tree, entry + ("serviceAccount",)):
                tree.delete(entry + ("serviceAccount",), "serviceAccountRef takes its place (it took precedence)")
            tree.rename(entry + ("serviceAccountRef",), "serviceAccount", "serviceAccountRef is serviceAccount now")
    session = tree.record(("session",))
    if session is not None and "idleMinutes" in session:
        if unset(tree, ("session", "reset", "idleMinutes")):
            if tree.record(("session", "reset")) is None:
                if own(tree, ("session", "reset")):
                    tree.delete(("session", "reset"), "it was not an object")
                tree.set(("session", "reset"), {"mode": "idle"}, "the idle reset is configured under session.reset now")
            tree.move(("session", "idleMinutes"), ("session", "reset", "idleMinutes"),
                      "the idle reset is configured under session.reset now")
        else:
            tree.delete(("session", "idleMinutes"), "session.reset.idleMinutes is already set (it wins)")
    inherited_exec = _exec_policy(tree, ())
    _exec_mode(tree, (), None)
    for scope in agent_scopes(tree):
        compaction = scope + ("compaction",)
        record = tree.record(compaction)
        if record is not None:
            reason = "custom compaction prompts were retired (use a compaction provider's summarize())"
            for key in ("customInstructions", "identifierInstructions"):
                tree.delete(compaction + (key,), reason)
            if tree.record(compaction + ("memoryFlush",)) is not None:
                for key in ("prompt", "systemPrompt"):
                    tree.delete(compaction + ("memoryFlush", key), reason)
            if tree.get(compaction + ("identifierPolicy",)) == "custom":
                tree.set(compaction + ("identifierPolicy",), "strict", reason + '; "custom" is "strict" now')
        if scope != ("agents", "defaults"):
            _exec_mode(tree, scope, inherited_exec)
        for backend in list(tree.record(scope + ("cliBackends",)) or ()):
            path = scope + ("cliBackends", backend)
            record = tree.record(path)
            if record is None or "sessionArg" not in record:
                continue
            if unset(tree, path + ("sessionArgs",)) and isinstance(record["sessionArg"], str):
                tree.set(path + ("sessionArgs",), [record["sessionArg"], "{sessionId}"],
                         "sessionArg became the sessionArgs list", action="added")
                tree.delete(path + ("sessionArg",), "replaced by sessionArgs")
            else:
                tree.delete(path + ("sessionArg",), "it became sessionArgs, which is already set")
        for segments in TIER_EVAL_AGENT_PATHS:
            delete_retired_path(tree, scope, tuple(segments), TIER_EVAL_REASON)
    web = tree.record(("web",))
    if web is not None:
        if "enabled" in web:
            whatsapp = ("channels", "whatsapp")
            for path in (("channels",), whatsapp):
                if own(tree, path) and tree.record(path) is None:
                    tree.delete(path, "it was not an object")
            if unset(tree, whatsapp + ("enabled",)):
                tree.move(("web", "enabled"), whatsapp + ("enabled",), "the top-level web block was WhatsApp's; "
                          "its switch is channels.whatsapp.enabled now")
            elif tree.record(whatsapp) is None:
                tree.set(whatsapp, {}, "the top-level web block was WhatsApp's")
        tree.delete(("web",), "the top-level web block was retired (WhatsApp settings live in channels.whatsapp)")
    messages = tree.record(("messages",))
    if messages is not None and "responsePrefix" in messages:
        channels = tree.record(("channels",)) or {}
        configured = [c for c, v in channels.items() if c != "defaults" and isinstance(v, dict)]
        for channel in configured:
            if channel in RESPONSE_PREFIX_CHANNELS and unset(tree, ("channels", channel, "responsePrefix")):
                tree.set(("channels", channel, "responsePrefix"), tree.get(("messages", "responsePrefix")),
                         "each channel carries its own response prefix now (messages.responsePrefix stays the "
                         "fallback)")
    for segments in TIER_EVAL_ROOT_PATHS:
        delete_retired_path(tree, (), tuple(segments), TIER_EVAL_REASON)
    for provider in list(tree.record(("secrets", "providers")) or ()):
        path = ("secrets", "providers", provider)
        if tree.record(path) is not None:
            for key in ("allowInsecurePath", "allowSymlinkCommand"):
                tree.delete(path + (key,), "secret providers always refuse insecure paths and symlinked commands now")
    install = ("security", "installPolicy", "exec")
    if tree.record(install) is not None:
        for key in ("allowInsecurePath", "allowSymlinkCommand"):
            tree.delete(install + (key,), "install commands always refuse insecure paths and symlinks now")


# --- 61 final layout renames -----------------------------------------------------------------------

def final_layout_polish(tree: Tree) -> None:
    defaults = ("agents", "defaults")
    move_key(tree, defaults, "pdfMaxBytesMb", "pdfMaxMb", "pdfMaxBytesMb is spelt pdfMaxMb now")
    if tree.record(defaults) is not None:
        for legacy, canonical in (("imageGenerationModel", "image"), ("videoGenerationModel", "video"),
                                  ("musicGenerationModel", "music")):
            if not own(tree, defaults + (legacy,)):
                continue
            target = defaults + ("mediaModels", canonical)
            reason = f"generation models are grouped under mediaModels now ({legacy} is mediaModels.{canonical})"
            if tree.record(defaults + ("mediaModels",)) is None and own(tree, defaults + ("mediaModels",)):
                tree.delete(defaults + ("mediaModels",), "it was not an object")
            if unset(tree, target):
                tree.move(defaults + (legacy,), target, reason)
            else:
                tree.delete(defaults + (legacy,), f"{reason}; mediaModels.{canonical} is already set (it wins)")
    for scope in agent_scopes(tree):
        move_key(tree, scope + ("tools", "exec"), "timeoutSec", "timeoutSeconds", "timeoutSec is spelt timeoutSeconds now")
        move_key(tree, scope + ("sandbox", "browser"), "enableNoVnc", "noVncEnabled", "enableNoVnc is spelt noVncEnabled now")
    move_key(tree, ("tools", "exec"), "timeoutSec", "timeoutSeconds", "timeoutSec is spelt timeoutSeconds now")
    env = tree.record(("env",))
    if env is not None:
        moved = [key for key, value in env.items() if key not in ("vars", "shellEnv") and isinstance(value, str)]
        if moved and own(tree, ("env", "vars")) and tree.record(("env", "vars")) is None:
            tree.delete(("env", "vars"), "it was not an object")
        for key in moved:
            if unset(tree, ("env", "vars", key)):
                tree.move(("env", key), ("env", "vars", key), "environment values live under env.vars now")
            else:
                tree.delete(("env", key), "environment values live under env.vars now, where it is already set")
        if moved and unset(tree, ("env", "vars")):
            tree.set(("env", "vars"), {}, "environment values live under env.vars now")
    allow = tree.get(("browser", "ssrfPolicy", "hostnameAllowlist"))
    if tree.record(("browser", "ssrfPolicy")) is not None and isinstance(allow, list):
        current = tree.get(("browser", "ssrfPolicy", "allowedHostnames"))
        merged = list(dict.fromkeys(v for v in [*(current if isinstance(current, list) else []), *allow]
                                    if isinstance(v, str)))
        if merged != current or not isinstance(current, list):
            tree.set(("browser", "ssrfPolicy", "allowedHostnames"), merged, "hostnameAllowlist is allowedHostnames now")
        tree.delete(("browser", "ssrfPolicy", "hostnameAllowlist"), "merged into allowedHostnames")
    if tree.record(("media",)) is not None:
        if own(tree, ("attachments",)) and tree.record(("attachments",)) is None:
            tree.delete(("attachments",), "it was not an object")
        tree.merge_missing(("media",), ("attachments",), "the top-level media block is called attachments now "
                           "(what attachments already sets wins)")
    if tree.record(("audit",)) is not None:
        for path in (("logging",), ("logging", "audit")):
            if own(tree, path) and tree.record(path) is None:
                tree.delete(path, "it was not an object")
        tree.merge_missing(("audit",), ("logging", "audit"), "audit settings moved to logging.audit (what is already "
                           "there wins)")
    nodes = ("gateway", "nodes")
    if tree.record(nodes) is not None:
        skills = tree.record(nodes + ("skills",))
        if skills is not None and "enabled" in skills:
            if unset(tree, nodes + ("allowSkills",)):
                tree.move(nodes + ("skills", "enabled"), nodes + ("allowSkills",), "node skills are switched by "
                          "gateway.nodes.allowSkills now")
            tree.delete(nodes + ("skills",), "node skills are switched by gateway.nodes.allowSkills now")
        for legacy, canonical in (("allowCommands", "allow"), ("denyCommands", "deny")):
            if not own(tree, nodes + (legacy,)):
                continue
            commands = nodes + ("commands",)
            if own(tree, commands) and tree.record(commands) is None:
                tree.delete(commands, "it was not an object")
            reason = f"node command lists live under gateway.nodes.commands now ({legacy} is commands.{canonical})"
            if unset(tree, commands + (canonical,)):
                tree.move(nodes + (legacy,), commands + (canonical,), reason)
            else:
                tree.delete(nodes + (legacy,), f"{reason}; commands.{canonical} is already set (it wins)")
    for entry in channel_entries(tree, "slack"):
        move_key(tree, entry, "identity", "postAs", "Slack's identity is called postAs now")


# --- 62 final layout kills -------------------------------------------------------------------------

def final_layout_kills(tree: Tree) -> None:
    defaults = ("agents", "defaults")
    if tree.record(defaults) is not None and own(tree, defaults + ("promptOverlays",)):
        personality = tree.get(defaults + ("promptOverlays", "gpt5", "personality"))
        if personality is not None or own(tree, defaults + ("promptOverlays", "gpt5", "personality")):
            target = ("plugins", "entries", "openai", "config", "personality")
            for depth in range(1, len(target)):
                path = target[:depth]
                if own(tree, path) and tree.record(path) is None:
                    tree.delete(path, "it was not an object")
            if unset(tree, target):
                tree.move(defaults + ("promptOverlays", "gpt5", "personality"), target,
                          "the GPT-5 personality belongs to the OpenAI plugin now")
        tree.delete(defaults + ("promptOverlays",), "prompt overlays were retired; built-in behaviour applies")
    for key in ("envelopeTimestamp", "envelopeElapsed", "envelopeTimezone", "timeFormat",
                "bootstrapPromptTruncationWarning", "mediaGenerationAutoProviderFallback"):
        if tree.record(defaults) is not None:
            tree.delete(defaults + (key,), "it was retired; built-in behaviour applies")
    otel = ("diagnostics", "otel")
    capture = tree.record(otel + ("captureContent",))
    if tree.record(otel) is not None and capture is not None:
        value = capture["enabled"] if isinstance(capture.get("enabled"), bool) else any(
            key != "enabled" and v is True for key, v in capture.items())
        tree.set(otel + ("captureContent",), value, "captureContent is one switch now")
    cache_trace = ("diagnostics", "cacheTrace")
    record = tree.record(cache_trace)
    if record is not None and (any(k != "enabled" for k in record) or
                               ("enabled" in record and not isinstance(record["enabled"], bool))):
        for key in [k for k in record if k != "enabled"]:
            tree.delete(cache_trace + (key,), "the cache trace has only an enabled switch now")
        if tree.get(cache_trace + ("enabled",)) is not True:
            tree.set(cache_trace + ("enabled",), False, "the cache trace has only an enabled switch now")
    if tree.record(("attachments",)) is not None:
        tree.delete(("attachments", "preserveFilenames"), "temp-safe file names always apply now")
    if tree.record(("browser",)) is not None:
        tree.delete(("browser", "color"), "the built-in browser colour applies now")
        for profile in list(tree.record(("browser", "profiles")) or ()):
            if tree.record(("browser", "profiles", profile)) is not None:
                tree.delete(("browser", "profiles", profile, "color"), "profile colours were retired")
    for entry in channel_entries(tree, "discord"):
        if tree.record(entry + ("autoPresence",)) is not None:
            for key in ("healthyText", "degradedText", "exhaustedText"):
                tree.delete(entry + ("autoPresence", key), "presence texts were retired")
        components = entry + ("ui", "components")
        if tree.record(components) is not None and own(tree, components + ("accentColor",)):
            tree.delete(components + ("accentColor",), "the accent colour was retired")
            delete_if_empty(tree, components)
            delete_if_empty(tree, entry + ("ui",))
    reactions = ("messages", "statusReactions")
    if tree.record(reactions) is not None:
        tree.delete(reactions + ("emojis",), "curated status emojis apply now")
    if tree.record(("messages",)) is not None:
        tree.delete(("messages", "removeAckAfterReply"), "acknowledgements are always kept now")
    for entry in channel_entries(tree, "whatsapp"):
        move_key(tree, entry, "messagePrefix", "responsePrefix", "WhatsApp's messagePrefix is responsePrefix now")
    for entry in channel_entries(tree, "slack"):
        socket = entry + ("socketMode",)
        if tree.record(socket) is not None:
            for key in ("clientPingTimeout", "serverPingTimeout", "pingPongLoggingEnabled"):
                tree.delete(socket + (key,), "socket-mode ping tuning was retired")
            delete_if_empty(tree, socket)
    for entry in channel_entries(tree, "imessage"):
        tree.delete(entry + ("coalesceSameSenderDms",), "it was retired")
    if tree.record(("commands",)) is not None:
        for key in ("ownerDisplay", "ownerDisplaySecret"):
            tree.delete(("commands", key), "owner ids are shown as they are now; nothing replaces it")
    cron = ("cron",)
    if tree.record(cron) is not None and tree.record(cron + ("failureDestination",)) is not None:
        if own(tree, cron + ("failureAlert",)) and tree.record(cron + ("failureAlert",)) is None:
            tree.delete(cron + ("failureAlert",), "it was not an object")
        tree.merge_missing(cron + ("failureDestination",), cron + ("failureAlert",),
                           "failureDestination is part of failureAlert now (what failureAlert sets wins)")
    mode = tree.get(("gateway", "reload", "mode"))
    if tree.record(("gateway", "reload")) is not None and mode in ("restart", "hot"):
        tree.set(("gateway", "reload", "mode"), "hybrid", f'reload mode {q(mode)} was retired; "hybrid" replaces it')
    if tree.get(("logging", "consoleStyle")) == "compact" and tree.record(("logging",)) is not None:
        tree.set(("logging", "consoleStyle"), "pretty", 'console style "compact" was retired; "pretty" replaces it')
    if tree.record(("gateway", "controlUi")) is not None:
        tree.delete(("gateway", "controlUi", "chatMessageMaxWidth"), "the chat width is a browser setting now")


# --- 63 media models ----------------------------------------------------------------------------

def _deepgram(tree: Tree, owner: tuple) -> None:
    legacy = tree.record(owner + ("deepgram",))
    if legacy is None:
        return
    mapped = {}
    for source, target in (("detectLanguage", "detect_language"), ("punctuate", "punctuate"),
                           ("smartFormat", "smart_format")):
        if isinstance(legacy.get(source), bool):
            mapped[target] = legacy[source]
    canonical = tree.get(owner + ("providerOptions", "deepgram"))
    merged = {**mapped, **(canonical if isinstance(canonical, dict) else {})}
    reason = "Deepgram options live in providerOptions.deepgram now"
    if own(tree, owner + ("providerOptions",)) and tree.record(owner + ("providerOptions",)) is None:
        tree.delete(owner + ("providerOptions",), "it was not an object")
    tree.set(owner + ("providerOptions", "deepgram"), merged, reason)
    tree.delete(owner + ("deepgram",), reason)


def media_deepgram(tree: Tree) -> None:
    media = ("tools", "media")
    if tree.record(media) is None:
        return

    def models(path: tuple) -> None:
        items = tree.get(path)
        for index, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict):
                _deepgram(tree, path + (index,))

    models(media + ("models",))
    for capability in ("audio", "image", "video"):
        if tree.record(media + (capability,)) is not None:
            _deepgram(tree, media + (capability,))
            models(media + (capability, "models"))


def _stable(value):
    if isinstance(value, list):
        return [_stable(v) for v in value]
    if isinstance(value, dict):
        return {k: _stable(value[k]) for k in sorted(value)}
    return value


def media_models(tree: Tree) -> None:
    media_deepgram(tree)
    media = ("tools", "media")
    if tree.record(media) is None:
        return
    shared = [m for m in (tree.get(media + ("models",)) or []) if isinstance(m, dict)] \
        if isinstance(tree.get(media + ("models",)), list) else []
    migrated: list = []
    changed = False
    for capability in ("image", "audio", "video"):
        config = tree.record(media + (capability,))
        if config is None:
            continue
        legacy = [m for m in config.get("models", []) if isinstance(m, dict)] if isinstance(config.get("models"), list) else []
        signatures = set()
        for model in legacy:
            if isinstance(model.get("capabilities"), list) and capability not in model["capabilities"]:
                continue
            scoped = {**model, "capabilities": [capability]}
            signature = json.dumps(_stable({k: v for k, v in scoped.items() if k != "capabilities"}))
            if signature in signatures:
                continue
            signatures.add(signature)
            migrated.append(scoped)
        if "models" in config:
            changed = True
    if not changed:
        return
    reason = "per-capability media models are capability-tagged entries of tools.media.models now"
    canonical = migrated + shared
    if canonical:
        tree.set(media + ("models",), canonical, reason)
    for capability in ("image", "audio", "video"):
        if tree.record(media + (capability,)) is not None and own(tree, media + (capability, "models")):
            tree.delete(media + (capability, "models"), reason)
            delete_if_empty(tree, media + (capability,))


# --- 64 config tranche -----------------------------------------------------------------------------

def _debounce(tree: Tree, path: tuple, account: str | None):
    if not own(tree, path + ("debounceMs",)):
        return None
    value = tree.get(path + ("debounceMs",))
    source = {"path": path + ("debounceMs",)}
    if account:
        source["account"] = account
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        source["value"] = value
    return source


def config_tranche(tree: Tree) -> None:
    prefs = ("ui", "prefs")
    if tree.record(prefs) is not None:
        for key in ("chatMessageMaxWidth", "textScale", "sidebarLiveActivity", "showAdvancedSettings"):
            tree.delete(prefs + (key,), "it is a browser preference now")
        delete_if_empty(tree, prefs)
        delete_if_empty(tree, ("ui",))
    delete_retired_path(tree, (), ("skills", "load", "watchDebounceMs"), "the skill watcher uses a fixed 250 ms")
    defaults = ("agents", "defaults")
    limits_reason = "the canonical memory and context-window caps apply now"
    if tree.record(defaults) is not None:
        for key in ("memoryGetDefaultLines", "toolResultMaxChars"):
            delete_retired_path(tree, defaults, ("contextLimits", key), limits_reason)
    for entry in agent_entries(tree):
        tree.delete(entry + ("typingIntervalSeconds",), "agents.defaults.typingIntervalSeconds applies to every agent now")
        for key in ("memoryGetDefaultLines", "toolResultMaxChars"):
            delete_retired_path(tree, entry, ("contextLimits", key), limits_reason)
    whatsapp = ("channels", "whatsapp")
    if tree.record(whatsapp) is None:
        return
    sources = []
    root = _debounce(tree, whatsapp, None)
    if root:
        sources.append(root)
    for account in sorted(tree.record(whatsapp + ("accounts",)) or ()):
        if tree.record(whatsapp + ("accounts", account)) is not None:
            found = _debounce(tree, whatsapp + ("accounts", account), account.strip().lower() or "default")
            if found:
                sources.append(found)
    if not sources:
        return
    valid = [s for s in sources if "value" in s]
    reason = "WhatsApp's debounce is one setting, messages.inbound.byChannel.whatsapp, now"
    target = ("messages", "inbound", "byChannel", "whatsapp")
    if valid and unset(tree, target):
        configured = tree.get(whatsapp + ("defaultAccount",))
        default_account = configured.strip().lower() if isinstance(configured, str) and configured.strip() else "default"
        selected = (next((s for s in valid if s.get("account") == default_account), None)
                    or next((s for s in valid if s.get("account") == "default"), None)
                    or next((s for s in valid if s["path"] == whatsapp + ("debounceMs",)), None) or valid[0])
        for path in (("messages",), ("messages", "inbound"), ("messages", "inbound", "byChannel")):
            if own(tree, path) and tree.record(path) is None:
                tree.delete(path, "it was not an object")
        tree.move(selected["path"], target, reason)
        if len({s["value"] for s in valid}) > 1 or len(valid) != len(sources):
            tree.decide(target, "WhatsApp accounts had different debounce values; the default account's is kept")
    for source in sources:
        if tree.has(source["path"]):
            tree.delete(source["path"], reason if valid else "it was not a valid debounce")


# --- 65, 66 ----------------------------------------------------------------------------------------

TUNING_ROOT_PATHS = [p.split(".") for p in ["systemAgent", "marketplaces", "cli.banner.taglineMode", "commitments", "auth.cooldowns", "secrets.resolution", "browser.remoteCdpTimeoutMs", "browser.remoteCdpHandshakeTimeoutMs", "browser.localLaunchTimeoutMs", "browser.localCdpReadyTimeoutMs", "browser.actionTimeoutMs", "browser.cdpPortRangeStart", "browser.tabCleanup.idleMinutes", "browser.tabCleanup.maxTabsPerSession", "browser.tabCleanup.sweepMinutes", "tools.loopDetection.genericRepeat", "tools.loopDetection.knownPollNoProgress", "tools.loopDetection.pingPong", "tools.loopDetection.windowSize", "tools.loopDetection.historySize", "tools.loopDetection.warningThreshold", "tools.loopDetection.unknownToolThreshold", "tools.loopDetection.criticalThreshold", "tools.loopDetection.globalCircuitBreakerThreshold", "tools.loopDetection.detectors", "tools.loopDetection.postCompactionGuard", "gateway.handshakeTimeoutMs", "gateway.channelHealthCheckMinutes", "gateway.channelStaleEventThresholdMinutes", "gateway.channelMaxRestartsPerHour", "gateway.reload.debounceMs", "gateway.reload.deferralTimeoutMs", "gateway.http.endpoints.chatCompletions.maxBodyBytes", "gateway.http.endpoints.chatCompletions.maxImageParts", "gateway.http.endpoints.chatCompletions.maxTotalImageBytes", "gateway.http.endpoints.responses.maxBodyBytes", "session.typingIntervalSeconds", "session.writeLock", "session.agentToAgent.maxPingPongTurns", "cron.maxConcurrentRuns", "cron.triggers.minIntervalMs", "cron.retry", "diagnostics.stuckSessionWarnMs", "diagnostics.stuckSessionAbortMs", "diagnostics.memoryPressureSnapshot", "diagnostics.memoryPressureBundle", "web.heartbeatSeconds", "web.reconnect", "web.whatsapp", "messages.queue.debounceMs", "messages.statusReactions.timing", "acp.stream.coalesceIdleMs", "acp.stream.maxChunkChars", "acp.stream.maxOutputChars", "acp.stream.maxSessionUpdateChars", "acp.stream.hiddenBoundarySeparator", "acp.maxConcurrentSessions", "acp.runtime.ttlMinutes", "worktrees", "transcripts.maxUtterances", "hooks.maxBodyBytes", "update.auto.stableDelayHours", "update.auto.stableJitterHours", "update.auto.betaCheckIntervalHours", "memory.search.chunking", "memory.search.sync.watchDebounceMs", "memory.search.sync.intervalMinutes", "memory.search.query.hybrid.vectorWeight", "memory.search.query.hybrid.textWeight", "memory.search.query.hybrid.candidateMultiplier", "memory.search.query.hybrid.mmr.lambda", "memory.search.query.hybrid.temporalDecay.halfLifeDays", "memory.search.cache.maxEntries", "channels.*.streaming.progress.render", "channels.*.accounts.*.streaming.progress.render"]]
TUNING_AGENT_PATHS = [p.split(".") for p in ["compaction.reserveTokens", "compaction.reserveTokensFloor", "compaction.maxHistoryShare", "contextPruning.keepLastAssistants", "contextPruning.softTrimRatio", "contextPruning.hardClearRatio", "contextPruning.minPrunableToolChars", "contextPruning.softTrim", "memory.search.chunking", "memory.search.sync.watchDebounceMs", "memory.search.sync.intervalMinutes", "memory.search.query.hybrid.vectorWeight", "memory.search.query.hybrid.textWeight", "memory.search.query.hybrid.candidateMultiplier", "memory.search.query.hybrid.mmr.lambda", "memory.search.query.hybrid.temporalDecay.halfLifeDays", "memory.search.cache.maxEntries", "cliBackends.*.reliability.outputLimits", "cliBackends.*.reliability.watchdog.fresh.noOutputTimeoutMs", "cliBackends.*.reliability.watchdog.resume.noOutputTimeoutMs", "runRetries", "tools.loopDetection.genericRepeat", "tools.loopDetection.knownPollNoProgress", "tools.loopDetection.pingPong", "tools.loopDetection.windowSize", "tools.loopDetection.historySize", "tools.loopDetection.warningThreshold", "tools.loopDetection.unknownToolThreshold", "tools.loopDetection.criticalThreshold", "tools.loopDetection.globalCircuitBreakerThreshold", "tools.loopDetection.detectors", "tools.loopDetection.postCompactionGuard"]]
TUNING_REASON = "a retired tuning knob; the built-in default applies"


def tuning_knobs(tree: Tree) -> None:
    for segments in TUNING_ROOT_PATHS:
        delete_retired_path(tree, (), tuple(segments), TUNING_REASON)
    for scope in agent_scopes(tree):
        for segments in TUNING_AGENT_PATHS:
            delete_retired_path(tree, scope, tuple(segments), TUNING_REASON)


def ui_assistant(tree: Tree) -> None:
    if tree.record(("ui",)) is not None and own(tree, ("ui", "assistant")):
        tree.delete(("ui", "assistant"), "the assistant's identity is set per agent now (identity)")
        delete_if_empty(tree, ("ui",))


# --- 67 retired config keys ----------------------------------------------------------------------

def retired_config_keys(tree: Tree) -> None:
    compaction = ("agents", "defaults", "compaction")
    record = tree.record(compaction)
    if record is not None and "truncateAfterCompaction" in record:
        if record["truncateAfterCompaction"] is False and "maxActiveTranscriptBytes" in record:
            tree.delete(compaction + ("maxActiveTranscriptBytes",), "it alone switches byte-triggered compaction "
                        "on now, which truncateAfterCompaction: false had kept off")
        tree.delete(compaction + ("truncateAfterCompaction",), "byte-triggered compaction is switched on by "
                    "maxActiveTranscriptBytes alone")
    tree.delete(("tui",), "it was ignored; the footer uses its default compact display")
    if tree.record(("commands",)) is not None:
        tree.delete(("commands", "modelsWrite"), "it was ignored")
    if tree.record(("messages",)) is not None and own(tree, ("messages", "messagePrefix")):
        for path in (("channels",), ("channels", "whatsapp")):
            if own(tree, path) and tree.record(path) is None:
                tree.delete(path, "it was not an object")
        if unset(tree, ("channels", "whatsapp", "responsePrefix")):
            tree.move(("messages", "messagePrefix"), ("channels", "whatsapp", "responsePrefix"),
                      "the message prefix was WhatsApp's; it is channels.whatsapp.responsePrefix now")
        else:
            tree.delete(("messages", "messagePrefix"), "it is channels.whatsapp.responsePrefix now, which is "
                        "already set (it wins)")
    if tree.record(("tools", "media")) is not None:
        tree.delete(("tools", "media", "asyncCompletion"), "it was ignored")
    _cross_context(tree)
    experimental = ("tools", "experimental")
    if tree.record(("tools",)) is not None and tree.record(experimental) is not None:
        if own(tree, experimental + ("planTool",)) and unset(tree, ("tools", "updatePlan")):
            tree.move(experimental + ("planTool",), ("tools", "updatePlan"), "the plan tool is switched by "
                      "tools.updatePlan now")
        tree.delete(experimental, "experimental tool switches were retired; tools.updatePlan owns the plan tool")
    move_key(tree, ("talk", "realtime"), "voice", "speakerVoice", "the realtime voice is called speakerVoice now")
    for entry in channel_entries(tree, "discord"):
        move_key(tree, entry + ("voice", "realtime"), "voice", "speakerVoice", "the realtime voice is called "
                 "speakerVoice now")
    media_deepgram(tree)


def _cross_context(tree: Tree) -> None:
    global_message = tree.record(("tools", "message"))
    global_bypass = (global_message or {}).get("allowCrossContextSend")
    global_cross = (global_message or {}).get("crossContext")
    global_cross = global_cross if isinstance(global_cross, dict) else {}

    def migrate(path: tuple, agent: bool) -> None:
        message = tree.record(path)
        if message is None:
            return
        legacy = message.get("allowCrossContextSend")
        inherited = agent and global_bypass is True
        if "allowCrossContextSend" not in message and not inherited:
            return
        cross = message.get("crossContext") if isinstance(message.get("crossContext"), dict) else {}
        effective = legacy if "allowCrossContextSend" in message else (global_bypass if agent else None)
        reason = "allowCrossContextSend became the crossContext switches"
        if effective is True:
            values = {"allowWithinProvider": True, "allowAcrossProviders": True}
        elif inherited:
            values = {"allowWithinProvider": cross.get("allowWithinProvider", global_cross.get("allowWithinProvider")) is not False,
                      "allowAcrossProviders": cross.get("allowAcrossProviders", global_cross.get("allowAcrossProviders")) is True}
        else:
            values = None
        if values is not None:
            if own(tree, path + ("crossContext",)) and tree.record(path + ("crossContext",)) is None:
                tree.delete(path + ("crossContext",), "it was not an object")
            for key, value in values.items():
                tree.set(path + ("crossContext", key), value, reason)
        tree.delete(path + ("allowCrossContextSend",), reason)

    for scope in agent_scopes(tree):
        if scope != ("agents", "defaults"):
            migrate(scope + ("tools", "message"), True)
    migrate(("tools", "message"), False)


# --- 68-74 -----------------------------------------------------------------------------------------

_HOST_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)\Z")


def _usable_host(value) -> bool:
    """An exact host name: DNS labels (or an IP address), no scheme, port, path or wildcard."""
    if not isinstance(value, str):
        return False
    host = value.strip().lower().rstrip(".")
    if not host or len(host) > 253 or any(c in host for c in "/:*@ ?#[]"):
        import ipaddress
        try:
            ipaddress.ip_address(host.strip("[]"))
            return True
        except ValueError:
            return False
    return all(_HOST_LABEL.match(label) for label in host.split("."))


def egress_proxy_hosts(tree: Tree) -> None:
    proxy = ("secrets", "egressProxy")
    if tree.record(proxy) is None:
        return
    for key in ("bypassHosts", "allowedHosts"):
        hosts = tree.get(proxy + (key,))
        if not isinstance(hosts, list):
            continue
        valid = [h for h in hosts if _usable_host(h)]
        if len(valid) == len(hosts):
            continue
        reason = "entries that are not usable host names were dropped"
        if valid:
            tree.set(proxy + (key,), valid, reason)
        else:
            tree.delete(proxy + (key,), "none of its entries is a usable host name")


def session_aliases(tree: Tree) -> None:
    move_key(tree, ("session", "maintenance"), "pruneDays", "pruneAfter", "pruneDays is called pruneAfter now")
    move_key(tree, ("session", "resetByType"), "dm", "direct", 'the "dm" reset type is called "direct" now')


def rotate_bytes(tree: Tree) -> None:
    if tree.record(("session", "maintenance")) is not None:
        tree.delete(("session", "maintenance", "rotateBytes"), "it was ignored")


def parent_fork_max_tokens(tree: Tree) -> None:
    if tree.record(("session",)) is not None:
        tree.delete(("session", "parentForkMaxTokens"), "parent forks are sized automatically now")


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)?\s*$", re.IGNORECASE)


def _zero_duration(value) -> bool:
    if value is False or value is None:
        return False
    text = value if isinstance(value, str) else (str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else "")
    text = text.strip()
    if not text:
        return False
    match = _DURATION.match(text)
    return bool(match) and float(match.group(1)) <= 0


def zero_retention(tree: Tree) -> None:
    maintenance = ("session", "maintenance")
    if tree.record(maintenance) is None:
        return
    for key, outcome in (("resetArchiveRetention", "reset archives are kept by default again"),
                         ("pruneAfter", "the 30-day default applies")):
        if own(tree, maintenance + (key,)) and _zero_duration(tree.get(maintenance + (key,))):
            tree.delete(maintenance + (key,), f"a zero duration deleted everything at once; {outcome}")


def workshop_autonomy(tree: Tree) -> None:
    autonomous = ("skills", "workshop", "autonomous")
    if tree.record(autonomous) is None or not own(tree, autonomous + ("enabled",)):
        return
    if unset(tree, autonomous + ("mode",)):
        mode = "off" if tree.get(autonomous + ("enabled",)) is False else "propose"
        tree.set(autonomous + ("mode",), mode, f"autonomy has three positions now; this is {q(mode)}", action="added")
        tree.delete(autonomous + ("enabled",), f"replaced by mode {q(mode)}")
    else:
        tree.delete(autonomous + ("enabled",), "replaced by mode, which is already set")


def workshop_symlinks(tree: Tree) -> None:
    delete_retired_path(tree, (), ("skills", "workshop", "allowSymlinkTargetWrites"),
                        "Skill Workshop writes only inside its own directory now")


def plugin_installs(tree: Tree) -> None:
    """Plugin install records moved from the config to OpenClaw's state (the plugin index) in
    2026.4.29; releases since refuse them in the config, and doctor writes the config without them."""
    if tree.record(("plugins",)) is not None and own(tree, ("plugins", "installs")):
        tree.delete(("plugins", "installs"), "install records live in OpenClaw's state since 2026.4.29 (the "
                    "gateway rebuilds its plugin index from the installed plugins)")
        tree.decide(("plugins",), "if a plugin installed from a path or archive no longer loads, reinstall it "
                    "with `openclaw plugins install`", advisory=True)
        delete_if_empty(tree, ("plugins",))


MIGRATIONS_STATE = [
    Migration("plugins.installs->state", "Remove plugin install records (they live in state)", plugin_installs),
]

MIGRATIONS = [
    Migration("tts.top-level-owner", "Move messages.tts to the top-level tts", tts_top_level),
    Migration("tts.providers-generic-shape", "Move TTS provider settings under tts.providers", tts_providers),
    Migration("tts.speaker-selection-keys", "Rename TTS voice keys to speakerVoice/speakerVoiceId", tts_speaker_keys),
    Migration("tts.enabled-auto-mode", "Replace TTS enabled by auto", tts_enabled),
    Migration("runtime.memory-qmd-retired", "Remove the QMD memory backend settings", memory_qmd),
    Migration("runtime.automatic-local-model-lean", "Remove wizard.localModelLeanAutoModel", local_model_lean),
    Migration("runtime.messages-suppress-tool-errors", "Remove messages.suppressToolErrors", suppress_tool_errors),
    Migration("runtime.retired-internal-hook-handlers", "Remove hooks.internal.handlers", internal_hook_handlers),
    Migration("runtime.doctor-tier-eval-tranche", "Apply the tier-eval retirements", tier_eval),
    Migration("runtime.final-layout-polish", "Apply the final layout renames", final_layout_polish),
    Migration("runtime.final-layout-kills", "Remove the final layout knobs", final_layout_kills),
    Migration("runtime.media-models-consolidation", "Consolidate per-capability media models", media_models),
    Migration("runtime.config-tranche", "Apply the config-tranche retirements", config_tranche),
    Migration("runtime.tuning-knobs-purge", "Remove retired tuning knobs", tuning_knobs),
    Migration("runtime.ui-assistant-identity", "Remove ui.assistant", ui_assistant),
    Migration("runtime.retired-config-keys", "Move or remove retired root and tool keys", retired_config_keys),
    Migration("runtime.secrets-egress-proxy-hosts", "Drop unusable egress proxy hosts", egress_proxy_hosts),
    Migration("session.canonical-aliases", "Rename session aliases", session_aliases),
    Migration("session.maintenance.rotateBytes", "Remove session.maintenance.rotateBytes", rotate_bytes),
    Migration("session.parentForkMaxTokens", "Remove session.parentForkMaxTokens", parent_fork_max_tokens),
    Migration("session.maintenance.zero-duration-retention", "Remove zero-duration retention", zero_retention),
    Migration("skills.workshop.autonomous.enabled->mode", "Replace Skill Workshop autonomy enabled by mode",
              workshop_autonomy),
    Migration("skills.workshop.allowSymlinkTargetWrites-retired", "Remove allowSymlinkTargetWrites", workshop_symlinks),
]
