"""The attendance reports of Zoom, Webex and Google Meet, read into a `report_base.Report`
(the Teams report is read in `attendance_reports.py`, which also recognises which format a file is).

Columns are found by their titles in English or Japanese (compared after NFKC, without spaces,
casefolded), never by position; rows are numbered as in the file for messages.

- **Zoom**: the meeting's participants report (レポート → 使用状況 → 参加者 → エクスポート), a
  comma-separated UTF-8 file (with BOM). With 「ミーティングデータとともにエクスポート」 a block
  with the meeting's ID, topic, start and end time and length comes first, then a blank line and
  the participants: `Name (Original Name)`, `User Email`, `Join Time`, `Leave Time`,
  `Duration (Minutes)`, `Guest`, `In Waiting Room` (Japanese UI: 名前（元の名前）, ユーザーメール,
  参加時刻, 退出時刻, 期間（分）, ゲスト, 待機室中). A participant who rejoined has a row per
  connection; time in the waiting room is not attendance. A renamed participant reads
  `表示名 (元の名前)`: both names are tried.
- **Webex**: the meeting's attendee report, which Webex exports as UTF-16 LE tab-delimited text:
  one row per connection with name, email, join and leave time and the duration in minutes,
  beside meeting columns (meeting number, participant type, client).
- **Google Meet**: the attendance report that Meet sends to the organiser as a Google Sheet,
  downloaded as CSV: a few lines about the meeting (its date among them), then `First name`,
  `Last name`, `Email`, `Duration` (`1 hr 32 min`), `Time joined`, `Time exited` (times of day
  only; Japanese UI: 名, 姓, メールアドレス, 時間, 参加した時刻, 退出した時刻).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass

from ..model import Loc, Session
from .records import decode, fail, normal
from .report_base import Participant, Report, parse_duration, parse_time_of_day, parse_timestamp

Rows = list[tuple[int, list[str]]]


def _key(text: str) -> str:
    return "".join(normal(text).split()).casefold()


def _rows(text: str, delimiter: str) -> Rows:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [(reader.line_num, cells) for cells in reader]


def _columns(header: list[str], titles: dict[str, set[str]]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, title in enumerate(header):
        kind = next((k for k, names in titles.items() if _key(title) in names), None)
        if kind is not None and kind not in found:
            found[kind] = index
    return found


@dataclass(frozen=True)
class Table:
    header_line: int
    header: list[str]
    columns: dict[str, int]
    rows: Rows  # up to the next blank row

    def cell(self, cells: list[str], kind: str) -> str:
        index = self.columns.get(kind)
        return cells[index].strip() if index is not None and index < len(cells) else ""


def _table(rows: Rows, titles: dict[str, set[str]], needed: set[str]) -> Table | None:
    """The first table whose header row has the `needed` columns."""
    for position, (line, cells) in enumerate(rows):
        columns = _columns(cells, titles)
        if needed <= set(columns):
            body: Rows = []
            for row in rows[position + 1:]:
                if not any(c.strip() for c in row[1]):
                    break
                body.append(row)
            return Table(line, cells, columns, body)
    return None


def _has(rows: Rows, titles: set[str], count: int = 1) -> bool:
    return any(sum(_key(c) in titles for c in cells) >= count for _, cells in rows[:200])


def _require(table: Table | None, file: str, tool: str, labels: dict[str, str]) -> Table:
    if table is None:
        raise fail(Loc(file), "attendance-section", f"{tool} の参加者の表（見出しの行）が見つかりません")
    for kind, label in labels.items():
        if kind not in table.columns:
            shown = "、".join(h for h in table.header if h.strip())
            raise fail(Loc(file, table.header_line), "attendance-column",
                       f"参加者の表に「{label}」の列がありません（見出し: {shown}）")
    return table


def _minutes(table: Table, cells: list[str], line: int, file: str, kind: str = "duration") -> int:
    """Seconds of a duration cell written as whole minutes (or as `1:05:00` / `65 min`)."""
    value = normal(table.cell(cells, kind))
    seconds = int(value) * 60 if value.isdigit() else parse_duration(value)
    if seconds is None:
        raise fail(Loc(file, line, table.columns[kind] + 1), "attendance-duration",
                   f"参加時間「{value}」を読めません（分の数で書かれているはずです。例: 95）")
    return seconds


def _on_day(value: str, session: Session, file: str, where: Loc) -> dt.datetime:
    moment = parse_timestamp(value, session.date)
    if moment is None:
        raise fail(where, "attendance-date",
                   f"時刻「{value}」が第{session.number}回の日付（{session.date.isoformat()}）と一致しません。"
                   "別の回のレポートではありませんか")
    return moment


def _span(times: list[tuple[dt.datetime, dt.datetime]]) -> tuple[dt.datetime | None, int | None]:
    if not times:
        return None, None
    start, end = min(t for t, _ in times), max(t for _, t in times)
    return start, int((end - start).total_seconds())


# --- Zoom -------------------------------------------------------------------------------------

_ZOOM_MEETING = {
    "meeting_id": {"meetingid", "ミーティングid"},
    "start": {"starttime", "開始時刻", "開始時間"},
    "end": {"endtime", "終了時刻", "終了時間"},
    "duration": {"duration(minutes)", "期間(分)", "時間(分)"},
}
_ZOOM_PARTICIPANTS = {
    "name": {"name(originalname)", "名前(元の名前)", "name", "名前"},
    "email": {"useremail", "ユーザーメール", "email", "メール"},
    "join": {"jointime", "参加時刻", "参加時間"},
    "leave": {"leavetime", "退出時刻", "退出時間"},
    "duration": {"duration(minutes)", "期間(分)", "時間(分)"},
    "guest": {"guest", "ゲスト"},
    "waiting": {"inwaitingroom", "待機室中", "待機室"},
}
_ORIGINAL = re.compile(r"^(.*?)\s*[(（]([^()（）]+)[)）]$")
_YES = {"yes", "はい", "true"}


def looks_like_zoom(text: str) -> bool:
    rows = _rows(text, ",")
    return _has(rows, {"name(originalname)", "名前(元の名前)", "inwaitingroom", "待機室中"}) or (
        _has(rows, _ZOOM_PARTICIPANTS["email"] & {"useremail", "ユーザーメール"})
        and _has(rows, _ZOOM_PARTICIPANTS["duration"]))


def read_zoom(data: bytes, file: str, session: Session) -> Report:
    rows = _rows(decode(data, file), ",")
    table = _require(_table(rows, _ZOOM_PARTICIPANTS, {"name", "join", "duration"}), file, "Zoom",
                     {"name": "名前（元の名前）", "duration": "期間（分）"})
    before = [row for row in rows if row[0] < table.header_line]
    meeting = _table(before, _ZOOM_MEETING, {"meeting_id", "start"})
    start, length = None, None
    if meeting is not None and meeting.rows:  # exported with the meeting data: checked first
        line, cells = meeting.rows[0]
        start = _on_day(meeting.cell(cells, "start"), session, file, Loc(file, line, meeting.columns["start"] + 1))
        if "duration" in meeting.columns:
            length = _minutes(meeting, cells, line, file)
    participants = []
    times = []
    for line, cells in table.rows:
        if table.cell(cells, "waiting").casefold() in _YES:
            continue  # waited to be admitted: not in the meeting
        written = table.cell(cells, "name")
        shown, original = written, ""
        renamed = _ORIGINAL.match(written)
        if renamed:
            shown, original = renamed.group(1).strip(), renamed.group(2).strip()
        seconds = _minutes(table, cells, line, file)
        participants.append(Participant(shown, table.cell(cells, "email"), seconds, line, original))
        join = _on_day(table.cell(cells, "join"), session, file, Loc(file, line, table.columns["join"] + 1))
        times.append((join, join + dt.timedelta(seconds=seconds)))
    first, span = _span(times)
    return Report(participants, start or first, length if length is not None else span)


# --- Webex ------------------------------------------------------------------------------------

_WEBEX = {
    "name": {"name", "displayname", "attendeename", "名前", "表示名", "出席者名"},
    "email": {"email", "attendeeemail", "メール", "メールアドレス"},
    "join": {"jointime", "参加時刻", "参加時間"},
    "leave": {"leavetime", "退出時刻", "退出時間"},
    "duration": {"duration", "duration(mins)", "duration(minutes)", "attendanceduration", "時間(分)", "参加時間(分)",
                 "期間(分)"},
    "marker": {"meetingnumber", "ミーティング番号", "participanttype", "attendeetype", "参加者の種類", "clientagent",
               "クライアント"},
}


def looks_like_webex(text: str) -> bool:
    rows = _rows(text, "\t")
    return _table(rows, _WEBEX, {"name", "join", "duration", "marker"}) is not None


def read_webex(data: bytes, file: str, session: Session) -> Report:
    rows = _rows(decode(data, file), "\t")
    table = _require(_table(rows, _WEBEX, {"name", "join", "duration"}), file, "Webex",
                     {"name": "名前（Name）", "duration": "時間（Duration）"})
    participants, times = [], []
    for line, cells in table.rows:
        seconds = _minutes(table, cells, line, file)
        participants.append(Participant(table.cell(cells, "name"), table.cell(cells, "email"), seconds, line))
        join = _on_day(table.cell(cells, "join"), session, file, Loc(file, line, table.columns["join"] + 1))
        times.append((join, join + dt.timedelta(seconds=seconds)))
    start, length = _span(times)
    return Report(participants, start, length)


# --- Google Meet ------------------------------------------------------------------------------

_MEET = {
    "first": {"firstname", "名"},
    "last": {"lastname", "姓"},
    "name": {"name", "名前", "参加者"},
    "email": {"email", "メールアドレス", "メール"},
    "duration": {"duration", "時間", "参加時間"},
    "joined": {"timejoined", "参加した時刻"},
    "exited": {"timeexited", "退出した時刻"},
}
_MEET_DATE_KEYS = {"date", "meetingdate", "日付", "会議の日付"}
_DATE = re.compile(r"(\d{4})\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})")


def looks_like_meet(text: str) -> bool:
    rows = _rows(text, ",")
    return _table(rows, _MEET, {"joined", "exited", "duration"}) is not None


def _cjk(text: str) -> bool:
    return any(ord(c) > 0x2E80 for c in text)


def read_meet(data: bytes, file: str, session: Session) -> Report:
    rows = _rows(decode(data, file), ",")
    table = _require(_table(rows, _MEET, {"joined", "duration"}), file, "Google Meet",
                     {"duration": "時間（Duration）", "joined": "参加した時刻（Time joined）"})
    for line, cells in rows:
        if line >= table.header_line:
            break
        if len(cells) > 1 and _key(cells[0]) in _MEET_DATE_KEYS:
            found = _DATE.search(normal(cells[1]))
            day = dt.date(*(int(g) for g in found.groups())) if found else None
            if day != session.date:
                raise fail(Loc(file, line, 2), "attendance-date",
                           f"会議の日付「{cells[1].strip()}」が第{session.number}回の日付（{session.date.isoformat()}）と"
                           "一致しません。別の回のレポートではありませんか")
    participants, times = [], []
    for line, cells in table.rows:
        first, last = table.cell(cells, "first"), table.cell(cells, "last")
        name, other = table.cell(cells, "name"), ""
        if first or last:  # Japanese names are family name first; the other order is tried too
            name, other = (f"{last} {first}", f"{first} {last}") if _cjk(last + first) else (f"{first} {last}", f"{last} {first}")
        value = table.cell(cells, "duration")
        seconds = parse_duration(value)
        if seconds is None:
            raise fail(Loc(file, line, table.columns["duration"] + 1), "attendance-duration",
                       f"参加時間「{value}」を読めません（例: 1 hr 32 min、1 時間 32 分）")
        participants.append(Participant(name.strip(), table.cell(cells, "email"), seconds, line, other.strip()))
        joined = parse_time_of_day(table.cell(cells, "joined"), session.date)
        exited = parse_time_of_day(table.cell(cells, "exited"), session.date) if "exited" in table.columns else None
        if joined is not None:
            times.append((joined, exited or joined + dt.timedelta(seconds=seconds)))
    start, length = _span(times)
    return Report(participants, start, length)
