"""Issue 21: every YAML file the project writes is plain data, whatever the data holds.

Hostile YAML (a Python tag, a break-out by newline, a quote and `#`) goes into every text field of
the sample (hostile.py walks the model); then the kit, the rollover, a results file, the case
studies and the survey and attendance imports are made in-process, and every YAML file or front
matter they write is read with a loader that *runs* Python tags (as MkDocs reads mkdocs.yml). The
marker file never appears, and every value is plain data holding the string as written."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml
from mkdocs.utils.yaml import yaml_load

from cohort_site.exports.cases import faq_file
from cohort_site.exports.kit import kit_files, request
from cohort_site.exports.rollover import plan_rollover
from cohort_site.imports.attendance_reports import plan_attendance
from cohort_site.imports.results_file import dump_results
from cohort_site.imports.survey import plan_survey
from cohort_site.loader import load_project
from cohort_site.yamltext import comment
from hostile import hostile_project
from site_helpers import ROOT

COHORT = "tokyo-2021"
CODE = "131121"
RECORDS = ROOT / "tests" / "fixtures" / "records"
PLAIN = (dict, list, str, int, float, bool, type(None), dt.date)


def hostile_yaml(marker: Path) -> str:
    return f'!!python/object/apply:os.system ["touch {marker}"] # x\n  evil: 1 " # \r\n!!python/name:os.system'


def _plain(value: object, where: str) -> None:
    assert isinstance(value, PLAIN), (where, type(value))
    if isinstance(value, dict):
        for key, item in value.items():
            _plain(key, where)
            _plain(item, f"{where}.{key}")
    elif isinstance(value, list):
        for item in value:
            _plain(item, where)


def _strings(value: object) -> list[str]:
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return [value] if isinstance(value, str) else []


def _yaml_of(path: str, text: str) -> str | None:
    """The YAML of a written file: the whole .yml, the front matter of a .md."""
    if path.endswith((".yml", ".yaml")):
        return text
    if path.endswith(".md") and text.startswith("---\n"):
        return text[4:].split("\n---", 1)[0]
    return None


def _unsafe_load(text: str) -> object:
    return yaml.load(text, Loader=yaml.UnsafeLoader)  # noqa: S506 - the point: MkDocs' kind of loader


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    base = tmp_path_factory.mktemp("yaml")
    marker = base / "MARKER"
    value = hostile_yaml(marker)
    root, _ = hostile_project(value, base / "project")
    shutil.copy2(ROOT / "cohort_data" / COHORT / "survey.yml", root / "cohort_data" / COHORT / "survey.yml")
    return root, marker, value


def _written(root: Path) -> dict[str, str]:
    """Every YAML-holding file the project writes, made from the hostile project."""
    project = load_project(root).project
    cohort = project.cohort(COHORT)
    assert cohort is not None
    written: dict[str, str] = {}
    for path, data in kit_files(root, request(project, cohort, CODE)).items():
        if path.endswith((".yml", ".yaml", ".md")) and path != "mkdocs.yml" and not path.startswith(("site_src/", "plugins/")):
            written[f"kit/{path}"] = data.decode("utf-8")
    for path, data in plan_rollover(root, cohort, "tokyo-2022").files.items():
        if isinstance(data, str):
            written[f"rollover/{path}"] = data
    for results in cohort.results:
        written[f"results/{results.municipality}.yml"] = dump_results(results, "見出し\nもう1行")
    cases = faq_file(cohort, dt.date(2099, 1, 1))
    assert cases is not None, "the sample has achieved results: the cases file must be written"
    written["cases/faq.yml"] = cases
    written["survey/session-01.yml"] = plan_survey(
        root, cohort, 1, RECORDS / "survey" / "session-01.xlsx", "s.xlsx").text
    written["attendance/01.yml"] = plan_attendance(
        root, cohort, 1, RECORDS / "attendance" / "session-01.csv", "r.csv", replace=True).text
    return written


def test_every_yaml_the_project_writes_is_plain_data_under_a_tag_running_loader(hostile: tuple[Path, Path, str]) -> None:
    root, marker, value = hostile
    written = _written(root)
    kinds = {path.split("/")[0] for path in written}
    assert kinds == {"kit", "rollover", "results", "cases", "survey", "attendance"}
    shown = 0
    for path, text in written.items():
        source = _yaml_of(path, text)
        if source is None:
            continue
        data = _unsafe_load(source)
        assert not marker.exists(), path
        _plain(data, path)
        assert "evil" not in (data or {}), path  # no break-out into a key of its own
        shown += sum(value in s or " ".join(value.split()) in s for s in _strings(data))
    assert shown > 20  # the hostile values are there, as strings
    # The hostile comments stayed comments: no line of any YAML starts with the break-out.
    for path, text in written.items():
        source = _yaml_of(path, text) or ""
        assert not re.search(r"(?m)^\s*evil: 1", source), path
        assert not re.search(r"(?m)^!!python", source), path


def test_the_kit_mkdocs_yml_has_only_the_projects_own_tags(hostile: tuple[Path, Path, str]) -> None:
    root, marker, value = hostile
    project = load_project(root).project
    cohort = project.cohort(COHORT)
    assert cohort is not None
    kit = request(project, cohort, CODE)
    text = kit_files(root, kit)["mkdocs.yml"].decode("utf-8")
    original = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")

    def tags(source: str) -> set[str]:
        found: set[str] = set()
        stack = [yaml.compose(source, Loader=yaml.SafeLoader)]
        while stack:
            node = stack.pop()
            found.add(node.tag)
            if isinstance(node, yaml.MappingNode):
                stack.extend(n for pair in node.value for n in pair)
            elif isinstance(node, yaml.SequenceNode):
                stack.extend(node.value)
        return found

    assert tags(text) == tags(original)
    loaded = yaml_load(text)  # MkDocs' own loader: yaml.Loader, which runs Python tags
    assert not marker.exists()
    assert isinstance(loaded, dict) and loaded["site_name"] == f"{kit.municipality.name} 庁内DX研修 資料サイト"
    home = kit_files(root, kit)["site_src/index.md"].decode("utf-8")
    assert "!!python" not in home.split("\n", 1)[0] or "&#33;&#33;python" in home  # escaped by md_text


def test_a_comment_cannot_be_ended_by_the_data() -> None:
    assert comment("a\nb: 1", "c\rd\u2028e\x85f") == "# a b: 1\n# c d e f\n"
    assert yaml.safe_load(comment("x\nevil: 1") + "k: v\n") == {"k": "v"}
