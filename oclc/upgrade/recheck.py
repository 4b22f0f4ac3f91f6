"""The target's verdict on the text an upgrade has so far: what the steps after the migrations
(repairs.py, unknown.py) act on, and how they check that an edit of theirs is accepted."""
from __future__ import annotations


def refusals(tree, path: str, env: dict | None, target: str) -> list:
    """The refusal errors (OC1xx/OC2xx) for `target` of the tree's current text: the main file at
    `path`, with the text of every file it includes as the tree has it."""
    from ..pipeline import Options, check

    replaced = {tree.paths[name]: tf.text.encode("utf-8") for name, tf in tree.files.items()
                if name != path and tree.paths.get(name)}
    result = check(path, text=tree.files[path].text.encode("utf-8"),
                   options=Options(env=env, replaced_files=replaced, openclaw_version=target,
                                   openclaw_version_from="--to"))
    return [d for d in result.diagnostics if d.is_structural]
