"""Rule family meta (being written)."""
from __future__ import annotations
