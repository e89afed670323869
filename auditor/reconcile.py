"""Reconcile the review ledger with the comparison of the recorded draft and published files.

    requests ──locate quotes in the draft──▶ spans ──overlap with changes──▶ links
    links ──▶ explained changes · undisclosed changes · requests not applied · out of scope

A change is *explained* when it is linked to a request the author accepted or modified. A
material or redaction change that no such request explains is *undisclosed* — including one
that matches a declined or undecided request, since the record says it should not (yet) have
happened. Linking is by the request's quote, found in the draft text (fuzzy for kept quotes,
by sealed digest for sealed ones) and compared with each change's span in the draft; when a
change has no span there (the comparison was loaded from JSON without the draft), the quote is
looked for in the change's own context. The request's location (a section or "p. 4") narrows
a quote found in several places, and links a sealed quote on its own when the key is missing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from auditor import quotes
from auditor.errors import UsageError
from auditor.models import Change, Comparison, Document, Side
from auditor.review_state import DocRecord, Request, Review

RECONCILE_SCHEMA = "auditor.reconcile/1"
_IN_FORCE = ("accepted", "modified")


@dataclass(frozen=True)
class Link:
    """A change explained (or matched) by a request, and how the link was found."""

    change: str
    request: str
    basis: str  # quote | context | location

    def to_dict(self) -> dict[str, str]:
        return {"change": self.change, "request": self.request, "basis": self.basis}


@dataclass(frozen=True)
class Reconciliation:
    """What the ledger and the comparison say about each other."""

    draft: DocRecord
    published: DocRecord
    links: tuple[Link, ...]
    undisclosed: tuple[str, ...]  # change ids
    not_applied: tuple[str, ...]  # request ids
    still_present: tuple[str, ...]  # redaction requests whose quote is still published
    outside_scope: tuple[str, ...]
    declined_but_changed: tuple[str, ...]
    pending: tuple[str, ...]
    conclusions: tuple[str, ...]  # why the record says the conclusions changed (empty: not)
    warnings: tuple[str, ...] = field(default=())

    def requests_for(self, change_id: str) -> list[str]:
        return [ln.request for ln in self.links if ln.change == change_id]

    def changes_for(self, request_id: str) -> list[str]:
        return [ln.change for ln in self.links if ln.request == request_id]

    def fails(self, level: str) -> bool:
        """Whether ``--fail-on level`` turns this into exit code 1."""
        if level == "undisclosed":
            return bool(self.undisclosed)
        if level == "not-applied":
            return bool(self.not_applied or self.still_present)
        if level == "any":
            return bool(self.undisclosed or self.not_applied or self.still_present
                        or self.outside_scope or self.declined_but_changed or self.pending)
        return False


def reconcile(review: Review, comparison: Comparison, *, draft: Document | None = None,
              published: Document | None = None, key: bytes | None = None) -> Reconciliation:
    """Link the comparison's changes to the review's requests and report what does not fit.

    ``draft`` must be the document the comparison's ``before`` offsets point into; without it
    quotes are looked for in each change's context. ``published`` enables the check that a
    redacted quote is really gone. ``key`` opens sealed quotes.
    """
    draft_rec, published_rec = recorded_documents(review)
    requests = list(review.requests.values())
    links, warnings = link_changes(requests, comparison, draft, key)
    status = {r.id: r.status for r in requests}
    explained = {ln.change for ln in links if status[ln.request] in _IN_FORCE}
    linked = {ln.request for ln in links}
    return Reconciliation(
        draft=draft_rec, published=published_rec, links=tuple(links),
        undisclosed=tuple(c.id for c in comparison.changes
                          if c.cls != "editorial" and c.id not in explained),
        not_applied=tuple(r.id for r in requests if r.status in _IN_FORCE
                          and r.id not in linked),
        still_present=tuple(_still_present(requests, published, key)),
        outside_scope=tuple(r.id for r in requests if not r.within_agreed_scope),
        declined_but_changed=tuple(r.id for r in requests
                                   if r.status == "declined" and r.id in linked),
        pending=tuple(r.id for r in requests if r.status == "pending"),
        conclusions=tuple(conclusion_evidence(review, comparison)),
        warnings=tuple(warnings),
    )


def link_changes(requests: Sequence[Request], comparison: Comparison, draft: Document | None,
                 key: bytes | None) -> tuple[list[Link], list[str]]:
    """Every (change, request) link, and warnings on what weakened the linking."""
    warnings: list[str] = []
    if draft is not None and not _offsets_agree(comparison, draft):
        warnings.append("the comparison's offsets do not fit the draft as extracted now (was "
                        "it made by another version?): quotes were looked for in each "
                        "change's context")
        draft = None
    if key is None and any(not r.quote.get("kept") for r in requests):
        warnings.append("the review key is missing: sealed quotes were linked by location only")
    spans = _draft_spans(requests, draft, key)
    if spans is not None:
        warnings += [f"{r.id}: its quote was not found in the draft; looked for it in the "
                     "changes' context" for r in requests if not spans[r.id]
                     and (r.quote.get("kept") or key is not None)]
    found = [ln for c in comparison.changes for ln in _links(c, requests, spans, key)]
    return _by_location(requests, comparison.changes, found), warnings


def recorded_documents(review: Review) -> tuple[DocRecord, DocRecord]:
    """The latest recorded draft and published documents; a usage error naming a missing one."""
    found = review.latest("draft"), review.latest("published")
    for label, doc in zip(("draft", "published"), found, strict=True):
        if doc is None:
            raise UsageError(f"no document labelled {label} in the ledger",
                             f"record it with 'auditor review add-doc FILE --label {label}'")
    assert found[0] is not None and found[1] is not None
    return found[0], found[1]


def _offsets_agree(comparison: Comparison, draft: Document) -> bool:
    """Whether every change's ``before`` span holds its text in ``draft``."""
    return all(c.before is None or draft.text[c.before.start:c.before.end] == c.before.text
               for c in comparison.changes)


def conclusion_evidence(review: Review, comparison: Comparison) -> list[str]:
    """Every part of the record that says the conclusions changed (empty when none does)."""
    out = []
    statements = [s for s in comparison.conclusions.statements if s.status != "unchanged"]
    if comparison.conclusions.changed or statements:
        out.append(f"the comparison finds {len(statements)} conclusion statement(s) "
                   "modified, removed or added")
    out += [f"change {c.id} ({c.cls}) is in the conclusions" for c in comparison.changes
            if c.in_conclusions and c.cls != "editorial"]
    out += [f"the decision on {r.id} says it affects the conclusions"
            for r in review.requests.values() if r.decision is not None
            and r.decision.affects_conclusions and r.status in _IN_FORCE]
    return out


# -- linking ---------------------------------------------------------------------------------

Span = tuple[int, int]


def _draft_spans(requests: Sequence[Request], draft: Document | None,
                 key: bytes | None) -> dict[str, list[Span]] | None:
    """Character spans of each request's quote in the draft text (None without the draft)."""
    if draft is None:
        return None
    ws = quotes.word_spans(draft.text)
    tokens = [w for w, _, _ in ws]
    return {r.id: [(ws[a][1], ws[b - 1][2]) for a, b in quotes.locate(r.quote, tokens, key)]
            for r in requests}


def _links(change: Change, requests: Sequence[Request], spans: dict[str, list[Span]] | None,
           key: bytes | None) -> list[Link]:
    out = []
    for r in requests:
        basis = _match(change, r, spans[r.id] if spans is not None else None, key)
        if basis is not None:
            out.append(Link(change.id, r.id, basis))
    return out


def _match(change: Change, r: Request, spans: list[Span] | None, key: bytes | None) -> str | None:
    before = change.before
    if spans and before is not None:  # the quote was found in the draft: positions decide
        if any(_overlaps(before.start, before.end, a, b) for a, b in spans):
            return "quote"
    elif _in_context(change, r, key):
        return "context"
    sealed_blind = not r.quote.get("kept") and key is None
    if sealed_blind and _kind_fits(r.kind, change.cls) and _location_matches(r, change):
        return "location"
    return None


def _by_location(requests: Sequence[Request], changes: Sequence[Change],
                 links: list[Link]) -> list[Link]:
    """A request whose quote matched in several places keeps the places its location names."""
    by_id = {c.id: c for c in changes}
    out = []
    for r in requests:
        mine = [ln for ln in links if ln.request == r.id]
        agree = [ln for ln in mine if _location_matches(r, by_id[ln.change])]
        out += agree or mine
    order = {c.id: n for n, c in enumerate(changes)}
    rank = {r.id: n for n, r in enumerate(requests)}
    return sorted(out, key=lambda ln: (order[ln.change], rank[ln.request]))


def _overlaps(start: int, end: int, a: int, b: int) -> bool:
    if start == end:  # an insertion point
        return a <= start <= b
    return start < b and end > a


def _in_context(change: Change, r: Request, key: bytes | None) -> bool:
    for side in (change.before, change.after):
        if side is None:
            continue
        ws = quotes.word_spans(side.context)
        where = _text_in_context(side, ws)
        for a, b in quotes.locate(r.quote, [w for w, _, _ in ws], key):
            if where is None or (where[0] < b and where[1] > a):
                return True
    return False


def _text_in_context(side: Side, ws: list[tuple[str, int, int]]) -> Span | None:
    """Word positions of the side's changed text inside its context (None: not found)."""
    target = quotes.words(side.text)
    tokens = [w for w, _, _ in ws]
    if not target:
        return None
    for i in range(len(tokens) - len(target) + 1):
        if tokens[i:i + len(target)] == target:
            return i, i + len(target)
    return None


def _kind_fits(kind: str, cls: str) -> bool:
    return kind == cls or (kind == "redaction" and cls == "material")


_PAGE = re.compile(r"\b(?:p|pp|page|pages)\.?\s*(\d+)", re.IGNORECASE)
_NOISE = {"section", "sec", "chapter", "ch", "para", "paragraph", "in", "the"}


def _location_matches(r: Request, change: Change) -> bool:
    """Whether the request's location names the change's section or page."""
    if not r.location:
        return False
    for side in (change.before, change.after):
        if side is None:
            continue
        page = _PAGE.search(r.location)
        if page is not None:
            if side.page == int(page.group(1)):
                return True
            continue
        wanted = [w for w in quotes.words(r.location) if w not in _NOISE]
        if wanted and side.section and set(wanted) <= set(quotes.words(side.section)):
            return True
    return False


def _still_present(requests: Sequence[Request], published: Document | None,
                   key: bytes | None) -> list[str]:
    if published is None:
        return []
    tokens = quotes.words(published.text)
    return [r.id for r in requests if r.kind == "redaction" and r.status in _IN_FORCE
            and quotes.locate(r.quote, tokens, key)]


# -- JSON ------------------------------------------------------------------------------------

def to_dict(rec: Reconciliation, comparison: Comparison, review: Review) -> dict[str, Any]:
    """The ``auditor.reconcile/1`` document."""
    from auditor import __version__

    changes = {c.id: c for c in comparison.changes}
    return {
        "schema": RECONCILE_SCHEMA,
        "tool": {"name": "auditor", "version": __version__},
        "ledger": {"entries": review.entries, "head": review.head},
        "draft": _doc_dict(rec.draft), "published": _doc_dict(rec.published),
        "summary": {**comparison.summary(), "explained": sum(
            1 for c in comparison.changes if c.cls != "editorial" and c.id not in
            rec.undisclosed), "undisclosed": len(rec.undisclosed),
            "not_applied": len(rec.not_applied), "still_present": len(rec.still_present),
            "outside_scope": len(rec.outside_scope),
            "declined_but_changed": len(rec.declined_but_changed), "pending": len(rec.pending),
            "conclusions_changed": bool(rec.conclusions)},
        "links": [ln.to_dict() for ln in rec.links],
        "undisclosed": [_change_dict(changes[cid], rec) for cid in rec.undisclosed],
        "not_applied": list(rec.not_applied), "still_present": list(rec.still_present),
        "outside_scope": list(rec.outside_scope),
        "declined_but_changed": list(rec.declined_but_changed), "pending": list(rec.pending),
        "requests": [_request_dict(r, rec) for r in review.requests.values()],
        "conclusions": {"changed": bool(rec.conclusions), "evidence": list(rec.conclusions)},
        "warnings": [*comparison.warnings, *rec.warnings],
    }


def _doc_dict(d: DocRecord) -> dict[str, Any]:
    return {"seq": d.seq, "sha256": d.sha256, "path": d.path, "format": d.format}


def _change_dict(c: Change, rec: Reconciliation) -> dict[str, Any]:
    return {**c.to_dict(), "matches": rec.requests_for(c.id)}


def _request_dict(r: Request, rec: Reconciliation) -> dict[str, Any]:
    return {"id": r.id, "kind": r.kind, "level": r.level, "status": r.status,
            "appeal": r.appeal_state, "within_agreed_scope": r.within_agreed_scope,
            "changes": rec.changes_for(r.id)}
