"""Generate realistic OpenClaw-like JSON5 configs for the parser benchmark.

The shape follows real configs (see shared/corpus): `meta`, `gateway`, `auth.profiles`,
`models.providers` with model rows, `agents.defaults` and keyed `agents.entries`, `channels`,
`plugins`. The text uses what people write by hand in JSON5: `//` and `/* */` comments, unquoted
keys, single-quoted strings, trailing commas, hex numbers, emoji. Output is deterministic (seeded),
so timings are comparable between runs.

    python benchmarks/generate.py OUTDIR [AGENTS ...]   # writes agents-N.json5 and agents-N.json
"""
from __future__ import annotations

import json
import random
import sys
from pathlib import Path

PROVIDERS = ("anthropic", "openai", "google", "openrouter", "mistral")
MODELS = {
    "anthropic": ("claude-sonnet-4-6", "claude-opus-4-6", "claude-haiku-4-5"),
    "openai": ("gpt-5.4", "gpt-5-mini", "o4-mini"),
    "google": ("gemini-3-pro", "gemini-3-flash"),
    "openrouter": ("deepseek/deepseek-v3.2", "qwen/qwen3-coder"),
    "mistral": ("mistral-large-2", "codestral-2"),
}
ROLES = ("ops", "research", "support", "coding", "writer", "triage", "finance", "home")
TOOLS = ("read", "write", "exec", "browser", "web_search", "memory", "cron")


def _key(name: str, rng: random.Random) -> str:
    """Most keys unquoted, as people write JSON5; some double-quoted (copied from JSON)."""
    if name.isidentifier() and rng.random() < 0.8:
        return name
    return json.dumps(name)


def _str(value: str, rng: random.Random) -> str:
    if rng.random() < 0.3 and "'" not in value:
        return "'" + json.dumps(value, ensure_ascii=False)[1:-1].replace('\\"', '"') + "'"
    return json.dumps(value, ensure_ascii=False)


def _value(value, rng: random.Random, indent: int) -> str:
    pad = "  " * (indent + 1)
    close = "  " * indent
    if isinstance(value, dict):
        if not value:
            return "{}"
        lines = []
        for key, item in value.items():
            lines.append(f"{pad}{_key(key, rng)}: {_value(item, rng, indent + 1)},")
        if rng.random() < 0.15:
            lines.append(f"{pad}// reviewed {rng.randint(1, 28):02d}.0{rng.randint(1, 9)}")
        return "{\n" + "\n".join(lines) + "\n" + close + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        if all(not isinstance(item, (dict, list)) for item in value):
            comma = ", " if rng.random() < 0.5 else ""
            return "[" + ", ".join(_value(item, rng, indent) for item in value) + comma + "]"
        items = [f"{pad}{_value(item, rng, indent + 1)}," for item in value]
        return "[\n" + "\n".join(items) + "\n" + close + "]"
    if isinstance(value, str):
        return _str(value, rng)
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int) and value >= 16 and rng.random() < 0.1:
        return hex(value)
    return json.dumps(value)


def build(agents: int, seed: int = 42):
    """The config as Python data."""
    rng = random.Random(seed)
    profiles = {}
    for provider in (PROVIDERS if agents >= 10 else PROVIDERS[:2]):
        profiles[f"{provider}:default"] = {"provider": provider, "mode": "api_key"}
        for team in range(agents // 40):
            profiles[f"{provider}:team{team}"] = {
                "provider": provider,
                "mode": rng.choice(("api_key", "oauth", "token")),
                "email": f"team{team}@example.com",
            }
    # A small config names a couple of providers and models; a fleet names them all.
    used = PROVIDERS if agents >= 10 else PROVIDERS[:2]
    providers = {}
    for provider in used:
        providers[provider] = {
            "baseUrl": f"https://api.{provider}.example/v1",
            "apiKey": "${" + provider.upper() + "_API_KEY}",
            "api": "openai-completions" if provider != "anthropic" else "anthropic-messages",
            "models": [
                {
                    "id": model,
                    "name": model.replace("-", " ").title(),
                    "input": ["text", "image"] if rng.random() < 0.5 else ["text"],
                    "cost": {"input": round(rng.uniform(0, 15), 2), "output": round(rng.uniform(0, 75), 2)},
                    "contextWindow": rng.choice((128000, 200000, 1000000)),
                    "maxTokens": rng.choice((8192, 16384, 32768)),
                }
                for model in (MODELS[provider] if agents >= 10 else MODELS[provider][:1])
            ],
        }
    entries = {}
    for index in range(agents):
        role = ROLES[index % len(ROLES)]
        provider = rng.choice(used)
        fallback = rng.choice(used)
        team = f"{provider}:team{index % (agents // 40)}" if agents >= 40 else f"{provider}:default"
        entries[f"agent-{index:04d}"] = {
            "name": f"Agent {index} ({role})",
            "model": {
                "primary": f"{provider}/{rng.choice(MODELS[provider])}",
                "fallbacks": [f"{fallback}/{rng.choice(MODELS[fallback])}"],
            },
            "auth": {"profile": team, "order": [team, f"{provider}:default"]},
            "params": {
                "cacheRetention": rng.choice(("none", "short", "long")),
                "temperature": round(rng.random(), 2),
                "maxTokens": rng.choice((4096, 8192, 16384)),
            },
            "tools": {
                "profile": rng.choice(("coding", "messaging", "full")),
                "allow": rng.sample(TOOLS, 3),
                "exec": {"timeoutSec": rng.choice((60, 120, 216, 600))},
            },
            "heartbeat": {"every": rng.choice(("30m", "1h", "4h")), "target": "last"},
            "sandbox": {"mode": rng.choice(("off", "non-main", "all"))},
            "identity": {"name": f"Bot{index}", "emoji": "🦞", "theme": "space lobster"},
        }
    return {
        "meta": {"lastTouchedVersion": "2026.9.6", "lastTouchedAt": "2026-09-20T10:00:00.000Z"},
        "gateway": {
            "port": 18789,
            "mode": "local",
            "bind": "loopback",
            "auth": {"mode": "token", "token": "${OPENCLAW_GATEWAY_TOKEN}"},
        },
        "auth": {"profiles": profiles, "order": {p: [f"{p}:default"] for p in used}},
        "models": {"mode": "merge", "providers": providers},
        "agents": {
            "defaults": {
                "workspace": "~/.openclaw/workspace",
                "model": {"primary": "anthropic/claude-sonnet-4-6", "fallbacks": ["openai/gpt-5-mini"]},
                "params": {"cacheRetention": "short"},
                "maxConcurrent": 4,
            },
            "entries": entries,
        },
        "channels": {
            "telegram": {"enabled": True, "botToken": "${TELEGRAM_BOT_TOKEN}", "dmPolicy": "pairing",
                         "allowFrom": ["123456789", "987654321"]},
            "discord": {"enabled": False, "token": "${DISCORD_TOKEN}", "guilds": {}},
            "whatsapp": {"allowFrom": ["+15555550123"], "groupPolicy": "allowlist"},
        },
        "plugins": {"entries": {"memory-core": {"enabled": True}, "voice-call": {"enabled": False}}},
    }


def generate(agents: int, seed: int = 42) -> tuple[str, object]:
    """(JSON5 text, the same data as Python values)."""
    data = build(agents, seed)
    rng = random.Random(seed + 1)
    header = (
        "// OpenClaw gateway config (generated for the oclc parser benchmark)\n"
        f"/* {agents} agents; edit with care:\n   keys are checked by `oclc check` */\n"
    )
    return header + _value(data, rng, 0) + "\n", data


# --- clean configs with includes (for benchmarks/run.py) ------------------------------------------
#
# `build` above is the parser's stress shape and carries keys OpenClaw 2026.9.6 refuses; a lint
# benchmark over it would mostly time the reporting of thousands of findings. The fleet below is
# the same data made acceptable to OpenClaw, split the way fleet repositories split it: the model
# catalogue and the channels in $include'd fragments beside the main file.

# Providers whose API honours prompt-cache retention settings: only their agents set it.
CACHE_PROVIDERS = ("anthropic",)
FLEET_ENV_NAMES = ("OPENCLAW_GATEWAY_TOKEN", "TELEGRAM_BOT_TOKEN", "DISCORD_TOKEN") + tuple(
    f"{p.upper()}_API_KEY" for p in PROVIDERS)


def fleet_env() -> dict[str, str]:
    """Stand-in values for every ${VAR} a fleet config names (none of them is a real secret)."""
    return {name: f"bench-{name.lower()}" for name in FLEET_ENV_NAMES}


def build_clean(agents: int, seed: int = 42) -> dict:
    """`build(agents, seed)` without what OpenClaw refuses or lints as wrong."""
    data = build(agents, seed)
    data["meta"].pop("lastTouchedAt", None)
    data["agents"]["ownership"] = "explicit"
    data["agents"]["defaults"]["params"] = {}
    for entry in data["agents"]["entries"].values():
        entry.pop("auth", None)
        entry["tools"]["exec"] = {"ask": "on-miss", "security": "allowlist"}
        if entry["model"]["fallbacks"] == [entry["model"]["primary"]]:
            other = "openai/gpt-5-mini" if not entry["model"]["primary"].startswith("openai/") else "anthropic/claude-haiku-4-5"
            entry["model"]["fallbacks"] = [other]
        provider = entry["model"]["primary"].split("/", 1)[0]
        if provider not in CACHE_PROVIDERS:
            entry["params"].pop("cacheRetention", None)
    return data


def fleet_files(agents: int, seed: int = 42) -> dict[str, str]:
    """A clean config as files: {"openclaw.json5": main text, fragment name: text, ...}. The main
    file holds the agents (the bulk of the bytes) and includes the model catalogue and channels."""
    data = build_clean(agents, seed)
    rng = random.Random(seed + 1)
    fragments = {"models.json5": data.pop("models"), "channels.json5": data.pop("channels")}
    data["models"] = {"$include": "./models.json5"}
    data["channels"] = {"$include": "./channels.json5"}
    header = (
        "// OpenClaw gateway config (generated for the oclc benchmarks)\n"
        f"/* {agents} agents; the model catalogue and channels live in\n   models.json5 and channels.json5 */\n"
    )
    files = {"openclaw.json5": header + _value(data, rng, 0) + "\n"}
    for name, value in fragments.items():
        files[name] = f"// {name}: included from openclaw.json5\n" + _value(value, rng, 0) + "\n"
    return files


def write_fleet_config(directory: Path, agents: int, seed: int = 42) -> Path:
    """Write `fleet_files` into `directory`; returns the main file's path."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in fleet_files(agents, seed).items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory / "openclaw.json5"


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    for count in [int(a) for a in argv[1:]] or [1, 10, 100, 1000, 2000, 5000]:
        text, data = generate(count)
        (out / f"agents-{count}.json5").write_text(text, encoding="utf-8")
        (out / f"agents-{count}.json").write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
        print(f"agents-{count}.json5: {len(text.encode()):,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
