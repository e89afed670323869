"""Gather what ``reconcile`` and ``footnote`` work on: the review, the recorded documents
(checked against their SHA-256 in the ledger) and their comparison.

    ledger ──fold──▶ review ──recorded draft/published──▶ files ──SHA-256 check──▶ extract
                                                                   └──▶ compare ──▶ Comparison

A saved ``auditor compare --format json`` output may stand in for running the comparison; its
``before``/``after`` SHA-256 must then be the recorded ones.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditor import quotes
from auditor.errors import FileMissingError, InputError, LedgerError
from auditor.extract import extract_raw
from auditor.extract.sniff import read_input
from auditor.ledger import Ledger
from auditor.models import Comparison, Document
from auditor.reconcile import Reconciliation, reconcile, recorded_documents
from auditor.review_state import DocRecord, Review, fold

PathLike = str | os.PathLike[str]


@dataclass(frozen=True)
class Inputs:
    """The review with its documents and comparison, ready to reconcile."""

    review: Review
    comparison: Comparison
    draft: Document | None
    published: Document | None
    key: bytes | None

    def reconcile(self) -> Reconciliation:
        return reconcile(self.review, self.comparison, draft=self.draft,
                         published=self.published, key=self.key)


def load_inputs(ledger: Ledger, *, draft: PathLike | None = None,
                published: PathLike | None = None,
                comparison: PathLike | None = None) -> Inputs:
    """Load the review, check the documents against the ledger and compare them.

    ``draft``/``published`` override the recorded paths (files that moved); ``comparison``
    is a saved ``auditor.compare/1`` JSON file used instead of comparing again.
    """
    review = fold(ledger.entries())
    review.meta  # noqa: B018 — a ledger that was never started is an error here
    key = _key(ledger, review)
    rec_draft, rec_pub = recorded_documents(review)
    if comparison is not None:
        comp = _load_comparison(Path(comparison), rec_draft, rec_pub)
        doc_a = _document(ledger, rec_draft, draft, optional=True)
        doc_b = _document(ledger, rec_pub, published, optional=True)
    else:
        doc_a = _document(ledger, rec_draft, draft)
        doc_b = _document(ledger, rec_pub, published)
        assert doc_a is not None and doc_b is not None
        comp = _compare(doc_a, doc_b)
    return Inputs(review, comp, doc_a, doc_b, key)


def _key(ledger: Ledger, review: Review) -> bytes | None:
    try:
        key = quotes.load_key(quotes.key_path(ledger.path))
    except LedgerError:
        return None  # reconcile says which links this weakens
    review.check_key(key)
    return key


def _resolve(ledger: Ledger, rec: DocRecord, given: PathLike | None) -> Path:
    if given is not None:
        return Path(given)
    recorded = Path(rec.path)
    return recorded if recorded.is_absolute() else ledger.path.parent / recorded


def _document(ledger: Ledger, rec: DocRecord, given: PathLike | None,
              optional: bool = False) -> Document | None:
    path = _resolve(ledger, rec, given)
    if not path.is_file():
        if optional:
            return None
        raise FileMissingError(f"{path}: the recorded {rec.label} is not there",
                               f"pass --{rec.label} PATH if the file moved")
    raw = read_input(path)
    _check_sha(str(path), raw.sha256, rec)
    return extract_raw(raw)


def _check_sha(name: str, actual: str, rec: DocRecord) -> None:
    if actual != rec.sha256:
        raise InputError(f"{name}: SHA-256 {actual[:16]}… is not the {rec.label} recorded in "
                         f"the ledger (seq {rec.seq}: {rec.sha256[:16]}…)",
                         f"pass --{rec.label} with the file that was recorded")


def _load_comparison(path: Path, draft: DocRecord, published: DocRecord) -> Comparison:
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
        if data.get("schema") != "auditor.compare/1":
            raise ValueError("schema is not auditor.compare/1")
        comp = Comparison.from_dict(data)
    except FileNotFoundError:
        raise FileMissingError(f"{path}: no such file", "check the --comparison path") from None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise InputError(f"{path}: not an auditor.compare/1 JSON document ({exc})",
                         "make one with 'auditor compare DRAFT PUBLISHED --format json'") \
            from None
    _check_sha(f"{path} (before)", comp.before.sha256, draft)
    _check_sha(f"{path} (after)", comp.after.sha256, published)
    return comp


def _compare(before: Document, after: Document) -> Comparison:
    from auditor.compare import compare

    return compare(before, after)
