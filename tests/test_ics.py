"""The cohort calendar: RFC 5545 text that Outlook and Teams import."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from icalendar import Calendar

from cohort_site.loader import load_project
from cohort_site.model import ScheduleChange
from cohort_site.pages import ics
from cohort_site.profile import redact
from cohort_site.timetable import timetable
from site_helpers import ROOT, copy_project

COHORT = load_project(ROOT).project.cohort("tokyo-2021")


def unfold(text: str) -> list[str]:
    """Content lines after undoing the folding (RFC 5545 3.1)."""
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def events(text: str) -> list[dict[str, str]]:
    found, current = [], None
    for line in unfold(text):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            found.append(current)
            current = None
        elif current is not None:
            name, value = line.split(":", 1)
            current[name] = value
    return found


def test_built_calendar_has_one_event_per_session_in_tokyo_time(site: Path) -> None:
    raw = (site / "tokyo-2021" / "calendar.ics").read_bytes()
    text = raw.decode("utf-8")
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
    assert text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    lines = unfold(text)
    assert lines.count("BEGIN:VTIMEZONE") == 1 and "TZID:Asia/Tokyo" in lines and "TZOFFSETTO:+0900" in lines
    found = events(text)
    assert len(found) == len(COHORT.sessions) == 5
    for event, session in zip(found, sorted(COHORT.sessions, key=lambda s: s.number), strict=True):
        assert event["DTSTART;TZID=Asia/Tokyo"] == f"{session.date:%Y%m%d}T{session.start:%H%M}00"
        assert event["DTEND;TZID=Asia/Tokyo"] == f"{session.date:%Y%m%d}T{session.end:%H%M}00"
        assert unescape(event["SUMMARY"]) == f"第{session.number}回 {session.title}"
        assert event["UID"] == f"tokyo-2021-session-{session.number:02d}@cohort-site.invalid"
        assert re.fullmatch(r"\d{8}T\d{6}Z", event["DTSTAMP"])
        for objective in session.objectives:
            assert objective in unescape(event["DESCRIPTION"])
    assert len({e["UID"] for e in found}) == len(found)


def test_calendar_is_stable_across_builds() -> None:
    assert ics.calendar(COHORT) == ics.calendar(COHORT)
    stamp = re.search(r"DTSTAMP:(\S+)", ics.calendar(COHORT)).group(1)
    assert stamp == "20210930T150000Z"  # 2021-10-01 00:00 in Tokyo, from the data, not the clock


def test_session_without_objectives_has_no_description() -> None:
    session = COHORT.sessions[0].model_copy(update={"objectives": [], "homework": [], "agenda": []})
    cohort = COHORT.model_copy(update={"sessions": (session,)})
    event = events(ics.calendar(cohort))[0]
    assert "DESCRIPTION" not in event
    assert dt.datetime.strptime(event["DTSTART;TZID=Asia/Tokyo"], "%Y%m%dT%H%M%S").date() == session.date


def parsed(text: str) -> list:
    """The events as icalendar reads them back (validates the whole calendar)."""
    return Calendar.from_ical(text).walk("VEVENT")


def test_description_has_objectives_agenda_clock_times_and_homework() -> None:
    session = sorted(COHORT.sessions, key=lambda s: s.number)[0]
    event = parsed(ics.calendar(COHORT))[0]
    text = str(event["DESCRIPTION"])
    for slot in timetable(session):
        assert f"{slot.start:%H:%M}〜{slot.end:%H:%M}" in text and slot.item.title in text
    for homework in session.homework:
        assert homework.title in text
    assert text.index("ねらい:") < text.index("\n\n進行表:") < text.index("\n\n宿題:")


def test_page_urls_become_the_event_url() -> None:
    urls = {s.number: f"https://intranet.example/dx/tokyo-2021/sessions/{s.number}/" for s in COHORT.sessions}
    for event in parsed(ics.calendar(COHORT, page_urls=urls)):
        number = int(str(event["UID"]).split("-session-")[1][:2])
        assert str(event["URL"]) == urls[number]
        assert urls[number] in str(event["DESCRIPTION"])
    assert all("URL" not in e for e in parsed(ics.calendar(COHORT)))


def test_meeting_link_is_location_and_url_session_first() -> None:
    cohort_link = "https://teams.example.invalid/l/meetup-join/cohort"
    first, *rest = sorted(COHORT.sessions, key=lambda s: s.number)
    moved = first.model_copy(update={"meeting_url": "https://zoom.example.invalid/j/1"})
    cohort = COHORT.model_copy(update={"meeting_url": cohort_link, "sessions": (moved, *rest)})
    found = parsed(ics.calendar(cohort))
    assert str(found[0]["LOCATION"]) == str(found[0]["URL"]) == "https://zoom.example.invalid/j/1"
    assert all(str(e["LOCATION"]) == cohort_link for e in found[1:])
    page = {first.number: "https://intranet.example/dx/tokyo-2021/sessions/1/"}
    event = parsed(ics.calendar(cohort, page_urls=page))[0]
    assert str(event["URL"]) == page[1] and str(event["LOCATION"]) == "https://zoom.example.invalid/j/1"


def test_a_moved_session_gets_a_higher_sequence_and_a_new_stamp() -> None:
    first, *rest = sorted(COHORT.sessions, key=lambda s: s.number)
    before = parsed(ics.calendar(COHORT))[0]
    change = ScheduleChange(announced=dt.date(2021, 10, 5), previous="2021-10-12 13:30")
    moved = first.model_copy(update={"date": dt.date(2021, 10, 19), "schedule_changes": [change]})
    after = parsed(ics.calendar(COHORT.model_copy(update={"sessions": (moved, *rest)})))[0]
    assert before["SEQUENCE"] == 0 and after["SEQUENCE"] == 1
    assert after["DTSTAMP"].dt > before["DTSTAMP"].dt
    assert after["DTSTAMP"].dt == dt.datetime(2021, 10, 4, 15, 0, tzinfo=dt.UTC)  # 10-05 00:00 JST
    assert after["DTSTART"].dt.date() == dt.date(2021, 10, 19)
    assert after["UID"] == before["UID"]


def test_meeting_link_and_schedule_changes_load_from_yaml(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    cohort_file = project / "cohort_data" / "tokyo-2021" / "cohort.yml"
    cohort_file.write_text(cohort_file.read_text(encoding="utf-8").replace(
        "\ndelivery:", "\nmeeting_url: https://teams.example.invalid/l/x\ndelivery:", 1), encoding="utf-8")
    session_file = project / "cohort_data" / "tokyo-2021" / "sessions" / "02.md"
    session_file.write_text(session_file.read_text(encoding="utf-8").replace(
        'end: "16:30"\n', 'end: "16:30"\nschedule_changes:\n  - announced: 2021-10-20\n    previous: 2021-11-02 13:30\n', 1),
        encoding="utf-8")
    loaded = load_project(project)
    assert not loaded.diagnostics, [str(d) for d in loaded.diagnostics]
    cohort = loaded.project.cohort("tokyo-2021")
    assert cohort.meeting_url == "https://teams.example.invalid/l/x"
    assert [c.announced for c in cohort.session(2).schedule_changes] == [dt.date(2021, 10, 20)]
    assert parsed(ics.calendar(cohort))[1]["SEQUENCE"] == 1


def test_public_profile_leaves_meeting_links_out() -> None:
    link = "https://teams.example.invalid/l/meetup-join/cohort"
    project = load_project(ROOT).project
    cohort = project.cohort("tokyo-2021").model_copy(update={"meeting_url": link})
    project = project.model_copy(update={"cohorts": (cohort,)})
    assert link in ics.calendar(redact(project, "intranet").cohort("tokyo-2021"))
    assert link not in ics.calendar(redact(project, "public").cohort("tokyo-2021"))


def test_line_breaks_in_any_text_are_folded_and_the_calendar_parses() -> None:
    """Issue 21: a title written as a `|` block crashed icalendar (X-WR-CALNAME), and a raw CR
    reached the file unescaped. Every text property is one line now."""
    project = load_project(ROOT).project
    cohort = project.cohorts[0]
    broken = "行1\n行2\r\nBEGIN:VEVENT\rX-EVIL:1\u2028末尾"
    session = cohort.sessions[0]
    hostile = cohort.model_copy(update={
        "title": broken,
        "sessions": (session.model_copy(update={"title": broken, "objectives": [broken],
                                                "meeting_url": "https://example.invalid/\r\nX-EVIL:2"}),
                     *cohort.sessions[1:]),
    })
    text = ics.calendar(hostile)
    assert "\r" not in text.replace("\r\n", "")  # no CR but the line ends
    assert not any(line.startswith("X-EVIL") for line in unfold(text))
    parsed_cal = Calendar.from_ical(text)
    found = parsed_cal.walk("VEVENT")
    assert len(found) == len(cohort.sessions)
    assert str(parsed_cal["X-WR-CALNAME"]) == "行1 行2 BEGIN:VEVENT X-EVIL:1 末尾"
    assert str(found[0]["SUMMARY"]).endswith("行1 行2 BEGIN:VEVENT X-EVIL:1 末尾")
    assert "・行1 行2 BEGIN:VEVENT X-EVIL:1 末尾" in str(found[0]["DESCRIPTION"])
