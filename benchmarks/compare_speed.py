#!/usr/bin/env python3
"""Speed and memory of ``auditor compare``, against peers run in the same benchmark.

1. A ~350-page PDF pair with a few dozen edits, built at run time: the text of
   ``../shared/corpus/perf/freeculture.pdf`` (or, without the corpus, generated text) is
   edited with a fixed seed and both versions are typeset with reportlab (running header,
   page numbers) into ``benchmarks/out/speed/`` (git-ignored; no third-party text is ever
   committed). Timed: the full ``auditor compare`` command, extraction included, against
   ``pdftotext`` on both files + ``git diff --no-index --word-diff``. Peak memory (max RSS)
   of each. Targets (DESIGN §5): within 3× of the peer, under 300 MB.
2. Scaling: generated text pairs from 50 KB to 5 MB with one edit per 10 KB, a 5 MB pair
   with 10 % of its paragraphs edited, and a 5 MB pair that is one single paragraph; time per
   MB should stay flat and no run may fall back to a coarse diff (no warnings, every seeded
   edit found).

    python benchmarks/compare_speed.py [--skip-pdf] [--skip-scaling] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
CORPUS_BOOK = ROOT.parent / "shared" / "corpus" / "perf" / "freeculture.pdf"
WORDS = ("account agency amber archive basin beacon border budget canal census charter "
         "circuit climate cluster coast column council current delta design device "
         "district engine estate factor fabric ferry field figure forest format frontier "
         "garden harbour heritage horizon index island journal junction kernel ledger "
         "lens margin market meadow method mineral motion network notice orbit outline "
         "parish pattern period pillar planet portrait quarry radius record region "
         "report reserve river sample season sector signal source station summit "
         "surface survey system tariff tenant theory timber tunnel valley vector vessel "
         "volume window").split()


# -- timing -------------------------------------------------------------------------------------


def timed(cmd: list[str], stdout: Path | None = None) -> tuple[float, float, float]:
    """Run ``cmd`` under /usr/bin/time: (wall seconds, CPU seconds, peak RSS in MB; the
    peak of the largest process of the run)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        out = stdout.open("wb") if stdout else subprocess.DEVNULL
        try:
            subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", "-o", tf.name, *cmd],
                           stdout=out, stderr=subprocess.DEVNULL, check=False)
        finally:
            if stdout:
                out.close()  # type: ignore[union-attr]
        secs, user, system, kb = tf.read().split()[-4:]
    return float(secs), float(user) + float(system), int(kb) / 1024


def median_run(cmd: list[str], repeat: int,
               stdout: Path | None = None) -> tuple[float, float, float]:
    """Median wall and CPU seconds of ``repeat`` runs, and their largest peak memory."""
    runs = [timed(cmd, stdout) for _ in range(repeat)]
    return (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs),
            max(r[2] for r in runs))


def auditor_cmd(before: Path, after: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "auditor", "compare", str(before), str(after),
            "--format", "json", "-o", str(out)]


# -- the 350-page PDF pair -----------------------------------------------------------------------


def book_paragraphs() -> list[str]:
    """Paragraphs of the Free Culture book (via pdftotext, without its printer slugs and
    margin line numbers), or generated ones."""
    if CORPUS_BOOK.exists() and shutil.which("pdftotext"):
        raw = subprocess.run(["pdftotext", str(CORPUS_BOOK), "-"], capture_output=True,
                             check=True, text=True).stdout
        lines = [ln for ln in raw.replace("\f", "\n\n").split("\n") if not _JUNK.match(ln)]
        paras = []
        for chunk in re.split(r"\n\s*\n", "\n".join(lines)):
            text = " ".join(re.sub(r"-\n(?=[a-z])", "", chunk).split())
            if len(text) >= 80:
                paras.append(text)
        return paras
    return generated_paragraphs(random.Random(7), 1_200_000)


_JUNK = re.compile(r"^\s*(\d{1,3}[RS]?|[RS]?\d{1,3}|.*\.qxd .*|\d+ FREE CULTURE|FREE CULTURE"
                   r"|“[A-Z ]+” \d+|[A-Z ]+ \d+)\s*$")


def generated_paragraphs(rng: random.Random, size: int) -> list[str]:
    """Plain paragraphs of random sentences, about ``size`` characters in all."""
    paras, total = [], 0
    while total < size:
        sents = []
        for _ in range(rng.randint(2, 6)):
            words = [rng.choice(WORDS) for _ in range(rng.randint(6, 18))]
            if rng.random() < 0.3:
                words.insert(rng.randrange(len(words)), str(rng.randint(2, 9999)))
            sents.append(" ".join(words).capitalize() + ".")
        para = " ".join(sents)
        paras.append(para)
        total += len(para) + 2
    return paras


def seeded_edits(paras: list[str], rng: random.Random, n: int) -> tuple[list[str], list[str]]:
    """Apply ``n`` edits of the kinds reviewers make; return the new paragraphs and a log."""
    out = list(paras)
    log = []
    kinds = ["word", "number", "delete_sentence", "insert_sentence", "move", "delete"]
    for k in range(n):
        kind = kinds[k % len(kinds)]
        i = rng.randrange(len(out))
        words = out[i].split()
        if kind == "word" and len(words) > 8:
            j = rng.randrange(1, len(words) - 1)
            words[j] = f"Edited{k:03d}"
            out[i] = " ".join(words)
        elif kind == "number":
            out[i] = out[i] + f" The total was {rng.randint(10, 99)} per cent."
        elif kind == "delete_sentence":
            sents = re.split(r"(?<=\.) ", out[i])
            if len(sents) > 1:
                del sents[rng.randrange(len(sents))]
                out[i] = " ".join(sents)
        elif kind == "insert_sentence":
            out[i] = out[i] + f" Reviewers asked for sentence {k:03d} to be added here."
        elif kind == "move":
            out.insert(rng.randrange(len(out)), out.pop(i))
        elif kind == "delete":
            del out[i]
        log.append(f"{kind} at paragraph {i}")
    return out, log


def render_pdf(paras: list[str], path: Path, label: str) -> int:
    """Typeset paragraphs with a running header and page numbers; return the page count."""
    from reportlab.lib.pagesizes import A5
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    style = getSampleStyleSheet()["BodyText"]
    style.fontSize, style.leading = 8.6, 10.6

    def furniture(canvas: object, doc: object) -> None:
        page = canvas.getPageNumber()  # type: ignore[attr-defined]
        canvas.setFont("Helvetica", 7)  # type: ignore[attr-defined]
        canvas.drawString(12 * mm, A5[1] - 9 * mm, f"Benchmark book · {label}")  # type: ignore[attr-defined]
        canvas.drawRightString(A5[0] - 12 * mm, 8 * mm, f"Page {page}")  # type: ignore[attr-defined]

    size = 8.6 * min(1.6, max(1.0, (350 * 3900 / sum(map(len, paras))) ** 0.5))
    style.fontSize, style.leading = size, size * 1.23
    doc = SimpleDocTemplate(str(path), pagesize=A5, leftMargin=12 * mm, rightMargin=12 * mm,
                            topMargin=14 * mm, bottomMargin=14 * mm, title="Benchmark book",
                            invariant=1)
    story = [Paragraph(p.replace("&", "&amp;").replace("<", "&lt;"), style) for p in paras]
    doc.build(story, onFirstPage=furniture, onLaterPages=furniture)
    return int(doc.page)


def pdf_benchmark(repeat: int) -> None:
    work = OUT / "speed"
    work.mkdir(parents=True, exist_ok=True)
    paras = book_paragraphs()
    edited, log = seeded_edits(paras, random.Random(42), 36)
    before, after = work / "before.pdf", work / "after.pdf"
    pages = (render_pdf(paras, before, "draft for review"),
             render_pdf(edited, after, "published version"))
    print(f"PDF pair: {pages[0]} / {pages[1]} pages, {before.stat().st_size // 1024} / "
          f"{after.stat().st_size // 1024} KB, {len(log)} seeded edits")
    load = os.getloadavg()[0]
    peer = ["sh", "-c", f"pdftotext {before} {work}/b.txt && pdftotext {after} {work}/a.txt"
            f" && git diff --no-index --word-diff {work}/b.txt {work}/a.txt > {work}/peer.diff;"
            " true"]
    # Interleaved, so that a change of clock speed during the runs (common on shared
    # machines) weighs on both sides alike; the ratio is the median of the pairs' ratios.
    ours, theirs = [], []
    for _ in range(repeat):
        ours.append(timed(auditor_cmd(before, after, work / "changes.json")))
        theirs.append(timed(peer))
    secs, cpu = statistics.median(r[0] for r in ours), statistics.median(r[1] for r in ours)
    p_secs = statistics.median(r[0] for r in theirs)
    p_cpu = statistics.median(r[1] for r in theirs)
    mem, p_mem = max(r[2] for r in ours), max(r[2] for r in theirs)
    ratio = statistics.median(a[0] / b[0] for a, b in zip(ours, theirs, strict=True))
    result = json.loads((work / "changes.json").read_text())
    print(f"load average {load:.2f} on {os.cpu_count()} cores (auditor extracts the two PDFs in "
          "two processes when two cores are idle: CPU above wall time)")
    print(f"| run | seconds (median of {repeat}) | CPU seconds | peak MB |")
    print("|---|---|---|---|")
    print(f"| auditor compare (extraction included) | {secs:.2f} | {cpu:.2f} | {mem:.0f} |")
    print(f"| pdftotext ×2 + git diff --word-diff | {p_secs:.2f} | {p_cpu:.2f} | {p_mem:.0f} |")
    print(f"ratio {ratio:.2f}× (median of {repeat} interleaved pairs; target ≤ 3×), "
          f"peak {mem:.0f} MB (target < 300 MB); "
          f"{result['summary']['changes']} changes reported, warnings: {result['warnings']}")
    found = {w for c in result["changes"] for w in
             re.findall(r"Edited\d{3}", (c["after"] or {}).get("text", ""))}
    print(f"seeded word edits found: {len(found)}/{sum(e.startswith('word') for e in log)}")


# -- scaling ------------------------------------------------------------------------------------


def scaling_benchmark(repeat: int) -> None:
    work = OUT / "scale"
    work.mkdir(parents=True, exist_ok=True)
    print("\n| text size | edits | seconds | s per MB | peak MB | changes | word edits found "
          "| warnings |")
    print("|---|---|---|---|---|---|---|---|")
    runs = [(size, size // 10_000) for size in (50_000, 200_000, 500_000, 1_000_000,
                                                 2_000_000, 5_000_000)]
    runs.append((5_000_000, -1))  # -1: 10 % of the paragraphs edited
    runs.append((5_000_000, -2))  # -2: one edit per 10 KB, all in a single paragraph
    for size, n_edits in runs:
        rng = random.Random(size)
        paras = generated_paragraphs(rng, size)
        sep = " " if n_edits == -2 else "\n\n"
        n_edits = {-1: len(paras) // 10, -2: size // 10_000}.get(n_edits, n_edits)
        edited = _word_edits(paras, rng, n_edits)
        name = f"{size}-{len(sep)}"
        before, after = work / f"before-{name}.txt", work / f"after-{name}.txt"
        before.write_text(sep.join(paras) + "\n")
        after.write_text(sep.join(edited) + "\n")
        out = work / f"changes-{name}.json"
        secs, _, mem = median_run(auditor_cmd(before, after, out), repeat)
        result = json.loads(out.read_text())
        found = sum(1 for c in result["changes"]
                    if "Edited" in ((c["after"] or {}).get("text", "")))
        mb = before.stat().st_size / 1e6
        shape = " (one paragraph)" if sep == " " else ""
        print(f"| {mb:.2f} MB{shape} | {n_edits} | {secs:.2f} | {secs / mb:.2f} | {mem:.0f} | "
              f"{result['summary']['changes']} | {found}/{n_edits} | {len(result['warnings'])} |")


def _word_edits(paras: list[str], rng: random.Random, n: int) -> list[str]:
    out = list(paras)
    for k, i in enumerate(sorted(rng.sample(range(len(out)), n))):
        words = out[i].split()
        words[rng.randrange(1, len(words) - 1)] = f"Edited{k:06d}"
        out[i] = " ".join(words)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--skip-pdf", action="store_true")
    ap.add_argument("--skip-scaling", action="store_true")
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    if not a.skip_pdf:
        pdf_benchmark(a.repeat)
    if not a.skip_scaling:
        scaling_benchmark(a.repeat)


if __name__ == "__main__":
    main()
