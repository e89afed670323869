"""Terminal tables for the review ledger and the recommendation tracker (rich lives here).

Each function takes the plain data the JSON output is made of and returns text, so what the
terminal shows and what ``--format json`` prints cannot drift apart. Cells are rich ``Text``
objects, never markup strings: "[REDACTED]" in a report must print as itself.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from rich import box
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text


def _render(parts: Sequence[RenderableType], width: int, color: bool) -> str:
    out = io.StringIO()
    console = Console(file=out, width=width, color_system="standard" if color else None,
                      force_terminal=color, highlight=False, markup=False, emoji=False)
    for part in parts:
        console.print(part)
    return "".join(line.rstrip() + "\n" for line in out.getvalue().splitlines())


def _table(title: str | None, columns: Sequence[tuple[str, str]]) -> Table:
    table = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", show_lines=False,
                  pad_edge=False, show_edge=False)
    for name, justify in columns:
        table.add_column(name, justify=justify,  # type: ignore[arg-type]
                         overflow="fold")
    return table


def _row(table: Table, *cells: object) -> None:
    table.add_row(*(Text("" if c is None else str(c)) for c in cells))


def render_log(rows: Sequence[dict[str, Any]], width: int = 100, color: bool = False) -> str:
    """The ``review log`` table: seq, time, entry type, summary."""
    table = _table(None, [("seq", "right"), ("time (UTC)", "left"), ("entry", "left"),
                          ("details", "left")])
    for r in rows:
        _row(table, r["seq"], r["ts"].replace("T", " ").rstrip("Z"), r["type"], r["summary"])
    return _render([table], width, color)


def render_reconcile(data: dict[str, Any], width: int = 100, color: bool = False) -> str:
    """The ``review reconcile`` report, from its ``auditor.reconcile/1`` document."""
    s = data["summary"]
    head = Text(
        f"Draft (seq {data['draft']['seq']}, {data['draft']['path']}) → published (seq "
        f"{data['published']['seq']}, {data['published']['path']})\n"
        f"Changes: {s['changes']} ({s['redaction']} redaction, {s['material']} material, "
        f"{s['editorial']} editorial) · explained {s['explained']} · undisclosed "
        f"{s['undisclosed']}\nRequests: {len(data['requests'])} · pending {s['pending']} · "
        f"not applied {s['not_applied']} · outside scope {s['outside_scope']}\n"
        f"Redacted text still published: {s['still_present']} · declined but changed: "
        f"{s['declined_but_changed']}\n"
        "Conclusions: "
        f"{'CHANGED' if data['conclusions']['changed'] else 'unchanged'}")
    parts: list[RenderableType] = [head]
    parts += [Text(f"  · {why}") for why in data["conclusions"]["evidence"]]
    requests = _table("Requests", [("id", "left"), ("kind", "left"), ("level", "left"),
                                   ("decision", "left"), ("appeal", "left"),
                                   ("scope", "left"), ("changes", "left")])
    for r in data["requests"]:
        _row(requests, r["id"], r["kind"], r["level"], r["status"], r["appeal"],
             "within" if r["within_agreed_scope"] else "OUTSIDE", ", ".join(r["changes"]) or "—")
    if data["requests"]:
        parts.append(requests)
    if data["undisclosed"]:
        parts.append(_undisclosed(data["undisclosed"]))
    for key, label in (("not_applied", "Recorded as made, but no matching change"),
                       ("still_present", "Asked to redact, still in the published text"),
                       ("declined_but_changed", "Declined, but the text changed"),
                       ("pending", "No decision yet")):
        if data[key]:
            parts.append(Text(f"{label}: {', '.join(data[key])}"))
    parts += [Text(f"warning: {w}") for w in data["warnings"]]
    return _render(parts, width, color)


def _undisclosed(changes: Sequence[dict[str, Any]]) -> Table:
    table = _table("Undisclosed changes (material or redaction, no accepted request)",
                   [("change", "left"), ("class", "left"), ("section", "left"),
                    ("before → after", "left"), ("matches", "left")])
    for c in changes:
        side = c["before"] or c["after"] or {}
        before = c["before"]["text"] if c["before"] else ""
        after = c["after"]["text"] if c["after"] else ""
        _row(table, c["id"], c["class"], side.get("section") or "", f"{before} → {after}",
             ", ".join(c["matches"]) or "—")
    return table


def render_recs_table(data: dict[str, Any], width: int = 100, color: bool = False) -> str:
    """The implementation table and its reconciliation, from ``auditor.recs-table/1``."""
    table = _table(None, [("Category", "left"),
                          ("Implemented / Recommended (High-urgency)", "right"),
                          ("Implemented / Recommended (Total)", "right")])
    for row in [*data["rows"], data["total"]]:
        _row(table, row["category"], row["high"]["cell"], row["total"]["cell"])
    parts: list[RenderableType] = [table, Text(data["note"]), Text(""), Text("Reconciliation")]
    parts += [Text(f"  · {line}") for line in data["reconciliation"]["lines"]]
    return _render(parts, width, color)


def render_recs_list(items: Sequence[dict[str, Any]], width: int = 100,
                     color: bool = False) -> str:
    """The ``recs list`` table: one row per recommendation with both parties' statuses."""
    table = _table(None, [("id", "left"), ("category", "left"), ("urgency", "left"),
                          ("author", "left"), ("reviewer", "left"), ("recommendation", "left")])
    for it in items:
        _row(table, it["id"], it["category"], it["urgency"], it["author_status"] or "—",
             it["reviewer_status"] or "—", it["text"])
    return _render([table], width, color)
