"""`build.py import-survey` and `build.py import-attendance` on the generated fixtures
(tests/fixtures/records/, written by make_fixtures.py): every format and language variant,
mapping errors, matching, refusing to overwrite, and nothing written on any failure."""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
import sys
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from cohort_site.cli import main
from cohort_site.imports.attendance_reports import parse_duration, parse_timestamp, plan_attendance, read_report
from cohort_site.imports.records import RecordsError, decode
from cohort_site.imports.survey import plan_survey
from cohort_site.loader import load_project

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "records"
SURVEY = FIXTURES / "survey"
REPORTS = FIXTURES / "attendance"
COHORT = "tokyo-2021"

def load_script(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


make_fixtures = load_script(FIXTURES / "make_fixtures.py", "make_fixtures")
PLANS = {p.number: p for p in make_fixtures.SESSIONS}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "cohort_data", tmp_path / "cohort_data")
    return tmp_path


def cohort_of(root: Path):
    return load_project(root).project.cohort(COHORT)


def tree_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted((root / "cohort_data").rglob("*")):
        digest.update(path.relative_to(root).as_posix().encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def respondents(xlsx: Path) -> set[str]:
    """Every name and email of the respondents in a Forms export."""
    rows = list(load_workbook(xlsx, read_only=True).worksheets[0].iter_rows(values_only=True))
    header = list(rows[0])
    columns = [i for i, h in enumerate(header) if h in ("名前", "Name", "メール", "Email")]
    assert len(columns) == 2
    return {str(r[i]) for r in rows[1:] for i in columns if r[i]}


# --- the generator ---------------------------------------------------------------------------

def test_fixtures_are_reproducible(tmp_path: Path) -> None:
    copy = tmp_path / "records"
    shutil.copytree(FIXTURES, copy, ignore=shutil.ignore_patterns("__pycache__"))
    for folder in ("survey", "attendance"):
        shutil.rmtree(copy / folder)
    module = load_script(copy / "make_fixtures.py", "make_fixtures_copy")
    module.HERE = copy
    module.GROUPS = ROOT / "cohort_data" / COHORT / "groups.yml"
    module.KANAGAWA = ROOT / "cohort_data" / "kanagawa-2023" / "groups.yml"
    module.main()
    committed = sorted(p.relative_to(FIXTURES) for p in FIXTURES.rglob("*.*") if p.parent.name in ("survey", "attendance"))
    assert len(committed) == 16  # 7 survey exports, 5 Teams reports, 4 of Zoom, Webex and Meet
    for rel in committed:
        assert (copy / rel).read_bytes() == (FIXTURES / rel).read_bytes(), rel


# --- survey ----------------------------------------------------------------------------------

@pytest.mark.parametrize("file", ["session-01.xlsx", "session-01-utf8.csv", "session-01-cp932.csv"])
def test_survey_formats_give_the_same_figures(project: Path, file: str) -> None:
    plan = plan_survey(project, cohort_of(project), 1, SURVEY / file, file)
    survey = yaml.safe_load(plan.text)["survey"]
    expected = PLANS[1].ratings
    assert [r["question"] for r in survey] == [q for q, _ in expected]
    assert [r["distribution"] for r in survey] == [d for _, d in expected]
    assert [r["average"] for r in survey] == [4.1, 3.9, 3.6]
    assert all(r["imported"] and r["responses"] == 29 for r in survey)
    comments = yaml.safe_load(plan.text)["imported_comments"]
    assert sorted(comments["keep"]) == sorted(PLANS[1].keep)  # 「特になし」 is dropped
    assert sorted(comments["try"]) == sorted(PLANS[1].try_)


def test_cp932_and_utf8_csv_are_decoded_not_guessed() -> None:
    raw = (SURVEY / "session-01-cp932.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert "今回よかった点を教えてください" in decode(raw, "x.csv", fallback="cp932")
    assert (SURVEY / "session-01-utf8.csv").read_bytes().startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize("number", [2, 4])
def test_english_forms_headers(project: Path, number: int) -> None:
    header = next(load_workbook(SURVEY / f"session-0{number}.xlsx", read_only=True).worksheets[0].iter_rows(values_only=True))
    assert "Completion time" in header and "完了時刻" not in header
    plan = plan_survey(project, cohort_of(project), number, SURVEY / f"session-0{number}.xlsx", "x.xlsx")
    assert [r["distribution"] for r in yaml.safe_load(plan.text)["survey"]] == [d for _, d in PLANS[number].ratings]


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5])
def test_no_respondent_name_or_email_in_the_retrospective(project: Path, number: int, capsys) -> None:
    people = respondents(SURVEY / f"session-0{number}.xlsx")
    assert len(people) >= 40
    (project / f"cohort_data/{COHORT}/retrospectives/session-0{number}.yml").unlink()  # written anew
    before = {p: p.read_bytes() for p in (project / "cohort_data").rglob("*") if p.is_file()}
    assert main(["--root", str(project), "import-survey", COHORT, str(number), str(SURVEY / f"session-0{number}.xlsx")]) == 0
    printed = capsys.readouterr()
    changed = [p for p in (project / "cohort_data").rglob("*") if p.is_file() and before.get(p) != p.read_bytes()]
    assert changed == [project / f"cohort_data/{COHORT}/retrospectives/session-0{number}.yml"]
    text = changed[0].read_text(encoding="utf-8") + printed.out + printed.err
    # Names also live in groups.yml (members): what matters is they never reach the retrospective.
    assert [p for p in people if p in text] == []


def test_mapping_by_column_letter(project: Path) -> None:
    header = next(load_workbook(SURVEY / "session-01.xlsx", read_only=True).worksheets[0].iter_rows(values_only=True))
    assert header[6] == "今回の内容は理解できましたか"  # column G
    (project / f"cohort_data/{COHORT}/survey.yml").write_text(
        "ratings:\n  - column: G\n    question: 理解度\n    scale: 5\n", encoding="utf-8")
    survey = yaml.safe_load(plan_survey(project, cohort_of(project), 1, SURVEY / "session-01.xlsx", "s.xlsx").text)["survey"]
    assert survey[0]["question"] == "理解度" and survey[0]["distribution"] == [0, 1, 5, 14, 9]


@pytest.mark.parametrize("mapping, rule, where, words", [
    ("ratings:\n  - column: 今回の内容は理解できましたか？\n", "survey-column", ":2:5:",
     ["見出しにありません", "今回の内容は理解できましたか」の誤り"]),
    ("ratings:\n  - column: ZZ\n", "survey-column", ":2:5:", ["列 ZZ は", "最後の列は"]),
    ("comments:\n  keep: [名前]\n", "survey-personal-column", ":2:10:", ["取り込めません"]),
    ("comments:\n  keep:\n    - E\n", "survey-personal-column", ":3:7:", ["名前"]),
    ("ratings:\n  - column: G\n    scale: five\n", "type", ":3:12:", ["整数"]),
])
def test_mapping_errors(project: Path, capsys, mapping: str, rule: str, where: str, words: list[str]) -> None:
    (project / f"cohort_data/{COHORT}/survey.yml").write_text(mapping, encoding="utf-8")
    digest = tree_digest(project)
    assert main(["--root", str(project), "import-survey", COHORT, "1", str(SURVEY / "session-01.xlsx")]) == 1
    err = capsys.readouterr().err
    line = next(line for line in err.splitlines() if f" error {rule}: " in line)
    assert line.startswith(f"cohort_data/{COHORT}/survey.yml{where}")
    assert all(w in line for w in words), line
    assert "何も書き込んでいません" in err
    assert tree_digest(project) == digest


def test_missing_mapping_file(project: Path) -> None:
    (project / f"cohort_data/{COHORT}/survey.yml").unlink()
    with pytest.raises(RecordsError, match="survey-mapping: アンケートの列の対応"):
        plan_survey(project, cohort_of(project), 1, SURVEY / "session-01.xlsx", "s.xlsx")


def test_out_of_scale_value_names_row_and_column(project: Path, tmp_path: Path) -> None:
    text = (SURVEY / "session-01-utf8.csv").read_text(encoding="utf-8-sig").splitlines()
    cells = text[3].split(",")
    cells[6] = "7"
    text[3] = ",".join(cells)
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(text) + "\n", encoding="utf-8-sig")
    with pytest.raises(RecordsError) as caught:
        plan_survey(project, cohort_of(project), 1, bad, "bad.csv")
    assert str(caught.value) == "bad.csv:4:7: error survey-value: 評価 7 が 1〜5 の範囲外です"


def test_refuses_to_overwrite_a_hand_written_survey(project: Path, capsys) -> None:
    path = project / f"cohort_data/{COHORT}/retrospectives/session-02.yml"
    text = path.read_text(encoding="utf-8")
    hand = text.replace("    imported: true\n", "", 1)  # the first rating is now hand-written
    path.write_text(hand, encoding="utf-8")
    digest = tree_digest(project)
    assert main(["--root", str(project), "import-survey", COHORT, "2", str(SURVEY / "session-02.xlsx")]) == 1
    err = capsys.readouterr().err
    assert f"cohort_data/{COHORT}/retrospectives/session-02.yml:" in err and "survey-hand-written" in err
    assert tree_digest(project) == digest


def test_reimport_replaces_only_imported_parts(project: Path) -> None:
    path = project / f"cohort_data/{COHORT}/retrospectives/session-03.yml"
    before = path.read_text(encoding="utf-8")
    plan = plan_survey(project, cohort_of(project), 3, SURVEY / "session-03.xlsx", "s.xlsx")
    assert plan.text == before  # the sample is this very import: nothing changes
    path.write_text(before.replace("imported_comments:\n  keep:\n", "imported_comments:\n  keep:\n    - 古い候補\n"), encoding="utf-8")
    plan = plan_survey(project, cohort_of(project), 3, SURVEY / "session-03.xlsx", "s.xlsx")
    assert "古い候補" not in plan.text and "# 第3回の振り返り" in plan.text  # comments and hand text kept


def test_creates_a_missing_retrospective(project: Path, capsys) -> None:
    path = project / f"cohort_data/{COHORT}/retrospectives/session-05.yml"
    path.unlink()
    assert main(["--root", str(project), "import-survey", COHORT, "5", str(SURVEY / "session-05.xlsx"), "--dry-run"]) == 0
    assert "--dry-run のため" in capsys.readouterr().out and not path.exists()
    assert main(["--root", str(project), "import-survey", COHORT, "5", str(SURVEY / "session-05.xlsx")]) == 0
    retro = cohort_of(project).session_retrospective(5)
    assert retro.id == "session-05" and retro.survey[0].average == 4.5 and retro.imported_comments.keep


# --- attendance -------------------------------------------------------------------------------

def expected_absent(number: int) -> set[str]:
    return set(PLANS[number].absent)


@pytest.mark.parametrize("number, encoding, marker", [
    (1, "utf-16", "2. 参加者"),
    (2, "utf-16", "2. Participants"),
    (3, "utf-8", "3. 会議中のアクティビティ"),
    (4, "utf-16", "1. 要約"),
    (5, "utf-16", "Meeting Summary"),  # the format before 2022: no numbered sections
])
def test_attendance_report_variants(project: Path, number: int, encoding: str, marker: str) -> None:
    raw = (REPORTS / f"session-0{number}.csv").read_bytes()
    assert raw.startswith(b"\xff\xfe") == (encoding == "utf-16")
    assert marker in raw.decode(encoding)
    plan = plan_attendance(project, cohort_of(project), number, REPORTS / f"session-0{number}.csv", "r.csv", replace=True)
    data = yaml.safe_load(plan.text)
    absent = {m["name"] for m in data["members"] if not m["attended"]}
    assert absent == expected_absent(number)
    assert len(data["members"]) == 31
    assert data["unmatched"] >= 3 and 185 <= data["meeting_minutes"] <= 195
    present = [m["minutes"] for m in data["members"] if m["attended"]]
    assert min(present) >= 60 and max(present) <= data["meeting_minutes"]


def test_matching_email_first_then_nfkc_name(project: Path) -> None:
    cohort = cohort_of(project)
    session = cohort.session(1)
    report = read_report((REPORTS / "session-01.csv").read_bytes(), "r.csv", session)
    names = {p.name for p in report.participants}
    assert {"Watanabe Mayumi", "\u2fbc橋 誠", "山崎\u3000隆", "白井修"} <= names
    plan = plan_attendance(project, cohort, 1, REPORTS / "session-01.csv", "r.csv", replace=True)
    attended = {m["name"] for m in yaml.safe_load(plan.text)["members"] if m["attended"]}
    assert {"渡辺 真由美", "高橋 誠", "山崎 隆", "白井 修"} <= attended
    summary = "\n".join(plan.summary)
    assert "\u2fbc橋 誠 → 高橋 誠" in summary and "Watanabe Mayumi" not in summary  # email match is silent
    assert "研修事務局 デジタル推進担当" in summary and "中村 健一" in summary  # listed as unmatched
    for outsider in ("研修事務局", "中村 健一", "dx-kenshu@", "@"):
        assert outsider not in plan.text


def test_without_emails_the_kangxi_name_still_matches_but_a_latin_name_does_not(project: Path) -> None:
    path = project / f"cohort_data/{COHORT}/groups.yml"
    path.write_text("\n".join(line for line in path.read_text(encoding="utf-8").splitlines() if "email:" not in line) + "\n",
                    encoding="utf-8")
    plan = plan_attendance(project, cohort_of(project), 1, REPORTS / "session-01.csv", "r.csv", replace=True)
    attended = {m["name"] for m in yaml.safe_load(plan.text)["members"] if m["attended"]}
    assert "高橋 誠" in attended and "渡辺 真由美" not in attended
    assert "Watanabe Mayumi" in "\n".join(plan.summary)


def test_report_of_another_day_is_refused(project: Path) -> None:
    with pytest.raises(RecordsError) as caught:
        plan_attendance(project, cohort_of(project), 3, REPORTS / "session-02.csv", "r.csv")
    assert str(caught.value).startswith("r.csv:4:2: error attendance-date: 会議の開始時刻「11/9/21, ")
    assert "第3回の日付（2021-12-14）と一致しません" in str(caught.value)


def test_missing_section_and_column(project: Path, tmp_path: Path) -> None:
    text = (REPORTS / "session-03.csv").read_text(encoding="utf-8")
    no_table = tmp_path / "summary-only.csv"
    no_table.write_text(text.split("\n\n")[0] + "\n", encoding="utf-16")
    with pytest.raises(RecordsError, match=r"summary-only.csv:1:1: error attendance-section: 「2. 参加者」"):
        plan_attendance(project, cohort_of(project), 3, no_table, "summary-only.csv")
    no_duration = tmp_path / "no-duration.csv"
    no_duration.write_text(text.replace("\t会議の長さ\t", "\t滞在\t"), encoding="utf-16")
    with pytest.raises(RecordsError, match=r"no-duration.csv:10:1: error attendance-column: 参加者の表に「会議の長さ"):
        plan_attendance(project, cohort_of(project), 3, no_duration, "no-duration.csv")


def test_columns_found_by_title_not_position(project: Path, tmp_path: Path) -> None:
    """Swap two columns of the participants table: the result does not change."""
    lines = (REPORTS / "session-03.csv").read_text(encoding="utf-8").split("\n")
    start = lines.index("2. 参加者") + 1
    end = lines.index("", start)
    for i in range(start, end):
        cells = lines[i].split("\t")
        cells[0], cells[4] = cells[4], cells[0]
        lines[i] = "\t".join(cells)
    swapped = tmp_path / "swapped.csv"
    swapped.write_text("\n".join(lines), encoding="utf-8")
    a = plan_attendance(project, cohort_of(project), 3, swapped, "x.csv", replace=True).text
    b = plan_attendance(project, cohort_of(project), 3, REPORTS / "session-03.csv", "x.csv", replace=True).text
    assert a == b


def test_attendance_refuses_to_overwrite_and_writes_nothing(project: Path, capsys) -> None:
    digest = tree_digest(project)
    args = ["--root", str(project), "import-attendance", COHORT, "2", str(REPORTS / "session-02.csv")]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "attendance/02.yml:1:1: error attendance-exists:" in err and "--replace" in err
    assert tree_digest(project) == digest
    assert main(args + ["--replace"]) == 0  # the sample is this very import: same content
    assert tree_digest(project) == digest


def test_new_attendance_file_is_loaded_into_the_model(project: Path) -> None:
    path = project / f"cohort_data/{COHORT}/attendance/04.yml"
    path.unlink()
    assert main(["--root", str(project), "import-attendance", COHORT, "4", str(REPORTS / "session-04.csv")]) == 0
    record = cohort_of(project).session_attendance(4)
    assert {m.name for m in record.members if not m.attended} == expected_absent(4)
    assert record.loc("session").file == f"cohort_data/{COHORT}/attendance/04.yml"


@pytest.mark.parametrize("text, seconds", [
    ("1h 33m 39s", 5619), ("33m 9s", 1989), ("45s", 45), ("2時間 5分", 7500), ("1:02:03", 3723), ("12:30", 750),
    ("abc", None), ("1h zz", None),
])
def test_durations(text: str, seconds: int | None) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["22/7/11 18:29:32", "7/11/22, 6:29:32 PM", "11/7/2022 18:29:32", "2022/7/11 午後6:29:32"])
def test_timestamps_resolve_the_locale_order_by_the_session_date(text: str) -> None:
    import datetime as dt

    assert parse_timestamp(text, dt.date(2022, 7, 11)) == dt.datetime(2022, 7, 11, 18, 29, 32)
    assert parse_timestamp(text, dt.date(2022, 7, 12)) is None


def test_rollover_keeps_catch_up_material_drops_recordings_and_says_so() -> None:
    from cohort_site.exports.rollover import plan_rollover

    cohort = cohort_of(ROOT)
    assert all(s.catch_up for s in cohort.sessions)
    plan = plan_rollover(ROOT, cohort, "tokyo-2022")
    sessions = [v for k, v in plan.files.items() if k.startswith("sessions/")]
    # slides and homework stay; last year's recordings go (rollover_rules: Session.catch_up)
    assert len(sessions) == 5 and all("catch_up:" in text and "kind: recording" not in text for text in sessions)
    notes = "\n".join(plan.describe())
    assert notes.count("前年度の録画を catch_up から外しました。新しい回の録画を足してください") == 5
    assert "sessions/03.md: 前年度の録画" in notes
