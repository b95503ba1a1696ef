"""The loader on the sample cohort: every part arrives typed and located."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pydantic import ValidationError

from cohort_site.checks import load_and_check
from cohort_site.loader import load_project
from cohort_site.sources import _FRONT_MATTER, _parse_slowly, parse_yaml

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def project():
    loaded = load_project(ROOT)
    assert [d for d in loaded.diagnostics if d.is_error] == []
    return loaded.project


def test_shipped_reference_data_knows_every_municipality_of_japan(project) -> None:
    # The sample project has no CSV of its own: everything comes from the shipped national data.
    assert len(project.municipalities) == 1741 and len(project.wards) == 175
    kinds = [m.kind for m in project.municipalities.values()]
    assert (kinds.count("特別区"), kinds.count("市"), kinds.count("町"), kinds.count("村")) == (23, 792, 743, 183)
    assert len({m.prefecture for m in project.municipalities.values()}) == 47
    assert sum(m.designated_city for m in project.municipalities.values()) == 20
    tokyo = [m for m in project.municipalities.values() if m.prefecture == "東京都"]
    assert len(tokyo) == 62
    # Tokyo keeps its 2020 census preliminary counts; elsewhere the population is unknown, not 0.
    assert sum(m.population for m in tokyo) == 14064696
    assert all(m.population is None for m in project.municipalities.values() if m.prefecture != "東京都")
    setagaya = project.municipalities["131121"]
    assert (setagaya.name, setagaya.kind, setagaya.prefecture, setagaya.population) == ("世田谷区", "特別区", "東京都", 948147)
    assert setagaya.loc().file == "cohort_site/data/japan_municipalities.csv"
    yokohama = project.municipalities["141003"]
    assert (yokohama.name, yokohama.kind, yokohama.designated_city) == ("横浜市", "市", True)
    assert project.wards["141011"].city == "141003"  # 横浜市鶴見区
    assert all(w.city in project.municipalities for w in project.wards.values())


def test_sample_cohort_is_complete(project) -> None:
    cohort = project.cohort("tokyo-2021")
    assert cohort is not None and cohort.sample
    assert "サンプル" in cohort.title
    assert [s.number for s in cohort.sessions] == [1, 2, 3, 4, 5]
    assert cohort.sessions[0].date == dt.date(2021, 10, 12)
    assert cohort.sessions[-1].date == dt.date(2022, 2, 8)
    assert len(cohort.groups) == 5 and all(len(g.municipalities) == 5 for g in cohort.groups)
    assert {p.group for p in cohort.proposals} == {g.id for g in cohort.groups}
    assert cohort.cohort_retrospective is not None
    assert all(cohort.session_retrospective(n) is not None for n in range(1, 6))
    assert cohort.group_of("131121") is not None


def test_every_group_mixes_a_large_municipality_with_a_town_or_village(project) -> None:
    for group in project.cohort("tokyo-2021").groups:
        members = [project.municipalities[code] for code in group.municipalities]
        assert any(m.population > 300_000 for m in members), group.id
        assert any(m.kind in ("町", "村") for m in members), group.id


def test_values_keep_their_file_line_and_column(project) -> None:
    session = project.cohort("tokyo-2021").session(1)
    where = session.loc("date")
    assert where.file == "cohort_data/tokyo-2021/sessions/01.md"
    lines = (ROOT / where.file).read_text(encoding="utf-8").splitlines()
    assert lines[where.line - 1][where.col - 1:].startswith("2021-10-12")
    kpi = project.cohort("tokyo-2021").proposals[0].outcomes[0].kpis[0]
    kpi_line = (ROOT / kpi.loc("indicator").file).read_text(encoding="utf-8").splitlines()[kpi.loc("indicator").line - 1]
    assert kpi.indicator in kpi_line


def test_clock_times_stay_text_not_base_60() -> None:
    data, problems = parse_yaml('start: 13:30\nend: "16:30"\nn: 12\n', "x.yml")
    assert problems == []
    assert data == {"start": "13:30", "end": "16:30", "n": 12}


def test_model_is_immutable(project) -> None:
    with pytest.raises(ValidationError, match="frozen"):
        project.cohort("tokyo-2021").sessions[0].title = "x"  # type: ignore[misc]


def test_a_missing_data_folder_is_a_diagnostic(tmp_path: Path) -> None:
    checked = load_and_check(tmp_path)
    assert not checked.ok
    assert [d.rule for d in checked.diagnostics] == ["missing-data"]


def _with_locs(value: object) -> object:
    """The data with every position the reader recorded."""
    if isinstance(value, dict):
        return (dict(value), value.loc, value.key_locs, value.value_locs, [_with_locs(v) for v in value.values()])
    if isinstance(value, list):
        return (list(value), value.loc, value.item_locs, [_with_locs(v) for v in value])
    return value


def test_libyaml_reads_every_file_as_the_python_parser_does() -> None:
    """Files are read with libyaml's parser first (4-5x faster) and again with PyYAML's own on any
    problem: data, positions and diagnostics must not depend on which one read the file."""
    files = sorted(p for folder in ("cohort_data", "tests/fixtures") for p in (ROOT / folder).rglob("*") if p.suffix in (".yml", ".md"))
    assert len(files) > 100
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # the encoding fixtures never reach the YAML parser
        if path.suffix == ".md":
            front = _FRONT_MATTER.match(text)
            if front is None:
                continue
            text = front.group(1)
        fast, slow = parse_yaml(text, str(path)), _parse_slowly(text, str(path), 0)
        assert _with_locs(fast[0]) == _with_locs(slow[0]) and fast[1] == slow[1], path
