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

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def _run(path: str | None, text: str | bytes | None, name: str | None, env: dict[str, str] | None,
         env_file: str | None, state_dir: str | None, env_from_process: bool = False):
    from .pipeline import Options
    from .pipeline import check as run_pipeline
    from .source import ReadError

    if (path is None) == (text is None):
        raise TypeError("give either a path or text=")
    if isinstance(text, str):
        text = text.encode("utf-8")
    options = Options(env=env, env_file=env_file, state_dir=state_dir, env_from_process=env_from_process)
    try:
        return run_pipeline(path, name=name, text=text, options=options)
    except ReadError as exc:     # only env files are read outside the pipeline's own diagnostics
        raise ValueError(exc.message) from None


def _verdict(result) -> bool | None:
    """OpenClaw's verdict as oclc predicts it; None when oclc stopped at one of its own limits
    (OC903) and so cannot say."""
    if any(d.code == "OC903" for d in result.diagnostics):
        return None
    return result.valid


def _document(result) -> dict[str, Any]:
    """The compiled document as plain data: secrets masked (as in every output of oclc), numbers
    JSON cannot hold (Infinity, NaN) as None, as `oclc compile` writes them."""
    from .render import finite
    from .render.compiled import compile_document

    document = finite(compile_document(result))
    document["valid"] = _verdict(result)
    return document


def check(path: str | None = None, *, text: str | bytes | None = None, name: str | None = None,
          env: dict[str, str] | None = None, env_file: str | None = None,
          state_dir: str | None = None, env_from_process: bool = False) -> dict[str, Any]:
    """Lint one config (a file, or `text` shown as `name`, default "<stdin>"). Returns
    {"source": name, "openclaw": release,
     "valid": True/False (would OpenClaw accept it?), or None when oclc stopped at one of its own
              limits (OC903) and cannot say,
     "diagnostics": [{"code", "name", "severity", "message", "file", "line", "column", "path",
                      "help"}, ...]}, every string with its secrets masked.
    `env` is the gateway's whole environment for `${VAR}`, credentials and `~` (HOME); by default
    none is known, and oclc never reads this process's own unless `env_from_process` is true (the
    result must not depend on the machine). `env_file` is a dotenv file of the gateway's variables,
    `state_dir` OpenClaw's state directory (read-only; its `.env` is read too). A file that cannot
    be read is an OC102/OC103 diagnostic; an env file that cannot be read raises ValueError."""
    document = _document(_run(path, text, name, env, env_file, state_dir, env_from_process))
    return {key: document[key] for key in ("source", "openclaw", "valid", "diagnostics")}


def compile(path: str | None = None, *, text: str | bytes | None = None, name: str | None = None,
            env: dict[str, str] | None = None, env_file: str | None = None,
            state_dir: str | None = None, env_from_process: bool = False) -> dict[str, Any]:
    """The resolved config: the document `oclc compile` writes, as Python data (see
    oclc/render/compiled.py for its shape); "valid" as in check(), and the environment too."""
    return _document(_run(path, text, name, env, env_file, state_dir, env_from_process))
