"""Retrospective page: keep / problem / try grouped, survey bar charts, per session and cohort."""

from __future__ import annotations

import re
from pathlib import Path

from cohort_site.loader import load_project
from site_helpers import ROOT, page, section, text

COHORT = load_project(ROOT).project.cohort("tokyo-2021")


def test_kpt_grouped_for_cohort_and_each_session(site: Path) -> None:
    html = page(site, "tokyo-2021/retrospective/")
    anchors = ["cohort"] + [f"session-{r.session}" for r in COHORT.retrospectives if r.session is not None]
    assert len(anchors) == len(COHORT.retrospectives)
    for retro in COHORT.retrospectives:
        part = section(html, "cohort" if retro.session is None else f"session-{retro.session}")
        for field in ("keep", "problem", "try"):
            column = re.search(rf'cs-kpt__col--{field}">(.*?)</section>', part, re.S).group(1)
            items = re.findall(r"<li>([^<]*)</li>", column)
            assert items == getattr(retro, "try_" if field == "try" else field)


def test_survey_bars_are_average_over_scale(site: Path) -> None:
    html = page(site, "tokyo-2021/retrospective/")
    whole = COHORT.cohort_retrospective
    part = section(html, "cohort")
    for rating in whole.survey:
        assert rating.question in text(part)
        width = rating.average / rating.scale * 100
        assert f'style="width: {width:.1f}%"></span></span><span class="cs-bar__value">{rating.average:.1f} / {rating.scale}</span>' in part
        total = sum(rating.distribution)
        for score, count in enumerate(rating.distribution, 1):
            if count:
                assert f'cs-dist__seg--{score}" style="width: {count / total * 100:.1f}%" title="{score}: {count}人"' in part
        # What a screen reader says for the coloured segments: every count, zeros too.
        spoken = "、".join(f"{score}が{count}人" for score, count in enumerate(rating.distribution, 1))
        assert f'role="img" aria-label="回答の分布（1〜{rating.scale}）：{spoken}"' in part
    assert "<svg" not in part and "<img" not in part
