"""What pdfium sees on a page: its objects in paint order, and the characters of its text.

A page is painted object by object; later objects cover earlier ones. Form XObjects are
flattened so that every leaf object gets its paint order and its bounds in page space::

    page ──▶ [text₀ path₁ form₂[image₂.₀ text₂.₁] path₃ …] ──▶ order 0, 1, 2, 3, 4, …

Coordinates are PDF points from the page's bottom-left, as pdfium reports them.
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1

KIND = {pdfium_c.FPDF_PAGEOBJ_TEXT: "text", pdfium_c.FPDF_PAGEOBJ_PATH: "path",
        pdfium_c.FPDF_PAGEOBJ_IMAGE: "image", pdfium_c.FPDF_PAGEOBJ_SHADING: "shading",
        pdfium_c.FPDF_PAGEOBJ_FORM: "form"}
#: Text render modes (PDF 32000 §9.3.6): 3 paints nothing; 7 only adds to the clip.
TR_INVISIBLE = 3
TR_CLIP_ONLY = 7
MAX_FORM_DEPTH = 32


@dataclass
class PageObj:
    """One leaf object of a page, in paint order."""

    order: int
    kind: str
    bounds: Rect
    handle: Any
    fill: tuple[int, int, int, int] | None = None
    covers: bool = False  # could hide what lies under it (filled, thick stroke, image)
    render_mode: int = 0
    size: float = 0.0  # effective font size in points (text)
    annot: bool = False  # drawn by an annotation's appearance (flattened into the page)

    @property
    def key(self) -> int:
        return address(self.handle)


@dataclass(frozen=True)
class Char:
    """One character of the text layer, with the object that drew it."""

    index: int
    text: str
    box: Rect  # loose box: advance width × font ascent/descent
    obj: int  # address of the text object (see :func:`address`)


def address(handle: Any) -> int:
    """A stable key for a pdfium handle within one loaded page."""
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


def page_objects(page: pdfium.PdfPage, annots_from: int | None = None) -> list[PageObj]:
    """Every leaf object of ``page`` in paint order, form XObjects flattened. Top-level objects
    from index ``annots_from`` on are marked as annotation appearances (see
    :func:`flatten_annotations`)."""
    out: list[PageObj] = []
    count = pdfium_c.FPDFPage_CountObjects(page)
    top = [pdfium_c.FPDFPage_GetObject(page, i) for i in range(count)]
    first_annot = count if annots_from is None else annots_from
    stack: list[tuple[Any, int, tuple[float, ...], bool]] = [
        (h, 0, _IDENTITY, i >= first_annot) for i, h in reversed(list(enumerate(top)))]
    while stack:
        handle, depth, matrix, annot = stack.pop()
        kind = KIND.get(pdfium_c.FPDFPageObj_GetType(handle), "other")
        if kind == "form":
            if depth >= MAX_FORM_DEPTH:
                continue
            inner = _compose(_matrix_of(handle), matrix)
            n = pdfium_c.FPDFFormObj_CountObjects(handle)
            kids = [pdfium_c.FPDFFormObj_GetObject(handle, i) for i in range(max(0, n))]
            stack.extend((k, depth + 1, inner, annot) for k in reversed(kids))
            continue
        obj = _describe(handle, kind, len(out), matrix)
        obj.annot = annot
        out.append(obj)
    return out


def flatten_annotations(doc: pdfium.PdfDocument, index: int) -> tuple[pdfium.PdfPage, int]:
    """Load page ``index`` with its visible annotations' appearances merged into its content,
    as a viewer shows them; returns the page and the number of objects it had before.

    pdfium does not paint form-field widgets when rendering a page, while viewers do: a white
    widget over text hides that text in every viewer but not in pdfium's rendering. Merging
    the appearances (in a copy of the document used only for this) makes them ordinary
    objects painted last.
    """
    page = doc[index]
    before = pdfium_c.FPDFPage_CountObjects(page)
    if pdfium_c.FPDFPage_GetAnnotCount(page) == 0:
        return page, before
    flattened = pdfium_c.FPDFPage_Flatten(page, pdfium_c.FLAT_NORMALDISPLAY)
    if flattened != pdfium_c.FLATTEN_SUCCESS:
        return page, before
    page.close()
    return doc[index], before


_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _matrix_of(handle: Any) -> tuple[float, ...]:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(handle, m):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    """The matrix applying ``inner`` first, then ``outer`` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


def transform_rect(r: Rect, m: tuple[float, ...]) -> Rect:
    """The bounding box of rectangle ``r`` mapped through matrix ``m``."""
    if m == _IDENTITY:
        return r
    a, b, c, d, e, f = m
    xs, ys = [], []
    for x, y in ((r[0], r[1]), (r[0], r[3]), (r[2], r[1]), (r[2], r[3])):
        xs.append(a * x + c * y + e)
        ys.append(b * x + d * y + f)
    return (min(xs), min(ys), max(xs), max(ys))


def _describe(handle: Any, kind: str, order: int, parent: tuple[float, ...]) -> PageObj:
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    pdfium_c.FPDFPageObj_GetBounds(handle, left, bottom, right, top)
    bounds = transform_rect((left.value, bottom.value, right.value, top.value), parent)
    obj = PageObj(order, kind, bounds, handle, fill=_fill(handle))
    if kind == "text":
        obj.render_mode = int(pdfium_c.FPDFTextObj_GetTextRenderMode(handle))
        obj.size = _font_size(handle, parent)
    elif kind == "path":
        obj.covers = _is_filled(handle) or _stroke_width(handle) >= 2.0
    elif kind in ("image", "shading"):
        obj.covers = True
    return obj


def _fill(handle: Any) -> tuple[int, int, int, int] | None:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not pdfium_c.FPDFPageObj_GetFillColor(handle, r, g, b, a):
        return None
    return (r.value, g.value, b.value, a.value)


def _is_filled(handle: Any) -> bool:
    mode, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(handle, mode, stroke):
        return False
    return bool(mode.value != pdfium_c.FPDF_FILLMODE_NONE)


def _stroke_width(handle: Any) -> float:
    width = ctypes.c_float()
    return float(width.value) if pdfium_c.FPDFPageObj_GetStrokeWidth(handle, width) else 0.0


def _font_size(handle: Any, parent: tuple[float, ...]) -> float:
    size = ctypes.c_float()
    if not pdfium_c.FPDFTextObj_GetFontSize(handle, size):
        return 0.0
    a, b, c, d, _, _ = _compose(_matrix_of(handle), parent)
    scale = math.sqrt(abs(a * d - b * c))
    return abs(float(size.value)) * scale


def page_chars(textpage: pdfium.PdfTextPage) -> Iterator[Char]:
    """Every character of the text layer with its loose box and the object that drew it."""
    rect = pdfium_c.FS_RECTF()
    for i in range(textpage.count_chars()):
        code = pdfium_c.FPDFText_GetUnicode(textpage, i)
        if code in (0, 0xFFFE, 0xFFFF) or code > 0x10FFFF:
            continue
        ch = chr(code)
        if not pdfium_c.FPDFText_GetLooseCharBox(textpage, i, rect):
            continue
        owner = pdfium_c.FPDFText_GetTextObject(textpage, i)
        box = (rect.left, min(rect.bottom, rect.top), rect.right, max(rect.bottom, rect.top))
        yield Char(i, ch, box, address(owner) if owner else 0)


def object_text(obj: PageObj, textpage: pdfium.PdfTextPage) -> str:
    """The text a text object draws, as pdfium decodes it."""
    n = pdfium_c.FPDFTextObj_GetText(obj.handle, textpage, None, 0)
    if n <= 2:
        return ""
    buf = (ctypes.c_ushort * (n // 2 + 1))()
    pdfium_c.FPDFTextObj_GetText(obj.handle, textpage, buf, n)
    return bytes(buf)[: n - 2].decode("utf-16-le", errors="replace").replace("\ufffe", "")


def overlap(a: Rect, b: Rect) -> float:
    """Area of the intersection of two rectangles (0 when they do not meet)."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def area(r: Rect) -> float:
    return max(0.0, r[2] - r[0]) * max(0.0, r[3] - r[1])


def union(rects: list[Rect]) -> Rect:
    return (min(r[0] for r in rects), min(r[1] for r in rects),
            max(r[2] for r in rects), max(r[3] for r in rects))
