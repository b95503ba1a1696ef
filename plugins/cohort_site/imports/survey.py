"""`build.py import-survey COHORT SESSION FILE`: the after-session survey (Microsoft Forms).

Forms exports `.xlsx`; the same data may come as CSV (UTF-8 with BOM, or CP932 as Excel on
Japanese Windows saves it). Which column is which question is written once per cohort in
`cohort_data/<cohort>/survey.yml` (by header text or column letter), because header texts
differ between Forms' English and Japanese UI and between questionnaires.

Only the mapped columns are read, so the respondent's name and email (and the ID and times)
are never read, let alone written. The import writes the session's retrospective: the rating
questions' distributions and averages (`survey`, each marked `imported: true`) and the
free-text answers as candidates (`imported_comments`) a facilitator sorts into keep / problem /
try. A hand-written `survey` is never overwritten.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter
from pydantic import Field, ValidationError

from ..diagnostics import did_you_mean
from ..model import Cohort, Loc, Node, Retrospective
from ..office_archive import office_archive_problem
from ..sources import LocDict, parse_yaml
from ..validation import validation_diagnostics
from ..yamltext import FlowList, comment, dump_fragment, dump_yaml, replace_key
from .records import ImportPlan, RecordsError, bounded_rows, decode, fail, normal, read_export

MAPPING_FILE = "survey.yml"
# Forms' columns that identify the respondent, in both UI languages: never importable.
PERSONAL_HEADERS = {"名前", "name", "メール", "email", "電子メール", "メールアドレス", "e-mail", "full name"}
# Answers that say nothing; not worth a facilitator's time.
_NOTHING = {"特になし", "とくになし", "なし", "特にありません", "ありません", "特に無し", "無し", "-", "ー", "－", "none", "n/a"}
_LETTER = re.compile(r"^[A-Z]{1,3}$")
_LEADING_NUMBER = re.compile(r"^\s*(\d+)")
COMMENT_LABELS = {"keep": "よかった点", "problem": "改善点", "try_": "要望・次に試すこと"}


# --- the mapping (cohort_data/<cohort>/survey.yml) --------------------------------------------

class RatingColumn(Node):
    column: str  # header text, or a column letter (A, F, AB)
    question: str | None = None  # as shown on the site; default: the header text
    scale: int = Field(default=5, ge=2, le=10)
    sessions: list[int] | None = None  # the sessions that ask it; default: every session


class CommentColumns(Node):
    keep: list[str] = Field(default_factory=list)
    problem: list[str] = Field(default_factory=list)
    try_: list[str] = Field(default_factory=list, alias="try")


class SurveyMapping(Node):
    ratings: list[RatingColumn] = Field(default_factory=list)
    comments: CommentColumns = CommentColumns()


def load_mapping(root: Path, cohort: Cohort) -> tuple[SurveyMapping, LocDict]:
    rel = f"cohort_data/{cohort.id}/{MAPPING_FILE}"
    path = root / rel
    if not path.is_file():
        raise fail(Loc(rel), "survey-mapping",
                   f"アンケートの列の対応（{MAPPING_FILE}）がありません。研修のフォルダに作ってください（ガイド「記録の取り込み」を参照）")
    data, problems = parse_yaml(path.read_text(encoding="utf-8-sig"), rel)
    if problems:
        raise RecordsError(problems)
    if not isinstance(data, LocDict):
        raise fail(Loc(rel), "survey-mapping", f"{MAPPING_FILE} は「キー: 値」の形で書いてください")
    try:
        return SurveyMapping.model_validate(data), data
    except ValidationError as exc:
        raise RecordsError(validation_diagnostics(exc, data, Loc(rel), SurveyMapping)) from None


# --- reading the export ----------------------------------------------------------------------

@dataclass(frozen=True)
class Sheet:
    file: str
    header: list[str]  # normalised (NFKC), for matching
    titles: list[str]  # as written, for display
    rows: list[tuple[int, list[Any]]]  # (line or row number, cells)


def read_sheet(path: Path, shown: str) -> Sheet:
    data = read_export(path, shown)
    if path.suffix.lower() == ".xlsx":
        too_large = office_archive_problem(path)
        if too_large:
            raise fail(Loc(shown), "records-too-large", too_large)
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
            raise fail(Loc(shown), "survey-file", f"Excel ファイル（.xlsx）として読めません（{type(exc).__name__}）") from None
        rows = bounded_rows(((i, list(r)) for i, r in enumerate(book.worksheets[0].iter_rows(values_only=True), 1)), shown)
        book.close()
    elif path.suffix.lower() == ".csv":
        text = decode(data, shown, fallback="cp932")
        reader = csv.reader(io.StringIO(text, newline=""))
        rows = bounded_rows(((reader.line_num, list(r)) for r in reader), shown)
    else:
        raise fail(Loc(shown), "survey-file", "アンケートのファイルは .xlsx か .csv を指定してください")
    rows = [(n, r) for n, r in rows if any(c not in (None, "") for c in r)]
    if not rows:
        raise fail(Loc(shown), "survey-file", "ファイルが空です")
    titles = [" ".join(str(c).split()) if c is not None else "" for c in rows[0][1]]
    return Sheet(shown, [normal(t) for t in titles], titles, rows[1:])


def _resolve(sheet: Sheet, ref: str, where: Loc) -> int:
    """The 0-based column index named by header text or letter."""
    if _LETTER.match(ref.strip()):
        index = column_index_from_string(ref.strip()) - 1
        if index >= len(sheet.header):
            raise fail(where, "survey-column",
                       f"列 {ref} は {sheet.file} にありません（最後の列は {get_column_letter(len(sheet.header))}）")
    else:
        wanted = normal(ref)
        matches = [i for i, h in enumerate(sheet.header) if h == wanted]
        if not matches:
            listed = "、".join(f"{get_column_letter(i + 1)}「{h}」" for i, h in enumerate(sheet.header))
            raise fail(where, "survey-column",
                       f"列「{ref}」が {sheet.file} の見出しにありません{did_you_mean(wanted, sheet.header)}。見出し: {listed}")
        index = matches[0]
    if sheet.header[index].casefold() in PERSONAL_HEADERS:
        raise fail(where, "survey-personal-column",
                   f"列「{sheet.header[index]}」は回答者を特定する列のため取り込めません（名前・メールは読み込みません）")
    return index


def _rating(value: Any, scale: int, where: Loc) -> int | None:
    if value is None or str(value).strip() == "":
        return None  # not answered
    if isinstance(value, (int, float)) and float(value).is_integer():
        score = int(value)
    else:
        match = _LEADING_NUMBER.match(normal(value))
        if match is None:
            raise fail(where, "survey-value", f"評価「{value}」が数値ではありません（1〜{scale}）")
        score = int(match.group(1))
    if not 1 <= score <= scale:
        raise fail(where, "survey-value", f"評価 {score} が 1〜{scale} の範囲外です")
    return score


def summarise(sheet: Sheet, mapping: SurveyMapping, number: int) -> tuple[list[dict[str, Any]], dict[str, list[str]]]:
    """(survey ratings as YAML data, comments by keep/problem/try_) of one session's export."""
    ratings = []
    for i, rc in enumerate(mapping.ratings):
        if rc.sessions is not None and number not in rc.sessions:
            continue
        column = _resolve(sheet, rc.column, mapping.item_loc("ratings", i))
        scores = [
            _rating(cells[column] if column < len(cells) else None, rc.scale, Loc(sheet.file, line, column + 1))
            for line, cells in sheet.rows
        ]
        answered = [s for s in scores if s is not None]
        distribution = [answered.count(k) for k in range(1, rc.scale + 1)]
        ratings.append({
            "question": rc.question or sheet.titles[column],
            "scale": rc.scale,
            "average": round(sum(answered) / len(answered), 1) if answered else 0.0,
            "responses": len(answered),
            "distribution": FlowList(distribution),
            "imported": True,
        })
    comments: dict[str, list[str]] = {}
    for kind in ("keep", "problem", "try_"):
        refs = getattr(mapping.comments, kind)
        found: list[str] = []
        for i, ref in enumerate(refs):
            column = _resolve(sheet, ref, mapping.comments.item_loc(kind, i))
            for _line, cells in sheet.rows:
                text = " ".join(str(cells[column]).split()) if column < len(cells) and cells[column] is not None else ""
                if text and normal(text).casefold() not in _NOTHING:
                    found.append(text)
        comments[kind] = found
    return ratings, comments


# --- writing the retrospective ---------------------------------------------------------------

COMMENTS_NOTE = comment(
    "アンケートの自由記述（build.py import-survey が取り込んだ候補）。Keep / Problem / Try に移して整理してください。",
    "この imported_comments と imported: true の survey は、取り込み直すと置き換わります。",
)


def plan_survey(root: Path, cohort: Cohort, number: int, path: Path, shown: str) -> ImportPlan:
    session = cohort.session(number)
    if session is None:
        raise fail(Loc(shown), "survey-session", f"研修「{cohort.id}」に第{number}回がありません")
    mapping, _ = load_mapping(root, cohort)
    sheet = read_sheet(path, shown)
    ratings, comments = summarise(sheet, mapping, number)
    if not ratings and not any(comments.values()):
        raise fail(mapping.loc(), "survey-mapping", f"第{number}回に取り込む列が {MAPPING_FILE} にありません")

    existing = cohort.session_retrospective(number)
    if existing is not None:
        rel = existing.loc().file
        old = (root / rel).read_text(encoding="utf-8-sig")
    else:
        rel = f"cohort_data/{cohort.id}/retrospectives/session-{number:02d}.yml"
        old = None
    text = old if old is not None else (
        comment(f"第{number}回の振り返り{'（サンプル）' if cohort.sample else ''}: {session.title}")
        + dump_yaml({"id": f"session-{number:02d}", "session": number})
    )
    data = _parse(text, rel)
    hand_written = [i for i, r in enumerate(data.get("survey") or []) if not (isinstance(r, dict) and r.get("imported"))]
    if hand_written:
        where = data["survey"].item_locs[hand_written[0]] if hasattr(data["survey"], "item_locs") else data.key_locs["survey"]
        raise fail(where, "survey-hand-written",
                   "手で書いたアンケート結果（imported: true のない survey）があるため上書きしません。"
                   "取り込みの結果に置き換えるなら、この survey: を削除してから実行してください")
    if ratings:
        text = replace_key(text, data, "survey", dump_fragment("survey", ratings))
        data = _parse(text, rel)
    fragment = dump_fragment("imported_comments", {("try" if k == "try_" else k): v for k, v in comments.items()})
    if "imported_comments" not in data:
        fragment = COMMENTS_NOTE + fragment
    text = replace_key(text, data, "imported_comments", fragment)
    retro = _validated(text, rel)

    summary = [f"第{number}回のアンケート（回答 {len(sheet.rows)}件）を {rel} に取り込みます"]
    summary += [f"  評価 「{r['question']}」 平均 {r['average']:.1f} / {r['scale']}（回答 {r['responses']}件）" for r in ratings]
    counts = "、".join(f"{COMMENT_LABELS[k]} {len(v)}件" for k, v in comments.items())
    summary.append(f"  自由記述の候補（imported_comments）: {counts}")
    summary.append("  回答者の名前・メールアドレスは読み込んでいません")
    assert retro.session == number
    return ImportPlan(root / rel, text, old, summary, rel)


def _parse(text: str, rel: str) -> LocDict:
    data, problems = parse_yaml(text, rel)
    if problems:
        raise RecordsError(problems)
    if not isinstance(data, LocDict):
        raise fail(Loc(rel), "type", "振り返りのファイルは「キー: 値」の形で書いてください")
    return data


def _validated(text: str, rel: str) -> Retrospective:
    data = _parse(text, rel)
    try:
        retro = Retrospective.model_validate(data)
    except ValidationError as exc:
        raise RecordsError(validation_diagnostics(exc, data, Loc(rel), Retrospective)) from None
    return retro
