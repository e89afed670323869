"""Markdown: the text a reader sees once the Markdown is rendered.

    source ──dialect (gfm | commonmark | pandoc)──▶ markdown-it ──▶ HTML ──html_to_blocks──▶ blocks

Rendering to HTML and reading that with the HTML extractor means a Markdown file and the page
made from it give the same text: link text without targets, no emphasis markers, no images,
table cells one by one, footnotes ``[^1]`` as footnote blocks at the end (the reference shows
as its number, as pandoc prints it), front matter left out.

Dialects differ in what a reader sees. Pandoc's Markdown turns straight quotes into curly ones
and ``--``/``---``/``...`` into dashes and an ellipsis, reads Markdown inside
``<div markdown="1">``, and allows attributes ``{#id .class}`` after headings. The dialect is
taken from ``engine`` when given, else guessed from syntax only pandoc gives meaning to (see
:func:`guess_dialect`); GitHub-flavoured Markdown is the default.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_core.smartquotes import process_inlines
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from auditor.errors import NoTextError, UsageError
from auditor.extract.assemble import build_document
from auditor.extract.html import html_to_blocks
from auditor.extract.markdown_brackets import cap_brackets, restore_brackets
from auditor.extract.sniff import RawInput, decode_text
from auditor.models import Document
from auditor.normalize import clean_inline

DIALECTS = ("gfm", "commonmark", "pandoc")

# Syntax that only pandoc's Markdown gives a meaning to (or, for footnotes, that is far more
# common in Markdown written for pandoc than for GitHub). Each pattern stops at the next
# bracket or within a bounded stretch, so that a line of 100,000 "^[" costs linear time.
_PANDOC_SIGNS = (
    re.compile(r"<(?:div|section)\b[^<>\n]*\bmarkdown=\"1\"", re.IGNORECASE),
    re.compile(r"^#{1,6} .*\{[#.][\w:.-][^{}\n]*\}[ \t]*$", re.MULTILINE),
    re.compile(r"^:::+[ \t]*\{?[\w.#]", re.MULTILINE),
    re.compile(r"\^\[[^\]\n]{1,500}\]"),
    re.compile(r"\A% \S"),
    re.compile(r"^\[\^[^\]\s]+\]:[ \t]", re.MULTILINE),
)
#: Block nesting deeper than this is not parsed (markdown-it's guard against recursion).
MAX_NESTING = 100
#: Lines opening more block quotes and list items than this are cut down to it (with a warning):
#: markdown-it would drop what is nested deeper than MAX_NESTING.
MAX_MARKERS = 32
_MARKER = re.compile(r"[ \t]*(?:>|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t]))[ \t]?")
_NESTING_WARNING = "the Markdown nests block quotes or lists too deeply; the deepest were flattened"
#: Paragraphs with more straight quotes than this keep them straight (pandoc dialect).
MAX_QUOTES_PER_PARAGRAPH = 5000
_QUOTES_WARNING = "a paragraph has too many quote marks to pair; its quotes were left straight"
_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")
_DIV_LINE = re.compile(r"^\s*(?:</?div\b[^>]*>\s*)+$", re.IGNORECASE)
_HEADING_ATTRS = re.compile(r"^(#{1,6}[ \t].*?)[ \t]+\{[#.][^}\n]*\}[ \t]*$")
_FENCED_DIV = re.compile(r"^:::+.*$")
_DELIMITER_ROW = re.compile(r"^\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_TITLE_LINE = re.compile(r"^title:[ \t]*(.+?)[ \t]*$", re.MULTILINE)


def extract_markdown(raw: RawInput, dialect: str | None = None) -> Document:
    """Extract a Markdown file; ``dialect`` is one of :data:`DIALECTS` (guessed when None)."""
    text = decode_text(raw).replace("\r\n", "\n").replace("\r", "\n")
    dialect = resolve_dialect(dialect, text)
    rendered, meta_title, notes = render(text, dialect)
    blocks, title, warnings = html_to_blocks(rendered)
    warnings = sorted(set(notes)) + warnings
    if not any(clean_inline(b.text) for b in blocks):
        raise NoTextError(f"{raw.name}: no visible text in the Markdown", "nothing to extract")
    return build_document(
        raw, "markdown", blocks, engine=dialect, title=meta_title or title, warnings=warnings
    )


def resolve_dialect(dialect: str | None, text: str) -> str:
    """The dialect asked for (validated), or the one guessed from ``text``."""
    if dialect is None:
        return guess_dialect(text)
    if dialect not in DIALECTS:
        raise UsageError(
            f"unknown Markdown dialect {dialect!r}", f"use one of: {', '.join(DIALECTS)}"
        )
    return dialect


def guess_dialect(text: str) -> str:
    """``pandoc`` when the text uses pandoc-only syntax (``markdown="1"`` divs, heading
    attributes, fenced divs, inline notes, a ``%`` title block, footnotes), else ``gfm``."""
    sample = text[:1_000_000]
    return "pandoc" if any(rx.search(sample) for rx in _PANDOC_SIGNS) else "gfm"


def markdown_to_html(text: str, dialect: str) -> tuple[str, str | None]:
    """Render Markdown to an HTML fragment; also return the front matter's title, if any."""
    rendered, title, _ = render(text, dialect)
    return rendered, title


def render(text: str, dialect: str) -> tuple[str, str | None, list[str]]:
    """Render Markdown to HTML; also return the front matter's title and any warnings."""
    title = None
    if dialect == "pandoc":
        text, title = _pandoc_title_block(text)
        text = _pandoc_preprocess(text)
    md = _parser(dialect)
    env: dict[str, Any] = {}
    text = _cap_nesting(text, env)
    text, capped, placeholder = cap_brackets(text)
    env.setdefault("warnings", []).extend(capped)
    tokens = md.parse(text, env)
    for tok in tokens:
        if tok.type == "front_matter":
            m = _TITLE_LINE.search(tok.content)
            title = title or (m.group(1).strip("'\"") if m else None)
    html = md.renderer.render(tokens, md.options, env)
    if capped:
        html = restore_brackets(html, placeholder)
    return html, title, list(env.get("warnings", []))


def _parser(dialect: str) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "typographer": dialect == "pandoc",
                                   "maxNesting": MAX_NESTING})
    md.use(front_matter_plugin).use(footnote_plugin)
    md.add_render_rule("footnote_caption", _render_footnote_number)
    if dialect == "commonmark":
        return md
    md.enable(["table", "strikethrough"]).use(tasklists_plugin)
    if dialect == "pandoc":
        md.use(deflist_plugin)
        md.core.ruler.push("pandoc_quotes", _pandoc_quotes)
        md.core.ruler.push("pandoc_punctuation", _pandoc_punctuation)
        md.core.ruler.push("pandoc_figures", _pandoc_implicit_figures)
    return md


def _cap_nesting(text: str, env: dict[str, Any]) -> str:
    """Cut a line's run of block-quote and list markers down to :data:`MAX_MARKERS`."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        end, count, keep = 0, 0, 0
        while (m := _MARKER.match(line, end)) and m.end() > end:
            end, count = m.end(), count + 1
            if count == MAX_MARKERS:
                keep = end
        if count > MAX_MARKERS:
            lines[i] = line[:keep] + line[end:]
            env.setdefault("warnings", []).append(_NESTING_WARNING)
    return "\n".join(lines)


def _render_footnote_number(
    self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any
) -> str:
    """A footnote reference reads as its number ("…do.1 Since"), as pandoc renders it."""
    return str(tokens[idx].meta["id"] + 1)


def _pandoc_title_block(text: str) -> tuple[str, str | None]:
    """Pandoc's ``% Title`` / ``% Author`` / ``% Date`` lines at the top are metadata."""
    if not text.startswith("% "):
        return text, None
    lines = text.split("\n")
    n = 0
    while n < len(lines) and (lines[n].startswith("%") or (n and lines[n].startswith("  "))):
        n += 1
    return "\n".join(lines[n:]), clean_inline(lines[0][1:]) or None


def _pandoc_preprocess(text: str) -> str:
    """Give pandoc-only block syntax the meaning pandoc gives it, for a CommonMark parser:
    Markdown inside ``<div>`` blocks is read as Markdown, ``{#id .class}`` after a heading
    and ``:::`` fence lines are attributes and wrappers, not text."""
    out: list[str] = []
    fence: str | None = None
    for line in text.split("\n"):
        if out and _DELIMITER_ROW.match(line) and "|" in out[-1]:
            line = _fit_delimiter_row(line, out[-1])
        m = _FENCE.match(line)
        if fence is not None:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            out.append(line)
            continue
        if m:
            fence = m.group(1)
            out.append(line)
        elif _DIV_LINE.match(line):
            out.extend(("", line.strip(), ""))
        elif _FENCED_DIV.match(line):
            out.append("")
        else:
            out.append(_HEADING_ATTRS.sub(r"\1", line))
    return "\n".join(out)


# After markdown-it's smartquotes paired what it could, pandoc still reads a lone ' as an
# apostrophe ("et al.'s", "and 's").
def _fit_delimiter_row(row: str, header: str) -> str:
    """Pandoc accepts a pipe table whose delimiter row has more or fewer cells than its header;
    CommonMark parsers do not. Give the delimiter row the header's cell count."""
    want = len(_cells(header))
    cells = _cells(row)
    if want == 0 or len(cells) == want:
        return row
    cells = (cells + ["---"] * want)[:want]
    return "|" + "|".join(cells) + "|"


def _cells(row: str) -> list[str]:
    inner = row.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return re.split(r"(?<!\\)\|", inner) if inner else []


_SMART = (("---", "\u2014"), ("--", "\u2013"), ("...", "\u2026"), ("'", "\u2019"))


def _pandoc_quotes(state: StateCore) -> None:
    """Pandoc's curly quotes, by markdown-it's smartquotes pairing, for paragraphs of a sane
    number of quotes: its pairing is quadratic, and a hostile paragraph must not hang us."""
    for tok in state.tokens:
        if tok.type != "inline" or not tok.children:
            continue
        quotes = tok.content.count('"') + tok.content.count("'")
        if 0 < quotes <= MAX_QUOTES_PER_PARAGRAPH:
            process_inlines(tok.children, state)
        elif quotes:
            tok.meta["straight_quotes"] = True
            state.env.setdefault("warnings", []).append(_QUOTES_WARNING)


def _pandoc_punctuation(state: StateCore) -> None:
    """Pandoc's ``smart`` extension: ``---`` em dash, ``--`` en dash, ``...`` ellipsis, a lone
    ``'`` an apostrophe (in text, never in code)."""
    for tok in state.tokens:
        pairs = _SMART[:3] if tok.meta.get("straight_quotes") else _SMART
        for child in tok.children or []:
            if child.type == "text":
                for plain, smart in pairs:
                    child.content = child.content.replace(plain, smart)


def _pandoc_implicit_figures(state: StateCore) -> None:
    """An image alone in a paragraph is a figure whose caption is its alt text."""
    for tok in state.tokens:
        kids = tok.children or []
        if tok.type == "inline" and len(kids) == 1 and kids[0].type == "image":
            alt = "".join(c.content for c in kids[0].children or [])
            if alt.strip():
                caption = Token("html_inline", "", 0)
                caption.content = f"<figcaption>{html.escape(alt)}</figcaption>"
                tok.children = [caption]
