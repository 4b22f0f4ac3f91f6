"""Rule family cache (being written)."""
from __future__ import annotations
