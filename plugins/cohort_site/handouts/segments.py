"""A pack's print HTML cut into segments that are laid out on their own and shared between packs.

Every part of a pack starts on a new page (print.css `.part { break-before: page }`), and nothing
on a part's pages depends on the pages before it but page numbers: the footer's "n / N" and the
table of contents' target pages (no other page-based counter appears in a part). So a pack with a
cover page ("full" cover) is laid out as

- the cover, with the pack's metadata (title, author, dates), laid out per pack;
- the table of contents alone, without the metadata, with the target pages written in
  (`data-page`), laid out when the parts' pages are known: packs with the same parts (the
  rollout packs of one group) have the same contents and share its layout;
- one segment per part: the part alone under the pack's stylesheet, without the pack's own
  metadata, so the same part in another pack (the sessions, the retrospective and the templates
  of every rollout pack and of the book) has the same HTML and is laid out once;
- the footers: a document of N empty pages whose bottom box says "n / N", one per total N.

render.py joins the pages and puts each page's footer from the footer document in. A pack with a
cover line shares page 1 between its cover and its content and is laid out whole.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

# pack.html.j2 marks the pack's own metadata and the start of each part.
_META = re.compile(r"<!--meta-->.*?<!--/meta-->\n?", re.S)
PART_MARK = "<!--part-->"
_BODY = re.compile(r"<body\b[^>]*>")
_TOC = re.compile(r'<nav class="toc toc-full".*?</nav>', re.S)
_TOC_LINK = re.compile(r'<a href="#([^"]+)">')
_END = "\n</body>\n</html>\n"


@dataclass(frozen=True)
class Segments:
    cover: str  # the cover, with the pack's metadata: laid out per pack
    toc: str  # the table of contents alone (no metadata): shared by packs with the same contents
    parts: tuple[str, ...]  # each part alone under the stylesheet (no metadata): shared by hash
    prefix: str  # the stylesheet and an empty body tag: what the footer document is made of

    @cached_property
    def part_keys(self) -> tuple[str, ...]:
        # Read by the layout and again by the release of the same pack: each part is hashed once.
        return tuple(segment_key(part) for part in self.parts)


def segment_key(html: str) -> str:
    return hashlib.sha256(html.encode()).hexdigest()


def split(html: str) -> Segments | None:
    """The segments of a pack's print HTML, or None when it has no cover page of its own."""
    if '<nav class="toc toc-full"' not in html or PART_MARK not in html:
        return None
    body = _BODY.search(html)
    assert body is not None, "print HTML without <body>"
    head, *parts = html[: html.rindex("</body>")].split(PART_MARK)
    prefix = _META.sub("", html[: body.start()]) + '<body class="pack">\n'
    toc = _TOC.search(head)
    assert toc is not None, "a full cover without its contents"
    cover = head[: toc.start()] + head[toc.end():]
    return Segments(cover + _END, prefix + toc.group(0) + _END, tuple(prefix + part + _END for part in parts), prefix)


def toc_with_pages(toc: str, pages: Mapping[str, int]) -> str:
    """The table of contents with each entry's target page written in."""

    def number(match: re.Match[str]) -> str:
        anchor = match.group(1)
        return f'<a href="#{anchor}" data-page="{pages[anchor]}">' if anchor in pages else match.group(0)

    return _TOC.sub(lambda found: _TOC_LINK.sub(number, found.group(0)), toc, count=1)


def footer_html(prefix: str, total: int) -> str:
    """`total` empty pages under the pack's page rules: page n's bottom box says "n / total"."""
    pages = '<div style="break-before: page"></div>\n' * total
    return prefix + pages + _END
