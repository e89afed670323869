"""``auditor extract FILE``."""

from __future__ import annotations

import json

import click

from auditor.cli.common import emit, output_option
from auditor.extract import FORMATS, extract


@click.command("extract")
@click.argument("file", type=click.Path(dir_okay=True, allow_dash=False))
@click.option("--format", "out_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Plain text, or the auditor.document/1 JSON.")
@click.option("--password", default=None, help="Password of an encrypted PDF.")
@click.option("--engine", default=None,
              help="PDF engine: pdfium (default) or pypdf. Ignored for other formats.")
@click.option("--dialect", type=click.Choice(["gfm", "commonmark", "pandoc"]), default=None,
              help="Markdown dialect (guessed from the syntax when omitted).")
@click.option("--from", "from_format", type=click.Choice(FORMATS), default=None,
              help="Read the file as this format instead of sniffing its content.")
@output_option
def extract_cmd(file: str, out_format: str, password: str | None, engine: str | None,
                dialect: str | None, from_format: str | None, output: str | None) -> None:
    """Extract the text of FILE (PDF, DOCX, HTML, Markdown or text), free of typesetting noise.

    \b
    Example:
      auditor extract fixtures/report-draft.pdf
      auditor extract report.html --format json -o report.json
    """
    doc = extract(file, password=password, engine=engine, fmt=from_format, dialect=dialect)
    if out_format == "json":
        emit(json.dumps(doc.to_dict(), ensure_ascii=False, indent=2), output)
    else:
        emit(doc.text, output)
