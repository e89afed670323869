"""Extraction accuracy on the corpus pairs: are the true sentences there, and the noise gone?

For every ``pairs/<pair>/{before,after}.pdf`` in the shared corpus this measures

1. **sentence coverage** — the share of the sentences of the matching ``<side>.txt`` (as split
   by the corpus itself in ``<side>.sentences.json``) that appear verbatim in the
   ``auditor extract`` text, whitespace ignored. Target: ≥ 98 % on every PDF.
2. **furniture left in the body** — running headers/footers and page numbers, found
   independently of auditor: the first and last two lines of each page of ``pdftotext``'s
   output whose text (digits masked) recurs on at least half of the pages, and lone page
   numbers. None of them may remain in the extracted text. Target: 0.

Usage::

    python benchmarks/extract_corpus.py [--engine pdfium|pypdf] [--corpus DIR] [--show N]

Needs ``pdftotext`` (poppler-utils) for the furniture check.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.extract import extract  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
_SPACE = re.compile(r"\s+")
_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(r"^(page\s*)?[-–—]?\s*(\d{1,4}|[ivxlc]{1,6})\s*[-–—]?$", re.I)


def squash(text: str) -> str:
    """Whitespace removed: the comparison ignores line breaks, blank lines and spacing."""
    return _SPACE.sub("", text)


def coverage(pdf: Path, text: str) -> tuple[int, int, list[str]]:
    """(found, total, missing sentences) for the sentences of the matching side."""
    side = pdf.stem
    units = json.loads((pdf.parent / f"{side}.sentences.json").read_text(encoding="utf-8"))
    body = squash(text)
    missing = [u["text"] for u in units if squash(u["text"]) not in body]
    return len(units) - len(missing), len(units), missing


def furniture_candidates(pdf: Path) -> tuple[list[str], int]:
    """Header/footer lines by repetition in pdftotext's pages (masked), and page count."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    pages = [p for p in out.split("\f") if p.strip()]
    seen: dict[str, set[int]] = defaultdict(set)
    for i, page in enumerate(pages):
        lines = [ln.strip() for ln in page.splitlines() if ln.strip()]
        for ln in lines[:2] + lines[-2:]:
            seen[_DIGITS.sub("#", " ".join(ln.split()))].add(i)
    need = max(2, len(pages) // 2)
    return [key for key, where in seen.items() if len(where) >= need], len(pages)


def furniture_left(text: str, candidates: list[str], truth: str) -> list[str]:
    """Candidates found in the text more often than in the true text (a title that the
    running head repeats is content), plus blocks that are nothing but a number, beyond
    those the true text has (table cells)."""
    left = []
    for key in candidates:
        if _PAGE_NUMBER.match(key.replace("#", "1")):
            continue  # lone numbers are checked block by block below
        pattern = r"\s*".join(re.escape(part) if part != "#" else r"\d+"
                              for part in re.split(r"(#)", key) if part)
        if len(re.findall(pattern, text)) > len(re.findall(pattern, truth)):
            left.append(key)
    expected = Counter(b.strip() for b in truth.split("\n\n") if _PAGE_NUMBER.match(b.strip()))
    found = Counter(b.strip() for b in text.split("\n\n") if _PAGE_NUMBER.match(b.strip()))
    left += sorted((found - expected).elements())
    return left


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--engine", default=None)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--show", type=int, default=0, help="print up to N missing sentences")
    args = ap.parse_args()
    pdfs = sorted(args.corpus.glob("pairs/*/*.pdf"))
    if not pdfs:
        print(f"no PDFs under {args.corpus}/pairs", file=sys.stderr)
        return 2
    print(f"{'pdf':48} {'sentences':>12} {'share':>7} {'furniture left':>15} {'s':>6}")
    worst, total_found, total = 1.0, 0, 0
    dirty = 0
    for pdf in pdfs:
        t0 = time.perf_counter()
        doc = extract(pdf, engine=args.engine)
        elapsed = time.perf_counter() - t0
        found, n, missing = coverage(pdf, doc.text)
        candidates, _ = furniture_candidates(pdf)
        truth = (pdf.parent / f"{pdf.stem}.txt").read_text(encoding="utf-8")
        left = furniture_left(doc.text, candidates, truth)
        share = found / n if n else 1.0
        worst, total_found, total = min(worst, share), total_found + found, total + n
        dirty += len(left)
        name = f"{pdf.parent.name}/{pdf.name}"
        print(f"{name:48} {found:5}/{n:<6} {share:7.1%} {len(left):15} {elapsed:6.2f}")
        for m in missing[: args.show]:
            print(f"    missing: {m[:160]}")
        for f in left[: args.show]:
            print(f"    furniture: {f[:160]}")
    print(f"{'all':48} {total_found:5}/{total:<6} {total_found / total:7.1%} {dirty:15}")
    print(f"worst PDF: {worst:.1%} (target ≥ 98 %); furniture left: {dirty} (target 0)")
    return 0 if worst >= 0.98 and dirty == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
