"""A small chart of one KPI as inline SVG: baseline, target, deadline and the observations of
one or more municipalities; a municipality's own baseline is an open square where its line starts. Shared by the site pages and the print templates (WeasyPrint draws
SVG), with no script; the numbers are also given as a text table next to it (screen readers,
print), so the chart itself is one labelled image.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .model import KPI
from .results import Track

WIDTH, HEIGHT = 540, 240
LEFT, RIGHT, TOP, BOTTOM = 64, 110, 26, 34
# Colours readable on white (contrast >= 4.5:1) and apart for colour-blind readers (Okabe-Ito).
SERIES_COLOURS = ("#0b5cad", "#b35900", "#00735c", "#a4247a", "#555555", "#6b4fa3")
TARGET_COLOUR = "#1d6b2f"
BASELINE_COLOUR = "#555555"
DEADLINE_COLOUR = "#a31515"
# The mark of a municipality's own baseline (an open square at its date and value).
OWN_BASELINE = "独自の現状値"


@dataclass(frozen=True)
class Series:
    label: str  # the municipality's name
    track: Track


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def value_text(value: float | int | None, unit: str = "") -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    shown = f"{value:,}" if isinstance(value, int) else f"{value:,.10g}"
    return f"{shown}{unit}"


def _month(day: dt.date) -> str:
    return f"{day.year}/{day.month}"


def _ticks(low: float, high: float) -> list[float]:
    """About four round values covering low..high (1, 2, 2.5 or 5 times a power of ten)."""
    span = (high - low) or abs(high) or 1
    raw = span / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start = math.floor(low / step) * step
    ticks = [start]
    while ticks[-1] < high - 1e-9:
        ticks.append(ticks[-1] + step)
    return [round(t, 10) for t in ticks]


SITE_FONTS = "BIZ UDPGothic, BIZ UDGothic, Hiragino Sans, Meiryo, Noto Sans CJK JP, sans-serif"


def kpi_svg(
    kpi: KPI, series: Sequence[Series], title: str, baseline: float | None = None, own: bool = False,
    font: str = SITE_FONTS, described_by: str = "",
) -> str:
    """The chart; `title` names it for assistive technology (role=img, <title>), `described_by`
    is the id of the element that holds its values (aria-describedby). `baseline` replaces the
    KPI's baseline line (a municipality's own baseline, `own`); `font` is the font-family of its
    text (the PDFs pass the family of their embedded font)."""
    baseline = kpi.baseline if baseline is None else baseline
    points = [(o.date, o.value) for s in series for o in s.track.observations]
    starts = [(s.track.baseline_date, s.track.baseline) for s in series if s.track.baseline is not None]
    values = [v for _, v in points + starts] + [v for v in (baseline, kpi.target) if v is not None]
    dates = [d for d, _ in points + starts] + ([kpi.deadline] if kpi.deadline else [])
    if not values or not dates:
        return ""
    ticks = _ticks(min(values), max(values))
    low, high = ticks[0], ticks[-1] if ticks[-1] > ticks[0] else ticks[0] + 1
    first, last = min(dates), max(dates)
    days = max((last - first).days, 1)
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: dt.date) -> float:
        return LEFT + (day - first).days / days * inner_w

    def y(value: float) -> float:
        return TOP + (high - value) / (high - low) * inner_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="cs-kpi-chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{_esc(title)}" '
        + (f'aria-describedby="{_esc(described_by)}" ' if described_by else "") +
        f'font-family="{_esc(font)}" font-size="11">',
        f"<title>{_esc(title)}</title>",
        f'<rect x="{LEFT}" y="{TOP}" width="{inner_w}" height="{inner_h}" fill="#ffffff" stroke="#c8ccd2"/>',
    ]
    for value in ticks:
        parts.append(f'<line x1="{LEFT}" y1="{y(value):.1f}" x2="{LEFT + inner_w}" y2="{y(value):.1f}" stroke="#eceef1"/>'
                     f'<text x="{LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end" fill="#333">{_esc(value_text(value))}</text>')
    parts.append(f'<text x="{LEFT}" y="{HEIGHT - 12}" fill="#333">{_month(first)}</text>')
    if baseline is not None:
        parts.append(_hline(y(baseline), inner_w, BASELINE_COLOUR, "6 4",
                            f"現状値{'（独自）' if own else ''} {value_text(baseline, kpi.unit)}"))
    if kpi.target is not None:
        parts.append(_hline(y(kpi.target), inner_w, TARGET_COLOUR, "", f"目標値 {value_text(kpi.target, kpi.unit)}"))
    if kpi.deadline is not None:
        dx = x(kpi.deadline)
        parts.append(f'<line x1="{dx:.1f}" y1="{TOP}" x2="{dx:.1f}" y2="{TOP + inner_h}" stroke="{DEADLINE_COLOUR}" '
                     'stroke-width="1.5" stroke-dasharray="2 3"/>')
        parts.append(f'<text x="{dx:.1f}" y="{HEIGHT - 12}" text-anchor="middle" fill="{DEADLINE_COLOUR}">'
                     f"期限 {_month(kpi.deadline)}</text>")
    for i, s in enumerate(series):
        colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
        line = ([(s.track.baseline_date, s.track.baseline)] if s.track.baseline is not None else []) + [
            (o.date, o.value) for o in s.track.observations]
        if len(line) > 1:
            coords = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in line)
            parts.append(f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for d, v in line[1:] if s.track.baseline is not None else line:
            parts.append(f'<circle cx="{x(d):.1f}" cy="{y(v):.1f}" r="4" fill="{colour}"/>')
        if s.track.own_baseline and s.track.baseline is not None:
            parts.append(_own_baseline(x(s.track.baseline_date), y(s.track.baseline), colour,
                                       f"{OWN_BASELINE} {value_text(s.track.baseline, kpi.unit)}"))
        if len(series) > 1:  # legend above the plot
            lx = LEFT + 6 + i * 92
            parts.append(f'<circle cx="{lx}" cy="{TOP - 8}" r="4" fill="{colour}"/>'
                         f'<text x="{lx + 7}" y="{TOP - 4}" fill="{colour}">{_esc(s.label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _own_baseline(bx: float, by: float, colour: str, label: str) -> str:
    """An open square where a municipality's own baseline starts its line, labelled beside it."""
    return (f'<rect class="cs-kpi-own-baseline" x="{bx - 4.5:.1f}" y="{by - 4.5:.1f}" width="9" height="9" '
            f'fill="#ffffff" stroke="{colour}" stroke-width="2"/>'
            f'<text x="{bx + 8:.1f}" y="{by - 7:.1f}" fill="{colour}">{_esc(label)}</text>')


def _hline(y: float, width: float, colour: str, dash: str, label: str) -> str:
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    return (f'<line x1="{LEFT}" y1="{y:.1f}" x2="{LEFT + width}" y2="{y:.1f}" stroke="{colour}" stroke-width="1.5"{dashed}/>'
            f'<text x="{LEFT + width + 4}" y="{y + 4:.1f}" fill="{colour}">{_esc(label)}</text>')


_SVG = re.compile(r"<svg\b.*?</svg>", re.S)


def chart_svgs(html: str) -> list[str]:
    """The charts of a print HTML: each inline SVG as written (an HTML parser would lower-case
    `viewBox`), in document order (the Word twins show each as a picture)."""
    return _SVG.findall(html)
