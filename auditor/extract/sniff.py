"""Read an input file safely and tell its format from its content, not its name.

    bytes ──▶ %PDF- near the start?        ──▶ pdf
          ──▶ ZIP with word/document.xml?  ──▶ docx
          ──▶ decodes as text?             ──▶ html | markdown | text
          ──▶ otherwise                    ──▶ UnsupportedFormatError

Reading is bounded: the size is checked before anything is read, so a 500 MB file costs a
``stat`` and one clear error, not 500 MB of memory.
"""

from __future__ import annotations

import hashlib
import os
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from auditor.errors import (
    CorruptFileError,
    EncryptedError,
    FileMissingError,
    InputError,
    NoTextError,
    TooLargeError,
    UnsupportedFormatError,
)

FORMATS = ("pdf", "docx", "html", "markdown", "text")

# The OLE compound-file signature: old Office files, and encrypted (password-protected) OOXML.
_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

#: Default input size limit in bytes (override with AUDITOR_MAX_INPUT_MB or the ``max_bytes``
#: argument). Big enough for book-length PDFs, small enough to keep memory bounded.
DEFAULT_MAX_BYTES = 256 * 1024 * 1024

_HTML_START = re.compile(
    rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAGS = re.compile(
    r"<(p|div|h[1-6]|li|table|br|span|a|article|section)\b[^>]*>", re.IGNORECASE
)
_MD_SIGNALS = (
    re.compile(r"^#{1,6} \S", re.MULTILINE),  # ATX heading
    re.compile(r"^(```|~~~)", re.MULTILINE),  # fenced code
    # inline link; label and address bounded, so that "[[[…" or "[a](" × n cost linear time
    re.compile(r"\[[^\]\n]{1,500}\]\([^)\s]{1,2000}\)"),
    re.compile(r"^\S[^\n]*\n(=+|-{3,})\s*$", re.MULTILINE),  # setext heading
    re.compile(r"(\*\*|__)\S[^\n]{0,500}?\S\1"),  # strong emphasis
    re.compile(r"^\|.*\|\s*\n\|[\s:|-]+\|", re.MULTILINE),  # pipe table
    re.compile(r"^\[\^[^\]\n]+\]:", re.MULTILINE),  # footnote definition
)


@dataclass(frozen=True)
class RawInput:
    """An input file read into memory, with its identity."""

    path: str | None
    data: bytes
    sha256: str

    @property
    def name(self) -> str:
        return self.path or "<bytes>"


def max_input_bytes() -> int:
    """The input size limit in force (``AUDITOR_MAX_INPUT_MB`` overrides the default)."""
    raw = os.environ.get("AUDITOR_MAX_INPUT_MB")
    if raw and raw.strip().isdigit():
        return int(raw) * 1024 * 1024
    return DEFAULT_MAX_BYTES


def read_input(path: str | os.PathLike[str], max_bytes: int | None = None) -> RawInput:
    """Read ``path`` whole, refusing directories, missing files and files over the limit."""
    p = Path(path)
    limit = max_input_bytes() if max_bytes is None else max_bytes
    try:
        st = p.stat()
    except FileNotFoundError:
        raise FileMissingError(f"{p}: no such file", "check the path") from None
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror})") from None
    if p.is_dir():
        raise FileMissingError(f"{p}: is a directory, not a document", "name a file")
    if st.st_size > limit:
        raise TooLargeError(
            f"{p}: {st.st_size / 1048576:.0f} MB is over the {limit // 1048576} MB input limit",
            "raise it with AUDITOR_MAX_INPUT_MB if the file is genuine",
        )
    try:
        with p.open("rb") as fh:  # no more than the limit: a device or a pipe has no size
            data = fh.read(limit + 1)
    except OSError as exc:
        raise InputError(f"{p}: cannot read ({exc.strerror})") from None
    if len(data) > limit:
        raise TooLargeError(f"{p}: over the {limit // 1048576} MB input limit",
                            "raise it with AUDITOR_MAX_INPUT_MB if the file is genuine")
    return RawInput(str(path), data, hashlib.sha256(data).hexdigest())


def from_bytes(data: bytes, name: str | None = None) -> RawInput:
    """Wrap bytes already in memory as an input."""
    return RawInput(name, data, hashlib.sha256(data).hexdigest())


def sniff(raw: RawInput) -> str:
    """Return the format of ``raw``: one of :data:`FORMATS`."""
    data = raw.data
    if not data.strip():
        raise NoTextError(f"{raw.name}: file is empty", "nothing to extract")
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        return _sniff_zip(raw)
    if data[:8] == _CFB:
        _refuse_compound_file(raw)
    text = decode_text(raw)
    return sniff_text(text)


def _refuse_compound_file(raw: RawInput) -> None:
    """An OLE compound file is an encrypted Office document or a pre-2007 binary one."""
    if "EncryptedPackage".encode("utf-16-le") in raw.data:
        raise EncryptedError(
            f"{raw.name}: an encrypted (password-protected) Office document",
            "save an unprotected copy (Word: File > Info > Protect Document) and extract that",
        )
    if "WordDocument".encode("utf-16-le") in raw.data:
        raise UnsupportedFormatError(
            f"{raw.name}: a Word 97-2003 (.doc) file is not supported", "save it as DOCX or PDF"
        )
    raise UnsupportedFormatError(
        f"{raw.name}: an old-style Office file, not a supported document",
        "auditor reads PDF, DOCX, HTML, Markdown and plain text",
    )


#: What reading a damaged ZIP archive raises (NotImplementedError: a version or compression
#: method it claims that Python does not have; zlib.error: a damaged deflate stream).
ZIP_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, zlib.error)


def _sniff_zip(raw: RawInput) -> str:
    import io

    try:
        with zipfile.ZipFile(io.BytesIO(raw.data)) as zf:
            names = set(zf.namelist())
    except ZIP_ERRORS:
        if b"word/" in raw.data[:65536]:
            raise CorruptFileError(
                f"{raw.name}: a damaged DOCX file (the ZIP archive is truncated or corrupt)",
                "open it in Word or LibreOffice and save it again",
            ) from None
        raise UnsupportedFormatError(
            f"{raw.name}: a damaged ZIP archive, not a document", "re-export the file"
        ) from None
    if "word/document.xml" in names:
        return "docx"
    if "content.xml" in names:
        raise UnsupportedFormatError(
            f"{raw.name}: OpenDocument files are not supported", "save it as DOCX or PDF"
        )
    raise UnsupportedFormatError(
        f"{raw.name}: a ZIP archive, not a document",
        "auditor reads PDF, DOCX, HTML, Markdown and plain text",
    )


def decode_text(raw: RawInput) -> str:
    """Decode bytes as text: BOM first, then UTF-8, then Windows-1252; binary is refused."""
    data = raw.data
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    sample = data[:8192]
    if sample.count(b"\x00") > len(sample) // 100 or _looks_binary(sample):
        raise UnsupportedFormatError(
            f"{raw.name}: binary data of an unknown kind, not a document",
            "auditor reads PDF, DOCX, HTML, Markdown and plain text",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _looks_binary(sample: bytes) -> bool:
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > len(sample) * 0.05


def sniff_text(text: str) -> str:
    """Tell HTML, Markdown and plain text apart by their content.

    A full HTML document (doctype, ``<html>``, ``<head>`` or ``<body>`` first) is HTML. Text that
    starts with a tag is an HTML fragment, unless it is Markdown that opens with raw HTML (a
    ``<div>`` wrapper, say): at least two kinds of Markdown syntax, and most lines not tags.
    """
    head = text[:4096].encode("utf-8", errors="replace")
    if _HTML_START.match(head):
        return "html"
    sample = text[:65536]
    signals = sum(1 for rx in _MD_SIGNALS if rx.search(sample))
    fragment = sample.lstrip().startswith("<") and len(_HTML_TAGS.findall(sample)) >= 3
    if fragment and (signals < 2 or _tag_line_share(sample) >= 0.5):
        return "html"
    return "markdown" if signals >= 1 else "text"


def _tag_line_share(sample: str) -> float:
    lines = [ln for ln in sample.splitlines() if ln.strip()]
    return sum(1 for ln in lines if ln.lstrip().startswith("<")) / max(1, len(lines))
