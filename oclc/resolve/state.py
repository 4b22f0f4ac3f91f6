"""Read-only access to OpenClaw's credential stores under a state directory (`--state-dir`).

OpenClaw 2026.9.6 keeps auth profiles in SQLite (spec section 3.2):
  * per agent: `<agentDir>/openclaw-agent.sqlite`, table `auth_profile_store`, row `primary`;
  * shared: `state/openclaw.sqlite`, table `config_machine_state`: row `auth.sharedStore` says where the
    shared store lives (`{"location": "state-db"}` -> row `authProfiles.store` of that table; absent ->
    "legacy-main": the inheritance owner's agent store);
  * retired `auth-profiles.json` files in an agent dir, which the runtime ignores.

Only metadata is kept: profile ids, providers, types, expiry, whether a secret is present. Secret
values are read (they are in the same JSON) and dropped at once. Nothing is ever written: databases
are opened with `mode=ro` (falling back to `immutable=1` when even that needs a writable directory).
"""
from __future__ import annotations

import os

from ..records import Record
from ..source import DEFAULT_MAX_BYTES

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

SECRET_FIELDS = ("key", "apiKey", "token", "access", "refresh")
REF_FIELDS = ("keyRef", "tokenRef")
LEGACY_FILES = ("auth-profiles.json", "auth.json")   # retired JSON stores in an agent dir


class StoredProfile(Record, frozen=True):
    __slots__ = ("id", "provider", "type", "has_secret", "expires", "email")

    def __init__(self, id: str, provider: str | None, type: str | None, has_secret: bool, expires: int | None = None,
                 email: str | None = None):
        self.id = id
        self.provider = provider
        self.type = type  # api_key | token | oauth (or whatever the store says)
        self.has_secret = has_secret  # a key/token/access value or a keyRef/tokenRef is present
        self.expires = expires  # epoch milliseconds, token/oauth only
        self.email = email

    def expired(self, now_ms: int) -> bool:
        return self.expires is not None and self.expires > 0 and self.expires <= now_ms


class ProfileStore(Record):
    __slots__ = ("path", "kind", "exists", "profiles", "order", "unusable_until", "error")

    def __init__(self, path: str, kind: str, exists: bool = False, profiles: dict[str, StoredProfile] | None = None,
                 order: dict[str, list[str]] | None = None, unusable_until: dict[str, int] | None = None,
                 error: str | None = None):
        self.path = path
        self.kind = kind  # agent | shared | legacy-file
        self.exists = exists
        self.profiles = {} if profiles is None else profiles
        self.order = {} if order is None else order
        self.unusable_until = {} if unusable_until is None else unusable_until  # profile id -> cooldown/disabled end (ms)
        self.error = error  # why it could not be read


class StateDir(Record):
    __slots__ = ("root", "max_bytes", "shared_location", "shared", "error", "_agent_cache", "_legacy_cache")
    _unshown = ("_agent_cache", "_legacy_cache")

    def __init__(self, root: str, max_bytes: int = DEFAULT_MAX_BYTES, shared_location: str = "legacy-main",
                 shared: ProfileStore | None = None, error: str | None = None,
                 _agent_cache: dict[str, ProfileStore] | None = None,
                 _legacy_cache: dict[str, list[ProfileStore]] | None = None):
        self.root = root
        self.max_bytes = max_bytes  # the size limit of each JSON store oclc reads
        self.shared_location = shared_location  # state-db | legacy-main
        self.shared = shared  # the state-db store (None in legacy-main mode)
        self.error = error
        self._agent_cache = {} if _agent_cache is None else _agent_cache
        self._legacy_cache = {} if _legacy_cache is None else _legacy_cache

    def default_agent_dir(self, agent_id: str) -> str:
        return os.path.join(self.root, "agents", agent_id, "agent")

    def agent_store(self, agent_dir: str) -> ProfileStore:
        """The SQLite store of one agent dir (`exists` False when there is none)."""
        cached = self._agent_cache.get(agent_dir)
        if cached is None:
            path = os.path.join(agent_dir, "openclaw-agent.sqlite")
            cached = _read_agent_db(path, self.max_bytes)
            self._agent_cache[agent_dir] = cached
        return cached

    def store_paths(self) -> list[str]:
        """Every credential store this run looked for, whether or not it exists."""
        paths = [os.path.join(self.root, "state", "openclaw.sqlite")]
        paths += [store.path for store in self._agent_cache.values()]
        paths += [os.path.join(agent_dir, name) for agent_dir in self._legacy_cache for name in LEGACY_FILES]
        return paths

    def legacy_files(self, agent_dir: str) -> list[ProfileStore]:
        """Retired JSON credential files in an agent dir (ignored by the runtime)."""
        cached = self._legacy_cache.get(agent_dir)
        if cached is None:
            cached = []
            for name in LEGACY_FILES:
                path = os.path.join(agent_dir, name)
                if os.path.exists(path):
                    cached.append(read_legacy_file(path, self.max_bytes))
            self._legacy_cache[agent_dir] = cached
        return cached


def read_state(root: str, max_bytes: int = DEFAULT_MAX_BYTES) -> StateDir:
    state = StateDir(root=os.path.abspath(os.path.expanduser(root)), max_bytes=max_bytes)
    if not os.path.isdir(state.root):
        state.error = "the state directory does not exist"
        return state
    db = os.path.join(state.root, "state", "openclaw.sqlite")
    if not os.path.exists(db):
        return state
    rows, error = _query(db, "SELECT state_key, substr(value_json, 1, :limit) FROM config_machine_state "
                             "WHERE state_key IN ('auth.sharedStore', 'authProfiles.store')", max_bytes)
    if error:
        state.error = error
        return state
    values = dict(rows)
    # A location row that is not JSON reads as absent, as in OpenClaw (safeParseJson -> legacy-main).
    location, _ = _json(values.get("auth.sharedStore"))
    if isinstance(location, dict) and location.get("location") == "state-db":
        state.shared_location = "state-db"
        store = ProfileStore(path=db, kind="shared", exists="authProfiles.store" in values)
        _fill_json(store, values.get("authProfiles.store"))
        state.shared = store
    return state


def read_legacy_file(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> ProfileStore:
    from ..json5.strict import JSONTextError, loads
    from ..source import ReadError, decode, read_bytes

    store = ProfileStore(path=path, kind="legacy-file", exists=True)
    try:
        data = loads(decode(read_bytes(path, max_bytes), path).text)
    except ReadError as exc:
        store.error = _refused(exc.kind, max_bytes, exc.message) if exc.kind in ("not-a-file", "too-large") \
            else f"cannot read: {exc.message}"
        return store
    except JSONTextError as exc:
        store.error = f"cannot read: {exc.message}"
        return store
    if isinstance(data, dict) and "profiles" not in data and os.path.basename(path) == "auth.json":
        # auth.json is flat: {provider: credential}
        data = {"profiles": {f"{k}:default": dict(v, provider=v.get("provider", k))
                             for k, v in data.items() if isinstance(v, dict)}}
    _fill_store(store, data)
    return store


def _read_agent_db(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> ProfileStore:
    store = ProfileStore(path=path, kind="agent")
    if not os.path.exists(path):
        return store
    rows, error = _query(path, "SELECT substr(store_json, 1, :limit) FROM auth_profile_store "
                               "WHERE store_key = 'primary'", max_bytes)
    if error:
        store.error = error
        return store
    store.exists = True
    if rows:
        _fill_json(store, rows[0][0])
    return store


def _fill_json(store: ProfileStore, text: Any) -> None:
    """Fill `store` from the JSON text of its row. Text that is not JSON leaves it empty, as OpenClaw
    reads it (safeParseJson -> null); `error` says so, since every credential check then misses it."""
    data, error = _json(text)
    if error is not None and error.too_deep:
        store.error = f"not checked: its {error.message}"
    elif error is not None:
        store.error = f"not JSON ({error.message}); OpenClaw reads it as empty"
    _fill_store(store, data)


def _fill_store(store: ProfileStore, data: Any) -> None:
    if not isinstance(data, dict):
        return
    profiles = data.get("profiles")
    if isinstance(profiles, dict):
        for pid, raw in profiles.items():
            if isinstance(pid, str) and isinstance(raw, dict):
                store.profiles[pid] = _profile(pid, raw)
    order = data.get("order")
    if isinstance(order, dict):
        store.order = {k: [i for i in v if isinstance(i, str)] for k, v in order.items()
                       if isinstance(k, str) and isinstance(v, list)}
    stats = data.get("usageStats")
    if isinstance(stats, dict):
        for pid, entry in stats.items():
            if isinstance(entry, dict):
                ends = [_epoch_ms(entry.get(k)) for k in ("cooldownUntil", "disabledUntil", "blockedUntil")]
                ends = [e for e in ends if e is not None]
                if ends:
                    store.unusable_until[pid] = max(ends)


def _profile(pid: str, raw: dict) -> StoredProfile:
    kind = raw.get("type", raw.get("mode"))
    if kind == "apiKey":
        kind = "api_key"
    if kind is None and ("key" in raw or "apiKey" in raw):
        kind = "api_key"
    has_secret = any(isinstance(raw.get(f), str) and raw.get(f) for f in SECRET_FIELDS) or any(
        isinstance(raw.get(f), dict) for f in REF_FIELDS)
    expires = raw.get("expires")
    return StoredProfile(
        id=pid,
        provider=raw.get("provider") if isinstance(raw.get("provider"), str) else None,
        type=kind if isinstance(kind, str) else None,
        has_secret=has_secret,
        expires=_epoch_ms(expires),
        email=raw.get("email") if isinstance(raw.get("email"), str) else None,
    )


def _refused(kind: str, max_bytes: int, detail: str = "") -> str:
    """Why a store was not read (a ReadError kind), worded to follow "credential store X is"."""
    if kind == "not-a-file":
        return "not a regular file (a FIFO, socket, device or directory); it was not opened"
    if kind == "too-large":
        return f"larger than {max_bytes:,} bytes, the size limit (raise it with --max-file-size)"
    return f"not readable ({detail})"


def _query(path: str, sql: str, max_bytes: int) -> tuple[list[tuple], str | None]:
    """The rows of a read-only query. `sql` reads each stored JSON as `substr(column, 1, :limit)`,
    so a value over `max_bytes` characters is refused, never read whole into Python; a path that is
    not a regular file (SQLite's open would block on a FIFO) is refused unopened."""
    import stat

    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return [], _refused("not-a-file", max_bytes)
    except OSError as exc:
        return [], _refused("unreadable", max_bytes, exc.strerror or str(exc))
    rows, error = _query_read_only(path, sql, {"limit": max_bytes + 1})
    if any(isinstance(row[-1], str) and len(row[-1]) > max_bytes for row in rows):
        return [], _refused("too-large", max_bytes)
    return rows, error


def _query_read_only(path: str, sql: str, parameters: dict) -> tuple[list[tuple], str | None]:
    import sqlite3  # only runs with --state-dir

    # Percent-encoded from the path's bytes: a directory name that is not UTF-8 (os.fsdecode keeps
    # its bytes as surrogates, which quote() cannot encode) is still a path SQLite can open.
    from urllib.parse import quote

    uri = "file:" + quote(os.fsencode(os.path.abspath(path)))
    last_error = None
    for suffix in ("?mode=ro", "?mode=ro&immutable=1"):
        try:
            connection = sqlite3.connect(uri + suffix, uri=True)
        except sqlite3.Error as exc:
            last_error = str(exc)
            continue
        try:
            return connection.execute(sql, parameters).fetchall(), None
        except sqlite3.Error as exc:
            last_error = str(exc)
        finally:
            connection.close()
    return [], f"not readable ({last_error})"


# The last millisecond datetime can show (9999-12-31): a later time, up to JSON's Infinity (what
# JSON.parse makes of 1e400), means "never" just as well, and stays an int that prints.
LATEST_MS = 253_402_300_799_999


def _epoch_ms(value: Any) -> int | None:
    """A store's time (epoch milliseconds) as an int within what a date can show; None for what is
    not a number (NaN included: every comparison with it is false in OpenClaw too)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        return None
    return int(max(-LATEST_MS, min(LATEST_MS, value)))


def _json(text: Any):
    """(value, None), or (None, the JSONTextError) for text that is not JSON; (None, None) for no text."""
    from ..json5.strict import JSONTextError, loads

    if not isinstance(text, str):
        return None, None
    try:
        return loads(text), None
    except JSONTextError as exc:
        return None, exc
