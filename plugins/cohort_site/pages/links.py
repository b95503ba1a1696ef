"""The page builders' name for `cohort_site.urls` (where each generated page lives), which the
print handouts share (their QR codes lead to the pages) from a layer below both."""

from ..urls import (
    GUIDE_PROPOSAL_WORD,
    HOME,
    MUNICIPALITIES,
    PORTFOLIO,
    PORTFOLIO_CSS,
    Links,
    calendar_file,
    cohort_page,
    downloads_page,
    group_page,
    municipality_page,
    page_url,
    proposal_page,
    results_css,
    results_page,
    retrospective_page,
    session_page,
)

__all__ = [
    "GUIDE_PROPOSAL_WORD",
    "HOME",
    "Links",
    "MUNICIPALITIES",
    "PORTFOLIO",
    "PORTFOLIO_CSS",
    "calendar_file",
    "cohort_page",
    "downloads_page",
    "group_page",
    "municipality_page",
    "page_url",
    "proposal_page",
    "results_css",
    "results_page",
    "retrospective_page",
    "session_page",
]
