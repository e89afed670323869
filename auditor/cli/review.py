"""``auditor review …``: record a pre-publication review, check it, and disclose it."""

from __future__ import annotations

import json

import click

from auditor import review_terms as terms
from auditor.cli.ledger_options import ledger_option, open_ledger, terminal, warn
from auditor.cli.review_report import footnote_cmd, reconcile_cmd
from auditor.errors import LedgerError, UsageError

# The library is imported inside each command: `auditor --help` should not pay for it.


@click.group("review")
def review_cmd() -> None:
    """Record a pre-publication review: documents, edit requests, decisions, appeals.

    \b
    Example:
      auditor review init --title "Safeguards Review" --author Northwind --reviewer "Lumen Labs"
      auditor review add-doc draft.txt --label draft
      auditor review request --by "Lumen Labs" --kind redaction --basis confidentiality \\
          --quote "the red-team playbook RT-17"
      auditor review decide E1 --decision accepted --by Northwind
      auditor review add-doc published.txt --label published
      auditor review reconcile && auditor review footnote --format markdown
    """


@review_cmd.command("init")
@click.option("--title", required=True, help="Title of the report under review.")
@click.option("--author", required=True, help="Who wrote the report (decides on requests).")
@click.option("--reviewer", required=True, help="Who reviewed the draft.")
@click.option("--agreement", default=None,
              help="The agreement the review happened under; reads after 'under …'.")
@click.option("--scope", default=None,
              help="What the reviewer could ask for; reads after 'The agreed scope … was'.")
@ledger_option
def init_cmd(ledger_path: str, title: str, author: str, reviewer: str, agreement: str | None,
             scope: str | None) -> None:
    """Start a review ledger (and the secret key that seals quotes)."""
    from auditor import quotes
    from auditor import review as rv

    ledger = open_ledger(ledger_path)
    rv.init_review(ledger, title=title, author=author, reviewer=reviewer, agreement=agreement,
                   scope=scope)
    click.echo(f"started {ledger.path}: review of “{title.strip()}”")
    click.echo(f"key for sealed quotes: {quotes.key_path(ledger.path)} (keep it; never "
               "publish or commit it)")


@review_cmd.command("add-doc")
@click.argument("file", type=click.Path(dir_okay=True))
@click.option("--label", required=True, type=click.Choice(terms.LABELS),
              help="Which version this is.")
@ledger_option
def add_doc_cmd(ledger_path: str, file: str, label: str) -> None:
    """Record a version of the document by SHA-256, size and format."""
    from auditor import review as rv

    e = rv.add_document(open_ledger(ledger_path), file, label)
    d = e.data
    click.echo(f"seq {e.seq}: {label} {d['path']} sha256 {d['sha256'][:16]}… "
               f"({d['format']}, {d['size']} bytes)")


@review_cmd.command("request")
@click.option("--by", required=True, help="Who asked for the edit.")
@click.option("--kind", required=True, type=click.Choice(terms.KINDS))
@click.option("--basis", required=True, help="The basis given, e.g. confidentiality.")
@click.option("--quote", required=True, help="The draft's text the request is about.")
@click.option("--mandatory/--recommended", default=True, show_default=True)
@click.option("--reason", default=None, help="The reason the requester gave.")
@click.option("--within-scope/--outside-scope", default=True, show_default=True,
              help="Whether the request falls within the agreed scope of review.")
@click.option("--location", default=None, help="Where in the draft, e.g. 'Method' or 'p. 4'.")
@click.option("--keep-quote/--seal-quote", default=None,
              help="Store the quote verbatim, or only sealed (default: sealed for redactions).")
@ledger_option
def request_cmd(ledger_path: str, by: str, kind: str, basis: str, quote: str, mandatory: bool,
                reason: str | None, within_scope: bool, location: str | None,
                keep_quote: bool | None) -> None:
    """Record an edit request; prints its id (E1, E2, …)."""
    from auditor import review as rv

    click.echo(rv.add_request(open_ledger(ledger_path), by=by, kind=kind, basis=basis,
                              quote=quote, mandatory=mandatory, within_scope=within_scope,
                              reason=reason, location=location, keep_quote=keep_quote))


@review_cmd.command("decide")
@click.argument("request_id", metavar="ID")
@click.option("--decision", required=True, type=click.Choice(terms.DECISIONS))
@click.option("--by", required=True, help="Who decided.")
@click.option("--note", default=None, help="Why, or how the edit was modified.")
@click.option("--affects-conclusions/--conclusions-unaffected", default=None,
              help="Whether making this edit changes the report's conclusions.")
@ledger_option
def decide_cmd(ledger_path: str, request_id: str, decision: str, by: str, note: str | None,
               affects_conclusions: bool | None) -> None:
    """Record the decision on request ID."""
    from auditor import review as rv

    e = rv.decide(open_ledger(ledger_path), request_id, decision=decision, by=by, note=note,
                  affects_conclusions=affects_conclusions)
    click.echo(f"{request_id} {decision} (seq {e.seq})")


@review_cmd.command("appeal")
@click.argument("request_id", metavar="ID")
@click.option("--by", required=True, help="Who appeals (or resolves the appeal).")
@click.option("--reason", default=None, help="Why the decision is appealed.")
@click.option("--resolve", "outcome", type=click.Choice(terms.OUTCOMES), default=None,
              help="Close the open appeal with this outcome instead.")
@click.option("--note", default=None, help="A note on the outcome.")
@ledger_option
def appeal_cmd(ledger_path: str, request_id: str, by: str, reason: str | None,
               outcome: str | None, note: str | None) -> None:
    """Appeal the decision on request ID, or --resolve the open appeal."""
    from auditor import review as rv

    ledger = open_ledger(ledger_path)
    if outcome is not None:
        e = rv.resolve_appeal(ledger, request_id, outcome=outcome, by=by, note=note)
        click.echo(f"{request_id} appeal {outcome} (seq {e.seq})")
        return
    if reason is None:
        raise UsageError("--reason is required to open an appeal",
                         "or pass --resolve upheld|overturned|withdrawn to close one")
    e = rv.appeal(ledger, request_id, by=by, reason=reason)
    click.echo(f"{request_id} appeal opened (seq {e.seq})")


@review_cmd.command("log")
@click.option("--format", "fmt", type=click.Choice(["terminal", "json"]), default="terminal",
              show_default=True)
@ledger_option
def log_cmd(ledger_path: str, fmt: str) -> None:
    """Show every entry of the ledger (after checking the chain)."""
    from auditor.ledger_log import log_json, log_rows

    ledger = open_ledger(ledger_path)
    entries = ledger.entries()
    if fmt == "json":
        click.echo(json.dumps(log_json(str(ledger.path), entries), ensure_ascii=False,
                              indent=2))
        return
    from auditor.render.terminal_ledger import render_log

    width, color = terminal()
    click.echo(render_log(log_rows(entries), width, color), nl=False)


@review_cmd.command("verify")
@click.option("--anchor", default=None, metavar="SEQ:HASH",
              help="Also check that entry SEQ has this hash (prefix), e.g. from a footnote.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--drop-unfinished", is_flag=True,
              help="First move an interrupted write aside into <ledger>.torn.")
@click.option("--reseal", is_flag=True,
              help="First make the head file cover entries a crash left uncovered.")
@ledger_option
def verify_cmd(ledger_path: str, anchor: str | None, fmt: str, drop_unfinished: bool,
               reseal: bool) -> None:
    """Check the hash chain; exit 4 naming the first bad seq. Never repairs anything."""
    ledger = open_ledger(ledger_path)
    if drop_unfinished:
        moved = ledger.drop_unfinished()
        warn(f"moved {moved} bytes of an unfinished write to {ledger.path}.torn")
    if reseal:
        warn(f"the head file now records seq {ledger.reseal().seq}")
    report = ledger.verify(_anchor(anchor))
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    for w in report.warnings:
        warn(w)
    if report.problem is not None:
        raise LedgerError(f"{ledger.path}: {report.problem.message}", report.problem.hint)
    if fmt == "text":
        click.echo(f"ok: {ledger.path}: {report.entries} entries, chain intact; head seq "
                   f"{report.head_seq} sha256 {(report.head_hash or '')[:16]}")


def _anchor(raw: str | None) -> tuple[int, str] | None:
    if raw is None:
        return None
    seq, _, digest = raw.partition(":")
    if not seq.isdigit() or len(digest) < 8 or any(c not in "0123456789abcdefABCDEF"
                                                   for c in digest):
        raise UsageError(f"--anchor '{raw}' is not SEQ:HASH",
                         "give the seq and at least 8 hex digits, e.g. 9:3f9a1b2c")
    return int(seq), digest


review_cmd.add_command(reconcile_cmd)
review_cmd.add_command(footnote_cmd)
