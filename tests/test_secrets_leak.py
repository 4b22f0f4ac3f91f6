"""No output ever shows a secret: every lint format, `--diff`, `--statistics`, `compile` and
`explain` (text and json) run over every corpus config and over configs with planted secrets
(provider API keys, gateway tokens and passwords, channel bot tokens, header values, `${VAR}`
values from the environment and from --env-file, SecretRef-resolved values, credential stores in
--state-dir, included files), next to errors that quote the source around them."""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from hostilelib import assert_no_crash, corpus_configs, run_cli
from oclc.redact import is_reference, is_secret_key, is_secret_ref, looks_like_token
from statelib import store, write_agent_store, write_shared_store

LINT_FORMATS = ("text", "concise", "json", "sarif", "github", "junit")


def _secret(label: str, shape: str = "plain") -> str:
    """A unique value that cannot turn up in output by chance."""
    core = hashlib.sha256(label.encode()).hexdigest()[:24]
    if shape == "anthropic":
        return f"sk-ant-api03-{core}"
    if shape == "openai":
        return f"sk-proj-{core}"
    if shape == "github":
        return f"ghp_{core}ABCDEFGHIJKLMNOP"
    if shape == "telegram":
        return f"7312345678:AAH{core}abcdefghijk"
    if shape == "number":
        return str(int(core, 16))[:12]
    return f"plnt-{core}"


SECRETS = {
    name: _secret(name, shape)
    for name, shape in [
        ("provider-api-key", "plain"), ("provider-api-key-shaped", "anthropic"), ("gateway-token", "plain"),
        ("gateway-password", "plain"), ("telegram-bot-token", "telegram"), ("slack-bot-token", "plain"),
        ("slack-app-token", "plain"), ("discord-token", "plain"), ("header-value", "plain"),
        ("env-file-key", "openai"), ("env-file-unused", "plain"), ("process-env-key", "plain"),
        ("secretref-env", "plain"), ("env-block-key", "plain"), ("substituted-into-url", "plain"),
        ("store-agent-key", "plain"), ("store-agent-token", "plain"), ("store-oauth-access", "plain"),
        ("store-oauth-refresh", "plain"), ("store-shared-key", "plain"), ("legacy-file-key", "plain"),
        ("legacy-auth-json-key", "plain"), ("duplicate-first", "plain"), ("duplicate-second", "plain"),
        ("wrong-type-token", "plain"), ("unknown-key-token", "plain"), ("token-in-enum", "github"),
        ("token-in-comment", "github"), ("include-key", "plain"), ("include-broken-key", "plain"),
        ("syntax-line-key", "plain"), ("syntax-near-key", "plain"), ("misspelt-key", "plain"),
        # the shapes of SHAPES_CONFIG
        ("env-file-in-enum", "plain"), ("default-in-secret-field", "plain"), ("default-in-url", "plain"),
        ("escaped-value", "anthropic"), ("escaped-key", "anthropic"), ("token-key", "anthropic"),
        ("model-pin", "anthropic"), ("numeric-password", "number"), ("url-password", "plain"),
        ("url-user-token", "plain"), ("commented-password", "plain"), ("commented-token", "plain"),
        ("duplicate-on-one-line", "plain"),
        ("syntax-numeric-password", "number"), ("syntax-commented-password", "plain"),
        ("syntax-escaped-value", "anthropic"),
    ]
}


def leaks(text: str, secrets) -> list[str]:
    """The secrets that appear in `text`, whole or as any 12-character piece of their unique part
    (a snippet cut to the terminal width must not show half a key either)."""
    found = []
    # Case does not hide a secret (a token-shaped key turned into the env var name SK_ANT_...).
    text = text.lower()
    for secret in secrets:
        secret = secret.lower()
        core = secret.split("-")[-1] if secret.startswith(("plnt-", "sk-")) else secret
        pieces = {core[i:i + 12] for i in range(0, max(1, len(core) - 11))}
        if secret in text or any(piece in text for piece in pieces):
            found.append(secret)
    return found


def outputs(config: Path, *extra: str, env: dict[str, str] | None = None):
    """Every report oclc can make about `config`, as (what, run)."""
    for output_format in LINT_FORMATS:
        yield f"lint --format {output_format}", run_cli("lint", "--format", output_format, *extra, str(config), env=env)
    yield "lint --statistics", run_cli("lint", "--statistics", *extra, str(config), env=env)
    yield "lint --diff", run_cli("lint", "--diff", *extra, str(config), env=env)
    yield "compile", run_cli("compile", *extra, str(config), env=env)
    yield "explain", run_cli("explain", *extra, str(config), env=env)
    yield "explain --format json", run_cli("explain", "--format", "json", *extra, str(config), env=env)


def assert_no_leaks(config: Path, secrets, *extra: str, env: dict[str, str] | None = None) -> None:
    problems = []
    for what, run in outputs(config, *extra, env=env):
        assert_no_crash(run)
        found = leaks(run.output, secrets)
        if found:
            problems.append(f"{what} shows {', '.join(found)}:\n{run.output}")
    assert not problems, "\n\n".join(problems)


# --- planted secrets -------------------------------------------------------------------------------

S = SECRETS


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def planted(tmp_path):
    """A config directory with secrets everywhere OpenClaw keeps them, a state dir and an env file."""
    state = tmp_path / "state"
    write_agent_store(state, "main", store(
        anthropic__default={"type": "api_key", "provider": "anthropic", "key": S["store-agent-key"]},
        openai__tok={"type": "token", "provider": "openai", "token": S["store-agent-token"]},
        openai_codex__me={"type": "oauth", "provider": "openai-codex", "access": S["store-oauth-access"],
                          "refresh": S["store-oauth-refresh"], "expires": 1},
    ))
    write_shared_store(state, store(google__shared={"type": "api_key", "provider": "google",
                                                   "key": S["store-shared-key"]}))
    agent_dir = state / "agents" / "main" / "agent"
    _write(agent_dir / "auth-profiles.json", json.dumps(store(
        anthropic__legacy={"type": "api_key", "provider": "anthropic", "key": S["legacy-file-key"]})))
    _write(agent_dir / "auth.json", json.dumps({"openai": {"type": "api_key", "key": S["legacy-auth-json-key"]}}))
    env_file = _write(tmp_path / "gateway.env", f"OPENAI_API_KEY={S['env-file-key']}\n"
                                               f"UNUSED_SECRET={S['env-file-unused']}\n"
                                               f"export REF_SECRET={S['secretref-env']}\n")
    return tmp_path, state, env_file


VALID_CONFIG = f"""{{
  // a config OpenClaw accepts, with a secret in every usual place
  env: {{ vars: {{ BLOCK_KEY: "{S['env-block-key']}" }} }},
  gateway: {{
    mode: "local",
    auth: {{ mode: "token", token: "{S['gateway-token']}" }},
  }},
  models: {{
    providers: {{
      custom: {{
        baseUrl: "https://llm.example.com/v1?key=${{PROCESS_KEY}}",
        apiKey: "{S['provider-api-key']}",
        api: "openai-completions",
        headers: {{ "X-Custom-Auth": "{S['header-value']}" }},
        models: [{{ id: "m1", name: "M1" }}],
      }},
      anthropic: {{
        baseUrl: "https://api.anthropic.com",
        apiKey: "{S['provider-api-key-shaped']}",
        models: [],
      }},
      openai: {{ baseUrl: "https://api.openai.com/v1", apiKey: "${{OPENAI_API_KEY}}", models: [] }},
      google: {{
        baseUrl: "https://generativelanguage.googleapis.com",
        apiKey: {{ source: "env", provider: "default", id: "REF_SECRET" }},
        models: [],
      }},
      groq: {{ baseUrl: "https://api.groq.com/openai/v1", apiKey: "${{BLOCK_KEY}}", models: [] }},
    }},
  }},
  channels: {{
    telegram: {{ botToken: "{S['telegram-bot-token']}" }},
    slack: {{ botToken: "{S['slack-bot-token']}", appToken: "{S['slack-app-token']}" }},
    discord: {{ token: "{S['discord-token']}" }},
  }},
  agents: {{
    defaults: {{ model: {{ primary: "anthropic/claude-sonnet-4-6", fallbacks: ["openai/gpt-5", "custom/m1"] }} }},
  }},
}}
"""

ERRORS_CONFIG = f"""{{
  // old key, rotated: {S['token-in-comment']}
  gateway: {{
    auth: {{
      mode: "{S['token-in-enum']}",
      token: ["{S['wrong-type-token']}"],
      authToken: "{S['unknown-key-token']}",
    }},
  }},
  models: {{
    providers: {{
      openai: {{
        baseUrl: "https://api.openai.com/v1",
        apiKey: "{S['duplicate-first']}",
        apiKey: "{S['duplicate-second']}",
        apikey: "{S['misspelt-key']}",
        models: [],
      }},
      inc: {{ $include: "./provider.json5" }},
    }},
  }},
}}
"""


def _escaped(token: str) -> str:
    """`token` as JSON5 text with one character written as an escape: the text as written no
    longer has the token's shape, the value does."""
    return token.replace("a", "\\u0061", 1)


# Every shape in which a secret has been seen to escape masking: a credential-named variable's
# value where a message quotes the value (OC204), the default of a `${VAR:-default}` (OC123), a key
# written with an escape, a token-shaped object key (on a finding's path, and turned into an env
# var name), a `model@profile` pin, a number as a password, URL userinfo, commented-out secrets.
SHAPES_CONFIG = f"""{{
  gateway: {{
    mode: "${{MODE_SECRET}}",
    auth: {{ mode: "password", password: {S['numeric-password']} }},
  }},
  models: {{
    providers: {{
      custom: {{
        baseUrl: "https://llm.example.com/${{REGION:-{S['default-in-url']}}}",
        apiKey: "${{custom_key:-{S['default-in-secret-field']}}}",
        api: "openai-completions",
        models: [],
      }},
      // password: "{S['commented-password']}"
      // token: {S['commented-token']}
      openai: {{ baseUrl: "https://api.openai.com/v1", apiKey: "secretref-env:OPENAI_API_KEY", models: [{{ id: "m1", name: "{_escaped(S['escaped-value'])}" }}] }},
      "{_escaped(S['escaped-key'])}": {{ baseUrl: "https://y.example.com", models: [], bogus: 2 }},
      twice: {{ apiKey: "{S['duplicate-on-one-line']}", apiKey: "${{OPENAI_API_KEY}}", baseUrl: "https://deploy:{S['url-password']}@z.example.com/v1", models: [] }},
      mirror: {{ baseUrl: "https://{S['url-user-token']}@mirror.example.com/v1", models: [] }},
      "{S['token-key']}": {{ baseUrl: "https://x.example.com", apiKey: "{S['provider-api-key']}", models: [], bogus: 1 }},
    }},
  }},
  agents: {{ defaults: {{ model: {{ primary: "anthropic/claude-sonnet-4-6@{S['model-pin']}" }} }} }},
}}
"""


def test_every_secret_shape_is_masked_in_every_output(planted):
    directory, state, env_file = planted
    with env_file.open("a", encoding="utf-8") as handle:
        handle.write(f"MODE_SECRET={S['env-file-in-enum']}\n")
    config = _write(directory / "openclaw.json5", SHAPES_CONFIG)
    run = run_cli("lint", "--format", "concise", "--env-file", str(env_file), str(config))
    # The findings that quote these values really are made (so the masking is what hides them).
    for code in ("OC107", "OC123", "OC201", "OC203", "OC204", "OC601", "OC603"):
        assert f" {code} " in run.output, run.output
    # The diff's context holds the commented-out secrets, and its changed line the escaped key.
    diff = run_cli("lint", "--diff", str(config)).output
    assert "-      openai: {" in diff and "// password: " in diff and "bogus: 2" in diff, diff
    assert_no_leaks(config, SECRETS.values(), "--env-file", str(env_file), "--state-dir", str(state))


def test_planted_secrets_in_a_valid_config_never_show(planted):
    directory, state, env_file = planted
    config = _write(directory / "openclaw.json5", VALID_CONFIG)
    env = {"PROCESS_KEY": S["process-env-key"]}
    assert_no_leaks(config, SECRETS.values(), "--env-file", str(env_file), "--state-dir", str(state), env=env)


def test_planted_secrets_next_to_errors_never_show(planted):
    directory, state, env_file = planted
    _write(directory / "provider.json5", f'{{ baseUrl: 42, apiKey: "{S["include-key"]}", models: "none" }}')
    config = _write(directory / "openclaw.json5", ERRORS_CONFIG)
    run = run_cli("lint", "--format", "concise", str(config))
    # The errors really are reported (so their snippets and messages were rendered).
    for code in ("OC107", "OC201"):
        assert code in run.output, run.output
    assert_no_leaks(config, SECRETS.values(), "--env-file", str(env_file), "--state-dir", str(state))


@pytest.mark.parametrize("broken_line", [
    f'      apiKey: "{S["syntax-line-key"]}" broken,',       # the error is on the secret's own line
    f'      apiKey: "{S["syntax-line-key"]}",\n      ]',       # the error is on the next line
    f'      apiKey: "{S["syntax-line-key"]}\n',               # the secret's string is never closed
    f"      apiKey: '{S['syntax-line-key']}', `",
    f"      password: {S['syntax-numeric-password']} broken,",
    f'      // password: "{S["syntax-commented-password"]}"\n      ]',
    f'      name: "{_escaped(S["syntax-escaped-value"])}" broken,',
])
def test_secrets_around_a_syntax_error_never_show(tmp_path, broken_line):
    text = ("{\n  models: {\n    providers: {\n      openai: {\n"
            f'      apiKey: "{S["syntax-near-key"]}",\n'
            f"{broken_line}\n"
            "      },\n    },\n  },\n}\n")
    config = _write(tmp_path / "openclaw.json5", text)
    run = run_cli("lint", "--format", "concise", str(config))
    assert "OC101" in run.output
    assert_no_leaks(config, [S["syntax-near-key"], S["syntax-line-key"], S["syntax-numeric-password"],
                             S["syntax-commented-password"], S["syntax-escaped-value"]])


def test_secrets_in_a_broken_included_file_never_show(tmp_path):
    _write(tmp_path / "provider.json5", f'{{\n  baseUrl: "https://x",\n  apiKey: "{S["include-broken-key"]}" oops\n}}\n')
    config = _write(tmp_path / "openclaw.json5", '{ models: { providers: { x: { $include: "./provider.json5" } } } }')
    run = run_cli("lint", "--format", "concise", str(config))
    assert "OC114" in run.output
    assert_no_leaks(config, [S["include-broken-key"]])


def test_secrets_on_standard_input_never_show():
    for output_format in LINT_FORMATS:
        run = run_cli("lint", "--format", output_format, "-",
                      input=ERRORS_CONFIG.replace('$include: "./provider.json5"', "models: []"))
        assert_no_crash(run)
        assert not leaks(run.output, SECRETS.values()), run.output


def test_the_leak_check_itself_finds_a_secret():
    """`leaks` must see a whole secret and a cut-off piece of one, or the tests above prove nothing."""
    secret = S["provider-api-key"]
    assert leaks(f"apiKey: {secret}", [secret]) == [secret]
    assert leaks(f"apiKey: …{secret[9:25]}…", [secret]) == [secret]
    assert leaks("apiKey: <redacted>", [secret]) == []


# --- the corpus ----------------------------------------------------------------------------------

def _corpus_secrets(value, key=None) -> set[str]:
    """Values in a real config that must not be printed: strings under credential-named keys and
    anything shaped like a known token. Short values are skipped: they are placeholders such as
    "none" that also occur in ordinary words of a message."""
    found: set[str] = set()
    if isinstance(value, dict):
        if is_secret_ref(value):
            return found
        for child_key, child in value.items():
            found |= _corpus_secrets(child, child_key)
    elif isinstance(value, list):
        for item in value:
            found |= _corpus_secrets(item, key)
    elif isinstance(value, str) and len(value) >= 12 and not is_reference(value) and "${" not in value:
        if (key is not None and is_secret_key(key)) or looks_like_token(value):
            found.add(value)
    return found


def _other_strings(value, secrets: set[str]) -> set[str]:
    """Every key and string in the config that is not one of `secrets`."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, child in value.items():
            found.add(str(key))
            found |= _other_strings(child, secrets)
    elif isinstance(value, list):
        for item in value:
            found |= _other_strings(item, secrets)
    elif isinstance(value, str) and value not in secrets:
        found.add(value)
    return found


_ENV_NAME = re.compile(r"^[A-Z][A-Z0-9_]*$")


def corpus_secrets(config) -> set[str]:
    """The corpus' secrets, less the ones output may show for another reason: a placeholder that
    is an env var's name (OC601 names it on purpose), or one that is also a provider id, a key or
    part of an ordinary value ("ollama-local")."""
    secrets = {s for s in _corpus_secrets(config) if not _ENV_NAME.match(s)}
    others = _other_strings(config, secrets)
    return {s for s in secrets if not any(s in other for other in others)}


CORPUS = corpus_configs()


def in_process_outputs(path: Path):
    """Every report about one config, rendered in-process (the CLI adds nothing to what is shown
    and would run the pipeline eleven times per file)."""
    from oclc.render import explain
    from oclc.render.compiled import compile_document
    from oclc.pipeline import Options, check
    from oclc.render import RenderOptions, file_report, render

    result = check(str(path), options=Options(env={}))
    report = file_report(result)
    for output_format in LINT_FORMATS:
        yield f"lint --format {output_format}", render(output_format, [report], RenderOptions())
    if result.source is not None:
        yield "compile", json.dumps(compile_document(result), ensure_ascii=False)
        yield "explain", explain.explain_text(result)
        yield "explain --format json", json.dumps(explain.explain_data(result), ensure_ascii=False)


@pytest.mark.skipif(not CORPUS, reason="shared/corpus is not beside the repository")
def test_no_corpus_config_secret_shows_in_any_output():
    import json5

    checked = 0
    problems = []
    for path in CORPUS:
        try:
            secrets = corpus_secrets(json5.loads(path.read_text(encoding="utf-8")))
        except ValueError:
            continue
        if not secrets:
            continue
        checked += 1
        for what, text in in_process_outputs(path):
            for secret in secrets:
                if secret in text:
                    problems.append(f"{path.name}: {what} shows {secret!r}")
    assert checked >= 100
    assert not problems, "\n".join(problems[:40])


@pytest.mark.skipif(not CORPUS, reason="shared/corpus is not beside the repository")
def test_corpus_outputs_through_the_cli_match_the_in_process_check():
    """The in-process rendering above stands for the CLI: spot-check a few configs both ways."""
    import json5

    picked = [p for p in CORPUS if p.suffix in (".json", ".json5")][:: max(1, len(CORPUS) // 8)]
    for path in picked:
        try:
            secrets = corpus_secrets(json5.loads(path.read_text(encoding="utf-8")))
        except ValueError:
            secrets = set()
        for what, run in outputs(path, env={}):
            assert_no_crash(run)
            assert not [s for s in secrets if s in run.output], (path.name, what)


# --- what masking shows ----------------------------------------------------------------------------

EXACT_CONFIG = """{
  gateway: { mode: "${MODE_TOKEN}", auth: { mode: "password", password: 12345678 } },
  models: {
    providers: {
      custom: {
        baseUrl: "https://deploy:hunter2hunter2@llm.example.com/v1/${REGION:-eu-west-secret}",
        apiKey: "sk-ant-\\u0061pi03-abcdefghijklmnop", // token: "old-rotated-token"
        models: [{ id: "m1", name: "M1" }],
      },
      "sk-ant-api03-keyshapedkey0000": { baseUrl: "https://x.example.com", models: [], bogus: 1 },
    },
  },
  agents: { defaults: { model: { primary: "anthropic/claude-sonnet-4-5@sk-ant-api03-pinnedprofile00" } } },
}
"""


def test_masking_hides_the_secret_and_keeps_the_rest_readable(tmp_path):
    """Exactly what is hidden: the secret part, not the model id, key name or message around it."""
    env_file = _write(tmp_path / "ci.env", "MODE_TOKEN=plnt-modevalue-123456\n")
    config = _write(tmp_path / "openclaw.json5", EXACT_CONFIG)
    text = run_cli("lint", "--env-file", str(env_file), str(config)).output
    for line in [
        'OC204 error: gateway.mode: invalid value "<redacted>"; expected one of "local", "remote"',
        '2 |   gateway: { mode: "${MODE_TOKEN}", auth: { mode: "password", password: ******** } },',
        "OC123 warning: `${REGION:-<redacted>}` is not substituted: OpenClaw expands only `${NAME}`",
        '6 |         baseUrl: "https://*********************@llm.example.com/v1/${REGION:-**************}",',
        '7 |         apiKey: "**********************************", // token: "*****************"',
        'OC201 error: unknown key "bogus" in models.providers.<redacted>',
        '10 |       "*****************************": { baseUrl: "https://x.example.com", models: [], bogus: 1 },',
        "OC302 warning: 'anthropic/claude-sonnet-4-5@<redacted>' pins auth profile '<redacted>', which is not "
        "configured",
        '13 |   agents: { defaults: { model: { primary: "anthropic/claude-sonnet-4-5@****************************" } '
        '} },',
    ]:
        assert line in text, f"{line}\n---\n{text}"
    records = json.loads(run_cli("lint", "--format", "json", str(config)).output)
    assert ["models", "providers", "<redacted>", "bogus"] in [r["path"] for r in records]
    explained = run_cli("explain", str(config)).output
    assert ("  model       anthropic/claude-sonnet-4-5 (written 'anthropic/claude-sonnet-4-5@<redacted>')  "
            "[agents.defaults.model.primary]\n") in explained
    compiled = json.loads(run_cli("compile", "--env-file", str(env_file), str(config)).stdout)
    assert compiled["config"]["gateway"] == {"mode": "<redacted>", "auth": {"mode": "password", "password": "<redacted>"}}
    providers = compiled["config"]["models"]["providers"]
    assert providers["custom"]["baseUrl"] == "https://<redacted>@llm.example.com/v1/${REGION:-<redacted>}"
    assert sorted(providers) == ["<redacted>", "custom"]
    assert compiled["config"]["agents"]["defaults"]["model"]["primary"] == "anthropic/claude-sonnet-4-5@<redacted>"
    assert compiled["agents"]["main"]["model"]["primary"] == "anthropic/claude-sonnet-4-5"


def test_known_secrets_are_values_worth_hiding():
    """A credential field's value is hidden wherever it turns up, unless it is a placeholder, a
    reference, an env var's name or too short to tell from ordinary words."""
    from oclc.redact import known_secrets

    config = {
        "a": {"apiKey": "plnt-real-secret", "token": "ollama", "password": "OPENAI_API_KEY", "secret": "${X}",
              "key": "abc", "accessToken": "${X:-plnt-default}", "pat": 123456789},
        "b": {"apiKey": {"source": "env", "provider": "default", "id": "SOME_LONG_NAME"}, "name": "plnt-not-secret"},
    }
    env = {"DEPLOY_TOKEN": "plnt-from-env", "HOME": "/home/runner", "GITHUB_TOKEN": ""}
    assert known_secrets(config, env) == {"plnt-real-secret", "plnt-default", "123456789", "plnt-from-env"}


def test_an_internal_error_does_not_quote_a_secret(tmp_path, monkeypatch):
    """A crash's one line names the exception, whose text may hold the value it failed on."""
    import oclc.pipeline

    def explode(*args, **kwargs):
        raise KeyError(S["provider-api-key-shaped"])

    config = _write(tmp_path / "openclaw.json5", "{}\n")
    monkeypatch.setattr(oclc.pipeline, "check", explode)
    run = run_cli("lint", str(config))
    assert run.exit_code == 2
    assert f"oclc: internal error while checking {config}: KeyError: '<redacted>'" in run.output


def test_token_shapes_are_found_whatever_text_surrounds_them():
    """Each token pattern is tried only where its marker occurs (redact.TOKEN_SHAPES): the spans are
    those of every pattern tried everywhere."""
    import random
    import re

    from oclc.redact import _URL_USERINFO, TOKEN_SHAPES, looks_like_token, shape_spans

    compiled = [re.compile(pattern.pattern) for _, pattern in TOKEN_SHAPES]
    pieces = ["sk-ant-", "sk-", "proj-", "ghp_", "gho_", "github_pat_", "xoxb-", "AIza", "AKIA", "123456789:",
              "gsk_", "xai-", "hf_", "eyJ", ".eyJ", ".", "-", "_", ":", " ", "A1b2C3d4E5", "x" * 12, "Z" * 20,
              "0123456789" * 4, "https://", "@"]
    rng = random.Random(14)
    found = 0
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        expected = [m.span() for pattern in compiled for m in pattern.finditer(text)]
        found += bool(expected)
        if "://" in text:
            expected += [m.span(1) for m in _URL_USERINFO.finditer(text)]
        assert shape_spans(text) == expected, text
        assert looks_like_token(text) == any(pattern.search(text) for pattern in compiled), text
    assert found > 5000     # the texts do hold tokens
