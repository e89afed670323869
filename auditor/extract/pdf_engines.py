"""The PDF engines behind one small interface: open a file, then read it page by page as lines.

An engine turns a PDF into :class:`PageText` objects: for each page its size and the
:class:`Line` fragments printed on it, with their box, font size, weight and angle. Everything
after that — furniture, columns, paragraphs — is engine-independent (``pdf_layout``,
``pdf_furniture``, ``pdf_blocks``), so two engines can be compared on the same footing.

Engines:

* ``pdfium`` (pypdfium2, the default): pdfium's text page gives characters with boxes and
  draws the line breaks; fast and faithful.
* ``pypdf`` (pure Python): positions come from the text matrices of the content stream;
  about ten times slower and its line ends are estimated.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol

from auditor.errors import CorruptFileError, UsageError
from auditor.extract.sniff import RawInput

#: Engine names, the default first.
ENGINES = ("pdfium", "pypdf")
DEFAULT_ENGINE = "pdfium"

#: Characters an engine leaves at a line end where a word was hyphenated. pdfium writes
#: U+FFFE (or U+0002) instead of the hyphen and does not break the line; the engines turn
#: all of them into the hyphen character kept in :attr:`Line.text`.
PDFIUM_HYPHEN_MARKS = "\ufffe\x02"


@dataclass(slots=True)
class Line:
    """A run of text on one baseline, in PDF points from the bottom-left of the page.

    A printed line may come as several fragments when a wide gap separates them (columns,
    table cells, a running header's left and right parts). ``size`` is the text height in
    points, ``bold`` tells whether the first and last characters are bold, ``angle`` the
    rotation in whole degrees relative to the page as displayed (0 = upright).
    """

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    bold: bool = False
    angle: int = 0

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def mid_y(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass
class PageText:
    """One page as an engine reads it: 1-based ``number``, displayed size and lines.

    Line coordinates are those of the page as displayed (crop box origin at 0, 0, rotation
    applied); ``view.to_pdf`` maps a box back to PDF page space for
    :class:`~auditor.models.Box`.
    """

    number: int
    view: PageView
    lines: list[Line] = field(default_factory=list)
    #: Lines that fall outside the visible page (printer slugs, crop marks), already removed.
    outside: list[Line] = field(default_factory=list)

    @property
    def height(self) -> float:
        return self.view.height


class OpenPdf(Protocol):
    """An opened PDF: a page count and its pages, read lazily."""

    engine: str

    @property
    def page_count(self) -> int: ...

    def pages(self, start: int = 0, stop: int | None = None) -> Iterator[PageText]:
        """Pages ``start`` (0-based) up to ``stop`` (exclusive; None: to the end)."""
        ...

    def title(self) -> str | None:
        """The title in the document information, if any."""
        ...

    def close(self) -> None: ...


def open_pdf(raw: RawInput, engine: str | None, password: str | None) -> OpenPdf:
    """Open ``raw`` with the named engine (default: :data:`DEFAULT_ENGINE`).

    Raises :class:`~auditor.errors.UsageError` for an unknown engine and the input errors of
    the engine for encrypted, damaged or empty files.
    """
    name = (engine or DEFAULT_ENGINE).lower()
    if name not in ENGINES:
        raise UsageError(f"unknown PDF engine '{engine}'", f"choose one of: {', '.join(ENGINES)}")
    if raw.data.rfind(b"%%EOF") < 0:
        raise CorruptFileError(f"{raw.name}: truncated PDF (the end-of-file marker is missing)",
                               "download or export it again")
    if name == "pdfium":
        from auditor.extract.pdfium_engine import open_with_pdfium

        return open_with_pdfium(raw, password)
    from auditor.extract.pypdf_engine import open_with_pypdf

    return open_with_pypdf(raw, password)


class PageView:
    """Maps page space to the page as displayed (rotation applied, origin bottom-left)."""

    def __init__(self, crop: tuple[float, float, float, float], rotation: int) -> None:
        self.crop = tuple(float(v) for v in crop)
        self.l, self.b, self.r, self.t = self.crop
        self.rotation = rotation % 360
        w, h = self.r - self.l, self.t - self.b
        self.width, self.height = (h, w) if self.rotation in (90, 270) else (w, h)
        self.identity = self.rotation == 0 and self.l == 0 and self.b == 0

    def box(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        rot = self.rotation
        if rot == 0:
            return x0 - self.l, y0 - self.b, x1 - self.l, y1 - self.b
        if rot == 90:
            return y0 - self.b, self.r - x1, y1 - self.b, self.r - x0
        if rot == 180:
            return self.r - x1, self.t - y1, self.r - x0, self.t - y0
        return self.t - y1, x0 - self.l, self.t - y0, x1 - self.l

    def to_pdf(self, x0: float, y0: float, x1: float, y1: float,
               ) -> tuple[float, float, float, float]:
        """The inverse of :meth:`box`: displayed coordinates back to page space."""
        rot = self.rotation
        if rot == 0:
            return x0 + self.l, y0 + self.b, x1 + self.l, y1 + self.b
        if rot == 90:
            return self.r - y1, x0 + self.b, self.r - y0, x1 + self.b
        if rot == 180:
            return self.r - x1, self.t - y1, self.r - x0, self.t - y0
        return y0 + self.l, self.t - x1, y1 + self.l, self.t - x0

    def angle(self, radians: float) -> int:
        """Displayed rotation of a character in whole degrees, 0 when (nearly) upright."""
        if radians < 0:
            return 0
        deg = round(math.degrees(radians) - self.rotation) % 360
        return 0 if deg <= 2 or deg >= 358 else deg

    def inside(self, line: Line) -> bool:
        return self.inside_box(line.x0, line.y0, line.x1, line.y1)

    def inside_box(self, x0: float, y0: float, x1: float, y1: float) -> bool:
        """Whether the centre of a box lies on the visible page."""
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        return -1 <= cx <= self.width + 1 and -1 <= cy <= self.height + 1
