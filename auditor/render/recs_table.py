"""The recommendations implementation table as Markdown, HTML or LaTeX.

Input is the ``auditor.recs-table/1`` document (:func:`auditor.recs_table.implementation_table`),
so every format shows the same numbers as the JSON. Category names are user text and are
escaped for each format.
"""

from __future__ import annotations

from typing import Any

from auditor.render import escape

HEADERS = ("Category", "Implemented / Recommended (High-urgency)",
           "Implemented / Recommended (Total)")


def _cells(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(r["category"], r["high"]["cell"], r["total"]["cell"])
            for r in [*data["rows"], data["total"]]]


def render_markdown(data: dict[str, Any]) -> str:
    """A pipe table, the counting note, and the reconciliation as a list."""
    lines = [f"| {' | '.join(HEADERS)} |", "|---|---:|---:|"]
    *rows, total = _cells(data)
    lines += [f"| {escape.markdown(c).strip()} | {h} | {t} |" for c, h, t in rows]
    lines.append(f"| **{total[0]}** | **{total[1]}** | **{total[2]}** |")
    lines += ["", escape.markdown(data["note"]).strip(), "", "**Reconciliation**", ""]
    lines += [f"- {escape.markdown(x).strip()}" for x in data["reconciliation"]["lines"]]
    return "\n".join(lines) + "\n"


def render_html(data: dict[str, Any]) -> str:
    """A ``<table>`` with a ``<tfoot>`` total, the counting note, and the reconciliation."""
    *rows, total = _cells(data)
    head = "".join(f"<th>{escape.html_text(h)}</th>" for h in HEADERS)
    body = "\n".join(f"<tr><td>{escape.html_text(c).strip()}</td><td>{h}</td><td>{t}</td></tr>"
                     for c, h, t in rows)
    items = "\n".join(f"<li>{escape.html_text(x).strip()}</li>"
                      for x in data["reconciliation"]["lines"])
    return (f'<table class="auditor-recs">\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n'
            f"</tbody>\n<tfoot><tr><th>{total[0]}</th><td>{total[1]}</td><td>{total[2]}</td>"
            f"</tr></tfoot>\n</table>\n<p>{escape.html_text(data['note']).strip()}</p>\n"
            f"<p><strong>Reconciliation</strong></p>\n<ul>\n{items}\n</ul>\n")


def render_latex(data: dict[str, Any]) -> str:
    """A ``tabular`` (no packages needed), the counting note, and an ``itemize``."""
    *rows, total = _cells(data)
    head = " & ".join(escape.latex(h) for h in HEADERS)
    lines = ["\\begin{tabular}{lrr}", "\\hline", f"{head} \\\\", "\\hline"]
    lines += [f"{escape.latex(c).strip()} & {h} & {t} \\\\" for c, h, t in rows]
    lines += ["\\hline", f"\\textbf{{{total[0]}}} & \\textbf{{{total[1]}}} & "
              f"\\textbf{{{total[2]}}} \\\\", "\\hline", "\\end{tabular}", "",
              escape.latex(data["note"]).strip(), "", "\\paragraph{Reconciliation}",
              "\\begin{itemize}"]
    lines += [f"  \\item {escape.latex(x).strip()}" for x in data["reconciliation"]["lines"]]
    lines.append("\\end{itemize}")
    return "\n".join(lines) + "\n"
