"""Render a :class:`~auditor.footnote.Footnote` as Markdown, HTML, LaTeX or plain text.

Every run of text is escaped for its format (:mod:`auditor.render.escape`); the structure is
the same in all four: a run-in title, paragraphs, a list of the edits made, optionally the
declined requests, and a closing line naming the review record.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable

from auditor.footnote import Footnote, Para
from auditor.render import escape
from auditor.review_terms import FOOTNOTE_FORMATS

FORMATS = FOOTNOTE_FORMATS
WIDTH = 78


def render_footnote(note: Footnote, fmt: str) -> str:
    """The footnote in ``fmt`` (markdown, html, latex or text), ending with a line feed."""
    return {"markdown": _markdown, "html": _html, "latex": _latex, "text": _text}[fmt](note)


def _runs(para: Para, esc: Callable[[str], str], strong: Callable[[str], str],
          quote: Callable[[str], str]) -> str:
    out = []
    for run in para:
        if run.style == "strong":
            out.append(strong(esc(run.text)))
        elif run.style == "quote":
            out.append(quote(esc(run.text)))
        else:
            out.append(esc(run.text))
    return "".join(out)


def _lines(note: Footnote, para: Callable[[Para], str], item: Callable[[str], str],
           list_open: str, list_close: str, title: Callable[[str], str]) -> list[str]:
    first, *rest = note.paragraphs
    blocks = [f"{title(note.title)} {para(first)}", *(para(p) for p in rest)]
    if note.made:
        blocks.append("\n".join(x for x in (list_open, *(item(para(p)) for p in note.made),
                                            list_close) if x))
    if note.declined_intro is not None:
        blocks.append(para(note.declined_intro))
        blocks.append("\n".join(x for x in (list_open, *(item(para(p)) for p in note.declined),
                                            list_close) if x))
    blocks += [para(p) for p in note.closing]
    return blocks


def _markdown(note: Footnote) -> str:
    esc = escape.markdown

    def para(p: Para) -> str:
        return _runs(p, esc, lambda s: f"**{s}**", lambda s: f"“{s}”")

    blocks = _lines(note, para, lambda s: f"- {s}", "", "", lambda s: f"**{escape.markdown(s)}**")
    return "\n\n".join(blocks) + "\n"


def _html(note: Footnote) -> str:
    esc = escape.html_text

    def para(p: Para) -> str:
        return _runs(p, esc, lambda s: f"<strong>{s}</strong>", lambda s: f"“{s}”")

    def wrap(block: str) -> str:
        return block if block.startswith("<ul>") else f"<p>{block}</p>"

    blocks = _lines(note, para, lambda s: f"<li>{s}</li>", "<ul>", "</ul>",
                    lambda s: f"<strong>{escape.html_text(s)}</strong>")
    body = "\n".join(wrap(x) for x in blocks)
    return f'<section class="auditor-review-note">\n{body}\n</section>\n'


def _latex(note: Footnote) -> str:
    esc = escape.latex

    def para(p: Para) -> str:
        return _runs(p, esc, lambda s: f"\\textbf{{{s}}}", lambda s: f"``{s}''")

    blocks = _lines(note, para, lambda s: f"  \\item {s}", "\\begin{itemize}",
                    "\\end{itemize}", lambda s: f"\\paragraph{{{escape.latex(s)}}}")
    return "\n\n".join(blocks) + "\n"


def _text(note: Footnote) -> str:
    def para(p: Para) -> str:
        return _runs(p, escape.flatten, lambda s: s, lambda s: f"“{s}”")

    def fill(block: str) -> str:
        if block.startswith("- "):
            return "\n".join(textwrap.fill(line, WIDTH, subsequent_indent="  ",
                                           break_on_hyphens=False)
                             for line in block.split("\n"))
        return textwrap.fill(block, WIDTH, break_on_hyphens=False)

    blocks = _lines(note, para, lambda s: f"- {s}", "", "", lambda s: s)
    return "\n\n".join(fill(x) for x in blocks) + "\n"


__all__ = ["FORMATS", "render_footnote"]
