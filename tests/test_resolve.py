"""The resolve stage: model chains, refs, aliases, credentials per agent (spec 2, 3.3, 5)."""
from __future__ import annotations

import pytest
from modellib import model_from
from statelib import api_key, store, write_agent_store, write_shared_store

from oclc.resolve import normalize_agent_id, parse_ref, split_profile


@pytest.mark.parametrize("text,expected", [
    ("anthropic/claude-sonnet-4-6@anthropic:work", ("anthropic/claude-sonnet-4-6", "anthropic:work")),
    ("vendor/model@20250101", ("vendor/model@20250101", None)),
    ("vendor/model@20250101@me", ("vendor/model@20250101", "me")),
    ("ollama/qwen3@q4_k_m", ("ollama/qwen3@q4_k_m", None)),
    ("ollama/qwen3@8bit@work", ("ollama/qwen3@8bit", "work")),
    ("openrouter/org@x/model@p", ("openrouter/org@x/model", "p")),
    ("@lead", ("@lead", None)),
])
def test_profile_suffix(text, expected):
    assert split_profile(text) == expected


def test_ref_splits_at_first_slash_and_lowercases_provider():
    ref = parse_ref(" OpenRouter/anthropic/claude-sonnet-4-6 ", (), {}, {})
    assert (ref.provider, ref.model, ref.key) == ("openrouter", "anthropic/claude-sonnet-4-6",
                                                  "openrouter/anthropic/claude-sonnet-4-6")


@pytest.mark.parametrize("raw,status", [("", "empty"), ("  ", "empty"), ("anthropic/", "malformed"),
                                        ("/x", "malformed"), (5, "not-string"), (None, "not-string")])
def test_unusable_refs(raw, status):
    assert parse_ref(raw, (), {}, {}).status == status


def test_bare_id_uses_alias_then_rows_then_openai():
    aliases = {"fast": "anthropic/claude-sonnet-4-6"}
    assert parse_ref("FAST", (), aliases, {}).key == "anthropic/claude-sonnet-4-6"
    assert parse_ref("llama3", (), {}, {"llama3": ["ollama"]}).key == "ollama/llama3"
    bare = parse_ref("gpt-5.4", (), {}, {})
    assert (bare.key, bare.status) == ("openai/gpt-5.4", "bare")


def test_default_model_when_nothing_configured():
    agent = model_from({}).agents["main"]
    assert agent.primary.key == "openai/gpt-6-astra" and agent.primary_source == "default"
    assert agent.default and agent.fallbacks == []


def test_first_provider_row_is_the_default():
    model = model_from({"models": {"providers": {"mycorp": {"baseUrl": "http://localhost:1", "models": [
        {"id": "m1", "name": "M1"}]}}}})
    assert model.agents["main"].primary.key == "mycorp/m1"


def test_agent_string_model_drops_default_fallbacks_and_object_replaces_them():
    model = model_from({"agents": {"ownership": "explicit", "defaults": {"model": {
        "primary": "anthropic/a", "fallbacks": ["openai/b"]}}, "entries": {
        "main": {}, "plain": {"model": "openai/c"}, "own": {"model": {"fallbacks": ["google/d"]}},
        "empty": {"model": {"primary": "openai/e", "fallbacks": []}}}}})
    keys = {a.id: (a.primary.key, [r.key for r in a.fallbacks]) for a in model.agents.values()}
    assert keys == {"main": ("anthropic/a", ["openai/b"]), "plain": ("openai/c", []),
                    "own": ("anthropic/a", ["google/d"]), "empty": ("openai/e", [])}


def test_alias_collision_last_wins():
    model = model_from({"agents": {"defaults": {"model": "fast", "models": {
        "openai/gpt-5.4": {"alias": "fast"}, "anthropic/claude-sonnet-4-6": {"alias": "Fast"}}}}})
    assert model.agents["main"].primary.key == "anthropic/claude-sonnet-4-6"
    assert len(model.alias_claims) == 2


def test_default_aliases_only_for_present_entries():
    model = model_from({"agents": {"defaults": {"model": "sonnet", "models": {"anthropic/claude-sonnet-5": {}}}}})
    assert model.agents["main"].primary.key == "anthropic/claude-sonnet-5"
    assert model_from({"agents": {"defaults": {"model": "sonnet"}}}).agents["main"].primary.key == "openai/sonnet"


def test_agent_ids_normalised_and_legacy_roster_default():
    assert normalize_agent_id(" Main ") == "main"
    assert normalize_agent_id("My Agent!") == "my-agent"
    assert normalize_agent_id("***") == "main"
    model = model_from({"agents": {"ownership": "explicit", "defaults": {"systemAgent": {"agentId": "work"}},
                                   "entries": {"main": {}, "Work": {}}}})
    assert list(model.agents) == ["main", "work"] and model.default_agent == "work"


def test_models_the_agent_can_use_and_param_layers():
    model = model_from({"agents": {"ownership": "explicit", "defaults": {
        "model": "anthropic/a", "params": {"temperature": 0.1},
        "models": {"openai/b": {"params": {"temperature": 0.5}}, "google/*": {}}},
        "entries": {"main": {"models": {"openai/b": {"params": {"top_p": 1}}}, "params": {"temperature": 0.9}},
                    "work": {}}}})
    main, work = model.agents["main"], model.agents["work"]
    assert sorted(main.models) == ["anthropic/a", "openai/b"]
    assert main.models["openai/b"].params == {"temperature": 0.9, "top_p": 1}
    assert main.models["openai/b"].param_sources["top_p"] == "agents.entries.main.models.openai/b.params"
    assert work.models["openai/b"].params == {"temperature": 0.5}


def test_credential_order_profile_env_config():
    model = model_from({
        "auth": {"profiles": {"anthropic:key": {"provider": "anthropic", "mode": "api_key"},
                              "anthropic:sub": {"provider": "anthropic", "mode": "token"}}},
        "agents": {"defaults": {"model": "anthropic/claude-sonnet-4-6"}},
        "models": {"providers": {"anthropic": {"apiKey": {"source": "env", "provider": "default", "id": "MY_KEY"}}}},
    }, env={"ANTHROPIC_API_KEY": "x"})
    cands = model.agents["main"].auth["anthropic"].candidates
    # Without an explicit order, subscription profiles come before API keys.
    assert [(c.kind, c.name) for c in cands] == [
        ("profile", "anthropic:sub"), ("profile", "anthropic:key"), ("env", "ANTHROPIC_OAUTH_TOKEN"),
        ("env", "ANTHROPIC_API_KEY"), ("secret-ref", "models.providers.anthropic.apiKey")]
    # OpenClaw tries the declared profiles first: without the stores, the first of them is the
    # answer (unverified), not the env key that comes after it.
    chosen = model.agents["main"].auth["anthropic"].chosen
    assert (chosen.name, chosen.present, chosen.mode) == ("anthropic:sub", None, "token")


def test_env_known_makes_absence_a_fact():
    unknown = model_from({"agents": {"defaults": {"model": "anthropic/x"}}})
    known = model_from({"agents": {"defaults": {"model": "anthropic/x"}}}, env_known=True)
    assert {c.present for c in unknown.agents["main"].auth["anthropic"].candidates} == {None}
    assert {c.present for c in known.agents["main"].auth["anthropic"].candidates} == {False}


def test_oauth_env_token_is_subscription():
    model = model_from({"agents": {"defaults": {"model": "anthropic/x"}}}, env={"ANTHROPIC_OAUTH_TOKEN": "t"})
    pauth = model.agents["main"].auth["anthropic"]
    assert pauth.mode == "oauth" and pauth.subscription


def test_bedrock_uses_aws_sdk():
    model = model_from({"agents": {"defaults": {"model": "amazon-bedrock/us.anthropic.claude-sonnet-4-6-v1:0"}}})
    assert model.agents["main"].auth["amazon-bedrock"].candidates[0].kind == "aws-sdk"


def test_state_db_store_is_inherited_by_every_agent(tmp_path):
    write_shared_store(tmp_path, store(anthropic__manual=api_key("anthropic")))
    write_agent_store(tmp_path, "work", store(anthropic__work=api_key("anthropic")))
    model = model_from({"agents": {"ownership": "explicit", "defaults": {"model": "anthropic/x"},
                                   "entries": {"main": {}, "work": {}}}}, state_dir=str(tmp_path))
    main = [c.name for c in model.agents["main"].auth["anthropic"].candidates if c.present]
    work = [c.name for c in model.agents["work"].auth["anthropic"].candidates if c.present]
    assert main == ["anthropic:manual"]                       # e7c: main sees only its own
    assert sorted(work) == ["anthropic:manual", "anthropic:work"]  # e7b: work sees both


def test_legacy_main_inherits_from_the_inheritance_owner(tmp_path):
    write_agent_store(tmp_path, "work", store(anthropic__work=api_key("anthropic")))
    config = {"agents": {"ownership": "explicit", "defaults": {"model": "anthropic/x"},
                         "entries": {"main": {}, "work": {}, "third": {}}}}
    plain = model_from(config, state_dir=str(tmp_path))
    assert plain.agents["third"].auth["anthropic"].chosen is None          # e8b: inherits main's (empty) store
    config["agents"]["defaults"]["authInheritance"] = {"agentId": "work"}
    inherit = model_from(config, state_dir=str(tmp_path))
    assert inherit.agents["third"].auth["anthropic"].chosen.name == "anthropic:work"


def test_store_type_contradicting_config_mode_is_skipped(tmp_path):
    write_shared_store(tmp_path, store(anthropic__me={"type": "oauth", "provider": "anthropic", "access": "a"}))
    model = model_from({"auth": {"profiles": {"anthropic:me": {"provider": "anthropic", "mode": "api_key"}}},
                        "agents": {"defaults": {"model": "anthropic/x"}}}, state_dir=str(tmp_path))
    cand = model.agents["main"].auth["anthropic"].candidates[0]
    assert cand.present is False and "store holds oauth" in cand.note


@pytest.mark.parametrize("config", [
    {"agents": 5}, {"agents": {"defaults": "x", "entries": []}}, {"agents": {"entries": {"a": None}}},
    {"agents": {"defaults": {"model": {"primary": 3, "fallbacks": "x"}, "models": [], "params": []}}},
    {"auth": {"profiles": [], "order": {"anthropic": "x"}}}, {"models": {"providers": {"x": {"models": "y"}}}},
    {"agents": {"defaults": {"models": {"a/b": {"params": {"cacheRetention": ["long"]}, "alias": 5}}}}},
])
def test_never_fails_on_wrong_shapes(config):
    from oclc.rules import run_checks

    model = model_from(config)
    assert "main" in model.agents or model.agents
    run_checks(model)


def _fuzz_configs():
    from hypothesis import strategies as st

    scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=12),
                        st.sampled_from(["anthropic/claude-sonnet-4-6", "fast", "", "a/", "x@y", "long", "1h",
                                         "anthropic:work", "${X}", "main", "Main"]))
    values = st.recursive(scalars, lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["model", "primary", "fallbacks", "models", "params", "alias",
                                         "cacheRetention", "cacheControlTtl", "agentId", "provider", "mode",
                                         "apiKey", "api", "baseUrl", "id", "main", "work"]), inner, max_size=4)),
        max_leaves=12)
    return st.fixed_dictionaries({}, optional={
        "agents": st.fixed_dictionaries({}, optional={
            "defaults": values, "entries": st.dictionaries(st.sampled_from(["main", "Work", "x y"]), values,
                                                          max_size=3), "ownership": values}),
        "auth": st.fixed_dictionaries({}, optional={"profiles": values, "order": values}),
        "models": st.fixed_dictionaries({}, optional={"providers": st.dictionaries(
            st.sampled_from(["anthropic", "mycorp", "ollama"]), values, max_size=2)}),
    })


def test_any_shape_resolves_checks_and_compiles():
    from hypothesis import given, settings

    from oclc.render.compiled import compile_document
    from oclc.render.explain import explain_text
    from oclc.pipeline import FileResult
    from oclc.rules import run_checks

    @settings(max_examples=300, deadline=None)
    @given(_fuzz_configs())
    def run(config):
        model = model_from(config)
        result = FileResult("fuzz.json5", loaded=model.loaded, model=model, diagnostics=run_checks(model))
        compile_document(result)
        explain_text(result)

    run()


def test_auth_header_counts_as_a_credential():
    config = {"agents": {"defaults": {"model": "mycorp/m"}}, "models": {"providers": {"mycorp": {
        "baseUrl": "https://llm.example.com", "models": [{"id": "m", "name": "M"}],
        "headers": {"Authorization": "Bearer abc"}}}}}
    chosen = model_from(config).agents["main"].auth["mycorp"].chosen
    assert chosen.name == "models.providers.mycorp.headers.Authorization" and chosen.present is True


def test_empty_primary_falls_back_to_the_builtin_default_and_keeps_fallbacks():
    # `openclaw models status` on this config: resolvedDefault openai/gpt-6-astra, fallbacks [openai/gpt-5.4].
    agent = model_from({"agents": {"defaults": {"model": {"primary": "", "fallbacks": ["openai/gpt-5.4"]}}}}).agents["main"]
    assert agent.primary.key == "openai/gpt-6-astra" and agent.primary.status == "empty"
    assert [r.key for r in agent.fallbacks] == ["openai/gpt-5.4"]


def test_a_pinned_profile_decides_only_for_the_model_it_is_pinned_to(tmp_path):
    """`model@profile` pins that model's requests to the profile; the agent's other models of the
    same provider still go through auth.order, so the credential (and OC405) is decided per model."""
    from oclc.pipeline import Options, check

    config = tmp_path / "openclaw.json5"
    config.write_text("""{
      auth: {
        profiles: {
          "anthropic:api": { provider: "anthropic", mode: "api_key" },
          "anthropic:sub": { provider: "anthropic", mode: "token" },
        },
        order: { anthropic: ["anthropic:api", "anthropic:sub"] },
      },
      agents: {
        defaults: { models: { "anthropic/claude-haiku-4-5": { params: { cacheRetention: "long" } } } },
        entries: { main: {
          model: "anthropic/claude-opus-4-1@anthropic:sub",
          models: { "anthropic/claude-opus-4-1": { params: { cacheRetention: "long" } } },
        } },
      },
    }""")
    result = check(str(config), options=Options(env={}))
    agent = result.model.agents["main"]
    opus, haiku = agent.models["anthropic/claude-opus-4-1"], agent.models["anthropic/claude-haiku-4-5"]
    # On OpenClaw's own transport a subscription is sent the same markers (recorded: multi-profile-pin).
    assert (opus.credential.name, opus.subscription, opus.cache.honoured) == ("anthropic:sub", True, True)
    assert (haiku.credential.name, haiku.subscription, haiku.cache.honoured) == ("anthropic:api", False, True)
    # The provider summary follows the agent's chain: its primary is pinned.
    assert agent.auth["anthropic"].chosen.name == "anthropic:sub"
    subscription_findings = [d for d in result.diagnostics if d.code == "OC405"]
    assert [d.path for d in subscription_findings] == [
        ("agents", "entries", "main", "models", "anthropic/claude-opus-4-1", "params", "cacheRetention")]
