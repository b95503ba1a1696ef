"""Phrase-aware line breaks on the site: each phrase (phrases.py) of a heading, a table cell or a
navigation title in `<span class="ph">`, an inline block (site_src/stylesheets/cohort.css) that
wraps inside only when the phrase is longer than the line. Body text of the article breaks as
usual, but a number with its unit, a date and a municipality name stay whole (`keep_together`).

Runs on each page's final HTML (`on_post_page`), after the search plugin has read the page, and
inserts tags only: the search index, copy and paste see the text as written."""

from __future__ import annotations

import re
from functools import lru_cache

from ..phrases import keep_together, mark_fragment

# Elements whose text is joined into phrases: h1–h3, table cells, navigation and contents titles.
_ELEMENTS = (
    re.compile(r"(?P<open><(?P<tag>h[1-3]|td|th)\b[^>]*>)(?P<inner>.*?)(?P<close></(?P=tag)>)", re.S),
    re.compile(r'(?P<open><span class="md-ellipsis">)(?P<inner>[^<]*)(?P<close></span>)'),
)


@lru_cache(maxsize=256)  # about three builds of the sample's pages (≈65 KB each)
def insert_breaks(page_html: str, keep: tuple[str, ...] = ()) -> str:
    """`page_html` with the phrases of every targeted element's text marked. A page that a
    rebuild leaves unchanged (`mkdocs serve`, most pages) is marked once per process."""
    for pattern in _ELEMENTS:
        page_html = pattern.sub(lambda m: m["open"] + mark_fragment(m["inner"], keep) + m["close"], page_html)
    return _ARTICLE.sub(lambda m: m[1] + keep_together(m[2], keep) + m[3], page_html, count=1)


_ARTICLE = re.compile(r'(<article class="md-content__inner[^"]*"[^>]*>)(.*?)(</article>)', re.S)
