"""Keep Markdown parsing linear on paragraphs full of unclosed brackets.

markdown-it-py looks for the end of a link label, a link destination or a footnote label from
every ``[``, ``![``, ``[^`` and ``](`` it meets, to the end of the paragraph when nothing
closes it: a paragraph of n unclosed brackets takes time in n² (30,000 ``[^`` take 17 s,
100,000 ``[`` hours). No prose has hundreds of unclosed brackets in one paragraph, so such a
paragraph is read without links: its ``[`` are swapped for a private-use character before
parsing and back after rendering (escaping them would cost a token each), and a warning says
so. Code blocks, fenced or indented, are left alone (markdown-it does not parse inside them).
"""

from __future__ import annotations

import re

#: A paragraph with more unclosed ``[`` or ``(`` than this is read without links.
MAX_UNCLOSED = 200
WARNING = ("a paragraph has {n:,} unclosed brackets; it was read without links (parsing them "
           "would take hours)")
_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")
_BRACKETS = {"[": re.compile(r"[\[\]]"), "(": re.compile(r"[()]")}
#: Private-use characters, the first of which the text does not hold stands for ``[`` in a
#: paragraph read without links.
PLACEHOLDERS = [chr(c) for c in range(0xE000, 0xE100)]


def cap_brackets(text: str) -> tuple[str, list[str], str]:
    """``text`` with the ``[`` of every paragraph holding more than :data:`MAX_UNCLOSED`
    unclosed brackets replaced by a placeholder character, a warning for each such
    paragraph, and the placeholder (give it to :func:`restore_brackets` after rendering)."""
    if text.count("[") <= MAX_UNCLOSED:
        return text, [], ""
    placeholder = next((c for c in PLACEHOLDERS if c not in text), "")
    if not placeholder:
        return text, [], ""
    lines = text.split("\n")
    warnings: list[str] = []
    for start, end in _paragraphs(lines):
        block = "\n".join(lines[start:end])
        n = max(_unclosed(block, "[", "]"), _unclosed(block, "(", ")"))
        if n > MAX_UNCLOSED and "[" in block:
            for i in range(start, end):
                lines[i] = lines[i].replace("[", placeholder)
            warnings.append(WARNING.format(n=n))
    return "\n".join(lines), warnings, placeholder


def restore_brackets(html: str, placeholder: str) -> str:
    """The rendering of a text :func:`cap_brackets` changed, with its ``[`` back."""
    return html.replace(placeholder, "[")


def _paragraphs(lines: list[str]) -> list[tuple[int, int]]:
    """``(start, end)`` line ranges of the runs of non-blank lines outside fenced code; runs
    that are indented code (every line indented four spaces or a tab) are left out."""
    out: list[tuple[int, int]] = []
    fence: str | None = None
    start: int | None = None
    for i, line in enumerate([*lines, ""]):
        m = _FENCE.match(line)
        if fence is not None:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            continue
        if m or not line.strip():
            if start is not None and not _indented(lines[start:i]):
                out.append((start, i))
            start = None
            if m:
                fence = m.group(1)
            continue
        if start is None:
            start = i
    return out


def _indented(lines: list[str]) -> bool:
    return all(line.startswith(("    ", "\t")) for line in lines)


def _unclosed(text: str, opening: str, closing: str) -> int:
    """How many ``opening`` characters no later ``closing`` one closes."""
    depth = 0
    for ch in _BRACKETS[opening].findall(text):
        if ch == opening:
            depth += 1
        elif ch == closing and depth:
            depth -= 1
    return depth
