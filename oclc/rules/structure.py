"""Rule family structure (being written)."""
from __future__ import annotations
