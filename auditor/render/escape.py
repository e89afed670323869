"""Escaping text for Markdown, HTML and LaTeX output.

User text (titles, reasons, notes, quotes, category names) goes into generated documents; it
must read back as the same characters, not as markup. White space (line breaks included) is
collapsed to single spaces first, so no user text can start a line (and with it a heading,
list or code block); a leading or trailing space is kept, since it joins runs of text.
"""

from __future__ import annotations

import html
import re

from auditor.normalize import clean_chars

# CommonMark lets any ASCII punctuation be backslash-escaped; these are the ones that can
# start emphasis, code, links, HTML, tables or strike-through inline.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")
# At the start of a line: list markers, numbered lists, setext/thematic breaks.
_MD_LEADING = re.compile(r"^(\d+)([.)])|^([-+=])")
_MD_ENTITY = re.compile(r"&(?=[A-Za-z0-9#]+;)")

_LATEX = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
    "^": r"\textasciicircum{}", "_": r"\_", "%": r"\%", "~": r"\textasciitilde{}",
    "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}", '"': r"\textquotedbl{}",
}
_LATEX_TABLE = str.maketrans(_LATEX)
_SPACE = re.compile(r"\s+")


def flatten(text: str) -> str:
    """Clean characters and collapse every run of white space to one space (edges kept)."""
    return _SPACE.sub(" ", clean_chars(text))


def markdown(text: str) -> str:
    """``text`` as inline Markdown that renders to exactly ``text`` (white space collapsed)."""
    text = _MD_ENTITY.sub(r"\\&", _MD_SPECIAL.sub(r"\\\1", flatten(text)))
    return _MD_LEADING.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", text)


def html_text(text: str) -> str:
    """``text`` escaped for HTML element content or a quoted attribute."""
    return html.escape(flatten(text), quote=True)


def latex(text: str) -> str:
    """``text`` with every LaTeX special character spelled as a command."""
    return flatten(text).translate(_LATEX_TABLE)
