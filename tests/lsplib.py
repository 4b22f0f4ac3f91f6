"""A real LSP client (pygls's) driving `oclc server` as a subprocess over stdio, for the tests and
the benchmark: start, initialize, open/change/close, wait for published diagnostics, requests,
shutdown/exit. Everything is async; `run(coroutine)` runs one scenario."""
from __future__ import annotations

import asyncio
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.client import LanguageClient

ROOT = Path(__file__).resolve().parents[1]


def server_command(extra: list[str] | None = None, prelude: str | None = None) -> list[str]:
    """The server as a user's editor starts it (`oclc server --stdio`), run by this Python.
    `prelude`: code run in the server process first (a test uses it to break one handler)."""
    if prelude is None:
        return [sys.executable, "-m", "oclc", "server", "--stdio", *(extra or [])]
    code = f"{prelude}\nimport sys\nfrom oclc.cli import main\nmain(['server', '--stdio', *sys.argv[1:]])"
    return [sys.executable, "-c", code, *(extra or [])]


def uri(path: Path | str) -> str:
    return Path(path).resolve().as_uri()


class Client:
    def __init__(self) -> None:
        self.client = LanguageClient("oclc-tests", "1")
        self.diagnostics: dict[str, list[types.Diagnostic]] = {}
        self.published: list[tuple[float, types.PublishDiagnosticsParams]] = []
        self.messages: list[types.ShowMessageParams | types.LogMessageParams] = []
        self.stderr = bytearray()
        self._changed = asyncio.Event()
        self.versions: dict[str, int] = {}

        @self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params: types.PublishDiagnosticsParams) -> None:
            self.diagnostics[params.uri] = params.diagnostics
            self.published.append((time.perf_counter(), params))
            self._changed.set()

        @self.client.feature(types.WINDOW_SHOW_MESSAGE)
        def shown(params: types.ShowMessageParams) -> None:
            self.messages.append(params)
            self._changed.set()

        @self.client.feature(types.WINDOW_LOG_MESSAGE)
        def logged(params: types.LogMessageParams) -> None:
            self.messages.append(params)

        @self.client.feature(types.CLIENT_REGISTER_CAPABILITY)
        def register(params: types.RegistrationParams) -> None:
            return None

    async def start(self, command: list[str], *, cwd: Path | str | None = None, env: dict[str, str] | None = None,
                    workspace: Path | None = None, initialization_options: dict | None = None,
                    capabilities: types.ClientCapabilities | None = None) -> types.InitializeResult:
        environment = dict(os.environ if env is None else env)
        environment.setdefault("PYTHONPATH", str(ROOT))
        await self.client.start_io(*command, cwd=str(cwd) if cwd else None, env=environment)
        server = self.client._server
        self._drain = asyncio.create_task(self._read_stderr(server.stderr))
        if capabilities is None:
            capabilities = types.ClientCapabilities(
                text_document=types.TextDocumentClientCapabilities(
                    code_action=types.CodeActionClientCapabilities(
                        resolve_support=types.ClientCodeActionResolveOptions(properties=["edit"]))),
                workspace=types.WorkspaceClientCapabilities(
                    did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(
                        dynamic_registration=True)))
        result = await self.client.initialize_async(types.InitializeParams(
            capabilities=capabilities, process_id=os.getpid(),
            root_uri=uri(workspace) if workspace else None,
            workspace_folders=[types.WorkspaceFolder(uri(workspace), "w")] if workspace else None,
            initialization_options=initialization_options))
        self.client.initialized(types.InitializedParams())
        return result

    async def _read_stderr(self, stream) -> None:
        while True:
            chunk = await stream.read(65536)
            if not chunk:
                return
            self.stderr.extend(chunk)

    # --- documents ------------------------------------------------------------------------------

    def open(self, path: Path | str, text: str | None = None) -> str:
        document = uri(path)
        self.versions[document] = 1
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(
            document, "json5", 1, Path(path).read_text(encoding="utf-8") if text is None else text)))
        return document

    def change(self, document: str, text: str) -> int:
        """Replace the whole text (a full-text change)."""
        self.versions[document] += 1
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(self.versions[document], document),
            [types.TextDocumentContentChangeWholeDocument(text)]))
        return self.versions[document]

    def edit(self, document: str, start: tuple[int, int], end: tuple[int, int], text: str) -> int:
        """An incremental change of one range."""
        self.versions[document] += 1
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(self.versions[document], document),
            [types.TextDocumentContentChangePartial(
                range=types.Range(types.Position(*start), types.Position(*end)), text=text)]))
        return self.versions[document]

    def files_changed(self, *paths: Path) -> None:
        """workspace/didChangeWatchedFiles: files changed on disk."""
        self.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(
            [types.FileEvent(uri(path), types.FileChangeType.Changed) for path in paths]))

    def close(self, document: str) -> None:
        self.client.text_document_did_close(types.DidCloseTextDocumentParams(types.TextDocumentIdentifier(document)))

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 30.0, what: str = "") -> Any:
        deadline = time.monotonic() + timeout
        while True:
            found = predicate()
            if found:
                return found
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"timed out waiting for {what or predicate}; stderr:\n"
                                     f"{self.stderr.decode(errors='replace')[-3000:]}")
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), min(left, 0.5))
            except TimeoutError:
                pass

    async def diagnostics_for(self, document: str, version: int | None = None, timeout: float = 30.0,
                              after: int = 0) -> list[types.Diagnostic]:
        """The first diagnostics published for `document` (for `version`, when given) after the
        `after`-th publication."""
        def found():
            for _, params in self.published[after:]:
                if params.uri == document and (version is None or params.version == version):
                    return [params.diagnostics]
            return None

        return list((await self.wait_for(found, timeout, f"diagnostics of {document} v{version}"))[0])

    # --- requests -------------------------------------------------------------------------------

    async def hover(self, document: str, line: int, character: int) -> types.Hover | None:
        return await self.client.text_document_hover_async(types.HoverParams(
            types.TextDocumentIdentifier(document), types.Position(line, character)))

    async def definition(self, document: str, line: int, character: int):
        return await self.client.text_document_definition_async(types.DefinitionParams(
            types.TextDocumentIdentifier(document), types.Position(line, character)))

    async def completion(self, document: str, line: int, character: int):
        return await self.client.text_document_completion_async(types.CompletionParams(
            types.TextDocumentIdentifier(document), types.Position(line, character)))

    async def code_actions(self, document: str, range_: types.Range, only: list[str] | None = None,
                           diagnostics: list[types.Diagnostic] | None = None):
        return await self.client.text_document_code_action_async(types.CodeActionParams(
            types.TextDocumentIdentifier(document), range_,
            types.CodeActionContext(diagnostics=diagnostics or [], only=only)))

    async def resolve(self, action: types.CodeAction) -> types.CodeAction:
        return await self.client.code_action_resolve_async(action)

    async def stop(self) -> int | None:
        """shutdown, exit, and the server's exit status."""
        await self.client.shutdown_async(None)
        self.client.exit(None)
        server = self.client._server
        try:
            await asyncio.wait_for(server.wait(), 15)
        finally:
            await self.client.stop()
        return server.returncode


def apply_edits(text: str, edits: list[types.TextEdit]) -> str:
    """Apply LSP text edits (UTF-16 positions, as the server was told) to `text`."""
    lines = text.splitlines(keepends=True) or [""]

    def offset(position: types.Position) -> int:
        before = sum(len(line) for line in lines[:position.line])
        line = lines[position.line] if position.line < len(lines) else ""
        units = 0
        for index, ch in enumerate(line):
            if units >= position.character:
                return before + index
            units += 2 if ord(ch) > 0xFFFF else 1
        return before + len(line.rstrip("\r\n"))

    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        start, end = offset(edit.range.start), offset(edit.range.end)
        text = text[:start] + edit.new_text + text[end:]
        lines = text.splitlines(keepends=True) or [""]
    return text


def run(coroutine) -> Any:
    return asyncio.run(coroutine)
