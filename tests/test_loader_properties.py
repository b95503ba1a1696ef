"""Property: whatever a file holds — random text, a truncated or mangled sample file — loading and
checking never raise; problems come back as diagnostics naming that file."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cohort_site.checks import load_and_check

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "minimal"
# 60 random files per property in the full suite (each run draws new ones), a handful in the inner
# loop (scripts/dev.sh fast).
EXAMPLES = 10 if os.environ.get("COHORT_TEST_FAST") else 60
FILES = sorted(
    p.relative_to(FIXTURE).as_posix() for p in (FIXTURE / "cohort_data").rglob("*") if p.suffix in (".yml", ".md")
)


def _check_with(file: str, content: str):
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "p"
        shutil.copytree(FIXTURE, project)
        (project / file).write_text(content, encoding="utf-8")
        return load_and_check(project)


def _assert_diagnostics_are_located(checked) -> None:
    for d in checked.diagnostics:
        assert d.loc.line >= 1 and d.loc.col >= 1
        assert d.loc.file.startswith("cohort_data")
        assert d.rule and d.message


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(file=st.sampled_from(FILES), cut=st.floats(min_value=0, max_value=1))
def test_truncated_files_give_diagnostics_not_tracebacks(file: str, cut: float) -> None:
    original = (FIXTURE / file).read_text(encoding="utf-8")
    truncated = original[: int(len(original) * cut)]
    checked = _check_with(file, truncated)
    _assert_diagnostics_are_located(checked)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(file=st.sampled_from(FILES), content=st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_random_text_gives_diagnostics_not_tracebacks(file: str, content: str) -> None:
    checked = _check_with(file, content)
    _assert_diagnostics_are_located(checked)


YAML_PIECES = st.sampled_from(
    ["a: 1", "- x", "[", "]", "{", "}", ":", "---", "...", "&a", "*a", "!!python/object:os.system", "<<: *a",
     "'", '"', "|", ">", "\t", "  ", "\n", "13:30", "2021-02-30", "１３１１２１", "null", "~", "? k", "#"]
)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(file=st.sampled_from(FILES), pieces=st.lists(YAML_PIECES, max_size=30), at=st.floats(0, 1))
def test_yaml_shaped_noise_gives_diagnostics_not_tracebacks(file: str, pieces: list[str], at: float) -> None:
    original = (FIXTURE / file).read_text(encoding="utf-8")
    split = int(len(original) * at)
    checked = _check_with(file, original[:split] + " ".join(pieces) + original[split:])
    _assert_diagnostics_are_located(checked)


def test_unsafe_tags_are_refused_as_diagnostics() -> None:
    checked = _check_with("cohort_data/mini-2021/groups.yml", "groups: !!python/object/apply:os.system ['true']\n")
    assert not checked.ok
    syntax = [d for d in checked.diagnostics if d.rule == "yaml-syntax"]
    assert [d.loc.file for d in syntax] == ["cohort_data/mini-2021/groups.yml"]
