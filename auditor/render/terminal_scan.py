"""The scan report for people: most serious findings first, evidence masked unless asked."""

from __future__ import annotations

import io

from rich.console import Console
from rich.text import Text

from auditor.scan.findings import Finding, ScanReport

_STYLE = {"high": "bold red", "medium": "yellow", "low": "cyan"}


def render_scan(report: ScanReport, show_secrets: bool = False, width: int = 100) -> str:
    """The report as terminal text (ANSI styles; the CLI strips them when not on a terminal)."""
    out = io.StringIO()
    console = Console(file=out, width=width, force_terminal=True, color_system="standard",
                      highlight=False, soft_wrap=True)
    console.print(_headline(report))
    if report.removed_source:
        console.print(f"removed passages searched: {report.removed_passages} "
                      f"({report.removed_source})")
    for finding in report.findings:
        console.print(_finding_line(finding))
        console.print(_evidence_line(finding, show_secrets))
    for warning in report.warnings:
        console.print(Text(f"warning: {warning}", style="dim"))
    if report.findings and not show_secrets and any(f.evidence for f in report.findings):
        console.print(Text("evidence is masked; --show-secrets reveals it", style="dim"))
    return out.getvalue()


def _headline(report: ScanReport) -> Text:
    counts = report.counts()
    pages = f", {report.pages} page{'s' if report.pages != 1 else ''}" if report.pages else ""
    text = Text(f"{report.path} ({report.format}{pages}): ", style="bold")
    if not report.findings:
        text.append("no findings", style="green")
    else:
        text.append(f"{len(report.findings)} finding(s): " + ", ".join(
            f"{counts[s]} {s}" for s in ("high", "medium", "low") if counts[s]))
    verdict = "FAIL" if report.failed() else "pass"
    text.append(f"  [--fail-on {report.fail_on}: {verdict}]",
                style="bold red" if report.failed() else "green")
    return text


def _finding_line(f: Finding) -> Text:
    text = Text(f"{f.severity.upper():<7}", style=_STYLE[f.severity])
    text.append(f"{f.check:<22} ", style="bold")
    where = f"p.{f.page}" if f.page else "doc"
    if f.bbox:
        where += " [" + " ".join(f"{v:.1f}" for v in f.bbox) + "]"
    text.append(f"{where}  {f.message}")
    if f.location:
        text.append(f"  ({f.location})", style="dim")
    return text


def _evidence_line(f: Finding, show: bool) -> Text:
    if f.evidence is None:
        return Text("")
    if show:
        body = " / ".join(line.strip() for line in f.evidence.splitlines() if line.strip())
        text = Text("       evidence: ", style="dim")
        text.append(body[:400] + ("…" if len(body) > 400 else ""))
    else:
        text = Text(f"       evidence: {len(f.evidence)} characters (masked)", style="dim")
    if f.removed is not None and show:
        text.append(f"  removed passage: {f.removed[:120]}", style="dim")
    return text
