"""How well does classification match a careful human? Measured on fixtures/labelled/.

For every labelled document pair (text, and PDF where the pair has PDFs) this runs the real
``auditor.compare`` and matches each labelled edit to the changes the tool reported at the
same place (overlapping spans in either version). The edit's *predicted* class is the most
serious class among those changes, or "not found".

Printed:

* the confusion matrix (expected class × predicted class);
* the **missed-material rate**: redaction/material edits reported as editorial or not found
  (target ≤ 2 %);
* the **false-alarm rate**: editorial edits reported as material or redaction (≤ 10 %);
* the conclusions verdict per document (must be right on every one);
* how often the expected rule id is among the rules that fired, and in_conclusions agreement;
* tool changes that match no label (diff noise or split edits).

Usage::

    python benchmarks/classify_eval.py [--format txt|pdf|all] [--show-errors]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auditor.config import load_config
from auditor.extract import extract
from auditor.models import Change, Comparison, Document
from auditor.normalize import clean_inline

ROOT = Path(__file__).resolve().parent.parent
LABELLED = ROOT / "fixtures" / "labelled"
CLASSES = ("redaction", "material", "editorial")
PREDICTED = (*CLASSES, "not found")
Span = tuple[int, int]


@dataclass
class Outcome:
    """One labelled edit and what the tool said about it."""

    pair: str
    fmt: str
    label: dict[str, Any]
    predicted: str
    rules: tuple[str, ...]
    in_conclusions: bool | None
    reasons: tuple[str, ...]


@dataclass
class PairResult:
    pair: str
    fmt: str
    verdict_expected: bool
    verdict_found: bool
    outcomes: list[Outcome]
    unmatched: list[Change] = field(default_factory=list)
    unlocated: list[str] = field(default_factory=list)


def compare_pair(before: Document, after: Document, folder: Path) -> Comparison:
    from auditor.compare import compare

    config = load_config(None, near=[folder / "after.txt"])
    return compare(before, after, config=config)


def locate(text: str, piece: str) -> Span | None:
    """Where ``piece`` (whitespace-collapsed) sits in ``text``; tolerant of line-end
    hyphenation and spacing differences that PDF extraction may leave."""
    piece = clean_inline(piece)
    i = text.find(piece)
    if i >= 0:
        return i, i + len(piece)
    words = re.findall(r"\w+|[^\w\s]", piece)
    if not words:
        return None
    m = re.search(r"\s*".join(re.escape(w) for w in words), text)
    return (m.start(), m.end()) if m else None


def regions(label: dict[str, Any], before: Document, after: Document
            ) -> tuple[Span | None, Span | None]:
    """The changed stretch of a labelled edit in each version (None when absent)."""
    if "move" in label:
        return locate(before.text, label["move"]), locate(after.text, label["move"])
    old, new = clean_inline(label["before"]), clean_inline(label["after"])
    p = 0
    while p < min(len(old), len(new)) and old[p] == new[p]:
        p += 1
    s = 0
    while s < min(len(old), len(new)) - p and old[-1 - s] == new[-1 - s]:
        s += 1
    b_at = locate(before.text, old)
    a_at = locate(after.text, new) if new else None
    b_region = (b_at[0] + p, b_at[1] - s) if b_at else None
    a_region = (a_at[0] + p, a_at[1] - s) if a_at else None
    return b_region, a_region


def _touches(side_span: Span | None, region: Span | None) -> bool:
    if side_span is None or region is None:
        return False
    (a0, a1), (b0, b1) = side_span, region
    if a0 == a1 or b0 == b1:
        return max(a0, b0) <= min(a1, b1)
    return a0 < b1 and b0 < a1


def _span(change: Change, which: str) -> Span | None:
    side = change.before if which == "before" else change.after
    return (side.start, side.end) if side is not None else None


def evaluate_pair(folder: Path, fmt: str) -> PairResult:
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    before = extract(folder / f"before.{fmt}")
    after = extract(folder / f"after.{fmt}")
    comparison = compare_pair(before, after, folder)
    result = PairResult(folder.name, fmt, labels["conclusions_changed"],
                        comparison.conclusions.changed, [])
    used: set[str] = set()
    for label in labels["edits"]:
        b_region, a_region = regions(label, before, after)
        if b_region is None and a_region is None:
            result.unlocated.append(label["id"])
        hits = [c for c in comparison.changes
                if _touches(_span(c, "before"), b_region) or _touches(_span(c, "after"), a_region)]
        used.update(c.id for c in hits)
        result.outcomes.append(_outcome(folder.name, fmt, label, hits))
    result.unmatched = [c for c in comparison.changes if c.id not in used]
    return result


def _outcome(pair: str, fmt: str, label: dict[str, Any], hits: list[Change]) -> Outcome:
    if not hits:
        return Outcome(pair, fmt, label, "not found", (), None, ())
    predicted = min((c.cls for c in hits), key=CLASSES.index)
    rules = tuple(dict.fromkeys(r for c in hits for r in c.rules))
    return Outcome(pair, fmt, label, predicted, rules, any(c.in_conclusions for c in hits),
                   tuple(c.reason for c in hits))


def available_formats(folder: Path, wanted: Iterable[str]) -> list[str]:
    return [f for f in wanted if (folder / f"before.{f}").is_file()]


def evaluate(formats: Iterable[str] = ("txt", "pdf")) -> list[PairResult]:
    wanted = list(formats)
    results = []
    for folder in sorted(p for p in LABELLED.iterdir() if (p / "labels.json").is_file()):
        for fmt in available_formats(folder, wanted):
            results.append(evaluate_pair(folder, fmt))
    return results


@dataclass
class Scores:
    confusion: Counter[tuple[str, str]]
    missed_material: float
    false_alarm: float
    verdicts_right: int
    verdicts: int
    rule_hits: float
    n: int


def score(results: list[PairResult]) -> Scores:
    outcomes = [o for r in results for o in r.outcomes]
    confusion = Counter((o.label["class"], o.predicted) for o in outcomes)
    serious = [o for o in outcomes if o.label["class"] != "editorial"]
    editorial = [o for o in outcomes if o.label["class"] == "editorial"]
    missed = sum(1 for o in serious if o.predicted in ("editorial", "not found"))
    alarms = sum(1 for o in editorial if o.predicted in ("redaction", "material"))
    rule_hits = sum(1 for o in outcomes if o.label["rule"] in o.rules)
    return Scores(
        confusion=confusion,
        missed_material=missed / max(1, len(serious)),
        false_alarm=alarms / max(1, len(editorial)),
        verdicts_right=sum(1 for r in results if r.verdict_expected == r.verdict_found),
        verdicts=len(results),
        rule_hits=rule_hits / max(1, len(outcomes)),
        n=len(outcomes),
    )


def report(results: list[PairResult], show_errors: bool) -> str:
    s = score(results)
    lines = [f"labelled edits evaluated: {s.n} (pairs × formats: {len(results)})", ""]
    corner = "expected \\ predicted"
    lines.append(f"{corner:<22}" + "".join(f"{p:>11}" for p in PREDICTED))
    for exp in CLASSES:
        lines.append(f"{exp:<22}" + "".join(f"{s.confusion[(exp, p)]:>11}" for p in PREDICTED))
    lines += ["", f"missed-material rate: {s.missed_material:.1%} (target <= 2%)",
              f"false-alarm rate:     {s.false_alarm:.1%} (target <= 10%)",
              f"expected rule fired:  {s.rule_hits:.1%}",
              f"conclusions verdict right: {s.verdicts_right}/{s.verdicts}", ""]
    for r in results:
        ok = "ok" if r.verdict_expected == r.verdict_found else "WRONG"
        flags = [o for o in r.outcomes if "in_conclusions" in o.label or o.in_conclusions]
        concl_ok = sum(1 for o in flags if bool(o.label.get("in_conclusions")) == o.in_conclusions)
        lines.append(f"{r.pair}.{r.fmt}: conclusions changed expected {r.verdict_expected}, "
                     f"found {r.verdict_found} [{ok}]; in_conclusions agree "
                     f"{concl_ok}/{len(flags)}; unmatched tool changes {len(r.unmatched)}"
                     + (f"; labels not located {r.unlocated}" if r.unlocated else ""))
    if show_errors:
        lines += ["", "errors:"]
        for r in results:
            for o in r.outcomes:
                if o.predicted != o.label["class"] or o.label["rule"] not in o.rules:
                    lines.append(f"  {r.pair}.{r.fmt} {o.label['id']} expected "
                                 f"{o.label['class']}/{o.label['rule']} got {o.predicted} "
                                 f"{list(o.rules)} {list(o.reasons)}")
            for c in r.unmatched:
                lines.append(f"  {r.pair}.{r.fmt} unmatched {c.cls} {list(c.rules)} {c.reason}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--format", choices=["txt", "pdf", "all"], default="all")
    ap.add_argument("--show-errors", action="store_true")
    args = ap.parse_args(argv)
    formats = ("txt", "pdf") if args.format == "all" else (args.format,)
    print(report(evaluate(formats), args.show_errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
