"""Markdown fields as plain paragraphs, for places that hold text only (slide bodies, speaker notes).

The Markdown goes through the one Markdown → sanitised HTML function (`markup.markdown_html`);
each block of the result becomes one paragraph of its text.
"""

from __future__ import annotations

from lxml import html as lxml_html

from ..markup import markdown_html

_BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "dt", "dd", "blockquote", "tr", "summary", "figcaption"}


def markdown_paragraphs(text: str) -> list[str]:
    """The text of each block of a Markdown field, in order (list items prefixed with ・)."""
    if not text.strip():
        return []
    paragraphs: list[str] = []
    for element in lxml_html.fragments_fromstring(f"<div>{markdown_html(text, join_cjk_lines=True)}</div>")[0].iter():
        if not isinstance(element.tag, str) or element.tag not in _BLOCKS:
            continue
        if any(isinstance(child.tag, str) and child.tag in _BLOCKS for child in element.iterdescendants()):
            continue  # its inner blocks are paragraphs of their own
        words = " ".join(element.text_content().split()) if element.tag != "pre" else element.text_content().rstrip()
        if element.tag == "tr":
            words = "　".join(" ".join(c.text_content().split()) for c in element if isinstance(c.tag, str))
        if words:
            paragraphs.append(("・" if element.tag == "li" else "") + words)
    return paragraphs
