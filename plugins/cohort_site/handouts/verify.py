"""Checks around rendering: every internal link resolves before, every section is there after."""

from __future__ import annotations

import re

from .errors import HandoutError
from .packs import Pack
from .render import Rendered

_HREF = re.compile(r'href="#([^"]+)"')
_ID = re.compile(r'\sid="([^"]+)"')


class IncompletePack(HandoutError):
    pass


def check_links(html: str, pack: Pack) -> None:
    """Every `href="#x"` of the print HTML has its `id="x"` (after cross-reference resolution)."""
    ids = set(_ID.findall(html))
    dangling = sorted(set(_HREF.findall(html)) - ids)
    if dangling:
        raise HandoutError(
            f"{pack.ref.title}: 資料内のリンク先 {', '.join('#' + d for d in dangling)} がありません"
            f"（元のファイル: {', '.join(pack.sources)}）"
        )


def check_sections(pack: Pack, rendered: Rendered) -> None:
    """Every heading the pack should hold is laid out and bookmarked (no silent truncation)."""
    labels = {label for _level, label, _page in rendered.bookmarks}
    missing = [
        h.title for h in pack.expected_headings if h.anchor not in rendered.anchors or h.title not in labels
    ]
    if missing:
        raise IncompletePack(
            f"{pack.ref.title}: PDFに次の章がありません: {'、'.join(missing)}（元のファイル: {', '.join(pack.sources)}）"
        )
