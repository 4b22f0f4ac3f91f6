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


def test_subscription_auth_is_not_honoured():
    model = model_from({"agents": {"defaults": {"model": "anthropic/claude-sonnet-4-6",
                                                "params": {"cacheRetention": "long"}}}},
                       env={"ANTHROPIC_OAUTH_TOKEN": "x"})
    agent = model.agents["main"]
    assert agent.auth["anthropic"].mode == "oauth" and agent.auth["anthropic"].subscription
    cache = agent.models["anthropic/claude-sonnet-4-6"].cache
    assert cache.value == "long" and not cache.honoured


def test_non_eligible_model_ignores_setting():
    model = model_from({"agents": {"defaults": {"model": "ollama/llama3", "params": {"cacheRetention": "long"}}}})
    cache = model.agents["main"].models["ollama/llama3"].cache
    assert cache.value is None and not cache.eligible and cache.explicit and not cache.honoured


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
