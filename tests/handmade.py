"""Hand-made documents and changes for testing classification without a diff engine.

Changes follow the conventions of ``auditor.compare``: a side is None only for a pure
insert or delete of whole sentences or blocks; words inserted into or deleted from a
sentence leave an empty side whose span marks the place.
"""

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
    return _side(d, text, i)


def _side(d: Document, text: str, i: int) -> Side:
    end = i + len(text)
    return Side(text, index_for(d.text).context(i, end), i, end, None, d.section_at(i))


def _anchor(src: Document, src_side: Side, dst: Document) -> Side:
    """The empty side in ``dst`` where ``src_side``'s text was taken out or put in."""
    for n in (25, 12, 6, 3):
        lead = src.text[max(0, src_side.start - n):src_side.start]
        if not lead:
            return _side(dst, "", 0)
        if dst.text.count(lead) == 1:
            return _side(dst, "", dst.text.index(lead) + len(lead))
    raise ValueError(f"no anchor for {src_side.text!r}")


def change(before: Document, b: str | None, after: Document, a: str | None,
           cid: str = "c-1", op: str | None = None, nth: int = 0,
           pure: bool | None = None) -> Change:
    """A change from the text ``b`` in ``before`` to ``a`` in ``after``.

    ``None`` for ``b`` or ``a`` is an insert or delete: inside a sentence (an empty side)
    unless ``pure`` (by default: when the text is whole sentences, as compare does it).
    """
    if op is None:
        op = "replace" if b is not None and a is not None else ("insert" if b is None else "delete")
    bs = side(before, b, nth) if b is not None else None
    as_ = side(after, a, nth) if a is not None else None
    if pure is None:
        present = bs or as_
        pure = present is not None and present.text.strip() == present.context
    if not pure and bs is None and as_ is not None:
        bs = _anchor(after, as_, before)
    if not pure and as_ is None and bs is not None:
        as_ = _anchor(before, bs, after)
    return Change(cid, op, bs, as_)
