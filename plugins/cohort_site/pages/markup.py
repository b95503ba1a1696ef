"""Small Markdown/HTML building blocks shared by the page builders."""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Sequence

from ..model import Cohort, Municipality



def esc(text: object) -> str:
    """Text for HTML (attribute-safe)."""
    return html.escape(str(text), quote=True)


def cell(text: object) -> str:
    """Text for one Markdown table cell: pipes escaped, line breaks kept as <br>."""
    value = str(text).strip().replace("|", "\\|")
    return "<br>".join(part.strip() for part in value.splitlines())


def table(headers: Sequence[str], rows: Iterable[Sequence[object]], align: str | None = None) -> str:
    """A Markdown table; `align` is one letter per column (l, c, r)."""
    rows = list(rows)
    marks = {"l": ":--", "c": ":-:", "r": "--:"}
    rule = [marks[a] for a in align] if align else ["---"] * len(headers)
    lines = ["| " + " | ".join(headers) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def bullets(items: Iterable[str]) -> str:
    return "".join(f"- {' '.join(str(item).split())}\n" for item in items)


def indent(text: str, spaces: int = 4) -> str:
    pad = " " * spaces
    return "".join(f"{pad}{line}" if line.strip() else line for line in text.splitlines(True))


def admonition(kind: str, title: str, body: str, collapsible: bool = False) -> str:
    opener = "???" if collapsible else "!!!"
    return f'{opener} {kind} "{title.replace(chr(34), chr(39))}"\n{indent(body.strip())}\n\n'


def page(title: str, body: str, cohort: Cohort | None = None, lead: str = "") -> str:
    """A whole generated page: front matter with the title, the H1, the sample notice, body."""
    parts = [f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\n---\n\n# {title}\n\n"]
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


def badge(text: str, kind: str = "tag") -> str:
    return f'<span class="cs-badge cs-badge--{kind}">{esc(text)}</span>'


def population(m: Municipality) -> str:
    return m.population_text


def number(value: float | int | None) -> str:
    """A KPI value: 18, 4.5, 12,000; missing values read 未記入."""
    if value is None:
        return "（未記入）"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:,.10g}"
