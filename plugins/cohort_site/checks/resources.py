"""Rules on what a Markdown field makes a browser or the PDF renderer load by itself.

- `external-resource` (error): an image, frame, script, stylesheet, media source or CSS `url()`
  on another server. The intranet site makes no request outside itself, and the PDFs read nothing
  from the network. A plain link the reader clicks (`[x](https://…)`) is fine.
- `image-missing` (error): `images/x.png` that is not in the cohort's `images/` folder.
- `image-path` (warning): an image written some other way (`../x.png`, `/etc/x`, a data file):
  neither output shows it.
- `html-removed` (warning): HTML that the sanitiser removes (scripts, frames, forms, event
  handlers, `javascript:` links, `rel` attributes), so the author knows it will not appear.

Positions are found in the source file itself: the field's first line, then the written text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .. import images
from ..diagnostics import Diagnostic, cut, error, warning
from ..model import Cohort, Loc, Node, markdown_fields

FIX_EXTERNAL = (
    "庁内サイトと PDF は外部に接続しないため、表示されません。画像はダウンロードして研修フォルダの images/ に置き、"
    "![説明](images/ファイル名) と書いてください（外部のページはリンク [名前](https://…) なら使えます）"
)
FIX_PATH = "画像は研修フォルダの images/ に置き、![説明](images/ファイル名) と書いてください"

_MD_IMAGE = re.compile(r"!\[[^\]\n]*\]\(\s*<?([^)\s>]+)")
_TAG = re.compile(r"<\s*(img|source|iframe|frame|link|script|video|audio|embed|object|track|input|image|use)\b([^>]*)>?", re.I)
_ATTR = re.compile(r"""\b(src|href|srcset|poster|data|xlink:href)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.I)
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")\s]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""", re.I)
_REMOVED = re.compile(
    r"<\s*(?:script|style|iframe|frame|object|embed|form|svg|math)\b|\bon[a-z]+\s*=|(?:java|vb)script\s*:|\brel\s*=",
    re.I,
)


@dataclass(frozen=True)
class Reference:
    kind: str  # what loads it: 画像, iframe, CSS url() …
    url: str
    start: int  # offset in the field's text
    image: bool


def references(text: str) -> Iterator[Reference]:
    """Every resource a Markdown field would make its reader load."""
    for m in _MD_IMAGE.finditer(text):
        yield Reference("画像", m.group(1), m.start(1), True)
    for tag in _TAG.finditer(text):
        name = tag.group(1).lower()
        for attr in _ATTR.finditer(tag.group(2)):
            value = attr.group(2).strip("'\"")
            for part in value.split(",") if attr.group(1).lower() == "srcset" else [value]:
                url = part.strip().split(" ")[0]
                if url:
                    start = text.find(url, tag.start(2) + attr.start(2))
                    yield Reference(f"<{name}>", url, start, name in ("img", "image"))
    for m in _CSS_URL.finditer(text):
        group = 2 if m.group(2) else 4
        yield Reference("CSS の url()", m.group(group), m.start(group), False)


def check(root: Path | None, cohort: Cohort) -> Iterator[Diagnostic]:
    available = set(images.cohort_images(root / Path(cohort.loc().file).parent.parent, cohort.id)) if root else None
    for node in _nodes(cohort):
        for field in markdown_fields(type(node)):
            text = getattr(node, field) or ""
            if not text.strip():
                continue
            where = _Locator(root, node.loc(field), text)
            for ref in references(text):
                loc = where.at(ref.start, ref.url)
                if images.is_external(ref.url):
                    if not ref.url.lower().startswith(("http", "//", "ftp")):
                        continue  # data:, javascript: … are removed by the sanitiser (html-removed)
                    yield error(loc, "external-resource", f"{ref.kind}の外部リソース {cut(ref.url)} は{FIX_EXTERNAL}")
                elif ref.image:
                    name = images.image_name(ref.url)
                    if name is None:
                        yield warning(loc, "image-path", f"画像 {cut(ref.url)} はサイトにも PDF にも表示されません。{FIX_PATH}")
                    elif available is not None and name not in available:
                        folder = f"{Path(cohort.loc().file).parent.as_posix()}/{images.IMAGE_DIR}/"
                        yield error(loc, "image-missing", f"画像 {cut(ref.url)} が {folder} にありません")
            for m in _REMOVED.finditer(text):
                yield warning(
                    where.at(m.start(), m.group(0)), "html-removed",
                    f"「{cut(m.group(0))}」はサイトと PDF から取り除かれます（スクリプト・フレーム・フォーム・"
                    "イベント属性・javascript: のリンクは使えません）",
                )


def _nodes(node: Node) -> Iterator[Node]:
    """A model object and every object inside it."""
    yield node
    for name in type(node).model_fields:
        value = getattr(node, name)
        for item in value if isinstance(value, (list, tuple)) else [value]:
            if isinstance(item, Node):
                yield from _nodes(item)


class _Locator:
    """Maps an offset in a field's text to file:line:col by finding the written text in the file,
    from the field's first line on (a YAML block scalar is indented, a body follows front matter)."""

    def __init__(self, root: Path | None, field: Loc, text: str):
        self.field, self.text = field, text
        self.source = ""
        if root is not None:
            try:
                self.source = (root / field.file).read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError):
                self.source = ""
        lines = self.source.splitlines(keepends=True)
        self.offset = sum(len(line) for line in lines[: max(field.line - 1, 0)])

    def at(self, start: int, written: str) -> Loc:
        whole = self.source.find(self.text, self.offset) if self.source else -1
        if whole >= 0:  # written as is (a body, a one-line value): exact
            return self._loc(whole + start)
        line_start = self.text.rfind("\n", 0, start) + 1
        snippet = (self.text[line_start:start] + written).lstrip()
        found = self.source.find(snippet, self.offset) if self.source and snippet else -1
        if found < 0:
            return self.field
        return self._loc(found + len(snippet) - len(written))

    def _loc(self, offset: int) -> Loc:
        line = self.source.count("\n", 0, offset) + 1
        col = offset - (self.source.rfind("\n", 0, offset) + 1) + 1
        return Loc(self.field.file, line, col)
