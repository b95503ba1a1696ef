"""The outcome rules' warnings as readers meet them: the sample's method-goal is flagged with its
rewrite, and the proposal page's checker box and the proposal PDF show the same text (intranet
build only), read back from the built HTML and from the PDF's text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cohort_site.checks import load_and_check
from cohort_site.checks.config import default_config
from cohort_site.checks.outcomes import FINDINGS_NOTE, finding_title
from cohort_site.checks.statements import Lexicon, read_goal
from handouts_support import ROOT, SAMPLE, page_texts, render, squash
from site_helpers import page, text

CHECKED = load_and_check(ROOT)
PROPOSAL = CHECKED.project.cohort(SAMPLE).proposal_of("g5")
FINDINGS = CHECKED.for_file(PROPOSAL.loc().file)
ONLY_G5 = {"select": lambda ref: ref.filename == "proposal-g5.pdf"}


def test_the_sample_shows_a_method_goal_with_a_rewrite() -> None:
    goals = [d for d in FINDINGS if d.rule == "goal-is-method"]
    assert len(goals) == 1
    assert "「AIチャットボット」は道具・技術・仕組みの名前です。「対応する」は組織が行うこと（手段）です" in goals[0].message
    assert "書き換えの例: 「住民が" in goals[0].message and "（KPI: " in goals[0].message


@pytest.fixture(scope="module")
def pdf_text(packs: tuple[Path, object]) -> str:
    """g5's proposal PDF (the sample's packs are rendered once per run, tests/conftest.py)."""
    return squash("".join(page_texts(packs[0] / "pdf" / SAMPLE / "proposal-g5.pdf", layout=False)))


def test_the_pdf_shows_each_finding_as_the_site_does(pdf_text: str, site: Path) -> None:
    box = text(page(site, f"{SAMPLE}/proposals/g5/"))
    assert FINDINGS
    for d in FINDINGS:
        for shown in (finding_title(d.rule), d.message, str(d.loc), d.rule):
            assert squash(shown) in pdf_text, shown
            assert squash(shown) in squash(box), shown
    assert squash(FINDINGS_NOTE) in pdf_text


def test_the_public_pdf_leaves_the_findings_out(tmp_path: Path) -> None:
    render(ROOT, tmp_path, None, profile="public", workers=1, **ONLY_G5)
    public = squash("".join(page_texts(tmp_path / "pdf" / SAMPLE / "proposal-g5.pdf", layout=False)))
    assert PROPOSAL.outcomes[-1].statement in public  # the goal itself is there
    assert squash(finding_title("goal-is-method")) not in public


def test_the_guide_examples_are_read_as_the_guide_says(site: Path) -> None:
    """Every row of the guide's table (built page) states the verdict the checker gives."""
    html = page(site, "guide/proposal/")
    rows = re.findall(r"<td[^>]*>([^<]+)</td>\s*<td[^>]*>(手段|成果)（", html)  # cells carry data-label (phones)
    assert len(rows) >= 7
    lex = Lexicon.of(default_config())
    for statement, verdict in rows:
        assert read_goal(statement, lex).is_method == (verdict == "手段"), statement
