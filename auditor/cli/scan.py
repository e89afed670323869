"""``auditor scan FILE``."""

from __future__ import annotations

import json

import click

from auditor.cli.common import emit, output_option
from auditor.errors import ExitCode
from auditor.scan import SEVERITIES, scan


@click.command("scan")
@click.argument("file", type=click.Path(dir_okay=True, allow_dash=False))
@click.option("--removed-from", "removed_from", type=click.Path(dir_okay=True), default=None,
              metavar="DRAFT", help="The draft: search for what it had that FILE lacks.")
@click.option("--removed", "removed_file", type=click.Path(dir_okay=True), default=None,
              metavar="TEXTFILE", help="Removed passages to search for, one per line.")
@click.option("--ledger", "ledger", type=click.Path(dir_okay=True), default=None,
              metavar="PATH", help="The review ledger: search for the text of its accepted "
                                   "redaction requests (sealed quotes need its key file).")
@click.option("--format", "out_format", type=click.Choice(["terminal", "json"]),
              default="terminal", show_default=True, help="Report for people or programs.")
@click.option("--fail-on", "fail_on", type=click.Choice(SEVERITIES), default="high",
              show_default=True, help="Exit 1 when a finding is at or above this severity.")
@click.option("--show-secrets", is_flag=True,
              help="Show the leaked text in the report (masked by default).")
@output_option
def scan_cmd(file: str, removed_from: str | None, removed_file: str | None,
             ledger: str | None, out_format: str, fail_on: str, show_secrets: bool,
             output: str | None) -> int:
    """Check that the published FILE (PDF, HTML or DOCX) leaks nothing that was removed.

    Looks for text under boxes, images and annotations, hidden text, earlier revisions,
    unused objects, metadata, comments, attachments, scripts, layers, form values, bookmarks
    and links (in a Word file: tracked changes, comments, hidden text, properties, embedded
    files, custom XML); with --removed-from, --removed or --ledger it also searches all of them for
    the removed text. Evidence is masked unless --show-secrets is given.

    \b
    Example:
      auditor scan published.pdf --removed-from draft.pdf
      auditor scan published.pdf --ledger auditor-review.jsonl
      auditor scan published.pdf --format json --fail-on medium
    """
    report = scan(file, removed_file=removed_file, removed_from=removed_from, ledger=ledger,
                  fail_on=fail_on)
    if out_format == "json":
        emit(json.dumps(report.to_dict(show_secrets), ensure_ascii=False, indent=2), output)
    else:
        from auditor.render.terminal_scan import render_scan

        emit(render_scan(report, show_secrets), output)
    return int(ExitCode.FINDINGS if report.failed() else ExitCode.OK)
