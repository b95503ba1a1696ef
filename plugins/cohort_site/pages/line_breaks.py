"""Phrase-aware line breaks on the site: `<wbr>` at phrase boundaries (phrases.py) in headings,
table cells and navigation titles; the stylesheet joins the phrases (`word-break: keep-all`) and
lets a phrase longer than the line wrap anywhere (site_src/stylesheets/cohort.css).

Runs on each page's final HTML (`on_post_page`), after the search plugin has read the page, and
inserts tags only: the search index, copy and paste see the text as written."""

from __future__ import annotations

import re

from ..phrases import mark_fragment

# Elements whose text is joined into phrases: h1–h3, table cells, navigation and contents titles.
_ELEMENT = re.compile(r'(<(h[1-3]|td|th)\b[^>]*>|<span class="md-ellipsis">)(.*?)(</\2>|</span>)', re.S)


def insert_breaks(page_html: str, keep: tuple[str, ...] = ()) -> str:
    """`page_html` with `<wbr>` between the phrases of every targeted element's text."""
    return _ELEMENT.sub(lambda m: m.group(1) + mark_fragment(m.group(3), keep) + m.group(4), page_html)
