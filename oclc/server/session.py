"""The server's state: the open files, the configs being checked (roots), which files each root
includes, and what has been published. It knows nothing of LSP messages: the protocol layer calls
open/change/close and gives it `publish`, `report` and `post` (run a function on the message
loop's thread, where all of this state lives; the checks run on the Runner's thread).

Roots. An open file that no checked config includes is checked as a config of its own. An open
file that one does include (a `$include`d fragment) is not: its findings come from the configs
that include it, and a change to it re-checks them. When a file is opened and no known root
includes it, the configs beside it and in the directories above (named like OpenClaw configs
and using `$include`) are checked first, to find the ones that do.
"""
from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, unquote, urlparse

from .checking import Checked, ServerOptions, check_root, encoded, fix_everything
from .runner import Cancelled, Runner

CONFIG_NAME = re.compile(r"^openclaw(\.[^./\\]+)?\.json5$|^openclaw\.json$")
DISCOVERY_LEVELS = 4            # directories above an opened file searched for configs including it
LARGE_TEXT = 200_000            # characters: a config this big is debounced before its first check
MAX_DEBOUNCE = 0.3              # seconds


def uri_to_path(uri: str) -> str | None:
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    path = unquote(parsed.path, errors="surrogateescape")
    if re.match(r"^/[A-Za-z]:", path):          # file:///C:/... on Windows
        path = path[1:]
    return os.path.normpath(path)


def path_to_uri(path: str) -> str:
    return "file://" + quote(os.fsencode(os.path.abspath(path)), safe="/")


@dataclass
class OpenFile:
    uri: str
    path: str
    text: str
    version: int | None


@dataclass
class Root:
    path: str
    opened: bool                      # an open file checked as a config of its own
    generation: int = 0
    checked: Checked | None = None
    findings: dict[str, list] = field(default_factory=dict)   # uri -> [(checked, raw, shown)]


class Session:
    def __init__(self, options: ServerOptions, publish: Callable[[str, int | None, list], None],
                 report: Callable[[str], None], post: Callable[[Callable, tuple], None],
                 runner: Runner | None = None, workspace: list[str] | None = None):
        self.options = options
        self.publish = publish
        self.report = report
        self.post = post
        self.runner = runner or Runner()
        self.workspace = [os.path.normpath(w) for w in workspace or []]
        self.files: dict[str, OpenFile] = {}          # uri -> open file
        self.roots: dict[str, Root] = {}               # root path -> root
        self.published: set[str] = set()               # uris with diagnostics out there
        self.reported: set[str] = set()
        self.discovering: set[str] = set()
        from .checking import warm_up

        self.runner.submit("warm-up", warm_up, cancellable=False)

    # --- open files ----------------------------------------------------------------------------

    def _real(self, path: str) -> str:
        return os.path.realpath(path)

    def file_at(self, path: str) -> OpenFile | None:
        real = self._real(path)
        for item in self.files.values():
            if self._real(item.path) == real:
                return item
        return None

    def uri_for(self, name: str) -> str:
        item = self.file_at(name)
        return item.uri if item is not None else path_to_uri(name)

    def open(self, uri: str, text: str, version: int | None) -> None:
        path = uri_to_path(uri)
        if path is None:
            return
        self.files[uri] = OpenFile(uri, path, text, version)
        covering = self.roots_reading(path)
        if covering:
            for root in covering:
                if root.path == path:
                    root.opened = True
                self.schedule(root)
            return
        self.discover(path)

    def change(self, uri: str, text: str, version: int | None) -> None:
        item = self.files.get(uri)
        if item is None:
            return
        item.text, item.version = text, version
        for root in self.roots_reading(item.path):
            self.schedule(root)

    def close(self, uri: str) -> None:
        item = self.files.pop(uri, None)
        if item is None:
            return
        for root in list(self.roots.values()):
            if root.path == item.path and self.file_at(root.path) is None:
                root.opened = False
        for root in list(self.roots.values()):
            if not self._wanted(root):
                self.drop(root)
        # The file on disk may differ from what the editor had.
        for root in self.roots_reading(item.path):
            self.schedule(root)
        if item.uri in self.published and not any(item.uri in r.findings for r in self.roots.values()):
            self.publish(item.uri, None, [])
            self.published.discard(item.uri)

    def files_changed(self, paths: list[str]) -> None:
        """Files changed on disk (workspace/didChangeWatchedFiles): re-check what reads them."""
        for path in paths:
            if self.file_at(path) is None:
                for root in self.roots_reading(path):
                    self.schedule(root)

    def _wanted(self, root: Root) -> bool:
        if root.opened:
            return True
        reads = root.checked.real_paths if root.checked is not None else {self._real(root.path)}
        return any(self._real(item.path) in reads for item in self.files.values())

    def roots_reading(self, path: str) -> list[Root]:
        real = self._real(path)
        found = []
        for root in self.roots.values():
            reads = root.checked.real_paths if root.checked is not None else {self._real(root.path)}
            if real in reads:
                found.append(root)
        return found

    # --- finding the configs that include a file ---------------------------------------------

    def _candidates(self, path: str) -> list[str]:
        found = []
        directory = os.path.dirname(path)
        top = next((w for w in self.workspace if directory == w or directory.startswith(w.rstrip(os.sep) + os.sep)),
                   None)
        for _ in range(DISCOVERY_LEVELS):
            try:
                names = sorted(os.listdir(directory))
            except OSError:
                names = []
            for name in names:
                candidate = os.path.join(directory, name)
                if CONFIG_NAME.match(name) and candidate != path and candidate not in self.roots \
                        and os.path.isfile(candidate) and self._uses_include(candidate):
                    found.append(candidate)
            parent = os.path.dirname(directory)
            if parent == directory or (top is not None and directory == top):
                break
            directory = parent
        return found

    def is_config(self, path: str) -> bool:
        import fnmatch

        name = os.path.basename(path)
        return any(fnmatch.fnmatchcase(name, pattern) for pattern in self.options.config_files)

    def _uses_include(self, path: str) -> bool:
        item = self.file_at(path)
        if item is not None:
            return "$include" in item.text
        try:
            with open(path, "rb") as handle:
                return b"$include" in handle.read(self.options.max_bytes or 16 * 1024 * 1024)
        except OSError:
            return False

    def discover(self, path: str) -> None:
        if path in self.discovering:
            return
        self.discovering.add(path)
        candidates = self._candidates(path)
        texts = self._texts()
        versions = self._versions()
        real = self._real(path)
        options = self.options

        def work() -> list[Checked]:
            found = []
            for candidate in candidates:
                text, replaced = self._inputs_from(candidate, texts)
                checked = check_root(candidate, text, replaced, options)
                if real in checked.real_paths:
                    found.append(checked)
            return found

        future = self.runner.submit(("discover", path), work)
        future.add_done_callback(lambda f: self.post(self._discovered, (path, f, versions)))

    def _discovered(self, path: str, future, versions: dict) -> None:
        self.discovering.discard(path)
        if future.cancelled() or isinstance(future.exception(), Cancelled):
            return
        if future.exception() is not None:
            self._report_error("finding the configs that include " + path, future.exception())
            found = []
        else:
            found = future.result()
        if self.file_at(path) is None:
            return
        if not found:
            if not self.is_config(path):
                return           # not a config, and nothing checked includes it
            if path not in self.roots:
                self.roots[path] = Root(path, opened=True)
            self.roots[path].opened = True
            self.schedule(self.roots[path])
            return
        stale = versions != self._versions()
        for checked in found:
            root = self.roots.get(checked.root)
            if root is None:
                root = self.roots[checked.root] = Root(checked.root, opened=self.file_at(checked.root) is not None)
                root.generation += 1
                checked.generation = root.generation
                self._accept(checked)
            if stale:
                self.schedule(root)

    # --- checking ------------------------------------------------------------------------------

    def _texts(self) -> dict[str, str]:
        return {self._real(item.path): item.text for item in self.files.values()}

    def _versions(self) -> dict[str, Any]:
        return {uri: item.version for uri, item in self.files.items()}

    def _inputs_from(self, root_path: str, texts: dict[str, str]) -> tuple[str | None, dict[str, bytes]]:
        root_real = self._real(root_path)
        replaced = {real: encoded(text) for real, text in texts.items() if real != root_real}
        return texts.get(root_real), replaced

    def delay(self, root: Root, text: str | None) -> float:
        """The debounce: none for a config checked in a few milliseconds, up to MAX_DEBOUNCE for
        one that takes seconds (each keystroke in a burst would start a check that the next one
        cancels)."""
        if root.checked is not None:
            duration = root.checked.duration
            return 0.0 if duration < 0.05 else min(MAX_DEBOUNCE, duration / 4)
        return MAX_DEBOUNCE if text is not None and len(text) > LARGE_TEXT else 0.0

    def schedule(self, root: Root) -> None:
        root.generation += 1
        generation = root.generation
        text, replaced = self._inputs_from(root.path, self._texts())
        options = self.options
        path = root.path

        def work() -> Checked:
            return check_root(path, text, replaced, options, generation)

        future = self.runner.submit(path, work, self.delay(root, text))
        future.add_done_callback(lambda f: self.post(self._checked, (path, f)))

    def _checked(self, path: str, future) -> None:
        if future.cancelled() or isinstance(future.exception(), Cancelled):
            return
        if future.exception() is not None:
            self._report_error(f"checking {path}", future.exception())
            return
        self._accept(future.result())

    def _accept(self, checked: Checked) -> None:
        root = self.roots.get(checked.root)
        if root is None or checked.generation != root.generation:
            return                           # dropped, or a newer check is on its way
        root.checked = checked
        for problem in checked.problems:
            if problem not in self.reported:
                self.reported.add(problem)
                self.report(problem)
        findings: dict[str, list] = {}
        uris: dict[str, str] = {}
        for raw, shown in zip(checked.diagnostics, checked.shown()):
            name = raw.file or checked.root
            uri = uris.get(name)
            if uri is None:
                uri = uris[name] = self.uri_for(name)
            findings.setdefault(uri, []).append((checked, raw, shown))
        findings.setdefault(self.uri_for(checked.root), [])
        before = set(root.findings)
        root.findings = findings
        for uri in before | set(findings):
            self.republish(uri)
        # A file this root now reads may have been checked as a config of its own.
        for other in list(self.roots.values()):
            if other is not root and not other.opened and not self._wanted(other):
                self.drop(other)
        for item in self.files.values():
            own = self.roots.get(item.path)
            if own is not None and own is not root and self._real(item.path) in checked.real_paths \
                    and own.path != checked.root:
                self.drop(own)

    def drop(self, root: Root) -> None:
        self.roots.pop(root.path, None)
        root.generation += 1
        for uri in root.findings:
            self.republish(uri)
        root.findings = {}

    def republish(self, uri: str) -> None:
        """Publish a file's diagnostics: every root's findings in it, once each."""
        item = self.files.get(uri)
        merged: list = []
        seen: set = set()
        for root in self.roots.values():
            entries = root.findings.get(uri)
            if entries is None:
                continue
            if item is not None:
                checked = entries[0][0] if entries else root.checked
                if checked is not None and checked.texts.get(self._real(item.path), item.text) != item.text:
                    return           # checked against older text: the newer check publishes
            for checked, raw, shown in entries:
                span = raw.span
                key = (raw.code, span.start if span else None, span.end if span else None, shown.message)
                if key not in seen:
                    seen.add(key)
                    merged.append((checked, raw, shown))
        if not merged and uri not in self.published and not any(uri in r.findings for r in self.roots.values()):
            return
        self.publish(uri, item.version if item is not None else None, merged)
        if merged:
            self.published.add(uri)
        else:
            self.published.discard(uri)

    def _report_error(self, what: str, exc: BaseException) -> None:
        from ..redact import redact_string

        self.report(redact_string(f"oclc: internal error while {what}: {type(exc).__name__}: {exc}"))

    # --- what the editor asks about ----------------------------------------------------------

    def checked_for(self, uri: str) -> tuple[Checked, Any] | None:
        """The latest check that read the file at `uri` and its parsed document there, when the
        check saw the text the editor has now."""
        path = uri_to_path(uri)
        if path is None:
            return None
        real = self._real(path)
        item = self.files.get(uri)
        ordered = sorted(self.roots.values(), key=lambda r: r.path != path)
        for root in ordered:
            checked = root.checked
            if checked is None or real not in checked.real_paths:
                continue
            if item is not None and checked.texts.get(real) != item.text:
                continue
            document = checked.document_for(path)
            if document is not None:
                return checked, document
        return None

    def text_of(self, uri: str) -> str | None:
        item = self.files.get(uri)
        return item.text if item is not None else None

    def fix_all(self, uri: str):
        """A future of `lint --fix`'s changes ({file name: (before, after)}) for the config that
        reads `uri`, or None when there is no current check."""
        found = self.checked_for(uri)
        if found is None:
            return None
        checked, _ = found
        options = self.options
        return self.runner.submit(("fix-all", checked.root), lambda: fix_everything(checked, options))
