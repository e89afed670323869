"""`auditor scan --ledger`: the text of the ledger's accepted redaction requests must not
survive in the published file — found by digest when the quote was sealed."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from auditor.cli import cli
from tests.review_example import ENV, build

LEAKY_HTML = """<!DOCTYPE html><html><head><title>Helios-2</title></head><body><main>
<p>For the safeguards area we relied on [REDACTED] that Lumen Labs lent us.</p>
<!-- source: the red-team playbook RT-17, pages 4-9 -->
</main></body></html>"""
CLEAN_HTML = LEAKY_HTML.replace("<!-- source: the red-team playbook RT-17, pages 4-9 -->", "")


def scan(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(cli, ["scan", *args], env=ENV)


def test_sealed_quote_found_in_an_html_comment(runner: CliRunner, tmp_path: Path) -> None:
    ledger = build(runner, tmp_path)
    page = tmp_path / "published.html"
    page.write_text(LEAKY_HTML)
    result = scan(runner, str(page), "--ledger", str(ledger), "--format", "json")
    assert result.exit_code == 1, result.stderr
    report = json.loads(result.stdout)
    removed = [f for f in report["findings"] if f["check"] == "removed-text"]
    assert [(f["severity"], f["message"], f["evidence"]["masked"]) for f in removed] == [
        ("high", "text removed at request E1 survives in the html-comment finding", True)]
    assert "RT-17" not in result.stdout  # masked by default
    assert report["removed"]["source"] == f"ledger {ledger}"


def test_clean_page_has_no_removed_text(runner: CliRunner, tmp_path: Path) -> None:
    ledger = build(runner, tmp_path)
    page = tmp_path / "published.html"
    page.write_text(CLEAN_HTML)
    result = scan(runner, str(page), "--ledger", str(ledger), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert [f for f in json.loads(result.stdout)["findings"]
            if f["check"] == "removed-text"] == []


def test_sealed_quote_found_in_a_pdf_text_layer(runner: CliRunner, tmp_path: Path) -> None:
    from reportlab.pdfgen.canvas import Canvas

    ledger = build(runner, tmp_path)
    pdf = tmp_path / "published.pdf"
    canvas = Canvas(str(pdf), invariant=1)
    canvas.drawString(72, 720, "We relied on the red-team playbook RT-17 that Lumen Labs lent.")
    canvas.save()
    result = scan(runner, str(pdf), "--ledger", str(ledger), "--format", "json",
                  "--show-secrets")
    assert result.exit_code == 1, result.stderr
    removed = [f for f in json.loads(result.stdout)["findings"] if f["check"] == "removed-text"]
    assert [(f["page"], f["message"], f["evidence"]["text"], f["removed"]["text"])
            for f in removed] == [
        (1, "text removed at request E1 is still in the page's text layer",
         "the red-team playbook RT-17", "request E1")]


def test_ledger_excludes_the_other_sources(runner: CliRunner, tmp_path: Path) -> None:
    ledger = build(runner, tmp_path)
    page = tmp_path / "published.html"
    page.write_text(CLEAN_HTML)
    result = scan(runner, str(page), "--ledger", str(ledger), "--removed-from",
                  str(tmp_path / "draft.txt"))
    assert result.exit_code == 2
    assert result.stderr == ("auditor: give at most one of --removed, --removed-from and "
                             "--ledger; they are three ways of saying what was removed\n")


def test_broken_ledger_is_an_integrity_error(runner: CliRunner, tmp_path: Path) -> None:
    ledger = build(runner, tmp_path)
    lines = ledger.read_text().splitlines()
    lines[2] = lines[2].replace("RT-17", "RT-18").replace("Lumen Labs", "Lumen Lab")
    ledger.write_text("\n".join(lines) + "\n")
    page = tmp_path / "published.html"
    page.write_text(CLEAN_HTML)
    result = scan(runner, str(page), "--ledger", str(ledger))
    assert result.exit_code == 4
    assert result.stderr.startswith("auditor: ")
    assert result.stderr.count("\n") == 1


def test_sealed_quotes_need_the_review_key(runner: CliRunner, tmp_path: Path) -> None:
    ledger = build(runner, tmp_path)
    page = tmp_path / "published.html"
    page.write_text(LEAKY_HTML)
    result = runner.invoke(cli, ["scan", str(page), "--ledger", str(ledger)],
                           env={**ENV, "AUDITOR_REVIEW_KEY": None})
    assert result.exit_code == 4
    assert result.stderr.startswith("auditor: ")
    assert "key" in result.stderr
    assert result.stderr.count("\n") == 1
