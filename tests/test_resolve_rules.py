"""The semantic rule families (OC3xx-OC6xx) on resolved models: what fires, what does not, and that
no message ever shows a secret. Positions are covered by the fixtures under tests/fixtures/."""
from __future__ import annotations

from modellib import model_from
from statelib import api_key, store, write_shared_store

from oclc.rules import get
from oclc.rules import run_checks


def codes(config, **kw):
    return sorted(d.code for d in run_checks(model_from(config, **kw)) if d.code[:3] in ("OC3", "OC4", "OC5", "OC6"))


def fired(code, config, **kw):
    return list(get(code).check(model_from(config, **kw)))


def test_clean_config_has_no_semantic_findings():
    config = {"auth": {"profiles": {"anthropic:key": {"provider": "anthropic", "mode": "api_key"}},
                       "order": {"anthropic": ["anthropic:key"]}},
              "agents": {"defaults": {"model": {"primary": "anthropic/claude-sonnet-4-6",
                                                "fallbacks": ["openai/gpt-5.4"]},
                                      "models": {"anthropic/claude-sonnet-4-6": {"alias": "sonnet46",
                                                 "params": {"cacheRetention": "long"}}}}}}
    assert codes(config, env={"OPENAI_API_KEY": "x"}) == []


def test_order_unknown_profile_suggests():
    [d] = fired("OC301", {"auth": {"profiles": {"anthropic:work": {"provider": "anthropic", "mode": "api_key"}},
                                   "order": {"anthropic": ["anthropic:wrok"]}}})
    assert d.path == ("auth", "order", "anthropic", 0) and d.help == "did you mean 'anthropic:work'?"


def test_order_profile_known_from_store(tmp_path):
    write_shared_store(tmp_path, store(anthropic__manual=api_key("anthropic")))
    config = {"auth": {"order": {"anthropic": ["anthropic:manual"]}}}
    assert fired("OC301", config) and not fired("OC301", config, state_dir=str(tmp_path))


def test_pinned_profile_missing_is_an_error_when_the_stores_are_known(tmp_path):
    write_shared_store(tmp_path, store())
    config = {"agents": {"defaults": {"model": "anthropic/claude-sonnet-4-6@anthropic:gone"}}}
    [warn] = fired("OC302", config)
    [err] = fired("OC302", config, state_dir=str(tmp_path))
    assert (warn.severity, err.severity) == ("warning", "error") and err.path == ("agents", "defaults", "model")


def test_quant_suffix_is_not_a_pin():
    assert not fired("OC302", {"agents": {"defaults": {"model": "ollama/qwen3@q4_k_m"}}})


def test_profile_provider_mismatches():
    config = {"auth": {"profiles": {"anthropic:default": {"provider": "openai", "mode": "api_key"},
                                    "claude": {"provider": "claude-cli", "mode": "oauth"}},
                       "order": {"anthropic": ["anthropic:default", "claude"]}}}
    assert [d.path for d in fired("OC303", config)] == [("auth", "order", "anthropic", 0)]
    assert [d.path for d in fired("OC304", config)] == [("auth", "profiles", "anthropic:default", "provider")]


def test_store_checks(tmp_path):
    write_shared_store(tmp_path, {"version": 1, "profiles": {
        "anthropic:me": {"type": "oauth", "provider": "anthropic", "access": "a"},
        "anthropic:old": {"type": "token", "provider": "anthropic", "token": "t", "expires": 10}}})
    config = {"auth": {"profiles": {"anthropic:me": {"provider": "anthropic", "mode": "api_key"},
                                    "anthropic:nowhere": {"provider": "anthropic", "mode": "api_key"}}}}
    kw = {"state_dir": str(tmp_path), "now_ms": 1000}
    assert [d.path for d in fired("OC305", config, **kw)] == [("auth", "profiles", "anthropic:me", "mode")]
    assert [d.path for d in fired("OC306", config, **kw)] == [("auth", "profiles", "anthropic:nowhere")]
    assert [d.message for d in fired("OC307", config, **kw)] == [
        "the stored token of profile 'anthropic:old' has expired"]
    assert not fired("OC305", config) and not fired("OC306", config)


def test_no_credentials_warning_then_error(tmp_path):
    config = {"agents": {"defaults": {"model": "anthropic/claude-sonnet-4-6"}}}
    # Without an environment its variables may be set: no finding (OC125 names them instead).
    assert not fired("OC308", config)
    # With one, the stores may still hold a profile: a warning; with the stores read, a fact.
    write_shared_store(tmp_path, {"version": 1, "profiles": {}})
    [warn] = fired("OC308", config, env_known=True)
    [err] = fired("OC308", config, env_known=True, state_dir=str(tmp_path))
    assert (warn.severity, err.severity) == ("warning", "error")
    assert "stored ones not checked: no --state-dir" in warn.message and "configured or stored" in err.message
    assert not fired("OC308", config, env={"ANTHROPIC_API_KEY": "k"})
    assert not fired("OC308", {"agents": {"defaults": {"model": "ollama/llama3"}}}, env_known=True)
    assert not fired("OC308", {})                   # nothing configured: no guess about the default route


def test_cache_value_rules():
    config = {"agents": {"defaults": {"params": {"cacheRetention": "SHORT"},
                                      "models": {"anthropic/a": {"params": {"cacheControlTtl": "1h"}},
                                                 "anthropic/b": {"params": {"cacheControlTtl": "5m",
                                                                            "cacheRetention": "long"}},
                                                 "anthropic/c": {"params": {"cache_retention": "long"}}}}}}
    [invalid] = fired("OC401", config)
    assert invalid.severity == "error" and invalid.help == "did you mean 'short'?"
    [legacy] = fired("OC402", config)
    assert legacy.path[-2:] == ("params", "cacheControlTtl") and "'long'" in legacy.message
    assert [d.path[3] for d in fired("OC403", config)] == ["anthropic/b"]
    assert [d.path[-1] for d in fired("OC408", config)] == ["cache_retention"]


def test_masking_names_both_layers():
    config = {"agents": {"ownership": "explicit", "defaults": {"models": {"anthropic/claude-sonnet-4-6": {
        "params": {"cacheRetention": "long"}}}}, "entries": {"main": {"params": {"cacheRetention": "forever"}},
                                                             "work": {}}}}
    [d] = fired("OC404", config)
    assert d.path == ("agents", "entries", "main", "params", "cacheRetention")
    assert "hides 'long'" in d.message and "uses 'short'" in d.message


def test_subscription_and_ignored_cache_settings():
    sub = {"agents": {"defaults": {"model": "anthropic/x", "params": {"cacheRetention": "long"}}}}
    [finding] = fired("OC405", sub, env={"ANTHROPIC_OAUTH_TOKEN": "t"})
    # OpenClaw's own transport sends it (recorded: anthropic-oauth-env-long): information, not a warning.
    assert finding.severity == "info" and 'ttl "1h"' in finding.message and "for API-key auth" in finding.message
    assert not fired("OC405", sub, env={"ANTHROPIC_API_KEY": "k"})
    cli = {"agents": {"defaults": {"model": "anthropic/x", "models": {"anthropic/x": {
        "agentRuntime": {"id": "claude-cli"}, "params": {"cacheRetention": "long"}}}}}}
    [finding] = fired("OC405", cli, env={"ANTHROPIC_OAUTH_TOKEN": "t"})
    assert finding.severity == "warning" and "passes no cache setting to Claude Code" in finding.message
    assert not fired("OC406", cli, env={"ANTHROPIC_OAUTH_TOKEN": "t"})      # one finding for the key
    [finding] = fired("OC406", cli, env={"ANTHROPIC_API_KEY": "k"})       # no subscription: OC406's
    assert "claude-cli runtime" in finding.message
    ignored = {"agents": {"defaults": {"model": "ollama/llama3", "models": {
        "ollama/llama3": {"params": {"cacheRetention": "long"}},
        "amazon-bedrock/amazon.nova-pro-v1:0": {"params": {"cacheControlTtl": "1h"}},
        "amazon-bedrock/us.anthropic.claude-sonnet-4-6-v1:0": {"params": {"cacheControlTtl": "1h"}}}}}}
    assert sorted(d.path[3] for d in fired("OC406", ignored)) == ["amazon-bedrock/amazon.nova-pro-v1:0",
                                                                   "ollama/llama3"]


def test_provider_level_cache_params_are_not_read():
    config = {"models": {"providers": {"anthropic": {"params": {"cacheRetention": "long"}}}}}
    assert [d.path for d in fired("OC407", config)] == [("models", "providers", "anthropic", "params",
                                                         "cacheRetention")]


def test_model_ref_rules():
    config = {"agents": {"defaults": {"model": {"primary": "anthropic/claude-sonnet-4-6", "fallbacks": [
        "claude-haiku", "antropic/x", "", "anthropic/claude-sonnet-4-6"]},
        "models": {"nosuch/model": {}}}}}
    assert [d.path[-1] for d in fired("OC501", config)] == [0]
    assert [d.help for d in fired("OC502", config)][0] == "did you mean 'anthropic'?"
    assert len(fired("OC502", config)) == 2
    assert [d.path[-1] for d in fired("OC503", config)] == [2]
    assert [d.path[-1] for d in fired("OC505", config)] == [3]


def test_alias_and_agent_rules():
    config = {"agents": {"ownership": "explicit", "defaults": {
        "authInheritance": {"agentId": "Worx"}, "sessionStore": {"agentId": "WORK"},
        "models": {"openai/a": {"alias": "fast"}, "anthropic/b": {"alias": "FAST"}}},
        "entries": {"main": {}, "Work": {}}}}
    [dup] = fired("OC504", config)
    assert dup.path == ("agents", "defaults", "models", "openai/a", "alias")
    [ref] = fired("OC506", config)
    assert ref.path[2] == "authInheritance" and ref.help == "did you mean 'work'?"
    [case] = fired("OC507", config)
    assert case.path == ("agents", "entries", "Work")


SECRET = "sk-ant-api03-THISISNOTAREALKEYBUTLOOKSLIKEONE"


def test_secret_rules_never_print_the_value():
    config = {"models": {"providers": {"anthropic": {"apiKey": SECRET},
                                       "openai": {"apiKey": "${OPENAI_API_KEY}"},
                                       "ollama": {"apiKey": "ollama"},
                                       "mycorp": {"baseUrl": f"https://x/?k={SECRET}", "apiKey": {
                                           "source": "exec", "provider": "vault", "id": "k"}}}},
              "env": {"vars": {"GROQ_API_KEY": "gsk_abcdefghijklmnopqrstuvwxyz"}},
              "channels": {"telegram": {"botToken": "secretref-env:TELEGRAM_TOKEN"}},
              "gateway": {"auth": {"token": {"source": "env", "provider": "default", "id": "GW_TOKEN"}}}}
    found = run_checks(model_from(config, env_known=True))
    by_code = {}
    for d in found:
        by_code.setdefault(d.code, []).append(d)
        for text in (d.message, d.help or "", *d.notes):
            assert SECRET not in text and "gsk_" not in text
    assert [d.path for d in by_code["OC601"]] == [("models", "providers", "anthropic", "apiKey"),
                                                 ("env", "vars", "GROQ_API_KEY")]
    assert "ANTHROPIC_API_KEY" in by_code["OC601"][0].help
    assert [d.path for d in by_code["OC602"]] == [("models", "providers", "mycorp", "baseUrl")]
    assert [d.path for d in by_code["OC603"]] == [("channels", "telegram", "botToken")]
    assert [d.path for d in by_code["OC604"]] == [("models", "providers", "mycorp", "apiKey", "provider")]
    assert [d.path for d in by_code["OC605"]] == [("gateway", "auth", "token", "id")]


def test_every_semantic_rule_is_documented():
    from oclc.rules import all_rules

    for item in all_rules():
        if item.code[:3] in ("OC3", "OC4", "OC5", "OC6"):
            assert item.check is not None and item.summary
            assert "What:" in item.docs and "Why:" in item.docs and "Fix:" in item.docs, item.code


def _check_text(tmp_path, text, env=None):
    from oclc.pipeline import Options, check

    path = tmp_path / "openclaw.json5"
    path.write_text(text)
    return check(str(path), options=Options(env=env or {"ANTHROPIC_API_KEY": "k"}))


def test_legacy_ttl_fix_renames_and_maps(tmp_path):
    from oclc.fix import apply_edits

    text = ("{ agents: { defaults: { model: 'anthropic/claude-sonnet-4-6',\n"
            "  params: { 'cacheControlTtl': '1h' }, // keep this comment\n"
            "  models: { 'anthropic/claude-sonnet-4-6': { params: { cacheControlTtl: \"5m\" } } } } } }\n")
    result = _check_text(tmp_path, text)
    fixes = [d.fix for d in result.diagnostics if d.code == "OC402"]
    assert len(fixes) == 2 and all(f.safe for f in fixes)
    fixed = apply_edits(text, [e for f in fixes for e in f.edits])
    assert fixed == ("{ agents: { defaults: { model: 'anthropic/claude-sonnet-4-6',\n"
                     "  params: { 'cacheRetention': 'long' }, // keep this comment\n"
                     "  models: { 'anthropic/claude-sonnet-4-6': { params: { cacheRetention: \"short\" } } } } } }\n")
    again = _check_text(tmp_path, fixed)
    assert not [d for d in again.diagnostics if d.code.startswith("OC4")]
    cache = again.model.agents["main"].models["anthropic/claude-sonnet-4-6"].cache
    assert (cache.value, cache.source) == ("short", "agents.defaults.models.anthropic/claude-sonnet-4-6.params")


def test_plaintext_fix_is_offered_but_not_safe(tmp_path):
    result = _check_text(tmp_path, '{ models: { providers: { anthropic: { apiKey: "sk-ant-api03-abcdefghijklmnopqrst" } } } }')
    [d] = [d for d in result.diagnostics if d.code == "OC601"]
    assert not d.fix.safe and d.fix.edits[0].text == '"${ANTHROPIC_API_KEY}"'
    assert "sk-ant" not in d.message + (d.help or "") + d.fix.description


def test_a_retired_cache_key_gets_one_finding():
    """OC402 does not stack with OC405/OC406 on the same key: that finding carries its note and fix."""
    config = {"agents": {"defaults": {"model": "anthropic/claude-sonnet-4-6", "models": {
        "anthropic/claude-sonnet-4-6": {"params": {"cacheControlTtl": "1h"}},
        "ollama/llama3": {"params": {"cacheControlTtl": "5m"}},
        "anthropic/claude-haiku-4-5": {"params": {"cacheControlTtl": "5m"}}}}}}
    env = {"ANTHROPIC_OAUTH_TOKEN": "t"}
    legacy = fired("OC402", config, env=env)
    subscription, ignored = fired("OC405", config, env=env), fired("OC406", config, env=env)
    assert [d.path[3] for d in subscription] == ["anthropic/claude-sonnet-4-6", "anthropic/claude-haiku-4-5"]
    assert [d.path[3] for d in ignored] == ["ollama/llama3"]
    assert legacy == []
    for finding in subscription + ignored:
        assert "retired spelling (OC402)" in finding.notes[0]   # the fix is shown in tests/golden
    # With an API key the sonnet key is just retired: OC402 alone.
    assert [d.path[3] for d in fired("OC402", config, env={"ANTHROPIC_API_KEY": "k"})] == [
        "anthropic/claude-sonnet-4-6", "anthropic/claude-haiku-4-5"]
