"""difflib's sequence matching, bounded for repetitive input.

``difflib.SequenceMatcher`` (without autojunk, which would ignore common words) spends, on
each longest-match search, one step per pair of equal items: on ordinary text that is close
to linear, on a paragraph of 4,000 ``1,`` it is 16 million steps a search, and a comparison
took minutes. Here the common start and end are set aside first (an edit in a long text
leaves most of it there), and when the rest would still cost more than :data:`BUDGET`
steps a search, it is reported as one replaced stretch: coarse, but only for input no
reader would call prose, and the same on every run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from difflib import SequenceMatcher

#: Most steps one longest-match search may take (pairs of equal items) before the middle of
#: two sequences is taken as one replaced stretch.
BUDGET = 2_000_000

Opcode = tuple[str, int, int, int, int]


def opcodes(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[Opcode]:
    """``SequenceMatcher(None, a, b, autojunk=False).get_opcodes()``, bounded."""
    head, tail = _common_ends(a, b)
    ea, eb = len(a) - tail, len(b) - tail
    out: list[Opcode] = [("equal", 0, head, 0, head)] if head else []
    if head < ea or head < eb:
        if _cost(a[head:ea], b[head:eb]) > BUDGET:
            tag = "replace" if head < ea and head < eb else "delete" if head < ea else "insert"
            out.append((tag, head, ea, head, eb))
        else:
            sm = SequenceMatcher(None, a[head:ea], b[head:eb], autojunk=False)
            out.extend((t, i1 + head, i2 + head, j1 + head, j2 + head)
                       for t, i1, i2, j1, j2 in sm.get_opcodes())
    if tail:
        out.append(("equal", ea, len(a), eb, len(b)))
    return _merged(out)


def matched(a: Sequence[Hashable], b: Sequence[Hashable]) -> int:
    """How many items the two sequences share in order (as :func:`opcodes` aligns them)."""
    return sum(i2 - i1 for t, i1, i2, _, _ in opcodes(a, b) if t == "equal")


def ratio(a: Sequence[Hashable], b: Sequence[Hashable]) -> float:
    """``SequenceMatcher.ratio()``, bounded: twice the matched items over all items."""
    total = len(a) + len(b)
    return 2.0 * matched(a, b) / total if total else 1.0


def _common_ends(a: Sequence[Hashable], b: Sequence[Hashable]) -> tuple[int, int]:
    n = min(len(a), len(b))
    head = 0
    while head < n and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < n - head and a[len(a) - 1 - tail] == b[len(b) - 1 - tail]:
        tail += 1
    return head, tail


def _cost(a: Sequence[Hashable], b: Sequence[Hashable]) -> int:
    """Steps of one longest-match search over the whole of ``a`` and ``b``."""
    counts = Counter(b)
    return sum(counts.get(x, 0) for x in a)


def _merged(ops: list[Opcode]) -> list[Opcode]:
    """Adjacent opcodes of the same tag joined (the trimmed ends meet difflib's own)."""
    out: list[Opcode] = []
    for op in ops:
        if out and out[-1][0] == op[0]:
            t, i1, _, j1, _ = out[-1]
            out[-1] = (t, i1, op[2], j1, op[4])
        else:
            out.append(op)
    return out
