"""PDF handouts of the sample cohort, read back from the files: text, TOC, fonts, metadata,
bookmarks, links, profiles. The sample is rendered once per test session."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from cohort_site.checks import load_and_check
from cohort_site.handouts.packs import compose
from cohort_site.handouts.runner import Summary
from cohort_site.mkdocs_plugins.handouts import HandoutsPlugin
from cohort_site.model import POPULATION_LABEL
from cohort_site.outputs import packs_for
from handouts_support import (
    PUBLIC_PACKS,
    ROOT,
    SAMPLE,
    has_heading,
    outline,
    page_texts,
    pdf_reader,
    pdffonts,
    pdfinfo,
    shared_cache,
    squash,
    toc_entries,
)

PROJECT = load_and_check(ROOT).project
COHORT = PROJECT.cohort(SAMPLE)
MEMBER_NAMES = sorted(
    {m.name for g in COHORT.groups for m in g.members} | {g.mentor.name for g in COHORT.groups if g.mentor}
)
# Every pack in the intranet profile; the public profile only for the packs that would show names.
TOC_LINE = re.compile(r"^.*\.{3,}\s*\d+\s*$", re.M)


@pytest.fixture(scope="session")
def cache_dir() -> Path:
    """The tests' own content-hash cache, in the run's temporary cache folder (tests/conftest.py)."""
    return shared_cache()


@pytest.fixture(scope="session")
def sample(packs: tuple[Path, Summary]) -> tuple[Path, Summary]:
    """Every pack of the sample project, rendered once per run (tests/conftest.py `packs`)."""
    return packs


@pytest.fixture(scope="session")
def public(public_packs: tuple[Path, Summary]) -> Path:
    return public_packs[0]


def pdf(out: Path, filename: str) -> Path:
    return out / "pdf" / SAMPLE / filename


def test_every_pack_of_the_catalog_is_rendered_with_its_page_count(sample: tuple[Path, Summary]) -> None:
    out, summary = sample
    refs = [ref for cohort in PROJECT.cohorts for ref in packs_for(PROJECT, cohort)]  # every sample cohort
    assert sorted(b.ref.path for b in summary.built) == sorted(r.path for r in refs)
    for built in summary.built:
        assert int(pdfinfo(built.path)["Pages"]) == built.pages
        assert built.path.stat().st_size == built.size
    pages = {b.ref.filename: b.pages for b in summary.built if b.ref.cohort == SAMPLE}
    # The book holds every session, proposal and retrospective: more than all session handouts.
    assert pages["cohort-book.pdf"] > sum(v for k, v in pages.items() if k.startswith("session-"))
    assert pages["rollout-131121.pdf"] > pages["proposal-g1.pdf"]


def test_covers_show_japanese_text_and_the_sample_mark(sample: tuple[Path, Summary]) -> None:
    out, _ = sample
    book = page_texts(pdf(out, "cohort-book.pdf"))[0]
    for text in ("サンプル", COHORT.title, "研修ブック", COHORT.organiser, "2021年10月1日〜2022年3月31日"):
        assert squash(text) in squash(book), text
    rollout = squash(page_texts(pdf(out, "rollout-131121.pdf"))[0])
    for text in ("世田谷区", "団体コード131121", COHORT.title, "展開パック", "Aグループ", "サンプル"):
        assert squash(text) in rollout, text
    session = squash(page_texts(pdf(out, "session-01.pdf"))[0])
    for text in ("サンプル", "第1回", COHORT.sessions[0].title, "2021年10月12日(火)", "13:30〜16:30"):
        assert squash(text) in session, text


@pytest.mark.parametrize("filename", ["cohort-book.pdf", "rollout-131121.pdf", "session-01.pdf", "proposal-g1.pdf"])
def test_every_toc_page_number_is_the_page_of_its_heading(sample: tuple[Path, Summary], filename: str) -> None:
    out, _ = sample
    texts = page_texts(pdf(out, filename))
    toc_pages = [i for i, t in enumerate(texts) if "目次" in t and toc_entries(t)]
    assert toc_pages, "no table of contents"
    entries = [e for i in toc_pages for e in toc_entries(texts[i])]
    ref = next(r for r in packs_for(PROJECT, COHORT) if r.filename == filename)
    assert len(entries) == len(compose(PROJECT, COHORT, ref, "intranet").toc)
    bodies = [TOC_LINE.sub("", text) for text in texts]  # the pages without their TOC lines
    for title, number in entries:
        first = next(i + 1 for i, body in enumerate(bodies) if has_heading(body, title))
        assert first == number, f"{title}: TOC says {number}, heading is on page {first}"


def test_the_book_toc_lists_every_session_and_proposal(sample: tuple[Path, Summary]) -> None:
    out, _ = sample
    toc = squash(page_texts(pdf(out, "cohort-book.pdf"))[1]) + squash(page_texts(pdf(out, "cohort-book.pdf"))[2])
    for session in COHORT.sessions:
        assert squash(f"第{session.number}回 {session.title}")[:20] in toc
    for proposal in COHORT.proposals:
        assert squash(proposal.title)[:15] in toc


def test_only_bizud_fonts_are_embedded(sample: tuple[Path, Summary]) -> None:
    out, summary = sample
    for built in summary.built:
        fonts = pdffonts(built.path)
        assert fonts, built.ref.path
        for name, embedded in fonts:
            assert re.fullmatch(r"[A-Z]{6}\+BIZ-UD(Gothic|Gothic-Bold|Mincho)", name), (built.ref.path, name)
            assert embedded == "yes"
    names = {n.split("+")[1] for n, _ in pdffonts(pdf(out, "cohort-book.pdf"))}
    assert names == {"BIZ-UDGothic", "BIZ-UDGothic-Bold", "BIZ-UDMincho"}


def test_metadata_title_author_language_and_pdf_ua(sample: tuple[Path, Summary], packs_facts: dict[str, dict]) -> None:
    out, summary = sample
    for built in summary.built:
        facts = packs_facts[built.ref.path]  # read by pypdf (tests/conftest.py)
        assert facts["title"] == built.ref.title
        assert facts["author"] == PROJECT.cohort(built.ref.cohort).organiser
        assert facts["lang"] == "ja" and facts["marked"] and facts["pdf_ua"], built.ref.path
    info = pdfinfo(pdf(out, "session-01.pdf"))
    assert info["Tagged"] == "yes" and info["Page size"].endswith("(A4)")
    assert "2022" in info["CreationDate"]  # the newest date of the data, not today


def test_bookmarks_hold_every_heading_on_its_page(sample: tuple[Path, Summary]) -> None:
    out, _ = sample
    for filename in ("cohort-book.pdf", "rollout-132012.pdf", "session-03.pdf"):
        ref = next(r for r in packs_for(PROJECT, COHORT) if r.filename == filename)
        pack = compose(PROJECT, COHORT, ref, "intranet")
        marks = outline(pdf(out, filename))
        titles = [title for _, title, _ in marks]
        for heading in pack.expected_headings:
            assert heading.title in titles, (filename, heading.title)
        texts = page_texts(pdf(out, filename))
        for _level, title, page in marks:
            assert squash(title)[:12] in squash(texts[page - 1]), (filename, title, page)
        assert {level for level, _, _ in marks} == {1, 2}


def test_toc_entries_are_working_internal_links(sample: tuple[Path, Summary]) -> None:
    out, _ = sample
    reader = pdf_reader(pdf(out, "cohort-book.pdf"))
    targets = []
    for annot in reader.pages[1].get("/Annots", []):
        annot = annot.get_object()
        if annot.get("/Subtype") == "/Link" and "/Dest" in annot:
            dest = annot["/Dest"]
            targets.append(reader.get_destination_page_number(reader.named_destinations[dest]) + 1
                           if isinstance(dest, str) else reader.get_page_number(dest[0]) + 1)
    assert len(targets) >= len(COHORT.sessions) + 1
    assert targets == sorted(targets) and min(targets) > 2


def test_session_handout_holds_agenda_worksheet_and_homework(sample: tuple[Path, Summary]) -> None:
    out, _ = sample
    session = COHORT.sessions[0]
    text = squash("".join(page_texts(pdf(out, "session-01.pdf"), layout=False)))
    for needed in ("この回の目標", "進行表", "13:30〜13:45", "宿題", "ワークシート", *session.worksheet,
                   *(h.title for h in session.homework), *(m.title for m in session.materials)):
        assert squash(needed) in text, needed
    assert squash("ファシリテーター向けメモ") in text  # intranet profile


def test_proposal_shows_kpis_and_the_groups_municipalities(sample: tuple[Path, Summary]) -> None:
    out, _ = sample
    text = squash("".join(page_texts(pdf(out, "proposal-g1.pdf"), layout=False)))
    proposal = COHORT.proposal_of("g1")
    for kpi in (k for o in proposal.outcomes for k in o.kpis):
        assert squash(kpi.indicator) in text
    needed_texts = ("世田谷区", "瑞穂町", "131121", "2023年4月30日", "70%", "横展開", "リスクと対策", proposal.scope,
                    POPULATION_LABEL)
    for needed in needed_texts:
        assert squash(needed) in text, needed


def test_each_session_worksheet_fits_on_one_page(sample: tuple[Path, Summary]) -> None:
    # The worksheet is the handout's last section; heading and every question share the last page.
    out, _ = sample
    for session in COHORT.sessions:
        pages = [squash(t) for t in page_texts(pdf(out, f"session-{session.number:02d}.pdf"), layout=False)]
        assert squash(f"第{session.number}回 ワークシート") in pages[-1], session.number
        for question in session.worksheet:
            assert squash(question) in pages[-1], (session.number, question)


def test_rollout_pack_holds_retrospective_and_blank_templates(sample: tuple[Path, Summary]) -> None:
    out, _ = sample
    text = squash("".join(page_texts(pdf(out, "rollout-131121.pdf"), layout=False)))
    retro = COHORT.cohort_retrospective
    # Keep / problem / try stand in three narrow columns: their lines wrap, so look for a start.
    for needed in ("Keep", "Problem", "Try", retro.keep[0][:12], retro.problem[0][:12], retro.try_[0][:12],
                   "提案書ワークシート（記入用）",
                   "指標", "現状値", "目標値", "年月日", COHORT.proposal_of("g1").title):
        assert squash(needed) in text, needed
    for session in COHORT.sessions:
        assert squash(f"第{session.number}回 ワークシート（記入用）") in text
    assert COHORT.proposal_of("g2").title not in text  # only its own group's proposal


def test_public_profile_pdfs_hold_no_member_names_or_facilitator_notes(public: Path) -> None:
    assert len(MEMBER_NAMES) > 10
    for filename in PUBLIC_PACKS:
        text = squash("".join(page_texts(pdf(public, filename), layout=False)))
        assert "サンプル" in text and len(text) > 500
        for name in MEMBER_NAMES:
            assert squash(name) not in text, (filename, name)
        assert "ファシリテーター" not in text, filename
        assert squash(COHORT.sessions[0].facilitator_notes.splitlines()[0])[:20] not in text


def test_plugin_fills_the_downloads_page_placeholders(sample: tuple[Path, Summary], cache_dir: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    page = site / SAMPLE / "downloads" / "index.html"
    page.parent.mkdir(parents=True)
    spans = "".join(f'<li><span class="pdf-info" data-pdf="{r.path}"></span></li>' for r in packs_for(PROJECT, COHORT))
    page.write_text(f"<ul>{spans}</ul>", encoding="utf-8")
    plugin = HandoutsPlugin()
    errors, warnings = plugin.load_config({"cache_dir": str(cache_dir), "workers": 1})
    assert not errors
    plugin.on_startup(command="build", dirty=False)

    class Config:  # the two settings on_post_build reads
        config_file_path = str(ROOT / "mkdocs.yml")
        site_dir = str(site)

    plugin.on_post_build(config=Config())  # everything cached by the session render
    html = page.read_text(encoding="utf-8")
    _, summary = sample
    for built in (b for b in summary.built if b.ref.cohort == SAMPLE):  # the page written above
        shown = re.search(rf'data-pdf="{built.ref.path}">([^<]*)<', html)[1]
        assert shown == f"{built.pages}ページ・{max(1, round(built.size / 1024))} KB" or shown.endswith(" MB")
        assert (site / built.ref.path).read_bytes() == built.path.read_bytes()


def test_serve_does_not_render_unless_asked(tmp_path: Path) -> None:
    plugin = HandoutsPlugin()
    plugin.load_config({})
    plugin.on_startup(command="serve", dirty=False)

    class Config:
        config_file_path = str(ROOT / "mkdocs.yml")
        site_dir = str(tmp_path)

    plugin.on_post_build(config=Config())
    assert not (tmp_path / "pdf").exists()


_UNIT_START = "%％分件日人円区市町村"


def _unit_split_from_its_number(text: str) -> list[str]:
    """Lines (pdftotext -layout) that start a word with a unit right under a digit that ends the
    text above it in the same column: a number split from its unit (「41」/「%」, 「足立」/「区」 is
    caught by the names' own test)."""
    found = []
    lines = text.splitlines()
    for above, line in zip(lines, lines[1:], strict=False):
        for word in re.finditer(r"\S+", line):
            if word.group(0)[0] in _UNIT_START:
                column = above[max(0, word.start() - 40): word.start() + len(word.group(0))].rstrip()
                if column and column[-1].isdigit():
                    found.append(f"{above.strip()[-30:]} / {line.strip()[:30]}")
    return found


def test_numbers_stay_with_their_units_and_names_whole_in_every_pack(sample: tuple[Path, Summary]) -> None:
    out, summary = sample
    project = load_and_check(Path(__file__).resolve().parents[1]).project
    names = {m.name for c in project.cohorts for g in c.groups for code in g.municipalities
             if (m := project.municipalities.get(code)) and len(m.name) > 2}
    bad = []
    for pdf in summary.built:
        text = "\n".join(page_texts(pdf.path))
        bad += [f"{pdf.path.name}: {b}" for b in _unit_split_from_its_number(text)]
        lines = [line.strip() for line in text.splitlines()]
        for above, line in zip(lines, lines[1:], strict=False):
            bad += [f"{pdf.path.name}: {above[-20:]} / {line[:20]}" for name in names
                    for cut in range(1, len(name)) if above.endswith(name[:cut]) and line.startswith(name[cut:])]
    assert not bad, "\n".join(bad[:20])


def test_no_qr_code_without_a_site_url(sample: tuple[Path, Summary], tmp_path: Path) -> None:
    out, summary = sample
    session = next(p.path for p in summary.built if p.path.name == "session-01.pdf")
    assert "sessions/1/" not in page_texts(session)[0]
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(session), str(tmp_path / "p")], check=True)
    decoded = subprocess.run(["zbarimg", "-q", "--raw", *map(str, tmp_path.glob("p-*.png"))], capture_output=True, text=True)
    assert decoded.stdout == ""  # zbarimg finds no code (tests/test_print_quality.py finds them with site_url)


def test_table_cells_are_printed_whole_within_the_page(sample: tuple[Path, Summary]) -> None:
    """No table is laid out wider than the page (its right-hand cells would be cut off): every
    risk's countermeasure and every agenda heading is in the PDF's text, to its last character."""
    out, summary = sample
    cohort = next(c for c in load_and_check(ROOT).project.cohorts if c.id == SAMPLE)
    # -raw: the text in the order it is drawn, a cell after a cell (the layout order interleaves
    # the lines of side-by-side cells)
    by_name = {p.path.name: squash(subprocess.run(["pdftotext", "-raw", str(p.path), "-"], capture_output=True, text=True, check=True).stdout)
               for p in summary.built if p.path.name.startswith(("proposal-", "session-")) and p.ref.cohort == SAMPLE}
    for proposal in cohort.proposals:
        text = by_name[f"proposal-{proposal.group}.pdf"]
        for risk in proposal.risks:
            assert squash(risk.mitigation) in text and squash(risk.risk) in text, (proposal.group, risk)
    for name, text in by_name.items():
        if name.startswith("session-"):
            assert all(word in text for word in ("時間", "内容", "形式", "担当")), name
