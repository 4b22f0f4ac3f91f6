"""Resolve stage: per agent, the model chain, the credentials each provider will use (and their
mode), and the effective prompt-cache retention of each model, as OpenClaw 2026.9.6 decides them.

CONTRACT (other stages rely on it):
    resolve(loaded: Loaded, options: ResolveOptions) -> Model
Check rules (oclc.rules.*) take the Model. `Model.loaded` is always set; the resolution never fails
on a config that did not pass the schema (values may have any type): whatever has the wrong shape
is treated as absent, the way OpenClaw's runtime readers skip it.

Facts and their evidence: spec sections 2 (agents), 3.2-3.4 (stores, credential order, env vars),
4.1-4.4 (params layers, cache retention), 5 (model refs, aliases, defaults).
"""
from __future__ import annotations

import functools
import os
import re

from ..records import LazyPattern, Record
from ..source import DEFAULT_MAX_BYTES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ..diagnostics import Path
    from ..load.model import Loaded

# Provider spellings OpenClaw 2026.9.6 accepts only in its doctor migrations (to openai).
LEGACY_PROVIDER_IDS = frozenset({"openai-codex"})
CACHE_VALUES = ("none", "short", "long")
LEGACY_TTL = {"5m": "short", "1h": "long"}
CACHE_KEYS = ("cacheRetention", "cacheControlTtl")

# Applied at materialisation to `agents.defaults.models` entries without an alias (spec 5.2).
DEFAULT_MODEL_ALIASES = {
    "opus": "anthropic/claude-opus-5",
    "sonnet": "anthropic/claude-sonnet-5",
    "gpt": "openai/gpt-5.4",
    "gpt-mini": "openai/gpt-5.4-mini",
    "gpt-nano": "openai/gpt-5.4-nano",
    "gemini": "google/gemini-3.1-pro-preview",
    "gemini-flash": "google/gemini-3-flash-preview",
    "gemini-flash-lite": "google/gemini-3.1-flash-lite",
}

_DATE_SUFFIX = re.compile(r"^\d{8}(?:@|$)")
_QUANT_SUFFIX = re.compile(r"^(?:i?q\d+(?:_[a-z0-9]+)*|\d+bit)(?:@|$)", re.IGNORECASE)
_BEDROCK_ARN = LazyPattern(r"^arn:aws(-cn|-us-gov)?:bedrock:")


class ResolveOptions(Record):
    __slots__ = ("env", "env_known", "state_dir", "now_ms", "max_bytes")

    def __init__(self, env: dict[str, str] | None = None, env_known: bool = False, state_dir: str | None = None,
                 now_ms: int | None = None, max_bytes: int = DEFAULT_MAX_BYTES):
        self.env = {} if env is None else env
        self.env_known = env_known  # True when --env-file / --state-dir make "absent" a fact
        self.state_dir = state_dir
        self.now_ms = now_ms  # for expiry checks; None = the current time
        self.max_bytes = max_bytes  # size limit of each credential store read from state_dir


# --- provider facts ---------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def provider_table() -> dict[str, Any]:
    from ..releases import load_json

    return load_json("providers.json")


def known_provider(provider: str) -> dict[str, Any] | None:
    return provider_table()["providers"].get(provider)


@functools.lru_cache(maxsize=1)
def _env_api_key_markers() -> frozenset[str]:
    from ..releases import load_json

    return frozenset(load_json("plugins.json").get("envApiKeyMarkers", ()))


def env_api_key_marker(value: Any) -> str | None:
    """The variable a provider `apiKey` names when it is written as a bare env-var name that
    OpenClaw knows (`apiKey: "OLLAMA_API_KEY"`): OpenClaw reads that variable instead of sending
    the text. Other names (`"ZAI_API_KEY"` is not one in 2026.9.6) are sent as the key itself."""
    if not isinstance(value, str) or not value[:1].strip().isupper():
        return None
    name = value.strip()
    return name if name in _env_api_key_markers() else None


def auth_provider(provider: str) -> str:
    """The provider id credentials are filed under (claude-cli -> anthropic, x-ai -> xai, ...)."""
    info = known_provider(provider)
    return (info or {}).get("authProvider", provider)


@functools.lru_cache(maxsize=1)
def prompt_cache_facts() -> dict[str, Any]:
    """What this release puts on the wire for cache settings beyond its resolver (recorded turns)."""
    from ..releases import load_json

    return load_json("prompt-cache.json")


def is_subscription(provider: str, mode: str | None) -> bool:
    """A subscription login (Anthropic setup-token/OAuth, ChatGPT/Codex OAuth, ...), not any token:
    a `token` profile of xai or deepseek is a bearer API key."""
    table = prompt_cache_facts()["subscriptionModes"]
    modes = table.get(provider) or table.get(auth_provider(provider)) or ()
    return mode in modes


# --- model refs -------------------------------------------------------------------------------------


class ModelRef(Record, frozen=True):
    __slots__ = ("raw", "path", "provider", "model", "profile", "alias", "status")

    def __init__(self, raw: Any, path: Path | None, provider: str | None = None, model: str | None = None,
                 profile: str | None = None, alias: str | None = None, status: str = "ok"):
        self.raw = raw
        self.path = path  # config path where it was written (None: built-in default)
        self.provider = provider
        self.model = model
        self.profile = profile  # the `@profile` suffix: a pinned credential
        self.alias = alias  # the alias it was written as
        self.status = status  # ok | alias | inferred | bare | empty | malformed | not-string | default

    @property
    def key(self) -> str | None:
        if self.provider is None or self.model is None:
            return None
        return model_key(self.provider, self.model)

    @property
    def resolved(self) -> bool:
        return self.key is not None


def model_key(provider: str, model: str) -> str:
    """OpenClaw's canonical `provider/model` key (a model id that already starts with `provider/` is kept)."""
    provider, model = provider.strip(), model.strip()
    if model.lower().startswith(provider.lower() + "/"):
        return model
    return f"{provider}/{model}"


def split_profile(text: str) -> tuple[str, str | None]:
    """`provider/model@profile` -> (model part, profile); date and quantisation suffixes stay in the model."""
    trimmed = text.strip()
    if not trimmed:
        return "", None
    last_slash = trimmed.rfind("/")
    at = trimmed.find("@", last_slash + 1)
    if at <= 0:
        return trimmed, None
    if _DATE_SUFFIX.match(trimmed[at + 1:]):
        nxt = trimmed.find("@", at + 9)
        if nxt < 0:
            return trimmed, None
        at = nxt
    if _QUANT_SUFFIX.match(trimmed[at + 1:]):
        nxt = trimmed.find("@", at + 1)
        if nxt < 0:
            return trimmed, None
        at = nxt
    model, profile = trimmed[:at].strip(), trimmed[at + 1:].strip()
    if not model or not profile:
        return trimmed, None
    return model, profile


def parse_ref(raw: Any, path: Path | None, aliases: dict[str, str], row_providers: dict[str, list[str]]) -> ModelRef:
    """One model ref as OpenClaw reads it: alias, `provider/model[@profile]`, or a bare model id."""
    if not isinstance(raw, str):
        return ModelRef(raw, path, status="not-string")
    text = raw.strip()
    if not text:
        return ModelRef(raw, path, status="empty")
    if text.lower() == "openrouter:auto":
        text = "openrouter/auto"
    body, profile = split_profile(text)
    if "/" not in body:
        target = aliases.get(body.lower())
        if target is not None:
            inner = parse_ref(target, path, {}, row_providers)
            return ModelRef(raw, path, inner.provider, inner.model, profile or inner.profile, body, "alias")
        owners = row_providers.get(body, [])
        if len(owners) == 1:
            return ModelRef(raw, path, owners[0], body, profile, None, "inferred")
        return ModelRef(raw, path, provider_table()["defaultProvider"], body, profile, None, "bare")
    slash = body.index("/")
    provider, model = body[:slash].strip().lower(), body[slash + 1:].strip()
    if not provider or not model:
        return ModelRef(raw, path, status="malformed")
    return ModelRef(raw, path, provider, model, profile)


# --- Anthropic config defaults (spec 4.4) ------------------------------------------------------------

ANTHROPIC_AUTH_PROVIDERS = ("anthropic", "claude-cli")
# Entries OpenClaw adds to agents.defaults.models in API-key mode once any Anthropic entry exists.
ANTHROPIC_API_KEY_EXTRA_MODELS = ("anthropic/claude-sonnet-5", "anthropic/claude-sonnet-4-6")
_BEDROCK_CLAUDE = LazyPattern(r"anthropic[./]claude", re.IGNORECASE)


def anthropic_default_mode(config: Any, env: dict[str, str]) -> str | None:
    """The Anthropic auth mode OpenClaw's config defaults are chosen for: api_key, oauth or None
    (no Anthropic signal, or no `agents.defaults` to put defaults in)."""
    if not isinstance(_get(config, "agents", "defaults"), dict):
        return None
    profiles = _dict(_get(config, "auth", "profiles"))
    order = _dict(_get(config, "auth", "order"))

    def profile_provider(entry: Any) -> str:
        provider = _get(entry, "provider")
        return provider.strip().lower() if isinstance(provider, str) else ""

    anthropic_profiles = {pid: entry for pid, entry in profiles.items()
                          if profile_provider(entry) in ANTHROPIC_AUTH_PROVIDERS}
    if not (env.get("ANTHROPIC_API_KEY") or env.get("ANTHROPIC_OAUTH_TOKEN") or anthropic_profiles
            or any(key in order for key in ANTHROPIC_AUTH_PROVIDERS)):
        return None

    def profile_mode(entry: Any) -> str | None:
        if profile_provider(entry) == "claude-cli":
            return "oauth"
        mode = _get(entry, "mode")
        return {"api_key": "api_key", "oauth": "oauth", "token": "oauth"}.get(mode) if isinstance(mode, str) else None

    if _get(config, "models", "providers", "anthropic", "apiKey") == "anthropic:claude-cli":
        return "oauth"
    for key in ANTHROPIC_AUTH_PROVIDERS:
        ids = order.get(key)
        for pid in ids if isinstance(ids, list) else []:
            if isinstance(pid, str) and pid in profiles:
                mode = profile_mode(profiles[pid])
                if mode:
                    return mode
    kinds = {profile_mode(entry) for entry in anthropic_profiles.values()} - {None}
    if len(kinds) == 1:
        return kinds.pop()
    if env.get("ANTHROPIC_OAUTH_TOKEN"):
        return "oauth"
    if env.get("ANTHROPIC_API_KEY"):
        return "api_key"
    return None


def anthropic_cache_defaults(config: Any, env: dict[str, str]) -> list[str]:
    """`agents.defaults.models` keys that OpenClaw gives `cacheRetention: "short"` when it
    materialises its Anthropic API-key defaults (the extra entries included); [] in other modes."""
    if anthropic_default_mode(config, env) != "api_key":
        return []
    models = _dict(_get(config, "agents", "defaults", "models"))
    keys = list(models)
    primary = _get(config, "agents", "defaults", "model")
    primary = primary.get("primary") if isinstance(primary, dict) else primary
    if isinstance(primary, str) and primary.strip().lower().startswith("anthropic/") and primary.strip() not in models:
        keys.append(primary.strip())

    def is_anthropic(key: str) -> bool:
        lowered = key.lower()
        return lowered.startswith("anthropic/") or (
            lowered.startswith("amazon-bedrock/") and bool(_BEDROCK_CLAUDE.search(key)))

    keys = [k for k in keys if isinstance(k, str) and is_anthropic(k)]
    if keys:
        keys += [k for k in ANTHROPIC_API_KEY_EXTRA_MODELS if k not in keys]
    # An entry whose cacheRetention is already a string (even a misspelt one) is left alone.
    return [k for k in keys if not isinstance(_get(models, k, "params", "cacheRetention"), str)]


# --- params and cache retention ---------------------------------------------------------------------


class Layer(Record, frozen=True):
    __slots__ = ("name", "path", "params", "injected")

    def __init__(self, name: str, path: Path, params: dict, injected: bool = False):
        self.name = name  # dotted path in the loaded config, e.g. agents.defaults.params
        self.path = path  # the same as a path tuple
        self.params = params
        self.injected = injected  # OpenClaw adds it when it materialises defaults: not written in the file


def merge_params(layers: list[Layer]) -> tuple[dict[str, Any], dict[str, str]]:
    """Shallow merge, later layers win per key (the whole value is replaced, valid or not)."""
    merged: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for layer in layers:
        for key, value in layer.params.items():
            if key in ("__proto__", "prototype", "constructor"):
                continue
            merged[key] = value
            sources[key] = layer.name
    return merged, sources


def openai_default_params(provider: str, model_id: str, merged: dict[str, Any], sources: dict[str, str]) -> None:
    """The OpenAI runtime adds these to GPT-5 requests unless set (seen in e14)."""
    if provider != "openai" or not re.match(r"^gpt-5(?:[.-]|$)", model_id, re.IGNORECASE):
        return
    if "parallel_tool_calls" not in merged and "parallelToolCalls" not in merged:
        merged["parallel_tool_calls"] = True
        sources["parallel_tool_calls"] = "default"
    if "text_verbosity" not in merged and "textVerbosity" not in merged:
        merged["text_verbosity"] = "low"
        sources["text_verbosity"] = "default"


def param_layers(config: Any, provider: str, model_id: str, agent_path: Path | None = None,
                 entry: Any = None) -> list[Layer]:
    """The params records OpenClaw merges for one request, lowest first (spec 4.1):
    defaults.params < defaults.models[ref].params < agent.models[ref].params < agent.params."""
    defaults = _dict(_get(config, "agents", "defaults"))
    canonical = model_key(provider, model_id)
    legacy = f"{provider.strip()}/{model_id.strip()}"
    layers: list[Layer] = []

    def model_params(models_map: Any, base: Path) -> None:
        models_map = _dict(models_map)
        for key in dict.fromkeys((canonical, legacy)):
            found = _get(models_map, key, "params")
            if found is not None:
                if isinstance(found, dict):
                    layers.append(Layer(_dotted(base + (key, "params")), base + (key, "params"), found))
                return

    if isinstance(defaults.get("params"), dict):
        layers.append(Layer("agents.defaults.params", ("agents", "defaults", "params"), defaults["params"]))
    model_params(defaults.get("models"), ("agents", "defaults", "models"))
    if agent_path is not None:
        entry = _dict(entry)
        model_params(entry.get("models"), agent_path + ("models",))
        if isinstance(entry.get("params"), dict):
            layers.append(Layer(_dotted(agent_path + ("params",)), agent_path + ("params",), entry["params"]))
    return layers


def extra_params(config: Any, provider: str, model_id: str, agent_id: str | None = None) -> dict[str, Any] | None:
    """OpenClaw's `resolveExtraParams` (config layers plus the OpenAI GPT-5 defaults); None when empty."""
    agent_path, entry = None, None
    if agent_id is not None:
        wanted = normalize_agent_id(agent_id)
        for aid, _key, path, found in agent_entries(config):
            if aid == wanted and path is not None:
                agent_path, entry = path, found
                break
    merged, sources = merge_params(param_layers(config, provider, model_id, agent_path, entry))
    openai_default_params(provider, model_id, merged, sources)
    return merged or None


def cache_family(provider: str, api: str | None, model_id: str, explicit: bool) -> str | None:
    provider = provider.lower()
    if provider in ("anthropic", "anthropic-vertex"):
        return "anthropic-direct"
    if provider == "amazon-bedrock" and explicit:
        lowered = model_id.lower()
        if "anthropic.claude" in lowered or "anthropic/claude" in lowered:
            return "anthropic-bedrock"
        if _BEDROCK_ARN.match(lowered) and ":application-inference-profile/" in lowered:
            return "anthropic-bedrock"
    if provider != "amazon-bedrock" and explicit and api == "anthropic-messages":
        return "custom-anthropic-api"
    return None


def openai_prompt_cache_key_support(provider: str, api: str | None, base_url: Any, compat: Any) -> bool:
    if isinstance(compat, dict) and isinstance(compat.get("supportsPromptCacheKey"), bool):
        return compat["supportsPromptCacheKey"]
    url = base_url.strip() if isinstance(base_url, str) else ""
    if not url:
        return provider == "openai"
    from urllib.parse import urlparse

    try:
        parsed = urlparse(url)
    except ValueError:
        return False
    host = parsed.hostname or ""
    native = parsed.scheme == "https" and (host == "api.openai.com" or host.endswith(".api.openai.com"))
    codex = provider == "openai" and api == "openai-chatgpt-responses" and host.endswith("chatgpt.com")
    return native or codex


def google_cache_eligible(api: str | None, model_id: str) -> bool:
    lowered = model_id.lower()
    return api == "google-generative-ai" and (lowered.startswith("gemini-2.5") or lowered.startswith("gemini-3"))


def cache_eligibility(provider: str, api: str | None, model_id: str, compat: Any, base_url: Any,
                      explicit: bool) -> tuple[str | None, bool, bool]:
    """(family, eligible, legacy-ttl-honoured) for one model, as OpenClaw's resolver decides them."""
    family = cache_family(provider, api, model_id, explicit)
    openai_ok = api in ("openai-responses", "openai-chatgpt-responses", "openai-completions") and \
        openai_prompt_cache_key_support(provider, api, base_url, compat)
    google_ok = google_cache_eligible(api, model_id)
    compat_ok = isinstance(compat, dict) and (compat.get("supportsPromptCacheKey") is True
                                              or compat.get("cacheControlFormat") == "anthropic")
    eligible = bool(family or google_ok or openai_ok or compat_ok or api == "bedrock-converse-stream")
    return family, eligible, bool(family or google_ok)


def cache_retention(params: dict | None, provider: str, api: str | None, model_id: str,
                    compat: Any = None, base_url: Any = None) -> str | None:
    """OpenClaw's `resolveCacheRetention`: the value the runtime passes to the transport, or None."""
    params = params or {}
    explicit = "cacheRetention" in params or "cacheControlTtl" in params
    family, eligible, ttl_ok = cache_eligibility(provider, api, model_id, compat, base_url, explicit)
    if not eligible:
        return None
    value = params.get("cacheRetention")
    if value in CACHE_VALUES:
        return value
    legacy = params.get("cacheControlTtl")
    if isinstance(legacy, str) and legacy in LEGACY_TTL and ttl_ok:
        return LEGACY_TTL[legacy]
    return "short" if family == "anthropic-direct" else None


class CacheResolution(Record):
    __slots__ = ("value", "source", "honoured", "reason", "family", "eligible", "explicit", "setting", "runtime",
                 "transport", "unsent_why", "ignored")

    def __init__(self, value: str | None, source: str | None, honoured: bool, reason: str, family: str | None = None,
                 eligible: bool = False, explicit: bool = False, setting: str | None = None,
                 runtime: str = "openclaw", transport: str | None = None, unsent_why: str = "",
                 ignored: list[str] | None = None):
        self.value = value  # the retention the requests carry on the wire: none | short | long | None
        # where the retention was decided: a dotted layer path, "default", "transport default", or None
        self.source = source
        self.honoured = honoured  # False only where OpenClaw resolves a retention and does not send it
        self.reason = reason  # one line, for explain
        self.family = family
        self.eligible = eligible
        self.explicit = explicit  # a cacheRetention/cacheControlTtl key applies to this model
        self.setting = setting  # the retention OpenClaw's resolver gives for this agent and model
        self.runtime = runtime  # the agent runtime the model runs on
        self.transport = transport  # the API the requests go over (the credential may decide it)
        self.unsent_why = unsent_why  # where honoured is False: why the resolved retention is not sent
        self.ignored = [] if ignored is None else ignored  # layers whose cache settings have no effect


def _is_anthropic_openrouter(provider: str, model_id: str) -> bool:
    return provider == "openrouter" and model_id.lower().startswith("anthropic/")


_TTL_TEXT = {"none": "no cache_control markers", "short": "5-minute cache_control markers",
             "long": 'cache_control markers with ttl "1h"'}


def wire_text(value: str | None, api: str | None = "anthropic-messages") -> str:
    """What requests with this retention carry, in words (cache_control markers on Anthropic's API)."""
    if value is None:
        return "no cache setting from OpenClaw"
    if api == "anthropic-messages":
        return _TTL_TEXT[value]
    if api in ("openai-responses", "openai-chatgpt-responses", "openai-completions"):
        return {"none": "no prompt_cache_key", "short": "a prompt_cache_key without lifetime fields",
                "long": "a prompt_cache_key with a lifetime field"}[value]
    return f"the {value!r} cache retention"


def long_retention_supported(provider: str, api: str | None, compat: Any) -> bool:
    """Does "long" go out as the 1-hour / lifetime caching it asks for on this model's transport?"""
    facts = prompt_cache_facts()["longRetention"].get(api or "")
    if facts is None:
        return True
    if facts.get("never"):
        return False
    if isinstance(compat, dict) and isinstance(compat.get(facts["compatKey"]), bool):
        return compat[facts["compatKey"]]
    return provider not in facts["unsupportedProviders"]


def credential_route(provider: str, mode: str | None, api: str | None) -> str | None:
    """The transport a credential sends the model's requests over (a ChatGPT login: the Codex
    route), where the credential decides it; otherwise the model's own api."""
    routes = prompt_cache_facts()["credentialRoutes"].get(provider) or {}
    return routes.get(mode or "", api)


def resolve_cache(merged: dict, sources: dict[str, str], provider: str, api: str | None, model_id: str,
                  compat: Any, base_url: Any, runtime: str = "openclaw") -> CacheResolution:
    """The retention OpenClaw resolves for one agent and model, and what its requests then carry."""
    explicit = any(k in merged for k in CACHE_KEYS)
    family, eligible, ttl_ok = cache_eligibility(provider, api, model_id, compat, base_url, explicit)
    raw = merged.get("cacheRetention")
    legacy = merged.get("cacheControlTtl")
    setting = cache_retention(merged, provider, api, model_id, compat, base_url)
    source: str | None = None
    if _is_anthropic_openrouter(provider, model_id) and setting is None:
        # OpenRouter's Anthropic route adds cache markers itself from params.cacheRetention (default short).
        family, eligible = "openrouter-anthropic", True
        setting = raw if raw in CACHE_VALUES else "short"
    if setting is None:
        if not eligible and provider in LEGACY_PROVIDER_IDS:
            why = f"{provider} is a retired provider id (doctor moves it to openai), so no cache setting applies"
        elif not eligible and api is None:
            why = f"{provider} is not a provider OpenClaw knows, so no cache setting applies"
        elif not eligible:
            why = f"{provider}/{model_id} ({api}) does not support prompt-cache settings"
        elif legacy is not None and raw is None:
            why = "cacheControlTtl is ignored for this model and nothing else sets a retention"
        else:
            why = "no retention is set and this model has no default"
    elif raw in CACHE_VALUES and raw == setting:
        source = sources.get("cacheRetention")
        why = f"set by {source}"
    elif isinstance(legacy, str) and LEGACY_TTL.get(legacy) == setting and ttl_ok and raw not in CACHE_VALUES:
        source = sources.get("cacheControlTtl")
        why = f"legacy cacheControlTtl {legacy!r} at {source}"
    else:
        source = "default"
        why = "default for this provider"
        if raw is not None and raw not in CACHE_VALUES:
            why += f" (the invalid cacheRetention at {sources.get('cacheRetention')} is ignored)"
        elif legacy is not None:
            why += f" (cacheControlTtl {legacy!r} at {sources.get('cacheControlTtl')} is ignored)"
    facts = prompt_cache_facts()
    resolution = CacheResolution(setting, source, True, why, family, eligible, explicit, setting, runtime, api)
    if runtime in facts["runtimes"] and not facts["runtimes"][runtime]["sendsCacheSettings"]:
        resolution.value = None
        resolution.honoured = setting is None
        cli = facts["runtimes"][runtime].get("cli", "its CLI")
        resolution.unsent_why = f"the {runtime} runtime passes no cache setting to {cli}"
        resolution.reason = (f"{why}; not sent: the {runtime} runtime passes no cache setting to {cli}, "
                             "which applies its own caching") if setting is not None else \
            f"{why}; the {runtime} runtime runs {cli}, which applies its own caching"
        return resolution
    missing = facts["unbundledTransports"].get(api or "")
    if missing is not None:
        resolution.value, resolution.honoured = None, setting is None
        resolution.unsent_why = (f"OpenClaw {facts['openclaw']} has no {api} transport unless the provider "
                                 f"plugin {missing['plugin']} is installed")
        resolution.reason = f"{why}; nothing is sent: {resolution.unsent_why}"
        return resolution
    if setting is None:
        default = facts["transportDefaults"].get(api or "")
        if default is not None and (not default.get("needsPromptCacheKey")
                                    or openai_prompt_cache_key_support(provider, api, base_url, compat)):
            resolution.value, resolution.source = default["retention"], "transport default"
            resolution.reason = f"{why}; the {api} transport adds {wire_text(default['retention'], api)} by default"
        return resolution
    if setting == "long" and not long_retention_supported(provider, api, compat):
        resolution.value, resolution.honoured = "short", False
        resolution.unsent_why = ("this model does not support the 1-hour ttl" if api == "anthropic-messages" else
                                 f"the {api} route omits the lifetime fields")
        resolution.reason = f"{why}; sent as {wire_text('short', api)}: {resolution.unsent_why}"
    return resolution


# --- credentials -------------------------------------------------------------------------------------


class Candidate(Record, frozen=True):
    __slots__ = ("kind", "name", "mode", "present", "source", "note")

    def __init__(self, kind: str, name: str, mode: str | None, present: bool | None, source: str = "",
                 note: str = ""):
        self.kind = kind  # profile | aws-sdk | env | config-key | secret-ref | keyless
        self.name = name  # profile id, env var name, config path or a description (never a secret)
        self.mode = mode  # api_key | token | oauth | aws-sdk | None (keyless / unknown)
        self.present = present  # True: usable; False: known to be absent/ineligible; None: cannot tell
        self.source = source  # where it comes from: auth.order.<p>, store path, models.providers.<p>.apiKey, ...
        self.note = note  # why it is absent or skipped, or that it is pinned

    def as_dict(self) -> dict[str, Any]:
        field_name = {"profile": "profile", "env": "env"}.get(self.kind, "key")
        return {"kind": self.kind, field_name: self.name, "present": self.present}


class ProviderAuth(Record):
    __slots__ = ("provider", "auth_provider", "candidates", "chosen", "known", "pinned", "regular")

    def __init__(self, provider: str, auth_provider: str, candidates: list[Candidate] | None = None,
                 chosen: Candidate | None = None, known: bool = True, pinned: dict[str, Candidate] | None = None,
                 regular: Candidate | None = None):
        self.provider = provider
        self.auth_provider = auth_provider
        self.candidates = [] if candidates is None else candidates
        self.chosen = chosen  # what the agent's model chain uses for this provider
        self.known = known  # a provider OpenClaw knows or the config defines
        # `model@profile` pins: those requests use that profile only; every other request to the
        # provider uses `regular`, the first usable candidate of the ordinary chain.
        self.pinned = {} if pinned is None else pinned
        self.regular = regular

    def credential_for(self, use: "ModelUse") -> Candidate | None:
        for pid in use.pinned_profiles:
            if pid in self.pinned:
                return self.pinned[pid]
        return self.regular

    @property
    def mode(self) -> str | None:
        return self.chosen.mode if self.chosen else None

    @property
    def subscription(self) -> bool:
        return is_subscription(self.provider, self.mode)


# --- per agent -----------------------------------------------------------------------------------------


class ModelUse(Record):
    __slots__ = ("ref", "provider", "model_id", "api", "roles", "params", "param_sources", "layers", "cache",
                 "pinned_profiles", "credential", "runtime", "runtime_source")

    def __init__(self, ref: str, provider: str, model_id: str, api: str | None, roles: list[str] | None = None,
                 params: dict[str, Any] | None = None, param_sources: dict[str, str] | None = None,
                 layers: list[Layer] | None = None, cache: CacheResolution | None = None,
                 pinned_profiles: list[str] | None = None, credential: Candidate | None = None,
                 runtime: str = "openclaw", runtime_source: str | None = None):
        self.ref = ref  # canonical provider/model
        self.provider = provider
        self.model_id = model_id
        self.api = api
        self.roles = [] if roles is None else roles  # primary, fallback, defaults.models, agent.models
        self.params = {} if params is None else params
        self.param_sources = {} if param_sources is None else param_sources
        self.layers = [] if layers is None else layers
        self.cache = cache
        self.pinned_profiles = [] if pinned_profiles is None else pinned_profiles
        self.credential = credential  # what requests to this model authenticate with
        self.runtime = runtime  # the agent runtime this agent runs the model on
        self.runtime_source = runtime_source  # where the runtime was chosen (None: OpenClaw's own)

    @property
    def subscription(self) -> bool:
        return bool(self.credential and is_subscription(self.provider, self.credential.mode))

    @property
    def cache_honoured(self) -> bool:
        """False only where OpenClaw resolves a retention and its requests do not carry it."""
        return self.cache.honoured if self.cache else True


class AgentResolution(Record):
    __slots__ = ("id", "key", "path", "default", "agent_dir", "primary", "primary_source", "fallbacks",
                 "fallbacks_source", "aliases", "models", "auth", "chain_providers", "store_paths", "stores",
                 "stores_unreadable")

    def __init__(self, id: str, key: str | None, path: Path | None, default: bool = False,
                 agent_dir: str | None = None, primary: ModelRef | None = None, primary_source: str = "default",
                 fallbacks: list[ModelRef] | None = None, fallbacks_source: str = "none",
                 aliases: dict[str, str] | None = None, models: dict[str, ModelUse] | None = None,
                 auth: dict[str, ProviderAuth] | None = None, chain_providers: list[str] | None = None,
                 store_paths: list[str] | None = None, stores: list[Any] | None = None,
                 stores_unreadable: str | None = None):
        self.id = id
        self.key = key  # the agents.entries key as written (None: implicit main)
        self.path = path  # config path of the entry
        self.default = default
        self.agent_dir = agent_dir
        self.primary = primary
        self.primary_source = primary_source  # agent | defaults | provider-row | default
        self.fallbacks = [] if fallbacks is None else fallbacks
        self.fallbacks_source = fallbacks_source  # agent | defaults | none
        self.aliases = {} if aliases is None else aliases  # lower-case alias -> target ref
        self.models = {} if models is None else models
        self.auth = {} if auth is None else auth
        self.chain_providers = [] if chain_providers is None else chain_providers  # providers of primary + fallbacks
        self.store_paths = [] if store_paths is None else store_paths  # stores merged for this agent, own first
        self.stores = [] if stores is None else stores  # the oclc.resolve.state.ProfileStore objects
        # The agentDir (own or inherited) under the gateway's home, which oclc was not given: the
        # agent's stores cannot be read.
        self.stores_unreadable = stores_unreadable

    @property
    def chain(self) -> list[ModelRef]:
        return ([self.primary] if self.primary else []) + self.fallbacks


class Model(Record):
    __slots__ = ("loaded", "options", "agents", "default_agent", "inheritance_agent", "profiles", "state",
                 "alias_claims", "derived")
    _unshown = ("derived",)

    def __init__(self, loaded: Loaded, options: ResolveOptions, agents: dict[str, AgentResolution] | None = None,
                 default_agent: str | None = None, inheritance_agent: str | None = None,
                 profiles: dict[str, dict] | None = None, state: Any = None,
                 alias_claims: list[tuple[str, str, Path]] | None = None, derived: dict[str, Any] | None = None):
        self.loaded = loaded
        self.options = options
        self.agents = {} if agents is None else agents
        self.default_agent = default_agent
        self.inheritance_agent = inheritance_agent
        self.profiles = {} if profiles is None else profiles  # auth.profiles (dict entries only)
        self.state = state  # oclc.resolve.state.StateDir with --state-dir
        self.alias_claims = [] if alias_claims is None else alias_claims  # (alias, ref, path) in order
        # Derived views of the config that several rules share (computed once per model, by the rules).
        self.derived = {} if derived is None else derived

    @property
    def value(self) -> Any:
        return self.loaded.value


# --- helpers ------------------------------------------------------------------------------------------


def _get(value: Any, *keys: Any) -> Any:
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def normalize_agent_id(raw: Any) -> str:
    from ..load.migrate import valid_agent_id

    text = str(raw).strip().lower()
    if valid_agent_id(text):     # `^…$` as OpenClaw writes it; stripped, the text ends in no line break
        return text
    text = re.sub(r"[^a-z0-9_-]+", "-", text).strip("-")[:64]
    return text or "main"


def agent_entries(value: Any) -> list[tuple[str, str | None, Path | None, dict]]:
    """(id, key as written, config path, entry) for every agent; the implicit `main` when none."""
    agents = _dict(_get(value, "agents"))
    entries = agents.get("entries")
    found: list[tuple[str, str | None, Path | None, dict]] = []
    seen: set[str] = set()
    if isinstance(entries, dict):
        for key, entry in entries.items():
            agent_id = normalize_agent_id(key)
            if agent_id in seen:
                continue
            seen.add(agent_id)
            found.append((agent_id, key, ("agents", "entries", key), _dict(entry)))
    if not found:
        found.append(("main", None, None, {}))
    return found


def _profile_order_key(mode: Any) -> int:
    # `mode` is read from the config or a store as written: it may be a list or an object.
    return {"oauth": 0, "token": 1, "api_key": 2}.get(mode, 3) if isinstance(mode, str) else 3


class _Resolver:
    def __init__(self, loaded: Loaded, options: ResolveOptions):
        self.loaded = loaded
        self.options = options
        self.value = loaded.value if isinstance(loaded.value, dict) else {}
        self.model = Model(loaded=loaded, options=options)
        self.defaults = _dict(_get(self.value, "agents", "defaults"))
        self.providers_cfg = _dict(_get(self.value, "models", "providers"))
        self.model.profiles = {k: v for k, v in _dict(_get(self.value, "auth", "profiles")).items()
                               if isinstance(v, dict)}
        self.order_cfg = _dict(_get(self.value, "auth", "order"))
        self.row_providers = self._row_providers()
        self.anthropic_cache_keys = anthropic_cache_defaults(self.value, options.env)
        if options.state_dir:
            from .state import read_state

            self.model.state = read_state(options.state_dir, options.max_bytes)
        import time

        self.now_ms = options.now_ms if options.now_ms is not None else int(time.time() * 1000)
        self.unusable_until: dict[str, int] = {}   # profile id -> end of an active cooldown (ms)
        self._defaults_runtime_policies: dict | None = None

    # -- shared facts

    def _row_providers(self) -> dict[str, list[str]]:
        owners: dict[str, list[str]] = {}
        for pid, pcfg in self.providers_cfg.items():
            rows = _dict(pcfg).get("models")
            for row in rows if isinstance(rows, list) else []:
                mid = _get(row, "id")
                if isinstance(mid, str) and mid and pid not in owners.setdefault(mid, []):
                    owners[mid].append(str(pid).lower())
        return owners

    def _aliases(self, models_map: Any, base: str, claims: list) -> dict[str, str]:
        aliases: dict[str, str] = {}
        for ref, entry in _dict(models_map).items():
            alias = _get(entry, "alias")
            if isinstance(alias, str) and alias.strip() and not str(ref).endswith("/*"):
                aliases[alias.strip().lower()] = str(ref)
                claims.append((alias.strip(), str(ref), tuple(base.split(".")) + (ref, "alias")))
        return aliases

    def _default_aliases(self, explicit: dict[str, str]) -> dict[str, str]:
        # OpenClaw's Anthropic defaults create their entries first, so they can get aliases too.
        present = {**{key: {} for key in self.anthropic_cache_keys}, **_dict(self.defaults.get("models"))}
        added = {}
        for alias, ref in DEFAULT_MODEL_ALIASES.items():
            entry = present.get(ref)
            if isinstance(entry, dict) and "alias" not in entry and alias not in explicit:
                added[alias] = ref
        return added

    def _first_provider_row(self) -> str | None:
        openai_rows = _get(self.providers_cfg, "openai", "models")
        if isinstance(openai_rows, list) and any(_get(r, "id") == "gpt-6-astra" for r in openai_rows):
            return None
        for pid, pcfg in self.providers_cfg.items():
            rows = _get(pcfg, "models")
            if isinstance(rows, list):
                for row in rows:
                    mid = _get(row, "id")
                    if isinstance(mid, str) and mid.strip():
                        return f"{str(pid).lower()}/{mid.strip()}"
        return None

    def provider_api(self, provider: str, model_id: str) -> tuple[str | None, Any, Any]:
        """(api, compat, baseUrl) for one model: its provider row, the provider config, the built-in table."""
        pcfg = _dict(self.providers_cfg.get(provider))
        if not pcfg:
            for pid, cfg in self.providers_cfg.items():
                if str(pid).lower() == provider:
                    pcfg = _dict(cfg)
                    break
        row: dict = {}
        rows = pcfg.get("models")
        if isinstance(rows, list):
            row = next((r for r in rows if isinstance(r, dict) and r.get("id") == model_id), {})
        apis = provider_table()["apis"]
        api = row.get("api") if row.get("api") in apis else pcfg.get("api") if pcfg.get("api") in apis else None
        if api is None:
            info = known_provider(provider)
            api = info["api"] if info else None
        compat = row.get("compat") if isinstance(row.get("compat"), dict) else pcfg.get("compat")
        base_url = row.get("baseUrl") if isinstance(row.get("baseUrl"), str) else pcfg.get("baseUrl")
        return api, compat, base_url

    def provider_known(self, provider: str) -> bool:
        return known_provider(provider) is not None or any(
            str(p).lower() == provider for p in self.providers_cfg)

    # -- agents

    def run(self) -> Model:
        entries = agent_entries(self.value)
        ids = [e[0] for e in entries]
        self.model.default_agent = self._default_agent(ids)
        self.model.inheritance_agent = self._inheritance_agent(ids)
        claims: list = []
        defaults_aliases = self._aliases(self.defaults.get("models"), "agents.defaults.models", claims)
        defaults_aliases = {**self._default_aliases(defaults_aliases), **defaults_aliases}
        self.model.alias_claims = claims
        for agent_id, key, path, entry in entries:
            agent_claims: list = []
            base = ".".join(str(p) for p in path) + ".models" if path else "agents.entries.main.models"
            aliases = {**defaults_aliases, **self._aliases(entry.get("models"), base, agent_claims)}
            self.model.alias_claims.extend(agent_claims)
            self.model.agents[agent_id] = self._agent(agent_id, key, path, entry, aliases)
        return self.model

    def _default_agent(self, ids: list[str]) -> str:
        if len(ids) == 1:
            return ids[0]
        legacy = self.loaded.migrated_legacy_default
        if legacy in ids:
            return legacy
        system = _get(self.defaults, "systemAgent", "agentId")
        if isinstance(system, str) and normalize_agent_id(system) in ids:
            return normalize_agent_id(system)
        return "main" if "main" in ids else ids[0]

    def _inheritance_agent(self, ids: list[str]) -> str:
        configured = _get(self.defaults, "authInheritance", "agentId")
        if isinstance(configured, str) and configured.strip():
            return normalize_agent_id(configured)
        legacy = self.loaded.migrated_legacy_default
        if legacy:
            return legacy
        if len(ids) == 1:
            return ids[0]
        return "main"

    def _model_setting(self, value: Any, path: Path) -> tuple[Any, Path, Any, bool]:
        """(primary, its path, fallbacks or None, fallbacks given) from a `model` value."""
        if isinstance(value, str):
            return value, path, None, False
        if isinstance(value, dict):
            fallbacks = value.get("fallbacks")
            return value.get("primary"), path + ("primary",), fallbacks, "fallbacks" in value
        return None, path, None, False

    def _agent(self, agent_id: str, key: str | None, path: Path | None, entry: dict,
               aliases: dict[str, str]) -> AgentResolution:
        agent = AgentResolution(agent_id, key, path, default=agent_id == self.model.default_agent)
        agent.aliases = aliases
        defaults_path: Path = ("agents", "defaults", "model")
        d_primary, d_primary_path, d_fallbacks, d_has_fb = self._model_setting(self.defaults.get("model"), defaults_path)
        primary, primary_path, fallbacks, fb_path = None, None, [], None
        a_primary, a_primary_path, a_fallbacks, a_has_fb = (None, None, None, False)
        if path is not None and "model" in entry:
            a_primary, a_primary_path, a_fallbacks, a_has_fb = self._model_setting(entry["model"], path + ("model",))
        if a_primary is not None:
            primary, primary_path, agent.primary_source = a_primary, a_primary_path, "agent"
        elif d_primary is not None:
            primary, primary_path, agent.primary_source = d_primary, d_primary_path, "defaults"
        if path is not None and isinstance(entry.get("model"), str):
            agent.fallbacks_source = "agent"            # a plain string model means no fallbacks
        elif a_has_fb:
            fallbacks, fb_path, agent.fallbacks_source = a_fallbacks, path + ("model", "fallbacks"), "agent"
        elif d_has_fb:
            fallbacks, fb_path, agent.fallbacks_source = d_fallbacks, defaults_path + ("fallbacks",), "defaults"
        ref = parse_ref(primary, primary_path, aliases, self.row_providers) if primary is not None else None
        if ref is None or not ref.resolved:
            row = self._first_provider_row() if ref is None else None
            if row is not None:
                agent.primary_source = "provider-row"
                ref = parse_ref(row, ("models", "providers"), {}, {})
            else:
                table = provider_table()
                default = ModelRef(primary, primary_path, table["defaultProvider"], table["defaultModel"],
                                   status="default" if ref is None else ref.status)
                if ref is None:
                    agent.primary_source = "default"
                ref = default
        agent.primary = ref
        if isinstance(fallbacks, list):
            agent.fallbacks = [parse_ref(item, fb_path + (i,), aliases, self.row_providers)
                               for i, item in enumerate(fallbacks)]
        agent.agent_dir = self._agent_dir(agent_id, entry)
        self._models(agent, entry)
        self._auth(agent)
        for use in agent.models.values():
            pauth = agent.auth.get(use.provider)
            use.credential = pauth.credential_for(use) if pauth else None
            use.runtime, use.runtime_source = self._runtime(agent, entry, use)
            route = credential_route(use.provider, use.credential.mode if use.credential else None, use.api)
            use.cache = resolve_cache(use.params, use.param_sources, use.provider, route, use.model_id,
                                      *self.provider_api(use.provider, use.model_id)[1:], runtime=use.runtime)
        # The provider's summary follows the agent's own chain: the first chain model that
        # reaches this provider decides which credential (pinned or not) the agent uses. Found in
        # one pass over the chain (scanning it again per provider was quadratic in a long
        # fallback list of distinct providers).
        first_ref: dict[str, ModelRef] = {}
        for ref in agent.chain:
            if ref.resolved:
                first_ref.setdefault(ref.provider, ref)
        for provider, pauth in agent.auth.items():
            ref = first_ref.get(provider)
            first = agent.models.get(ref.key) if ref is not None else None
            pauth.chosen = first.credential if first is not None else pauth.regular
        return agent

    def _agent_dir(self, agent_id: str, entry: dict) -> str | None:
        configured = entry.get("agentDir")
        if isinstance(configured, str) and configured.strip():
            from ..load.home import expand_home

            return expand_home(configured, self.options.env)
        if self.model.state is not None:
            return self.model.state.default_agent_dir(agent_id)
        return None

    def _models(self, agent: AgentResolution, entry: dict) -> None:
        def add(ref: ModelRef | None, role: str) -> None:
            if ref is None or not ref.resolved:
                return
            use = agent.models.get(ref.key)
            if use is None:
                api = self.provider_api(ref.provider, ref.model)[0]
                use = ModelUse(ref.key, ref.provider, ref.model, api)
                agent.models[ref.key] = use
            if role not in use.roles:
                use.roles.append(role)
            if ref.profile and ref.profile not in use.pinned_profiles:
                use.pinned_profiles.append(ref.profile)

        add(agent.primary, "primary")
        for ref in agent.fallbacks:
            add(ref, "fallback")
        for role, models_map, base in (("defaults.models", self.defaults.get("models"), ("agents", "defaults", "models")),
                                       ("agent.models", entry.get("models"), (agent.path or ()) + ("models",))):
            for key in _dict(models_map):
                if isinstance(key, str) and not key.endswith("/*"):
                    add(parse_ref(key, base + (key,), {}, self.row_providers), role)
        for use in agent.models.values():
            use.layers = self._layers(agent, entry, use)
            use.params, use.param_sources = merge_params(use.layers)
            openai_default_params(use.provider, use.model_id, use.params, use.param_sources)

    def _layers(self, agent: AgentResolution, entry: dict, use: ModelUse) -> list[Layer]:
        layers = param_layers(self.value, use.provider, use.model_id, agent.path, entry)
        key = next((k for k in dict.fromkeys((use.ref, f"{use.provider}/{use.model_id}"))
                    if k in self.anthropic_cache_keys), None)
        if key is None:
            return layers
        path = ("agents", "defaults", "models", key, "params")
        injected = Layer(f"{_dotted(path)} (OpenClaw's Anthropic API-key default)", path,
                         {"cacheRetention": "short"}, injected=True)
        # It is written into that entry's params, so it sits just above them (or above defaults.params).
        at = next((i + 1 for i, layer in enumerate(layers) if layer.path == path),
                  1 if layers and layers[0].path == ("agents", "defaults", "params") else 0)
        return layers[:at] + [injected] + layers[at:]

    def _runtime(self, agent: AgentResolution, entry: dict, use: ModelUse) -> tuple[str, str | None]:
        """The agent runtime OpenClaw runs this agent's model on, and where it was chosen
        (dist/model-runtime-policy: the first policy found wins)."""
        facts = prompt_cache_facts()
        for runtime, info in facts["runtimes"].items():
            if use.provider == info.get("legacyProvider"):
                return runtime, f"the model ref's provider {use.provider}"
        maps = [_runtime_policies(entry.get("models"), (agent.path or ()) + ("models",)),
                self._defaults_policies()]
        found = next((m["exact"].get((use.provider, use.model_id)) or m["bare"].get(use.model_id)
                      for m in maps if (use.provider, use.model_id) in m["exact"] or use.model_id in m["bare"]), None)
        if found is None:
            pcfg = _dict(self.providers_cfg.get(use.provider))
            rows = pcfg.get("models")
            for i, row in enumerate(rows if isinstance(rows, list) else []):
                policy = _get(row, "agentRuntime", "id")
                if _get(row, "id") == use.model_id and isinstance(policy, str) and policy.strip():
                    found = policy, f"models.providers.{use.provider}.models.{i}.agentRuntime.id"
                    break
        found = found or next((m["wildcard"][use.provider] for m in maps if use.provider in m["wildcard"]), None)
        if found is None:
            policy = _get(self.providers_cfg.get(use.provider), "agentRuntime", "id")
            if isinstance(policy, str) and policy.strip():
                found = policy, f"models.providers.{use.provider}.agentRuntime.id"
        if found is None:
            return "openclaw", None
        runtime = found[0].strip().lower()
        if runtime in facts["defaultRuntimeIds"]:
            return "openclaw", found[1]
        return runtime, found[1]

    def _defaults_policies(self) -> dict:
        if self._defaults_runtime_policies is None:
            self._defaults_runtime_policies = _runtime_policies(self.defaults.get("models"),
                                                                ("agents", "defaults", "models"))
        return self._defaults_runtime_policies

    # -- credentials

    def _stores(self, agent: AgentResolution) -> list[Any]:
        """The stores merged for this agent, highest first: its own, then the shared/inherited one."""
        from ..load.home import is_home_path

        state = self.model.state
        if state is None or state.error:
            return []
        directories = [agent.agent_dir] if agent.agent_dir else []
        shared = state.shared_location == "state-db" and state.shared is not None
        if not shared:
            owner = self.model.inheritance_agent or "main"
            owner_entry = next((e for e in agent_entries(self.value) if e[0] == owner), None)
            owner_dir = self._agent_dir(owner, owner_entry[3] if owner_entry else {})
            if owner_dir and owner_dir != agent.agent_dir:
                directories.append(owner_dir)
        unknown = next((d for d in directories if is_home_path(d)), None)
        if unknown is not None:
            # Read relative to oclc's working directory, it would be some other directory.
            agent.stores_unreadable = unknown
            return []
        stores = [state.agent_store(directory) for directory in directories]
        if shared:
            stores.insert(1 if agent.agent_dir else 0, state.shared)
        agent.stores = stores
        agent.store_paths = [s.path for s in stores]
        return stores

    def _auth(self, agent: AgentResolution) -> None:
        stores = self._stores(agent)
        merged: dict[str, Any] = {}
        store_of: dict[str, str] = {}
        store_order: dict[str, list[str]] = {}
        unusable_until: dict[str, int] = {}
        for store in reversed(stores):                # own store last: it overrides inherited ids
            merged.update(store.profiles)
            shown = os.path.relpath(store.path, self.model.state.root)
            store_of.update({pid: f"store {shown}" for pid in store.profiles})
            store_order.update(store.order)
            unusable_until.update(store.unusable_until)
        self.unusable_until = {pid: until for pid, until in unusable_until.items() if until > self.now_ms}
        have_store = self.model.state is not None and not self.model.state.error and not agent.stores_unreadable
        # Ordered sets (dicts): `not in` a list was a scan per model.
        chain_providers = dict.fromkeys(ref.provider for ref in agent.chain if ref.resolved)
        agent.chain_providers = list(chain_providers)
        providers = list(chain_providers | dict.fromkeys(use.provider for use in agent.models.values()))
        pinned_by_provider: dict[str, list[str]] = {}      # grouped once, not per provider
        for use in agent.models.values():
            pinned_by_provider.setdefault(use.provider, []).extend(use.pinned_profiles)
        for provider in providers:
            pinned = pinned_by_provider.get(provider, [])
            agent.auth[provider] = self._provider_auth(provider, pinned, merged, store_of, store_order, have_store)

    def _provider_auth(self, provider: str, pinned: list[str], stored: dict, store_of: dict,
                       store_order: dict, have_store: bool) -> ProviderAuth:
        auth_id = auth_provider(provider)
        result = ProviderAuth(provider, auth_id, known=self.provider_known(provider))
        info = known_provider(provider) or {}
        pcfg = _dict(self.providers_cfg.get(provider))
        env = self.options.env
        cands = result.candidates

        def profile_candidate(pid: str, source: str, note: str = "") -> Candidate:
            declared = self.model.profiles.get(pid)
            mode = declared.get("mode") if declared and isinstance(declared.get("mode"), str) else None
            present: bool | None = None
            why = note
            if have_store:
                entry = stored.get(pid)
                if entry is None:
                    present, why = False, "not in the credential store"
                else:
                    mode = mode or entry.type
                    if entry.provider and auth_provider(entry.provider.lower()) != auth_id:
                        present, why = False, f"stored for provider {entry.provider}"
                    elif declared and mode and entry.type and not (
                            mode == entry.type or (mode == "oauth" and entry.type == "token")):
                        present, why = False, f"config mode {mode} but the store holds {entry.type}"
                    elif entry.expired(self.now_ms) and entry.type == "token":
                        present, why = False, "expired"   # an expired OAuth login is refreshed instead
                    elif not entry.has_secret:
                        present, why = False, "no secret stored"
                    else:
                        present = True
                        mode = entry.type if entry.type in ("api_key", "token", "oauth") else mode
                    source = store_of.get(pid, source)
            elif declared is not None:
                prov = declared.get("provider")
                if isinstance(prov, str) and auth_provider(prov.strip().lower()) != auth_id:
                    present, why = False, f"declared for provider {prov}"
            return Candidate("profile", pid, mode, present, source, why)

        for pid in pinned:
            if pid not in result.pinned:
                result.pinned[pid] = profile_candidate(pid, "model ref @profile", "pinned by a model ref")
                cands.append(result.pinned[pid])
        # AWS SDK: profiles in aws-sdk mode, provider auth "aws-sdk", or Bedrock's implicit chain.
        ordered_ids = self._after_cooldowns(
            self._ordered_profile_ids(provider, auth_id, stored, store_order, have_store))
        for pid, source in ordered_ids:
            if _get(self.model.profiles, pid, "mode") == "aws-sdk":
                cands.append(Candidate("aws-sdk", pid, "aws-sdk", None, source, "AWS SDK credential chain"))
        if pcfg.get("auth") == "aws-sdk" or (info.get("awsSdk") and pcfg.get("auth") in (None, "aws-sdk")):
            cands.append(Candidate("aws-sdk", "AWS SDK credential chain", "aws-sdk", None,
                                   f"models.providers.{provider}.auth" if pcfg.get("auth") else "built-in"))
        api_key = pcfg.get("apiKey")
        key_path = f"models.providers.{provider}.apiKey"
        if isinstance(api_key, str) and api_key.strip() in self.model.profiles:
            cands.append(profile_candidate(api_key.strip(), key_path, "named by the provider's apiKey"))
        elif pcfg.get("auth") == "api-key" and api_key is not None:
            cands.append(self._config_key_candidate(api_key, key_path))
        for pid, source in ordered_ids:
            if _get(self.model.profiles, pid, "mode") != "aws-sdk":
                cands.append(profile_candidate(pid, source, self._cooldown_note(pid)))
        for name in info.get("env", []):
            value = env.get(name)
            present = True if value else (False if self.options.env_known else None)
            mode = "oauth" if name in provider_table()["oauthEnv"] else "api_key"
            cands.append(Candidate("env", name, mode, present, "environment"))
        if api_key is not None and not (pcfg.get("auth") == "api-key") and not (
                isinstance(api_key, str) and api_key.strip() in self.model.profiles):
            cands.append(self._config_key_candidate(api_key, key_path))
        headers = pcfg.get("headers")
        if isinstance(headers, dict):
            for header, value in headers.items():
                if str(header).lower().replace("-", "").replace("_", "") in ("authorization", "xapikey", "apikey"):
                    unset_reference = isinstance(value, str) and "${" in value
                    present = bool(value) and not unset_reference
                    cands.append(Candidate("config-key", f"models.providers.{provider}.headers.{header}", "api_key",
                                           None if unset_reference and not self.options.env_known else present,
                                           f"models.providers.{provider}.headers"))
        if info.get("keyless"):
            cands.append(Candidate("keyless", info["keyless"], None, True, "built-in"))
        elif pcfg and not info and _is_local_url(pcfg.get("baseUrl")) and api_key is None:
            cands.append(Candidate("keyless", "local endpoint", None, None, f"models.providers.{provider}.baseUrl"))
        # An env var we cannot see proves nothing; a configured profile we cannot check is the intent.
        pins = set(map(id, result.pinned.values()))
        regular = [c for c in cands if id(c) not in pins]
        # OpenClaw tries them in order: an unchecked profile listed before a usable env key is
        # what it uses when that profile is stored, so it is the answer (marked unverified).
        result.regular = next((c for c in regular if c.present is True or (c.present is None and c.kind != "env")),
                              None)
        result.chosen = result.regular
        return result

    def _config_key_candidate(self, api_key: Any, path: str) -> Candidate:
        from ..redact import is_reference, is_secret_ref

        if is_secret_ref(api_key):
            present: bool | None = None
            if api_key.get("source") == "env" and isinstance(api_key.get("id"), str):
                has = bool(self.options.env.get(api_key["id"]))
                present = True if has else (False if self.options.env_known else None)
            return Candidate("secret-ref", path, "api_key", present, path,
                             f"SecretRef {api_key.get('source')}:{api_key.get('id')}")
        if isinstance(api_key, str) and api_key.strip():
            if "${" in api_key:           # substitution left it: the variable is missing, or not given
                if self.options.env_known:
                    return Candidate("config-key", path, "api_key", False, path, "its ${VAR} is not set")
                return Candidate("config-key", path, "api_key", None, path,
                                 "its ${VAR} is set only if the gateway's environment sets it")
            marker = env_api_key_marker(api_key)
            if is_reference(api_key) or marker:   # $NAME, or a known name: read from the env at runtime
                name = marker or api_key.strip().lstrip("$")
                has = bool(self.options.env.get(name))
                return Candidate("config-key", path, "api_key", True if has else (
                    False if self.options.env_known else None), path,
                    f"env marker {name}" if marker else f"env reference {name}")
            return Candidate("config-key", path, "api_key", True, path)
        return Candidate("config-key", path, "api_key", False, path, "empty or not a string")

    def _ordered_profile_ids(self, provider: str, auth_id: str, stored: dict, store_order: dict,
                             have_store: bool) -> list[tuple[str, str]]:
        """Profile ids in OpenClaw's order: the store's order, auth.order, declared profiles, stored profiles."""
        for key in (provider, auth_id):
            ids = store_order.get(key)
            if ids:
                return [(i, "credential store order") for i in ids]
        for key in (provider, auth_id):
            ids = self.order_cfg.get(key)
            if isinstance(ids, list) and ids:
                listed = [(i, f"auth.order.{key}") for i in ids if isinstance(i, str)]
                if have_store and not any(i in stored for i, _ in listed):
                    # an explicit order naming only missing profiles falls back to the store's profiles
                    listed += self._stored_for(auth_id, stored)
                return listed
        declared = [(pid, f"auth.profiles.{pid}") for pid, p in self.model.profiles.items()
                    if isinstance(p.get("provider"), str) and auth_provider(p["provider"].strip().lower()) == auth_id]
        if declared:
            declared.sort(key=lambda item: _profile_order_key(_get(self.model.profiles, item[0], "mode")))
            return declared
        return self._stored_for(auth_id, stored) if have_store else []

    def _after_cooldowns(self, ordered: list[tuple[str, str]]) -> list[tuple[str, str]]:
        """OpenClaw keeps the order but moves profiles in cooldown (or disabled) to the end, the one
        that recovers soonest first, so a rate-limited key is tried only when nothing else is left."""
        waiting = sorted((item for item in ordered if item[0] in self.unusable_until),
                         key=lambda item: self.unusable_until[item[0]])
        return [item for item in ordered if item[0] not in self.unusable_until] + waiting

    def _cooldown_note(self, pid: str) -> str:
        until = self.unusable_until.get(pid)
        if until is None:
            return ""
        import datetime

        stamp = datetime.datetime.fromtimestamp(until / 1000, datetime.timezone.utc)
        return f"in cooldown until {stamp:%Y-%m-%d %H:%M} UTC: tried last"

    def _stored_for(self, auth_id: str, stored: dict) -> list[tuple[str, str]]:
        found = [(pid, "credential store") for pid, p in stored.items()
                 if p.provider and auth_provider(p.provider.lower()) == auth_id]
        found.sort(key=lambda item: _profile_order_key(stored[item[0]].type))
        return found


def _runtime_policies(models_map: Any, base: Path) -> dict:
    """The `agentRuntime` policies of one models map, indexed once: by (provider, model id), by a
    bare model id, and by provider for `<provider>/*` entries; the first entry written wins."""
    index: dict[str, dict] = {"exact": {}, "bare": {}, "wildcard": {}}
    for key, value in _dict(models_map).items():
        policy = _get(value, "agentRuntime", "id")
        if not (isinstance(key, str) and isinstance(policy, str) and policy.strip()):
            continue
        found = policy, _dotted(base + (key, "agentRuntime", "id"))
        body = key.strip()
        if "/" not in body:
            index["bare"].setdefault(body, found)
            continue
        provider, model_id = body.split("/", 1)
        provider, model_id = provider.strip().lower(), model_id.strip()
        if model_id == "*":
            index["wildcard"].setdefault(provider, found)
        else:
            index["exact"].setdefault((provider, model_id), found)
    return index


def _is_local_url(url: Any) -> bool:
    if not isinstance(url, str):
        return False
    return bool(re.match(r"^https?://(localhost|127\.|0\.0\.0\.0|\[::1\]|10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|"
                         r"host\.docker\.internal)", url.strip(), re.IGNORECASE))


def _dotted(path: Path) -> str:
    return ".".join(str(p) for p in path)


def resolve(loaded: Loaded, options: ResolveOptions) -> Model:
    return _Resolver(loaded, options).run()
