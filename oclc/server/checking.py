"""One check of one config for the editor, through the same pipeline and settings as `oclc lint`.

    check_root(root, text, replaced, options) -> Checked
    fix_everything(checked, options) -> dict[name, (before, after)]     `lint --fix` on the texts

A Checked keeps what hover, go-to-definition and code actions read afterwards (the pipeline's
FileResult, the diagnostics after the project's settings) and builds its look-up tables when
first asked.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import Diagnostic, Path


@dataclass
class ServerOptions:
    """What `oclc server` was started with; like the same options of `oclc lint`, they replace the
    project config's (`[tool.oclc]`) values."""

    env_file: str | None = None
    state_dir: str | None = None
    schema: str | None = None
    max_bytes: int | None = None
    # Which open files are checked as configs of their own (globs of the file name); any other
    # file is checked only through a config that `$include`s it. The names `oclc lint` finds in
    # a directory: an editor that starts the server for every JSON file gets no findings on
    # package.json.
    config_files: tuple[str, ...] = ("openclaw.json", "openclaw.json5", "openclaw.*.json5")


@dataclass
class Checked:
    root: str                          # the checked file's absolute path (also its name in diagnostics)
    result: Any                        # the pipeline's FileResult
    diagnostics: list[Diagnostic]      # after the project's settings: what `oclc lint` reports
    settings: Any = None               # the oclc.settings.Settings used
    texts: dict[str, str] = field(default_factory=dict)   # real path -> the text checked
    generation: int = 0
    duration: float = 0.0
    problems: list[str] = field(default_factory=list)     # settings or env-file trouble, for the user
    _cache: dict = field(default_factory=dict, repr=False)

    # --- the files it read --------------------------------------------------------------------

    @property
    def documents(self) -> dict[str, Any]:
        """Every parsed file of the check, by real path (the main file first)."""
        found = self._cache.get("documents")
        if found is None:
            found = {}
            result = self.result
            if result.document is not None:
                found[os.path.realpath(self.root)] = result.document
            if result.loaded is not None:
                for real, document in result.loaded.documents.items():
                    found.setdefault(os.path.realpath(real), document)
            self._cache["documents"] = found
        return found

    @property
    def real_paths(self) -> set[str]:
        """The files this check read, by real path: a change to any of them re-checks it."""
        found = set(self.documents) | {os.path.realpath(self.root)}
        loaded = self.result.loaded
        if loaded is not None:
            found.update(os.path.realpath(path) for path in loaded.documents)
        return found

    def document_for(self, path: str):
        return self.documents.get(os.path.realpath(path))

    def document_named(self, name: str | None):
        """The parsed file a diagnostic's `file` names."""
        if name is None:
            return self.result.document
        for document in self.documents.values():
            if document.source.name == name:
                return document
        return self.document_for(name)

    def source_named(self, name: str | None):
        document = self.document_named(name)
        if document is not None:
            return document.source
        if self.result.source is not None and (name is None or name == self.result.source.name):
            return self.result.source
        return None

    def index(self, document):
        from .cursor import NodeIndex

        key = ("index", id(document))
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = NodeIndex(document)
        return found

    @property
    def redactor(self):
        found = self._cache.get("redactor")
        if found is None:
            from ..redact import redactor_for

            found = self._cache["redactor"] = redactor_for(self.result)
        return found

    def shown(self) -> list[Diagnostic]:
        """The diagnostics as every output shows them (secrets hidden)."""
        found = self._cache.get("shown")
        if found is None:
            from ..render import redacted

            found = self._cache["shown"] = [redacted(d, self.redactor) for d in self.diagnostics]
        return found

    # --- paths as written <-> paths in the loaded config ------------------------------------------

    def config_path(self, document, written: Path) -> Path | None:
        """Where `written` (a path in `document`) ends up in the loaded config, or None."""
        loaded = self.result.loaded
        if loaded is None:
            return tuple(written) if document is self.result.document else None
        written = tuple(written)
        direct = loaded.origins.get(written)
        if direct is not None and direct.source is document.source and direct.path == written:
            return written
        reverse = self._reverse_origins()
        for cut in range(len(written), -1, -1):
            found = reverse.get((id(document.source), written[:cut]))
            if found is not None:
                return found + written[cut:]
        return None

    def _reverse_origins(self) -> dict:
        found = self._cache.get("reverse")
        if found is None:
            found = {}
            origins = self.result.loaded.origins
            for path in origins:
                origin = origins.get(path)
                if origin is not None:
                    found.setdefault((id(origin.source), origin.path), path)
            self._cache["reverse"] = found
        return found

    def cached(self, key: str, build):
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = build()
        return found


def _settings(root: str, options: ServerOptions, problems: list[str]):
    from ..settings import Finder, Settings, SettingsError

    try:
        return Finder().for_path(root).override(env_file=options.env_file, state_dir=options.state_dir)
    except SettingsError as exc:
        problems.append(f"oclc: the project settings cannot be used, so the defaults apply: {exc}")
        return Settings().override(env_file=options.env_file, state_dir=options.state_dir)


def pipeline_options(settings, options: ServerOptions, replaced: dict[str, bytes], problems: list[str]):
    from ..pipeline import Options
    from ..source import DEFAULT_MAX_BYTES, ReadError

    env_file = settings.env_file
    if env_file:
        from ..load.envfile import read_env_file

        try:
            read_env_file(env_file, options.max_bytes or DEFAULT_MAX_BYTES)
        except ReadError as exc:
            problems.append(f"oclc: cannot read the env file {env_file}: {exc.message}; checking without it")
            env_file = None
    state_dir = settings.state_dir
    if state_dir and not os.path.isdir(state_dir):
        problems.append(f"oclc: the state directory {state_dir} does not exist; checking without it")
        state_dir = None
    result = Options(env_file=env_file, state_dir=state_dir, schema=options.schema, replaced_files=replaced)
    if options.max_bytes:
        result.max_bytes = options.max_bytes
    return result


def encoded(text: str) -> bytes:
    # An editor may hand over a lone surrogate (JSON allows `\ud800`); kept as bytes, the pipeline
    # reports the file as not UTF-8 rather than the server failing to encode it.
    return text.encode("utf-8", "surrogatepass")


_WARM_UP_CONFIG = b"""{
  gateway: { mode: "local", port: 18789, auth: { mode: "token", token: "${OCLC_WARM_UP}" } },
  auth: { profiles: { "anthropic:a": { provider: "anthropic", mode: "api_key" } },
          order: { anthropic: ["anthropic:a"] } },
  agents: { defaults: { model: "anthropic/claude-sonnet-4-6", models: { "anthropic/claude-sonnet-4-6": { alias: "s" } } },
            entries: { main: { params: { cacheRetention: "long" } } } },
  // oclc: ignore[OC401]
}"""


def warm_up() -> None:
    """Import every stage a check uses (and build the validator) before any check can be
    interrupted (runner.py): a first import cut short would leave a module half-executed."""
    from ..pipeline import Options, check
    from ..render import explain, redacted  # noqa: F401  (imported for their side: loaded once)
    from ..rules import load_all

    load_all()
    check(None, name="<warm-up>", text=_WARM_UP_CONFIG, options=Options(env={}))


def check_root(root: str, text: str | None, replaced: dict[str, bytes], options: ServerOptions,
               generation: int = 0) -> Checked:
    """Check the config at `root` (its editor text `text`, or the file on disk when None), with
    `replaced` (real path -> bytes) read instead of those files when it includes them. A failure
    of oclc itself becomes an OC904 diagnostic on the file, as in `oclc lint`."""
    from ..pipeline import FileResult, check

    started = time.perf_counter()
    problems: list[str] = []
    settings = _settings(root, options, problems)
    pipeline = pipeline_options(settings, options, replaced, problems)
    try:
        if text is None:
            result = check(root, name=root, options=pipeline)
        else:
            result = check(root, name=root, text=encoded(text), options=pipeline)
        kept = settings.apply(result.diagnostics, root)
    except Exception as exc:
        from ..diagnostics.meta import INTERNAL_ERROR
        from ..redact import redact_string

        problems.append(redact_string(f"oclc: internal error while checking {root}: {type(exc).__name__}: {exc}"))
        result = FileResult(root)
        kept = [INTERNAL_ERROR.diagnostic(
            f"oclc could not check this file: it failed with {type(exc).__name__}: {exc} (a bug in oclc)",
            file=root)]
        result.diagnostics = list(kept)
    checked = Checked(root, result, kept, settings, generation=generation, problems=problems)
    for real, document in checked.documents.items():
        checked.texts[real] = document.source.text
    # What publishing shows (secrets hidden), made here on the checker's thread rather than on
    # the message loop.
    checked.shown()
    checked.duration = time.perf_counter() - started
    return checked


def fix_everything(checked: Checked, options: ServerOptions) -> dict[str, tuple[str, str]]:
    """What `oclc lint --fix` would change in the checked texts (nothing is written): file name ->
    (text before, text after). The same passes, re-checks and refusals as `--fix`."""
    from ..fix import fix_file
    from ..pipeline import check

    problems: list[str] = []
    root = checked.root
    settings = checked.settings or _settings(root, options, problems)
    root_real = os.path.realpath(root)
    base = {real: encoded(text) for real, text in checked.texts.items() if real != root_real}
    pipeline = pipeline_options(settings, options, base, problems)
    main_text = checked.texts.get(root_real)

    def run_check(text: str | None, included: dict[str, bytes] | None = None):
        use = pipeline.but(replaced_files={**base, **(included or {})})
        body = encoded(text) if text is not None else (encoded(main_text) if main_text is not None else None)
        if body is None:
            return check(root, name=root, options=use)
        return check(root, name=root, text=body, options=use)

    def selected(result):
        return settings.apply(result.diagnostics, root)

    outcome = fix_file(root, run_check, selected, write=False)
    return dict(outcome.texts)
