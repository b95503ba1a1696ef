"""What every meeting tool's attendance report becomes (`Report`), and the readings of its
durations and times that the tools' formats share (`imports/attendance_reports.py` reads Teams,
`imports/meeting_reports.py` Zoom, Webex and Google Meet)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .records import normal

_DURATION_PART = re.compile(
    r"(\d+)\s*(hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s|時間|分|秒)(?![a-z])", re.I)
_UNIT_SECONDS = {"h": 3600, "時": 3600, "m": 60, "分": 60, "s": 1, "秒": 1}
_CLOCK = re.compile(r"^(\d+):(\d{2})(?::(\d{2}))?$")
_TIMESTAMP = re.compile(
    r"(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{1,4}),?\s+(?:(午前|午後)\s*)?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM|午前|午後)?",
    re.I,
)
_TIME_OF_DAY = re.compile(r"^(?:(午前|午後)\s*)?(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM|午前|午後)?$", re.I)


@dataclass(frozen=True)
class Participant:
    name: str
    email: str
    seconds: int
    line: int  # in the report, for messages
    other_name: str = ""  # another name the report gives (Zoom's original name)


@dataclass(frozen=True)
class Report:
    participants: list[Participant]
    start: dt.datetime | None
    meeting_seconds: int | None


def parse_duration(text: str) -> int | None:
    """Seconds of `1h 33m 39s`, `33m 39s`, `1 hr 32 min`, `1時間 33分`, or `1:33:39`; None if
    unreadable."""
    value = normal(text)
    clock = _CLOCK.match(value)
    if clock:
        first, second, third = int(clock.group(1)), int(clock.group(2)), clock.group(3)
        # h:mm:ss, or mm:ss
        return first * 3600 + second * 60 + int(third) if third is not None else first * 60 + second
    parts = _DURATION_PART.findall(value)
    if not parts or _DURATION_PART.sub("", value).strip():
        return None
    return sum(int(n) * _UNIT_SECONDS[u[0].lower()] for n, u in parts)


def _hour(hour: int, meridiem: str) -> int:
    if meridiem in ("PM", "午後") and hour < 12:
        return hour + 12
    if meridiem in ("AM", "午前") and hour == 12:
        return 0
    return hour


def parse_timestamp(text: str, day: dt.date) -> dt.datetime | None:
    """A report time such as `21/11/9 13:29:32` or `11/9/21, 1:29:32 PM`. The order of year,
    month and day depends on the locale of whoever downloaded it, so the order that gives the
    session's date is taken; None when no order does (a report of another day)."""
    match = _TIMESTAMP.search(normal(text))
    if not match:
        return None
    a, b, c = (int(match.group(i)) for i in (1, 2, 3))
    hour = _hour(int(match.group(5)), (match.group(4) or match.group(8) or "").upper())
    minute, second = int(match.group(6)), int(match.group(7) or 0)
    for year, month, mday in ((a, b, c), (c, a, b), (c, b, a)):
        year = year + 2000 if year < 100 else year
        try:
            candidate = dt.date(year, month, mday)
        except ValueError:
            continue
        if candidate == day:
            return dt.datetime.combine(candidate, dt.time(hour, minute, second))
    return None


def parse_time_of_day(text: str, day: dt.date) -> dt.datetime | None:
    """A time without a date (`2:05 PM`, `14:05`, `午後2:05`) on the session's day."""
    match = _TIME_OF_DAY.match(normal(text))
    if not match:
        return None
    hour = _hour(int(match.group(2)), (match.group(1) or match.group(5) or "").upper())
    if hour > 23 or int(match.group(3)) > 59:
        return None
    return dt.datetime.combine(day, dt.time(hour, int(match.group(3)), int(match.group(4) or 0)))
