"""``auditor review reconcile`` and ``auditor review footnote``: the record against the text."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

import click

from auditor.cli.common import emit, output_option
from auditor.cli.ledger_options import ledger_option, open_ledger, terminal
from auditor.errors import ExitCode
from auditor.review_terms import CONCLUSIONS, FAIL_ON, FOOTNOTE_FORMATS

F = TypeVar("F", bound=Callable[..., Any])


def document_options(fn: F) -> F:
    """--draft / --published / --comparison: where the recorded documents are now."""
    for option in reversed([
        click.option("--draft", type=click.Path(dir_okay=False), default=None,
                     help="The recorded draft, if it moved (its SHA-256 must match)."),
        click.option("--published", type=click.Path(dir_okay=False), default=None,
                     help="The recorded published version, if it moved."),
        click.option("--comparison", type=click.Path(dir_okay=False), default=None,
                     help="A saved 'auditor compare --format json' of the two, used instead "
                          "of comparing again."),
    ]):
        fn = option(fn)
    return fn


@click.command("reconcile")
@document_options
@click.option("--format", "fmt", type=click.Choice(["terminal", "json"]), default="terminal",
              show_default=True)
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="none", show_default=True,
              help="Exit 1 on undisclosed changes, requests not applied, or any finding.")
@output_option
@ledger_option
def reconcile_cmd(ledger_path: str, draft: str | None, published: str | None,
                  comparison: str | None, fmt: str, fail_on: str, output: str | None) -> int:
    """Check the ledger against the comparison of the recorded draft and published files.

    \b
    Reports changes no accepted request explains (undisclosed), requests recorded as
    made that the text does not show, requests outside the agreed scope, and more.
    Example (CI):  auditor review reconcile --fail-on undisclosed
    """
    from auditor.reconcile import to_dict
    from auditor.review_inputs import load_inputs

    inputs = load_inputs(open_ledger(ledger_path), draft=draft, published=published,
                         comparison=comparison)
    rec = inputs.reconcile()
    data = to_dict(rec, inputs.comparison, inputs.review)
    if fmt == "json":
        emit(json.dumps(data, ensure_ascii=False, indent=2), output)
    else:
        from auditor.render.terminal_ledger import render_reconcile

        width, color = terminal()
        emit(render_reconcile(data, width, color and output is None), output)
    if rec.fails(fail_on):
        click.echo(f"auditor: reconcile found {fail_on} findings (--fail-on {fail_on})",
                   err=True)
        return ExitCode.FINDINGS
    return ExitCode.OK


@click.command("footnote")
@document_options
@click.option("--format", "fmt", type=click.Choice(FOOTNOTE_FORMATS), default="markdown",
              show_default=True)
@click.option("--lang", default="en", show_default=True, help="Language (en).")
@click.option("--show-declined", is_flag=True, help="Also describe the declined requests.")
@click.option("--conclusions", type=click.Choice(CONCLUSIONS), default="auto",
              show_default=True,
              help="What to state about the conclusions; 'unchanged' is refused when the "
                   "record says otherwise.")
@click.option("--allow-unreconciled", is_flag=True,
              help="Write the footnote even if reconcile finds gaps, and state them in it.")
@output_option
@ledger_option
def footnote_cmd(ledger_path: str, draft: str | None, published: str | None,
                 comparison: str | None, fmt: str, lang: str, show_declined: bool,
                 conclusions: str, allow_unreconciled: bool, output: str | None) -> None:
    """Write the transparency footnote from the ledger and the comparison.

    Refuses (exit 1) to write anything the record does not support.
    """
    from auditor.footnote import build_footnote
    from auditor.render.footnote import render_footnote
    from auditor.review_inputs import load_inputs

    inputs = load_inputs(open_ledger(ledger_path), draft=draft, published=published,
                         comparison=comparison)
    note = build_footnote(
        inputs.review, inputs.comparison, inputs.reconcile(), show_declined=show_declined,
        conclusions=conclusions, allow_unreconciled=allow_unreconciled, lang=lang,
        published_text=inputs.published.text if inputs.published else None)
    emit(render_footnote(note, fmt), output)
