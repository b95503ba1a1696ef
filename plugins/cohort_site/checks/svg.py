"""Rule `image-svg` (error): an SVG in a cohort's `images/` that could do more than draw.

An SVG opened from the site runs its scripts on the intranet site's own origin, and can load
other documents. So an SVG is refused, at its own line, unless it only draws: no `<script>`,
`<foreignObject>`, `<iframe>`/`<embed>`/`<object>`, no event attribute (`onload`…), no `href` or
`xlink:href` but to a fragment of itself (`#id`, so `<use>` of another document too), no CSS
`url()` but `url(#id)` and no `@import`, no animation that sets a link or a handler, no DOCTYPE
or entity, no processing instruction (`<?xml-stylesheet?>`). Refusing (not rewriting) keeps the
file the author sees the file the site serves; the guide page on images says what may be in it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from xml.parsers import expat

from .. import images, limits
from ..diagnostics import Diagnostic, cut, error
from ..model import Cohort, Loc

_FORBIDDEN_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "frame", "handler", "listener"}
_ANIMATIONS = {"set", "animate", "animatetransform", "animatemotion", "discard"}
_CSS_URL = re.compile(r"url\(\s*(['\"]?)\s*(?!#)[^)]*\)|@import|expression\s*\(", re.I)
_FIX = "SVG は図形と文字だけにし、スクリプト・イベント属性・外部への参照を消して保存し直すか、PNG に書き出してください"


class _Refused(Exception):
    def __init__(self, line: int, col: int, what: str):
        super().__init__(what)
        self.line, self.col, self.what = line, col, what


def _local(name: str) -> str:
    """The local part of an expat name (`http://www.w3.org/1999/xlink href` -> `href`)."""
    return name.rsplit(" ", 1)[-1].rsplit(":", 1)[-1].lower()


def svg_problem(data: bytes) -> tuple[int, int, str] | None:
    """(line, col, what) of the first thing in an SVG that is more than a drawing, else None."""
    parser = expat.ParserCreate(namespace_separator=" ")

    def at(what: str) -> _Refused:
        return _Refused(parser.CurrentLineNumber, parser.CurrentColumnNumber + 1, what)

    def start(name: str, attrs: dict[str, str]) -> None:
        tag = _local(name)
        if tag in _FORBIDDEN_ELEMENTS:
            raise at(f"<{tag}> 要素")
        for attr, value in attrs.items():
            key = _local(attr)
            if key.startswith("on"):
                raise at(f"イベント属性 {key}")
            if key == "href" and not value.strip().startswith("#"):
                raise at(f"外部への参照 {key}=\"{cut(value, 40)}\"")
            if tag in _ANIMATIONS and key in ("attributename", "to", "values", "from", "by") and (
                    value.strip().lower().startswith(("on", "href", "xlink:href", "javascript")) or "href" in value.lower()):
                raise at(f"<{tag}> によるリンク・イベントの書き換え")
            if _CSS_URL.search(value):
                raise at(f"属性 {key} の CSS url()")
        if tag == "style":
            state["style"] = True

    def text(data_: str) -> None:
        if state["style"] and _CSS_URL.search(data_):
            raise at("<style> の外部参照（url() / @import）")

    def end(name: str) -> None:
        if _local(name) == "style":
            state["style"] = False

    def doctype(*_: object) -> None:
        raise at("DOCTYPE 宣言")

    def entity(*_: object) -> None:
        raise at("実体（ENTITY）宣言")

    def instruction(target: str, _data: str) -> None:
        raise at(f"処理命令 <?{target}?>")

    state = {"style": False}
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.ProcessingInstructionHandler = instruction
    parser.ExternalEntityRefHandler = lambda *_: 0
    try:
        parser.Parse(data, True)
    except _Refused as refused:
        return refused.line, refused.col, refused.what
    except expat.ExpatError as exc:
        return exc.lineno, exc.offset + 1, f"XML として読めない箇所（{expat.ErrorString(exc.code)}）"
    return None


def check(root: Path | None, cohort: Cohort) -> Iterator[Diagnostic]:
    if root is None:
        return
    data_root = root / Path(cohort.loc().file).parent.parent
    folder = images.image_folder(data_root, cohort.id)
    for name in images.cohort_images(data_root, cohort.id):
        if not name.lower().endswith(".svg"):
            continue
        path = folder / name
        file = path.relative_to(root).as_posix()
        size = path.stat().st_size
        too_large = limits.file_size_problem(size, file)
        if too_large is not None:
            yield too_large
            continue
        found = svg_problem(path.read_bytes())
        if found is not None:
            line, col, what = found
            yield error(Loc(file, line, col), "image-svg", f"SVG に{what}があるため、サイトにも PDF にも使えません。{_FIX}")
