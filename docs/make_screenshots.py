"""Remake docs/report.png (and docs/report-pages.png) from the bundled fixture pair.

    python docs/make_screenshots.py

Runs ``auditor compare fixtures/report-draft.pdf fixtures/report-published.pdf --format html``
(the Markdown pair when the PDFs are absent), opens the report in the system Chromium and
takes a screenshot of the top of the page (header, change list, side by side), and one of
the page pictures on the first change. Needs the ``test`` extra (Playwright) and a
``chromium`` binary.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]


def make_report(out: Path) -> None:
    pair = [ROOT / "fixtures" / f"report-{v}.pdf" for v in ("draft", "published")]
    if not all(p.exists() for p in pair):
        pair = [ROOT / "fixtures" / f"report-{v}.md" for v in ("draft", "published")]
    rel = [str(p.relative_to(ROOT)) for p in pair]
    subprocess.run([sys.executable, "-m", "auditor", "compare", *rel, "--format", "html",
                    "-o", str(out)], cwd=ROOT, check=True)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        report = Path(tmp) / "report.html"
        make_report(report)
        ctx = p.chromium.launch_persistent_context(
            str(Path(tmp) / "profile"), executable_path="/usr/bin/chromium", headless=True,
            args=ARGS, viewport={"width": 1400, "height": 1300})
        page = ctx.new_page()
        page.goto(report.as_uri())
        page.screenshot(path=str(ROOT / "docs" / "report.png"))  # the top: header, list, rows
        page.set_viewport_size({"width": 1400, "height": 1000})
        if page.locator('button[data-view="pages"]').count():
            page.click('button[data-view="pages"]')
            page.keyboard.press("j")
            page.screenshot(path=str(ROOT / "docs" / "report-pages.png"))
        ctx.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
