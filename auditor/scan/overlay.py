"""Text in the file that the reader cannot see — decided by rendering, not by guessing.

For each page the recipe is:

1. list the page's objects in paint order and the characters of its text layer;
2. report text drawn invisibly (render mode 3), tiny, or outside the crop box — these need
   no pixels;
3. pick *suspects*: text objects with something that could cover them painted later (a filled
   rectangle or path of any shape, a thick stroke, an image, an annotation), text in light
   colours or over a background, and clip-only text;
4. render the page, then render it again with the suspects switched off;
5. a suspect character whose pixels did not change showed nothing: it is hidden. If a cover
   lies over at least half of it, the cover hid it (``text-under-box``/``-image``/
   ``-annotation``); otherwise it is camouflaged (``hidden-text-colour``) or clipped.

Comparing two renderings instead of looking for black rectangles is what catches boxes drawn
as paths, boxes with fractional edges, non-uniform images and annotation appearances, and it
does not flag a black box with nothing under it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from auditor.scan.findings import CHECKS, Finding
from auditor.scan.pageobjects import (
    TR_CLIP_ONLY,
    TR_INVISIBLE,
    Char,
    PageObj,
    Rect,
    area,
    flatten_annotations,
    object_text,
    overlap,
    page_chars,
    page_objects,
    union,
)
from auditor.scan.pdfopen import PdfFile, unreadable_page
from auditor.scan.raster import Raster, choose_scale, colour_name, luminance
from auditor.scan.textmatch import squash, words

TINY_POINTS = 2.0
#: Hidden runs with fewer letters and digits than this are medium, not high.
SHORT = 4
#: A cover must lie over at least this share of a character's box to be said to hide it.
COVER_SHARE = 0.5
_COVER_CHECK = {"path": "text-under-box", "shading": "text-under-box",
                "image": "text-under-image", "annotation": "text-under-annotation"}
_SHAPE = {"path": "filled shape", "shading": "shading", "image": "image",
          "annotation": "annotation"}


@dataclass
class Scene:
    """One page as the overlay checks see it."""

    number: int  # 1-based
    page: pdfium.PdfPage
    textpage: pdfium.PdfTextPage
    objects: list[PageObj]
    crop: Rect
    _chars: dict[int, list[Char]] | None = field(default=None, repr=False)

    @property
    def texts(self) -> list[PageObj]:
        """The page's own text objects (annotation appearances are not the page's text)."""
        return [o for o in self.objects if o.kind == "text" and not o.annot]

    def chars(self, obj: PageObj) -> list[Char]:
        """The characters ``obj`` draws (the page's characters are read once, on demand)."""
        if self._chars is None:
            self._chars = defaultdict(list)
            for ch in page_chars(self.textpage):
                self._chars[ch.obj].append(ch)
        return self._chars.get(obj.key, [])


def find_hidden_text(pdf: PdfFile) -> Iterator[Finding]:
    """Every page's invisible, tiny, outside, covered and camouflaged text."""
    doc = pdfium.PdfDocument(pdf.raw.data)  # a copy whose annotations get flattened
    try:
        for index in range(len(doc)):
            with unreadable_page(pdf.name, index):
                page, before = flatten_annotations(doc, index)
                scene = Scene(index + 1, page, page.get_textpage(), page_objects(page, before),
                              _crop(page))
                try:
                    found = list(_page_findings(scene, pdf.limits.max_pixels)) \
                        if scene.texts else []
                finally:
                    scene.textpage.close()
                    page.close()
            yield from found
    finally:
        doc.close()


def _page_findings(scene: Scene, max_pixels: int) -> Iterator[Finding]:
    yield from invisible_text(scene)
    yield from tiny_text(scene)
    yield from text_outside_crop_box(scene)
    yield from covered_or_camouflaged_text(scene, max_pixels)


def _crop(page: pdfium.PdfPage) -> Rect:
    x0, y0, x1, y1 = page.get_bbox()  # inherited boxes too (get_cropbox ignores them)
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def invisible_text(scene: Scene) -> Iterator[Finding]:
    """Text in render mode 3: it is in the text layer but paints nothing."""
    objs = [o for o in scene.texts if o.render_mode == TR_INVISIBLE]
    text = _joined(object_text(o, scene.textpage) for o in objs)
    if not text:
        return
    images = [o for o in scene.objects if o.kind == "image"]
    over_image = sum(1 for o in objs if any(  # above or below a scan: an OCR layer
        overlap(i.bounds, o.bounds) >= COVER_SHARE * area(o.bounds) for i in images)) * 2 \
        > len(objs)
    why = " (an OCR layer over a scanned image)" if over_image else ""
    yield Finding("hidden-text-invisible", "low" if over_image else "medium",
                  f"{_count(text)} of text drawn in invisible render mode 3{why}",
                  page=scene.number, bbox=union([o.bounds for o in objs]),
                  location="text render mode 3", evidence=text)


def tiny_text(scene: Scene) -> Iterator[Finding]:
    """Text smaller than :data:`TINY_POINTS` points: present, but unreadable."""
    objs = [o for o in scene.texts if 0 < o.size < TINY_POINTS
            and o.render_mode != TR_INVISIBLE and overlap(o.bounds, scene.crop) > 0]
    text = _joined(object_text(o, scene.textpage) for o in objs)
    if text:
        smallest = min(o.size for o in objs)
        yield Finding("hidden-text-tiny", CHECKS["hidden-text-tiny"].severity,
                      f"{_count(text)} of text at {smallest:.2g} pt, too small to read",
                      page=scene.number, bbox=union([o.bounds for o in objs]),
                      location=f"font size {smallest:.2g} pt", evidence=text)


def text_outside_crop_box(scene: Scene) -> Iterator[Finding]:
    """Text drawn outside the crop box: in the file, never shown or printed.

    Objects wholly outside are read whole (a book with printer's marks outside every page
    costs no pass over its characters); for objects that straddle the edge, the characters
    with at least three quarters of their box outside are read.
    """
    texts: list[str] = []
    boxes: list[Rect] = []
    for obj in scene.texts:
        if obj.render_mode == TR_INVISIBLE or _inside(obj.bounds, scene.crop):
            continue
        if overlap(obj.bounds, scene.crop) <= 0:
            texts.append(object_text(obj, scene.textpage))
            boxes.append(obj.bounds)
            continue
        chars = [ch for ch in scene.chars(obj) if not ch.text.isspace()
                 and overlap(ch.box, scene.crop) < 0.25 * area(ch.box)]
        if chars:
            texts.append(_evidence(scene.textpage, chars))
            boxes.extend(c.box for c in chars)
    text = _joined(texts)
    if text:
        yield Finding("hidden-text-outside", CHECKS["hidden-text-outside"].severity,
                      f"{_count(text)} of text outside the page's crop box",
                      page=scene.number, bbox=union(boxes),
                      location="outside the crop box", evidence=text)


def covered_or_camouflaged_text(scene: Scene, max_pixels: int) -> Iterator[Finding]:
    """Suspect text whose pixels do not change when it is switched off (see module doc)."""
    covered, camouflaged, clip_only = pick_suspects(scene)
    if not (covered or camouflaged or clip_only):
        return
    crop = scene.crop
    sizes = [o.size for o in [t for t, _ in covered] + camouflaged + clip_only if o.size > 0]
    scale = choose_scale(crop[2] - crop[0], crop[3] - crop[1], max_pixels, min(sizes, default=0))
    raster = Raster(scene.page, scale)
    hidden: dict[tuple[str, int], list[tuple[Char, str]]] = defaultdict(list)
    if covered:
        without = _render_without(scene, [t for t, _ in covered], raster)
        for obj, covers in covered:
            for ch, cover, colour in chars_hidden_by_covers(scene, obj, covers, raster, without):
                kind = "annotation" if cover.annot else cover.kind
                hidden[(_COVER_CHECK[kind], cover.order)].append((ch, colour))
    if camouflaged:
        without = _render_without(scene, camouflaged, raster)
        for obj in camouflaged:
            for ch, check in chars_camouflaged(scene, obj, raster, without):
                hidden[(check, -1)].append((ch, ""))
    for obj in clip_only:
        for ch in scene.chars(obj):
            px = raster.pixels(ch.box)
            if not ch.text.isspace() and px and raster.uniform(px):
                hidden[("hidden-text-invisible", -2)].append((ch, ""))
    for (check, _), found in sorted(hidden.items()):
        yield _hidden_finding(scene, check, found)


def pick_suspects(scene: Scene) -> tuple[list[tuple[PageObj, list[PageObj]]], list[PageObj],
                                         list[PageObj]]:
    """Text objects worth rendering: covered later, camouflaged, or clip-only."""
    covers = [o for o in scene.objects if o.covers]
    index = CoverIndex(covers)
    covered, camouflaged, clip_only = [], [], []
    for obj in scene.texts:
        if obj.render_mode == TR_INVISIBLE or overlap(obj.bounds, scene.crop) <= 0:
            continue  # reported without pixels (invisible, outside the crop box)
        if obj.render_mode == TR_CLIP_ONLY:
            clip_only.append(obj)
            continue
        near = [c for c in index.near(obj.bounds) if overlap(c.bounds, obj.bounds) > 0]
        later = [c for c in near if c.order > obj.order]
        if later:
            covered.append((obj, later))
        elif _may_blend_in(obj, [c for c in near if c.order < obj.order]):
            camouflaged.append(obj)
    return covered, camouflaged, clip_only


def _may_blend_in(obj: PageObj, behind: list[PageObj]) -> bool:
    """Could the text be the colour of what is behind it? Light text may be (the page is
    white); so may text over an image, or over a shape of a colour close to its own."""
    text_lum = luminance(obj.fill) if obj.fill else 0.0
    for c in behind:
        if overlap(c.bounds, obj.bounds) < 0.3 * area(obj.bounds):
            continue
        if c.kind != "path" or c.fill is None or abs(luminance(c.fill) - text_lum) < 0.35:
            return True
    return text_lum > 0.6 and not any(
        c.kind == "path" and c.fill is not None and abs(luminance(c.fill) - text_lum) >= 0.35
        and overlap(c.bounds, obj.bounds) >= 0.9 * area(obj.bounds) for c in behind)


def chars_hidden_by_covers(scene: Scene, obj: PageObj, covers: list[PageObj], raster: Raster,
                           without: Raster) -> Iterator[tuple[Char, PageObj, str]]:
    """Characters of ``obj`` under a cover whose covered pixels do not change without them."""
    for ch in scene.chars(obj):
        if ch.text.isspace():
            continue
        cover = _topmost_cover(ch.box, covers)
        if cover is None:
            continue
        under = _intersection(ch.box, cover.bounds)
        px = raster.pixels(under, inset=1) or raster.pixels(under)  # narrow glyphs: no inset
        if px and raster.same(without, px):
            yield ch, cover, colour_name(raster.colour(px)) if raster.uniform(px) else ""


def chars_camouflaged(scene: Scene, obj: PageObj, raster: Raster,
                      without: Raster) -> Iterator[tuple[Char, str]]:
    """Characters of ``obj`` that change no pixel: same colour as behind them, or clipped."""
    for ch in scene.chars(obj):
        px = raster.pixels(ch.box)
        if ch.text.isspace() or not px or not raster.same(without, px):
            continue
        yield ch, "hidden-text-colour" if raster.uniform(px) else "hidden-text-clipped"


def _topmost_cover(box: Rect, covers: list[PageObj]) -> PageObj | None:
    share = COVER_SHARE * area(box)
    over = [c for c in covers if overlap(c.bounds, box) >= share > 0]
    return max(over, key=lambda c: c.order) if over else None


def _render_without(scene: Scene, objs: list[PageObj], like: Raster) -> Raster:
    """Render the page again with ``objs`` switched off (then switch them back on)."""
    for o in objs:
        pdfium_c.FPDFPageObj_SetIsActive(o.handle, False)
    try:
        return Raster(scene.page, like.scale)
    finally:
        for o in objs:
            pdfium_c.FPDFPageObj_SetIsActive(o.handle, True)


def _hidden_finding(scene: Scene, check: str, found: list[tuple[Char, str]]) -> Finding:
    chars = [c for c, _ in found]
    text = _evidence(scene.textpage, chars)
    colours = sorted({c for _, c in found if c})
    if check.startswith("text-under-"):
        kind = next(k for k, v in _COVER_CHECK.items() if v == check)
        colour = f"{colours[0]} " if len(colours) == 1 else ""
        message = f"{_count(text)} hidden under {_article(colour or _SHAPE[kind])}" \
                  f"{colour}{_SHAPE[kind]} drawn over them"
        location = f"under {_article(_SHAPE[kind])}{_SHAPE[kind]}"
    elif check == "hidden-text-colour":
        message = f"{_count(text)} drawn in the colour of what is behind them"
        location = "same colour as the background"
    elif check == "hidden-text-invisible":
        message = f"{_count(text)} of clip-only text (render mode 7) that shows nothing"
        location = "text render mode 7"
    else:
        message = f"{_count(text)} that render nothing (clipped away)"
        location = "clipped"
    severity = CHECKS[check].severity
    letters = len(squash(text))
    if letters == 0:
        severity, message = "low", message + "; no letters or digits"
    elif _shown_elsewhere(scene.textpage, chars, text):
        severity, message = "low", message + "; the page shows the same words elsewhere"
    elif letters < SHORT and severity == "high":
        severity = "medium"  # a stray glyph under a figure's shape, more often than a secret
    return Finding(check, severity, message, page=scene.number,
                   bbox=union([c.box for c in chars]), location=location, evidence=text)


def _shown_elsewhere(textpage: pdfium.PdfTextPage, chars: list[Char], text: str) -> bool:
    """True when the page's other characters hold (nearly) every word of the hidden text, as
    when a layout program leaves a second, covered copy of a visible caption."""
    count = textpage.count_chars()
    full = textpage.get_text_range(0, count)
    wanted = [w for w in words(text) if len(w) >= 3]
    if len(full) != count or not wanted:
        return False
    hidden = {c.index for c in chars}
    rest = squash("".join(ch for i, ch in enumerate(full) if i not in hidden))
    return sum(1 for w in wanted if w in rest) >= 0.8 * len(wanted)


def _evidence(textpage: pdfium.PdfTextPage, chars: list[Char]) -> str:
    """The text of the characters, runs joined with the whitespace between them."""
    indices = sorted({c.index for c in chars})
    runs: list[tuple[int, int]] = []
    for i in indices:
        if runs and _only_space_between(textpage, runs[-1][1], i):
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    parts = [textpage.get_text_range(a, b - a + 1) for a, b in runs]
    return " ".join(" ".join(p.split()) for p in parts).strip()


def _only_space_between(textpage: pdfium.PdfTextPage, a: int, b: int) -> bool:
    return b - a <= 1 or (b - a < 64 and not textpage.get_text_range(a + 1, b - a - 1).strip())


def _inside(inner: Rect, outer: Rect) -> bool:
    return (inner[0] >= outer[0] - 0.5 and inner[1] >= outer[1] - 0.5
            and inner[2] <= outer[2] + 0.5 and inner[3] <= outer[3] + 0.5)


def _intersection(a: Rect, b: Rect) -> Rect:
    return (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))


def _joined(texts: Iterable[str]) -> str:
    return " ".join(" ".join(t.split()) for t in texts if t.strip())


def _count(text: str) -> str:
    n = sum(1 for c in text if not c.isspace())
    return f"{n} character{'s' if n != 1 else ''}"


def _article(word: str) -> str:
    return "an " if word[:1] in "aeiou" else "a "


class CoverIndex:
    """Covers bucketed on a coarse grid, so that finding the covers near a text object does not
    cost a pass over every path of a chart-heavy page."""

    CELL = 48.0

    def __init__(self, covers: list[PageObj]) -> None:
        self._cells: dict[tuple[int, int], list[PageObj]] = defaultdict(list)
        self._big: list[PageObj] = []  # covers spanning too many cells: always near
        for c in covers:
            keys = self._keys(c.bounds)
            if keys is None:
                self._big.append(c)
            for key in keys or ():
                self._cells[key].append(c)

    def _keys(self, r: Rect) -> list[tuple[int, int]] | None:
        x0, y0 = int(r[0] // self.CELL), int(r[1] // self.CELL)
        x1, y1 = int(r[2] // self.CELL), int(r[3] // self.CELL)
        if (x1 - x0 + 1) * (y1 - y0 + 1) > 4096:
            return None
        return [(x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1)]

    def near(self, r: Rect) -> list[PageObj]:
        seen: dict[int, PageObj] = {c.order: c for c in self._big}
        for key in self._keys(r) or ():
            for c in self._cells.get(key, ()):
                seen[c.order] = c
        return [seen[k] for k in sorted(seen)]

