"""Parser benchmark: CPU-time medians of oclc.json5.parser against json.loads (the floor), pyjson5 and json5.

    python benchmarks/bench_parse.py [--rounds N] [--agents 1,10,100,1000,2000,5000] [--json5-limit BYTES]

Configs come from benchmarks/generate.py (OpenClaw-like, N agents under agents.entries). json.loads
reads the strict-JSON twin of the same data. Cases run interleaved, round-robin; each sample is the
CPU time (time.process_time) of enough calls to last >= 20 ms, divided by the calls, after a
gc.collect(); the table shows the median over rounds. oclc.json5.parser is timed with a fresh Source each
call and makes one Span, so the line table is included. json5 (pure Python, ~60 ms per 3 KB) runs once per size, and only up to
--json5-limit bytes. Timings are measured and printed, never asserted.
"""
from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import generate  # noqa: E402

from oclc.json5.parser import parse  # noqa: E402
from oclc.source import Source  # noqa: E402


def _sample(function, argument, min_seconds: float = 0.02) -> float:
    gc.collect()  # start each sample clean: no case pays for garbage another case left
    calls = 0
    start = time.process_time()
    while True:
        function(argument)
        calls += 1
        elapsed = time.process_time() - start
        if elapsed >= min_seconds:
            return elapsed / calls


def _parse_with_spans(source: Source):
    """oclc.json5.parser, plus making one Span, so that the lazily built line table is paid for too."""
    document = parse(source)
    document.values[()]
    return document


def reference_parsers():
    """(pyjson5, json5) modules, each None when it is not installed."""
    try:
        import pyjson5
    except ImportError:
        pyjson5 = None
    try:
        import json5
    except ImportError:
        json5 = None
    return pyjson5, json5


def main(argv: list[str]) -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--rounds", type=int, default=7)
    options.add_argument("--agents", default="1,10,100,1000,2000,5000")
    options.add_argument("--json5-limit", type=int, default=100_000)
    args = options.parse_args(argv)

    pyjson5, json5 = reference_parsers()

    print(f"CPU-time medians over {args.rounds} interleaved rounds (ms per parse)")
    header = ("agents", "JSON5 bytes", "json.loads", "oclc.json5.parser", "x json", "pyjson5", "json5")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---:" for _ in header) + "|")
    for count in [int(n) for n in args.agents.split(",")]:
        text, data = generate(count)
        twin = json.dumps(data, indent=2, ensure_ascii=False)
        source = Source(f"agents-{count}.json5", text)
        assert parse(source).value == json.loads(twin), "oclc.json5.parser disagrees with json.loads"
        cases = {"json": (json.loads, twin), "oclc": (_parse_with_spans, source)}
        if pyjson5 is not None:
            cases["pyjson5"] = (pyjson5.loads, text)
        samples: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(args.rounds):
            for name, (function, argument) in cases.items():
                # A fresh Source per call: its line table is part of what a parse may cost.
                if name == "oclc":
                    argument = Source(source.name, text)
                samples[name].append(_sample(function, argument))
        median = {name: statistics.median(times) * 1000 for name, times in samples.items()}
        json5_ms = "-"
        if json5 is not None and len(text.encode()) <= args.json5_limit:
            start = time.process_time()
            json5.loads(text)
            json5_ms = f"{(time.process_time() - start) * 1000:.1f} (1 run)"
        row = (
            f"{count:,}", f"{len(text.encode()):,}", f"{median['json']:.3f}", f"{median['oclc']:.3f}",
            f"{median['oclc'] / median['json']:.1f}",
            f"{median['pyjson5']:.3f}" if "pyjson5" in median else "-", json5_ms,
        )
        print("| " + " | ".join(row) + " |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
