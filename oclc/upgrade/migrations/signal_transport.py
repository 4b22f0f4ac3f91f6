"""Signal's transport settings (how OpenClaw reaches signal-cli) are one `transport` object per
account in 2026.9.6: `{kind: "managed-native", ...}` when OpenClaw starts signal-cli itself,
`{kind: "external-native", url}` for a daemon someone else runs, `{kind: "container", url}` for
the REST container. The flat fields (cliPath, httpUrl, httpHost, httpPort, autoStart, ...) and
`apiMode` are retired.

The kind follows from the old settings where they say it (apiMode, or autoStart without an
httpUrl). With an httpUrl and no apiMode, only the daemon answering there tells which kind it is:
that is a person's decision, and nothing is changed. Accounts that inherit a started daemon get a
port of their own (the next free one from 8080), as each now starts its own.
"""
from __future__ import annotations

import ipaddress
import re
from typing import Any
from urllib.parse import urlsplit

from ..tree import Tree
from .common import BLOCKED_KEYS, Migration, dotted, own

LEGACY_FIELDS = ("configPath", "httpUrl", "httpHost", "httpPort", "cliPath", "autoStart", "startupTimeoutMs",
                 "receiveMode", "ignoreStories")
DEFAULT_PORT = 8080
ROOT = ("channels", "signal")


class Unusable(ValueError):
    """A setting no transport can be built from."""


# --- endpoints --------------------------------------------------------------------------------------

def _text(value) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def normalize_url(value: str) -> str:
    """scheme://host[:port][/path] of an http(s) endpoint, without a trailing slash."""
    trimmed = value.strip()
    if not trimmed:
        raise Unusable("the URL is empty")
    if re.match(r"https?:", trimmed, re.IGNORECASE) and not re.match(r"https?://[^/]", trimmed, re.IGNORECASE):
        raise Unusable("the URL's scheme is malformed")
    scheme = re.match(r"([a-z][a-z0-9+.-]*)://", trimmed, re.IGNORECASE)
    if scheme and scheme.group(1).lower() not in ("http", "https"):
        raise Unusable(f"{scheme.group(1)}: is not http")
    parsed = urlsplit(trimmed if re.match(r"https?://", trimmed, re.IGNORECASE) else f"http://{trimmed}")
    if parsed.scheme.lower() not in ("http", "https") or not parsed.hostname:
        raise Unusable("not an http URL")
    if parsed.username is not None or parsed.password is not None:
        raise Unusable("the URL carries credentials")
    try:
        port = parsed.port
    except ValueError as error:
        raise Unusable("the URL's port is not a port") from error
    host = parsed.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    protocol = parsed.scheme.lower()
    if port is not None and port != {"http": 80, "https": 443}[protocol]:
        host += f":{port}"
    path = "" if parsed.path in ("", "/") else parsed.path.rstrip("/")
    return f"{protocol}://{host}{path}"


def _normalize_host(host: str) -> str:
    trimmed = host.strip()
    if trimmed.startswith("[") != trimmed.endswith("]"):
        raise Unusable("mismatched IPv6 brackets")
    bare = trimmed[1:-1] if trimmed.startswith("[") else trimmed
    if not bare or re.search(r"[\s/\\?#@]", bare):
        raise Unusable("not a host name or address")
    try:
        ipaddress.ip_address(bare)
    except ValueError:
        name = bare.removesuffix(".")
        labels = name.split(".")
        if len(name) > 253 or any(not label or len(label) > 63
                                  or not re.fullmatch(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?", label, re.IGNORECASE) for label in labels):
            raise Unusable("not a host name or address") from None
    return bare


def _http_url(host: str, port: int) -> str:
    bare = _normalize_host(host)
    return normalize_url(f"http://{f'[{bare}]' if ':' in bare else bare}:{port}")


def _valid_port(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 65535 or (
        isinstance(value, float) and value.is_integer() and 1 <= value <= 65535)


def _is_port_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _local_host(host: str) -> bool:
    return (host in ("localhost", "::1", "::", "0.0.0.0") or host.endswith(".localhost")
            or re.fullmatch(r"127(?:\.\d{1,3}){3}", host) is not None
            or re.fullmatch(r"::ffff:(?:127(?:\.\d{1,3}){3}|7f[0-9a-f]{2}:[0-9a-f]{1,4})", host) is not None)


def _endpoint_host(hostname: str) -> str:
    host = hostname.lower().strip("[]")
    return host.removesuffix(".")


def _local_port(url: str) -> int | None:
    parsed = urlsplit(url)
    if not _local_host(_endpoint_host(parsed.hostname or "")):
        return None
    return parsed.port or (443 if parsed.scheme == "https" else 80)


def is_transport(value) -> bool:
    """A transport object 2026.9.6 accepts (the shapes its doctor leaves alone)."""
    if not isinstance(value, dict):
        return False
    if value.get("kind") == "managed-native":
        socket = value.get("socketPath")
        if socket is not None and (not isinstance(socket, str) or not socket.startswith("/") or socket.endswith("/")
                                   or "url" in value or "httpHost" in value or "httpPort" in value
                                   or value.get("receiveMode") == "on-start"):
            return False
        if "httpPort" in value and not _valid_port(value["httpPort"]):
            return False
        if "url" not in value:
            return True
        return isinstance(value["url"], str) and _parses(value["url"])
    return value.get("kind") in ("external-native", "container") and isinstance(value.get("url"), str) and _parses(value["url"])


def _parses(url: str) -> bool:
    try:
        normalize_url(url)
        return True
    except Unusable:
        return False


# --- what each account's transport becomes ----------------------------------------------------------

def _inherited(entry: dict, root: dict, key: str) -> Any:
    return entry[key] if key in entry else root.get(key)


def _base_url(entry: dict, root: dict) -> str:
    url = _text(_inherited(entry, root, "httpUrl"))
    if url:
        return normalize_url(url)
    port = _inherited(entry, root, "httpPort")
    return _http_url(_text(_inherited(entry, root, "httpHost")) or "127.0.0.1",
                     int(port) if _is_port_number(port) else DEFAULT_PORT)


def _auto_start(entry: dict, root: dict) -> bool:
    value = _inherited(entry, root, "autoStart")
    return value if isinstance(value, bool) else not _text(_inherited(entry, root, "httpUrl"))


def _needs_probe(entry: dict, root: dict, api_mode) -> bool:
    if api_mode is not None and api_mode != "auto":
        return False
    return bool(_text(_inherited(entry, root, "httpUrl"))) or not _auto_start(entry, root)


def _connection_url(entry: dict, root: dict) -> str | None:
    """The managed daemon's URL when it is not just its own bind address."""
    raw = _text(_inherited(entry, root, "httpUrl"))
    if not raw:
        return None
    url = normalize_url(raw)
    endpoint = urlsplit(url)
    bind_host = (_text(_inherited(entry, root, "httpHost")) or "127.0.0.1").strip("[]").lower()
    port = _inherited(entry, root, "httpPort")
    bind_port = port if _is_port_number(port) else DEFAULT_PORT
    endpoint_port = endpoint.port or (443 if endpoint.scheme == "https" else 80)
    same = endpoint.scheme == "http" and (endpoint.hostname or "").lower() == bind_host and endpoint_port == bind_port
    return None if same else url


def _managed(entry: dict, root: dict) -> dict:
    transport: dict = {"kind": "managed-native"}
    for key in ("configPath", "cliPath"):
        if _text(_inherited(entry, root, key)):
            transport[key] = _text(_inherited(entry, root, key))
    url = _connection_url(entry, root)
    if url:
        transport["url"] = url
    if _text(_inherited(entry, root, "httpHost")):
        transport["httpHost"] = _text(_inherited(entry, root, "httpHost"))
    for key in ("httpPort", "startupTimeoutMs"):
        if _is_port_number(_inherited(entry, root, key)):
            transport[key] = _inherited(entry, root, key)
    if _inherited(entry, root, "receiveMode") in ("on-start", "manual"):
        transport["receiveMode"] = _inherited(entry, root, "receiveMode")
    if isinstance(_inherited(entry, root, "ignoreStories"), bool):
        transport["ignoreStories"] = _inherited(entry, root, "ignoreStories")
    return transport


def _resolve(entry: dict, root: dict, api_mode) -> dict | None:
    if is_transport(entry.get("transport")):
        return entry["transport"]
    base = _base_url(entry, root)
    if api_mode == "container":
        return {"kind": "container", "url": base}
    if api_mode == "native":
        return _managed(entry, root) if _auto_start(entry, root) else {"kind": "external-native", "url": base}
    if _needs_probe(entry, root, api_mode):
        return None
    if _inherited(entry, root, "autoStart") is False:
        return {"kind": "external-native", "url": base}
    return _managed(entry, root)


def _was_configured(entry: dict, root: dict) -> bool:
    return any(_text(_inherited(entry, root, key)) for key in ("account", "configPath", "httpUrl", "httpHost", "cliPath")) \
        or _is_port_number(_inherited(entry, root, "httpPort")) or isinstance(_inherited(entry, root, "autoStart"), bool)


def _has_legacy(entry: dict) -> bool:
    return any(key in entry for key in LEGACY_FIELDS)


def _default_key(accounts: dict) -> str | None:
    """The account that is `default` (exact key first, then a key that differs only in case)."""
    if "default" in accounts:
        return "default"
    return next((key for key in accounts if key.strip().lower() == "default"), None)


class Plan:
    """Signal's entries (the channel root first, then each account that is an object) and what
    the migration makes of each."""

    def __init__(self, root: dict):
        self.root = root
        accounts = root.get("accounts") if isinstance(root.get("accounts"), dict) else {}
        self.ids: list[str | None] = [None] + [key for key, value in accounts.items() if isinstance(value, dict)]
        self.entries: list[dict] = [root] + [accounts[key] for key in self.ids[1:]]
        key = _default_key(accounts)
        self.nested_default = self.ids.index(key) if key is not None and key in self.ids else None

    def root_is_account(self) -> bool:
        return len(self.entries) == 1 or bool(_text(self.root.get("account"))) or is_transport(self.root.get("transport"))

    def nested_default_owns_transport(self) -> bool:
        if self.nested_default is None:
            return False
        entry = self.entries[self.nested_default]
        return is_transport(entry.get("transport")) or _has_legacy(entry)

    def discarded(self, index: int) -> bool:
        if index == 0:
            return not self.root_is_account() or self.nested_default_owns_transport()
        return index == self.nested_default and is_transport(self.root.get("transport"))

    def materializes(self, index: int) -> bool:
        entry = self.entries[index]
        return not self.discarded(index) and (is_transport(entry.get("transport")) or _was_configured(entry, self.root))


def _allocate_ports(plan: Plan, transports: list) -> list:
    """Each account that now starts its own signal-cli gets a port no other local endpoint uses."""
    reserved: set = set()
    if is_transport(plan.root.get("transport")):
        canonical = 0
    elif plan.nested_default is not None:
        canonical = plan.nested_default
    else:
        canonical = 0 if plan.root_is_account() else None
    for index, transport in enumerate(transports):
        if not transport or (index == 0 and canonical != 0):
            continue
        if transport["kind"] == "managed-native" and "socketPath" in transport:
            continue
        if transport["kind"] != "managed-native":
            port = _local_port(transport["url"])
            if port is not None:
                reserved.add(port)
            continue
        if transport.get("url") and not _url_is_bind(transport):
            port = _local_port(transport["url"])
            if port is not None:
                reserved.add(port)
        if index == canonical or isinstance(plan.entries[index].get("transport"), dict):
            reserved.add(transport.get("httpPort", DEFAULT_PORT))
    result = []
    for index, transport in enumerate(transports):
        if (not transport or (index == 0 and canonical != 0) or transport["kind"] != "managed-native"
                or "socketPath" in transport or isinstance(plan.entries[index].get("transport"), dict) or index == canonical):
            result.append(transport)
            continue
        preferred = plan.entries[index].get("httpPort")
        if not _is_port_number(preferred):
            preferred = transport.get("httpPort")
        port = None
        if preferred is not None:
            if not _valid_port(preferred):
                raise Unusable("httpPort is not a port between 1 and 65535")
            if preferred not in reserved:
                port = preferred
        if port is None:
            port = DEFAULT_PORT
            while port <= 65535 and port in reserved:
                port += 1
            if port > 65535:
                raise Unusable("no free port is left")
        reserved.add(port)
        result.append(_with_port(transport, port))
    return result


def _url_is_bind(transport: dict) -> bool:
    """Whether a managed transport's url is just the address it binds (so it follows the port)."""
    if transport.get("kind") != "managed-native" or not transport.get("url"):
        return False
    url = urlsplit(transport["url"])
    if url.scheme != "http" or (url.port or 80) != transport.get("httpPort", DEFAULT_PORT):
        return False
    connection = _endpoint_host(url.hostname or "")
    bind = _endpoint_host(transport.get("httpHost") or "127.0.0.1")
    if connection == bind:
        return True
    if bind == "0.0.0.0":
        return connection == "localhost" or re.fullmatch(r"127(?:\.\d{1,3}){3}", connection) is not None
    if bind == "::":
        return connection in ("localhost", "::1")
    loopback = {"localhost", "127.0.0.1", "::1"}
    return (bind == "localhost" and connection in loopback) or (connection == "localhost" and bind in loopback)


def _with_port(transport: dict, port: int) -> dict:
    updated = {**transport, "httpPort": port}
    if transport.get("url") and _url_is_bind(transport):
        url = urlsplit(transport["url"])
        host = url.hostname if ":" not in (url.hostname or "") else f"[{url.hostname}]"
        updated["url"] = normalize_url(f"{url.scheme}://{host}:{port}{url.path}")
    return updated


def _container_without_account(root: dict, result: dict[tuple, Any]) -> bool:
    """A container transport needs the account's number (signal-cli's REST API is per number)."""
    accounts = root.get("accounts") if isinstance(root.get("accounts"), dict) else {}
    root_transport = result.get(ROOT)
    root_transport = root_transport if is_transport(root_transport) else None
    key = _default_key(accounts)
    default = accounts.get(key) if key is not None else None
    number = _text(default.get("account")) if isinstance(default, dict) and "account" in default else _text(root.get("account"))
    enabled = root.get("enabled") is not False
    if root_transport and root_transport["kind"] == "container" and enabled and not (
            isinstance(default, dict) and default.get("enabled") is False) and not number:
        return True
    for account, entry in accounts.items():
        if not isinstance(entry, dict) or not enabled or entry.get("enabled") is False:
            continue
        is_default = bool(account.strip()) and account.strip().lower() == "default"
        own_transport = result.get(ROOT + ("accounts", account))
        transport = root_transport if is_default and root_transport else own_transport if is_transport(own_transport) else None
        if not transport or transport["kind"] != "container" or (is_default and root_transport):
            continue
        if not (_text(entry.get("account")) if "account" in entry else _text(root.get("account"))):
            return True
    return False


def plan_transports(root: dict) -> tuple[dict[tuple, Any], str | None]:
    """{entry path: its transport (None: none)} and None, or ({}, what a person must settle)."""
    plan = Plan(root)
    for entry in plan.entries:
        transport = entry.get("transport")
        if isinstance(transport, dict) and "socketPath" in transport and not (
                transport.get("kind") == "managed-native" and is_transport(transport)):
            return {}, ("a transport.socketPath here is not usable (it must be a managed-native transport's absolute "
                        "socket path, without url, httpHost, httpPort or receiveMode \"on-start\"): correct it")
    pending = [index for index in range(len(plan.entries))
               if plan.materializes(index) and not is_transport(plan.entries[index].get("transport"))]
    for index in pending:
        entry = plan.entries[index]
        if _text(_inherited(entry, root, "httpUrl")):
            if not _parses(_inherited(entry, root, "httpUrl")):
                return {}, "httpUrl is not a usable http(s) URL: correct it, then upgrade again"
            continue
        port = _inherited(entry, root, "httpPort")
        if port is not None and not _valid_port(port):
            return {}, "httpPort must be a whole number between 1 and 65535: correct it, then upgrade again"
        try:
            _http_url(_text(_inherited(entry, root, "httpHost")) or "127.0.0.1",
                      int(port) if _is_port_number(port) else DEFAULT_PORT)
        except Unusable:
            return {}, "httpHost is not a host name or address: correct it, then upgrade again"
    api_mode = root.get("apiMode")
    transports = [(_resolve(entry, root, api_mode) if plan.materializes(index) else None)
                  for index, entry in enumerate(plan.entries)]
    if any(t and t.get("kind") == "managed-native" and "httpPort" in t and not _valid_port(t["httpPort"]) for t in transports):
        return {}, "httpPort must be a whole number between 1 and 65535: correct it, then upgrade again"
    try:
        transports = _allocate_ports(plan, transports)
    except Unusable as error:
        return {}, f"{error}: correct httpPort, then upgrade again"
    if any(plan.materializes(index) and not transports[index] for index in range(len(plan.entries))):
        return {}, ("which daemon answers at httpUrl (signal-cli's own, or the REST container) is only known by asking "
                    "it: set channels.signal.apiMode to \"native\" (signal-cli's own API; with autoStart: true when "
                    "OpenClaw starts it) or \"container\" (the REST container), or write the transport objects "
                    "yourself, and upgrade again")
    result: dict[tuple, Any] = {}
    canonical_root = root.get("transport") if is_transport(root.get("transport")) else None
    for index, entry in enumerate(plan.entries):
        path = ROOT if index == 0 else ROOT + ("accounts", plan.ids[index])
        if index == plan.nested_default:
            result[ROOT] = canonical_root or transports[index]
            result[path] = None
        elif index == 0 and not plan.root_is_account():
            result[path] = None
        else:
            result[path] = transports[index]
    if _container_without_account(root, result):
        return {}, ("a container transport needs the account's number: add channels.signal.account (or the account's "
                    "own `account`) and upgrade again")
    return result, None


def signal_account_keys(tree: Tree) -> None:
    """Account keys OpenClaw reads under another (normalized) id are named, not renamed: which
    spelling the gateway used depends on how it looked them up."""
    accounts = tree.record(ROOT + ("accounts",))
    if not accounts:
        return
    groups: dict[str, list[str]] = {}
    for key in accounts:
        if key:
            groups.setdefault(normalize_account_id(key), []).append(key)
    for account_id, keys in groups.items():
        if len(keys) > 1:
            tree.decide(ROOT + ("accounts",), f"the account keys {', '.join(map(repr, keys))} all mean account "
                        f"{account_id!r}: rename them so each is unique")
            continue
        key = keys[0]
        if key.strip().lower() != account_id:
            tree.decide(ROOT + ("accounts", key), f"OpenClaw lists this account as {account_id!r}; check its settings and "
                        f"rename the key to {account_id!r}")


def normalize_account_id(value: str) -> str:
    trimmed = value.strip()
    if not trimmed:
        return "default"
    lowered = trimmed.lower()
    if re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,63}", trimmed, re.IGNORECASE):
        canonical = lowered
    else:
        canonical = re.sub(r"-+$", "", re.sub(r"^-+", "", re.sub(r"[^a-z0-9_-]+", "-", lowered)))[:64]
    return canonical if canonical and canonical not in BLOCKED_KEYS else "default"


def signal_transport(tree: Tree) -> None:
    root = tree.record(ROOT)
    if root is None:
        return
    accounts = root.get("accounts") if isinstance(root.get("accounts"), dict) else {}
    if not ("apiMode" in root or _has_legacy(root) or any(isinstance(a, dict) and _has_legacy(a) for a in accounts.values())):
        return
    result, problem = plan_transports(root)
    if problem:
        tree.decide(ROOT, f"Signal's transport settings (cliPath, httpUrl, autoStart, ...) are one `transport` object per "
                    f"account now, and cannot be carried over as they are: {problem}")
        return
    reason = "Signal keeps its transport settings in one `transport` object per account"
    for path, transport in result.items():
        fields = [key for key in LEGACY_FIELDS if key in (tree.record(path) or {})]
        if transport is None:
            if own(tree, path + ("transport",)):
                tree.delete(path + ("transport",), f"{reason}; {dotted(path)} has none of its own")
        elif tree.get(path + ("transport",)) != transport:
            tree.set(path + ("transport",), transport,
                     f"{reason} (from {', '.join(fields)})" if fields else f"{reason} (inherited from channels.signal)")
    for path in [ROOT] + [ROOT + ("accounts", key) for key in accounts if isinstance(accounts[key], dict)]:
        if result.get(path) is not None:
            where = f"it is part of `{dotted(path + ('transport',))}` now"
        elif path == ROOT:
            where = "the accounts' own transports carry what they inherited from it"
        else:
            where = "as the default account, its transport is `channels.signal.transport`"
        for key in LEGACY_FIELDS:
            if own(tree, path + (key,)):
                tree.delete(path + (key,), f"{reason}; {where}")
    if own(tree, ROOT + ("apiMode",)):
        tree.delete(ROOT + ("apiMode",), f"{reason}; its kind says what apiMode said")


MIGRATIONS_BEFORE_ALIASES = [
    Migration("channels.signal.account-keys", "Name Signal account keys OpenClaw reads under another id",
              signal_account_keys),
]
MIGRATIONS_AFTER_ALIASES = [
    Migration("channels.signal.transport", "Carry Signal's transport settings to account-owned transports",
              signal_transport),
]
