"""JSON read the way JavaScript's `JSON.parse` reads it, for the JSON oclc reads besides configs
(OpenClaw's credential stores, a `--schema` file). Python's `json` differs where hostile input
makes it fail: it accepts NaN and Infinity (not JSON: OpenClaw's JSON.parse refuses them), turns
an integer of 5,000 digits into an int that can never be printed (JavaScript: Infinity), and meets
deep nesting with a RecursionError. Here the first and last are a JSONTextError with a message,
and numbers past a double's range are floats, as in JavaScript.
"""
from __future__ import annotations

import json

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# Python's own limit for converting an int to or from decimal text (sys.get_int_max_str_digits()).
_MAX_INTEGER_DIGITS = 4300


class JSONTextError(ValueError):
    """The text is not JSON, or (`too_deep`) it nests too deeply for oclc to read, which says
    nothing of what JSON.parse makes of it; `message` says why, and where when known."""

    def __init__(self, message: str, *, too_deep: bool = False):
        super().__init__(message)
        self.message = message
        self.too_deep = too_deep


def _refuse_constant(name: str) -> Any:
    raise JSONTextError(f"{name} is not a JSON value")


def _integer(text: str) -> int | float:
    # A longer integer is far past a double's range: Infinity in JavaScript, and in Python float().
    return int(text) if len(text.lstrip("-")) <= _MAX_INTEGER_DIGITS else float(text)


def loads(text: str) -> Any:
    try:
        return json.loads(text, parse_constant=_refuse_constant, parse_int=_integer)
    except json.JSONDecodeError as exc:
        raise JSONTextError(f"{exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    except RecursionError:
        raise JSONTextError("arrays or objects nest too deeply for oclc to read", too_deep=True) from None
