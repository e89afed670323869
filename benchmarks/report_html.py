"""How big and how fast is the HTML report of a book-length pair? (run by hand)

    python benchmarks/report_html.py [--pages 350] [--edits 40] [--out DIR] [--compare]

Builds a reproducible pair of PDFs (fiction from a fixed word list, reportlab, ~10 paragraphs
a page) with a few dozen word edits, and the Documents an extractor would give (blocks, pages,
line boxes). The comparison is made by hand from the known edits, or with ``--compare`` by
``auditor.compare_documents`` on the PDFs (extraction included). Then it reports:

* render time and size of the HTML report, with and without page pictures;
* in Chromium (Playwright, the system binary): time to the load event, time to jump to the next
  change (``j``), and time to apply a class filter.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from auditor import render_html
from auditor.models import Block, Box, Change, Comparison, Document, Side, Source

WORDS = ("model evaluation safeguards access request task threshold review report finding "
         "risk result weeks team grader prompt area score agent tool policy method data "
         "test release version budget note draft public record claim figure").split()
FONT, SIZE, LEAD, LEFT, WIDTH = "Helvetica", 10.5, 13.0, 72.0, 451.0


def paragraphs(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        words = [rng.choice(WORDS) for _ in range(rng.randint(40, 70))]
        words.insert(rng.randint(1, len(words) - 1), str(rng.randint(2, 99)))
        out.append(f"{i}. " + " ".join(words).capitalize() + ".")
    return out


def wrap(text: str) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if stringWidth(trial, FONT, SIZE) > WIDTH and line:
            lines.append(line)
            line = word
        else:
            line = trial
    return [*lines, line]


def typeset(path: Path, paras: list[str]) -> Document:
    """Write the PDF and return the matching Document (blocks, page starts, line boxes)."""
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    blocks: list[Block] = []
    boxes: list[Box] = []
    page_starts = [0]
    page, y, pos = 1, 770.0, 0
    c.setFont(FONT, SIZE)
    for text in paras:
        lines = wrap(text)
        if y - LEAD * len(lines) < 72:
            c.showPage()
            c.setFont(FONT, SIZE)
            page, y = page + 1, 770.0
            page_starts.append(pos)
        blocks.append(Block("paragraph", text, pos, pos + len(text), page, None))
        offset = pos
        for line in lines:
            c.drawString(LEFT, y, line)
            w = stringWidth(line, FONT, SIZE)
            boxes.append(Box(page, LEFT, y - 3, LEFT + w, y + 8, offset, offset + len(line)))
            offset += len(line) + 1
            y -= LEAD
        y -= LEAD * 0.6
        pos += len(text) + 2
    c.save()
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    return Document(Source(str(path), sha, "pdf", page, "pdfium"), "\n\n".join(paras),
                    tuple(blocks), (), tuple(page_starts), tuple(boxes))


def edited(paras: list[str], edits: int) -> tuple[list[str], list[tuple[int, str, str]]]:
    """Change one word in ``edits`` evenly spread paragraphs; returns the edits made."""
    out = list(paras)
    made = []
    step = max(1, len(paras) // edits)
    for k in range(edits):
        i = k * step + step // 2
        old = out[i].split()[3]
        new = "reviewed" if old != "reviewed" else "revised"
        out[i] = out[i].replace(f" {old} ", f" {new} ", 1)
        made.append((i, old, new))
    return out, made


def by_hand(b: Document, a: Document, made: list[tuple[int, str, str]]) -> Comparison:
    changes = []
    for n, (i, old, new) in enumerate(made):
        bb, ab = b.blocks[i], a.blocks[i]
        bs = bb.start + bb.text.index(f" {old} ") + 1
        as_ = ab.start + ab.text.index(f" {new} ") + 1
        changes.append(Change(
            f"c-{n:03d}", "replace",
            Side(old, bb.text, bs, bs + len(old), bb.page), Side(new, ab.text, as_, as_ + len(new),
                                                                 ab.page),
            ("material", "editorial", "redaction")[n % 3], ("word-changed",),
            f"{old} → {new}"))
    return Comparison(b.source, a.source, tuple(changes))


IN_PAGE = """
async () => {
  const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  const time = async (fn) => { const t = performance.now(); fn(); document.body.offsetHeight;
                               await frame(); return performance.now() - t; };
  const key = k => document.dispatchEvent(new KeyboardEvent("keydown", {key: k, bubbles: true}));
  const out = {};
  out.first_j_ms = await time(() => key("j"));
  out.next_j_ms = await time(() => key("j"));
  const box = document.querySelector('input[value="editorial"]');
  out.filter_ms = await time(() => box.click());
  out.unfilter_ms = await time(() => box.click());
  const el = document.scrollingElement;
  out.scroll_to_end_ms = await time(() => el.scrollTo(0, el.scrollHeight));
  out.open_fold_ms = await time(() => { document.querySelector("details.fold").open = true; });
  return out;
}
"""


def browser_timings(path: Path) -> dict[str, float]:
    """Milliseconds for load and for the interactions, measured inside the page (median of 3)."""
    from playwright.sync_api import sync_playwright

    args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]
    runs: list[dict[str, float]] = []
    with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        ctx = p.chromium.launch_persistent_context(
            profile, executable_path="/usr/bin/chromium", headless=True, args=args,
            viewport={"width": 1400, "height": 900})
        for _ in range(3):
            page = ctx.new_page()
            page.goto(path.resolve().as_uri(), wait_until="load")
            nav = page.evaluate("performance.getEntriesByType('navigation')[0].toJSON()")
            t: dict[str, Any] = {"dom_ready_ms": nav["domContentLoadedEventEnd"],
                                 "load_ms": nav["loadEventEnd"]}
            t.update(page.evaluate(IN_PAGE))
            runs.append({k: float(v) for k, v in t.items()})
            page.close()
        ctx.close()
    return {k: round(statistics.median(r[k] for r in runs), 1) for k in runs[0]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=350)
    ap.add_argument("--edits", type=int, default=40)
    ap.add_argument("--out", type=Path, default=Path(tempfile.mkdtemp(prefix="auditor-bench-")))
    ap.add_argument("--compare", action="store_true", help="use auditor.compare on the PDFs")
    ns = ap.parse_args(argv)
    ns.out.mkdir(parents=True, exist_ok=True)
    paras = paragraphs(ns.pages * 10)
    after_paras, made = edited(paras, ns.edits)
    b = typeset(ns.out / "before.pdf", paras)
    a = typeset(ns.out / "after.pdf", after_paras)
    print(f"pair: {b.source.pages} / {a.source.pages} pages, {len(paras)} paragraphs, "
          f"{len(made)} edits, in {ns.out}")
    if ns.compare:
        from auditor.compare import compare_documents

        t0 = time.perf_counter()
        cmp, b, a = compare_documents(str(b.source.path), str(a.source.path))
        print(f"compare (extraction included): {time.perf_counter() - t0:.1f} s, "
              f"{len(cmp.changes)} changes")
    else:
        cmp = by_hand(b, a, made)
    for pictures in (False, True):
        t0 = time.perf_counter()
        html = render_html(cmp, b, a, pictures=pictures)
        took = time.perf_counter() - t0
        out = ns.out / f"report{'-pictures' if pictures else ''}.html"
        out.write_text(html, "utf-8")
        size = out.stat().st_size
        print(f"pictures={pictures}: render {took:.2f} s, {size / 1e6:.2f} MB, {out}")
        print(f"  chromium: {browser_timings(out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
