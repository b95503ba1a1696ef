"""Dates and times the Japanese way: 2021年10月12日(火), optionally with the era (令和3年)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

# How a cohort writes its dates (`date_style` in cohort.yml): 西暦 (2021年10月12日(火), the
# default) or 和暦 as in official documents (令和3年10月12日（火）).
DateStyle = Literal["西暦", "和暦"]
DATE_STYLES: tuple[DateStyle, ...] = ("西暦", "和暦")

WEEKDAYS = "月火水木金土日"

# (first day, era name); newest first.
ERAS: tuple[tuple[dt.date, str], ...] = (
    (dt.date(2019, 5, 1), "令和"),
    (dt.date(1989, 1, 8), "平成"),
    (dt.date(1926, 12, 25), "昭和"),
)


def era_year(day: dt.date) -> str:
    """令和3年 for 2021-10-12; 元年 for an era's first year."""
    for start, name in ERAS:
        if day >= start:
            n = day.year - start.year + 1
            return f"{name}{'元' if n == 1 else n}年"
    return f"{day.year}年"


def format_date(day: dt.date, weekday: bool = True, style: DateStyle = "西暦") -> str:
    """The one date formatter: 2021年10月12日(火); in the 和暦 style 令和3年10月12日（火）
    (full-width brackets, as official documents write them)."""
    if style == "和暦":
        text = f"{era_year(day)}{day.month}月{day.day}日"
        return f"{text}（{WEEKDAYS[day.weekday()]}）" if weekday else text
    text = f"{day.year}年{day.month}月{day.day}日"
    return f"{text}({WEEKDAYS[day.weekday()]})" if weekday else text


def format_time(t: dt.time) -> str:
    return f"{t.hour}:{t.minute:02d}"


def format_period(start: dt.date, end: dt.date, style: DateStyle = "西暦") -> str:
    return f"{format_date(start, weekday=False, style=style)}〜{format_date(end, weekday=False, style=style)}"


def fiscal_year_label(year: int) -> str:
    """令和3年度 for 2021. A fiscal year takes the newest era begun in its calendar year, so FY2019
    is 令和元年度 (the official usage), not 平成31年度."""
    for start, name in ERAS:
        if start.year <= year:
            n = year - start.year + 1
            return f"{name}{'元' if n == 1 else n}年度"
    return f"{year}年度"
