"""`build.py import-attendance COHORT SESSION FILE`: a meeting tool's attendance report.

The file's format is recognised from its content (`FORMATS`: Teams here, Zoom, Webex and Google
Meet in `meeting_reports.py`), with the cohort's `platform` preferred when more than one fits;
a file no format recognises is refused with the list of accepted reports.

The Teams report is a `.csv` whose content is tab-separated, usually UTF-16 LE with a BOM, in blocks
separated by blank lines. Since 2022 the blocks are titled 「1. 要約」「2. 参加者」
「3. 会議中のアクティビティ」 ("1. Summary", "2. Participants", "3. In-Meeting Activities");
before, a "Meeting Summary" block was followed by an untitled participants table. Blocks and
columns are therefore found by their titles (both languages), never by position.

Participants are matched to the members of `groups.yml` by email first, then by name after NFKC
and with spaces removed. Only matched members are written (`attendance/NN.yml`); the names of
participants that matched nobody are printed, never written.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from ..attendance import rate
from ..labels import PlatformName, attendance_report, attendance_reports
from ..model import Attendance, Cohort, Loc, Member, Session
from ..sources import parse_yaml
from ..yamltext import comment, dump_fragment
from . import meeting_reports
from .records import ImportPlan, RecordsError, bounded_rows, decode, fail, normal, read_export
from .report_base import Participant, Report, parse_duration, parse_timestamp

ATTENDANCE_DIR = "attendance"

# Block titles, compared after NFKC and casefolding, without the "1." number.
_SECTION_TITLES = {
    "summary": {"要約", "summary", "meeting summary", "会議の概要"},
    "participants": {"参加者", "participants"},
    "activities": {"会議中のアクティビティ", "in-meeting activities"},
}
# Columns of the participants table, by title.
_COLUMNS = {
    "name": {"名前", "name", "full name", "氏名", "表示名"},
    "duration": {"会議の長さ", "in-meeting duration", "duration", "期間", "会議中の時間"},
    "email": {"メール", "email", "電子メール", "メールアドレス"},
    "upn": {"参加者 id (upn)", "participant id (upn)"},
    "first_join": {"初めての参加", "first join", "join time", "参加時刻"},
    "last_leave": {"最終退出", "last leave", "leave time", "退出時刻"},
}
# Keys of the summary block.
_SUMMARY_KEYS = {
    "start": {"開始時刻", "start time", "meeting start time"},
    "end": {"終了時刻", "end time", "meeting end time"},
    "length": {"会議の長さ", "meeting duration"},
}
_NUMBERED = re.compile(r"^\s*\d+\s*\.\s*")



# --- reading the report ----------------------------------------------------------------------

def _key(text: str) -> str:
    return normal(text).casefold()


def _blocks(rows: list[tuple[int, list[str]]]) -> list[list[tuple[int, list[str]]]]:
    """Rows split at blank rows."""
    blocks: list[list[tuple[int, list[str]]]] = [[]]
    for line, cells in rows:
        if any(c.strip() for c in cells):
            blocks[-1].append((line, cells))
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _section_of(cells: list[str]) -> str | None:
    filled = [c for c in cells if c.strip()]
    if len(filled) != 1:
        return None
    title = _key(_NUMBERED.sub("", filled[0]))
    return next((kind for kind, titles in _SECTION_TITLES.items() if title in titles), None)


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, title in enumerate(header):
        kind = next((k for k, titles in _COLUMNS.items() if _key(title) in titles), None)
        if kind is not None and kind not in found:
            found[kind] = index
    return found


def looks_like_teams(text: str) -> bool:
    """A Teams report: a titled block (「2. 参加者」, "Meeting Summary") or its participants' columns
    with the Teams-only participant ID (UPN), so another tool's name/join/duration table is not taken."""
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter="\t"))
    return any(_section_of(cells) for cells in rows[:200]) or any(
        {"name", "duration", "first_join", "upn"} <= set(_columns(cells)) for cells in rows[:200])


def read_report(data: bytes, file: str, session: Session) -> Report:
    """The Teams meeting attendance report."""
    text = decode(data, file)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter="\t")
    rows = bounded_rows(((reader.line_num, cells) for cells in reader), file)
    summary: list[tuple[int, list[str]]] = []
    table: list[tuple[int, list[str]]] | None = None
    for block in _blocks(rows):
        kind = _section_of(block[0][1])
        if kind == "summary":
            summary = block[1:]
        elif kind == "participants":
            table = block[1:]
        elif kind is None and table is None and {"name", "duration"} <= set(_columns(block[0][1])):
            table = block  # the untitled participants table of the format before 2022
    if table is None or not table:
        raise fail(Loc(file), "attendance-section",
                   "「2. 参加者」（Participants）の表が見つかりません。Teams の出席レポート（.csv）を指定してください")
    header_line, header = table[0]
    columns = _columns(header)
    for needed, label in (("name", "名前（Name）"), ("duration", "会議の長さ（In-Meeting Duration）")):
        if needed not in columns:
            raise fail(Loc(file, header_line), "attendance-column",
                       f"参加者の表に「{label}」の列がありません（見出し: {'、'.join(h for h in header if h)}）")
    participants = []
    for line, cells in table[1:]:
        def cell(kind: str, cells: list[str] = cells) -> str:  # bound now, not when called
            index = columns.get(kind)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        seconds = parse_duration(cell("duration"))
        if seconds is None:
            raise fail(Loc(file, line, columns["duration"] + 1), "attendance-duration",
                       f"参加時間「{cell('duration')}」を読めません（例: 1h 33m 39s）")
        participants.append(Participant(cell("name"), cell("email") or cell("upn"), seconds, line))
    facts = {kind: (line, cells[1].strip()) for line, cells in summary if len(cells) > 1
             for kind, keys in _SUMMARY_KEYS.items() if _key(cells[0]) in keys}
    start = None
    if "start" in facts:
        line, value = facts["start"]
        start = parse_timestamp(value, session.date)
        if start is None:
            raise fail(Loc(file, line, 2), "attendance-date",
                       f"会議の開始時刻「{value}」が第{session.number}回の日付（{session.date.isoformat()}）と一致しません。"
                       "別の回のレポートではありませんか")
    length = parse_duration(facts["length"][1]) if "length" in facts else None
    if length is None and start is not None and "end" in facts:
        end = parse_timestamp(facts["end"][1], session.date)
        length = int((end - start).total_seconds()) if end else None
    return Report(participants, start, length)


@dataclass(frozen=True)
class ReportFormat:
    """One meeting tool's report: how to recognise its text, and how to read it."""

    tool: PlatformName
    looks_like: Callable[[str], bool]
    read: Callable[[bytes, str, Session], Report]


FORMATS: tuple[ReportFormat, ...] = (
    ReportFormat("Teams", looks_like_teams, read_report),
    ReportFormat("Zoom", meeting_reports.looks_like_zoom, meeting_reports.read_zoom),
    ReportFormat("Webex", meeting_reports.looks_like_webex, meeting_reports.read_webex),
    ReportFormat("Google Meet", meeting_reports.looks_like_meet, meeting_reports.read_meet),
)


def report_format(data: bytes, file: str, platform: str | None) -> ReportFormat:
    """The format of a report file, from its content; the cohort's platform decides between
    formats that both fit. Refused, listing the accepted reports, when none fits."""
    text = decode(data, file)
    fitting = [f for f in FORMATS if f.looks_like(text)]
    if not fitting:
        accepted = "、".join(attendance_reports())
        raise fail(Loc(file), "attendance-format",
                   f"出席レポートの形式を判別できません。取り込めるのは {accepted}（.csv）です。"
                   "会議ツールからダウンロードしたままのファイルを指定してください")
    return next((f for f in fitting if f.tool == platform), fitting[0])


# --- matching and the plan -------------------------------------------------------------------

def name_key(name: str) -> str:
    """A name for matching: NFKC (full-width spaces, compatibility characters), no spaces."""
    return "".join(normal(name).split()).casefold()


@dataclass(frozen=True)
class Matched:
    minutes: dict[tuple[str, str], int]  # (member name, municipality) -> minutes
    by_name: list[str]  # participants matched only by their normalised name
    unmatched: list[str]


def match(cohort: Cohort, report: Report) -> Matched:
    members: list[Member] = [m for g in cohort.groups for m in g.members]
    by_email = {m.email.strip().casefold(): m for m in members if m.email}
    by_name: dict[str, list[Member]] = {}
    for m in members:
        by_name.setdefault(name_key(m.name), []).append(m)
    seconds: dict[tuple[str, str], int] = {}
    name_only, unmatched = [], []
    for p in report.participants:
        member = by_email.get(p.email.casefold()) if p.email else None
        if member is None:
            same = by_name.get(name_key(p.name), []) or (by_name.get(name_key(p.other_name), []) if p.other_name else [])
            member = same[0] if len(same) == 1 else None
            if member is None:
                unmatched.append(p.name)
                continue
            if p.name != member.name:
                name_only.append(f"{p.name} → {member.name}")
        key = (member.name, member.municipality)
        seconds[key] = seconds.get(key, 0) + p.seconds
    cap = report.meeting_seconds
    # Two devices of one member overlap: never more than the meeting itself.
    minutes = {k: min(s, cap or s) // 60 for k, s in seconds.items()}
    # A participant who rejoined has a row per connection (Zoom, Webex): named once.
    return Matched(minutes, list(dict.fromkeys(name_only)), list(dict.fromkeys(unmatched)))


def attendance_text(cohort: Cohort, session: Session, report: Report, matched: Matched, tool: PlatformName) -> str:
    members = []
    for group in cohort.groups:
        for m in group.members:
            minutes = matched.minutes.get((m.name, m.municipality))
            members.append({"name": m.name, "municipality": m.municipality,
                            "attended": minutes is not None, "minutes": minutes or 0})
    data: dict[str, object] = {"session": session.number, "tool": tool}
    if report.meeting_seconds is not None:
        data["meeting_minutes"] = report.meeting_seconds // 60
    data["unmatched"] = len(matched.unmatched)
    data["members"] = members
    body = "".join(dump_fragment(key, value) for key, value in data.items())
    sample = "（サンプル・架空）" if cohort.sample else ""
    head = comment(
        f"第{session.number}回の出席{sample}: build.py import-attendance が {attendance_report(tool)}から作成。",
        "電話参加などは attended / minutes を手で直せます。出席率はこの内容から計算します。",
    )
    return head + body


def plan_attendance(root: Path, cohort: Cohort, number: int, report_path: Path, shown: str,
                    replace: bool = False) -> ImportPlan:
    session = cohort.session(number)
    if session is None:
        raise fail(Loc(shown), "attendance-session", f"研修「{cohort.id}」に第{number}回がありません")
    if not any(g.members for g in cohort.groups):
        raise fail(Loc(f"cohort_data/{cohort.id}/groups.yml"), "attendance-members",
                   "groups.yml にメンバー（members）がいないため、出席を照合できません")
    data = read_export(report_path, shown)
    found = report_format(data, shown, cohort.platform)
    report = found.read(data, shown, session)
    matched = match(cohort, report)
    target = root / "cohort_data" / cohort.id / ATTENDANCE_DIR / f"{number:02d}.yml"
    target_shown = target.relative_to(root).as_posix()
    if target.exists() and not replace:
        raise fail(Loc(target_shown), "attendance-exists",
                   "この回の出席はすでに取り込まれています。手で直した内容を消さないよう上書きしません"
                   "（取り込み直すには --replace を付けてください）")
    text = attendance_text(cohort, session, report, matched, found.tool)
    record = _validated(text, target_shown)
    summary = [f"{attendance_report(found.tool)}として読みました。"]
    if cohort.platform and cohort.platform != found.tool and cohort.platform in {f.tool for f in FORMATS}:
        summary.append(f"（研修の開催形式は {cohort.platform} です。この回だけ別の会議ツールを使ったのでなければ、ファイルを確かめてください）")
    people = len({(p.name, p.email) for p in report.participants})  # one row per connection in some tools
    summary.append(f"第{number}回の出席: {rate(record.members)}（レポートの参加者 {people}人）")
    if matched.by_name:
        summary.append(f"名前の表記をそろえて照合した参加者 {len(matched.by_name)}人: " + "、".join(matched.by_name))
    if matched.unmatched:
        summary.append(f"メンバーと照合できなかった参加者 {len(matched.unmatched)}人（ファイルには書きません）: "
                       + "、".join(matched.unmatched))
    summary.append("（メンバーのメールアドレスを groups.yml の email に書くと、確実に照合できます）"
                   if matched.unmatched else "")
    old = target.read_text(encoding="utf-8") if target.exists() else None
    return ImportPlan(target, text, old, [s for s in summary if s], target_shown)


def _validated(text: str, file: str) -> Attendance:
    data, problems = parse_yaml(text, file)
    if problems:
        raise RecordsError(problems)
    try:
        return Attendance.model_validate(data)
    except ValidationError as exc:  # a bug of ours, never the user's input
        raise fail(Loc(file), "attendance-internal", f"作成した出席ファイルが正しくありません（{exc}）") from None
