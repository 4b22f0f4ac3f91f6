"""Project configuration: `[tool.oclc]` in pyproject.toml, or the top level of `.oclc.toml`,
found by walking up from the linted file (in one directory `.oclc.toml` wins).

    [tool.oclc]
    select = ["OC3", "OC401"]           # codes or code prefixes to report (default: all)
    ignore = ["OC107"]                  # codes or prefixes never reported
    fail-on = "warning"                 # error (default) | warning
    env-file = ".env"                   # relative to the file that says it
    state-dir = "state"
    env-from-process = true             # oclc runs in the gateway's environment: read it (default false)

    [tool.oclc.severity]
    OC401 = "warning"                   # error | warning | info

    [tool.oclc.per-file-ignores]
    "legacy/*.json5" = ["OC130"]        # glob (relative to the config file's directory) -> codes

Options given on the command line replace the file's. Errors that make OpenClaw refuse the
config (OC1xx/OC2xx errors) are always reported: no selection, ignore or severity hides them, and
an ignore or severity entry that could only hide such errors is refused (exit 2) rather than
silently doing nothing.
"""

from __future__ import annotations

import os
from functools import lru_cache

from .diagnostics import SEVERITIES, severity_rank
from .records import Record

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

    from .diagnostics import Diagnostic

CONFIG_NAMES = (".oclc.toml", "pyproject.toml")
FAIL_ON = ("error", "warning")
_KEYS = {"select", "ignore", "severity", "per-file-ignores", "fail-on", "env-file", "state-dir", "openclaw-version",
         "env-from-process"}


class SettingsError(Exception):
    """A project config oclc cannot use; the message names the file and the key."""


class Settings(Record):
    __slots__ = ("select", "ignore", "severity", "per_file_ignores", "fail_on", "env_file", "state_dir",
                 "openclaw_version", "env_from_process", "root", "source")

    def __init__(self, select: tuple[str, ...] | None = None, ignore: tuple[str, ...] = (),
                 severity: dict[str, str] | None = None, per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = (),
                 fail_on: str = "error", env_file: str | None = None, state_dir: str | None = None,
                 openclaw_version: str | None = None, env_from_process: bool = False, root: str | None = None,
                 source: str | None = None):
        self.select = select                    # None: every rule
        self.ignore = ignore
        self.severity = {} if severity is None else severity
        self.per_file_ignores = per_file_ignores
        self.fail_on = fail_on
        self.env_file = env_file
        self.state_dir = state_dir
        self.openclaw_version = openclaw_version    # the OpenClaw release to check against
        self.env_from_process = env_from_process    # read oclc's own environment as the gateway's
        self.root = root                        # directory of the config file (globs are relative to it)
        self.source = source                    # the config file, for messages

    def override(self, **changes: Any) -> Settings:
        """These settings with the command line's values (None means 'not given')."""
        return self.but(**{k: v for k, v in changes.items() if v is not None})

    def ignored_for(self, path: str | None) -> set[str]:
        if not path or not self.per_file_ignores or path.startswith("<"):
            return set()
        absolute = os.path.abspath(path)
        relative = os.path.relpath(absolute, self.root or os.getcwd()).replace(os.sep, "/")
        base = os.path.basename(absolute)
        import fnmatch

        codes: set[str] = set()
        for pattern, items in self.per_file_ignores:
            target = relative if "/" in pattern else base
            if fnmatch.fnmatchcase(target, pattern) or fnmatch.fnmatchcase(relative, pattern):
                codes.update(items)
        return codes

    def apply(self, diagnostics: Iterable[Diagnostic], path: str | None) -> list[Diagnostic]:
        """Select, ignore and re-grade diagnostics for the linted file `path`."""
        extra_ignores = self.ignored_for(path)
        kept = []
        for diagnostic in diagnostics:
            if diagnostic.is_structural:
                kept.append(diagnostic)
                continue
            code = diagnostic.code
            if self.select is not None and not _matches(code, self.select):
                continue
            if _matches(code, self.ignore) or _matches(code, extra_ignores):
                continue
            severity = self.severity.get(code)
            if severity and severity != diagnostic.severity:
                diagnostic = diagnostic.with_severity(severity)
            kept.append(diagnostic)
        return kept

    def fails(self, diagnostics: Iterable[Diagnostic]) -> bool:
        threshold = severity_rank(self.fail_on)
        return any(severity_rank(d.severity) >= threshold for d in diagnostics)


def _matches(code: str, selectors: Iterable[str]) -> bool:
    return any(s == "ALL" or code.startswith(s) for s in selectors)


def known_codes() -> list[str]:
    from .rules import all_rules

    return [r.code for r in all_rules()]


def refusal_codes() -> set[str]:
    """Codes of the errors that mean OpenClaw refuses the config: always reported as errors."""
    from .diagnostics import ERROR
    from .rules import all_rules

    return {r.code for r in all_rules() if r.severity == ERROR and r.code[:3] in ("OC1", "OC2")}


_CANNOT_HIDE = ("is an error that makes OpenClaw refuse the config; oclc always reports it "
                "(fix the config instead)")


def check_selectors(selectors: Iterable[str], where: str, *, hiding: bool = False) -> tuple[str, ...]:
    """Normalise code selectors (upper-case); each must name at least one rule. With `hiding`
    (ignore lists), a selector that can only hide OpenClaw-refusal errors is a mistake, not a no-op."""
    codes = known_codes()
    refusals = refusal_codes() if hiding else set()
    normal = []
    for raw in selectors:
        if not isinstance(raw, str) or not raw.strip():
            raise SettingsError(f"{where}: {raw!r} is not a rule code")
        selector = raw.strip().upper()
        matched = [c for c in codes if selector == "ALL" or c.startswith(selector)]
        if not matched:
            raise SettingsError(f"{where}: {raw!r} matches no rule (see `oclc rules`)")
        if hiding and all(c in refusals for c in matched):
            raise SettingsError(f"{where}: {raw.strip()} {_CANNOT_HIDE}")
        normal.append(selector)
    return tuple(normal)


def check_selection(selectors: Iterable[str], where: str) -> tuple[str, ...]:
    """`check_selectors` for a selection (`--select`, `select`): an empty one would silently turn
    every rule off (an unset `$CODES`, a stray comma), so it is refused, not obeyed."""
    selection = check_selectors(selectors, where)
    if not selection:
        raise SettingsError(f"{where}: no rule codes given, so no rule would be checked "
                            "(leave it out to check every rule)")
    return selection


@lru_cache(maxsize=64)
def _codes_left(select: tuple[str, ...], ignore: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(code for code in known_codes() if _matches(code, select) and not _matches(code, ignore))


def check_rules_left(settings: Settings, select_from: str, ignore_from: str) -> None:
    """A selection that the ignore list empties (`--select OC3 --ignore OC3`) checks nothing: refused
    like an empty selection. (`ignore = ["ALL"]` without a selection says what it means, and is kept.)"""
    if settings.select is not None and not _codes_left(settings.select, settings.ignore):
        raise SettingsError(f"{select_from} ({', '.join(settings.select)}) and {ignore_from} "
                            f"({', '.join(settings.ignore)}) leave no rule to check")


def parse_codes(text: str | None) -> list[str] | None:
    """A command-line code list, `OC401,OC3` (commas or spaces)."""
    if text is None:
        return None
    return [part for part in text.replace(",", " ").split() if part]


def _string_list(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SettingsError(f"{where} must be a list of rule codes, like [\"OC401\"]")
    return value


def from_table(table: dict[str, Any], path: str) -> Settings:
    """Settings from the `[tool.oclc]` table (or a whole `.oclc.toml`) read from `path`."""
    root = os.path.dirname(os.path.abspath(path))
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise SettingsError(f"{path}: unknown key {unknown[0]!r} in the oclc settings "
                            f"(known: {', '.join(sorted(_KEYS))})")
    settings = Settings(root=root, source=path)
    if "select" in table:
        settings.select = check_selection(_string_list(table["select"], f"{path}: select"), f"{path}: select")
    if "ignore" in table:
        settings.ignore = check_selectors(_string_list(table["ignore"], f"{path}: ignore"), f"{path}: ignore",
                                          hiding=True)
    if "severity" in table:
        severities = table["severity"]
        if not isinstance(severities, dict):
            raise SettingsError(f"{path}: severity must be a table of CODE = \"error\"|\"warning\"|\"info\"")
        codes = set(known_codes())
        for code, level in severities.items():
            if code.upper() not in codes:
                raise SettingsError(f"{path}: severity: {code!r} is not a rule code (see `oclc rules`)")
            if level not in SEVERITIES:
                raise SettingsError(f"{path}: severity.{code}: {level!r} is not one of error, warning, info")
            if code.upper() in refusal_codes() and level != "error":
                raise SettingsError(f"{path}: severity.{code}: {code.upper()} {_CANNOT_HIDE}")
            settings.severity[code.upper()] = level
    if "per-file-ignores" in table:
        patterns = table["per-file-ignores"]
        if not isinstance(patterns, dict):
            raise SettingsError(f"{path}: per-file-ignores must be a table of \"glob\" = [codes]")
        settings.per_file_ignores = tuple(
            (pattern, check_selectors(_string_list(codes, f"{path}: per-file-ignores.{pattern}"),
                                      f"{path}: per-file-ignores.{pattern}", hiding=True))
            for pattern, codes in patterns.items()
        )
    if "fail-on" in table:
        if table["fail-on"] not in FAIL_ON:
            raise SettingsError(f"{path}: fail-on must be \"error\" or \"warning\", not {table['fail-on']!r}")
        settings.fail_on = table["fail-on"]
    if "openclaw-version" in table:
        from .releases import UnknownVersion, nearest_bundled

        value = table["openclaw-version"]
        if not isinstance(value, str):
            raise SettingsError(f"{path}: openclaw-version must be a release number as a string, e.g. \"2026.3.13\"")
        try:
            nearest_bundled(value)
        except UnknownVersion as exc:
            raise SettingsError(f"{path}: openclaw-version: {exc}") from None
        settings.openclaw_version = value
    if "env-from-process" in table:
        if not isinstance(table["env-from-process"], bool):
            raise SettingsError(f"{path}: env-from-process must be true or false")
        settings.env_from_process = table["env-from-process"]
    for key, attribute in (("env-file", "env_file"), ("state-dir", "state_dir")):
        if key in table:
            value = table[key]
            if not isinstance(value, str) or not value:
                raise SettingsError(f"{path}: {key} must be a path (a string)")
            setattr(settings, attribute, os.path.join(root, os.path.expanduser(value)))
    return settings


# A `a.b.c… = value` line: tomllib checks every prefix of the key (time quadratic in its length),
# so a key with thousands of parts would stall the run. No real project config comes near this.
_MAX_KEY_PARTS = 64
_DEEP_DOTTED_KEY = (r"""^[ \t]*(?:(?:[A-Za-z0-9_-]++|"(?:[^"\\\n]|\\.)*+"|'[^'\n]*+')[ \t]*+\.[ \t]*+){%d}"""
                    % _MAX_KEY_PARTS)


# Every way TOML can define `tool.oclc`: a dotted `tool.oclc` (a table header or a dotted key,
# quoted or not), a `[tool]` table (which may hold an `oclc` key), `tool = {…}`, or escapes that
# could spell either name.
_MAY_HOLD_TOOL_OCLC = (r"""tool["']?\s*\.\s*["']?oclc|^\s*\[\s*["']?tool["']?\s*\]|^\s*["']?tool["']?\s*="""
                       r"""|\\[uU]""")


def read_file(path: str) -> Settings | None:
    """The oclc settings in `path`, or None when it is a pyproject.toml without `[tool.oclc]`."""
    from .source import DEFAULT_MAX_BYTES, ReadError, Source, decode, read_bytes

    try:
        text = decode(read_bytes(path, DEFAULT_MAX_BYTES), path).text
    except ReadError as exc:
        if exc.kind != "not-utf8" or exc.text is None:
            raise SettingsError(f"{path}: cannot read it: {exc.message}") from None
        line, column = Source(path, exc.text).position(exc.offset or 0)
        raise SettingsError(f"{path}:{line}:{column}: not valid TOML: {exc.message}") from None
    import re

    is_pyproject = os.path.basename(path) == "pyproject.toml"
    if is_pyproject and not re.search(_MAY_HOLD_TOOL_OCLC, text, re.MULTILINE):
        # No line can define tool.oclc: the project's other tools' settings are none of oclc's
        # business, and parsing them would cost every run (a pre-commit hook pays each time).
        return None
    import tomllib

    deep = re.search(_DEEP_DOTTED_KEY, text, re.MULTILINE)
    if deep is not None:
        line = text.count("\n", 0, deep.start()) + 1
        raise SettingsError(f"{path}:{line}: a dotted key with more than {_MAX_KEY_PARTS} parts; oclc does "
                            "not read it (Python's TOML reader takes time quadratic in its length)")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: not valid TOML: {exc}") from None
    except RecursionError:      # tomllib recurses once per level of nested arrays and tables
        raise SettingsError(f"{path}: not valid TOML for oclc: arrays or inline tables nest too deeply "
                            "to read") from None
    if is_pyproject:
        table = data.get("tool", {}).get("oclc") if isinstance(data.get("tool"), dict) else None
        if table is None:
            return None
        if not isinstance(table, dict):
            raise SettingsError(f"{path}: [tool.oclc] must be a table")
        return from_table(table, path)
    if "tool" in data:
        # The pyproject.toml form pasted into .oclc.toml: say how this file differs.
        raise SettingsError(f"{path}: in .oclc.toml the settings stand at the top level, without a "
                            "[tool.oclc] header (that header is for pyproject.toml)")
    return from_table(data, path)


class Finder:
    """Finds the settings for each linted file, reading each config file once."""

    def __init__(self) -> None:
        self._by_dir: dict[str, Settings] = {}

    def for_path(self, path: str | None) -> Settings:
        start = os.path.dirname(os.path.abspath(path)) if path and not path.startswith("<") else os.getcwd()
        return self._lookup(start)

    def _lookup(self, directory: str) -> Settings:
        # A loop, not recursion: a checkout can nest directories thousands deep.
        passed: list[str] = []
        found: Settings | None = None
        while found is None:
            found = self._by_dir.get(directory)
            if found is not None:
                break
            passed.append(directory)
            found = self._read_in(directory)
            parent = os.path.dirname(directory)
            if found is None and parent == directory:
                found = Settings()
            directory = parent
        for seen in passed:
            self._by_dir[seen] = found
        return found

    @staticmethod
    def _read_in(directory: str) -> Settings | None:
        for name in CONFIG_NAMES:
            candidate = os.path.join(directory, name)
            # Anything by that name counts: a FIFO, a directory or a dangling symlink is an error
            # (read_file says so), not a reason to pass over the project's settings silently.
            if os.path.lexists(candidate):
                found = read_file(candidate)
                if found is not None:
                    return found
        return None
