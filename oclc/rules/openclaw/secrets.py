"""Secrets: where SecretRef objects may stand, secret provider sources, exec secret commands.
(OpenClaw's own checks beyond its schema: every error here makes OpenClaw refuse the config.)"""

from __future__ import annotations

import json
import os
import stat

from ...diagnostics import ERROR, Diagnostic, Path
from ...diagnostics.registry import rule
from ...schema.secretref import CORE_SECRETREF_FORBIDDEN_SURFACES, _get, secret_ref
from .common import _emit, _expand_user, _on_disk, _realpath, plugin_data

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Iterator


def _pattern_candidates(value: Any, pattern: str) -> Iterator[tuple[Path, Any]]:
    def walk(current: Any, tokens: list[str], path: Path) -> Iterator[tuple[Path, Any]]:
        if not tokens:
            yield path, current
            return
        token, rest = tokens[0], tokens[1:]
        if token == "*":
            if isinstance(current, list):
                for index, item in enumerate(current):
                    yield from walk(item, rest, (*path, index))
            elif isinstance(current, dict):
                for key, item in current.items():
                    yield from walk(item, rest, (*path, key))
            return
        if not isinstance(current, dict):
            return
        if token.endswith("[]"):
            items = current.get(token[:-2])
            if isinstance(items, list):
                for index, item in enumerate(items):
                    yield from walk(item, rest, (*path, token[:-2], index))
            return
        if token in current:
            yield from walk(current[token], rest, (*path, token))

    yield from walk(value, [t for t in pattern.split(".") if t], ())


@rule("OC220", "secretref-unsupported-surface", ERROR, "A SecretRef object where only a plain string is allowed.")
def check_secretref_surfaces(model) -> Iterator[Diagnostic]:
    """What: a SecretRef object (`{source, provider, id}`) at `hooks.token`, `hooks.gmail.pushToken`,
`hooks.mappings[].sessionKey` or a channel field that its channel declares runtime-managed (e.g.
Discord thread-binding webhook tokens, WhatsApp `creds.json`).

Why: these values are written or rotated by OpenClaw at runtime, so they cannot come from a
secret provider. OpenClaw refuses the config.

Example:
    hooks: { token: { source: "env", provider: "default", id: "HOOK_TOKEN" } }

Fix: use a plain string; an env template such as "${HOOK_TOKEN}" is fine."""
    patterns = list(CORE_SECRETREF_FORBIDDEN_SURFACES)
    if isinstance(_get(model.value, "channels"), dict):  # the channel data is only needed then
        for channel in plugin_data()["channels"]:
            patterns.extend(p for p in channel["unsupportedSecretRefSurfacePatterns"] if p not in patterns)
    for pattern in patterns:
        for path, value in _pattern_candidates(model.value, pattern):
            if isinstance(value, dict) and secret_ref(value) is not None:
                dotted = ".".join(str(p) for p in path)
                yield _emit(model, check_secretref_surfaces,
                            f"`{dotted}` is managed by OpenClaw at runtime and cannot be a SecretRef object",
                            path, help='use a plain string (an env template like "${MY_TOKEN}" is allowed)')


def _secret_ref_objects(value: Any, path: Path = ()) -> Iterator[tuple[Path, dict]]:
    """Every SecretRef-shaped object outside `secrets` itself. (String shorthands are always env
    refs to the default env alias, which OpenClaw never reports as a source mismatch.)"""
    if isinstance(value, dict):
        if secret_ref(value) is not None:
            yield path, value
            return
        for key, item in value.items():
            if path == () and key == "secrets":
                continue
            yield from _secret_ref_objects(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _secret_ref_objects(item, (*path, index))


@rule("OC221", "secret-provider-source-mismatch", ERROR,
      "A SecretRef asks a declared secret provider for a different source.")
def check_secret_source(model) -> Iterator[Diagnostic]:
    """What: a SecretRef's `source` differs from the `source` of the provider alias it names in
`secrets.providers` (for example a `file` ref to an `env` provider).

Why: the ref can never resolve; `openclaw config validate` refuses it. (Refs to aliases that are
not declared at all are not refused by OpenClaw; oclc's secrets rules report those.)

Example:
    secrets: { providers: { vault: { source: "env" } } },
    models: { providers: { openai: { apiKey: { source: "file", provider: "vault", id: "/openai" } } } }

Fix: make the ref's `source` match the provider, or point it at a provider of that source."""
    config = model.value
    providers = _get(config, "secrets", "providers")
    if not isinstance(providers, dict) or not providers:
        return
    defaults = _get(config, "secrets", "defaults")
    for path, value in _secret_ref_objects(config):
        ref = secret_ref(value, defaults)
        configured = _get(providers, ref["provider"], "source")
        if not isinstance(configured, str) or not configured or configured == ref["source"]:
            continue
        default_alias = _get(defaults, ref["source"])
        default_alias = default_alias.strip() if isinstance(default_alias, str) and default_alias.strip() else "default"
        if ref["source"] in ("env", "store") and ref["provider"] == default_alias:
            continue  # the built-in default alias of that source answers it
        yield _emit(model, check_secret_source,
                    f"secret provider {json.dumps(ref['provider'])} reads from {json.dumps(configured)}, but this ref "
                    f"asks it for source {json.dumps(ref['source'])}", path)


@rule("OC222", "exec-secret-command-unusable", ERROR,
      "An exec secret provider's command is missing, a symlink, or unsafe on this host.")
def check_exec_command(model) -> Iterator[Diagnostic]:
    """What: the `command` of an exec secret provider (`secrets.providers.<alias>`) does not exist
or cannot be read, is a directory or a symlink, lies outside its `trustedDirs`, is writable by
group or others, or is not owned by the current user.

Why: `openclaw config validate` checks the command file before trusting it to print secrets,
and refuses the config otherwise. The check depends on the machine it runs on: oclc checks the
machine it runs on, which may not be the gateway host.

Example:
    secrets: { providers: { op: { source: "exec", command: "/usr/local/bin/op-resolver" } } }

Fix: install the command at that path, owned by the gateway user, mode 0755 or stricter, and
not through a symlink (name the real file)."""
    providers = _get(model.value, "secrets", "providers")
    if not isinstance(providers, dict):
        return
    for alias, provider in providers.items():
        if not isinstance(provider, dict) or "command" not in provider:
            continue
        command = provider["command"]
        if not isinstance(command, str) or not (os.path.isabs(command.strip()) or command.strip().startswith("~")):
            continue  # the schema reports relative and non-string commands
        expanded = _expand_user(command, model)
        if not _on_disk(expanded):
            continue  # under the gateway's home, which oclc was not given (OC125 says so)
        problem = _exec_command_problem(expanded, provider.get("trustedDirs"), model)
        if problem:
            real = _realpath(expanded)
            yield _emit(model, check_exec_command, f"exec secret provider {json.dumps(alias)}: {problem} "
                        "(checked on this machine; the gateway host may differ)",
                        ("secrets", "providers", alias, "command"),
                        help=f"name the real file: {real}" if real != expanded else None)


def _exec_command_problem(path: str, trusted_dirs: Any, model) -> str | None:
    try:
        info = os.lstat(path)
    except (OSError, ValueError):
        return f"the command {path} does not exist or cannot be read"
    if stat.S_ISDIR(info.st_mode):
        return f"the command {path} is a directory, not a file"
    if stat.S_ISLNK(info.st_mode):
        return f"the command {path} is a symlink; OpenClaw wants the real file"
    if isinstance(trusted_dirs, list) and trusted_dirs:
        roots = [_expand_user(d, model) for d in trusted_dirs if isinstance(d, str)]
        # A trusted dir under a home oclc was not given cannot be compared: then no finding.
        inside = any(path == root or path.startswith(root.rstrip(os.sep) + os.sep) for root in roots)
        if not inside and all(map(_on_disk, roots)):
            return f"the command {path} is outside `trustedDirs`"
    if info.st_mode & 0o022:
        return f"the command {path} is writable by group or others (mode {stat.S_IMODE(info.st_mode):o})"
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return f"the command {path} is owned by uid {info.st_uid}, not by the current user (uid {os.getuid()})"
    return None
