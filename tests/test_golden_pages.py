"""Golden files of the page builders: the sample's model in, a page's Markdown out (and the site
files the plan writes: the calendar, the portfolio's filter stylesheet), compared with the reviewed
files in tests/golden/. No MkDocs, no build: a change to a builder shows as a diff of its output.

After an intended change: `.venv/bin/python -m pytest tests/test_golden_pages.py --update-golden`,
then read `git diff tests/golden/` as the review of what the pages now say.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cohort_site import urls as L
from cohort_site.checks import load_and_check
from cohort_site.pages.context import SiteContext
from cohort_site.pages.plan import PlannedFile, PlannedPage, plan_site
from cohort_site.profile import redact
from site_helpers import ROOT

GOLDEN = Path(__file__).resolve().parent / "golden"
SAMPLE = "tokyo-2021"
TODAY = "2023-12-31"  # the results' reference date (COHORT_SITE_TODAY)


def _plan(profile: str) -> dict[str, PlannedPage | PlannedFile]:
    checked = load_and_check(ROOT)
    assert checked.ok, [str(d) for d in checked.diagnostics if d.is_error]
    ctx = SiteContext(project=redact(checked.project, profile), profile=profile, findings=checked.by_file(),
                      site_url="https://intranet.example.lg.jp/dx-kenshu/")
    return {item.src_uri: item for item in plan_site(ctx)}


def _cases() -> list[tuple[str, str]]:
    """One page of every builder (and the generated files), the personal pages in both profiles."""
    project = load_and_check(ROOT).project
    cohort = project.cohort(SAMPLE)
    group, proposal = cohort.groups[0], cohort.proposals[0]
    code = group.municipalities[0]
    intranet = [
        L.cohort_page(cohort), L.session_page(cohort, 1), L.group_page(cohort, group.id),
        L.proposal_page(cohort, proposal.group), L.retrospective_page(cohort), L.results_page(cohort), L.results_css(cohort),
        L.downloads_page(cohort), L.calendar_file(cohort), L.PORTFOLIO, L.PORTFOLIO_CSS, L.MUNICIPALITIES,
        L.municipality_page(code),
    ]
    public = [L.session_page(cohort, 1), L.group_page(cohort, group.id)]
    return [("intranet", uri) for uri in intranet] + [("public", uri) for uri in public]


CASES = _cases()


@pytest.fixture(scope="module")
def plans() -> dict[str, dict[str, PlannedPage | PlannedFile]]:
    patch = pytest.MonkeyPatch()
    patch.setenv("COHORT_SITE_TODAY", TODAY)
    try:
        yield {profile: _plan(profile) for profile in ("intranet", "public")}
    finally:
        patch.undo()


@pytest.mark.parametrize(("profile", "uri"), CASES, ids=[f"{p}:{u}" for p, u in CASES])
def test_page_builder_output_equals_its_golden_file(
    plans: dict[str, dict[str, PlannedPage | PlannedFile]], profile: str, uri: str, request: pytest.FixtureRequest,
) -> None:
    item = plans[profile][uri]
    text = item.render() if isinstance(item, PlannedPage) else item.content().decode("utf-8")
    golden = GOLDEN / profile / uri
    if request.config.getoption("--update-golden"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8", newline="")
    assert golden.is_file(), f"{golden} がありません。--update-golden で作り、内容を確かめてからコミットしてください"
    expected = golden.read_bytes().decode("utf-8")
    assert text == expected, (
        f"{uri} ({profile}) differs from {golden.relative_to(GOLDEN.parent)}; if intended, run with "
        "--update-golden and review the diff"
    )


def test_the_golden_folder_holds_no_stale_file() -> None:
    expected = {GOLDEN / profile / uri for profile, uri in CASES}
    assert {p for p in GOLDEN.rglob("*") if p.is_file()} == expected
