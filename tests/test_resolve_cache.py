"""Prompt-cache retention: OpenClaw's resolver reproduced on the 22 configs of experiment e14."""
from __future__ import annotations

import json

import pytest

from modellib import model_from
from oclc.resolve import cache_retention, extra_params

from fixturelib import DATA

E14 = DATA / "auth-experiments" / "e14-cacheRetention-resolution.json"

MASK = {"agents": {"ownership": "explicit", "defaults": {"models": {"anthropic/claude-sonnet-4-6": {
    "params": {"cacheRetention": "long"}}}}, "entries": {"main": {"params": {"cacheRetention": "forever"}}, "work": {}}}}
LAYERS = {"agents": {"ownership": "explicit", "defaults": {"params": {"cacheRetention": "none"}, "models": {
    "anthropic/claude-sonnet-4-6": {"params": {"cacheRetention": "long"}}}}, "entries": {"main": {"models": {
        "anthropic/claude-sonnet-4-6": {"params": {"cacheRetention": "short"}}}}, "work": {}}}}
LEGACY = {"agents": {"defaults": {"models": {"anthropic/claude-sonnet-4-6": {"params": {"cacheControlTtl": "1h"}},
                                             "openai/gpt-5.4": {"params": {"cacheControlTtl": "1h"}}}}}}


def defaults_params(**params):
    return {"agents": {"defaults": {"params": params}}}


# The configs of e14-cacheRetention-resolution.mjs, in its order (the expected results are read
# from the recorded JSON, so a mismatch with the real resolver shows up here).
CONFIGS = [
    MASK, MASK, LAYERS, LAYERS, {}, {}, {},
    defaults_params(cacheControlTtl="5m"),
    defaults_params(cacheRetention="long"),
    defaults_params(cacheControlTtl="1h"),
    {},
    defaults_params(cacheRetention="long"),
    LEGACY, LEGACY,
    defaults_params(cacheRetention="long"),
    {}, {},
    defaults_params(cacheControlTtl="5m"),
    defaults_params(cacheRetention="long"),
    defaults_params(cacheRetention="long"),
    defaults_params(cacheRetention="SHORT"),
    defaults_params(cacheRetention="none"),
]
ROWS = json.loads(E14.read_text()) if E14.exists() else []


def test_all_e14_rows_are_covered():
    assert len(ROWS) == 22 == len(CONFIGS)


@pytest.mark.parametrize("index", range(len(CONFIGS)), ids=lambda i: ROWS[i]["label"] if ROWS else str(i))
def test_e14_row(index):
    row, config = ROWS[index], CONFIGS[index]
    merged = extra_params(config, row["provider"], row["modelId"], row["agentId"])
    assert merged == row["mergedParams"]
    assert cache_retention(merged, row["provider"], row["api"], row["modelId"]) == row["cacheRetention"]


def test_resolved_model_reports_layer_and_masking():
    model = model_from(MASK)
    main = model.agents["main"].models["anthropic/claude-sonnet-4-6"].cache
    work = model.agents["work"].models["anthropic/claude-sonnet-4-6"].cache
    assert (main.value, main.source) == ("short", "default")
    assert (work.value, work.source) == ("long", "agents.defaults.models.anthropic/claude-sonnet-4-6.params")


def test_layer_precedence_names_the_winning_layer():
    model = model_from(LAYERS)
    cache = model.agents["main"].models["anthropic/claude-sonnet-4-6"].cache
    assert (cache.value, cache.source) == ("short", "agents.entries.main.models.anthropic/claude-sonnet-4-6.params")


def test_legacy_ttl_source_is_the_ttl_layer():
    model = model_from({"agents": {"defaults": {"model": "anthropic/claude-sonnet-4-6",
                                                "params": {"cacheControlTtl": "1h"}}}})
    cache = model.agents["main"].models["anthropic/claude-sonnet-4-6"].cache
    assert (cache.value, cache.source, cache.honoured) == ("long", "agents.defaults.params", True)


def test_subscription_on_openclaw_transport_is_honoured():
    """Recorded: a subscription gets the same cache_control markers as an API key on OpenClaw's own
    transport (tests/data/wire/recorded/anthropic-oauth-env-long.json)."""
    model = model_from({"agents": {"defaults": {"model": "anthropic/claude-sonnet-4-6",
                                                "params": {"cacheRetention": "long"}}}},
                       env={"ANTHROPIC_OAUTH_TOKEN": "x"})
    agent = model.agents["main"]
    assert agent.auth["anthropic"].mode == "oauth" and agent.auth["anthropic"].subscription
    use = agent.models["anthropic/claude-sonnet-4-6"]
    assert (use.runtime, use.cache.value, use.cache.setting, use.cache.honoured) == ("openclaw", "long", "long", True)


CLAUDE_CLI = {"agents": {"defaults": {"model": "anthropic/claude-sonnet-4-6", "models": {
    "anthropic/claude-sonnet-4-6": {"agentRuntime": {"id": "claude-cli"}, "params": {"cacheRetention": "long"}}}}}}


def test_claude_cli_runtime_does_not_send_the_setting():
    use = model_from(CLAUDE_CLI, env={"ANTHROPIC_OAUTH_TOKEN": "x"}).agents["main"].models["anthropic/claude-sonnet-4-6"]
    assert use.runtime == "claude-cli"
    assert use.runtime_source == "agents.defaults.models.anthropic/claude-sonnet-4-6.agentRuntime.id"
    assert (use.cache.value, use.cache.setting, use.cache.honoured) == (None, "long", False)
    assert "claude-cli runtime passes no cache setting" in use.cache.reason


@pytest.mark.parametrize("config,runtime", [
    # the agent's own model entry beats agents.defaults.models
    ({"agents": {"ownership": "explicit", "defaults": {"model": "anthropic/claude-sonnet-4-6", "models": {
        "anthropic/claude-sonnet-4-6": {"agentRuntime": {"id": "claude-cli"}}}},
        "entries": {"main": {"models": {"anthropic/claude-sonnet-4-6": {"agentRuntime": {"id": "openclaw"}}}}}}},
     "openclaw"),
    # a provider-wide policy, and a "<provider>/*" entry
    ({"agents": {"defaults": {"model": "anthropic/claude-sonnet-4-6"}},
      "models": {"providers": {"anthropic": {"agentRuntime": {"id": "Claude-CLI "}, "models": []}}}}, "claude-cli"),
    ({"agents": {"defaults": {"model": "anthropic/claude-sonnet-4-6", "models": {
        "anthropic/*": {"agentRuntime": {"id": "claude-cli"}}}}}}, "claude-cli"),
    # "auto" and "pi" are OpenClaw's own runtime
    ({"agents": {"defaults": {"model": "anthropic/claude-sonnet-4-6", "models": {
        "anthropic/claude-sonnet-4-6": {"agentRuntime": {"id": "auto"}}}}}}, "openclaw"),
    # the legacy claude-cli/<model> ref runs on the CLI
    ({"agents": {"defaults": {"model": "claude-cli/claude-sonnet-4-6"}}}, "claude-cli"),
])
def test_runtime_selection(config, runtime):
    agent = model_from(config).agents["main"]
    assert agent.models[agent.primary.key].runtime == runtime


def test_custom_anthropic_messages_gets_the_transport_default():
    """Recorded (custom-anthropic-messages-unset): nothing resolved, the transport adds 5-minute markers."""
    use = model_from({"agents": {"defaults": {"model": "mycorp/claude-x"}},
                      "models": {"providers": {"mycorp": {"baseUrl": "https://x", "api": "anthropic-messages",
                                                          "models": [{"id": "claude-x", "name": "X"}]}}}}
                     ).agents["main"].models["mycorp/claude-x"]
    assert (use.cache.setting, use.cache.value, use.cache.source, use.cache.honoured) == (
        None, "short", "transport default", True)


def test_long_goes_out_as_short_without_long_support():
    config = {"agents": {"defaults": {"model": "mycorp/claude-x", "params": {"cacheRetention": "long"}}},
              "models": {"providers": {"mycorp": {"baseUrl": "https://x", "api": "anthropic-messages", "models": [
                  {"id": "claude-x", "name": "X", "compat": {"supportsLongCacheRetention": False}}]}}}}
    use = model_from(config).agents["main"].models["mycorp/claude-x"]
    assert (use.cache.setting, use.cache.value, use.cache.honoured) == ("long", "short", False)


@pytest.mark.parametrize("env,profiles,value,honoured", [
    ({"OPENAI_API_KEY": "k"}, {}, "long", True),
    # Recorded (openai-chatgpt-oauth-long): the ChatGPT/Codex route keeps the session's
    # prompt_cache_key and omits the lifetime fields, whatever cacheRetention says.
    ({}, {"openai:chatgpt": {"provider": "openai", "mode": "oauth"}}, "short", False),
], ids=["api-key", "chatgpt-login"])
def test_a_chatgpt_login_sends_no_long_retention(env, profiles, value, honoured):
    config = {"auth": {"profiles": profiles}, "agents": {"defaults": {
        "model": "openai/gpt-5.6-terra", "params": {"cacheRetention": "long"}}}}
    use = model_from(config, env=env).agents["main"].models["openai/gpt-5.6-terra"]
    assert (use.cache.setting, use.cache.value, use.cache.honoured) == ("long", value, honoured)


@pytest.mark.parametrize("provider,mode,subscription", [
    ("anthropic", "token", True), ("anthropic", "oauth", True), ("anthropic", "api_key", False),
    ("claude-cli", "token", True), ("openai", "oauth", True), ("openai", "token", False),
    ("xai", "token", False), ("xai", "oauth", True), ("deepseek", "token", False), ("deepseek", "oauth", False),
    ("github-copilot", "token", True), ("minimax-portal", "oauth", True), ("minimax", "api_key", False),
])
def test_what_is_a_subscription(provider, mode, subscription):
    from oclc.resolve import is_subscription

    assert is_subscription(provider, mode) is subscription


def test_non_eligible_model_ignores_setting():
    model = model_from({"agents": {"defaults": {"model": "ollama/llama3", "params": {"cacheRetention": "long"}}}})
    cache = model.agents["main"].models["ollama/llama3"].cache
    # Nothing is resolved, nothing is sent: not "not honoured" (OC406 says the setting does nothing).
    assert cache.value is None and cache.setting is None and not cache.eligible and cache.explicit
    assert cache.honoured


def test_openrouter_anthropic_defaults_short():
    model = model_from({"agents": {"defaults": {"model": "openrouter/anthropic/claude-sonnet-4-6"}}})
    cache = model.agents["main"].models["openrouter/anthropic/claude-sonnet-4-6"].cache
    assert (cache.value, cache.source) == ("short", "default")


def test_custom_provider_api_from_config():
    model = model_from({"agents": {"defaults": {"model": "mycorp/claude-x", "params": {"cacheRetention": "long"}}},
                        "models": {"providers": {"mycorp": {"baseUrl": "https://x", "api": "anthropic-messages",
                                                            "models": [{"id": "claude-x", "name": "X"}]}}}})
    use = model.agents["main"].models["mycorp/claude-x"]
    assert use.api == "anthropic-messages" and use.cache.value == "long" and use.cache.family == "custom-anthropic-api"
