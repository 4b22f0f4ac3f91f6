"""OC6xx: secrets in the config. Messages never contain a secret value, only where it is.

OpenClaw says nothing about plaintext keys (case 067), retired marker strings (068) or SecretRefs
that cannot resolve (061, 064); these rules do.
"""
from __future__ import annotations

import functools
import re

from ..diagnostics import ERROR, WARNING, Edit, Fix, Path
from ..diagnostics.registry import rule
from ..redact import (
    ENV_NAME,
    is_placeholder,
    is_reference,
    is_secret_ref,
    looks_like_token,
    normalized_key,
)
from ..resolve import env_api_key_marker, known_provider
from .resolved import dotted, emit

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Iterator

# Key names (normalised: lower case, no - or _) whose string values are credentials.
_SECRET_KEYS = {"apikey", "token", "password", "secret", "clientsecret", "bottoken", "apptoken", "accesstoken",
                "refreshtoken", "signingsecret", "webhooksecret", "pushtoken", "authtoken", "privatekey",
                "secretkey", "accesskey", "sessionkey", "bearertoken", "appsecret", "encryptkey",
                "verificationtoken"}
_SECRET_SUFFIXES = ("apikey", "token", "password", "secret")
_NOT_SECRET = {"maxtokens", "contexttokens", "tokens", "maxoutputtokens", "reservetokens", "tokenlimit"}
_RETIRED_MARKER = re.compile(r"^(?:secretref-env:|__env__:)([A-Z_][A-Z0-9_]*)$")


@functools.lru_cache(maxsize=4096)
def _is_secret_key(key: Any) -> bool:
    name = normalized_key(key)
    return name not in _NOT_SECRET and (name in _SECRET_KEYS or name.endswith(_SECRET_SUFFIXES))


def _walk(model) -> tuple[list[tuple[Path, str]], list[tuple[Path, dict]]]:
    """Every string outside SecretRefs, and every SecretRef, with its path, in document order.
    Four rules read the strings and two the refs, and a fleet config has ~100,000 values: the walk
    is done once per model."""
    found = model.derived.get("secrets.walk")
    if found is not None:
        return found
    strings: list[tuple[Path, str]] = []
    refs: list[tuple[Path, dict]] = []
    stack: list[tuple[Path, Any]] = [((), model.value)]
    while stack:
        path, current = stack.pop()
        if isinstance(current, dict):
            if is_secret_ref(current):
                refs.append((path, current))
                continue
            stack.extend(reversed([(path + (key,), item) for key, item in current.items()
                                   if isinstance(item, (dict, list, str))]))
        elif isinstance(current, list):
            stack.extend(reversed([(path + (index,), item) for index, item in enumerate(current)
                                   if isinstance(item, (dict, list, str))]))
        elif isinstance(current, str):
            strings.append((path, current))
    model.derived["secrets.walk"] = (strings, refs)
    return strings, refs


def _strings(model) -> Iterator[tuple[Path, str]]:
    return iter(_walk(model)[0])


def _secret_refs(model) -> Iterator[tuple[Path, dict]]:
    return iter(_walk(model)[1])


def _last_key(path: Path) -> Any:
    return next((p for p in reversed(path) if isinstance(p, str)), None)


def env_name_for(path: Path) -> str:
    """The variable name to suggest for a secret at `path`. A key with the shape of a token is left
    out: upper-cased into a name, it would no longer look like one, and output would show it."""
    if len(path) >= 4 and path[:2] == ("models", "providers") and path[3] == "apiKey":
        env = (known_provider(str(path[2]).lower()) or {}).get("env")
        if env:
            return env[-1]
        provider = "" if looks_like_token(str(path[2])) else str(path[2])
        return re.sub(r"[^A-Z0-9]+", "_", f"{provider}_API_KEY".upper()).strip("_")
    parts = [p for p in path if isinstance(p, str) and p not in ("channels", "accounts", "config", "plugins",
                                                                   "entries", "auth", "providers", "models")
             and not looks_like_token(p)]
    words = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", "_".join(parts[-2:]))
    return re.sub(r"[^A-Z0-9]+", "_", words.upper()).strip("_") or "SECRET"


def _written_literal(model, path: Path) -> bool:
    """False when the value came from a ${VAR} substitution."""
    return tuple(path) not in model.loaded.substituted


@rule("OC601", "plaintext-secret", WARNING, "An API key, token or password is written in the config as plain text.")
def plaintext_secret(model):
    """What: a credential field (apiKey, token, password, secret, botToken, ...) holds a literal value
rather than a `${VAR}` reference or a SecretRef.

Why: config files get copied, committed, pasted into issues and backed up; OpenClaw accepts
plaintext secrets without a warning (case 067). oclc never shows the value.

Example:
    models: { providers: { anthropic: { apiKey: "sk-ant-..." } } }

Fix: put the secret in the environment (or a .env file) and write `"${ANTHROPIC_API_KEY}"`, or a
SecretRef `{ source: "env", provider: "default", id: "ANTHROPIC_API_KEY" }`."""
    for path, text in _strings(model):
        key = _last_key(path)
        if key is None or not _is_secret_key(key) or not text.strip():
            continue
        if is_reference(text) or "${" in text or _RETIRED_MARKER.match(text.strip()):
            continue
        stripped = text.strip()
        if is_placeholder(stripped) or len(stripped) < 4 \
                or not stripped.isascii() or not _written_literal(model, path):
            continue
        if len(path) == 4 and path[:2] == ("models", "providers") and path[3] == "apiKey" \
                and env_api_key_marker(stripped):
            continue  # OpenClaw reads the variable of that name: a marker, not a secret
        if ENV_NAME.match(stripped) and path[:1] != ("env",):
            # The name of a variable, not a secret: OpenClaw would send these letters as the key.
            edit = _replace_value(model, path, "${" + stripped + "}")
            yield emit(model, plaintext_secret, f"{dotted(path)} is the literal text {stripped!r}, which looks like "
                       f"an env var name; OpenClaw uses it as the secret itself", path,
                       help=f'write "${{{stripped}}}" to read the variable',
                       fix=Fix(f"replace with ${{{stripped}}}", (edit,), safe=False) if edit else None)
            continue
        if path[:1] == ("auth",) and path[1:2] == ("profiles",):
            continue
        if path[:1] == ("env",):
            yield emit(model, plaintext_secret, f"{dotted(path)} holds a plaintext secret",
                       path, help="set it in the gateway's environment or ~/.openclaw/.env instead of the config")
            continue
        name = env_name_for(path)
        edit = _replace_value(model, path, "${" + name + "}")
        fix = Fix(f"replace the value with ${{{name}}} (then set {name} in the environment)", (edit,),
                  safe=False) if edit else None
        yield emit(model, plaintext_secret, f"{dotted(path)} holds a plaintext secret", path, fix=fix,
                   help=f'write "${{{name}}}" and set {name} in the environment, or use a SecretRef '
                        f'{{ source: "env", provider: "default", id: "{name}" }}')


@rule("OC602", "secret-shaped-value", WARNING,
      "A value that has the shape of an API key or token, in a field not named as a secret.")
def secret_shaped(model):
    """What: a string that looks like a known credential format (sk-ant-..., sk-..., ghp_..., xoxb-...,
AIza..., a Telegram bot token, a JWT) in a field whose name does not say it is a secret, such as a
URL, a header value or a free-text field.

Why: it is probably a pasted key, stored in plain text where redaction and SecretRef handling do
not apply.

Example:
    models: { providers: { anthropic: {
      headers: { Authorization: "Bearer sk-ant-api03-EXAMPLE-NOT-A-REAL-KEY" },   // a pasted key
    } } }

Fix: move the secret to the environment and reference it with `${VAR}`."""
    for path, text in _strings(model):
        key = _last_key(path)
        if key is not None and _is_secret_key(key):
            continue
        if not _written_literal(model, path) or not looks_like_token(text):
            continue
        yield emit(model, secret_shaped, f"{dotted(path)} looks like it contains an API key or token", path,
                   help="move the secret to the environment and reference it with ${VAR}")


@rule("OC603", "retired-secret-marker", WARNING,
      "A `secretref-env:NAME` / `__env__:NAME` string, which OpenClaw no longer reads as a reference.")
def retired_marker(model):
    """What: a string value `secretref-env:NAME` or `__env__:NAME`.

Why: these markers were retired; OpenClaw 2026.9.6 accepts them as plain strings (case 068) and
only `openclaw doctor --fix` converts them, so until then the literal text is used as the secret.

Example:
    models: { providers: { openai: { apiKey: "secretref-env:OPENAI_API_KEY" } } }
    // OpenClaw sends the text secretref-env:OPENAI_API_KEY as the key

Fix: write `"${NAME}"` (`oclc lint --fix` does it)."""
    for path, text in _strings(model):
        match = _RETIRED_MARKER.match(text.strip())
        if not match:
            continue
        name = match.group(1)
        edit = _replace_value(model, path, "${" + name + "}")
        yield emit(model, retired_marker, f"{text.strip().split(':')[0]}: markers are no longer read as env "
                   f"references; write ${{{name}}}", path,
                   fix=Fix(f"replace with ${{{name}}}", (edit,)) if edit else None)


@rule("OC604", "secretref-undeclared-provider", ERROR,
      "A file or exec SecretRef names a secret provider that is not declared.")
def undeclared_provider(model):
    """What: a SecretRef `{ source: "file" | "exec", provider: "<alias>", id }` whose alias is not
under `secrets.providers`.

Why: only `env` and `store` have an implicit `default` provider. OpenClaw accepts the ref (case
064) but cannot resolve it at runtime, so the credential is missing.

Example:
    apiKey: { source: "file", provider: "vault", id: "/openai/apiKey" }   // no secrets.providers.vault

Fix: declare `secrets.providers.<alias>`, or correct the alias."""
    secrets = model.value.get("secrets") if isinstance(model.value.get("secrets"), dict) else {}
    declared = secrets.get("providers") if isinstance(secrets.get("providers"), dict) else {}
    for path, ref in _secret_refs(model):
        if path[:2] == ("secrets", "providers"):
            continue
        source, alias = ref.get("source"), ref.get("provider")
        if source in ("file", "exec") and isinstance(alias, str) and alias not in declared:
            from .resolved import hint

            yield emit(model, undeclared_provider, f"SecretRef uses {source} provider {alias!r}, which is not "
                       "declared in secrets.providers", path + ("provider",),
                       help=hint(alias, list(declared)) or f"declare secrets.providers.{alias}")


@rule("OC605", "secretref-env-unset", WARNING, "An env SecretRef names a variable that is not set.")
def env_ref_unset(model):
    """What: a SecretRef `{ source: "env", id: "NAME" }` (or a `$NAME` shorthand in a credential
field) whose variable is not set in the gateway's environment as oclc was given it
(`--env-file`, `--env-from-process`). Without an environment, whether it is set is unknown and
OC125 says so once instead.

Why: the credential resolves to nothing at runtime (case 061: the validator does not check it).
The gateway may read more than oclc was given (`.env` files), so this is a warning.

Example:
    apiKey: { source: "env", provider: "default", id: "OPENAI_API_KEY" }   // OPENAI_API_KEY is not set

Fix: set the variable where the gateway runs, or correct its name."""
    if not model.options.env_known:
        return  # whether it is set is unknown: OC125 says so once
    env = model.options.env
    for path, ref in _secret_refs(model):
        if ref.get("source") == "env" and isinstance(ref.get("id"), str) and not env.get(ref["id"]):
            yield emit(model, env_ref_unset, f"SecretRef env variable {ref['id']} is not set, so this credential "
                       "resolves to nothing unless the gateway's environment sets it", path + ("id",),
                       help=f"set {ref['id']} where the gateway runs (or pass it with --env-file), or correct the name")
    for path, text in _strings(model):
        key = _last_key(path)
        if key is not None and _is_secret_key(key) and re.match(r"^\$[A-Z_][A-Z0-9_]*$", text.strip()):
            name = text.strip()[1:]
            if not env.get(name):
                yield emit(model, env_ref_unset, f"{dotted(path)} refers to env variable {name}, which is not set",
                           path, help=f"set {name} where the gateway runs (or pass it with --env-file), or correct "
                                      "the name")


def _replace_value(model, path: Path, text: str) -> Edit | None:
    origin = model.loaded.origins.get(tuple(path))
    if origin is None or origin.value is None:
        return None
    written = origin.source.text[origin.value.start:origin.value.end]
    quote = written[0] if written[:1] in ("'", '"') else '"'
    return Edit(origin.source.name, origin.value.start, origin.value.end, f"{quote}{text}{quote}")
