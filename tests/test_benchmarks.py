"""Smoke test of the benchmark command: it runs end to end on the smallest size and prints the one
table with every section. Timings are printed by the benchmark, never asserted here. No network:
the smoke test passes --no-install (oclc from the development venv, no check-jsonschema); the
checks that stop a dishonest comparison are tested on stand-in commands."""
from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest
from fixturelib import SHARED

ROOT = Path(__file__).resolve().parent.parent


def load_benchmark():
    spec = importlib.util.spec_from_file_location("oclc_benchmark_run", ROOT / "benchmarks" / "run.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_benchmark_runs_on_the_smallest_size(tmp_path):
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--sizes", "1", "--rounds", "1", "--runs", "1",
         "--fleet", "2", "--no-external", "--no-install", "--json5-limit", "0", "--upgrade-files", "1",
         "--upgrade-rounds", "1", "--out", str(tmp_path)],
        check=False, capture_output=True, text=True, timeout=300, cwd=ROOT, env={**os.environ, "OCLC_SHARED": str(SHARED)})
    assert done.returncode == 0, done.stderr
    report = done.stdout
    assert report.startswith("# oclc benchmark")
    assert "Machine: " in report and "cores; Python " in report and "load average at start" in report
    assert "| measure | input | oclc | compared with | ratio | target |" in report
    table = [line for line in report.splitlines() if line.startswith("|")]
    # One table: every row has the header's six cells.
    assert all(line.count("|") == 7 for line in table), [line for line in table if line.count("|") != 7]
    rows = {line.split("|")[1].strip() for line in table}
    for measure in ("parse", "lint", "compile", "peak RSS, `oclc lint`", "`python -c pass` (cold, the floor)",
                    "`oclc --version` (cold)", "`oclc lint` (cold)", "`import oclc.cli`",
                    "imports of an `oclc lint` run", "import #1", "`oclc lint` over a directory",
                    "`oclc upgrade` (cold)"):
        assert measure in rows, measure
    cold_lint = next(line for line in table if line.startswith("| `oclc lint` (cold) |"))
    assert "median " in cold_lint and "; min " in cold_lint
    # Without --no-install's throwaway venv, oclc is the editable development install: not judged.
    assert "cold targets not judged" in cold_lint
    # The generated fleet config is clean: a lint benchmark must not time the reporting of findings.
    lint_row = next(line for line in table if line.startswith("| lint | agents-1 |"))
    assert "no findings" in lint_row
    assert "json5 not run (over 0 KB)" in report
    assert "skipped (--no-external)" in report
    assert "Targets met: " in report
    assert (tmp_path / "results.md").read_text(encoding="utf-8").strip() == report.strip()
    assert (tmp_path / "configs" / "agents-1" / "models.json5").exists()
    assert len(list((tmp_path / "fleet-2").glob("*/openclaw.json5"))) == 2


def stand_in(benchmark, name: str, stdout: str, exit_status: int, problem):
    """A ColdCommand that prints `stdout` and exits `exit_status`, judged by `problem`."""
    code = f"import sys; sys.stdout.write({stdout!r}); raise SystemExit({exit_status})"
    return benchmark.ColdCommand(name, [sys.executable, "-c", code], None, str(ROOT), problem)


MISSING_JSON5 = ("Several files failed to parse.\n  cannot parse examples/openclaw.json5 because support is "
                 "missing for json5\n")


@pytest.mark.parametrize("stdout, exit_status, problem", [
    (MISSING_JSON5, 1, "check_jsonschema_problem"),              # check-jsonschema without pyjson5
    ("", 0, "check_jsonschema_problem"),                         # exit 0, but no sign it validated
    ('{"valid": false, "issues": [{"path": "<root>", "message": "JSON5 parse failed"}]}', 0, "oracle_problem"),
    ("openclaw: Node 20.20.2: node:sqlite is unavailable", 1, "oracle_problem"),
    ("", 2, "oclc_lint_problem"),
])
def test_a_command_that_did_not_validate_the_input_stops_the_benchmark(stdout, exit_status, problem):
    benchmark = load_benchmark()
    command = stand_in(benchmark, "`peer`", stdout, exit_status, getattr(benchmark, problem))
    with pytest.raises(benchmark.BenchmarkError, match="`peer` did not validate examples/openclaw.json5"):
        benchmark.confirm_it_works(command)
    if exit_status != 0:  # and should it fail only later, while being timed, the run stops there too
        with pytest.raises(benchmark.BenchmarkError, match="`peer` exited"):
            benchmark.run_interleaved([command], rounds=2)
        assert command.runs == []


def test_commands_that_validated_are_timed_round_robin():
    benchmark = load_benchmark()
    peer = stand_in(benchmark, "peer", "ok -- validation done\n", 0, benchmark.check_jsonschema_problem)
    oracle = stand_in(benchmark, "oracle", '{"valid": true}', 0, benchmark.oracle_problem)
    oracle.rounds = benchmark.spread_rounds(2, 4)
    for command in (peer, oracle):
        benchmark.confirm_it_works(command)
    benchmark.run_interleaved([peer, oracle], rounds=4)
    assert len(peer.runs) == 4 and len(oracle.runs) == 2
    assert oracle.rounds == {0, 2}
    assert benchmark.spread_rounds(5, 2) == {0, 1}


def test_the_oclc_venv_is_rebuilt_when_its_source_changes(tmp_path):
    benchmark = load_benchmark()
    (tmp_path / "oclc").mkdir()
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'oclc'\n")
    (tmp_path / "oclc" / "cli.py").write_text("VERSION = 1\n")

    def key():
        return benchmark.venv_key(("oclc",), benchmark.oclc_build_inputs(tmp_path))

    before = key()
    (tmp_path / "oclc" / "__pycache__").mkdir()
    (tmp_path / "oclc" / "__pycache__" / "cli.cpython-311.pyc").write_bytes(b"compiled")
    assert key() == before  # bytecode is not source
    (tmp_path / "oclc" / "cli.py").write_text("VERSION = 2\n")
    assert key() != before
    venv = tmp_path / "venv"
    venv.mkdir()
    (venv / benchmark.VENV_KEY_FILE).write_text(key())
    assert benchmark.current_venv(venv, key()) == venv
    assert benchmark.current_venv(venv, before) is None


# --- benchmarks/bench_upgrade.py: `oclc upgrade` against `openclaw doctor --fix` -------------------

def load_upgrade_benchmark():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import bench_upgrade

    return bench_upgrade


def test_comments_are_counted_outside_strings():
    bench_upgrade = load_upgrade_benchmark()
    text = ('{\n  // one\n  url: "https://example.com/a//b", /* two */\n  path: \'/* not */\',\n'
            '  /* three\n     lines */ quote: "a \\" // still a string",\n}\n// four')
    assert bench_upgrade.count_comments(text) == 4
    assert bench_upgrade.count_comments('{"a": "//", "b": "/*"}') == 0


def test_the_sample_is_spread_over_sizes_half_of_it_commented():
    bench_upgrade = load_upgrade_benchmark()
    Candidate = bench_upgrade.Candidate
    plain = [Candidate(f"p{size}", Path(f"p{size}"), size, 0) for size in range(100, 1100, 100)]
    commented = [Candidate(f"c{size}", Path(f"c{size}"), size, 3) for size in (50, 500, 5000)]
    sample = bench_upgrade.pick_sample(plain + commented, 5)
    # 3 of the commented (all of them), 2 of the plain (the smallest and the largest), in size order
    assert [c.name for c in sample] == ["c50", "p100", "c500", "p1000", "c5000"]
    # Without enough commented configs, the plain ones make up the count.
    assert [c.name for c in bench_upgrade.pick_sample(plain, 4)] == ["p100", "p400", "p700", "p1000"]
    assert sample == bench_upgrade.pick_sample(list(reversed(plain + commented)), 5)   # order-free
    assert [c.name for c in bench_upgrade.pick_sample(plain + commented, 1)] == ["c50"]
    assert bench_upgrade.pick_sample(plain, 0) == []


@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared (OCLC_SHARED)")
def test_upgrade_benchmark_runs_on_one_corpus_config(tmp_path):
    """Offline (no doctor, no verdicts): the sample's smallest commented config, one oclc round."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_upgrade.py"), "--files", "1", "--rounds", "1",
         "--no-external", "--no-install", "--out", str(tmp_path)],
        check=False, capture_output=True, text=True, timeout=300, cwd=ROOT, env={**os.environ, "OCLC_SHARED": str(SHARED)})
    assert done.returncode == 0, done.stderr
    table = [line for line in done.stdout.splitlines() if line.startswith("|")]
    assert all(line.count("|") == 7 for line in table)
    (row,) = [line for line in table if line.startswith("| `oclc upgrade` (cold) |")]
    assert "refused before" not in row and "verdict not checked" in row
    assert "valid: not checked" in row and "mode 0644" in row and " -> " in row
    assert "doctor: not run: --no-external" in row
    summary = next(line for line in table if line.startswith("| `oclc upgrade` (cold): summary |"))
    assert "1 config refused by 2026.9.6" in summary and "in 1 of 1 commented configs" in summary
    # Every run works on a copy (the corpus is read-only), kept with its output.
    fragments = {p.name for p in (SHARED / "corpus" / "include-fragments").iterdir()}
    copies = {p.name: p for p in (tmp_path / "upgrade" / "01" / "oclc-1").iterdir()}
    assert fragments <= set(copies)   # $include fragments beside each copy
    (name,) = set(copies) - fragments
    assert (SHARED / "corpus" / "configs" / name).is_file()
    assert copies[name].stat().st_mode & 0o777 == 0o644
    assert name in (tmp_path / "upgrade" / "01" / "oclc-1.log").read_text(encoding="utf-8")
    assert (tmp_path / "upgrade-results.md").read_text(encoding="utf-8").strip() == done.stdout.strip()


def test_upgrade_benchmark_without_the_corpus_says_it_skipped(tmp_path):
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench_upgrade.py"), "--files", "1", "--no-external",
         "--no-install", "--out", str(tmp_path)],
        check=False, capture_output=True, text=True, timeout=120, cwd=ROOT,
        env={**os.environ, "OCLC_SHARED": str(tmp_path / "no-shared")})
    assert done.returncode == 0, done.stderr
    assert "skipped: no corpus at" in done.stdout
    assert not (tmp_path / "upgrade").exists()
