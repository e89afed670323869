"""The HTML report in a real browser: Playwright driving the system's Chromium, offline.

Skips (with the reason) only when the Playwright package or a Chromium binary is missing;
`.ci/run` installs both (Debian's `chromium` package; Playwright never downloads a browser
here). Set AUDITOR_CHROMIUM to use another Chromium-based binary.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from auditor import render_html
from auditor.compare import compare_documents
from tests.conftest import FIXTURES
from tests.report_builders import fixture_pair
from tests.test_report_html import hostile_pair
from tests.test_report_pages import pair as pdf_pair

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is not installed (pip install '.[test]')"
)

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
]
# Records what the page's own protections stopped, and every dialog; runs before the report.
WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective));
"""


# Page pictures load lazily: load them all and give their widths (0 = did not decode).
LOAD_IMAGES = """async () => Promise.all(Array.from(document.querySelectorAll(".pic img"), img => {
    img.loading = "eager";
    return img.decode().then(() => img.naturalWidth, () => 0);
}))"""


def chromium_path() -> str | None:
    if os.environ.get("AUDITOR_CHROMIUM"):
        return os.environ["AUDITOR_CHROMIUM"]
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    exe = chromium_path()
    if exe is None:
        pytest.skip("no Chromium binary found (apt-get install chromium, or set AUDITOR_CHROMIUM)")
    with playwright_api.sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        context = p.chromium.launch_persistent_context(
            profile, executable_path=exe, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 900},
        )
        yield context
        context.close()


class Loaded:
    """A report opened from disk, with every request, dialog and page error recorded."""

    def __init__(self, context: Any, path: Path) -> None:
        self.url = path.resolve().as_uri()
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page = context.new_page()
        self.page.add_init_script(WATCH)
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.route("**/*", self._route)
        self.page.goto(self.url)

    def _route(self, route: Any) -> None:
        if route.request.url == self.url:
            route.continue_()
        else:
            route.abort()

    def text(self, selector: str) -> str:
        return str(self.page.locator(selector).inner_text())

    def current(self) -> str:
        return str(self.page.evaluate("document.activeElement.id"))

    def in_view(self, element_id: str) -> bool:
        return bool(self.page.evaluate(
            """id => { const r = document.getElementById(id).getBoundingClientRect();
                       return r.bottom > 0 && r.top < window.innerHeight; }""", element_id))

    def offline_and_clean(self) -> None:
        assert self.requests == [self.url], "the report asked for something besides itself"
        assert self.page.evaluate("window.__csp") == []
        assert self.dialogs == [] and self.errors == []


def write(tmp_path: Path, name: str, html: str) -> Path:
    path = tmp_path / name
    path.write_text(html, "utf-8")
    return path


def test_counts_filters_and_keyboard(browser: Any, tmp_path: Path) -> None:
    cmp, b, a = fixture_pair()
    r = Loaded(browser, write(tmp_path, "report.html", render_html(cmp, b, a)))
    counts = {k: r.text(f'[data-count="{k}"]') for k in ("changes", "redaction", "material",
                                                        "editorial", "moved")}
    assert counts == {"changes": "9", "redaction": "3", "material": "4", "editorial": "2",
                      "moved": "1"}
    assert r.text("#verdict").startswith("Conclusions changed — 1 of 3")
    assert r.page.locator("#view-redline").is_hidden()

    r.page.keyboard.press("j")
    assert r.current() == "sbs-c-date" and r.in_view("sbs-c-date")
    r.page.keyboard.press("n")
    assert r.current() == "sbs-c-jail"
    assert r.text("#pos") == "Change 2 of 9: material (#2)"
    r.page.keyboard.press("k")
    r.page.keyboard.press("p")  # from the first change back round to the last
    assert r.current() == "sbs-c-rec3" and r.in_view("sbs-c-rec3")

    r.page.uncheck('input[value="editorial"]')
    assert r.text("#shown") == "Showing 7 of 9 changes"
    r.page.select_option("#f-sec", label="3. Results")
    assert r.text("#shown") == "Showing 2 of 9 changes"
    visible = r.page.eval_on_selector_all(
        "#change-list > li", "els => els.filter(e => !e.hidden).map(e => e.dataset.c)")
    assert visible == ["c-modal", "c-23"]
    assert "off" in (r.page.get_attribute("#sbs-c-typo", "class") or "")
    r.page.locator("body").click(position={"x": 5, "y": 5})
    r.page.keyboard.press("j")
    assert r.current() == "sbs-c-modal"
    r.page.keyboard.press("j")
    assert r.current() == "sbs-c-23"

    # typing in the filters does not move between changes
    r.page.focus("#f-sec")
    r.page.keyboard.press("j")
    assert r.current() == "f-sec"
    r.offline_and_clean()


def test_redline_view_and_move_links(browser: Any, tmp_path: Path) -> None:
    cmp, b, a = fixture_pair()
    r = Loaded(browser, write(tmp_path, "report.html", render_html(cmp, b, a)))
    r.page.click("#sbs-c-move")  # "moved to ↑" jumps to the new place
    assert r.page.evaluate("location.hash") == "#sbs-c-move-to"
    assert r.in_view("sbs-c-move-to")

    r.page.click('button[data-view="redline"]')
    assert r.page.locator("#view-side").is_hidden()
    assert r.page.get_attribute('button[data-view="redline"]', "aria-pressed") == "true"
    r.page.click("#item-c-clause a.go")
    assert r.current() == "rl-c-clause" and r.in_view("rl-c-clause")
    assert r.page.text_content("#rl-c-clause") == (
        "deleted: , which describes an earlier misuse of the model")
    r.page.keyboard.press("j")
    assert r.current() == "rl-c-typo"
    shot = tmp_path / "redline.png"
    r.page.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000
    r.offline_and_clean()


def test_page_pictures_load_and_link(browser: Any, tmp_path: Path) -> None:
    c, b, a = pdf_pair(tmp_path)
    r = Loaded(browser, write(tmp_path, "pdf.html", render_html(c, b, a)))  # type: ignore[arg-type]
    r.page.click('button[data-view="pages"]')
    widths = r.page.evaluate(LOAD_IMAGES)
    assert widths == [596, 596]  # data: images are allowed and decode
    r.page.keyboard.press("j")
    assert r.current() == "pg-c1"
    assert "cur" in (r.page.get_attribute("#item-c1", "class") or "")
    r.offline_and_clean()


def test_hostile_document_runs_nothing(browser: Any, tmp_path: Path) -> None:
    c, b, a = hostile_pair()
    r = Loaded(browser, write(tmp_path, "hostile.html", render_html(c, b, a)))  # type: ignore[arg-type]
    assert r.page.evaluate("typeof window.__pwned") == "undefined"
    assert r.page.evaluate("document.scripts.length") == 1
    assert r.page.evaluate("document.images.length") == 0
    assert r.page.evaluate("document.querySelectorAll('a[href^=javascript]').length") == 0
    assert r.page.locator("body").is_visible()
    side = r.text("#view-side")
    assert "<script>window.__pwned = 1</script>" in side
    assert '<a href="javascript:window.__pwned=4">link</a>' in side
    assert "[U+202E]" in side and "[U+D800]" in side
    r.page.keyboard.press("j")
    assert r.page.evaluate("typeof window.__pwned") == "undefined"
    r.offline_and_clean()


def test_prints_without_controls_and_keeps_marks(browser: Any, tmp_path: Path) -> None:
    cmp, b, a = fixture_pair()
    r = Loaded(browser, write(tmp_path, "report.html", render_html(cmp, b, a)))
    r.page.emulate_media(media="print")
    assert r.page.locator("nav.bar").is_hidden() and r.page.locator(".filters").is_hidden()
    style = r.page.evaluate("""() => {
        const s = e => getComputedStyle(document.getElementById(e)).textDecorationLine;
        return [s("sbs-c-jail"), getComputedStyle(
            document.querySelector('ins[data-c="c-jail"]')).textDecorationLine];
    }""")
    assert style == ["line-through", "underline"]
    pdf = r.page.pdf()  # the print layout renders
    assert pdf[:5] == b"%PDF-"
    r.offline_and_clean()


def test_cli_report_of_the_fixture_pdfs(browser: Any, tmp_path: Path) -> None:
    pair = [FIXTURES / "report-draft.pdf", FIXTURES / "report-published.pdf"]
    result, before, after = compare_documents(*pair)
    r = Loaded(browser, write(tmp_path, "fixture.html", render_html(result, before, after)))
    summary = result.summary()
    for key in ("changes", "redaction", "material", "editorial", "moved"):
        assert r.text(f'[data-count="{key}"]') == str(summary[key])
    first = r.page.get_attribute("#change-list > li.item", "data-c")
    r.page.keyboard.press("j")
    assert r.current() == f"sbs-{first}"
    r.page.click('button[data-view="pages"]')
    r.page.keyboard.press("k")
    r.page.keyboard.press("j")
    assert r.current() == f"pg-{first}" and r.in_view(f"pg-{first}")
    widths = r.page.evaluate(LOAD_IMAGES)
    assert widths and all(w > 0 for w in widths)
    shot = tmp_path / "fixture.png"
    r.page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 20_000
    r.offline_and_clean()
