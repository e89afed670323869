"""The ledger's hash chain: every kind of tampering is found and the first bad seq is named."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from auditor import Ledger
from auditor.errors import LedgerError, UsageError
from auditor.ledger_chain import GENESIS, canonical, entry_hash


def fixed_clock() -> datetime:
    return datetime(2026, 3, 24, 9, 30, tzinfo=timezone.utc)


def make(tmp_path: Path, n: int = 5) -> Ledger:
    ledger = Ledger(tmp_path / "review.jsonl", clock=fixed_clock)
    ledger.transact(lambda _e: [("review.init", {"title": "T"})], create=True)
    for i in range(2, n + 1):
        ledger.append("note", {"i": i, "text": f"entry {i} — “quoted”"})
    return ledger


def lines(ledger: Ledger) -> list[bytes]:
    return ledger.path.read_bytes().splitlines(keepends=True)


def write(ledger: Ledger, parts: list[bytes]) -> None:
    ledger.path.write_bytes(b"".join(parts))


def rehash(line: bytes, **changes: object) -> bytes:
    obj = json.loads(line)
    obj.update(changes)
    obj["hash"] = entry_hash(obj["seq"], obj["ts"], obj["type"], obj["data"], obj["prev"])
    return canonical(obj) + b"\n"


def test_entries_are_canonical_and_chained(tmp_path: Path) -> None:
    ledger = make(tmp_path, 3)
    raw = lines(ledger)
    first = json.loads(raw[0])
    assert raw[0] == (
        b'{"data":{"title":"T"},"hash":"' + first["hash"].encode() + b'","prev":"'
        + GENESIS.encode() + b'","seq":1,"ts":"2026-03-24T09:30:00Z","type":"review.init"}\n')
    second = json.loads(raw[1])
    assert second["prev"] == first["hash"]
    assert "“quoted”".encode() in raw[1]  # UTF-8, not \u escapes
    report = ledger.verify()
    assert report.ok and report.entries == 3 and report.head_seq == 3
    assert json.loads(ledger.head_path.read_bytes()) == {"hash": json.loads(raw[2])["hash"],
                                                         "seq": 3}


def test_floats_are_refused(tmp_path: Path) -> None:
    ledger = make(tmp_path, 1)
    with pytest.raises(TypeError, match="may not hold floats"):
        ledger.append("note", {"x": [1.5]})
    assert ledger.verify().entries == 1


def problem(ledger: Ledger) -> tuple[int | None, str, str]:
    report = ledger.verify()
    assert report.problem is not None
    return report.problem.seq, report.problem.kind, report.problem.message


def test_edited_field_is_found(tmp_path: Path) -> None:
    ledger = make(tmp_path)
    raw = lines(ledger)
    raw[2] = raw[2].replace(b"entry 3", b"entry X")
    write(ledger, raw)
    assert problem(ledger) == (
        3, "edited", "seq 3: its hash does not match its content (the entry was edited after "
        "it was written)")


def test_edit_with_recomputed_hash_names_the_edited_entry(tmp_path: Path) -> None:
    ledger = make(tmp_path)
    raw = lines(ledger)
    raw[1] = rehash(raw[1], data={"i": 2, "text": "something else"})
    write(ledger, raw)
    seq, kind, message = problem(ledger)
    assert (seq, kind) == (2, "relinked")
    assert message.startswith("seq 2 was rewritten after seq 3 was appended: seq 3 records its "
                              "hash as ")


def test_last_entry_rewritten_is_caught_by_the_head(tmp_path: Path) -> None:
    ledger = make(tmp_path)
    raw = lines(ledger)
    raw[4] = rehash(raw[4], data={"i": 5, "text": "rewritten"})
    write(ledger, raw)
    assert problem(ledger) == (5, "head", "seq 5 differs from the head file (it was rewritten "
                                          "after it was appended)")


def test_reformatted_line_is_found(tmp_path: Path) -> None:
    ledger = make(tmp_path)
    raw = lines(ledger)
    raw[3] = json.dumps(json.loads(raw[3]), indent=None).encode() + b"\n"  # ", " separators
    write(ledger, raw)
    assert problem(ledger)[:2] == (4, "edited")
    assert "not in canonical form" in problem(ledger)[2]


def test_deleted_line_is_found(tmp_path: Path) -> None:
    ledger = make(tmp_path)
    raw = lines(ledger)
    del raw[1]
    write(ledger, raw)
    assert problem(ledger) == (2, "missing", "seq 2 is missing: line 2 holds seq 3 (entries "
                                             "were deleted or reordered)")


def test_reordered_lines_are_found(tmp_path: Path) -> None:
    ledger = make(tmp_path)
    raw = lines(ledger)
    raw[2], raw[3] = raw[3], raw[2]
    write(ledger, raw)
    assert problem(ledger)[:2] == (3, "missing")


def test_duplicated_line_is_found(tmp_path: Path) -> None:
    ledger = make(tmp_path)
    raw = lines(ledger)
    raw.insert(2, raw[1])
    write(ledger, raw)
    assert problem(ledger) == (3, "missing", "seq 3: line 3 holds seq 2 again (entries were "
                                             "duplicated or reordered)")


def test_truncation_mid_line_is_found(tmp_path: Path) -> None:
    ledger = make(tmp_path)
    data = ledger.path.read_bytes()
    ledger.path.write_bytes(data[:-40])
    seq, kind, message = problem(ledger)
    assert (seq, kind) == (5, "torn")
    assert message.startswith("seq 5: the last line is incomplete (")


def test_truncation_of_whole_entries_is_found(tmp_path: Path) -> None:
    ledger = make(tmp_path)
    write(ledger, lines(ledger)[:3])
    assert problem(ledger) == (4, "head", "seq 4 is missing: the head file records seq 5 but "
                                          "the ledger ends at seq 3 (entries were cut from the "
                                          "end)")


def test_forged_entry_with_a_made_up_hash_is_found(tmp_path: Path) -> None:
    ledger = make(tmp_path)
    raw = lines(ledger)
    last = json.loads(raw[-1])
    forged = {"data": {"i": 6}, "hash": "ab" * 32, "prev": last["hash"], "seq": 6,
              "ts": last["ts"], "type": "note"}
    write(ledger, [*raw, canonical(forged) + b"\n"])
    assert problem(ledger)[:2] == (6, "edited")


def test_forged_entry_with_a_correct_hash_is_found_by_the_head(tmp_path: Path) -> None:
    ledger = make(tmp_path)
    raw = lines(ledger)
    last = json.loads(raw[-1])
    forged = rehash(canonical({"data": {"i": 6}, "hash": "", "prev": last["hash"], "seq": 6,
                               "ts": last["ts"], "type": "note"}))
    write(ledger, [*raw, forged])
    seq, kind, message = problem(ledger)
    assert (seq, kind) == (6, "head-behind")
    assert message.startswith("seq 6 is not covered by the head file (it records seq 5)")


def test_blank_line_and_garbage_are_found(tmp_path: Path) -> None:
    ledger = make(tmp_path)
    raw = lines(ledger)
    write(ledger, [*raw[:2], b"\n", *raw[2:]])
    assert problem(ledger) == (3, "malformed", "seq 3 (line 3): the line is blank")
    write(ledger, [*raw[:2], b"{not json\n", *raw[2:]])
    assert problem(ledger)[2].startswith("seq 3 (line 3): the line is not valid JSON")
    write(ledger, [*raw[:2], b'{"seq":3}\n', *raw[2:]])
    assert problem(ledger)[2] == ("seq 3 (line 3): an entry must have exactly the fields data, "
                                  "hash, prev, seq, ts, type")
    write(ledger, [*raw[:2], b"\xff\xfe\n", *raw[2:]])
    assert problem(ledger)[2] == "seq 3 (line 3): the line is not UTF-8"


def test_anchor(tmp_path: Path) -> None:
    ledger = make(tmp_path)
    third = json.loads(lines(ledger)[2])["hash"]
    assert ledger.verify(anchor=(3, third[:16])).ok
    report = ledger.verify(anchor=(3, "deadbeef"))
    assert report.problem is not None and report.problem.seq == 3
    assert report.problem.message.startswith("seq 3 does not match the anchor deadbeef")
    assert ledger.verify(anchor=(9, third[:16])).problem is not None


def test_missing_head_file_is_a_warning(tmp_path: Path) -> None:
    ledger = make(tmp_path)
    ledger.head_path.unlink()
    report = ledger.verify()
    assert report.ok
    assert report.warnings == ("review.jsonl.head is missing: entries cut from the end cannot "
                               "be detected",)


def test_a_broken_ledger_refuses_reads_and_appends(tmp_path: Path) -> None:
    ledger = make(tmp_path)
    raw = lines(ledger)
    del raw[1]
    write(ledger, raw)
    before = ledger.path.read_bytes()
    with pytest.raises(LedgerError, match=r"seq 2 is missing.*nothing was written"):
        ledger.append("note", {"i": 99})
    with pytest.raises(LedgerError, match="seq 2 is missing"):
        ledger.entries()
    assert ledger.path.read_bytes() == before


def test_missing_ledger(tmp_path: Path) -> None:
    with pytest.raises(LedgerError) as info:
        Ledger(tmp_path / "none.jsonl").entries()
    assert str(info.value) == (f"{tmp_path / 'none.jsonl'}: no ledger here; start one with "
                               "'auditor review init' or pass --ledger PATH")


def test_failed_builder_writes_nothing(tmp_path: Path) -> None:
    ledger = make(tmp_path, 2)
    before = ledger.path.read_bytes()

    def refuse(_entries: object) -> list[tuple[str, dict[str, object]]]:
        raise UsageError("no")

    with pytest.raises(UsageError):
        ledger.transact(refuse)
    assert ledger.path.read_bytes() == before


def test_drop_unfinished_sets_the_fragment_aside(tmp_path: Path) -> None:
    ledger = make(tmp_path)
    data = ledger.path.read_bytes()
    ledger.path.write_bytes(data + b'{"data":{"i":6')
    with pytest.raises(LedgerError, match="the last line is incomplete"):
        ledger.append("note", {"i": 6})
    assert ledger.drop_unfinished() == len(b'{"data":{"i":6')
    assert ledger.path.read_bytes() == data
    assert (tmp_path / "review.jsonl.torn").read_bytes() == b'{"data":{"i":6\n'
    assert ledger.verify().ok
    with pytest.raises(UsageError, match="nothing to drop: the ledger is complete"):
        ledger.drop_unfinished()


def test_reseal_only_when_the_head_is_behind(tmp_path: Path) -> None:
    ledger = make(tmp_path)
    raw = lines(ledger)
    write(ledger, raw[:4])
    with pytest.raises(LedgerError, match=r"cut from the end.*refusing to reseal"):
        ledger.reseal()
    write(ledger, raw)
    head = ledger.head_path.read_bytes()
    ledger.head_path.write_bytes(head.replace(b'"seq":5', b'"seq":4').replace(
        json.loads(raw[4])["hash"].encode(), json.loads(raw[3])["hash"].encode()))
    assert ledger.verify().problem is not None
    assert ledger.reseal().seq == 5
    assert ledger.verify().ok
