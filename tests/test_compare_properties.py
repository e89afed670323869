"""Properties of ``compare`` on generated plain-text documents.

* a document compared with itself has no changes;
* applying the changes to BEFORE gives AFTER (up to white space, which is never a change):
  BEFORE without its deleted spans reads exactly like AFTER without its inserted spans;
* swapping BEFORE and AFTER mirrors every change;
* every side's text and context are where they say they are.
"""

from __future__ import annotations

import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor import compare
from auditor.extract import extract_bytes
from auditor.models import Change, Comparison, Document, Side

WORDS = ("amber basalt cedar delta ember fjord garnet heron iris juniper kestrel lichen "
         "marsh nettle osprey pumice quartz reed sorrel tundra umber vole willow yarrow "
         "zinc 12 40 1.5").split()

word = st.sampled_from(WORDS)
sentence = st.lists(word, min_size=3, max_size=9).map(lambda ws: " ".join(ws).capitalize() + ".")
paragraph = st.lists(sentence, min_size=1, max_size=4)
document = st.lists(paragraph, min_size=1, max_size=6)


@st.composite
def edited(draw: st.DrawFn) -> tuple[list[list[str]], list[list[str]]]:
    """A document and a version of it with a few edits of the kinds reviewers make."""
    before = draw(document)
    after = [list(p) for p in before]
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["word", "insert_sentence", "delete_sentence",
                                     "insert_paragraph", "delete_paragraph", "move", "split",
                                     "merge", "case"]))
        _apply(draw, after, kind)
    return before, [p for p in after if p]


def _apply(draw: st.DrawFn, doc: list[list[str]], kind: str) -> None:
    if not doc:
        doc.append(draw(paragraph))
        return
    p = draw(st.integers(0, len(doc) - 1))
    para = doc[p]
    if kind == "word" and para:
        s = draw(st.integers(0, len(para) - 1))
        ws = para[s].rstrip(".").split()
        ws[draw(st.integers(0, len(ws) - 1))] = draw(word)
        para[s] = " ".join(ws).capitalize() + "."
    elif kind == "insert_sentence":
        para.insert(draw(st.integers(0, len(para))), draw(sentence))
    elif kind == "delete_sentence" and len(para) > 1:
        del para[draw(st.integers(0, len(para) - 1))]
    elif kind == "insert_paragraph":
        doc.insert(p, draw(paragraph))
    elif kind == "delete_paragraph" and len(doc) > 1:
        del doc[p]
    elif kind == "move" and len(doc) > 1:
        doc.insert(draw(st.integers(0, len(doc) - 1)), doc.pop(p))
    elif kind == "split" and len(para) > 1:
        k = draw(st.integers(1, len(para) - 1))
        doc[p:p + 1] = [para[:k], para[k:]]
    elif kind == "merge" and p + 1 < len(doc):
        doc[p:p + 2] = [para + doc[p + 1]]
    elif kind == "case" and para:
        para[0] = para[0].upper()


def as_doc(paras: list[list[str]], name: str) -> Document:
    text = "\n\n".join(" ".join(p) for p in paras if p) + "\n"
    return extract_bytes(text.encode(), name, fmt="text")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _cut(text: str, spans: list[tuple[int, int]]) -> str:
    out, pos = [], 0
    for s, e in sorted(spans):
        out.append(text[pos:s])
        pos = max(pos, e)
    out.append(text[pos:])
    return "".join(out)


def _check_side(doc: Document, side: Side | None) -> None:
    if side is None:
        return
    assert doc.text[side.start:side.end] == side.text
    cs = side.context_start
    assert cs is not None and doc.text[cs:cs + len(side.context)] == side.context
    assert cs <= side.start <= side.end <= cs + len(side.context)


SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(document)
def test_a_document_compared_with_itself_has_no_changes(paras: list[list[str]]) -> None:
    doc = as_doc(paras, "x.txt")
    assert compare(doc, doc).changes == ()


@SETTINGS
@given(edited())
def test_applying_the_changes_to_before_gives_after(pair: Any) -> None:
    a, b = as_doc(pair[0], "before.txt"), as_doc(pair[1], "after.txt")
    result = compare(a, b)
    top = [c for c in result.changes if c.move_id is None]
    for c in result.changes:
        _check_side(a, c.before)
        _check_side(b, c.after)
    deleted = [(c.before.start, c.before.end) for c in top if c.before and c.op != "insert"]
    inserted = [(c.after.start, c.after.end) for c in top if c.after and c.op != "delete"]
    assert _squash(_cut(a.text, deleted)) == _squash(_cut(b.text, inserted))


MIRROR = {"insert": "delete", "delete": "insert", "replace": "replace", "move": "move"}


def _key(c: Change, swap: bool) -> tuple[Any, ...]:
    sides = (c.after, c.before) if swap else (c.before, c.after)
    return (MIRROR[c.op] if swap else c.op, c.move_id is not None,
            *[(s.text, s.start, s.end, s.context) if s else None for s in sides])


def _mirrored(forward: Comparison, backward: Comparison) -> bool:
    return sorted(map(repr, (_key(c, False) for c in forward.changes))) == \
        sorted(map(repr, (_key(c, True) for c in backward.changes)))


@SETTINGS
@given(edited())
def test_swapping_before_and_after_mirrors_every_change(pair: Any) -> None:
    a, b = as_doc(pair[0], "before.txt"), as_doc(pair[1], "after.txt")
    assert _mirrored(compare(a, b), compare(b, a))
