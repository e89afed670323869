"""``auditor recs …``: the reviewer's recommendations and what became of them."""

from __future__ import annotations

import json
from pathlib import Path

import click

from auditor import review_terms as terms
from auditor.cli.common import emit, output_option
from auditor.cli.ledger_options import ledger_option, open_ledger, terminal
from auditor.errors import FileMissingError

# The library is imported inside each command: `auditor --help` should not pay for it.


@click.group("recs")
def recs_cmd() -> None:
    """Track recommendations and print the implementation table both parties can check.

    \b
    Example:
      auditor recs add --id R1 --category Elicitation --urgency high --text "…"
      auditor recs status R1 --party author --status implemented
      auditor recs status R1 --party reviewer --status partial --rationale "…"
      auditor recs table --format markdown
    """


@recs_cmd.command("add")
@click.option("--id", "rec_id", required=True, help="A new id, e.g. R7.")
@click.option("--category", required=True)
@click.option("--urgency", required=True, help="high or normal.")
@click.option("--text", required=True, help="The recommendation.")
@ledger_option
def add_cmd(ledger_path: str, rec_id: str, category: str, urgency: str, text: str) -> None:
    """Record a recommendation."""
    from auditor import recs as rc

    e = rc.add_rec(open_ledger(ledger_path), id=rec_id, category=category, urgency=urgency,
                   text=text)
    click.echo(f"{rec_id} added (seq {e.seq})")


@recs_cmd.command("status")
@click.argument("rec_id", metavar="ID")
@click.option("--party", required=True, help="author or reviewer.")
@click.option("--status", required=True,
              help="implemented, partial, not-adopted or pending.")
@click.option("--rationale", default=None)
@click.option("--evidence", default=None, help="A URL or a quote showing the status.")
@ledger_option
def status_cmd(ledger_path: str, rec_id: str, party: str, status: str, rationale: str | None,
               evidence: str | None) -> None:
    """Record a party's status for recommendation ID (the latest one counts)."""
    from auditor import recs as rc

    e = rc.set_status(open_ledger(ledger_path), rec_id, party=party, status=status,
                      rationale=rationale, evidence=evidence)
    click.echo(f"{rec_id} {party}: {status} (seq {e.seq})")


@recs_cmd.command("list")
@click.option("--format", "fmt", type=click.Choice(["terminal", "json"]), default="terminal",
              show_default=True)
@ledger_option
def list_cmd(ledger_path: str, fmt: str) -> None:
    """List the recommendations with both parties' statuses."""
    from auditor import recs as rc

    items = [r.to_dict() for r in rc.load_recs(open_ledger(ledger_path))]
    if fmt == "json":
        click.echo(json.dumps({"schema": rc.RECS_SCHEMA, "items": items}, ensure_ascii=False,
                              indent=2))
        return
    from auditor.render.terminal_ledger import render_recs_list

    width, color = terminal()
    click.echo(render_recs_list(items, width, color), nl=False)


@recs_cmd.command("table")
@click.option("--format", "fmt", default="terminal", show_default=True,
              type=click.Choice(["terminal", "markdown", "html", "latex", "json"]))
@click.option("--count-partial", type=click.Choice(terms.COUNT_PARTIAL),
              default="denominator-only", show_default=True,
              help="Whether a partially addressed item counts as implemented.")
@click.option("--party", type=click.Choice(terms.PARTIES), default="reviewer", show_default=True,
              help="Whose statuses the table counts (the other party's fill gaps).")
@output_option
@ledger_option
def table_cmd(ledger_path: str, fmt: str, count_partial: str, party: str,
              output: str | None) -> None:
    """Print the implementation table per category, with the reconciliation."""
    from auditor import recs as rc
    from auditor.recs_table import implementation_table
    from auditor.render import recs_table as rt

    data = implementation_table(rc.load_recs(open_ledger(ledger_path)),
                                count_partial=count_partial, party=party)
    if fmt == "json":
        emit(json.dumps(data, ensure_ascii=False, indent=2), output)
    elif fmt == "terminal":
        from auditor.render.terminal_ledger import render_recs_table

        width, color = terminal()
        emit(render_recs_table(data, width, color and output is None), output)
    else:
        render = {"markdown": rt.render_markdown, "html": rt.render_html,
                  "latex": rt.render_latex}[fmt]
        emit(render(data), output)


@recs_cmd.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@ledger_option
def import_cmd(ledger_path: str, file: str) -> None:
    """Add recommendations from a CSV or JSON file (the export format), all or nothing."""
    from auditor import recs as rc

    path = Path(file)
    if not path.is_file():
        raise FileMissingError(f"{file}: no such file", "check the path")
    entries = rc.import_recs(open_ledger(ledger_path), path.read_bytes(), file)
    added = sum(1 for e in entries if e.type == "rec.add")
    click.echo(f"imported {added} recommendations ({len(entries)} entries, seq "
               f"{entries[0].seq}–{entries[-1].seq})")


@recs_cmd.command("export")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json",
              show_default=True)
@output_option
@ledger_option
def export_cmd(ledger_path: str, fmt: str, output: str | None) -> None:
    """Write every recommendation and both parties' statuses (re-importable)."""
    from auditor import recs as rc

    emit(rc.export_recs(rc.load_recs(open_ledger(ledger_path)), fmt), output)
