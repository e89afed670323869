"""The state of a review, folded from its ledger entries (nothing here writes).

A request's life: recorded → decided (accepted / declined / modified) → optionally appealed →
the appeal is upheld or withdrawn (the decision stands) or overturned (the author decides
again). Later entries never rewrite earlier ones; the fold reads them in order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from auditor import quotes
from auditor.errors import LedgerError, UsageError
from auditor.ledger import Entry
from auditor.review_terms import DECISIONS, JAV, KINDS, LABELS, OUTCOMES

__all__ = ["DECISIONS", "JAV", "KINDS", "LABELS", "OUTCOMES", "Request", "Review", "fold"]


@dataclass(frozen=True)
class Meta:
    """What ``review init`` recorded."""

    title: str
    author: str
    reviewer: str
    agreement: str | None
    scope: str | None
    key_id: str | None


@dataclass(frozen=True)
class DocRecord:
    """A recorded version of the document."""

    seq: int
    sha256: str
    size: int
    format: str
    label: str
    jav: str
    path: str


@dataclass(frozen=True)
class Decision:
    seq: int
    decision: str
    by: str
    note: str | None
    affects_conclusions: bool | None


@dataclass
class Appeal:
    seq: int
    by: str
    reason: str
    outcome: str | None = None  # None while open
    resolved_by: str | None = None
    note: str | None = None


@dataclass
class Request:
    """An edit request and everything recorded about it since."""

    seq: int
    id: str
    requested_by: str
    kind: str
    basis: str
    level: str  # mandatory | recommended
    within_agreed_scope: bool
    location: str | None
    reason: str | None
    quote: dict[str, Any]
    decisions: list[Decision] = field(default_factory=list)
    appeals: list[Appeal] = field(default_factory=list)

    @property
    def mandatory(self) -> bool:
        return self.level == "mandatory"

    @property
    def open_appeal(self) -> Appeal | None:
        return self.appeals[-1] if self.appeals and self.appeals[-1].outcome is None else None

    @property
    def decision(self) -> Decision | None:
        """The decision in force: the latest, unless an appeal overturned it since."""
        if not self.decisions:
            return None
        last = self.decisions[-1]
        reopened = [a for a in self.appeals if a.outcome == "overturned" and a.seq > last.seq]
        return None if reopened else last

    @property
    def status(self) -> str:
        """pending | accepted | declined | modified."""
        return self.decision.decision if self.decision else "pending"

    @property
    def appeal_state(self) -> str:
        """none | open | upheld | overturned | withdrawn (of the latest appeal)."""
        if not self.appeals:
            return "none"
        return self.appeals[-1].outcome or "open"

    def check_decidable(self) -> None:
        if self.open_appeal is not None:
            raise UsageError(f"{self.id} has an open appeal (seq {self.open_appeal.seq})",
                             f"resolve it first with 'auditor review appeal {self.id} "
                             "--resolve upheld|overturned|withdrawn --by WHO'")
        if self.decision is not None:
            raise UsageError(f"{self.id} is already decided ({self.decision.decision}, seq "
                             f"{self.decision.seq})", "a decision stands unless an appeal "
                             f"overturns it ('auditor review appeal {self.id} …')")

    def check_appealable(self) -> None:
        if self.open_appeal is not None:
            raise UsageError(f"{self.id} already has an open appeal (seq "
                             f"{self.open_appeal.seq})", "resolve it before opening another")
        if self.decision is None:
            raise UsageError(f"{self.id} has no decision to appeal",
                             f"record one first with 'auditor review decide {self.id} …'")


@dataclass
class Review:
    """Everything a ledger says about one review."""

    meta_: Meta | None = None
    documents: list[DocRecord] = field(default_factory=list)
    requests: dict[str, Request] = field(default_factory=dict)
    entries: int = 0
    head: str | None = None

    @property
    def meta(self) -> Meta:
        if self.meta_ is None:
            raise LedgerError("the ledger does not start with 'review.init'",
                              "start a review with 'auditor review init'")
        return self.meta_

    def latest(self, label: str) -> DocRecord | None:
        """The most recently recorded document with ``label``."""
        found = [d for d in self.documents if d.label == label]
        return found[-1] if found else None

    def request(self, request_id: str, ledger: str = "the ledger") -> Request:
        """The request with this id; a usage error naming it when there is none."""
        if request_id in self.requests:
            return self.requests[request_id]
        known = ", ".join(self.requests) or "none yet"
        raise UsageError(f"unknown request id '{request_id}' in {ledger}",
                         f"known requests: {known}")

    def check_key(self, key: bytes) -> None:
        if self.meta.key_id and quotes.key_id(key) != self.meta.key_id:
            raise LedgerError("the review key does not belong to this ledger (its fingerprint "
                              f"is {quotes.key_id(key)}, the ledger records {self.meta.key_id})",
                              "use the key file created by 'auditor review init' for it")


def fold(entries: Sequence[Entry]) -> Review:
    """Replay the entries in order into a :class:`Review` (unknown types are skipped)."""
    review = Review(entries=len(entries), head=entries[-1].hash if entries else None)
    for entry in entries:
        apply = _APPLY.get(entry.type)
        if apply is None:
            continue
        try:
            apply(review, entry)
        except (KeyError, IndexError, TypeError) as exc:
            # Only an entry written without auditor can get here: the chain is intact but
            # the entry names a request that does not exist or lacks a field.
            raise LedgerError(f"seq {entry.seq}: a '{entry.type}' entry that does not fit the "
                              f"review ({type(exc).__name__}: {exc})",
                              "it was not written by auditor; restore the ledger from a copy "
                              "you trust") from None
    return review


def _init(review: Review, e: Entry) -> None:
    d = e.data
    if e.seq == 1:
        review.meta_ = Meta(d["title"], d["author"], d["reviewer"], d.get("agreement"),
                            d.get("scope"), d.get("key_id"))


def _doc(review: Review, e: Entry) -> None:
    d = e.data
    review.documents.append(DocRecord(e.seq, d["sha256"], d["size"], d["format"], d["label"],
                                      d.get("jav", JAV.get(d["label"], "")), d["path"]))


def _request(review: Review, e: Entry) -> None:
    d = e.data
    review.requests[d["id"]] = Request(
        e.seq, d["id"], d["requested_by"], d["kind"], d["basis"], d["level"],
        d["within_agreed_scope"], d.get("location"), d.get("reason"), d["quote"])


def _decide(review: Review, e: Entry) -> None:
    d = e.data
    review.requests[d["request"]].decisions.append(
        Decision(e.seq, d["decision"], d["by"], d.get("note"), d.get("affects_conclusions")))


def _appeal(review: Review, e: Entry) -> None:
    d = e.data
    review.requests[d["request"]].appeals.append(Appeal(e.seq, d["by"], d["reason"]))


def _resolve(review: Review, e: Entry) -> None:
    d = e.data
    current = review.requests[d["request"]].appeals[-1]
    current.outcome, current.resolved_by, current.note = d["outcome"], d["by"], d.get("note")


_APPLY = {"review.init": _init, "doc.add": _doc, "request.add": _request,
          "request.decide": _decide, "request.appeal": _appeal,
          "request.appeal-resolve": _resolve}
