"""The LSP side of `oclc server`, on pygls: messages in, Session calls, LSP types out.

Only this module imports pygls and lsprotocol. Every handler is guarded: an exception in one is
logged (standard error and window/logMessage; the first of its kind also as window/showMessage)
and answered with an empty result, and the session goes on.
"""
from __future__ import annotations

import asyncio
import logging
import os
import sys
import traceback
from functools import wraps
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from .. import __version__
from . import actions as actions_module
from .checking import ServerOptions
from .positions import LineIndex
from .session import Session, path_to_uri, uri_to_path

log = logging.getLogger("oclc.server")

_SEVERITY = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning,
             "info": types.DiagnosticSeverity.Information}
_TAGS = {"OC202": [types.DiagnosticTag.Deprecated], "OC242": [types.DiagnosticTag.Deprecated],
         "OC901": [types.DiagnosticTag.Unnecessary]}
_ENCODINGS = {types.PositionEncodingKind.Utf8: "utf-8", types.PositionEncodingKind.Utf16: "utf-16",
              types.PositionEncodingKind.Utf32: "utf-32"}
_WATCHED = ("**/*.json5", "**/*.json", "**/pyproject.toml", "**/.oclc.toml", "**/*.env")
_SETTINGS_FILES = ("pyproject.toml", ".oclc.toml")


class OclcLanguageServer(LanguageServer):
    def __init__(self, options: ServerOptions):
        super().__init__("oclc", __version__)
        self.options = options
        self.session: Session | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self.resolve_supported = False
        self.told: set[tuple[str, str]] = set()
        self._rule_docs: dict[str, str | None] = {}

    # --- reporting ------------------------------------------------------------------------------

    def report(self, message: str, *, show: bool = True, kind=types.MessageType.Warning) -> None:
        """A message for the user: standard error, the client's log, and (show) a notification."""
        print(message, file=sys.stderr, flush=True)
        try:
            self.window_log_message(types.LogMessageParams(type=kind, message=message))
            if show:
                self.window_show_message(types.ShowMessageParams(type=kind, message=message))
        except Exception:        # no client to tell (the connection is gone): stderr has it
            pass

    def failed(self, where: str, exc: BaseException) -> None:
        from ..redact import redact_string

        # The exception's text may quote the config: a secret's shape is hidden here too.
        message = redact_string(f"oclc: internal error in {where}: {type(exc).__name__}: {exc} "
                                "(set OCLC_DEBUG=1 for a traceback); the server goes on")
        if os.environ.get("OCLC_DEBUG") == "1":
            traceback.print_exception(exc, file=sys.stderr)
        first = (where, type(exc).__name__) not in self.told
        self.told.add((where, type(exc).__name__))
        self.report(message, show=first, kind=types.MessageType.Error)

    def post(self, function, args: tuple) -> None:
        """Run function(*args) on the message loop (from the checker's thread)."""
        loop = self.loop
        if loop is None or loop.is_closed():
            return

        def run() -> None:
            try:
                function(*args)
            except Exception as exc:
                self.failed(getattr(function, "__name__", "a callback"), exc)

        try:
            loop.call_soon_threadsafe(run)
        except RuntimeError:      # the loop has stopped: the server is exiting
            pass

    # --- positions ------------------------------------------------------------------------------

    @property
    def encoding(self) -> str:
        try:
            return _ENCODINGS.get(self.workspace.position_encoding, "utf-16")
        except Exception:
            return "utf-16"

    def cursor(self, params):
        """(checked, document, line index, offset) at a request's text position, from the
        document's last check; None before the first."""
        found = self.session.checked_for(params.text_document.uri)
        if found is None:
            return None
        checked, document = found
        index = self.index_for(checked, document.source.name)
        return checked, document, index, index.offset(params.position.line, params.position.character)

    def index_for(self, checked, name: str | None) -> LineIndex | None:
        source = checked.source_named(name)
        if source is None:
            return None
        key = ("lines", source.name, self.encoding)

        def build() -> LineIndex:
            item = self.session.file_at(source.path or source.name) if self.session else None
            shift = 1 if item is not None and item.text.startswith("\ufeff") and not source.text.startswith("\ufeff") \
                else 0
            return LineIndex(source.text, self.encoding, shift)

        return checked.cached(key, build)

    def range_of(self, index: LineIndex | None, start: int | None, end: int | None) -> types.Range:
        if index is None or start is None:
            return types.Range(types.Position(0, 0), types.Position(0, 0))
        line, character = index.position(start)
        end_line, end_character = index.position(end if end is not None else start)
        return types.Range(types.Position(line, character), types.Position(end_line, end_character))

    # --- diagnostics ------------------------------------------------------------------------------

    def rule_doc_uri(self, code: str) -> str | None:
        """A file holding `oclc rule CODE`'s text, for the diagnostic's code link."""
        if code in self._rule_docs:
            return self._rule_docs[code]
        found = None
        try:
            from ..rules import get

            item = get(code)
            if item is not None:
                base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
                directory = os.path.join(base, "oclc", f"rules-{__version__}")
                path = os.path.join(directory, f"{code}.md")
                text = f"{item.code} {item.name} ({item.severity})\n\n{item.summary}\n"
                if item.docs:
                    text += "\n" + item.docs.rstrip() + "\n"
                current = None
                if os.path.exists(path):
                    with open(path, encoding="utf-8") as handle:
                        current = handle.read()
                if current != text:
                    from ..fix import replace_file

                    os.makedirs(directory, exist_ok=True)
                    replace_file(path, text.encode("utf-8"))
                found = path_to_uri(path)
        except OSError:
            found = None          # no link; the code is still shown
        self._rule_docs[code] = found
        return found

    def lsp_diagnostic(self, checked, raw, shown) -> types.Diagnostic:
        index = self.index_for(checked, raw.file)
        span = raw.span
        message = shown.message
        if shown.help:
            message += f"\nhelp: {shown.help}"
        for note in shown.notes:
            message += f"\nnote: {note}"
        related = []
        for place in shown.related:
            place_index = self.index_for(checked, place.file)
            related.append(types.DiagnosticRelatedInformation(
                location=types.Location(self.session.uri_for(place.file or checked.root),
                                        self.range_of(place_index, place.span.start if place.span else None,
                                                      place.span.end if place.span else None)),
                message=place.message))
        href = self.rule_doc_uri(raw.code)
        return types.Diagnostic(
            range=self.range_of(index, span.start if span else None, span.end if span else None),
            message=message,
            severity=_SEVERITY.get(raw.severity, types.DiagnosticSeverity.Warning),
            code=raw.code,
            code_description=types.CodeDescription(href=href) if href else None,
            source="oclc",
            tags=_TAGS.get(raw.code),
            related_information=related or None,
        )

    def publish(self, uri: str, version: int | None, findings: list) -> None:
        converted = []
        for checked, raw, shown in findings:
            try:
                converted.append(self.lsp_diagnostic(checked, raw, shown))
            except Exception as exc:
                self.failed("publishing a diagnostic", exc)
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=converted, version=version))

    # --- code actions -------------------------------------------------------------------------------

    def workspace_edit(self, checked, edits: dict[str, list]) -> types.WorkspaceEdit:
        changes: dict[str, list[types.TextEdit]] = {}
        for name, file_edits in edits.items():
            index = self.index_for(checked, name)
            uri = self.session.uri_for(name)
            changes.setdefault(uri, []).extend(
                types.TextEdit(self.range_of(index, edit.start, edit.end), edit.text) for edit in file_edits)
        return types.WorkspaceEdit(changes=changes)


def guarded(where: str, default: Any = None):
    """Catch and report whatever a handler raises; answer `default` and go on."""
    def wrap(function):
        if asyncio.iscoroutinefunction(function):
            @wraps(function)
            async def run_async(server: OclcLanguageServer, params):
                try:
                    return await function(server, params)
                except Exception as exc:
                    server.failed(where, exc)
                    return default
            return run_async

        @wraps(function)
        def run(server: OclcLanguageServer, params):
            try:
                return function(server, params)
            except Exception as exc:
                server.failed(where, exc)
                return default
        return run
    return wrap


def build_server(options: ServerOptions) -> OclcLanguageServer:
    server = OclcLanguageServer(options)

    @server.feature(types.INITIALIZE)
    @guarded("initialize")
    def initialize(ls: OclcLanguageServer, params: types.InitializeParams):
        try:
            ls.loop = asyncio.get_running_loop()
        except RuntimeError:
            ls.loop = asyncio.get_event_loop()
        given = params.initialization_options if isinstance(params.initialization_options, dict) else {}
        # The command line wins over the editor's settings, as it wins over [tool.oclc].
        for option, key in (("env_file", "envFile"), ("state_dir", "stateDir"), ("schema", "schema")):
            if getattr(ls.options, option) is None and isinstance(given.get(key), str) and given[key]:
                setattr(ls.options, option, os.path.expanduser(given[key]))
        patterns = given.get("configFiles")
        if isinstance(patterns, list) and patterns and all(isinstance(p, str) and p for p in patterns):
            ls.options.config_files = tuple(patterns)
        folders = [uri_to_path(f.uri) for f in params.workspace_folders or []]
        if params.root_uri:
            folders.append(uri_to_path(params.root_uri))
        action_caps = params.capabilities.text_document.code_action if params.capabilities.text_document else None
        resolve = getattr(action_caps, "resolve_support", None)
        ls.resolve_supported = bool(resolve and "edit" in (resolve.properties or []))
        ls.session = Session(ls.options, ls.publish, ls.report, ls.post,
                             workspace=[f for f in folders if f])

    @server.feature(types.INITIALIZED)
    @guarded("initialized")
    def initialized(ls: OclcLanguageServer, params):
        capabilities = ls.client_capabilities.workspace
        watch = capabilities.did_change_watched_files if capabilities else None
        if watch is not None and watch.dynamic_registration:
            ls.client_register_capability(types.RegistrationParams(registrations=[types.Registration(
                id="oclc-watch", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                register_options=types.DidChangeWatchedFilesRegistrationOptions(
                    watchers=[types.FileSystemWatcher(glob_pattern=g) for g in _WATCHED]))]))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    @guarded("didOpen")
    def did_open(ls: OclcLanguageServer, params: types.DidOpenTextDocumentParams):
        document = params.text_document
        ls.session.open(document.uri, ls.workspace.get_text_document(document.uri).source, document.version)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    @guarded("didChange")
    def did_change(ls: OclcLanguageServer, params: types.DidChangeTextDocumentParams):
        document = params.text_document
        ls.session.change(document.uri, ls.workspace.get_text_document(document.uri).source, document.version)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    @guarded("didClose")
    def did_close(ls: OclcLanguageServer, params: types.DidCloseTextDocumentParams):
        ls.session.close(params.text_document.uri)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    @guarded("didChangeWatchedFiles")
    def watched(ls: OclcLanguageServer, params: types.DidChangeWatchedFilesParams):
        paths = [p for p in (uri_to_path(change.uri) for change in params.changes) if p]
        if any(os.path.basename(p) in _SETTINGS_FILES for p in paths):
            for root in list(ls.session.roots.values()):
                ls.session.schedule(root)
        ls.session.files_changed(paths)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    @guarded("hover")
    def hover(ls: OclcLanguageServer, params: types.HoverParams):
        from .hover import hover_at

        at = ls.cursor(params)
        if at is None:
            return None
        checked, document, index, offset = at
        shown = hover_at(checked, document, offset, ls.options.schema)
        if shown is None:
            return None
        text, start, end = shown
        return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text),
                           range=ls.range_of(index, start, end))

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    @guarded("definition", [])
    def definition(ls: OclcLanguageServer, params: types.DefinitionParams):
        from .navigate import definitions

        at = ls.cursor(params)
        if at is None:
            return None
        checked, document, index, offset = at
        locations = []
        for target in definitions(checked, document, offset):
            target_index = ls.index_for(checked, target.file) if target.span is not None else None
            locations.append(types.Location(
                ls.session.uri_for(target.file),
                ls.range_of(target_index, target.span.start if target.span else None,
                            target.span.end if target.span else None)))
        return locations or None

    @server.feature(types.TEXT_DOCUMENT_COMPLETION,
                    types.CompletionOptions(trigger_characters=['"', "'"]))
    @guarded("completion", [])
    def completion(ls: OclcLanguageServer, params: types.CompletionParams):
        from .keys import target_release
        from .navigate import completions

        uri = params.text_document.uri
        text = ls.session.text_of(uri)
        if text is None:
            return None
        index = LineIndex(text, ls.encoding)
        offset = index.offset(params.position.line, params.position.character)
        prefix: tuple = ()
        checked = None
        latest = ls.session.checked_for(uri) or _any_check(ls.session, uri)
        if latest is not None:
            checked, document = latest
            if document is not checked.result.document:
                prefix = checked.config_path(document, ()) or ()
        start, items = completions(text, offset, prefix, target_release(checked), ls.options.schema)
        replaced = ls.range_of(index, start, offset)
        return types.CompletionList(is_incomplete=False, items=[
            types.CompletionItem(
                label=item.label,
                kind=types.CompletionItemKind.Property if item.kind == "key" else types.CompletionItemKind.Value,
                detail=item.detail or None,
                text_edit=types.TextEdit(replaced, item.insert),
                filter_text=item.insert)
            for item in items])

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, actions_module.FIX_ALL], resolve_provider=True))
    @guarded("codeAction", [])
    async def code_action(ls: OclcLanguageServer, params: types.CodeActionParams):
        uri = params.text_document.uri
        found = ls.session.checked_for(uri)
        if found is None:
            return None
        checked, document = found
        name = document.source.name
        index = ls.index_for(checked, name)
        start = index.offset(params.range.start.line, params.range.start.character)
        end = index.offset(params.range.end.line, params.range.end.character)
        only = params.context.only
        wanted = (lambda kind: True) if not only else (lambda kind: any(kind == k or kind.startswith(k + ".")
                                                                        for k in only))
        result: list = []
        if wanted(types.CodeActionKind.QuickFix):
            for action in actions_module.actions_at(checked, name, start, end):
                result.append(_code_action(ls, checked, action))
        if wanted(actions_module.FIX_ALL) and any(d.fix is not None and d.fix.safe for d in checked.diagnostics):
            if only:
                # Asked for by kind (on save, or a "fix all" command): made now.
                action = await _fix_all(ls, uri)
                if action is not None:
                    result.append(action)
            elif ls.resolve_supported:
                # Offered beside the quick fixes; the edit is made when it is picked.
                result.append(types.CodeAction(title="Fix all oclc problems (oclc lint --fix)",
                                                kind=actions_module.FIX_ALL, data={"uri": uri}))
        return result or None

    @server.feature(types.CODE_ACTION_RESOLVE)
    @guarded("codeAction/resolve")
    async def resolve_action(ls: OclcLanguageServer, action: types.CodeAction):
        data = action.data if isinstance(action.data, dict) else {}
        if action.kind == actions_module.FIX_ALL and isinstance(data.get("uri"), str):
            resolved = await _fix_all(ls, data["uri"])
            if resolved is not None:
                action.edit = resolved.edit
        return action

    @server.feature(types.SHUTDOWN)
    @guarded("shutdown")
    def shutdown(ls: OclcLanguageServer, params):
        if ls.session is not None:
            ls.session.runner.stop()

    return server


def _any_check(session: Session, uri: str):
    """Any check that read the file, even against older text (completion only needs to know where
    an included file sits in the config)."""
    path = uri_to_path(uri)
    for root in session.roots.values():
        if root.checked is not None and path is not None:
            document = root.checked.document_for(path)
            if document is not None:
                return root.checked, document
    return None


def _code_action(ls: OclcLanguageServer, checked, action) -> types.CodeAction:
    diagnostics = []
    for shown in action.diagnostics:
        raw = next((r for r, s in zip(checked.diagnostics, checked.shown()) if s is shown), None)
        if raw is not None:
            diagnostics.append(ls.lsp_diagnostic(checked, raw, shown))
    return types.CodeAction(title=action.title, kind=action.kind, diagnostics=diagnostics or None,
                            edit=ls.workspace_edit(checked, action.edits), is_preferred=action.preferred or None)


async def _fix_all(ls: OclcLanguageServer, uri: str) -> types.CodeAction | None:
    found = ls.session.checked_for(uri)
    future = ls.session.fix_all(uri)
    if found is None or future is None:
        return None
    checked, _ = found
    changed = await asyncio.wrap_future(future)
    if not changed:
        return None
    edits = {name: [actions_module.minimal_edit(name, before, after)] for name, (before, after) in changed.items()}
    return types.CodeAction(title="Fix all oclc problems (oclc lint --fix)", kind=actions_module.FIX_ALL,
                            edit=ls.workspace_edit(checked, edits))


def serve(options: ServerOptions) -> int:
    """Talk LSP over standard input and output until the client says exit."""
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="oclc server: %(name)s: %(message)s")
    server = build_server(options)
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    # Standard output carries the protocol: anything else printed there would corrupt it.
    sys.stdout = sys.stderr
    server.start_io(stdin, stdout)
    return 0
