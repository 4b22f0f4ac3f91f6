"""`--env-file`: a dotenv file (KEY=VALUE lines, `export` prefix, quotes, # comments)."""
from __future__ import annotations

import re

_LINE = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$")
_DOUBLE_QUOTED_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _unquote(value: str) -> str:
    """The value of the text after `=`: a quoted value ends at its closing quote (what follows,
    such as a comment, is dropped); an unquoted one ends before ` #`."""
    if value[:1] in ("'", '"'):
        quote = value[0]
        out = []
        index = 1
        while index < len(value):
            char = value[index]
            if char == quote:
                return "".join(out)
            if char == "\\" and quote == '"' and index + 1 < len(value):
                following = value[index + 1]
                out.append(_DOUBLE_QUOTED_ESCAPES.get(following, "\\" + following))
                index += 2
                continue
            out.append(char)
            index += 1
        # no closing quote: keep the text as written, like the usual dotenv readers
    return re.sub(r"\s+#.*$", "", value)


def parse_env_text(text: str) -> dict[str, str]:
    values: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _LINE.match(line)
        if match:
            key, value = match.groups()
            values[key] = _unquote(value)
    return values


def read_env_file(path: str) -> dict[str, str]:
    with open(path, encoding="utf-8") as handle:
        return parse_env_text(handle.read())
