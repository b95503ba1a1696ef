"""A way back from paper: the QR code and short URL of the site page a printed part stands for.

Only when the site's address is known (`site_url`, not the offline build): a printed handout
then leads to the live page with the latest version, the recording and the materials. segno
writes the SVG (no other dependency); the URL is data, so it is escaped by segno and by Jinja.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache

import segno
from markupsafe import Markup, escape

from .. import urls as L
from ..model import Cohort

# The part templates that stand for a page of the site, and where that page is.
_PAGES = {
    "session": lambda cohort, data: L.session_page(cohort, data["session"].number),
    "proposal": lambda cohort, data: L.proposal_page(cohort, data["proposal"].group),
    "results": lambda cohort, data: L.results_page(cohort),
}


def part_url(site_url: str | None, cohort: Cohort, template: str, data: dict) -> str | None:
    """The absolute URL of the page a part stands for (None: no site_url, or no such page)."""
    page = _PAGES.get(template)
    return page_url(site_url, page(cohort, data)) if page and site_url else None


def page_url(site_url: str | None, src_uri: str) -> str | None:
    """`site_url` joined with the page's directory URL (as MkDocs serves it)."""
    if not site_url:
        return None
    return posixpath.join(site_url.rstrip("/") + "/", L.page_url(src_uri))


def short_url(url: str) -> str:
    """What is printed under the code: the URL without its scheme."""
    return url.split("://", 1)[-1]


@lru_cache(maxsize=256)
def qr_svg(url: str) -> Markup:
    """The QR code of `url` as inline SVG (error correction M, quiet zone of 2 modules kept by
    the viewBox; sized by the print stylesheet)."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(scale=1, border=2, omitsize=True, dark="#000", title=None)
    return Markup(svg.replace("<svg ", '<svg role="img" aria-label="{}" '.format(escape(f"QR コード: {url}")), 1))
