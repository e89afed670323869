"""What every human-readable renderer shows for a change: its sentence with the old and new
words marked inline, and the words of the summary.

A change becomes one or two lines of :data:`Piece` s. When the words around the change read
the same in both versions, one merged line shows ``…prefix [-old-]{+new+} suffix…``;
otherwise a before line and an after line. A single-word typo is marked letter by letter.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Literal

from auditor.diff import letter_detail
from auditor.models import CLASSES, OPS, Change, Comparison, Side

Kind = Literal["same", "del", "ins"]
Piece = tuple[Kind, str]
Line = list[Piece]


def change_lines(change: Change) -> list[tuple[str, Line]]:
    """``(label, pieces)`` lines for a change; label is "" for a merged line, else
    "before"/"after"."""
    b, a = change.before, change.after
    if change.op == "move":
        return [("", [("same", _shown(b or a))])]
    if b is not None and a is not None:
        pre_b, post_b = _around(b)
        pre_a, post_a = _around(a)
        if pre_b.rstrip() == pre_a.rstrip() and post_b.lstrip() == post_a.lstrip():
            pre = pre_b.rstrip() + _space(pre_b[-1:] + pre_a[-1:])
            post = _space(post_b[:1] + post_a[:1]) + post_b.lstrip()
            return [("", [("same", pre), *_word_edit(b.text, a.text), ("same", post)])]
        return [("before", [("same", pre_b), ("del", b.text), ("same", post_b)]),
                ("after", [("same", pre_a), ("ins", a.text), ("same", post_a)])]
    side = a if a is not None else b
    kind: Kind = "ins" if a is not None else "del"
    assert side is not None
    pre, post = _around(side)
    return [("", [("same", pre), (kind, side.text), ("same", post)])]


def _space(chars: str) -> str:
    return " " if any(c.isspace() for c in chars) else ""


def _around(side: Side) -> tuple[str, str]:
    """The context before and after the changed text."""
    cs = side.context_start
    if cs is None:
        at = side.context.find(side.text) if side.text else -1
        if at < 0:
            return side.context + " ", ""
        return side.context[:at], side.context[at + len(side.text):]
    return side.context[: side.start - cs], side.context[side.end - cs:]


def _word_edit(old: str, new: str) -> Line:
    letters = letter_detail(old, new)
    if letters is None:  # old words, a space for the eye, new words
        return [("del", old), ("same", " " if old and new else ""), ("ins", new)]
    kinds: dict[int, Kind] = {-1: "del", 0: "same", 1: "ins"}
    return [(kinds[op], text) for op, text in letters]


def _shown(side: Side | None) -> str:
    return side.text if side is not None else ""


def location(change: Change) -> str:
    """"p. 3 → p. 4 · §2. Methods" — where the change sits on each side."""
    parts = []
    pages = [_page(s) for s in (change.before, change.after)]
    if any(pages):
        parts.append(" → ".join(p or "–" for p in pages))
    sections = {s.section for s in (change.before, change.after) if s and s.section}
    if sections:
        sec = [s.section for s in (change.before, change.after) if s and s.section]
        parts.append("§ " + (sec[0] if len(sections) == 1 else " → ".join(sec)))
    return " · ".join(parts)


def _page(side: Side | None) -> str | None:
    return f"p. {side.page}" if side is not None and side.page is not None else None


def counts_line(cmp: Comparison) -> str:
    """"9 changes: 1 redaction, 6 material, 2 editorial · 5 replace, 1 insert, …"."""
    n = len(cmp.changes)
    if not n:
        return "No changes."
    by_cls = Counter(c.cls for c in cmp.changes)
    by_op = Counter(c.op for c in cmp.changes)
    cls = ", ".join(f"{by_cls[c]} {c}" for c in CLASSES if by_cls[c])
    ops = ", ".join(f"{by_op[o]} {o}" for o in OPS if by_op[o])
    line = f"{n} change{'s' * (n != 1)}: {cls} · {ops}"
    pages = pages_line(cmp)
    return f"{line} · {pages}" if pages else line


def pages_line(cmp: Comparison) -> str:
    """The pages with changes, per side ("pages 1, 3–4 → 1, 3")."""
    sides = []
    for which in ("before", "after"):
        pages = sorted({s.page for c in cmp.changes
                        if (s := getattr(c, which)) is not None and s.page is not None})
        sides.append(_ranges(pages))
    if not any(sides):
        return ""
    return "pages " + " → ".join(s or "–" for s in sides)


def _ranges(pages: list[int]) -> str:
    out: list[str] = []
    for p in pages:
        if out and out[-1].split("–")[-1] == str(p - 1):
            out[-1] = f"{out[-1].split('–')[0]}–{p}"
        else:
            out.append(str(p))
    return ", ".join(out)


def conclusions_line(cmp: Comparison) -> str:
    """The verdict on the conclusions, first thing in every format."""
    c = cmp.conclusions
    if not c.statements:
        return "Conclusions: no conclusion statements identified."
    touched = Counter(s.status for s in c.statements if s.status != "unchanged")
    if not c.changed:
        return f"Conclusions: unchanged ({len(c.statements)} statements checked)."
    detail = ", ".join(f"{n} {status}" for status, n in sorted(touched.items()))
    if not detail:
        detail = "a material change sits in a conclusion"
    return f"Conclusions: CHANGED ({detail})."


def changed_statements(cmp: Comparison) -> list[tuple[str, str, str]]:
    """``(status, text, change ids)`` of every conclusion statement that did not stay
    unchanged, in the order the comparison lists them."""
    return [(s.status, " ".join(s.text.split()), ", ".join(s.change_ids))
            for s in cmp.conclusions.statements if s.status != "unchanged"]


def class_groups(changes: Sequence[Change]) -> dict[int, str]:
    """Where each class's group starts: ``{index of its first change: "Material (4)"}``
    (changes come ordered by class)."""
    counts = Counter(c.cls for c in changes)
    starts: dict[int, str] = {}
    for i, c in enumerate(changes):
        if i == 0 or changes[i - 1].cls != c.cls:
            starts[i] = f"{c.cls.capitalize()} ({counts[c.cls]})"
    return starts
