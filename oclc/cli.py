"""The `oclc` command line.

    oclc lint [PATH...]           check configs (files, directories searched recursively, `-` for stdin)
    oclc compile FILE [-o OUT]    the resolved config as JSON; --check: is OUT up to date?
    oclc explain FILE             per agent: models, credentials, cache retention, and why
    oclc rules / oclc rule CODE   every rule / one rule's documentation
    oclc schema                   the bundled JSON Schema
    oclc server                   the language server for editors (oclc.server.main)

Exit codes: 0 nothing at or above the failing severity; 1 findings (or a stale compiled file);
2 usage error, bad project config, unreadable input, or an internal error.

Only click is imported at start-up; the pipeline, renderers and everything heavy load on the path
that needs them, so `oclc --version` and `--help` stay fast in a pre-commit hook.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from dataclasses import dataclass, field, replace
from typing import Any

import click

from . import OPENCLAW_VERSION, __version__

FORMAT_NAMES = ("text", "concise", "json", "sarif", "github", "junit")
_CONFIG_NAME = re.compile(r"^openclaw(\.[^./\\]+)?\.json5$|^openclaw\.json$")
_SKIP_DIRS = {".git", "node_modules"}
# Read problems that mean there was no input to check (or, OC209, no schema to check it against):
# exit 2, like a usage error.
_UNREADABLE = {"OC102", "OC103", "OC105", "OC108", "OC209"}
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class OclcUsageError(click.ClickException):
    """A problem with how oclc was run or configured (not with the linted config): exit 2."""

    exit_code = EXIT_USAGE

    def show(self, file=None) -> None:
        say(f"oclc: error: {self.format_message()}")


def out(text: str, *, nl: bool = True, color: bool | None = None, err: bool = False) -> None:
    """Write command output. A closed stream (`oclc lint x >&-`) or a failing one (a full disk) is
    an error, exit 2: the output is lost, and exit 0 would say all is well. (A reader that went
    away, `| head`, is BrokenPipeError: main() ends quietly.)"""
    where = "standard error" if err else "standard output"
    if (sys.stderr if err else sys.stdout) is None:
        raise OclcUsageError(f"cannot write the output: {where} is closed")
    try:
        click.echo(text, nl=nl, color=color, err=err)
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OclcUsageError(f"cannot write the output to {where}: {exc.strerror or exc}") from None


def say(message: str) -> None:
    """One line on standard error. Paths in it may come from a hostile project config or file name:
    control characters and line breaks are escaped (see render.escape_unsafe)."""
    from .render import escape_unsafe

    try:
        click.echo(escape_unsafe(message, one_line=True), err=True)
    except OSError:
        pass    # standard error is gone too: the exit code is all that is left


class ByteSize(click.ParamType):
    name = "size"
    _UNITS = {"": 1, "b": 1, "k": 1024, "kb": 1024, "kib": 1024, "m": 1024**2, "mb": 1024**2,
              "mib": 1024**2, "g": 1024**3, "gb": 1024**3, "gib": 1024**3}

    def convert(self, value: Any, param, ctx) -> int:
        if isinstance(value, int):
            return value
        match = re.fullmatch(r"\s*0*(\d+)\s*([A-Za-z]*)\s*", str(value))
        unit = match.group(2).lower() if match else None
        if match is None or unit not in self._UNITS or match.group(1) == "0":
            self.fail(f"{value!r} is not a size (examples: 1048576, 512K, 16M, 1G)", param, ctx)
        digits = match.group(1)
        # No file is larger than the address space: a bigger limit is the same as none (and 10**5000
        # would not even convert to an int).
        if len(digits) > len(str(sys.maxsize)):
            return sys.maxsize
        return min(int(digits) * self._UNITS[unit], sys.maxsize)


def _pipeline_options(function):
    """Options every command that runs the pipeline takes."""
    function = click.option("--max-file-size", type=ByteSize(), default=None,
                            help="Refuse larger input files: config, env file, schema, stores "
                                 "(bytes, or 512K, 16M...; default 16M).")(function)
    function = click.option("--schema", type=click.Path(exists=True, dir_okay=False),
                            help="Validate against this JSON Schema instead of the bundled one.")(function)
    function = click.option("--state-dir", type=click.Path(file_okay=False),
                            help="OpenClaw's state directory (per-agent credential stores).")(function)
    function = click.option("--env-file", type=click.Path(dir_okay=False),
                            help="A dotenv file with the gateway's environment.")(function)
    function = click.option("--env-from-process/--no-env-from-process", "env_from_process", default=None,
                            help="Read this process's environment (and HOME) as the gateway's; by default "
                                 "oclc reads neither, so its result does not depend on the machine.")(function)
    return function


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="oclc",
                      message=f"%(prog)s %(version)s (for OpenClaw {OPENCLAW_VERSION})")
def cli() -> None:
    """oclc: compiler and linter for OpenClaw gateway configs (openclaw.json, JSON5)."""


# --- lint ---------------------------------------------------------------------------------------

@dataclass
class Target:
    path: str | None     # None: stdin
    name: str            # shown in diagnostics
    within: str | None = None   # the directory searched to find it: it must really lie inside
    unreadable: str | None = None  # a directory that could not be searched: why (reported as OC102)


def find_configs(directory: str, unreadable: list[tuple[str, str]] | None = None) -> list[str]:
    """The configs under `directory`, in the order `os.walk` gives (a directory's files, then each
    subdirectory, sorted). Symlinked directories are not entered. Each directory that cannot be
    listed is added to `unreadable` as (directory, reason): a CI run must not pass because a
    directory hid its configs. The walk keeps its own stack, so no tree is too deep for it."""
    found = []
    pending = [directory]
    while pending:
        root = pending.pop()
        try:
            with os.scandir(root) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as exc:
            if unreadable is not None:
                unreadable.append((os.path.normpath(root), exc.strerror or str(exc)))
            continue
        subdirectories = []
        for entry in entries:
            try:
                is_directory = entry.is_dir()
            except OSError:
                is_directory = False
            if is_directory:
                if entry.name not in _SKIP_DIRS and not entry.is_symlink():
                    subdirectories.append(os.path.join(root, entry.name))
            elif _CONFIG_NAME.match(entry.name):
                found.append(os.path.normpath(os.path.join(root, entry.name)))
        pending.extend(reversed(subdirectories))
    return found


def expand_targets(paths: tuple[str, ...], stdin_filename: str | None) -> list[Target]:
    targets: list[Target] = []
    stdin_seen = False
    for path in paths or (".",):
        if path == "-":
            if stdin_seen:
                raise OclcUsageError("`-` (standard input) can be given only once")
            stdin_seen = True
            targets.append(Target(None, stdin_filename or "<stdin>"))
        elif os.path.isdir(path):
            unreadable: list[tuple[str, str]] = []
            found = find_configs(path, unreadable)
            if not found and not unreadable:
                raise OclcUsageError(
                    f"no OpenClaw config found under {path} (looked for openclaw.json, openclaw.json5 "
                    "and openclaw.*.json5)")
            targets.extend(Target(p, p, within=path) for p in found)
            targets.extend(Target(d, d, unreadable=reason) for d, reason in unreadable)
        else:
            targets.append(Target(path, path))
    if stdin_filename and not stdin_seen:
        raise OclcUsageError("--stdin-filename is only used with `-` (read the config from standard input)")
    # A file named twice (itself and through its directory) is checked once.
    seen: set[str] = set()
    unique = []
    for target in targets:
        key = os.path.realpath(target.path) if target.path is not None else "-"
        if key not in seen:
            seen.add(key)
            unique.append(target)
    return unique


def use_color(choice: str, to_file: bool) -> bool:
    if choice == "always":
        return True
    if choice == "never" or to_file or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout is not None and sys.stdout.isatty()


@dataclass
class _Run:
    """What the lint command gathers across files."""

    reports: list = field(default_factory=list)
    diffs: list[str] = field(default_factory=list)
    fixes: int = 0
    not_fixed: bool = False          # --fix left a fix undone (not writable, or unsafe)
    inputs: "Inputs" = field(default_factory=lambda: Inputs())
    unreadable: bool = False
    crashed: bool = False
    failing: bool = False


def _check_env_file(path: str | None, checked: set[str], given_by: str | None = None,
                    max_bytes: int | None = None) -> None:
    if path is None or path in checked:
        return
    from .load.envfile import read_env_file
    from .source import ReadError

    origin = f" (env-file in {given_by})" if given_by else ""
    try:
        read_env_file(path, max_bytes)
    except ReadError as exc:
        raise OclcUsageError(f"cannot read the env file {path}{origin}: {exc.message}") from None
    checked.add(path)


def _check_state_dir(path: str | None, checked: set[str] | None = None, max_bytes: int | None = None) -> None:
    if path is not None and not os.path.isdir(path):
        raise OclcUsageError(f"the state directory {path} does not exist")
    # OpenClaw reads `<state dir>/.env` into the gateway's environment; so does oclc.
    state_env = os.path.join(path, ".env") if path is not None else None
    if state_env is not None and os.path.lexists(state_env):
        _check_env_file(state_env, set() if checked is None else checked, None, max_bytes)


def _internal_error(exc: BaseException, where: str = "") -> None:
    if os.environ.get("OCLC_DEBUG") == "1":
        import traceback

        traceback.print_exception(exc)
    from .redact import redact_string

    place = f" while checking {where}" if where else ""
    # The exception's text may quote a value of the config: a secret's shape is hidden here too.
    say(redact_string(f"oclc: internal error{place}: {type(exc).__name__}: {exc} "
                      "(set OCLC_DEBUG=1 for a traceback)"))


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "output_format", type=click.Choice(FORMAT_NAMES), default=None,
              help="Output format (default text; github inside GitHub Actions).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to this file.")
@click.option("--fail-on", type=click.Choice(["error", "warning"]), default=None,
              help="Lowest severity that makes the exit code 1 (default error).")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Colour the text output (auto: on a terminal, unless NO_COLOR is set).")
@click.option("--select", "select", multiple=True, help="Only these codes or prefixes (OC3,OC401).")
@click.option("--ignore", "ignore", multiple=True, help="Never report these codes or prefixes.")
@_pipeline_options
@click.option("--stdin-filename", help="The name to show (and to find settings from) for `-`.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--statistics", is_flag=True, help="Count findings per rule instead of listing them.")
@click.option("--fix", is_flag=True, help="Apply safe fixes to the files, then report what remains.")
@click.option("--diff", is_flag=True, help="Print the fixes as a unified diff; change nothing.")
@click.pass_context
def lint(ctx: click.Context, paths, output_format, output, fail_on, color, select, ignore, env_file, state_dir,
         schema, max_file_size, env_from_process, stdin_filename, exit_zero, statistics, fix, diff) -> None:
    """Check OpenClaw configs: files, directories (searched for openclaw.json, openclaw.json5,
    openclaw.*.json5) or `-` for standard input."""
    from .settings import (
        Finder,
        SettingsError,
        check_rules_left,
        check_selection,
        check_selectors,
        parse_codes,
    )

    if output_format is None:
        output_format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    targets = expand_targets(paths, stdin_filename)
    try:
        cli_select = check_selection(parse_codes(",".join(select)) or [], "--select") if select else None
        cli_ignore = check_selectors(parse_codes(",".join(ignore)) or [], "--ignore", hiding=True) if ignore else None
    except SettingsError as exc:
        raise OclcUsageError(str(exc)) from None
    _check_state_dir(state_dir)
    finder = Finder()
    env_files: set[str] = set()
    run = _Run()
    stdin_text: bytes | None = None
    for target in targets:
        try:
            settings = finder.for_path(target.path or stdin_filename).override(
                select=cli_select, ignore=cli_ignore, fail_on=fail_on, env_file=env_file, state_dir=state_dir,
                env_from_process=env_from_process)
            check_rules_left(settings, "--select" if cli_select else f"select in {settings.source}",
                             "--ignore" if cli_ignore else f"ignore in {settings.source}")
        except SettingsError as exc:
            raise OclcUsageError(str(exc)) from None
        _check_env_file(settings.env_file, env_files, None if env_file else settings.source, max_file_size)
        _check_state_dir(settings.state_dir, env_files, max_file_size)
        run.inputs.add_target(target.path or stdin_filename, settings, schema, stdin=target.path is None)
        if output:
            # Before --fix writes anything: a refused output must leave every file as it was.
            refuse_output_over_input(output, run.inputs)
        if target.path is None:
            stdin_text = _read_stdin(max_file_size)
        try:
            _lint_one(run, target, settings, stdin_text, schema, max_file_size, fix=fix, diff=diff, output=output)
        except (KeyboardInterrupt, click.exceptions.Exit, OclcUsageError):
            raise
        except Exception as exc:  # one file's crash must not hide the other files' findings
            _internal_error(exc, target.name)
            _report_crash(run, target, exc)
    if output:
        refuse_output_over_input(output, run.inputs)   # now knowing the included files too
    _report(ctx, run, output_format, output, color, statistics, diff)
    if run.crashed or run.unreadable:
        ctx.exit(EXIT_USAGE)
    if diff:
        ctx.exit(EXIT_FINDINGS if any(run.diffs) and not exit_zero else EXIT_OK)
    # A fix asked for and not made is a failure of the run, not a finding --exit-zero may hide.
    if run.not_fixed:
        ctx.exit(EXIT_FINDINGS)
    ctx.exit(EXIT_FINDINGS if run.failing and not exit_zero else EXIT_OK)


def _read_stdin(max_bytes: int | None) -> bytes:
    """Standard input, read up to one byte past the size limit (the check after it says so)."""
    from .source import DEFAULT_MAX_BYTES, read_at_most

    max_bytes = max_bytes or DEFAULT_MAX_BYTES
    stream = sys.stdin
    if stream is None:
        raise OclcUsageError("cannot read the config from `-`: standard input is closed")
    if not hasattr(stream, "buffer"):
        return stream.read().encode("utf-8")
    try:
        return read_at_most(stream.buffer, max_bytes + 1)
    except OSError as exc:
        raise OclcUsageError(f"cannot read the config from `-`: {exc.strerror or exc}") from None


def _lint_one(run: _Run, target: Target, settings, stdin_text, schema, max_file_size, *, fix, diff,
              output=None) -> None:
    from .pipeline import Options, check
    from .render import file_report

    if target.unreadable is not None:
        _report_unsearchable(run, target)
        return

    options = Options(env_file=settings.env_file, state_dir=settings.state_dir, schema=schema,
                      within=target.within, env_from_process=settings.env_from_process)
    if max_file_size:
        options.max_bytes = max_file_size

    # Standard input has no path, but --stdin-filename names where it would live (includes are
    # relative to it); it is never written to.
    path = target.path if target.path is not None else stdin_filename_path(target)

    def run_check(text: str | None, included: dict[str, bytes] | None = None):
        checked_with = options if included is None else replace(options, replaced_files=included)
        if text is not None:
            return check(path, name=target.name, text=text.encode("utf-8"), options=checked_with)
        if target.path is None:
            return check(path, name=target.name, text=stdin_text, options=checked_with)
        return check(target.path, name=target.name, options=checked_with)

    if fix or diff:
        from .fix import fix_file

        def selected(result):
            return settings.apply(result.diagnostics, target.path or target.name)

        in_place = fix and not diff and target.path is not None
        if in_place and output:
            # The included files are known only once checked: a refused -o must stop --fix first.
            run.inputs.add_result(run_check(None))
            refuse_output_over_input(output, run.inputs)
        outcome = fix_file(target.name, run_check, selected, write=in_place,
                           from_stdin=fix and not diff and target.path is None)
        if outcome.not_fixed:
            from .redact import redactor_for

            # A reason may quote the config (a parse error names the key it stopped at).
            redactor = redactor_for(outcome.result)
            for line in outcome.not_fixed:
                say(f"oclc: {redactor.text(line)}")
        run.not_fixed = run.not_fixed or (fix and not diff and bool(outcome.not_fixed))
        run.fixes += outcome.fixes
        if diff:
            run.diffs.append(outcome.diff())
        elif target.path is None:
            # `--fix -` prints the fixed config; the report goes to standard error.
            fixed = outcome.texts.get(target.name, (None, None))[1]
            out(fixed if fixed is not None else (stdin_text or b"").decode("utf-8", "replace"), nl=False)
        result = outcome.result
    else:
        result = run_check(None)
    run.inputs.add_result(result)
    kept = settings.apply(result.diagnostics, target.path or target.name)
    if any(d.code in _UNREADABLE for d in kept):
        run.unreadable = True
    if settings.fails(kept):
        run.failing = True
    run.reports.append(file_report(result, kept))


def _report_unsearchable(run: _Run, target: Target) -> None:
    """A directory the walk could not list: an OC102 in the report (every format shows it), exit 2."""
    from .load.reading import read_error
    from .pipeline import FileResult
    from .render import file_report
    from .source import ReadError

    result = FileResult(target.name)
    result.diagnostics.append(read_error(target.name, ReadError(
        "unreadable", f"cannot list this directory ({target.unreadable}); no config in it was checked")))
    run.unreadable = True
    run.reports.append(file_report(result))


def _report_crash(run: _Run, target: Target, exc: Exception) -> None:
    """A file oclc failed on stands in the report as OC904 (exit 2), not as a file with no problems."""
    from .diagnostics.meta import INTERNAL_ERROR
    from .pipeline import FileResult
    from .render import file_report

    result = FileResult(target.name)
    result.diagnostics.append(INTERNAL_ERROR.diagnostic(
        f"oclc could not check this file: it failed with {type(exc).__name__}: {exc} (a bug in oclc)",
        file=target.name))
    run.crashed = True
    run.reports.append(file_report(result))


def stdin_filename_path(target: Target) -> str | None:
    return None if target.name == "<stdin>" else target.name


def _report(ctx, run: _Run, output_format, output, color, statistics, diff) -> None:
    from .render import RenderOptions, render

    if diff:
        text = "".join(run.diffs)
        changed = sum(1 for d in run.diffs if d)
        if changed:
            text += (f"{run.fixes} fix{'es' if run.fixes != 1 else ''} available in "
                     f"{changed} file{'s' if changed != 1 else ''} (apply with --fix).\n")
        else:
            text += "Nothing to fix.\n"
        _emit(text, output, colored=False)
        return
    colored = use_color(color, bool(output)) and output_format == "text"
    options = RenderOptions(color=colored, fixed=run.fixes)
    if statistics:
        text = _statistics(run.reports, output_format, options)
    else:
        text = render(output_format, run.reports, options)
    # With `--fix -` standard output carries the fixed config.
    _emit(text, output, colored=colored, err=_fixing_stdin(ctx))


def _fixing_stdin(ctx) -> bool:
    params = ctx.params
    return bool(params.get("fix")) and not params.get("diff") and "-" in (params.get("paths") or ())


def _statistics(reports, output_format: str, options) -> str:
    from .render import summary_line

    # One row per code and severity: a rule may report both (OC235 is an error for a provider no
    # plugin offers, a warning for one whose configured plugin is not installed).
    rows: dict[tuple[str, str], list] = {}
    for report in reports:
        for d in report.diagnostics:
            row = rows.setdefault((d.code, d.severity), [d.code, d.name, d.severity, 0, False])
            row[3] += 1
            row[4] = row[4] or (d.fix is not None and d.fix.safe)
    ordered = sorted(rows.values(), key=lambda r: (-r[3], r[0], r[2]))
    if output_format == "json":
        return json_text([{"code": c, "name": n, "severity": s, "count": k, "fixable": f}
                          for c, n, s, k, f in ordered])
    width = max((len(str(r[3])) for r in ordered), default=1)
    lines = [f"{str(k).rjust(width)}  {c}  {'[*] ' if f else ''}{n} ({s})" for c, n, s, k, f in ordered]
    lines.append(summary_line(reports, options))
    return "\n".join(lines) + "\n"


def json_text(value: Any) -> str:
    """A JSON document for output (render.json_text: lone surrogates as escapes, never Infinity)."""
    from .render import json_text as render_json

    return render_json(value)


def encodable(text: str) -> str:
    """`text` with unpaired UTF-16 surrogates (JSON5 strings may hold them; UTF-8 cannot) shown as
    U+FFFD, so printing a report about such a config cannot fail."""
    if re.search("[\ud800-\udfff]", text) is None:
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _emit(text: str, output: str | None, *, colored: bool, err: bool = False) -> None:
    text = encodable(text)
    if output:
        write_output(output, text)
        return
    out(text, nl=False, color=colored, err=err)


# --- outputs (-o) -----------------------------------------------------------------------------------

@dataclass
class Inputs:
    """Every file a run reads: `-o` must name none of them (nor anything where a state directory
    keeps its credential stores), or writing the output would destroy what oclc was given."""

    files: dict[str, str] = field(default_factory=dict)     # path -> what it is, for messages
    state_dirs: set[str] = field(default_factory=set)

    def add(self, path: str | None, what: str, shown: str | None = None) -> None:
        if path and path not in self.files:
            self.files[path] = f"{what} {shown or path}"

    def add_target(self, path: str | None, settings, schema: str | None, *, stdin: bool = False) -> None:
        """A linted or compiled file (for stdin, the file --stdin-filename says it is) and the files
        its settings make the run read."""
        self.add(path, "the --stdin-filename config" if stdin else "the config")
        self.add(settings.env_file, "the env file")
        self.add(settings.source, "the project config")
        self.add(schema, "the JSON Schema")
        if settings.state_dir:
            self.state_dirs.add(settings.state_dir)
            self.add(os.path.join(settings.state_dir, ".env"), "the state directory's .env")

    def add_result(self, result) -> None:
        """The files the config includes and the credential stores its agents use (known once it
        was checked)."""
        loaded = getattr(result, "loaded", None)
        for path, document in (loaded.documents.items() if loaded is not None else ()):
            if document is not loaded.main:
                self.add(path, "the included file", document.source.name)
        state = getattr(getattr(result, "model", None), "state", None)
        for path in (state.store_paths() if state is not None else ()):
            self.add(path, "the credential store")


def refuse_output_over_input(output: str, inputs: Inputs) -> None:
    """A usage error when the regular file (or missing path) `output` is one of the run's inputs
    under any name (a symlink, a hard link, `./x` for `x`), or lies where a state directory keeps
    its credential stores (its `agents` and `state` directories; the config and its compiled
    file may well sit at its top). Writing to a FIFO or a device in place destroys no input, so
    those are not refused."""
    try:
        info = os.stat(output)
    except OSError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):
        return
    real = os.path.realpath(output)
    for state_dir in sorted(inputs.state_dirs):
        for stores in ("agents", "state"):
            root = os.path.realpath(os.path.join(state_dir, stores))
            if os.path.commonpath([real, root]) == root:
                raise OclcUsageError(f"-o {output} is inside {os.path.join(state_dir, stores)}, where OpenClaw "
                                     "keeps its credential stores; the output must be another file")
    for path, what in inputs.files.items():
        same = os.path.realpath(path) == real
        if not same and info is not None:
            try:
                other = os.stat(path)
            except OSError:
                continue
            same = (other.st_dev, other.st_ino) == (info.st_dev, info.st_ino)
        if same:
            raise OclcUsageError(f"-o {output} names {what}; the output must be another file")


def write_output(path: str, text: str) -> None:
    """Write an output file (-o). A regular file is replaced atomically (see fix.replace_file).
    Anything else, a FIFO, /dev/null, a terminal, is opened and written: renaming a file over it
    would replace the device or pipe itself. So is a hard-linked file: a rename would leave its
    other names with the old content. Like --fix, a file or directory read-only by its mode bits
    is refused, even for root."""
    from .fix import read_only, replace_file

    if path.endswith(("/", os.sep)):
        # Not a file to create: the path names a directory (a missing one, or click would have said so).
        raise OclcUsageError(f"-o {path} names a directory; the output must be a file")
    data = text.encode("utf-8")
    try:
        info = os.stat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise OclcUsageError(f"cannot write {path}: {exc.strerror or exc}") from None
    in_place = info is not None and (not stat.S_ISREG(info.st_mode) or info.st_nlink > 1)
    try:
        why = read_only(path, with_directory=not in_place)
        if why:
            raise OclcUsageError(f"cannot write {path}: {why}")
        if in_place:
            with open(path, "wb") as handle:
                handle.write(data)
        else:
            replace_file(path, data)
    except OSError as exc:
        raise OclcUsageError(f"cannot write {path}: {exc.strerror or exc}") from None


# --- compile --------------------------------------------------------------------------------------

def default_compiled_path(path: str) -> str:
    """Where `compile --check` looks without -o: openclaw.json5 -> openclaw.compiled.json beside it."""
    directory, name = os.path.split(path)
    stem = re.sub(r"\.json5?$", "", name)
    return os.path.join(directory, f"{stem}.compiled.json")


@dataclass
class _Input:
    """The config compile or explain reads: a file, or standard input (`-`) shown as `name`."""

    path: str | None            # None: standard input
    name: str
    text: bytes | None = None   # standard input's bytes

    @property
    def settings_path(self) -> str | None:
        """Where project settings are looked up from (for stdin: --stdin-filename, else the cwd)."""
        return self.path if self.path is not None else (None if self.name == "<stdin>" else self.name)


def _inputs_of(files: tuple[str, ...], stdin_filename: str | None, max_file_size: int | None) -> list[_Input]:
    if files.count("-") > 1:
        raise OclcUsageError("`-` (standard input) can be given only once")
    if stdin_filename and "-" not in files:
        raise OclcUsageError("--stdin-filename is only used with `-` (read the config from standard input)")
    return [_Input(None, stdin_filename or "<stdin>", _read_stdin(max_file_size)) if path == "-" else _Input(path, path)
            for path in files]


def _pipeline(source: _Input, env_file, state_dir, schema, max_file_size, inputs: Inputs | None = None,
              env_from_process: bool | None = None):
    from .pipeline import Options, check
    from .settings import Finder, SettingsError

    # The project config's env-file and state-dir apply as they do for `lint`: otherwise the
    # compiled document (and `compile --check` in pre-commit) would disagree with the linter.
    try:
        settings = Finder().for_path(source.settings_path).override(
            env_file=env_file, state_dir=state_dir, env_from_process=env_from_process)
    except SettingsError as exc:
        raise OclcUsageError(str(exc)) from None
    env_files: set[str] = set()
    _check_env_file(settings.env_file, env_files, None if env_file else settings.source, max_file_size)
    _check_state_dir(settings.state_dir, env_files, max_file_size)
    options = Options(env_file=settings.env_file, state_dir=settings.state_dir, schema=schema,
                      env_from_process=settings.env_from_process)
    if max_file_size:
        options.max_bytes = max_file_size
    if source.path is None:
        result = check(source.settings_path, name=source.name, text=source.text, options=options)
    else:
        result = check(source.path, options=options)
    if inputs is not None:
        inputs.add_target(source.settings_path, settings, schema, stdin=source.path is None)
        inputs.add_result(result)
    return result


def _checked(ctx, source: _Input, env_file, state_dir, schema, max_file_size, inputs: Inputs | None = None,
             env_from_process: bool | None = None):
    """The pipeline's result for compile and explain: a file (or --schema) that cannot be read ends
    the command (exit 2), and so does one past oclc's own limits (exit 1, like `lint`: it was not
    checked, so there is nothing to compile or explain); errors that make OpenClaw refuse the config
    are printed to stderr. `inputs` gathers the files the run read."""
    from .diagnostics.meta import LIMIT_EXCEEDED

    result = _pipeline(source, env_file, state_dir, schema, max_file_size, inputs, env_from_process)
    if result.source is None or any(d.code in _UNREADABLE for d in result.diagnostics):
        _print_errors(result, only_structural=result.source is not None)
        ctx.exit(EXIT_USAGE)
    unchecked = any(d.code == LIMIT_EXCEEDED.code for d in result.diagnostics)
    if unchecked or not result.valid:
        _print_errors(result)
    if unchecked:
        done = {"compile": "compiled", "explain": "explained"}.get(ctx.command.name, "used")
        say(f"oclc: {source.name}: not {done}: the check stopped at one of oclc's limits (OC903)")
        ctx.exit(EXIT_FINDINGS)
    return result


def _print_errors(result, only_structural: bool = True) -> None:
    """Print to stderr the errors that make OpenClaw refuse the config, and oclc's limits (which
    stop the check), or every diagnostic."""
    from .diagnostics.meta import LIMIT_EXCEEDED
    from .render import RenderOptions, file_report, render

    shown = [d for d in result.diagnostics
             if d.is_structural or d.code == LIMIT_EXCEEDED.code or not only_structural]
    if shown:
        report = file_report(result, shown)
        out(encodable(render("concise", [report], RenderOptions())), nl=False, err=True)


@cli.command("compile")
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write the compiled config here (default: standard output).")
@click.option("--check", "check_only", is_flag=True,
              help="Change nothing; exit 1 when the compiled file (-o, or FILE's <name>.compiled.json) is stale.")
@_pipeline_options
@click.option("--stdin-filename", help="The name to show (and to find settings and includes from) for `-`.")
@click.pass_context
def compile_command(ctx, files, output, check_only, env_file, state_dir, schema, max_file_size, env_from_process,
                    stdin_filename) -> None:
    """Compile configs to the resolved JSON OpenClaw would run with (secrets redacted). `-` reads
    the config from standard input."""
    if output and len(files) > 1:
        raise OclcUsageError("-o/--output takes one FILE")
    if not output and not check_only and len(files) > 1:
        raise OclcUsageError("compile prints one config to standard output; give one FILE, or use --check")
    if check_only and not output and "-" in files and not stdin_filename:
        raise OclcUsageError("compile --check of `-` needs -o (the compiled file) or --stdin-filename")
    status = EXIT_OK
    for source in _inputs_of(files, stdin_filename, max_file_size):
        inputs = Inputs()
        result = _checked(ctx, source, env_file, state_dir, schema, max_file_size, inputs, env_from_process)
        target = output or (default_compiled_path(source.settings_path or source.name) if check_only else None)
        if target:
            refuse_output_over_input(target, inputs)
        if not result.valid:
            # The document is still written (with "valid": false): a pipeline can keep it for
            # inspection, and --check still compares it.
            say(f"oclc: {source.name}: OpenClaw would refuse this config; the compiled document says "
                "\"valid\": false")
            status = EXIT_FINDINGS
        from .render.compiled import compile_document

        text = json_text(compile_document(result))
        if check_only:
            current = _compiled_bytes(target, len(text.encode("utf-8")))
            if current != text.encode("utf-8"):
                state = "is missing" if current is None else "is out of date"
                shown = source.name if source.path is not None else "-"
                say(f"oclc: {target} {state} (compiled from {source.name}); "
                    f"update it with `oclc compile {shown} -o {target}`")
                status = EXIT_FINDINGS
        elif target:
            write_output(target, text)
        else:
            out(text, nl=False)
    ctx.exit(status)


def _compiled_bytes(path: str, expected_size: int) -> bytes | None:
    """The committed compiled file, for `compile --check` (None: there is none). Whatever is in it
    is only compared, so bytes that are not UTF-8 are simply stale (they were an internal error);
    a FIFO or device is refused unread, and no more is read than the fresh document's size + 1."""
    from .source import ReadError, read_bytes

    try:
        return read_bytes(path, expected_size)
    except ReadError as exc:
        if exc.kind == "not-found":
            return None
        if exc.kind == "too-large":
            return b""      # larger than the fresh document: out of date
        raise OclcUsageError(f"cannot read {path}: {exc.message}") from None


# --- explain ----------------------------------------------------------------------------------------

@cli.command()
@click.argument("file", type=click.Path())
@click.option("--agent", help="Only this agent.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_pipeline_options
@click.option("--stdin-filename", help="The name to show (and to find settings and includes from) for `-`.")
@click.pass_context
def explain(ctx, file, agent, output_format, env_file, state_dir, schema, max_file_size, env_from_process,
            stdin_filename) -> None:
    """Show, per agent, the model chain, the credential each provider uses and the effective
    prompt-cache retention, and why. `-` reads the config from standard input."""
    from .render import explain as explaining

    [source] = _inputs_of((file,), stdin_filename, max_file_size)
    result = _checked(ctx, source, env_file, state_dir, schema, max_file_size, env_from_process=env_from_process)
    if agent is not None and result.model is not None and result.model.agents and agent not in result.model.agents:
        from .redact import redactor_for

        # Agent ids come from the config: one may have a token's shape.
        known = redactor_for(result).text(", ".join(sorted(result.model.agents))) or "none"
        raise OclcUsageError(f"no agent {agent!r} in {source.name} (agents: {known})")
    if output_format == "json":
        out(json_text(explaining.explain_data(result, agent=agent)), nl=False)
    else:
        out(encodable(explaining.explain_text(result, agent=agent)), nl=False)
    ctx.exit(EXIT_OK if result.valid else EXIT_FINDINGS)


# --- upgrade -------------------------------------------------------------------------------------

@cli.command()
@click.argument("files", nargs=-1, type=click.Path())
@click.option("--to", "to", metavar="VERSION", help="The OpenClaw release to upgrade to (default: the newest bundled).")
@click.option("--diff", is_flag=True, help="Print the changes as a unified diff; write nothing.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 when something would change.")
@click.option("--drop-unknown", is_flag=True,
              help="Also remove keys no release knows (as `openclaw doctor --fix` does); default: list them.")
@click.pass_context
def upgrade(ctx, files, to, diff, check, drop_unknown) -> None:
    """Rewrite configs for a newer OpenClaw, keeping comments and layout."""
    from .upgrade import run

    ctx.exit(run(list(files), to=to, diff=diff, check=check, drop_unknown=drop_unknown))


# --- rules, rule, schema ------------------------------------------------------------------------

@cli.command("rules")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules_command(output_format) -> None:
    """List every rule: code, name, default severity, summary."""
    from .rules import all_rules

    items = all_rules()
    if output_format == "json":
        import json

        out(json.dumps([{"code": r.code, "name": r.name, "severity": r.severity, "summary": r.summary}
                               for r in items], indent=2))
        return
    name_width = max((len(r.name) for r in items), default=4)
    out(f"{'CODE':<6} {'NAME':<{name_width}}  {'SEVERITY':<8}  SUMMARY")
    for r in items:
        out(f"{r.code:<6} {r.name:<{name_width}}  {r.severity:<8}  {r.summary}")


@cli.command("rule")
@click.argument("code")
def rule_command(code: str) -> None:
    """Show one rule's documentation (by code, OC401, or name)."""
    from .rules import all_rules, get

    item = get(code)
    if item is None:
        item = next((r for r in all_rules() if r.name == code.lower()), None)
    if item is None:
        import difflib

        choices = [r.code for r in all_rules()] + [r.name for r in all_rules()]
        close = difflib.get_close_matches(code.upper() if code[:2].lower() == "oc" else code.lower(), choices, n=1)
        hint = f"; did you mean {close[0]}?" if close else " (see `oclc rules`)"
        raise OclcUsageError(f"no rule {code!r}{hint}")
    out(f"{item.code} {item.name} ({item.severity})\n\n{item.summary}\n")
    if item.docs:
        out(item.docs.rstrip() + "\n", nl=True)


@cli.command("schema")
def schema_command() -> None:
    """Print the bundled JSON Schema oclc validates against."""
    from .schema.dialect import bundled_schema_text

    out(bundled_schema_text(), nl=False)


# --- server ---------------------------------------------------------------------------------------

@cli.command("server", context_settings={"ignore_unknown_options": True, "allow_extra_args": True,
                                         "help_option_names": []})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
@click.pass_context
def server_command(ctx, args) -> None:
    """Run the language server for editors (LSP over stdio; needs `pip install 'oclc[server]'`)."""
    from .server import main as server_main

    ctx.exit(server_main(list(args)))


def main(argv: list[str] | None = None) -> None:
    try:
        cli.main(args=argv, prog_name="oclc")
    except SystemExit:
        raise
    except BrokenPipeError:
        # The reader went away (`oclc lint | head`): stop quietly.
        try:
            sys.stdout = open(os.devnull, "w")
        finally:
            sys.exit(EXIT_FINDINGS)
    except Exception as exc:
        _internal_error(exc)
        sys.exit(EXIT_USAGE)
