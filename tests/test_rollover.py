"""Rollover (`build.py new-cohort`): dates, empty sections, carried-over lessons, safety."""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cohort_site import cli
from cohort_site.checks import load_and_check
from cohort_site.exports.rollover import EXAMPLE_FILES, same_calendar_day, same_weekday_of_month, week_of_month
from cohort_site.jpdate import format_date
from cohort_site.loader import load_project
from cohort_site.model import Cohort
from site_helpers import build, page, run_cli, text

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = "tokyo-2021"


def run_build(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli("--root", str(root), *args)


def copy_data(dest: Path) -> Path:
    shutil.copytree(ROOT / "cohort_data", dest / "cohort_data")
    return dest


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def cohorts(root: Path) -> dict[str, Cohort]:
    return {c.id: c for c in load_project(root).project.cohorts}


def roll(tmp_path: Path, new_id: str, *options: str) -> tuple[Cohort, Cohort]:
    """Roll the sample over into a copy of the data; returns (old cohort, new cohort)."""
    root = copy_data(tmp_path)
    result = run_build(root, "new-cohort", new_id, "--from", SAMPLE, *options)
    assert result.returncode == 0, result.stdout + result.stderr
    found = cohorts(root)
    return found[SAMPLE], found[new_id]


@pytest.fixture(scope="module")
def rolled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """Both samples rolled over (tokyo-2021 -> tokyo-2022, kanagawa-2023 -> kanagawa-2024); the
    result is tokyo's."""
    root = copy_data(tmp_path_factory.mktemp("rolled"))
    second = run_build(root, "new-cohort", "kanagawa-2024", "--from", "kanagawa-2023")
    assert second.returncode == 0, second.stdout + second.stderr
    return root, run_build(root, "new-cohort", "tokyo-2022", "--from", SAMPLE)


# --- the date rule --------------------------------------------------------------------------


@given(st.dates(dt.date(1990, 1, 1), dt.date(2090, 12, 31)), st.integers(1, 5))
def test_same_weekday_of_month_keeps_weekday_week_and_month(day: dt.date, years: int) -> None:
    moved, fell_back = same_weekday_of_month(day, years)
    assert (moved.year, moved.month, moved.weekday()) == (day.year + years, day.month, day.weekday())
    if fell_back:
        # Only a 5th weekday falls back, and then to the month's last such weekday.
        assert week_of_month(day) == 5 and week_of_month(moved) == 4
        assert (moved + dt.timedelta(days=7)).month != moved.month
    else:
        assert week_of_month(moved) == week_of_month(day)


def test_leap_day_and_fifth_weekday() -> None:
    # 2024-02-29 is the 5th Thursday of February 2024; February 2025 has four Thursdays.
    assert same_weekday_of_month(dt.date(2024, 2, 29), 1) == (dt.date(2025, 2, 27), True)
    # The 4th Thursday of February 2023 becomes the 4th Thursday of leap February 2024.
    assert same_weekday_of_month(dt.date(2023, 2, 23), 1) == (dt.date(2024, 2, 22), False)
    # A 5th Tuesday that exists in the new month stays the 5th.
    assert same_weekday_of_month(dt.date(2021, 3, 30), 1) == (dt.date(2022, 3, 29), False)
    assert same_calendar_day(dt.date(2024, 2, 29), 1) == dt.date(2025, 2, 28)
    assert same_calendar_day(dt.date(2022, 3, 31), 2) == dt.date(2024, 3, 31)


# --- rolling the sample over ----------------------------------------------------------------


def test_rollover_passes_the_checker(rolled: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    root, result = rolled
    assert result.returncode == 0, result.stdout + result.stderr
    assert "エラー 0 件" in result.stderr
    checked = load_and_check(root, cohort_id="tokyo-2022")
    assert checked.ok and checked.project.cohort("tokyo-2022") is not None, [str(d) for d in checked.diagnostics]


def test_sessions_move_to_the_same_weekday_and_week_a_year_later(rolled: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    root, _ = rolled
    found = cohorts(root)
    old, new = found[SAMPLE], found["tokyo-2022"]
    assert new.fiscal_year == old.fiscal_year + 1
    assert [s.number for s in new.sessions] == [s.number for s in old.sessions] and new.sessions
    for before, after in zip(old.sessions, new.sessions, strict=True):
        assert after.date.year == before.date.year + 1 and after.date.month == before.date.month
        assert after.date.weekday() == before.date.weekday()
        assert week_of_month(after.date) == week_of_month(before.date)
        assert (after.start, after.end) == (before.start, before.end)
        same = ("title", "objectives", "agenda", "materials", "homework", "worksheet", "facilitator_notes", "body")
        assert after.model_dump(include=set(same)) == before.model_dump(include=set(same))
    assert new.period.start == same_calendar_day(old.period.start, 1)
    assert new.period.end == same_calendar_day(old.period.end, 1)


def test_files_keep_their_comments(rolled: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    """Only the date changes and last year's facts go (schedule changes with their comment,
    recordings); every other line, comments included, stays as written."""
    root, _ = rolled
    old_dir, new_dir = root / "cohort_data" / SAMPLE, root / "cohort_data" / "tokyo-2022"
    for old_file in sorted((old_dir / "sessions").glob("*.md")):
        old_lines = old_file.read_text(encoding="utf-8").splitlines()
        new_lines = (new_dir / "sessions" / old_file.name).read_text(encoding="utf-8").splitlines()
        ops = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False).get_opcodes()
        replaced = [(old_lines[i1:i2], new_lines[j1:j2]) for tag, i1, i2, j1, j2 in ops if tag == "replace"]
        assert len(replaced) == 1 and replaced[0][0][0].startswith("date: "), replaced
        assert not [op for op in ops if op[0] == "insert"]
        deleted = "\n".join(ln for tag, i1, i2, _, _ in ops if tag == "delete" for ln in old_lines[i1:i2])
        assert "kind: recording" in deleted and "kind: recording" not in "\n".join(new_lines)
        assert ("schedule_changes" in deleted) == (old_file.name == "03.md")
    old_comments = [ln for ln in (old_dir / "cohort.yml").read_text(encoding="utf-8").splitlines() if ln.startswith("#")]
    new_text = (new_dir / "cohort.yml").read_text(encoding="utf-8")
    assert old_comments and all(c.replace("令和3年度", "令和4年度") in new_text for c in old_comments)
    assert "description: |" in new_text  # the block scalar stays a block


def test_new_cohort_is_empty_with_example_files(rolled: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    root, _ = rolled
    new = cohorts(root)["tokyo-2022"]
    assert (new.groups, new.proposals, new.retrospectives, new.faq) == ((), (), (), ())
    folder = root / "cohort_data" / "tokyo-2022"
    assert sorted(EXAMPLE_FILES) == sorted(p for p in EXAMPLE_FILES if (folder / p).is_file())
    assert "令和4年度" in new.title and "令和3年度" not in new.title


def test_example_files_pass_the_checker_once_renamed(rolled: tuple[Path, subprocess.CompletedProcess[str]], tmp_path: Path) -> None:
    root, _ = rolled
    project = tmp_path / "p"
    shutil.copytree(root / "cohort_data", project / "cohort_data")
    folder = project / "cohort_data" / "tokyo-2022"
    groups = folder / "groups.yml"
    lines = groups.read_text(encoding="utf-8").splitlines()
    start = lines.index("# groups:")
    uncommented = lines[:start] + [ln[2:] for ln in lines[start:] if ln.startswith("# ")]
    groups.write_text("\n".join(uncommented) + "\n", encoding="utf-8")
    shutil.copy(folder / "proposals" / "_example.md.txt", folder / "proposals" / "g1.md")
    shutil.copy(folder / "retrospectives" / "_example.yml.txt", folder / "retrospectives" / "session-01.yml")
    result = run_build(project, "check", "tokyo-2022")
    assert result.returncode == 0, result.stdout + result.stderr
    loaded = cohorts(project)["tokyo-2022"]
    assert [g.id for g in loaded.groups] == ["g1"] and len(loaded.proposals) == 1 and len(loaded.retrospectives) == 1


def test_lessons_are_carried_into_the_improvement_plan(rolled: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    root, result = rolled
    found = cohorts(root)
    old, new = found[SAMPLE], found["tokyo-2022"]
    tries = [t for r in old.retrospectives for t in r.try_]
    problems = old.cohort_retrospective.problem if old.cohort_retrospective else []
    assert tries and problems and new.improvement_plan
    for lesson in tries + problems:
        assert any(item.endswith(lesson) for item in new.improvement_plan), lesson
    assert all(item in result.stdout for item in new.improvement_plan)


@pytest.fixture(scope="module")
def rolled_site(rolled: tuple[Path, subprocess.CompletedProcess[str]], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project with both cohorts, built with `mkdocs build --strict` (PDFs off)."""
    root, _ = rolled
    shutil.copytree(ROOT / "site_src", root / "site_src")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    dest = tmp_path_factory.mktemp("rolled-site")
    build(root, dest)
    return dest


def test_site_builds_both_cohorts(rolled: tuple[Path, subprocess.CompletedProcess[str]], rolled_site: Path) -> None:
    found = cohorts(rolled[0])
    home = text(page(rolled_site, ""))
    for cohort in found.values():
        assert cohort.title in text(page(rolled_site, f"{cohort.id}/")) and cohort.title in home
        first = cohort.sessions[0]
        assert format_date(first.date) in text(page(rolled_site, f"{cohort.id}/sessions/{first.number}/"))


def test_overview_shows_the_improvement_plan(rolled: tuple[Path, subprocess.CompletedProcess[str]], rolled_site: Path) -> None:
    new = cohorts(rolled[0])["tokyo-2022"]
    overview = text(page(rolled_site, "tokyo-2022/"))
    assert "改善予定" in overview and new.improvement_plan
    for item in new.improvement_plan:
        assert item in overview, item


def test_guide_explains_the_rollover(site: Path) -> None:
    guide = text(page(site, "guide/add-cohort/"))
    assert "python build.py new-cohort tokyo-2022 --from tokyo-2021" in guide
    assert "1年後の同じ週・同じ曜日" in guide and "improvement_plan" in guide


# --- options --------------------------------------------------------------------------------


def test_year_is_the_target_fiscal_year(tmp_path: Path) -> None:
    old, new = roll(tmp_path, "tokyo-next", "--year", "2023")
    assert new.fiscal_year == 2023 and "令和5年度" in new.title
    for before, after in zip(old.sessions, new.sessions, strict=True):
        assert after.date == same_weekday_of_month(before.date, 2)[0]


def test_year_not_after_the_source_is_refused(tmp_path: Path) -> None:
    root = copy_data(tmp_path)
    before = tree(root)
    result = run_build(root, "new-cohort", "tokyo-old", "--from", SAMPLE, "--year", "2021")
    assert result.returncode == 2 and "年度" in result.stderr
    assert tree(root) == before


def test_start_shifts_every_date_by_the_same_days(tmp_path: Path) -> None:
    old, new = roll(tmp_path, "tokyo-2022", "--start", "2022-10-04")
    assert new.sessions[0].date == dt.date(2022, 10, 4)
    shift = new.sessions[0].date - old.sessions[0].date
    assert [s.date - shift for s in new.sessions] == [s.date for s in old.sessions]
    assert (new.period.start - shift, new.period.end - shift) == (old.period.start, old.period.end)
    assert [(s.start, s.end) for s in new.sessions] == [(s.start, s.end) for s in old.sessions]


def test_leap_year_and_missing_fifth_weekday(tmp_path: Path) -> None:
    """A Thursday cohort of FY2023 whose last session is 29 February 2024, the 5th Thursday."""
    root = copy_data(tmp_path)
    source = root / "cohort_data" / "leap-2023"
    shutil.copytree(root / "cohort_data" / SAMPLE, source)
    shutil.rmtree(source / "results")  # the sample's results belong to its own dates and groups
    shutil.rmtree(source / "proposals")
    shutil.rmtree(source / "retrospectives")
    shutil.rmtree(source / "attendance")  # names members the emptied groups.yml no longer has
    (source / "groups.yml").write_text("groups: []\n", encoding="utf-8")
    dates = ["2023-10-12", "2023-11-09", "2023-12-14", "2024-01-11", "2024-02-29"]
    for path, day in zip(sorted((source / "sessions").glob("*.md")), dates, strict=True):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text("".join(f"date: {day}\n" if ln.startswith("date:") else ln for ln in lines), encoding="utf-8")
    text = (source / "cohort.yml").read_text(encoding="utf-8")
    text = text.replace("id: tokyo-2021", "id: leap-2023").replace("fiscal_year: 2021", "fiscal_year: 2023")
    text = text.replace("start: 2021-10-01", "start: 2023-10-01").replace("end: 2022-03-31", "end: 2024-02-29")
    (source / "cohort.yml").write_text(text, encoding="utf-8")
    assert run_build(root, "check", "leap-2023").returncode == 0

    result = run_build(root, "new-cohort", "leap-2024", "--from", "leap-2023")
    assert result.returncode == 0, result.stdout + result.stderr
    new = cohorts(root)["leap-2024"]
    assert [s.date.isoformat() for s in new.sessions] == [
        "2024-10-10", "2024-11-14", "2024-12-12", "2025-01-09", "2025-02-27",
    ]
    assert all(s.date.weekday() == calendar.THURSDAY for s in new.sessions)
    assert new.period.end == dt.date(2025, 2, 28)
    assert "第5木曜日がない" in result.stdout and "2025年2月27日(木)" in result.stdout


# --- safety ---------------------------------------------------------------------------------


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    root = copy_data(tmp_path)
    session = root / "cohort_data" / SAMPLE / "sessions" / "02.md"
    lines = session.read_text(encoding="utf-8").splitlines()
    session.write_text("\n".join(lines + ["締切は2022年1月25日です。"]) + "\n", encoding="utf-8")
    before = tree(root)
    result = run_build(root, "new-cohort", "tokyo-2022", "--from", SAMPLE, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert tree(root) == before
    assert "2022年10月11日(火)" in result.stdout and "id: tokyo-2022" in result.stdout
    assert "何も書き込んでいません" in result.stdout
    # A date written in a body is left alone but pointed out, at its line in the new file.
    assert f"cohort_data/tokyo-2022/sessions/02.md:{len(lines) + 1}: 本文中の日付「2022年1月25日」" in result.stdout


def test_existing_cohort_is_never_overwritten(rolled: tuple[Path, subprocess.CompletedProcess[str]], tmp_path: Path) -> None:
    root = copy_data(tmp_path)
    (root / "cohort_data" / "tokyo-2022").mkdir()
    (root / "cohort_data" / "tokyo-2022" / "keep.txt").write_text("mine", encoding="utf-8")
    before = tree(root)
    result = run_build(root, "new-cohort", "tokyo-2022", "--from", SAMPLE)
    assert result.returncode == 2 and "上書きはしません" in result.stderr
    assert tree(root) == before


def test_failure_half_way_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_data(tmp_path)
    before = tree(root)
    real_write = Path.write_text
    written: list[Path] = []

    def failing_write(self: Path, *args: object, **kwargs: object) -> int:
        if len(written) == 3:
            raise OSError(28, "No space left on device")
        written.append(self)
        return real_write(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "write_text", failing_write)
    code = cli.main(["--root", str(root), "new-cohort", "tokyo-2022", "--from", SAMPLE])
    monkeypatch.undo()
    assert code == 1 and len(written) == 3
    assert "作成していません" in capsys.readouterr().err
    assert tree(root) == before
    assert sorted(p.name for p in (root / "cohort_data").iterdir()) == sorted(
        p.name for p in (ROOT / "cohort_data").iterdir()
    )


# --- what carries over (exports/rollover_rules.py) ------------------------------------------

NEW_IDS = {"tokyo-2022": SAMPLE, "kanagawa-2024": "kanagawa-2023"}


def test_new_cohorts_hold_none_of_last_years_facts(rolled: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    root, _ = rolled
    found = cohorts(root)
    old = found[SAMPLE]
    assert any(s.schedule_changes for s in old.sessions) and old.attendance and old.results
    assert any(c.kind == "recording" for s in old.sessions for c in s.catch_up)
    for new_id in NEW_IDS:
        new = found[new_id]
        assert new.meeting_url is None
        assert (new.attendance, new.results, new.retrospectives, new.groups, new.proposals) == ((), (), (), (), ())
        for session in new.sessions:
            assert session.schedule_changes == [] and session.meeting_url is None
            assert not [c for c in session.catch_up if c.kind == "recording"]
    # the course's other catch-up material (slides, homework) carries over
    assert [c.model_dump() for s in found["tokyo-2022"].sessions for c in s.catch_up if c.kind != "recording"] == [
        c.model_dump() for s in old.sessions for c in s.catch_up if c.kind != "recording"]


def test_report_lists_what_was_reset(rolled: tuple[Path, subprocess.CompletedProcess[str]]) -> None:
    _, result = rolled
    report = result.stdout.split("引き継がなかった前年度の記録", 1)[1].split("ファイル:", 1)[0]
    for line in ("第3回: 日時の変更（schedule_changes） 1件", "第1回: 欠席者向けの録画", "出席（attendance/） 5件",
                 "成果（results/）", "提案書（proposals/） 5件", "振り返りと取り込んだアンケート（retrospectives/）"):
        assert line in report, report


def test_calendars_start_at_sequence_zero(rolled: tuple[Path, subprocess.CompletedProcess[str]], rolled_site: Path) -> None:
    from icalendar import Calendar

    found = cohorts(rolled[0])
    for new_id in NEW_IDS:
        events = [c for c in Calendar.from_ical((rolled_site / new_id / "calendar.ics").read_bytes()).walk()
                  if c.name == "VEVENT"]
        assert len(events) == len(found[new_id].sessions) and events
        assert {int(e["SEQUENCE"]) for e in events} == {0}
        assert {e["DTSTAMP"].dt.year for e in events} == {found[new_id].period.start.year}
    old = Calendar.from_ical((rolled_site / SAMPLE / "calendar.ics").read_bytes())
    assert max(int(e["SEQUENCE"]) for e in old.walk() if e.name == "VEVENT") == 1  # the sample's own change stays


def test_rollover_follows_a_nested_declaration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Declaring a field of a carried nested object reset removes it from the new files."""
    from cohort_site.exports import rollover_rules
    from cohort_site.exports.rollover import plan_rollover
    from cohort_site.model import AgendaItem

    old = cohorts(ROOT)[SAMPLE]
    monkeypatch.setitem(rollover_rules.RULES[AgendaItem], "presenter", rollover_rules.reset("発表者"))
    plan = plan_rollover(ROOT, old, "tokyo-2022")
    sessions = [text for path, text in plan.files.items() if path.startswith("sessions/")]
    assert sessions and all(isinstance(t, str) and "presenter:" not in t for t in sessions)
    assert any(a.presenter for s in old.sessions for a in s.agenda)
    root = copy_data(tmp_path)
    folder = root / "cohort_data" / "tokyo-2022"
    for path, content in plan.files.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    new = cohorts(root)["tokyo-2022"]
    assert [len(s.agenda) for s in new.sessions] == [len(s.agenda) for s in old.sessions]
    assert all(a.presenter is None for s in new.sessions for a in s.agenda)


def test_meeting_links_are_reset_and_reported(tmp_path: Path) -> None:
    root = copy_data(tmp_path)
    folder = root / "cohort_data" / SAMPLE
    cohort_yml = folder / "cohort.yml"
    cohort_yml.write_text(cohort_yml.read_text(encoding="utf-8").replace(
        "delivery:", "# 全回共通の会議\nmeeting_url: https://teams.example/l/meetup-join/2021\ndelivery:", 1), encoding="utf-8")
    session = folder / "sessions" / "02.md"
    session.write_text(session.read_text(encoding="utf-8").replace(
        "\nstart:", "\nmeeting_url: https://teams.example/l/meetup-join/2021-02\nstart:", 1), encoding="utf-8")
    old = cohorts(root)[SAMPLE]
    assert old.meeting_url and old.session(2).meeting_url
    result = run_build(root, "new-cohort", "tokyo-2022", "--from", SAMPLE)
    assert result.returncode == 0, result.stdout + result.stderr
    new = cohorts(root)["tokyo-2022"]
    assert new.meeting_url is None and all(s.meeting_url is None for s in new.sessions)
    new_text = (root / "cohort_data" / "tokyo-2022" / "cohort.yml").read_text(encoding="utf-8")
    assert "meetup-join" not in new_text and "# 全回共通の会議" not in new_text  # with its comment
    assert "研修（cohort.yml）: 会議のURL（meeting_url）" in result.stdout
    assert "第2回: 会議のURL（meeting_url）" in result.stdout
