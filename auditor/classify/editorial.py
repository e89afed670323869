"""The editorial rules: differences that leave the meaning as it was.

Each rule is a *normaliser of a pair*: it takes the two sides and returns them with one kind
of difference removed ("colour"/"color" made equal), plus a detail for the reason. They run
in order; a rule *fires* when it brings the two sides closer. When the sides end up equal,
the change is editorial — every difference it made was explained. When they do not, some
difference is left that no rule explains, and the change stays material.

``renumbered`` is special: it runs *before* the material rules, so that a heading or list
number shifted by an inserted section ("3. Results" → "4. Results") is not read as a
number change.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from auditor import seqmatch
from auditor.classify.edit import Edit
from auditor.classify.lexicon import CONTRACTIONS
from auditor.classify.numbers import canonical_numbers, find_quantities
from auditor.classify.spelling import are_spelling_variants, is_typo_fix

Pair = tuple[str, str, "str | None"]
Normalise = Callable[[str, str], Pair]


@dataclass(frozen=True)
class EditorialRule:
    """A named pair normaliser: stable ``id``, what it means, the function."""

    id: str
    meaning: str
    apply: Normalise


#: Above this many characters, differences are counted word by word (a character-level
#: alignment of two long texts is too slow, and the exact count does not matter there).
LONG = 2000


def distance(a: str, b: str) -> int:
    """Characters that differ between ``a`` and ``b`` (inserted plus deleted); for long
    texts, the characters of the words that differ."""
    if a == b:
        return 0
    if len(a) + len(b) > 2 * LONG:
        wa, wb = Counter(a.split()), Counter(b.split())
        return sum(len(w) * n for w, n in ((wa - wb) + (wb - wa)).items())
    return len(a) + len(b) - 2 * seqmatch.matched(a, b)


# -- renumbering (runs first) -------------------------------------------------------------

_NUMBERING = re.compile(r"^\(?(?:\d+(?:\.\d+)*|[A-Za-z]|[ivxlcIVXLC]+)[.)]?$")


def strip_numbering(edit: Edit, before: str, after: str) -> Pair:
    """Drop a heading or list number that changed, appeared or went ("3." → "4.", or
    "3.1" put before a title that became a numbered heading)."""
    if edit.whole:
        return before, after, None
    b_num, b_rest = _leading_number(edit.before_block, edit.before_start, before)
    a_num, a_rest = _leading_number(edit.after_block, edit.after_start, after)
    if bool(b_num) != bool(a_num):
        # the other side may open with a number in running text ("2.1 Payment." became the
        # heading "2.1. Payment."): the same number is no change, another one is renumbering
        first, _, rest = (after if b_num else before).partition(" ")
        if _NUMBERING.match(first):
            b_num, b_rest, a_num, a_rest = ((b_num, b_rest, first, rest) if b_num
                                            else (first, rest, a_num, a_rest))
    if b_num.rstrip(".)") == a_num.rstrip(".)"):
        return before, after, None
    if b_num and a_num:
        return b_rest, a_rest, f"renumbered: {b_num} → {a_num}"
    return b_rest, a_rest, f"number {'removed' if b_num else 'added'}: {b_num or a_num}"


def _leading_number(block: object, start: int | None, text: str) -> tuple[str, str]:
    """The numbering token opening a heading or list item, and the rest of ``text``."""
    first, _, rest = text.partition(" ")
    if _at_numbered_start(block, start) and _NUMBERING.match(first):
        return first, rest
    return "", text


def _at_numbered_start(block: object, start: int | None) -> bool:
    from auditor.models import Block

    return (isinstance(block, Block) and start == block.start
            and block.kind in ("heading", "list_item"))


# -- the pair normalisers, in order ------------------------------------------------------

_SPACE_BEFORE = re.compile(r"\s+([,.;:!?)\]}])")
_SPACE_AFTER = re.compile(r"([(\[{])\s+")


def whitespace_only(before: str, after: str) -> Pair:
    def norm(s: str) -> str:
        s = " ".join(s.split())
        return _SPACE_AFTER.sub(r"\1", _SPACE_BEFORE.sub(r"\1", s))

    return norm(before), norm(after), "whitespace only"


_QUOTES_DASHES = str.maketrans({
    **dict.fromkeys("‘’‚‛′`´", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys("‐‑‒–—―−⁃", "-"),
})
_DASH_RUN = re.compile(r"\s*-{2,3}\s*|\s+-\s+")


def quote_dash_style(before: str, after: str) -> Pair:
    def norm(s: str) -> str:
        s = s.translate(_QUOTES_DASHES).replace("…", "...")
        return _DASH_RUN.sub("-", s)

    changed = _first_char_change(before, after, set("‘’‚‛′`´“”„‟″«»‐‑‒–—―−⁃…'\"-"))
    return norm(before), norm(after), f"quote/dash style: {changed}" if changed else None


def number_format(before: str, after: str) -> Pair:
    detail = None
    # per key, the first text the after side writes it as, and the first other text
    spellings: dict[str, list[str]] = {}
    for p in find_quantities(after):
        seen = spellings.setdefault(p.key, [])
        if len(seen) < 2 and p.text not in seen:
            seen.append(p.text)
    for q in find_quantities(before):
        twin = next((t for t in spellings.get(q.key, ()) if t != q.text), None)
        if twin is not None:
            detail = f"number written differently: {q.text} → {twin}"
            break
    return canonical_numbers(before), canonical_numbers(after), detail


def case_only(before: str, after: str) -> Pair:
    pair = next(((x, y) for x, y in _word_pairs(before, after) if x.lower() == y.lower()), None)
    detail = f"case changed: {pair[0]} → {pair[1]}" if pair else None
    return before.lower(), after.lower(), detail


def _contract(s: str) -> str:
    """Write contractions out: "can't" → "cannot", "isn't" → "is not"."""
    for short, long in CONTRACTIONS.items():
        suffix = short.startswith(("n'", "'"))
        pattern = rf"(?<=\w){re.escape(short)}\b" if suffix else rf"\b{re.escape(short)}\b"
        s = re.sub(pattern, long, s, flags=re.IGNORECASE)
    return s


def spelling_variant(before: str, after: str) -> Pair:
    b, a = _contract(before.replace("’", "'")), _contract(after.replace("’", "'"))
    detail = "contraction written out" if (b, a) != (before, after) else None
    for x, y in _word_pairs(b, a):
        if are_spelling_variants(x, y):
            b = re.sub(rf"\b{re.escape(x)}\b", y, b)
            detail = f"spelling variant: {x} → {y}"
    return b, a, detail


def abbreviation(before: str, after: str) -> Pair:
    """"machine learning" → "ML" (runs before case is folded: acronyms are capitals)."""
    shortened = _abbreviated(before, after)
    if shortened is None:
        return before, after, None
    return shortened[0], shortened[1], "abbreviation written out or shortened"


def _abbreviated(before: str, after: str) -> tuple[str, str] | None:
    """"machine learning" / "ML": an acronym made of the initials of the other side's words."""
    for short, long in ((after, before), (before, after)):
        acronyms = list(dict.fromkeys(_ACRONYM.findall(short)))
        if not acronyms:
            continue
        words = _LETTERS.findall(long)
        initials = "".join(w[0] for w in words).upper()
        # (length, initials) -> where the first run of words with those initials starts
        firsts: dict[tuple[int, str], int] = {}
        for k in sorted({len(a) for a in acronyms}):
            for i in range(len(words) - k + 1):
                firsts.setdefault((k, initials[i:i + k]), i)
        for acronym in acronyms:
            at = firsts.get((len(acronym), acronym))
            if at is not None:
                run = words[at:at + len(acronym)]
                phrase = re.compile(r"\W+".join(map(re.escape, run)))
                long2 = phrase.sub(acronym, long, count=1)
                return (long2, short) if long is before else (short, long2)
    return None


_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")
_LETTERS = re.compile(r"[A-Za-z]+")


def typo_fixed(before: str, after: str) -> Pair:
    detail = None
    b, a = before, after
    for s_name, s in (("before", b), ("after", a)):
        undoubled = _REPEAT.sub(r"\1", s)
        if undoubled != s:
            detail = f"repeated word removed: {_REPEAT.search(s).group(0)}"  # type: ignore[union-attr]
            b, a = (undoubled, a) if s_name == "before" else (b, undoubled)
    for x, y in _word_pairs(b, a):
        if is_typo_fix(x, y):
            b = re.sub(rf"\b{re.escape(x)}\b", y, b)
            detail = f"typo fixed: {x} → {y}"
    return b, a, detail


_REPEAT = re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE)
_PUNCT = re.compile(r"[^\w\s<>:.]|(?<!\d)[.:]|[.:](?!\d)")


def punctuation_only(before: str, after: str) -> Pair:
    def norm(s: str) -> str:
        s = re.sub(r"(?<=\w)['’](?=\w)", "", s)
        return " ".join(_PUNCT.sub(" ", s).split())

    changed = _first_char_change(before, after, None)
    return norm(before), norm(after), f"punctuation changed: {changed}" if changed else None


def compound_words(before: str, after: str) -> Pair:
    """Words written joined or apart ("data set"/"dataset"); all or nothing, since dropping
    every space would hide other differences."""
    b, a = before.replace(" ", ""), after.replace(" ", "")
    if b != a:
        return before, after, None
    return b, a, "words joined or split (compound)"


_ARTICLE = re.compile(r"\b(?:a|an|the)\b", re.IGNORECASE)


def article_only(before: str, after: str) -> Pair:
    b, a = _ARTICLE.sub(" ", before), _ARTICLE.sub(" ", after)
    b, a = " ".join(b.split()), " ".join(a.split())
    words_b, words_a = set(before.lower().split()), set(after.lower().split())
    gone = [w for w in _ARTICLE.findall(before.lower()) if w not in words_a]
    new = [w for w in _ARTICLE.findall(after.lower()) if w not in words_b]
    detail = ("article " + ("added: " + new[0] if new and not gone else
                            "removed: " + gone[0] if gone and not new else "changed"))
    return b, a, detail


def _word_pairs(before: str, after: str) -> list[tuple[str, str]]:
    """Words of ``before`` and ``after`` that the word-level alignment pairs up as replaced."""
    bw = re.findall(r"[^\W_]+(?:'[^\W_]+)?", before)
    aw = re.findall(r"[^\W_]+(?:'[^\W_]+)?", after)
    pairs: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in seqmatch.opcodes(bw, aw):
        if op == "replace":
            pairs.extend(zip(bw[i1:i2], aw[j1:j2], strict=False))
    return pairs


def _first_char_change(before: str, after: str, chars: set[str] | None) -> str | None:
    """A short description of the first changed punctuation, e.g. "“ → \"" or "',' added"."""
    if len(before) + len(after) > 2 * LONG:
        return None
    for op, i1, i2, j1, j2 in seqmatch.opcodes(before, after):
        old, new = before[i1:i2].strip(), after[j1:j2].strip()
        if op == "equal" or (chars is not None and not set(old + new) & chars):
            continue
        if chars is None and any(c.isalnum() for c in old + new):
            continue
        if old and new:
            return f"{old} → {new}"
        if old or new:
            return f"'{old or new}' {'removed' if old else 'added'}"
    return None


EDITORIAL_RULES: tuple[EditorialRule, ...] = (
    EditorialRule("whitespace-only", "only spacing differs", whitespace_only),
    EditorialRule("quote-dash-style", "straight/curly quotes, hyphen/en/em dashes, … vs ...",
                  quote_dash_style),
    EditorialRule("number-format", "the same number written another way (three/3, 1,000/1000,"
                  " 3 March 2026/2026-03-03, 40%/40 per cent)", number_format),
    EditorialRule("spelling-variant", "", abbreviation),
    EditorialRule("case-only", "only upper/lower case differs", case_only),
    EditorialRule("spelling-variant", "British/American spelling, contractions, compounds, "
                  "abbreviations (colour/color, isn't/is not, data set/dataset, machine "
                  "learning/ML)", spelling_variant),
    EditorialRule("typo-fixed", "a misspelt word corrected (recieved → received) or a "
                  "repeated word removed", typo_fixed),
    EditorialRule("punctuation-only", "only punctuation differs", punctuation_only),
    EditorialRule("spelling-variant", "", compound_words),
    EditorialRule("article-only", "only an article (a, an, the) is added, dropped or swapped",
                  article_only),
)
