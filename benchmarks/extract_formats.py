"""Do the HTML, Markdown, DOCX and text versions of a document extract to the same sentences?

Run by hand (not part of the test suite)::

    python benchmarks/extract_formats.py [--corpus ../shared/corpus] [--json out.json]

For every pair of ``<corpus>/pairs`` and each side (before/after), every format present
(.txt, .md, .html, .docx) is extracted with auditor. The text is split into sentences with
:mod:`auditor.sentences` and whitespace-normalized. Reported per format:

* ``overlap``: the multiset overlap with the sentences of the .txt version,
  ``|A ∩ B| / max(|A|, |B|)`` (1.0 = the same sentences, as often);
* ``truth``: the share of the corpus's own ``<side>.sentences.json`` sentences that appear
  verbatim (whitespace-normalized) inside one block of the output;
* ``kinds``: the share of those sentences whose block has the kind the corpus gives it
  (heading, paragraph, list_item, table_cell, code; not measured for .txt, which has no markup).
  Two differences are deliberate: the paragraphs of a loose list item are ``list_item`` here
  (the corpus says ``paragraph``), and footnote text is ``footnote`` (the corpus: ``paragraph``);
* ``ms``: extraction time.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

from auditor.extract import extract
from auditor.models import Document
from auditor.sentences import sentences

ROOT = Path(__file__).resolve().parent.parent
FORMATS = (("txt", "text"), ("md", "markdown"), ("html", "html"), ("docx", "docx"))
TARGET = 0.99


def ws(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def sentence_bag(doc: Document) -> Counter[str]:
    return Counter(ws(s) for s in sentences(doc.text))


def overlap(a: Counter[str], b: Counter[str]) -> float:
    common = sum((a & b).values())
    return common / max(sum(a.values()), sum(b.values()), 1)


def truth_scores(doc: Document, truth: list[dict[str, Any]]) -> tuple[float, float | None]:
    """Share of truth sentences found verbatim in one block, and share with the right kind."""
    blocks = [(ws(b.text), b.kind) for b in doc.blocks]
    found = right_kind = 0
    for item in truth:
        sentence = ws(item["text"])
        kinds = [kind for text, kind in blocks if sentence in text]
        if kinds:
            found += 1
            right_kind += item["block_type"] in kinds
    n = max(len(truth), 1)
    return found / n, right_kind / n


def measure_side(folder: Path, side: str) -> dict[str, dict[str, Any]]:
    truth = json.loads((folder / f"{side}.sentences.json").read_text(encoding="utf-8"))
    results: dict[str, dict[str, Any]] = {}
    reference: Counter[str] | None = None
    for ext, fmt in FORMATS:
        path = folder / f"{side}.{ext}"
        if not path.exists():
            continue
        start = time.perf_counter()
        doc = extract(path, fmt=fmt)
        elapsed = (time.perf_counter() - start) * 1000
        bag = sentence_bag(doc)
        if reference is None:
            reference = bag
        found, kinds = truth_scores(doc, truth)
        results[ext] = {
            "overlap": round(overlap(reference, bag), 4),
            "truth": round(found, 4),
            "kinds": None if ext == "txt" else round(kinds or 0.0, 4),
            "sentences": sum(bag.values()),
            "ms": round(elapsed, 1),
            "engine": doc.source.engine,
        }
    return results


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--json", type=Path, default=None, help="also write the numbers here")
    args = ap.parse_args(argv)
    pairs = sorted(p for p in (args.corpus / "pairs").iterdir() if p.is_dir())
    report: dict[str, Any] = {}
    print(f"{'pair':34} {'side':6} {'fmt':4} {'sents':>5} {'overlap':>8} {'truth':>6} "
          f"{'kinds':>6} {'ms':>7}  dialect")
    worst = 1.0
    for folder in pairs:
        for side in ("before", "after"):
            res = measure_side(folder, side)
            report[f"{folder.name}/{side}"] = res
            for ext, r in res.items():
                worst = min(worst, r["overlap"])
                kinds = "" if r["kinds"] is None else f"{r['kinds']:.3f}"
                print(f"{folder.name:34} {side:6} {ext:4} {r['sentences']:5} "
                      f"{r['overlap']:8.4f} {r['truth']:6.3f} {kinds:>6} {r['ms']:7.1f}  "
                      f"{r['engine'] or ''}")
    verdict = "meets" if worst >= TARGET else "MISSES"
    print(f"\nlowest overlap with the .txt version: {worst:.4f} "
          f"({verdict} the {TARGET:.0%} target)")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n")
    return 0 if worst >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
