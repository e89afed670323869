"""``auditor review``: every command, every error path, exact messages and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from review_example import EXAMPLE, STEPS, build, review


@pytest.fixture
def ledger(runner: CliRunner, tmp_path: Path) -> Path:
    return build(runner, tmp_path)


def err(result: object) -> str:
    return result.stderr  # type: ignore[attr-defined, no-any-return]


# -- init --------------------------------------------------------------------------------------

def test_init(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    result = review(runner, path, *STEPS[0][1:1], "init", *STEPS[0][1:],
                    env={"AUDITOR_REVIEW_KEY": None})
    assert result.exit_code == 0
    assert result.stdout == (f"started {path}: review of “Safeguards Review of Helios-2”\n"
                             f"key for sealed quotes: {path}.key (keep it; never publish or "
                             "commit it)\n")
    key = tmp_path / "r.jsonl.key"
    assert key.stat().st_mode & 0o777 == 0o600
    assert len(bytes.fromhex(key.read_text().strip())) == 32
    entry = json.loads(path.read_text())
    assert entry["type"] == "review.init" and entry["seq"] == 1
    assert entry["data"]["key_id"] and key.read_text().strip() not in path.read_text()


def test_init_twice_is_refused(runner: CliRunner, ledger: Path) -> None:
    result = review(runner, ledger, *STEPS[0])
    assert result.exit_code == 2
    assert err(result) == (f"auditor: {ledger}: the ledger is already started (seq 1 is "
                           "'review.init'); use another --ledger path for a new review\n")


def test_init_needs_a_title(runner: CliRunner, tmp_path: Path) -> None:
    result = review(runner, tmp_path / "r.jsonl", "init", "--title", " ", "--author", "A",
                    "--reviewer", "R")
    assert result.exit_code == 2
    assert err(result) == "auditor: --title must not be empty; give --title a value\n"
    assert not (tmp_path / "r.jsonl").exists() or (tmp_path / "r.jsonl").read_bytes() == b""


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux /proc")
def test_a_ledger_that_cannot_be_made_or_read_is_exit_3(runner: CliRunner) -> None:
    result = review(runner, Path("/proc/auditor-review.jsonl"), *STEPS[0])
    assert result.exit_code == 3
    assert err(result) == ("auditor: /proc/auditor-review.jsonl: cannot create the ledger: No "
                           "such file or directory; pass --ledger PATH in a folder you can "
                           "write to\n")
    result = review(runner, Path("/proc/self/mem"), "log")  # opens, but reading fails (EIO)
    assert result.exit_code == 3
    assert err(result) == ("auditor: /proc/self/mem: Input/output error; check the file and "
                           "the disk\n")


def test_without_posix_file_locks_the_ledger_is_refused_in_one_line(
        runner: CliRunner, ledger: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import auditor.ledger

    monkeypatch.setattr(auditor.ledger, "fcntl", None)  # as on Windows
    before = ledger.read_bytes()
    for args in (["log"], ["decide", "E1", "--decision", "accepted", "--by", "x"]):
        result = review(runner, ledger, *args)
        assert result.exit_code == 2, args
        assert err(result) == ("auditor: the review ledger needs POSIX file locks, which this "
                               "system lacks; use it on Linux or macOS (or WSL)\n")
    assert ledger.read_bytes() == before


def test_commands_need_a_ledger(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "none.jsonl"
    for args in (["log"], ["verify"], ["decide", "E1", "--decision", "accepted", "--by", "x"],
                 ["add-doc", str(EXAMPLE / "draft.txt"), "--label", "draft"]):
        result = review(runner, missing, *args)
        assert result.exit_code == 4, args
        assert err(result) == (f"auditor: {missing}: no ledger here; start one with 'auditor "
                               "review init' or pass --ledger PATH\n")


def test_an_empty_ledger_was_never_started(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_bytes(b"")
    result = review(runner, path, "add-doc", str(EXAMPLE / "draft.txt"), "--label", "draft")
    assert result.exit_code == 4
    assert err(result) == ("auditor: the ledger does not start with 'review.init'; start a "
                           "review with 'auditor review init'\n")


# -- add-doc -----------------------------------------------------------------------------------

def test_add_doc(runner: CliRunner, tmp_path: Path) -> None:
    ledger = build(runner, tmp_path, STEPS[:1])
    result = review(runner, ledger, "add-doc", str(tmp_path / "draft.txt"), "--label", "draft")
    assert result.exit_code == 0
    assert result.stdout == ("seq 2: draft draft.txt sha256 3ceee54b2e210607… (text, 785 "
                             "bytes)\n")
    data = json.loads(ledger.read_text().splitlines()[1])["data"]
    assert data == {"format": "text", "jav": "AO", "label": "draft", "path": "draft.txt",
                    "sha256": "3ceee54b2e210607ec54da608cc52b790b01e49c79183fc4f2820cce4c238630",
                    "size": 785}


def test_add_doc_errors(runner: CliRunner, ledger: Path, tmp_path: Path) -> None:
    result = review(runner, ledger, "add-doc", str(tmp_path / "draft.txt"), "--label", "draft")
    assert result.exit_code == 2
    assert err(result) == (f"auditor: {tmp_path / 'draft.txt'}: this file is already recorded "
                           "as draft (seq 2); each version needs recording only once\n")
    result = review(runner, ledger, "add-doc", str(tmp_path / "nope.txt"), "--label", "draft")
    assert result.exit_code == 3
    assert err(result) == f"auditor: {tmp_path / 'nope.txt'}: no such file; check the path\n"
    result = review(runner, ledger, "add-doc", str(tmp_path / "draft.txt"), "--label", "final")
    assert result.exit_code == 2
    assert "'final' is not one of 'draft', 'under-review', 'approved', 'published'" in err(result)


# -- request -----------------------------------------------------------------------------------

def test_request_prints_the_id_and_seals_redactions(runner: CliRunner, ledger: Path) -> None:
    lines = [json.loads(x) for x in ledger.read_text().splitlines()]
    e1, e2 = lines[2]["data"], lines[3]["data"]
    assert e1["id"] == "E1" and e2["id"] == "E2"
    assert set(e1["quote"]) == {"kept", "digest", "salt", "tokens", "words"}
    assert e1["quote"]["kept"] is False and e1["quote"]["words"] == 4
    assert e2["quote"] == {"kept": True, "text": "should not be released with open weights",
                           "words": 7}
    raw = ledger.read_bytes()
    for leak in (b"RT-17", b"RT 17", b"rt 17", b"red-team playbook"):
        assert leak not in raw
    result = review(runner, ledger, "request", "--by", "Lumen Labs", "--kind", "editorial",
                    "--basis", "style", "--quote", "Role-play framing")
    assert (result.exit_code, result.stdout) == (0, "E3\n")


def test_keep_quote_is_the_authors_choice(runner: CliRunner, ledger: Path) -> None:
    result = review(runner, ledger, "request", "--by", "Lumen Labs", "--kind", "redaction",
                    "--basis", "privacy", "--quote", "Two of us", "--keep-quote")
    assert result.stdout == "E3\n"
    assert json.loads(ledger.read_text().splitlines()[-1])["data"]["quote"]["text"] == \
        "Two of us"


def test_request_errors(runner: CliRunner, ledger: Path) -> None:
    base = ["request", "--by", "Lumen Labs", "--basis", "b", "--kind"]
    result = review(runner, ledger, *base, "redaction", "--quote", " — ")
    assert (result.exit_code, err(result)) == (
        2, "auditor: --quote has no words to find in the draft; quote the draft's text\n")
    result = review(runner, ledger, *base, "redaction", "--quote", "")
    assert (result.exit_code, err(result)) == (
        2, "auditor: --quote must not be empty; give --quote a value\n")
    result = review(runner, ledger, *base, "typo", "--quote", "x")
    assert result.exit_code == 2 and "'typo' is not one of" in err(result)


def test_sealing_needs_the_right_key(runner: CliRunner, ledger: Path) -> None:
    args = ["request", "--by", "L", "--kind", "redaction", "--basis", "b", "--quote", "x y"]
    result = review(runner, ledger, *args, env={"AUDITOR_REVIEW_KEY": "ab" * 32})
    assert result.exit_code == 4
    assert err(result).startswith("auditor: the review key does not belong to this ledger")
    result = review(runner, ledger, *args, env={"AUDITOR_REVIEW_KEY": None})
    assert result.exit_code == 4
    assert err(result) == (f"auditor: {ledger}.key: the review key is missing; sealed quotes "
                           "need the key created by 'auditor review init' (or set "
                           "AUDITOR_REVIEW_KEY)\n")


# -- decide and appeal -------------------------------------------------------------------------

def test_decide_errors(runner: CliRunner, ledger: Path) -> None:
    result = review(runner, ledger, "decide", "E9", "--decision", "accepted", "--by", "N")
    assert (result.exit_code, err(result)) == (
        2, f"auditor: unknown request id 'E9' in {ledger}; known requests: E1, E2\n")
    result = review(runner, ledger, "decide", "E1", "--decision", "declined", "--by", "N")
    assert (result.exit_code, err(result)) == (
        2, "auditor: E1 is already decided (accepted, seq 5); a decision stands unless an "
           "appeal overturns it ('auditor review appeal E1 …')\n")
    result = review(runner, ledger, "decide", "E1", "--decision", "maybe", "--by", "N")
    assert result.exit_code == 2 and "'maybe' is not one of" in err(result)


def test_appeal_lifecycle(runner: CliRunner, ledger: Path) -> None:
    result = review(runner, ledger, "appeal", "E2", "--by", "Lumen Labs", "--reason", "Please")
    assert (result.exit_code, result.stdout) == (0, "E2 appeal opened (seq 8)\n")
    result = review(runner, ledger, "appeal", "E2", "--by", "Lumen Labs", "--reason", "Again")
    assert (result.exit_code, err(result)) == (
        2, "auditor: E2 already has an open appeal (seq 8); resolve it before opening "
           "another\n")
    result = review(runner, ledger, "decide", "E2", "--decision", "accepted", "--by", "N")
    assert (result.exit_code, err(result)) == (
        2, "auditor: E2 has an open appeal (seq 8); resolve it first with 'auditor review "
           "appeal E2 --resolve upheld|overturned|withdrawn --by WHO'\n")
    result = review(runner, ledger, "appeal", "E2", "--by", "Board", "--resolve", "overturned")
    assert (result.exit_code, result.stdout) == (0, "E2 appeal overturned (seq 9)\n")
    result = review(runner, ledger, "decide", "E2", "--decision", "modified", "--by", "N",
                    "--note", "Softened one word")
    assert (result.exit_code, result.stdout) == (0, "E2 modified (seq 10)\n")
    result = review(runner, ledger, "appeal", "E2", "--by", "Board", "--resolve", "upheld")
    assert (result.exit_code, err(result)) == (
        2, "auditor: E2 has no open appeal; open one with 'auditor review appeal E2 --by WHO "
           "--reason TEXT'\n")


def test_appeal_errors(runner: CliRunner, tmp_path: Path) -> None:
    ledger = build(runner, tmp_path, STEPS[:4])
    result = review(runner, ledger, "appeal", "E1", "--by", "L", "--reason", "r")
    assert (result.exit_code, err(result)) == (
        2, "auditor: E1 has no decision to appeal; record one first with 'auditor review "
           "decide E1 …'\n")
    result = review(runner, ledger, "appeal", "E1", "--by", "L")
    assert (result.exit_code, err(result)) == (
        2, "auditor: --reason is required to open an appeal; or pass --resolve "
           "upheld|overturned|withdrawn to close one\n")
    result = review(runner, ledger, "appeal", "E7", "--by", "L", "--reason", "r")
    assert (result.exit_code, err(result)) == (
        2, f"auditor: unknown request id 'E7' in {ledger}; known requests: E1, E2\n")


# -- log ---------------------------------------------------------------------------------------

def test_log_terminal(runner: CliRunner, ledger: Path) -> None:
    result = review(runner, ledger, "log")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["seq", "time", "(UTC)", "entry", "details"]
    assert "  3   2026-03-24 09:50:00   request.add      E1 redaction · mandatory · by Lumen " \
        "Labs · basis: confidential" in result.stdout
    assert "quote sealed, 4 words" in result.stdout
    assert "RT-17" not in result.stdout
    assert "[REDACTED]" not in result.stdout and all(ln == ln.rstrip() for ln in lines)


def test_log_json(runner: CliRunner, ledger: Path) -> None:
    data = json.loads(review(runner, ledger, "log", "--format", "json").stdout)
    assert data["schema"] == "auditor.review-log/1" and data["entries"] == 7
    assert [e["type"] for e in data["log"]] == ["review.init", "doc.add", "request.add",
                                                "request.add", "request.decide",
                                                "request.decide", "doc.add"]
    assert data["log"][5]["summary"] == ("E2 declined by Northwind Evaluations · The results in "
                                         "the Findings section support it.")
    assert data["head"] == {"seq": 7, "hash": data["log"][6]["hash"]}


# -- verify ------------------------------------------------------------------------------------

def test_verify_ok(runner: CliRunner, ledger: Path) -> None:
    head = json.loads(ledger.read_text().splitlines()[-1])["hash"]
    result = review(runner, ledger, "verify")
    assert (result.exit_code, result.stdout) == (
        0, f"ok: {ledger}: 7 entries, chain intact; head seq 7 sha256 {head[:16]}\n")
    result = review(runner, ledger, "verify", "--anchor", f"7:{head[:12]}")
    assert result.exit_code == 0


def test_verify_reports_tampering_with_exit_4(runner: CliRunner, ledger: Path) -> None:
    lines = ledger.read_bytes().splitlines(keepends=True)
    lines[4] = lines[4].replace(b"accepted", b"declined")
    ledger.write_bytes(b"".join(lines))
    result = review(runner, ledger, "verify")
    assert result.exit_code == 4 and result.stdout == ""
    assert err(result) == (f"auditor: {ledger}: seq 5: its hash does not match its content "
                           "(the entry was edited after it was written); restore the ledger "
                           "from a copy you trust (e.g. git); auditor never repairs a ledger\n")
    result = review(runner, ledger, "verify", "--format", "json")
    assert result.exit_code == 4
    data = json.loads(result.stdout)
    assert data["ok"] is False and data["problem"]["seq"] == 5 and data["entries"] == 4
    for args in (["log"], ["footnote"], ["reconcile"]):  # nothing reads a broken ledger
        assert review(runner, ledger, *args).exit_code == 4


def test_verify_anchor_errors(runner: CliRunner, ledger: Path) -> None:
    result = review(runner, ledger, "verify", "--anchor", "7:00000000")
    assert result.exit_code == 4
    assert err(result).startswith(f"auditor: {ledger}: seq 7 does not match the anchor 00000000")
    result = review(runner, ledger, "verify", "--anchor", "seven")
    assert (result.exit_code, err(result)) == (
        2, "auditor: --anchor 'seven' is not SEQ:HASH; give the seq and at least 8 hex digits, "
           "e.g. 9:3f9a1b2c\n")


def test_verify_recovery_options(runner: CliRunner, ledger: Path) -> None:
    result = review(runner, ledger, "verify", "--drop-unfinished")
    assert (result.exit_code, err(result)) == (
        2, f"auditor: {ledger}: nothing to drop: the ledger is complete; --drop-unfinished "
           "only removes an interrupted last write\n")
    intact = ledger.read_bytes()
    ledger.write_bytes(intact + b'{"data":{"request":"E1"')
    result = review(runner, ledger, "verify")
    assert result.exit_code == 4
    assert err(result) == (f"auditor: {ledger}: seq 8: the last line is incomplete (23 bytes "
                           "without a line end): a write was interrupted before it finished; "
                           "run 'auditor review verify --drop-unfinished' to move the "
                           "unfinished write aside into <ledger>.torn (no command reported it "
                           "as written)\n")
    result = review(runner, ledger, "verify", "--drop-unfinished")
    assert result.exit_code == 0
    assert err(result) == (f"auditor: warning: moved 23 bytes of an unfinished write to "
                           f"{ledger}.torn\n")
    assert ledger.read_bytes() == intact
    Path(f"{ledger}.head").unlink()
    result = review(runner, ledger, "verify")
    assert result.exit_code == 0
    assert err(result) == ("auditor: warning: auditor-review.jsonl.head is missing: entries cut "
                           "from the end cannot be detected\n")
    result = review(runner, ledger, "verify", "--reseal")
    assert (result.exit_code, err(result)) == (
        0, "auditor: warning: the head file now records seq 7\n")


def test_init_into_a_missing_folder(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "no" / "r.jsonl"
    result = review(runner, path, *STEPS[0])
    assert (result.exit_code, err(result)) == (
        2, f"auditor: {path}: folder {path.parent} does not exist; create it first\n")
