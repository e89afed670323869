"""One readable line per ledger entry, for ``auditor review log``.

Sealed quotes are shown as what they are ("quote sealed, 6 words"), never as text: the log
may be pasted into a ticket or an e-mail.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from auditor.ledger import Entry

LOG_SCHEMA = "auditor.review-log/1"


def _quote(q: dict[str, Any]) -> str:
    if q.get("kept"):
        return f"“{q['text']}”"
    return f"quote sealed, {q.get('words', '?')} words"


def _init(d: dict[str, Any]) -> str:
    parts = [f"“{d['title']}” by {d['author']}, reviewed by {d['reviewer']}"]
    if d.get("agreement"):
        parts.append(f"agreement: {d['agreement']}")
    if d.get("scope"):
        parts.append(f"scope: {d['scope']}")
    return " · ".join(parts)


def _doc(d: dict[str, Any]) -> str:
    return (f"{d['label']} ({d.get('jav', '')}) {d['path']} · {d['format']}, {d['size']} bytes · "
            f"sha256 {d['sha256'][:16]}…")


def _request(d: dict[str, Any]) -> str:
    scope = "within scope" if d["within_agreed_scope"] else "OUTSIDE the agreed scope"
    parts = [f"{d['id']} {d['kind']} · {d['level']} · by {d['requested_by']} · basis: "
             f"{d['basis']} · {scope}"]
    if d.get("location"):
        parts.append(f"at {d['location']}")
    parts.append(_quote(d["quote"]))
    if d.get("reason"):
        parts.append(f"reason: {d['reason']}")
    return " · ".join(parts)


def _decide(d: dict[str, Any]) -> str:
    text = f"{d['request']} {d['decision']} by {d['by']}"
    if d.get("affects_conclusions") is not None:
        text += " · affects conclusions" if d["affects_conclusions"] else \
            " · conclusions unaffected"
    return text + (f" · {d['note']}" if d.get("note") else "")


def _appeal(d: dict[str, Any]) -> str:
    return f"{d['request']} appealed by {d['by']} · {d['reason']}"


def _resolve(d: dict[str, Any]) -> str:
    text = f"{d['request']} appeal {d['outcome']} by {d['by']}"
    return text + (f" · {d['note']}" if d.get("note") else "")


def _rec_add(d: dict[str, Any]) -> str:
    return f"{d['id']} {d['category']} · {d['urgency']} urgency · {d['text']}"


def _rec_status(d: dict[str, Any]) -> str:
    text = f"{d['id']} {d['party']}: {d['status']}"
    if d.get("rationale"):
        text += f" · {d['rationale']}"
    return text + (f" · evidence: {d['evidence']}" if d.get("evidence") else "")


_DESCRIBE: dict[str, Callable[[dict[str, Any]], str]] = {
    "review.init": _init, "doc.add": _doc, "request.add": _request,
    "request.decide": _decide, "request.appeal": _appeal, "request.appeal-resolve": _resolve,
    "rec.add": _rec_add, "rec.status": _rec_status,
}


def describe(entry: Entry) -> str:
    """A one-line summary of an entry (its type alone for types this version does not know)."""
    fn = _DESCRIBE.get(entry.type)
    try:
        return fn(entry.data) if fn else f"({len(entry.data)} fields)"
    except (KeyError, TypeError):
        return "(unreadable entry)"


def log_rows(entries: Sequence[Entry]) -> list[dict[str, Any]]:
    """Rows for the log table: seq, ts, type, summary, hash."""
    return [{"seq": e.seq, "ts": e.ts, "type": e.type, "summary": describe(e), "hash": e.hash}
            for e in entries]


def log_json(path: str, entries: Sequence[Entry]) -> dict[str, Any]:
    """The ``auditor.review-log/1`` document: every entry as stored, plus its summary."""
    return {"schema": LOG_SCHEMA, "ledger": path, "entries": len(entries),
            "head": {"seq": entries[-1].seq, "hash": entries[-1].hash} if entries else None,
            "log": [{**e.to_dict(), "summary": describe(e)} for e in entries]}
