"""Helpers for the hostile-input tests (fuzzing, limits, secret leaks, --fix safety)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from clilib import invoke
from fixturelib import SHARED  # repo/../shared, or $OCLC_SHARED

REPO = Path(__file__).resolve().parents[1]
CORPUS_CONFIGS = SHARED / "corpus" / "configs"
CORPUS_AUTH_PROFILES = SHARED / "corpus" / "auth-profiles"

# Variables that change what the CLI prints; every run here starts without them.
_NOISY_ENV = ("NO_COLOR", "GITHUB_ACTIONS", "OCLC_DEBUG", "OPENCLAW_INCLUDE_ROOTS")


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def write(path: Path, text: str | bytes) -> Path:
    """Write a test file (text as UTF-8, or raw bytes), making its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def run_cli(*args: str, input: bytes | str | None = None, env: dict[str, str] | None = None) -> Run:
    """Run `oclc ARGS` in-process and return what it printed. Exceptions are not caught by the
    runner, so a crash that escapes the CLI's own handler fails the calling test with its traceback."""
    environment = {name: None for name in _NOISY_ENV}
    environment.update(env or {})
    result = invoke(list(args), input=input, env=environment)
    return Run(result.exit_code, result.stdout, result.stderr)


def assert_no_crash(run: Run) -> None:
    """The CLI handled its input: a documented exit code and no traceback or internal error."""
    assert run.exit_code in (0, 1, 2), run.output
    assert "Traceback" not in run.output, run.output
    assert "internal error" not in run.output, run.output


def assert_spans_inside(result, data: bytes | None = None) -> None:
    """Every diagnostic's position lies inside the text of the file it names. `data` is the main
    file's bytes when they were given as text (a file that is not UTF-8 has no Source)."""
    from oclc.source import Source

    sources = {}
    if data is not None:
        text = data.decode("utf-8", errors="replace")
        sources[result.name] = Source(name=result.name, text=text[1:] if text.startswith("\ufeff") else text)
    if result.source is not None:
        sources[result.source.name] = result.source
    if result.loaded is not None:
        for document in result.loaded.documents.values():
            sources.setdefault(document.source.name, document.source)
    for diagnostic in result.diagnostics:
        span = diagnostic.span
        if span is None:
            continue
        source = sources.get(diagnostic.file) or _source_on_disk(diagnostic.file)
        assert source is not None, f"{diagnostic} names a file that was not read"
        text = source.text
        assert 0 <= span.start <= span.end <= len(text), diagnostic
        lines = source.line_count()
        for line, column in ((span.line, span.column), (span.end_line, span.end_column)):
            assert 1 <= line <= lines, diagnostic
            assert 1 <= column <= len(source.line_text(line)) + 1, diagnostic


def _source_on_disk(name: str | None):
    """An included file that failed to parse has no Document; read it as the loader does."""
    from oclc.source import Source

    if not name or not Path(name).is_file():
        return None
    text = Path(name).read_bytes().decode("utf-8", errors="replace")
    return Source(name=name, text=text[1:] if text.startswith("\ufeff") else text)


def corpus_configs() -> list[Path]:
    if not CORPUS_CONFIGS.is_dir():
        return []
    return sorted(p for p in CORPUS_CONFIGS.iterdir() if p.is_file())


def corpus_auth_profiles() -> list[Path]:
    """Real (redacted) auth-profiles.json stores, the seeds of the credential-store fuzzing."""
    if not CORPUS_AUTH_PROFILES.is_dir():
        return []
    return sorted(p for p in CORPUS_AUTH_PROFILES.iterdir() if p.is_file())


def run_hostile_case(case, directory: Path) -> Run:
    """Run `oclc` on a json5gen.HostileCase, its files written under `directory` (reused from one
    case to the next), and check that it handled it: a documented exit code, no traceback, no
    internal error."""
    import shutil

    from statelib import write_agent_store, write_shared_store

    directory.mkdir(parents=True, exist_ok=True)
    config = directory / "openclaw.json5"
    config.write_bytes(case.config)
    args = [case.command]
    if case.command == "lint":
        args += ["--format", case.output]
    elif case.command == "explain" and case.output == "json":
        args += ["--format", "json"]
    if case.env_file is not None:
        (directory / "gateway.env").write_bytes(case.env_file)
        args += ["--env-file", str(directory / "gateway.env")]
    if case.state is not None:
        state = directory / "state-dir"
        shutil.rmtree(state, ignore_errors=True)
        state.mkdir()
        for name, content in case.state.items():
            if name == "shared":
                write_shared_store(state, content)
            elif name.startswith("legacy:"):
                agent_dir = state / "agents" / name.split(":", 1)[1] / "agent"
                agent_dir.mkdir(parents=True, exist_ok=True)
                (agent_dir / "auth-profiles.json").write_bytes(content)
            elif name.startswith("garbage:"):
                agent_dir = state / "agents" / name.split(":", 1)[1] / "agent"
                agent_dir.mkdir(parents=True, exist_ok=True)
                (agent_dir / "openclaw-agent.sqlite").write_bytes(content)
            else:
                write_agent_store(state, name, content)
        args += ["--state-dir", str(state)]
    run = run_cli(*args, str(config), env={})
    assert_no_crash(run)
    return run
