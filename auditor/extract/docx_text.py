"""The visible text of one WordprocessingML paragraph, in the "all changes accepted" view.

Word keeps more in a paragraph than a reader sees. Read in document order:

* insertions (``w:ins``, ``w:moveTo``) are kept, deletions (``w:del``, ``w:moveFrom``) dropped;
* field codes (``w:instrText`` between ``begin`` and ``separate``) are dropped, the field's
  shown result is kept, except page-number fields whose result becomes ``N`` / ``M``;
* hidden runs (``w:vanish``), comment marks and a note's own number mark are dropped;
* a footnote or endnote reference reads as its number, counted in order of reference;
* tabs read as spaces, line breaks as newlines (joined into one line by the caller unless the
  paragraph is code), no-break hyphens as ``-``.

Text boxes anchored in the paragraph are returned separately: they are blocks of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import lxml.etree as etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def w(tag: str) -> str:
    """The qualified name of a WordprocessingML element."""
    return f"{{{W}}}{tag}"


_SKIP = frozenset(
    [w("del"), w("moveFrom"), w("delText"), w("delInstrText"), w("rPr"), w("pPr"),
     w("sdtPr"), w("sdtEndPr"), w("footnoteRef"), w("endnoteRef"), w("annotationRef"),
     w("commentReference"), f"{{{MC}}}Fallback"]
)
_TRACKED = frozenset([w("ins"), w("del"), w("moveFrom"), w("moveTo")])
_PAGE_FIELDS = {"PAGE": "N", "NUMPAGES": "M", "SECTIONPAGES": "M"}


@dataclass
class NoteCounter:
    """Numbers footnote and endnote references in the order a reader meets them."""

    order: list[tuple[str, str]] = field(default_factory=list)  # (kind, id) in order

    def number(self, kind: str, note_id: str) -> int:
        key = (kind, note_id)
        if key not in self.order:
            self.order.append(key)
        return self.order.index(key) + 1


@dataclass
class ParagraphText:
    """What :func:`paragraph_text` found in one paragraph."""

    text: str
    textboxes: list[etree._Element] = field(default_factory=list)
    tracked: bool = False  # the paragraph holds tracked insertions or deletions


@dataclass
class _Field:
    instruction: list[str] = field(default_factory=list)
    in_result: bool = False
    replaced: bool = False


def paragraph_text(p: etree._Element, notes: NoteCounter) -> ParagraphText:
    """The accepted-view text of the paragraph element ``p``."""
    out: list[str] = []
    found = ParagraphText("")
    fields: list[_Field] = []
    walker = etree.iterwalk(p, events=("start",))
    for _, el in walker:
        tag = el.tag
        if tag in _TRACKED:
            found.tracked = True
        if tag in _SKIP or (tag == w("r") and _is_hidden_run(el)):
            walker.skip_subtree()
            continue
        if tag == w("txbxContent"):
            found.textboxes.append(el)
            walker.skip_subtree()
            continue
        if tag == w("fldChar"):
            _field_char(el, fields)
        elif tag == w("instrText"):
            if fields:
                fields[-1].instruction.append(el.text or "")
        elif not fields or fields[-1].in_result:
            piece = _piece(el, notes, fields)
            if piece:
                out.append(piece)
    found.text = "".join(out)
    return found


def _field_char(el: etree._Element, fields: list[_Field]) -> None:
    kind = el.get(w("fldCharType"))
    if kind == "begin":
        fields.append(_Field())
    elif kind == "separate" and fields:
        fields[-1].in_result = True
    elif kind == "end" and fields:
        fields.pop()


def _piece(el: etree._Element, notes: NoteCounter, fields: list[_Field]) -> str | None:
    tag = el.tag
    if tag == w("t") or tag == f"{{{M}}}t":
        return _field_result(el.text or "", fields)
    if tag in (w("tab"), w("ptab")):
        return "\t"
    if tag in (w("br"), w("cr")):
        return "\n" if el.get(w("type")) in (None, "textWrapping") else " "
    if tag == w("noBreakHyphen"):
        return "-"
    if tag == w("footnoteReference"):
        return str(notes.number("footnote", el.get(w("id")) or ""))
    if tag == w("endnoteReference"):
        return str(notes.number("endnote", el.get(w("id")) or ""))
    if tag == w("sym"):
        return _symbol(el.get(w("char")) or "")
    return None


def _field_result(text: str, fields: list[_Field]) -> str:
    """A page-number field shows ``N`` (``M`` for the page count) instead of its cached
    number, so that headers and footers compare equal across pages."""
    if not fields:
        return text
    top = fields[-1]
    name = "".join(top.instruction).strip().split(" ")[0].upper()
    if name in _PAGE_FIELDS:
        if top.replaced:
            return ""
        top.replaced = True
        return _PAGE_FIELDS[name]
    return text


def _symbol(code: str) -> str:
    try:
        value = int(code, 16)
    except ValueError:
        return ""
    # Symbol fonts map their glyphs to the private use area; the character means nothing.
    return "" if 0xE000 <= value <= 0xF8FF or value < 32 else chr(value)


def _is_hidden_run(r: etree._Element) -> bool:
    vanish = r.find(f"{w('rPr')}/{w('vanish')}")
    return vanish is not None and vanish.get(w("val"), "true") not in ("0", "false", "off")


def has_tracked_changes(root: etree._Element) -> bool:
    """True when the part holds tracked insertions, deletions, moves or formatting changes."""
    for tag in ("ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange"):
        if root.find(f".//{w(tag)}") is not None:
            return True
    return False
