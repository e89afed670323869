"""Reconcile: changes linked to the requests that explain them, and everything that does not fit.

Comparisons are built by hand here (with real offsets into the extracted example draft), so
these tests pin the linking rules whatever the classifier decides.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor import Ledger, extract
from auditor import review as rv
from auditor.errors import UsageError
from auditor.extract import extract_bytes
from auditor.models import Change, Comparison, Conclusions, Document, Side, Statement
from auditor.reconcile import reconcile
from auditor.review_state import Review
from auditor.sentences import sentence_spans

EXAMPLE = Path(__file__).resolve().parent.parent / "fixtures" / "ledger-example"
KEY = bytes.fromhex("5e" * 32)
DRAFT = extract(EXAMPLE / "draft.txt")
PUBLISHED = extract(EXAMPLE / "published.txt")


@pytest.fixture(autouse=True)
def fixed_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUDITOR_REVIEW_KEY", KEY.hex())


def side(doc: Document, text: str, occurrence: int = 0) -> Side:
    start = -1
    for _ in range(occurrence + 1):
        start = doc.text.index(text, start + 1)
    a, b = next((a, b) for a, b in sentence_spans(doc.text) if a <= start < b or a == start)
    return Side(text, doc.text[a:b], start, start + len(text), None, doc.section_at(start))


def change(cid: str, before: Side | None, after: Side | None, cls: str = "material",
           op: str = "replace", in_conclusions: bool = False) -> Change:
    return Change(cid, op, before, after, cls, (), "", in_conclusions)


REDACTION = change("c-red", side(DRAFT, "the red-team playbook RT-17"),
                   side(PUBLISHED, "[REDACTED]"), "redaction")
TYPO = change("c-typo", side(DRAFT, "independantly"), side(PUBLISHED, "independently"),
              "editorial")


def comparison(*changes: Change, conclusions: Conclusions | None = None) -> Comparison:
    return Comparison(DRAFT.source, PUBLISHED.source, changes, conclusions or Conclusions())


def started(tmp_path: Path, *requests: dict[str, object]) -> Ledger:
    ledger = Ledger(tmp_path / "r.jsonl")
    rv.init_review(ledger, title="T", author="Northwind", reviewer="Lumen Labs")
    rv.add_document(ledger, EXAMPLE / "draft.txt", "draft")
    rv.add_document(ledger, EXAMPLE / "published.txt", "published")
    for r in requests:
        decision = r.pop("decision", "accepted")
        rid = rv.add_request(ledger, by="Lumen Labs", basis="b", **r)  # type: ignore[arg-type]
        if decision:
            rv.decide(ledger, rid, decision=str(decision), by="Northwind")
    return ledger


def review_of(ledger: Ledger) -> Review:
    return rv.load_review(ledger)


def test_a_redaction_is_linked_by_its_sealed_quote(tmp_path: Path) -> None:
    ledger = started(tmp_path, {"kind": "redaction", "quote": "the red-team playbook RT-17"})
    rec = reconcile(review_of(ledger), comparison(REDACTION, TYPO), draft=DRAFT,
                    published=PUBLISHED, key=KEY)
    assert [ln.to_dict() for ln in rec.links] == [
        {"change": "c-red", "request": "E1", "basis": "quote"}]
    assert rec.undisclosed == () and rec.not_applied == () and rec.still_present == ()
    assert not rec.fails("any")


def test_a_fuzzy_kept_quote_still_links(tmp_path: Path) -> None:
    ledger = started(tmp_path, {"kind": "redaction", "keep_quote": True,
                                "quote": "the red team playbook RT17 that Lumen lent us"})
    rec = reconcile(review_of(ledger), comparison(REDACTION), draft=DRAFT, key=KEY)
    assert [ln.basis for ln in rec.links] == ["quote"]


def test_without_the_key_a_sealed_quote_links_by_location_only(tmp_path: Path) -> None:
    ledger = started(tmp_path, {"kind": "redaction", "quote": "the red-team playbook RT-17",
                                "location": "section Method"},
                     {"kind": "redaction", "quote": "Two of us graded"})
    rec = reconcile(review_of(ledger), comparison(REDACTION, TYPO), draft=DRAFT, key=None)
    assert [ln.to_dict() for ln in rec.links] == [
        {"change": "c-red", "request": "E1", "basis": "location"}]
    assert rec.not_applied == ("E2",)
    assert rec.warnings == ("the review key is missing: sealed quotes were linked by location "
                            "only",)


def test_an_unrequested_material_change_is_undisclosed(tmp_path: Path) -> None:
    ledger = started(tmp_path, {"kind": "redaction", "quote": "the red-team playbook RT-17"})
    number = change("c-num", side(DRAFT, "31"), Side("33", "…", 130, 132, None, "Summary"))
    rec = reconcile(review_of(ledger), comparison(REDACTION, number, TYPO), draft=DRAFT,
                    key=KEY)
    assert rec.undisclosed == ("c-num",)  # the editorial typo fix needs no request
    assert rec.fails("undisclosed") and not rec.fails("not-applied")


def test_a_request_with_no_matching_change_is_not_applied(tmp_path: Path) -> None:
    ledger = started(tmp_path, {"kind": "redaction", "quote": "the red-team playbook RT-17"},
                     {"kind": "material", "quote": "over four weeks"})
    rec = reconcile(review_of(ledger), comparison(REDACTION), draft=DRAFT, key=KEY)
    assert rec.not_applied == ("E2",)
    assert rec.fails("not-applied") and not rec.fails("undisclosed")


def test_a_declined_request_whose_text_changed_anyway(tmp_path: Path) -> None:
    ledger = started(tmp_path, {"kind": "redaction", "quote": "the red-team playbook RT-17",
                                "decision": "declined"})
    rec = reconcile(review_of(ledger), comparison(REDACTION), draft=DRAFT, key=KEY)
    assert rec.declined_but_changed == ("E1",)
    assert rec.undisclosed == ("c-red",)  # declined means it should not have happened


def test_pending_requests_explain_nothing(tmp_path: Path) -> None:
    ledger = started(tmp_path, {"kind": "redaction", "quote": "the red-team playbook RT-17",
                                "decision": None})
    rec = reconcile(review_of(ledger), comparison(REDACTION), draft=DRAFT, key=KEY)
    assert rec.pending == ("E1",) and rec.undisclosed == ("c-red",)
    assert rec.requests_for("c-red") == ["E1"]


def test_a_redaction_still_in_the_published_text(tmp_path: Path) -> None:
    ledger = started(tmp_path, {"kind": "redaction", "quote": "Two of us graded"})
    fake = change("c-x", side(DRAFT, "Two of us graded"), None, "redaction", "delete")
    rec = reconcile(review_of(ledger), comparison(fake), draft=DRAFT, published=PUBLISHED,
                    key=KEY)
    assert rec.still_present == ("E1",) and rec.fails("not-applied")


def test_outside_scope_is_reported(tmp_path: Path) -> None:
    ledger = started(tmp_path, {"kind": "redaction", "quote": "the red-team playbook RT-17",
                                "within_scope": False})
    rec = reconcile(review_of(ledger), comparison(REDACTION), draft=DRAFT, key=KEY)
    assert rec.outside_scope == ("E1",)
    assert rec.fails("any") and not rec.fails("undisclosed")


def test_without_the_draft_quotes_are_found_in_the_change_context(tmp_path: Path) -> None:
    ledger = started(tmp_path, {"kind": "redaction", "quote": "the red-team playbook RT-17"},
                     {"kind": "material", "quote": "blocked 31 of 40 attempts"})
    inserted = change("c-ins", None, side(PUBLISHED, "31"), "material", "insert")
    elsewhere = change("c-far", None, side(PUBLISHED, "harmful"), "material", "insert")
    rec = reconcile(review_of(ledger), comparison(REDACTION, inserted, elsewhere), draft=None,
                    key=KEY)
    assert [ln.to_dict() for ln in rec.links] == [
        {"change": "c-red", "request": "E1", "basis": "context"},
        {"change": "c-ins", "request": "E2", "basis": "context"}]
    assert rec.undisclosed == ("c-far",)  # same sentence, but outside the quoted words


def test_location_picks_among_several_places(tmp_path: Path) -> None:
    text = ("Summary\n\nLumen Labs lent us a playbook.\n\nMethod\n\n"
            "Lumen Labs lent us a playbook.\n")
    draft = extract_bytes(text.encode(), "d.txt")
    ledger = started(tmp_path, {"kind": "redaction", "quote": "Lumen Labs lent us a playbook",
                                "location": "Method"})
    first = change("c-1", side(draft, "a playbook", 0), None, "redaction", "delete")
    second = change("c-2", side(draft, "a playbook", 1), None, "redaction", "delete")
    rec = reconcile(review_of(ledger), comparison(first, second), draft=draft, key=KEY)
    assert [ln.change for ln in rec.links] == ["c-2"]
    assert rec.undisclosed == ("c-1",)


def test_conclusion_evidence(tmp_path: Path) -> None:
    ledger = started(tmp_path, {"kind": "redaction", "quote": "the red-team playbook RT-17"})
    moved = Conclusions(True, (Statement("We conclude …", "modified", ("c-red",)),))
    rec = reconcile(review_of(ledger), comparison(REDACTION, conclusions=moved), draft=DRAFT,
                    key=KEY)
    assert rec.conclusions == ("the comparison finds 1 conclusion statement(s) modified, "
                               "removed or added",)
    in_conc = change("c-red", REDACTION.before, REDACTION.after, "redaction",
                     in_conclusions=True)
    rec = reconcile(review_of(ledger), comparison(in_conc), draft=DRAFT, key=KEY)
    assert rec.conclusions == ("change c-red (redaction) is in the conclusions",)


def test_a_decision_can_say_the_conclusions_changed(tmp_path: Path) -> None:
    ledger = started(tmp_path, {"kind": "redaction", "quote": "the red-team playbook RT-17",
                                "decision": None})
    rv.decide(ledger, "E1", decision="accepted", by="N", affects_conclusions=True)
    rec = reconcile(review_of(ledger), comparison(REDACTION), draft=DRAFT, key=KEY)
    assert rec.conclusions == ("the decision on E1 says it affects the conclusions",)


def test_reconcile_needs_both_documents(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "r.jsonl")
    rv.init_review(ledger, title="T", author="A", reviewer="R")
    rv.add_document(ledger, EXAMPLE / "draft.txt", "draft")
    with pytest.raises(UsageError) as info:
        reconcile(review_of(ledger), comparison(), key=KEY)
    assert str(info.value) == ("no document labelled published in the ledger; record it with "
                               "'auditor review add-doc FILE --label published'")


def test_a_comparison_with_other_offsets_falls_back_to_context(tmp_path: Path) -> None:
    ledger = started(tmp_path, {"kind": "redaction", "quote": "the red-team playbook RT-17"})
    assert REDACTION.before is not None
    shifted = change("c-red", Side(REDACTION.before.text, REDACTION.before.context, 3, 30),
                     REDACTION.after, "redaction")
    rec = reconcile(review_of(ledger), comparison(shifted), draft=DRAFT, key=KEY)
    assert [ln.basis for ln in rec.links] == ["context"]
    assert rec.warnings[0].startswith("the comparison's offsets do not fit the draft")
