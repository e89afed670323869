"""Read a PDF's pages into :class:`PageLines`, using every core for long documents.

Each page is read on its own: the engine gives fragments, rotated text is set aside as a
watermark, text off the visible page as "other", characters are cleaned and the fragments
glued into rows. Nothing here depends on other pages, so a long document is cut into
contiguous runs of pages read by worker processes (forked: the file's bytes are already in
memory) and the runs are put back in page order — the result is the same, byte for byte,
as reading the pages one after the other.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from auditor.errors import AuditorError, CorruptFileError
from auditor.extract.pdf_engines import Line, OpenPdf, PageText, PageView, open_pdf
from auditor.extract.pdf_furniture import note_removed
from auditor.extract.pdf_layout import PageLines, TextLine, merge_rows
from auditor.extract.sniff import RawInput
from auditor.normalize import clean_inline

#: Documents shorter than this are read in-process (a worker costs more than it saves).
PARALLEL_FROM_PAGES = 48
#: Exceptions a damaged file can raise from inside an engine.
_READ_ERRORS = (ValueError, OSError, RuntimeError, RecursionError, MemoryError, KeyError,
                TypeError, IndexError, AttributeError, AssertionError)


def read_pages(raw: RawInput, pdf: OpenPdf, engine: str | None,
               password: str | None) -> list[PageLines]:
    """All pages of ``pdf`` (opened on ``raw``) as :class:`PageLines`, in page order."""
    count = pdf.page_count
    workers = _workers(count)
    if workers < 2:
        return _guarded(raw, lambda: list(_read_range(pdf, 0, count)))
    bounds = [(count * k // workers, count * (k + 1) // workers) for k in range(workers)]
    import multiprocessing

    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                 initializer=_init_worker, initargs=(raw, engine, password),
                                 ) as pool:
            parts = list(pool.map(_read_chunk, bounds))
    except BrokenProcessPool:
        raise CorruptFileError(f"{raw.name}: the PDF engine crashed on this file",
                               "re-export it, or try another --engine") from None
    pages: list[PageLines] = []
    for part in parts:
        if isinstance(part, _Failure):
            raise part.error()
        pages.extend(_decode(packed) for packed in part)
    return pages


def _workers(count: int) -> int:
    """How many processes read a document of ``count`` pages: one per idle core (at most
    four) for long documents on Linux — on a busy machine extra processes only compete for
    the same cores; never from a program running threads (fork would copy their locks);
    ``AUDITOR_WORKERS`` sets the number (1: no workers)."""
    wanted = os.environ.get("AUDITOR_WORKERS", "").strip()
    if wanted.isdigit():
        return max(1, min(int(wanted), count))
    if count < PARALLEL_FROM_PAGES or sys.platform != "linux":
        return 1
    if threading.active_count() > 1:
        return 1  # forking a threaded program can deadlock the child: read in-process
    try:
        cores = len(os.sched_getaffinity(0))
        idle = cores - int(os.getloadavg()[0] + 0.5)  # cores other programs leave free
    except (AttributeError, OSError):
        cores = idle = os.cpu_count() or 1
    workers = min(idle, 4, count // (PARALLEL_FROM_PAGES // 2))
    return workers if workers >= 2 else 1


def _read_range(pdf: OpenPdf, start: int, stop: int) -> Iterator[PageLines]:
    for page in pdf.pages(start, stop):
        yield page_lines(page)


def _guarded(raw: RawInput, read: Callable[[], list[PageLines]]) -> list[PageLines]:
    """Run ``read``, turning what a damaged file makes an engine raise into one error."""
    try:
        return read()
    except AuditorError:
        raise
    except _READ_ERRORS as exc:
        raise CorruptFileError(f"{raw.name}: damaged PDF, reading a page failed "
                               f"({type(exc).__name__})",
                               "re-export it, or try another --engine") from None


def page_lines(page: PageText) -> PageLines:
    """Clean the fragments, drop repeated draws of the same text in the same place, set
    aside rotated and off-page text, merge the rest into rows."""
    upright: list[Line] = []
    rotated: list[Line] = []
    seen: set[tuple[str, int, int]] = set()
    for frag in page.lines:
        frag.text = _clean_fragment(frag.text)
        key = (frag.text, round(frag.x0), round(frag.y0))
        if frag.text and key not in seen:  # text drawn twice in one place (fake bold, reuse)
            seen.add(key)
            (rotated if frag.angle else upright).append(frag)
    result = PageLines(page.number, page.view, merge_rows(upright, page.number),
                       has_text=bool(page.lines))
    note_removed(result, "watermark", rotated)
    note_removed(result, "other", page.outside)
    return result


def _clean_fragment(text: str) -> str:
    """Characters cleaned (ligatures, invisibles, spaces), keeping a line-end soft hyphen
    for the de-hyphenation that follows."""
    if text.endswith("\u00ad"):
        return clean_inline(text[:-1]) + "\u00ad"
    return clean_inline(text)


# -- worker side ---------------------------------------------------------------------------

_job: tuple[RawInput, str | None, str | None] | None = None


class _Failure:
    """An input error raised in a worker, carried back whole (hint included)."""

    def __init__(self, exc: AuditorError) -> None:
        self.cls, self.message, self.hint = type(exc), exc.message, exc.hint

    def error(self) -> AuditorError:
        return self.cls(self.message, self.hint)


def _init_worker(raw: RawInput, engine: str | None, password: str | None) -> None:
    global _job
    _job = (raw, engine, password)


def _read_chunk(bounds: tuple[int, int]) -> list[_Packed] | _Failure:
    assert _job is not None
    raw, engine, password = _job
    try:
        pdf = open_pdf(raw, engine, password)
        try:
            return [_encode(p) for p in _guarded(raw, lambda: list(_read_range(pdf, *bounds)))]
        finally:
            pdf.close()
    except AuditorError as exc:
        return _Failure(exc)


# Pages travel back from the workers as plain tuples: they pickle several times faster than
# the objects (which are rebuilt on arrival).
_PackedLine = tuple[str, float, float, float, float, float, bool, int]
_Packed = tuple[int, tuple[float, ...], int, bool, list[tuple[str, str]],
                list[tuple[str, float, float, float, float, float, bool, int,
                           list[tuple[int, _PackedLine]]]]]


def _encode(page: PageLines) -> _Packed:
    lines = [(ln.text, ln.x0, ln.y0, ln.x1, ln.y1, ln.size, ln.bold, ln.row,
              [(at, (f.text, f.x0, f.y0, f.x1, f.y1, f.size, f.bold, f.angle))
               for at, f in ln.parts]) for ln in page.lines]
    return (page.number, page.view.crop, page.view.rotation, page.has_text, page.removed,
            lines)


def _decode(packed: _Packed) -> PageLines:
    number, crop, rotation, has_text, removed, lines = packed
    text_lines = [TextLine(text, x0, y0, x1, y1, size, bold, number, row,
                           [(at, Line(*frag)) for at, frag in parts])
                  for text, x0, y0, x1, y1, size, bold, row, parts in lines]
    view = PageView((crop[0], crop[1], crop[2], crop[3]), rotation)
    return PageLines(number, view, text_lines, removed, has_text)
