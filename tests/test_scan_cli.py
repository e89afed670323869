"""`auditor scan`: masking, --show-secrets, exit codes and the one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from auditor.cli import cli

SCAN = Path(__file__).resolve().parent.parent / "fixtures" / "scan"
REMOVED = SCAN / "removed.txt"
SECRET = REMOVED.read_text().strip()


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_json_masks_evidence_by_default(runner: CliRunner) -> None:
    code, out, _ = run(runner, "scan", str(SCAN / "leak-under-black-rect.pdf"), "--format",
                       "json", "--removed", str(REMOVED))
    assert code == 1
    assert "Tamarind" not in out
    report = json.loads(out)
    assert report["schema"] == "auditor.scan/1"
    assert report["removed"] == {"source": f"file {REMOVED}", "passages": 1}
    assert report["summary"] == {"findings": 2, "low": 0, "medium": 0, "high": 2,
                                 "fail_on": "high", "failed": True}
    first = report["findings"][0]
    assert first["evidence"] == {"masked": True, "chars": len(SECRET), "text": None}
    assert first["removed"] == {"masked": True, "chars": len(SECRET), "text": None}
    assert {f["check"] for f in report["findings"]} == {"removed-text", "text-under-box"}


def test_show_secrets_reveals(runner: CliRunner) -> None:
    code, out, _ = run(runner, "scan", str(SCAN / "leak-under-black-rect.pdf"), "--format",
                       "json", "--show-secrets")
    assert code == 1
    (finding,) = json.loads(out)["findings"]
    assert finding["evidence"] == {"masked": False, "chars": len(SECRET), "text": SECRET}
    assert finding["check"] == "text-under-box"
    assert finding["page"] == 1


def test_terminal_masks_by_default(runner: CliRunner) -> None:
    code, out, _ = run(runner, "scan", str(SCAN / "leak-comments.pdf"))
    assert code == 0  # comments are medium; the default --fail-on is high
    assert "Tamarind" not in out and "Jane Roe" not in out
    assert "annotation-comment" in out
    assert "evidence is masked; --show-secrets reveals it" in out
    code, out, _ = run(runner, "scan", str(SCAN / "leak-comments.pdf"), "--show-secrets")
    assert "Tamarind" in out


def test_exit_codes_follow_fail_on(runner: CliRunner) -> None:
    medium = str(SCAN / "leak-comments.pdf")
    assert run(runner, "scan", medium)[0] == 0
    assert run(runner, "scan", medium, "--fail-on", "medium")[0] == 1
    assert run(runner, "scan", medium, "--fail-on", "low")[0] == 1
    low = str(SCAN / "leak-link-uri.pdf")
    assert run(runner, "scan", low, "--fail-on", "medium")[0] == 0
    assert run(runner, "scan", low, "--fail-on", "low")[0] == 1
    clean = str(SCAN / "clean-redacted.pdf")
    code, out, _ = run(runner, "scan", clean, "--fail-on", "low")
    assert code == 0
    assert "no findings" in out


def test_removed_text_makes_a_medium_leak_fail(runner: CliRunner) -> None:
    comments = str(SCAN / "leak-comments.pdf")
    assert run(runner, "scan", comments, "--removed", str(REMOVED))[0] == 1


def test_encrypted_file_cannot_be_audited(runner: CliRunner, tmp_path: Path) -> None:
    import pikepdf

    target = tmp_path / "locked.pdf"
    with pikepdf.open(SCAN / "leak-under-black-rect.pdf") as pdf:
        pdf.save(target, encryption=pikepdf.Encryption(user="secret", owner="owner"))
    code, out, err = run(runner, "scan", str(target))
    assert code == 3
    assert out == ""
    assert err == (f"auditor: cannot audit {target}: it is encrypted and needs a password to "
                   "open; a reader without the password sees nothing; to audit the content, "
                   "decrypt a copy (qpdf --decrypt --password=PW in.pdf out.pdf) and scan "
                   "that\n")


def test_owner_restricted_file_is_audited(runner: CliRunner, tmp_path: Path) -> None:
    import pikepdf

    target = tmp_path / "restricted.pdf"
    with pikepdf.open(SCAN / "leak-under-black-rect.pdf") as pdf:
        pdf.save(target, encryption=pikepdf.Encryption(user="", owner="owner"))
    code, out, _ = run(runner, "scan", str(target), "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert [f["check"] for f in report["findings"]] == ["text-under-box"]
    assert report["warnings"] == ["encrypted with an empty user password (owner restrictions "
                                  "only): anyone can open it, so it was audited"]


def test_unparseable_pdf_is_never_clean(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "broken.pdf"
    target.write_bytes(b"%PDF-1.7\n" + b"garbage " * 200)
    code, out, err = run(runner, "scan", str(target))
    assert code == 3
    assert out == ""
    assert err.startswith(f"auditor: cannot audit {target}: ")
    assert err.count("\n") == 1


def test_unsupported_format(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "notes.txt"
    target.write_text("Just some notes.\n")
    code, _, err = run(runner, "scan", str(target))
    assert code == 3
    assert err == (f"auditor: cannot audit {target}: scan reads PDF, HTML and DOCX, not text; "
                   "scan the published PDF, HTML or DOCX file\n")


def test_two_removed_sources_is_a_usage_error(runner: CliRunner) -> None:
    code, _, err = run(runner, "scan", str(SCAN / "clean-plain.pdf"), "--removed",
                       str(REMOVED), "--removed-from", str(SCAN / "clean-plain.pdf"))
    assert code == 2
    assert err == ("auditor: give at most one of --removed, --removed-from and --ledger; "
                   "they are three ways of saying what was removed\n")


def test_missing_removed_file(runner: CliRunner, tmp_path: Path) -> None:
    code, _, err = run(runner, "scan", str(SCAN / "clean-plain.pdf"), "--removed",
                       str(tmp_path / "none.txt"))
    assert code == 3
    assert err == (f"auditor: {tmp_path / 'none.txt'}: no such file; name the file of removed "
                   "passages, one per line\n")


def test_output_file(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    code, out, _ = run(runner, "scan", str(SCAN / "leak-bookmarks.pdf"), "--format", "json",
                       "-o", str(target))
    assert code == 0
    assert out == ""
    assert json.loads(target.read_text())["findings"][0]["check"] == "bookmark-title"
