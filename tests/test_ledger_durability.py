"""Two writers at once lose nothing; a writer killed mid-write leaves a clear, recoverable error.

These run real processes: the writers are separate Python interpreters, and the crashes are a
SIGKILL sent by the writer to itself in the middle of a system call, as a power cut would.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from auditor import Ledger
from auditor.errors import LedgerError

WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from auditor import Ledger
    path, tag, n, go = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
    while not go.exists():
        time.sleep(0.001)
    ledger = Ledger(path)
    for i in range(n):
        ledger.append("note", {"writer": tag, "i": i})
""")

# Kill the process in the middle of a two-entry write: 3/4 of the bytes reach the file.
CRASH_IN_WRITE = textwrap.dedent("""
    import os, signal, sys
    from auditor import Ledger
    real_write = os.write
    def torn_write(fd, data):
        if os.readlink(f"/proc/self/fd/{fd}").endswith("review.jsonl"):
            real_write(fd, bytes(data)[: len(data) * 3 // 4])
            os.kill(os.getpid(), signal.SIGKILL)
        return real_write(fd, data)
    os.write = torn_write
    Ledger(sys.argv[1]).transact(lambda _e: [("note", {"i": "a"}), ("note", {"i": "b"})])
""")

# Kill the process after the entry is on disk but before the head file is replaced.
CRASH_BEFORE_HEAD = textwrap.dedent("""
    import os, signal, sys
    from auditor import Ledger
    def die(*_a):
        os.kill(os.getpid(), signal.SIGKILL)
    os.replace = die
    Ledger(sys.argv[1]).append("note", {"i": "late"})
""")

needs_proc = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")


def start(tmp_path: Path) -> Ledger:
    ledger = Ledger(tmp_path / "review.jsonl")
    ledger.transact(lambda _e: [("review.init", {"title": "T"})], create=True)
    return ledger


def run_script(script: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-c", script, *args], capture_output=True,
                          timeout=60, check=False)


def test_two_writers_at_once_lose_nothing(tmp_path: Path) -> None:
    ledger = start(tmp_path)
    go = tmp_path / "go"
    n = 40
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(ledger.path), tag, str(n),
                               str(go)]) for tag in ("A", "B")]
    time.sleep(0.3)  # both interpreters are up and waiting
    go.touch()
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    report = ledger.verify()
    assert report.ok and report.entries == 1 + 2 * n
    notes = [e.data for e in ledger.entries()[1:]]
    for tag in ("A", "B"):
        assert [d["i"] for d in notes if d["writer"] == tag] == list(range(n))


@needs_proc
def test_killed_mid_write_leaves_a_recoverable_torn_tail(tmp_path: Path) -> None:
    ledger = start(tmp_path)
    ledger.append("note", {"i": "kept"})
    before = ledger.path.read_bytes()
    proc = run_script(CRASH_IN_WRITE, str(ledger.path))
    assert proc.returncode == -9
    assert ledger.path.read_bytes().startswith(before)
    assert len(ledger.path.read_bytes()) > len(before)  # part of the batch reached the file

    report = ledger.verify()
    assert report.problem is not None and report.problem.kind == "torn"
    assert report.problem.seq == 4  # seq 3 is complete, seq 4 is cut
    assert "a write was interrupted" in report.problem.message
    assert "--drop-unfinished" in report.problem.hint
    with pytest.raises(LedgerError, match="incomplete"):
        ledger.append("note", {"i": "refused"})

    moved = ledger.drop_unfinished()  # the whole unfinished batch goes, not just its torn end
    assert ledger.path.read_bytes() == before
    aside = (tmp_path / "review.jsonl.torn").read_bytes()
    assert len(aside) == moved + 1 and b'"i":"a"' in aside
    assert ledger.verify().ok
    assert ledger.append("note", {"i": "after"}).seq == 3


@needs_proc
def test_killed_before_the_head_update_is_reported_and_resealable(tmp_path: Path) -> None:
    ledger = start(tmp_path)
    proc = run_script(CRASH_BEFORE_HEAD, str(ledger.path))
    assert proc.returncode == -9
    report = ledger.verify()
    assert report.problem is not None
    assert (report.problem.seq, report.problem.kind) == (2, "head-behind")
    assert "or a write was interrupted before the head was updated" in report.problem.message
    with pytest.raises(LedgerError, match="not covered by the head file"):
        ledger.append("note", {"i": "refused"})
    assert ledger.reseal().seq == 2
    assert ledger.verify().ok
    assert [e.data for e in ledger.entries()][1] == {"i": "late"}  # nothing lost


def test_head_file_is_replaced_not_rewritten(tmp_path: Path) -> None:
    ledger = start(tmp_path)
    first = ledger.head_path.stat().st_ino
    ledger.append("note", {"i": 1})
    assert ledger.head_path.stat().st_ino != first
    assert json.loads(ledger.head_path.read_bytes())["seq"] == 2
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".review.jsonl.head.")]


@needs_proc
def test_unacknowledged_entries_can_be_set_aside_instead(tmp_path: Path) -> None:
    ledger = start(tmp_path)
    before = ledger.path.read_bytes()
    assert run_script(CRASH_BEFORE_HEAD, str(ledger.path)).returncode == -9
    written = ledger.path.read_bytes()
    assert ledger.drop_unfinished() == len(written) - len(before)
    assert ledger.path.read_bytes() == before
    assert (tmp_path / "review.jsonl.torn").read_bytes() == written[len(before):]
    assert ledger.verify().ok
