"""Page furniture: what the typesetter printed around the text, found and taken out.

Furniture is reported in :attr:`Document.furniture`, never left in the text, so that two
renderings of the same words compare equal. What counts as furniture:

* **running headers and footers** — a line in the top or bottom band of the page whose text,
  digits masked, recurs on several pages ("Revision of 2026-03-10", "Page 3 of 14");
* **page numbers** — a lone "3", "iii", "— 3 —", "Page 3 of 14", "3 / 14" in those bands;
* **watermarks and stamps** — rotated text (a vertical "ERRATA WORKING COPY" in the margin,
  a diagonal "DRAFT"), and very large text repeated across pages;
* **generated tables of contents** — lines ending in leader dots and a page number, with the
  "Contents" heading above them;
* text printed **outside the visible page** (printer slugs, margin line numbers).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from auditor.extract.pdf_engines import Line
from auditor.extract.pdf_layout import PageLines, TextLine
from auditor.models import Furniture

#: Fraction of the page height searched for running headers (top) and footers (bottom).
_BAND = 0.12
#: How many rows at each end of a page may hold furniture.
_EDGE_ROWS = 3
_DIGITS = re.compile(r"\d+")
_ROMAN = r"[ivxlcdm]{1,7}|[IVXLCDM]{1,7}"
_PAGE_NUMBER = re.compile(
    rf"^(?:(?:page|p\.|pg\.?|seite|página|pagina)\s*)?[-–—‒―~|·•(\[]*\s*(\d{{1,5}}|{_ROMAN})"
    rf"\s*(?:(?:of|/|de|von|sur|di)\s*(\d{{1,5}}|{_ROMAN}))?\s*[-–—‒―~|·•)\]]*$",
    re.IGNORECASE,
)
_LEADERS = re.compile(r"(?:\.\s?){4,}\s*(\d{1,4}|[ivxlcdm]{1,6})\s*$|…{2,}\s*\d{1,4}\s*$",
                      re.IGNORECASE)
_CONTENTS = re.compile(r"^(table of contents|contents|inhalt|inhaltsverzeichnis|"
                       r"table des matières|sommaire|índice|indice)$", re.IGNORECASE)


def mask(text: str) -> str:
    """The comparable form of a furniture line: digits masked, case and spaces folded."""
    text = _DIGITS.sub("#", text.lower())
    return " ".join(text.split())


def remove_furniture(pages: list[PageLines], body_size: float) -> list[Furniture]:
    """Take running headers/footers, page numbers and tables of contents out of ``pages``
    (in place) and return what was removed, one entry per distinct text."""
    repeated = _repeated_edge_lines(pages, body_size)
    for page in pages:
        keep: list[TextLine] = []
        edges = _edge_lines(page)
        for ln in page.lines:
            kind = edges.get(id(ln))
            if kind is not None and _is_page_number(ln.text):
                page.removed.append(("page-number", ln.text))
            elif kind is not None and _small(ln, body_size) and (kind, mask(ln.text)) in repeated:
                page.removed.append((kind, ln.text))
            else:
                keep.append(ln)
        page.lines = _without_toc(page, keep)
    return _report(pages)


def _edge_lines(page: PageLines) -> dict[int, str]:
    """``id(line) → 'header' | 'footer'`` for lines in the first or last rows of a page that
    also sit in the top or bottom band."""
    rows = sorted({ln.row for ln in page.lines})
    if not rows:
        return {}
    top, bottom = set(rows[:_EDGE_ROWS]), set(rows[-_EDGE_ROWS:])
    out: dict[int, str] = {}
    for ln in page.lines:
        if ln.row in top and ln.y0 >= page.height * (1 - _BAND):
            out[id(ln)] = "header"
        elif ln.row in bottom and ln.y1 <= page.height * _BAND:
            out[id(ln)] = "footer"
    return out


def _repeated_edge_lines(pages: list[PageLines], body_size: float) -> set[tuple[str, str]]:
    """Edge lines whose masked text recurs: on 2 pages of a short document, else on 3."""
    seen: dict[tuple[str, str], set[int]] = defaultdict(set)
    for page in pages:
        edges = _edge_lines(page)
        for ln in page.lines:
            kind = edges.get(id(ln))
            if kind is not None and _small(ln, body_size):
                seen[(kind, mask(ln.text))].add(page.number)
    need = 2 if len(pages) <= 4 else 3
    return {key for key, where in seen.items() if len(where) >= need}


def _small(ln: TextLine, body_size: float) -> bool:
    """Running heads are set at body size or smaller; a title that repeats them is not."""
    return ln.size <= 1.25 * body_size


def _is_page_number(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text.strip()))


def _without_toc(page: PageLines, lines: list[TextLine]) -> list[TextLine]:
    """Drop lines that end in leader dots and a page number, and the "Contents" heading."""
    toc = [ln for ln in lines if (".." in ln.text or "…" in ln.text or ". ." in ln.text)
           and _LEADERS.search(ln.text)]
    if not toc:
        return lines
    gone = {id(ln) for ln in toc}
    first = min(toc, key=lambda ln: ln.row)
    heading = [ln for ln in lines if _CONTENTS.match(ln.text.strip()) and ln.row < first.row]
    gone.update(id(ln) for ln in heading)
    for ln in heading:
        page.removed.append(("toc", ln.text.strip()))
    for ln in toc:
        page.removed.append(("toc", _LEADERS.sub("", ln.text).rstrip(" .")))
    return [ln for ln in lines if id(ln) not in gone]


def note_removed(page: PageLines, kind: str, lines: Iterable[Line]) -> None:
    """Record fragments taken out before layout (rotated, off-page)."""
    for ln in lines:
        if ln.text.strip():
            page.removed.append((kind, " ".join(ln.text.split())))


def _report(pages: list[PageLines]) -> list[Furniture]:
    """One :class:`Furniture` per kind and masked text, with the pages it was seen on."""
    groups: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    for page in pages:
        for kind, text in page.removed:
            groups[(kind, mask(text))].append((page.number, text))
    out = []
    for (kind, _), seen in groups.items():
        texts = [t for _, t in seen]
        out.append(Furniture(kind, _representative(kind, texts),
                             tuple(sorted({p for p, _ in seen}))))
    return sorted(out, key=lambda f: (f.pages[:1], f.kind, f.text))


def _representative(kind: str, texts: list[str]) -> str:
    """The text with the digit runs that vary from page to page masked: "Page N of M" for
    page numbers, "Federal Register / Vol. 85 …" kept as printed when it never varies."""
    texts = [" ".join(t.split()) for t in texts]
    first = texts[0]
    runs = [_DIGITS.findall(t) for t in texts]
    if kind == "page-number" or len({len(r) for r in runs}) > 1:
        varying = [True] * len(runs[0])
    else:
        varying = [len({r[i] for r in runs}) > 1 for i in range(len(runs[0]))]
    names = iter(("N", "M"))
    position = iter(varying)
    return _DIGITS.sub(lambda m: next(names, "N") if next(position) else m.group(), first)
