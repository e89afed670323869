"""Leak scan: prove that a published file does not carry what was removed from it.

    scan(FILE) ──sniff──▶ pdf  ──open (limits)──▶ checks ──▶ findings ─┐
                       ├─▶ html ──parse─────────▶ checks ──▶ findings ─┤
                       └─▶ docx ──unzip (limits)─▶ checks ──▶ findings ─┤
    removed passages (text file | draft + compare | ledger) ──search───┴─▶ ScanReport

Each check is a named function with a stable check id (see :data:`CHECKS`); the recipe below
reads top to bottom. A file that cannot be opened is an error (exit 3), never a clean report.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from auditor.errors import (
    CorruptFileError,
    EncryptedError,
    InputError,
    UnsupportedFormatError,
    UsageError,
)
from auditor.extract.sniff import RawInput, decode_text, read_input, sniff
from auditor.scan.findings import CHECKS, SCAN_SCHEMA, SEVERITIES, Finding, ScanReport
from auditor.scan.limits import Limits
from auditor.scan.removed import Passage

if TYPE_CHECKING:
    from auditor.review import RemovedSearch
    from auditor.scan.pdfopen import PdfFile

__all__ = ["CHECKS", "SCAN_SCHEMA", "SEVERITIES", "Finding", "Limits", "Passage",
           "ScanReport", "scan"]


def scan(
    path: str | os.PathLike[str],
    *,
    removed: Iterable[str | Passage] = (),
    removed_file: str | os.PathLike[str] | None = None,
    removed_from: str | os.PathLike[str] | None = None,
    ledger: str | os.PathLike[str] | None = None,
    fail_on: str = "high",
    limits: Limits | None = None,
) -> ScanReport:
    """Scan the published file at ``path`` for leaks.

    Removed passages may be given directly (``removed``), as a text file with one passage per
    line (``removed_file``), as the draft to compare against (``removed_from``) or as the
    review ledger whose accepted redaction requests say what was removed (``ledger``; sealed
    quotes are matched by their digest, so the ledger's key file must be next to it); at most
    one of the last three. ``fail_on`` is the severity from which :meth:`ScanReport.failed`
    is true.
    """
    if fail_on not in SEVERITIES:
        raise UsageError(f"unknown --fail-on level {fail_on!r}", "use low, medium or high")
    if sum(x is not None for x in (removed_file, removed_from, ledger)) > 1:
        raise UsageError("give at most one of --removed, --removed-from and --ledger",
                         "they are three ways of saying what was removed")
    raw = read_input(path)
    passages, source = _passages(path, removed, removed_file, removed_from)
    search = _ledger_search(ledger)
    if search is not None:
        source = f"ledger {ledger}"
    fmt = _sniff(raw)
    if fmt == "pdf":
        findings, pages, warnings = _scan_pdf(raw, passages, search, limits or Limits())
    elif fmt == "html":
        findings, pages, warnings = _scan_html(raw, passages, search), None, []
    elif fmt == "docx":
        findings, pages, warnings = _scan_docx(raw, passages, search, limits or Limits())
    else:
        raise UnsupportedFormatError(f"cannot audit {raw.name}: scan reads PDF, HTML and DOCX, "
                                     f"not {fmt}", "scan the published PDF, HTML or DOCX file")
    searched = len(passages) + (len(search.requests) if search is not None else 0)
    return ScanReport(raw.path, raw.sha256, fmt, pages, tuple(findings), searched, source,
                      tuple(warnings), fail_on)


def _sniff(raw: RawInput) -> str:
    """The format; a file the sniffer refuses cannot be audited (same error, said so)."""
    try:
        return sniff(raw)
    except EncryptedError:
        raise EncryptedError(f"cannot audit {raw.name}: an encrypted (password-protected) "
                             "Office document", "a reader without the password sees nothing; "
                             "to audit the content, save an unprotected copy (Word: File > "
                             "Info > Protect Document) and scan that") from None
    except InputError as exc:
        raise type(exc)(f"cannot audit {exc.message}", exc.hint) from None


def _ledger_search(ledger: str | os.PathLike[str] | None) -> RemovedSearch | None:
    if ledger is None:
        return None
    from auditor.ledger import Ledger
    from auditor.review import RemovedSearch

    return RemovedSearch(Ledger(ledger))


def _passages(path: Any, removed: Iterable[str | Passage], removed_file: Any,
              removed_from: Any) -> tuple[list[Passage], str | None]:
    from auditor.scan import removed as rm

    given = [p if isinstance(p, Passage) else Passage(p) for p in removed]
    if removed_file is not None:
        return given + rm.passages_from_file(removed_file), f"file {removed_file}"
    if removed_from is not None:
        return given + rm.passages_from_draft(removed_from, path), f"draft {removed_from}"
    return given, "given" if given else None


def _scan_pdf(raw: RawInput, passages: list[Passage], search: RemovedSearch | None,
              limits: Limits) -> tuple[list[Finding], int, list[str]]:
    """The PDF recipe: open within limits, run every check, then search for removed text."""
    import pypdfium2 as pdfium

    from auditor.scan.pdfopen import CANNOT, open_pdf

    pdf = open_pdf(raw, limits)
    try:
        return _pdf_checks(pdf, passages, search)
    except pdfium.PdfiumError as exc:  # pdfium failed on something a check asked of it
        raise CorruptFileError(f"{CANNOT} {raw.name}: pdfium cannot read part of it ({exc})",
                               "the file is damaged; re-export it and scan that") from None


def _pdf_checks(pdf: PdfFile, passages: list[Passage], search: RemovedSearch | None
                ) -> tuple[list[Finding], int, list[str]]:
    from auditor.scan.annotations import find_graph_leaks
    from auditor.scan.metadata import find_info_entries, find_xmp_properties
    from auditor.scan.orphans import find_unreferenced_text
    from auditor.scan.overlay import find_hidden_text
    from auditor.scan.removed import find_ledger_text, find_removed_text, make_needles
    from auditor.scan.revisions import find_earlier_revisions
    from auditor.scan.structure import find_bookmark_titles, find_hidden_layers
    from auditor.scan.textmatch import squash

    findings = [
        *find_hidden_text(pdf),          # text under boxes/images/annotations; hidden text
        *find_info_entries(pdf),         # document information dictionary
        *find_xmp_properties(pdf),       # XMP packet
        *find_graph_leaks(pdf),          # comments, attachments, actions, field values
        *find_hidden_layers(pdf),        # optional content that is off
        *find_bookmark_titles(pdf),      # outline titles no page shows
        *find_unreferenced_text(pdf),    # objects nothing uses, holding text
    ]
    findings += find_earlier_revisions(pdf, findings)
    if passages or search is not None:
        texts = pdf.page_texts()
        needles = make_needles(passages, squash(" ".join(texts)))
        found = find_removed_text(needles, findings, texts)
        if search is not None:
            found += find_ledger_text(search, findings, texts)
        findings += found
    return findings, pdf.page_count, pdf.warnings


def _scan_html(raw: RawInput, passages: list[Passage],
               search: RemovedSearch | None) -> list[Finding]:
    """The HTML recipe: parse, run every check, then search for removed text."""
    from auditor.scan.html import find_html_leaks, parse_html, visible_text
    from auditor.scan.removed import find_ledger_text, find_removed_text, make_needles
    from auditor.scan.textmatch import squash

    root = parse_html(decode_text(raw))
    findings = list(find_html_leaks(root))
    if passages or search is not None:
        shown = visible_text(root)
        needles = make_needles(passages, squash(shown))
        found = find_removed_text(needles, findings, [shown])
        if search is not None:
            found += find_ledger_text(search, findings, [shown])
        findings += found
    return findings


def _scan_docx(raw: RawInput, passages: list[Passage], search: RemovedSearch | None,
               limits: Limits) -> tuple[list[Finding], None, list[str]]:
    """The DOCX recipe: open the package within limits, run every check, then search for
    removed text."""
    from auditor.scan.docx import find_docx_leaks, visible_text
    from auditor.scan.docxopen import open_docx
    from auditor.scan.docxparts import find_part_leaks
    from auditor.scan.docxstyle import Styles
    from auditor.scan.removed import find_ledger_text, find_removed_text, make_needles
    from auditor.scan.textmatch import squash

    pkg = open_docx(raw, limits)
    findings = [
        *find_docx_leaks(pkg),           # tracked changes, hidden runs, comments, alt text…
        *find_part_leaks(pkg),           # properties, embedded files, custom XML, links
    ]
    if passages or search is not None:
        shown = visible_text(pkg, Styles(pkg.xml("word/styles.xml")))
        needles = make_needles(passages, squash(shown))
        found = find_removed_text(needles, findings, [shown])
        if search is not None:
            found += find_ledger_text(search, findings, [shown])
        findings += found
    return findings, None, pkg.warnings
