"""The parts of the HTML report around the views: header, toolbar, change list, conclusions,
furniture and warnings. Every value from the documents or the comparison goes through
:func:`~auditor.render.html_text.esc` or :func:`~auditor.render.html_text.attr`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from auditor.models import CLASSES, Change, Comparison, Document, Source
from auditor.render.html_text import attr, esc, shorten

OP_WORDS = {"insert": "inserted", "delete": "deleted", "replace": "replaced", "move": "moved"}
NO_SECTION = "(before the first heading)"


@dataclass(frozen=True)
class Item:
    """A change as the report shows it: its html key, number and section index."""

    change: Change
    key: str
    number: int
    section: int


def section_of(c: Change) -> str:
    side = c.after or c.before
    return (side.section if side and side.section else None) or NO_SECTION


def name_of(src: Source, fallback: str) -> str:
    return PurePath(src.path).name if src.path else fallback


def title_of(comparison: Comparison, title: str | None) -> str:
    if title:
        return title
    return f"auditor: {name_of(comparison.before, 'before')} → {name_of(comparison.after, 'after')}"


def header(c: Comparison, title: str | None) -> str:
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
        f"<h1>{esc(title_of(c, title))}</h1>"
        '<table class="docs"><caption>The two versions compared</caption><thead><tr>'
        '<td></td><th scope="col">File</th><th scope="col">Format</th>'
        '<th scope="col">Pages</th><th scope="col">SHA-256</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
        f'<ul class="counts" aria-label="Counts">{count_html}</ul>'
        f"{verdict(c)}</header>"
    )


def verdict(c: Comparison) -> str:
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


def toolbar(has_views: bool, has_pages: bool) -> str:
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


def change_list(items: Sequence[Item]) -> str:
    counts = {k: sum(1 for i in items if i.change.cls == k) for k in CLASSES}
    boxes = "".join(
        f'<label class="k-{k}"><input type="checkbox" name="cls" value="{k}" checked> '
        f"{k.capitalize()} ({counts[k]})</label>"
        for k in CLASSES
    )
    sections = {i.section: section_of(i.change) for i in items}
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
    sec = esc(shorten(section_of(c), 80))
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


def side_heads(c: Comparison) -> str:
    return (
        f'<div class="heads"><p>Before: {esc(name_of(c.before, "before"))}</p>'
        f'<p>After: {esc(name_of(c.after, "after"))}</p></div>{legend()}'
    )


def legend() -> str:
    return (
        '<p class="legend">Marked: <del class="chg">deleted</del> (struck through), '
        '<ins class="chg">inserted</ins> (underlined); the letter after a mark is its class: '
        "R redaction, M material, E editorial. Hidden characters show as [U+…].</p>"
    )


def view(name: str, heading: str, inner: str, intro: str) -> str:
    if not inner:
        return ""
    body_cls = "rows" if name == "side" else "rl" if name == "redline" else "pics"
    return (
        f'<section id="view-{name}" class="view" aria-labelledby="h-{name}">'
        f'<h2 id="h-{name}">{heading}</h2>{intro}<div class="{body_cls}">{inner}</div></section>'
    )


def conclusions(c: Comparison, items: dict[str, Item]) -> str:
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
    said = verdict(c).replace(' id="verdict"', "")
    return (f'<section id="conclusions" aria-labelledby="h-concl">'
            f'<h2 id="h-concl">Conclusions</h2>{said}{body}</section>')


def furniture(c: Comparison, before: Document | None, after: Document | None) -> str:
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


def warnings_section(warnings: Sequence[str]) -> str:
    if not warnings:
        return ""
    lis = "".join(f"<li>{esc(w)}</li>" for w in warnings)
    return (f'<section id="warnings" aria-labelledby="h-warn"><h2 id="h-warn">Warnings</h2>'
            f"<ul>{lis}</ul></section>")
