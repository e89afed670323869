"""Hand-made documents and changes for testing classification without a diff engine."""

from __future__ import annotations

from auditor.extract import extract_bytes
from auditor.models import Change, Document, Side
from auditor.sentences import index_for


def doc(text: str) -> Document:
    """A plain-text document (blank lines separate blocks; short lines are headings)."""
    return extract_bytes(text.encode("utf-8"), "handmade.txt")


def side(d: Document, text: str, nth: int = 0) -> Side:
    """The side holding the ``nth`` occurrence of ``text`` in ``d``."""
    i = -1
    for _ in range(nth + 1):
        i = d.text.index(text, i + 1)
    end = i + len(text)
    return Side(text, index_for(d.text).context(i, end), i, end, None, d.section_at(i))


def change(before: Document, b: str | None, after: Document, a: str | None,
           cid: str = "c-1", op: str | None = None, nth: int = 0) -> Change:
    """A change from the text ``b`` in ``before`` to ``a`` in ``after`` (None: no side)."""
    if op is None:
        op = "replace" if b is not None and a is not None else ("insert" if b is None else "delete")
    return Change(cid, op, side(before, b, nth) if b is not None else None,
                  side(after, a, nth) if a is not None else None)
