"""Rule family auth (being written)."""
from __future__ import annotations
