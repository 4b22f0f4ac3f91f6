"""Measure `oclc upgrade` on the real-world corpus: of the configs OpenClaw 2026.9.6 refuses
(../shared/corpus/oracle), how many does it make valid by oclc's own verdict, and what is left.

    python scripts/upgrade_corpus.py [--sample-dir DIR] [--json OUT]

Each config is upgraded in a scratch copy (the corpus is never written). With --sample-dir, the
upgraded copies are kept there, for checking a sample with the real validator
(`bash ../shared/oracle/validate.sh FILE`, one at a time).
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

SHARED = os.environ.get("OCLC_SHARED", os.path.join(os.path.dirname(ROOT), "shared"))


def refused_configs() -> list[str]:
    oracle = os.path.join(SHARED, "corpus", "oracle")
    names = []
    for entry in sorted(os.listdir(oracle)):
        with open(os.path.join(oracle, entry), encoding="utf-8") as handle:
            verdict = json.load(handle)
        if verdict.get("valid") is False:
            names.append(os.path.basename(verdict["path"]))
    return names


def main() -> int:
    from oclc.upgrade import target_release, upgrade_file, write

    parser = argparse.ArgumentParser()
    parser.add_argument("--sample-dir")
    parser.add_argument("--json")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--drop-unknown", action="store_true")
    args = parser.parse_args()
    target = target_release(None)
    configs = refused_configs()[:args.limit]
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
        upgrade = upgrade_file(copy, target, env=env, drop_unknown=args.drop_unknown)
        seconds = time.perf_counter() - t0
        written = None
        if upgrade.changed:
            written = write(upgrade)
        valid = not upgrade.error and not upgrade.refused and not upgrade.remaining and not written
        for diagnostic in upgrade.remaining:
            left[(diagnostic.code, diagnostic.message.split(":")[0][:70])] += 1
        rows.append({"config": name, "valid": valid, "source_release": upgrade.source_release, "changes": len(upgrade.changes), "seconds": round(seconds, 3),
                     "error": upgrade.error, "refused": upgrade.refused, "left_out": upgrade.left_out,
                     "decisions": [d.describe() for d in upgrade.decisions],
                     "remaining": [f"{d.code} {'.'.join(map(str, d.resolved_path))}: {d.message}"
                                   for d in upgrade.remaining], "copy": copy})
    total = time.perf_counter() - started
    valid = sum(r["valid"] for r in rows)
    print(f"refused by {target}: {len(rows)}; valid after `oclc upgrade` (oclc's verdict): {valid} "
          f"({100 * valid / max(len(rows), 1):.1f}%)")
    times = sorted(r["seconds"] for r in rows)
    if times:
        print(f"time per config: median {times[len(times) // 2]:.3f}s, max {times[-1]:.3f}s, total {total:.1f}s")
    print(f"not upgraded (unreadable/parse): {sum(1 for r in rows if r['error'])}; "
          f"refused as worse: {sum(1 for r in rows if r['refused'])}")
    print("what is left (code, message; configs):")
    for (code, message), count in left.most_common(40):
        print(f"  {count:4d}  {code}  {message}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(rows, handle, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
