"""The proposal portfolio: every proposal of every cohort, filterable without any script."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from cohort_site import codes
from cohort_site.loader import load_project
from cohort_site.model import Municipality
from site_helpers import ROOT, page, text

PROJECT = load_project(ROOT).project
PREFECTURES = [p for p in codes.PREFECTURES  # national order, as the page lists them
               if any(m.prefecture == p for c in PROJECT.cohorts for g in c.groups
                      for m in map(PROJECT.municipalities.get, g.municipalities) if m)]


def _rows(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<tr class="cs-portfolio__row ([^"]*)">(.*?)</tr>', html, re.S)


def test_every_proposal_is_a_row(site: Path) -> None:
    html = page(site, "portfolio/")
    rows = _rows(html)
    proposals = [(c, p) for c in PROJECT.cohorts for p in c.proposals]
    assert len(rows) == len(proposals)
    assert {c.id for c, _ in proposals} == {c.id for c in PROJECT.cohorts}, "every sample cohort has proposals"
    for cohort, proposal in proposals:
        row = next(r for _, r in rows if proposal.title in r)
        assert f'href="../{cohort.id}/proposals/{proposal.group}/"' in row
        for code in cohort.group(proposal.group).municipalities:
            assert f'href="../municipalities/{code}/"' in row


def test_filters_are_radio_inputs_and_css_only(site: Path) -> None:
    html = page(site, "portfolio/")
    article = html[html.index("md-content__inner"):html.index("</article>")]
    assert "<script" not in article
    assert "<style" not in article  # invalid in <body>: the rules are a stylesheet in <head>
    head = html[:html.index("</head>")]
    assert '<link rel="stylesheet" href="filter.css">' in head
    several = len(PREFECTURES) > 1  # the prefecture facet exists only then
    for key in ("tag", "kind", *(["pref"] if several else []), "muni", "year"):
        assert f'id="cs-{key}-all" checked' in article
    legends = re.findall(r"<legend>([^<]*)</legend>", article)
    assert legends == ["テーマ", "自治体の区分", *(["都道府県"] if several else []), "自治体", "年度"]


def test_each_filter_value_hides_exactly_the_rows_without_it(site: Path) -> None:
    """Evaluate the generated CSS the way a browser would: for each radio, which rows stay."""
    html = page(site, "portfolio/")
    labels = dict(re.findall(r'<label for="(cs-[a-z]+-\d+)">([^<]*)</label>', html))
    css = (site / "portfolio" / "filter.css").read_text(encoding="utf-8")
    rules = re.findall(r"#(cs-([a-z]+)-(\d+)):checked ~ \.cs-portfolio__table tbody tr:not\(\.([a-z]+-\d+)\) \{ display: none; \}", css)
    assert len(rules) == len(labels) > 10
    rows = _rows(html)
    for ident, key, index, cls in rules:
        assert cls == f"{key}-{index}"
        visible = [r for classes, r in rows if cls in classes.split()]
        value = labels[ident]
        assert visible, f"filter {value} shows nothing"
        for row in visible:
            assert value in text(row) or key in ("kind", "pref", "year"), (value, row)
    ident = next(i for i, v in labels.items() if v == "電子申請")
    cls = f"tag-{ident.rsplit('-', 1)[1]}"
    titles = [p.title for c in PROJECT.cohorts for p in c.proposals]
    shown = {t for t in titles if any(t in r for classes, r in rows if cls in classes.split())}
    expected = {p.title for c in PROJECT.cohorts for p in c.proposals if "電子申請" in p.tags}
    assert expected and shown == expected


def _facet(html: str, key: str, value_of: Callable[[Municipality], str]) -> dict[str, str]:
    """Check that each value of one facet marks exactly the rows whose municipalities have it;
    returns {value: radio id}."""
    labels = {v: k for k, v in re.findall(rf'<label for="(cs-{key}-\d+)">([^<]*)</label>', html)}
    for cohort in PROJECT.cohorts:
        for proposal in cohort.proposals:
            found = {value_of(PROJECT.municipalities[c]) for c in cohort.group(proposal.group).municipalities}
            classes = next(c for c, r in _rows(html) if proposal.title in r).split()
            for value, ident in labels.items():
                assert (f"{key}-{ident.rsplit('-', 1)[1]}" in classes) == (value in found), (key, value)
    return labels


def test_kind_filter_matches_municipality_kinds(site: Path) -> None:
    html = page(site, "portfolio/")
    labels = _facet(html, "kind", lambda m: m.kind)
    assert set(labels) <= {"特別区", "市", "町", "村"} and "特別区" in labels
    assert f"すべての研修の提案書 {sum(len(c.proposals) for c in PROJECT.cohorts)}件" in text(html)


def test_prefecture_filter_matches_the_members_prefectures(site: Path) -> None:
    """The sample spans Tokyo and Kanagawa: one facet value per prefecture, on exactly its rows."""
    labels = _facet(page(site, "portfolio/"), "pref", lambda m: m.prefecture)
    assert list(labels) == PREFECTURES and len(labels) > 1
