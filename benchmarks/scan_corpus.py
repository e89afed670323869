"""Scan every real PDF of the shared corpus and print every finding (run by hand).

    python benchmarks/scan_corpus.py [--show-secrets] [--corpus DIR] [--json OUT]

For each file: the time taken, then each finding (severity, check id, page, message, location)
or the one-line error for files that cannot be audited. Evidence is masked unless
--show-secrets. Ends with counts per check id. A crash is printed as a traceback and counted.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

from auditor.errors import AuditorError
from auditor.scan import scan

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = Path(os.environ.get("AUDITOR_CORPUS", ROOT.parent / "shared" / "corpus")) / "pdf"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--corpus", type=Path, default=DEFAULT)
    ap.add_argument("--show-secrets", action="store_true")
    ap.add_argument("--json", type=Path, help="also write every report as JSON lines here")
    args = ap.parse_args()
    files = sorted(args.corpus.rglob("*.pdf"))
    if not files:
        print(f"no PDFs under {args.corpus}", file=sys.stderr)
        return 2
    per_check: Counter[str] = Counter()
    outcome: Counter[str] = Counter()
    reports = []
    started = time.perf_counter()
    for path in files:
        t0 = time.perf_counter()
        name = str(path.relative_to(args.corpus))
        try:
            report = scan(path)
        except AuditorError as exc:
            outcome["cannot audit (exit 3)"] += 1
            print(f"== {name}  [{time.perf_counter() - t0:.2f}s]  ERROR exit "
                  f"{int(exc.exit_code)}: {exc}")
            continue
        except Exception:  # a crash is a bug: show it and go on
            outcome["CRASH"] += 1
            print(f"== {name}  CRASH")
            traceback.print_exc(file=sys.stdout)
            continue
        outcome["scanned"] += 1
        counts = report.counts()
        print(f"== {name}  [{time.perf_counter() - t0:.2f}s]  {report.pages} pages, "
              f"{len(report.findings)} findings ({counts['high']} high, {counts['medium']} "
              f"medium, {counts['low']} low)")
        for f in report.findings:
            per_check[f.check] += 1
            where = f"p{f.page}" if f.page else "doc"
            ev = ""
            if f.evidence:
                ev = (" | " + " / ".join(f.evidence.split("\n"))[:90]) if args.show_secrets \
                    else f" | [{len(f.evidence)} chars]"
            print(f"   {f.severity:<6} {f.check:<22} {where:<5} {f.message} "
                  f"({f.location}){ev}")
        for w in report.warnings:
            print(f"   warning: {w}")
        reports.append(report.to_dict(args.show_secrets))
    print(f"\n{len(files)} files in {time.perf_counter() - started:.1f}s: "
          + ", ".join(f"{v} {k}" for k, v in sorted(outcome.items())))
    print("findings per check: " + ", ".join(f"{k} {v}" for k, v in sorted(per_check.items())))
    if args.json:
        args.json.write_text("".join(json.dumps(r, sort_keys=True) + "\n" for r in reports))
    return 1 if outcome["CRASH"] else 0


if __name__ == "__main__":
    sys.exit(main())
