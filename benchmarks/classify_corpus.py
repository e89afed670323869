"""Classes and rules found on the real document pairs of ../shared/corpus/pairs.

The corpus has no human material/editorial labels, so this is for reading, not scoring:
per pair it prints how many changes fell in each class, which rules fired, the conclusions
verdict, and (with ``--sample N``) N changes chosen evenly across the pair for a person to
check by eye.

Usage::

    python benchmarks/classify_corpus.py [--format txt|md|html|pdf] [--sample 5] [--pair NAME]
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

from auditor.compare import compare

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("AUDITOR_CORPUS", ROOT.parent / "shared" / "corpus"))


def one_line(text: str, limit: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def run(pair: Path, fmt: str, sample: int) -> list[str]:
    before, after = pair / f"before.{fmt}", pair / f"after.{fmt}"
    if not before.is_file() or not after.is_file():
        return [f"{pair.name}: no {fmt} files"]
    result = compare(before, after)
    classes = Counter(c.cls for c in result.changes)
    rules = Counter(r for c in result.changes for r in c.rules)
    lines = [
        f"{pair.name} ({fmt}): {len(result.changes)} changes — "
        + ", ".join(f"{k} {classes[k]}" for k in ("redaction", "material", "editorial"))
        + f"; conclusions changed: {result.conclusions.changed} "
        f"({len(result.conclusions.statements)} statements)",
        "  rules: " + ", ".join(f"{r} {n}" for r, n in rules.most_common()),
    ]
    if sample and result.changes:
        step = max(1, len(result.changes) // sample)
        for c in list(result.changes)[::step][:sample]:
            b = c.before.text if c.before else ""
            a = c.after.text if c.after else ""
            lines.append(f"  [{c.cls}] {c.op} {c.reason}")
            lines.append(f"      - {one_line(b)}")
            lines.append(f"      + {one_line(a)}")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--format", default="txt")
    ap.add_argument("--sample", type=int, default=0)
    ap.add_argument("--pair", default=None)
    args = ap.parse_args(argv)
    pairs = sorted(p for p in (CORPUS / "pairs").iterdir() if p.is_dir())
    for pair in pairs:
        if args.pair and pair.name != args.pair:
            continue
        print("\n".join(run(pair, args.format, args.sample)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
