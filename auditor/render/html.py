"""The HTML report: one self-contained file to read, hand on and attach to a review record.

    Comparison + the two Documents
        ──marks──▶ changed spans per side          (html_text)
        ──align──▶ rows of before | after blocks    (html_align)
        ──views──▶ side by side, redline            (html_views)
        ──pages──▶ pictures of the changed PDF pages (html_pages)
        ──page───▶ header, change list, filters, furniture, warnings, CSS, JS

The file needs nothing else: styles and script are inline and allowed by their SHA-256 in a
Content-Security-Policy that forbids everything else (no network, no inline handlers, images
only as ``data:``). Document text is escaped everywhere (see :mod:`auditor.render.html_text`);
the script reads only attributes the renderer wrote, never document text.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Sequence
from importlib import resources

from auditor import __version__
from auditor.errors import UsageError
from auditor.models import Change, Comparison, Document
from auditor.render.html_align import align_rows
from auditor.render.html_pages import render_page_view
from auditor.render.html_sections import (
    OP_WORDS,
    Item,
    change_list,
    conclusions,
    furniture,
    header,
    legend,
    section_of,
    side_heads,
    title_of,
    toolbar,
    view,
    warnings_section,
)
from auditor.render.html_text import Mark, clean, esc
from auditor.render.html_views import Marked, build_moves, render_views


def render_html(
    comparison: Comparison,
    before: Document | None = None,
    after: Document | None = None,
    *,
    pictures: bool = True,
    title: str | None = None,
) -> str:
    """The comparison as one self-contained HTML page.

    With the two :class:`Document` objects the page has the side-by-side and redline views;
    for PDFs whose files are still where (and what) they were, also pictures of the changed
    pages. Without them it holds the header and the change list only.
    """
    _check_documents(comparison, before, after)
    keys = _keys(comparison.changes)
    marks_b, marks_a = _marks(comparison.changes, keys)
    warnings = list(comparison.warnings)
    side = redline = pages = ""
    if before is not None and after is not None:
        rows = align_rows(comparison, before, after)
        mb, ma = Marked.build(before, marks_b), Marked.build(after, marks_a)
        moves = build_moves(comparison.changes, keys, before, after)
        side, redline = render_views(rows, mb, ma, moves)
    items = _items(comparison.changes, keys, _first_seen(side))
    if pictures and before is not None and after is not None:
        numbers = {i.key: i.number for i in items}
        moved = _move_marks(comparison.changes, keys)
        pages, notes = render_page_view(
            (before, marks_b + moved[0]), (after, marks_a + moved[1]), numbers
        )
        warnings.extend(notes)
    body = [
        header(comparison, title),
        toolbar(bool(side), bool(pages)),
        '<main id="main">',
        change_list(items),
        view("side", "Side by side", side, side_heads(comparison)),
        view("redline", "Redline", redline, legend()),
        view("pages", "Pages with changes", pages, ""),
        conclusions(comparison, {i.change.id: i for i in items}),
        furniture(comparison, before, after),
        warnings_section(warnings),
        "</main>",
        f'<footer><p>Made by auditor {esc(__version__)}. Page numbers are those of the '
        "PDF (1 = first page).</p></footer>",
    ]
    return _page(title_of(comparison, title), "".join(body))


def _check_documents(c: Comparison, before: Document | None, after: Document | None) -> None:
    for label, src, doc in (("before", c.before, before), ("after", c.after, after)):
        if doc is not None and doc.source.sha256 != src.sha256:
            raise UsageError(
                f"the {label} document is not the one compared (its SHA-256 differs)",
                "pass the two Documents that compare() was given",
            )


def _keys(changes: Sequence[Change]) -> dict[str, str]:
    """An html-safe, unique element key per change id."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for n, c in enumerate(changes):
        key = re.sub(r"[^A-Za-z0-9_-]", "_", c.id)[:40] or f"c{n}"
        if key in used:
            key = f"{key}-{n}"
        used.add(key)
        out[c.id] = key
    return out


def _marks(changes: Sequence[Change], keys: dict[str, str]) -> tuple[list[Mark], list[Mark]]:
    before: list[Mark] = []
    after: list[Mark] = []
    for c in changes:
        if c.op == "move":
            continue
        title = f"{c.cls} · {OP_WORDS.get(c.op, c.op)} · {c.reason}".rstrip(" ·")
        if c.before is not None:
            before.append(Mark(c.before.start, c.before.end, "del", keys[c.id], c.cls, title))
        if c.after is not None:
            after.append(Mark(c.after.start, c.after.end, "ins", keys[c.id], c.cls, title))
    return before, after


def _move_marks(changes: Sequence[Change], keys: dict[str, str]) -> tuple[list[Mark], list[Mark]]:
    """Marks for the moved blocks themselves (outlined on the page pictures)."""
    before: list[Mark] = []
    after: list[Mark] = []
    for c in changes:
        if c.op == "move" and c.before and c.after:
            title = f"{c.cls} · moved · {c.reason}".rstrip(" ·")
            before.append(Mark(c.before.start, c.before.end, "mv", keys[c.id], c.cls, title))
            after.append(Mark(c.after.start, c.after.end, "mv", keys[c.id], c.cls, title))
    return before, after


def _first_seen(html: str) -> dict[str, int]:
    """Order in which changes first appear in a rendered view (document order)."""
    order: dict[str, int] = {}
    for m in re.finditer(r'data-c="([A-Za-z0-9_-]+)"', html):
        order.setdefault(m.group(1), len(order))
    return order


def _items(changes: Sequence[Change], keys: dict[str, str], order: dict[str, int]) -> list[Item]:
    ranked = sorted(
        enumerate(changes), key=lambda e: (order.get(keys[e[1].id], len(order)), e[0])
    )
    sections: dict[str, int] = {}
    items = []
    for number, (_, c) in enumerate(ranked, 1):
        sec = section_of(c)
        items.append(Item(c, keys[c.id], number, sections.setdefault(sec, len(sections))))
    return items


def _asset(name: str) -> str:
    return resources.files("auditor.render").joinpath("assets").joinpath(name).read_text("utf-8")


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def _page(title: str, body: str) -> str:
    css, js = _asset("report.css"), _asset("report.js")
    csp = (f"default-src 'none'; style-src '{_hash(css)}'; script-src '{_hash(js)}'; "
           "img-src data:; base-uri 'none'; form-action 'none'; "
           "require-trusted-types-for 'script'; trusted-types 'none'")
    return clean(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
        '<meta name="referrer" content="no-referrer">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{css}</style></head>"
        f'<body class="nojs">{body}<script>{js}</script></body></html>\n'
    )
