"""Forms older releases accepted that 2026.9.6 refuses and its doctor does not migrate; each
rewritten to what 2026.9.6 means by the same thing.

- Browser profiles: up to 2026.4.29 a profile with `driver: "extension"` named the extension
  relay's address in `cdpUrl` (http://127.0.0.1:18792 in most configs). 2026.9.6 runs the relay
  itself and refuses a `cdpUrl` on such a profile ("the relay owns the endpoint"): the address
  goes, the profile stays an extension profile.
- MCP servers: `transport: "http"` (the name MCP clients such as Claude Code use; 2026.3.31 did not
  check it) is what 2026.9.6 calls "streamable-http", as its own importers of other agents' MCP
  settings map it.
"""
from __future__ import annotations

from ..tree import Tree
from .common import BLOCKED_KEYS, Migration, own


def extension_relay_endpoint(tree: Tree) -> None:
    profiles = tree.record(("browser", "profiles"))
    if profiles is None:
        return
    for name, profile in profiles.items():
        path = ("browser", "profiles", name)
        if name in BLOCKED_KEYS or not isinstance(profile, dict) or profile.get("driver") != "extension":
            continue
        if own(tree, path + ("cdpUrl",)) and profile.get("cdpUrl"):
            tree.delete(path + ("cdpUrl",), "an extension profile reaches the browser through the relay OpenClaw runs "
                        "itself now, which owns the endpoint; 2026.9.6 refuses a cdpUrl beside driver \"extension\"")


def mcp_http_transport(tree: Tree) -> None:
    servers = tree.record(("mcp", "servers"))
    if servers is None:
        return
    for name, server in servers.items():
        if name in BLOCKED_KEYS or not isinstance(server, dict):
            continue
        transport = server.get("transport")
        if isinstance(transport, str) and transport.strip().lower() == "http":
            tree.set(("mcp", "servers", name, "transport"), "streamable-http",
                     'MCP over HTTP is the "streamable-http" transport; 2026.9.6 refuses the name "http"')


MIGRATIONS = [
    Migration("browser.extension-relay-endpoint", "Drop the relay address of Chrome-extension browser profiles",
              extension_relay_endpoint),
    Migration("mcp.http-transport", 'Name the MCP "http" transport "streamable-http"', mcp_http_transport),
]
