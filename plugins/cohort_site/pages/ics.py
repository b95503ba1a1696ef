"""A cohort's calendar as iCalendar (RFC 5545) with the `icalendar` library: one VEVENT per
session, in Asia/Tokyo, that calendar apps (Outlook and others) import.

The text is a pure function of the data, so two builds give the same bytes: UIDs come from the
cohort and session; SEQUENCE counts the session's recorded schedule changes and DTSTAMP is the
day of the latest one (else the first day of the cohort's period), never the clock. A calendar
republished after a session moved therefore carries a higher SEQUENCE, and clients update the
event instead of ignoring it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone

from .. import labels
from ..model import AGENDA_KIND_LABELS, AgendaItem, Cohort, Session
from ..timetable import timetable

TZ = ZoneInfo("Asia/Tokyo")
PRODID = "-//cohort-site//研修資料サイト//JA"
UID_DOMAIN = "cohort-site.invalid"


# Every line break a calendar app or icalendar could act on (icalendar escapes LF, not a lone CR).
_BREAKS = re.compile(r"\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def one_line(text: str) -> str:
    """A data text as one line: every text property and every line of DESCRIPTION is made from
    these, so a title written as a `|` block, a CR or a break-out cannot reach the .ics."""
    return _BREAKS.sub(" ", text).strip()


def session_uid(cohort: Cohort, session: Session) -> str:
    return f"{cohort.id}-session-{session.number:02d}@{UID_DOMAIN}"


def sequence(session: Session) -> int:
    """0 for a session never moved; one more for each recorded change of date or time."""
    return len(session.schedule_changes)


def stamp(cohort: Cohort, session: Session) -> dt.datetime:
    """DTSTAMP: 00:00 in Tokyo of the latest schedule change, else of the period's first day."""
    day = max((c.announced for c in session.schedule_changes), default=cohort.period.start)
    return dt.datetime.combine(day, dt.time(0, 0), TZ).astimezone(dt.UTC)


def description(session: Session, url: str | None, meeting: str | None) -> str:
    """Objectives, the agenda with clock times, the homework, and where to find more."""
    parts = []
    if session.objectives:
        parts.append("ねらい:\n" + "\n".join(f"・{one_line(o)}" for o in session.objectives))
    if session.agenda:
        parts.append("進行表:\n" + "\n".join(
            f"{slot.start:%H:%M}〜{slot.end:%H:%M} {_agenda_item(slot.item)}" for slot in timetable(session)))
    if session.homework:
        parts.append("宿題:\n" + "\n".join(
            f"・{one_line(h.title)}" + (f"：{one_line(h.description)}" if h.description.strip() else "")
            for h in session.homework))
    if meeting:
        parts.append(f"オンライン会議: {one_line(meeting)}")
    if url:
        parts.append(f"資料: {one_line(url)}")
    return "\n\n".join(parts)


def _agenda_item(item: AgendaItem) -> str:
    kind = AGENDA_KIND_LABELS[item.kind]
    return one_line(item.title) if item.title == kind else f"{kind}：{one_line(item.title)}"


@functools.cache
def _vtimezone() -> Timezone:
    """The VTIMEZONE of TZ over icalendar's default range (1970-2038): building it from the tz
    database took 35 ms per calendar."""
    return Timezone.from_tzid(TZ.key)


def calendar(cohort: Cohort, location: str | None = None, page_urls: dict[int, str] | None = None) -> str:
    """The whole calendar as text (CRLF line endings, folded and escaped by icalendar).

    `page_urls` maps a session number to its absolute page URL (known when the site has a
    site_url); it becomes the event's URL. A meeting link (the session's, else the cohort's)
    becomes LOCATION, and URL when there is no page URL.
    """
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", one_line(cohort.title))
    cal.add("x-wr-timezone", TZ.key)
    for session in sorted(cohort.sessions, key=lambda s: s.number):
        url = (page_urls or {}).get(session.number)
        meeting = session.meeting_url or cohort.meeting_url
        where = location if location is not None else (meeting or labels.platform_text(cohort) or cohort.delivery.split("。")[0])
        event = Event()
        event.add("uid", session_uid(cohort, session))
        event.add("sequence", sequence(session))
        event.add("dtstamp", stamp(cohort, session))
        event.add("dtstart", dt.datetime.combine(session.date, session.start, TZ))
        event.add("dtend", dt.datetime.combine(session.date, session.end, TZ))
        event.add("summary", f"第{session.number}回 {one_line(session.title)}")
        text = description(session, url, meeting)
        if text:
            event.add("description", text)
        if where:
            event.add("location", one_line(where))
        if url or meeting:
            event.add("url", one_line(url or meeting or ""))
        event.add("transp", "OPAQUE")
        cal.add_component(event)
    cal.subcomponents.insert(0, _vtimezone())  # where add_missing_timezones() puts it; made once
    return cal.to_ical().decode("utf-8")
