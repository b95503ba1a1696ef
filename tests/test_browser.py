"""The site in a real browser (Debian's Chromium driven by Playwright), served on 127.0.0.1,
with every request to another origin aborted and recorded: search in Japanese, follow a
result, open a municipality page, filter the portfolio. Screenshots of the page types go to
test-output/screenshots/ for a person to look at."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser, Page, Route

from cohort_site.loader import load_project
from site_helpers import ROOT

SHOTS = ROOT / "test-output" / "screenshots"
PROJECT = load_project(ROOT).project


class Guard:
    """Lets requests to the allowed origin through; aborts and records every other one."""

    def __init__(self, allowed: str):
        self.allowed = allowed
        self.blocked: list[str] = []
        self.seen: list[str] = []

    def __call__(self, route: Route) -> None:
        url = route.request.url
        self.seen.append(url)
        if url.startswith(self.allowed) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()


def _page(browser: Browser, allowed: str) -> tuple[Page, Guard]:
    context = browser.new_context(viewport={"width": 1280, "height": 1000}, locale="ja-JP")
    guard = Guard(allowed)
    context.route("**/*", guard)
    return context.new_page(), guard


def _shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")  # the theme hides the tabs while scrolled
    page.wait_for_timeout(300)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _search(page: Page, word: str) -> list[str]:
    """Type a query once the search index is ready (the theme drops keys typed before), and
    return the result links."""
    page.click(".md-search__input")  # from file://, the index loads when search gets focus
    page.wait_for_function(
        "() => document.querySelector('.md-search-result__meta').textContent.trim() === '検索キーワードを入力してください'",
        timeout=60000,
    )
    page.fill(".md-search__input", word)
    # The theme reads the query on keyup; Japanese is typed through an IME, whose confirming
    # key ends in a keyup. "End" gives that keyup without changing the text.
    page.press(".md-search__input", "End")
    page.wait_for_selector(".md-search-result__item", timeout=30000)
    return page.eval_on_selector_all(".md-search-result__item > a", "links => links.map(a => a.href)")


def test_search_municipality_and_portfolio_without_leaving_the_origin(browser: Browser, origin: str) -> None:
    page, guard = _page(browser, origin + "/")
    page.goto(origin + "/")
    assert page.title().startswith("自治体DX推進研修 資料サイト")
    _shot(page, "1-home")

    results = _search(page, "電子申請")
    assert "件見つかりました" in page.inner_text(".md-search-result__meta")
    assert any("/tokyo-2021/proposals/g1/" in href for href in results), results
    target = next(href for href in results if "/tokyo-2021/proposals/g1/" in href)
    page.click(f'.md-search-result__item > a[href="{target}"]')
    page.wait_for_url("**/tokyo-2021/proposals/g1/**")
    assert "電子申請" in page.inner_text("article")
    assert page.is_visible('article h2[id="目指す姿アウトカム"]')
    page.goto(origin + "/tokyo-2021/proposals/g2/")
    _shot(page, "3-proposal")

    page.goto(origin + "/")
    results = _search(page, "世田谷区")
    assert "/municipalities/131121/" in results[0], results
    page.click(".md-search-result__item > a >> nth=0")
    page.wait_for_url("**/municipalities/131121/**")
    assert page.inner_text("article h1").strip().rstrip("¶") == "世田谷区"
    page.click("article >> text=Aグループ")
    page.wait_for_url("**/tokyo-2021/groups/g1/")
    _shot(page, "4-group")
    page.goto(origin + "/municipalities/131121/")
    _shot(page, "5-municipality")

    page.goto(origin + "/portfolio/")
    rows = page.locator("tr.cs-portfolio__row")
    total = sum(len(c.proposals) for c in PROJECT.cohorts)
    assert sum(rows.nth(i).is_visible() for i in range(rows.count())) == total
    page.click('.cs-filter label:text-is("電子申請")')
    tagged = [p.title for c in PROJECT.cohorts for p in c.proposals if "電子申請" in p.tags]
    visible = [rows.nth(i).inner_text() for i in range(rows.count()) if rows.nth(i).is_visible()]
    assert len(visible) == len(tagged) and all(any(t in v for v in visible) for t in tagged)
    _shot(page, "6-portfolio-filtered")
    page.click("text=絞り込みを解除")
    assert sum(rows.nth(i).is_visible() for i in range(rows.count())) == total
    page.click('.cs-filter label:text-is("特別区")')
    page.click('.cs-filter label:text-is("瑞穂町")')  # filters combine: 特別区 and 瑞穂町
    visible = [rows.nth(i).inner_text() for i in range(rows.count()) if rows.nth(i).is_visible()]
    expected = [p.title for c in PROJECT.cohorts for p in c.proposals
                if "133035" in c.group(p.group).municipalities
                and any(PROJECT.municipalities[m].kind == "特別区" for m in c.group(p.group).municipalities)]
    assert len(visible) == len(expected) == 1 and expected[0] in visible[0]
    page.click("text=絞り込みを解除")
    assert sum(rows.nth(i).is_visible() for i in range(rows.count())) == total

    for url, name in (("tokyo-2021/sessions/1/", "2-session"), ("tokyo-2021/retrospective/", "7-retrospective"),
                      ("tokyo-2021/", "8-cohort"), ("tokyo-2021/downloads/", "9-downloads")):
        page.goto(f"{origin}/{url}")
        _shot(page, name)

    assert guard.blocked == []
    assert len(guard.seen) > 20 and all(u.startswith(origin) for u in guard.seen)
    page.context.close()


def test_offline_build_searches_from_file_urls(browser: Browser, offline_site: Path) -> None:
    page, guard = _page(browser, "file://")
    page.goto((offline_site / "index.html").as_uri())
    results = _search(page, "世田谷区")
    assert "/municipalities/131121.html" in results[0], results
    page.goto((offline_site / "tokyo-2021/index.html").as_uri())
    page.click("article >> text=Aグループ")
    assert page.url.endswith("tokyo-2021/groups/g1.html")
    assert guard.blocked == []
    page.context.close()


def test_search_by_reading_finds_kanji_terms(browser: Browser, origin: str) -> None:
    """Hiragana typed into the search box finds the pages written in kanji, and a kanji
    compound is highlighted whole."""
    page, guard = _page(browser, origin + "/")
    for word, expected in (("ふりかえり", "/tokyo-2021/retrospective/"), ("せたがや", "/municipalities/131121/"),
                           ("でんししんせい", "/tokyo-2021/proposals/g1/")):
        page.goto(origin + "/")
        results = _search(page, word)
        assert any(expected in href for href in results), (word, results)
    page.goto(origin + "/")
    _search(page, "電子申請")
    marks = page.eval_on_selector_all(".md-search-result mark", "marks => marks.map(m => m.textContent)")
    # The index's word is the phrase (電子申請が): a result marks it from the compound's start, whole.
    assert marks and all(m.startswith("電子申請") for m in marks), marks
    # The readings are for the index only: never shown in a result.
    assert page.eval_on_selector_all(".md-search-result .cs-readings", "spans => spans.filter(s => s.offsetParent !== null).length") == 0
    assert guard.blocked == []
    page.context.close()
