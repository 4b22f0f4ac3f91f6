"""Per-release facts about OpenClaw: one folder per bundled release, every file in it built by a
script from that release itself (see scripts/ and README "Release targets") or, for
prompt-cache.json, written from what the release was recorded sending, so what oclc knows of a
release lives in one place.

    oclc/releases/<release>/schema.json.gz   the config's JSON Schema, structure only (build_schema.py;
                                             gzipped: ten releases' schemas are 1.8 MB as text)
                            release.json     load-time behaviour and OpenClaw's own checks, as probed
                                             from the release (scripts/probe_releases.py)
                            migrations.json  retired keys `openclaw doctor --fix` moves (2026.9.6)
                            plugins.json     bundled channels and plugins, plugin schemas, retired models
                            channel-schemas/<channel>.json   each bundled channel's config schema
                            providers.json   provider ids, API families, credential env vars
                            prompt-cache.json what the release puts on the wire for cache settings
                                             beyond its resolver: runtimes that drop them, transport
                                             defaults, which credential modes are subscriptions
                                             (hand-written from recorded agent turns, tests/data/wire;
                                             tests/test_wire.py checks it against them)

`data_text("x.json")` reads `x.json` or, where that is stored compressed, `x.json.gz`. A file a
release folder lacks is not known for that release (the caller decides what that means);
only the chosen target's files are read, on first use, so a run loads only what it needs.

Which release a config is checked against (its *target*) is chosen by `choose_target`.
"""
from __future__ import annotations

import json
import os
import re
from collections import namedtuple
from functools import lru_cache

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

DEFAULT_RELEASE = "2026.9.6"
# os.path, not pathlib: pathlib pulls in urllib and ipaddress, a cost every cold run would pay.
HOME = os.path.dirname(os.path.abspath(__file__))

# A release number as OpenClaw prints it, with the suffixes real configs carry (`-beta.2`, `-1`,
# `-zh.3`, `-fix.1`): the suffix is read as its base release.
_VERSION = re.compile(r"\s*v?(\d{1,4})\.(\d{1,3})\.(\d{1,4})(?:[-+][0-9A-Za-z.+-]*)?\s*")


def parse_version(text: Any) -> tuple[int, int, int] | None:
    """(year, month, patch) of a release number, or None when `text` is not one."""
    if not isinstance(text, str):
        return None
    match = _VERSION.fullmatch(text)
    return (int(match.group(1)), int(match.group(2)), int(match.group(3))) if match else None


def _key(release: str) -> tuple[int, int, int]:
    parsed = parse_version(release)
    assert parsed is not None, release
    return parsed


@lru_cache(maxsize=1)
def bundled_releases() -> tuple[str, ...]:
    """Every release oclc carries data for, oldest first."""
    found = [name for name in os.listdir(HOME)
             if parse_version(name) and has_data("schema.json", name)]
    return tuple(sorted(found, key=_key))


def data_path(name: str, release: str = DEFAULT_RELEASE) -> str:
    """The path of one data file of a bundled release."""
    return os.path.join(HOME, release, name)


def has_data(name: str, release: str = DEFAULT_RELEASE) -> bool:
    path = data_path(name, release)
    return os.path.isfile(path) or os.path.isfile(path + ".gz")


def data_text(name: str, release: str = DEFAULT_RELEASE) -> str:
    path = data_path(name, release)
    # The compressed file is what the build writes: it wins over a stray uncompressed copy (an old
    # build's leftover in a wheel would otherwise be read in its place).
    if os.path.isfile(path + ".gz"):
        import zlib

        with open(path + ".gz", "rb") as handle:
            return zlib.decompress(handle.read(), 16 + zlib.MAX_WBITS).decode("utf-8")
    with open(path, encoding="utf-8") as handle:
        return handle.read()


@lru_cache(maxsize=None)
def load_json(name: str, release: str = DEFAULT_RELEASE) -> Any:
    """One data file of a bundled release, parsed once per process."""
    return json.loads(data_text(name, release))


@lru_cache(maxsize=None)
def release_facts(release: str = DEFAULT_RELEASE) -> dict[str, Any]:
    """The probed behaviour of a release (release.json); {} when the release has none recorded."""
    return load_json("release.json", release) if has_data("release.json", release) else {}


def performs_check(release: str, code: str) -> bool:
    """Does the release perform one of OpenClaw's own checks (oclc/rules/openclaw)? Every check
    for the reference release (the one they were written from); for the others, what the probes
    showed (release.json "checks")."""
    facts = release_facts(release)
    checks = facts.get("checks") or {}
    if code in checks and (checks[code] or not facts.get("reference")):
        return bool(checks[code])
    # The reference performs every check oclc has (each verified against it); a probe that does
    # not fire there names a check that release does not make (OC247), never one of those.
    return bool(facts.get("reference")) or not facts


# --- the target -----------------------------------------------------------------------------------

# (collections.namedtuple: typing.NamedTuple would import typing on every run)
class Target(namedtuple("Target", ("release", "reason", "note"), defaults=(None,))):
    """The release a config is checked against, and why that one (shown in every output): the
    release, the reason, and a note said once when the asked-for release is not bundled."""

    __slots__ = ()

    def describe(self) -> str:
        return f"OpenClaw {self.release} ({self.reason})"


class UnknownVersion(ValueError):
    """A version string that is not a release number (a usage error)."""


def bundled_list_text() -> str:
    return ", ".join(bundled_releases())


def _series(parsed: tuple[int, int, int]) -> tuple[int, int]:
    return parsed[0], parsed[1]


def nearest_bundled(version: str) -> tuple[str, str | None]:
    """The bundled release that stands for `version` (asked for explicitly), and a note when it is
    not that release itself: its base release if bundled, else the nearest bundled release of the
    same series (year.month), else the nearest bundled release at all."""
    parsed = parse_version(version)
    if parsed is None:
        raise UnknownVersion(f"{version!r} is not an OpenClaw release number (bundled: {bundled_list_text()})")
    releases = bundled_releases()
    base = ".".join(map(str, parsed))
    if base in releases:
        note = None if base == version.strip() else f"{version.strip()} is read as its base release {base}"
        return base, note
    same_series = [r for r in releases if _series(_key(r)) == _series(parsed)]
    pool = same_series or list(releases)

    def distance(release: str) -> tuple:
        other = _key(release)
        ordinal = lambda v: v[0] * 10_000_000 + v[1] * 10_000 + v[2]  # noqa: E731
        return abs(ordinal(other) - ordinal(parsed)), ordinal(other)

    chosen = min(pool, key=distance)
    where = "the nearest bundled release of its series" if same_series else "the nearest bundled release"
    return chosen, f"OpenClaw {base} is not bundled with oclc; checking against {chosen}, {where}"


def release_for_written_by(version: str) -> str:
    """The release that stands for a config last written by `version`: the oldest bundled release
    at or after it (measured on real configs: 71% valid, against 53% for the newest at or before
    it), or the newest bundled when `version` is newer than all of them."""
    parsed = parse_version(version)
    releases = bundled_releases()
    assert parsed is not None
    for release in releases:
        if _key(release) >= parsed:
            return release
    return releases[-1]


def choose_target(asked: str | None, asked_where: str | None, config: Any) -> Target:
    """First match wins: the version asked for (`asked`, from `asked_where`: the command line or a
    project config), the config's `meta.lastTouchedVersion`, the newest bundled release. Raises
    UnknownVersion for an `asked` that is not a release number."""
    if asked is not None:
        release, note = nearest_bundled(asked)
        return Target(release, f"{asked_where or '--openclaw-version'} {asked.strip()}", note)
    meta = config.get("meta") if isinstance(config, dict) else None
    written = meta.get("lastTouchedVersion") if isinstance(meta, dict) else None
    if isinstance(written, str) and parse_version(written):
        release = release_for_written_by(written)
        return Target(release, f"meta.lastTouchedVersion {written.strip()}")
    newest = bundled_releases()[-1]
    if written is not None:
        shown = json.dumps(written, ensure_ascii=False)[:40]
        return Target(newest, "the newest bundled release",
                      f"meta.lastTouchedVersion {shown} is not a release number; checking against {newest}")
    return Target(newest, "the newest bundled release; no meta.lastTouchedVersion")
