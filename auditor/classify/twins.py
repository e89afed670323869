"""Pair a block deleted whole with a near-identical block inserted whole.

When an aligner leaves a rewritten paragraph unpaired, the diff shows it as a pure delete
plus a pure insert. Judged alone, the delete looks like a redaction ("sentence removed")
and the insert like a new claim. Judged together they are what they are: a rewrite, or,
when the text is the same, a move. Pairing is greedy by similarity (best first), one twin
per change, deterministic.
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher

from auditor import seqmatch
from auditor.models import Change

#: Least word-level similarity for a deleted and an inserted block to be one rewrite.
TWIN_SIMILARITY = 0.6
#: How far apart (in changes, which come in reading order) twins may be: a rewrite sits
#: where the original was; keeps the pairing linear in the number of changes.
TWIN_WINDOW = 40


def find_twins(changes: Sequence[Change]) -> list[Change | None]:
    """For each change, its twin (or None)."""
    deletes = [i for i, c in enumerate(changes) if _pure(c, "delete")]
    inserts = [j for j, c in enumerate(changes) if _pure(c, "insert")]
    scored: list[tuple[float, int, int]] = []
    for i in deletes:
        b = _words(changes[i], "before")
        for j in inserts:
            if abs(i - j) > TWIN_WINDOW:
                continue
            a = _words(changes[j], "after")
            if not _comparable(b, a):
                continue
            sm = SequenceMatcher(None, b, a, autojunk=False)
            if sm.quick_ratio() < TWIN_SIMILARITY:
                continue
            ratio = seqmatch.ratio(b, a)
            if ratio >= TWIN_SIMILARITY:
                scored.append((-ratio, i, j))
    twins: list[Change | None] = [None] * len(changes)
    for _, i, j in sorted(scored):
        if twins[i] is None and twins[j] is None:
            twins[i], twins[j] = changes[j], changes[i]
    return twins


def _pure(change: Change, op: str) -> bool:
    if change.op != op:
        return False
    return change.after is None if op == "delete" else change.before is None


def _words(change: Change, which: str) -> list[str]:
    side = change.before if which == "before" else change.after
    return side.text.split() if side is not None else []


def _comparable(b: list[str], a: list[str]) -> bool:
    """Lengths close enough for the ratio to reach the threshold at all."""
    if not b or not a:
        return False
    return 2 * min(len(a), len(b)) / (len(a) + len(b)) >= TWIN_SIMILARITY
