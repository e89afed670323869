"""The hash chain of a review ledger: canonical entries and the check that finds the first break.

A ledger is JSON Lines; line *n* holds entry ``seq`` *n*::

    {"data":{…},"hash":"<sha256>","prev":"<hash of seq n-1>","seq":n,"ts":"…","type":"…"}

``hash`` is the SHA-256 of the canonical JSON of the other five fields; ``prev`` of seq 1 is
64 zeros. Canonical JSON is sorted keys, no spaces, UTF-8, no floats — so the bytes of a line
are a pure function of its content and any edit shows, even one that keeps the JSON valid.

This module is pure (bytes in, findings out); :mod:`auditor.ledger` does the file work.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64
FIELDS = ("data", "hash", "prev", "seq", "ts", "type")


def canonical(obj: Any) -> bytes:
    """The canonical JSON bytes of ``obj``: sorted keys, no spaces, UTF-8, no floats or NaN."""
    _refuse_floats(obj)
    text = json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)
    return text.encode("utf-8")


def _refuse_floats(obj: Any) -> None:
    # Floats have more than one JSON spelling (1.0, 1e0), which would make hashes fragile.
    if isinstance(obj, float):
        raise TypeError("ledger data may not hold floats; store integers or strings")
    if isinstance(obj, dict):
        for value in obj.values():
            _refuse_floats(value)
    elif isinstance(obj, (list, tuple)):
        for value in obj:
            _refuse_floats(value)


def entry_hash(seq: int, ts: str, type_: str, data: dict[str, Any], prev: str) -> str:
    """SHA-256 (hex) of the canonical JSON of an entry without its ``hash`` field."""
    body = {"data": data, "prev": prev, "seq": seq, "ts": ts, "type": type_}
    return hashlib.sha256(canonical(body)).hexdigest()


@dataclass(frozen=True)
class Entry:
    """One ledger entry. ``data`` is the payload of ``type``; ``prev`` chains it to seq - 1."""

    seq: int
    ts: str
    type: str
    data: dict[str, Any]
    prev: str
    hash: str

    @classmethod
    def make(cls, seq: int, ts: str, type_: str, data: dict[str, Any], prev: str) -> Entry:
        """A new entry with its hash computed."""
        return cls(seq, ts, type_, data, prev, entry_hash(seq, ts, type_, data, prev))

    def to_dict(self) -> dict[str, Any]:
        return {"data": self.data, "hash": self.hash, "prev": self.prev, "seq": self.seq,
                "ts": self.ts, "type": self.type}

    def line(self) -> bytes:
        """The entry as it is stored: canonical JSON and a line feed."""
        return canonical(self.to_dict()) + b"\n"


@dataclass(frozen=True)
class Problem:
    """The first break found in a ledger. ``seq`` is the first entry that cannot be trusted."""

    seq: int | None
    message: str
    hint: str
    #: malformed | missing | edited | relinked | torn | head | head-behind | head-bad | anchor
    kind: str

    def to_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "kind": self.kind, "message": self.message, "hint": self.hint}


RESTORE = "restore the ledger from a copy you trust (e.g. git); auditor never repairs a ledger"


@dataclass(frozen=True)
class Scan:
    """What reading the bytes of a ledger found: the good entries up to the first problem."""

    entries: tuple[Entry, ...]
    problem: Problem | None
    torn: bytes = b""  # an incomplete last line (a write that never finished)


def scan(raw: bytes) -> Scan:
    """Check every line of a ledger in order and stop at the first break."""
    *lines, tail = raw.split(b"\n")
    entries: list[Entry] = []
    for number, line in enumerate(lines, start=1):
        entry, problem = _check_line(line, number, entries[-1] if entries else None)
        if problem is not None:
            return Scan(tuple(entries), problem)
        assert entry is not None
        entries.append(entry)
    if tail:
        seq = len(entries) + 1
        return Scan(tuple(entries), Problem(
            seq, f"seq {seq}: the last line is incomplete ({len(tail)} bytes without a line "
            "end): a write was interrupted before it finished",
            "run 'auditor review verify --drop-unfinished' to move the unfinished write aside "
            "into <ledger>.torn (no command reported it as written)", "torn"), tail)
    return Scan(tuple(entries), None)


def _check_line(line: bytes, seq: int, before: Entry | None) -> tuple[Entry | None, Problem | None]:
    obj, problem = _parse(line, seq)
    if problem is not None:
        return None, problem
    assert obj is not None
    if obj["seq"] != seq:
        return None, _misplaced(seq, obj["seq"])
    entry = Entry(obj["seq"], obj["ts"], obj["type"], obj["data"], obj["prev"], obj["hash"])
    if entry_hash(seq, entry.ts, entry.type, entry.data, entry.prev) != entry.hash:
        return None, Problem(seq, f"seq {seq}: its hash does not match its content (the entry "
                             "was edited after it was written)", RESTORE, "edited")
    if entry.line() != line + b"\n":
        return None, Problem(seq, f"seq {seq}: the line is not in canonical form (it was "
                             "re-formatted or edited by hand)", RESTORE, "edited")
    expected_prev = before.hash if before else GENESIS
    if entry.prev != expected_prev:
        return None, _relinked(seq, entry.prev, before)
    return entry, None


def _parse(line: bytes, seq: int) -> tuple[dict[str, Any] | None, Problem | None]:
    def bad(why: str) -> tuple[None, Problem]:
        return None, Problem(seq, f"seq {seq} (line {seq}): {why}", RESTORE, "malformed")

    if not line.strip():
        return bad("the line is blank")
    try:
        obj = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError:
        return bad("the line is not UTF-8")
    except json.JSONDecodeError as exc:
        return bad(f"the line is not valid JSON ({exc.msg} at column {exc.colno})")
    if not isinstance(obj, dict) or sorted(obj) != list(FIELDS):
        return bad(f"an entry must have exactly the fields {', '.join(FIELDS)}")
    types = {"seq": int, "ts": str, "type": str, "data": dict, "prev": str, "hash": str}
    for name, kind in types.items():
        if not isinstance(obj[name], kind) or isinstance(obj[name], bool):
            return bad(f"field '{name}' must be {kind.__name__}")
    return obj, None


def _misplaced(expected: int, found: int) -> Problem:
    if found > expected:
        why = (f"seq {expected} is missing: line {expected} holds seq {found} (entries were "
               "deleted or reordered)")
    else:
        why = (f"seq {expected}: line {expected} holds seq {found} again (entries were "
               "duplicated or reordered)")
    return Problem(expected, why, RESTORE, "missing")


def _relinked(seq: int, prev: str, before: Entry | None) -> Problem:
    if before is None:
        return Problem(seq, f"seq {seq}: the first entry must have prev {GENESIS[:8]}… (it was "
                       "written for another ledger)", RESTORE, "relinked")
    # seq - 1 hashes correctly on its own, but seq recorded a different hash for it: seq - 1
    # was rewritten (hash recomputed) after seq was appended.
    return Problem(before.seq, f"seq {before.seq} was rewritten after seq {seq} was appended: "
                   f"seq {seq} records its hash as {prev[:12]}…, it now hashes to "
                   f"{before.hash[:12]}…", RESTORE, "relinked")
