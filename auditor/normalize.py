"""Character-level clean-up shared by every extractor.

Typesetting leaves characters that are not part of the words: ligatures (ﬁ), soft hyphens,
zero-width marks, pdfium's U+FFFE hyphenation marker, no-break spaces. They are removed or
expanded here so that two renderings of the same words give the same text.

Quotes and dashes are *kept*: a change from "straight" to “curly” quotes is a real (editorial)
change that the comparison reports and classifies; it is not extraction noise.
"""

from __future__ import annotations

import re
import unicodedata

# Ligatures and presentation forms that are typesetting, not spelling.
_LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
# Characters that carry no text: soft hyphen, zero-width space/joiners, word joiner, BOM,
# pdfium's U+FFFE (left where a hyphenated line end was joined) and U+FFFF.
_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff\ufffe\uffff"
# Spaces of every width become a plain space.
_SPACES = (
    "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u202f\u205f\u3000\t\x0b\x0c"
)

_TABLE = str.maketrans(
    {**_LIGATURES, **{c: None for c in _INVISIBLE}, **{c: " " for c in _SPACES}}
)
_TRANSLATED = re.compile("[" + re.escape("".join(_LIGATURES) + _INVISIBLE + _SPACES) + "]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_RUNS = re.compile(r"[ ]{2,}")


def clean_chars(text: str) -> str:
    """Expand ligatures, drop invisible characters and controls, unify spaces, put spacing
    accents back on their letters (NFC)."""
    if text.isascii() and text.isprintable():
        return text
    if not _TO_CLEAN.search(text) and unicodedata.is_normalized("NFC", text):
        return text  # the common case, in two scans: nothing to clean
    if _TRANSLATED.search(text):
        text = text.translate(_TABLE)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return attach_spacing_accents(_CONTROL.sub("", text))


def clean_inline(text: str) -> str:
    """Clean characters and collapse all whitespace (newlines included) to single spaces."""
    text = clean_chars(text).replace("\r", " ").replace("\n", " ")
    return (_RUNS.sub(" ", text) if "  " in text else text).strip()


# -- spacing accents -------------------------------------------------------------------------
# TeX builds accented letters from a spacing accent and a letter (often a dotless ı), and PDF
# text layers give them in that order: "na¨ıve". Put the accent back on its letter: "naïve".
_SPACING_ACCENTS = {
    "\u00a8": "\u0308",  # ¨ diaeresis
    "\u02c6": "\u0302",  # ˆ circumflex
    "\u02dc": "\u0303",  # ˜ tilde
    "\u02da": "\u030a",  # ˚ ring
    "\u02dd": "\u030b",  # ˝ double acute
    "\u00af": "\u0304",  # ¯ macron
    "\u02d8": "\u0306",  # ˘ breve
    "\u02c7": "\u030c",  # ˇ caron
    "\u00b8": "\u0327",  # ¸ cedilla
    "\u00b4": "\u0301",  # ´ acute (only before a vowel: "don´t" is an apostrophe)
}
_ANY_ACCENT = re.compile("[" + "".join(_SPACING_ACCENTS) + "]")
#: Every character clean_chars does more to than NFC: translated, control, spacing accent.
_TO_CLEAN = re.compile("[" + re.escape("".join(_LIGATURES) + _INVISIBLE + _SPACES)
                       + r"\x00-\x08\x0e-\x1f\x7f" + "".join(_SPACING_ACCENTS) + "]")
_ACCENTED = re.compile(
    "([\u00a8\u02c6\u02dc\u02da\u02dd\u00af\u02d8\u02c7\u00b8])([A-Za-zı])(?![\u0300-\u036f])"
    "|\u00b4([aeiouyAEIOUYı])(?![\u0300-\u036f])"
)


def _attach_accent(m: re.Match[str]) -> str:
    accent = m.group(1) or "\u00b4"
    letter = m.group(2) or m.group(3)
    if letter == "ı":
        letter = "i"
    return letter + _SPACING_ACCENTS[accent]


def attach_spacing_accents(text: str) -> str:
    """``na¨ıve`` → ``naïve``: a spacing accent before a letter goes onto that letter."""
    if not _ANY_ACCENT.search(text):  # a regex scan is several times faster than a set test
        return text
    return unicodedata.normalize("NFC", _ACCENTED.sub(_attach_accent, text))


# -- line-end hyphenation ------------------------------------------------------------------
#: Characters that end a line where a word may have been broken: the hyphen-minus (also what
#: pdfium's U+FFFE mark stands for), U+2010 (WeasyPrint's automatic hyphenation) and the
#: soft hyphen.
LINE_END_HYPHENS = "-\u2010\u00ad"
_LETTERS_END = re.compile(r"([^\W\d_]+)$")
_LETTERS_START = re.compile(r"[^\W\d_]+")
_TOKEN = re.compile(r"[^\W\d_]+(?:[-\u2010][^\W\d_]+)*")
#: Prefixes whose hyphen is part of the spelling ("self-driving", "well-known").
_KEEP_PREFIXES = frozenset({"self", "well", "ex", "all", "cross", "half", "quasi", "non"})


class Vocabulary:
    """The words of one document, to tell a broken word from a hyphenated compound.

    ``words`` holds the words seen whole (lower-case), ``compounds`` the hyphenated ones seen
    inside a line ("self-driving"). ``minus_breaks_words`` says whether the typesetter
    hyphenates words with the hyphen-minus (TeX does; a browser that does not hyphenate, or
    one that uses U+2010, leaves a hyphen-minus at a line end only where the text has one).
    """

    def __init__(self) -> None:
        self.words: set[str] = set()
        self.compounds: set[str] = set()
        self.minus_breaks_words = True

    def learn_breaks(self, breaks: list[tuple[str, str, str]]) -> None:
        """Decide :attr:`minus_breaks_words` from the document's line-end breaks
        ``(left, hyphen, right)``: yes when some hyphen-minus breaks split a word into two
        fragments that are no words of their own ("evalu-ation"), and no U+2010 breaks
        show that another character does that job."""
        if any(h == "\u2010" for _, h, _ in breaks):
            self.minus_breaks_words = False
            return
        minus = [(a.lower(), b.lower()) for a, h, b in breaks if h == "-"]
        fragments = sum(1 for a, b in minus if a not in self.words and b not in self.words
                        and a + b not in self.compounds)
        self.minus_breaks_words = fragments >= max(1, 0.2 * len(minus))

    def add(self, text: str) -> None:
        """Learn the words of a stretch of text that holds no broken word (pass a whole
        document's text at once: one pass is much faster than many small ones)."""
        tokens = _word_set(text.lower().replace("\u2010", "-"))
        compounds = {t for t in tokens if "-" in t}
        self.compounds |= compounds
        self.words |= tokens - compounds
        for token in compounds:
            self.words.update(token.split("-"))


def _word_set(text: str) -> set[str]:
    """The distinct :data:`_TOKEN` s of ``text``. Tokens never hold white space, so each
    distinct white-space-separated chunk is looked at once; a chunk that is a word between
    punctuation marks is its own token, the others go through the regular expression
    (a third faster than one ``findall`` over a whole document)."""
    tokens: set[str] = set()
    for chunk in set(text.split()):
        word = chunk.strip(_PUNCTUATION)
        if word.isalpha():
            tokens.add(word)
        else:
            tokens.update(_TOKEN.findall(chunk))
    return tokens


#: Marks around words, none of them part of a :data:`_TOKEN`.
_PUNCTUATION = ".,;:!?()[]\"'“”‘’"


def join_hyphenated(left: str, right: str, vocabulary: Vocabulary) -> str:
    """Join a line ending in a hyphen with the next line: drop the hyphen when the halves
    make one word, keep it when they make a compound.

    In order: a soft hyphen always goes; the document's own spelling decides first (the
    joined word seen elsewhere → join, "Git‐Hub" → "GitHub"; the hyphenated form seen
    elsewhere → keep); a capital, digit or symbol after the break keeps it ("Anglo-Saxon",
    "COVID-19"); U+2010, which typesetters use for automatic hyphenation, goes; a
    hyphen-minus stays when the typesetter does not break words with it (see
    :meth:`Vocabulary.learn_breaks`), after a known prefix ("self-") or between two words
    the document uses on their own ("long-term"), and goes between fragments
    ("evalu-ation").
    """
    hyphen, stem = left[-1], left[:-1]
    if hyphen == "\u00ad":
        return stem + right
    tail = _LETTERS_END.search(stem, max(0, len(stem) - 80))  # only the last word matters
    head = _LETTERS_START.match(right)
    if tail is None or head is None:
        return left + right
    a, b = tail.group(1).lower(), head.group().lower()
    if a + b in vocabulary.words:
        return stem + right
    if f"{a}-{b}" in vocabulary.compounds or not head.group()[0].islower():
        return left + right
    if hyphen == "\u2010":
        return stem + right
    if not vocabulary.minus_breaks_words:
        return left + right
    words = vocabulary.words
    if a in _KEEP_PREFIXES or (len(a) > 2 and len(b) > 2 and a in words and b in words):
        return left + right
    return stem + right


#: Line-end characters after which a typesetter breaks without a space: a closed en or em
#: dash ("2018–\n23", "values—\nthat") and a slash ("https://\nwww", "and/\nor").
_CLOSED_BREAKS = "–—/"


def join_lines(left: str, right: str, vocabulary: Vocabulary) -> str:
    """Join two consecutive lines of one paragraph: resolve a line-end hyphen, close up
    after an attached dash or slash, else put one space between them."""
    if len(left) > 1 and left[-2].isalpha() and left[-1] in LINE_END_HYPHENS:
        return join_hyphenated(left, right, vocabulary)
    if len(left) > 1 and left[-1] in _CLOSED_BREAKS and not left[-2].isspace():
        return left + right
    return f"{left} {right}"
