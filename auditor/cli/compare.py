"""``auditor compare BEFORE AFTER``."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

import click

from auditor.cli.common import emit, output_option
from auditor.config import load_config
from auditor.errors import ExitCode
from auditor.models import FAIL_LEVELS, Comparison

if TYPE_CHECKING:
    from auditor.changes import Progress

#: Inputs at least this big get a progress bar (on a terminal only).
PROGRESS_BYTES = 256 * 1024


@click.command("compare")
@click.argument("before", type=click.Path(dir_okay=True, allow_dash=False))
@click.argument("after", type=click.Path(dir_okay=True, allow_dash=False))
@click.option("--format", "out_format",
              type=click.Choice(["terminal", "json", "markdown", "html"]),
              default="terminal", show_default=True,
              help="Terminal text, auditor.compare/1 JSON, Markdown for a pull request, or a "
                   "self-contained HTML report (side by side, redline, page pictures).")
@output_option
@click.option("--fail-on", type=click.Choice(FAIL_LEVELS), default=None,
              help="Exit 1 when a change at or above this level exists "
                   "(redaction > material > editorial; 'any' = any change).")
@click.option("--password", default=None, help="Password of encrypted PDFs.")
@click.option("--engine", default=None, help="PDF engine: pdfium (default) or pypdf.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="Classification settings (TOML). Default: [tool.auditor] in a "
                   "pyproject.toml next to AFTER (or BEFORE).")
def compare_cmd(before: str, after: str, out_format: str, output: str | None,
                fail_on: str | None, password: str | None, engine: str | None,
                config_path: str | None) -> int:
    """Show every real change between BEFORE and AFTER, none of the typesetting noise.

    Any pair of PDF, DOCX, HTML, Markdown or text files. Exits 0 unless --fail-on is
    given and a change at or above that level exists (then 1).

    \b
    Example:
      auditor compare draft.pdf published.pdf
      auditor compare draft.docx published.html --format markdown -o changes.md
      auditor compare draft.md published.md --fail-on material
      auditor compare draft.pdf published.pdf --config auditor.toml
      auditor compare draft.pdf published.pdf --format html -o report.html
    """
    from auditor.compare import compare, compare_documents, has_changes_at  # a big import

    config = load_config(config_path, near=[after, before])
    with _progress(before, after) as progress:
        if out_format == "html":
            from auditor.render.html import render_html

            result, *docs = compare_documents(before, after, password=password, engine=engine,
                                              config=config, progress=progress)
            text = render_html(result, *docs)
        else:
            result = compare(before, after, password=password, engine=engine, config=config,
                             progress=progress)
            text = _render(result, out_format, output)
    emit(text, output)
    if fail_on and has_changes_at(result, fail_on):
        return ExitCode.FINDINGS
    return ExitCode.OK


def _render(result: Comparison, out_format: str, output: str | None) -> str:
    if out_format == "json":
        from auditor.render.json import render as render_json

        return render_json(result)
    if out_format == "markdown":
        from auditor.render.markdown import render as render_markdown

        return render_markdown(result)
    from auditor.render.terminal import render as render_terminal

    color = output in (None, "-") and _color_wanted()
    width = shutil.get_terminal_size((100, 24)).columns if color else 100
    return render_terminal(result, color=color, width=width)


def _color_wanted() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR") and \
        os.environ.get("TERM") != "dumb"


def _progress(*paths: str) -> AbstractContextManager[Progress | None]:
    if not sys.stderr.isatty() or not any(_size(p) >= PROGRESS_BYTES for p in paths):
        return nullcontext(None)
    return _bar()


@contextmanager
def _bar() -> Iterator[Progress]:
    from auditor.render.terminal import progress_bar

    with progress_bar() as update:
        yield update


def _size(path: str) -> int:
    try:
        return Path(path).stat().st_size
    except OSError:
        return 0
