"""Golden cases: ``fixtures/cases/<name>/`` holds ``before.*``, ``after.*`` and
``expected.json`` (the changes, furniture and warnings compare must report).

Adding a regression test is adding a folder. A failing case prints a unified diff of expected
vs actual. After a deliberate change of behaviour, rewrite the files with
``AUDITOR_UPDATE_GOLDEN=1 pytest tests/test_compare_cases.py`` and review the diff in git.
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path
from typing import Any

import pytest

from auditor import compare

CASES = Path(__file__).resolve().parent.parent / "fixtures" / "cases"


def _inputs(case: Path) -> tuple[Path, Path]:
    (before,) = sorted(case.glob("before.*"))
    (after,) = sorted(case.glob("after.*"))
    return before, after


def golden(case: Path) -> dict[str, Any]:
    """What a case's expected.json holds: the comparison without tool and file identity."""
    before, after = _inputs(case)
    d = compare(before, after).to_dict()
    return {k: d[k] for k in ("summary", "changes", "conclusions", "furniture", "warnings")}


def _dump(d: dict[str, Any]) -> str:
    return json.dumps(d, ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("case", sorted(p for p in CASES.iterdir() if p.is_dir()),
                         ids=lambda p: p.name)
def test_case(case: Path) -> None:
    actual = _dump(golden(case))
    expected_file = case / "expected.json"
    if os.environ.get("AUDITOR_UPDATE_GOLDEN") == "1":
        expected_file.write_text(actual, encoding="utf-8")
    expected = expected_file.read_text(encoding="utf-8")
    if actual != expected:
        diff = difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                    "expected.json", "actual")
        pytest.fail(f"{case.name}: compare output differs\n{''.join(diff)}", pytrace=False)
