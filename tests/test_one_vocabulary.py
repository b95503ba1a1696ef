"""One vocabulary: the site page and the PDF of the same proposal show the sections declared in
labels.PROPOSAL_SECTIONS, with the same titles in the same order (read from the built HTML, the
PDF's bookmarks and its text), and the drifted words now read the same in both."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cohort_site.labels import KPT, NOT_GIVEN, PROPOSAL_SECTIONS, SESSION_SECTIONS, shown_sections
from cohort_site.loader import load_project
from handouts_support import ROOT, SAMPLE, outline, page_texts, render, squash
from site_helpers import page, text

COHORT = load_project(ROOT).project.cohort(SAMPLE)
GROUP = "g1"
PROPOSAL = COHORT.proposal_of(GROUP)


@pytest.fixture(scope="module")
def proposal_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdf-vocabulary")
    render(ROOT, out, ROOT / ".cache" / "handouts-tests", workers=1,
           select=lambda ref: ref.filename in (f"proposal-{GROUP}.pdf", "cohort-book.pdf", "session-02.pdf"))
    return out / "pdf" / SAMPLE


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
