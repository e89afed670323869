"""The ``pdfium`` engine (pypdfium2): lines with real character boxes, fast.

pdfium's text page already orders characters, inserts spaces and breaks lines (``\\r\\n``).
Asking for the box of every character costs a foreign call each, too slow for a 350-page
book, so a page is read as one string and only the first and last character of each *word*
is measured (loose boxes: font ascent to descent)::

    "Every compiled trace ... pro\\ufffegram to nested"      one pdfium line
     └word┘ └──word──┘         └─word─┘└word┘
       box    box                 box     box   ──▶ split at \\ufffe and at wide gaps

Where pdfium joined a hyphenated line end it writes U+FFFE and no line break; the line is
split there again so that each piece keeps its own box.
"""

from __future__ import annotations

import ctypes
import math
import re
from collections.abc import Iterator
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from auditor.errors import CorruptFileError, EncryptedError, NoTextError
from auditor.extract.pdf_engines import PDFIUM_HYPHEN_MARKS, Line, PageText, PageView
from auditor.extract.sniff import RawInput

_WORD = re.compile(r"[^ \r\n]+")
_LINE_END = re.compile(r"\r\n|[\r\n]|[\ufffe\x02]")
_BOLD_NAME = re.compile(r"bold|black|heavy|demi|semibold", re.IGNORECASE)
#: A gap wider than this many text heights separates two fragments of a line.
_MAX_GAP = 1.5
_FONT_BUF = 160


def open_with_pdfium(raw: RawInput, password: str | None) -> PdfiumPdf:
    """Open ``raw``; the empty password is tried when none is given."""
    try:
        doc = pdfium.PdfDocument(raw.data, password=password)
    except pdfium.PdfiumError as exc:
        raise _load_error(raw, password, getattr(exc, "err_code", None)) from None
    return PdfiumPdf(doc)


def _load_error(raw: RawInput, password: str | None, code: int | None) -> Exception:
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        if password:
            return EncryptedError(f"{raw.name}: wrong password for this encrypted PDF",
                                  "check the value given with --password")
        return EncryptedError(f"{raw.name}: the PDF is encrypted",
                              "pass its password with --password")
    if code == pdfium_c.FPDF_ERR_SUCCESS:
        return NoTextError(f"{raw.name}: the PDF has no pages", "nothing to extract")
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return EncryptedError(f"{raw.name}: the PDF uses an unsupported security handler",
                              "remove the encryption first (e.g. qpdf --decrypt)")
    return CorruptFileError(f"{raw.name}: damaged or truncated PDF, cannot be read",
                            "re-export it, or try to repair it with qpdf")


class PdfiumPdf:
    """A PDF opened with pdfium."""

    engine = "pdfium"

    def __init__(self, doc: pdfium.PdfDocument) -> None:
        self._doc = doc
        self._font = ctypes.create_string_buffer(_FONT_BUF)
        self._flags = ctypes.c_int()
        self._rect = pdfium_c.FS_RECTF()
        self._rect_ref = ctypes.byref(self._rect)
        self._matrix = pdfium_c.FS_MATRIX()
        self._x, self._y = ctypes.c_double(), ctypes.c_double()

    @property
    def page_count(self) -> int:
        return len(self._doc)

    def pages(self) -> Iterator[PageText]:
        for i in range(self.page_count):
            page = self._doc[i]
            try:
                yield self._read_page(page, i + 1)
            finally:
                page.close()

    def title(self) -> str | None:
        try:
            return str(self._doc.get_metadata_value("Title")) or None
        except (pdfium.PdfiumError, UnicodeDecodeError, ValueError):
            return None

    def close(self) -> None:
        self._doc.close()

    # -- one page -------------------------------------------------------------------------

    def _read_page(self, page: Any, number: int) -> PageText:
        crop = page.get_cropbox()
        view = PageView(crop, page.get_rotation())
        result = PageText(number, view.width, view.height, to_pdf=view.to_pdf)
        textpage = page.get_textpage()
        try:
            tp = textpage.raw
            text = textpage.get_text_range()
            index = _index_map(tp, text)
            for a, b in _line_spans(text):
                for line in self._read_line(tp, text, a, b, index, view):
                    (result.lines if view.inside(line) else result.outside).append(line)
        finally:
            textpage.close()
        return result

    def _read_line(self, tp: Any, text: str, a: int, b: int, index: _Index,
                   view: PageView) -> list[Line]:
        spans = [(m.start(), m.end()) for m in _WORD.finditer(text, a, b)]
        if not spans:
            return []
        words = self._words(tp, spans, index)
        if not view.identity:
            words = [(a, b, *view.box(x0, y0, x1, y1)) for a, b, x0, y0, x1, y1 in words]
        if not any(view.inside_box(w[2], w[3], w[4], w[5]) for w in words):
            return [_outside(text, a, b, words)]
        out: list[Line] = []
        rotated: list[_Word] = []
        for group in _split_at_gaps(words):
            angle = view.angle(pdfium_c.FPDFText_GetCharAngle(tp, index(group[0][0])))
            if angle:
                rotated.extend(group)
                continue
            if rotated:
                out.append(self._rotated(tp, text, rotated, index, view))
                rotated = []
            out.append(self._fragment(tp, group, text, index, view))
        if rotated:
            out.append(self._rotated(tp, text, rotated, index, view))
        return out

    def _words(self, tp: Any, spans: list[tuple[int, int]], index: _Index) -> list[_Word]:
        """``(start, end, x0, y0, x1, y1)`` of each word in page space, from the loose boxes
        of its first and last characters (the hot loop of the engine: kept lean)."""
        rc = self._rect
        ref = self._rect_ref
        loose_box = pdfium_c.FPDFText_GetLooseCharBox
        direct = index is _identity
        out = []
        for a, b in spans:
            loose_box(tp, a if direct else index(a), ref)
            left, bottom, top = rc.left, rc.bottom, rc.top
            if b - a > 1:
                loose_box(tp, b - 1 if direct else index(b - 1), ref)
            out.append((a, b, left, min(bottom, rc.bottom), rc.right, max(top, rc.top)))
        return out

    def _fragment(self, tp: Any, words: list[_Word], text: str, index: _Index,
                  view: PageView) -> Line:
        """A line fragment: its text, box (the baseline and the font size give its height:
        loose boxes do not, some fonts declare no descent), and weight."""
        a, b = words[0][0], words[-1][1]
        i = index(a)
        size = self._font_size(tp, i)
        pdfium_c.FPDFText_GetCharOrigin(tp, i, self._x, self._y)
        base = view.box(self._x.value, self._y.value, self._x.value, self._y.value)[1]
        return Line(_line_text(text, a, b), words[0][2], base - 0.22 * size,
                    max(w[4] for w in words), base + 0.78 * size, round(size, 1),
                    bold=self._is_bold(tp, i) and self._is_bold(tp, index(b - 1)))

    def _rotated(self, tp: Any, text: str, words: list[_Word], index: _Index,
                 view: PageView) -> Line:
        """Rotated words (a stamp, a watermark, a vertical label) as one fragment."""
        a, b = words[0][0], words[-1][1]
        angle = view.angle(pdfium_c.FPDFText_GetCharAngle(tp, index(a)))
        return Line(_line_text(text, a, b), min(w[2] for w in words), min(w[3] for w in words),
                    max(w[4] for w in words), max(w[5] for w in words),
                    round(self._font_size(tp, index(a)), 1), angle=angle)

    def _font_size(self, tp: Any, i: int) -> float:
        """The size the text is printed at: the font size times the scale of its matrix."""
        m = self._matrix
        size = pdfium_c.FPDFText_GetFontSize(tp, i)
        if pdfium_c.FPDFText_GetMatrix(tp, i, m):
            size *= math.sqrt(abs(m.a * m.d - m.b * m.c)) or 1.0
        return size if size > 0 else 1.0

    def _is_bold(self, tp: Any, i: int) -> bool:
        if pdfium_c.FPDFText_GetFontWeight(tp, i) >= 600:
            return True
        n = pdfium_c.FPDFText_GetFontInfo(tp, i, self._font, _FONT_BUF, ctypes.byref(self._flags))
        return n > 0 and bool(_BOLD_NAME.search(self._font.value.decode("latin-1")))


_Index = Any  # callable: text index -> pdfium char index
_Word = tuple[int, int, float, float, float, float]


def _index_map(tp: Any, text: str) -> _Index:
    """Text index → pdfium char index: the identity unless pdfium inserted or dropped
    characters when producing the text (rare)."""
    if len(text) == pdfium_c.FPDFText_CountChars(tp):
        return _identity
    return lambda i: max(0, pdfium_c.FPDFText_GetCharIndexFromTextIndex(tp, i))


def _identity(i: int) -> int:
    return i


def _line_spans(text: str) -> Iterator[tuple[int, int]]:
    """Spans of pdfium's lines; a hyphenation mark ends its line (and stays in it)."""
    pos = 0
    for m in _LINE_END.finditer(text):
        end = m.end() if m.group() in PDFIUM_HYPHEN_MARKS else m.start()
        if end > pos:
            yield pos, end
        pos = m.end()
    if pos < len(text):
        yield pos, len(text)


def _split_at_gaps(words: list[_Word]) -> list[list[_Word]]:
    """Break a line where a gap is wider than a word space or the baseline jumps."""
    groups = [[words[0]]]
    for w in words[1:]:
        prev = groups[-1][-1]
        h = max(w[5] - w[3], prev[5] - prev[3], 1.0)
        same_row = abs(w[3] + w[5] - prev[3] - prev[5]) < h
        if same_row and -h < w[2] - prev[4] <= _MAX_GAP * h:
            groups[-1].append(w)
        else:
            groups.append([w])
    return groups


def _outside(text: str, a: int, b: int, words: list[_Word]) -> Line:
    """A line off the visible page (printer slug, crop-mark label): only its text matters."""
    w = words[0]
    return Line(_line_text(text, a, b), w[2], w[3], words[-1][4], w[5], w[5] - w[3])


def _line_text(text: str, a: int, b: int) -> str:
    """The text of a fragment, with pdfium's hyphenation mark turned back into a hyphen."""
    piece = text[a:b]
    if piece and piece[-1] in PDFIUM_HYPHEN_MARKS:
        piece = piece[:-1] + "-"
    return piece
