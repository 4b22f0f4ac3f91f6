"""`oclc server`: the linter inside the editor, a Language Server Protocol server over stdio.

    main(argv) -> int        the whole command (the CLI's `server` subcommand only calls this)

It runs the same pipeline, settings and suppressions as `oclc lint` (checking.check_root), and
adds what an editor can show: diagnostics for a config and the files it `$include`s (a change to
an included file re-checks the configs that include it), code actions (every fix, "suppress on
this line", fix all), hover (a model ref's credential, mode and cache retention; an agent's
explanation; a key's schema facts for the target release), go to definition and completion.

The modules, LSP-free but for protocol.py:
    session.py    open files, configs checked, include graph, publishing (the state)
    runner.py     the worker thread: debounce, interrupts stale checks
    checking.py   one check through the pipeline; Checked, what later requests read
    positions.py  offsets <-> LSP positions (UTF-16, UTF-32 or UTF-8)
    cursor.py     what is under the cursor, in parsed text and in text being typed
    hover.py, navigate.py (definition, completion), actions.py, keys.py (schema facts per release)
    protocol.py   pygls: handlers, LSP types

pygls is an optional dependency (`pip install 'oclc[server]'`): it is imported only when the
server starts, never by `oclc lint`.
"""
from __future__ import annotations

import sys

INSTALL = "pip install 'oclc[server]'"
EXIT_OK, EXIT_USAGE = 0, 2


def missing_dependency() -> str | None:
    """The name of a package `oclc server` needs that is not installed, or None."""
    for module, package in (("lsprotocol.types", "lsprotocol"), ("pygls.lsp.server", "pygls")):
        try:
            __import__(module)
        except ImportError:
            return package
    return None


def _usage_error(message: str) -> int:
    print(f"oclc: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def main(argv: list[str] | None = None) -> int:
    """`oclc server [--stdio] [--env-file F] [--state-dir D] [--schema S] [--max-file-size N]`."""
    import argparse
    import os

    parser = argparse.ArgumentParser(
        prog="oclc server",
        description="Run the oclc language server: the same checks as `oclc lint`, in the editor, "
                    "over the Language Server Protocol on standard input and output. Options given "
                    "here replace the project config's ([tool.oclc]) and the editor's "
                    "initializationOptions (envFile, stateDir, schema).")
    parser.add_argument("--stdio", action="store_true",
                        help="talk over standard input and output (the default; accepted because "
                             "editors pass it)")
    parser.add_argument("--env-file", help="a dotenv file with the gateway's environment")
    parser.add_argument("--state-dir", help="OpenClaw's state directory (per-agent credential stores)")
    parser.add_argument("--schema", help="validate against this JSON Schema (e.g. your OpenClaw's "
                                         "`openclaw config schema`); hover shows its descriptions")
    parser.add_argument("--max-file-size", type=int, default=None, metavar="BYTES",
                        help="refuse larger input files (default 16 MiB)")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:               # --help (0) or a bad option (2, already explained)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    missing = missing_dependency()
    if missing is not None:
        return _usage_error(f"`oclc server` needs {missing}, which is not installed; install the "
                            f"server extra: {INSTALL}")
    if args.schema is not None and not os.path.isfile(args.schema):
        return _usage_error(f"--schema {args.schema}: no such file")
    if args.state_dir is not None and not os.path.isdir(args.state_dir):
        return _usage_error(f"the state directory {args.state_dir} does not exist")
    if args.env_file is not None:
        from ..load.envfile import read_env_file
        from ..source import ReadError

        try:
            read_env_file(args.env_file, args.max_file_size)
        except ReadError as exc:
            return _usage_error(f"cannot read the env file {args.env_file}: {exc.message}")
    if args.max_file_size is not None and args.max_file_size <= 0:
        return _usage_error("--max-file-size must be a positive number of bytes")
    from .checking import ServerOptions
    from .protocol import serve

    return serve(ServerOptions(env_file=args.env_file, state_dir=args.state_dir, schema=args.schema,
                               max_bytes=args.max_file_size))
