"""Acceptance: classification on our labelled set meets the targets of issue 4.

The set (fixtures/labelled/, 158 edits in five fictional documents, text and PDF) and the
measurement live in benchmarks/classify_eval.py; this test asserts the thresholds: missed
material ≤ 2 %, false alarms ≤ 10 %, the conclusions verdict right on every document.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

from auditor.errors import AuditorError
from tests.conftest import load_script

ROOT = Path(__file__).resolve().parent.parent


def _bench() -> ModuleType:
    return load_script(ROOT / "benchmarks" / "classify_eval.py")


def _formats() -> list[str]:
    from auditor.extract import extract

    formats = ["txt"]
    try:
        extract(ROOT / "fixtures" / "labelled" / "eval-orion" / "before.pdf")
        formats.append("pdf")
    except AuditorError:  # PDF extraction not available in this build
        pass
    return formats


@pytest.fixture(scope="module")
def results() -> list:  # type: ignore[type-arg]
    pytest.importorskip("auditor.compare")
    return _bench().evaluate(_formats())  # type: ignore[no-any-return]


def test_labelled_set_is_big_enough_and_covers_every_rule(results: list) -> None:  # type: ignore[type-arg]
    from auditor.classify import RULE_IDS

    labels = [o.label for r in results if r.fmt == "txt" for o in r.outcomes]
    assert len(labels) >= 150
    expected = {lab["rule"] for lab in labels}
    missing = set(RULE_IDS) - expected - {"moved-across-conclusions", "whitespace-only"}
    assert not missing, missing


def test_missed_material_and_false_alarms_within_target(results: list) -> None:  # type: ignore[type-arg]
    scores = _bench().score(results)
    assert scores.missed_material <= 0.02
    assert scores.false_alarm <= 0.10


def test_conclusions_verdict_right_on_every_document(results: list) -> None:  # type: ignore[type-arg]
    wrong = [(r.pair, r.fmt) for r in results if r.verdict_expected != r.verdict_found]
    assert wrong == []
