"""Markdown full of unclosed brackets is read in linear time, with a warning, and ordinary
Markdown (links, tables of links, code) is read exactly as before.

Without the guard, markdown-it-py takes time in n² on these paragraphs (30,000 ``[^`` took
17 s; a megabyte of ``[`` hours), and so did some of our own format-sniffing patterns.
"""

from __future__ import annotations

import pytest

from auditor.extract import extract_bytes
from auditor.extract.markdown_brackets import MAX_UNCLOSED
from auditor.models import Document

pytestmark = pytest.mark.usefixtures("deadline")

WARNING = ("a paragraph has {n:,} unclosed brackets; it was read without links (parsing them "
           "would take hours)")


def md(text: str) -> Document:
    # no format given: the sniffer's patterns must be linear on these too
    return extract_bytes(text.encode(), "a.md")


@pytest.mark.parametrize("unit", ["[", "[^", "![", "[a](", "^["])
def test_a_paragraph_of_unclosed_brackets_is_read_as_text_with_a_warning(unit: str) -> None:
    n = 100_000 if unit == "[" else 30_000
    doc = md("# Findings\n\n" + unit * n + "\n")
    assert doc.source.format == "markdown"
    assert doc.text == "Findings\n\n" + unit * n
    assert doc.warnings == (WARNING.format(n=n),)


def test_links_and_code_in_ordinary_markdown_are_untouched() -> None:
    rows = "\n".join(f"| [item {i}](https://example.org/{i}) | {i} |" for i in range(400))
    code = "```\n" + "[" * 1000 + "\n```"
    doc = md(f"# Links\n\n| name | n |\n|---|---|\n{rows}\n\n{code}\n\nSee [the note](n.md).\n")
    assert doc.warnings == ()
    assert "item 399" in doc.text and "[item" not in doc.text  # links rendered as links
    assert "[" * 1000 in doc.text  # the code block as written
    assert doc.text.endswith("See the note.")


def test_under_the_limit_links_are_still_links() -> None:
    text = "[" * MAX_UNCLOSED + " see [the note](n.md)"
    doc = md(f"# T\n\n{text}\n")
    assert doc.warnings == ()
    assert doc.text == "T\n\n" + "[" * MAX_UNCLOSED + " see the note"


def test_a_text_holding_the_first_placeholder_gets_another() -> None:
    # the stand-in for "[" is a private-use character the text does not hold
    n = 50_000
    doc = md("# Findings\n\n\ue000 and " + "[" * n + "\n")
    assert doc.text == "Findings\n\n\ue000 and " + "[" * n
    assert doc.warnings == (WARNING.format(n=n),)
