"""Long fuzz run (not part of the test suite): feed oclc's pipeline mutated real-world configs and
JSON5 documents generated from the grammar, in-process, and the command line hostile inputs, and
count what breaks.

    .venv/bin/python scripts/fuzz.py [--inputs 100000] [--jobs 2] [--seed 1] [--save DIR]

Per input, one of:
  * mutation: a corpus config (../shared/corpus/configs) with byte flips, truncations,
    insertions, deletions and swapped tokens, run through `oclc.pipeline.check()`;
  * grammar: a generated JSON5 document, parsed by oclc and by the json5 package, which must agree;
  * grammar+mutation: a generated document, mutated, through `check()`;
  * hostile: `oclc lint/compile/explain` on a json5gen.hostile_case: long runs, escapes,
    combining marks, suppression directives, env files, credential stores (../shared/corpus/
    auth-profiles), in every output format.
A crash is an exception out of `check()`/`loads()` other than ParseError, a diagnostic whose
position is outside its file, or an internal error, traceback or undocumented exit code from the
command line; a mismatch is a disagreement with json5. Every failing input is saved (with its seed)
under --save so it can be replayed. The slowest inputs are listed (a hint of super-linear time).
Exit code 1 when anything failed.
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

HOSTILE_SHARE = 0.4          # of the inputs: the command line on hostile shapes


def _corpus() -> list[Path]:
    from hostilelib import corpus_configs

    return corpus_configs()


def _stores() -> list[bytes]:
    from hostilelib import corpus_auth_profiles

    return [p.read_bytes() for p in corpus_auth_profiles()]


def _one(seed: int, corpus: list[Path], corpus_bytes: list[bytes], stores: list[bytes] = (),
         workdir: Path | None = None):
    """Run one input. Returns (kind, failure or None, the input as bytes)."""
    import json5

    from hostilelib import assert_spans_inside, run_hostile_case
    from json5gen import document, hostile_case, mutate, normalized
    from oclc.json5.parser import ParseError, loads
    from oclc.pipeline import Options, check

    rng = random.Random(seed)
    if rng.random() < HOSTILE_SHARE:
        case = hostile_case(rng, corpus_bytes, list(stores))
        try:
            run_hostile_case(case, workdir or Path(tempfile.mkdtemp(prefix="oclc-fuzz-")))
        except Exception:
            return "hostile", traceback.format_exc(), case.config
        return "hostile", None, case.config
    roll = rng.random()
    if corpus and roll < 0.5:
        index = rng.randrange(len(corpus))
        data = mutate(rng, corpus_bytes[index])
        try:
            result = check(str(corpus[index]), name=corpus[index].name, text=data, options=Options(env={}))
            assert_spans_inside(result, data)
        except Exception:
            return "mutation", traceback.format_exc(), data
        return "mutation", None, data
    if roll < 0.75:
        text = document(rng)
        data = text.encode("utf-8", "surrogatepass")
        try:
            expected = ("ok", normalized(json5.loads(text)))
        except ValueError:
            expected = ("error",)
        try:
            got = ("ok", normalized(loads(text)))
        except ParseError:
            got = ("error",)
        except Exception:
            return "grammar", traceback.format_exc(), data
        if got != expected:
            return "grammar", f"mismatch: json5 {expected!r}, oclc {got!r}", data
        return "grammar", None, data
    data = mutate(rng, document(rng).encode("utf-8", "surrogatepass"))
    try:
        result = check(None, name="generated.json5", text=data, options=Options(env={}))
        assert_spans_inside(result, data)
    except Exception:
        return "grammar+mutation", traceback.format_exc(), data
    return "grammar+mutation", None, data


def _worker(args):
    first, count, save = args
    corpus = _corpus()
    corpus_bytes = [p.read_bytes() for p in corpus]
    stores = _stores()
    workdir = Path(tempfile.mkdtemp(prefix="oclc-fuzz-"))
    counts: dict[str, int] = {}
    failures = []
    slowest: list[tuple[float, int, str]] = []
    for seed in range(first, first + count):
        started = time.monotonic()
        kind, failure, data = _one(seed, corpus, corpus_bytes, stores, workdir)
        slowest = sorted(slowest + [(time.monotonic() - started, seed, kind)], reverse=True)[:5]
        counts[kind] = counts.get(kind, 0) + 1
        if failure is not None:
            last_line = next((line for line in reversed(failure.splitlines()) if line.strip()), "")
            failures.append((seed, kind, last_line[:200]))
            if save:
                os.makedirs(save, exist_ok=True)
                Path(save, f"{seed}.input").write_bytes(data)
                Path(save, f"{seed}.txt").write_text(f"seed {seed} ({kind})\n{failure}\n")
    shutil.rmtree(workdir, ignore_errors=True)
    return counts, failures, slowest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1, help="first seed (inputs use seed, seed+1, ...)")
    parser.add_argument("--save", default="fuzz-failures", help="where failing inputs are written")
    parser.add_argument("--replay", type=int, help="run one seed and print its failure, if any")
    args = parser.parse_args(argv)

    if args.replay is not None:
        corpus = _corpus()
        kind, failure, data = _one(args.replay, corpus, [p.read_bytes() for p in corpus], _stores())
        print(f"seed {args.replay} ({kind}): {len(data)} bytes")
        print(failure or "no failure")
        return 1 if failure else 0

    start = time.monotonic()
    jobs = max(1, args.jobs)
    share, extra = divmod(args.inputs, jobs)
    chunks = []
    first = args.seed
    for job in range(jobs):
        count = share + (1 if job < extra else 0)
        chunks.append((first, count, args.save))
        first += count
    if jobs == 1:
        results = [_worker(chunks[0])]
    else:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            results = pool.map(_worker, chunks)
    elapsed = time.monotonic() - start

    totals: dict[str, int] = {}
    failures = []
    slowest: list[tuple[float, int, str]] = []
    for counts, found, slow in results:
        for kind, number in counts.items():
            totals[kind] = totals.get(kind, 0) + number
        failures.extend(found)
        slowest.extend(slow)
    ran = sum(totals.values())
    print(f"inputs: {ran:,} ({', '.join(f'{k} {v:,}' for k, v in sorted(totals.items()))})")
    print(f"failures: {len(failures)}")
    distinct: dict[str, list[int]] = {}
    for seed, kind, last_line in failures:
        distinct.setdefault(f"{kind}: {last_line}", []).append(seed)
    for what, seeds in sorted(distinct.items(), key=lambda item: -len(item[1])):
        print(f"  {len(seeds):>6}  {what}  (seeds {', '.join(map(str, seeds[:5]))})")
    print("slowest: " + ", ".join(f"seed {seed} ({kind}) {seconds:.2f} s"
                                  for seconds, seed, kind in sorted(slowest, reverse=True)[:5]))
    print(f"time: {elapsed:.1f} s with {jobs} process{'es' if jobs != 1 else ''} "
          f"({ran / elapsed:,.0f} inputs/s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
