#!/usr/bin/env python3
"""Print how often oclc agrees with the real OpenClaw validator, per case group.

For each group (corpus, oracle cases, fixtures, repaired corpus configs; see tests/paritylib.py):
cases, verdict agreement (oracle valid/invalid = oclc valid/invalid), full agreement (verdict and
every oracle issue path covered by an oclc error), the confusion counts, and then every
difference (allow-listed ones marked).

Usage: scripts/oracle_agreement.py [--no-run] [--group NAME] [--quiet] [--prune-cache]
  --no-run       never start the live oracle: cases without a cached verdict count as no-verdict
  --group NAME   only corpus, oracle, fixture or repaired
  --prune-cache  delete cached verdicts (tests/oracle_cache) that no fixture or repair round uses
"""
from __future__ import annotations

import argparse
import os
import sys
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path[:0] = [ROOT, os.path.join(ROOT, "tests")]

from paritylib import (ALLOWED_DIFFERENCES, ORACLE_CACHE, all_cases, describe, evaluate, fixture_cases,  # noqa: E402
                       repaired_round_keys)
from oclc.oracle import OracleRequest  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-run", action="store_true", help="use cached fixture verdicts only")
    parser.add_argument("--group", choices=("corpus", "oracle", "fixture", "repaired"))
    parser.add_argument("--quiet", action="store_true", help="the table only, not the differences")
    parser.add_argument("--prune-cache", action="store_true", help="delete cached verdicts no fixture uses")
    args = parser.parse_args()
    if args.prune_cache:
        used = {OracleRequest(case.config, case.env).key() for case in fixture_cases(allow_run=False)}
        used |= repaired_round_keys()
        for cached in sorted(ORACLE_CACHE.glob("*.json")):
            if cached.stem not in used:
                print(f"removing unused cached verdict {cached.name}")
                cached.unlink()

    outcomes = [evaluate(case) for case in all_cases(allow_run=not args.no_run)
                if args.group is None or case.group == args.group]
    groups: dict[str, list] = defaultdict(list)
    for outcome in outcomes:
        groups[outcome.case.group].append(outcome)

    header = f"{'group':<8} {'cases':>5} {'verdict':>13} {'full':>13} {'both-inv':>8} {'both-ok':>7} " \
             f"{'oclc-miss':>9} {'oclc-extra':>10} {'no-verdict':>10} {'allowed':>7}"
    print(header)
    print("-" * len(header))
    for name in ("corpus", "oracle", "fixture", "repaired"):
        items = groups.get(name, [])
        if not items:
            continue
        judged = [o for o in items if o.error is None]
        verdict_ok = sum(o.oracle_valid == o.oclc_valid for o in judged)
        full_ok = sum(o.agrees for o in judged)
        both_invalid = sum(not o.oracle_valid and not o.oclc_valid for o in judged)
        both_valid = sum(o.oracle_valid and o.oclc_valid for o in judged)
        missed = sum(not o.oracle_valid and o.oclc_valid for o in judged)     # oclc says valid, oracle refuses
        extra = sum(o.oracle_valid and not o.oclc_valid for o in judged)      # oclc refuses a valid config
        allowed = sum(o.allowed and not o.agrees for o in judged)
        print(f"{name:<8} {len(items):>5} {_ratio(verdict_ok, len(judged)):>13} {_ratio(full_ok, len(judged)):>13} "
              f"{both_invalid:>8} {both_valid:>7} {missed:>9} {extra:>10} {len(items) - len(judged):>10} {allowed:>7}")
    if not args.quiet:
        differences = [o for o in outcomes if not o.agrees]
        if differences:
            print(f"\n{len(differences)} difference(s):")
        for outcome in differences:
            mark = f"  [allowed: {ALLOWED_DIFFERENCES[outcome.case.id]}]" if outcome.allowed else ""
            print(describe(outcome) + mark)
    return 0 if all(o.agrees or o.allowed for o in outcomes if o.error is None) else 1


def _ratio(part: int, whole: int) -> str:
    return f"{part}/{whole} {100.0 * part / whole:5.1f}%" if whole else "-"


if __name__ == "__main__":
    sys.exit(main())
