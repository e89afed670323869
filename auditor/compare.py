"""``compare(before, after)``: every real change between two versions of a document.

    extract both ──▶ tokenize blocks ──▶ align blocks ──▶ diff inside pairs ──▶ changes
                 ──▶ (mirror, when computed the other way round) ──▶ ids ──▶ classify ──▶ order

Typesetting is not a change: furniture (running headers, page numbers, watermarks) is reported
separately, and white space, reflow, ligatures, soft hyphens and line-end hyphenation vanish
in tokenizing. Quote and dash style, punctuation and case are real (editorial) changes.

The alignment, diff and classification modules are imported when the documents are in hand:
when BEFORE is extracted in a forked child, a child forked from a smaller process starts
sooner, and this process imports them while the child finishes (see :func:`_load_both`).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Union

from auditor.extract import extract
from auditor.models import CLASSES, Change, Comparison, Conclusions, Document
from auditor.models import FAIL_LEVELS as FAIL_LEVELS  # ``--fail-on`` levels, defined there
from auditor.parallel import (
    ChildFailed,
    ForkedCall,
    ForkedStep,
    can_fork,
    idle_cores,
    wanted_workers,
)

if TYPE_CHECKING:
    from auditor.changes import Draft, Progress
    from auditor.classify import Regions
    from auditor.config import Config
    from auditor.diff import BlockTokens

Input = Union[str, "os.PathLike[str]", Document]
Classified = tuple[tuple[Change, ...], Conclusions]

#: Inputs smaller than this are extracted faster than a second process starts.
PARALLEL_FROM_BYTES = 64 * 1024


def compare(
    before: Input,
    after: Input,
    *,
    password: str | None = None,
    engine: str | None = None,
    config: Config | None = None,
    progress: Progress | None = None,
) -> Comparison:
    """Compare two versions of a document, given as paths or extracted :class:`Document`.

    ``password`` opens encrypted PDFs, ``engine`` picks the PDF engine, ``config`` holds the
    classification settings (:func:`auditor.config.load_config`; defaults when None).
    ``progress(stage, done, total)`` is called as the work advances (the library itself
    never prints).
    """
    doc_a, doc_b = _load_both(before, after, password, engine, progress, boxes=False)
    from auditor.changes import mirror, with_ids
    from auditor.diff import budget_warning

    aside = _classifier_aside(doc_a, doc_b, config)
    try:
        flip = _computed_backwards(doc_a, doc_b)
        drafts, hits, notes = (_changes(doc_b, doc_a, progress) if flip
                               else _changes(doc_a, doc_b, progress))
        if flip:
            drafts = mirror(drafts)
            hits = [(b, a, nb, na) for a, b, na, nb in hits]
        changes, conclusions = _classified(aside, with_ids(drafts), doc_a, doc_b, config)
    finally:
        if aside is not None:
            aside.cancel()  # when not waited for: an error or an interrupt
    return Comparison(
        before=doc_a.source,
        after=doc_b.source,
        changes=tuple(order_changes(changes)),
        conclusions=conclusions,
        furniture_before=furniture_texts(doc_a),
        furniture_after=furniture_texts(doc_b),
        warnings=_warnings(doc_a, doc_b, [*notes, *(budget_warning(*h) for h in hits)]),
    )


def _changes(doc_a: Document, doc_b: Document, progress: Progress | None
             ) -> tuple[list[Draft], list[tuple[int, int, int, int]], list[str]]:
    """align → diff → changes, in reading order of ``doc_a``; the diff's budget hits and the
    alignment's warnings (which name no side, so they read the same either way round)."""
    from auditor.align import align_blocks
    from auditor.changes import find_changes
    from auditor.diff import Differ, block_key
    from auditor.sentences import document_index

    toks_a, toks_b = block_tokens(doc_a), block_tokens(doc_b)
    keys = ([block_key(b.text) for b in doc_a.blocks], [block_key(b.text) for b in doc_b.blocks])
    texts = ([b.text for b in doc_a.blocks], [b.text for b in doc_b.blocks])
    alignment = align_blocks(toks_a, toks_b, block_streams(doc_a), block_streams(doc_b), keys,
                             texts)
    differ = Differ(doc_a.text, doc_b.text, a_index=document_index(doc_a),
                    b_index=document_index(doc_b))
    drafts = find_changes(doc_a, doc_b, toks_a, toks_b, alignment, differ, progress)
    return drafts, differ.budget_hits, list(alignment.warnings)


def _classifier_aside(doc_a: Document, doc_b: Document, config: Config | None
                      ) -> ForkedStep[Regions, list[Change], Classified] | None:
    """With a core idle, a forked child that prepares the classification (loads the
    dictionary, finds the conclusion regions: ~50 ms for two 350-page books) while this
    process finds the changes, then classifies them (the result is the same as in
    process). None for short documents, or when no core is idle."""
    short = min(len(doc_a.text), len(doc_b.text)) < PARALLEL_FROM_BYTES
    if (short and wanted_workers() is None) or _free_cores() < 2:
        return None
    return ForkedStep(lambda: _prepare(doc_a, doc_b, config),
                      lambda regions, changes: _classify(changes, doc_a, doc_b, config, regions))


def _prepare(doc_a: Document, doc_b: Document, config: Config | None) -> Regions:
    from auditor.classify import prepare  # imported by the child: this process need not

    return prepare(doc_a, doc_b, config)


def _classify(changes: list[Change], doc_a: Document, doc_b: Document,
              config: Config | None, regions: Regions | None = None) -> Classified:
    from auditor.classify import classify

    return classify(changes, doc_a, doc_b, config, regions)


def _classified(aside: ForkedStep[Regions, list[Change], Classified] | None,
                changes: list[Change], doc_a: Document, doc_b: Document,
                config: Config | None) -> Classified:
    if aside is not None:
        try:
            aside.send(changes)
            return aside.result()
        except ChildFailed:
            pass  # classified here instead, as one process would have
    return _classify(changes, doc_a, doc_b, config)


def _free_cores() -> int:
    """How many processes may work at once now: ``AUDITOR_WORKERS`` when set, else the idle
    cores; one when this process may not fork."""
    if not can_fork():
        return 1
    wanted = wanted_workers()
    return wanted if wanted is not None else idle_cores()


def _computed_backwards(doc_a: Document, doc_b: Document) -> bool:
    """Whether to compute AFTER → BEFORE and mirror the result.

    Where a diff is ambiguous (a repeated word inserted, two blocks swapped), the choice
    depends on the direction. Computing every pair in one canonical direction — the text
    with the smaller hash first — makes swapping the inputs mirror every change exactly.
    """
    ha = hashlib.sha256(doc_a.text.encode()).digest()
    hb = hashlib.sha256(doc_b.text.encode()).digest()
    return hb < ha


def _load_both(before: Input, after: Input, password: str | None, engine: str | None,
               progress: Progress | None, boxes: bool) -> tuple[Document, Document]:
    """Both documents (PDFs with their boxes only when ``boxes``: the comparison locates
    changes by ``page_starts``); with two idle cores or more, BEFORE is extracted in a
    forked child while this process extracts AFTER, each with half of the cores (a test
    checks one and two processes agree)."""
    if isinstance(before, Document) or isinstance(after, Document) \
            or (cores := _cores(before, after)) < 2:
        return (_load(before, password, engine, progress, "before", boxes),
                _load(after, password, engine, progress, "after", boxes))
    if progress:
        progress("extracting before", 0, 1)
    each = cores // 2
    child = ForkedCall(lambda: extract(before, password=password, engine=engine,
                                       workers=each, boxes=boxes))
    try:
        doc_b: Document | Exception = extract(after, password=password, engine=engine,
                                              workers=each, boxes=boxes)
    except Exception as exc:  # BEFORE's error, if any, comes first (as in one process)
        doc_b = exc
    except BaseException:
        child.cancel()
        raise
    _import_pipeline()  # while the child finishes
    try:
        doc_a = child.result()
    except ChildFailed:
        doc_a = extract(before, password=password, engine=engine, boxes=boxes)
    if progress:
        progress("extracting before", 1, 1)
        progress("extracting after", 0, 1)
    if isinstance(doc_b, Exception):
        raise doc_b
    if progress:
        progress("extracting after", 1, 1)
    return doc_a, doc_b


def _import_pipeline() -> None:
    """The modules that find the changes (those that classify them are imported where the
    classification runs: often in a child of its own)."""
    import auditor.align
    import auditor.changes
    import auditor.diff
    import auditor.sentences  # noqa: F401


def _cores(before: Input, after: Input) -> int:
    """How many processes may extract the two inputs: ``AUDITOR_WORKERS`` when set, else
    the idle cores when both inputs are big enough to repay a fork (below 2: one process)."""
    if wanted_workers() is None and min(_size(before), _size(after)) < PARALLEL_FROM_BYTES:
        return 1
    return _free_cores()


def _size(source: Input) -> int:
    try:
        return os.stat(source).st_size  # type: ignore[arg-type]
    except (OSError, TypeError, ValueError):
        return 0


def _load(source: Input, password: str | None, engine: str | None,
          progress: Progress | None, which: str, boxes: bool) -> Document:
    if isinstance(source, Document):
        return source
    if progress:
        progress(f"extracting {which}", 0, 1)
    doc = extract(source, password=password, engine=engine, boxes=boxes)
    if progress:
        progress(f"extracting {which}", 1, 1)
    return doc


def block_tokens(doc: Document) -> BlockTokens:
    """The tokens of each block of ``doc`` (made when first needed), with offsets into
    ``doc.text``."""
    from auditor.diff import BlockTokens

    return BlockTokens(doc.text, [(b.start, b.end) for b in doc.blocks])


def block_streams(doc: Document) -> list[str]:
    """Footnotes form their own stream: their place among the body text is layout."""
    return ["notes" if b.kind == "footnote" else "body" for b in doc.blocks]


def order_changes(changes: Sequence[Change]) -> list[Change]:
    """By class (redaction, material, editorial), then in reading order (a stable sort of
    changes that arrive in reading order)."""
    rank = {c: n for n, c in enumerate(CLASSES)}
    return sorted(changes, key=lambda c: rank.get(c.cls, len(rank)))


def has_changes_at(cmp: Comparison, level: str) -> bool:
    """True when a change of class ``level`` or a more serious one exists (``any``: any
    change). Classes rank redaction > material > editorial."""
    if level == "any":
        return bool(cmp.changes)
    if level not in CLASSES:
        raise ValueError(f"unknown level {level!r}")
    worst = CLASSES.index(level)
    return any(CLASSES.index(c.cls) <= worst for c in cmp.changes if c.cls in CLASSES)


def furniture_texts(doc: Document) -> tuple[str, ...]:
    """The furniture of ``doc`` as texts, each once, in the order found."""
    return tuple(dict.fromkeys(f.text for f in doc.furniture))


def _warnings(doc_a: Document, doc_b: Document, own: list[str]) -> tuple[str, ...]:
    return (*(f"before: {w}" for w in doc_a.warnings),
            *(f"after: {w}" for w in doc_b.warnings),
            *dict.fromkeys(own))


def compare_documents(
    before: Input,
    after: Input,
    *,
    password: str | None = None,
    engine: str | None = None,
    config: Config | None = None,
    progress: Progress | None = None,
) -> tuple[Comparison, Document, Document]:
    """:func:`compare`, also returning the two extracted Documents (for reports that show the
    text next to the changes, such as the HTML report)."""
    doc_a, doc_b = _load_both(before, after, password, engine, progress, boxes=True)
    result = compare(doc_a, doc_b, config=config, progress=progress)
    return result, doc_a, doc_b
