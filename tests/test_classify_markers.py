"""Redaction markers: the defaults, configured ones, and what is not a marker."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from auditor.classify import RULE_IDS
from auditor.classify.markers import Markers

MARKERS = ["[REDACTED]", "[redacted]", "<redacted>", "(Redacted)", "[…]", "[...]", "[. . .]",
           "██████", "■■■", "▇▇", "XXXX", "xxxxx", "[removed at the request of Lumen Labs]",
           "[name withheld]", "[Text omitted for confidentiality]", "[confidential]"]
NOT_MARKERS = ["[1]", "(see the removed section)", "xxx", "Xxx", "XXX-2", "[Figure 3]",
               "the redacted version", "(removed later)"]


@pytest.mark.parametrize("marker", MARKERS)
def test_default_marker(marker: str) -> None:
    assert Markers().find(f"we relied on {marker} that") == [marker]


@pytest.mark.parametrize("text", NOT_MARKERS)
def test_not_a_marker(text: str) -> None:
    assert Markers().find(text) == []


def test_configured_markers_literal_and_regex() -> None:
    m = Markers(["[withheld by agreement]", r"re:\bTBD-\d+\b"])
    assert m.find("a [withheld by agreement] b TBD-12 c TBD-x") == [
        "[withheld by agreement]", "TBD-12"]


def test_readme_documents_every_rule_id() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Classification", 1)[1].split("\n## ", 1)[0]
    documented = re.findall(r"^\| \d+ \| `([a-z-]+)` \|", section, re.MULTILINE)
    assert documented == list(RULE_IDS)
