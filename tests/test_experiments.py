"""oclc's per-agent resolution against the recorded runs of the real OpenClaw 2026.9.6
(/work/shared/spec/auth-experiments/eN-*.txt: `models status --json`, `config get`, `models auth list`).

Each test rebuilds one experiment: the same config and environment and, where the run had saved
credentials, an equivalent state dir (SQLite stores made with statelib). It then checks the facts
OpenClaw reported that oclc models: the default model and fallbacks, aliases, the credential each
agent uses per provider and its kind, providers left without one, store inheritance, cooldowns.

Where `models status` and the agent runtime differ (authInheritance, spec 3.5 caveat), oclc follows
the runtime.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from statelib import api_key, store, write_agent_store, write_shared_store

from oclc.pipeline import Options, check

SONNET = "anthropic/claude-sonnet-4-6"
ENV_KEY = {"ANTHROPIC_API_KEY": "sk-ant-api03-TESTKEY000000000000"}
ENV_OAUTH = {"ANTHROPIC_OAUTH_TOKEN": "sk-ant-oat01-TESTTOKEN0000000000"}
E1 = {"agents": {"defaults": {"model": SONNET}}}
FAR_FUTURE_MS = 4102444800000     # 2100-01-01: a cooldown that is still running
LONG_AGO_MS = 1000                # a cooldown that ended long ago


def two_agents(*profile_ids: str, agents: tuple[str, ...] = ("main", "work"), **defaults) -> dict:
    """The config `models auth paste-api-key` left behind in e6-e9 (ownership explicit, main owns)."""
    return {
        "agents": {"ownership": "explicit",
                   "defaults": {"model": SONNET, "systemAgent": {"agentId": "main"}, **defaults},
                   "entries": {a: {} for a in agents}},
        "auth": {"profiles": {pid: {"provider": "anthropic", "mode": "api_key"} for pid in profile_ids}},
    }


def run(tmp_path: Path, config: dict, env: dict | None = None, state=None):
    tmp_path = tmp_path / f"run{len(list(tmp_path.iterdir()))}"   # a fresh dir per run in one test
    tmp_path.mkdir()
    path = tmp_path / "openclaw.json5"
    path.write_text(json.dumps(config, indent=2))
    state_dir = None
    if state is not None:
        state_dir = tmp_path / "state"
        state_dir.mkdir()
        state(state_dir)
    result = check(str(path), options=Options(env=dict(env or {}), state_dir=str(state_dir) if state_dir else None))
    assert result.model is not None
    return result


def codes(result) -> list[str]:
    return [d.code for d in result.diagnostics]


def chosen(result, agent: str, provider: str):
    return result.model.agents[agent].auth[provider].chosen


def store_names(result, agent: str) -> list[str]:
    """The stores merged for one agent, own first, relative to the state dir."""
    root = Path(result.model.state.root)
    return [str(Path(p).relative_to(root)) for p in result.model.agents[agent].store_paths]


# --- e0-e5: one agent, credentials from the environment or the config ----------------------------


def test_e0_empty_config_defaults_to_openai_gpt_6_astra(tmp_path):
    result = run(tmp_path, {})
    main = result.model.agents["main"]
    assert (main.primary.key, main.primary_source) == ("openai/gpt-6-astra", "default")
    assert main.fallbacks == [] and main.aliases == {}
    # OpenClaw lists openai as missing; oclc finds nothing usable either.
    assert chosen(result, "main", "openai") is None
    # With the whole environment known (--state-dir), the missing default route is an error.
    known = run(tmp_path, {}, state=lambda d: write_shared_store(d, store()))
    assert [(d.code, d.severity) for d in known.diagnostics] == [("OC308", "error")]
    assert "provider openai" in known.diagnostics[0].message


def test_e1_no_credentials_for_anthropic(tmp_path):
    result = run(tmp_path, E1)
    main = result.model.agents["main"]
    assert (main.primary.key, main.primary_source, main.fallbacks) == (SONNET, "defaults", [])
    assert chosen(result, "main", "anthropic") is None
    # OpenClaw only calls anthropic "indeterminate" (a Claude CLI login might exist); oclc warns.
    assert [(d.code, d.severity) for d in result.diagnostics] == [("OC308", "warning")]


def test_e2_env_api_key_is_effective(tmp_path):
    result = run(tmp_path, E1, env=ENV_KEY)
    using = chosen(result, "main", "anthropic")
    assert (using.kind, using.name, using.mode, using.present) == ("env", "ANTHROPIC_API_KEY", "api_key", True)
    assert not result.model.agents["main"].auth["anthropic"].subscription
    assert "OC308" not in codes(result)


def test_e3_env_oauth_token_is_effective_and_subscription(tmp_path):
    result = run(tmp_path, E1, env=ENV_OAUTH)
    pauth = result.model.agents["main"].auth["anthropic"]
    assert (pauth.chosen.kind, pauth.chosen.name, pauth.chosen.mode) == ("env", "ANTHROPIC_OAUTH_TOKEN", "oauth")
    assert pauth.subscription
    assert "OC308" not in codes(result)


def test_e4_inline_provider_key_is_effective(tmp_path):
    config = {**E1, "models": {"providers": {"anthropic": {"apiKey": "sk-ant-inline-123456789"}}}}
    result = run(tmp_path, config)
    using = chosen(result, "main", "anthropic")
    assert (using.kind, using.name, using.present) == ("config-key", "models.providers.anthropic.apiKey", True)
    assert "OC308" not in codes(result) and "OC601" in codes(result)   # works, but a plaintext secret
    assert all("123456789" not in d.message for d in result.diagnostics)


def test_e5_secretref_env_key_is_effective(tmp_path):
    ref = {"source": "env", "provider": "default", "id": "MY_ANTHROPIC_KEY"}
    config = {**E1, "models": {"providers": {"anthropic": {"apiKey": ref}}}}
    result = run(tmp_path, config, env={"MY_ANTHROPIC_KEY": "sk-ant-api03-FROMREF0000000000"})
    using = chosen(result, "main", "anthropic")
    assert (using.kind, using.present) == ("secret-ref", True)
    assert "env:MY_ANTHROPIC_KEY" in using.note
    assert codes(result) == []
    # Without the variable the reference resolves to nothing.
    unset = run(tmp_path, config)
    assert chosen(unset, "main", "anthropic") is None or chosen(unset, "main", "anthropic").present is not True


# --- e6-e8: stores per agent and what a new agent inherits ----------------------------------------


def state_e6(state_dir: Path) -> None:
    """`paste-api-key --agent main` on a fresh install: the shared store moved to the state DB."""
    write_shared_store(state_dir, store(anthropic__manual=api_key("anthropic")))


def state_e7(state_dir: Path) -> None:
    state_e6(state_dir)
    write_agent_store(state_dir, "work", store(anthropic__work=api_key("anthropic")))


@pytest.mark.parametrize("agent", ["main", "work"])
def test_e6_new_agent_inherits_the_main_key(tmp_path, agent):
    result = run(tmp_path, two_agents("anthropic:manual"), state=state_e6)
    using = chosen(result, agent, "anthropic")
    assert (using.kind, using.name, using.mode, using.present) == ("profile", "anthropic:manual", "api_key", True)
    assert using.source == "store state/openclaw.sqlite"
    assert store_names(result, agent)[-1] == "state/openclaw.sqlite"
    assert codes(result) == []


def test_e7_own_key_added_to_work_only(tmp_path):
    result = run(tmp_path, two_agents("anthropic:manual", "anthropic:work"), state=state_e7)
    work = {c.name: c.present for c in result.model.agents["work"].auth["anthropic"].candidates if c.kind == "profile"}
    main = {c.name: c.present for c in result.model.agents["main"].auth["anthropic"].candidates if c.kind == "profile"}
    assert work == {"anthropic:manual": True, "anthropic:work": True}       # e7b: both profiles
    assert main == {"anthropic:manual": True, "anthropic:work": False}      # e7c: only its own
    assert store_names(result, "work") == [
        "agents/work/agent/openclaw-agent.sqlite", "state/openclaw.sqlite"]
    assert chosen(result, "main", "anthropic").name == "anthropic:manual"
    assert codes(result) == []


def state_e8(state_dir: Path) -> None:
    """First key saved with `--agent work` on a fresh install: the shared store stays legacy-main."""
    write_agent_store(state_dir, "work", store(anthropic__work=api_key("anthropic")))


def test_e8b_third_agent_without_auth_inheritance_has_no_key(tmp_path):
    config = two_agents("anthropic:work", agents=("main", "work", "third"))
    result = run(tmp_path, config, state=state_e8)
    assert result.model.inheritance_agent == "main"
    assert store_names(result, "third") == [
        "agents/third/agent/openclaw-agent.sqlite", "agents/main/agent/openclaw-agent.sqlite"]
    assert chosen(result, "third", "anthropic") is None
    assert chosen(result, "main", "anthropic") is None
    assert chosen(result, "work", "anthropic").name == "anthropic:work"
    # One finding that names only the agents left without a key (work has its own).
    [finding] = [d for d in result.diagnostics if d.code == "OC308"]
    assert "(used by agents main, third)" in finding.message


@pytest.mark.parametrize("agent", ["third", "main"])
def test_e8c_e8d_auth_inheritance_follows_the_runtime(tmp_path, agent):
    """`models status` still shows these agents as missing anthropic (it ignores authInheritance);
    the agent runtime reads the `work` store as the inherited one, and so does oclc."""
    config = two_agents("anthropic:work", agents=("main", "work", "third"), authInheritance={"agentId": "work"})
    result = run(tmp_path, config, state=state_e8)
    assert result.model.inheritance_agent == "work"
    assert store_names(result, agent)[-1] == "agents/work/agent/openclaw-agent.sqlite"
    using = chosen(result, agent, "anthropic")
    assert (using.name, using.present) == ("anthropic:work", True)
    assert "OC308" not in codes(result)


def test_e8_auth_inheritance_is_moot_once_the_shared_store_is_in_the_state_db(tmp_path):
    config = two_agents("anthropic:manual", authInheritance={"agentId": "work"})
    result = run(tmp_path, config, state=state_e6)
    assert store_names(result, "main")[-1] == "state/openclaw.sqlite"
    assert chosen(result, "main", "anthropic").name == "anthropic:manual"


# --- e9: a profile in cooldown is tried last -----------------------------------------------------


def state_e9(until_ms: int):
    def build(state_dir: Path) -> None:
        state_e6(state_dir)
        own = store(anthropic__work=api_key("anthropic"))
        own["usageStats"] = {"anthropic:work": {"cooldownUntil": until_ms, "cooldownReason": "rate_limit"}}
        write_agent_store(state_dir, "work", own)
    return build


def test_e9_cooldown_profile_still_listed_but_not_used(tmp_path):
    result = run(tmp_path, two_agents("anthropic:manual", "anthropic:work"), state=state_e9(FAR_FUTURE_MS))
    pauth = result.model.agents["work"].auth["anthropic"]
    profiles = {c.name: c for c in pauth.candidates if c.kind == "profile"}
    assert profiles["anthropic:work"].present is True and "cooldown" in profiles["anthropic:work"].note
    assert pauth.chosen.name == "anthropic:manual"
    assert codes(result) == []


def test_e9_cooldown_outranks_auth_order(tmp_path):
    """OpenClaw keeps an explicit order but moves profiles in cooldown behind the others."""
    config = two_agents("anthropic:manual", "anthropic:work")
    config["auth"]["order"] = {"anthropic": ["anthropic:work", "anthropic:manual"]}
    running = run(tmp_path, config, state=state_e9(FAR_FUTURE_MS))
    assert chosen(running, "work", "anthropic").name == "anthropic:manual"
    ended = run(tmp_path, config, state=state_e9(LONG_AGO_MS))
    assert chosen(ended, "work", "anthropic").name == "anthropic:work"


# --- e10, e13: aliases, unknown providers, bare model ids ----------------------------------------

E10 = {"agents": {"defaults": {
    "model": {"primary": "fast", "fallbacks": ["nosuchprovider/some-model", "gpt-5.4"]},
    "models": {SONNET: {"alias": "fast"}, "openai/gpt-5.4": {}}}}}


def test_e10_bare_model_falls_back_to_openai(tmp_path):
    result = run(tmp_path, E10, env=ENV_KEY)
    main = result.model.agents["main"]
    assert (main.primary.key, main.primary.status) == (SONNET, "alias")
    assert [(r.key, r.status) for r in main.fallbacks] == [
        ("nosuchprovider/some-model", "ok"), ("openai/gpt-5.4", "bare")]
    assert main.aliases["fast"] == SONNET
    assert main.aliases["gpt"] == "openai/gpt-5.4"        # built-in alias for an entry already present
    assert chosen(result, "main", "anthropic").name == "ANTHROPIC_API_KEY"
    assert chosen(result, "main", "openai") is None       # OpenClaw: missingProvidersInUse ["openai"]
    assert not main.auth["nosuchprovider"].known          # OpenClaw: "indeterminate"
    assert sorted(codes(result)) == ["OC308", "OC501", "OC502"]
    [missing] = [d for d in result.diagnostics if d.code == "OC308"]
    assert "provider openai" in missing.message


def test_e13_alias_collision_last_wins(tmp_path):
    config = {"agents": {"defaults": {"models": {"openai/gpt-5.4": {"alias": "fast"}, SONNET: {"alias": "fast"}},
                                      "model": "fast"}}}
    result = run(tmp_path, config)
    main = result.model.agents["main"]
    assert main.aliases == {"fast": SONNET}
    assert (main.primary.key, main.primary.alias) == (SONNET, "fast")
    assert "OC504" in codes(result)


@pytest.mark.parametrize("env,sonnet", [(ENV_KEY, "anthropic/claude-sonnet-5"), (ENV_OAUTH, None), ({}, None)],
                         ids=["e2-api-key", "e3-oauth-env", "e1-no-signal"])
def test_e2_sonnet_alias_only_in_anthropic_api_key_mode(tmp_path, env, sonnet):
    """In API-key mode OpenClaw's Anthropic defaults add anthropic/claude-sonnet-5 to
    agents.defaults.models, which then gets the built-in alias `sonnet` (e2, e6, e10; not e1, e3)."""
    result = run(tmp_path, E1, env=env)
    assert result.model.agents["main"].aliases.get("sonnet") == sonnet


def test_e6_sonnet_alias_from_a_stored_api_key_profile(tmp_path):
    result = run(tmp_path, two_agents("anthropic:manual"), state=state_e6)
    assert {a: result.model.agents[a].aliases.get("sonnet") for a in ("main", "work")} == {
        "main": "anthropic/claude-sonnet-5", "work": "anthropic/claude-sonnet-5"}


# --- e11: Anthropic defaults by auth mode --------------------------------------------------------

E11 = {"agents": {"defaults": {"model": "anthropic/claude-opus-4-6", "models": {
    "anthropic/claude-opus-4-6": {},
    "anthropic/claude-haiku-4-5": {"params": {"cacheRetention": "long"}},
    "amazon-bedrock/us.anthropic.claude-sonnet-4-6-v1:0": {}}}}}


@pytest.mark.parametrize("env,subscription", [(ENV_KEY, False), (ENV_OAUTH, True), ({}, False)],
                         ids=["e11a-api-key", "e11b-oauth-env", "e11c-no-signal"])
def test_e11_anthropic_cache_retention_by_auth_mode(tmp_path, env, subscription):
    """The injected `short` (api-key mode only) equals the runtime default for anthropic itself, so
    direct Anthropic models come out the same in every mode; an explicit `long` is kept."""
    result = run(tmp_path, E11, env=env)
    models = result.model.agents["main"].models
    assert models["anthropic/claude-opus-4-6"].cache.value == "short"
    assert models["anthropic/claude-haiku-4-5"].cache.value == "long"
    assert models["anthropic/claude-opus-4-6"].subscription is subscription


def test_e11d_auth_order_puts_the_api_key_profile_first(tmp_path):
    config = {"auth": {"profiles": {"anthropic:sub": {"provider": "anthropic", "mode": "token"},
                                    "anthropic:key": {"provider": "anthropic", "mode": "api_key"}},
                       "order": {"anthropic": ["anthropic:key", "anthropic:sub"]}},
              "agents": {"defaults": {"model": "anthropic/claude-opus-4-6"}}}
    result = run(tmp_path, config)
    pauth = result.model.agents["main"].auth["anthropic"]
    assert (pauth.chosen.name, pauth.mode, pauth.subscription) == ("anthropic:key", "api_key", False)
    assert result.model.agents["main"].models["anthropic/claude-opus-4-6"].cache.value == "short"
    assert result.model.agents["main"].aliases.get("sonnet") == "anthropic/claude-sonnet-5"   # api_key mode


@pytest.mark.parametrize("env,bedrock,found", [(ENV_KEY, "short", []), (ENV_OAUTH, None, ["OC405"]),
                                               ({}, None, ["OC308"])],
                         ids=["e11a-api-key", "e11b-oauth-env", "e11c-no-signal"])
def test_e11_bedrock_claude_gets_short_only_in_api_key_mode(tmp_path, env, bedrock, found):
    """OpenClaw writes cacheRetention "short" into the amazon-bedrock Claude entry in API-key mode
    only (e11a); that makes it an explicit setting, hence a cache family at runtime (spec 4.2)."""
    result = run(tmp_path, E11, env=env)
    use = result.model.agents["main"].models["amazon-bedrock/us.anthropic.claude-sonnet-4-6-v1:0"]
    assert use.cache.setting == bedrock
    # ...and what goes on the wire: nothing, 2026.9.6 has no Bedrock transport without its provider
    # plugin (recorded: tests/data/wire/recorded/bedrock-claude-registered-long.json).
    assert use.cache.value is None and use.cache.honoured is (bedrock is None)
    # The injected value is OpenClaw's, not the file's: no finding may point at it.
    assert codes(result) == found


def test_e11_a_misspelt_retention_blocks_the_default(tmp_path):
    config = json.loads(json.dumps(E11))
    bedrock = "amazon-bedrock/us.anthropic.claude-sonnet-4-6-v1:0"
    config["agents"]["defaults"]["models"][bedrock] = {"params": {"cacheRetention": "shortt"}}
    result = run(tmp_path, config, env=ENV_KEY)
    use = result.model.agents["main"].models[bedrock]
    assert use.cache.setting is None
    assert "OC401" in codes(result)


# --- e12: the legacy list, converted --------------------------------------------------------------


def test_e12_legacy_list_runtime_shape(tmp_path):
    config = {"agents": {"list": [{"id": "main"},
                                  {"id": "work", "default": True, "model": SONNET}]}}
    result = run(tmp_path, config)
    value = result.model.value
    assert value["agents"]["entries"] == {"main": {}, "work": {"model": SONNET}}
    assert "ownership" not in value["agents"] and "list" not in value["agents"]
    defaults = value["agents"]["defaults"]
    for key in ("systemAgent", "authInheritance", "heartbeat"):
        assert defaults[key] == {"agentId": "work"}
    assert value["talk"] == {"agentId": "work"}                    # e12b
    assert (result.model.default_agent, result.model.inheritance_agent) == ("work", "work")
    assert result.model.agents["work"].primary.key == SONNET
    assert result.model.agents["main"].primary.key == "openai/gpt-6-astra"
    assert {"OC130", "OC132"} <= set(codes(result))
