"""Extraction speed and memory against poppler's ``pdftotext``, in the same run.

Runs ``pdftotext FILE``, the whole ``auditor extract FILE`` command (interpreter start-up,
imports, extraction, output) and the extraction alone (``auditor.extract()`` in this
process) alternately, ``--repeat`` times each, and reports the fastest wall time of each,
their CPU time, and the peak resident memory of the two commands (from ``wait4``). The
machine may be shared, so the minimum of several runs is the fair figure. Targets (DESIGN
§5): the ``auditor extract`` command (what a user runs: start-up included) within 2× of
pdftotext on the 352-page book, under 300 MB peak. auditor reads long PDFs with one process
per idle core; the CPU column shows when it did.

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


def run(cmd: list[str]) -> tuple[float, float, float, int]:
    """(wall seconds, CPU seconds, peak RSS in MB, exit code) of one process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.stderr is not None:
        proc.stderr.close()
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode


_TIMED = """
import sys, time
sys.path.insert(0, sys.argv[1])
from auditor.extract import extract
w0, c0 = time.perf_counter(), time.process_time()
extract(sys.argv[2], engine=sys.argv[3] or None)
print(time.perf_counter() - w0, time.process_time() - c0)
"""


def in_process(pdf: Path, engine: str | None) -> tuple[float, float, float, int]:
    """The extraction alone: ``auditor.extract()`` timed inside a fresh Python process,
    after its imports (a separate process, so that this one stays small: a forked child
    starts with its parent's memory)."""
    out = subprocess.run([sys.executable, "-c", _TIMED, str(ROOT), str(pdf), engine or ""],
                         capture_output=True, text=True)
    if out.returncode != 0:
        return 0.0, 0.0, 0.0, out.returncode
    wall, cpu = (float(v) for v in out.stdout.split())
    return wall, cpu, 0.0, 0


def auditor_cmd(pdf: Path, engine: str | None) -> list[str]:
    exe = shutil.which("auditor") or f"{sys.executable} -m auditor"
    cmd = [*exe.split(), "extract", str(pdf), "-o", os.devnull]
    return [*cmd, "--engine", engine] if engine else cmd


def compare(pdf: Path, repeat: int, engine: str | None) -> bool:
    runs = {
        "pdftotext": lambda: run(["pdftotext", str(pdf), os.devnull]),
        "auditor extract (command)": lambda: run(auditor_cmd(pdf, engine)),
        "extract() (extraction alone)": lambda: in_process(pdf, engine),
    }
    best: dict[str, list[float]] = {}
    for _ in range(repeat):
        for name, go in runs.items():
            secs, cpu, mb, code = go()
            if code != 0:
                print(f"{name} failed on {pdf} (exit {code})", file=sys.stderr)
                return False
            old = best.get(name, [float("inf"), float("inf"), 0.0])
            best[name] = [min(old[0], secs), min(old[1], cpu), max(old[2], mb)]
    base_wall, base_cpu, _ = best["pdftotext"]
    print(f"{pdf.name}, fastest of {repeat} (load average {os.getloadavg()[0]:.2f} on "
          f"{os.cpu_count()} cores; CPU above wall time means worker processes):")
    for name, (secs, cpu, mb) in best.items():
        memory = f", {mb:.0f} MB peak" if mb else ""
        print(f"  {name:30} {secs:5.2f} s wall ({secs / base_wall:4.2f}×), "
              f"{cpu:5.2f} s CPU ({cpu / base_cpu:4.2f}×){memory}")
    command = best["auditor extract (command)"][0] / base_wall
    peak = best["auditor extract (command)"][2]
    print(f"  target: the auditor extract command ≤ 2× pdftotext ({command:.2f}×), "
          f"peak ≤ 300 MB ({peak:.0f} MB)")
    return command <= 2.0 and peak <= 300


def robustness(folder: Path) -> bool:
    ok = True
    print(f"\n{'file':34} {'engine':7} {'exit':>4} {'secs':>6} {'MB':>5}")
    for pdf in sorted(folder.glob("*.pdf")):
        for engine in ("pdfium", "pypdf"):
            secs, _, mb, code = run(auditor_cmd(pdf, engine))
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
