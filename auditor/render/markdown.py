"""Markdown for a pull request or an issue: the verdict, a summary, then each change with
its sentence, deleted words ~~struck~~ and inserted words **bold**."""

from __future__ import annotations

import re

from auditor.models import Change, Comparison, Source
from auditor.render.inline import (
    Line,
    change_lines,
    changed_statements,
    class_groups,
    conclusions_line,
    counts_line,
    location,
)

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")
_SPACES = re.compile(r"\s+")


def render(cmp: Comparison) -> str:
    """The whole comparison as GitHub-flavoured Markdown."""
    out = [f"# Changes: {_name(cmp.before)} → {_name(cmp.after)}", "",
           f"**{conclusions_line(cmp)}**", "", counts_line(cmp), ""]
    out += _files(cmp)
    statements = changed_statements(cmp)
    if statements:
        out += ["## Conclusions", ""]
        out += [f"- **{status}**: {escape(text)}" + (f" (`{ids}`)" if ids else "")
                for status, text, ids in statements]
        out.append("")
    groups = class_groups(cmp.changes)
    for n, change in enumerate(cmp.changes, 1):
        if n - 1 in groups:
            out += [f"## {groups[n - 1]}", ""]
        out += _change(n, change)
    out += _furniture(cmp)
    if cmp.warnings:
        out += ["## Warnings", "", *(f"- {escape(w)}" for w in cmp.warnings), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def escape(text: str) -> str:
    """Text that Markdown shows literally."""
    return _SPECIAL.sub(r"\\\1", _SPACES.sub(" ", text))


def _name(src: Source) -> str:
    return f"`{src.path}`" if src.path else "(in memory)"


def _files(cmp: Comparison) -> list[str]:
    rows = ["| | file | format | pages | sha256 |", "|---|---|---|---|---|"]
    for label, src in (("before", cmp.before), ("after", cmp.after)):
        rows.append(f"| {label} | {_name(src)} | {src.format} | {src.pages or '–'} | "
                    f"`{src.sha256[:12]}` |")
    return [*rows, ""]


def _change(n: int, change: Change) -> list[str]:
    where = location(change)
    head = f"### {n}. {change.op} · {change.cls}" + (f" · {escape(where)}" if where else "")
    lines = [head, ""]
    if change.reason:
        lines += [f"*{escape(change.reason)}*", ""]
    if change.move_id:
        lines += [f"Inside the moved block `{change.move_id}`.", ""]
    for label, pieces in change_lines(change):
        prefix = f"**{label.capitalize()}:** " if label else ""
        lines.append(f"> {prefix}{_pieces(pieces)}")
        lines.append(">")
    lines[-1] = ""
    return [*lines, f"<sub>id `{change.id}`</sub>", ""]


def _pieces(pieces: Line) -> str:
    out = []
    for kind, text in pieces:
        if not text:
            continue
        if kind == "same":
            out.append(escape(text) if text.strip() else " ")
            continue
        lead = " " if text[:1].isspace() else ""
        tail = " " if text[-1:].isspace() else ""
        mark = "~~" if kind == "del" else "**"
        out.append(f"{lead}{mark}{escape(text.strip())}{mark}{tail}" if text.strip() else text)
    return "".join(out).strip()


def _furniture(cmp: Comparison) -> list[str]:
    if not (cmp.furniture_before or cmp.furniture_after):
        return []
    out = ["## Page furniture (not compared)", ""]
    for label, items in (("before", cmp.furniture_before), ("after", cmp.furniture_after)):
        if items:
            out.append(f"- {label}: " + "; ".join(f"`{escape(t)}`" for t in items))
    return [*out, ""]
