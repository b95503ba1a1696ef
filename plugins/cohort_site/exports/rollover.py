"""Next year's cohort from this year's: `python build.py new-cohort tokyo-2022 --from tokyo-2021`.

Pure functions: `plan_rollover` reads the old cohort's files and returns the new cohort's files as
text (`RolloverPlan.files`); writing them is `files.write_tree`'s job.

What is copied and how (decided here, documented in site_src's guide and ARCHITECTURE.md):

- Every field follows its declaration in `rollover_rules.RULES` (carry, reset or transform), so
  the new cohort gets the course's material and none of last year's facts: no schedule changes
  (the calendar starts again at SEQUENCE 0), meeting links, recordings, attendance, imported
  survey data or results. The report (`RolloverPlan.reset`) lists what was left out.
- Sessions are copied as written (comments, body, agenda, materials, homework, facilitator notes);
  the `date:` value moves, `schedule_changes` and `meeting_url` are removed, and `catch_up` loses
  its recordings (the notes ask for the new ones). Times are kept.
- Dates move to the same weekday of the same week of the month, `years` later: the second
  Tuesday of October 2021 becomes the second Tuesday of October 2022. A 5th weekday that the new
  month does not have becomes the month's last such weekday, and the plan says so.
- `fiscal_year` (`--year`) is the *target* fiscal year. Without it: the 4-digit year at the end of
  the new id (tokyo-2022 -> 2022), else the old fiscal year + 1.
- `start` (`--start DATE`) instead shifts every date by the same number of days so that the first
  session falls on DATE (intervals kept; weekdays change unless the shift is whole weeks).
- The period moves by whole calendar years (2021-10-01..2022-03-31 -> 2022-10-01..2023-03-31;
  29 February -> 28 February), or by the same days as the sessions with `start`, and is widened
  if a moved session would fall outside it.
- Groups, members, proposals, retrospectives, results and attendance start empty: `groups.yml` is `groups: []` with a
  commented example, and `proposals/_example.md.txt`, `retrospectives/_example.yml.txt` are
  examples the loader does not read (it reads `*.md` / `*.yml` only). faq.yml is not copied; a new
  one holds the achieved results as case studies (exports/cases.py).
- The old cohort's retrospective `try` and `problem` items become the new cohort's
  `improvement_plan` (改善予定), labelled with where they came from.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path, PurePosixPath

from pydantic import BaseModel

from ..errors import CohortSiteError
from ..images import image_files
from ..jpdate import WEEKDAYS, fiscal_year_label, format_date
from ..loader import DATA_DIR
from ..model import Cohort, Retrospective, Session
from ..results import today
from ..sources import LocDict, parse_front_matter, parse_yaml
from ..yamltext import comment, dump_fragment, plain, remove_items, remove_key, replace_date_at, replace_key
from .cases import faq_file
from .rollover_rules import Action, field_named, nested_models
from .rollover_rules import rule as declaration

COHORT_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_TRAILING_YEAR = re.compile(r"(?:^|-)((?:19|20)\d{2})$")
# Dates written in prose, which the rollover leaves alone but points out.
_PROSE_DATE = re.compile(r"(?:19|20)\d{2}年\d{1,2}月\d{1,2}日|(?:令和|平成)(?:\d+|元)年\d{1,2}月\d{1,2}日")

# Example files of an empty cohort: path in the cohort folder -> template in exports/templates/.
EXAMPLE_FILES: dict[str, str] = {
    "groups.yml": "groups.yml",
    "proposals/_example.md.txt": "proposal.md",
    "retrospectives/_example.yml.txt": "retrospective.yml",
}


class RolloverError(CohortSiteError, ValueError):
    """A request the rollover cannot carry out; the message is Japanese and names the cause."""


# --- dates ----------------------------------------------------------------------------------


def week_of_month(day: dt.date) -> int:
    """1 for the first Tuesday of a month, 2 for the second, ... 5 for the fifth."""
    return (day.day - 1) // 7 + 1


def same_weekday_of_month(day: dt.date, years: int) -> tuple[dt.date, bool]:
    """The same weekday of the same week of the same month, `years` later.

    Returns (date, fell_back): fell_back is True when the old date was a 5th weekday that the
    new month does not have, so the month's last such weekday (the 4th) was taken instead.
    """
    year = day.year + years
    first_weekday, days_in_month = calendar.monthrange(year, day.month)
    first = 1 + (day.weekday() - first_weekday) % 7
    wanted = first + 7 * (week_of_month(day) - 1)
    if wanted > days_in_month:
        return dt.date(year, day.month, wanted - 7), True
    return dt.date(year, day.month, wanted), False


def same_calendar_day(day: dt.date, years: int) -> dt.date:
    """The same month and day `years` later; 29 February becomes 28 February."""
    year = day.year + years
    return dt.date(year, day.month, min(day.day, calendar.monthrange(year, day.month)[1]))


@dataclass(frozen=True)
class DateRule:
    """How dates move: by whole years (week of month kept), or by a fixed number of days."""

    years: int = 0
    days: int | None = None  # set by --start: every date moves by the same number of days

    def session(self, day: dt.date) -> tuple[dt.date, bool]:
        if self.days is not None:
            return day + dt.timedelta(days=self.days), False
        return same_weekday_of_month(day, self.years)

    def period(self, day: dt.date) -> dt.date:
        if self.days is not None:
            return day + dt.timedelta(days=self.days)
        return same_calendar_day(day, self.years)


def target_fiscal_year(cohort: Cohort, new_id: str, fiscal_year: int | None) -> int:
    if fiscal_year is None:
        found = _TRAILING_YEAR.search(new_id)
        fiscal_year = int(found.group(1)) if found else cohort.fiscal_year + 1
    if fiscal_year <= cohort.fiscal_year:
        raise RolloverError(
            f"新しい研修の年度（{fiscal_year}年度）は元の研修「{cohort.id}」の年度（{cohort.fiscal_year}年度）より後にしてください"
            "（--year で年度を指定できます）"
        )
    return fiscal_year


def date_rule(cohort: Cohort, fiscal_year: int, start: dt.date | None) -> DateRule:
    if start is None:
        return DateRule(years=fiscal_year - cohort.fiscal_year)
    if not cohort.sessions:
        raise RolloverError(f"研修「{cohort.id}」には回（sessions/）がないため、--start で日付をずらせません")
    return DateRule(days=(start - cohort.sessions[0].date).days)


# --- carried-over lessons -------------------------------------------------------------------


def carried_over(cohort: Cohort) -> list[str]:
    """The old cohort's lessons as 改善予定: every Try, then the problems of the whole-cohort
    retrospective (which sums up the sessions'); the sessions' problems only if it is missing."""
    ordered = sorted(cohort.retrospectives, key=lambda r: (r.session is not None, r.session or 0))
    overall = cohort.cohort_retrospective
    items = [f"【{_source(r)}・Try】{point.strip()}" for r in ordered for point in r.try_ if point.strip()]
    items += [
        f"【{_source(r)}・問題点】{point.strip()}"
        for r in ordered
        if overall is None or r is overall
        for point in r.problem
        if point.strip()
    ]
    return list(dict.fromkeys(items))


def _source(retro: Retrospective) -> str:
    return "研修全体" if retro.session is None else f"第{retro.session}回"


def improvement_fragment(source: Cohort, items: list[str]) -> str:
    head = comment(
        f"改善予定：{source.id} の振り返り（Try・問題点）から引き継いだ項目です。研修の概要ページに表示されます。",
        "対応を決めたら書き換え、済んだもの・見送るものは消してください。",
    )
    return head + dump_fragment("improvement_plan", items)


# --- the declarations, applied ---------------------------------------------------------------

# Every transform the rollover carries out (`rollover_rules` declares them; a test compares).
TRANSFORMED: frozenset[str] = frozenset({
    "Cohort.id", "Cohort.title", "Cohort.fiscal_year", "Cohort.period", "Cohort.improvement_plan",
    "Cohort.description", "Cohort.sessions", "Cohort.cases",
    "Period.start", "Period.end",  # the period moves as a whole (moved_period)
    "Session.date", "Session.catch_up",
    "CaseStudy.title", "CaseStudy.municipality", "CaseStudy.summary", "CaseStudy.url",  # cases.faq_file
})

# A transform of one top-level key: (YAML text, its data) -> (new text, what it left out).
KeyTransform = Callable[[str, LocDict], tuple[str, list[str]]]


def _count(value: object) -> str:
    return f" {len(value)}件" if isinstance(value, list) else ""


def _empty(value: object) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _nested_resets(model: type[BaseModel], value: object) -> bool:
    """Whether a carried value holds a key whose field is declared reset (at any depth)."""
    items = value if isinstance(value, list) else [value]
    for item in items:
        if not isinstance(item, dict):
            continue
        for key, inner in item.items():
            name = field_named(model, key)
            if name is None:
                continue
            declared = declaration(model, name)
            if declared.action is not Action.CARRY:
                return True
            info = model.model_fields[name]
            if any(_nested_resets(m, inner) for m in nested_models(info.annotation)):
                return True
    return False


def _without_resets(model: type[BaseModel], value: object) -> object:
    """Plain data of a carried value without the keys whose fields are declared reset."""
    if isinstance(value, list):
        return [_without_resets(model, item) for item in value]
    if not isinstance(value, dict):
        return plain(value)
    kept: dict[object, object] = {}
    for key, inner in value.items():
        name = field_named(model, key)
        if name is not None and declaration(model, name).action is not Action.CARRY:
            continue
        models = nested_models(model.model_fields[name].annotation) if name else []
        kept[key] = _without_resets(models[0], inner) if len(models) == 1 else plain(inner)
    return kept


def apply_rules(
    text: str, model: type[BaseModel], file: str, transforms: dict[str, KeyTransform], where: str = "",
) -> tuple[str, list[str]]:
    """Each top-level key of the YAML `text` (an object of `model`) as its field is declared:
    carry keeps its lines (and comments), reset removes them, transform calls `transforms[field]`.
    Returns (new text, what was left out, as Japanese lines prefixed with `where`)."""
    left_out: list[str] = []
    for key in list(_located(text, file).key_locs):
        data = _located(text, file)
        name = field_named(model, key)
        if name is None:  # the checker reports unknown keys; the rollover runs on checked data
            continue
        declared = declaration(model, name)
        if declared.action is Action.RESET:
            if not _empty(data[key]):
                left_out.append(f"{where}{declared.label}{_count(data[key])}")
            text = remove_key(text, data, key)
        elif declared.action is Action.TRANSFORM:
            text, dropped = transforms[name](text, data)
            left_out += [f"{where}{item}" for item in dropped]
        else:
            models = nested_models(model.model_fields[name].annotation)
            if len(models) == 1 and _nested_resets(models[0], data[key]):
                text = replace_key(text, data, key, dump_fragment(key, _without_resets(models[0], data[key])))
    return text, left_out


def _keep(text: str, data: LocDict) -> tuple[str, list[str]]:
    return text, []


def _without_recordings(text: str, data: LocDict) -> tuple[str, list[str]]:
    """catch_up without last year's recordings; slides and homework stay (the course's material)."""
    items = data["catch_up"] or []
    recordings = {n for n, item in enumerate(items) if isinstance(item, dict) and item.get("kind") == "recording"}
    if not recordings:
        return text, []
    label = declaration(Session, "catch_up").label
    return remove_items(text, data, "catch_up", recordings), [f"{label} {len(recordings)}件"]


def left_out_files(cohort: Cohort) -> list[str]:
    """The cohort's parts read from other files that the declarations reset, with their counts."""
    found = []
    for name in Cohort.model_fields:
        declared = declaration(Cohort, name)
        value = getattr(cohort, name)
        if declared.action is Action.RESET and isinstance(value, tuple) and value:
            found.append(f"{declared.label} {len(value)}件")
    return found


# --- the plan -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DateMove:
    what: str  # 第1回, 期間の開始, ...
    old: dt.date
    new: dt.date


@dataclass
class RolloverPlan:
    """The new cohort's files (path in the cohort folder -> text) and what the rollover did."""

    cohort_id: str
    source_id: str
    fiscal_year: int
    files: dict[str, str | bytes]  # bytes: the cohort's images
    moves: list[DateMove] = field(default_factory=list)
    improvement_plan: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # Japanese: things to look at by hand
    left_out: list[str] = field(default_factory=list)  # Japanese: last year's facts not carried (reset)

    def describe(self) -> list[str]:
        """What the plan writes, as Japanese lines for the terminal."""
        lines = [f"研修「{self.cohort_id}」（{self.fiscal_year}年度）を「{self.source_id}」から作成します。", "", "日付:"]
        lines += [f"  {m.what}: {format_date(m.old)} → {format_date(m.new)}" for m in self.moves]
        lines += ["", f"改善予定（{len(self.improvement_plan)} 件、{self.source_id} の振り返りから）:"]
        lines += [f"  - {item}" for item in self.improvement_plan] or ["  （なし）"]
        lines += ["", "引き継がなかった前年度の記録（新しい研修では空です）:"]
        lines += [f"  - {item}" for item in self.left_out] or ["  （なし）"]
        lines += ["", "ファイル:"]
        lines += [
            f"  {path}（{text.count(chr(10))} 行）" if isinstance(text, str) else f"  {path}（画像）"
            for path, text in sorted(self.files.items())
        ]
        if self.notes:
            lines += ["", "確認してください:"] + [f"  - {note}" for note in self.notes]
        return lines


def template(name: str) -> str:
    """A blank template from exports/templates/."""
    return resources.files(__package__).joinpath("templates", name).read_text(encoding="utf-8")


def example_files() -> dict[str, str]:
    """The example files of an empty cohort (groups, proposal, retrospective)."""
    return {path: template(name) for path, name in EXAMPLE_FILES.items()}


def _located(text: str, file: str) -> LocDict:
    data, problems = parse_yaml(text, file)
    if problems or not isinstance(data, LocDict):
        raise RolloverError(f"{file}: YAML を読めません。先に python build.py check で誤りを直してください")
    return data


def split_front_matter(text: str, file: str) -> tuple[str, str, str, LocDict]:
    """(opening line, YAML, closing line + body, data) of a Markdown file with front matter.

    The data's positions are file positions, so edits of the YAML use `line_offset=1`.
    """
    data, body, problems = parse_front_matter(text, file)
    if problems or not isinstance(data, LocDict):
        raise RolloverError(f"{file}: フロントマターを読めません。先に python build.py check で誤りを直してください")
    head = text[: len(text) - len(body)].splitlines(keepends=True)
    return head[0], "".join(head[1:-1]), head[-1] + body, data


def roll_sessions(
    root: Path,
    cohort: Cohort,
    rule: DateRule,
    edit: Callable[[str, LocDict, str], str] | None = None,
    target: str = "",
    left_out: list[str] | None = None,
) -> tuple[dict[str, str], list[DateMove], list[str]]:
    """Every session file rolled over by the declarations (`rollover_rules`): the date moved,
    last year's facts removed. Returns (files by path in the cohort folder, moves, notes).

    `edit(yaml_text, data, file)` may change the front matter further before (the kit drops
    notes); `target` is the new cohort folder, as notes name the new files; `left_out`, if
    given, receives what the declarations removed.
    """
    folder = PurePosixPath(cohort.loc().file).parent
    files: dict[str, str] = {}
    moves: list[DateMove] = []
    notes: list[str] = []
    left_out = [] if left_out is None else left_out
    for session in cohort.sessions:
        file = session.loc().file
        text = (root / file).read_text(encoding="utf-8-sig")
        opening, front, rest, data = split_front_matter(text, file)
        new_date, fell_back = rule.session(session.date)
        if edit is not None:
            front = edit(front, data, file)

        def moved(text: str, data: LocDict, day: dt.date = new_date) -> tuple[str, list[str]]:
            return replace_date_at(text, data.value_locs["date"], day.isoformat()), []

        front, dropped = apply_rules(front, Session, file, {"date": moved, "catch_up": _without_recordings},
                                     where=f"第{session.number}回: ")
        left_out += dropped
        rel = PurePosixPath(file).relative_to(folder).as_posix()
        if any(item.kind == "recording" for item in session.catch_up):
            notes.append(f"{target}{rel}: 前年度の録画を catch_up から外しました。新しい回の録画を足してください")
        files[rel] = opening + front + rest
        moves.append(DateMove(f"第{session.number}回", session.date, new_date))
        if fell_back:
            notes.append(
                f"第{session.number}回: {format_date(session.date)} は第5{_weekday(session.date)}曜日ですが、"
                f"{new_date.year}年{new_date.month}月には第5{_weekday(session.date)}曜日がないため、"
                f"最後の{_weekday(session.date)}曜日（{format_date(new_date)}）にしました"
            )
        for number, line in enumerate(text.splitlines(), start=1):
            for found in _PROSE_DATE.findall(line):
                notes.append(f"{target}{rel}:{number}: 本文中の日付「{found}」は変更していません")
    # Two sessions on one day stay on one day (times are kept); only sessions of different days
    # that the rule brings together need a look.
    seen: dict[dt.date, DateMove] = {}
    for move in moves:
        first = seen.setdefault(move.new, move)
        if first is not move and first.old != move.old:
            notes.append(f"{move.what}が{first.what}と同じ日（{format_date(move.new)}）になりました。日付を直してください")
    return files, moves, notes


def _weekday(day: dt.date) -> str:
    return WEEKDAYS[day.weekday()]


def moved_period(cohort: Cohort, rule: DateRule, moves: list[DateMove]) -> tuple[dt.date, dt.date, list[str]]:
    start, end = rule.period(cohort.period.start), rule.period(cohort.period.end)
    notes = []
    dates = [m.new for m in moves]
    if dates and (min(dates) < start or max(dates) > end):
        start, end = min(start, *dates), max(end, *dates)
        notes.append("回の日付が期間の外に出るため、期間を広げました")
    return start, end, notes


def relabel_year(text: str, old: int, new: int) -> tuple[str, int]:
    """令和3年度 -> 令和4年度 and 2021年度 -> 2022年度; returns (text, replacements)."""
    count = 0
    for before, after in ((fiscal_year_label(old), fiscal_year_label(new)), (f"{old}年度", f"{new}年度")):
        count += text.count(before)
        text = text.replace(before, after)
    return text, count


def plan_rollover(
    root: Path | str,
    cohort: Cohort,
    new_id: str,
    fiscal_year: int | None = None,
    start: dt.date | None = None,
) -> RolloverPlan:
    """The files of cohort `new_id`, made from `cohort` (loaded from `root`)."""
    root = Path(root)
    if not COHORT_ID.match(new_id):
        raise RolloverError(f"研修ID「{new_id}」は半角英小文字・数字・ハイフンで書いてください（例: tokyo-2022）")
    if new_id == cohort.id:
        raise RolloverError(f"新しい研修ID「{new_id}」が元の研修と同じです")
    year = target_fiscal_year(cohort, new_id, fiscal_year)
    rule = date_rule(cohort, year, start)

    left_out: list[str] = []
    texts, moves, notes = roll_sessions(root, cohort, rule, target=f"{DATA_DIR}/{new_id}/", left_out=left_out)
    files: dict[str, str | bytes] = dict(texts)  # the images are added as bytes
    period_start, period_end, period_notes = moved_period(cohort, rule, moves)
    notes += period_notes
    moves += [DateMove("期間の開始", cohort.period.start, period_start), DateMove("期間の終了", cohort.period.end, period_end)]
    if rule.days is not None and rule.days % 7:
        notes.append(f"--start で {rule.days} 日ずらしたため、曜日が変わっています")

    cohort_file = cohort.loc().file
    lessons = carried_over(cohort)

    def replaced(key: str, fragment: str) -> KeyTransform:
        return lambda text, data: (replace_key(text, data, key, fragment), [])

    transforms: dict[str, KeyTransform] = {
        "id": replaced("id", dump_fragment("id", new_id)),
        "fiscal_year": replaced("fiscal_year", dump_fragment("fiscal_year", year)),
        "period": replaced("period", dump_fragment("period", {"start": period_start, "end": period_end})),
        "improvement_plan": replaced("improvement_plan", improvement_fragment(cohort, lessons)),
        "title": _keep,  # the year is relabelled in the whole file below
        "description": _keep,
    }
    text = (root / cohort_file).read_text(encoding="utf-8-sig")
    text, dropped = apply_rules(text, Cohort, cohort_file, transforms, where="研修（cohort.yml）: ")
    if "improvement_plan" not in _located(text, cohort_file):
        text = replace_key(text, _located(text, cohort_file), "improvement_plan", improvement_fragment(cohort, lessons))
    text, relabelled = relabel_year(text, cohort.fiscal_year, year)
    if relabelled:
        notes.append(
            f"cohort.yml の「{fiscal_year_label(cohort.fiscal_year)}」「{cohort.fiscal_year}年度」を"
            f"「{fiscal_year_label(year)}」「{year}年度」に置き換えました（{relabelled} 箇所）。説明文も確認してください"
        )
    else:
        notes.append("cohort.yml の title に年度が見つからないため、そのままにしました。title を書き換えてください")
    files["cohort.yml"] = text
    left_out = dropped + left_out + left_out_files(cohort)
    # The parts from other files: sessions (above) and cases are made anew, the rest start empty.
    files.update(example_files())
    files.update(image_files(root, cohort_file, cohort.id))
    cases = faq_file(cohort, today())  # achieved results become the new cohort's case studies
    if cases is not None:
        files["faq.yml"] = cases
    return RolloverPlan(new_id, cohort.id, year, files, moves, lessons, notes, left_out)

