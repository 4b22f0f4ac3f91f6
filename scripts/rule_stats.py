#!/usr/bin/env python3
"""How many corpus configs each rule fires on.

Usage: scripts/rule_stats.py [CORPUS_DIR] [--all] [--no-env]
  CORPUS_DIR defaults to shared/corpus/configs. Each config is checked with an empty environment
  given as the gateway's whole environment (every variable unset), or with --no-env with none
  given at all (oclc's default: whether a variable is set is unknown). Neither depends on the
  machine. Without --all only the semantic rule families (OC3xx-OC6xx) are listed; rules that
  never fire are listed with 0.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from oclc.pipeline import Options, check  # noqa: E402
from oclc.rules import all_rules  # noqa: E402

SEMANTIC = ("OC3", "OC4", "OC5", "OC6")


def corpus_stats(directory: Path, env: dict[str, str] | None = None) -> tuple[int, Counter, Counter, list[str]]:
    """(configs checked, configs per code, findings per code, files that raised)."""
    files = sorted(p for p in directory.iterdir() if p.is_file())
    per_config: Counter = Counter()
    total: Counter = Counter()
    crashed: list[str] = []
    for path in files:
        try:
            result = check(str(path), options=Options(env=env))
        except Exception as exc:  # noqa: BLE001 - the point is to list them
            crashed.append(f"{path.name}: {exc.__class__.__name__}: {exc}")
            continue
        codes = [d.code for d in result.diagnostics]
        total.update(codes)
        per_config.update(set(codes))
    return len(files), per_config, total, crashed


def main(argv: list[str]) -> int:
    show_all = "--all" in argv
    args = [a for a in argv if not a.startswith("--")]
    directory = Path(args[0]) if args else Path(__file__).resolve().parents[2] / "shared" / "corpus" / "configs"
    count, per_config, total, crashed = corpus_stats(directory, None if "--no-env" in argv else {})
    rules = [r for r in all_rules() if show_all or r.code.startswith(SEMANTIC)]
    print(f"{count} configs in {directory}")
    print(f"{'code':<6}  {'name':<34}  {'severity':<8}  {'configs':>7}  {'findings':>8}")
    for item in rules:
        print(f"{item.code:<6}  {item.name:<34}  {item.severity:<8}  {per_config[item.code]:>7}  {total[item.code]:>8}")
    for line in crashed:
        print("CRASH", line)
    return 1 if crashed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
