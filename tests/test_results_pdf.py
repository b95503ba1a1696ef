"""成果報告 PDFs: the results pack of a municipality and the results part of its rollout pack,
read back with pdftotext; the SVG chart is drawn (a page image into test-output/)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from handouts_support import ROOT, page_texts, render, squash

OUTPUT = ROOT / "test-output"


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("results-pdf")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COHORT_SITE_TODAY", "2023-12-31")
        summary = render(ROOT, out, None,
                         select=lambda ref: ref.key == "133035" and ref.kind in ("results", "rollout"))
    assert len(summary.built) == 2
    return out / "pdf" / "tokyo-2021"


def test_results_pack_shows_statuses_values_and_measures(pdfs: Path) -> None:
    pages = page_texts(pdfs / "results-133035.pdf")
    cover = squash(pages[0])
    assert "成果報告" in cover and "瑞穂町" in cover and "2023年12月31日" in cover
    whole = squash("".join(pages[2:]))
    assert "瑞穂町（133035）" in whole and "2023年12月31日時点" in whole
    assert "施策を終えることは目標の達成ではありません" in whole
    # Summary table row: own baseline 5 %, target 70 %, latest 74 %, achieved.
    assert "来庁せずに申込を完了した保護者の割合5%70%2023年4月30日74%達成" in whole
    assert "書類不備による差し戻し率18%5%2023年4月30日9%未達成" in whole
    # The chart's labels are drawn as text in the PDF (the SVG rendered), with its table.
    assert "目標値70%" in whole and "現状値（独自）5%" in whole and "期限2023/4" in whole
    assert "現状値（自治体独自）2022年3月31日5%瑞穂町の令和3年度の受付記録" in whole
    assert "測定値はまだ報告されていません" in whole
    assert "就労証明書の様式統一とデータでの受付見送り町内の事業所が少なく" in whole


def test_rollout_pack_has_the_results_section(pdfs: Path) -> None:
    whole = squash("".join(page_texts(pdfs / "rollout-133035.pdf")))
    assert "成果報告" in whole and "来庁せずに申込を完了した保護者の割合5%70%2023年4月30日74%達成" in whole


def test_results_page_image(pdfs: Path) -> None:
    OUTPUT.mkdir(exist_ok=True)
    target = OUTPUT / "results-pdf-page"
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "3", "-l", "3", str(pdfs / "results-133035.pdf"), str(target)],
                   check=True)
    image = next(OUTPUT.glob("results-pdf-page*.png"))
    assert image.stat().st_size > 20_000  # a page with a drawn chart, not an empty one


def test_the_chart_uses_the_packs_embedded_font(pdfs: Path) -> None:
    fonts = subprocess.run(["pdffonts", str(pdfs / "results-133035.pdf")], capture_output=True, text=True, check=True).stdout
    names = [line.split()[0] for line in fonts.splitlines()[2:] if line.strip()]
    assert names and all("+BIZ-UDGothic" in n or "+BIZ-UDMincho" in n for n in names), names
