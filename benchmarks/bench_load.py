"""Time the load stage (includes, env, substitution, migrations, origins) on generated configs.

    python benchmarks/bench_load.py CONFIG [CONFIG ...]

Parses each file once (not timed), then times `load()` and a full walk of `Loaded.origins`
(every path located), the two costs that grow with the config.
"""
from __future__ import annotations

import os
import sys
import time

from oclc.load.model import LoadOptions
from oclc.load import load
from oclc.json5.parser import parse
from oclc.source import read


def best_of(runs: int, action) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - start)
    return best


def main(paths: list[str]) -> None:
    for path in paths:
        document = parse(read(path))
        env = dict(os.environ)
        loaded = load(document, LoadOptions(env=env))
        load_seconds = best_of(5, lambda: load(document, LoadOptions(env=env)))
        paths_count = sum(1 for _ in loaded.origins)
        walk_seconds = best_of(3, lambda: [loaded.origins.get(p) for p in loaded.origins])
        print(f"{os.path.basename(path)}: {len(document.values):,} paths; load {load_seconds * 1000:.1f} ms; "
              f"locating all {paths_count:,} paths {walk_seconds * 1000:.1f} ms")


if __name__ == "__main__":
    main(sys.argv[1:])
