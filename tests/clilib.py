"""Running the `oclc` command line in-process, as a user's shell would: its own standard input,
output and error, environment variables set or removed for the run, and the exit code main()
gives. Exceptions that escape main() are not caught, so a crash past the CLI's own handler fails
the calling test with its traceback."""
from __future__ import annotations

import io
import os
import sys


class CliResult:
    def __init__(self, exit_code: int, stdout: str, stderr: str, output: str):
        self.exit_code = exit_code
        self.stdout = stdout
        self.stderr = stderr
        self.output = output    # standard output and error interleaved, as a terminal shows them

    def __repr__(self) -> str:
        return f"CliResult(exit_code={self.exit_code}, output={self.output!r})"


class _Recorded(io.BytesIO):
    """A stream's bytes, copied to the interleaved record of both streams too. It stays readable
    after the text stream around it is closed (or collected)."""

    def __init__(self, interleaved: io.BytesIO):
        super().__init__()
        self.interleaved = interleaved

    def write(self, data) -> int:
        self.interleaved.write(data)
        return super().write(data)

    def close(self) -> None:
        pass


def invoke(args: list[str], input: str | bytes | None = None, env: dict[str, str | None] | None = None) -> CliResult:
    """Run `oclc ARGS`; `env` sets variables for the run (None removes one)."""
    from oclc.cli import main

    interleaved = io.BytesIO()
    stdout_bytes, stderr_bytes = _Recorded(interleaved), _Recorded(interleaved)
    data = input.encode("utf-8") if isinstance(input, str) else (input or b"")
    streams = (sys.stdin, sys.stdout, sys.stderr)
    saved_env = {name: os.environ.get(name) for name in (env or {})}
    sys.stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    sys.stdout = io.TextIOWrapper(stdout_bytes, encoding="utf-8", write_through=True)
    sys.stderr = io.TextIOWrapper(stderr_bytes, encoding="utf-8", write_through=True)
    for name, value in (env or {}).items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    try:
        try:
            main(list(args))
            code = 0
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
    finally:
        for stream in (sys.stdout, sys.stderr):
            if isinstance(stream, io.TextIOWrapper) and not stream.closed:
                stream.flush()
        sys.stdin, sys.stdout, sys.stderr = streams
        for name, value in saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    return CliResult(code, stdout_bytes.getvalue().decode("utf-8", "replace"),
                     stderr_bytes.getvalue().decode("utf-8", "replace"),
                     interleaved.getvalue().decode("utf-8", "replace"))
