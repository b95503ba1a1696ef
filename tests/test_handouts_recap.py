"""Session handouts from session 2 on start with a one-page recap of the previous session, and
no public PDF holds a respondent's or attendee's name or email (read back with pdftotext)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cohort_site.checks import load_and_check
from handouts_support import PUBLIC_PACKS, ROOT, SAMPLE, outline, page_texts, squash
from test_site_records import personal_strings

COHORT = load_and_check(ROOT).project.cohort(SAMPLE)


@pytest.fixture(scope="module")
def public_pdfs(public_packs: tuple[Path, object]) -> Path:
    """The sample's public packs, every session among them (rendered once per run, conftest)."""
    return public_packs[0] / "pdf" / SAMPLE


@pytest.mark.parametrize("number", [2, 3, 4, 5])
def test_recap_is_the_first_page(public_pdfs: Path, number: int) -> None:
    pages = page_texts(public_pdfs / f"session-{number:02d}.pdf", layout=False)
    first, second = squash(pages[0]), squash(pages[1])
    previous = COHORT.session(number - 1)
    assert squash(f"前回（第{number - 1}回）のふりかえり") in first
    assert all(squash(o) in first for o in previous.objectives)
    retro = COHORT.session_retrospective(number - 1)
    # The two columns interleave in the extracted text: the start of each item is on its first line.
    assert all(squash(item)[:10] in first for item in (*retro.keep[:4], *retro.try_[:4]))
    due = [hw.title for s in COHORT.sessions for hw in s.homework if hw.due_session == number]
    assert due and all(squash(title) in first for title in due)
    # The session itself starts on the next page: the recap is one page.
    assert squash(f"第{number}回 {COHORT.session(number).title}") in second
    assert squash("この回の目標") not in first
    titles = [title for _level, title, _page in outline(public_pdfs / f"session-{number:02d}.pdf")]
    assert titles[0] == f"前回（第{number - 1}回）のふりかえり"


def test_first_session_has_no_recap(public_pdfs: Path) -> None:
    text = squash("".join(page_texts(public_pdfs / "session-01.pdf")))
    assert "ふりかえり" not in text.replace("振り返り", "") and squash(COHORT.sessions[0].title) in text


def test_no_respondent_or_attendee_in_public_pdfs(public_pdfs: Path) -> None:
    needles = personal_strings()
    texts = {p.name: squash("".join(page_texts(p, layout=False))) for p in sorted(public_pdfs.glob("*.pdf"))}
    assert set(texts) == PUBLIC_PACKS
    leaks = sorted({(name, n) for name, text in texts.items() for n in needles if squash(n) in text})
    assert leaks == []
