"""Keyboard focus in the search box and its results is visible (WCAG 2.4.7, 1.4.11): typed into,
then walked with Tab and the arrow keys in Debian's Chromium; at each step the focused element's
outline must be drawn and contrast 3:1 or more with the colours around it."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

# The focused element's outline colour, its own background and the background around it (the
# first opaque background of its ancestors), as [r, g, b] (alpha blended over what is behind).
FOCUS = """() => {
  const parse = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const behind = el => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const [r, g, b, a = 1] = parse(getComputedStyle(e).backgroundColor);
      if (a > 0) layers.push([r, g, b, a]);
      if (a >= 1) break;
    }
    let out = [255, 255, 255];
    for (const [r, g, b, a] of layers.reverse()) out = [r * a + out[0] * (1 - a), g * a + out[1] * (1 - a), b * a + out[2] * (1 - a)];
    return out;
  };
  const el = document.activeElement, style = getComputedStyle(el);
  return {
    name: `${el.closest(".md-search__output") ? "result " : ""}${el.tagName.toLowerCase()}.${[...el.classList].join(".")}`,
    style: style.outlineStyle, width: parseFloat(style.outlineWidth), offset: parseFloat(style.outlineOffset),
    outline: parse(style.outlineColor).slice(0, 3), own: behind(el), around: behind(el.parentElement),
  };
}"""


# What the page looks like once the focus change has played out: two frames (the theme reacts to a
# focus change after a 1 ms timer), then every transition it started jumps to its end, as a person
# sees it a quarter of a second later (asking for the animations brings the styles up to date first).
SETTLE = """async () => {
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  for (const a of document.getAnimations()) {
    if (a.playState === "running" && a.effect.getComputedTiming().endTime !== Infinity) a.finish();
  }
}"""


def settle(page: Page) -> None:
    page.evaluate(SETTLE)


def _luminance(rgb: list[float]) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: list[float], b: list[float]) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.fixture(params=[DESKTOP, PHONE], ids=["1280x800", "390x844"])
def tab(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Page]:  # noqa: F811
    context = browser.new_context(viewport=request.param, locale="ja-JP")
    yield context.new_page()
    context.close()


def _check(page: Page, seen: list[str]) -> None:
    focus = page.evaluate(FOCUS)
    seen.append(focus["name"])
    assert focus["style"] != "none" and focus["width"] >= 2, focus
    # An outline drawn inside the element (negative offset) lies on its own background, one drawn
    # apart from it (positive offset) on what is around it, one drawn on its edge next to both.
    ratios = [contrast(focus["outline"], focus[side]) for side, used in
              (("own", focus["offset"] <= 0), ("around", focus["offset"] >= 0)) if used]
    assert min(ratios) >= 3, (focus, ratios)


def _search(page: Page, origin: str, query: str) -> None:
    """Open the site, type `query` into the search box and wait for its results."""
    page.goto(f"{origin}/")
    page.wait_for_function("() => !!document.querySelector('.md-search__input')")
    opener = page.locator('label.md-header__button[for="__search"]')
    if opener.is_visible():  # phone: the search opens from the header's icon
        opener.click()
    page.focus(".md-search__input")
    # The worker has built its index when the box asks for a word (on a busy machine: seconds).
    page.wait_for_function("() => document.querySelector('.md-search-result__meta').textContent.includes('入力')",
                           timeout=60_000)
    page.keyboard.type(query)
    page.keyboard.press("End")  # the box reads its value on key-up (an IME's Enter); typing kanji sends none
    page.wait_for_selector(".md-search-result__item", timeout=60_000)


def test_focus_in_the_search_results_is_visible(tab: Page, origin: str) -> None:  # noqa: F811
    _search(tab, origin, "電子申請")
    seen: list[str] = []
    for _ in range(4):  # down through the results
        tab.keyboard.press("ArrowDown")
        _check(tab, seen)
    assert all(name.startswith("result ") for name in seen) and "result a.md-search-result__link" in seen[0], seen
    tab.keyboard.press("ArrowUp")
    _check(tab, seen)
    tab.focus(".md-search__input")
    for _ in range(3):  # Tab from the box: its reset button, and on
        tab.keyboard.press("Tab")
        if tab.evaluate("!!document.activeElement.closest('.md-search')"):
            _check(tab, seen)


def test_a_result_link_highlights_the_whole_word_typed(browser: Browser, origin: str) -> None:  # noqa: F811
    """The result links carry ?h=電子申請 (not 電子), and the page marks 電子申請 whole."""
    context = browser.new_context(viewport=DESKTOP, locale="ja-JP")
    page = context.new_page()
    _search(page, origin, "電子申請")
    links = page.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.href)")
    # A page listed only for its matching sections has an empty h (the theme adds it with no terms).
    highlights = {parse_qs(urlsplit(href).query).get("h", [""])[0] for href in links} - {""}
    assert highlights == {"電子申請"}, highlights
    page.locator(".md-search-result__link").first.click()
    page.wait_for_selector("mark[data-md-highlight]", timeout=30_000)
    marks = page.eval_on_selector_all("mark[data-md-highlight]", "marks => marks.map(m => m.textContent)")
    assert marks and set(marks) == {"電子申請"}, marks
    context.close()


@pytest.mark.parametrize("path", ["", "portfolio/", "tokyo-2021/proposals/g1/"])
def test_focus_is_visible_on_whatever_tab_reaches(tab: Page, origin: str, path: str) -> None:  # noqa: F811
    """Header, navigation, drawer, content and footer: every element Tab reaches shows a ring of
    3:1 or more (the filter's invisible radios show it on their labels: test_a11y.py)."""
    tab.goto(f"{origin}/{path}")
    seen: list[str] = []
    for _ in range(30):
        tab.keyboard.press("Tab")
        settle(tab)  # e.g. the search box opens with a transition
        if tab.evaluate("document.activeElement === document.body || document.activeElement.matches('.cs-filter__input')"):
            continue
        _check(tab, seen)
    assert len(seen) >= 20, seen
