"""The public profile leaves personal names and facilitator notes out of every built file."""

from __future__ import annotations

from pathlib import Path

import pytest

from cohort_site.loader import load_project
from site_helpers import ROOT, unmarked

PROJECT = load_project(ROOT).project


def _personal_names() -> set[str]:
    names = set()
    for cohort in PROJECT.cohorts:
        for group in cohort.groups:
            names |= {m.name for m in group.members}
            if group.mentor:
                names.add(group.mentor.name)
    return names


def _facilitator_lines() -> set[str]:
    lines = set()
    for cohort in PROJECT.cohorts:
        for session in cohort.sessions:
            notes = session.facilitator_notes or ""
            lines |= {line.strip() for line in notes.splitlines() if len(line.strip()) > 15}
    # and the `!!! facilitator` block of a hand-written page
    lines.add("第3回のKPIクリニックでは、チェックツールの指摘をそのまま読み上げるのではなく")
    return lines


def _all_text(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): unmarked(p.read_text(encoding="utf-8"))  # text, without phrase spans
        for p in site.rglob("*")
        if p.is_file() and p.suffix in {".html", ".json", ".js", ".ics", ".xml", ".css", ".txt"}
        and not p.relative_to(site).as_posix().startswith("assets/")
    }


@pytest.mark.parametrize("what", ["names", "facilitator"])
def test_nothing_personal_survives_a_public_build(site: Path, public_site: Path, what: str) -> None:
    needles = _personal_names() if what == "names" else _facilitator_lines()
    assert len(needles) >= 5
    intranet = "\n".join(_all_text(site).values())
    assert all(n in intranet for n in needles), "the intranet build must show them (else this test proves nothing)"
    leaks = [(path, n) for path, content in _all_text(public_site).items() for n in needles if n in content]
    assert leaks == []


def test_public_build_has_the_same_pages(site: Path, public_site: Path) -> None:
    from site_helpers import pages

    assert pages(public_site) == pages(site)
    assert 'class="admonition facilitator"' not in (public_site / "guide/proposal/index.html").read_text(encoding="utf-8")
