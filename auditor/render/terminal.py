"""Terminal output with rich (the only module that imports it).

A summary first — the verdict on the conclusions, counts by class and operation, pages —
then each change with its location and its sentence, deleted words in red and struck, new
words in green. Without colour (piped, ``NO_COLOR``, written to a file) the marks are
``[-old-]`` and ``{+new+}`` as in ``git diff --word-diff``.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.text import Text

from auditor.changes import Progress as ProgressCallback
from auditor.models import Change, Comparison
from auditor.render.inline import (
    Line,
    change_lines,
    changed_statements,
    class_groups,
    conclusions_line,
    counts_line,
    location,
)

_CLASS_STYLE = {"redaction": "bold magenta", "material": "bold yellow", "editorial": "cyan"}
_PLAIN_MARKS = {"del": ("[-", "-]"), "ins": ("{+", "+}"), "same": ("", "")}


def render(cmp: Comparison, *, color: bool = False, width: int = 100) -> str:
    """The comparison as terminal text, with ANSI colours only when ``color``."""
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=color, no_color=not color, width=width,
                      highlight=False, emoji=False, soft_wrap=not color)
    changed = cmp.conclusions.changed
    console.print(Text(conclusions_line(cmp), style="bold red" if changed else "bold"))
    console.print(Text(f"{cmp.before.path or 'before'} → {cmp.after.path or 'after'}"))
    for status, text, ids in changed_statements(cmp):
        console.print(Text(f"  conclusion {status}: {text}" + (f"  ({ids})" if ids else ""),
                           style="red" if changed else ""))
    console.print(Text(counts_line(cmp), style="bold"))
    groups = class_groups(cmp.changes)
    for n, change in enumerate(cmp.changes, 1):
        if n - 1 in groups:
            console.print()
            console.print(Text(f"── {groups[n - 1]} ──",
                               style=_CLASS_STYLE.get(change.cls, "")))
        console.print()
        console.print(_heading(n, change))
        for label, pieces in change_lines(change):
            console.print(_line(label, pieces, color))
    for label, items in (("before", cmp.furniture_before), ("after", cmp.furniture_after)):
        if items:
            console.print()
            console.print(Text(f"Furniture ({label}, not compared): " + "; ".join(items),
                               style="dim"))
    for w in cmp.warnings:
        console.print(Text(f"warning: {w}", style="yellow"))
    return buf.getvalue()


def _heading(n: int, change: Change) -> Text:
    t = Text(f"{n:>3}  ")
    t.append(change.op, style="bold")
    t.append("  ")
    t.append(change.cls, style=_CLASS_STYLE.get(change.cls, ""))
    where = location(change)
    if where:
        t.append(f"  {where}", style="dim")
    if change.reason:
        t.append(f"  — {change.reason}")
    if change.move_id:
        t.append(f"  (inside moved block {change.move_id})", style="dim")
    t.append(f"  {change.id}", style="dim")
    return t


def _line(label: str, pieces: Line, color: bool) -> Text:
    t = Text("     " + (f"{label}: " if label else ""), style="dim" if label else "")
    for kind, text in pieces:
        if not text:
            continue
        text = " ".join(text.split("\n"))
        if color:
            style = {"del": "red strike", "ins": "bold green", "same": ""}[kind]
            t.append(text, style=style)
        else:
            open_, close = _PLAIN_MARKS[kind]
            t.append(f"{open_}{text}{close}")
    return t


@contextmanager
def progress_bar() -> Iterator[ProgressCallback]:
    """A progress bar on stderr; yields the callback ``compare`` reports to."""
    console = Console(file=sys.stderr)
    with Progress(TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn(),
                  console=console, transient=True) as bar:
        tasks: dict[str, TaskID] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=max(total, 1))
            bar.update(tasks[stage], completed=done, total=max(total, 1))

        yield update
