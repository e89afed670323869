"""Open a DOCX package for auditing, bounding what a hostile file costs.

    bytes ──zipfile──▶ directory (member count, declared sizes)      (limits, before reading)
          ──bounded read──▶ one part at a time (sizes in the directory can lie)
          ──lxml (no DTD, no entities, no network)──▶ XML parts

A package that cannot be read whole is refused (exit 3), never reported clean: a damaged ZIP,
encrypted members, a part over the size limits, malformed XML, or XML that declares a DTD
(WordprocessingML never does; a DTD is how entity bombs are built).
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field

from lxml import etree

from auditor.errors import CorruptFileError, EncryptedError, TooLargeError
from auditor.extract.sniff import ZIP_ERRORS, RawInput
from auditor.scan.limits import Limits

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
MAIN = "word/document.xml"
#: Parts whose paragraphs hold text: the body, running heads and feet, notes and comments.
STORY = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml")
CANNOT = "cannot audit"
_CHUNK = 1 << 16


@dataclass
class DocxPackage:
    """A DOCX package whose directory passed the limits; parts are read on demand."""

    raw: RawInput
    zf: zipfile.ZipFile
    limits: Limits
    names: list[str]
    label: str = ""
    read_bytes: int = 0
    warnings: list[str] = field(default_factory=list)
    _xml: dict[str, etree._Element] = field(default_factory=dict, repr=False)

    @property
    def name(self) -> str:
        return self.label or self.raw.name

    def size(self, part: str) -> int:
        """The decompressed size the directory declares for ``part``."""
        return self.zf.getinfo(part).file_size

    def read(self, part: str) -> bytes:
        """The bytes of ``part``, read no further than the limits allow."""
        out = bytearray()
        cap = min(self.limits.max_part_bytes,
                  self.limits.max_total_part_bytes - self.read_bytes)
        try:
            with self.zf.open(part) as member:
                while chunk := member.read(_CHUNK):
                    out += chunk
                    if len(out) > self.limits.max_part_bytes:
                        raise _over(self.name, part, self.limits.max_part_bytes)
                    if len(out) > cap:
                        raise _over(self.name, None, self.limits.max_total_part_bytes)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError,
                NotImplementedError) as exc:
            raise CorruptFileError(f"{CANNOT} {self.name}: part {part} cannot be read ({exc})",
                                   "the file is damaged") from None
        except RuntimeError:  # zipfile: "File … is encrypted, password required"
            raise EncryptedError(f"{CANNOT} {self.name}: part {part} is encrypted",
                                 "save an unprotected copy and scan that") from None
        self.read_bytes += len(out)
        return bytes(out)

    def xml(self, part: str) -> etree._Element | None:
        """``part`` parsed as untrusted XML, or None when the package has no such part."""
        if part not in self._xml:
            if part not in self.names:
                return None
            self._xml[part] = parse_part(self.read(part), part, self.name)
        return self._xml[part]

    def stories(self) -> list[str]:
        """The parts that hold paragraphs, the main document first."""
        return sorted((n for n in self.names if STORY.fullmatch(n)),
                      key=lambda n: (n != MAIN, n))


def open_docx(raw: RawInput, limits: Limits) -> DocxPackage:
    """Open the package and check its directory against ``limits``."""
    pkg = open_zip(raw, limits)
    if MAIN not in pkg.names:
        raise CorruptFileError(f"{CANNOT} {raw.name}: the package has no {MAIN}",
                               "it is not a Word document")
    return pkg


def open_zip(raw: RawInput, limits: Limits, data: bytes | None = None,
             name: str | None = None) -> DocxPackage:
    """Open a ZIP package (``raw`` itself, or ``data`` embedded in it, called ``name``)."""
    name = name or raw.name
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw.data if data is None else data))
        infos = zf.infolist()
    except ZIP_ERRORS as exc:
        raise CorruptFileError(f"{CANNOT} {name}: a damaged ZIP archive ({exc})",
                               "open it in Word or LibreOffice and save it again") from None
    check_directory(infos, name, limits)
    return DocxPackage(raw, zf, limits, [i.filename for i in infos if not i.is_dir()], name)


def check_directory(infos: list[zipfile.ZipInfo], name: str, limits: Limits) -> None:
    """Refuse too many members, duplicate names and declared sizes over the limits."""
    if len(infos) > limits.max_parts:
        raise TooLargeError(f"{CANNOT} {name}: {len(infos):,} ZIP members is over the limit "
                            f"of {limits.max_parts:,}", "the file is hostile or damaged")
    seen: set[str] = set()
    total = 0
    for info in infos:
        if info.filename in seen:
            raise CorruptFileError(f"{CANNOT} {name}: the ZIP archive holds two members named "
                                   f"{info.filename}", "the file is hostile or damaged")
        seen.add(info.filename)
        if info.file_size > limits.max_part_bytes:
            raise _over(name, info.filename, limits.max_part_bytes)
        total += info.file_size
    if total > limits.max_total_part_bytes:
        raise _over(name, None, limits.max_total_part_bytes)


def _over(name: str, part: str | None, limit: int) -> TooLargeError:
    what = f"part {part} decompresses" if part else "its parts decompress"
    whole = "" if part else " in all"
    return TooLargeError(f"{CANNOT} {name}: {what} to more than {limit // 1048576} MB{whole}",
                         "the file is hostile (a decompression bomb) or damaged")


def parse_part(data: bytes, part: str, name: str) -> etree._Element:
    """Parse one XML part: no DTD, no entities, no network, no huge trees."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             load_dtd=False, remove_pis=True)
    head = data[:4096]
    if b"<!DOCTYPE" in head or "<!DOCTYPE".encode("utf-16-le") in head:
        raise _dtd(part, name)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise CorruptFileError(f"{CANNOT} {name}: part {part} is not well-formed XML ({exc})",
                               "the file is damaged") from None
    if root is None:
        raise CorruptFileError(f"{CANNOT} {name}: part {part} is empty", "the file is damaged")
    if root.getroottree().docinfo.internalDTD is not None:
        raise _dtd(part, name)
    return root


def _dtd(part: str, name: str) -> CorruptFileError:
    return CorruptFileError(f"{CANNOT} {name}: part {part} declares a DTD, which Word files "
                            "never do", "the file is hostile (an entity bomb?) or damaged")
