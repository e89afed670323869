"""The ``auditor.compare/1`` JSON document (field by field in the README)."""

from __future__ import annotations

import json

from auditor.models import Comparison


def render(cmp: Comparison) -> str:
    """Pretty, deterministic JSON (keys in contract order, non-ASCII kept as is)."""
    return json.dumps(cmp.to_dict(), ensure_ascii=False, indent=2) + "\n"
