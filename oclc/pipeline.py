"""The pipeline, top to bottom: source -> parse -> load -> schema -> resolve -> rules.

`check(...)` runs every stage for one file and returns its FileResult (diagnostics plus the
intermediate products that `compile` and `explain` render). Nothing here prints.
"""

from __future__ import annotations

import os

from .diagnostics import Diagnostic
from .records import Record
from .source import DEFAULT_MAX_BYTES, ReadError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .json5.parser import Document
    from .load.model import Loaded
    from .releases import Target
    from .resolve import Model
    from .source import Source


class Options(Record):
    __slots__ = ("env", "env_file", "state_dir", "schema", "max_bytes", "replaced_files", "within",
                 "openclaw_version", "openclaw_version_from", "env_from_process")

    def __init__(self, env: dict[str, str] | None = None, env_file: str | None = None, state_dir: str | None = None,
                 schema: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                 replaced_files: dict[str, bytes] | None = None, within: str | None = None,
                 openclaw_version: str | None = None, openclaw_version_from: str | None = None,
                 env_from_process: bool = False):
        # The gateway's environment, given whole (the API, tests): a variable not in it is not set.
        # None: not given. oclc never reads its own process environment unless told to
        # (env_from_process): the gateway's environment is not the linter's.
        self.env = env
        self.env_file = env_file
        self.state_dir = state_dir
        self.schema = schema  # another JSON Schema instead of ours
        self.max_bytes = max_bytes
        # Included files read from memory instead of disk, by real path: --fix checks its edits
        # before it writes them.
        self.replaced_files = replaced_files
        # The directory a search found the file in: a file that really lies outside it is not read.
        self.within = within
        # The OpenClaw release asked for (--openclaw-version or the project config), and where it was
        # asked for; None: the config's meta.lastTouchedVersion, else the newest bundled release.
        self.openclaw_version = openclaw_version
        self.openclaw_version_from = openclaw_version_from
        # --env-from-process: this process's environment is the gateway's (the linter runs where the
        # gateway runs, as the gateway's user).
        self.env_from_process = env_from_process

    def env_known(self) -> bool:
        """Whether oclc was given the gateway's environment, so that a variable missing from it is
        known to be unset. `<state-dir>/.env` alone is not the whole environment."""
        return self.env is not None or self.env_from_process or bool(self.env_file)

    def environment(self) -> dict[str, str]:
        """The gateway's variables as far as oclc was given them. Like OpenClaw's dotenv loading,
        a file never overrides a variable already set: the process (or the given env) first, then
        --env-file, then `<state-dir>/.env` (OpenClaw reads `~/.openclaw/.env`)."""
        env = dict(self.env or {})
        if self.env_from_process:
            for key, value in os.environ.items():
                env.setdefault(key, value)
        files = [self.env_file] if self.env_file else []
        if self.state_dir:
            state_env = os.path.join(self.state_dir, ".env")
            if os.path.lexists(state_env):
                files.append(state_env)
        if files:
            from .load.envfile import read_env_file

            for path in files:
                try:
                    variables = read_env_file(path, self.max_bytes)
                except ReadError as exc:
                    raise ReadError(exc.kind, f"cannot read the env file {path}: {exc.message}") from None
                for key, value in variables.items():
                    env.setdefault(key, value)
        return env

    def include_roots(self, env: dict[str, str]) -> tuple[str, ...]:
        raw = env.get("OPENCLAW_INCLUDE_ROOTS", "")
        return tuple(p for p in raw.split(os.pathsep) if p and os.path.isabs(p))


class FileResult(Record):
    __slots__ = ("name", "source", "document", "loaded", "model", "target", "diagnostics")

    def __init__(self, name: str, source: Source | None = None, document: Document | None = None,
                 loaded: Loaded | None = None, model: Model | None = None, target: Target | None = None,
                 diagnostics: list[Diagnostic] | None = None):
        self.name = name
        self.source = source
        self.document = document
        self.loaded = loaded
        self.model = model
        self.target = target  # the release the config was checked against, and why
        self.diagnostics = [] if diagnostics is None else diagnostics

    @property
    def valid(self) -> bool:
        """OpenClaw's verdict as oclc predicts it: no structural error."""
        return not any(d.is_structural for d in self.diagnostics)


def check(
    path: str | None,
    *,
    name: str | None = None,
    text: bytes | None = None,
    options: Options | None = None,
    resolve_agents: bool = True,
) -> FileResult:
    """Run the whole pipeline on one file (or on `text`, e.g. stdin, shown as `name`), then apply
    the files' inline `oclc: ignore` directives."""
    import gc

    from .diagnostics.suggest import suggestion_budget

    result = FileResult(name or path or "<stdin>")
    # The stages build large acyclic trees (a fleet config has ~100,000 values); the cyclic
    # collector would rescan them again and again (measured: 11% of a 2,000-agent lint). Anything
    # cyclic left over is collected once the collector is back on.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        with suggestion_budget():
            _run_stages(result, path, text, options or Options(), resolve_agents)
    finally:
        if was_enabled:
            gc.enable()
    _apply_suppressions(result)
    return result


def _run_stages(result: FileResult, path: str | None, text: bytes | None, options: Options,
                resolve_agents: bool) -> None:
    """Fill `result` stage by stage; a stage that fails stops the run where OpenClaw stops."""
    from .load import reading
    from .source import decode, read

    shown = result.name
    try:
        if text is not None:
            if len(text) > options.max_bytes:
                # Standard input is read only to one byte past the limit: its real size is unknown.
                raise ReadError("too-large", f"the input is over the limit of {options.max_bytes:,} bytes "
                                "(raise it with --max-file-size)")
            source = decode(text, shown, os.path.abspath(path) if path else None)
        else:
            source = read(path or "", shown, options.max_bytes, within=options.within)
    except ReadError as exc:
        result.diagnostics.append(reading.read_error(shown, exc))
        return
    result.source = source

    from .json5.parser import ParseError, parse

    try:
        document = parse(source)
    except ParseError as exc:
        result.diagnostics.append(reading.syntax_error(source, exc))
        return
    result.document = document
    result.diagnostics.extend(reading.duplicate_keys(document))
    if not isinstance(document.value, dict):
        result.diagnostics.append(reading.root_not_object(document))
        return
    from .releases import choose_target

    # The release is chosen from what the main file says (meta.lastTouchedVersion), before any
    # load step: which steps run, and how, depends on it.
    target = result.target = choose_target(options.openclaw_version, options.openclaw_version_from, document.value)

    from .load import load
    from .load.model import LoadOptions

    env = options.environment()
    loaded = load(document, LoadOptions(env=env, env_known=options.env_known(),
                                        include_roots=options.include_roots(env),
                                        replaced_files=options.replaced_files or {}, release=target.release))
    result.loaded = loaded
    result.diagnostics.extend(loaded.diagnostics)
    if loaded.fatal:
        return

    from . import schema

    result.diagnostics.extend(schema.validate(loaded, schema_path=options.schema))

    if resolve_agents:
        from .resolve import ResolveOptions, resolve
        from .rules import run_checks

        model = resolve(
            loaded,
            ResolveOptions(
                env=loaded.env,
                env_known=options.env_known(),
                state_dir=options.state_dir,
                max_bytes=options.max_bytes,
            ),
        )
        result.model = model
        result.diagnostics.extend(run_checks(model))
    result.diagnostics = _without_restatements(result.diagnostics)
    result.diagnostics.sort(key=Diagnostic.sort_key)


def _without_restatements(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Fold an OC121 (`${VAR}` in a number/boolean key) into OpenClaw's own type error on the same
    value: two findings at one place saying one thing is noise. The error keeps the cause as its
    help (the schema stage already gives it; OpenClaw's channel and plugin checks do not)."""
    restated = {(d.file, d.resolved_path): d for d in diagnostics if d.code == "OC121"}
    if not restated:
        return diagnostics
    kept: list[Diagnostic] = []
    folded: set[int] = set()
    for diagnostic in diagnostics:
        cause = restated.get((diagnostic.file, diagnostic.resolved_path))
        if cause is not None and diagnostic.is_structural:
            folded.add(id(cause))
            if diagnostic.help is None:
                diagnostic = diagnostic.but(help=f"{cause.message}: {cause.help}" if cause.help else cause.message)
        kept.append(diagnostic)
    return [d for d in kept if id(d) not in folded]


def _apply_suppressions(result: FileResult) -> None:
    """Apply the `oclc: ignore` directives of every file the result read (the main file and its
    includes)."""
    documents: list[Document] = []
    if result.document is not None:
        documents.append(result.document)
    if result.loaded is not None:
        documents.extend(result.loaded.documents.values())
    # Most configs have no directive: a comment without the word "oclc" holds none, and then the
    # suppression stage (its regexes) is not even imported.
    if any("oclc" in comment.text.lower() for document in documents for comment in document.comments):
        from .suppress import apply_suppressions

        result.diagnostics = apply_suppressions(result.diagnostics, documents)
