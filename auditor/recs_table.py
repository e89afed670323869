"""The implementation table of recommendations, and where the two parties' counts differ.

Rows are categories in the order first seen, plus a total; the columns count "Implemented /
Recommended" for high-urgency items and for all items. Two things make counts differ: the
parties record different statuses for an item, or they count a partially addressed item
differently. The reconciliation lists both, item by item, so a reader can check "the
developer says 9 of 17, the reviewer 8 of 17" against the record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from auditor.recs import COUNT_PARTIAL, PARTIES, Rec, check_choice

TABLE_SCHEMA = "auditor.recs-table/1"
_RULE = {"denominator-only": "counting partial in the denominator only",
         "as-implemented": "counting partial as implemented"}


@dataclass(frozen=True)
class Count:
    implemented: int
    recommended: int

    @property
    def cell(self) -> str:
        return f"{self.implemented} / {self.recommended}"

    def to_dict(self) -> dict[str, Any]:
        return {"implemented": self.implemented, "recommended": self.recommended,
                "cell": self.cell}


def status_for(rec: Rec, party: str) -> str:
    """The status ``party`` recorded, else the other party's, else pending."""
    other = PARTIES[1 - PARTIES.index(party)]
    return rec.status_of(party) or rec.status_of(other) or "pending"


def counts(recs: Sequence[Rec], party: str, rule: str) -> Count:
    """Implemented / recommended over ``recs`` with ``party``'s statuses and ``rule``."""
    done = ("implemented", "partial") if rule == "as-implemented" else ("implemented",)
    return Count(sum(1 for r in recs if status_for(r, party) in done), len(recs))


def implementation_table(recs: Sequence[Rec], *, count_partial: str = "denominator-only",
                         party: str = "reviewer") -> dict[str, Any]:
    """The ``auditor.recs-table/1`` document: rows per category (first-seen order), total,
    and the reconciliation of the two parties and the two counting rules."""
    check_choice(count_partial, COUNT_PARTIAL, "--count-partial value")
    check_choice(party, PARTIES, "party")
    categories = list(dict.fromkeys(r.category for r in recs))

    def row(name: str, items: Sequence[Rec]) -> dict[str, Any]:
        high = [r for r in items if r.urgency == "high"]
        return {"category": name, "high": counts(high, party, count_partial).to_dict(),
                "total": counts(items, party, count_partial).to_dict()}

    return {
        "schema": TABLE_SCHEMA, "count_partial": count_partial, "party": party,
        "rows": [row(c, [r for r in recs if r.category == c]) for c in categories],
        "total": row("Total", recs),
        "note": (f"Statuses as recorded by the {party}; partially addressed items count "
                 + ("as implemented." if count_partial == "as-implemented"
                    else "in the denominator only.")),
        "reconciliation": reconciliation(recs, count_partial, party),
    }


def reconciliation(recs: Sequence[Rec], rule: str, party: str) -> dict[str, Any]:
    """Status differences, the other counting rule, and the other party's count."""
    other_rule = COUNT_PARTIAL[1 - COUNT_PARTIAL.index(rule)]
    other_party = PARTIES[1 - PARTIES.index(party)]
    high = [r for r in recs if r.urgency == "high"]
    partial = [r.id for r in recs if status_for(r, party) == "partial"]
    differences = [{"id": r.id, "category": r.category, "urgency": r.urgency,
                    "author": r.status_of("author"), "reviewer": r.status_of("reviewer")}
                   for r in recs if r.status_of("author") != r.status_of("reviewer")]
    by_party = {p: counts(recs, p, rule).to_dict() for p in PARTIES}
    data = {
        "differences": differences,
        "partial": partial,
        "other_rule": {"count_partial": other_rule,
                       "high": counts(high, party, other_rule).to_dict(),
                       "total": counts(recs, party, other_rule).to_dict()},
        "by_party": by_party,
    }
    data["lines"] = _lines(recs, data, rule, party, other_party)
    return data


def _lines(recs: Sequence[Rec], data: dict[str, Any], rule: str, party: str,
           other_party: str) -> list[str]:
    lines = [_difference(d) for d in data["differences"]]
    if not lines:
        lines.append("The author and the reviewer record the same status for every item.")
    high = [r for r in recs if r.urgency == "high"]
    partial_high = [r.id for r in high if status_for(r, party) == "partial"]
    for label, items, ids in (("Total", recs, data["partial"]),
                              ("High-urgency", high, partial_high)):
        if ids or label == "Total":
            lines.append(_rule_line(label, items, ids, rule, party))
    mine, theirs = data["by_party"][party], data["by_party"][other_party]
    if mine != theirs:
        lines.append(f"By the {other_party}'s statuses {theirs['cell']} are implemented, by "
                     f"the {party}'s {mine['cell']} ({_RULE[rule]}).")
    return lines


def _difference(d: dict[str, Any]) -> str:
    def say(status: str | None) -> str:
        return status or "no status"

    return (f"{d['id']} ({d['category']}, {d['urgency']} urgency): author {say(d['author'])}, "
            f"reviewer {say(d['reviewer'])}.")


def _rule_line(label: str, items: Sequence[Rec], partial: list[str], rule: str,
               party: str) -> str:
    other = COUNT_PARTIAL[1 - COUNT_PARTIAL.index(rule)]
    here, there = counts(items, party, rule).cell, counts(items, party, other).cell
    text = f"Implemented ({label}): {here} {_RULE[rule]}; {there} {_RULE[other]}"
    if not partial:
        return text + " — no item is partially addressed."
    return (text + f" — the difference is {', '.join(partial)} (partial)." if len(partial) == 1
            else text + f" — the difference is {', '.join(partial)} (all partial).")
