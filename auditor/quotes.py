"""Quotes of the draft: normalised words, sealed (keyed, salted) digests and fuzzy finding.

A reviewer's request quotes the draft ("remove 'the incident report IR-2291'"). For a
redaction, writing that quote into the ledger would leak exactly what was withheld, so by
default the ledger keeps only a *sealed* quote::

    digest = HMAC-SHA256(key, salt || 0x00 || normalised words)

``key`` is the review's secret (``<ledger>.key``, created by ``review init``, never written to
the ledger); ``salt`` differs per request, so two equal quotes do not look equal. A plain
salted hash would not be enough: "IR-" plus four digits is ten thousand guesses. With the key,
auditor can still find the quote in a document (every window of the same number of words is
sealed and compared), which is how ``reconcile`` links requests and ``scan`` finds leaks.

Words are NFKC-normalised, case-folded runs of letters and digits, so quotes match across
re-typesetting, curly quotes, dashes and line breaks.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import unicodedata
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from auditor.errors import LedgerError

_WORD = re.compile(r"\w+")
#: Share of a quote's words that must be found, in order, for a fuzzy match.
MIN_FUZZY = 0.8
KEY_ENV = "AUDITOR_REVIEW_KEY"


def word_spans(text: str) -> list[tuple[str, int, int]]:
    """The normalised words of ``text`` with their character spans in ``text``."""
    out = []
    for m in _WORD.finditer(text):
        word = unicodedata.normalize("NFKC", m.group()).casefold()
        out.append((word, m.start(), m.end()))
    return out


def words(text: str) -> list[str]:
    """The normalised words of ``text``."""
    return [w for w, _, _ in word_spans(text)]


# -- the review key ------------------------------------------------------------------------

def key_path(ledger_path: Path) -> Path:
    return ledger_path.with_name(ledger_path.name + ".key")


def create_key(path: Path) -> bytes:
    """Create the review's secret key (readable by the owner only), or reuse an existing one.

    With ``AUDITOR_REVIEW_KEY`` set, that key is used and no file is written.
    """
    if path.exists() or os.environ.get(KEY_ENV) is not None:
        return load_key(path)
    key = secrets.token_bytes(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, key.hex().encode() + b"\n")
        os.fsync(fd)
    finally:
        os.close(fd)
    return key


def load_key(path: Path) -> bytes:
    """The review key from ``AUDITOR_REVIEW_KEY`` (hex) or the key file next to the ledger."""
    raw = os.environ.get(KEY_ENV)
    source = KEY_ENV
    if raw is None:
        source = str(path)
        try:
            raw = path.read_text(encoding="ascii")
        except FileNotFoundError:
            raise LedgerError(f"{path}: the review key is missing", "sealed quotes need the key "
                              f"created by 'auditor review init' (or set {KEY_ENV})") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise LedgerError(f"{path}: cannot read the review key ({exc})",
                              "restore the key file") from None
    try:
        key = bytes.fromhex(raw.strip())
    except ValueError:
        key = b""
    if len(key) != 32:
        raise LedgerError(f"{source}: the review key must be 64 hex digits",
                          "restore the key file created by 'auditor review init'")
    return key


def key_id(key: bytes) -> str:
    """A public fingerprint of the key, recorded at init to catch the wrong key file."""
    return hashlib.sha256(b"auditor review key\x00" + key).hexdigest()[:16]


# -- sealing and finding ---------------------------------------------------------------------

def _digest(key: bytes, salt: bytes, tokens: list[str]) -> str:
    return hmac.new(key, salt + b"\x00" + " ".join(tokens).encode("utf-8"),
                    hashlib.sha256).hexdigest()


def salt_for(key: bytes, name: str) -> bytes:
    """The salt of the quote of request ``name``: distinct per request, reproducible with the
    key (so the same review replayed with the same key gives the same ledger)."""
    return hmac.new(key, b"auditor quote salt\x00" + name.encode("utf-8"),
                    hashlib.sha256).digest()[:16]


def seal(text: str, key: bytes, salt: bytes | None = None) -> dict[str, Any]:
    """The sealed form of a quote, as stored in the ledger: digest, salt, the number of
    normalised words it was sealed over (``tokens``, for matching) and of words as written
    (``words``, for people: "RT-17" is one word but two tokens)."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    tokens = words(text)
    return {"kept": False, "digest": _digest(key, salt, tokens), "salt": salt.hex(),
            "tokens": len(tokens), "words": len(text.split())}


def keep(text: str) -> dict[str, Any]:
    """A quote kept verbatim (the author chose to), with its word count."""
    return {"kept": True, "text": text, "words": len(text.split())}


def find_sealed(tokens: list[str], quote: dict[str, Any], key: bytes) -> list[tuple[int, int]]:
    """Every window of ``tokens`` whose sealed digest equals the quote's: ``(start, end)``."""
    n = int(quote["tokens"])
    salt = bytes.fromhex(quote["salt"])
    target = quote["digest"]
    return [(i, i + n) for i in range(len(tokens) - n + 1)
            if hmac.compare_digest(_digest(key, salt, tokens[i:i + n]), target)]


def find_fuzzy(quote: list[str], tokens: list[str]) -> tuple[int, int, float] | None:
    """Where ``quote`` best appears in ``tokens``: ``(start, end, share of the quote found)``.

    An exact occurrence wins. Otherwise only windows a little longer than the quote that hold
    enough of its words are examined (a linear pre-filter, so a long document stays cheap);
    in each, difflib matches words in order, and the best must cover at least
    :data:`MIN_FUZZY` of the quote. None when the quote is not there.
    """
    n = len(quote)
    if not n or not tokens:
        return None
    for i in range(len(tokens) - n + 1):
        if tokens[i:i + n] == quote:
            return i, i + n, 1.0
    best: tuple[int, int, float] | None = None
    for start in _candidate_windows(quote, tokens):
        window = tokens[start:start + n + _slack(n)]
        blocks = [b for b in SequenceMatcher(None, quote, window, autojunk=False)
                  .get_matching_blocks() if b.size]
        share = sum(b.size for b in blocks) / n
        if blocks and share >= MIN_FUZZY and (best is None or share > best[2]):
            best = start + blocks[0].b, start + blocks[-1].b + blocks[-1].size, share
    return best


def _slack(n: int) -> int:
    return max(2, n // 4)


def _candidate_windows(quote: list[str], tokens: list[str], limit: int = 2000) -> list[int]:
    """Window starts whose words include enough of the quote's (at most ``limit``)."""
    wanted = set(quote)
    width = len(quote) + _slack(len(quote))
    need = MIN_FUZZY * len(quote)
    count = sum(1 for t in tokens[:width] if t in wanted)
    starts = []
    for i in range(max(1, len(tokens) - width + 1)):
        if i:
            count += (tokens[i + width - 1] in wanted) - (tokens[i - 1] in wanted)
        if count >= need:
            starts.append(i)
            if len(starts) >= limit:
                break
    return starts


def locate(quote: dict[str, Any], tokens: list[str],
           key: bytes | None) -> list[tuple[int, int]]:
    """Where a stored quote (kept or sealed) appears in ``tokens``."""
    if quote.get("kept"):
        hit = find_fuzzy(words(quote["text"]), tokens)
        return [hit[:2]] if hit else []
    return find_sealed(tokens, quote, key) if key is not None else []
