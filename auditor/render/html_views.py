"""The two reading views of the HTML report: side by side, and inline redline.

Both are built from the same rows (:mod:`auditor.render.html_align`) and the same marks
(changed spans per block), so the two views always show the same changes. Runs of unchanged
rows are folded into ``<details>`` elements; the browser keeps their text in the page but
does not lay it out until opened.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from auditor.models import Block, Change, Document
from auditor.render.html_align import Fold, Locator, Row, fold
from auditor.render.html_text import Anchors, Mark, attr, clip, esc, marked, redline


@dataclass
class Marked:
    """A document with its marks indexed by block, and the move of each moved block."""

    doc: Document
    marks: dict[int, list[Mark]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def build(cls, doc: Document, marks: Sequence[Mark]) -> Marked:
        out = cls(doc)
        loc = Locator(doc)
        for m in marks:
            for i in loc.spanning(m.start, m.end):
                out.marks[i].append(m)
        return out

    def block(self, i: int) -> Block:
        return self.doc.blocks[i]

    def has_marks(self, i: int | None) -> bool:
        if i is None or i not in self.marks:
            return False
        b = self.doc.blocks[i]
        return bool(clip(self.marks[i], b.start, b.end))


@dataclass(frozen=True)
class Moves:
    """Where each move starts and lands, for labels and links: key → (before row, after row)."""

    keys: dict[str, str]  # change id → html key
    before_page: dict[str, int | None]
    after_page: dict[str, int | None]
    pair: dict[str, tuple[int, int]]  # change id → (before block, after block), single blocks
    down: dict[str, bool] = field(default_factory=dict)  # lands below where it left?

    def arrow(self, move: str, towards_new: bool) -> str:
        """↓ or ↑: the way to the other end of the move from this end."""
        down = self.down.get(move, True)
        return "↓" if down == towards_new else "↑"


def changed_rows(rows: Sequence[Row], b: Marked, a: Marked) -> set[int]:
    """Positions of the rows that show a change (and so are never folded)."""
    return {
        n for n, r in enumerate(rows)
        if r.move or b.has_marks(r.before) or a.has_marks(r.after)
    }


def _page(block: Block) -> str:
    return f'<span class="pg">p.&#160;{block.page}</span>' if block.page is not None else ""


def _text(block: Block, body: str) -> str:
    kind = attr(block.kind)
    return f'<p class="t t-{kind}" dir="auto">{body}</p>'


def _fold_summary(f: Fold, b: Marked, a: Marked) -> str:
    n = len(f.rows)
    word = "paragraph" if n == 1 else "paragraphs"
    ranges = []
    for label, doc, idx in (("before", b.doc, [r.before for r in f.rows]),
                            ("after", a.doc, [r.after for r in f.rows])):
        pages = [p for i in idx if i is not None and (p := doc.blocks[i].page) is not None]
        if pages:
            lo, hi = min(pages), max(pages)
            ranges.append(f"{label} p.&#160;{lo}" if lo == hi else f"{label} pp.&#160;{lo}–{hi}")
    where = f" · {', '.join(ranges)}" if ranges else ""
    return f"<summary>{n} unchanged {word}{where}</summary>"


class SideBySide:
    """Renders rows as two aligned columns, BEFORE left and AFTER right."""

    def __init__(self, b: Marked, a: Marked, moves: Moves) -> None:
        self.b, self.a, self.moves = b, a, moves
        self.anchors = Anchors("sbs")

    def render(self, items: Sequence[Row | Fold]) -> str:
        out: list[str] = []
        for item in items:
            if isinstance(item, Fold):
                out.append(f'<details class="fold">{_fold_summary(item, self.b, self.a)}')
                out.extend(self.row(r, False) for r in item.rows)
                out.append("</details>")
            else:
                out.append(self.row(item, True))
        return "".join(out)

    def row(self, r: Row, changed: bool) -> str:
        cls = "row chg" if changed and (r.move or self._marked(r)) else "row"
        return (
            f'<div class="{cls}">{self.cell(r, "before")}{self.cell(r, "after")}</div>'
        )

    def _marked(self, r: Row) -> bool:
        return self.b.has_marks(r.before) or self.a.has_marks(r.after)

    def cell(self, r: Row, side: str) -> str:
        m, i = (self.b, r.before) if side == "before" else (self.a, r.after)
        if i is None:
            return f'<div class="cell {side[0]} gap">{self._gap(r, side)}</div>'
        block = m.block(i)
        body = marked(block.text, block.start, m.marks.get(i, ()), self.anchors)
        label = self._move_label(r, side) if r.move else ""
        return f'<div class="cell {side[0]}">{_page(block)}{label}{_text(block, body)}</div>'

    def _gap(self, r: Row, side: str) -> str:
        if r.move:
            return ""
        other = self.a if side == "before" else self.b
        idx = r.after if side == "before" else r.before
        if other.has_marks(idx):
            word = "inserted" if side == "before" else "deleted"
            return f'<p class="gaplabel">{word}: not in the {side} version</p>'
        return ""

    def _move_label(self, r: Row, side: str) -> str:
        assert r.move is not None
        key = self.moves.keys[r.move]
        if side == "before":
            page = self.moves.after_page.get(r.move)
            where = f" (after, p.&#160;{page})" if page is not None else ""
            ident = self.anchors.take(key)
            anchor = f' id="{ident}" tabindex="-1"' if ident else ""
            return (f'<a class="mv mv-from" data-c="{key}"{anchor} href="#sbs-{key}-to">'
                    f"moved to {self.moves.arrow(r.move, True)}{where}</a>")
        page = self.moves.before_page.get(r.move)
        where = f" (before, p.&#160;{page})" if page is not None else ""
        return (f'<a class="mv mv-to" data-c="{key}" id="sbs-{key}-to" tabindex="-1" '
                f'href="#sbs-{key}">moved from {self.moves.arrow(r.move, False)}{where}</a>')


class Redline:
    """Renders rows as one column: the after text with deletions and insertions marked."""

    def __init__(self, b: Marked, a: Marked, moves: Moves) -> None:
        self.b, self.a, self.moves = b, a, moves
        self.anchors = Anchors("rl")

    def render(self, items: Sequence[Row | Fold]) -> str:
        out: list[str] = []
        for item in items:
            if isinstance(item, Fold):
                out.append(f'<details class="fold">{_fold_summary(item, self.b, self.a)}')
                out.extend(self.row(r) for r in item.rows)
                out.append("</details>")
            else:
                out.append(self.row(item))
        return "".join(out)

    def row(self, r: Row) -> str:
        if r.move:
            return self._moved(r)
        b, a = self.b, self.a
        if r.before is not None and r.after is not None:
            bb, ab = b.block(r.before), a.block(r.after)
            body = redline(bb.text, bb.start, b.marks.get(r.before, ()),
                           ab.text, ab.start, a.marks.get(r.after, ()), self.anchors)
            return self._wrap(bb, ab, ab, body)
        if r.before is not None:
            bb = b.block(r.before)
            body = marked(bb.text, bb.start, b.marks.get(r.before, ()), self.anchors)
            return self._wrap(bb, None, bb, body, "only-b")
        assert r.after is not None
        ab = a.block(r.after)
        body = marked(ab.text, ab.start, a.marks.get(r.after, ()), self.anchors)
        return self._wrap(None, ab, ab, body, "only-a")

    def _wrap(self, bb: Block | None, ab: Block | None, kind: Block, body: str,
              extra: str = "", label: str = "") -> str:
        pages = []
        if bb is not None and bb.page is not None:
            pages.append(f"before p.&#160;{bb.page}")
        if ab is not None and ab.page is not None:
            pages.append(f"after p.&#160;{ab.page}")
        pg = f'<span class="pg">{" · ".join(pages)}</span>' if pages else ""
        cls = f"rrow {extra}".strip()
        return f'<div class="{cls}">{pg}{label}{_text(kind, body)}</div>'

    def _moved(self, r: Row) -> str:
        assert r.move is not None
        key = self.moves.keys[r.move]
        if r.before is not None:
            bb = self.b.block(r.before)
            ident = self.anchors.take(key)
            anchor = f' id="{ident}" tabindex="-1"' if ident else ""
            label = (f'<a class="mv mv-from" data-c="{key}"{anchor} href="#rl-{key}-to">'
                     f"moved from here to {self.moves.arrow(r.move, True)}</a>")
            body = (f'<span class="moved-text"><span class="sr">moved away: </span>'
                    f"{esc(bb.text)}</span>")
            return self._wrap(bb, None, bb, body, "mv-row", label)
        assert r.after is not None
        ab = self.a.block(r.after)
        label = (f'<a class="mv mv-to" data-c="{key}" id="rl-{key}-to" tabindex="-1" '
                 f'href="#rl-{key}">moved here from {self.moves.arrow(r.move, False)}</a>')
        pair = self.moves.pair.get(r.move)
        if pair and pair[1] == r.after:
            bb = self.b.block(pair[0])
            body = redline(bb.text, bb.start, self.b.marks.get(pair[0], ()),
                           ab.text, ab.start, self.a.marks.get(r.after, ()), self.anchors)
        else:
            body = marked(ab.text, ab.start, self.a.marks.get(r.after, ()), self.anchors)
        return self._wrap(None, ab, ab, body, "mv-row", label)


def build_moves(changes: Sequence[Change], keys: dict[str, str],
                before: Document, after: Document) -> Moves:
    """Pages and single-block pairs of the move changes."""
    locb, loca = Locator(before), Locator(after)
    pair: dict[str, tuple[int, int]] = {}
    bpage: dict[str, int | None] = {}
    apage: dict[str, int | None] = {}
    for c in changes:
        if c.op != "move" or not (c.before and c.after):
            continue
        bi = locb.spanning(c.before.start, c.before.end)
        ai = loca.spanning(c.after.start, c.after.end)
        if len(bi) == 1 and len(ai) == 1:
            pair[c.id] = (bi[0], ai[0])
        bpage[c.id] = c.before.page
        apage[c.id] = c.after.page
    return Moves(keys, bpage, apage, pair)


def _directions(rows: Sequence[Row]) -> dict[str, bool]:
    """For each move: does its new place come after its old place in the rows?"""
    old: dict[str, int] = {}
    new: dict[str, int] = {}
    for n, r in enumerate(rows):
        if r.move:
            (old if r.before is not None else new).setdefault(r.move, n)
    return {m: new.get(m, 0) > old[m] for m in old}


def render_views(rows: list[Row], b: Marked, a: Marked, moves: Moves) -> tuple[str, str]:
    """The side-by-side and redline views' inner HTML."""
    items = fold(rows, changed_rows(rows, b, a))
    moves = replace(moves, down=_directions(rows))
    return SideBySide(b, a, moves).render(items), Redline(b, a, moves).render(items)
