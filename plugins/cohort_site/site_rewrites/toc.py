"""The table of contents of a generated page, read from its HTML.

Markdown fields enter a page as sanitised HTML (`markup.markdown_html`), so the Markdown `toc` extension
does not see their headings; the site plugin rebuilds the page's table of contents from the
rendered HTML instead, in the token shape of Python-Markdown's `toc_tokens`."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

_HEADING = re.compile(r'<h([1-6])\b[^>]*\bid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_TAG = re.compile(r"<[^>]+>")


def heading_tokens(html: str) -> list[dict[str, Any]]:
    """Nested tokens ({level, id, name, html, children}) of every heading with an id.

    `name` stays HTML-escaped, as Python-Markdown gives it (the theme prints it unescaped)."""
    roots: list[dict[str, Any]] = []
    stack: list[dict[str, Any]] = []
    for level, anchor, inner in _HEADING.findall(html):
        inner = _PERMALINK.sub("", inner)
        name = _TAG.sub("", inner).strip()
        token = {"level": int(level), "id": unescape(anchor), "name": name, "html": inner.strip(), "data-toc-label": "", "children": []}
        while stack and stack[-1]["level"] >= token["level"]:
            stack.pop()
        (stack[-1]["children"] if stack else roots).append(token)
        stack.append(token)
    return roots
