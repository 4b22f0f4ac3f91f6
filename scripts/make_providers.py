#!/usr/bin/env python3
"""Regenerate oclc/releases/2026.9.6/providers.json: the provider facts oclc's resolver needs.

Inputs (facts about OpenClaw 2026.9.6, see shared/spec):
  * openclaw-2026.9.6-provider-env-vars.json: env-var candidates per provider and the auth alias map;
  * behaviour spec section 5.3: built-in model-provider overlay ids;
  * section 3.4: the transport package's extra env-var fallbacks;
  * the API family each provider's models use (from the bundled plugin manifests where they declare
    one, the spec's experiments for Anthropic/Bedrock/OpenAI/Google, openai-completions otherwise).

Usage: scripts/make_providers.py [SPEC_DIR]   (default shared/spec)
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

BUILT_IN_OVERLAY_IDS = """
amazon-bedrock amazon-bedrock-mantle anthropic anthropic-vertex arcee azure-openai-responses byteplus byteplus-plan
cerebras chutes claude-cli clawrouter cloudflare-ai-gateway codex comfy copilot-proxy dashscope deepinfra deepseek fal
fireworks github-copilot gmi gmi-cloud gmicloud google google-antigravity google-gemini-cli google-vertex groq
huggingface kilocode kimi kimi-coding litellm lmstudio meta microsoft-foundry minimax minimax-portal mistral
modelstudio moonshot moonshot-ai moonshotai nvidia novita novita-ai novitaai ollama ollama-cloud openai opencode
opencode-go openrouter qianfan qwen qwen-token-plan qwencloud sglang stepfun stepfun-plan synthetic tencent-tokenhub
tencent-tokenplan together venice vercel-ai-gateway vllm volcengine volcengine-plan vydra x-ai xai xiaomi
xiaomi-token-plan z.ai z-ai zai
""".split()

BUNDLED_PLUGIN_PROVIDERS = """
anthropic apple-fm clawrouter copilot-proxy fal github-copilot google google-gemini-cli google-vertex huggingface
litellm lmstudio microsoft-foundry minimax minimax-portal nvidia ollama ollama-cloud openai opencode-go openrouter
sglang together vllm xai
""".split()

# Env vars the model transports fall back to for providers the plugin table does not cover (spec 3.4).
TRANSPORT_ENV = {
    "deepseek": ["DEEPSEEK_API_KEY"],
    "groq": ["GROQ_API_KEY"],
    "mistral": ["MISTRAL_API_KEY"],
    "zai": ["ZAI_API_KEY"],
    "fireworks": ["FIREWORKS_API_KEY"],
    "vercel-ai-gateway": ["AI_GATEWAY_API_KEY"],
    "moonshot": ["MOONSHOT_API_KEY", "KIMI_API_KEY"],
    "kimi": ["KIMI_API_KEY", "KIMICODE_API_KEY"],
    "kimi-coding": ["KIMI_API_KEY", "KIMICODE_API_KEY"],
    "cloudflare-ai-gateway": ["CLOUDFLARE_API_KEY"],
    "azure-openai-responses": ["AZURE_OPENAI_API_KEY"],
    "meta": ["MODEL_API_KEY"],
}

API_FAMILIES = [
    "openai-completions", "openai-responses", "openai-chatgpt-responses", "anthropic-messages",
    "google-generative-ai", "google-vertex", "github-copilot", "bedrock-converse-stream", "ollama",
    "pi-messages", "azure-openai-responses",
]

API_BY_PROVIDER = {
    "anthropic": "anthropic-messages",
    "anthropic-vertex": "anthropic-messages",
    "claude-cli": "anthropic-messages",
    "minimax": "anthropic-messages",
    "minimax-portal": "anthropic-messages",
    "kimi-coding": "anthropic-messages",
    "amazon-bedrock": "bedrock-converse-stream",
    "amazon-bedrock-mantle": "bedrock-converse-stream",
    "openai": "openai-responses",
    "codex": "openai-chatgpt-responses",
    "azure-openai-responses": "azure-openai-responses",
    "xai": "openai-responses",
    "x-ai": "openai-responses",
    "google": "google-generative-ai",
    "google-gemini-cli": "google-generative-ai",
    "google-antigravity": "google-generative-ai",
    "google-vertex": "google-vertex",
    "github-copilot": "github-copilot",
    "ollama": "ollama",
    "ollama-cloud": "ollama",
}

# Providers served without a key: local servers, CLI logins and AWS credential chains.
KEYLESS = {
    "ollama": "local server (no key needed)",
    "lmstudio": "local server (no key needed)",
    "vllm": "local server (no key needed)",
    "sglang": "local server (no key needed)",
    "apple-fm": "on-device model",
    "claude-cli": "Claude CLI login",
    "google-gemini-cli": "Gemini CLI login",
}
AWS_SDK = {"amazon-bedrock", "amazon-bedrock-mantle"}
# Env vars whose credential is a subscription (OAuth) token rather than an API key.
OAUTH_ENV = {"ANTHROPIC_OAUTH_TOKEN", "MINIMAX_OAUTH_TOKEN"}


def build(spec_dir: Path) -> dict:
    table = json.loads((spec_dir / "openclaw-2026.9.6-provider-env-vars.json").read_text())
    env_map: dict[str, list[str]] = dict(table["envCandidateMap"])
    for provider, names in TRANSPORT_ENV.items():
        env_map.setdefault(provider, names)
    ids = sorted(set(BUILT_IN_OVERLAY_IDS) | set(env_map) | set(BUNDLED_PLUGIN_PROVIDERS))
    providers = {}
    for pid in ids:
        entry: dict = {"api": API_BY_PROVIDER.get(pid, "openai-completions")}
        if pid in BUILT_IN_OVERLAY_IDS:
            entry["builtin"] = True
        if pid in BUNDLED_PLUGIN_PROVIDERS:
            entry["plugin"] = True
        if env_map.get(pid):
            entry["env"] = env_map[pid]
        alias = table["aliasMap"].get(pid)
        if alias and alias != pid:
            entry["authProvider"] = alias
        if pid in KEYLESS:
            entry["keyless"] = KEYLESS[pid]
        if pid in AWS_SDK:
            entry["awsSdk"] = True
        providers[pid] = entry
    return {
        "openclaw": "2026.9.6",
        "comment": "Generated by scripts/make_providers.py from the OpenClaw 2026.9.6 spec; do not edit by hand.",
        "apis": API_FAMILIES,
        "oauthEnv": sorted(OAUTH_ENV),
        "defaultProvider": "openai",
        "defaultModel": "gpt-6-astra",
        "providers": providers,
    }


def main() -> None:
    spec_dir = Path(sys.argv[1] if len(sys.argv) > 1 else str(Path(__file__).resolve().parents[2] / "shared" / "spec"))
    out = Path(__file__).resolve().parent.parent / "oclc" / "releases" / "2026.9.6" / "providers.json"
    out.write_text(json.dumps(build(spec_dir), indent=1, sort_keys=True) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
