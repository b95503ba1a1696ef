"""Checks around rendering: every internal link resolves and every character has a font before,
every section is there after."""

from __future__ import annotations

import html as htmllib
import re

from ..checks.glyphs import text_values
from ..glyphs import Coverage
from .errors import HandoutError
from .packs import Pack
from .render import MissingGlyph, Rendered

_HREF = re.compile(r'href="#([^"]+)"')
_ID = re.compile(r'\sid="([^"]+)"')
_TAG = re.compile(r"<[^>]*>")


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


def check_glyphs(html: str, pack: Pack, coverage: Coverage) -> None:
    """Every character of the print HTML is in a font of the chain (the `glyph-missing` rule's
    guard for text it cannot see: entities, labels, templates). Names where the data has it."""
    missing = coverage.missing(htmllib.unescape(_TAG.sub(" ", html)))
    if not missing:
        return
    values = [*text_values(pack.cohort), *(v for m in pack.project.municipalities.values() for v in text_values(m))]
    places = []
    for char in missing[:10]:
        where = next((str(at) for text, at in values if char in text), "テンプレートまたは文字参照")
        places.append(f"{where}「{char}」（U+{ord(char):04X}）")
    raise MissingGlyph(
        f"{pack.ref.title}: フォント（{'、'.join(coverage.fonts)}）にない文字があります: {'、'.join(places)}。"
        "文字を置き換えるか、その文字を持つフォントを設定してください"
    )


def check_sections(pack: Pack, rendered: Rendered) -> None:
    """Every heading the pack should hold is laid out and bookmarked (no silent truncation)."""
    # A bookmark's label is the heading's laid-out text: white space collapsed, as in HTML.
    labels = {" ".join(label.split()) for _level, label, _page in rendered.bookmarks}
    missing = [
        h.title for h in pack.expected_headings
        if h.anchor not in rendered.anchors or " ".join(h.title.split()) not in labels
    ]
    if missing:
        raise IncompletePack(
            f"{pack.ref.title}: PDFに次の章がありません: {'、'.join(missing)}（元のファイル: {', '.join(pack.sources)}）"
        )
