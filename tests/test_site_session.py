"""Session pages: Japanese date, agenda clock times from start + durations, homework with its
due session, facilitator notes (intranet), and the session's retrospective."""

from __future__ import annotations

import re
from pathlib import Path

from cohort_site.loader import load_project
from site_helpers import ROOT, page, section, text

COHORT = load_project(ROOT).project.cohort("tokyo-2021")


def _clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def test_date_is_written_the_japanese_way(site: Path) -> None:
    body = text(page(site, "tokyo-2021/sessions/1/"))
    assert "2021年10月12日(火) 13:30〜16:30" in body
    assert "令和3年" in body


def test_agenda_rows_have_clock_times_summed_from_the_start(site: Path) -> None:
    for session in COHORT.sessions:
        html = section(page(site, f"tokyo-2021/sessions/{session.number}/"), "進行表")
        rows = re.findall(r"<tr>\s*<td[^>]*>([^<]*)</td>\s*<td[^>]*>([^<]*)</td>\s*<td[^>]*>([^<]*)</td>\s*<td[^>]*>([^<]*)</td>", html)
        assert len(rows) == len(session.agenda)
        clock = session.start.hour * 60 + session.start.minute
        for (times, minutes, _kind, title), item in zip(rows, session.agenda, strict=True):
            assert times == f"{_clock(clock)}〜{_clock(clock + item.minutes)}"
            assert minutes == f"{item.minutes}分"
            assert title == item.title.replace("&", "&amp;")
            clock += item.minutes
        breaks = [r for r in rows if r[2] == "休憩"]
        assert len(breaks) == sum(i.kind == "break" for i in session.agenda)


def test_session_one_agenda_times(site: Path) -> None:
    body = text(section(page(site, "tokyo-2021/sessions/1/"), "進行表"))
    for times in ("13:30〜13:45", "13:45〜14:25", "14:25〜14:35", "16:15〜16:30"):
        assert times in body


def test_homework_names_its_due_session_with_link(site: Path) -> None:
    html = page(site, "tokyo-2021/sessions/1/")
    homework = section(html, "宿題")
    due = COHORT.session(2)
    assert 'href="../2/"' in homework
    assert f"第2回（{due.date.year}年{due.date.month}月{due.date.day}日(火)）まで" in text(homework)
    for hw in COHORT.session(1).homework:
        assert hw.title in text(homework)


def test_objectives_materials_and_worksheet(site: Path) -> None:
    session = COHORT.session(1)
    body = text(page(site, "tokyo-2021/sessions/1/"))
    for objective in session.objectives:
        assert objective in body
    for material in session.materials:
        assert material.title in body
    for question in session.worksheet:
        assert question in body


def test_facilitator_notes_styled_in_intranet_build(site: Path) -> None:
    html = page(site, "tokyo-2021/sessions/1/")
    assert 'class="admonition facilitator"' in html
    first_line = COHORT.session(1).facilitator_notes.strip().splitlines()[0]
    assert first_line in text(html)
    css = (site / "stylesheets" / "cohort.css").read_text(encoding="utf-8")
    assert ".admonition.facilitator" in css


def test_session_shows_its_retrospective(site: Path) -> None:
    retro = COHORT.session_retrospective(1)
    html = page(site, "tokyo-2021/sessions/1/")
    part = text(section(html, "この回の振り返り"))
    for item in retro.keep + retro.problem + retro.try_:
        assert item in part
    assert 'href="../../retrospective/#session-1"' in html
