"""The review domain: documents, edit requests, decisions and appeals, recorded in a ledger.

Every operation is one ledger transaction: it checks what it is asked against the verified
entries (under the ledger's lock) and appends one entry, or raises and writes nothing. The
state of the review is never stored, only folded from the entries (:func:`fold`), so the
ledger stays the single source of truth.

Entry types and their ``data``:

* ``review.init`` — title, author, reviewer, agreement, scope, key_id
* ``doc.add`` — sha256, size, format, label, jav, path
* ``request.add`` — id, requested_by, kind, basis, level, within_agreed_scope, location,
  reason, quote (kept: text; or sealed: digest, salt, words — see :mod:`auditor.quotes`)
* ``request.decide`` — request, decision, by, note, affects_conclusions
* ``request.appeal`` — request, by, reason
* ``request.appeal-resolve`` — request, outcome, by, note
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from auditor import quotes
from auditor.errors import UsageError
from auditor.extract.sniff import read_input, sniff
from auditor.ledger import Builder, Entry, Ledger
from auditor.review_state import (
    DECISIONS,
    JAV,
    KINDS,
    LABELS,
    OUTCOMES,
    Request,
    Review,
    fold,
)

__all__ = ["DECISIONS", "JAV", "KINDS", "LABELS", "OUTCOMES", "Request", "Review",
           "add_document", "add_request", "appeal", "decide", "find_removed", "fold",
           "init_review", "load_review", "resolve_appeal"]


def load_review(ledger: Ledger) -> Review:
    """The review as recorded: every entry checked, then folded."""
    return fold(ledger.entries())


def init_review(ledger: Ledger, *, title: str, author: str, reviewer: str,
                agreement: str | None = None, scope: str | None = None) -> Entry:
    """Start a review ledger (and its secret key file, for sealed quotes)."""
    data = {"title": _required(title, "--title"), "author": _required(author, "--author"),
            "reviewer": _required(reviewer, "--reviewer"), "agreement": _optional(agreement),
            "scope": _optional(scope)}

    def build(entries: Sequence[Entry]) -> list[tuple[str, dict[str, Any]]]:
        if entries:
            raise UsageError(f"{ledger.path}: the ledger is already started (seq 1 is "
                             f"'{entries[0].type}')", "use another --ledger path for a new review")
        key = quotes.create_key(quotes.key_path(ledger.path))
        return [("review.init", {**data, "key_id": quotes.key_id(key)})]

    return ledger.transact(build, create=True)[0]


def add_document(ledger: Ledger, path: str | os.PathLike[str], label: str) -> Entry:
    """Record a version of the document by SHA-256, size, format and label."""
    _choice(label, LABELS, "label")
    raw = read_input(path)
    data = {"sha256": raw.sha256, "size": len(raw.data), "format": sniff(raw), "label": label,
            "jav": JAV[label], "path": _relative_to(Path(path), ledger.path.parent)}

    def build(entries: Sequence[Entry]) -> list[tuple[str, dict[str, Any]]]:
        review = fold(entries)
        for doc in review.documents:
            if doc.sha256 == raw.sha256 and doc.label == label:
                raise UsageError(f"{path}: this file is already recorded as {label} "
                                 f"(seq {doc.seq})", "each version needs recording only once")
        return [("doc.add", data)]

    return _one(ledger, build)


def add_request(ledger: Ledger, *, by: str, kind: str, basis: str, quote: str,
                mandatory: bool = True, within_scope: bool = True, reason: str | None = None,
                location: str | None = None, keep_quote: bool | None = None) -> str:
    """Record an edit request; returns its id (E1, E2, …).

    The quote is sealed unless ``keep_quote`` (default: kept for material and editorial
    requests, sealed for redactions — the ledger must not leak what was withheld).
    """
    _choice(kind, KINDS, "kind")
    quote = _required(quote, "--quote")
    if not quotes.words(quote):
        raise UsageError("--quote has no words to find in the draft", "quote the draft's text")
    keep = kind != "redaction" if keep_quote is None else keep_quote
    key = None if keep else _key(ledger)
    data = {"requested_by": _required(by, "--by"), "kind": kind,
            "basis": _required(basis, "--basis"),
            "level": "mandatory" if mandatory else "recommended",
            "within_agreed_scope": within_scope, "location": _optional(location),
            "reason": _optional(reason)}

    def build(entries: Sequence[Entry]) -> list[tuple[str, dict[str, Any]]]:
        rid = f"E{len(fold(entries).requests) + 1}"
        stored = quotes.keep(quote) if key is None else \
            quotes.seal(quote, key, quotes.salt_for(key, rid))
        return [("request.add", {"id": rid, **data, "quote": stored})]

    return str(_one(ledger, build).data["id"])


def decide(ledger: Ledger, request_id: str, *, decision: str, by: str,
           note: str | None = None, affects_conclusions: bool | None = None) -> Entry:
    """Record the author's decision on a request (again only after an overturned appeal)."""
    _choice(decision, DECISIONS, "decision")
    data = {"request": request_id, "decision": decision, "by": _required(by, "--by"),
            "note": _optional(note), "affects_conclusions": affects_conclusions}

    def build(entries: Sequence[Entry]) -> list[tuple[str, dict[str, Any]]]:
        request = fold(entries).request(request_id, str(ledger.path))
        request.check_decidable()
        return [("request.decide", data)]

    return _one(ledger, build)


def appeal(ledger: Ledger, request_id: str, *, by: str, reason: str) -> Entry:
    """Open an appeal against the decision on a request."""
    data = {"request": request_id, "by": _required(by, "--by"),
            "reason": _required(reason, "--reason")}

    def build(entries: Sequence[Entry]) -> list[tuple[str, dict[str, Any]]]:
        fold(entries).request(request_id, str(ledger.path)).check_appealable()
        return [("request.appeal", data)]

    return _one(ledger, build)


def resolve_appeal(ledger: Ledger, request_id: str, *, outcome: str, by: str,
                   note: str | None = None) -> Entry:
    """Close the open appeal on a request: upheld, overturned (decide again) or withdrawn."""
    _choice(outcome, OUTCOMES, "outcome")
    data = {"request": request_id, "outcome": outcome, "by": _required(by, "--by"),
            "note": _optional(note)}

    def build(entries: Sequence[Entry]) -> list[tuple[str, dict[str, Any]]]:
        request = fold(entries).request(request_id, str(ledger.path))
        if request.open_appeal is None:
            raise UsageError(f"{request_id} has no open appeal",
                             f"open one with 'auditor review appeal {request_id} --by WHO "
                             "--reason TEXT'")
        return [("request.appeal-resolve", data)]

    return _one(ledger, build)


def _one(ledger: Ledger, build: Builder) -> Entry:
    """Append the one entry ``build`` makes, in a ledger that was started with init."""
    def checked(entries: Sequence[Entry]) -> Sequence[tuple[str, dict[str, Any]]]:
        fold(entries).meta  # noqa: B018 — raises when the ledger was never started
        return build(entries)

    return ledger.transact(checked)[0]


def _key(ledger: Ledger) -> bytes:
    review = load_review(ledger)
    key = quotes.load_key(quotes.key_path(ledger.path))
    review.check_key(key)
    return key


def _required(value: str | None, option: str) -> str:
    if value is None or not value.strip():
        raise UsageError(f"{option} must not be empty", f"give {option} a value")
    return value.strip()


def _optional(value: str | None) -> str | None:
    return value.strip() if value and value.strip() else None


def _choice(value: str, allowed: Sequence[str], what: str) -> None:
    if value not in allowed:
        raise UsageError(f"unknown {what} '{value}'", f"use one of: {', '.join(allowed)}")


def _relative_to(path: Path, folder: Path) -> str:
    """``path`` relative to the ledger's folder (POSIX form), so the ledger can move with it."""
    try:
        return Path(os.path.relpath(path.resolve(), folder.resolve())).as_posix()
    except ValueError:  # another drive
        return path.resolve().as_posix()


def find_removed(ledger: Ledger, text: str) -> list[tuple[str, int, int]]:
    """Where the text of accepted redaction requests appears in ``text``.

    Returns ``(request id, start, end)`` character spans, kept quotes found fuzzily and sealed
    ones by their digest (this needs the review key; a missing key is a LedgerError). For a
    leak scan of a published file: nothing here should be found there.
    """
    return RemovedSearch(ledger)(text)


class RemovedSearch:
    """:func:`find_removed` for many texts: the ledger is read, checked and its key loaded
    once; calling the object searches one text."""

    def __init__(self, ledger: Ledger) -> None:
        review = load_review(ledger)
        self.requests = [r for r in review.requests.values()
                         if r.kind == "redaction" and r.status in ("accepted", "modified")]
        needs_key = any(not r.quote.get("kept") for r in self.requests)
        self._key = _key(ledger) if needs_key else None

    def __call__(self, text: str) -> list[tuple[str, int, int]]:
        spans = quotes.word_spans(text)
        tokens = [w for w, _, _ in spans]
        return [(r.id, spans[a][1], spans[b - 1][2])
                for r in self.requests for a, b in quotes.locate(r.quote, tokens, self._key)]
