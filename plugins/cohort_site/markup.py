"""The one place where text from the data becomes HTML, for the site and the PDFs alike.

Two rules (ARCHITECTURE.md, "Text and Markdown"):

- A YAML value is text: `esc()` for HTML, `md_text()` where it is placed into generated Markdown.
- A Markdown field (`model.MARKDOWN_FIELDS`) goes through `markdown_html()`: Python-Markdown with
  the project's extensions, then the `nh3` allow-list sanitiser. Nothing that runs, loads a frame
  or embeds a file survives: no script/style/iframe/object/embed/form, no event handlers, no
  `javascript:`/`vbscript:`/`data:` URLs, no `rel` (so no `rel="attachment"`).

Knows nothing of MkDocs or WeasyPrint: page builders and print templates both call it.
"""

from __future__ import annotations

import functools
import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from pymdownx.slugs import slugify

# The same extensions as mkdocs.yml's markdown_extensions, so a body reads the same everywhere.
EXTENSIONS: list[str] = [
    "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables",
    "pymdownx.details", "pymdownx.superfences",
]
SLUGIFY = slugify(case="lower")  # Japanese headings keep their text as id, as on hand-written pages

# What Markdown and those extensions produce, and nothing else.
ALLOWED_TAGS: frozenset[str] = frozenset({
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code", "kbd", "samp",
    "strong", "em", "b", "i", "u", "s", "del", "ins", "mark", "sub", "sup", "small", "abbr",
    "ruby", "rt", "rp", "ul", "ol", "li", "dl", "dt", "dd",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col",
    "a", "img", "div", "span", "details", "summary", "figure", "figcaption",
})
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"class", "title", "lang"},
    **{f"h{n}": {"id"} for n in range(1, 7)},
    "li": {"id"},  # footnotes
    "sup": {"id"},  # footnote references
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "th": {"style", "colspan", "rowspan"},  # `tables` writes text-align as a style
    "td": {"style", "colspan", "rowspan"},
    "ol": {"start"},
    "details": {"open"},
}
URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto", "tel"})  # plus relative URLs
# Removed with their content (everything else not allowed is unwrapped to its text).
DROPPED_WITH_CONTENT: frozenset[str] = frozenset({
    "script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math",
    "textarea", "select", "frame", "frameset", "applet",
})

# A line break of the source next to a Japanese character is no space in print (CSS Text 3's
# segment break transformation, which WeasyPrint does not do itself).
_WIDE = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_BREAK = re.compile(rf"(?<=[{_WIDE}])[ \t]*\n[ \t]*|[ \t]*\n[ \t]*(?=[{_WIDE}])")

# Characters that mean something to Markdown (or its extensions) or to HTML anywhere in a line,
# and the list/definition markers that only count at its start: written as numeric character
# references, which Markdown leaves alone and a browser shows as the character.
_MD_SPECIAL = re.compile(r"[\\`*_{}\[\]#!|<>&\"]|^[-+:=]")
_MD_ORDERED = re.compile(r"^(\d+)([.)])(?=\s|$)")  # `1. ` would start a numbered list

ImageSrc = Callable[[str], "str | None"]  # None drops the source


def esc(text: object) -> str:
    """Text for HTML (element content or a quoted attribute)."""
    return html.escape(str(text), quote=True)


def md_text(text: object) -> str:
    """A YAML value placed into generated Markdown: shown exactly as written, on one line."""
    flat = " ".join(str(text).split())
    escaped = _MD_SPECIAL.sub(lambda m: f"&#{ord(m.group(0))};", flat)
    return _MD_ORDERED.sub(lambda m: f"{m.group(1)}&#{ord(m.group(2))};", escaped)


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


@functools.cache
def _converter(shift: int, heading_ids: bool) -> markdown.Markdown:
    """One Markdown instance per option set, reset before each text: setting up the extensions
    cost as much as converting a body (half of the site's page generation)."""
    extensions: list[str | Extension] = [*EXTENSIONS]
    if shift:
        extensions.append(_ShiftHeadingsExtension(shift))
    configs = {"toc": {"slugify": SLUGIFY}} if heading_ids else {}
    if heading_ids:
        extensions.append("toc")
    return markdown.Markdown(extensions=extensions, extension_configs=configs)


def markdown_html(
    text: str,
    *,
    shift: int = 0,
    heading_ids: bool = False,
    join_cjk_lines: bool = False,
    image_src: ImageSrc | None = None,
) -> str:
    """A Markdown field as sanitised HTML.

    shift: `## x` becomes h{2+shift} (print packs put bodies under their own headings).
    heading_ids: ids on headings, slugged as on the site's hand-written pages.
    join_cjk_lines: drop source line breaks next to Japanese characters (print).
    image_src: rewrites each image's `src` as written to the URL this output uses.
    """
    if not text.strip():
        return ""
    raw = _converter(shift, heading_ids).reset().convert(text)
    out = sanitise(raw, image_src)
    return _CJK_BREAK.sub("", out) if join_cjk_lines else out


def sanitise(fragment: str, image_src: ImageSrc | None = None) -> str:
    """An HTML fragment reduced to the allow-list (see the module docstring)."""

    def attribute(tag: str, name: str, value: str) -> str | None:
        if tag == "img" and name == "src":
            return image_src(value) if image_src is not None else value
        if name == "style":  # only the table alignment that `tables` writes
            return value if re.fullmatch(r"text-align:\s*(left|right|center);?", value.strip()) else None
        return value

    return nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=attribute,
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )
