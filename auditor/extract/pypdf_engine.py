"""The ``pypdf`` engine (pure Python): lines from the text chunks pypdf reports.

pypdf's text extraction calls a visitor for every chunk of text it emits, with the text
matrix and the current transformation matrix in force when the chunk started. Their product
places the chunk on the page; the font size times the matrix scale gives its printed size.
pypdf does not report where a chunk ends, so the right edge of a fragment is estimated
(half an em per character, or the start of the next chunk on the same baseline).
"""

from __future__ import annotations

import io
import logging
import math
import re
from collections.abc import Iterator
from typing import Any

from auditor.errors import CorruptFileError, EncryptedError, NoTextError
from auditor.extract.pdf_engines import Line, PageText, PageView
from auditor.extract.sniff import RawInput

_BOLD_NAME = re.compile(r"bold|black|heavy|demi|semibold", re.IGNORECASE)
#: The width of an average character, in em, for estimating where a chunk ends.
_EM_PER_CHAR = 0.5


def open_with_pypdf(raw: RawInput, password: str | None) -> PypdfPdf:
    """Open ``raw`` with pypdf; the empty password is tried when none is given."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(raw.data), strict=False)
        if reader.is_encrypted:
            _decrypt(raw, reader, password)
        count = len(reader.pages)
    except (EncryptedError, NoTextError):
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            RecursionError, AssertionError, OSError):
        raise CorruptFileError(f"{raw.name}: damaged or truncated PDF, cannot be read",
                               "re-export it, or try to repair it with qpdf") from None
    if count == 0:
        raise NoTextError(f"{raw.name}: the PDF has no pages", "nothing to extract")
    return PypdfPdf(reader, count)


def _decrypt(raw: RawInput, reader: Any, password: str | None) -> None:
    from pypdf.errors import DependencyError

    try:
        ok = reader.decrypt(password or "")
    except DependencyError:
        raise EncryptedError(f"{raw.name}: the PDF uses AES encryption",
                             "install the 'cryptography' package or use --engine pdfium") from None
    if ok:
        return
    if password:
        raise EncryptedError(f"{raw.name}: wrong password for this encrypted PDF",
                             "check the value given with --password")
    raise EncryptedError(f"{raw.name}: the PDF is encrypted", "pass its password with --password")


class PypdfPdf:
    """A PDF opened with pypdf."""

    engine = "pypdf"

    def __init__(self, reader: Any, count: int) -> None:
        self._reader = reader
        self._count = count

    @property
    def page_count(self) -> int:
        return self._count

    def pages(self, start: int = 0, stop: int | None = None) -> Iterator[PageText]:
        for i in range(start, self._count if stop is None else min(stop, self._count)):
            yield self._read_page(i)

    def title(self) -> str | None:
        try:
            meta = self._reader.metadata
            return str(meta.title) if meta is not None and meta.title else None
        except Exception:  # damaged metadata is no reason to fail the extraction
            return None

    def close(self) -> None:
        self._reader.close() if hasattr(self._reader, "close") else None

    def _read_page(self, i: int) -> PageText:
        page = self._reader.pages[i]
        box = page.cropbox
        view = PageView((float(box.left), float(box.bottom), float(box.right), float(box.top)),
                        int(page.rotation or 0))
        chunks: list[_Chunk] = []

        def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
            if text:
                chunks.append(_chunk(text, cm, tm, font, size))

        try:
            page.extract_text(visitor_text=visit)
        except Exception as exc:  # pypdf fails in many ways on damaged content streams
            raise CorruptFileError(f"page {i + 1} cannot be read ({type(exc).__name__})",
                                   "re-export the PDF or try --engine pdfium") from None
        result = PageText(i + 1, view)
        for line in _lines(chunks, view):
            (result.lines if view.inside(line) else result.outside).append(line)
        return result


_Chunk = tuple[str, float, float, float, float, bool, float]
_em_cache: dict[int, float] = {}


def _chunk(text: str, cm: Any, tm: Any, font: Any, size: Any) -> _Chunk:
    """``(text, x, y, size, angle_radians, bold, em_per_char)`` of one chunk in page
    space."""
    a = tm[0] * cm[0] + tm[1] * cm[2]
    b = tm[0] * cm[1] + tm[1] * cm[3]
    c = tm[2] * cm[0] + tm[3] * cm[2]
    d = tm[2] * cm[1] + tm[3] * cm[3]
    x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
    y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
    scale = math.sqrt(abs(a * d - b * c)) or 1.0
    name = str(font.get("/BaseFont", "")) if hasattr(font, "get") else ""
    angle = math.atan2(b, a) % (2 * math.pi)
    return (text, x, y, float(size or 1.0) * scale, angle, bool(_BOLD_NAME.search(name)),
            _average_width(font))


def _average_width(font: Any) -> float:
    """The font's average glyph width in em (from /Widths), for estimating where a chunk
    ends; half an em when the font does not say."""
    key = id(font)
    if key not in _em_cache:
        try:
            widths = [float(w) for w in font.get("/Widths", []) if float(w) > 0]
        except (TypeError, ValueError, AttributeError):
            widths = []
        _em_cache[key] = sum(widths) / len(widths) / 1000 if widths else _EM_PER_CHAR
    return _em_cache[key]


def _lines(chunks: list[_Chunk], view: PageView) -> list[Line]:
    """Join chunks on one baseline into fragments. pypdf ends every text object with a
    newline, so only a newline inside a chunk breaks a line; positions decide the rest."""
    out: list[Line] = []
    open_line: Line | None = None
    for text, x, y, size, radians, bold, em in chunks:
        for k, piece in enumerate(text.rstrip("\n").split("\n")):
            step = k * size * 1.2  # a line pypdf broke inside the chunk: one line further down
            frag = _fragment(piece, x + step * math.sin(radians), y - step * math.cos(radians),
                             size, radians, bold, em, view)
            if frag is None:
                continue
            if open_line is not None and _continues(open_line, frag):
                open_line = _join(open_line, frag)
                continue
            if open_line is not None:
                out.append(open_line)
            open_line = frag
    if open_line is not None:
        out.append(open_line)
    return out


def _fragment(piece: str, x: float, y: float, size: float, radians: float, bold: bool,
              em: float, view: PageView) -> Line | None:
    """A chunk as a fragment: its box spans the text along its own direction (page space:
    start, advance by the estimated width, rise by the size), shown as displayed."""
    if not piece.strip():
        return None
    width = len(piece) * em * size
    cos, sin = math.cos(radians), math.sin(radians)
    corners = [(x + dx * cos - dy * sin, y + dx * sin + dy * cos)
               for dx in (0.0, width) for dy in (-0.22 * size, 0.78 * size)]
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    x0, y0, x1, y1 = view.box(min(xs), min(ys), max(xs), max(ys))
    return Line(piece, x0, y0, x1, y1, round(size, 1), bold, view.angle(radians))


def _continues(line: Line, frag: Line) -> bool:
    """Whether ``frag`` goes on the same row right after ``line`` (no wide gap)."""
    if frag.angle or line.angle:
        return frag.angle == line.angle
    overlap = min(line.y1, frag.y1) - max(line.y0, frag.y0)
    same_row = overlap > 0.5 * min(line.height, frag.height)
    return same_row and line.x0 <= frag.x0 <= line.x1 + 1.5 * max(frag.size, line.size)


def _join(line: Line, frag: Line) -> Line:
    """Two chunks of one row. Chunks are words or runs of words, so a space goes between
    them — except before punctuation, around a hyphen or slash, and before a superscript
    (a footnote mark)."""
    left, right = line.text, frag.text
    superscript = frag.size < 0.85 * line.size and frag.y0 > line.y0 + 0.15 * line.size
    glue = (left.endswith((" ", "-", "/", "(", "\u2010")) or right.startswith((" ", ",", ".",
            ";", ":", ")", "!", "?", "'", "’")) or superscript)
    text = left + right if glue else f"{left} {right}"
    size = line.size if len(left) >= len(right) else frag.size
    return Line(text, line.x0, min(line.y0, frag.y0), max(line.x1, frag.x1),
                max(line.y1, frag.y1), size, line.bold and frag.bold, line.angle)
