#!/usr/bin/env python3
"""Per-release parity on the corpus: oclc, targeting each bundled release, against that release's
own verdicts (shared/corpus/oracle-versions/<release>.jsonl, made by shared/versions/run_verdicts.sh).

    python scripts/release_parity.py [--release R ...] [--show N] [--json OUT]

Prints one row per release: configs, verdict agreement, false errors (oclc refuses, the release
accepts), missed errors (the release refuses, oclc accepts), environment-only refusals (every issue
the release names depends on the validating machine: an unset ${VAR}, a plugin not installed
there), and issues not covered by an oclc error at that path. With --show, the first N
disagreements of each release with the release's own messages.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from oclc.pipeline import Options, check  # noqa: E402
from oclc.releases import bundled_releases  # noqa: E402

from releaselib import judge, release_verdicts, verdict_of  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--release", action="append", help="only these releases (default: every bundled one)")
    parser.add_argument("--show", type=int, default=0, help="print the first N disagreements per release")
    parser.add_argument("--json", help="write every disagreement to this file")
    args = parser.parse_args(argv)
    releases = args.release or list(bundled_releases())
    rows, details = [], {}
    for release in releases:
        verdicts = release_verdicts(release)
        if not verdicts:
            print(f"{release}: no recorded verdicts", file=sys.stderr)
            continue
        counts = dict(configs=0, agree=0, false_errors=0, missed=0, env_only=0, uncovered_configs=0,
                      issues=0, issues_covered=0)
        bad = []
        for config, raw in verdicts:
            verdict = verdict_of(raw)
            if verdict["valid"] is None:
                continue
            counts["configs"] += 1
            result = check(str(config), options=Options(env={}, openclaw_version=release,
                                                        openclaw_version_from="--openclaw-version"))
            kind, found = judge(result, verdict)
            issues = verdict.get("issues") or []
            if not verdict["valid"]:
                counts["issues"] += len(issues)
                counts["issues_covered"] += len(issues) - len(found.uncovered)
            key = {"agree": "agree", "env-only": "env_only", "false error": "false_errors", "missed": "missed",
                   "uncovered": "uncovered_configs"}[kind]
            counts[key] += 1
            if kind in ("agree", "env-only"):
                continue
            errors = [f"{d.code} {'.'.join(map(str, d.resolved_path))}: {d.message[:120]}"
                      for d in result.diagnostics if d.is_structural]
            bad.append({"file": config.name, "kind": kind, "oracle": issues[:8], "uncovered": found.uncovered[:8],
                        "oclc": errors[:8]})
        rows.append((release, counts))
        details[release] = bad
        if args.show:
            for item in bad[:args.show]:
                print(f"--- {release} {item['kind']}: {item['file']}")
                for issue in item["uncovered"] or item["oracle"]:
                    print(f"    release: {issue['path']}: {issue['message'][:150]}")
                for error in item["oclc"]:
                    print(f"    oclc:    {error}")
    print("| release | configs | agree | agreement | false errors | missed | env-only | uncovered | issues covered |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for release, c in rows:
        agree = c["agree"] + c["env_only"]
        share = f"{100 * agree / c['configs']:.1f}%" if c["configs"] else "-"
        covered = f"{c['issues_covered']}/{c['issues']}"
        print(f"| {release} | {c['configs']} | {agree} | {share} | {c['false_errors']} | {c['missed']} | "
              f"{c['env_only']} | {c['uncovered_configs']} | {covered} |")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(details, handle, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
