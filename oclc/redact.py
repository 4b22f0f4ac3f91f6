"""Redaction of secret values, for every output that shows config values (compile, explain, renderers).

A value is secret when its key is named like a credential (apiKey, token, password, secret, key, ...;
not counts such as maxTokens) or when the string itself has the shape of a known token format.
SecretRef objects and `${VAR}` / `$VAR` references are not secrets and stay visible.

Free text that is shown (a message, a path, a compiled string, a quoted source line) goes through
one `Redactor` per checked config (`redactor_for(result)`), at the edge where it is output. It
hides secret *shapes* (token formats, URL userinfo, the default of a `${VAR:-default}`) and the
config's *known* secrets (its credential values, the environment's credential-named variables)
wherever they turn up, so no rule has to remember to mask what it quotes.
"""
from __future__ import annotations

import functools
import re

from .records import LazyPattern

TYPE_CHECKING = False
if TYPE_CHECKING:
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

# Each token format with text that every match of it contains: a text without that text cannot
# hold the token, so its pattern is not even tried (nor compiled: most texts hold no marker).
TOKEN_SHAPES = [
    (marker, LazyPattern(pattern))
    for marker, pattern in (
        ("sk-ant-", r"sk-ant-[A-Za-z0-9_-]{12,}"),
        ("sk-", r"sk-(?:proj-|or-v1-|svcacct-)?[A-Za-z0-9_-]{20,}"),
        ("gh", r"gh[pousr]_[A-Za-z0-9]{20,}"),
        ("github_pat_", r"github_pat_[A-Za-z0-9_]{20,}"),
        ("xox", r"xox[abposr]-[A-Za-z0-9-]{10,}"),
        ("AIza", r"AIza[0-9A-Za-z_-]{30,}"),
        ("AKIA", r"AKIA[0-9A-Z]{16}"),
        (":", r"\b\d{8,10}:[A-Za-z0-9_-]{35}\b"),          # Telegram bot token
        ("gsk_", r"gsk_[A-Za-z0-9]{20,}"),
        ("xai-", r"xai-[A-Za-z0-9]{20,}"),
        ("hf_", r"hf_[A-Za-z0-9]{20,}"),
        # A JWT: header.payload.signature, both JSON parts base64url of `{"`. Read from the start of
        # its run of base64url characters up to the first `eyJ` (glued characters are masked with
        # it): from every `eyJ` of `eyJeyJeyJ…` the run would be read again to its end (quadratic).
        (".eyJ", r"(?<![A-Za-z0-9_-])(?:(?!eyJ)[A-Za-z0-9_-])*+eyJ[A-Za-z0-9_-]{10,}+\.eyJ[A-Za-z0-9_-]{10,}+\."
                 r"[A-Za-z0-9_-]++"),
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
    return any(marker in text and pattern.search(text) for marker, pattern in TOKEN_SHAPES)


def is_reference(text: str) -> bool:
    """`${VAR}` or `$VAR`: names a variable, holds no secret."""
    return bool(_REFERENCE.match(text.strip()))


def is_secret_ref(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("source"), str) and "id" in value


# `scheme://userinfo@host`: the userinfo is a password or a token (`https://x-access-token:…@`).
_URL_USERINFO = LazyPattern(r"://([^\s/?#@\"'<>\\]+)@")
# `${NAME:-default}` (and `-`, `=`, `?`, `+` forms): shell syntax OpenClaw leaves as text (OC123),
# and the default is where a key gets pasted.
_SHELL_DEFAULT = LazyPattern(r"\$\{[A-Za-z_][A-Za-z0-9_]*:?[-=?+]")
_LINE_BREAKS = "\r\n\u2028\u2029"


def _default_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    position = 0
    while True:
        match = _SHELL_DEFAULT.search(text, position)
        if match is None:
            return spans
        close = text.find("}", match.end())
        if close == -1:        # no `}` after here, so none for any later `${` either
            return spans
        if close > match.end():
            spans.append((match.end(), close))
        position = close + 1


def shape_spans(text: str) -> list[tuple[int, int]]:
    """Where `text` holds something secret by its shape alone: a token format, URL userinfo, the
    default of a `${VAR:-default}`."""
    spans = [match.span() for marker, pattern in TOKEN_SHAPES if marker in text for match in pattern.finditer(text)]
    if "://" in text:
        spans.extend(match.span(1) for match in _URL_USERINFO.finditer(text))
    if "${" in text:
        spans.extend(_default_spans(text))
    return spans


def replace_spans(text: str, spans, *, keep_positions: bool) -> str:
    """`text` with the spans (they may overlap) replaced: by asterisks of the same length, line
    breaks kept (so carets, columns and line numbers still hold), or by one REDACTED each run."""
    if not spans:
        return text
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        elif end > start:
            merged.append([start, end])
    pieces = []
    cursor = 0
    for start, end in merged:
        pieces.append(text[cursor:start])
        if keep_positions:
            pieces.append("".join(c if c in _LINE_BREAKS else "*" for c in text[start:end]))
        else:
            pieces.append(REDACTED)
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


def redact_string(text: str) -> str:
    """Secret-shaped substrings of a free-text value replaced by REDACTED."""
    return replace_spans(text, shape_spans(text), keep_positions=False)


# Values that keyless local servers accept in place of a key, and markers that name no secret
# (e.g. "qwen-oauth" tells OpenClaw to use the OAuth login).
PLACEHOLDERS = {"ollama", "lm-studio", "lmstudio", "none", "dummy", "empty", "not-needed", "no-key", "sk-no-key",
                "local", "vllm", "sglang", "x", "-", "null", "changeme"}
# `(?>.*xxxx)` takes the last `xxxx` of the line and keeps it: the rest of the line ends the same
# way from any of them, and trying each one made `xxxx…x\ny` quadratic.
_PLACEHOLDER_SHAPES = re.compile(r"^(?:your[_-].*|<.*>|(?>.*placeholder).*|(?>.*xxxx).*|[*._-]+|.*-oauth|.*-local|"
                                 r"(?:sk-)?(?:no|none|dummy|fake|test)(?:-key)?)$", re.IGNORECASE)
# An environment variable's name (OPENAI_API_KEY): written where a secret goes, it names one.
ENV_NAME = LazyPattern(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$")


def is_placeholder(text: str) -> bool:
    """A stand-in where a secret goes ("ollama", "YOUR_API_KEY", "<key>", "xxxx"), not a secret."""
    stripped = text.strip()
    return stripped.lower() in PLACEHOLDERS or bool(_PLACEHOLDER_SHAPES.match(stripped))


# Known secrets shorter than this are not hidden in free text: they would be found inside ordinary
# words and numbers of every message, and such a value is a placeholder more often than a secret.
MIN_KNOWN_SECRET = 6
# Above this many known secrets, text is searched through an index of their first characters.
_FEW_KNOWN = 32
_WINDOW_CHUNK = 1 << 16


class Redactor:
    """Hides secrets in text that is output: secret shapes (`shape_spans`) and `known` values,
    wherever they turn up. `text` replaces them with REDACTED; `keep_positions` with asterisks of
    the same length, for quoted source whose columns must hold."""

    def __init__(self, known=()):
        """`known`: the secret values, or a function that gives them (called when first needed:
        a config with nothing to report is not searched for them)."""
        self._pending = known if callable(known) else (lambda: known)
        self.known: list[str] = []
        self._by_prefix: dict[str, list[str]] = {}
        # Output repeats itself (model refs, modes, reasons on every agent of a fleet): each text is
        # searched once.
        self._shown: dict[str, str] = {}
        self._kept: dict[str, str] = {}

    def _gather(self) -> None:
        found, self._pending = self._pending(), None
        self.known = sorted({k for k in found if len(k) >= MIN_KNOWN_SECRET}, key=len, reverse=True)
        for secret in self.known:
            self._by_prefix.setdefault(secret[:MIN_KNOWN_SECRET], []).append(secret)

    def _known_spans(self, text: str) -> list[tuple[int, int]]:
        if self._pending is not None:
            self._gather()
        if not self.known or len(text) < MIN_KNOWN_SECRET:
            return []
        if len(self.known) <= _FEW_KNOWN:
            found = [secret for secret in self.known if secret in text]
        else:
            # Every window of MIN_KNOWN_SECRET characters looked up among the secrets' prefixes:
            # linear in the text however many secrets there are (chunked to bound the memory).
            width = MIN_KNOWN_SECRET
            prefixes: set[str] = set()
            for chunk in range(0, len(text) - width + 1, _WINDOW_CHUNK):
                end = min(chunk + _WINDOW_CHUNK, len(text) - width + 1)
                prefixes.update(text[i:i + width] for i in range(chunk, end))
            found = [secret for prefix in prefixes & self._by_prefix.keys() for secret in self._by_prefix[prefix]
                     if secret in text]
        spans = []
        for secret in found:
            at = text.find(secret)
            while at != -1:
                spans.append((at, at + len(secret)))
                at = text.find(secret, at + len(secret))
        return spans

    def spans(self, text: str) -> list[tuple[int, int]]:
        return shape_spans(text) + self._known_spans(text)

    def text(self, text: str) -> str:
        shown = self._shown.get(text)
        if shown is None:
            shown = self._shown[text] = replace_spans(text, self.spans(text), keep_positions=False)
        return shown

    def keep_positions(self, text: str) -> str:
        # Cached like text(): every snippet of a file masks that file's whole text (the same string).
        kept = self._kept.get(text)
        if kept is None:
            kept = self._kept[text] = replace_spans(text, self.spans(text), keep_positions=True)
        return kept

    def value(self, value: Any) -> Any:
        """A copy of a JSON-like value with every string and every object key redacted."""
        kind = type(value)
        if kind is str:
            return self.text(value)
        if kind is list:
            return [self._item(item) for item in value]
        if kind is dict:
            out: dict = {}
            for key, item in value.items():
                if type(key) is str:
                    shown = self.text(key)
                    if shown is not key:
                        key = shown
                        count = 1
                        while key in out:     # two keys that both redact to the same text
                            count += 1
                            key = f"{shown}#{count}"
                out[key] = self._item(item)
            return out
        return value

    def _item(self, item: Any) -> Any:
        kind = type(item)
        if kind is str:
            return self.text(item)
        if kind is list or kind is dict:
            return self.value(item)
        return item


@functools.lru_cache(maxsize=4096)
def _secret_key(key: str) -> bool:
    return is_secret_key(key)


def _known_value(text: str) -> bool:
    """Whether a credential field's value is worth hiding wherever it turns up: not a reference,
    a placeholder, an env var's name (OC601 names those on purpose) or a credential word itself."""
    return (len(text) >= MIN_KNOWN_SECRET and not is_reference(text) and not is_placeholder(text)
            and not ENV_NAME.match(text) and normalized_key(text) not in _SECRET_NAMES)


_REFERENCES_IN_TEXT = LazyPattern(r"\$\{[^{}]*\}")


def known_secrets(value: Any, env: dict[str, str] | None = None) -> set[str]:
    """The secrets of a config: every scalar under a credential-named key (and the default of a
    `${VAR:-default}` in one), and the values of the environment's credential-named variables."""
    found: set[str] = set()
    for name, text in (env or {}).items():
        if text and _secret_key(name) and _known_value(text):
            found.add(text)
    stack: list[tuple[Any, Any]] = [(None, value)]
    while stack:
        key, current = stack.pop()
        if isinstance(current, dict):
            if not is_secret_ref(current):
                stack.extend(current.items())
        elif isinstance(current, list):
            stack.extend((key, item) for item in current)
        elif isinstance(key, str) and _secret_key(key) and current is not None and not isinstance(current, bool):
            text = str(current).strip()
            if "${" in text:
                # `${NAME:-default}` left as written (OC123): the default is the secret; the whole
                # value only when there is more to it than such references.
                defaults = [text[start:end] for start, end in _default_spans(text)]
                found.update(d for d in defaults if _known_value(d))
                if len(_REFERENCES_IN_TEXT.sub("", text).strip()) < MIN_KNOWN_SECRET:
                    continue
            if _known_value(text):
                found.add(text)
    return found


def redactor_for(result) -> Redactor:
    """The Redactor for one checked config (a pipeline FileResult): its credential values, and the
    values of the credential-named variables it substitutes (`${DEPLOY_TOKEN}` may land where no
    key says it is secret, and a message may quote it there). Variables the config does not use
    never reach the output, so what is hidden does not depend on the rest of the environment."""
    def gather() -> set[str]:
        loaded = getattr(result, "loaded", None)
        if loaded is not None:
            used = {name for names in loaded.substituted.values() for name in names}
            env = {name: value for name, value in loaded.env.items() if name in used}
            return known_secrets(loaded.value, env)
        document = getattr(result, "document", None)
        return known_secrets(document.value if document is not None else None)

    return Redactor(gather)


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
    if key is not None and value is not None and not isinstance(value, bool) and is_secret_key(key):
        return REDACTED       # a number as a password is a password
    return value
