"""Browser print of the site (Chromium's own print to A4 portrait, as a participant would):
no agenda or KPI cell is lost at the right edge, and navigation, search and the portfolio's
filter chips stay off the paper. Page images go to test-output/print/ to look at."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from site_helpers import ROOT, page, section, text

OUT = ROOT / "test-output" / "print"


def _print(browser: Browser, origin: str, path: str, name: str) -> str:  # noqa: F811
    """Print a page to PDF the way the browser's print dialog does; return the PDF's text."""
    OUT.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="ja-JP")
    tab = context.new_page()
    tab.goto(f"{origin}/{path}")
    pdf = OUT / f"{name}.pdf"
    tab.pdf(path=str(pdf), prefer_css_page_size=True)
    context.close()
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info, info
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(OUT / name)], check=True)
    return subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _squeeze(value: str) -> str:
    return re.sub(r"\s+", "", value)


def _cells(html: str) -> list[str]:
    return [text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", html, re.S) if text(cell)]


@pytest.mark.parametrize(("path", "headings", "name"), [
    ("tokyo-2021/sessions/1/", ["進行表"], "session"),
    ("tokyo-2021/proposals/g1/", ["目指す姿アウトカム", "関係者", "スケジュール", "リスクと対策"], "proposal"),
])
def test_printed_page_keeps_every_table_cell(site: Path, browser: Browser, origin: str,  # noqa: F811
                                             path: str, headings: list[str], name: str) -> None:
    printed = _squeeze(_print(browser, origin, path, name))
    html = page(site, path)
    cells = [cell for heading in headings for cell in _cells(section(html, heading))]
    assert len(cells) > 10
    lost = [cell for cell in cells if _squeeze(cell) not in printed]
    assert not lost, f"cells missing from the printed {path}: {lost}"


def test_print_leaves_out_navigation_search_and_filter_chips(browser: Browser, origin: str) -> None:  # noqa: F811
    printed = _print(browser, origin, "portfolio/", "portfolio")
    assert "提案書ポートフォリオ" in printed and "Aグループ" in printed
    for left_out in ("絞り込みを解除", "検索", "ガイド", "自治体別"):
        assert left_out not in printed, left_out
