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
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_RUNS = re.compile(r"[ ]{2,}")


def clean_chars(text: str) -> str:
    """Expand ligatures, drop invisible characters and controls, unify spaces (NFC)."""
    text = unicodedata.normalize("NFC", text.translate(_TABLE))
    return _CONTROL.sub("", text)


def clean_inline(text: str) -> str:
    """Clean characters and collapse all whitespace (newlines included) to single spaces."""
    text = clean_chars(text).replace("\r", " ").replace("\n", " ")
    return _RUNS.sub(" ", text).strip()
