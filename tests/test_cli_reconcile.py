"""``auditor review reconcile``: output, --fail-on for CI, and the documents' identity checks."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from review_example import STEPS, build, review

from auditor.cli import cli


@pytest.fixture
def ledger(runner: CliRunner, tmp_path: Path) -> Path:
    return build(runner, tmp_path)


def reconcile(runner: CliRunner, ledger: Path, *args: str) -> Result:
    return review(runner, ledger, "reconcile", "--comparison",
                  str(ledger.parent / "comparison.json"), *args)


def test_terminal_report(runner: CliRunner, ledger: Path) -> None:
    result = reconcile(runner, ledger)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:5] == [
        "Draft (seq 2, draft.txt) → published (seq 7, published.txt)",
        "Changes: 2 (1 redaction, 0 material, 1 editorial) · explained 1 · undisclosed 0",
        "Requests: 2 · pending 0 · not applied 0 · outside scope 1",
        "Redacted text still published: 0 · declined but changed: 0",
        "Conclusions: unchanged"]
    assert any(line.split() == ["E1", "redaction", "mandatory", "accepted", "none", "within",
                                "c-1d7da35b"] for line in lines)
    assert any(line.split() == ["E2", "material", "recommended", "declined", "none", "OUTSIDE",
                                "—"] for line in lines)


def test_json_report(runner: CliRunner, ledger: Path) -> None:
    data = json.loads(reconcile(runner, ledger, "--format", "json").stdout)
    assert data["schema"] == "auditor.reconcile/1"
    assert data["summary"] == {"changes": 2, "redaction": 1, "material": 0, "editorial": 1,
                               "moved": 0, "conclusions_changed": False, "explained": 1,
                               "undisclosed": 0, "not_applied": 0, "still_present": 0,
                               "outside_scope": 1, "declined_but_changed": 0, "pending": 0}
    assert data["links"] == [{"change": "c-1d7da35b", "request": "E1", "basis": "quote"}]
    assert data["outside_scope"] == ["E2"] and data["undisclosed"] == []
    assert data["draft"] == {"seq": 2, "sha256": "3ceee54b2e210607ec54da608cc52b790b01e49c79183"
                             "fc4f2820cce4c238630", "path": "draft.txt", "format": "text"}
    assert data["ledger"]["entries"] == 7


def test_fail_on_undisclosed_for_ci(runner: CliRunner, tmp_path: Path) -> None:
    declined = [x.replace("E2", "E1") for x in STEPS[5]]
    ledger = build(runner, tmp_path, [STEPS[0], STEPS[1], STEPS[3], declined, STEPS[6]])
    assert reconcile(runner, ledger).exit_code == 0  # findings alone do not fail
    result = reconcile(runner, ledger, "--fail-on", "undisclosed", "--format", "json")
    assert result.exit_code == 1
    assert result.stderr == ("auditor: reconcile found undisclosed findings (--fail-on "
                             "undisclosed)\n")
    data = json.loads(result.stdout)
    assert [c["id"] for c in data["undisclosed"]] == ["c-1d7da35b"]
    assert data["undisclosed"][0]["class"] == "redaction"
    assert reconcile(runner, ledger, "--fail-on", "not-applied").exit_code == 0
    assert reconcile(runner, ledger, "--fail-on", "any").exit_code == 1


def test_output_file(runner: CliRunner, ledger: Path) -> None:
    out = ledger.parent / "rec.json"
    result = reconcile(runner, ledger, "--format", "json", "-o", str(out))
    assert result.stdout == "" and json.loads(out.read_text())["summary"]["explained"] == 1


def test_documents_that_moved(runner: CliRunner, ledger: Path) -> None:
    moved = ledger.parent / "elsewhere"
    moved.mkdir()
    shutil.move(ledger.parent / "draft.txt", moved / "d.txt")
    shutil.move(ledger.parent / "published.txt", moved / "p.txt")
    result = review(runner, ledger, "reconcile")
    assert (result.exit_code, result.stderr) == (
        3, f"auditor: {ledger.parent / 'draft.txt'}: the recorded draft is not there; pass "
           "--draft PATH if the file moved\n")
    result = reconcile(runner, ledger, "--draft", str(moved / "d.txt"), "--published",
                       str(moved / "p.txt"), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["links"][0]["basis"] == "quote"


def test_a_different_file_is_refused(runner: CliRunner, ledger: Path) -> None:
    result = reconcile(runner, ledger, "--draft", str(ledger.parent / "published.txt"))
    assert result.exit_code == 3
    assert result.stderr == (
        f"auditor: {ledger.parent / 'published.txt'}: SHA-256 e68af18a43f5812e… is not the "
        "draft recorded in the ledger (seq 2: 3ceee54b2e210607…); pass --draft with the file "
        "that was recorded\n")


def test_a_comparison_of_other_files_is_refused(runner: CliRunner, ledger: Path) -> None:
    path = ledger.parent / "comparison.json"
    data = json.loads(path.read_text())
    data["after"]["sha256"] = "00" * 32
    path.write_text(json.dumps(data))
    result = reconcile(runner, ledger)
    assert result.exit_code == 3
    assert result.stderr.startswith(f"auditor: {path} (after): SHA-256 0000000000000000… is not "
                                    "the published recorded in the ledger (seq 7:")
    path.write_text('{"schema": "auditor.document/1"}')
    result = reconcile(runner, ledger)
    assert (result.exit_code, result.stderr) == (
        3, f"auditor: {path}: not an auditor.compare/1 JSON document (schema is not "
           "auditor.compare/1); make one with 'auditor compare DRAFT PUBLISHED --format json'\n")


def test_reconcile_needs_both_documents_recorded(runner: CliRunner, tmp_path: Path) -> None:
    ledger = build(runner, tmp_path, STEPS[:6])
    result = reconcile(runner, ledger)
    assert (result.exit_code, result.stderr) == (
        2, "auditor: no document labelled published in the ledger; record it with 'auditor "
           "review add-doc FILE --label published'\n")


def test_without_the_key_links_fall_back_to_location(runner: CliRunner, tmp_path: Path) -> None:
    steps = [list(s) for s in STEPS]
    steps[2] += ["--location", "Method"]
    ledger = build(runner, tmp_path, steps)
    result = reconcile(runner, ledger, "--format", "json")
    assert json.loads(result.stdout)["links"][0]["basis"] == "quote"
    result = review(runner, ledger, "reconcile", "--comparison", str(tmp_path / "comparison.json"),
                    "--format", "json", env={"AUDITOR_REVIEW_KEY": None})
    data = json.loads(result.stdout)
    assert data["links"] == [{"change": "c-1d7da35b", "request": "E1", "basis": "location"}]
    assert data["warnings"] == ["the review key is missing: sealed quotes were linked by "
                                "location only"]


def test_end_to_end_with_auditor_compare(runner: CliRunner, ledger: Path) -> None:
    """Without --comparison, reconcile runs auditor compare on the recorded files."""
    data = json.loads(review(runner, ledger, "reconcile", "--format", "json").stdout)
    assert data["links"] == [{"change": "c-1d7da35b", "request": "E1", "basis": "quote"}]
    assert data["not_applied"] == [] and data["still_present"] == []
    assert data["outside_scope"] == ["E2"] and data["declined_but_changed"] == []
    e1 = next(r for r in data["requests"] if r["id"] == "E1")
    assert e1["changes"] == ["c-1d7da35b"]
    # The typo fix needs no request once it is classified editorial; before classification
    # is wired into compare it is reported, as any unclassified (material) change must be.
    compared = json.loads(runner.invoke(
        cli, ["compare", str(ledger.parent / "draft.txt"), str(ledger.parent / "published.txt"),
              "--format", "json"]).stdout)
    classes = {c["id"]: c["class"] for c in compared["changes"]}
    assert set(classes) == {"c-1d7da35b", "c-98483c0a"}
    assert [c["id"] for c in data["undisclosed"]] == (
        [] if classes["c-98483c0a"] == "editorial" else ["c-98483c0a"])
