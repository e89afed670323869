"""Turn the blocks an extractor found into a :class:`~auditor.models.Document`.

Every extractor ends the same way: a list of :class:`RawBlock` in reading order goes in; the
blocks' texts are cleaned, joined with blank lines, given their spans, and each block learns
the section heading it sits under.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from auditor.errors import NoTextError
from auditor.extract.sniff import RawInput
from auditor.models import Block, Box, Document, Furniture, Source
from auditor.normalize import clean_inline

SEPARATOR = "\n\n"

#: A PDF line fragment of a block: ``(page, x0, y0, x1, y1, text)``.
RawLine = tuple[int, float, float, float, float, str]


@dataclass
class RawBlock:
    """A block as an extractor sees it, before spans and sections are known.

    ``lines`` optionally holds the PDF line fragments of the block as
    ``(page, x0, y0, x1, y1, text)``, with ``text`` matching the block's text piece by piece,
    so that boxes can be mapped to spans. Their texts are already clean
    (:func:`~auditor.normalize.clean_inline`; the PDF reader cleans every fragment once),
    except for a soft hyphen a line end may keep for de-hyphenation.
    """

    kind: str
    text: str
    page: int | None = None
    level: int | None = None
    lines: list[RawLine] = field(default_factory=list)


def build_document(
    raw: RawInput,
    fmt: str,
    blocks: Iterable[RawBlock],
    *,
    pages: int | None = None,
    engine: str | None = None,
    furniture: Sequence[Furniture] = (),
    title: str | None = None,
    warnings: Sequence[str] = (),
    clean: bool = True,
    boxes: bool = True,
) -> Document:
    """Assemble a document; raise :class:`NoTextError` when no block has text.

    With ``pages`` (PDF), ``page_starts`` are where each page's first line fragment landed
    in the text. ``boxes=False`` leaves out the boxes of the line fragments (only reports
    that draw on the page need them); the page starts are the same either way.
    """
    parts: list[str] = []
    out: list[Block] = []
    found: list[Box] = []
    firsts: dict[int, int] = {}  # page -> offset of its first line fragment
    offset = 0
    heads: list[tuple[int, str]] = []  # stack of (level, text) of open headings
    for rb in blocks:
        text = clean_inline(rb.text) if clean else rb.text
        if not text:
            continue
        if out:
            offset += len(SEPARATOR)
        start, end = offset, offset + len(text)
        section = heads[-1][1] if heads else None
        if rb.kind == "heading":
            level = rb.level or 1
            while heads and heads[-1][0] >= level:
                heads.pop()
            section = heads[-1][1] if heads else None
            heads.append((level, text))
        out.append(Block(rb.kind, text, start, end, rb.page, section, rb.level))
        if rb.lines and boxes:
            block_boxes = _boxes_for(rb, text, start)
            for box in block_boxes:
                firsts.setdefault(box.page, box.start)
            found.extend(block_boxes)
        elif rb.lines:
            _first_offsets(rb, text, start, firsts)
        parts.append(text)
        offset = end
    if not out:
        raise NoTextError(f"{raw.name}: no text found", "the document is empty")
    text = SEPARATOR.join(parts)
    source = Source(raw.path, raw.sha256, fmt, pages, engine, len(raw.data))
    return Document(
        source=source,
        text=text,
        blocks=tuple(out),
        furniture=tuple(furniture),
        page_starts=_page_starts(firsts, pages, len(text)) if pages is not None else (),
        boxes=tuple(found),
        title=title,
        warnings=tuple(warnings),
    )


def _page_starts(firsts: dict[int, int], pages: int, end: int) -> tuple[int, ...]:
    """Offset where text from each page first appears (``firsts``: page -> offset of its
    first line fragment); a page without text starts where the next page does, so that
    ``page_at`` never lands on it."""
    starts = [0] * pages
    nxt = end
    for page in range(pages, 0, -1):
        nxt = firsts.get(page, nxt)
        starts[page - 1] = nxt
    for i in range(1, pages):
        starts[i] = max(starts[i], starts[i - 1])
    if starts:
        starts[0] = 0
    return tuple(starts)


def _first_offsets(rb: RawBlock, text: str, start: int, firsts: dict[int, int]) -> None:
    """Add to ``firsts`` where the first line fragment of each page of ``rb`` that is not
    in it yet lands — where :func:`_boxes_for` would put its box, and without going further
    than that."""
    todo = {ln[0] for ln in rb.lines} - firsts.keys()
    for line, found, _ in _located(rb, text):
        if not todo:
            return
        if line[0] in todo:
            firsts[line[0]] = start + found
            todo.discard(line[0])


def _boxes_for(rb: RawBlock, text: str, start: int) -> list[Box]:
    """Map each line fragment of a block to its span in the block's cleaned text."""
    return [Box(page, x0, y0, x1, y1, start + found, start + end)
            for (page, x0, y0, x1, y1, _), found, end in _located(rb, text)]


def _located(rb: RawBlock, text: str) -> Iterator[tuple[RawLine, int, int]]:
    """Each line fragment of ``rb`` that is found in the block's cleaned ``text``, with its
    span there: searched from where the previous one ended, by its first 12 characters."""
    pos = 0
    for line in rb.lines:
        piece = line[5]
        if piece.endswith("\u00ad"):  # what cleaning the piece again would remove
            piece = piece[:-1]
        if not piece:
            continue
        found = text.find(piece[: max(1, min(len(piece), 12))], pos)
        if found < 0:
            continue
        pos = min(len(text), found + len(piece))
        yield line, found, pos
