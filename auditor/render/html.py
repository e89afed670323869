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
from dataclasses import dataclass
from importlib import resources
from pathlib import PurePath

from auditor import __version__
from auditor.errors import UsageError
from auditor.models import CLASSES, Change, Comparison, Document, Source
from auditor.render.html_align import align_rows
from auditor.render.html_pages import render_page_view
from auditor.render.html_text import Mark, attr, clean, esc, shorten
from auditor.render.html_views import Marked, build_moves, render_views

OP_WORDS = {"insert": "inserted", "delete": "deleted", "replace": "replaced", "move": "moved"}
NO_SECTION = "(before the first heading)"


@dataclass(frozen=True)
class Item:
    """A change as the report shows it: its html key, number and section index."""

    change: Change
    key: str
    number: int
    section: int


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
        _header(comparison, title),
        _toolbar(bool(side), bool(pages)),
        '<main id="main">',
        _change_list(items),
        _view("side", "Side by side", side, _side_heads(comparison)),
        _view("redline", "Redline", redline, _legend()),
        _view("pages", "Pages with changes", pages, ""),
        _conclusions(comparison, {i.change.id: i for i in items}),
        _furniture(comparison, before, after),
        _warnings(warnings),
        "</main>",
        f'<footer><p>Made by auditor {esc(__version__)}. Page numbers are those of the '
        "PDF (1 = first page).</p></footer>",
    ]
    return _page(_title(comparison, title), "".join(body))


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
        sec = _section(c)
        items.append(Item(c, keys[c.id], number, sections.setdefault(sec, len(sections))))
    return items


def _section(c: Change) -> str:
    side = c.after or c.before
    return (side.section if side and side.section else None) or NO_SECTION


def _name(src: Source, fallback: str) -> str:
    return PurePath(src.path).name if src.path else fallback


def _title(comparison: Comparison, title: str | None) -> str:
    if title:
        return title
    return f"auditor: {_name(comparison.before, 'before')} → {_name(comparison.after, 'after')}"


def _header(c: Comparison, title: str | None) -> str:
    s = c.summary()
    rows = "".join(
        f'<tr><th scope="row">{label}</th><td class="path">{esc(src.path or "(memory)")}</td>'
        f"<td>{esc(src.format)}</td><td>{'' if src.pages is None else src.pages}</td>"
        f'<td><code class="sha">{esc(src.sha256)}</code></td></tr>'
        for label, src in (("Before", c.before), ("After", c.after))
    )
    counts = [("changes", "changes", s["changes"])]
    counts += [(k, k, s[k]) for k in CLASSES] + [("moved", "moved", s["moved"])]
    count_html = "".join(
        f'<li class="count k-{key}"><span class="n" data-count="{key}">{n}</span> {word}</li>'
        for key, word, n in counts
    )
    return (
        '<header class="top"><a class="skip" href="#changes">Skip to the changes</a>'
        f"<h1>{esc(_title(c, title))}</h1>"
        '<table class="docs"><caption>The two versions compared</caption><thead><tr>'
        '<td></td><th scope="col">File</th><th scope="col">Format</th>'
        '<th scope="col">Pages</th><th scope="col">SHA-256</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
        f'<ul class="counts" aria-label="Counts">{count_html}</ul>'
        f"{_verdict(c)}</header>"
    )


def _verdict(c: Comparison) -> str:
    st = c.conclusions.statements
    touched = sum(1 for x in st if x.status != "unchanged")
    if c.conclusions.changed:
        detail = f"{touched} of {len(st)} conclusion statements changed" if st else ""
        text, cls = "Conclusions changed", "changed"
    else:
        detail = (f"{len(st)} conclusion statements checked" if st
                  else "no conclusion statements found")
        text, cls = "Conclusions unchanged", "same"
    return (f'<p class="verdict v-{cls}" id="verdict"><strong>{text}</strong>'
            f'{" — " + esc(detail) if detail else ""} <a href="#conclusions">details</a></p>')


def _toolbar(has_views: bool, has_pages: bool) -> str:
    views = [("side", "Side by side"), ("redline", "Redline")] if has_views else []
    if has_pages:
        views.append(("pages", "Pages"))
    buttons = "".join(
        f'<button type="button" data-view="{v}" aria-pressed="{"true" if n == 0 else "false"}">'
        f"{label}</button>"
        for n, (v, label) in enumerate(views)
    )
    group = f'<div class="group" role="group" aria-label="View">{buttons}</div>' if views else ""
    return (
        f'<nav class="bar" aria-label="Views and navigation">{group}'
        '<div class="group" role="group" aria-label="Move between changes">'
        '<button type="button" id="prev" aria-keyshortcuts="k p" title="Previous change (k or p)">'
        "← Previous</button>"
        '<span id="pos" aria-live="polite">No change selected</span>'
        '<button type="button" id="next" aria-keyshortcuts="j n" title="Next change (j or n)">'
        "Next →</button></div>"
        '<p class="keys">Keys: <kbd>j</kbd>/<kbd>n</kbd> next, <kbd>k</kbd>/<kbd>p</kbd> '
        "previous</p></nav>"
    )


def _change_list(items: Sequence[Item]) -> str:
    counts = {k: sum(1 for i in items if i.change.cls == k) for k in CLASSES}
    boxes = "".join(
        f'<label class="k-{k}"><input type="checkbox" name="cls" value="{k}" checked> '
        f"{k.capitalize()} ({counts[k]})</label>"
        for k in CLASSES
    )
    sections = {i.section: _section(i.change) for i in items}
    options = "".join(
        f'<option value="{n}">{esc(shorten(name, 60))}</option>'
        for n, name in sorted(sections.items())
    )
    lis = "".join(_item(i) for i in items) or '<li class="none">No changes.</li>'
    return (
        '<section id="changes" aria-labelledby="h-changes"><h2 id="h-changes">Changes</h2>'
        '<form class="filters" aria-label="Filter changes">'
        f"<fieldset><legend>Class</legend>{boxes}</fieldset>"
        '<label class="sec">Section <select id="f-sec"><option value="">All sections</option>'
        f"{options}</select></label></form>"
        f'<p id="shown" aria-live="polite">Showing {len(items)} of {len(items)} changes</p>'
        f'<ol id="change-list">{lis}</ol></section>'
    )


def _item(i: Item) -> str:
    c = i.change
    where = " → ".join(
        f"{label} p.&#160;{side.page}" for label, side in (("before", c.before), ("after", c.after))
        if side is not None and side.page is not None
    )
    sec = esc(shorten(_section(c), 80))
    texts = []
    if c.op == "move" and c.before is not None:
        texts.append(f'<span class="moved">{esc(shorten(c.before.text))}</span>')
    elif c.before is not None and c.before.text:
        texts.append(f'<del><span class="sr">deleted: </span>{esc(shorten(c.before.text))}</del>')
    if c.after is not None and c.after.text and c.op != "move":
        texts.append(f'<ins><span class="sr">inserted: </span>{esc(shorten(c.after.text))}</ins>')
    join = " → " if c.op == "replace" else " "
    flag = '<p class="flag">In the conclusions</p>' if c.in_conclusions else ""
    rules = f' <span class="rules">({esc(", ".join(c.rules))})</span>' if c.rules else ""
    return (
        f'<li class="item k-{attr(c.cls)}" id="item-{i.key}" data-c="{i.key}" '
        f'data-cls="{attr(c.cls)}" data-sec="{i.section}" tabindex="-1">'
        f'<a class="go" href="#sbs-{i.key}"><span class="num">#{i.number}</span> '
        f'<span class="badge">{esc(c.cls)}</span> {esc(OP_WORDS.get(c.op, c.op))}</a>'
        f'<p class="where">{where}{" · " if where else ""}{sec}</p>'
        f'<p class="reason">{esc(c.reason)}{rules}</p>'
        f'<p class="texts">{join.join(texts)}</p>{flag}'
        f'<p class="id">{esc(c.id)}</p></li>'
    )


def _side_heads(c: Comparison) -> str:
    return (
        f'<div class="heads"><p>Before: {esc(_name(c.before, "before"))}</p>'
        f'<p>After: {esc(_name(c.after, "after"))}</p></div>{_legend()}'
    )


def _legend() -> str:
    return (
        '<p class="legend">Marked: <del class="chg">deleted</del> (struck through), '
        '<ins class="chg">inserted</ins> (underlined); the letter after a mark is its class: '
        "R redaction, M material, E editorial. Hidden characters show as [U+…].</p>"
    )


def _view(name: str, heading: str, inner: str, intro: str) -> str:
    if not inner:
        return ""
    body_cls = "rows" if name == "side" else "rl" if name == "redline" else "pics"
    return (
        f'<section id="view-{name}" class="view" aria-labelledby="h-{name}">'
        f'<h2 id="h-{name}">{heading}</h2>{intro}<div class="{body_cls}">{inner}</div></section>'
    )


def _conclusions(c: Comparison, items: dict[str, Item]) -> str:
    sts = c.conclusions.statements
    lis = []
    for s in sts:
        links = " ".join(
            f'<a href="#item-{items[cid].key}">#{items[cid].number}</a>'
            for cid in s.change_ids if cid in items
        )
        lis.append(f'<li><span class="status s-{attr(s.status)}">{esc(s.status)}</span> '
                   f'<q dir="auto">{esc(s.text)}</q> {links}</li>')
    body = f"<ul>{''.join(lis)}</ul>" if lis else "<p>No conclusion statements were found.</p>"
    verdict = _verdict(c).replace(' id="verdict"', "")
    return (f'<section id="conclusions" aria-labelledby="h-concl">'
            f'<h2 id="h-concl">Conclusions</h2>{verdict}{body}</section>')


def _furniture(c: Comparison, before: Document | None, after: Document | None) -> str:
    parts = []
    total = 0
    for label, doc, plain in (("Before", before, c.furniture_before),
                              ("After", after, c.furniture_after)):
        if doc is not None and doc.furniture:
            lis = [f"<li><span class=\"fk\">{esc(f.kind)}</span> <q>{esc(f.text)}</q>"
                   f"{_pages(f.pages)}</li>" for f in doc.furniture]
        else:
            lis = [f"<li><q>{esc(t)}</q></li>" for t in plain]
        total += len(lis)
        parts.append(f"<h3>{label}</h3>" + (f"<ul>{''.join(lis)}</ul>" if lis else "<p>None.</p>"))
    return (
        '<section id="furniture" aria-labelledby="h-furn"><h2 id="h-furn">Ignored furniture</h2>'
        f"<details><summary>{total} running headers, footers, page numbers and the like were "
        f"left out of the comparison</summary>{''.join(parts)}</details></section>"
    )


def _pages(pages: Sequence[int]) -> str:
    if not pages:
        return ""
    shown = ", ".join(str(p) for p in pages[:12]) + (" …" if len(pages) > 12 else "")
    return f' <span class="fp">(pages {shown})</span>'


def _warnings(warnings: Sequence[str]) -> str:
    if not warnings:
        return ""
    lis = "".join(f"<li>{esc(w)}</li>" for w in warnings)
    return (f'<section id="warnings" aria-labelledby="h-warn"><h2 id="h-warn">Warnings</h2>'
            f"<ul>{lis}</ul></section>")


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
