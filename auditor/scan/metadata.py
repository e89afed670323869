"""Document metadata: the Info dictionary and the XMP packet.

Metadata outlives edits: a title that is the draft's file name ("C:\\Users\\…\\draft-v3.docx"),
the author, the tool chain, and custom keys such as Microsoft Purview sensitivity labels
(``MSIP_Label_<guid>_…``) travel with the file unless someone strips them. Dates are not
reported: every file has them.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree
from pypdf.generic import DictionaryObject, StreamObject

from auditor.scan.findings import FILE_NAME as _FILE_NAME
from auditor.scan.findings import Finding
from auditor.scan.pdfopen import PARSE_ERRORS, PdfFile, text_of

#: Info keys of the PDF standard; any other key is custom (and reported as medium).
STANDARD_INFO = {"/Title", "/Author", "/Subject", "/Keywords", "/Creator", "/Producer",
                 "/CreationDate", "/ModDate", "/Trapped"}
_SKIP_INFO = {"/CreationDate", "/ModDate", "/Trapped"}
_PEOPLE = {"/Author", "dc:creator", "dc:contributor", "dc:publisher", "dc:rights",
           "xmpRights:Owner", "photoshop:AuthorsPosition", "pdf:Author"}
#: XMP namespaces of the standard schemas; properties elsewhere are custom.
STANDARD_XMP = {
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://ns.adobe.com/xap/1.0/": "xmp",
    "http://ns.adobe.com/pdf/1.3/": "pdf",
    "http://ns.adobe.com/xap/1.0/mm/": "xmpMM",
    "http://ns.adobe.com/xap/1.0/rights/": "xmpRights",
    "http://www.aiim.org/pdfa/ns/id/": "pdfaid",
    "http://ns.adobe.com/xap/1.0/sType/ResourceEvent#": "stEvt",
    "http://ns.adobe.com/xap/1.0/sType/ResourceRef#": "stRef",
}
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_XMP_SKIP = {"dc:format", "xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate", "pdfaid:part",
             "pdfaid:conformance", "xmpMM:VersionID", "xmpMM:RenditionClass"}


def find_info_entries(pdf: PdfFile) -> Iterator[Finding]:
    """Each non-empty entry of the document information dictionary."""
    info = pdf.resolve(pdf.reader.trailer.get("/Info"))
    if not isinstance(info, DictionaryObject):
        return
    for key in sorted(info):
        value = text_of(pdf.resolve(info[key]))
        if key in _SKIP_INFO or not value:
            continue
        custom = key not in STANDARD_INFO
        severity = _severity(key, value, custom)
        kind = "custom " if custom else ""
        yield Finding("metadata-info", severity,
                      f"document information {kind}entry {key} is set",
                      location=f"Info {key}", evidence=value)


def find_xmp_properties(pdf: PdfFile) -> Iterator[Finding]:
    """Each property of the catalogue's XMP packet that carries text."""
    stream = pdf.resolve(pdf.catalog().get("/Metadata"))
    if not isinstance(stream, StreamObject):
        return
    try:
        root = parse_xml(stream.get_data())
    except (*PARSE_ERRORS, etree.XMLSyntaxError):
        pdf.warnings.append("the XMP metadata packet is not well-formed XML; not checked")
        return
    for name, value, custom in xmp_properties(root):
        if name in _XMP_SKIP or not value:
            continue
        kind = "custom " if custom else ""
        yield Finding("metadata-xmp", _severity(name, value, custom),
                      f"XMP {kind}property {name} is set", location=f"XMP {name}",
                      evidence=value)


def parse_xml(data: bytes) -> etree._Element:
    """Parse untrusted XML: no entities, no network, no huge trees."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             remove_comments=True, remove_pis=True)
    start = data.find(b"<x:xmpmeta")
    if start < 0:
        start = data.find(b"<rdf:RDF")
    end = data.rfind(b">")
    if start < 0 or end < start:
        raise etree.XMLSyntaxError("no XMP packet", None, 0, 0, "")
    return etree.fromstring(data[start: end + 1], parser)


def xmp_properties(root: etree._Element) -> Iterator[tuple[str, str, bool]]:
    """(prefixed name, text, is custom) of every top-level property of rdf:Description."""
    for desc in root.iter(f"{{{_RDF}}}Description"):
        prefixes = {ns: p for p, ns in desc.nsmap.items() if p}
        for attr, value in sorted(desc.attrib.items()):
            ns, local = _split(attr)
            if ns != _RDF and ns:
                yield _prefixed(ns, local, prefixes), str(value).strip(), ns not in STANDARD_XMP
        for prop in desc:
            if not isinstance(prop.tag, str):
                continue
            ns, local = _split(prop.tag)
            text = " ".join(t.strip() for t in prop.itertext() if t.strip())
            yield _prefixed(ns, local, prefixes), text, ns not in STANDARD_XMP


def _split(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        ns, local = tag[1:].split("}", 1)
        return ns, local
    return "", tag


def _prefixed(ns: str, local: str, prefixes: dict[str, str]) -> str:
    prefix = STANDARD_XMP.get(ns) or prefixes.get(ns) or "ns"
    return f"{prefix}:{local}"


def _severity(key: str, value: str, custom: bool) -> str:
    """Medium for people, file names and custom keys; low for the rest."""
    if custom or key in _PEOPLE or "MSIP" in key:
        return "medium"
    if key in ("/Title", "dc:title", "/Subject", "dc:description") and _FILE_NAME.search(value):
        return "medium"
    return "low"
