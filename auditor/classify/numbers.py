"""Numbers understood as numbers: "three of four" and "3 of 4" say the same thing.

:func:`find_quantities` reads every quantity in a piece of text — dates, money, percentages,
version numbers, plain numbers written in digits or words, ordinals — and gives each a
comparable ``key``. Two texts state the same quantities when their keys agree as multisets,
whatever the spelling ("3 March 2026" = "2026-03-03", "$2 million" = "$2,000,000",
"40 per cent" = "40%", "third" = "3rd" = "3").

The patterns are tried most specific first (dates, money, percentages, versions), and the
text they consume is masked so that "3 March 2026" is one date, not a date and two numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        ["january jan", "february feb", "march mar", "april apr", "may", "june jun",
         "july jul", "august aug", "september sep sept", "october oct", "november nov",
         "december dec"]
    )
    for m in names.split()
}
_UNITS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen".split()
    )
}
_TENS = {w: 10 * (i + 2) for i, w in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split())}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "trillion": 1_000_000_000_000}
_ORDINALS = {
    w: i + 1
    for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
        "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth "
        "twentieth".split()
    )
}
_OTHER_WORDS: dict[str, Decimal] = {"dozen": Decimal(12), "half": Decimal("0.5")}
_SHORT_SCALES = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000,
                 "b": 1_000_000_000, "tn": 1_000_000_000_000}
_CURRENCY_SYMBOLS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
_CURRENCY_WORDS = {"usd": "USD", "dollar": "USD", "dollars": "USD", "eur": "EUR",
                   "euro": "EUR", "euros": "EUR", "gbp": "GBP", "pound": "GBP",
                   "pounds": "GBP", "jpy": "JPY", "yen": "JPY", "chf": "CHF"}

# Month names must be capitalised: "3 may be" is not a date.
_MONTH_NAMES = sorted((m.capitalize() for m in _MONTHS), key=len, reverse=True)
_MONTH_RE = r"(?:" + "|".join(_MONTH_NAMES) + r")\.?"
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_UNIT_OR_TEN = "|".join(sorted([*_UNITS, *_TENS], key=len, reverse=True))
_SCALE_NAMES = "|".join(_SCALES)
# "twenty-three", "one hundred and five", "two million three hundred thousand"
_NUM_WORD = rf"(?:{_UNIT_OR_TEN})(?:[\s-]+(?:{_UNIT_OR_TEN}))?"
_WORD_NUM = rf"{_NUM_WORD}(?:\s+(?:{_SCALE_NAMES})(?:(?:\s+and)?[\s-]+{_NUM_WORD})?)*"
_SCALE_WORD = r"(?:\s+(?:hundred|thousand|million|billion|trillion))"
_MONEY_SCALE = r"(?:\s?(k|m|mn|bn|b|tn)\b|\s+(hundred|thousand|million|billion|trillion)\b)?"
_AMOUNT = rf"(?:{_NUM}|{_WORD_NUM})"
_ORD_SUFFIX = r"(?:st|nd|rd|th)"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(p, 0 if kind.startswith("date") else re.IGNORECASE))
    for kind, p in [
        ("date-iso", r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"),
        ("date-dmy", rf"\b(\d{{1,2}}){_ORD_SUFFIX}?\s+(?:of\s+)?({_MONTH_RE}),?\s+(\d{{4}})\b"),
        ("date-mdy", rf"\b({_MONTH_RE})\s+(\d{{1,2}}){_ORD_SUFFIX}?,?\s+(\d{{4}})\b"),
        ("date-slash", r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b"),
        ("date-my", rf"\b({_MONTH_RE}),?\s+(\d{{4}})\b"),
        ("date-ym", r"\b(\d{4})-(0[1-9]|1[0-2])\b(?!-)"),
        ("date-dm", rf"\b(\d{{1,2}}){_ORD_SUFFIX}?\s+(?:of\s+)?({_MONTH_RE})(?![\w-])"),
        ("date-md", rf"\b({_MONTH_RE})\s+(\d{{1,2}}){_ORD_SUFFIX}?\b(?![,.]?\d)"),
        ("date-month", rf"\b({_MONTH_RE})(?![\w])"),
        ("money-sym", rf"(US\$|[$€£¥])\s?({_NUM}){_MONEY_SCALE}"),
        ("money-code", rf"\b(USD|EUR|GBP|JPY|CHF)\s?({_NUM}){_MONEY_SCALE}"),
        ("money-word", rf"\b({_AMOUNT})({_SCALE_WORD})?\s+(US\s+)?(dollars?|euros?|pounds?|"
                       r"yen|USD|EUR|GBP|CHF)\b"),
        ("percent", rf"\b({_AMOUNT})\s?(%|per\s?cent\b|percent\b|percentage points?\b|pp\b)"),
        ("version", r"\b(?:v|version\s+|release\s+)(\d+(?:\.\d+)*)\b"
                    r"|\b(\d+\.\d+\.\d+(?:\.\d+)*)\b"),
        ("ordinal-digit", rf"\b(\d+){_ORD_SUFFIX}\b"),
        ("number-k", r"(?<![\w.,])(\d+(?:\.\d+)?)(k|bn)\b"),
        ("number", rf"(?<![\w.,])(?<![A-Za-z]-)({_NUM})({_SCALE_WORD})?(?![\w])"),
        ("number-word", rf"\b({_WORD_NUM})\b"),
        ("ordinal-word", r"\b(" + "|".join(_ORDINALS) + r")\b"),
        ("other-word", r"\b(a\s+dozen|dozen|half)\b"),
    ]
)


@dataclass(frozen=True)
class Quantity:
    """A quantity found in text: its ``kind`` (number, percent, money, date, version),
    a comparable ``key``, and the ``text`` it was written as."""

    kind: str
    key: str
    text: str
    start: int
    end: int


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in ``text``, in reading order."""
    return list(_quantities(text))


@lru_cache(maxsize=1024)
def _quantities(text: str) -> tuple[Quantity, ...]:
    """:func:`find_quantities`, remembered: the rules read the same contexts several times
    (a 350-page compare asked 236 times about 63 texts; 21 patterns each time)."""
    found: list[Quantity] = []
    taken = [False] * len(text)
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(taken[m.start():m.end()]):
                continue
            q = _to_quantity(kind, m)
            if q is None:
                continue
            found.append(q)
            taken[m.start():m.end()] = [True] * (m.end() - m.start())
    return tuple(sorted(found, key=lambda q: q.start))


_OUT_OF = re.compile(r"(>\s+)out\s+(of)\b", re.IGNORECASE)


def canonical_numbers(text: str) -> str:
    """``text`` with every quantity replaced by its key in angle brackets (for comparing
    two spellings of the same numbers); "2 out of 12" reads as "2 of 12"."""
    out: list[str] = []
    pos = 0
    for q in find_quantities(text):
        out.append(text[pos:q.start])
        out.append(f"<{q.key}>")
        pos = q.end
    out.append(text[pos:])
    return _OUT_OF.sub(r"\1\2", "".join(out))


def mask_quantities(text: str) -> str:
    """``text`` with every quantity blanked out ("USD 180,000" is not a name)."""
    out = list(text)
    for q in find_quantities(text):
        out[q.start:q.end] = " " * (q.end - q.start)
    return "".join(out)


def _to_quantity(kind: str, m: re.Match[str]) -> Quantity | None:
    key = _key(kind, m)
    if key is None:
        return None
    family = kind.split("-")[0]
    family = "number" if family == "ordinal" or family == "other" else family
    return Quantity(family, key, m.group(0), m.start(), m.end())


def _key(kind: str, m: re.Match[str]) -> str | None:
    g = m.groups()
    if kind.startswith("date"):
        return _date_key(kind, g)
    if kind.startswith("money"):
        return _money_key(kind, g)
    if kind == "percent":
        value = _amount(g[0])
        return None if value is None else f"percent:{_fmt(value)}"
    if kind == "version":
        parts = [int(p) for p in (g[0] or g[1]).split(".")]
        while len(parts) > 1 and parts[-1] == 0:
            parts.pop()
        return "version:" + ".".join(map(str, parts))
    if kind == "number-k":
        return f"number:{_fmt(Decimal(g[0]) * _SHORT_SCALES[g[1].lower()])}"
    if kind == "ordinal-digit":
        return f"number:{int(g[0])}"
    if kind == "ordinal-word":
        return f"number:{_ORDINALS[g[0].lower()]}"
    if kind == "other-word":
        word = g[0].lower().split()[-1]
        return f"number:{_fmt(_OTHER_WORDS[word])}"
    value = _amount(g[0])
    if value is None:
        return None
    if len(g) > 1 and g[1]:
        value *= _SCALES[g[1].strip().lower()]
    return f"number:{_fmt(value)}"


def _date_key(kind: str, g: tuple[str | None, ...]) -> str | None:
    s = [x or "" for x in g]
    if kind == "date-iso":
        return _ymd(s[0], s[1], s[2])
    if kind == "date-dmy":
        return _ymd(s[2], _month(s[1]), s[0])
    if kind == "date-mdy":
        return _ymd(s[2], _month(s[0]), s[1])
    if kind == "date-month":
        return f"date:????-{int(_month(s[0])):02d}"
    if kind == "date-slash":
        # 03/04/2026 reads as 3 April or March 4: keep both readings; they compare equal to
        # either spelling elsewhere (see :func:`same_dates`).
        first, second = _ymd(s[2], s[1], s[0]), _ymd(s[2], s[0], s[1])
        options = sorted({k for k in (first, second) if k})
        return "|".join(options) if options else None
    if kind == "date-my":
        return _ymd(s[1], _month(s[0]), None)
    if kind == "date-ym":
        return _ymd(s[0], s[1], None)
    if kind == "date-dm":
        return _ymd(None, _month(s[1]), s[0])
    return _ymd(None, _month(s[0]), s[1])


def _month(name: str) -> str:
    return str(_MONTHS[name.lower().rstrip(".")])


def _ymd(year: str | None, month: str, day: str | None) -> str | None:
    mo = int(month)
    d = int(day) if day else None
    if not 1 <= mo <= 12 or (d is not None and not 1 <= d <= 31):
        return None
    parts = [year or "????", f"{mo:02d}"] + ([f"{d:02d}"] if d is not None else [])
    return "date:" + "-".join(parts)


def _money_key(kind: str, g: tuple[str | None, ...]) -> str | None:
    if kind == "money-word":
        amount, scale, currency = g[0], g[1], _CURRENCY_WORDS.get((g[3] or "").lower(), "")
    else:
        symbol = g[0] or ""
        currency = _CURRENCY_SYMBOLS.get(symbol, symbol.upper())
        amount, scale = g[1], g[2] or g[3]
    value = _amount(amount or "")
    if value is None:
        return None
    if scale:
        s = scale.strip().lower()
        value *= _SCALES.get(s) or _SHORT_SCALES[s]
    return f"money:{currency}:{_fmt(value)}"


def _amount(text: str) -> Decimal | None:
    text = text.strip()
    if text[:1].isdigit():
        try:
            return Decimal(text.replace(",", ""))
        except InvalidOperation:
            return None
    return _words_to_number(text)


def _words_to_number(text: str) -> Decimal | None:
    """"twenty-three" → 23, "one hundred and five" → 105, "two million" → 2000000."""
    total = current = 0
    seen = False
    for word in re.split(r"[\s-]+", text.lower()):
        if word in ("and", "a", ""):
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in _SCALES:
            total += max(current, 1) * _SCALES[word]
            current = 0
        else:
            return None
        seen = True
    return Decimal(total + current) if seen else None


def _fmt(value: Decimal) -> str:
    """A canonical string for a number: no exponent, no trailing zeros."""
    normal = value.normalize()
    text = f"{normal:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def quantity_difference(before: str, after: str) -> tuple[list[Quantity], list[Quantity]]:
    """The quantities of ``before`` missing from ``after`` and those new in ``after``.

    Equal keys cancel first; then a date that can denote the same day as one on the other
    side (an ambiguous "03/04/2026", a date written without its year) cancels it.
    """
    removed = find_quantities(before)
    added = find_quantities(after)
    for strict in (True, False):
        for q in list(removed):
            match = next((a for a in added if _keys_match(q.key, a.key, strict)), None)
            if match is not None:
                removed.remove(q)
                added.remove(match)
    return removed, added


def _keys_match(a: str, b: str, strict: bool) -> bool:
    if a == b:
        return True
    if strict or not (a.startswith("date:") and b.startswith("date:")):
        return False
    return any(_same_day(x, y) for x in a.split("|") for y in b.split("|"))


def _same_day(a: str, b: str) -> bool:
    pa, pb = a[5:].split("-"), b[5:].split("-")
    if len(pa) != len(pb):
        return False
    return all(x == y or "????" in (x, y) for x, y in zip(pa, pb, strict=True))
