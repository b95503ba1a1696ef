"""Small Markdown/HTML building blocks shared by the page builders.

Every value from the data is text: the building blocks escape what they are given (`text()`),
except `Md` strings, the Markdown links and marks the builders write themselves. Markdown fields
of the data never enter the page as Markdown: `markdown_block()` inserts them as HTML already
rendered and sanitised by `cohort_site.markup`, so MkDocs passes them through untouched.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

from ..labels import NOT_GIVEN
from ..markup import ImageSrc, esc, markdown_html, md_text
from ..model import Cohort, Municipality

__all__ = ["esc", "md_text"]  # re-exported for the page builders


class Md(str):
    """Markdown written by a page builder (a link to a page, a bold label): inserted as is."""


def text(value: object) -> str:
    """A value for generated Markdown: escaped unless the builder wrote it (`Md`)."""
    return value if isinstance(value, Md) else md_text(value)


def link(label: object, target: str) -> Md:
    """A Markdown link to a page or file of the site, its label shown as text."""
    return Md(f"[{text(label)}]({target})")


def code(value: object) -> Md:
    """A value as inline code (a path, a rule id): Markdown's code span escapes what it holds."""
    flat = " ".join(str(value).split())
    return Md(f"`{flat}`" if "`" not in flat else f"<code>{md_text(flat)}</code>")


def markdown_block(body: str, image_src: ImageSrc | None = None, shift: int = 0) -> str:
    """A Markdown field as a raw HTML block (sanitised; headings with ids like the site's own;
    `shift` puts them under a heading of the page)."""
    html = markdown_html(body, heading_ids=True, image_src=image_src, shift=shift)
    return f'<div class="cs-md">\n{html}\n</div>\n\n' if html else ""


def cell(value: object) -> str:
    """One Markdown table cell: a value as text (line breaks become spaces) or a builder's `Md`."""
    if isinstance(value, Md):
        return " ".join(value.replace("|", "\\|").split())
    return text(value)


def table(headers: Sequence[str], rows: Iterable[Sequence[object]], align: str | None = None) -> str:
    """A Markdown table; `align` is one letter per column (l, c, r)."""
    rows = list(rows)
    marks = {"l": ":--", "c": ":-:", "r": "--:"}
    rule = [marks[a] for a in align] if align else ["---"] * len(headers)
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def bullets(items: Iterable[object]) -> str:
    return "".join(f"- {text(item)}\n" for item in items)


def indent(text: str, spaces: int = 4) -> str:
    pad = " " * spaces
    return "".join(f"{pad}{line}" if line.strip() else line for line in text.splitlines(True))


def admonition(kind: str, title: str, body: str, collapsible: bool = False) -> str:
    """A Material admonition; `body` is the builder's Markdown (escape data in it first)."""
    opener = "???" if collapsible else "!!!"
    return f'{opener} {kind} "{md_text(title)}"\n{indent(body.strip())}\n\n'


def details(kind: str, summary: str, body_html: str) -> str:
    """A collapsed admonition (as `???` makes it) around HTML, e.g. a `markdown_block`."""
    return (
        f'<details class="{esc(kind)}">\n<summary>{esc(summary)}</summary>\n'
        f"{body_html.strip()}\n</details>\n\n"
    )


def admonition_html(kind: str, title: str, body_html: str) -> str:
    """An open admonition (as `!!!` makes it) around HTML, e.g. a `markdown_block`."""
    return (
        f'<div class="admonition {esc(kind)}">\n<p class="admonition-title">{esc(title)}</p>\n'
        f"{body_html.strip()}\n</div>\n\n"
    )


def title_text(title: str) -> str:
    """A page title for MkDocs: the theme prints titles unescaped (nav, <title>, header)."""
    return esc(" ".join(title.split()))


def page(title: str, body: str, cohort: Cohort | None = None, lead: str = "") -> str:
    """A whole generated page: front matter with the title, the H1, the sample notice, body."""
    heading = json.dumps(title_text(title), ensure_ascii=False)
    parts = [f"---\ntitle: {heading}\n---\n\n# {md_text(title)}\n\n"]
    if cohort is not None and cohort.sample:
        parts.append(sample_notice())
    if lead:
        parts.append(f"{lead}\n\n")
    parts.append(body)
    return "".join(parts).rstrip() + "\n"


def sample_notice() -> str:
    return (
        '<p class="cs-sample-notice"><span class="cs-badge cs-badge--sample">サンプル</span> '
        "この研修の内容・人名・数値は、動作確認のための架空のサンプルです。</p>\n\n"
    )


def badge(label: str, kind: str = "tag") -> str:
    return f'<span class="cs-badge cs-badge--{esc(kind)}">{md_text(label)}</span>'


def population(m: Municipality) -> str:
    return m.population_text


def number(value: float | int | None) -> str:
    """A KPI value: 18, 4.5, 12,000; missing values read 未記入."""
    if value is None:
        return NOT_GIVEN
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:,.10g}"
