"""The `oclc` command line.

    oclc lint [PATH...]           check configs (files, directories searched recursively, `-` for stdin)
    oclc compile FILE [-o OUT]    the resolved config as JSON; --check: is OUT up to date?
    oclc explain FILE             per agent: models, credentials, cache retention, and why
    oclc rules / oclc rule CODE   every rule / one rule's documentation
    oclc schema                   the bundled JSON Schema
    oclc server                   the language server for editors (oclc.server.main)
    oclc upgrade FILE...          rewrite configs for a newer OpenClaw (oclc.upgrade)

Exit codes: 0 nothing at or above the failing severity; 1 findings (or a stale compiled file);
2 usage error, bad project config, unreadable input, or an internal error.

A pre-commit hook starts this program on every commit, so start-up is kept small: `--version`
and `--help` import nothing, argparse is imported and one parser built only for the command that
runs, and the pipeline, renderers and everything heavy load on the path that needs them.

Each command is two functions: `<name>_arguments(parser)` declares its arguments and the
`@command`-decorated `<name>(args) -> exit code` runs it (its docstring's first paragraph is its
help). Options every pipeline command takes are declared in `pipeline_arguments` and turned into
`pipeline.Options` in `pipeline_options`.
"""

from __future__ import annotations

import os
import sys

from . import OPENCLAW_VERSION, __version__

FORMAT_NAMES = ("text", "concise", "json", "sarif", "github", "junit")
_SKIP_DIRS = {".git", "node_modules"}
# Read problems that mean there was no input to check (or, OC209, no schema to check it against):
# exit 2, like a usage error.
_UNREADABLE = {"OC102", "OC103", "OC105", "OC108", "OC209"}
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class OclcUsageError(Exception):
    """A problem with how oclc was run or configured (not with the linted config): exit 2, with
    `oclc: error: <message>` on standard error."""


def out(text: str, *, nl: bool = True, color: bool | None = None, err: bool = False) -> None:
    """Write command output. A closed stream (`oclc lint x >&-`) or a failing one (a full disk) is
    an error, exit 2: the output is lost, and exit 0 would say all is well. (A reader that went
    away, `| head`, is BrokenPipeError: main() ends quietly.) Escape sequences are kept only when
    colour is on (`color=None`: when the stream is a terminal), so nothing a config holds can
    drive the terminal."""
    where = "standard error" if err else "standard output"
    stream = sys.stderr if err else sys.stdout
    if stream is None:
        raise OclcUsageError(f"cannot write the output: {where} is closed")
    if nl:
        text += "\n"
    if "\x1b" in text and not (color if color is not None else _isatty(stream)):
        import re

        text = re.sub(r"\x1b\[[;?0-9]*[a-zA-Z]", "", text)
    try:
        try:
            stream.write(text)
        except UnicodeEncodeError:
            # A stream whose encoding cannot say every character (PYTHONIOENCODING=ascii).
            encoding = stream.encoding or "utf-8"
            stream.write(text.encode(encoding, "backslashreplace").decode(encoding))
        stream.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OclcUsageError(f"cannot write the output to {where}: {exc.strerror or exc}") from None


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def say(message: str) -> None:
    """One line on standard error. Paths in it may come from a hostile project config or file name:
    control characters and line breaks are escaped (see render.escape_unsafe)."""
    from .render import escape_unsafe

    if sys.stderr is None:
        return
    try:
        sys.stderr.write(escape_unsafe(message, one_line=True) + "\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass    # standard error is gone too: the exit code is all that is left


# --- the commands and their arguments ------------------------------------------------------------

# name -> (declares the arguments, runs the command); in the order `oclc --help` lists them
COMMANDS: dict = {}


def command(name: str, arguments):
    """Register `run(args) -> exit code` as the command `name`; `arguments(parser)` declares its
    arguments with argparse's `parser.add_argument` (see Declared for what may be declared).
    With `arguments` None, `run` is given the command line after the command's name as it is (a
    command that reads its own options, like `server`)."""

    def register(run):
        COMMANDS[name] = (arguments, run)
        return run

    return register


class Declared:
    """What a command's `<name>_arguments(parser)` declares: its add_argument calls, recorded,
    and `parser.usage`. A command line is read from them directly (quick_parse) when it holds
    nothing but declared options and their values, which is every run a hook or CI makes;
    argparse itself (build_parser) is built from them only to print help or to say what is wrong,
    and so is imported on no other path. Supported: options with action store (the default),
    append, store_true or store_const, and `type`, `choices`, `default`, `dest`, `const`,
    `metavar`, `help`; one
    positional argument with nargs None, `*` or `+`. Anything else add_argument takes is still
    declared here and parsed correctly, by argparse (quick_parse gives way); argument groups would
    need a method here first."""

    def __init__(self) -> None:
        self.calls: list[tuple[tuple[str, ...], dict]] = []
        self.usage: str | None = None

    def add_argument(self, *names: str, **options) -> None:
        self.calls.append((names, options))


def declared(name: str) -> Declared:
    arguments = Declared()
    COMMANDS[name][0](arguments)
    return arguments


def _help_of(run) -> str:
    """A command's help: its docstring's first paragraph, on one line."""
    return " ".join((run.__doc__ or "").strip().split("\n\n")[0].split())


def _usage_error_message(message: str, name: str | None = None) -> str:
    return f"{message}; see `oclc {name} --help`" if name else f"{message}; see `oclc --help`"


def build_parser(name: str):
    """The argparse parser of one command, for its help and its usage errors."""
    import argparse

    class Formatter(argparse.HelpFormatter):
        # The terminal's width is looked up (importing shutil) only when help is printed: argparse
        # builds a formatter for every add_argument too.
        width = 100

        def __init__(self, prog: str):
            super().__init__(prog, max_help_position=32, width=Formatter.width)

    class Parser(argparse.ArgumentParser):
        def error(self, message: str):
            raise OclcUsageError(_usage_error_message(_with_suggestion(self, message), name))

        def format_help(self) -> str:
            Formatter.width = _width()
            return super().format_help()

    arguments = declared(name)
    parser = Parser(prog=f"oclc {name}", description=_help_of(COMMANDS[name][1]), usage=arguments.usage,
                    allow_abbrev=False, formatter_class=Formatter)
    for names, options in arguments.calls:
        parser.add_argument(*names, **options)
    return parser


def _with_suggestion(parser, message: str) -> str:
    """argparse's message, with the option meant when an unknown one is close to it."""
    prefix = "unrecognized arguments: "
    if not message.startswith(prefix):
        return message
    if message.startswith(prefix + "-- "):     # the `--` parse_arguments put before the arguments
        message = prefix + message[len(prefix) + 3:]
    unknown = next((word for word in message[len(prefix):].split() if word.startswith("--")), None)
    if unknown is None:
        return message
    import difflib

    known = [option for action in parser._actions for option in action.option_strings]
    close = difflib.get_close_matches(unknown.split("=", 1)[0], known, n=1)
    return f"{message} (did you mean {close[0]}?)" if close else message


def _width() -> int:
    import shutil

    return max(40, min(100, shutil.get_terminal_size().columns) - 2)


def top_help() -> str:
    import textwrap

    width = max(len(name) for name in COMMANDS)
    listed = "\n".join(textwrap.fill(_help_of(run), _width(), initial_indent=f"  {name:<{width}}  ",
                                     subsequent_indent=" " * (width + 4))
                       for name, (_, run) in COMMANDS.items())
    return ("usage: oclc [-h] [-V] COMMAND [ARGS...]\n\n"
            "oclc: compiler and linter for OpenClaw gateway configs (openclaw.json, JSON5).\n\n"
            f"commands:\n{listed}\n\n"
            "options:\n  -h, --help     show this help and exit\n  -V, --version  show the version and exit\n\n"
            "`oclc COMMAND --help` shows a command's options.\n")


def run(argv: list[str]) -> int:
    """Run the command line `argv` (without the program name); returns the exit code."""
    if not argv:
        out(top_help(), nl=False, err=True)
        return EXIT_USAGE
    first = argv[0]
    if first in ("-V", "--version"):
        out(f"oclc {__version__} (for OpenClaw {OPENCLAW_VERSION})")
        return EXIT_OK
    if first in ("-h", "--help"):
        out(top_help(), nl=False)
        return EXIT_OK
    if first not in COMMANDS:
        if first.startswith("-"):
            raise OclcUsageError(_usage_error_message(f"unrecognized option {first!r}"))
        import difflib

        close = difflib.get_close_matches(first, list(COMMANDS), n=1)
        hint = f" (did you mean {close[0]}?)" if close else f" (commands: {', '.join(COMMANDS)})"
        raise OclcUsageError(_usage_error_message(f"no command {first!r}{hint}"))
    arguments, command_run = COMMANDS[first]
    if arguments is None:
        return command_run(argv[1:])
    return command_run(parse_command_line(first, argv[1:]))


def parse_command_line(name: str, argv: list[str]):
    """The arguments of the command `name` in `argv`: an object with one attribute per `dest`.
    Options and arguments may come in any order (`lint a.json5 --format json b.json5`);
    everything after `--` is an argument, even when it starts with a dash."""
    args = quick_parse(declared(name), argv)
    return args if args is not None else parse_arguments(build_parser(name), argv)


def parse_arguments(parser, argv: list[str]):
    """argparse's reading of `argv`. Its own parse_intermixed_args mishandles `--` on Python
    3.11, so the options (with their values) are moved in front here, and the arguments put after
    a `--` of our own."""
    takes_value = {option for action in parser._actions if action.nargs != 0 for option in action.option_strings}
    options: list[str] = []
    arguments: list[str] = []
    index = 0
    while index < len(argv):
        word = argv[index]
        if word == "--":
            arguments.extend(argv[index + 1:])
            break
        if word.startswith("-") and word != "-":
            options.append(word)
            if word in takes_value and index + 1 < len(argv):
                options.append(argv[index + 1])
                index += 1
        else:
            arguments.append(word)
        index += 1
    return parser.parse_args(options + ["--"] + arguments if arguments else options)


class _GiveWay(Exception):
    """quick_parse cannot be sure of the answer: argparse reads the command line instead."""


def quick_parse(arguments: Declared, argv: list[str]):
    """What argparse would make of `argv` (as parse_arguments gives it to argparse), read
    without argparse; None wherever argparse has something to say: help, an unknown or malformed
    option, a missing or refused value, a declaration outside Declared's list. So a None costs
    only the time argparse takes; an answer is argparse's own (tests/test_cli.py compares)."""
    from types import SimpleNamespace

    try:
        options, positionals, values = _quick_declarations(arguments)
        words: list[str] = []
        index = 0
        while index < len(argv):
            word = argv[index]
            index += 1
            if word == "--":
                words.extend(argv[index:])
                break
            if not word.startswith("-") or word == "-":
                words.append(word)
                continue
            name, equals, attached = word.partition("=") if word.startswith("--") else (word, "", "")
            if name not in options:
                raise _GiveWay
            dest, action, spec = options[name]
            if action in ("store_true", "store_const"):
                if equals:
                    raise _GiveWay
                values[dest] = True if action == "store_true" else spec["const"]
                continue
            if not equals:
                if index >= len(argv) or argv[index].startswith("-"):
                    raise _GiveWay
                attached = argv[index]
                index += 1
            value = _quick_value(spec, attached)
            values[dest] = value if action == "store" else [*(values[dest] or ()), value]
        if any(spec.get("required") and values[dest] is None for dest, _, spec in options.values()):
            raise _GiveWay
        if positionals:
            (dest, spec), = positionals
            nargs = spec.get("nargs")
            if nargs is None and len(words) == 1:
                values[dest] = _quick_value(spec, words[0])
            elif nargs == "*" or (nargs == "+" and words):
                values[dest] = [_quick_value(spec, word) for word in words]
            else:
                raise _GiveWay
        elif words:
            raise _GiveWay
    except _GiveWay:
        return None
    return SimpleNamespace(**values)


def _quick_declarations(arguments: Declared):
    """(option string -> (dest, action, spec), [(dest, spec)] of positionals, dest -> default)."""
    options: dict[str, tuple[str, str, dict]] = {}
    positionals: list[tuple[str, dict]] = []
    values: dict = {}
    known = {"action", "type", "choices", "default", "dest", "metavar", "help", "nargs", "required", "const"}
    for names, spec in arguments.calls:
        if not names or set(spec) - known:
            raise _GiveWay
        if names[0].startswith("-"):
            action = spec.get("action", "store")
            if action not in ("store", "append", "store_true", "store_const") or "nargs" in spec:
                raise _GiveWay
            if ("const" in spec) != (action == "store_const"):
                raise _GiveWay
            long = next((n for n in names if n.startswith("--")), names[0])
            dest = spec.get("dest") or long.lstrip("-").replace("-", "_")
            if isinstance(spec.get("default"), str) and "type" in spec:
                raise _GiveWay      # argparse would convert the default too
            for option in names:
                options[option] = (dest, action, spec)
            # Options sharing a dest (--x / --no-x): the first one's default, as argparse has it.
            values.setdefault(dest, spec.get("default", False if action == "store_true" else None))
        else:
            if len(names) != 1 or positionals or spec.get("nargs") not in (None, "*", "+") or "default" in spec:
                raise _GiveWay
            positionals.append((names[0], spec))
            values[names[0]] = None
    return options, positionals, values


def _quick_value(spec: dict, text: str):
    """`text` converted by the argument's `type` and checked against its `choices`."""
    converter = spec.get("type")
    if converter is not None:
        try:
            value = converter(text)
        except Exception:   # argparse turns it into the usage error
            raise _GiveWay from None
    else:
        value = text
    if "choices" in spec and value not in spec["choices"]:
        raise _GiveWay
    return value


def main(argv: list[str] | None = None) -> None:
    """The console script: runs the command line (sys.argv without `argv`), exits with its code."""
    try:
        _main(argv)
    finally:
        if argv is None:
            # The process ends here. At exit Python's collector walks every object still alive
            # (the schema, the release data, each module) before freeing them: ~15 ms of a cold
            # lint, for cycles no one will look at again. Frozen objects are skipped.
            import gc

            gc.freeze()


def _main(argv: list[str] | None) -> None:
    try:
        code = run(sys.argv[1:] if argv is None else list(argv))
    except SystemExit:
        raise
    except OclcUsageError as exc:
        say(f"oclc: error: {exc}")
        code = EXIT_USAGE
    except KeyboardInterrupt:
        # Ctrl-C: as click-based versions of oclc said it (--fix has left every file as it was).
        say("")
        say("Aborted!")
        code = EXIT_FINDINGS
    except BrokenPipeError:
        # The reader went away (`oclc lint | head`): stop quietly.
        try:
            sys.stdout = open(os.devnull, "w")
        finally:
            sys.exit(EXIT_FINDINGS)
    except Exception as exc:
        _internal_error(exc)
        code = EXIT_USAGE
    sys.exit(code)


# --- argument types: each checks what it can before anything runs ------------------------------------

def _type_error(message: str):
    from argparse import ArgumentTypeError

    return ArgumentTypeError(message)


def file_path(value: str) -> str:
    """A file to read or write: it may be missing, but not a directory."""
    if os.path.isdir(value):
        raise _type_error(f"'{value}' is a directory")
    return value


def existing_file(value: str) -> str:
    if not os.path.exists(value):
        raise _type_error(f"'{value}' does not exist")
    return file_path(value)


def directory_path(value: str) -> str:
    """A directory: it may be missing (the command says so), but not a file."""
    if os.path.exists(value) and not os.path.isdir(value):
        raise _type_error(f"'{value}' is a file")
    return value


_SIZE_UNITS = {"": 1, "b": 1, "k": 1024, "kb": 1024, "kib": 1024, "m": 1024**2, "mb": 1024**2,
               "mib": 1024**2, "g": 1024**3, "gb": 1024**3, "gib": 1024**3}


def byte_size(value: str) -> int:
    """A size in bytes: 1048576, 512K, 16M, 1G (binary units)."""
    import re

    match = re.fullmatch(r"\s*0*(\d+)\s*([A-Za-z]*)\s*", value)
    unit = match.group(2).lower() if match else None
    if match is None or unit not in _SIZE_UNITS or match.group(1) == "0":
        raise _type_error(f"{value!r} is not a size (examples: 1048576, 512K, 16M, 1G)")
    digits = match.group(1)
    # No file is larger than the address space: a bigger limit is the same as none (and 10**5000
    # would not even convert to an int).
    if len(digits) > len(str(sys.maxsize)):
        return sys.maxsize
    return min(int(digits) * _SIZE_UNITS[unit], sys.maxsize)


def pipeline_arguments(parser) -> None:
    """Options every command that runs the pipeline takes."""
    parser.add_argument("--env-file", type=file_path, metavar="FILE",
                        help="A dotenv file with the gateway's environment.")
    parser.add_argument("--state-dir", type=directory_path, metavar="DIRECTORY",
                        help="OpenClaw's state directory (per-agent credential stores).")
    parser.add_argument("--env-from-process", dest="env_from_process", action="store_const", const=True,
                        help="Read this process's environment (and HOME) as the gateway's; by default oclc reads "
                             "neither, so its result does not depend on the machine.")
    parser.add_argument("--no-env-from-process", dest="env_from_process", action="store_const", const=False,
                        help="Do not, even where the project config says env-from-process = true.")
    parser.add_argument("--schema", type=existing_file, metavar="FILE",
                        help="Validate against this JSON Schema instead of the bundled one.")
    parser.add_argument("--max-file-size", type=byte_size, metavar="SIZE",
                        help="Refuse larger input files: config, env file, schema, stores (bytes, or 512K, "
                             "16M...; default 16M).")
    parser.add_argument("--openclaw-version", type=release_number, metavar="VERSION",
                        help="The OpenClaw release to check against (default: openclaw-version in the project "
                             "config, else the config's meta.lastTouchedVersion, else the newest bundled release).")


def release_number(value: str) -> str:
    """An OpenClaw release number (2026.3.13); one oclc has no data for stands for the nearest it has."""
    from .releases import UnknownVersion, nearest_bundled

    try:
        nearest_bundled(value)
    except UnknownVersion as exc:
        raise _type_error(str(exc)) from None
    return value


def pipeline_options(args, settings, **more):
    """pipeline.Options from the command line (`args`) and the project config's `settings` (the
    env file and state directory, already overridden by the command line)."""
    from .pipeline import Options

    version, asked_where = args.openclaw_version, "--openclaw-version"
    if version is None and settings.openclaw_version is not None:
        version, asked_where = settings.openclaw_version, f"{settings.source}: openclaw-version"
    options = Options(env_file=settings.env_file, state_dir=settings.state_dir, schema=args.schema,
                      env_from_process=settings.env_from_process, openclaw_version=version,
                      openclaw_version_from=asked_where if version else None, **more)
    if args.max_file_size:
        options.max_bytes = args.max_file_size
    return options


# --- lint ---------------------------------------------------------------------------------------

class Target:
    """One file to lint, as the command line named it or a directory search found it."""

    __slots__ = ("path", "name", "within", "unreadable")

    def __init__(self, path: str | None, name: str, within: str | None = None, unreadable: str | None = None):
        self.path = path                # None: stdin
        self.name = name                # shown in diagnostics
        self.within = within            # the directory searched to find it: it must really lie inside
        self.unreadable = unreadable    # a directory that could not be searched: why (reported as OC102)


def _is_config_name(name: str) -> bool:
    """openclaw.json, openclaw.json5, openclaw.<name>.json5 (<name> without dots or slashes)."""
    if name in ("openclaw.json", "openclaw.json5"):
        return True
    if not (name.startswith("openclaw.") and name.endswith(".json5")):
        return False
    middle = name[len("openclaw."):-len(".json5")]
    return middle != "" and not any(c in middle for c in "./\\")


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
            elif _is_config_name(entry.name):
                found.append(os.path.normpath(os.path.join(root, entry.name)))
        pending.extend(reversed(subdirectories))
    return found


def expand_targets(paths: list[str], stdin_filename: str | None) -> list[Target]:
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
    return sys.stdout is not None and _isatty(sys.stdout)


class _Run:
    """What the lint command gathers across files."""

    def __init__(self) -> None:
        self.reports: list = []
        self.diffs: list[str] = []
        self.fixes = 0
        self.not_fixed = False          # --fix left a fix undone (not writable, or unsafe)
        self.inputs = Inputs()
        self.unreadable = False
        self.crashed = False
        self.failing = False


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


def lint_arguments(parser) -> None:
    parser.usage = "oclc lint [options] [PATH ...]"
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="A config file, a directory to search, or `-` for standard input (default: .).")
    parser.add_argument("--format", dest="output_format", choices=FORMAT_NAMES,
                        help="Output format (default text; github inside GitHub Actions).")
    parser.add_argument("-o", "--output", type=file_path, metavar="FILE", help="Write the report to this file.")
    parser.add_argument("--fail-on", choices=("error", "warning"),
                        help="Lowest severity that makes the exit code 1 (default error).")
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                        help="Colour the text output (auto, the default: on a terminal, unless NO_COLOR is set).")
    parser.add_argument("--select", action="append", metavar="CODES",
                        help="Only these codes or prefixes (OC3,OC401).")
    parser.add_argument("--ignore", action="append", metavar="CODES", help="Never report these codes or prefixes.")
    pipeline_arguments(parser)
    parser.add_argument("--stdin-filename", metavar="NAME",
                        help="The name to show (and to find settings from) for `-`.")
    parser.add_argument("--exit-zero", action="store_true", help="Exit 0 even when there are findings.")
    parser.add_argument("--statistics", action="store_true", help="Count findings per rule instead of listing them.")
    parser.add_argument("--fix", action="store_true", help="Apply safe fixes to the files, then report what remains.")
    parser.add_argument("--diff", action="store_true", help="Print the fixes as a unified diff; change nothing.")


@command("lint", lint_arguments)
def lint(args) -> int:
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

    output_format = args.output_format
    if output_format is None:
        output_format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    stdin_filename, output = args.stdin_filename, args.output
    targets = expand_targets(args.paths, stdin_filename)
    try:
        cli_select = (check_selection(parse_codes(",".join(args.select)) or [], "--select")
                      if args.select else None)
        cli_ignore = (check_selectors(parse_codes(",".join(args.ignore)) or [], "--ignore", hiding=True)
                      if args.ignore else None)
    except SettingsError as exc:
        raise OclcUsageError(str(exc)) from None
    _check_state_dir(args.state_dir)
    finder = Finder()
    env_files: set[str] = set()
    run = _Run()
    stdin_text: bytes | None = None
    for target in targets:
        try:
            settings = finder.for_path(target.path or stdin_filename).override(
                select=cli_select, ignore=cli_ignore, fail_on=args.fail_on, env_file=args.env_file,
                state_dir=args.state_dir, env_from_process=args.env_from_process)
            check_rules_left(settings, "--select" if cli_select else f"select in {settings.source}",
                             "--ignore" if cli_ignore else f"ignore in {settings.source}")
        except SettingsError as exc:
            raise OclcUsageError(str(exc)) from None
        _check_env_file(settings.env_file, env_files, None if args.env_file else settings.source,
                        args.max_file_size)
        _check_state_dir(settings.state_dir, env_files, args.max_file_size)
        run.inputs.add_target(target.path or stdin_filename, settings, args.schema, stdin=target.path is None)
        if output:
            # Before --fix writes anything: a refused output must leave every file as it was.
            refuse_output_over_input(output, run.inputs)
        if target.path is None:
            stdin_text = _read_stdin(args.max_file_size)
        try:
            _lint_one(run, target, settings, stdin_text, args)
        except (KeyboardInterrupt, SystemExit, OclcUsageError):
            raise
        except Exception as exc:  # one file's crash must not hide the other files' findings
            _internal_error(exc, target.name)
            _report_crash(run, target, exc)
    if output:
        refuse_output_over_input(output, run.inputs)   # now knowing the included files too
    _report(run, output_format, args)
    if run.crashed or run.unreadable:
        return EXIT_USAGE
    if args.diff:
        return EXIT_FINDINGS if any(run.diffs) and not args.exit_zero else EXIT_OK
    # A fix asked for and not made is a failure of the run, not a finding --exit-zero may hide.
    if run.not_fixed:
        return EXIT_FINDINGS
    return EXIT_FINDINGS if run.failing and not args.exit_zero else EXIT_OK


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


def _lint_one(run: _Run, target: Target, settings, stdin_text, args) -> None:
    from .pipeline import check
    from .render import file_report

    if target.unreadable is not None:
        _report_unsearchable(run, target)
        return

    fix, diff, output = args.fix, args.diff, args.output
    options = pipeline_options(args, settings, within=target.within)

    # Standard input has no path, but --stdin-filename names where it would live (includes are
    # relative to it); it is never written to.
    path = target.path if target.path is not None else stdin_filename_path(target)

    def run_check(text: str | None, included: dict[str, bytes] | None = None):
        checked_with = options if included is None else options.but(replaced_files=included)
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


def _report(run: _Run, output_format: str, args) -> None:
    from .render import RenderOptions, render

    output = args.output
    if args.diff:
        text = "".join(run.diffs)
        changed = sum(1 for d in run.diffs if d)
        if changed:
            text += (f"{run.fixes} fix{'es' if run.fixes != 1 else ''} available in "
                     f"{changed} file{'s' if changed != 1 else ''} (apply with --fix).\n")
        else:
            text += "Nothing to fix.\n"
        _emit(text, output, colored=False)
        return
    colored = use_color(args.color, bool(output)) and output_format == "text"
    options = RenderOptions(color=colored, fixed=run.fixes)
    if args.statistics:
        text = _statistics(run.reports, output_format, options)
    else:
        text = render(output_format, run.reports, options)
    # With `--fix -` standard output carries the fixed config.
    fixing_stdin = args.fix and not args.diff and "-" in args.paths
    _emit(text, output, colored=colored, err=fixing_stdin)


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


def json_text(value) -> str:
    """A JSON document for output (render.json_text: lone surrogates as escapes, never Infinity)."""
    from .render import json_text as render_json

    return render_json(value)


def encodable(text: str) -> str:
    """`text` with unpaired UTF-16 surrogates (JSON5 strings may hold them; UTF-8 cannot) shown as
    U+FFFD, so printing a report about such a config cannot fail."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _emit(text: str, output: str | None, *, colored: bool, err: bool = False) -> None:
    text = encodable(text)
    if output:
        write_output(output, text)
        return
    out(text, nl=False, color=colored, err=err)


# --- outputs (-o) -----------------------------------------------------------------------------------

class Inputs:
    """Every file a run reads: `-o` must name none of them (nor anything where a state directory
    keeps its credential stores), or writing the output would destroy what oclc was given."""

    def __init__(self) -> None:
        self.files: dict[str, str] = {}     # path -> what it is, for messages
        self.state_dirs: set[str] = set()

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
    import stat

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
    import stat

    from .fix import read_only, replace_file

    if path.endswith(("/", os.sep)):
        # Not a file to create: the path names a directory (a missing one; an existing one was
        # refused with the arguments).
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
    stem = name[:-len(".json5")] if name.endswith(".json5") else name[:-len(".json")] if name.endswith(".json") else name
    return os.path.join(directory, f"{stem}.compiled.json")


class _Input:
    """The config compile or explain reads: a file, or standard input (`-`) shown as `name`."""

    __slots__ = ("path", "name", "text")

    def __init__(self, path: str | None, name: str, text: bytes | None = None):
        self.path = path            # None: standard input
        self.name = name
        self.text = text            # standard input's bytes

    @property
    def settings_path(self) -> str | None:
        """Where project settings are looked up from (for stdin: --stdin-filename, else the cwd)."""
        return self.path if self.path is not None else (None if self.name == "<stdin>" else self.name)


def _inputs_of(files: list[str], stdin_filename: str | None, max_file_size: int | None) -> list[_Input]:
    if files.count("-") > 1:
        raise OclcUsageError("`-` (standard input) can be given only once")
    if stdin_filename and "-" not in files:
        raise OclcUsageError("--stdin-filename is only used with `-` (read the config from standard input)")
    return [_Input(None, stdin_filename or "<stdin>", _read_stdin(max_file_size)) if path == "-" else _Input(path, path)
            for path in files]


def _pipeline(source: _Input, args, inputs: Inputs | None = None):
    from .pipeline import check
    from .settings import Finder, SettingsError

    # The project config's env-file and state-dir apply as they do for `lint`: otherwise the
    # compiled document (and `compile --check` in pre-commit) would disagree with the linter.
    try:
        settings = Finder().for_path(source.settings_path).override(
            env_file=args.env_file, state_dir=args.state_dir, env_from_process=args.env_from_process)
    except SettingsError as exc:
        raise OclcUsageError(str(exc)) from None
    env_files: set[str] = set()
    _check_env_file(settings.env_file, env_files, None if args.env_file else settings.source, args.max_file_size)
    _check_state_dir(settings.state_dir, env_files, args.max_file_size)
    options = pipeline_options(args, settings)
    if source.path is None:
        result = check(source.settings_path, name=source.name, text=source.text, options=options)
    else:
        result = check(source.path, options=options)
    if inputs is not None:
        inputs.add_target(source.settings_path, settings, args.schema, stdin=source.path is None)
        inputs.add_result(result)
    return result


def _checked(command_name: str, source: _Input, args, inputs: Inputs | None = None):
    """The pipeline's result for compile and explain: a file (or --schema) that cannot be read ends
    the command (exit 2), and so does one past oclc's own limits (exit 1, like `lint`: it was not
    checked, so there is nothing to compile or explain); errors that make OpenClaw refuse the config
    are printed to stderr. `inputs` gathers the files the run read."""
    from .diagnostics.meta import LIMIT_EXCEEDED

    result = _pipeline(source, args, inputs)
    if result.source is None or any(d.code in _UNREADABLE for d in result.diagnostics):
        _print_errors(result, only_structural=result.source is not None)
        raise SystemExit(EXIT_USAGE)
    unchecked = any(d.code == LIMIT_EXCEEDED.code for d in result.diagnostics)
    if unchecked or not result.valid:
        _print_errors(result)
    if unchecked:
        done = {"compile": "compiled", "explain": "explained"}.get(command_name, "used")
        say(f"oclc: {source.name}: not {done}: the check stopped at one of oclc's limits (OC903)")
        raise SystemExit(EXIT_FINDINGS)
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


def compile_arguments(parser) -> None:
    parser.usage = "oclc compile [options] FILE [FILE ...]"
    parser.add_argument("files", nargs="+", metavar="FILE", help="A config to compile, or `-` for standard input.")
    parser.add_argument("-o", "--output", type=file_path, metavar="FILE",
                        help="Write the compiled config here (default: standard output).")
    parser.add_argument("--check", dest="check_only", action="store_true",
                        help="Change nothing; exit 1 when the compiled file (-o, or FILE's "
                             "<name>.compiled.json) is stale.")
    pipeline_arguments(parser)
    parser.add_argument("--stdin-filename", metavar="NAME",
                        help="The name to show (and to find settings and includes from) for `-`.")


@command("compile", compile_arguments)
def compile_command(args) -> int:
    """Compile configs to the resolved JSON OpenClaw would run with (secrets redacted). `-` reads
    the config from standard input."""
    files, output, check_only = args.files, args.output, args.check_only
    if output and len(files) > 1:
        raise OclcUsageError("-o/--output takes one FILE")
    if not output and not check_only and len(files) > 1:
        raise OclcUsageError("compile prints one config to standard output; give one FILE, or use --check")
    if check_only and not output and "-" in files and not args.stdin_filename:
        raise OclcUsageError("compile --check of `-` needs -o (the compiled file) or --stdin-filename")
    status = EXIT_OK
    for source in _inputs_of(files, args.stdin_filename, args.max_file_size):
        inputs = Inputs()
        result = _checked("compile", source, args, inputs)
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
    return status


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

def explain_arguments(parser) -> None:
    parser.usage = "oclc explain [options] FILE"
    parser.add_argument("file", metavar="FILE", help="The config to explain, or `-` for standard input.")
    parser.add_argument("--agent", metavar="ID", help="Only this agent.")
    parser.add_argument("--format", dest="output_format", choices=("text", "json"), default="text",
                        help="Output format (default text).")
    pipeline_arguments(parser)
    parser.add_argument("--stdin-filename", metavar="NAME",
                        help="The name to show (and to find settings and includes from) for `-`.")


@command("explain", explain_arguments)
def explain(args) -> int:
    """Show, per agent, the model chain, the credential each provider uses and the effective
    prompt-cache retention, and why. `-` reads the config from standard input."""
    from .render import explain as explaining

    agent = args.agent
    [source] = _inputs_of([args.file], args.stdin_filename, args.max_file_size)
    result = _checked("explain", source, args)
    if agent is not None and result.model is not None and result.model.agents and agent not in result.model.agents:
        from .redact import redactor_for

        # Agent ids come from the config: one may have a token's shape.
        known = redactor_for(result).text(", ".join(sorted(result.model.agents))) or "none"
        raise OclcUsageError(f"no agent {agent!r} in {source.name} (agents: {known})")
    if args.output_format == "json":
        out(json_text(explaining.explain_data(result, agent=agent)), nl=False)
    else:
        out(encodable(explaining.explain_text(result, agent=agent)), nl=False)
    return EXIT_OK if result.valid else EXIT_FINDINGS


# --- upgrade -------------------------------------------------------------------------------------

def upgrade_arguments(parser) -> None:
    parser.usage = "oclc upgrade [options] [FILE ...]"
    parser.add_argument("files", nargs="*", metavar="FILE", help="A config to rewrite.")
    parser.add_argument("--to", metavar="VERSION",
                        help="The OpenClaw release to upgrade to (default: the newest bundled).")
    parser.add_argument("--diff", action="store_true", help="Print the changes as a unified diff; write nothing.")
    parser.add_argument("--check", action="store_true", help="Write nothing; exit 1 when something would change.")
    parser.add_argument("--keep-unknown", action="store_true",
                        help="Leave keys the target does not know (listed as still refused); by default they are "
                             "removed, as `openclaw doctor --fix` removes them.")


@command("upgrade", upgrade_arguments)
def upgrade(args) -> int:
    """Rewrite configs for a newer OpenClaw, keeping comments and layout."""
    from .upgrade import run as run_upgrade

    return run_upgrade(list(args.files), to=args.to, diff=args.diff, check=args.check,
                       keep_unknown=args.keep_unknown)


# --- rules, rule, schema ------------------------------------------------------------------------

def rules_arguments(parser) -> None:
    parser.add_argument("--format", dest="output_format", choices=("text", "json"), default="text",
                        help="Output format (default text).")


@command("rules", rules_arguments)
def rules_command(args) -> int:
    """List every rule: code, name, default severity, summary."""
    from .rules import all_rules

    items = all_rules()
    if args.output_format == "json":
        import json

        out(json.dumps([{"code": r.code, "name": r.name, "severity": r.severity, "summary": r.summary}
                        for r in items], indent=2))
        return EXIT_OK
    name_width = max((len(r.name) for r in items), default=4)
    out(f"{'CODE':<6} {'NAME':<{name_width}}  {'SEVERITY':<8}  SUMMARY")
    for r in items:
        out(f"{r.code:<6} {r.name:<{name_width}}  {r.severity:<8}  {r.summary}")
    return EXIT_OK


def rule_arguments(parser) -> None:
    parser.add_argument("code", metavar="CODE", help="A rule's code (OC401) or name (duplicate-key).")


@command("rule", rule_arguments)
def rule_command(args) -> int:
    """Show one rule's documentation (by code, OC401, or name)."""
    from .rules import all_rules, get

    code = args.code
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
    return EXIT_OK


def schema_arguments(parser) -> None:
    pass


@command("schema", schema_arguments)
def schema_command(args) -> int:
    """Print the bundled JSON Schema oclc validates against."""
    from .schema.dialect import bundled_schema_text

    out(bundled_schema_text(), nl=False)
    return EXIT_OK


# --- server ---------------------------------------------------------------------------------------

@command("server", None)
def server_command(argv: list[str]) -> int:
    """Run the language server for editors (LSP over stdio; needs `pip install 'oclc[server]'`)."""
    from .server import main as server_main

    return server_main(argv)
