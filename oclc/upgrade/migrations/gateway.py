"""Doctor migrations 30-38: the gateway (Control UI, Tailscale, WebChat, port, origins, bind) and
MCP servers."""
from __future__ import annotations

import math

from ..tree import Tree
from .common import Migration, delete_if_empty, own, q

DEFAULT_GATEWAY_PORT = 18789


def _gateway_delete(tree: Tree, owner: tuple, key: str, reason: str) -> None:
    if tree.record(owner) is not None:
        tree.delete(owner + (key,), reason)


def control_ui_tool_titles(tree: Tree) -> None:
    _gateway_delete(tree, ("gateway", "controlUi"), "toolTitles",
                    "tool activity uses the agents' own descriptions now, without utility-model calls")


def tailscale_service_name(tree: Tree) -> None:
    tailscale = ("gateway", "tailscale")
    if tree.record(tailscale) is None or not own(tree, tailscale + ("serviceName",)):
        return
    if tree.get(tailscale + ("mode",)) == "serve":
        tree.delete(tailscale + ("serviceName",), "named Tailscale Services need background routes that cannot "
                    "follow the gateway's lifecycle")
        tree.set(tailscale + ("mode",), "off", "a named Service cannot use lifecycle-owned routes, so managed "
                 "ingress is turned off")
        tree.decide(tailscale, "inspect the Service route left behind and clear it with `tailscale serve clear "
                    "<service-name>`; set gateway.tailscale.mode to \"serve\" to use device Serve instead")
    else:
        tree.delete(tailscale + ("serviceName",), "named Tailscale Services were retired; they applied to "
                    "Serve only, so the current mode is unchanged")


def tailscale_reset_on_exit(tree: Tree) -> None:
    _gateway_delete(tree, ("gateway", "tailscale"), "resetOnExit",
                    "managed Tailscale routes end with the gateway on their own now")


def control_ui_device_auth(tree: Tree) -> None:
    _gateway_delete(tree, ("gateway", "controlUi"), "dangerouslyDisableDeviceAuth",
                    "it was ignored; Control UI browsers pair through the normal device flow")


def gateway_webchat(tree: Tree) -> None:
    if tree.record(("gateway",)) is not None and own(tree, ("gateway", "webchat")):
        tree.delete(("gateway", "webchat"), "WebChat was retired")
        delete_if_empty(tree, ("gateway",))


def gateway_port(tree: Tree) -> None:
    port = tree.get(("gateway", "port"))
    if tree.record(("gateway",)) is None or isinstance(port, bool) or not isinstance(port, (int, float)):
        return
    if (isinstance(port, float) and math.isnan(port)) or 1 <= port <= 65535:
        return
    tree.delete(("gateway", "port"), f"{port} is not a TCP port (1-65535); the gateway uses its default "
                f"port {DEFAULT_GATEWAY_PORT}")
    delete_if_empty(tree, ("gateway",))


BIND_ALIASES = {"0.0.0.0": "lan", "::": "lan", "[::]": "lan", "*": "lan",
                "127.0.0.1": "loopback", "localhost": "loopback", "::1": "loopback", "[::1]": "loopback"}


def _bind_alias(value) -> str | None:
    return BIND_ALIASES.get(value.strip().lower()) if isinstance(value, str) and value.strip() else None


def control_ui_origins(tree: Tree) -> None:
    gateway = tree.record(("gateway",))
    if gateway is None:
        return
    bind = _bind_alias(gateway.get("bind")) or gateway.get("bind")
    if bind not in ("lan", "tailnet", "custom", "auto"):
        return
    control_ui = gateway.get("controlUi") if isinstance(gateway.get("controlUi"), dict) else {}
    if control_ui.get("dangerouslyAllowHostHeaderOriginFallback") is True:
        return
    origins_now = control_ui.get("allowedOrigins")
    if isinstance(origins_now, list) and any(isinstance(o, str) and o.strip() for o in origins_now):
        return
    port = gateway.get("port")
    port = port if isinstance(port, (int, float)) and not isinstance(port, bool) and port > 0 else DEFAULT_GATEWAY_PORT
    port_text = str(int(port)) if float(port).is_integer() else str(port)
    origins = [f"http://localhost:{port_text}", f"http://127.0.0.1:{port_text}"]
    host = gateway.get("customBindHost").strip() if isinstance(gateway.get("customBindHost"), str) else ""
    if bind == "custom" and host and f"http://{host}:{port_text}" not in origins:
        origins.append(f"http://{host}:{port_text}")
    if own(tree, ("gateway", "controlUi")) and tree.record(("gateway", "controlUi")) is None:
        tree.delete(("gateway", "controlUi"), "it was not an object; the seeded origins need one")
    tree.set(("gateway", "controlUi", "allowedOrigins"), origins,
             f"a gateway bound to {q(bind)} needs the Control UI origins listed (required since 2026.2.26); "
             "these are the local ones")
    tree.decide(("gateway", "controlUi", "allowedOrigins"), "add the origins of other machines that open the "
                "Control UI", advisory=True)


def bind_alias(tree: Tree) -> None:
    value = tree.get(("gateway", "bind"))
    mapped = _bind_alias(value)
    if tree.record(("gateway",)) is None or mapped is None or value.strip().lower() == mapped:
        return
    tree.set(("gateway", "bind"), mapped, f"host {q(value)} is the bind mode {q(mapped)} now")


# 38 -----------------------------------------------------------------------------------------------

_MCP_TYPES = {"http": "streamable-http", "streamable-http": "streamable-http", "sse": "sse", "stdio": "stdio"}


def _mcp_type(value) -> str | None:
    return value.strip().lower() if isinstance(value, str) and value.strip().lower() in _MCP_TYPES else None


def _mcp_transport(value) -> str | None:
    mapped = _MCP_TYPES.get(_mcp_type(value) or "")
    return mapped if mapped in ("sse", "streamable-http") else None


def _has_aliases(server: dict) -> bool:
    codex = server.get("codex")
    return ("workingDirectory" in server
            or any(k in server for k in ("supports_parallel_tool_calls", "ssl_verify", "client_cert", "client_key"))
            or (isinstance(codex, dict) and "default_tools_approval_mode" in codex))


def _snake_alias(tree: Tree, server: tuple, legacy: str, canonical: str, kind: type) -> None:
    record = tree.record(server)
    if legacy not in record:
        return
    if isinstance(record[legacy], kind) and not isinstance(record.get(canonical), kind) and \
            (kind is not int or not isinstance(record[legacy], bool)):
        if own(tree, server + (canonical,)):
            tree.delete(server + (canonical,), f"{legacy} takes its place")
        tree.rename(server + (legacy,), canonical, f"{legacy} is spelt {canonical} now")
    else:
        tree.delete(server + (legacy,), f"{legacy} is spelt {canonical} now, which is already set")


def _servers(tree: Tree, base: tuple):
    servers = tree.record(base)
    return [base + (name,) for name, value in (servers or {}).items() if isinstance(value, dict)]


def mcp_servers(tree: Tree) -> None:
    for base in (("mcp", "servers"), ("nodeHost", "mcp", "servers")):
        for server in _servers(tree, base):
            record = tree.record(server)
            if isinstance(record.get("disabled"), bool):
                disabled = record["disabled"]
                if isinstance(record.get("enabled"), bool):
                    tree.delete(server + ("disabled",), "MCP servers say `enabled` now, which is already set")
                else:
                    if own(tree, server + ("enabled",)):
                        tree.delete(server + ("enabled",), "replaced by the value of `disabled`")
                    tree.set(server + ("enabled",), not disabled,
                             f"`disabled: {str(disabled).lower()}` is `enabled: {str(not disabled).lower()}` now",
                             action="added")
                    tree.delete(server + ("disabled",), "replaced by enabled")
        for server in _servers(tree, base):
            for alias, canonical in (("connectTimeout", "connectionTimeoutMs"), ("connect_timeout", "connectionTimeoutMs"),
                                     ("timeout", "requestTimeoutMs")):
                record = tree.record(server)
                if alias not in record:
                    continue
                value = record[alias]
                if canonical not in record and isinstance(value, (int, float)) and \
                        not isinstance(value, bool) and value > 0 and math.isfinite(value * 1000):
                    millis = value * 1000
                    millis = int(millis) if float(millis).is_integer() else millis
                    tree.set(server + (canonical,), millis, f"{alias} (seconds) is {canonical} (milliseconds) now",
                             action="added")
                    tree.delete(server + (alias,), f"replaced by {canonical}")
                else:
                    tree.delete(server + (alias,), f"it became {canonical}, which is already set or could not "
                                "take this value")
        for server in _servers(tree, base):
            record = tree.record(server)
            if not _has_aliases(record):
                continue
            transport = _mcp_transport(record.get("type"))
            if transport and not isinstance(record.get("transport"), str):
                if own(tree, server + ("transport",)):
                    tree.delete(server + ("transport",), "type takes its place")
                tree.set(server + ("transport",), transport, f"the CLI type {q(record['type'])} is the transport "
                         f"{q(transport)} here", action="added")
            if _mcp_type(record.get("type")):
                tree.delete(server + ("type",), "MCP servers name their transport with `transport`")
            record = tree.record(server)
            if "workingDirectory" in record:
                if isinstance(record["workingDirectory"], str) and not isinstance(record.get("cwd"), str):
                    if own(tree, server + ("cwd",)):
                        tree.delete(server + ("cwd",), "workingDirectory takes its place")
                    tree.rename(server + ("workingDirectory",), "cwd", "workingDirectory is spelt cwd now")
                else:
                    tree.delete(server + ("workingDirectory",), "it is spelt cwd now, which is already set")
            _snake_alias(tree, server, "supports_parallel_tool_calls", "supportsParallelToolCalls", bool)
            _snake_alias(tree, server, "ssl_verify", "sslVerify", bool)
            _snake_alias(tree, server, "client_cert", "clientCert", str)
            _snake_alias(tree, server, "client_key", "clientKey", str)
            if tree.record(server + ("codex",)) is not None:
                _snake_alias(tree, server + ("codex",), "default_tools_approval_mode", "defaultToolsApprovalMode", str)
    for server in _servers(tree, ("mcp", "servers")):
        record = tree.record(server)
        raw_type = record.get("type")
        if not _mcp_type(raw_type):
            continue
        transport = _mcp_transport(raw_type)
        if not isinstance(record.get("transport"), str) and transport:
            reason = f"the CLI type {q(raw_type)} is the transport {q(transport)} here"
            if raw_type == transport and not own(tree, server + ("transport",)):
                tree.rename(server + ("type",), "transport", reason)
            else:
                tree.set(server + ("transport",), transport, reason)
                tree.delete(server + ("type",), "replaced by transport")
        else:
            tree.delete(server + ("type",), "MCP servers name their transport with `transport`"
                        + (" (already set)" if isinstance(record.get("transport"), str) else ""))


MIGRATIONS = [
    Migration("gateway.control-ui-tool-titles-remove", "Remove gateway.controlUi.toolTitles", control_ui_tool_titles),
    Migration("gateway.tailscale.service-name-remove", "Remove gateway.tailscale.serviceName", tailscale_service_name),
    Migration("gateway.tailscale.reset-on-exit-remove", "Remove gateway.tailscale.resetOnExit", tailscale_reset_on_exit),
    Migration("gateway.control-ui-device-auth-bypass->pairing-migration",
              "Remove gateway.controlUi.dangerouslyDisableDeviceAuth", control_ui_device_auth),
    Migration("gateway.webchat-remove", "Remove gateway.webchat", gateway_webchat),
    Migration("gateway.port-oob-repair", "Remove an out-of-range gateway.port", gateway_port),
    Migration("gateway.controlUi.allowedOrigins-seed-for-non-loopback",
              "List the local Control UI origins for non-loopback gateways", control_ui_origins),
    Migration("gateway.bind.host-alias->bind-mode", "Replace gateway.bind host names by bind modes", bind_alias),
    Migration("mcp.servers.canonicalize", "Rename legacy MCP server settings", mcp_servers),
]
