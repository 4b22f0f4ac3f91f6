"""Doctor migrations 39-48: model selection and provider catalogs.

What needs OpenClaw's bundled model catalogues (which compat values a provider's catalogue already
owns, how Google preview ids are spelt, where a Codex-route provider's models merge into the
OpenAI provider) is not carried by oclc: those places are named for a person to decide, and the
rest is done as doctor does it."""
from __future__ import annotations

import re

from ...resolve import split_profile
from ..tree import Tree
from .common import Migration, agent_entries, dotted, own, q, unset, walk

DEFAULT_PROVIDER = "openai"
DEFAULT_MODEL = "gpt-6-astra"
THINKING_FORMATS = ("openai", "openrouter", "deepseek", "together", "qwen", "qwen-chat-template", "zai")


# 39 -----------------------------------------------------------------------------------------------

def default_model(tree: Tree) -> None:
    if not own(tree, ("defaultModel",)):
        return
    value = tree.get(("defaultModel",))
    if unset(tree, ("agents", "defaults", "model")) and isinstance(value, str):
        for parent in (("agents",), ("agents", "defaults")):
            if own(tree, parent) and tree.record(parent) is None:
                tree.delete(parent, "it was not an object; the default model needs one")
        tree.move(("defaultModel",), ("agents", "defaults", "model"), "the default model is an agent default now")
    else:
        tree.delete(("defaultModel",), "it moved to agents.defaults.model, which is already set"
                    if not unset(tree, ("agents", "defaults", "model")) else "it is not a model ref")


# 40 -----------------------------------------------------------------------------------------------

def _primary(model) -> str | None:
    if isinstance(model, str):
        return model.strip() or None
    if isinstance(model, dict) and isinstance(model.get("primary"), str):
        return model["primary"].strip() or None
    return None


def _legacy_implicit_primary(value: dict) -> str:
    providers = (value.get("models") or {}).get("providers") if isinstance(value.get("models"), dict) else None
    if isinstance(providers, dict):
        default = next((v for k, v in providers.items() if k.strip().lower() == DEFAULT_PROVIDER), None)
        rows = default.get("models") if isinstance(default, dict) else None
        has_rows = isinstance(rows, list) and any(isinstance(r, dict) and r.get("id") for r in rows)
        has_default = isinstance(rows, list) and any(isinstance(r, dict) and r.get("id") == DEFAULT_MODEL for r in rows)
        if not (has_rows and has_default):
            for provider, config in providers.items():
                rows = config.get("models") if isinstance(config, dict) else None
                if isinstance(rows, list) and rows and isinstance(rows[0], dict) and rows[0].get("id"):
                    model = next((r["id"] for r in rows if isinstance(r, dict) and r.get("id")), None)
                    if model:
                        return f"{provider.strip().lower()}/{model}"
    return f"{DEFAULT_PROVIDER}/{DEFAULT_MODEL}"


def _valid_model_parent(model) -> bool:
    return model is None or isinstance(model, str) or (
        isinstance(model, dict) and ("primary" not in model or isinstance(model["primary"], str)))


def utility_model_separation(tree: Tree) -> None:
    value = tree.value
    if any(name != tree.main for name in tree.files):
        return  # doctor leaves configs with includes alone here
    meta = value.get("meta")
    migrations = meta.get("migrations") if isinstance(meta, dict) else None
    if isinstance(migrations, dict) and migrations.get("utilityModelSeparation") is True:
        return
    agents = value.get("agents")
    defaults = agents.get("defaults") if isinstance(agents, dict) else None
    if (agents is not None and not isinstance(agents, dict)) or (defaults is not None and not isinstance(defaults, dict)) \
            or not _valid_model_parent((defaults or {}).get("model")):
        return
    entries = [tree.get(path) for path in agent_entries(tree)]
    if not all(_valid_model_parent(entry.get("model")) for entry in entries):
        return
    providers = ((value.get("models") or {}).get("providers") if isinstance(value.get("models"), dict) else None) or {}
    had_model = isinstance(providers, dict) and any(
        isinstance(p, dict) and isinstance(p.get("models"), list) and p["models"] and isinstance(p["models"][0], dict)
        and p["models"][0].get("id") for p in providers.values())
    utility = (defaults or {}).get("utilityModel")
    has_utility = isinstance(utility, str) and bool(utility.strip())
    if _primary((defaults or {}).get("model")) or not (had_model or has_utility
                                                       or any(_agent_needs_pin(e, defaults) for e in entries)):
        return
    primary = _legacy_implicit_primary(value)
    pinnable = "${" not in primary and "@" not in primary.split("/")[-1] and not any(
        "${" in str(row.get("id", "")) for p in (providers.values() if isinstance(providers, dict) else [])
        if isinstance(p, dict) and isinstance(p.get("models"), list) for row in p["models"] if isinstance(row, dict))
    if not pinnable or any(isinstance(s, str) and "${" in s for _, s in walk(value)):
        tree.decide(("agents", "defaults", "model", "primary"), "no primary model is set, and the one OpenClaw "
                    "used so far cannot be pinned safely; choose an explicit primary model")
        return
    reason = (f"no primary model was set; {primary} is the one OpenClaw used, pinned before utility models "
              "stop counting as a fallback")
    if had_model or has_utility:
        model = tree.get(("agents", "defaults", "model"))
        if isinstance(model, dict):
            tree.set(("agents", "defaults", "model", "primary"), primary, reason)
        else:
            tree.set(("agents", "defaults", "model"), {"primary": primary}, reason)
        return
    for path in agent_entries(tree):
        entry = tree.get(path)
        if _agent_needs_pin(entry, defaults):
            if isinstance(entry.get("model"), dict):
                tree.set(path + ("model", "primary"), primary, reason)
            else:
                tree.set(path + ("model",), {"primary": primary}, reason)


def _agent_needs_pin(entry: dict, defaults) -> bool:
    utility = entry.get("utilityModel", (defaults or {}).get("utilityModel"))
    return not _primary(entry.get("model")) and isinstance(utility, str) and bool(utility.strip())


# 41, 42 -------------------------------------------------------------------------------------------

def models_pricing(tree: Tree) -> None:
    if tree.record(("models",)) is not None:
        tree.delete(("models", "pricing"), "pricing ships with the hosted model catalogue now")


DEAD_COMPAT_KEYS = ("nativeWebSearchTool", "requiresMistralToolIds")


def _model_rows(tree: Tree):
    providers = tree.record(("models", "providers"))
    for provider_id, provider in list((providers or {}).items()):
        rows = provider.get("models") if isinstance(provider, dict) else None
        if isinstance(rows, list):
            for index, row in enumerate(rows):
                if isinstance(row, dict):
                    yield provider_id, index, ("models", "providers", provider_id, "models", index)


def model_compat_catalog(tree: Tree) -> None:
    for _, _, row in list(_model_rows(tree)):
        compat = tree.record(row + ("compat",))
        if compat is None or not isinstance(tree.get(row + ("id",)), str) or not tree.get(row + ("id",)):
            continue
        removed = False
        for key in DEAD_COMPAT_KEYS:
            if key in compat:
                tree.delete(row + ("compat", key), "it was never used and is retired")
                removed = True
        if removed and tree.record(row + ("compat",)) == {}:
            tree.delete(row + ("compat",), "nothing is left in it")


# 43 -----------------------------------------------------------------------------------------------

LEGACY_CODEX_API = "openai-codex-responses"


def codex_routes(tree: Tree) -> None:
    providers = tree.record(("models", "providers"))
    if providers is None:
        return
    for provider_id in list(providers):
        provider = ("models", "providers", provider_id)
        if tree.get(provider + ("api",)) == LEGACY_CODEX_API:
            tree.set(provider + ("api",), "openai-chatgpt-responses", f'the API "{LEGACY_CODEX_API}" was renamed')
        rows = tree.get(provider + ("models",))
        for index, row in enumerate(rows if isinstance(rows, list) else []):
            if isinstance(row, dict) and row.get("api") == LEGACY_CODEX_API:
                tree.set(provider + ("models", index, "api"), "openai-chatgpt-responses",
                         f'the API "{LEGACY_CODEX_API}" was renamed')
        if provider_id.strip().lower() in ("codex", "openai-codex"):
            tree.decide(provider, "Codex-route providers moved to models.providers.openai (with the Codex runtime "
                        "per model); move its models there, or run `openclaw doctor --fix` on a copy to see how")


# 44 -----------------------------------------------------------------------------------------------

def _table(groups: dict[str, str]) -> dict[str, str]:
    return {model: target for target, models in groups.items() for model in models.split()}


RETIRED_GROQ = _table({
    "llama-3.3-70b-versatile": "deepseek-r1-distill-llama-70b llama3-70b-8192",
    "llama-3.1-8b-instant": "gemma2-9b-it llama3-8b-8192",
    "openai/gpt-oss-120b": "meta-llama/llama-4-maverick-17b-128e-instruct moonshotai/kimi-k2-instruct "
                           "moonshotai/kimi-k2-instruct-0905",
    "qwen/qwen3-32b": "mistral-saba-24b qwen-qwq-32b"})
RETIRED_XAI = _table({
    "grok-build-0.1": "grok-code-fast grok-code-fast-1 grok-code-fast-1-0825",
    "grok-4.3": "grok-4-fast-reasoning grok-4-1-fast-reasoning grok-4-0709",
    "grok-imagine-image-quality": "grok-imagine-image-pro"})
RETIRED_OPENAI = _table({
    "gpt-5.3-codex": "gpt-5.2-codex gpt-5.1-codex gpt-5-codex",
    "gpt-5.5-pro": "gpt-5-pro gpt-5.2-pro",
    "gpt-5.4-nano": "gpt-4.1-nano gpt-5-nano",
    "gpt-5.4-mini": "gpt-4.1-mini gpt-4o-mini gpt-5.1-codex-mini gpt-5-mini",
    "gpt-5.5": "gpt-4 gpt-4-turbo gpt-4.1 gpt-4o gpt-4o-2024-05-13 gpt-4o-2024-08-06 gpt-4o-2024-11-20 gpt-5 "
               "gpt-5-chat-latest gpt-5.1 gpt-5.1-chat-latest gpt-5.1-codex-max gpt-5.2 gpt-5.2-chat-latest"})
RETIRED_CODEX_OVERRIDES = _table({"gpt-5.5": "gpt-5.2 gpt-5.2-codex gpt-5.1-codex gpt-5-codex",
                                  "gpt-5.4-mini": "gpt-4.1-nano gpt-5-nano"})
RETIRED_OPUS = set(["opus-4.5", "opus-4.1", "opus-4", "opus-3"])
RETIRED_SONNET = set(["sonnet-4.5", "sonnet-4.1", "sonnet-4.0", "sonnet-4", "sonnet-3.7", "sonnet-3.5", "sonnet-3", "haiku-3.5", "haiku-3"])
CLAUDE_PROVIDERS = ("anthropic", "github-copilot", "copilot-proxy", "venice", "vercel-ai-gateway")


def _claude_target(family: str, separator: str, provider: str | None) -> str:
    version = "4.7" if family == "opus" and provider not in ("venice", "vercel-ai-gateway") else "4.6"
    return f"claude-{family}-{version if separator == '.' else version.replace('.', '-')}"


def _retired_prefix(name: str, prefixes: tuple[str, ...]) -> bool:
    for prefix in prefixes:
        if name == prefix or (name.startswith(prefix) and name[len(prefix)] in "-.:@"):
            return True
    return False


def _upgrade_claude_token(token: str, separator: str, provider: str | None) -> str | None:
    name = token.strip().lower()
    if not name:
        return None
    opus, sonnet = _claude_target("opus", separator, provider), _claude_target("sonnet", separator, provider)
    if name.startswith(("claude-opus-4-7", "claude-opus-4.7", "claude-opus-4-6", "claude-opus-4.6",
                        "claude-sonnet-4-6", "claude-sonnet-4.6", "claude-haiku-4-5", "claude-haiku-4.5")):
        return None
    if name == "claude-opus-4" or _retired_prefix(name, ("claude-opus-4-5", "claude-opus-4.5", "claude-opus-4-1",
                                                         "claude-opus-4.1", "claude-opus-4-0", "claude-opus-4.0")) \
            or re.match(r"claude-opus-4-20\d{6}", name):
        return opus
    if name == "claude-sonnet-4" or _retired_prefix(name, ("claude-sonnet-4-5", "claude-sonnet-4.5", "claude-sonnet-4-1",
                                                           "claude-sonnet-4.1", "claude-sonnet-4-0", "claude-sonnet-4.0")) \
            or re.match(r"claude-sonnet-4-20\d{6}", name):
        return sonnet
    if name.startswith("claude-3") and "opus" in name:
        return opus
    if name.startswith("claude-3") and ("sonnet" in name or "haiku" in name):
        return sonnet
    bedrock = provider in ("amazon-bedrock", "amazon-bedrock-mantle")
    if name.startswith("anthropic.claude-opus-"):
        if bedrock or name.startswith(("anthropic.claude-opus-4-7", "anthropic.claude-opus-4-6")):
            return None
        return f"anthropic.{_claude_target('opus', '-', provider)}"
    if name.startswith(("anthropic.claude-sonnet-", "anthropic.claude-haiku-")):
        if bedrock or name.startswith("anthropic.claude-sonnet-4-6"):
            return None
        return f"anthropic.{_claude_target('sonnet', '-', provider)}"
    if name in RETIRED_OPUS:
        return opus
    if name in RETIRED_SONNET:
        return sonnet
    return None


def canonical_model_ref(value: str) -> str | None:
    """The current ref for a retired or non-canonical one, or None when it is current."""
    trimmed = value.strip()
    if not trimmed:
        return None if value == trimmed else trimmed
    ref, profile = split_profile(trimmed)
    suffix = f"@{profile}" if profile else ""
    slash = ref.find("/")
    provider = ref[:slash].strip() if slash > 0 else None
    model = ref[slash + 1:].strip() if slash > 0 else ref
    lowered_provider = (provider or "").lower()
    lowered_model = model.lower()
    if lowered_provider == "openai" and lowered_model == "gpt-5.6":
        return f"{provider}/gpt-5.6-sol{suffix}"
    table = None
    overrides = None
    if lowered_provider == "groq":
        table = RETIRED_GROQ
    elif lowered_provider == "xai":
        table = RETIRED_XAI
    elif lowered_provider in ("openai", "openai-codex", "github-copilot"):
        table = RETIRED_OPENAI
        overrides = RETIRED_CODEX_OVERRIDES if lowered_provider == "openai-codex" else None
    if table is not None:
        target = (overrides or {}).get(lowered_model) or table.get(lowered_model)
        if target:
            return f"{provider}/{target}{suffix}"
    if lowered_provider in ("github-copilot", "copilot-proxy") and lowered_model == "grok-code-fast-1":
        return f"{provider}/gpt-5.4-mini{suffix}"
    if provider and lowered_provider not in CLAUDE_PROVIDERS:
        normalized = ref + suffix
        return None if normalized == value else normalized
    separator = "." if lowered_provider in ("github-copilot", "copilot-proxy") else "-"
    parts = model.split("/")
    upgraded = _upgrade_claude_token(parts[-1], separator, lowered_provider or None) if parts[-1] else None
    upgraded = "/".join(parts[:-1] + [upgraded]) if upgraded else _upgrade_claude_token(model, separator, lowered_provider or None)
    if upgraded and upgraded != model:
        return f"{provider + '/' if provider else ''}{upgraded}{suffix}"
    normalized = ref + suffix
    return None if normalized == value else normalized


MODEL_REF_STRING_KEYS = {"model", "primary", "summaryModel", "imageModel", "utilityModel", "voiceModel",
                         "imageGenerationModel", "musicGenerationModel", "pdfModel", "videoGenerationModel",
                         "preferredModel"}
MODEL_REF_ARRAY_KEYS = {"fallback", "fallbacks", "allowedModels", "modelFallbacks", "imageModelFallbacks"}


def _is_ref_string_path(path: tuple) -> bool:
    key = path[-1] if path else None
    names = [str(p) for p in path]
    if key in MODEL_REF_STRING_KEYS:
        return True
    if "modelByChannel" in names[:-1]:
        return True
    return key in ("image", "video", "music") and "mediaModels" in names[:-1]


def _is_ref_list_path(path: tuple) -> bool:
    return (path and path[-1] in MODEL_REF_ARRAY_KEYS) or (len(path) >= 2 and path[-2:] == ("modelPolicy", "allow"))


def canonical_model_refs(tree: Tree) -> None:
    reason = "the model was retired or renamed in OpenClaw's catalogues"
    for root in ("agents", "plugins", "messages", "tools", "hooks", "channels", "models"):
        if not own(tree, (root,)):
            continue
        for path, value in list(walk(tree.get((root,)), (root,))):
            if not tree.has(path):
                continue
            if isinstance(value, str) and not isinstance(path[-1], int) and _is_ref_string_path(path):
                parent = tree.get(path[:-1])
                if path[-1] == "model" and isinstance(parent, dict) and isinstance(parent.get("provider"), str):
                    continue
                upgraded = canonical_model_ref(value)
                if upgraded and upgraded != value:
                    tree.set(path, upgraded, f"{reason}: {value} is {upgraded} now")
            elif isinstance(value, str) and isinstance(path[-1], int) and _is_ref_list_path(path[:-1]):
                upgraded = canonical_model_ref(value)
                if upgraded and upgraded != value:
                    tree.set(path, upgraded, f"{reason}: {value} is {upgraded} now")
            elif isinstance(value, dict):
                provider, model = value.get("provider"), value.get("model")
                if isinstance(provider, str) and provider.strip() and isinstance(model, str):
                    ref = f"{provider}/{model}"
                    upgraded = canonical_model_ref(ref)
                    if upgraded and upgraded != ref and "/" in upgraded:
                        new_provider, new_model = upgraded.split("/", 1)
                        if new_provider != provider:
                            tree.set(path + ("provider",), new_provider, f"{reason}: {ref} is {upgraded} now")
                        if new_model != model:
                            tree.set(path + ("model",), new_model, f"{reason}: {ref} is {upgraded} now")
                if path and path[-1] == "models" and path != ("models",) and not (len(path) >= 2 and path[-2] == "providers"):
                    _rename_model_keys(tree, path, reason)
    _provider_catalog_ids(tree, reason)


def _rename_model_keys(tree: Tree, path: tuple, reason: str) -> None:
    record = tree.record(path)
    for key in list(record or ()):
        upgraded = canonical_model_ref(key)
        if not upgraded or upgraded == key:
            continue
        if own(tree, path + (upgraded,)):
            existing, incoming = tree.get(path + (upgraded,)), tree.get(path + (key,))
            if existing == incoming or incoming == {}:
                tree.delete(path + (key,), f"{reason}: {key} is {upgraded} now, which already has these settings")
            else:
                tree.decide(path + (key,), f"{key} is {upgraded} now, and both have settings; merge them by hand")
            continue
        tree.rename(path + (key,), upgraded, f"{reason}: {key} is {upgraded} now")


def _provider_catalog_ids(tree: Tree, reason: str) -> None:
    for provider_id, index, row in list(_model_rows(tree)):
        model_id = tree.get(row + ("id",))
        if not isinstance(model_id, str):
            continue
        upgraded = canonical_model_ref(f"{provider_id}/{model_id.strip()}")
        if not upgraded or upgraded.split("/", 1)[0].lower() != provider_id.lower():
            continue
        new_id = upgraded.split("/", 1)[1]
        if new_id == model_id:
            continue
        siblings = tree.get(("models", "providers", provider_id, "models"))
        if any(isinstance(r, dict) and r.get("id") == new_id for r in siblings):
            tree.decide(row, f"model id {model_id} is {new_id} now, and the provider lists both; merge the rows")
            continue
        tree.set(row + ("id",), new_id, f"{reason}: {model_id} is {new_id} now")


# 45 -----------------------------------------------------------------------------------------------

def _valid_policy_ref(raw: str, aliases: set[str]) -> bool:
    trimmed = raw.strip()
    lowered = trimmed.lower()
    if lowered in aliases or lowered in ("openrouter:auto", "openrouter:free"):
        return True
    segments = [s.strip() for s in trimmed.split("/")]

    def valid(parts) -> bool:
        return all(p and "*" not in p and not re.search(r"\s", p) and not any(ord(c) <= 31 or ord(c) == 127 for c in p)
                   for p in parts)

    if segments[-1] == "*":
        return len(segments) >= 2 and valid(segments[:-1]) and bool(segments[0].lower())
    slash = trimmed.find("/")
    if slash <= 0 or slash >= len(trimmed) - 1:
        return False
    provider, model = trimmed[:slash].strip(), trimmed[slash + 1:].strip()
    return bool(provider and model) and valid([provider.lower(), *model.split("/")])


def model_policy_allow(tree: Tree) -> None:
    meta = tree.record(("meta", "migrations"))
    if meta is not None and meta.get("modelPolicyAllowlist") is True:
        return
    defaults = tree.record(("agents", "defaults"))
    if defaults is None or "modelPolicy" in defaults and isinstance(defaults["modelPolicy"], dict):
        return
    models = defaults.get("models")
    if not isinstance(models, dict):
        return
    refs = [key for key in models if key.strip()]
    if not refs:
        return
    aliases = {str(v.get("alias")).strip().lower() for v in models.values() if isinstance(v, dict) and v.get("alias")}
    if not all(_valid_policy_ref(ref, aliases) for ref in refs):
        tree.decide(("agents", "defaults", "models"), "agents.defaults.models still restricts which models may be "
                    "chosen, and some of its keys are not provider/model refs; set agents.defaults.modelPolicy.allow "
                    "to the restriction you mean")
        return
    if own(tree, ("agents", "defaults", "modelPolicy")):
        tree.delete(("agents", "defaults", "modelPolicy"), "it was not an object")
    tree.set(("agents", "defaults", "modelPolicy", "allow"), refs,
             "the models listed in agents.defaults.models limited which models could be chosen; "
             "modelPolicy.allow says so explicitly now")


# 46-48 --------------------------------------------------------------------------------------------

QWEN_KEYS = ("qwenThinkingFormat", "qwen_thinking_format")


def _qwen_format(value) -> str | None:
    if not isinstance(value, str):
        return None
    name = re.sub(r"[_\s]+", "-", value.strip().lower())
    if name in ("chat-template", "chat-template-argument", "chat-template-arguments", "chat-template-kwarg",
                "chat-template-kwargs", "qwen-chat-template"):
        return "qwen-chat-template"
    if name in ("enable-thinking", "qwen", "request-body", "top-level"):
        return "qwen"
    return None


def _vllm_provider(tree: Tree) -> tuple | None:
    providers = tree.record(("models", "providers")) or {}
    key = next((k for k in providers if k.strip().lower() == "vllm"), None)
    return ("models", "providers", key) if key is not None else None


def _vllm_row(tree: Tree, model_id: str) -> tuple | None:
    """The vLLM provider's model row for `model_id`, created (id and name) when missing."""
    provider = _vllm_provider(tree) or ("models", "providers", "vllm")
    rows = tree.get(provider + ("models",))
    if own(tree, provider + ("models",)) and not isinstance(rows, list):
        return None
    for index, row in enumerate(rows or []):
        if isinstance(row, dict) and row.get("id") in (model_id, f"vllm/{model_id}"):
            return provider + ("models", index)
    reason = "the Qwen thinking format belongs to the vLLM model's row"
    if rows is None:
        tree.set(provider + ("models",), [{"id": model_id, "name": model_id}], reason)
        return provider + ("models", 0)
    tree.append(provider + ("models",), {"id": model_id, "name": model_id}, reason)
    return provider + ("models", len(rows))


def _move_qwen_format(tree: Tree, params: tuple, row: tuple | None) -> None:
    key = next(k for k in QWEN_KEYS if own(tree, params + (k,)))
    value = tree.get(params + (key,))
    compat = _qwen_format(value)
    if compat is None:
        tree.delete(params + (key,), f"{q(value)} is not a Qwen thinking format OpenClaw knows; set "
                    "models.providers.vllm.models[].compat.thinkingFormat if a model needs one")
    elif row is not None:
        current = tree.get(row + ("compat", "thinkingFormat"))
        if isinstance(current, str) and current in THINKING_FORMATS:
            tree.delete(params + (key,), f"the vLLM model row already says compat.thinkingFormat {q(current)}")
        else:
            if unset(tree, row + ("reasoning",)):
                tree.set(row + ("reasoning",), True, "a Qwen thinking format marks a reasoning model")
            tree.set(row + ("compat", "thinkingFormat"), compat, f"the Qwen thinking format is model metadata "
                     f"now ({q(value)} is {q(compat)})")
            tree.delete(params + (key,), "replaced by the model row's compat.thinkingFormat")
    if tree.record(params) == {}:
        tree.delete(params, "nothing is left in it")


def vllm_qwen_thinking(tree: Tree) -> None:
    models = tree.record(("agents", "defaults", "models")) or {}
    for key in list(models):
        ref = split_profile(key)[0].strip()
        slash = ref.find("/")
        model_id = ref[slash + 1:].strip() if slash > 0 and ref[:slash].strip().lower() == "vllm" else None
        params = ("agents", "defaults", "models", key, "params")
        if not model_id or model_id == "*" or tree.record(params) is None:
            continue
        if any(own(tree, params + (k,)) for k in QWEN_KEYS):
            compat = _qwen_format(next(tree.get(params + (k,)) for k in QWEN_KEYS if own(tree, params + (k,))))
            _move_qwen_format(tree, params, _vllm_row(tree, model_id) if compat else None)
    provider = _vllm_provider(tree)
    rows = tree.get(provider + ("models",)) if provider else None
    for index, row in enumerate(rows if isinstance(rows, list) else []):
        params = provider + ("models", index, "params")
        if isinstance(row, dict) and tree.record(params) is not None and any(own(tree, params + (k,)) for k in QWEN_KEYS):
            _move_qwen_format(tree, params, provider + ("models", index))
    places = [("agents", "defaults", "params")] + ([provider + ("params",)] if provider else [])
    places += [entry + ("params",) for entry in agent_entries(tree)]
    for params in places:
        if tree.record(params) is not None and any(own(tree, params + (k,)) for k in QWEN_KEYS):
            tree.decide(params, "a Qwen thinking format for several models: set "
                        "models.providers.vllm.models[].compat.thinkingFormat on each Qwen model row that needs it, "
                        "and remove it here")


def thinking_format_invalid(tree: Tree) -> None:
    for _, _, row in list(_model_rows(tree)):
        value = tree.get(row + ("compat", "thinkingFormat"))
        if tree.record(row + ("compat",)) is not None and isinstance(value, str) and value not in THINKING_FORMATS:
            tree.delete(row + ("compat", "thinkingFormat"), f"{q(value)} is not a thinking format OpenClaw knows "
                        "(" + ", ".join(THINKING_FORMATS) + "); the runtime default applies")


STALE_CONTEXT_WINDOWS = {
    "deepseek/deepseek-v4-flash": (200_000, 1_000_000),
    **{f"xai/{model}": (2_000_000, 1_000_000) for model in (
        "grok-4.20-0309-reasoning", "grok-4.20-0309-non-reasoning", "grok-4.20-beta-latest-reasoning",
        "grok-4.20-beta-latest-non-reasoning", "grok-4.20-experimental-beta-0304-reasoning",
        "grok-4.20-experimental-beta-0304-non-reasoning", "grok-4.20-reasoning", "grok-4.20-non-reasoning")},
}


def stale_context_window(tree: Tree) -> None:
    for provider_id, _, row in list(_model_rows(tree)):
        model_id = tree.get(row + ("id",))
        window = tree.get(row + ("contextWindow",))
        if not isinstance(model_id, str) or not model_id or isinstance(window, bool) or not isinstance(window, (int, float)):
            continue
        provider = provider_id.strip().lower()
        model = model_id.strip().lower()
        model = model[len(provider) + 1:] if model.startswith(provider + "/") else model
        fix = STALE_CONTEXT_WINDOWS.get(f"{provider}/{model}")
        if fix and window == fix[0]:
            tree.set(row + ("contextWindow",), fix[1], f"{fix[0]:,} was a wrong catalogue value for "
                     f"{provider}/{model}; it is {fix[1]:,}")


MIGRATIONS = [
    Migration("defaultModel->agents.defaults.model", "Move defaultModel to agents.defaults.model", default_model),
    Migration("runtime.utility-model-separation", "Pin the implicit primary model", utility_model_separation),
    Migration("models.pricing-retired", "Remove models.pricing", models_pricing),
    Migration("models.providers.*.models.*.compat->provider-catalog", "Remove retired model compat keys",
              model_compat_catalog),
    Migration("models.providers.codex-routes->models.providers.openai", "Rename the Codex responses API", codex_routes),
    Migration("models.canonical-model-refs", "Replace retired and non-canonical model refs", canonical_model_refs),
    Migration("agents.defaults.models->agents.defaults.modelPolicy.allow",
              "Make the agents.defaults.models restriction explicit", model_policy_allow),
    Migration("agents.defaults.models.vllm.params.qwenThinkingFormat->models.providers.vllm.models.compat.thinkingFormat",
              "Name vLLM Qwen thinking params to move", vllm_qwen_thinking),
    Migration("models.providers.*.models.*.compat.thinkingFormat-invalid", "Remove unknown thinking formats",
              thinking_format_invalid),
    Migration("models.providers.*.models.*.contextWindow-stale", "Repair stale context windows", stale_context_window),
]

__all__ = ["MIGRATIONS", "canonical_model_ref", "dotted"]
