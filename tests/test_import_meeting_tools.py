"""`build.py import-attendance` with the reports of Zoom, Webex and Google Meet (fixtures made by
tests/fixtures/records/make_fixtures.py for the Kanagawa sample), format detection with the
cohort's platform as hint, the refusal of an unknown format, and the session page's sentence."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from cohort_site.cli import main
from cohort_site.imports.attendance_reports import FORMATS, plan_attendance, report_format
from cohort_site.imports.records import RecordsError
from cohort_site.labels import attendance_report, attendance_reports
from cohort_site.loader import load_project
from site_helpers import ROOT, build, copy_project, page, text

REPORTS = ROOT / "tests" / "fixtures" / "records" / "attendance"
COHORT = "kanagawa-2023"
# session: (file, tool, members absent in the fixture)
CASES = {
    1: ("kanagawa-zoom-ja-01.csv", "Zoom", {"野口 誠"}),
    2: ("kanagawa-webex-02.csv", "Webex", {"内田 翔太", "今井 紗希"}),
    3: ("kanagawa-meet-03.csv", "Google Meet", {"内田 翔太"}),
    4: ("kanagawa-zoom-en-04.csv", "Zoom", set()),
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def cohort_of(root: Path):
    return load_project(root).project.cohort(COHORT)


def digest(root: Path) -> str:
    found = hashlib.sha256()
    for path in sorted((root / "cohort_data").rglob("*")):
        found.update(path.relative_to(root).as_posix().encode())
        if path.is_file():
            found.update(path.read_bytes())
    return found.hexdigest()


@pytest.mark.parametrize("number", sorted(CASES))
def test_each_tool_imports_into_the_kanagawa_sample(project: Path, number: int) -> None:
    file, tool, absent = CASES[number]
    cohort = cohort_of(project)
    assert report_format((REPORTS / file).read_bytes(), file, cohort.platform).tool == tool
    plan = plan_attendance(project, cohort, number, REPORTS / file, file, replace=True)
    data = yaml.safe_load(plan.text)
    assert data["tool"] == tool and data["session"] == number
    assert plan.text.startswith(f"# 第{number}回の出席（サンプル・架空）: build.py import-attendance が {attendance_report(tool)}から作成。")
    members = {m["name"]: m for m in data["members"]}
    assert len(members) == sum(len(g.members) for g in cohort.groups)
    assert {n for n, m in members.items() if not m["attended"]} == absent
    session = cohort.session(number)
    planned = (session.end.hour * 60 + session.end.minute) - (session.start.hour * 60 + session.start.minute)
    assert planned - 5 <= data["meeting_minutes"] <= planned + 15
    present = [m["minutes"] for m in members.values() if m["attended"]]
    assert min(present) >= planned * 0.6 and max(present) <= data["meeting_minutes"]
    # the organiser's staff and the two mentors are not members: counted, never written
    assert data["unmatched"] == 3
    for outsider in ("市町村DX支援担当", "北村", "西田", "@"):
        assert outsider not in plan.text.split("\n", 2)[2]
    summary = "\n".join(plan.summary)
    assert summary.startswith(f"{attendance_report(tool)}として読みました。")
    assert ("研修の開催形式は Zoom です" in summary) == (tool != "Zoom")


def test_zoom_details_rename_rejoin_and_waiting_room(project: Path) -> None:
    plan = plan_attendance(project, cohort_of(project), 1, REPORTS / "kanagawa-zoom-ja-01.csv", "z.csv", replace=True)
    data = yaml.safe_load(plan.text)
    members = {m["name"]: m for m in data["members"]}
    # 「りな（県央G） (高橋 里奈)」: renamed in the meeting, matched by the original name
    assert members["高橋 里奈"]["attended"]
    raw = (REPORTS / "kanagawa-zoom-ja-01.csv").read_text(encoding="utf-8-sig")
    assert "りな（県央G） (高橋 里奈)" in raw
    # a member with two connections is one member with the minutes of both
    rows = [ln.split(",") for ln in raw.splitlines()]
    twice = [r[0] for r in rows if len(r) > 4]
    rejoined = next(n for n in set(twice) if twice.count(n) == 2)
    assert members[rejoined]["minutes"] == sum(int(r[4]) for r in rows if r[0] == rejoined)
    # the guest left in the waiting room is no participant at all
    assert "傍聴（他県）" not in "\n".join(plan.summary) and data["unmatched"] == 3


def test_platform_decides_between_formats_that_both_fit() -> None:
    both = ("Name (Original Name),User Email,Duration,Time joined,Time exited,In Waiting Room\r\n"
            "高橋 里奈,,2 hr,2:00 PM,4:00 PM,No\r\n").encode()
    fitting = [f.tool for f in FORMATS if f.looks_like(both.decode())]
    assert fitting == ["Zoom", "Google Meet"]
    assert report_format(both, "x.csv", "Google Meet").tool == "Google Meet"
    assert report_format(both, "x.csv", "Zoom").tool == "Zoom"
    assert report_format(both, "x.csv", None).tool == "Zoom"


def test_unknown_format_is_refused_listing_the_accepted_reports(project: Path, tmp_path: Path, capsys) -> None:
    other = tmp_path / "other.csv"
    other.write_text("氏名,所属,出欠\n高橋 里奈,相模原市,出\n", encoding="utf-8")
    before = digest(project)
    code = main(["--root", str(project), "import-attendance", COHORT, "1", str(other)])
    err = capsys.readouterr().err
    assert code == 1 and "error attendance-format: 出席レポートの形式を判別できません" in err
    for name in attendance_reports():
        assert name in err
    assert attendance_reports() == ["Teams の出席レポート", "Zoom の参加者レポート", "Webex の出席者レポート",
                                    "Google Meet の出席レポート"]
    assert digest(project) == before


def test_report_of_another_day_is_refused(project: Path) -> None:
    with pytest.raises(RecordsError) as caught:
        plan_attendance(project, cohort_of(project), 4, REPORTS / "kanagawa-zoom-ja-01.csv", "z.csv", replace=True)
    assert str(caught.value).startswith("z.csv:2:3: error attendance-date: 時刻「2023/07/11 13:")
    with pytest.raises(RecordsError, match=r"m.csv:3:2: error attendance-date: 会議の日付「2023/09/12」が第1回"):
        plan_attendance(project, cohort_of(project), 1, REPORTS / "kanagawa-meet-03.csv", "m.csv", replace=True)


def test_unreadable_duration_names_its_cell(project: Path, tmp_path: Path) -> None:
    raw = (REPORTS / "kanagawa-zoom-en-04.csv").read_text(encoding="utf-8-sig").splitlines()
    cells = raw[2].split(",")
    cells[4] = "約150"
    raw[2] = ",".join(cells)
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(raw) + "\n", encoding="utf-8")
    with pytest.raises(RecordsError, match=r"bad.csv:3:5: error attendance-duration: 参加時間「約150」を読めません"):
        plan_attendance(project, cohort_of(project), 4, bad, "bad.csv", replace=True)


def test_session_pages_name_the_tool_of_each_report(project: Path, tmp_path: Path) -> None:
    for number in (1, 2, 3):
        file = CASES[number][0]
        assert main(["--root", str(project), "import-attendance", COHORT, str(number), str(REPORTS / file), "--replace"]) == 0
    site = tmp_path / "site"
    build(project, site)
    for number in (1, 2, 3):
        tool = CASES[number][1]
        shown = text(page(site, f"{COHORT}/sessions/{number}/"))
        assert f"{attendance_report(tool)}から取り込みました" in shown, number
        others = [attendance_report(t) for t in ("Teams", "Zoom", "Webex", "Google Meet") if t != tool]
        assert not [o for o in others if o in shown]
    # session 4 as the sample holds it: imported from Zoom
    assert f"{attendance_report('Zoom')}から取り込みました" in text(page(site, f"{COHORT}/sessions/4/"))
    tokyo = text(page(site, "tokyo-2021/sessions/1/"))
    assert "Teams の出席レポートから取り込みました" in tokyo


def test_a_non_member_who_rejoined_is_counted_once(project: Path, tmp_path: Path) -> None:
    raw = (REPORTS / "kanagawa-zoom-en-04.csv").read_text(encoding="utf-8-sig").splitlines()
    staff = next(line for line in raw if line.startswith("神奈川県"))
    twice = tmp_path / "twice.csv"
    twice.write_text("\n".join([*raw, staff]) + "\n", encoding="utf-8")
    plan = plan_attendance(project, cohort_of(project), 4, twice, "twice.csv", replace=True)
    assert yaml.safe_load(plan.text)["unmatched"] == 3
    summary = "\n".join(plan.summary)
    assert summary.count("神奈川県 市町村DX支援担当") == 1
    people = {line.split(",")[0] for line in raw[1:]} - {"傍聴（他県）"}
    assert f"（レポートの参加者 {len(people)}人）" in summary


def test_a_webex_report_with_plain_titles_is_not_taken_for_teams(project: Path, tmp_path: Path) -> None:
    raw = (REPORTS / "kanagawa-webex-02.csv").read_bytes().decode("utf-16")
    plain = tmp_path / "webex.csv"
    plain.write_bytes(raw.replace("Duration (mins)", "Duration").encode("utf-16"))
    assert [f.tool for f in FORMATS if f.looks_like(plain.read_bytes().decode("utf-16"))] == ["Webex"]
    assert report_format(plain.read_bytes(), "webex.csv", None).tool == "Webex"
    # the Teams reports of the Tokyo sample, old format included, are still Teams
    for n in range(1, 6):
        data = (REPORTS / f"session-0{n}.csv").read_bytes()
        assert report_format(data, "t.csv", None).tool == "Teams", n
