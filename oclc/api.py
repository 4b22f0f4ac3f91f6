"""oclc's Python API: plain data in, plain data out.

    import oclc
    oclc.loads("{a: 1, // comment\n}")          -> {"a": 1}     (oclc.ParseError on bad JSON5)
    oclc.check("openclaw.json5")                  -> {"source", "openclaw", "valid", "diagnostics"}
    oclc.check(text="{...}", name="inline.json5")
    oclc.compile("openclaw.json5")                -> the document `oclc compile` writes

`check` and `compile` run the same pipeline as the command line (inline `oclc: ignore` comments
apply; project settings such as `[tool.oclc]` do not, they belong to the command line). Every
string in the results has its secrets masked, as in every output of the command line.
"""

from __future__ import annotations

from typing import Any


def _run(path: str | None, text: str | bytes | None, name: str | None, env: dict[str, str] | None,
         env_file: str | None, state_dir: str | None):
    from .pipeline import Options
    from .pipeline import check as run_pipeline

    if (path is None) == (text is None):
        raise TypeError("give either a path or text=")
    if isinstance(text, str):
        text = text.encode("utf-8")
    options = Options(env=env, env_file=env_file, state_dir=state_dir)
    return run_pipeline(path, name=name, text=text, options=options)


def check(path: str | None = None, *, text: str | bytes | None = None, name: str | None = None,
          env: dict[str, str] | None = None, env_file: str | None = None,
          state_dir: str | None = None) -> dict[str, Any]:
    """Lint one config (a file, or `text` shown as `name`). Returns
    {"source": name, "openclaw": release, "valid": bool (OpenClaw would accept it),
     "diagnostics": [{"code", "name", "severity", "message", "file", "line", "column", "path",
                      "help"}, ...]}.
    `env` is the gateway's environment for `${VAR}` (default: this process's), `env_file` a
    dotenv file, `state_dir` OpenClaw's state directory (read-only)."""
    from . import OPENCLAW_VERSION
    from .render.compiled import diagnostic_document

    result = _run(path, text, name, env, env_file, state_dir)
    return {
        "source": result.name,
        "openclaw": OPENCLAW_VERSION,
        "valid": result.valid,
        "diagnostics": [diagnostic_document(d) for d in result.diagnostics],
    }


def compile(path: str | None = None, *, text: str | bytes | None = None, name: str | None = None,
            env: dict[str, str] | None = None, env_file: str | None = None,
            state_dir: str | None = None) -> dict[str, Any]:
    """The resolved config, exactly the document `oclc compile` writes (see oclc.render.compiled.compile_document)."""
    from .render.compiled import compile_document

    return compile_document(_run(path, text, name, env, env_file, state_dir))
