"""Extraction speed and memory against poppler's ``pdftotext``, in the same run.

Runs ``auditor extract FILE`` (the whole command: start-up, extraction, output) and
``pdftotext FILE`` alternately, ``--repeat`` times each, and reports the fastest wall time of
each and the peak resident memory of each process (from ``wait4``). The machine may be
shared, so the minimum of several runs is the fair figure. Targets (DESIGN §5): within 2× of
pdftotext on the 352-page book, under 300 MB peak.

Then, for robustness, every other PDF in ``corpus/perf`` is extracted once with each engine:
exit code, time, pages and characters are listed (no crash, no traceback).

Usage::

    python benchmarks/extract_speed.py [--corpus DIR] [--repeat 3] [--engine pdfium]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"


def run(cmd: list[str]) -> tuple[float, float, int]:
    """(wall seconds, peak RSS in MB, exit code) of one process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.stderr is not None:
        proc.stderr.close()
    return elapsed, usage.ru_maxrss / 1024, proc.returncode


def auditor_cmd(pdf: Path, engine: str | None) -> list[str]:
    exe = shutil.which("auditor") or f"{sys.executable} -m auditor"
    cmd = [*exe.split(), "extract", str(pdf), "-o", os.devnull]
    return [*cmd, "--engine", engine] if engine else cmd


def compare(pdf: Path, repeat: int, engine: str | None) -> bool:
    best: dict[str, tuple[float, float]] = {}
    for _ in range(repeat):
        for name, cmd in (("auditor", auditor_cmd(pdf, engine)),
                          ("pdftotext", ["pdftotext", str(pdf), os.devnull])):
            secs, mb, code = run(cmd)
            if code != 0:
                print(f"{name} failed on {pdf} (exit {code})", file=sys.stderr)
                return False
            old = best.get(name, (float("inf"), 0.0))
            best[name] = (min(old[0], secs), max(old[1], mb))
    (a_s, a_mb), (p_s, p_mb) = best["auditor"], best["pdftotext"]
    ratio = a_s / p_s
    print(f"{pdf.name}: auditor extract {a_s:.2f} s, {a_mb:.0f} MB peak | "
          f"pdftotext {p_s:.2f} s, {p_mb:.0f} MB peak | ratio {ratio:.2f}× "
          f"(target ≤ 2×, ≤ 300 MB)")
    return ratio <= 2.0 and a_mb <= 300


def robustness(folder: Path) -> bool:
    ok = True
    print(f"\n{'file':34} {'engine':7} {'exit':>4} {'secs':>6} {'MB':>5}")
    for pdf in sorted(folder.glob("*.pdf")):
        for engine in ("pdfium", "pypdf"):
            secs, mb, code = run(auditor_cmd(pdf, engine))
            ok = ok and code == 0
            print(f"{pdf.name:34} {engine:7} {code:4} {secs:6.2f} {mb:5.0f}")
    return ok


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--engine", default=None)
    ap.add_argument("--skip-robustness", action="store_true")
    args = ap.parse_args()
    book = args.corpus / "perf" / "freeculture.pdf"
    if not book.is_file() or shutil.which("pdftotext") is None:
        print("needs corpus/perf/freeculture.pdf and pdftotext", file=sys.stderr)
        return 2
    fast = compare(book, args.repeat, args.engine)
    sturdy = args.skip_robustness or robustness(args.corpus / "perf")
    return 0 if fast and sturdy else 1


if __name__ == "__main__":
    sys.exit(main())
