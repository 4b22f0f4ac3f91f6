"""The recorded verdicts of every bundled release on the corpus configs
(shared/corpus/oracle-versions/<release>.jsonl, from shared/versions/run_verdicts.sh), and which
refusals depend only on the validating machine."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from fixturelib import SHARED

CORPUS = SHARED / "corpus"
VERSION_VERDICTS = CORPUS / "oracle-versions"

# Refusals that depend on the machine that validated the config, not on the config: a `${VAR}`
# unset in that machine's environment, a plugin (or its load path) not installed there. oclc does
# not predict them (it cannot know the gateway's machine).
_ENVIRONMENT_ONLY = (
    re.compile(r'^Missing env var "[^"]+" referenced at config path'),
    re.compile(r"^plugin: plugin path not found: "),
    re.compile(r"^plugin not found: "),
)


_UNKNOWN_CHANNEL = re.compile(r"^unknown channel id: (.+)$")
_PLUGIN_NOT_FOUND = re.compile(r"^plugin not found: (.+)$")


def environment_only(issues: list[dict[str, str]]) -> bool:
    """True when every issue a release named depends only on the validating machine. A channel the
    release does not know is one of them when the same verdict says its plugin is not installed
    there (or a plugin load path is missing): installed, the plugin would provide it."""
    messages = [i.get("message", "") for i in issues]
    missing_plugins = {m.group(1).strip() for m in map(_PLUGIN_NOT_FOUND.match, messages) if m}
    load_path_missing = any(m.startswith("plugin: plugin path not found: ") for m in messages)

    def machine_only(message: str) -> bool:
        if any(p.search(message) for p in _ENVIRONMENT_ONLY):
            return True
        channel = _UNKNOWN_CHANNEL.match(message)
        return bool(channel) and (channel.group(1).strip() in missing_plugins or load_path_missing)

    return bool(issues) and all(machine_only(m) for m in messages)


def verdict_of(raw: dict[str, Any]) -> dict[str, Any]:
    """A release's recorded answer in the shape oclc.oracle compares (its root path "" is <root>)."""
    from oclc.oracle import normalize_verdict

    return normalize_verdict({**raw, "issues": [{**issue, "path": issue.get("path") or "<root>"}
                                                for issue in raw.get("issues") or ()]})


def judge(result, verdict: dict[str, Any]) -> tuple[str, Any]:
    """How oclc's FileResult compares with a release's verdict: ("agree" | "env-only" | "false error"
    | "missed" | "uncovered", the oracle.parity record). A refusal that depends only on the
    validating machine agrees whatever oclc says of it."""
    from oclc.oracle import parity

    found = parity(result, verdict)
    issues = verdict.get("issues") or []
    if found.oracle_valid == found.oclc_valid and not found.uncovered:
        return "agree", found
    if found.oracle_valid == found.oclc_valid and environment_only(found.uncovered):
        return "env-only", found    # both refuse; what oclc does not name depends on the machine
    if found.oclc_valid and not found.oracle_valid and environment_only(issues):
        return "env-only", found
    if found.oracle_valid and not found.oclc_valid:
        return "false error", found
    return ("missed" if found.oclc_valid else "uncovered"), found


def release_verdicts(release: str) -> list[tuple[Path, dict[str, Any]]]:
    """(config file, raw verdict) for each corpus config the release has a verdict on; [] when the
    corpus is not there. `verdict_of` turns a raw verdict into what `judge` compares."""
    recorded = VERSION_VERDICTS / f"{release}.jsonl"
    if not recorded.is_file():
        return []
    found = []
    with open(recorded, encoding="utf-8") as handle:
        for line in handle:
            raw = json.loads(line)
            config = CORPUS / "configs" / Path(raw["file"]).name
            if config.is_file():
                found.append((config, raw))
    return found
