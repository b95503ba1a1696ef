"""Japanese line breaking, the way back from paper and the 和暦 date style, read from the output:
the built pages in Chromium, the PDFs' text (pdftotext) and their QR codes (zbarimg)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from cohort_site.loader import load_project
from cohort_site.pages import results as results_page
from cohort_site.pages.context import SiteContext
from cohort_site.phrases import boundaries, keep_together, kept_spans, mark_fragment, phrases
from handouts_support import page_texts
from site_helpers import ROOT, build, page

MINIMAL = ROOT / "tests" / "fixtures" / "minimal"
SITE_URL = "https://intranet.example.lg.jp/dx-kenshu/"


# --- phrases ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("text", "whole"),
    [
        ("2022年11月30日までに41%にする", ["2022年11月30日", "41%"]),
        ("第4回 提案書の作成 — ドラフトの相互レビューとメンター講評", ["第4回", "提案書", "レビュー", "講評"]),
        ("世田谷区の電子申請の利用率を令和4年度に30ポイント上げる", ["世田谷区", "令和4年度", "電子申請"]),
        ("待ち時間を1件あたり30分短縮する", ["1件", "30分", "待ち時間"]),
        ("RPA導入で年間1,200時間を削減", ["RPA", "1,200時間"]),
    ],
)
def test_phrases_never_cut_a_number_from_its_unit_a_date_or_a_word(text: str, whole: list[str]) -> None:
    cut = phrases(text, ("世田谷区",))
    assert "".join(cut) == text
    assert len(cut) > 1, cut  # it does cut: between phrases
    for word in whole:
        start = text.index(word)
        assert not any(start < c < start + len(word) for c in boundaries(text, ("世田谷区",))), (word, cut)


def test_a_name_given_to_keep_stays_whole_where_budoux_would_cut_it() -> None:
    text = "東京都瑞穂町と奥多摩町の合同の取組"
    assert not any(2 < c < 5 for c in boundaries(text, ("瑞穂町",)))


def test_marks_are_tags_only() -> None:
    fragment = '第4回 提案書の<a href="#x">作成 &amp; 講評</a>'
    for longest in (None, 16):
        marked = mark_fragment(fragment, (), longest)
        assert marked != fragment
        assert re.sub(r"<[^>]*>", "", marked) == re.sub(r"<[^>]*>", "", fragment)
    body = '<style>p{width:30%}</style><p>足立区、1,000件</p><svg><text>30分</text></svg>'
    kept = keep_together(body, ("足立区",))
    assert '<span class="ph">足立区</span>' in kept and '<span class="ph">1,000件</span>' in kept
    assert "<text>30分</text>" in kept and "width:30%" in kept


# --- a project with 和暦 dates and a site_url, built with its PDFs ----------------------------

@pytest.fixture(scope="module")
def wareki(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("wareki")
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "site_src", project / "site_src")
    shutil.copytree(MINIMAL / "cohort_data", project / "cohort_data")
    cohort = project / "cohort_data" / "mini-2021" / "cohort.yml"
    cohort.write_text(cohort.read_text(encoding="utf-8") + "date_style: 和暦\n", encoding="utf-8")
    build(project, project / "site", COHORT_HANDOUTS="true", COHORT_SITE_URL=SITE_URL)
    return project / "site"


def test_wareki_dates_on_the_page_and_in_the_pdf(wareki: Path) -> None:
    html = page(wareki, "mini-2021/sessions/1/")
    when = re.search(r'<p class="cs-when">(.*?)</p>', html, re.S)
    assert when is not None and "令和3年" in when.group(1) and "（" in when.group(1), when
    assert not re.search(r"20\d\d年\d+月", when.group(1))
    text = "".join(page_texts(wareki / "pdf" / "mini-2021" / "session-01.pdf", layout=False))
    assert re.search(r"令和\d+年\d+月\d+日（[月火水木金土日]）", text), text[:400]
    assert not re.search(r"20\d\d年\d+月\d+日\(", text)


def _qr_codes(pdf: Path, first: int, last: int, tmp_path: Path) -> list[str]:
    subprocess.run(["pdftoppm", "-r", "200", "-png", "-f", str(first), "-l", str(last), str(pdf), str(tmp_path / "p")], check=True)
    found = []
    for png in sorted(tmp_path.glob("p-*.png")):
        done = subprocess.run(["zbarimg", "-q", "--raw", str(png)], capture_output=True, text=True)
        found += done.stdout.split()
        png.unlink()
    return found


def test_printed_parts_carry_the_qr_code_of_their_page(wareki: Path, tmp_path: Path) -> None:
    pdf = wareki / "pdf" / "mini-2021"
    assert _qr_codes(pdf / "session-01.pdf", 1, 1, tmp_path) == [f"{SITE_URL}mini-2021/sessions/1/"]
    # Session 2 opens with the recap of session 1 (no page of its own), then its own part.
    assert f"{SITE_URL}mini-2021/sessions/2/" in _qr_codes(pdf / "session-02.pdf", 1, 3, tmp_path)
    assert _qr_codes(pdf / "proposal-g1.pdf", 1, 1, tmp_path) == [f"{SITE_URL}mini-2021/proposals/g1/"]
    rollout = next(pdf.glob("rollout-*.pdf"))
    code = rollout.stem.split("-")[1]
    assert _qr_codes(rollout, 1, 1, tmp_path) == [f"{SITE_URL}municipalities/{code}/"]
    # The short URL is printed under the code, for those without a phone at hand.
    assert "intranet.example.lg.jp/dx-kenshu/mini-2021/sessions/1/" in re.sub(r"\s", "", page_texts(pdf / "session-01.pdf", layout=False)[0])


# --- the site at a phone's and a desktop's width --------------------------------------------

_LINES = """
(selector) => [...document.querySelectorAll(selector)].filter(el => el.offsetParent !== null).map(el => {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let text = "", breaks = [], blocks = [], lastTop = null, lastBlock = null, node;
  while ((node = walker.nextNode())) {
    if (node.parentElement.closest(".headerlink, svg")) continue;
    const block = node.parentElement.closest("li, p, div, dd, dt, td, th, h1, h2, h3, nav");
    if (block !== lastBlock) { blocks.push(text.length); lastBlock = block; lastTop = null; }
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange();
      range.setStart(node, i); range.setEnd(node, i + 1);
      const rects = range.getClientRects();
      if (rects.length && !/\\s/.test(node.data[i])) {
        const top = rects[0].top;
        if (lastTop !== null && top > lastTop + 3) breaks.push(text.length);
        lastTop = top;
      }
      text += node.data[i];
    }
  }
  return {text, breaks, blocks};
})
"""
SELECTOR = "article h1, article h2, article h3, article td, article th, .md-nav .md-ellipsis"
PAGES = ["tokyo-2021/sessions/4/", "tokyo-2021/proposals/g1/", "portfolio/", "tokyo-2021/results/"]


def _names() -> tuple[str, ...]:
    """The names the site keeps whole: those of the municipalities taking part."""
    project = load_project(ROOT).project
    return tuple(m.name for c in project.cohorts for g in c.groups for code in g.municipalities
                 if (m := project.municipalities.get(code)))


def _bad_breaks(text: str, breaks: list[int], blocks: list[int], names: tuple[str, ...]) -> list[str]:
    """Breaks inside a phrase that is not longer than the element's longest line (phrases of each
    block of the element: a list item, a paragraph)."""
    edges = [*blocks, len(text)]
    cuts = set(blocks)
    for a, b in zip(edges, edges[1:], strict=False):
        cuts |= {a + c for c in boundaries(text[a:b], tuple(n for n in names if n in text[a:b]))}
    if not cuts:
        return []
    edges = [0, *breaks, len(text)]
    longest = max(len(text[a:b].strip()) for a, b in zip(edges, edges[1:], strict=False))
    phrase_edges = [0, *sorted(cuts), len(text)]
    bad = []
    for at in breaks:
        if at in cuts or text[at - 1].isspace() or text[at].isspace():
            continue
        start = max(e for e in phrase_edges if e <= at)
        end = min(e for e in phrase_edges if e > at)
        if end - start < longest:
            bad.append(f"{text[:at]}｜{text[at:]}")
    return bad


@pytest.mark.parametrize("width", [390, 1280])
def test_headings_cells_and_titles_break_between_phrases(browser: Browser, origin: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="ja-JP")
    tab = context.new_page()
    bad, broken, names = [], 0, _names()
    for url in PAGES:
        tab.goto(f"{origin}/{url}")
        for element in tab.evaluate(_LINES, SELECTOR):
            broken += bool(element["breaks"])
            bad += [f"{url}: {b}" for b in _bad_breaks(element["text"], element["breaks"], element["blocks"], names)]
    context.close()
    assert broken > 10  # the pages do have wrapped headings and cells at this width
    assert not bad, "\n".join(bad[:20])


def test_wareki_dates_on_the_results_page_builder() -> None:
    """The sample's results page (the minimal project has no results) in the 和暦 style."""
    project = load_project(ROOT).project
    cohort = project.cohort("tokyo-2021")
    assert cohort is not None and cohort.results
    ctx = SiteContext(project=project)
    western = results_page.render(ctx, cohort)
    wareki = results_page.render(ctx, cohort.model_copy(update={"date_style": "和暦"}))
    assert re.search(r"20\d\d年\d+月\d+日", western)
    assert not re.search(r"20\d\d年\d+月\d+日", wareki)
    assert len(re.findall(r"令和\d+年\d+月\d+日", wareki)) >= len(re.findall(r"20\d\d年\d+月\d+日", western))


@pytest.mark.parametrize("width", [390, 1280])
def test_body_text_keeps_numbers_dates_and_names_whole(browser: Browser, origin: str, width: int) -> None:
    """Body text breaks as usual, except inside a number with its unit, a date or a name."""
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="ja-JP")
    tab = context.new_page()
    bad, broken, names = [], 0, _names()
    for url in PAGES:
        tab.goto(f"{origin}/{url}")
        for element in tab.evaluate(_LINES, "article p, article li"):
            text, breaks = element["text"], element["breaks"]
            broken += bool(breaks)
            spans = kept_spans(text, tuple(n for n in names if n in text))
            bad += [f"{url}: {text[:at]}｜{text[at:]}" for at in breaks if any(a < at < b for a, b in spans)]
    context.close()
    assert broken > 10
    assert not bad, "\n".join(bad[:20])
