"""Did-you-mean: the one candidate a misspelt name most likely meant, or None.

Like rustc: a case-insensitive exact match wins; otherwise the candidate with the smallest edit
distance, if that distance is at most max(len(name), 3) // 3. The distance is Levenshtein's with
one addition rustc also makes: swapping two adjacent characters costs 1 (`modle` -> `model`), the
commonest typo of all. Ties keep the candidate that comes first, so the answer is stable for a
given candidate order.
"""
from __future__ import annotations

from typing import Iterable


def edit_distance(a: str, b: str, limit: int | None = None) -> int:
    """Edit distance: insert, delete, substitute, or swap two adjacent characters, each costing 1
    (the optimal-string-alignment distance). With `limit`, any distance above it may be returned
    as limit + 1 (the search stops early)."""
    if a == b:
        return 0
    if len(a) < len(b):
        a, b = b, a
    if limit is not None and len(a) - len(b) > limit:
        return limit + 1
    before: list[int] | None = None
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        best = i
        for j, cb in enumerate(b, 1):
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if before is not None and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, before[j - 2] + 1)
            current.append(value)
            best = min(best, value)
        if limit is not None and best > limit:
            return limit + 1
        before, previous = previous, current
    return previous[-1]


def suggest(name: str, candidates: Iterable[str]) -> str | None:
    pool = [c for c in dict.fromkeys(candidates) if isinstance(c, str) and c != name]
    if not pool:
        return None
    folded = name.casefold()
    for candidate in pool:
        if candidate.casefold() == folded:
            return candidate
    limit = max(len(name), 3) // 3
    best: str | None = None
    best_distance = limit + 1
    for candidate in pool:
        distance = edit_distance(name, candidate, best_distance - 1 if best is not None else limit)
        if distance < best_distance:
            best, best_distance = candidate, distance
    return best if best_distance <= limit else None
