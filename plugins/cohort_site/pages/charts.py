"""Bar charts in plain HTML/CSS (no script, no image): widths are percentages of the track.

Styles live in site_src/stylesheets/cohort.css (classes `cs-bars`, `cs-bar__*`, `cs-dist`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..model import SurveyRating
from .md_blocks import esc

MIN_VISIBLE = 0.6  # percent: a tiny value still shows as a sliver, never as nothing


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str  # the value as shown beside the bar
    kind: str = ""  # extra CSS modifier, e.g. the municipality kind


def _width(value: float, maximum: float) -> str:
    if maximum <= 0 or value <= 0:
        return "0%"
    return f"{max(value / maximum * 100, MIN_VISIBLE):.1f}%"


def bar_chart(
    bars: Sequence[Bar], caption: str, maximum: float | None = None, note: str = "",
    legend: Sequence[tuple[str, str]] = (),
) -> str:
    """A horizontal bar chart; `maximum` defaults to the largest value; `legend` lists
    (kind, label) pairs for the colours of the bar kinds used."""
    top = maximum if maximum is not None else max((b.value for b in bars), default=0)
    rows = []
    for bar in bars:
        modifier = f" cs-bar--{esc(bar.kind)}" if bar.kind else ""
        rows.append(
            f'<div class="cs-bar{modifier}" role="listitem">'
            f'<span class="cs-bar__label">{esc(bar.label)}</span>'
            f'<span class="cs-bar__track"><span class="cs-bar__fill" style="width: {_width(bar.value, top)}">'
            f"</span></span>"
            f'<span class="cs-bar__value">{esc(bar.text)}</span></div>'
        )
    keys = "".join(
        f'<span class="cs-legend__item cs-bar--{esc(kind)}"><span class="cs-legend__swatch cs-bar__fill"></span>{esc(label)}</span>'
        for kind, label in legend
    )
    foot = (f'<p class="cs-legend">{keys}</p>' if keys else "") + (
        f'<p class="cs-chart__note">{esc(note)}</p>' if note else "")
    return (
        f'<figure class="cs-chart"><figcaption>{esc(caption)}</figcaption>'
        f'<div class="cs-bars" role="list">{"".join(rows)}</div>{foot}</figure>\n\n'
    )


def survey_chart(ratings: Sequence[SurveyRating], caption: str = "アンケート結果") -> str:
    """Each question's average on its scale, with the distribution of answers as a stacked bar."""
    items = []
    for rating in ratings:
        segments = []
        total = sum(rating.distribution) or 1
        for score, count in enumerate(rating.distribution, start=1):
            if count:
                segments.append(
                    f'<span class="cs-dist__seg cs-dist__seg--{score}" style="width: {count / total * 100:.1f}%" '
                    f'title="{score}: {count}人">{count if count / total >= 0.08 else ""}</span>'
                )
        # The coloured segments are a picture; screen readers get every count as its name.
        spoken = "、".join(f"{score}が{count}人" for score, count in enumerate(rating.distribution, start=1))
        dist = (
            '<div class="cs-bar" role="listitem"><span class="cs-bar__label">分布</span>'
            f'<span class="cs-dist" role="img" aria-label="回答の分布（1〜{rating.scale}）：{spoken}">{"".join(segments)}</span>'
            f'<span class="cs-bar__value">回答{rating.responses}件</span></div>'
            if rating.distribution else f'<p class="cs-chart__note">回答 {rating.responses}件</p>'
        )
        items.append(
            '<div class="cs-survey__item">'
            f'<p class="cs-survey__question">{esc(rating.question)}</p>'
            '<div class="cs-bar" role="listitem"><span class="cs-bar__label">平均</span>'
            f'<span class="cs-bar__track"><span class="cs-bar__fill" style="width: {_width(rating.average, rating.scale)}">'
            f'</span></span><span class="cs-bar__value">{rating.average:.1f} / {rating.scale}</span></div>'
            f"{dist}</div>"
        )
    scale = max((r.scale for r in ratings), default=5)
    legend = (
        '<p class="cs-dist__legend">分布の色: '
        + "".join(f'<span class="cs-dist__key cs-dist__seg--{n}">{n}</span>' for n in range(1, scale + 1))
        + f"（1=低い 〜 {scale}=高い）</p>"
    )
    return (
        f'<figure class="cs-chart cs-survey"><figcaption>{esc(caption)}</figcaption>'
        f'<div role="list">{"".join(items)}</div>{legend}</figure>\n\n'
    )
