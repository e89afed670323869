"""Leak checks on the parts of a Word package around its paragraphs.

* document properties (``docProps/core.xml``, ``app.xml``, ``custom.xml``), the attached
  template's path (``word/settings.xml``) and the people named as authors of tracked changes
  and comments, or listed in ``word/people.xml``;
* embedded files (``word/embeddings/``) and other parts that are not XML (images under
  ``word/media/`` and obfuscated fonts under ``word/fonts/`` excepted); an embedded Office
  package or text file is read for its text, which the removed-text search sees;
* custom XML data parts (``customXml/item*.xml``);
* external relationship targets: hyperlinks, linked files.

Application name and version, document statistics and flags (``Words``, ``ScaleCrop``…) are not
reported: Word writes them into every file and they carry no text and no names. Dates are not
reported either, as for PDF metadata.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from lxml import etree

from auditor.scan.docxopen import R_ID, REL, DocxPackage, W, open_zip, parse_part
from auditor.scan.findings import FILE_NAME, Finding

_PREFIX = {"http://purl.org/dc/elements/1.1/": "dc", "http://purl.org/dc/terms/": "dcterms",
           "http://schemas.openxmlformats.org/package/2006/metadata/core-properties": "cp"}
_SKIP = {"dcterms:created", "dcterms:modified", "cp:lastPrinted", "Application", "AppVersion",
         "DocSecurity", "ScaleCrop", "LinksUpToDate", "SharedDoc", "HyperlinksChanged",
         "HeadingPairs", "Pages", "Words", "Characters", "CharactersWithSpaces", "Lines",
         "Paragraphs", "Notes", "Slides", "HiddenSlides", "MMClips"}
_PEOPLE = {"dc:creator", "cp:lastModifiedBy", "dc:contributor", "Manager"}
_DEFAULT_TEMPLATE = re.compile(r"normal(\.dot[mx]?)?", re.IGNORECASE)
_W15 = "{http://schemas.microsoft.com/office/word/2012/wordml}"
_CUSTOM_XML = re.compile(r"customXml/item\d*\.xml")
_RELS = re.compile(r"(.*/)?_rels/[^/]*\.rels")


def find_part_leaks(pkg: DocxPackage) -> Iterator[Finding]:
    """All checks on the parts around the paragraphs."""
    yield from find_properties(pkg)
    yield from find_template(pkg)
    yield from find_authors(pkg)
    yield from find_embedded_files(pkg)
    yield from find_custom_xml(pkg)
    yield from find_external_links(pkg)


def find_properties(pkg: DocxPackage) -> Iterator[Finding]:
    """Each non-empty core, extended (app) and custom document property."""
    for part in ("docProps/core.xml", "docProps/app.xml"):
        root = pkg.xml(part)
        for el in root if root is not None else ():
            if not isinstance(el.tag, str):
                continue
            ns, local = el.tag[1:].split("}", 1) if el.tag.startswith("{") else ("", el.tag)
            name = f"{_PREFIX[ns]}:{local}" if ns in _PREFIX else local
            value = _text(el)
            if value and name not in _SKIP:
                yield _property(part, name, value, _severity(name, value))
    root = pkg.xml("docProps/custom.xml")
    for el in root if root is not None else ():
        value = _text(el)
        if isinstance(el.tag, str) and value:
            yield _property("docProps/custom.xml", el.get("name") or "?", value, "medium",
                            "custom ")


def _property(part: str, name: str, value: str, severity: str, kind: str = "") -> Finding:
    return Finding("docx-properties", severity, f"{kind}document property {name} is set",
                   location=f"{part} {name}", evidence=value)


def _severity(name: str, value: str) -> str:
    """Medium for people and file names or paths; low for the rest."""
    if name in _PEOPLE or FILE_NAME.search(value):
        return "medium"
    if name == "Template" and not _DEFAULT_TEMPLATE.fullmatch(value):
        return "medium"
    return "low"


def find_template(pkg: DocxPackage) -> Iterator[Finding]:
    """The attached template's address, often a path through the author's profile."""
    settings = pkg.xml("word/settings.xml")
    el = settings.find(f"{W}attachedTemplate") if settings is not None else None
    target = _targets(pkg, "word/_rels/settings.xml.rels").get(el.get(R_ID) or "") \
        if el is not None else None
    if target:
        yield Finding("docx-properties", "medium", "the attached template's path is recorded",
                      location="word/settings.xml w:attachedTemplate", evidence=target)


def find_authors(pkg: DocxPackage) -> Iterator[Finding]:
    """Each person named as the author of a tracked change or comment, or in people.xml."""
    seen: set[str] = set()
    for part in pkg.stories():
        root = pkg.xml(part)
        for el in root.iter() if root is not None else ():
            name = " ".join((el.get(f"{W}author") or "").split()) if isinstance(
                el.tag, str) else ""
            if name and name not in seen:
                seen.add(name)
                yield Finding("docx-properties", "medium", "a tracked change or comment names "
                              "its author", location=f"{part} w:author", evidence=name)
    people = pkg.xml("word/people.xml")
    for person in people.iter(f"{_W15}person") if people is not None else ():
        presence = person.find(f"{_W15}presenceInfo")
        found = [person.get(f"{_W15}author") or "",
                 presence.get(f"{_W15}userId") or "" if presence is not None else ""]
        if any(found):
            yield Finding("docx-properties", "medium", "a person is listed in the document",
                          location="word/people.xml", evidence="\n".join(f for f in found if f))


def find_embedded_files(pkg: DocxPackage) -> Iterator[Finding]:
    """Embedded objects and other parts that are not XML, with their text when readable."""
    for part in pkg.names:
        embedded = part.startswith("word/embeddings/")
        if not embedded and (part.endswith((".xml", ".rels"))
                             or part.startswith(("word/media/", "word/fonts/"))):
            continue
        data = pkg.read(part)
        text = readable_text(pkg, part, data)
        if embedded:
            what = "an embedded file"
        elif part.startswith("docProps/thumbnail"):
            what = "a thumbnail picture of the first page, which may show an earlier version"
        else:
            what = "a part that is not XML"
        yield Finding("docx-embedded-file", "medium", f"{what} ({len(data):,} bytes)",
                      location=part, evidence=text[:500] or None, content=text or None)


def readable_text(pkg: DocxPackage, part: str, data: bytes) -> str:
    """The text of an embedded Office package (its XML parts) or of a text/XML file."""
    if data[:4] == b"PK\x03\x04":
        left = replace(pkg.limits, max_total_part_bytes=max(
            0, pkg.limits.max_total_part_bytes - pkg.read_bytes))
        inner = open_zip(pkg.raw, left, data, f"{pkg.name} ({part})")
        names = sorted(inner.names, key=lambda n: (n != "word/document.xml", n))
        texts = [_text(root) for name in names
                 if name.endswith(".xml") and (root := inner.xml(name)) is not None]
        pkg.read_bytes += inner.read_bytes
        return "\n".join(t for t in texts if t)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return ""
    if text.lstrip().startswith("<"):
        return _text(parse_part(data, part, pkg.name))
    printable = sum(ch.isprintable() or ch.isspace() for ch in text)
    return " ".join(text.split()) if printable >= 0.95 * len(text) else ""


def find_custom_xml(pkg: DocxPackage) -> Iterator[Finding]:
    """Text inside custom XML data parts (the item properties parts are skipped)."""
    for part in pkg.names:
        root = pkg.xml(part) if _CUSTOM_XML.fullmatch(part) else None
        text = _text(root) if root is not None else ""
        if text:
            yield Finding("docx-custom-xml", "medium", "text in a custom XML data part",
                          location=part, evidence=text)


def find_external_links(pkg: DocxPackage) -> Iterator[Finding]:
    """External relationship targets: hyperlinks and linked files (the template excepted)."""
    for part in pkg.names:
        root = pkg.xml(part) if _RELS.fullmatch(part) else None
        for rel in root.iter(f"{REL}Relationship") if root is not None else ():
            kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
            target = rel.get("Target") or ""
            if rel.get("TargetMode") != "External" or kind == "attachedTemplate" or not target:
                continue
            what = "a hyperlink to an address" if kind == "hyperlink" else f"an external {kind}"
            yield Finding("link-uri", "low", what, location=f"{part} {rel.get('Id') or '?'}",
                          evidence=target)


def _targets(pkg: DocxPackage, part: str) -> dict[str, str]:
    root = pkg.xml(part)
    return {r.get("Id") or "": r.get("Target") or ""
            for r in (root.iter(f"{REL}Relationship") if root is not None else ())}


def _text(el: etree._Element) -> str:
    return "\n".join(t.strip() for t in el.itertext() if t.strip())
