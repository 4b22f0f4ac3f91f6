"""Rule family secrets (being written)."""
from __future__ import annotations
