"""The reader's side in a real headless Chromium: the static report and the served pages.

Screenshots go to test-artifacts/ (gitignored) for a person to look at."""
from __future__ import annotations

import urllib.parse

import pytest
from reader_helpers import (ARTIFACTS, CHROMEDRIVER, CHROMIUM, HOSTILE_TITLE, LiveServer, built_collection,
                            chromium_driver, full_report)

from newsfuse.report import render_html

pytestmark = pytest.mark.skipif(not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
                                reason="needs Debian chromium and chromium-driver: run scripts/install-system-deps.sh")
selenium = pytest.importorskip("selenium", reason="needs selenium (pip install selenium)")
from selenium.webdriver.common.by import By  # noqa: E402


@pytest.fixture(scope="module")
def browser():
    driver = chromium_driver()
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def server():
    with LiveServer(built_collection()["db"]) as live:
        yield live


def _shoot(driver, name: str, element=None) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    if element is not None:
        driver.execute_script("arguments[0].scrollIntoView()", element)
    driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def _no_injection(driver) -> None:
    """Nothing hostile ran or became an element, whatever the page."""
    assert driver.execute_script("return window.__pwned === undefined && window.__pwned_title === undefined")
    assert driver.title != "PWNED"
    assert driver.execute_script("return document.querySelectorAll('script, iframe, img, object, embed').length") == 0


def test_static_report_shows_hostile_html_as_text(browser, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(render_html(full_report()), encoding="utf-8")
    browser.get(page.as_uri())
    _no_injection(browser)
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "<script>window.__pwned=3</script>" in body  # shown to the reader, as typed
    _shoot(browser, "static-01-top")
    browser.find_element(By.CSS_SELECTOR, 'a[href="#x1"], a[href="#e1-fn2"]').click()
    sides = browser.find_elements(By.CSS_SELECTOR, "#x1 .side")
    assert [s.find_element(By.CLASS_NAME, "value").text for s in sides][0] == "twelve"
    _shoot(browser, "static-02-conflict", browser.find_element(By.ID, "x1"))


def test_static_side_by_side_picker_switches_pairs(browser, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(render_html(full_report()), encoding="utf-8")
    browser.get(page.as_uri() + "#side-by-side")
    visible = [p for p in browser.find_elements(By.CSS_SELECTOR, ".pair") if p.is_displayed()]
    assert len(visible) == 1 and "a1" in visible[0].find_element(By.TAG_NAME, "h3").text
    assert visible[0].find_elements(By.CSS_SELECTOR, "tr.same") and visible[0].find_elements(By.CSS_SELECTOR, "td.empty")
    _shoot(browser, "static-03-side-by-side", visible[0])
    left_list, right_list = browser.find_elements(By.CSS_SELECTOR, ".picker fieldset")
    pick = lambda side: next(el for el in side.find_elements(By.TAG_NAME, "label") if "(a3)" in el.text)  # noqa: E731
    pick(right_list).click()
    visible = [p for p in browser.find_elements(By.CSS_SELECTOR, ".pair") if p.is_displayed()]
    assert len(visible) == 1 and "(a3)" in visible[0].find_element(By.TAG_NAME, "h3").text
    pick(left_list).click()  # a3 on both sides: no pair
    assert not [p for p in browser.find_elements(By.CSS_SELECTOR, ".pair") if p.is_displayed()]
    assert browser.find_element(By.CLASS_NAME, "nopair").is_displayed()


def test_served_pages_click_through_an_event(browser, server):
    browser.get(server.url + "/")
    _no_injection(browser)
    assert "News collection" in browser.find_element(By.TAG_NAME, "h1").text
    _shoot(browser, "served-01-index")
    links = browser.find_elements(By.CSS_SELECTOR, ".event h3 a")
    target = next(link for link in links if "Xi Jinping" in link.text or "Putin" in link.text)
    target.click()
    assert "/ui/events/" in browser.current_url
    _no_injection(browser)
    assert browser.find_elements(By.CSS_SELECTOR, "svg.timeline") or "mentions a date" in browser.page_source
    _shoot(browser, "served-02-event")
    matrix = browser.find_element(By.CSS_SELECTOR, "table.matrix")
    assert matrix.find_elements(By.CSS_SELECTOR, "td.reported")
    _shoot(browser, "served-03-matrix", matrix)
    footnote = browser.find_elements(By.CSS_SELECTOR, "sup.cite a")
    if footnote:
        footnote[0].click()
        assert "-fn1" in browser.current_url
    _shoot(browser, "served-04-reuse", browser.find_element(By.CSS_SELECTOR, ".graph"))
    browser.find_element(By.LINK_TEXT, "← all events").click()
    assert browser.current_url.rstrip("/") == server.url


def test_served_search_finds_the_hostile_report_and_shows_it_as_text(browser, server):
    browser.get(server.url + "/")
    box = browser.find_element(By.NAME, "q")
    box.send_keys("Geneva")
    box.submit()
    _no_injection(browser)
    rows = browser.find_elements(By.CSS_SELECTOR, "#found-articles + .scroll table tr")
    assert len(rows) == 2  # heading row and the hostile report
    assert HOSTILE_TITLE.split("Ceasefire")[0] in rows[1].text  # its <script> title shown as text
    _shoot(browser, "served-05-search")
    rows[1].find_element(By.TAG_NAME, "a").click()
    _no_injection(browser)
    assert "window.__pwned=1" in browser.execute_script("return document.body.textContent")
    _shoot(browser, "served-06-hostile-event")


def test_served_search_explains_a_malformed_date(browser, server):
    browser.get(server.url + "/?" + urllib.parse.urlencode({"q": "Putin", "date_from": "16/05/2024"}))
    alert = browser.find_element(By.CSS_SELECTOR, "[role=alert]")
    assert "is not a date" in alert.text and "YYYY-MM-DD" in alert.text


def test_served_compare_any_two_articles(browser, server):
    browser.get(server.url + "/ui/compare?left=a1&right=a2")
    _no_injection(browser)
    assert browser.find_elements(By.CSS_SELECTOR, "table.sbs tr")
    _shoot(browser, "served-07-compare")


WIDTHS = {"desktop": (1280, 1000, False), "phone": (390, 844, True)}


def _at_width(driver, width: str) -> None:
    w, h, mobile = WIDTHS[width]
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": w, "height": h, "deviceScaleFactor": 1, "mobile": mobile})


def _overflow(driver) -> int:
    """How many pixels the page is wider than the window (a cut-off on a phone)."""
    return driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("width", sorted(WIDTHS))
def test_served_article_page_at_desktop_and_phone_width(browser, server, width):
    _at_width(browser, width)
    try:
        browser.get(server.url + "/?" + urllib.parse.urlencode({"entity": "xi-jinping"}))
        link = browser.find_element(By.CSS_SELECTOR, '#found-articles + .scroll table a[href^="/ui/articles/"]')
        link.click()
        assert "/ui/articles/" in browser.current_url
        _no_injection(browser)
        claims = browser.find_elements(By.CSS_SELECTOR, "ol.claims li .badge")
        assert claims and {c.text for c in claims} <= {"corroborated", "single source", "conflicting"}
        assert browser.find_elements(By.CSS_SELECTOR, ".text .s.claimed")
        assert _overflow(browser) <= 0
        _shoot(browser, f"served-08-article-{width}")
        browser.find_element(By.CSS_SELECTOR, "ol.claims li a[href^='#s']").click()
        assert "#s" in browser.current_url
        _shoot(browser, f"served-09-article-sentence-{width}")
        browser.find_element(By.CSS_SELECTOR, "ul.events a").click()
        assert "/ui/events/" in browser.current_url
        _no_injection(browser)
        _shoot(browser, f"served-10-event-{width}")
        browser.execute_script("window.scrollTo(0, document.body.scrollHeight / 3)")
        _shoot(browser, f"served-11-event-middle-{width}")
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_served_hostile_article_page_shows_its_html_as_text(browser, server):
    browser.get(server.url + "/ui/articles/a4")
    _no_injection(browser)
    assert "<script>window.__pwned=1" in browser.find_element(By.CSS_SELECTOR, ".text").text
    assert "/tmp/" not in browser.page_source


# --- phone width: no cut-offs at 420 px (issue 14 item 3) -------------------------------------------

REPORT_WIDTHS = {"desktop": (1280, 1000, False), "phone420": (420, 900, True)}


def _set_width(driver, width: str) -> None:
    w, h, mobile = REPORT_WIDTHS[width]
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": w, "height": h, "deviceScaleFactor": 1, "mobile": mobile})


def _cut_off(driver) -> list[str]:
    """Elements whose right edge lies past the window (what a phone would cut off): a wide table
    must scroll inside its own box instead."""
    return driver.execute_script("""
        const out = [];
        for (const el of document.querySelectorAll('main *, header *')) {
          if (el.closest('.scroll') && !el.classList.contains('scroll')) continue;  // scrolls in its box
          if (el.closest('details:not([open])') && el.tagName !== 'SUMMARY' && el.tagName !== 'DETAILS') continue;
          const r = el.getBoundingClientRect();
          if (r.width > 0 && r.right > window.innerWidth + 1) out.push(el.tagName + '.' + el.className + ' ' + Math.round(r.right));
        }
        return out.slice(0, 10);""")


@pytest.mark.parametrize("width", sorted(REPORT_WIDTHS))
def test_static_report_of_a_big_event_fits_the_width(browser, tmp_path, width):
    from test_html_report import _scaled_report

    page = tmp_path / "report.html"
    page.write_text(render_html(_scaled_report(20)), encoding="utf-8")  # 60 reports, 15 outlets
    _set_width(browser, width)
    try:
        browser.get(page.as_uri())
        _no_injection(browser)
        assert _overflow(browser) <= 0 and not _cut_off(browser)
        index = browser.find_element(By.CSS_SELECTOR, "table.index")
        assert index.find_elements(By.CSS_SELECTOR, 'a[href="#e1"]')
        _shoot(browser, f"static-04-index-{width}")
        matrix = browser.find_element(By.CSS_SELECTOR, "#e1 table.matrix")
        box = browser.find_element(By.CSS_SELECTOR, "#e1 .scroll:has(table.matrix)")
        assert box.rect["x"] + box.rect["width"] <= REPORT_WIDTHS[width][0] + 1
        assert len(matrix.find_elements(By.TAG_NAME, "th")) <= 2 + 12  # outlets, not 60 reports
        _shoot(browser, f"static-05-matrix-{width}", matrix)
        if width == "phone420":  # the matrix is wider than a phone: it scrolls inside its box
            assert browser.execute_script("return arguments[0].scrollWidth > arguments[0].clientWidth", box)
            browser.execute_script("arguments[0].scrollLeft = arguments[0].scrollWidth", box)
            _shoot(browser, f"static-06-matrix-scrolled-{width}", matrix)
        _shoot(browser, f"static-07-reuse-{width}", browser.find_element(By.CSS_SELECTOR, "#e1 .graph"))
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


@pytest.mark.parametrize("width", sorted(REPORT_WIDTHS))
def test_served_event_page_fits_the_width_and_folds_background_dates(browser, server, width):
    _set_width(browser, width)
    try:
        browser.get(server.url + "/")
        link = next(a for a in browser.find_elements(By.CSS_SELECTOR, ".event h3 a")
                    if "Xi Jinping" in a.text or "Putin" in a.text)
        browser.get(link.get_attribute("href"))
        _no_injection(browser)
        assert _overflow(browser) <= 0 and not _cut_off(browser)
        _shoot(browser, f"served-12-event-top-{width}")
        timeline = browser.find_elements(By.CSS_SELECTOR, "svg.timeline")
        if timeline:
            assert timeline[0].rect["width"] <= REPORT_WIDTHS[width][0]
            years = browser.execute_script("return [...arguments[0].querySelectorAll('circle')].length", timeline[0])
            assert years >= 1
            _shoot(browser, f"served-13-timeline-{width}", timeline[0])
        for fold in browser.find_elements(By.CSS_SELECTOR, "details.background"):
            assert fold.get_attribute("open") is None  # background dates folded away
        matrix = browser.find_element(By.CSS_SELECTOR, "table.matrix")
        _shoot(browser, f"served-14-matrix-{width}", matrix)
        assert _overflow(browser) <= 0
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
