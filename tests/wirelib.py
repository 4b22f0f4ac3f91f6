"""Recorded OpenClaw agent turns (tests/data/wire/recorded, made by scripts/record_wire.py): what
each request carried, read back as the retention on the wire, and oclc's view of the same case.

    python tests/wirelib.py      prints the truth table (runtime x credential x setting: wire, oclc)
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from statelib import write_agent_store, write_shared_store

RECORDED = HERE / "data" / "wire" / "recorded"
# The recordings hold placeholders ($OAT, $API, ...) where a secret was: the test gives each a value
# of its kind's shape (oclc looks at the shape of a token, never at a real one).
FAKE = {"$OAT": "sk-ant-oat01-test-not-real", "$API": "sk-ant-api03-test-not-real", "$OPENAI": "sk-proj-test-not-real",
        "$PROXYKEY": "proxy-key-test-not-real", "$AWS_ID": "AKIATESTNOTREAL", "$AWS_SECRET": "test-not-real",
        "$CHATGPT_JWT": "e30.e30.test-not-real"}


def recordings() -> list[Path]:
    return sorted(RECORDED.glob("*.json"))


def load(path: Path) -> dict:
    return json.loads(path.read_text())


def _fake(value):
    if isinstance(value, dict):
        return {k: _fake(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_fake(v) for v in value]
    return FAKE.get(value, value) if isinstance(value, str) else value


def materialise(recording: dict, directory: Path) -> tuple[Path, dict, Path]:
    """The case as files: its config, its environment, and a state dir holding the credential
    stores OpenClaw left (as `oclc compile --state-dir` reads them)."""
    directory.mkdir(parents=True, exist_ok=True)
    config = directory / "openclaw.json"
    config.write_text(json.dumps(recording["case"]["config"], indent=2))
    env = _fake(recording["case"].get("env", {}))
    state = directory / "state"
    state.mkdir(exist_ok=True)
    stored = recording["recorded"]["state"]
    machine = stored.get("machine", {})
    if machine:
        location = (machine.get("auth.sharedStore") or {}).get("location")
        write_shared_store(state, _fake(machine.get("authProfiles.store")), location)
    for agent_id, store in stored.get("agents", {}).items():
        write_agent_store(state, agent_id, _fake(store))
    return config, env, state


def is_model_request(request: dict) -> bool:
    path = request["path"].split("?")[0]
    return request.get("model") is not None and (
        path.endswith(("/messages", "/responses", "/chat/completions")) or "/converse" in path)


def ran_claude_code(turn: dict) -> bool:
    """The turn ran the Claude Code CLI as the model (not only `claude --version` or `auth status`)."""
    return any("-p" in inv["argv"] or "--print" in inv["argv"] for inv in turn["claudeInvocations"])


def resolved(turn: dict) -> str | None:
    """What OpenClaw's resolver gives for this agent and model (its own code, run at record time)."""
    return turn["resolver"]["cacheRetention"]


def retention_of(request: dict | None, resolved_value: str | None) -> str | None:
    """The retention one request carries: Anthropic cache_control markers (none -> "none", no ttl ->
    "short", ttl 1h -> "long"), OpenAI prompt_cache_key (+ lifetime -> "long"). A request with no
    cache field carries "none" where OpenClaw resolved a retention, nothing (None) where it did not."""
    if request is None:
        return None
    ttls = {mark["ttl"] for mark in request["cacheControl"]}
    if ttls:
        if ttls == {None}:
            return "short"
        if ttls == {"1h"}:
            return "long"
        raise ValueError(f"mixed cache_control ttls {sorted(map(str, ttls))}")
    openai = request.get("openaiPromptCache")
    if openai and "prompt_cache_key" in openai:
        return "long" if ("prompt_cache_retention" in openai or "prompt_cache_options" in openai) else "short"
    return "none" if resolved_value is not None else None


def wire_truth(turn: dict) -> dict:
    """What the recorded turn shows: the retention OpenClaw applied on the wire, and whether the
    retention OpenClaw resolved went out (honoured)."""
    setting = resolved(turn)
    requests = [q for q in turn["requests"] if is_model_request(q)]
    if ran_claude_code(turn):
        # Claude Code's own requests: OpenClaw applied nothing (it passed no cache setting).
        return {"runtime": "claude-cli", "value": None, "honoured": setting is None, "setting": setting,
                "auth": requests[0]["auth"] if requests else None}
    value = retention_of(requests[0] if requests else None, setting)
    return {"runtime": "openclaw", "value": value, "honoured": setting is None or value == setting,
            "setting": setting, "auth": requests[0]["auth"] if requests else None}


def oclc_view(recording: dict, directory: Path) -> dict:
    """`oclc compile` of the case: per turn, cacheRetention and the provider's auth mode."""
    from oclc.pipeline import Options, check
    from oclc.render.compiled import compile_document

    config, env, state = materialise(recording, directory)
    result = check(str(config), options=Options(env=env, state_dir=str(state)))
    document = compile_document(result)
    views = []
    for turn in recording["recorded"]["turns"]:
        agent = document["agents"][turn["agent"]]
        provider = turn["ref"].split("/", 1)[0]
        model = agent["models"].get(turn["ref"], {})
        views.append({"cacheRetention": model.get("cacheRetention"), "runtime": model.get("runtime"),
                      "auth": (agent["auth"].get(provider) or {}).get("mode"),
                      "subscription": (agent["auth"].get(provider) or {}).get("subscription")})
    return {"views": views, "diagnostics": [(d["code"], d["severity"], d["message"]) for d in document["diagnostics"]]}


def credential_kind(recording: dict, turn: dict) -> str:
    """The credential the turn used: the header the wire shows, else what the case stored."""
    case = recording["case"]
    env = case.get("env", {})
    auth = wire_truth(turn)["auth"] or ""
    if any(step["cmd"] == "oauth-login" for step in case.get("setup", [])):
        return "ChatGPT OAuth login (profile)"
    if "sk-ant-oat01" in auth:
        kind = "setup-token"
    elif auth.startswith(("x-api-key", "bearer")):
        kind = "API key"
    elif "AWS_ACCESS_KEY_ID" in env:
        kind = "AWS keys"
    else:
        steps = [s for s in case.get("setup", []) if s.get("agent", turn["agent"]) == turn["agent"]]
        kind = {"paste-token": "setup-token", "paste-api-key": "API key"}.get(steps[0]["cmd"], "?") if steps else "-"
    if "${" in json.dumps(case["config"]) and kind == "API key":
        return "API key (config ${VAR})"
    from_env = {"setup-token": "$OAT", "API key": ("$API", "$OPENAI"), "AWS keys": "$AWS_ID"}.get(kind, ())
    return f"{kind} ({'env' if any(v in from_env for v in env.values()) else 'profile'})"


def setting_text(recording: dict, turn: dict) -> str:
    """The cache setting as written for this agent and model (the most specific layer)."""
    config = recording["case"]["config"]
    agents = config.get("agents", {})
    entry = agents.get("entries", {}).get(turn["agent"], {})
    for params in (entry.get("params"), (entry.get("models", {}).get(turn["ref"]) or {}).get("params"),
                   (agents.get("defaults", {}).get("models", {}).get(turn["ref"]) or {}).get("params"),
                   agents.get("defaults", {}).get("params")):
        if isinstance(params, dict) and "cacheRetention" in params:
            return repr(params["cacheRetention"]).replace("'", '"')
    return "unset"


def _json(value) -> str:
    return json.dumps(value).strip('"')


def truth_table() -> str:
    import tempfile

    header = ("| case | agent | runtime | credential | cacheRetention | wire (markers) | wire: value / honoured "
              "| oclc compile: value / honoured |")
    rows = [header, "|---|---|---|---|---|---|---|---|"]
    for path in recordings():
        recording = load(path)
        with tempfile.TemporaryDirectory() as tmp:
            view = oclc_view(recording, Path(tmp))
        for turn, mine in zip(recording["recorded"]["turns"], view["views"]):
            truth = wire_truth(turn)
            requests = [q for q in turn["requests"] if is_model_request(q)]
            if requests:
                marks = requests[0]["cacheControl"]
                shown = f"{len(marks)} x {marks[0]['ttl'] or '5m'}" if marks else "none"
                if requests[0].get("openaiPromptCache"):
                    shown = ", ".join(sorted(requests[0]["openaiPromptCache"]))
                if truth["runtime"] == "claude-cli":
                    shown = f"Claude Code's own: {shown}"
            else:
                shown = "no model request" + (f": {turn['error'][:48]}" if turn.get("error") else "")
            cache = mine["cacheRetention"] or {}
            rows.append(f"| {recording['case']['name']} | {turn['agent']} | {truth['runtime']} "
                        f"| {credential_kind(recording, turn)} | {setting_text(recording, turn)} "
                        f"| {shown} | {_json(truth['value'])} / {_json(truth['honoured'])} "
                        f"| {_json(cache.get('value'))} / {_json(cache.get('honoured'))} |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    print(truth_table(), end="")
