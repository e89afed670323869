"""Named entities: organisations, models, people, documents — the names a reviewer may ask
to take out.

Without a language model the signal is the shape of the word:

* names configured by the user (``classify.entities``), matched case-insensitively;
* identifiers mixing letters and digits: ``IR-2291``, ``Helios-2``, ``GPT-4o``;
* acronyms of two or more capitals: ``NIST``, ``CBRN``;
* runs of capitalised words, joined by "of", "for", "the", "de": ``Lumen Labs``,
  ``Department of Energy`` ("and" separates two names). A lone capitalised word that is an
  ordinary dictionary word ("Overall", "Testing") is a sentence start, not a name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from auditor.classify.lexicon import FUNCTION_WORDS
from auditor.classify.spelling import american, is_known

# The look-aheads stop after 64 characters: they would otherwise scan a long run of word
# characters and dots ("a.a.a.…") again from every word start, in time n².
_IDENTIFIER = re.compile(
    r"\b(?!v\d)(?=[\w.-]{0,64}[A-Za-z])(?=[\w.-]{0,64}\d)[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)+\b"
    r"|\b(?!v\d)[A-Za-z]+\d+[A-Za-z0-9]*\b"
)
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9&]{1,9}s?\b")
_CAP = r"[A-Z][\w'’&.-]*"
_NAME = re.compile(rf"\b{_CAP}(?:\s+(?:(?:of|for|the|de|von|van)\s+)?{_CAP})*")


def find_entities(text: str, extra: Sequence[str] = ()) -> list[str]:
    """Entity names in ``text``, in order of first appearance, without repeats."""
    found: list[str] = []
    taken = [False] * len(text)
    for name in extra:
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE):
            found.append(m.group(0))
            taken[m.start():m.end()] = [True] * (m.end() - m.start())
    for pattern in (_IDENTIFIER, _NAME, _ACRONYM):
        for m in pattern.finditer(text):
            if any(taken[m.start():m.end()]):
                continue
            name = _trim_name(m.group(0))
            if name and (pattern is not _NAME or _looks_like_a_name(name)):
                found.append(name)
                taken[m.start():m.end()] = [True] * (m.end() - m.start())
    return _unique(found)


def entity_difference(
    before: str, after: str, extra: Sequence[str] = ()
) -> tuple[list[str], list[str]]:
    """Entities named in ``before`` but not in ``after``, and the reverse.

    Presence is checked case-insensitively in the other text, so re-capitalising a name is
    not an entity change.
    """
    removed = [e for e in find_entities(before, extra) if not _mentions(after, e)]
    added = [e for e in find_entities(after, extra) if not _mentions(before, e)]
    return removed, added


def abbreviates(name: str, text: str) -> bool:
    """Whether ``name`` is an acronym of consecutive words of ``text`` ("ML", "machine
    learning")."""
    if not re.fullmatch(r"[A-Z]{2,6}", name):
        return False
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z]+", text)).upper()
    return name in initials


def _mentions(text: str, name: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE) is not None


def _trim_name(name: str) -> str:
    words = name.rstrip(".’'").split()
    while words and words[0].lower() in FUNCTION_WORDS:
        words.pop(0)
    while words and words[-1].lower() in FUNCTION_WORDS:
        words.pop()
    return " ".join(words)


def _looks_like_a_name(name: str) -> bool:
    words = name.split()
    if len(words) > 1:
        return True
    word = words[0].strip(".-’'")
    if len(word) < 2 or word.isupper():
        return False  # acronyms are found by their own pattern
    return not is_known(word) and not any(is_known(w) for w in american(word))


def _unique(names: list[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for n in names:
        key = n.lower()
        if key not in seen:
            seen.add(key)
            out.append(n)
    return out
