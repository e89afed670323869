"""Escaping and marking of document text for the HTML report.

Document text is hostile input: it may hold markup (``<script>``, ``</style>``), links with
``javascript:``, and characters that hide or reorder text (bidi overrides, zero-width spaces,
tag characters, lone surrogates). Every piece of text that reaches the page goes through
:func:`esc` (element content) or :func:`attr` (attribute values): markup is escaped, and the
invisible characters are shown as a visible ``[U+202E]`` label, so a reviewer sees what is
really in the file ("Trojan Source" style reordering cannot hide a change).

:func:`marked` renders a stretch of document text with the changed spans wrapped in
``<del>``/``<ins>``.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

# Controls and invisible formatting characters, shown as labels instead of being obeyed:
# C0/C1 controls (tab and newline kept), soft hyphen, Arabic letter mark, Mongolian vowel
# separator, zero-width space, LRM/RLM, line/paragraph separators, bidi embeddings/overrides/
# isolates, word joiner and invisible operators, BOM, interlinear annotation marks,
# noncharacters, lone surrogates and tag characters. ZWJ/ZWNJ (U+200C/D) are left alone:
# emoji and several scripts need them.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b\u200e\u200f\u2028-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ufffe\uffff\ud800-\udfff"
    "\U000e0000-\U000e007f]"
)


def _label(ch: str) -> str:
    code = f"U+{ord(ch):04X}"
    name = unicodedata.name(ch, "")
    if not name:
        name = "SURROGATE" if 0xD800 <= ord(ch) <= 0xDFFF else "CONTROL"
    return f"{code} {name}"


def esc(text: str) -> str:
    """Escape ``text`` for element content; invisible characters become visible labels."""
    out: list[str] = []
    pos = 0
    for m in _INVISIBLE.finditer(text):
        out.append(html.escape(text[pos : m.start()], quote=True))
        label = _label(m.group())
        code = label.split(" ", 1)[0]
        out.append(f'<abbr class="ctl" title="{label}">[{code}]</abbr>')
        pos = m.end()
    out.append(html.escape(text[pos:], quote=True))
    return "".join(out)


def attr(text: str) -> str:
    """Escape ``text`` for a double-quoted attribute value; invisible characters as ``[U+…]``."""
    plain = _INVISIBLE.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)
    return html.escape(plain, quote=True)


def clean(text: str) -> str:
    """``text`` safe to encode as UTF-8 (lone surrogates replaced); for plain-text uses."""
    return re.sub("[\ud800-\udfff]", "\ufffd", text)


def shorten(text: str, limit: int = 160) -> str:
    """``text`` cut to ``limit`` characters at a word boundary, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] or text[:limit]
    return cut + "…"


@dataclass(frozen=True)
class Mark:
    """A changed span of one document, ``start``/``end`` in that document's text."""

    start: int
    end: int
    tag: str  # del | ins
    key: str  # html-safe id of the change
    cls: str  # redaction | material | editorial
    title: str  # tooltip: class, operation, reason


class Anchors:
    """Hands out one element id per change and view: the first mark of a change gets it."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self._seen: set[str] = set()

    def take(self, key: str) -> str | None:
        """The id for the change ``key`` if it has none in this view yet, else None."""
        if key in self._seen:
            return None
        self._seen.add(key)
        return f"{self.prefix}-{key}"


def clip(marks: Sequence[Mark], start: int, end: int) -> list[Mark]:
    """The marks overlapping ``[start, end)``, clipped to it, sorted, overlaps removed."""
    out: list[Mark] = []
    pos = start
    for m in sorted(marks, key=lambda m: (m.start, m.end, m.key)):
        s, e = max(m.start, start, pos), min(m.end, end)
        if s < e or (m.start == m.end and start <= m.start <= end and m.start >= pos):
            out.append(Mark(s, max(s, e), m.tag, m.key, m.cls, m.title))
            pos = max(s, e)
    return out


def mark_html(m: Mark, inner: str, anchors: Anchors) -> str:
    """One ``<del>``/``<ins>`` element for a mark around already-escaped ``inner``."""
    ident = anchors.take(m.key)
    anchor = f' id="{ident}" tabindex="-1"' if ident else ""
    title = attr(m.title)
    if not inner:  # where text went missing (or will appear) on this side: a caret
        word = "text deleted here" if m.tag == "ins" else "text inserted here"
        return (f'<span class="chg caret k-{m.cls}" data-c="{m.key}" title="{word}: {title}"'
                f'{anchor}><span class="sr">{word}</span><span aria-hidden="true">‸</span>'
                "</span>")
    word = "deleted" if m.tag == "del" else "inserted"
    return (
        f'<{m.tag} class="chg k-{m.cls}" data-c="{m.key}" title="{title}"{anchor}>'
        f'<span class="sr">{word}: </span>{inner}</{m.tag}>'
    )


def marked(text: str, base: int, marks: Sequence[Mark], anchors: Anchors) -> str:
    """``text`` (which starts at offset ``base`` of its document) with ``marks`` applied."""
    out: list[str] = []
    pos = 0
    for m in clip(marks, base, base + len(text)):
        s, e = m.start - base, m.end - base
        out.append(esc(text[pos:s]))
        out.append(mark_html(m, esc(text[s:e]), anchors))
        pos = e
    out.append(esc(text[pos:]))
    return "".join(out)


def redline(
    before: str, bbase: int, bmarks: Sequence[Mark],
    after: str, abase: int, amarks: Sequence[Mark], anchors: Anchors,
) -> str:
    """One paragraph as a redline: the after text with deletions put back where they were.

    Text outside the marks is the same on both sides, so a position is described by how many
    unchanged characters precede it; that count places each deletion inside the after text.
    """
    bm, am = clip(bmarks, bbase, bbase + len(before)), clip(amarks, abase, abase + len(after))
    events: dict[str, tuple[int, int, list[Mark], list[Mark]]] = {}
    for order, (m, marks, base) in enumerate(
        [(m, am, abase) for m in am] + [(m, bm, bbase) for m in bm]
    ):
        coord = _unchanged_before(marks, m.start, base)
        ev = events.setdefault(m.key, (coord, order, [], []))
        (ev[2] if m.tag == "del" else ev[3]).append(m)
    unchanged = _unchanged_text(after, abase, am)
    out: list[str] = []
    pos = 0
    for coord, _order, dels, inss in sorted(events.values(), key=lambda e: (e[0], e[1])):
        coord = min(max(coord, pos), len(unchanged))
        out.append(esc(unchanged[pos:coord]))
        pos = coord
        for m in dels:  # empty spans only placed the change; the other side shows it
            if m.end > m.start or not inss:
                out.append(mark_html(m, esc(before[m.start - bbase : m.end - bbase]), anchors))
        for m in inss:
            if m.end > m.start or not dels:
                out.append(mark_html(m, esc(after[m.start - abase : m.end - abase]), anchors))
    out.append(esc(unchanged[pos:]))
    return "".join(out)


def _unchanged_before(marks: Sequence[Mark], offset: int, base: int) -> int:
    """How many characters outside ``marks`` precede ``offset`` in a block starting at base."""
    covered = sum(min(m.end, offset) - m.start for m in marks if m.start < offset)
    return offset - base - covered


def _unchanged_text(text: str, base: int, marks: Sequence[Mark]) -> str:
    parts: list[str] = []
    pos = 0
    for m in marks:
        parts.append(text[pos : m.start - base])
        pos = m.end - base
    parts.append(text[pos:])
    return "".join(parts)
