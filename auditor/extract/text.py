"""Plain text: paragraphs are separated by blank lines; hard-wrapped lines are joined.

A line that starts with a bullet or a list number starts a new list item. A short one-line
paragraph without closing punctuation is taken for a heading, so that changes can name the
section they sit in.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from auditor.extract.assemble import RawBlock, build_document
from auditor.extract.sniff import RawInput, decode_text
from auditor.models import Document

_BULLET = re.compile(r"^\s*([-*•‣◦▪–]|\(?\d{1,3}[.)]|\(?[a-z][.)]|\(?[ivx]{1,5}[.)])\s+\S")
_NUMBERED_HEADING = re.compile(r"^(\d+(\.\d+)*\.?|[A-Z]\.|[IVX]+\.)\s+\S")
_SECTION_NUMBER = re.compile(r"^(\d{1,3}(\.\d{1,3})*\.|[A-Z]\.|[IVX]{1,5}\.)\s+")
_BLANK = re.compile(r"\n[ \t]*\n")


def extract_text(raw: RawInput) -> Document:
    """Extract a plain-text file."""
    text = decode_text(raw).replace("\r\n", "\n").replace("\r", "\n")
    return build_document(raw, "text", text_blocks(text))


def text_blocks(text: str) -> Iterator[RawBlock]:
    """Split plain text into blocks."""
    for para in _BLANK.split(text):
        lines = [ln for ln in para.split("\n") if ln.strip()]
        if not lines:
            continue
        yield from _para_blocks(lines)


def _para_blocks(lines: list[str]) -> Iterator[RawBlock]:
    items: list[list[str]] = []
    for ln in lines:
        if _BULLET.match(ln) or not items:
            items.append([ln])
        else:
            items[-1].append(ln)
    is_list = len(items) > 1 or bool(_BULLET.match(lines[0]))
    for item in items:
        joined = " ".join(s.strip() for s in item)
        if len(lines) == 1 and looks_like_numbered_title(joined):
            yield RawBlock("heading", joined, level=heading_level(joined))
        elif is_list and _BULLET.match(item[0]):
            yield RawBlock("list_item", joined)
        elif len(item) == 1 and looks_like_heading(joined):
            yield RawBlock("heading", joined, level=heading_level(joined))
        else:
            yield RawBlock("paragraph", joined)


def looks_like_heading(line: str) -> bool:
    """A short line with no sentence-ending punctuation and an initial capital or number."""
    words = line.split()
    if not words or len(words) > 14 or len(line) > 100:
        return False
    if line.rstrip()[-1] in ".,;:!?\"'”’)" and not _NUMBERED_HEADING.match(line):
        return False
    if line.rstrip().endswith((".", ",", ";")):
        return False
    first = line.lstrip()[0]
    return first.isupper() or first.isdigit()


def looks_like_numbered_title(line: str) -> bool:
    """A numbered title set alone, full stop and all: "2. Sponsored Developer Obligations.",
    "1.2.1. Matching Fund Terms." — a few words, mostly capitalized, one sentence."""
    m = _SECTION_NUMBER.match(line)
    if not m or not line.rstrip().endswith("."):
        return False
    words = line[m.end():].rstrip(". ").split()
    if not words or len(words) > 8 or ". " in line[m.end():]:
        return False
    long_words = [w for w in words if len(w) > 3]
    capitals = sum(1 for w in long_words if w[0].isupper())
    return bool(long_words) and capitals * 2 > len(long_words)


def heading_level(line: str) -> int:
    """Level from a section number ("3.1 Scope" is level 2); 1 when unnumbered."""
    m = re.match(r"^(\d+(?:\.\d+)*)\.?\s", line)
    return m.group(1).count(".") + 1 if m else 1
