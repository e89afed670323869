"""Read a PDF's pages into :class:`PageLines`, using every core for long documents.

Each page is read on its own: the engine gives fragments, rotated text is set aside as a
watermark, text off the visible page as "other", characters are cleaned and the fragments
glued into rows. Nothing here depends on other pages, so a long document is cut into
contiguous runs of pages: this process reads the last run while forked children read the
others (the file's bytes are already in memory) and send them back, and the runs are put
back in page order — the result is the same, byte for byte, as reading the pages one after
the other, and so is the first error met.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from auditor.errors import AuditorError, CorruptFileError
from auditor.extract.pdf_engines import Line, OpenPdf, PageText, PageView, open_pdf
from auditor.extract.pdf_furniture import note_removed
from auditor.extract.pdf_layout import PageLines, TextLine, merge_rows
from auditor.extract.sniff import RawInput
from auditor.normalize import clean_inline
from auditor.parallel import ChildFailed, ForkedCall, can_fork, idle_cores, wanted_workers

#: Documents shorter than this are read in-process (a worker costs more than it saves).
PARALLEL_FROM_PAGES = 48
#: Exceptions a damaged file can raise from inside an engine.
_READ_ERRORS = (ValueError, OSError, RuntimeError, RecursionError, MemoryError, KeyError,
                TypeError, IndexError, AttributeError, AssertionError)


def read_pages(raw: RawInput, pdf: OpenPdf, engine: str | None, password: str | None,
               workers: int | None = None) -> list[PageLines]:
    """All pages of ``pdf`` (opened on ``raw``) as :class:`PageLines`, in page order, read
    by up to ``workers`` processes (None: see :func:`_workers`): the last run of pages in
    this process, each other run in a forked child."""
    count = pdf.page_count
    workers = _workers(count, workers)
    bounds = [(count * k // workers, count * (k + 1) // workers) for k in range(workers)]
    children = [ForkedCall(partial(_read_chunk, raw, engine, password, run))
                for run in bounds[:-1]]
    try:
        try:
            own: list[PageLines] | Exception = _guarded(raw, partial(_read_list, pdf,
                                                                     *bounds[-1]))
        except Exception as exc:  # raised after an error on an earlier page, if any
            own = exc
        pages: list[PageLines] = []
        for child, run in zip(children, bounds, strict=False):
            pages.extend(_from_child(child, partial(_read_list, pdf, *run), raw))
    finally:
        for child in children:  # those not waited for: an error or an interrupt
            child.cancel()
    if isinstance(own, Exception):
        raise own
    return pages + own


def _from_child(child: ForkedCall[list[_Packed]], again: Callable[[], list[PageLines]],
                raw: RawInput) -> list[PageLines]:
    """A child's pages; read ``again`` in this process when the child failed otherwise than
    on the input (what one process would have done, errors included)."""
    try:
        return [_decode(packed) for packed in child.result()]
    except ChildFailed:
        return _guarded(raw, again)


def _workers(count: int, wanted: int | None) -> int:
    """How many processes read a document of ``count`` pages: ``wanted`` (or
    ``AUDITOR_WORKERS``) when given, else one per idle core (at most four) for long
    documents — on a busy machine extra processes only compete for the same cores; never
    from a program running threads (fork would copy their locks)."""
    wanted = wanted if wanted is not None else wanted_workers()
    if wanted is not None:
        return max(1, min(wanted, count)) if wanted < 2 or can_fork() else 1
    if count < PARALLEL_FROM_PAGES or not can_fork():
        return 1
    workers = min(idle_cores(), 4, count // (PARALLEL_FROM_PAGES // 2))
    return workers if workers >= 2 else 1


def _read_list(pdf: OpenPdf, start: int, stop: int) -> list[PageLines]:
    return list(_read_range(pdf, start, stop))


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


def _read_chunk(raw: RawInput, engine: str | None, password: str | None,
                run: tuple[int, int]) -> list[_Packed]:
    """In a child: pages ``run`` of the file, opened anew, packed for the trip back."""
    pdf = open_pdf(raw, engine, password)
    try:
        return [_encode(p) for p in _guarded(raw, partial(_read_list, pdf, *run))]
    finally:
        pdf.close()


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
