"""A cohort's calendar as iCalendar (RFC 5545): one VEVENT per session, in Asia/Tokyo.

Outlook and Teams import it. The text is a pure function of the data: UIDs are derived from the
cohort and session, and DTSTAMP from the cohort's period, never from the clock, so two builds of
the same data give the same bytes.
"""

from __future__ import annotations

import datetime as dt

from ..model import Cohort, Session

TZID = "Asia/Tokyo"
PRODID = "-//cohort-site//区市町村DX推進研修//JA"
UID_DOMAIN = "cohort-site.invalid"
CRLF = "\r\n"
MAX_OCTETS = 75

# Japan has had no daylight saving time since 1951: one STANDARD component covers every date.
VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "BEGIN:STANDARD",
    "DTSTART:19700101T000000",
    "TZOFFSETFROM:+0900",
    "TZOFFSETTO:+0900",
    "TZNAME:JST",
    "END:STANDARD",
    "END:VTIMEZONE",
)


def escape_text(text: str) -> str:
    """Escape a TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newlines."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line into chunks of at most 75 octets (RFC 5545 3.1), never inside a
    UTF-8 character; continuation lines start with one space."""
    chunks: list[str] = []
    current, size = "", 0
    limit = MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            chunks.append(current)
            current, size = "", 0
            limit = MAX_OCTETS - 1  # the leading space of a continuation line counts
        current += char
        size += width
    chunks.append(current)
    return (CRLF + " ").join(chunks)


def session_uid(cohort: Cohort, session: Session) -> str:
    return f"{cohort.id}-session-{session.number:02d}@{UID_DOMAIN}"


def _local(day: dt.date, time: dt.time) -> str:
    return f"{day:%Y%m%d}T{time:%H%M%S}"


def _stamp(cohort: Cohort) -> str:
    """DTSTAMP (UTC): the first day of the cohort's period, 00:00 in Tokyo."""
    start = dt.datetime.combine(cohort.period.start, dt.time(0, 0)) - dt.timedelta(hours=9)
    return f"{start:%Y%m%dT%H%M%S}Z"


def _description(session: Session, url: str | None) -> str:
    parts = []
    if session.objectives:
        parts.append("ねらい:\n" + "\n".join(f"・{o}" for o in session.objectives))
    if session.homework:
        parts.append("宿題:\n" + "\n".join(f"・{h.title}" for h in session.homework))
    if url:
        parts.append(f"資料: {url}")
    return "\n\n".join(parts)


def calendar(cohort: Cohort, location: str | None = None, page_urls: dict[int, str] | None = None) -> str:
    """The whole calendar as text with CRLF line endings.

    `page_urls` maps a session number to its absolute page URL, added to the description when
    the site's URL is known.
    """
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(cohort.title)}",
        f"X-WR-TIMEZONE:{TZID}",
        *VTIMEZONE,
    ]
    stamp = _stamp(cohort)
    where = location if location is not None else cohort.delivery.split("。")[0]
    for session in sorted(cohort.sessions, key=lambda s: s.number):
        url = (page_urls or {}).get(session.number)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{session_uid(cohort, session)}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;TZID={TZID}:{_local(session.date, session.start)}",
            f"DTEND;TZID={TZID}:{_local(session.date, session.end)}",
            f"SUMMARY:{escape_text(f'第{session.number}回 {session.title}')}",
        ]
        description = _description(session, url)
        if description:
            lines.append(f"DESCRIPTION:{escape_text(description)}")
        if where:
            lines.append(f"LOCATION:{escape_text(where)}")
        if url:
            lines.append(f"URL:{url}")
        lines += ["TRANSP:OPAQUE", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
