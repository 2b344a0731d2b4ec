"""The rendered sample briefing in a real browser: Debian's Chromium, headless, driven by
playwright (``.ci/run`` installs the browser when it is missing). The interactive tables sort
and search, a clicked row's sentence is marked and in view and leads back to its table, and no
request leaves the file, at 1400 and 900 px.
"""
from __future__ import annotations

import shutil

import pytest

from analysis.render import notebooks as render
from tests.support import ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None, reason="no Chromium (.ci/run installs it)")]
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def briefing(tmp_path_factory):
    """Extract and render the bundled sample into a temporary folder; return the briefing."""
    tmp = tmp_path_factory.mktemp("browser")
    params = tmp / "params"
    params.mkdir()
    (params / "sample.yaml").write_text(
        f"all:\n  frames_dir: '{tmp / 'frames'}'\n"
        f"01-ingest:\n  reports_dir: '{ROOT / 'data' / 'reports'}'\n"
        "03-briefing:\n  title: Sample briefing\n  top_n: 10\n", encoding="utf-8")
    out = render.render("sample", build_dir=tmp / "build", params_dir=params)
    return out / "03-briefing.html"


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as play:
        chromium = play.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


def _open(browser, page_file, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    requests, errors = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(page_file.as_uri())
    page.wait_for_selector("#events-table table.dataTable")
    return page, requests, errors


def _first_cells(page, column: int) -> list[str]:
    return page.locator("#events-table div.dt-scroll-body tbody tr").evaluate_all(
        f"rows => rows.map(r => r.cells[{column}] ? r.cells[{column}].innerText : '')")


@pytest.mark.parametrize("width", [1400, 900])
def test_browser_briefing_tables_sort_search_and_link(browser, briefing, width, tmp_path):
    page, requests, errors = _open(browser, briefing, width)
    assert errors == []
    table = page.locator("#events-table")
    head = table.locator("div.dt-scroll-head thead th")      # the header the reader sees
    column = [h.strip() for h in head.all_inner_texts()].index("event_type")
    head.nth(column).click()                                  # sort by type
    page.wait_for_timeout(300)
    types = _first_cells(page, column)
    assert types == sorted(types) and len(set(types)) > 1
    search = table.locator("input[type=search]")
    search.fill("Estonia")                                     # search the rows
    page.wait_for_timeout(300)
    rows = table.locator("div.dt-scroll-body tbody tr").all_inner_texts()
    assert rows and all("estonia" in r.lower() for r in rows)
    search.fill("")
    link = table.locator("div.dt-scroll-body tbody tr a[href^='#events-']").first
    target = link.get_attribute("href")[1:]
    link.click()                                               # the row's sentence
    page.wait_for_timeout(300)
    sentence = page.locator(f"[id='{target}']")
    assert sentence.evaluate("e => e.matches(':target')")
    assert sentence.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"   # marked
    box, height = sentence.bounding_box(), page.viewport_size["height"]
    assert box is not None and 0 <= box["y"] < height             # and in view
    sentence.locator("a.back").click()                           # and back to the table
    page.wait_for_timeout(300)
    assert page.evaluate("location.hash") == "#events-table"
    page.screenshot(path=str(tmp_path / f"briefing-{width}.png"))
    outside = [u for u in requests if not u.startswith(("file:", "data:", "blob:"))]
    assert outside == []                                       # nothing leaves the file
    page.close()
