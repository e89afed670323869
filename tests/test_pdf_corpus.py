"""The real PDF pairs of ../shared/corpus: the true sentences are there, the furniture is not.

Skipped when the corpus is absent. ``benchmarks/extract_corpus.py`` reports the same
measurement with numbers (and finds the furniture independently with pdftotext).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from auditor.extract import extract
from tests.conftest import CORPUS, needs_corpus

PDFS = sorted(CORPUS.glob("pairs/*/*.pdf")) if CORPUS.is_dir() else []
# What the corpus README says each PDF style prints around the text (digits vary).
FURNITURE = re.compile(
    r"Draft for comment, \d|Effective version, \d|Preprint \d{4}|Distill \d{4}-|"
    r"Internal review copy, \d|Public version, \d|For review only\. Not for distribution|"
    r"Revision of \d{4}|Errata working copy \d|Final \d{4}-\d\d|E R R ATA|"
    r"(^|\n\n)(page |Page )?\d{1,3}(\n\n|$)"
)


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@needs_corpus()
@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_sentences_present_and_furniture_gone(pdf: Path) -> None:
    doc = extract(pdf)
    units = json.loads((pdf.parent / f"{pdf.stem}.sentences.json").read_text(encoding="utf-8"))
    body = squash(doc.text)
    found = sum(1 for u in units if squash(u["text"]) in body)
    assert found / len(units) >= 0.98
    truth = (pdf.parent / f"{pdf.stem}.txt").read_text(encoding="utf-8")
    left = [m.group() for m in FURNITURE.finditer(doc.text)]
    expected = [m.group() for m in FURNITURE.finditer(truth)]  # table cells that are numbers
    assert sorted(left) == sorted(expected)
