"""Did-you-mean: the one candidate a misspelt name most likely meant, or None.

Like rustc: a case-insensitive exact match wins; otherwise the candidate with the smallest edit
distance, if that distance is at most max(len(name), 3) // 3. The distance is Levenshtein's with
one addition rustc also makes: swapping two adjacent characters costs 1 (`modle` -> `model`), the
commonest typo of all. Ties keep the candidate that comes first, so the answer is stable for a
given candidate order.
"""
from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

# Each finding compares its name with every candidate, so N findings against N candidates cost N^2
# edit distances (500 unknown `auth.order` ids against 500 profiles took 48 s). Inside
# `suggestion_budget`, suggestions share a fixed amount of work (the edit-distance table cells
# they may fill, plus one per candidate looked at); once it is spent, findings come without a
# did-you-mean. No real config comes near it; a hostile one stays linear.
SUGGESTION_CELLS_PER_FILE = 1_000_000
_budget: list[int] = []        # the work left, innermost budget last; empty: no limit


class suggestion_budget:
    """`with suggestion_budget():` the suggestions made inside share `cells` of work."""

    def __init__(self, cells: int = SUGGESTION_CELLS_PER_FILE):
        self.cells = cells

    def __enter__(self) -> None:
        _budget.append(self.cells)

    def __exit__(self, *exc_info) -> None:
        _budget.pop()


def budget_spent() -> bool:
    """True when a budget is in force and used up: the caller should not even gather candidates."""
    return bool(_budget) and _budget[-1] <= 0


def _charge(work: int) -> bool:
    """Take `work` from the budget; False (and nothing taken) when that would overspend it."""
    if not _budget:
        return True
    if work > _budget[-1]:
        _budget[-1] = 0
        return False
    _budget[-1] -= work
    return True


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
            # Comparisons, not min(): this loop is where suggestions spend their time.
            value = previous[j] + 1
            other = current[j - 1] + 1
            if other < value:
                value = other
            other = previous[j - 1] + (ca != cb)
            if other < value:
                value = other
            if before is not None and j > 1 and ca == b[j - 2] and a[i - 2] == cb and before[j - 2] + 1 < value:
                value = before[j - 2] + 1
            current.append(value)
            if value < best:
                best = value
        if limit is not None and best > limit:
            return limit + 1
        before, previous = previous, current
    return previous[-1]


def suggest(name: str, candidates: Iterable[str]) -> str | None:
    if budget_spent():
        return None
    pool = [c for c in dict.fromkeys(candidates) if isinstance(c, str) and c != name]
    if not pool or not _charge(len(pool)):
        return None
    folded = name.casefold()
    for candidate in pool:
        if candidate.casefold() == folded:
            return candidate
    limit = max(len(name), 3) // 3
    best: str | None = None
    best_distance = limit + 1
    for candidate in pool:
        within = best_distance - 1 if best is not None else limit
        # What edit_distance will fill at most: nothing when the lengths alone rule it out.
        work = 1 if abs(len(name) - len(candidate)) > within else len(name) * len(candidate)
        if not _charge(work):
            return None          # a guess from part of the candidates could be the wrong one
        distance = edit_distance(name, candidate, within)
        if distance < best_distance:
            best, best_distance = candidate, distance
    return best if best_distance <= limit else None
