"""HTML: the main content of a page as blocks, without the site around it.

    bytes ──parse (lxml)──▶ tree ──pick the content root──▶ <main> | one <article> | <body>
          ──walk (iterative)──▶ headings, paragraphs, list items, cells, captions, code lines
                               + footnote blocks (note sections, <aside>, <d-footnote>)

What a reader of the page does not see as the document is left out: scripts, styles, forms,
navigation, the site's banner and footer (``<header>``/``<footer>`` outside any article or
section, ARIA banner/contentinfo/navigation roles), cookie and consent banners, and hidden
elements (``hidden``, ``aria-hidden="true"``, ``display:none``, screen-reader-only text).

The walk is iterative (``lxml.etree.iterwalk``), so hostile nesting cannot exhaust the Python
stack; a tree deeper than libxml2 allows is flattened and read again, with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.etree as etree
import lxml.html

from auditor.errors import CorruptFileError, NoTextError
from auditor.extract.assemble import RawBlock, build_document
from auditor.extract.sniff import RawInput, decode_text
from auditor.models import Document
from auditor.normalize import clean_inline

# Elements that end the running text and start a new block.
BLOCK_TAGS = frozenset(
    """address article aside blockquote body caption center dd details dialog dir div dl dt
    fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li
    main menu nav ol p pre section summary table tbody td tfoot th thead tr ul""".split()
)
# Elements whose content is never part of the document's text.
SKIP_TAGS = frozenset(
    """script style noscript template head title meta link iframe object embed svg canvas
    img picture video audio source track map input button select textarea option optgroup
    datalist output progress meter form nav dialog""".split()
)
_KIND_OF = {"li": "list_item", "dt": "list_item", "dd": "list_item", "td": "table_cell",
            "th": "table_cell", "caption": "caption", "figcaption": "caption", "pre": "code"}
_CHROME_ROLES = frozenset(
    "banner contentinfo navigation search dialog alertdialog menu menubar toolbar".split()
)
_NOTE_ROLES = frozenset("doc-endnotes doc-footnote doc-endnote doc-notes".split())
_NOTE_CLASSES = frozenset(
    "footnotes footnote endnotes endnote footnotes-list wp-block-footnotes".split()
)
# Word's "Save as HTML" marks its note containers by style.
_NOTE_STYLE = re.compile(r"mso-element\s*:\s*(footnote|endnote)", re.IGNORECASE)
# A link back to the reference, whatever its class: "#…" and an arrow for text.
_BACKLINK_TEXTS = frozenset(["↩", "↩\ufe0e", "↩\ufe0f", "↑", "^", "⤴", "⏎"])
# Notes written inside the running text (Distill's <d-footnote>, Tufte-style side notes).
_INLINE_NOTE_TAGS = frozenset({"d-footnote"})
_INLINE_NOTE_CLASSES = frozenset("sidenote marginnote".split())
_BACKLINK_CLASSES = frozenset(
    "footnote-back footnote-backref reversefootnote footnote-return".split()
)
_HIDDEN_CLASSES = frozenset("sr-only visually-hidden screen-reader-text hidden d-none".split())
# Class or id tokens of site boilerplate: cookie/consent banners, skip links, share bars.
_BOILERPLATE = re.compile(
    r"cookie|consent|gdpr|skip-?link|skip-?to|breadcrumb|newsletter|share-?(bar|buttons)|"
    r"social-?(share|links)",
    re.IGNORECASE,
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# Landmarks that make a <header>/<footer> part of the content rather than the site's chrome.
_SECTIONING = frozenset("article aside main nav section".split())
# Ids are checked only on these: generated ids of headings and sections come from their text.
_ID_CHECKED = frozenset("div aside span ul iframe".split())
_DEPTH_ERROR = "Excessive depth"


@dataclass
class _Frame:
    """An element the walk is inside: its block kind, and what to restore when it ends."""

    kind: str | None  # the block kind it opens, None for inline elements
    level: int | None = None
    note: bool = False  # inside a footnote container
    saved: tuple[list[str], list[RawBlock]] | None = None  # an inline note's outer state


@dataclass
class _Walk:
    """State of one walk over a content root."""

    blocks: list[RawBlock] = field(default_factory=list)
    notes: list[RawBlock] = field(default_factory=list)  # inline notes, emitted at the end
    buf: list[str] = field(default_factory=list)
    frames: list[_Frame] = field(default_factory=list)
    note_count: int = 0


def extract_html(raw: RawInput) -> Document:
    """Extract the main content of an HTML page."""
    blocks, title, warnings = html_to_blocks(decode_text(raw))
    if not any(clean_inline(b.text) for b in blocks):
        raise NoTextError(
            f"{raw.name}: no visible text in the HTML page",
            "if the page builds its text with JavaScript, save the rendered page and "
            "extract that",
        )
    return build_document(raw, "html", blocks, title=title, warnings=warnings)


def html_to_blocks(text: str) -> tuple[list[RawBlock], str | None, list[str]]:
    """Blocks of the main content, the title, and warnings, from HTML source text."""
    doc, warnings = parse_html(text)
    root = content_root(doc)
    walk = _Walk()
    _walk(root, walk)
    for extra in _notes_outside(doc, root):
        _walk(extra, walk)
    blocks = walk.blocks + walk.notes
    return blocks, _title(doc, blocks), warnings


def parse_html(text: str) -> tuple[etree._Element, list[str]]:
    """Parse HTML leniently; flatten what is nested too deeply for libxml2 (with a warning)."""
    doc = _parse(text)
    if doc is not None:
        return doc, []
    warning = "the HTML is nested too deeply; its structure was flattened to read it"
    doc = _parse(_flatten(text))
    if doc is None:
        doc = _parse(_strip_tags(text))
    if doc is None:
        raise CorruptFileError("HTML nested too deeply to read", "simplify the page")
    return doc, [warning]


def _parse(text: str) -> etree._Element | None:
    parser = lxml.html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True
    )
    data = text.replace("\x00", "").encode("utf-8", errors="replace") or b"<html></html>"
    try:
        doc = lxml.html.document_fromstring(data, parser=parser)
    except (etree.ParserError, ValueError):
        doc = lxml.html.document_fromstring(b"<html><body></body></html>", parser=parser)
    if any(_DEPTH_ERROR in e.message for e in parser.error_log):
        return None
    return doc


_GENERIC_BLOCK = re.compile(r"</?(?:div|section|article|center|blockquote|aside)\b[^>]*>", re.I)
_GENERIC_INLINE = re.compile(
    r"</?(?:span|font|a|b|i|u|em|strong|small|big|sub|sup|mark|abbr|cite|q|s|del|ins|code|"
    r"[a-z]+-[a-z-]+)\b[^>]*>",
    re.I,
)
_P_RUNS = re.compile(r"(?:<p>\s*){2,}")
_ANY_TAG = re.compile(r"<[^>]*>")
_INVISIBLE_CONTENT = re.compile(r"<(script|style|template)\b.*?</\1\s*>", re.I | re.S)


def _flatten(text: str) -> str:
    """Deep nesting is almost always generic containers: make them paragraph breaks."""
    return _P_RUNS.sub("<p>", _GENERIC_INLINE.sub("", _GENERIC_BLOCK.sub("<p>", text)))


def _strip_tags(text: str) -> str:
    """Last resort: keep only the text, one paragraph per source line."""
    text = _ANY_TAG.sub(" ", _INVISIBLE_CONTENT.sub(" ", text))
    return "".join(f"<p>{line}</p>" for line in text.splitlines() if line.strip())


def content_root(doc: etree._Element) -> etree._Element:
    """The element holding the document: the first ``<main>`` with text, else the only
    top-level ``<article>``, else ``<body>``."""
    for el in doc.iter("main", "div", "section"):
        if (el.tag == "main" or el.get("role") == "main") and _has_text(el):
            return el
    articles = [a for a in doc.iter("article") if not _has_ancestor(a, "article")]
    if len(articles) == 1 and _has_text(articles[0]):
        return articles[0]
    body = doc.find("body")
    return body if body is not None else doc


def _has_text(el: etree._Element) -> bool:
    return any(t.strip() for t in el.itertext())


def _has_ancestor(el: etree._Element, *tags: str) -> bool:
    parent = el.getparent()
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False


def _notes_outside(doc: etree._Element, root: etree._Element) -> list[etree._Element]:
    """Footnote sections a page keeps outside its ``<main>``/``<article>``."""
    if root.tag in ("body", "html"):
        return []
    inside = set(root.iter())
    found: list[etree._Element] = []
    for el in doc.iter():
        if el in inside or not isinstance(el.tag, str) or not _is_note_section(el):
            continue
        if not any(_is_ancestor(f, el) for f in found) and not _in_chrome(el):
            found.append(el)
    return found


def _is_ancestor(a: etree._Element, el: etree._Element) -> bool:
    parent = el.getparent()
    while parent is not None:
        if parent is a:
            return True
        parent = parent.getparent()
    return False


def _in_chrome(el: etree._Element) -> bool:
    node: etree._Element | None = el
    while node is not None:
        if isinstance(node.tag, str) and (is_chrome(node) or is_hidden(node)):
            return True
        node = node.getparent()
    return False


def _tokens(el: etree._Element) -> set[str]:
    return set((el.get("class") or "").lower().split())


def _is_note_section(el: etree._Element) -> bool:
    """A block of notes: pandoc's ``section.footnotes``, ``role=doc-endnotes`` and the like."""
    if el.get("role") in _NOTE_ROLES or _NOTE_STYLE.search(el.get("style") or ""):
        return True
    return bool(_tokens(el) & _NOTE_CLASSES) or el.get("id") in ("footnotes", "endnotes")


def _is_note_container(el: etree._Element) -> bool:
    """A note section, or an ``<aside>`` (a note beside the text, not a site sidebar)."""
    if el.tag not in BLOCK_TAGS:
        return False
    if el.tag == "aside" and el.get("role") != "complementary":
        return True
    return _is_note_section(el)


def _is_inline_note(el: etree._Element) -> bool:
    return el.tag in _INLINE_NOTE_TAGS or bool(_tokens(el) & _INLINE_NOTE_CLASSES)


def is_hidden(el: etree._Element) -> bool:
    """Hidden from the reader: ``hidden``, ``aria-hidden``, ``display:none`` or sr-only."""
    if el.get("hidden") is not None or el.get("aria-hidden", "").lower() == "true":
        return True
    if _HIDDEN_STYLE.search(el.get("style") or ""):
        return True
    return bool(_tokens(el) & _HIDDEN_CLASSES)


def is_chrome(el: etree._Element) -> bool:
    """Part of the site around the document (banner, navigation, footer, cookie notice)."""
    tag = el.tag
    if tag in SKIP_TAGS or el.get("role") in _CHROME_ROLES:
        return True
    if tag in ("header", "footer") and not _has_ancestor(el, *_SECTIONING):
        return tag == "footer" or not _is_document_header(el)
    if _tokens(el) & _BACKLINK_CLASSES or el.get("role") == "doc-backlink":
        return True
    if tag == "a" and (el.get("href") or "").startswith("#"):
        return el.text_content().strip() in _BACKLINK_TEXTS
    names = el.get("class") or ""
    if tag in _ID_CHECKED:
        names += " " + (el.get("id") or "")
    return bool(names.strip()) and bool(_BOILERPLATE.search(names))


def _is_document_header(el: etree._Element) -> bool:
    """A page-level ``<header>`` that holds the document's title (pandoc's title block, or an
    ``<h1>`` without navigation) rather than the site's banner."""
    if el.get("id") == "title-block-header":
        return True
    if el.find(".//h1") is None:
        return False
    return not any(d.tag in ("nav", "form") or d.get("role") in ("navigation", "search")
                   for d in el.iter() if isinstance(d.tag, str))


def _walk(root: etree._Element, w: _Walk) -> None:
    walker = etree.iterwalk(root, events=("start", "end"))
    skipped: set[etree._Element] = set()
    for event, el in walker:
        if not isinstance(el.tag, str):  # comments and processing instructions
            if event == "end" and el.tail:
                w.buf.append(el.tail)
            continue
        if event == "start":
            if is_chrome(el) or is_hidden(el):
                skipped.add(el)
                walker.skip_subtree()
                continue
            _enter(el, w)
        elif el in skipped:
            skipped.discard(el)
            if el.tail:
                w.buf.append(el.tail)
        else:
            _leave(el, w)
    _flush(w)


def _enter(el: etree._Element, w: _Walk) -> None:
    tag = el.tag
    outer_note = bool(w.frames) and w.frames[-1].note
    note = outer_note or _is_note_container(el)
    if not outer_note and _is_inline_note(el):
        _open_inline_note(el, w)
    elif tag in BLOCK_TAGS:
        _flush(w)
        kind, level = _kind(el, w)
        w.frames.append(_Frame(kind, level, note))
    else:
        w.frames.append(_Frame(None, None, note))
        if tag == "br":
            w.buf.append("\n" if _current(w).kind == "code" else " ")
    if el.text:
        w.buf.append(el.text)


def _open_inline_note(el: etree._Element, w: _Walk) -> None:
    """A note inside running text: mark it with its number (as Distill does for
    ``<d-footnote>``) and set its text aside as a footnote block for the end."""
    if el.tag in _INLINE_NOTE_TAGS:
        w.note_count += 1
        w.buf.append(str(w.note_count))
    w.frames.append(_Frame("footnote", None, True, saved=(w.buf, w.blocks)))
    w.buf, w.blocks = [], w.notes


def _leave(el: etree._Element, w: _Walk) -> None:
    frame = w.frames.pop()
    if frame.saved is not None:
        _flush(w, frame)
        w.buf, w.blocks = frame.saved
    elif frame.kind is not None:
        _flush(w, frame)
    if el.tail:
        w.buf.append(el.tail)


def _kind(el: etree._Element, w: _Walk) -> tuple[str, int | None]:
    tag = el.tag
    if len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
        return "heading", int(tag[1])
    outer = _current(w)
    inherited = outer.kind or "paragraph"
    kind = _KIND_OF.get(tag, inherited if inherited != "heading" else "paragraph")
    if outer.note or _is_note_container(el):
        return ("code" if kind == "code" else "footnote"), None
    return kind, None


def _current(w: _Walk) -> _Frame:
    for frame in reversed(w.frames):
        if frame.kind is not None:
            return frame
    return _Frame("paragraph")


def _flush(w: _Walk, frame: _Frame | None = None) -> None:
    """End the running text: it becomes a block of the innermost open block's kind."""
    text = "".join(w.buf)
    w.buf.clear()
    if not text.strip():
        return
    frame = frame or _current(w)
    kind = frame.kind or "paragraph"
    if kind == "code":
        w.blocks.extend(RawBlock("code", ln) for ln in text.splitlines() if ln.strip())
    else:
        w.blocks.append(RawBlock(kind, text, level=frame.level))


def _title(doc: etree._Element, blocks: list[RawBlock]) -> str | None:
    el = doc.find(".//title")
    if el is not None:
        title = clean_inline(el.text_content())
        if title:
            return title
    for b in blocks:
        if b.kind == "heading" and b.level == 1:
            return clean_inline(b.text) or None
    return None
