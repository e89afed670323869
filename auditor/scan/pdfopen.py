"""Open a PDF for auditing, refusing what cannot be audited and bounding what a hostile file costs.

    bytes ──pypdf──▶ structure (objects, trailer, catalogue)
          ──preflight──▶ object count, decompressed sizes, nesting   (limits, before pdfium)
          ──pdfium──▶ pages (text, objects, rendering)

An encrypted file that opens without a password (owner restrictions only) is audited; one that
needs a password is refused with exit 3. A file that cannot be parsed is refused, never reported
clean. Both parsers are fed the same bytes, so what pdfium renders is what pypdf walks.
"""

from __future__ import annotations

import io
import zlib
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pypdf
import pypdfium2 as pdfium
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    PdfObject,
    StreamObject,
)

from auditor.errors import CorruptFileError, EncryptedError, TooLargeError
from auditor.extract.sniff import RawInput
from auditor.scan.limits import Limits

#: Parsing errors of the libraries, turned into "cannot audit".
PARSE_ERRORS: tuple[type[BaseException], ...] = (
    pypdf.errors.PyPdfError, pdfium.PdfiumError, ValueError, KeyError, TypeError,
    AttributeError, IndexError, AssertionError, zlib.error, RecursionError, OSError,
)
CANNOT = "cannot audit"


@contextmanager
def unreadable_page(name: str, index: int) -> Iterator[None]:
    """Turn pdfium failing on page ``index`` (0-based) into "cannot audit": a page that
    cannot be read cannot be said to hide nothing."""
    try:
        yield
    except pdfium.PdfiumError as exc:
        raise CorruptFileError(f"{CANNOT} {name}: page {index + 1} cannot be read ({exc})",
                               "the file is damaged; re-export it and scan that") from None


@dataclass
class PdfFile:
    """A PDF opened by both parsers, with its limits."""

    raw: RawInput
    reader: pypdf.PdfReader
    doc: pdfium.PdfDocument
    limits: Limits
    warnings: list[str] = field(default_factory=list)
    _texts: list[str] | None = field(default=None, repr=False)

    def page_texts(self) -> list[str]:
        """The text layer of every page, as pdfium reads it (read once)."""
        if self._texts is None:
            texts = []
            for index in range(self.page_count):
                with unreadable_page(self.name, index):
                    page = self.doc[index]
                    textpage = page.get_textpage()
                    texts.append(textpage.get_text_bounded())
                    textpage.close()
                    page.close()
            self._texts = texts
        return self._texts

    @property
    def name(self) -> str:
        return self.raw.name

    @property
    def page_count(self) -> int:
        return len(self.doc)

    def resolve(self, obj: Any) -> Any:
        """Follow an indirect reference (once; callers guard their own loops)."""
        return obj.get_object() if isinstance(obj, IndirectObject) else obj

    def catalog(self) -> DictionaryObject:
        root = self.resolve(self.reader.trailer.get("/Root"))
        return root if isinstance(root, DictionaryObject) else DictionaryObject()


def open_pdf(raw: RawInput, limits: Limits | None = None) -> PdfFile:
    """Open ``raw`` with pypdf and pdfium, after checking it stays within ``limits``."""
    limits = limits or Limits()
    reader = _open_reader(raw)
    preflight(reader, raw.name, limits)
    try:
        doc = pdfium.PdfDocument(raw.data, password=None)
    except pdfium.PdfiumError as exc:
        raise CorruptFileError(f"{CANNOT} {raw.name}: pdfium cannot open it ({exc})",
                               "repair it (e.g. qpdf in.pdf out.pdf) and scan the repaired "
                               "file, or treat it as unsafe") from None
    pdf = PdfFile(raw, reader, doc, limits)
    if reader.is_encrypted:
        pdf.warnings.append("encrypted with an empty user password (owner restrictions "
                            "only): anyone can open it, so it was audited")
    return pdf


def _open_reader(raw: RawInput) -> pypdf.PdfReader:
    try:
        reader = pypdf.PdfReader(io.BytesIO(raw.data), strict=False)
        encrypted = reader.is_encrypted
        opened = reader.decrypt("") if encrypted else None
        if encrypted and opened != pypdf.PasswordType.USER_PASSWORD:
            raise EncryptedError(
                f"{CANNOT} {raw.name}: it is encrypted and needs a password to open",
                "a reader without the password sees nothing; to audit the content, decrypt "
                "a copy (qpdf --decrypt --password=PW in.pdf out.pdf) and scan that")
        _ = reader.trailer["/Root"]
        _ = len(reader.pages)
    except EncryptedError:
        raise
    except pypdf.errors.DependencyError as exc:
        raise EncryptedError(f"{CANNOT} {raw.name}: {exc}",
                             "install the 'cryptography' package") from None
    except PARSE_ERRORS as exc:
        raise CorruptFileError(f"{CANNOT} {raw.name}: not a readable PDF ({_why(exc)})",
                               "repair it (e.g. qpdf in.pdf out.pdf) and scan the repaired "
                               "file, or treat it as unsafe") from None
    return reader


def _why(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "objects nested too deeply"
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}"[:160] if text else type(exc).__name__


def object_ids(reader: pypdf.PdfReader) -> list[tuple[int, int]]:
    """Every (number, generation) the final cross-reference table lists, sorted."""
    ids = {(num, gen) for gen, table in reader.xref.items() for num in table}
    ids.update((num, 0) for num in reader.xref_objStm)
    return sorted(ids)


def preflight(reader: pypdf.PdfReader, name: str, limits: Limits) -> None:
    """Refuse files whose object count, stream sizes or nesting exceed ``limits``.

    Runs before pdfium sees the file, so that a decompression bomb or a million-object file
    costs a bounded walk and one clear error instead of exhausting memory.
    """
    ids = object_ids(reader)
    if len(ids) > limits.max_objects:
        raise TooLargeError(f"{CANNOT} {name}: {len(ids):,} objects is over the limit of "
                            f"{limits.max_objects:,}", "the file is hostile or damaged")
    total = 0
    for num, gen in ids:
        obj = _load(reader, num, gen, name)
        if isinstance(obj, StreamObject):
            total += stream_size(obj, num, name, limits)
            if total > limits.max_total_stream_bytes:
                raise TooLargeError(
                    f"{CANNOT} {name}: its streams decompress to more than "
                    f"{limits.max_total_stream_bytes // 1048576} MB in all",
                    "the file is hostile (a decompression bomb) or damaged")
        if isinstance(obj, (DictionaryObject, ArrayObject)):
            check_depth(obj, limits.max_depth, name)


def _load(reader: pypdf.PdfReader, num: int, gen: int, name: str) -> PdfObject | None:
    try:
        return reader.get_object(IndirectObject(num, gen, reader))
    except RecursionError:
        raise CorruptFileError(f"{CANNOT} {name}: object {num} is nested too deeply",
                               "the file is hostile or damaged") from None
    except PARSE_ERRORS:
        return None  # a broken object: pdfium will skip it too; the checks see None


def stream_size(obj: StreamObject, num: int, name: str, limits: Limits) -> int:
    """Decompressed size of a stream, measured without holding more than the limit."""
    filters = obj.get("/Filter")
    first = filters[0] if isinstance(filters, ArrayObject) and filters else filters
    data = obj._data if hasattr(obj, "_data") else b""
    if first not in ("/FlateDecode", "/Fl"):
        return len(data)
    d = zlib.decompressobj()
    try:
        out = d.decompress(data, limits.max_stream_bytes + 1)
    except zlib.error:
        return len(data)
    if len(out) > limits.max_stream_bytes:
        raise TooLargeError(
            f"{CANNOT} {name}: stream {num} decompresses to more than "
            f"{limits.max_stream_bytes // 1048576} MB",
            "the file is hostile (a decompression bomb) or damaged")
    return len(out)


def check_depth(obj: PdfObject, max_depth: int, name: str) -> None:
    """Refuse direct objects nested deeper than ``max_depth`` (iteratively, no recursion)."""
    stack: list[tuple[Any, int]] = [(obj, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > max_depth:
            raise CorruptFileError(f"{CANNOT} {name}: objects nested more than {max_depth} "
                                   "levels deep", "the file is hostile or damaged")
        if isinstance(item, DictionaryObject):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, ArrayObject):
            stack.extend((v, depth + 1) for v in item)


def walk(pdf: PdfFile, start: Any, seen: set[tuple[int, int]] | None = None,
         max_nodes: int = 2_000_000, back_links: bool = False) -> Iterator[tuple[Any, Any]]:
    """Breadth-first over the object graph from ``start``, each indirect object once (``seen``
    may be shared between walks); back-links (/Parent, /P) only with ``back_links``:
    (key, value)."""
    seen = set() if seen is None else seen
    skip = () if back_links else ("/Parent", "/P")
    queue: deque[tuple[Any, Any]] = deque([(None, start)])
    count = 0
    while queue and count < max_nodes:
        key, node = queue.popleft()
        count += 1
        if isinstance(node, IndirectObject):
            ref = (node.idnum, node.generation)
            if ref in seen:
                continue
            seen.add(ref)
            try:
                node = node.get_object()
            except PARSE_ERRORS:
                continue
        yield key, node
        if isinstance(node, DictionaryObject):
            queue.extend((k, v) for k, v in node.items() if k not in skip)
        elif isinstance(node, ArrayObject):
            queue.extend((key, v) for v in node)


def text_of(value: Any) -> str:
    """A PDF string or name as text; other values as empty text."""
    if isinstance(value, NameObject):
        return str(value)[1:]
    if isinstance(value, str):
        return str(value).replace("\x00", "").strip()
    if isinstance(value, bytes):
        return value.decode("latin-1", errors="replace").strip()
    return ""
