"""Scan of a 352-page book against pdftotext on the same file, in one run (run by hand).

    python benchmarks/scan_speed.py [PDF] [--repeat N]

Target (DESIGN §5): the scan within 10× of pdftotext. Prints the best of N runs of each, the
ratio, and the scan's findings per check. Peak memory of the scan is reported from
resource.getrusage (the whole process, so it includes the Python interpreter).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from auditor.scan import scan

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("AUDITOR_CORPUS", ROOT.parent / "shared" / "corpus"))
DEFAULT = CORPUS / "perf" / "freeculture.pdf"


def best_of(n: int, fn: object) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("pdf", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    if not args.pdf.is_file():
        print(f"{args.pdf}: not found", file=sys.stderr)
        return 2

    def pdftotext() -> None:
        subprocess.run(["pdftotext", str(args.pdf), os.devnull], check=True)

    report = scan(args.pdf)
    peer = best_of(args.repeat, pdftotext)
    ours = best_of(args.repeat, lambda: scan(args.pdf))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"file: {args.pdf.name}, {report.pages} pages")
    print(f"pdftotext     {peer:7.2f} s")
    print(f"auditor scan  {ours:7.2f} s   ({ours / peer:.1f}× pdftotext; target ≤ 10×)")
    print(f"peak RSS of this process: {peak:.0f} MB")
    counts = Counter(f.check for f in report.findings)
    print("findings: " + (", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "none"))
    return 0 if ours <= 10 * peer else 1


if __name__ == "__main__":
    sys.exit(main())
