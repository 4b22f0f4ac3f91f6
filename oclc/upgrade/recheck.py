"""The target's verdict on the text an upgrade has so far: what the steps after the migrations
(repairs.py, unknown.py) act on, and how they check that an edit of theirs is accepted."""
from __future__ import annotations

from dataclasses import dataclass

from .textedit import EditError


@dataclass(frozen=True)
class Recheck:
    """What a re-check needs: the main file, the gateway's environment, the target, and the newer
    release the config says wrote it (None when it names none, or an older one)."""

    path: str
    env: dict | None
    target: str
    written_by_newer: str | None = None

    def refusals(self, tree) -> list:
        """The refusal errors (OC1xx/OC2xx) for the target of the tree's current text: the main
        file, with the text of every file it includes as the tree has it."""
        from ..pipeline import Options, check

        replaced = {tree.paths[name]: tf.text.encode("utf-8") for name, tf in tree.files.items()
                    if name != self.path and tree.paths.get(name)}
        result = check(self.path, text=tree.files[self.path].text.encode("utf-8"),
                       options=Options(env=self.env, replaced_files=replaced, openclaw_version=self.target,
                                       openclaw_version_from="--to"))
        return [d for d in result.diagnostics if d.is_structural]

    def kept_if_accepted(self, tree, where: tuple, edit) -> bool:
        """Make `edit()` (tree operations), and keep it only when the target then refuses nothing
        at or under `where`; otherwise (or when the edit cannot be made) put everything back.
        True when kept."""
        saved = tree.savepoint()
        try:
            edit()
        except EditError:
            tree.rollback(saved)
            return False
        if any(tuple(d.resolved_path)[:len(where)] == where for d in self.refusals(tree)):
            tree.rollback(saved)
            return False
        return True
