"""Imported records on the built site: the catch-up box and attendance of the session pages,
the attendance trend and follow-up list of the retrospective, and no respondent or attendee
name or email in any file of the public build (kits unpacked, search index decoded)."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

from openpyxl import load_workbook

from cohort_site.imports.records import decode
from cohort_site.loader import load_project
from site_helpers import ROOT, page, section, text

FIXTURES = ROOT / "tests" / "fixtures" / "records"
SESSION_3 = "tokyo-2021/sessions/3/"
RETRO = "tokyo-2021/retrospective/"


def test_catch_up_box_comes_first_on_the_session_page(site: Path) -> None:
    html = page(site, SESSION_3)
    box = html.index("この回を欠席した方へ")
    assert box < html.index('id="この回の目標"')
    content = text(html[box: html.index("</div>", box)])
    assert "録画 第3回の録画（講義部分、約60分）" in content
    assert "スライド 講義スライド「KPIクリニック」" in content
    assert "宿題 提案書ドラフトを作成する（第4回まで）" in content  # the session's own homework
    assert 'href="../../downloads/"' in html[box: html.index("</div>", box)]


def test_session_attendance_by_group_and_municipality_and_who_missed_it(site: Path) -> None:
    html = section(page(site, SESSION_3), "attendance")
    shown = text(html)
    assert "メンバー全体の出席: 27/31人（87%）" in shown
    assert "Aグループ 7/7人（100%）" in shown and "Cグループ 6/7人（86%）" in shown
    assert "練馬区 1/2人（50%）" in shown  # municipality rates
    absentees = text(section(page(site, SESSION_3), "absentees"))
    for name in ("原田 千尋", "加藤 麻衣", "木村 奈々", "白井 修"):
        assert name in absentees
    assert "加藤 麻衣 練馬区 Cグループ 前回も欠席" in absentees
    assert "原田 千尋 奥多摩町 Bグループ 前回も欠席" not in absentees  # present at session 2


def test_public_session_page_shows_rates_only(public_site: Path) -> None:
    html = page(public_site, SESSION_3)
    shown = text(html)
    assert "メンバー全体の出席: 27/31人（87%）" in shown and "Cグループ 6/7人（86%）" in shown
    assert "個人ごとの出欠は庁内版にのみ表示します" in shown
    assert 'id="absentees"' not in html and "加藤 麻衣" not in html
    assert "この回を欠席した方へ" in shown


def test_retrospective_trend_and_follow_up(site: Path, public_site: Path) -> None:
    trend = text(section(page(site, RETRO), "attendance"))
    assert "第2回 28/31人（90%） 28件 3.7" in trend
    assert "第3回 27/31人（87%） 27件 3.8" in trend
    assert "原田 千尋（奥多摩町、Bグループ）: 第3回・第4回・第5回" in trend
    assert "加藤 麻衣（練馬区、Cグループ）: 第2回・第3回" in trend
    public = text(section(page(public_site, RETRO), "attendance"))
    assert "第2回 28/31人（90%） 28件 3.7" in public
    assert "続けて欠席" not in public and "原田" not in public


def test_imported_comments_on_the_intranet_only(site: Path, public_site: Path) -> None:
    comment = "ホワイトボードの操作に慣れず時間がかかった"  # a free-text answer of session 2
    assert comment in page(site, RETRO) and "アンケートの自由記述（取り込み・未整理）" in page(site, RETRO)
    assert comment not in page(public_site, RETRO)


# --- nothing personal in the public build ------------------------------------------------------

def personal_strings() -> set[str]:
    """Every respondent and attendee name and email of the fixtures, and the members' emails."""
    found: set[str] = set()
    for xlsx in (FIXTURES / "survey").glob("*.xlsx"):
        rows = list(load_workbook(xlsx, read_only=True).worksheets[0].iter_rows(values_only=True))
        columns = [i for i, h in enumerate(rows[0]) if h in ("名前", "Name", "メール", "Email")]
        found |= {str(r[i]) for r in rows[1:] for i in columns if r[i]}
    for report in (FIXTURES / "attendance").glob("*.csv"):
        rows = list(csv.reader(io.StringIO(decode(report.read_bytes(), report.name)), delimiter="\t"))
        for row in rows:
            if len(row) >= 5 and "@" in row[4] or (len(row) >= 7 and row[6] in ("出席者", "Attendee", "発表者", "Presenter")):
                found |= {row[0], *(c for c in row if "@" in c)}
    cohort = load_project(ROOT).project.cohort("tokyo-2021")
    found |= {m.email for g in cohort.groups for m in g.members if m.email}
    return {s for s in found if len(s.strip()) >= 2}


def output_texts(site: Path) -> dict[str, str]:
    """Every file of a built site as text; zips unpacked, JSON decoded (no \\u escapes)."""
    found: dict[str, str] = {}
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        data = path.read_bytes()
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    found[f"{rel}!{name}"] = archive.read(name).decode("utf-8", "replace")
            continue
        content = data.decode("utf-8", "replace")
        if path.suffix == ".json":
            content += json.dumps(json.loads(content), ensure_ascii=False)
        found[rel] = content
    return found


def test_no_respondent_or_attendee_in_any_public_file(site: Path, public_site: Path) -> None:
    needles = personal_strings()
    assert len(needles) >= 60
    assert "研修事務局 デジタル推進担当" in needles and "\u2fbc橋 誠" in needles and "k-aoki@mizuho-town.example" in needles
    intranet = "\n".join(output_texts(site).values())
    assert "原田 千尋" in intranet and "佐藤 美咲" in intranet  # the intranet build shows members
    files = output_texts(public_site)
    assert any(name.startswith("kits/") and "!" in name for name in files)  # the kits were unpacked
    leaks = sorted({(name, n) for name, content in files.items() for n in needles if n in content})
    assert leaks == []


def test_guide_shows_the_two_commands(site: Path) -> None:
    guide = text(page(site, "guide/records/"))
    for needle in ("build.py import-survey tokyo-2021 2", "build.py import-attendance tokyo-2021 2", "mkdocs build",
                   "名前とメールアドレスは読み込みません", "2回以上続けて欠席したメンバー", "catch_up"):
        assert needle in guide, needle
