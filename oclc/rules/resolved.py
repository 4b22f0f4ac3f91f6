"""Helpers shared by the rule families that check the resolved model (auth, cache, agents, secrets):
did-you-mean, placing a finding once per config path, and walking params records."""
from __future__ import annotations

from ..diagnostics import Diagnostic, Path

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Iterable, Iterator

    from ..resolve import Model


def did_you_mean(name: str, candidates: Iterable[str]) -> str | None:
    from ..diagnostics.suggest import budget_spent, suggest

    if budget_spent():
        return None      # before listing the candidates: that alone is work per finding
    return suggest(name, list(candidates))


def hint(name: str, candidates: Iterable[str]) -> str | None:
    found = did_you_mean(name, candidates)
    return f"did you mean {found!r}?" if found else None


def quoted_list(items: Iterable[Any]) -> str:
    return ", ".join(f'"{i}"' for i in items)


class Findings:
    """Collects diagnostics so that one written place gets one finding per rule, however many
    agents or models reach it. A place is the config path, or, where the text is known, the text
    itself: a fragment `$include`d by twelve agents is one line with twelve config paths, and one
    mistake there is one finding, whose note names the other paths."""

    _LISTED = 4

    def __init__(self) -> None:
        self._index: dict[tuple, int] = {}
        self._also: dict[int, list[Path]] = {}
        self.items: list[Diagnostic] = []

    def add(self, diagnostic: Diagnostic) -> None:
        span = diagnostic.span
        place = (diagnostic.file, span.start, span.end) if span is not None else diagnostic.resolved_path
        keys = [(diagnostic.code, diagnostic.resolved_path, diagnostic.message),
                (diagnostic.code, place, diagnostic.message)]
        found = next((self._index[key] for key in keys if key in self._index), None)
        if found is None:
            for key in keys:
                self._index[key] = len(self.items)
            self.items.append(diagnostic)
            return
        if diagnostic.resolved_path != self.items[found].resolved_path:
            also = self._also.setdefault(found, [])
            if diagnostic.resolved_path not in also:
                also.append(diagnostic.resolved_path)
        self._index.setdefault(keys[0], found)

    def __iter__(self) -> Iterator[Diagnostic]:
        for index, diagnostic in enumerate(self.items):
            also = self._also.get(index)
            if also:
                shown = ", ".join(dotted(path) for path in also[:self._LISTED])
                more = f" and {len(also) - self._LISTED} more" if len(also) > self._LISTED else ""
                note = f"the same text is also used as {shown}{more} (one written place, reported once)"
                diagnostic = diagnostic.but(notes=diagnostic.notes + (note,))
            yield diagnostic


def params_objects(value: Any) -> Iterator[tuple[Path, dict]]:
    """Every agent-level `params` record in the config: the ones OpenClaw merges for requests."""
    agents = value.get("agents") if isinstance(value, dict) else None
    if not isinstance(agents, dict):
        return
    defaults = agents.get("defaults")
    if isinstance(defaults, dict):
        if isinstance(defaults.get("params"), dict):
            yield ("agents", "defaults", "params"), defaults["params"]
        yield from _model_params(defaults.get("models"), ("agents", "defaults", "models"))
    entries = agents.get("entries")
    if isinstance(entries, dict):
        for key, entry in entries.items():
            if not isinstance(entry, dict):
                continue
            base = ("agents", "entries", key)
            yield from _model_params(entry.get("models"), base + ("models",))
            if isinstance(entry.get("params"), dict):
                yield base + ("params",), entry["params"]


def provider_params_objects(value: Any) -> Iterator[tuple[Path, dict]]:
    """`params` records under models.providers (handed to provider plugins, never read for caching)."""
    providers = value.get("models", {}).get("providers") if isinstance(value.get("models"), dict) else None
    if not isinstance(providers, dict):
        return
    for pid, cfg in providers.items():
        if not isinstance(cfg, dict):
            continue
        if isinstance(cfg.get("params"), dict):
            yield ("models", "providers", pid, "params"), cfg["params"]
        rows = cfg.get("models")
        if isinstance(rows, list):
            for i, row in enumerate(rows):
                if isinstance(row, dict) and isinstance(row.get("params"), dict):
                    yield ("models", "providers", pid, "models", i, "params"), row["params"]


def _model_params(models_map: Any, base: Path) -> Iterator[tuple[Path, dict]]:
    if isinstance(models_map, dict):
        for ref, entry in models_map.items():
            if isinstance(entry, dict) and isinstance(entry.get("params"), dict):
                yield base + (ref, "params"), entry["params"]


def dotted(path: Path) -> str:
    return ".".join(str(p) for p in path)


def emit(model: "Model", rule, message: str, path: Path, **extra) -> Diagnostic:
    return model.loaded.emit(rule, message, tuple(path), **extra)
