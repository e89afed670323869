"""What was removed, and where in the published file it survives.

Removed passages come from one of two places:

* a text file, one passage per line (``--removed TEXTFILE``);
* the draft itself (``--removed-from DRAFT``): :func:`auditor.compare` lists what the draft had
  that the published file lacks — deleted and replaced text of redaction and material changes.

Every finding of every check, and the text layer of every page, is then searched for every
passage (see :mod:`auditor.scan.textmatch`). A passage inside a finding's text is reported
there; a passage found only in a page's text layer is reported on that page.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from auditor.errors import FileMissingError, InputError
from auditor.scan.findings import Finding
from auditor.scan.textmatch import Needle, make_needle, squash

#: Change classes whose removed text is worth searching for (editorial edits are not).
SEARCHED_CLASSES = ("redaction", "material")


@dataclass(frozen=True)
class Passage:
    """A removed passage, with the sentence(s) it stood in when it is known."""

    text: str
    context: str = ""


def passages_from_file(path: str | os.PathLike[str]) -> list[Passage]:
    """One passage per non-blank line of a UTF-8 text file."""
    p = Path(path)
    if not p.is_file():
        what = "no such file" if not p.exists() else "not a regular file"
        raise FileMissingError(f"{p}: {what}", "name the file of removed passages, one per "
                               "line")
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{p}: cannot read the removed passages ({exc})",
                         "save it as UTF-8 text, one passage per line") from None
    return [Passage(line.strip()) for line in text.splitlines() if line.strip()]


def passages_from_draft(draft: str | os.PathLike[str],
                        published: str | os.PathLike[str]) -> list[Passage]:
    """What the draft had that the published file lacks, according to ``auditor.compare``."""
    from auditor.compare import compare

    comparison = compare(draft, published)
    out: list[Passage] = []
    for change in comparison.changes:
        if change.op in ("delete", "replace") and change.cls in SEARCHED_CLASSES \
                and change.before is not None and change.before.text.strip():
            out.append(Passage(change.before.text, change.before.context))
    return out


def make_needles(passages: Iterable[Passage], shown: str) -> list[Needle]:
    """Searchable needles, minus word runs the published pages still show (see
    :meth:`Needle.without`); duplicates dropped, order kept."""
    needles: dict[str, Needle] = {}
    for p in passages:
        needle = make_needle(p.text, p.context)
        if needle is not None and needle.whole not in needles:
            needles[needle.whole] = needle.without(shown)
    return list(needles.values())


def find_removed_text(needles: Sequence[Needle], findings: Sequence[Finding],
                      page_texts: Sequence[str]) -> list[Finding]:
    """Where each removed passage survives: in a finding's text, or in a page's text layer."""
    out: list[Finding] = []
    squashed = [(f, squash(f.searchable)) for f in findings if f.searchable]
    pages = [squash(t) for t in page_texts]
    for needle in needles:
        hit_pages: set[int | None] = set()
        for f, hay in squashed:
            how = needle.found_in(hay)
            if how:
                hit_pages.add(f.page)
                out.append(_survivor(needle, how, f))
        for number, hay in enumerate(pages, 1):
            if number not in hit_pages and needle.whole in hay:
                out.append(Finding(
                    "removed-text", "high",
                    "a removed passage is still in the page's text layer",
                    page=number, location="page text", evidence=needle.label,
                    removed=needle.label))
    return out


def _survivor(needle: Needle, how: str, where: Finding) -> Finding:
    part = "" if how == "whole" else " in part"
    return Finding("removed-text", "high",
                   f"a removed passage survives{part} in the {where.check} finding",
                   page=where.page, bbox=where.bbox,
                   location=f"{where.check}: {where.location or where.message}",
                   evidence=where.evidence, removed=needle.label)


def find_ledger_text(search: Callable[[str], list[tuple[str, int, int]]],
                     findings: Sequence[Finding], page_texts: Sequence[str]) -> list[Finding]:
    """Where the text of the ledger's accepted redaction requests survives: in a finding's
    text, or in a page's text layer. ``search`` is :class:`auditor.review.RemovedSearch`,
    which matches kept quotes fuzzily and sealed ones by their digest."""
    out: list[Finding] = []
    hit_pages: dict[str, set[int | None]] = {}
    for f in findings:
        for rid, a, b in search(f.searchable) if f.searchable else ():
            hit_pages.setdefault(rid, set()).add(f.page)
            out.append(Finding(
                "removed-text", "high",
                f"text removed at request {rid} survives in the {f.check} finding",
                page=f.page, bbox=f.bbox, location=f"{f.check}: {f.location or f.message}",
                evidence=f.searchable[a:b], removed=f"request {rid}"))
    for number, text in enumerate(page_texts, 1):
        for rid, a, b in search(text):
            if number in hit_pages.get(rid, set()):
                continue
            hit_pages.setdefault(rid, set()).add(number)
            out.append(Finding(
                "removed-text", "high",
                f"text removed at request {rid} is still in the page's text layer",
                page=number, location="page text", evidence=text[a:b],
                removed=f"request {rid}"))
    return out
