"""Issue 21: control characters are refused where they are written, in every YAML, Markdown and
municipality CSV file: C0/C1 controls other than tab/LF/CR, and the bidi controls U+202A–U+202E,
U+2066–U+2069, as raw characters or as YAML escapes ("\\0", "\\u202e")."""

from __future__ import annotations

from pathlib import Path

import pytest

from cohort_site.checks import load_and_check
from test_checker_fixtures import make_project

COHORT = "cohort_data/mini-2021"
SESSION = f"{COHORT}/sessions/01.md"
RETRO = f"{COHORT}/retrospectives/session-01.yml"
GROUPS = f"{COHORT}/groups.yml"
CSV = "cohort_data/municipalities/13_tokyo.csv"


def _replace(project: Path, file: str, old: str, new: str) -> None:
    path = project / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


CASES = [
    ("raw NUL in a Markdown body", SESSION, "本文", "本\x00文", f"{SESSION}:19:2", "U+0000（NUL）"),
    ("raw RLO in a YAML value", GROUPS, "name: Aグループ", "name: A\u202eグループ", f"{GROUPS}:3:12", "U+202E（RLO）"),
    ("NUL as a YAML escape", RETRO, "keep: [良かった]", 'keep: ["良か\\0った"]', f"{RETRO}:3:8", "U+0000（NUL）"),
    ("RLO as a YAML escape", RETRO, "try: [事前課題を出す]", 'try: ["\\u202e事前課題"]', f"{RETRO}:5:7", "U+202E（RLO）"),
    ("isolate in front matter", SESSION, "title: キックオフ", "title: キック\u2066オフ", f"{SESSION}:3:11", "U+2066（LRI）"),
    ("C1 control as an escape", SESSION, "title: キックオフ", 'title: "キック\\x85オフ"', f"{SESSION}:3:8", "U+0085"),
    ("ESC in the municipality CSV", CSV, "世田谷区", "世田\x1b谷区", f"{CSV}:3:10", "U+001B（ESC）"),
    ("RLO in the municipality CSV", CSV, "千代田区", "千代\u202e田区", f"{CSV}:2:10", "U+202E（RLO）"),
]


@pytest.mark.parametrize(("case", "file", "old", "new", "where", "name"), CASES, ids=[c[0] for c in CASES])
def test_a_control_character_is_refused_at_its_position(
    tmp_path: Path, case: str, file: str, old: str, new: str, where: str, name: str
) -> None:
    project = make_project(tmp_path, None)
    _replace(project, file, old, new)
    checked = load_and_check(project)
    found = [str(d) for d in checked.diagnostics if d.rule == "control-character"]
    assert not checked.ok
    assert len(found) == 1 and found[0].startswith(f"{where}: error control-character: "), found
    assert name in found[0] and "削除してください" in found[0]


def test_tab_lf_and_cr_stay_allowed(tmp_path: Path) -> None:
    project = make_project(tmp_path, None)
    _replace(project, SESSION, "本文", "本文\tタブ\r\n次の行\r最後の行")
    _replace(project, RETRO, "keep: [良かった]", 'keep: ["良か\\tった"]')
    checked = load_and_check(project)
    assert checked.ok, [str(d) for d in checked.diagnostics]
