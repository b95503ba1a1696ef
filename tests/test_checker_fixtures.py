"""Every checker rule on a small broken fixture: rule id, file, line, column and exit code.

Each folder under tests/fixtures/broken/ holds only the files that differ from
tests/fixtures/minimal/ (a valid project) and an expected.txt:

    exit 1
    cohort_data/mini-2021/groups.yml:6:9 error municipality-code-format
    cohort_data/mini-2021/groups.yml:7:9 error municipality-unknown | 参照データ

An optional ` | text` after a line is a part of that diagnostic's message. Every case must also
end without a traceback and well within TIME_LIMIT seconds (a bound for a loaded 2-core machine;
the hostile cases - alias bombs, deep nesting, huge files - are the ones it guards).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from site_helpers import run_cli

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BROKEN = sorted(p.name for p in (FIXTURES / "broken").iterdir() if p.is_dir())
TIME_LIMIT = 10.0
LINE = re.compile(r"^(?P<loc>\S+:\d+:\d+): (?P<severity>error|warning|info) (?P<rule>[a-z0-9-]+): (?P<message>.+)$")


def run_check(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli("--root", str(project), "check", *args)


def make_project(tmp_path: Path, case: str | None) -> Path:
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "minimal", project)
    if case is not None:
        shutil.copytree(FIXTURES / "broken" / case / "cohort_data", project / "cohort_data", dirs_exist_ok=True)
    return project


def parse(stdout: str) -> list[tuple[str, str, str, str]]:
    found = []
    for line in stdout.splitlines():
        match = LINE.match(line)
        assert match, f"not a file:line:col diagnostic: {line!r}"
        found.append((match["loc"], match["severity"], match["rule"], match["message"]))
    return found


def test_minimal_fixture_is_clean(tmp_path: Path) -> None:
    result = run_check(make_project(tmp_path, None))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("case", BROKEN)
def test_broken_fixture_reports_rule_file_and_line(tmp_path: Path, case: str) -> None:
    expected_text = (FIXTURES / "broken" / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    expected_exit = int(expected_text[0].split()[1])
    expected = [
        (tuple(head.split()), text.strip())
        for head, _, text in (line.partition(" | ") for line in expected_text[1:] if line.strip())
    ]

    project = make_project(tmp_path, case)
    started = time.monotonic()
    result = run_check(project)
    elapsed = time.monotonic() - started
    found = parse(result.stdout)

    assert result.returncode == expected_exit, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and "RecursionError" not in result.stderr, result.stderr
    assert elapsed < TIME_LIMIT, f"{case}: check took {elapsed:.1f} s"
    got = {(loc, severity, rule) for loc, severity, rule, _ in found}
    for item, text in expected:
        assert item in got, f"{item} not in:\n{result.stdout}"
        messages = [m for loc, severity, rule, m in found if (loc, severity, rule) == item]
        assert any(text in m for m in messages), f"{text!r} not in the messages of {item}: {messages}"
    if expected_exit == 0:
        assert not [f for f in found if f[1] == "error"], result.stdout
    # Messages speak Japanese.
    assert all(re.search(r"[ぁ-んァ-ン一-龥]", message) for *_, message in found)


def test_unknown_key_suggests_the_field(tmp_path: Path) -> None:
    found = parse(run_check(make_project(tmp_path, "unknown-key")).stdout)
    messages = [m for _, _, rule, m in found if rule == "unknown-key"]
    assert messages and "「objectives」の誤りではありませんか" in messages[0]


def test_full_width_code_is_normalised_before_checking(tmp_path: Path) -> None:
    # municipality-in-two-groups writes 134015 in full-width digits: it is still recognised.
    found = parse(run_check(make_project(tmp_path, "municipality-in-two-groups")).stdout)
    rules = [rule for _, _, rule, _ in found]
    assert "municipality-in-two-groups" in rules
    assert "municipality-code-format" not in rules


def test_check_prints_every_problem_at_once(tmp_path: Path) -> None:
    project = make_project(tmp_path, "municipality-unknown")
    shutil.copytree(FIXTURES / "broken" / "session-time" / "cohort_data", project / "cohort_data", dirs_exist_ok=True)
    shutil.copytree(FIXTURES / "broken" / "type" / "cohort_data", project / "cohort_data", dirs_exist_ok=True)
    found = parse(run_check(project).stdout)
    rules = {rule for _, _, rule, _ in found}
    # cohort.yml is broken: its error does not hide the errors of the cohort's other files, and a
    # note says what could not be compared without it (the sessions' dates with the period).
    assert {"type", "municipality-unknown", "session-time", "not-checked"} <= rules
    shutil.copy(FIXTURES / "minimal" / "cohort_data" / "mini-2021" / "cohort.yml", project / "cohort_data" / "mini-2021")
    found = parse(run_check(project).stdout)
    assert {rule for _, _, rule, _ in found} == {"municipality-unknown", "session-time"}


def test_sample_data_passes_without_errors() -> None:
    result = run_check(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not [f for f in parse(result.stdout) if f[1] == "error"]


def test_check_of_one_cohort_and_of_an_unknown_cohort(tmp_path: Path) -> None:
    project = make_project(tmp_path, None)
    assert run_check(project, "mini-2021").returncode == 0
    unknown = run_check(project, "nope-2030")
    assert unknown.returncode == 2
    assert "nope-2030" in unknown.stderr


def test_check_of_one_cohort_leaves_out_the_other_cohorts_problems(tmp_path: Path) -> None:
    project = make_project(tmp_path, None)
    other = project / "cohort_data" / "other-2022"
    shutil.copytree(project / "cohort_data" / "mini-2021", other)
    (other / "cohort.yml").write_text(
        (other / "cohort.yml").read_text(encoding="utf-8") + "orgniser: x\n", encoding="utf-8"
    )
    (other / "cohort.yml").write_text(
        (other / "cohort.yml").read_text(encoding="utf-8").replace("title:", "id: other-2022\ntitle:"), encoding="utf-8"
    )
    assert run_check(project, "mini-2021").returncode == 0
    everything = run_check(project)
    assert everything.returncode == 1
    assert "cohort_data/other-2022/cohort.yml" in everything.stdout


@pytest.mark.parametrize(
    ("case", "quiet_rules"),
    [
        # groups.yml does not parse: the proposal's group is not "unknown", it is unreadable.
        ("yaml-syntax", {"proposal-group-unknown"}),
        # sessions/01.md fails validation: no gap in the numbering, no unknown session 1.
        ("unknown-key", {"session-numbering", "session-unknown", "homework-due-session"}),
        # A key written twice keeps its first value: the second (not a number) is never validated.
        ("duplicate-key", {"type"}),
        # A project CSV without a column: the code it would add is not reported as unknown.
        ("municipality-csv-columns", {"municipality-unknown"}),
    ],
)
def test_a_broken_file_causes_no_follow_on_errors(tmp_path: Path, case: str, quiet_rules: set[str]) -> None:
    found = parse(run_check(make_project(tmp_path, case)).stdout)
    rules = [rule for _, _, rule, _ in found if rule != "not-checked"]  # the note where the file failed
    assert len(rules) == 1, found
    assert not quiet_rules & set(rules)
