"""Redaction of secret values, for every output that shows config values (compile, explain, renderers).

A value is secret when its key is named like a credential (apiKey, token, password, secret, key, ...;
not counts such as maxTokens) or when the string itself has the shape of a known token format.
SecretRef objects and `${VAR}` / `$VAR` references are not secrets and stay visible.
"""
from __future__ import annotations

import re
from typing import Any

REDACTED = "<redacted>"

# Key names (lower-cased, without - and _) that hold credentials.
_SECRET_NAMES = {
    "apikey", "key", "token", "password", "passwd", "secret", "clientsecret", "accesstoken", "refreshtoken",
    "bottoken", "apptoken", "authtoken", "bearertoken", "pushtoken", "sessionkey", "privatekey", "signingsecret",
    "webhooksecret", "authorization", "cookie", "access", "refresh", "credentials", "secretkey", "accesskey",
    "encryptkey", "verificationtoken", "appsecret", "pat",
}
_SECRET_SUFFIXES = ("apikey", "token", "password", "secret", "privatekey", "accesskey", "secretkey")
# Names that end like a secret but hold counts, limits or non-secret settings.
_NOT_SECRET = {"maxtokens", "contexttokens", "tokens", "tokenlimit", "maxoutputtokens", "tokenbudget",
               "reservetokens", "keepalivetoken"}

TOKEN_SHAPES = [
    re.compile(p)
    for p in (
        r"sk-ant-[A-Za-z0-9_-]{12,}",
        r"sk-(?:proj-|or-v1-|svcacct-)?[A-Za-z0-9_-]{20,}",
        r"gh[pousr]_[A-Za-z0-9]{20,}",
        r"github_pat_[A-Za-z0-9_]{20,}",
        r"xox[abposr]-[A-Za-z0-9-]{10,}",
        r"AIza[0-9A-Za-z_-]{30,}",
        r"AKIA[0-9A-Z]{16}",
        r"\b\d{8,10}:[A-Za-z0-9_-]{35}\b",          # Telegram bot token
        r"gsk_[A-Za-z0-9]{20,}",
        r"xai-[A-Za-z0-9]{20,}",
        r"hf_[A-Za-z0-9]{20,}",
        r"eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]+",  # JWT
    )
]
_REFERENCE = re.compile(r"^\$\{[A-Z_][A-Z0-9_]*\}$|^\$[A-Z_][A-Z0-9_]*$")


def normalized_key(key: Any) -> str:
    return str(key).lower().replace("-", "").replace("_", "")


# Environment-variable style names (OPENAI_API_KEY, DB_PASS) end in these when they hold credentials.
_ENV_SECRET_SUFFIXES = ("_KEY", "_PASS", "_PWD", "_AUTH", "_CREDENTIAL", "_CREDENTIALS", "_SECRET", "_TOKEN",
                        "_PASSWORD")


def is_secret_key(key: Any) -> bool:
    name = normalized_key(key)
    if name in _NOT_SECRET:
        return False
    if name in _SECRET_NAMES or name.endswith(_SECRET_SUFFIXES):
        return True
    raw = str(key)
    return raw.isupper() and raw.endswith(_ENV_SECRET_SUFFIXES)


def looks_like_token(text: str) -> bool:
    return any(p.search(text) for p in TOKEN_SHAPES)


def is_reference(text: str) -> bool:
    """`${VAR}` or `$VAR`: names a variable, holds no secret."""
    return bool(_REFERENCE.match(text.strip()))


def is_secret_ref(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("source"), str) and "id" in value


def redact_string(text: str) -> str:
    """Mask token-shaped substrings of a free-text value."""
    for pattern in TOKEN_SHAPES:
        text = pattern.sub(REDACTED, text)
    return text


def mask_tokens(text: str) -> str:
    """Token-shaped substrings replaced by asterisks of the same length, so positions hold."""
    for pattern in TOKEN_SHAPES:
        text = pattern.sub(lambda m: "*" * len(m.group(0)), text)
    return text


def redact(value: Any, *, key: Any = None) -> Any:
    """A deep copy of `value` with every secret string replaced by REDACTED."""
    if isinstance(value, dict):
        if is_secret_ref(value):
            return dict(value)
        if key == "headers":
            # Header names are free-form (X-Custom-Auth); any header value may be a credential.
            return {k: REDACTED if isinstance(v, str) and v and not is_reference(v) else redact(v, key=k)
                    for k, v in value.items()}
        return {k: redact(v, key=k) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(v, key=key) for v in value]
    if isinstance(value, str):
        if key is not None and is_secret_key(key) and value and not is_reference(value):
            return REDACTED
        return redact_string(value)
    return value
