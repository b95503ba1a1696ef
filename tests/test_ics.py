"""The cohort calendar: RFC 5545 text that Outlook and Teams import."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from cohort_site.exports import ics
from cohort_site.loader import load_project
from site_helpers import ROOT

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
    for event, session in zip(found, sorted(COHORT.sessions, key=lambda s: s.number)):
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


def test_escape_text() -> None:
    assert ics.escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=300))
def test_fold_keeps_lines_short_and_characters_whole(value: str) -> None:
    line = "DESCRIPTION:" + value
    folded = ics.fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert all(p.startswith(" ") for p in parts[1:])
    assert folded.replace("\r\n ", "") == line


def test_session_without_objectives_has_no_description() -> None:
    session = COHORT.sessions[0].model_copy(update={"objectives": [], "homework": []})
    cohort = COHORT.model_copy(update={"sessions": (session,)})
    event = events(ics.calendar(cohort))[0]
    assert "DESCRIPTION" not in event
    assert dt.datetime.strptime(event["DTSTART;TZID=Asia/Tokyo"], "%Y%m%dT%H%M%S").date() == session.date
