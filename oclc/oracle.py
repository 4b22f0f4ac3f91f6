"""A small client for the live oracle (the real `openclaw config validate`), with a verdict cache.

The oracle takes ~7 s per file, so verdicts are cached by content: the key is the SHA-256 of the
config's bytes, of every file in its `<stem>.d/` include folder (relative name + bytes) and of
the environment the run saw. A cached verdict stays right as long as none of those change; the
OpenClaw version is part of the key too, so a new oracle never answers from an old cache.

Verdicts are normalised to `{"valid": bool, "issues": [{"path", "message"}], "warnings": [...]}`
(or `{"valid": None, "error": ...}` when the oracle gave no verdict).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ORACLE_VERSION = "2026.9.6"
# shared/ sits beside a checkout of oclc (as in CI); $OCLC_SHARED names it elsewhere.
DEFAULT_VALIDATE = str(Path(os.environ.get("OCLC_SHARED") or Path(__file__).resolve().parents[2] / "shared")
                       / "oracle" / "validate.sh")
# What the oracle process needs besides the config's own environment: a PATH to find bash/python.
_BASE_ENV_KEYS = ("PATH", "OCLC_ORACLE_DIR")


class OracleUnavailable(RuntimeError):
    """The oracle is not installed (or not runnable) and the cache has no verdict."""


@dataclass(frozen=True)
class OracleRequest:
    config: Path
    env: dict[str, str]

    def side_files(self) -> list[Path]:
        folder = Path(str(self.config.with_suffix("")) + ".d")
        if not folder.is_dir():
            return []
        return sorted(p for p in folder.rglob("*") if p.is_file())

    def key(self) -> str:
        digest = hashlib.sha256()
        digest.update(f"openclaw {ORACLE_VERSION}\0".encode())
        digest.update(self.config.read_bytes())
        for path in self.side_files():
            digest.update(b"\0file\0" + str(path.relative_to(self.config.parent)).encode() + b"\0")
            digest.update(path.read_bytes())
        digest.update(b"\0env\0" + json.dumps(self.env, sort_keys=True).encode())
        return digest.hexdigest()


def normalize_verdict(raw: dict[str, Any]) -> dict[str, Any]:
    """The parts of an oracle answer that parity needs, in one shape for all sources."""
    if raw.get("valid") is None:
        return {"valid": None, "error": raw.get("error") or "no verdict"}
    return {
        "valid": bool(raw["valid"]),
        "issues": [{"path": i.get("path", "<root>"), "message": i.get("message", "")} for i in raw.get("issues") or []],
        "warnings": [{"path": w.get("path", "<root>"), "message": w.get("message", "")}
                     for w in raw.get("warnings") or []],
    }


class Oracle:
    def __init__(self, cache_dir: Path, validate_script: str | None = None, timeout: float = 120.0):
        self.cache_dir = Path(cache_dir)
        self.validate_script = validate_script or os.environ.get("OCLC_ORACLE_VALIDATE", DEFAULT_VALIDATE)
        self.timeout = timeout

    def cached(self, request: OracleRequest) -> dict[str, Any] | None:
        path = self.cache_dir / f"{request.key()}.json"
        if not path.exists():
            return None
        return json.loads(path.read_text(encoding="utf-8"))["verdict"]

    def verdict(self, config: Path, env: dict[str, str], *, allow_run: bool = True) -> dict[str, Any]:
        """The oracle's verdict on `config` run with environment `env`: cached, or run and cached."""
        request = OracleRequest(Path(config), dict(env))
        found = self.cached(request)
        if found is not None:
            return found
        if not allow_run or not self.available():
            raise OracleUnavailable(f"no cached oracle verdict for {config} and the oracle is not available")
        verdict = self.run(request)
        if verdict["valid"] is not None:  # never cache a failure to answer
            self.store(request, verdict)
        return verdict

    def available(self) -> bool:
        if not os.access(self.validate_script, os.X_OK):
            return False
        home = os.environ.get("OCLC_ORACLE_DIR") or os.path.expanduser("~/.cache/oclc-oracle")
        return os.path.exists(os.path.join(home, "node_modules", "openclaw", "openclaw.mjs"))

    def run(self, request: OracleRequest) -> dict[str, Any]:
        env = {k: os.environ[k] for k in _BASE_ENV_KEYS if k in os.environ}
        if "OCLC_ORACLE_DIR" not in env:
            env["OCLC_ORACLE_DIR"] = os.path.expanduser("~/.cache/oclc-oracle")
        env.update(request.env)
        done = subprocess.run([self.validate_script, str(request.config)], env=env, capture_output=True,
                              text=True, timeout=self.timeout, check=False)
        try:
            raw = json.loads(done.stdout)
        except ValueError:
            raw = {"valid": None, "error": (done.stdout + done.stderr)[-2000:]}
        return normalize_verdict(raw)

    def store(self, request: OracleRequest, verdict: dict[str, Any]) -> None:
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        record = {
            "config": request.config.name,
            "side_files": [str(p.relative_to(request.config.parent)) for p in request.side_files()],
            "env": request.env,
            "openclaw": ORACLE_VERSION,
            "verdict": verdict,
        }
        path = self.cache_dir / f"{request.key()}.json"
        path.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")


# --- parity: does oclc agree with a verdict? ------------------------------------------------------------

_QUOTED = re.compile(r'"([^"]+)"')
_REQUIRED = re.compile(r"must have required property '([^']+)'")


@dataclass
class Parity:
    oracle_valid: bool
    oclc_valid: bool
    uncovered: list[dict[str, str]]       # oracle issues no oclc error is about

    @property
    def agrees(self) -> bool:
        return self.oracle_valid == self.oclc_valid and not self.uncovered


def _dotted(path) -> str:
    return ".".join(str(p) for p in path) if path else "<root>"


_WHOLE_KEY_CODES = frozenset({"OC201", "OC202"})   # unknown key, retired key
_ADDITIONAL = re.compile(r"must not have additional properties", re.I)


def covers(diagnostics, issue: dict[str, str]) -> bool:
    """Is the oracle `issue` covered by one of oclc's structural errors?

    An error covers an issue at the same path of the loaded config. OpenClaw reports unknown keys
    (its own "Unrecognized key" and channel schemas' "additional properties") at the parent
    object; oclc reports them at the key itself, so an error one level below the issue's path,
    at a key the issue's message names, covers it too. A union that no branch matched is reported by
    Zod as a bare "Invalid input" at the union, while oclc names the failing member of the best
    branch, so for those an error anywhere below the issue's path covers it. A root issue that is
    not about keys (syntax, include and read errors) is covered by any reading error (OC1xx) or any
    error at the root."""
    errors = [d for d in diagnostics if d.is_structural]
    # The oracle prints paths trimmed: a key with trailing blanks (an MCP server " files ") loses them.
    target = issue["path"].strip()
    keys = _QUOTED.findall(issue["message"])
    union = _is_union_failure(issue["message"])
    # JSON-schema validators (channel schemas) place "must have required property 'x'" at the
    # missing member's path; the object that lacks it is the same finding.
    required = _REQUIRED.search(issue["message"])
    if required and target.endswith("." + required.group(1)):
        target_parent = target[: -len(required.group(1)) - 1]
    else:
        target_parent = None
    for d in errors:
        path = _dotted(d.resolved_path).strip()
        if path == target:
            return True
        # A key oclc refuses as unknown or retired takes its whole subtree with it: the release's
        # issues about what lies below it (older releases say "agent.model was moved") are the
        # same mistake.
        if d.code in _WHOLE_KEY_CODES and d.resolved_path and target.startswith(path + "."):
            return True
        if union and (target == "<root>" or path.startswith(target + ".")):
            return True
        if target_parent is not None and path == target_parent:
            return True
        # A missing required member: oclc names the one its best branch lacks, the release another
        # of the same object; both say that object is incomplete.
        if target_parent is not None and d.code == "OC206" and _dotted(d.resolved_path[:-1]) == target_parent:
            return True
        if keys and d.resolved_path and str(d.resolved_path[-1]) in keys and _dotted(d.resolved_path[:-1]) == target:
            return True
        # Older releases' plugin-schema messages name no key ("must NOT have additional properties").
        if (not keys and _ADDITIONAL.search(issue["message"]) and d.code in _WHOLE_KEY_CODES
                and d.resolved_path and _dotted(d.resolved_path[:-1]) == target):
            return True
    if target == "<root>" and not ("nrecognized key" in issue["message"]):
        return any(d.code.startswith("OC1") for d in errors)
    return False


def _is_union_failure(message: str) -> bool:
    """Zod's message for a union with no matching branch: "Invalid input", optionally followed by
    the literal values it collected; a plain type mismatch says "expected X, received Y"."""
    return (message == "Invalid input" or message.startswith("Invalid input (allowed:")
            or message.endswith("must match a schema in anyOf"))   # the same from a plugin schema (AJV)


def parity(result, verdict: dict[str, Any]) -> Parity:
    """Compare oclc's FileResult with an oracle verdict (normalised)."""
    issues = verdict.get("issues") or []
    uncovered = [i for i in issues if not covers(result.diagnostics, i)] if not verdict["valid"] else []
    return Parity(bool(verdict["valid"]), result.valid, uncovered)
