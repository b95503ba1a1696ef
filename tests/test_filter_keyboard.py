"""The one filter component (pages/filters.py) on both pages that use it, driven by the keyboard
in Chromium: Tab reaches the first group, the focused choice shows a focus ring on its label, the
arrow keys choose a value and the table keeps exactly the rows that have it, the reset button
brings every row back. Its rules come from a stylesheet in <head>, never a <style> in the body."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from site_helpers import page as built_page

PAGES = [("portfolio/", "cs", "tag", "cs-portfolio__table"), ("tokyo-2021/results/", "cs-r", "status", "cs-results__table")]


def _tab_to(page: Page, selector: str) -> None:
    for _ in range(300):
        page.keyboard.press("Tab")
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def _ring(page: Page, ident: str) -> tuple[str, str]:
    return tuple(page.evaluate(
        "id => { const s = getComputedStyle(document.querySelector(`label[for='${id}']`));"
        " return [s.outlineStyle, s.outlineWidth]; }", ident))


def _visible_rows(page: Page, table: str) -> list[str]:
    return page.eval_on_selector_all(f".{table} tbody tr", "rows => rows.filter(r => r.offsetParent !== null).map(r => r.className)")


@pytest.mark.parametrize(("url", "prefix", "key", "table"), PAGES, ids=["portfolio", "results"])
def test_the_filter_works_by_keyboard_with_a_focus_ring(
    browser: Browser, origin: str, site: Path, url: str, prefix: str, key: str, table: str,
) -> None:
    html = built_page(site, url)
    article = html.split('<article class="md-content__inner', 1)[1]
    assert "<style" not in article  # the rules are linked in <head>
    assert re.search(r'<link rel="stylesheet" href="[^"]*(filter|results)\.css"', html.split("</head>", 1)[0])

    page = browser.new_page()
    page.goto(f"{origin}/{url}")
    every = _visible_rows(page, table)
    assert len(every) >= 2
    _tab_to(page, f"#{prefix}-{key}-all")
    assert _ring(page, f"{prefix}-{key}-all") == ("solid", "3px")

    page.keyboard.press("ArrowRight")  # the group's first value
    chosen = f"{prefix}-{key}-0"
    assert page.evaluate(f"document.getElementById('{chosen}').checked")
    assert _ring(page, chosen) == ("solid", "3px")
    assert _ring(page, f"{prefix}-{key}-all")[0] == "none"
    shown = _visible_rows(page, table)
    expected = [cls for cls in every if f"{key}-0" in cls.split()]
    assert shown == expected and 0 < len(shown) <= len(every)

    _tab_to(page, ".cs-filter__reset")  # past the other groups (one stop each) to the reset button
    page.keyboard.press("Enter")
    assert _visible_rows(page, table) == every
    page.close()
