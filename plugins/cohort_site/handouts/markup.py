"""Markdown bodies of the cohort data as print HTML (headings shifted under the pack's own)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

EXTENSIONS = ["admonition", "tables", "attr_list", "md_in_html", "def_list"]

# A line break of the source next to a Japanese character is no space in print (CSS Text 3's
# segment break transformation, which WeasyPrint does not do itself).
_WIDE = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_BREAK = re.compile(rf"(?<=[{_WIDE}])[ \t]*\n[ \t]*|[ \t]*\n[ \t]*(?=[{_WIDE}])")


class _ShiftHeadings(Treeprocessor):
    """`## 見出し` in a body becomes h{2+shift}; nothing deeper than h6."""

    def __init__(self, md: markdown.Markdown, shift: int):
        super().__init__(md)
        self.shift = shift

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if len(element.tag) == 2 and element.tag[0] == "h" and element.tag[1] in "123456":
                element.tag = f"h{min(6, int(element.tag[1]) + self.shift)}"


class _ShiftHeadingsExtension(Extension):
    def __init__(self, shift: int):
        super().__init__()
        self.shift = shift

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_ShiftHeadings(md, self.shift), "shift_headings", 5)


def markdown_html(text: str, shift: int = 1) -> str:
    """HTML of a Markdown body; `## x` becomes h3 with the default shift."""
    if not text.strip():
        return ""
    html = markdown.markdown(text, extensions=[*EXTENSIONS, _ShiftHeadingsExtension(shift)])
    return _CJK_BREAK.sub("", html)
