"""Turn the blocks an extractor found into a :class:`~auditor.models.Document`.

Every extractor ends the same way: a list of :class:`RawBlock` in reading order goes in; the
blocks' texts are cleaned, joined with blank lines, given their spans, and each block learns
the section heading it sits under.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from auditor.errors import NoTextError
from auditor.extract.sniff import RawInput
from auditor.models import Block, Box, Document, Furniture, Source
from auditor.normalize import clean_inline

SEPARATOR = "\n\n"


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
    lines: list[tuple[int, float, float, float, float, str]] = field(default_factory=list)


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
) -> Document:
    """Assemble a document; raise :class:`NoTextError` when no block has text."""
    parts: list[str] = []
    out: list[Block] = []
    boxes: list[Box] = []
    page_starts: list[int] = []
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
        if rb.page is not None:
            while len(page_starts) < rb.page:
                page_starts.append(start)
        out.append(Block(rb.kind, text, start, end, rb.page, section, rb.level))
        boxes.extend(_boxes_for(rb, text, start))
        parts.append(text)
        offset = end
    if not out:
        raise NoTextError(f"{raw.name}: no text found", "the document is empty")
    if pages is not None:
        while len(page_starts) < pages:
            page_starts.append(offset)
    source = Source(raw.path, raw.sha256, fmt, pages, engine, len(raw.data))
    return Document(
        source=source,
        text=SEPARATOR.join(parts),
        blocks=tuple(out),
        furniture=tuple(furniture),
        page_starts=tuple(page_starts) if pages is not None else (),
        boxes=tuple(boxes),
        title=title,
        warnings=tuple(warnings),
    )


def _boxes_for(rb: RawBlock, text: str, start: int) -> list[Box]:
    """Map each line fragment of a block to its span in the block's cleaned text."""
    result: list[Box] = []
    pos = 0
    for page, x0, y0, x1, y1, piece in rb.lines:
        if piece.endswith("\u00ad"):  # what cleaning the piece again would remove
            piece = piece[:-1]
        if not piece:
            continue
        found = text.find(piece[: max(1, min(len(piece), 12))], pos)
        if found < 0:
            continue
        end = min(len(text), found + len(piece))
        result.append(Box(page, x0, y0, x1, y1, start + found, start + end))
        pos = end
    return result
