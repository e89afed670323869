"""Redaction markers: the visible traces of withheld text.

Recognised by default:

* ``[REDACTED]``, ``[redacted]``, ``<redacted>``, ``(Redacted)`` and bracketed phrases that
  start with a withholding word: ``[removed at the request of Lumen Labs]``, ``[name withheld]``,
  ``[text omitted]``, ``[confidential]``;
* elisions in brackets: ``[…]``, ``[...]``, ``[. . .]``;
* runs of block characters (``█``, ``■``, ``▇`` and the other full or shaded blocks);
* runs of three or more capital ``X`` (``XXXX``) or four or more ``x``.

Users add their own (literal strings, or regular expressions prefixed with ``re:``) in the
configuration (``classify.redaction_markers``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

_WITHHOLDING = r"(?:redacted|removed|withheld|omitted|deleted|expunged|confidential|suppressed)"
_WHAT = (r"(?:(?:text|name|names|section|details|content|material|passage|information|figure|"
         r"number|sentence|paragraph|sentences|paragraphs|quote|data)\s+)?")
DEFAULT_PATTERNS: tuple[str, ...] = (
    rf"[\[<{{]\s*{_WHAT}{_WITHHOLDING}\b[^\]>}}\n]{{0,100}}[\]>}}]",
    # in parentheses only the bare phrase: "(redacted)", "(removed at the request of X)"
    rf"\(\s*{_WHAT}{_WITHHOLDING}(?:\s+(?:at the request of|by|for|under|per)\b[^)\n]{{0,80}})?"
    r"\s*\)",
    r"\[\s*(?:…|\.\s?\.\s?\.)\s*\]",
    r"[█■▇▆▉▊▋▌▍▎▏▓▒▀▄▐▬]+(?:\s*[█■▇▆▉▊▋▌▍▎▏▓▒▀▄▐▬]+)*",
    r"(?-i:(?<![\w-])(?:X{3,}|x{4,})(?![\w-]))",
)


class Markers:
    """A compiled set of redaction-marker patterns."""

    def __init__(self, extra: Sequence[str] = ()) -> None:
        parts = [f"(?:{p})" for p in DEFAULT_PATTERNS]
        parts += [f"(?:{marker_pattern(m)})" for m in extra]
        self._re = re.compile("|".join(parts), re.IGNORECASE)

    def find(self, text: str) -> list[str]:
        """The markers in ``text``, in reading order."""
        return [m.group(0) for m in self._re.finditer(text)]

    def strip(self, text: str) -> str:
        """``text`` with every marker removed."""
        return self._re.sub(" ", text)


def marker_pattern(marker: str) -> str:
    """The regular expression for a configured marker: ``re:…`` is a regex, else a literal."""
    if marker.startswith("re:"):
        return marker[3:]
    return re.escape(marker)


@lru_cache(maxsize=16)
def markers_for(extra: tuple[str, ...] = ()) -> Markers:
    """A cached :class:`Markers` for a configuration's extra markers."""
    return Markers(extra)
