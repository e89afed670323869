"""The review ledger: one append-only, hash-chained JSON Lines file per review.

Writes are ``O_APPEND`` + an exclusive ``flock`` + one ``write`` + ``fsync``, not
temp-file + rename. Rename would rewrite the whole file on every append and still needs a
lock so two writers do not both start from the same old copy; with the lock, an append is
read tail → check the chain → write the new lines at the end → fsync, and the file is never
replaced (so the lock, held on the file itself, always guards the same inode).

A crash can leave two recognisable states, both reported with the way out, never fixed
behind the user's back:

* an incomplete last line (the write was cut) → ``verify --drop-unfinished`` moves the
  unfinished write aside;
* complete entries that the head file does not cover yet (killed between the two fsyncs, or
  a batch cut at a line end) → ``verify --reseal`` keeps them, ``--drop-unfinished`` sets
  them aside.

The head file (``<ledger>.head``: the seq and hash of the last entry, replaced atomically after
each append) lets ``verify`` notice entries cut from the end or appended by hand, which the
chain alone cannot show. Anyone who can write both files can still rewrite history; the
defence against that is an anchor kept elsewhere — the head hash printed in the published
footnote, or git — checked with ``verify --anchor SEQ:HASH``.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from auditor.errors import InputError, LedgerError, OutputError, UsageError
from auditor.ledger_chain import RESTORE, Entry, Problem, Scan, canonical, scan

try:
    import fcntl
except ImportError:  # Windows: no POSIX file locks, so no safe concurrent appends
    fcntl = None  # type: ignore[assignment]

__all__ = ["Entry", "Ledger", "Problem", "VerifyReport", "canonical"]

Clock = Callable[[], datetime]
Builder = Callable[[Sequence[Entry]], Sequence[tuple[str, dict[str, Any]]]]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class VerifyReport:
    """The outcome of :meth:`Ledger.verify`: ``problem`` is None when the ledger is intact."""

    path: str
    entries: int
    head_seq: int
    head_hash: str | None
    problem: Problem | None
    warnings: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.problem is None

    def to_dict(self) -> dict[str, Any]:
        return {"schema": "auditor.verify/1", "ledger": self.path, "ok": self.ok,
                "entries": self.entries,
                "head": {"seq": self.head_seq, "hash": self.head_hash},
                "problem": self.problem.to_dict() if self.problem else None,
                "warnings": list(self.warnings)}


class Ledger:
    """An append-only review ledger at ``path`` (see the module docstring for the guarantees)."""

    def __init__(self, path: str | os.PathLike[str], clock: Clock = utc_now) -> None:
        self.path = Path(path)
        self.head_path = self.path.with_name(self.path.name + ".head")
        self.clock = clock

    # -- reading -------------------------------------------------------------------------

    def entries(self) -> list[Entry]:
        """Every entry, after checking the whole chain; raises :class:`LedgerError` on a break."""
        with self._open(write=False) as fd:
            found = self._check(_read_all(fd))
        if found.problem is not None:
            raise LedgerError(f"{self.path}: {found.problem.message}", found.problem.hint)
        return list(found.entries)

    def verify(self, anchor: tuple[int, str] | None = None) -> VerifyReport:
        """Check the chain, the head file and (optionally) an anchor ``(seq, hash prefix)``.

        Reports the first entry that cannot be trusted; never changes the file.
        """
        with self._open(write=False) as fd:
            found = self._check(_read_all(fd))
        problem = found.problem
        if problem is None and anchor is not None:
            problem = _check_anchor(found.entries, *anchor)
        warnings = () if self.head_path.exists() or not found.entries else (
            f"{self.head_path.name} is missing: entries cut from the end cannot be detected",)
        last = found.entries[-1] if found.entries else None
        return VerifyReport(str(self.path), len(found.entries), last.seq if last else 0,
                            last.hash if last else None, problem, warnings)

    # -- writing -------------------------------------------------------------------------

    def append(self, type_: str, data: dict[str, Any]) -> Entry:
        """Append one entry (see :meth:`transact`)."""
        return self.transact(lambda _entries: [(type_, data)])[0]

    def transact(self, build: Builder, create: bool = False) -> list[Entry]:
        """Append the entries ``build(current_entries)`` returns, atomically.

        ``build`` runs under the exclusive lock with the verified entries, so a check it makes
        (an id is new, a request exists) still holds when its entries are written. If it
        raises, nothing is written. ``create`` allows starting a new (empty) ledger.
        """
        with self._open(write=True, create=create) as fd:
            found = self._check(_read_all(fd))
            if found.problem is not None:
                raise LedgerError(f"{self.path}: {found.problem.message}; nothing was written",
                                  found.problem.hint)
            new = self._chain(found.entries, build(found.entries))
            if new:
                try:
                    _write_all(fd, b"".join(e.line() for e in new))
                    os.fsync(fd)
                    self._write_head(new[-1])
                except OSError as exc:
                    raise OutputError(
                        f"{self.path}: cannot write: {exc.strerror or exc}",
                        "free some space and run the command again; if 'auditor review "
                        "verify' then reports an unfinished entry, add --drop-unfinished",
                    ) from None
        return new

    def drop_unfinished(self) -> int:
        """Move an interrupted write into ``<ledger>.torn``; returns the bytes moved.

        An interrupted write is an incomplete last line, and any complete entries after the
        last one the head file records (a batch cut in the middle, or a crash before the head
        was updated): no command reported them written. Refused for any other state.
        """
        with self._open(write=True) as fd:
            raw = _read_all(fd)
            found = self._check(raw)
            if found.problem is None or found.problem.kind not in ("torn", "head-behind"):
                why = found.problem.message if found.problem else "the ledger is complete"
                raise UsageError(f"{self.path}: nothing to drop: {why}",
                                 "--drop-unfinished only removes an interrupted last write")
            keep = _acknowledged(self._read_head(), found.entries)
            cut = sum(len(e.line()) for e in found.entries[:keep])
            aside = self.path.with_name(self.path.name + ".torn")
            with aside.open("ab") as fh:
                fh.write(raw[cut:] if raw.endswith(b"\n") else raw[cut:] + b"\n")
                fh.flush()
                os.fsync(fh.fileno())
            os.ftruncate(fd, cut)
            os.fsync(fd)
        return len(raw) - cut

    def reseal(self) -> Entry:
        """Make the head file record the current last entry, after the chain checks out.

        For a head file that is missing, unreadable or behind (a crash between the two
        fsyncs); refused when the head is ahead of the file or disagrees with an entry.
        """
        with self._open(write=True) as fd:
            found = scan(_read_all(fd))
            if found.problem is not None:
                raise LedgerError(f"{self.path}: {found.problem.message}", found.problem.hint)
            if not found.entries:
                raise LedgerError(f"{self.path}: the ledger is empty", "nothing to reseal")
            head = _head_problem(self._read_head(), found.entries)
            if head is not None and head.kind != "head-behind":
                raise LedgerError(f"{self.path}: {head.message}; refusing to reseal", RESTORE)
            self._write_head(found.entries[-1])
        return found.entries[-1]

    # -- internals -----------------------------------------------------------------------

    def _chain(self, entries: Sequence[Entry],
               items: Sequence[tuple[str, dict[str, Any]]]) -> list[Entry]:
        ts = self.clock().astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        out: list[Entry] = []
        last = entries[-1] if entries else None
        for type_, data in items:
            seq = last.seq + 1 if last else 1
            last = Entry.make(seq, ts, type_, data, last.hash if last else "0" * 64)
            out.append(last)
        return out

    def _check(self, raw: bytes) -> Scan:
        found = scan(raw)
        if found.problem is None and found.entries:
            head = _head_problem(self._read_head(), found.entries)
            if head is not None:
                return Scan(found.entries, head)
        return found

    def _read_head(self) -> dict[str, Any] | None:
        try:
            obj = json.loads(self.head_path.read_bytes())
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            return {}
        return obj if isinstance(obj, dict) else {}

    def _write_head(self, last: Entry) -> None:
        data = canonical({"hash": last.hash, "seq": last.seq}) + b"\n"
        fd, tmp = tempfile.mkstemp(prefix=f".{self.head_path.name}.", dir=self.path.parent)
        try:
            # Readable by whoever can read the ledger: verify needs both.
            os.fchmod(fd, os.stat(self.path).st_mode & 0o666)
            os.write(fd, data)
            os.fsync(fd)
            os.close(fd)
            os.replace(tmp, self.head_path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _fsync_dir(self.path.parent)

    @contextmanager
    def _open(self, write: bool, create: bool = False) -> Iterator[int]:
        if fcntl is None:
            raise UsageError("the review ledger needs POSIX file locks, which this system "
                             "lacks", "use it on Linux or macOS (or WSL)")
        flags = (os.O_RDWR | os.O_APPEND) if write else os.O_RDONLY
        if create:
            flags |= os.O_CREAT
            if not self.path.parent.is_dir():
                raise UsageError(f"{self.path}: folder {self.path.parent} does not exist",
                                 "create it first")
        try:
            fd = os.open(self.path, flags, 0o644)
        except FileNotFoundError as exc:
            if create:  # a folder that takes no files (/proc), or one that just went away
                raise OutputError(f"{self.path}: cannot create the ledger: {exc.strerror}",
                                  "pass --ledger PATH in a folder you can write to") from None
            raise LedgerError(f"{self.path}: no ledger here",
                              "start one with 'auditor review init' or pass --ledger PATH") \
                from None
        except IsADirectoryError:
            raise LedgerError(f"{self.path}: is a directory, not a ledger",
                              "pass --ledger PATH to a .jsonl file") from None
        except OSError as exc:
            error = OutputError if write else InputError
            raise error(f"{self.path}: cannot open the ledger: {exc.strerror or exc}",
                        "check the file's permissions") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX if write else fcntl.LOCK_SH)
            if create:
                _fsync_dir(self.path.parent)
            yield fd
        except OSError as exc:
            raise InputError(f"{self.path}: {exc.strerror or exc}",
                             "check the file and the disk") from None
        finally:
            os.close(fd)  # closing releases the lock


def _head_problem(head: dict[str, Any] | None, entries: Sequence[Entry]) -> Problem | None:
    if head is None:
        return None
    n = len(entries)
    seq, digest = head.get("seq"), head.get("hash")
    reseal = ("if they are yours run 'auditor review verify --reseal' to keep them, or "
              "'--drop-unfinished' to set them aside")
    if not isinstance(seq, int) or isinstance(seq, bool) or not isinstance(digest, str):
        return Problem(None, "the head file is unreadable",
                       "if the entries are yours, run 'auditor review verify --reseal'",
                       "head-bad")
    if seq > n:
        return Problem(n + 1, f"seq {n + 1} is missing: the head file records seq {seq} but the "
                       f"ledger ends at seq {n} (entries were cut from the end)", RESTORE, "head")
    if seq >= 1 and entries[seq - 1].hash != digest:
        return Problem(seq, f"seq {seq} differs from the head file (it was rewritten after it "
                       "was appended)", RESTORE, "head")
    if seq < n:
        return Problem(seq + 1, f"seq {seq + 1} is not covered by the head file (it records seq "
                       f"{seq}): appended outside auditor, or a write was interrupted before the "
                       "head was updated", f"check 'auditor review log'; {reseal}", "head-behind")
    return None


def _acknowledged(head: dict[str, Any] | None, entries: Sequence[Entry]) -> int:
    """How many entries were acknowledged: those up to the head file's seq when it agrees."""
    seq = (head or {}).get("seq")
    if not isinstance(seq, int) or isinstance(seq, bool) or not 1 <= seq <= len(entries):
        return len(entries)
    return seq if entries[seq - 1].hash == (head or {}).get("hash") else len(entries)


def _check_anchor(entries: Sequence[Entry], seq: int, prefix: str) -> Problem | None:
    if seq < 1 or seq > len(entries):
        return Problem(seq, f"seq {seq} of the anchor is not in the ledger (it ends at seq "
                       f"{len(entries)})", RESTORE, "anchor")
    if not entries[seq - 1].hash.startswith(prefix.lower()):
        return Problem(seq, f"seq {seq} does not match the anchor {prefix} (its hash is "
                       f"{entries[seq - 1].hash[:16]}…)", RESTORE, "anchor")
    return None


def _read_all(fd: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    return b"".join(chunks)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
