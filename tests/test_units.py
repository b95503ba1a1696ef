"""Small pure helpers: Japanese dates, municipality codes, agenda clock times, the public profile."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from cohort_site import codes, jpdate
from cohort_site.loader import load_project
from cohort_site.profile import redact, strip_facilitator_notes
from cohort_site.timetable import timetable

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("day", "plain", "era"),
    [
        (dt.date(2021, 10, 12), "2021年10月12日(火)", "令和3年10月12日（火）"),
        (dt.date(2019, 5, 1), "2019年5月1日(水)", "令和元年5月1日（水）"),
        (dt.date(2019, 4, 30), "2019年4月30日(火)", "平成31年4月30日（火）"),
        (dt.date(1989, 1, 7), "1989年1月7日(土)", "昭和64年1月7日（土）"),
        (dt.date(1989, 1, 8), "1989年1月8日(日)", "平成元年1月8日（日）"),
        (dt.date(2022, 2, 8), "2022年2月8日(火)", "令和4年2月8日（火）"),
    ],
)
def test_japanese_dates(day: dt.date, plain: str, era: str) -> None:
    assert jpdate.format_date(day) == plain
    assert jpdate.format_date(day, style="和暦") == era
    assert jpdate.format_date(day, weekday=False, style="和暦") == era.split("（")[0]


def test_fiscal_year_label() -> None:
    assert jpdate.fiscal_year_label(2021) == "令和3年度"
    assert jpdate.fiscal_year_label(2019) == "令和元年度"


def test_every_reference_code_has_a_valid_check_digit() -> None:
    rows = list(csv.DictReader((ROOT / "plugins/cohort_site/data/japan_municipalities.csv").open(encoding="utf-8")))
    assert len(rows) == 1916
    for row in rows:
        assert codes.code_problem(row["code"]) is None, row


@pytest.mark.parametrize(
    ("raw", "normalised"),
    [("１３１１２１", "131121"), (" 131121 ", "131121"), (11002, "011002"), ("131121", "131121")],
)
def test_codes_are_normalised(raw: object, normalised: str) -> None:
    assert codes.normalise_code(raw) == normalised


def test_check_digit_edge_cases() -> None:
    # S mod 11 == 0 gives 11 → 1; S mod 11 == 1 gives 10 → 0.
    assert codes.check_digit("13202") == 1  # 立川市 132021
    assert codes.check_digit("13101") == 6  # 千代田区 131016
    assert codes.code_problem("131017") is not None
    assert codes.code_problem("13101") is not None


def test_agenda_clock_times_include_breaks() -> None:
    session = load_project(ROOT / "tests/fixtures/minimal").project.cohorts[0].session(2)
    slots = timetable(session)
    assert [(s.start.strftime("%H:%M"), s.end.strftime("%H:%M"), s.item.kind) for s in slots] == [
        ("13:30", "14:15", "lecture"),
        ("14:15", "14:30", "break"),
        ("14:30", "15:00", "group_work"),
    ]


def test_facilitator_blocks_are_stripped_and_the_rest_kept() -> None:
    text = 'a\n\n!!! facilitator "メモ"\n    秘密\n\n    まだ秘密\n\nb\n\n!!! note\n    公開\n'
    out = strip_facilitator_notes(text)
    assert "秘密" not in out
    assert "a" in out and "b" in out and "公開" in out


def test_public_profile_drops_personal_fields_everywhere() -> None:
    project = load_project(ROOT).project
    public = redact(project, "public")
    for cohort in public.cohorts:
        assert all(not g.members and g.mentor is None for g in cohort.groups)
        assert all(s.facilitator_notes is None and "facilitator" not in s.body for s in cohort.sessions)
    # The intranet profile keeps them.
    assert any(g.members for g in redact(project, "intranet").cohorts[0].groups)
    with pytest.raises(ValueError):
        redact(project, "nope")
