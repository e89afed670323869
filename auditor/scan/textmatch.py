"""Finding a removed passage wherever it survives, whatever typesetting did to it.

Both the passage and the text searched are *squashed*: NFKC (ligatures ﬁ → fi), lower case,
letters and digits only. Hyphenation ("confi-\\ndential"), line breaks, soft hyphens, quotes and
spacing then no longer matter::

    "Project Tamarind red-\\nteam results"  ──squash──▶  "projecttamarindredteamresults"

A passage matches where its squashed form occurs whole, or — for long passages, which may
survive only in part (cut by a page break, or partly re-typed) — where a run of
:data:`SHINGLE_WORDS` consecutive words of it occurs. Passages too short to search alone (a
number, one word) are searched with the words around them in the draft, so "17" is found
only where "scored 17 of 23" survives, not wherever a 17 appears.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_WORD = re.compile(r"\w+", re.UNICODE)
#: A squashed passage shorter than this is searched with its context.
MIN_CHARS = 12
MIN_WORDS = 3
#: Words in a run that counts as partial survival of a long passage.
SHINGLE_WORDS = 6


def squash(text: str) -> str:
    """Lower-case letters and digits only, after NFKC: the form passages are compared in."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    folded = "".join(c for c in unicodedata.normalize("NFKD", folded)
                     if not unicodedata.combining(c))
    return _NOT_ALNUM.sub("", folded)


def words(text: str) -> list[str]:
    return [w for w in (squash(w) for w in _WORD.findall(
        unicodedata.normalize("NFKC", text))) if w]


@dataclass(frozen=True)
class Needle:
    """A removed passage made ready for searching."""

    label: str  # what the report names it by (the passage itself; masked in reports)
    whole: str  # squashed passage (with context when the passage alone is too short)
    shingles: tuple[str, ...]  # squashed runs of SHINGLE_WORDS words, for partial survival

    def found_in(self, haystack: str) -> str | None:
        """"whole", "part" or None: how the passage survives in a squashed haystack."""
        if not self.whole:
            return None
        if self.whole in haystack:
            return "whole"
        if any(s in haystack for s in self.shingles):
            return "part"
        return None

    def without(self, shown: str) -> Needle:
        """This needle minus the word runs that ``shown`` (squashed published text) has: a
        rewritten sentence keeps many of its words, and those are not a leak."""
        return Needle(self.label, self.whole, tuple(s for s in self.shingles if s not in shown))


def make_needle(passage: str, context: str = "") -> Needle | None:
    """A needle for ``passage``; too-short passages borrow words from ``context``."""
    passage = " ".join(passage.split())
    ws = words(passage)
    if not ws:
        return None
    whole = "".join(ws)
    if len(whole) < MIN_CHARS or len(ws) < MIN_WORDS:
        whole = _with_context(ws, words(context))
        if not whole:
            return None
    shingles = tuple("".join(ws[i:i + SHINGLE_WORDS])
                     for i in range(0, len(ws) - SHINGLE_WORDS + 1)) \
        if len(ws) >= 2 * SHINGLE_WORDS else ()
    return Needle(passage, whole, shingles)


def _with_context(ws: list[str], ctx: list[str]) -> str:
    """The passage with up to three context words either side, if the context holds it."""
    n = len(ws)
    for i in range(len(ctx) - n + 1):
        if ctx[i:i + n] == ws:
            run = ctx[max(0, i - 3): i + n + 3]
            squashed = "".join(run)
            return squashed if len(run) > n and len(squashed) >= MIN_CHARS else ""
    return ""
