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
from codecs import decode
from collections.abc import Iterator
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from auditor.errors import CorruptFileError, EncryptedError, NoTextError
from auditor.extract.pdf_engines import PDFIUM_HYPHEN_MARKS, Line, PageText, PageView
from auditor.extract.sniff import RawInput

#: A pdfium line: up to a line break, or up to and with a hyphenation mark.
_LINE = re.compile(r"[^\r\n\ufffe\x02]+[\ufffe\x02]?|[\ufffe\x02]")
_BOLD_NAME = re.compile(r"bold|black|heavy|demi|semibold", re.IGNORECASE)
#: A gap wider than this many text heights separates two fragments of a line.
_MAX_GAP = 1.5
_FONT_BUF = 160


def open_with_pdfium(raw: RawInput, password: str | None) -> PdfiumPdf:
    """Open ``raw``; pdfium tries the empty password when none is given.

    The document is loaded through the raw API so that pdfium's error code belongs to this
    load (pypdfium2 reads it even after a successful load of a page-less file, when it is
    left over from an earlier failure).
    """
    secret = None if password is None else (password + "\x00").encode("utf-8")
    handle = pdfium_c.FPDF_LoadMemDocument64(raw.data, len(raw.data), secret)
    if not handle:
        raise _load_error(raw, password, pdfium_c.FPDF_GetLastError())
    if pdfium_c.FPDF_GetPageCount(handle) < 1:
        pdfium_c.FPDF_CloseDocument(handle)
        raise NoTextError(f"{raw.name}: the PDF has no pages", "nothing to extract")
    return PdfiumPdf(pdfium.PdfDocument(handle), raw.data)


def _load_error(raw: RawInput, password: str | None, code: int | None) -> Exception:
    if code == pdfium_c.FPDF_ERR_PASSWORD:
        if password:
            return EncryptedError(f"{raw.name}: wrong password for this encrypted PDF",
                                  "check the value given with --password")
        return EncryptedError(f"{raw.name}: the PDF is encrypted",
                              "pass its password with --password")
    if code == pdfium_c.FPDF_ERR_SECURITY:
        return EncryptedError(f"{raw.name}: the PDF uses an unsupported security handler",
                              "remove the encryption first (e.g. qpdf --decrypt)")
    return CorruptFileError(f"{raw.name}: damaged or truncated PDF, cannot be read",
                            "re-export it, or try to repair it with qpdf")


class PdfiumPdf:
    """A PDF opened with pdfium."""

    engine = "pdfium"

    def __init__(self, doc: pdfium.PdfDocument, data: bytes) -> None:
        self._doc = doc
        self._handle = doc.raw
        self._data = data  # pdfium reads from these bytes while the document is open
        self._font = ctypes.create_string_buffer(_FONT_BUF)
        self._flags = ctypes.c_int()
        self._flags_ref = ctypes.byref(self._flags)
        self._bold_names: dict[bytes, bool] = {}
        self._fonts: dict[int, bool] = {}  # font handle -> bold, for the open page
        self._l, self._t = ctypes.c_double(), ctypes.c_double()
        self._r, self._b = ctypes.c_double(), ctypes.c_double()
        self._matrix = pdfium_c.FS_MATRIX()
        self._x, self._y = ctypes.c_double(), ctypes.c_double()

    @property
    def page_count(self) -> int:
        return len(self._doc)

    def pages(self, start: int = 0, stop: int | None = None) -> Iterator[PageText]:
        count = self.page_count
        for i in range(start, count if stop is None else min(stop, count)):
            yield self._read_page(i)

    def title(self) -> str | None:
        try:
            return str(self._doc.get_metadata_value("Title")) or None
        except (pdfium.PdfiumError, UnicodeDecodeError, ValueError):
            return None

    def close(self) -> None:
        self._doc.close()

    # -- one page -------------------------------------------------------------------------

    def _read_page(self, index: int) -> PageText:
        """Page ``index`` (0-based), read and closed. pdfium's raw API is called directly:
        pypdfium2's page and text page objects cost ~10 % of the reading in bookkeeping
        (finalizers, parent links), for pages that are closed right away."""
        page = pdfium_c.FPDF_LoadPage(self._handle, index)
        if not page:
            raise pdfium.PdfiumError("Failed to load page.")
        try:
            view = PageView(_crop_box(page), _rotation(page))
            result = PageText(index + 1, view)
            tp = pdfium_c.FPDFText_LoadPage(page)
            if not tp:
                raise pdfium.PdfiumError("Failed to load text page.")
            try:
                text = _page_text(tp)
                mapped = len(text) != _CountChars(tp)
                self._fonts.clear()  # font handles are only valid while their page is open
                for a, b in _line_spans(text):
                    self._read_line(tp, text, a, b, mapped, view, result)
            finally:
                pdfium_c.FPDFText_ClosePage(tp)
        finally:
            pdfium_c.FPDF_ClosePage(page)
        return result

    def _read_line(self, tp: Any, text: str, a: int, b: int, mapped: bool, view: PageView,
                   result: PageText) -> None:
        """One pdfium line: its runs (pdfium's rects, one per text object) grouped into
        fragments wherever a gap is wider than a word space."""
        ia = _char_index(tp, a) if mapped else a
        count = (_char_index(tp, b - 1) if mapped else b - 1) + 1 - ia
        n = _CountRects(tp, ia, count)
        if n <= 0:
            return
        if n == 1:  # the common case: one text object, one fragment
            box = self._rect(tp, 0, view)
            if not view.inside_box(*box):
                result.outside.append(Line(_line_text(text, a, b), *box, box[3] - box[1]))
                return
            frag = self._fragment(tp, text, a, b, box, mapped, view)
            if frag is not None:
                result.lines.append(frag)
            return
        runs = [self._rect(tp, k, view) for k in range(n)]
        if not any(view.inside_box(*r) for r in runs):
            x0, y0, x1, y1 = runs[0]
            result.outside.append(Line(_line_text(text, a, b), x0, y0, x1, y1, y1 - y0))
            return
        firsts = _split_at_gaps(runs)
        cuts = [a, *(self._run_start(tp, ia, count, j, text) for j in firsts[1:]), b]
        bounds = [*firsts, n]
        for k in range(len(firsts)):
            box = _union(runs[bounds[k]:bounds[k + 1]])
            frag = self._fragment(tp, text, cuts[k], cuts[k + 1], box, mapped, view)
            if frag is not None:
                result.lines.append(frag)

    def _rect(self, tp: Any, k: int, view: PageView) -> tuple[float, float, float, float]:
        _GetRect(tp, k, self._l, self._t, self._r, self._b)
        if view.identity:
            return self._l.value, self._b.value, self._r.value, self._t.value
        return view.box(self._l.value, self._b.value, self._r.value, self._t.value)

    def _run_start(self, tp: Any, ia: int, count: int, j: int, text: str) -> int:
        """Text index of the first character of run ``j`` of the line starting at char
        ``ia``: the shortest prefix of the line that holds ``j + 1`` runs."""
        lo, hi = 1, count
        while lo < hi:
            mid = (lo + hi) // 2
            if _CountRects(tp, ia, mid) >= j + 1:
                hi = mid
            else:
                lo = mid + 1
        char = ia + lo - 1
        if len(text) == _CountChars(tp):
            return char
        return max(0, int(pdfium_c.FPDFText_GetTextIndexFromCharIndex(tp, char)))

    def _fragment(self, tp: Any, text: str, a: int, b: int,
                  box: tuple[float, float, float, float], mapped: bool,
                  view: PageView) -> Line | None:
        """A fragment: its text, box (x from pdfium's runs; y from the baseline and the font
        size, as loose boxes are unreliable: some fonts declare no descent), weight and
        angle."""
        while a < b and text[a] == " ":
            a += 1
        while b > a and text[b - 1] == " ":
            b -= 1
        if a >= b:
            return None
        i = _char_index(tp, a) if mapped else a
        m = self._matrix
        size = _GetFontSize(tp, i)
        if _GetMatrix(tp, i, m):  # printed size: the font size times the matrix scale
            size *= math.sqrt(abs(m.a * m.d - m.b * m.c)) or 1.0
            angle = view.angle(math.atan2(m.b, m.a) % _TURN)
        else:
            angle = 0
        size = round(size if size > 0 else 1.0, 1)
        if angle:
            return Line(_line_text(text, a, b), *box, size, angle=angle)
        _GetCharOrigin(tp, i, self._x, self._y)
        base = self._y.value if view.identity else \
            view.box(self._x.value, self._y.value, self._x.value, self._y.value)[1]
        return Line(_line_text(text, a, b), box[0], base - 0.22 * size, box[2],
                    base + 0.78 * size, size, bold=self._is_bold(tp, i, b - 1, mapped))

    def _is_bold(self, tp: Any, i: int, last: int, mapped: bool) -> bool:
        """Whether the characters at ``i`` and at text index ``last`` are bold, by weight, or
        by name for fonts that declare none ("…-Bold"). Weight and name belong to the
        character's text object's font, looked up once per font and page."""
        obj = _GetTextObject(tp, i)
        if not self._object_bold(obj, tp, i):
            return False
        j = _char_index(tp, last) if mapped else last
        other = _GetTextObject(tp, j)
        return _address(other) == _address(obj) or self._object_bold(other, tp, j)

    def _object_bold(self, obj: Any, tp: Any, i: int) -> bool:
        if not obj:
            return False  # a character pdfium generated (a space, a line end) has no font
        font = _address(_GetFont(obj))
        bold = self._fonts.get(font)
        if bold is None:
            bold = self._fonts[font] = self._font_bold(tp, i)
        return bold

    def _font_bold(self, tp: Any, i: int) -> bool:
        if pdfium_c.FPDFText_GetFontWeight(tp, i) >= 600:
            return True
        n = pdfium_c.FPDFText_GetFontInfo(tp, i, self._font, _FONT_BUF, self._flags_ref)
        if n <= 0:
            return False
        name = self._font.value
        bold = self._bold_names.get(name)
        if bold is None:
            bold = self._bold_names[name] = bool(_BOLD_NAME.search(name.decode("latin-1")))
        return bold


_TURN = 2 * math.pi
_CountChars = pdfium_c.FPDFText_CountChars
_TextIndex = pdfium_c.FPDFText_GetTextIndexFromCharIndex
_CountRects = pdfium_c.FPDFText_CountRects
_GetRect = pdfium_c.FPDFText_GetRect
_GetFontSize = pdfium_c.FPDFText_GetFontSize
_GetMatrix = pdfium_c.FPDFText_GetMatrix
_GetCharOrigin = pdfium_c.FPDFText_GetCharOrigin
_GetTextObject = pdfium_c.FPDFText_GetTextObject
_GetFont = pdfium_c.FPDFTextObj_GetFont


def _address(handle: Any) -> int:
    """The address a pdfium handle points to (0 for a null handle)."""
    return ctypes.addressof(handle.contents) if handle else 0


def _char_index(tp: Any, i: int) -> int:
    """Text index → pdfium char index, where pdfium inserted or dropped characters when
    producing the text (rare; elsewhere the two are the same)."""
    return max(0, int(pdfium_c.FPDFText_GetCharIndexFromTextIndex(tp, i)))


def _line_spans(text: str) -> list[tuple[int, int]]:
    """Spans of pdfium's lines; a hyphenation mark ends its line (and stays in it)."""
    return list(map(_SPAN, _LINE.finditer(text)))


_SPAN = re.Match.span


def _crop_box(page: Any) -> tuple[float, float, float, float]:
    """The visible page: the crop box within the media box, both inherited from the page
    tree as the standard says (``FPDFPage_GetCropBox`` ignores inheritance and falls back
    to US Letter; this is what pypdfium2's ``get_bbox()`` calls)."""
    rect = pdfium_c.FS_RECTF()
    if not pdfium_c.FPDF_GetPageBoundingBox(page, rect):
        raise pdfium.PdfiumError("Failed to get page bounding box.")
    return rect.left, rect.bottom, rect.right, rect.top


_DEGREES = {0: 0, 1: 90, 2: 180, 3: 270}


def _rotation(page: Any) -> int:
    raw = pdfium_c.FPDFPage_GetRotation(page)
    if raw == -1:
        raise pdfium.PdfiumError("Failed to get page rotation.")
    return _DEGREES[raw]


def _page_text(tp: Any) -> str:
    """The text of a whole text page, as pypdfium2's ``get_text_range()`` gives it: the
    characters pdfium leaves out of the text at either end are not asked for (their
    count must not reach into what follows)."""
    count = _CountChars(tp)
    if count == -1:
        raise pdfium.PdfiumError("Failed to get character count.")
    first, last = 0, count - 1
    while True:
        if first > last:
            return ""
        t_first = _TextIndex(tp, first)
        if t_first == -1:
            first += 1
            continue
        t_last = _TextIndex(tp, last)
        if t_last == -1:
            last -= 1
            continue
        break
    size = t_last + 2 - t_first  # with the terminating NUL
    buffer = (ctypes.c_ushort * size)()
    written = pdfium_c.FPDFText_GetText(tp, first, last + 1 - first, buffer)
    assert size >= written, f"Buffer too small: {size} vs {written}"
    return decode(memoryview(buffer)[:written - 1], "utf-16-le", "ignore")


def _split_at_gaps(runs: list[tuple[float, float, float, float]]) -> list[int]:
    """Indices of the runs that start a new fragment (0 is implied): where the gap to the
    previous run is wider than a word space, or the run sits on another row. Run heights
    are glyph heights; the tallest run of the line stands in for the type size."""
    if len(runs) == 1:
        return [0]
    h = max(max(r[3] - r[1] for r in runs), 1.0)
    starts: list[int] = []
    for k in range(1, len(runs)):
        _, py0, px1, py1 = runs[k - 1]
        x0, y0, _, y1 = runs[k]
        overlap = min(py1, y1) - max(py0, y0)
        if overlap < 0.3 * min(py1 - py0, y1 - y0) or not -h < x0 - px1 <= _MAX_GAP * h:
            starts.append(k)
    return [0, *starts]


def _union(runs: list[tuple[float, float, float, float]]) -> tuple[float, float, float, float]:
    return (min(r[0] for r in runs), min(r[1] for r in runs), max(r[2] for r in runs),
            max(r[3] for r in runs))


def _line_text(text: str, a: int, b: int) -> str:
    """The text of a fragment, with pdfium's hyphenation mark turned back into a hyphen."""
    piece = text[a:b]
    if piece and piece[-1] in PDFIUM_HYPHEN_MARKS:
        piece = piece[:-1] + "-"
    return piece
