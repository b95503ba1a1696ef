"""Forced colours (Windows high contrast, `forced-colors: active`) in Debian's Chromium: the charts
keep their bars and the distribution its coloured segments, each with a border, and the legends
their keys. Screenshots of each chart go to test-output/forced-colors/ to look at."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from site_helpers import ROOT

SHOTS = ROOT / "test-output" / "forced-colors"

# Each element: its border (top, right), background and whether it is shown.
BOXES = """selector => [...document.querySelectorAll(selector)].map(el => {
  const s = getComputedStyle(el), r = el.getBoundingClientRect();
  return {border: [s.borderTopStyle, parseFloat(s.borderTopWidth), s.borderRightStyle, parseFloat(s.borderRightWidth)],
          color: s.borderRightColor, background: s.backgroundColor, shown: r.width > 0 && r.height > 0};
})"""
CANVAS = """() => { const d = document.createElement('div'); d.style.background = 'Canvas'; d.style.color = 'CanvasText';
  document.body.append(d); const s = getComputedStyle(d); const out = [s.backgroundColor, s.color]; d.remove(); return out; }"""


@pytest.fixture(scope="module")
def forced(browser: Browser) -> Iterator[Page]:  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ja-JP", forced_colors="active")
    yield context.new_page()
    context.close()


def _bordered(boxes: list[dict], text_colour: str) -> list[dict]:
    """The boxes that are shown without a solid border of the text colour on each side."""
    return [b for b in boxes if b["shown"] and not (b["border"][0] == b["border"][2] == "solid"
                                                     and min(b["border"][1], b["border"][3]) >= 1 and b["color"] == text_colour)]


@pytest.mark.parametrize("path", ["tokyo-2021/retrospective/", "tokyo-2021/groups/g1/"])
def test_charts_keep_their_bars_and_segments(forced: Page, origin: str, path: str) -> None:  # noqa: F811
    forced.goto(f"{origin}/{path}")
    assert forced.evaluate("matchMedia('(forced-colors: active)').matches")
    canvas, text_colour = forced.evaluate(CANVAS)
    fills = forced.evaluate(BOXES, ".cs-bar__fill")
    assert fills and not _bordered(fills, text_colour), fills[:3]
    assert forced.evaluate(BOXES, ".cs-bar__track") and not _bordered(forced.evaluate(BOXES, ".cs-bar__track"), text_colour)
    if "retrospective" in path:
        segments = forced.evaluate(BOXES, ".cs-dist__seg")
        assert segments and not _bordered(segments, text_colour)
        # Each score keeps its own colour, as in the legend's keys.
        keys = forced.evaluate(BOXES, ".cs-dist__key")
        assert len({k["background"] for k in keys}) >= 5 and canvas not in {k["background"] for k in keys}
        assert {s["background"] for s in segments} <= {k["background"] for k in keys}
    else:
        swatches = forced.evaluate(BOXES, ".cs-legend__swatch")
        assert len({s["background"] for s in swatches}) >= 2 and canvas not in {s["background"] for s in swatches}, swatches
    SHOTS.mkdir(parents=True, exist_ok=True)
    charts = forced.locator("figure.cs-chart")
    assert charts.count()
    for i in range(charts.count()):
        charts.nth(i).screenshot(path=str(SHOTS / f"{path.strip('/').replace('/', '-')}-{i + 1}.png"))


@pytest.mark.parametrize("path", ["portfolio/", "tokyo-2021/results/"])
def test_the_chosen_filter_value_is_marked_by_more_than_weight(forced: Page, origin: str, path: str) -> None:  # noqa: F811
    """Every value keeps its border; the chosen one is drawn in the system's selected colours."""
    from test_a11y_search import contrast

    forced.goto(f"{origin}/{path}")
    canvas, text_colour = forced.evaluate(CANVAS)
    labels = forced.locator(".cs-filter label")
    boxes = forced.evaluate(BOXES, ".cs-filter label")
    assert boxes and not [b for b in boxes if b["border"][0] != "solid" or b["border"][1] < 1]

    def marked() -> list[str]:
        """The labels drawn on a background of their own (readable), by their text."""
        found = []
        for name, background, colour in forced.evaluate(
                "() => [...document.querySelectorAll('.cs-filter label')].map(l => "
                "[l.textContent, getComputedStyle(l).backgroundColor, getComputedStyle(l).color])"):
            r, g, b, a = ([float(c) for c in background[background.index("(") + 1:-1].split(",")] + [1.0])[:4]
            if a == 0 or background == canvas:
                continue
            under = [float(c) for c in canvas[canvas.index("(") + 1:-1].split(",")[:3]]
            shown = [c * a + u * (1 - a) for c, u in zip((r, g, b), under, strict=True)]
            ink = [float(c) for c in colour[colour.index("(") + 1:-1].split(",")[:3]]
            assert contrast(shown, ink) >= 4.5, (name, background, colour)
            found.append(name)
        return found

    fieldsets = forced.locator(".cs-filter").count()
    assert marked() == ["すべて"] * fieldsets  # each filter starts on すべて
    second = labels.nth(1)
    name = second.inner_text()
    second.click()
    assert sorted(marked()) == sorted([name] + ["すべて"] * (fieldsets - 1))
    SHOTS.mkdir(parents=True, exist_ok=True)
    forced.locator(".cs-filters").screenshot(path=str(SHOTS / f"{path.strip('/').replace('/', '-')}-filters.png"))
