"""Numbers are read as values: spelling differences cancel, value differences remain."""

from __future__ import annotations

import pytest

from auditor.classify.numbers import find_quantities, quantity_difference

SAME = [
    ("three of four", "3 of 4"),
    ("3 March 2026", "2026-03-03"),
    ("March 3, 2026", "3rd of March 2026"),
    ("03/04/2026", "3 April 2026"),
    ("03/04/2026", "4 March 2026"),
    ("$2 million", "$2,000,000"),
    ("USD 2m", "2 million dollars"),
    ("40 per cent", "40%"),
    ("forty percent", "40 %"),
    ("third", "3rd"),
    ("v1.2", "version 1.2.0"),
    ("one hundred and five", "105"),
    ("twenty-three", "23"),
    ("1,000", "1000"),
    ("a dozen", "12"),
    ("128,000 tokens", "128k tokens"),
]
DIFFERENT = [
    ("3 of 4", "2 of 4", ["3"], ["2"]),
    ("17 of 40", "16 of 40", ["17"], ["16"]),
    ("40%", "40", ["40%"], ["40"]),
    ("$5", "€5", ["$5"], ["€5"]),
    ("3 March 2026", "4 March 2026", ["3 March 2026"], ["4 March 2026"]),
    ("v1.2", "v1.3", ["v1.2"], ["v1.3"]),
    ("3.5", "35", ["3.5"], ["35"]),
    ("the first", "the second", ["first"], ["second"]),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_same_value_written_differently(a: str, b: str) -> None:
    assert quantity_difference(a, b) == ([], [])


@pytest.mark.parametrize(("a", "b", "removed", "added"), DIFFERENT)
def test_different_values(a: str, b: str, removed: list[str], added: list[str]) -> None:
    r, d = quantity_difference(a, b)
    assert ([q.text for q in r], [q.text for q in d]) == (removed, added)


def test_a_date_is_one_quantity_not_three() -> None:
    assert [(q.kind, q.key) for q in find_quantities("on 3 March 2026, 17 of 40")] == [
        ("date", "date:2026-03-03"), ("number", "number:17"), ("number", "number:40")]


def test_lower_case_may_is_not_a_month_and_ids_are_not_numbers() -> None:
    assert [q.text for q in find_quantities("the 3 may be IR-2291 or Helios-2")] == ["3"]
