"""From aligned, diffed blocks to :class:`~auditor.models.Change` records.

Each change gets, on each side that exists, the exact text that changed, the complete
sentence(s) around it as they read in that version, its page, section and span, and a stable
id (a hash of its content and occurrence: the same inputs give the same ids).

A side is ``None`` only for a *pure* insertion or deletion — whole sentences or blocks that
have no counterpart. Words inserted into a sentence that exists in both versions keep a
``before`` side with empty text: its ``context`` is the sentence as it read before and its
empty span marks where the words went.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from auditor.align import Alignment, Group, surely_same_words
from auditor.diff import Differ, Edit, Mapper, Tokens
from auditor.models import Change, Document, Side
from auditor.sentences import SentenceIndex, document_index

Progress = Callable[[str, int, int], None]
Span = tuple[int, int]


@dataclass(frozen=True)
class Draft:
    """A change before it has an id: where it sits (``pos``: offsets in before and after,
    an anchor for a side that is missing) and which move, if any, it was found inside."""

    change: Change
    pos: tuple[int, int]
    move: int | None = None  # index of the move draft in the same list


def find_changes(
    doc_a: Document,
    doc_b: Document,
    toks_a: Sequence[Tokens],
    toks_b: Sequence[Tokens],
    alignment: Alignment,
    differ: Differ,
    progress: Progress | None = None,
) -> list[Draft]:
    """Every change, in reading order of the before document."""
    sides = _Sides(doc_a, doc_b)
    drafts: list[Draft] = []
    last_a = last_b = 0  # where the previous block ended: anchors of inserts and deletes
    total = len(alignment.groups)
    for n, g in enumerate(alignment.groups):
        if progress and n % 200 == 0:
            progress("diffing", n, total)
        if g.kind == "insert":
            blk = doc_b.blocks[g.b[0]]
            drafts.append(Draft(sides.change(Edit(last_a, last_a, blk.start, blk.end)),
                                (last_a, blk.start)))
        elif g.kind == "delete":
            blk = doc_a.blocks[g.a[0]]
            drafts.append(Draft(sides.change(Edit(blk.start, blk.end, -1, -1)),
                                (blk.start, last_b)))
        elif g.kind == "pair" and not _surely_unchanged(doc_a, doc_b, g):
            edits, mapper = differ.diff(_tokens(toks_a, g.a), _tokens(toks_b, g.b))
            drafts.extend(Draft(sides.change(e, mapper), (e.a_start, e.b_start))
                          for e in edits)
        elif g.kind == "move":
            drafts.extend(_move_drafts(g, doc_a, doc_b, toks_a, toks_b, differ, sides,
                                       len(drafts)))
        if g.a:
            last_a = doc_a.blocks[g.a[-1]].end
        if g.b and g.kind != "move":
            last_b = doc_b.blocks[g.b[-1]].end
    if progress:
        progress("diffing", total, total)
    return reading_order(drafts)


def _surely_unchanged(doc_a: Document, doc_b: Document, g: Group) -> bool:
    """A pair whose texts surely tokenize alike has no edits: spare tokenizing it (most
    pairs of a long PDF are a paragraph cut by a page break at another place)."""
    return surely_same_words([doc_a.blocks[i].text for i in g.a],
                             [doc_b.blocks[j].text for j in g.b])


def _tokens(toks: Sequence[Tokens], blocks: Sequence[int]) -> Tokens:
    return toks[blocks[0]] if len(blocks) == 1 else Tokens.concat(toks[i] for i in blocks)


def _move_drafts(
    g: Group, doc_a: Document, doc_b: Document, toks_a: Sequence[Tokens],
    toks_b: Sequence[Tokens], differ: Differ, sides: _Sides, index: int,
) -> list[Draft]:
    """A move, followed by the edits made inside the moved block (linked by ``move_id``)."""
    a0, a1 = doc_a.blocks[g.a[0]].start, doc_a.blocks[g.a[-1]].end
    b0, b1 = doc_b.blocks[g.b[0]].start, doc_b.blocks[g.b[-1]].end
    move = replace(sides.change(Edit(a0, a1, b0, b1)), op="move")
    inner, mapper = differ.diff(_tokens(toks_a, g.a), _tokens(toks_b, g.b))
    return [Draft(move, (a0, b0)),
            *(Draft(sides.change(e, mapper), (e.a_start, e.b_start), index) for e in inner)]


def reading_order(drafts: list[Draft]) -> list[Draft]:
    """Drafts sorted by position in before (then after); an edit found inside a moved block
    right after its move."""
    order = sorted(range(len(drafts)),
                   key=lambda k: (*drafts[k].pos, drafts[k].move is not None, k))
    new_index = {old: new for new, old in enumerate(order)}
    return [replace(d, move=None if d.move is None else new_index[d.move])
            for d in (drafts[k] for k in order)]


_MIRROR_OP = {"insert": "delete", "delete": "insert", "replace": "replace", "move": "move"}


def mirror(drafts: list[Draft]) -> list[Draft]:
    """The same changes seen the other way round (before ↔ after), in the new reading order."""
    return reading_order([Draft(replace(d.change, op=_MIRROR_OP[d.change.op],
                                        before=d.change.after, after=d.change.before),
                                (d.pos[1], d.pos[0]), d.move) for d in drafts])


class _Sides:
    """Builds the before/after sides of a change from an :class:`Edit`."""

    def __init__(self, doc_a: Document, doc_b: Document) -> None:
        self.doc_a, self.doc_b = doc_a, doc_b
        self.idx_a, self.idx_b = document_index(doc_a), document_index(doc_b)

    def change(self, e: Edit, mapper: Mapper | None = None) -> Change:
        """The change for one edit; ``mapper`` relates the two sides of a diffed pair."""
        a_empty, b_empty = e.a_start == e.a_end, e.b_start == e.b_end
        ca = None if a_empty else self.idx_a.covering(e.a_start, e.a_end)
        cb = None if b_empty else self.idx_b.covering(e.b_start, e.b_end)
        pure = ((a_empty and self._whole(self.idx_b, e.b_start, e.b_end))
                or (b_empty and self._whole(self.idx_a, e.a_start, e.a_end)))
        if mapper is not None and not pure:
            ca, cb = _settle(ca, cb, mapper, self.idx_a, self.idx_b)
        before = self._side(self.doc_a, e.a_start, e.a_end, ca,
                            _anchor(self.doc_a.text, e.a_start, self.idx_b, e.b_start))
        after = self._side(self.doc_b, e.b_start, e.b_end, cb,
                           _anchor(self.doc_b.text, e.b_start, self.idx_a, e.a_start))
        op = "insert" if a_empty else "delete" if b_empty else "replace"
        return Change("", op, before, after)

    @staticmethod
    def _whole(idx: SentenceIndex, start: int, end: int) -> bool:
        return idx.starts_at(start) and idx.ends_at(end)

    @staticmethod
    def _side(doc: Document, start: int, end: int, ctx: Span | None, anchor: int) -> Side | None:
        if ctx is None:
            return None
        if start == end:
            start = end = anchor
        return Side(doc.text[start:end], doc.text[ctx[0]:ctx[1]], start, end,
                    doc.page_at(start), doc.section_at(start), ctx[0])


def _anchor(text: str, pos: int, other: SentenceIndex, other_start: int) -> int:
    """An empty side's anchor sits right after the previous token; when the other side's text
    opens a sentence, it belongs before the next token instead."""
    if other.starts_at(other_start):
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return pos


def _settle(ca: Span | None, cb: Span | None, mapper: Mapper, idx_a: SentenceIndex,
            idx_b: SentenceIndex) -> tuple[Span | None, Span | None]:
    """Widen both contexts until each covers what the other became: when an edit moves a
    sentence boundary ("Sponsors· Sponsor" → "Sponsors. Sponsor"), one sentence on one side
    is two on the other, and both sides show all of them."""
    for _ in range(4):
        na = ca if cb is None else _union(ca, idx_a.covering(*mapper.to_before(*cb)))
        nb = cb if na is None else _union(cb, idx_b.covering(*mapper.to_after(*na)))
        if (na, nb) == (ca, cb):
            break
        ca, cb = na, nb
    return ca, cb


def _union(x: Span | None, y: Span) -> Span:
    return y if x is None else (min(x[0], y[0]), max(x[1], y[1]))


def with_ids(drafts: list[Draft]) -> list[Change]:
    """Give every change a stable id: a hash of its content and how often it occurred before."""
    seen: Counter[str] = Counter()
    taken: set[str] = set()
    out: list[Change] = []
    for d in drafts:
        c = d.change
        content = json.dumps([c.op, *_side_key(c.before), *_side_key(c.after)],
                             ensure_ascii=False)
        seen[content] += 1
        digest = hashlib.sha256(f"{content}#{seen[content]}".encode()).hexdigest()
        n = 8
        while f"c-{digest[:n]}" in taken:
            n += 2
        cid = f"c-{digest[:n]}"
        taken.add(cid)
        move_id = out[d.move].id if d.move is not None else None
        out.append(replace(c, id=cid, move_id=move_id))
    return out


def _side_key(side: Side | None) -> tuple[str, str]:
    return (side.text, side.context) if side else ("", "")
