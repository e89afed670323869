"""Plain data passed between the stages of the pipeline.

All models are frozen dataclasses with ``to_dict()`` and ``from_dict()``; the dictionaries are
the JSON contracts documented in the README (``auditor.document/1``, ``auditor.compare/1``).

Offsets (``start``/``end``) are character offsets into :attr:`Document.text`, end exclusive.
Pages are 1-based.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

DOCUMENT_SCHEMA = "auditor.document/1"
COMPARE_SCHEMA = "auditor.compare/1"

#: Kinds of block an extractor may produce.
BLOCK_KINDS = ("heading", "paragraph", "list_item", "table_cell", "footnote", "caption", "code")
#: Change operations.
OPS = ("insert", "delete", "replace", "move")
#: Change classes, most serious first.
CLASSES = ("redaction", "material", "editorial")
#: ``--fail-on`` levels of ``compare``: a change at or above the level fails the run.
FAIL_LEVELS = ("redaction", "material", "any")


@dataclass(frozen=True)
class Block:
    """One unit of reading order: a heading, paragraph, list item, table cell, footnote…

    ``text`` equals ``document.text[start:end]``. ``section`` is the text of the nearest
    heading above the block (``None`` before the first heading; a heading's own section is
    the heading above it). ``level`` is the heading level (1 = top) for headings, else None.
    ``page`` is the page the block starts on (PDF only).
    """

    kind: str
    text: str
    start: int
    end: int
    page: int | None = None
    section: str | None = None
    level: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "page": self.page,
            "section": self.section,
            "level": self.level,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Block:
        return cls(
            kind=d["kind"],
            text=d["text"],
            start=d["start"],
            end=d["end"],
            page=d.get("page"),
            section=d.get("section"),
            level=d.get("level"),
        )


@dataclass(frozen=True)
class Box:
    """Where a stretch of text sits on a PDF page: one line fragment.

    Coordinates are PDF points with the origin at the bottom-left of the page (as PDF and
    pdfium use them); ``start``/``end`` is the stretch of :attr:`Document.text` it holds.
    """

    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "page": self.page,
            "bbox": [round(self.x0, 2), round(self.y0, 2), round(self.x1, 2), round(self.y1, 2)],
            "start": self.start,
            "end": self.end,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Box:
        x0, y0, x1, y1 = d["bbox"]
        return cls(d["page"], x0, y0, x1, y1, d["start"], d["end"])


@dataclass(frozen=True)
class Furniture:
    """Typesetting furniture removed from the text: running headers and footers, page numbers,
    watermarks, print dates, generated tables of contents.

    ``text`` is a representative form with digits masked where they vary ("Page N of M");
    ``pages`` lists where it was seen.
    """

    kind: str  # header | footer | page-number | watermark | toc | other
    text: str
    pages: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "pages": list(self.pages)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Furniture:
        return cls(d["kind"], d["text"], tuple(d.get("pages", ())))


@dataclass(frozen=True)
class Source:
    """Identity of an input file."""

    path: str | None
    sha256: str
    format: str  # pdf | html | markdown | text | docx
    pages: int | None = None
    engine: str | None = None  # the PDF engine used, if any
    size: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "sha256": self.sha256,
            "format": self.format,
            "pages": self.pages,
            "engine": self.engine,
            "size": self.size,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Source:
        return cls(
            d.get("path"), d["sha256"], d["format"], d.get("pages"), d.get("engine"), d.get("size")
        )


@dataclass(frozen=True)
class Document:
    """Extracted text of one file, as blocks in reading order, with provenance.

    ``text`` is the blocks' texts joined by a blank line ("\\n\\n"); every block's span points
    into it. ``page_starts[i]`` is the offset where page ``i + 1`` begins (PDF only).
    """

    source: Source
    text: str
    blocks: tuple[Block, ...]
    furniture: tuple[Furniture, ...] = ()
    page_starts: tuple[int, ...] = ()
    boxes: tuple[Box, ...] = ()
    title: str | None = None
    warnings: tuple[str, ...] = ()
    _block_starts: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_block_starts", tuple(b.start for b in self.blocks))

    def page_at(self, offset: int) -> int | None:
        """The 1-based page holding ``offset``, or None for formats without pages."""
        if not self.page_starts:
            return None
        return max(1, bisect_right(self.page_starts, offset))

    def block_at(self, offset: int) -> Block | None:
        """The block holding ``offset`` (or the last block starting before it)."""
        i = bisect_right(self._block_starts, offset) - 1
        return self.blocks[i] if i >= 0 else None

    def section_at(self, offset: int) -> str | None:
        """The section heading in force at ``offset`` (a heading is its own section)."""
        block = self.block_at(offset)
        if block is None:
            return None
        return block.text if block.kind == "heading" else block.section

    def to_dict(self) -> dict[str, Any]:
        from auditor import __version__

        return {
            "schema": DOCUMENT_SCHEMA,
            "tool": {"name": "auditor", "version": __version__},
            "source": self.source.to_dict(),
            "title": self.title,
            "text": self.text,
            "blocks": [b.to_dict() for b in self.blocks],
            "furniture": [f.to_dict() for f in self.furniture],
            "page_starts": list(self.page_starts),
            "boxes": [b.to_dict() for b in self.boxes],
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Document:
        return cls(
            source=Source.from_dict(d["source"]),
            text=d["text"],
            blocks=tuple(Block.from_dict(b) for b in d["blocks"]),
            furniture=tuple(Furniture.from_dict(f) for f in d.get("furniture", ())),
            page_starts=tuple(d.get("page_starts", ())),
            boxes=tuple(Box.from_dict(b) for b in d.get("boxes", ())),
            title=d.get("title"),
            warnings=tuple(d.get("warnings", ())),
        )


@dataclass(frozen=True)
class Side:
    """One side (before or after) of a change.

    ``text`` is exactly what changed on this side; ``context`` is the complete sentence(s)
    enclosing it as they read in this version. ``start``/``end`` locate ``text`` in the
    side's :attr:`Document.text`; ``context_start`` locates ``context`` there, so ``text`` is
    ``context[start - context_start:end - context_start]`` (None when unknown).
    """

    text: str
    context: str
    start: int
    end: int
    page: int | None = None
    section: str | None = None
    context_start: int | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "text": self.text,
            "context": self.context,
            "page": self.page,
            "section": self.section,
            "start": self.start,
            "end": self.end,
        }
        if self.context_start is not None:
            d["context_start"] = self.context_start
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Side:
        return cls(
            d["text"], d["context"], d["start"], d["end"], d.get("page"), d.get("section"),
            d.get("context_start"),
        )


@dataclass(frozen=True)
class Change:
    """One real change between two versions.

    ``before`` is None for a pure insert, ``after`` None for a pure delete. ``cls`` is the
    class (redaction / material / editorial), ``rules`` the ids of the rules that decided it
    and ``reason`` a one-line human explanation. ``move_id`` links an edit found inside a
    moved block to the ``move`` change.
    """

    id: str
    op: str
    before: Side | None
    after: Side | None
    cls: str = "material"
    rules: tuple[str, ...] = ()
    reason: str = ""
    in_conclusions: bool = False
    move_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id,
            "op": self.op,
            "class": self.cls,
            "rules": list(self.rules),
            "reason": self.reason,
            "in_conclusions": self.in_conclusions,
            "before": self.before.to_dict() if self.before else None,
            "after": self.after.to_dict() if self.after else None,
        }
        if self.move_id is not None:
            d["move_id"] = self.move_id
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Change:
        return cls(
            id=d["id"],
            op=d["op"],
            before=Side.from_dict(d["before"]) if d.get("before") else None,
            after=Side.from_dict(d["after"]) if d.get("after") else None,
            cls=d.get("class", "material"),
            rules=tuple(d.get("rules", ())),
            reason=d.get("reason", ""),
            in_conclusions=d.get("in_conclusions", False),
            move_id=d.get("move_id"),
        )


@dataclass(frozen=True)
class Statement:
    """A conclusion-bearing statement and what happened to it."""

    text: str
    status: str  # unchanged | modified | removed | added
    change_ids: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "status": self.status, "change_ids": list(self.change_ids)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Statement:
        return cls(d["text"], d["status"], tuple(d.get("change_ids", ())))


@dataclass(frozen=True)
class Conclusions:
    """The verdict on whether the conclusions changed, statement by statement."""

    changed: bool = False
    statements: tuple[Statement, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"changed": self.changed, "statements": [s.to_dict() for s in self.statements]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Conclusions:
        return cls(d.get("changed", False), tuple(Statement.from_dict(s) for s in d["statements"]))


@dataclass(frozen=True)
class Comparison:
    """Everything ``compare`` found between two versions."""

    before: Source
    after: Source
    changes: tuple[Change, ...]
    conclusions: Conclusions = Conclusions()
    furniture_before: tuple[str, ...] = ()
    furniture_after: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    def summary(self) -> dict[str, Any]:
        counts = {c: sum(1 for ch in self.changes if ch.cls == c) for c in CLASSES}
        return {
            "changes": len(self.changes),
            **counts,
            "moved": sum(1 for ch in self.changes if ch.op == "move"),
            "conclusions_changed": self.conclusions.changed,
        }

    def to_dict(self) -> dict[str, Any]:
        from auditor import __version__

        return {
            "schema": COMPARE_SCHEMA,
            "tool": {"name": "auditor", "version": __version__},
            "before": self.before.to_dict(),
            "after": self.after.to_dict(),
            "summary": self.summary(),
            "changes": [c.to_dict() for c in self.changes],
            "conclusions": self.conclusions.to_dict(),
            "furniture": {
                "before": list(self.furniture_before),
                "after": list(self.furniture_after),
            },
            "warnings": list(self.warnings),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Comparison:
        furniture = d.get("furniture", {})
        return cls(
            before=Source.from_dict(d["before"]),
            after=Source.from_dict(d["after"]),
            changes=tuple(Change.from_dict(c) for c in d["changes"]),
            conclusions=Conclusions.from_dict(d.get("conclusions", {"statements": []})),
            furniture_before=tuple(furniture.get("before", ())),
            furniture_after=tuple(furniture.get("after", ())),
            warnings=tuple(d.get("warnings", ())),
        )
