"""Accessibility (JIS X 8341-3 AA = WCAG 2.x AA) and phone layout of every page type, in
Debian's Chromium: axe-core with the WCAG 2.0/2.1 A and AA tags at desktop and phone size,
and no page wider than a 390 px phone. Phone screenshots go to test-output/ to look at."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from site_helpers import ROOT

SHOTS = ROOT / "test-output" / "phone"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
AXE = Axe()
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
           "resultTypes": ["violations"]}


def _filter(page: Page) -> None:
    page.click('.cs-filter label:text-is("電子申請")')


def _nothing(page: Page) -> None:
    pass


# One page of each type: (name, URL path, what to do before checking)
PAGE_TYPES: list[tuple[str, str, Callable[[Page], None]]] = [
    ("home", "", _nothing),
    ("cohort", "tokyo-2021/", _nothing),
    ("session", "tokyo-2021/sessions/1/", _nothing),
    ("group", "tokyo-2021/groups/g1/", _nothing),
    ("proposal", "tokyo-2021/proposals/g1/", _nothing),
    ("portfolio", "portfolio/", _nothing),
    ("portfolio-filtered", "portfolio/", _filter),
    ("municipalities", "municipalities/", _nothing),
    ("municipality", "municipalities/131121/", _nothing),
    ("retrospective", "tokyo-2021/retrospective/", _nothing),
    ("downloads", "tokyo-2021/downloads/", _nothing),
    ("guide-proposal", "guide/proposal/", _nothing),
    ("guide-add-cohort", "guide/add-cohort/", _nothing),
    ("guide-hosting", "guide/hosting/", _nothing),
    ("404", "404.html", _nothing),
]
IDS = [name for name, _, _ in PAGE_TYPES]


@pytest.fixture(scope="module", params=[DESKTOP, PHONE], ids=["1280x800", "390x844"])
def tab(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:  # noqa: F811
    context = browser.new_context(viewport=request.param, locale="ja-JP")
    yield context.new_page()
    context.close()


def _open(page: Page, origin: str, path: str, action: Callable[[Page], None]) -> None:  # noqa: F811
    page.goto(f"{origin}/{path}")
    page.wait_for_load_state("load")
    action(page)


@pytest.mark.parametrize(("name", "path", "action"), PAGE_TYPES, ids=IDS)
def test_no_axe_violations(tab: Page, origin: str, name: str, path: str, action: Callable[[Page], None]) -> None:  # noqa: F811
    _open(tab, origin, path, action)
    results = AXE.run(tab, options=WCAG_AA)
    violations = results.response["violations"]
    report = [f"{v['id']} ({v['impact']}, {len(v['nodes'])}x): {v['help']} — "
              + "; ".join(str(n["target"]) for n in v["nodes"][:3]) for v in violations]
    assert not violations, f"{name} /{path}: " + "\n".join(report)


@pytest.mark.parametrize(("name", "path", "action"), PAGE_TYPES, ids=IDS)
def test_no_page_wider_than_a_phone(browser: Browser, origin: str, name: str, path: str,  # noqa: F811
                                    action: Callable[[Page], None]) -> None:
    context = browser.new_context(viewport=PHONE, locale="ja-JP")
    page = context.new_page()
    _open(page, origin, path, action)
    width = page.evaluate("document.documentElement.scrollWidth")
    if name in ("session", "proposal", "portfolio", "group"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    context.close()
    assert width <= PHONE["width"], f"/{path} is {width}px wide in a {PHONE['width']}px viewport"


def test_keyboard_focus_on_the_portfolio_filter_is_visible(browser: Browser, origin: str) -> None:  # noqa: F811
    """The radios are invisible, so their labels must show the focus ring (WCAG 2.4.7)."""
    context = browser.new_context(viewport=DESKTOP, locale="ja-JP")
    page = context.new_page()
    page.goto(f"{origin}/portfolio/")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('cs-filter__input')"):
            break
    else:
        pytest.fail("the portfolio filter cannot be reached with Tab")
    outline = "id => getComputedStyle(document.querySelector(`label[for=\"${id}\"]`)).outlineStyle"
    first = page.evaluate("document.activeElement.id")
    assert page.evaluate(outline, first) == "solid"
    page.keyboard.press("ArrowRight")  # the next value of the same filter: checked and focused
    second = page.evaluate("document.activeElement.id")
    assert second != first and page.is_checked(f"#{second}")
    assert page.evaluate(outline, second) == "solid" and page.evaluate(outline, first) == "none"
    context.close()


def test_portfolio_says_so_when_no_proposal_matches(browser: Browser, origin: str) -> None:  # noqa: F811
    context = browser.new_context(viewport=DESKTOP, locale="ja-JP")
    page = context.new_page()
    page.goto(f"{origin}/portfolio/")
    message = page.locator(".cs-portfolio__empty")
    rows = page.locator("tr.cs-portfolio__row")
    assert not message.is_visible()
    page.click('.cs-filter label:text-is("電子申請")')
    assert not message.is_visible() and any(rows.nth(i).is_visible() for i in range(rows.count()))
    page.click('.cs-filter label:text-is("八王子市")')  # B group: no 電子申請 proposal
    assert message.is_visible() and "条件に合う提案書はありません" in message.inner_text()
    assert not any(rows.nth(i).is_visible() for i in range(rows.count()))
    page.click("text=絞り込みを解除")
    assert not message.is_visible()
    context.close()


def test_site_speaks_japanese_in_theme_texts(site: Path) -> None:
    """Heading anchors and the 404 page in Japanese (the theme's defaults are English)."""
    built = [p for p in site.rglob("*.html") if "assets" not in p.parts]
    anchors = 0
    for path in built:
        html = path.read_text(encoding="utf-8")
        assert "Permanent link" not in html and "Not found" not in html, path
        anchors += html.count('class="headerlink" href="#')
    assert anchors > 100
    assert anchors == sum(p.read_text(encoding="utf-8").count('title="この見出しへのリンク"') for p in built)
    missing = (site / "404.html").read_text(encoding="utf-8")
    assert "ページが見つかりません" in missing and "ホームへ戻る" in missing
