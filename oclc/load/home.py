"""The gateway's home directory, for `~` in paths.

oclc's result must not depend on the machine it runs on, so the home is never this process's own
(`$HOME`, the password database): it comes only from the environment oclc was given, where the
gateway would have it (`OPENCLAW_HOME`, else `HOME`; from `--env-file`, or this process's with
`--env-from-process`). Without one, a `~` path stays `~` in everything oclc prints, and a check
that would have to look at that path on disk cannot be made.

Only `~` and `~/...` are home paths here; `~user` names another account and is left as written.
"""
from __future__ import annotations

import os
from collections.abc import Mapping


def gateway_home(env: Mapping[str, str]) -> str | None:
    """The gateway's home directory as the given environment says, or None when it does not."""
    home = (env.get("OPENCLAW_HOME") or env.get("HOME") or "").strip()
    return home or None


def is_home_path(path: str) -> bool:
    return path == "~" or path.startswith(("~/", "~" + os.sep))


def expand_home(path: str, env: Mapping[str, str]) -> str:
    """`path` (stripped) with a leading `~` replaced by the gateway's home; when that home is not
    known, the path is returned as written (still starting with `~`: see `is_home_path`)."""
    path = path.strip()
    if not is_home_path(path):
        return path
    home = gateway_home(env)
    return path if home is None else home + path[1:]


def resolved_path(path: str, env: Mapping[str, str]) -> str:
    """`expand_home`, normalised: an absolute path is made canonical (`..`, `//`); a `~` path
    whose home is unknown stays relative to that `~`; any other relative path stays as written
    (it is relative to the gateway's working directory, not oclc's)."""
    expanded = expand_home(path, env)
    if os.path.isabs(expanded) or is_home_path(expanded):
        return os.path.normpath(expanded)
    return expanded
