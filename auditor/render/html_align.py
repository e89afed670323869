"""Rows of the side-by-side view: which block of BEFORE sits next to which block of AFTER.

The comparison says *what* changed; this module only decides how to lay the two documents out
next to each other, in three steps:

1. blocks that a change connects (a replace inside a paragraph) are paired, and blocks taking
   part in a move are kept out of the pairing (they show at their own place on each side,
   linked to each other);
2. a sequence match over the blocks' texts, with the pairs of step 1 as equal keys, lines up
   the unchanged blocks;
3. in the stretches between, the remaining blocks are paired when their texts are similar,
   in order, and the rest become one-sided rows (inserted or deleted blocks).

Runs of unchanged rows are then folded (:func:`fold`), so a long document with few changes
stays short on screen.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from difflib import SequenceMatcher

from auditor.models import Block, Change, Comparison, Document

#: Similarity at which two otherwise unpaired blocks are shown side by side.
PAIR_RATIO = 0.6
#: Stretches larger than this (blocks × blocks) are not searched for similar pairs.
MAX_FUZZY_CELLS = 40_000


@dataclass(frozen=True)
class Row:
    """One row of the side-by-side view: block indices into BEFORE and AFTER (None = absent).

    ``move`` is the id of the move change when the row shows a moved block.
    """

    before: int | None
    after: int | None
    move: str | None = None


class Locator:
    """Finds the blocks of a document that hold given offsets."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._starts = [b.start for b in doc.blocks]

    def index(self, offset: int) -> int:
        """Index of the block holding ``offset`` (or the last one starting before it)."""
        return max(0, bisect_right(self._starts, offset) - 1)

    def spanning(self, start: int, end: int) -> list[int]:
        """Indices of the blocks overlapping ``[start, end)`` (at least the one at start)."""
        first = self.index(start)
        last = max(first, bisect_right(self._starts, max(start, end - 1)) - 1)
        return list(range(first, last + 1))


def align_rows(comparison: Comparison, before: Document, after: Document) -> list[Row]:
    """The rows of the side-by-side view, in reading order of both documents."""
    locb, loca = Locator(before), Locator(after)
    moved_b, moved_a = _moved_blocks(comparison.changes, locb, loca)
    pairs = _change_pairs(comparison.changes, locb, loca, moved_b, moved_a)
    keys_b = [_key(b) for b in before.blocks]
    keys_a = [_key(b) for b in after.blocks]
    for n, (i, j) in enumerate(sorted(pairs.items())):
        keys_b[i] = keys_a[j] = f"\x00pair{n}"
    for i in moved_b:
        keys_b[i] = f"\x00mb{i}"
    for j in moved_a:
        keys_a[j] = f"\x00ma{j}"
    rows: list[Row] = []
    matcher = SequenceMatcher(None, keys_b, keys_a, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows.extend(Row(i1 + k, j1 + k) for k in range(i2 - i1))
        else:
            rows.extend(_stretch(before.blocks, after.blocks, i1, i2, j1, j2, moved_b, moved_a))
    return rows


def _key(block: Block) -> str:
    return re.sub(r"\s+", " ", block.text).strip()


def _moved_blocks(
    changes: tuple[Change, ...], before: Locator, after: Locator
) -> tuple[dict[int, str], dict[int, str]]:
    moved_b: dict[int, str] = {}
    moved_a: dict[int, str] = {}
    for c in changes:
        if c.op == "move" and c.before and c.after:
            for i in before.spanning(c.before.start, c.before.end):
                moved_b.setdefault(i, c.id)
            for j in after.spanning(c.after.start, c.after.end):
                moved_a.setdefault(j, c.id)
    return moved_b, moved_a


def _change_pairs(
    changes: tuple[Change, ...], before: Locator, after: Locator,
    moved_b: dict[int, str], moved_a: dict[int, str],
) -> dict[int, int]:
    """Blocks that an in-place change connects, as before index → after index, in order."""
    pairs: dict[int, int] = {}
    used_a: set[int] = set()
    last_j = -1
    for c in sorted(changes, key=lambda c: c.before.start if c.before else -1):
        if c.op == "move" or c.move_id is not None or not (c.before and c.after):
            continue
        i, j = before.index(c.before.start), after.index(c.after.start)
        if i in moved_b or j in moved_a or i in pairs or j in used_a or j <= last_j:
            continue
        pairs[i] = j
        used_a.add(j)
        last_j = j
    return pairs


def _stretch(
    bblocks: tuple[Block, ...], ablocks: tuple[Block, ...],
    i1: int, i2: int, j1: int, j2: int,
    moved_b: dict[int, str], moved_a: dict[int, str],
) -> list[Row]:
    """Rows for a stretch of blocks that differ: similar blocks paired in order, rest alone."""
    pairs = _similar_pairs(bblocks, ablocks, i1, i2, j1, j2, moved_b, moved_a)
    rows: list[Row] = []
    i, j = i1, j1
    for pi, pj in [*pairs, (i2, j2)]:
        rows.extend(Row(k, None, moved_b.get(k)) for k in range(i, pi))
        rows.extend(Row(None, k, moved_a.get(k)) for k in range(j, pj))
        if pi < i2 and pj < j2:
            rows.append(Row(pi, pj))
        i, j = pi + 1, pj + 1
    return rows


def _similar_pairs(
    bblocks: tuple[Block, ...], ablocks: tuple[Block, ...],
    i1: int, i2: int, j1: int, j2: int,
    moved_b: dict[int, str], moved_a: dict[int, str],
) -> list[tuple[int, int]]:
    """Greedy, order-keeping pairing of similar blocks (ratio ≥ :data:`PAIR_RATIO`)."""
    if (i2 - i1) * (j2 - j1) > MAX_FUZZY_CELLS:
        return []
    pairs: list[tuple[int, int]] = []
    next_j = j1
    for i in range(i1, i2):
        if i in moved_b:
            continue
        matcher = SequenceMatcher(None, autojunk=False)
        matcher.set_seq2(bblocks[i].text)
        for j in range(next_j, j2):
            if j in moved_a:
                continue
            matcher.set_seq1(ablocks[j].text)
            if matcher.real_quick_ratio() >= PAIR_RATIO and matcher.ratio() >= PAIR_RATIO:
                pairs.append((i, j))
                next_j = j + 1
                break
    return pairs


@dataclass(frozen=True)
class Fold:
    """A run of unchanged rows shown collapsed."""

    rows: tuple[Row, ...]


def fold(
    rows: list[Row], changed: set[int], context: int = 1, min_run: int = 4
) -> list[Row | Fold]:
    """Collapse runs of unchanged rows, keeping ``context`` rows next to each change.

    ``changed`` holds the positions (in ``rows``) of rows showing a change.
    """
    out: list[Row | Fold] = []
    run: list[Row] = []

    def flush(at_end: bool) -> None:
        lead = [] if not out else run[:context]
        tail = [] if at_end else run[len(run) - context :] if context else []
        middle = run[len(lead) : len(run) - len(tail)]
        if len(middle) >= min_run:
            out.extend(lead)
            out.append(Fold(tuple(middle)))
            out.extend(tail)
        else:
            out.extend(run)
        run.clear()

    for n, row in enumerate(rows):
        if n in changed:
            flush(at_end=False)
            out.append(row)
        else:
            run.append(row)
    flush(at_end=True)
    return out
