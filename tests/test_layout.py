"""The package's layout shows the pipeline: one package per stage, and imports point one way,
from a later stage to an earlier one (never back, and never in a cycle), counting imports inside
functions and under TYPE_CHECKING too."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "oclc"

# Stages in pipeline order; a module may import only from its own stage or an earlier one.
LAYERS = [
    ("oclc.records", "oclc.source", "oclc.releases", "oclc.diagnostics", "oclc.redact"),
    ("oclc.json5",),
    ("oclc.load",),
    ("oclc.schema",),
    ("oclc.resolve",),
    ("oclc.rules",),
    ("oclc.suppress", "oclc.pipeline"),
    # settings applies a project's selection to the diagnostics (as render shows them).
    ("oclc.settings", "oclc.render", "oclc.fix", "oclc.oracle"),
    ("oclc.upgrade",),
    # The language server runs the pipeline with the project's settings, like lint, and offers
    # lint's fixes and upgrade's migrations as code actions.
    ("oclc.server",),
    ("oclc.api", "oclc.cli", "oclc.__main__"),
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                    target = f"{base}.{node.module}" if node.module else base
                else:
                    target = node.module or ""
                # `from pkg import sub` depends on pkg.sub; `from pkg import name` on pkg itself.
                candidates = [f"{target}.{alias.name}" if f"{target}.{alias.name}" in modules else target
                              for alias in node.names]
            elif isinstance(node, ast.Import):
                candidates = [alias.name for alias in node.names]
            else:
                continue
            for candidate in candidates:
                if candidate in modules and candidate != name:
                    graph[name].add(candidate)
    return graph


def layer_of(module: str) -> int:
    for index, prefixes in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return index
    raise AssertionError(f"{module} belongs to no stage in LAYERS: place it")


def test_every_module_has_a_stage():
    for module in import_graph():
        if module != "oclc":
            layer_of(module)


def test_imports_point_from_later_stages_to_earlier_ones():
    backwards = sorted(f"{a} -> {b}" for a, targets in import_graph().items() if a != "oclc"
                       for b in targets if b != "oclc" and layer_of(b) > layer_of(a))
    assert backwards == []


def test_no_import_cycles():
    graph = import_graph()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                cycles.append(stack[stack.index(target):] + [target])
            elif target not in state:
                visit(target, stack)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    assert cycles == []
