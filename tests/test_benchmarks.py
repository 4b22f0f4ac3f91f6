"""Smoke test of the benchmark command: it runs end to end on the smallest size and prints the one
table with every section. Timings are printed by the benchmark, never asserted here."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_benchmark_runs_on_the_smallest_size(tmp_path):
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--sizes", "1", "--rounds", "1", "--runs", "1",
         "--fleet", "2", "--no-external", "--json5-limit", "0", "--out", str(tmp_path)],
        capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    report = done.stdout
    assert report.startswith("# oclc benchmark")
    assert "Machine: " in report and "cores; Python " in report and "load average at start" in report
    assert "| measure | input | oclc | compared with | ratio | target |" in report
    table = [line for line in report.splitlines() if line.startswith("|")]
    # One table: every row has the header's six cells.
    assert all(line.count("|") == 7 for line in table), [line for line in table if line.count("|") != 7]
    rows = {line.split("|")[1].strip() for line in table}
    for measure in ("parse", "lint", "compile", "peak RSS, `oclc lint`", "`oclc lint` (cold)",
                    "`import oclc.cli`", "imports of an `oclc lint` run", "import #1", "`oclc lint` over a directory"):
        assert measure in rows, measure
    # The generated fleet config is clean: a lint benchmark must not time the reporting of findings.
    lint_row = next(line for line in table if line.startswith("| lint | agents-1 |"))
    assert "no findings" in lint_row
    assert "json5 not run (over 0 KB)" in report
    assert "skipped (--no-external)" in report
    assert "Targets met: " in report
    assert (tmp_path / "results.md").read_text(encoding="utf-8").strip() == report.strip()
    assert (tmp_path / "configs" / "agents-1" / "models.json5").exists()
    assert len(list((tmp_path / "fleet-2").glob("*/openclaw.json5"))) == 2
