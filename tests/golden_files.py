"""Golden files: expected outputs committed next to the tests.

``AUDITOR_UPDATE_GOLDEN=1 pytest`` rewrites them from the current output; review the diff
before committing it.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden"


def check_golden(relpath: str, actual: str) -> None:
    """Assert that ``actual`` equals the golden file, showing a unified diff if not."""
    path = GOLDEN / relpath
    if not actual.endswith("\n"):
        actual += "\n"
    if os.environ.get("AUDITOR_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(
            expected.splitlines(keepends=True), actual.splitlines(keepends=True),
            f"golden/{relpath}", "actual"))
        raise AssertionError(f"output differs from golden/{relpath}:\n{diff}")
