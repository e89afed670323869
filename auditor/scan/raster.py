"""Rendered pages as pixels, and the two questions the overlay checks ask of them.

* Is a region *uniform* (one colour)? A visible glyph in its box leaves ink and background.
* Are two renderings *equal* in a region? Render the page, then render it again with some
  text objects switched off: where nothing changed, those objects showed nothing.

Regions are given in PDF points and mapped to pixels through pdfium's own page-to-device
transform (crop box, /Rotate and scale included), then shrunk by an inset so that antialiased
edges of a box with fractional coordinates do not count as visible text::

    box edge at x = 100.4 pt ─┐   pixel 100 is a blend of box and glyph: skipped (inset 1)
                              ▼
              ... 98 | 99 |▒100▒| 101 | 102 ...   pixels 101.. lie wholly under the box
"""

from __future__ import annotations

import ctypes
import math

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from auditor.scan.pageobjects import Rect

PixelRect = tuple[int, int, int, int]  # x0, y0, x1, y1 (exclusive), top-left origin
_PRECISION = 64  # sub-pixel precision of the page-to-device mapping


def choose_scale(width_pt: float, height_pt: float, max_pixels: int,
                 smallest_text: float = 0.0) -> float:
    """72 dpi, raised for tiny pages so that they get ~1,000 pixels and for small text so that
    its glyphs are ~8 pixels high (up to 4×), capped at ``max_pixels``. A glyph thinner than a
    pixel could otherwise change no pixel and pass for hidden."""
    long_side = max(width_pt, height_pt, 1.0)
    scale = max(1.0, 1000.0 / long_side)
    if smallest_text > 0:
        scale = max(scale, min(4.0, 8.0 / smallest_text))
    cap = math.sqrt(max_pixels / max(1.0, width_pt * height_pt))
    return max(0.01, min(scale, cap))


class Raster:
    """One rendering of a page (annotations included) with its page-to-pixel mapping."""

    def __init__(self, page: pdfium.PdfPage, scale: float) -> None:
        self.scale = scale
        bitmap = page.render(scale=scale, draw_annots=True, may_draw_forms=False)
        self.width, self.height = bitmap.width, bitmap.height
        self.stride = bitmap.stride
        self.channels = bitmap.n_channels
        self.data = bytes(bitmap.buffer)
        bitmap.close()
        self._map = _mapping(page, self.width, self.height)

    def pixels(self, r: Rect, inset: int = 0) -> PixelRect | None:
        """The pixels wholly inside ``r`` (PDF points), shrunk by ``inset``; None if none."""
        xs, ys = [], []
        for x, y in ((r[0], r[1]), (r[0], r[3]), (r[2], r[1]), (r[2], r[3])):
            px, py = self._to_device(x, y)
            xs.append(px)
            ys.append(py)
        x0 = max(0, math.ceil(min(xs) - 1e-6) + inset)
        y0 = max(0, math.ceil(min(ys) - 1e-6) + inset)
        x1 = min(self.width, math.floor(max(xs) + 1e-6) - inset)
        y1 = min(self.height, math.floor(max(ys) + 1e-6) - inset)
        return (x0, y0, x1, y1) if x1 > x0 and y1 > y0 else None

    def _to_device(self, x: float, y: float) -> tuple[float, float]:
        a, b, c, d, e, f = self._map
        return a * x + c * y + e, b * x + d * y + f

    def _rows(self, px: PixelRect) -> list[bytes]:
        x0, y0, x1, y1 = px
        n = self.channels
        return [self.data[y * self.stride + x0 * n: y * self.stride + x1 * n]
                for y in range(y0, y1)]

    def uniform(self, px: PixelRect) -> bool:
        """True when every pixel of the region has the same colour."""
        rows = self._rows(px)
        first = rows[0][: self.channels] * (px[2] - px[0])
        return all(row == first for row in rows)

    def colour(self, px: PixelRect) -> tuple[int, int, int]:
        """The (r, g, b) of the region's first pixel."""
        x0, y0 = px[0], px[1]
        i = y0 * self.stride + x0 * self.channels
        b, g, r = self.data[i], self.data[i + 1], self.data[i + 2]  # pdfium renders BGR(x)
        return (r, g, b)

    def same(self, other: Raster, px: PixelRect) -> bool:
        """True when ``other`` (same page, same scale) has exactly these pixels in the region."""
        return self._rows(px) == other._rows(px)


def _mapping(page: pdfium.PdfPage, width: int, height: int) -> tuple[float, ...]:
    """The affine page-to-pixel map, read from pdfium at sub-pixel precision."""
    w, h = width * _PRECISION, height * _PRECISION

    def device(x: float, y: float) -> tuple[float, float]:
        dx, dy = ctypes.c_int(), ctypes.c_int()
        pdfium_c.FPDF_PageToDevice(page, 0, 0, w, h, 0, x, y, dx, dy)
        return dx.value / _PRECISION, dy.value / _PRECISION

    ox, oy = device(0.0, 0.0)
    xx, xy = device(100.0, 0.0)
    yx, yy = device(0.0, 100.0)
    return ((xx - ox) / 100, (xy - oy) / 100, (yx - ox) / 100, (yy - oy) / 100, ox, oy)


def luminance(rgb: tuple[int, ...]) -> float:
    """Relative luminance 0 (black) … 1 (white) of an (r, g, b[, a]) colour."""
    r, g, b = rgb[:3]
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


def colour_name(rgb: tuple[int, ...] | None) -> str:
    """A word for a colour, good enough for a message: black, white, dark, light, coloured."""
    if rgb is None:
        return "opaque"
    r, g, b = rgb[:3]
    spread = max(r, g, b) - min(r, g, b)
    lum = luminance(rgb)
    if spread > 60:
        return "coloured"
    if lum < 0.08:
        return "black"
    if lum > 0.92:
        return "white"
    return "dark" if lum < 0.5 else "light"

