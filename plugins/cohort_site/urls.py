"""Where each generated page lives, and relative links between pages and site files.

Pure functions of source paths: page builders use them without knowing MkDocs. The URL rules
are MkDocs' own (`use_directory_urls`): `a/b.md` is served at `a/b/` (or `a/b.html`), `a/index.md`
at `a/`.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from .model import Cohort

HOME = "index.md"
PORTFOLIO = "portfolio/index.md"
PORTFOLIO_CSS = "portfolio/filter.css"  # the filter's generated rules
MUNICIPALITIES = "municipalities/index.md"
GUIDE_PROPOSAL_WORD = "guide/proposal-word.md"  # hand-written (site_src/), linked from generated pages


def cohort_page(cohort: Cohort | str) -> str:
    return f"{_id(cohort)}/index.md"


def session_page(cohort: Cohort | str, number: int) -> str:
    return f"{_id(cohort)}/sessions/{number}.md"


def group_page(cohort: Cohort | str, group_id: str) -> str:
    return f"{_id(cohort)}/groups/{group_id}.md"


def proposal_page(cohort: Cohort | str, group_id: str) -> str:
    return f"{_id(cohort)}/proposals/{group_id}.md"


def retrospective_page(cohort: Cohort | str) -> str:
    return f"{_id(cohort)}/retrospective.md"


def downloads_page(cohort: Cohort | str) -> str:
    return f"{_id(cohort)}/downloads.md"


def results_page(cohort: Cohort | str) -> str:
    return f"{_id(cohort)}/results.md"


def results_css(cohort: Cohort | str) -> str:
    """The results page's filter rules (linked in its <head>)."""
    return f"{_id(cohort)}/results.css"


def calendar_file(cohort: Cohort | str) -> str:
    return f"{_id(cohort)}/calendar.ics"


def municipality_page(code: str) -> str:
    return f"municipalities/{code}.md"


def _id(cohort: Cohort | str) -> str:
    return cohort if isinstance(cohort, str) else cohort.id


def page_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """The site-relative URL of a source file, as MkDocs computes it."""
    if not src_uri.endswith(".md"):
        return src_uri
    stem = src_uri[: -len(".md")]
    folder, name = posixpath.split(stem)
    if not use_directory_urls:
        return f"{folder}/index.html" if name == "README" and folder else (
            "index.html" if name == "README" else f"{stem}.html")
    if name in ("index", "README"):
        return f"{folder}/" if folder else ""
    return f"{stem}/"


@dataclass(frozen=True)
class Links:
    """Links as seen from one page (`here`, a source path such as `tokyo-2021/index.md`)."""

    here: str
    use_directory_urls: bool = True

    def md(self, target: str, anchor: str = "") -> str:
        """A Markdown link target to another source file; MkDocs validates and rewrites it."""
        rel = posixpath.relpath(target, posixpath.dirname(self.here) or ".")
        return f"{rel}#{anchor}" if anchor else rel

    def url(self, target: str) -> str:
        """A relative URL for raw HTML: to a page (source path) or a site file (e.g. a PDF)."""
        here_url = page_url(self.here, self.use_directory_urls)
        here_dir = here_url if here_url.endswith("/") or not here_url else posixpath.dirname(here_url)
        target_url = page_url(target, self.use_directory_urls)
        rel = posixpath.relpath(target_url or ".", here_dir.rstrip("/") or ".")
        if target_url.endswith("/") or not target_url:
            rel = "./" if rel == "." else f"{rel}/"
        return rel
