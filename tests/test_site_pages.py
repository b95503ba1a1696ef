"""The built sample site: every expected page exists, in Japanese, with Japanese anchors,
the sample badge, and the navigation the plugin makes."""

from __future__ import annotations

import re
from pathlib import Path

from cohort_site.loader import load_project
from site_helpers import ROOT, page, pages, section, text

PROJECT = load_project(ROOT).project


def expected_pages() -> set[str]:
    """Every page the issue asks for, derived from the sample data."""
    urls = {"", "portfolio/", "municipalities/", "guide/proposal/", "guide/add-cohort/", "guide/hosting/", "guide/results/", "guide/records/", "guide/proposal-word/", "guide/editable-handouts/"}
    for cohort in PROJECT.cohorts:
        c = cohort.id
        urls |= {f"{c}/", f"{c}/retrospective/", f"{c}/downloads/"} | ({f"{c}/results/"} if cohort.results else set())
        urls |= {f"{c}/sessions/{s.number}/" for s in cohort.sessions}
        urls |= {f"{c}/groups/{g.id}/" for g in cohort.groups}
        urls |= {f"{c}/proposals/{p.group}/" for p in cohort.proposals}
        urls |= {f"municipalities/{code}/" for code in cohort.participating_codes()}
    return urls


def test_every_expected_page_is_built(site: Path) -> None:
    assert PROJECT.cohorts, "the sample has no cohort"
    assert pages(site) == expected_pages()
    for cohort in PROJECT.cohorts:
        assert (site / cohort.id / "calendar.ics").is_file()


def test_pages_are_japanese(site: Path) -> None:
    html = page(site, "")
    assert '<html lang="ja"' in html
    assert 'placeholder="検索"' in html


def test_headings_have_japanese_anchors(site: Path) -> None:
    numeric = []
    for url in sorted(pages(site)):
        for _level, ident in re.findall(r'<h([1-6])[^>]*\bid="([^"]*)"', page(site, url)):
            if re.fullmatch(r"_?\d+", ident):
                numeric.append((url, ident))
    assert numeric == []
    proposal = page(site, "tokyo-2021/proposals/g1/")
    for heading in ("対象業務", "現状と課題", "対象者", "横展開", "関係者", "スケジュール"):
        assert f'id="{heading}"' in proposal


def test_sample_cohort_pages_show_sample_badge(site: Path) -> None:
    cohort = next(c for c in PROJECT.cohorts if c.sample)
    urls = [u for u in pages(site) if u.startswith(f"{cohort.id}/")]
    assert len(urls) >= 10
    for url in urls:
        assert 'class="cs-badge cs-badge--sample">サンプル</span>' in page(site, url), url


def test_home_lists_cohorts_newest_first_with_links(site: Path) -> None:
    html = page(site, "")
    for cohort in PROJECT.cohorts:
        assert f'href="{cohort.id}/"' in html
        assert cohort.title in text(html)
    assert "2021年10月1日〜2022年3月31日" in text(html)


def test_navigation_has_a_tab_per_cohort_and_the_indexes(site: Path) -> None:
    html = page(site, "")
    tabs = re.findall(r'<li class="md-tabs__item[^"]*">\s*<a href="([^"]*)"[^>]*>\s*([^<]*?)\s*</a>', html)
    labels = [label for _, label in tabs]
    assert labels[0] == "ホーム"
    for cohort in PROJECT.cohorts:
        assert cohort.title in labels
    assert "提案書ポートフォリオ" in labels and "自治体別" in labels and "ガイド" in labels


def test_cohort_overview(site: Path) -> None:
    html = page(site, "tokyo-2021/")
    body = text(html)
    assert "令和3年度（2021年度）" in body
    assert "2021年10月1日〜2022年3月31日" in body
    assert "東京都デジタルサービス局（サンプル）" in body
    cohort = PROJECT.cohort("tokyo-2021")
    timeline = section(html, "日程")
    for s in cohort.sessions:
        assert re.search(rf'<a href="sessions/{s.number}/">{re.escape(s.title)}</a>', timeline)
        assert f"第{s.number}回・{s.date.year}年{s.date.month}月{s.date.day}日" in text(timeline)
    assert "](" not in body, "unrendered Markdown link"
    for g in cohort.groups:
        assert f'href="groups/{g.id}/"' in html
        assert f'href="proposals/{g.id}/"' in html
    assert 'href="retrospective/"' in html and 'href="downloads/"' in html
    for aim in cohort.aims:
        assert aim in body
    for channel in cohort.channels:
        assert channel.name in body
    for item in cohort.faq:
        assert item.question in body


def test_group_page_shows_kind_population_and_size_chart(site: Path) -> None:
    cohort = PROJECT.cohort("tokyo-2021")
    group = cohort.groups[0]
    html = page(site, f"tokyo-2021/groups/{group.id}/")
    body = text(html)
    assert "人口（2020年国勢調査 速報値）" in body
    largest = max(PROJECT.municipalities[c].population for c in group.municipalities)
    for code in group.municipalities:
        m = PROJECT.municipalities[code]
        assert f'href="../../../municipalities/{code}/"' in html
        assert f"{m.population:,}人" in body
        width = max(m.population / largest * 100, 0.6)
        assert re.search(
            rf'cs-bar__label">{m.name}</span><span class="cs-bar__track"><span class="cs-bar__fill" style="width: {width:.1f}%"',
            html,
        ), m.name
    assert group.mentor.name in body
    for member in group.members:
        assert member.name in body
    assert 'href="../../proposals/g1/"' in html


def test_no_page_shows_unrendered_markdown(site: Path) -> None:
    raw = []
    for url in sorted(pages(site)):
        body = text(re.sub(r"<code>.*?</code>", "", page(site, url), flags=re.S))  # code may show marks
        for mark in ("](", "**", "!!! ", "{#"):
            if mark in body:
                raw.append((url, mark))
    assert raw == []
