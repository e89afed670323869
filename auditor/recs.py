"""Reviewer recommendations and what became of them, as entries of the review ledger.

A recommendation (``rec.add``: id, category, urgency, text) gets a status from each party
(``rec.status``: party author|reviewer, status, rationale, evidence; the latest per party
counts). The implementation table counts "Implemented / Recommended" per category, for
high-urgency items and in total. The one judgement call — does a partially addressed item
count as implemented? — is an explicit option, and the reconciliation shows what the other
answer, and the other party's statuses, would give: the "9 of 17" vs "8 of 17" gap, explained.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from auditor.errors import InputError, UsageError
from auditor.ledger import Entry, Ledger
from auditor.review_terms import COUNT_PARTIAL, PARTIES, STATUSES, URGENCIES

__all__ = ["COUNT_PARTIAL", "PARTIES", "STATUSES", "URGENCIES", "Rec", "add_rec",
           "export_recs", "fold_recs", "import_recs", "load_recs", "set_status"]
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class Status:
    seq: int
    status: str
    rationale: str | None = None
    evidence: str | None = None


@dataclass
class Rec:
    """A recommendation and the latest status each party recorded for it."""

    seq: int
    id: str
    category: str
    urgency: str
    text: str
    status: dict[str, Status] = field(default_factory=dict)

    def status_of(self, party: str) -> str | None:
        found = self.status.get(party)
        return found.status if found else None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "category": self.category,
                               "urgency": self.urgency, "text": self.text}
        for party in PARTIES:
            s = self.status.get(party)
            out[f"{party}_status"] = s.status if s else None
            out[f"{party}_rationale"] = s.rationale if s else None
            out[f"{party}_evidence"] = s.evidence if s else None
        return out


def fold_recs(entries: Sequence[Entry]) -> dict[str, Rec]:
    """The recommendations recorded in ``entries``, in the order they were added."""
    recs: dict[str, Rec] = {}
    for e in entries:
        d = e.data
        if e.type == "rec.add":
            recs[d["id"]] = Rec(e.seq, d["id"], d["category"], d["urgency"], d["text"])
        elif e.type == "rec.status" and d.get("id") in recs:
            recs[d["id"]].status[d["party"]] = Status(e.seq, d["status"], d.get("rationale"),
                                                      d.get("evidence"))
    return recs


def load_recs(ledger: Ledger) -> list[Rec]:
    return list(fold_recs(ledger.entries()).values())


# -- recording -------------------------------------------------------------------------------

def add_rec(ledger: Ledger, *, id: str, category: str, urgency: str, text: str) -> Entry:
    """Record a new recommendation (its id must be new)."""
    data = rec_data(id, category, urgency, text)

    def build(entries: Sequence[Entry]) -> list[tuple[str, dict[str, Any]]]:
        _started(entries)
        check_new(fold_recs(entries), data["id"])
        return [("rec.add", data)]

    return ledger.transact(build)[0]


def set_status(ledger: Ledger, id: str, *, party: str, status: str,
               rationale: str | None = None, evidence: str | None = None) -> Entry:
    """Record a party's status for a recommendation."""
    data = status_data(id, party, status, rationale, evidence)

    def build(entries: Sequence[Entry]) -> list[tuple[str, dict[str, Any]]]:
        _started(entries)
        recs = fold_recs(entries)
        if id not in recs:
            known = ", ".join(recs) or "none yet"
            raise UsageError(f"unknown recommendation id '{id}'", f"known ids: {known}")
        return [("rec.status", data)]

    return ledger.transact(build)[0]


def rec_data(id: str, category: str, urgency: str, text: str) -> dict[str, Any]:
    """Validated ``rec.add`` data."""
    if not _ID.match(id or ""):
        raise UsageError(f"invalid recommendation id '{id}'",
                         "use letters, digits, '.', '_' or '-', e.g. R7")
    check_choice(urgency, URGENCIES, "urgency")
    for name, value in (("category", category), ("text", text)):
        if not (value or "").strip():
            raise UsageError(f"the {name} of {id} must not be empty", f"give --{name} a value")
    return {"id": id, "category": category.strip(), "urgency": urgency, "text": text.strip()}


def status_data(id: str, party: str, status: str, rationale: str | None,
                evidence: str | None) -> dict[str, Any]:
    """Validated ``rec.status`` data."""
    check_choice(party, PARTIES, "party")
    check_choice(status, STATUSES, "status")
    return {"id": id, "party": party, "status": status,
            "rationale": (rationale or "").strip() or None,
            "evidence": (evidence or "").strip() or None}


def check_choice(value: str, allowed: Sequence[str], what: str) -> None:
    if value not in allowed:
        raise UsageError(f"unknown {what} '{value}'", f"use one of: {', '.join(allowed)}")


def check_new(recs: dict[str, Rec], id: str) -> None:
    if id in recs:
        raise UsageError(f"duplicate recommendation id '{id}' (already recorded at seq "
                         f"{recs[id].seq})", "use a new id, or 'auditor recs status' to update it")


def _started(entries: Sequence[Entry]) -> None:
    from auditor.review_state import fold

    fold(entries).meta  # noqa: B018 — raises when the ledger was never started


# -- import and export -----------------------------------------------------------------------

COLUMNS = ("id", "category", "urgency", "text", "author_status", "reviewer_status",
           "author_rationale", "author_evidence", "reviewer_rationale", "reviewer_evidence")
RECS_SCHEMA = "auditor.recs/1"


def parse_items(data: bytes, name: str) -> list[dict[str, Any]]:
    """Rows of a CSV or JSON file of recommendations (JSON when it starts with { or [)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{name}: not UTF-8 text", "save the file as UTF-8") from None
    if text.lstrip().startswith(("{", "[")):
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"{name}: not valid JSON ({exc.msg} at line {exc.lineno})",
                             "fix the file or export it again") from None
        rows = obj.get("items") if isinstance(obj, dict) else obj
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise InputError(f"{name}: expected a list of items or {{\"items\": [...]}}",
                             "see 'auditor recs export' for the format")
        return rows
    return list(csv.DictReader(io.StringIO(text)))


def import_entries(recs: dict[str, Rec], rows: Sequence[dict[str, Any]],
                   ) -> list[tuple[str, dict[str, Any]]]:
    """Validated ledger entries for imported rows; raises on the first bad row, naming it."""
    out: list[tuple[str, dict[str, Any]]] = []
    seen: dict[str, int] = {}
    for n, row in enumerate(rows, start=1):
        try:
            out += _row_entries(recs, row, seen, n)
        except UsageError as exc:
            raise UsageError(f"row {n}: {exc.message}", exc.hint) from None
    return out


def _row_entries(recs: dict[str, Rec], row: dict[str, Any], seen: dict[str, int],
                 n: int) -> list[tuple[str, dict[str, Any]]]:
    unknown = sorted(k for k in row if k not in COLUMNS)
    if unknown:
        raise UsageError(f"unknown column '{unknown[0]}'", f"columns are: {', '.join(COLUMNS)}")
    cell = {k: ("" if v is None else str(v).strip()) for k, v in row.items()}
    rid = cell.get("id", "")
    if rid in seen:
        raise UsageError(f"duplicate recommendation id '{rid}' (also row {seen[rid]})",
                         "give every recommendation its own id")
    seen[rid] = n
    check_new(recs, rid)
    out = [("rec.add", rec_data(rid, cell.get("category", ""), cell.get("urgency", ""),
                                cell.get("text", "")))]
    for party in PARTIES:
        if cell.get(f"{party}_status"):
            out.append(("rec.status", status_data(rid, party, cell[f"{party}_status"],
                                                  cell.get(f"{party}_rationale"),
                                                  cell.get(f"{party}_evidence"))))
    return out


def import_recs(ledger: Ledger, data: bytes, name: str) -> list[Entry]:
    """Add every recommendation (and status) in a CSV or JSON file, all or nothing."""
    rows = parse_items(data, name)
    if not rows:
        raise UsageError(f"{name}: no recommendations in the file", "nothing was imported")

    def build(entries: Sequence[Entry]) -> list[tuple[str, dict[str, Any]]]:
        _started(entries)
        return import_entries(fold_recs(entries), rows)

    return ledger.transact(build)


def export_recs(recs: Sequence[Rec], fmt: str = "json") -> str:
    """Every recommendation with both parties' statuses, as JSON or CSV (importable again)."""
    check_choice(fmt, ("json", "csv"), "export format")
    items = [r.to_dict() for r in recs]
    if fmt == "json":
        return json.dumps({"schema": RECS_SCHEMA, "items": items}, ensure_ascii=False,
                          indent=2) + "\n"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for item in items:
        writer.writerow({k: "" if v is None else v for k, v in item.items()})
    return out.getvalue()
