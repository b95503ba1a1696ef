"""One vocabulary: the site page and the PDF of the same proposal show the sections declared in
labels.PROPOSAL_SECTIONS, with the same titles in the same order (read from the built HTML, the
PDF's bookmarks and its text, and the Word twin's headings), 成果 included when results exist, for
every proposal of both samples; and the drifted words now read the same in both."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest

from cohort_site.labels import (
    KPT,
    NOT_GIVEN,
    PROPOSAL_RESULTS,
    PROPOSAL_SECTIONS,
    RESULTS_AFTER,
    SESSION_SECTIONS,
    shown_sections,
)
from cohort_site.loader import load_project
from cohort_site.results import proposal_results, today
from handouts_support import ROOT, SAMPLE, outline, page_texts, squash
from site_helpers import page, text

PROJECT = load_project(ROOT).project
COHORT = PROJECT.cohort(SAMPLE)
GROUP = "g1"
PROPOSAL = COHORT.proposal_of(GROUP)
# Every proposal of both samples: (cohort id, group id)
EVERY_PROPOSAL = [(c.id, p.group) for c in PROJECT.cohorts for p in c.proposals]


@pytest.fixture(scope="module")
def proposal_pdf(packs: tuple[Path, object]) -> Path:
    """The sample cohort's packs (rendered once per run, tests/conftest.py)."""
    return packs[0] / "pdf" / SAMPLE


def site_h2(html: str) -> list[str]:
    article = html[html.index("<article"):html.index("</article>")]
    return [text(h).replace("¶", "").strip() for h in re.findall(r"<h2[^>]*>(.*?)</h2>", article, re.S)]


def test_the_sample_proposal_shows_every_declared_section() -> None:
    assert [s.key for s in shown_sections(PROPOSAL_SECTIONS, PROPOSAL)] == [s.key for s in PROPOSAL_SECTIONS]


def test_site_and_pdf_show_the_same_section_titles_in_the_same_order(site: Path, proposal_pdf: Path) -> None:
    declared = [s.title for s in shown_sections(PROPOSAL_SECTIONS, PROPOSAL)]
    on_site = [t for t in site_h2(page(site, f"{SAMPLE}/proposals/{GROUP}/")) if t in declared]
    in_pdf = [title for level, title, _ in outline(proposal_pdf / f"proposal-{GROUP}.pdf") if level == 2 and title in declared]
    assert on_site == declared
    assert in_pdf == declared
    # Every section title is printed in the body (not only in the bookmarks), after the group.
    body = squash("".join(page_texts(proposal_pdf / f"proposal-{GROUP}.pdf", layout=False)))
    start = body.rindex(squash("グループと構成自治体"))
    positions = [body.index(squash(t), start) for t in declared]
    assert positions == sorted(positions)


def expected_sections(cohort_id: str, group: str) -> list[str]:
    """The declared sections the proposal shows, with 成果 after the measures when a municipality
    of the group has reported."""
    cohort = PROJECT.cohort(cohort_id)
    proposal = cohort.proposal_of(group)
    titles = []
    for section in shown_sections(PROPOSAL_SECTIONS, proposal):
        titles.append(section.title)
        if section.key == RESULTS_AFTER and proposal_results(cohort, proposal, today()):
            titles.append(PROPOSAL_RESULTS)
    return titles


@pytest.mark.parametrize(("cohort_id", "group"), EVERY_PROPOSAL, ids=[f"{c}-{g}" for c, g in EVERY_PROPOSAL])
def test_every_proposal_page_and_pdf_show_the_same_sections(site: Path, proposal_pdf: Path, cohort_id: str,
                                                            group: str) -> None:
    expected = expected_sections(cohort_id, group)
    vocabulary = {s.title for s in PROPOSAL_SECTIONS} | {PROPOSAL_RESULTS}
    on_site = [t for t in site_h2(page(site, f"{cohort_id}/proposals/{group}/")) if t in vocabulary]
    pdf = proposal_pdf.parent / cohort_id / f"proposal-{group}.pdf"
    in_pdf = [title for level, title, _ in outline(pdf) if level == 2 and title in vocabulary]
    assert on_site == expected
    assert in_pdf == expected
    assert (PROPOSAL_RESULTS in expected) == (cohort_id == SAMPLE)  # the Tokyo sample has results, Kanagawa not yet


@pytest.fixture(scope="module")
def proposal_twins(packs: tuple[Path, object]) -> Path:
    """The Word twins of every pack, every proposal among them (rendered with the PDFs)."""
    return packs[0] / "pdf"


def docx_h2(path: Path) -> list[str]:
    """The text of every paragraph in Word's 「見出し 2」 (style Heading2), in order."""
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(path) as package:
        body = ElementTree.fromstring(package.read("word/document.xml"))
    return ["".join(t.text or "" for t in p.iter(f"{w}t")) for p in body.iter(f"{w}p")
            if (style := p.find(f"{w}pPr/{w}pStyle")) is not None and style.get(f"{w}val") == "Heading2"]


@pytest.mark.parametrize(("cohort_id", "group"), EVERY_PROPOSAL, ids=[f"{c}-{g}" for c, g in EVERY_PROPOSAL])
def test_every_proposal_word_twin_shows_the_same_sections(proposal_twins: Path, cohort_id: str, group: str) -> None:
    vocabulary = {s.title for s in PROPOSAL_SECTIONS} | {PROPOSAL_RESULTS}
    shown = [t for t in docx_h2(proposal_twins / cohort_id / f"proposal-{group}.docx") if t in vocabulary]
    assert shown == expected_sections(cohort_id, group)


def test_the_pdf_results_show_the_pages_charts_and_tables(site: Path, proposal_pdf: Path) -> None:
    """g1's 成果 in print: per KPI the same status rows as the page and a chart of the municipalities."""
    html = page(site, f"{SAMPLE}/proposals/{GROUP}/")
    body = squash("".join(page_texts(proposal_pdf / f"proposal-{GROUP}.pdf")))  # a table row is one line
    results = body[body.rindex(squash(PROPOSAL_RESULTS)):]  # the section, after the contents
    across = proposal_results(COHORT, PROPOSAL, today())
    assert len(across) == 4
    for item in across:
        block = html[html.index(f'id="result-{item.kpi.id}"'):]
        table = block[block.index('<table class="cs-kpi-status"'):block.index("</table>", block.index('<table class="cs-kpi-status"'))]
        rows = [squash(text(row)) for row in re.findall(r"<tr>\s*<td.*?</tr>", table, re.S)]
        assert len(rows) == 5, rows
        start = results.index(squash(item.kpi.indicator))
        for row in rows:  # 世田谷区72%2023年4月28日達成 ...
            assert row in results[start:], (item.kpi.id, row)
        # the chart: its labels are text in the PDF too
        assert squash(f"目標値 {item.kpi.target:g}{item.kpi.unit}") in results[start:]
    assert squash("独自の現状値 5%") in results  # 瑞穂町's own baseline, marked as on the page
    assert "独自の現状値 5%" in text(html)


def test_site_and_pdf_show_the_same_session_sections_in_the_same_order(site: Path, proposal_pdf: Path) -> None:
    session = COHORT.session(2)
    declared = [s.title for s in shown_sections(SESSION_SECTIONS, session)]
    assert len(declared) == len(SESSION_SECTIONS)
    on_site = [t for t in site_h2(page(site, f"{SAMPLE}/sessions/2/")) if t in declared]
    marks = outline(proposal_pdf / "session-02.pdf")
    in_pdf = [title for _, title, _ in marks if title in declared]
    assert on_site == declared
    assert in_pdf == declared


def test_the_drifted_words_read_the_same_on_the_site_and_in_the_pdf(site: Path, proposal_pdf: Path) -> None:
    book = squash("".join(page_texts(proposal_pdf / "cohort-book.pdf", layout=False)))
    for _, label in KPT:  # the book's retrospectives part
        assert squash(label) in book, label
    session = text(page(site, f"{SAMPLE}/sessions/1/"))
    retro = next(r for r in COHORT.retrospectives if r.session == 1)
    shown = [label for field, label in KPT if getattr(retro, field)]
    assert shown and all(label in session for label in shown)
    proposal = text(page(site, f"{SAMPLE}/proposals/{GROUP}/"))
    assert "リスクと対策" in proposal and squash("リスクと対策") in book
    assert "リスクと対応" not in proposal and squash("リスクと対応") not in book
    assert "（未設定）" not in book  # a missing value reads NOT_GIVEN everywhere
    assert NOT_GIVEN == "（未記入）"
