"""The editable twins of the handouts (.docx beside every PDF, .pptx beside every session's), read
back from the files: the same headings as the PDF's bookmarks, the PDF's table cells in Word
tables, Japanese fonts everywhere, no personal data in the public profile, a real client
(LibreOffice) that opens them, deterministic bytes and the cache.

The sample is rendered once per test run, for these tests and the PDF tests (tests/conftest.py).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html

from cohort_site.checks import load_and_check
from cohort_site.exports.kit import build_kit
from cohort_site.handouts.fonts import FontOptions, find_fonts
from cohort_site.handouts.html import pack_html
from cohort_site.handouts.packs import compose
from cohort_site.handouts.runner import Summary
from cohort_site.handouts.twins import kit_twins
from cohort_site.office.docx_base import GOTHIC
from cohort_site.office.handout_twins import OfficeTwins
from cohort_site.outputs import PackRef
from cohort_site.profile import redact
from handouts_support import ROOT, SAMPLE, copy_project, page_texts, pdfinfo, render, squash

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
OUTPUT = ROOT / "test-output" / "twins"
CODE = "131121"  # the municipality whose files LibreOffice opens
CHECKED = load_and_check(ROOT)
PROJECT = CHECKED.project


@pytest.fixture(scope="module")
def sample(packs: tuple[Path, Summary]) -> tuple[Path, Summary]:
    """Every pack of the sample with its twins (intranet profile; rendered once per run, conftest)."""
    return packs


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()}


def docx_headings(path: Path) -> list[tuple[int, str]]:
    return docx_headings_of(path.read_bytes())


def docx_headings_of(data: bytes) -> list[tuple[int, str]]:
    """(level, text) of every paragraph in a Word heading style, in order."""
    body = etree.fromstring(parts(data)["word/document.xml"])
    found = []
    for p in body.iter(f"{W}p"):
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is not None and re.fullmatch(r"Heading\d", style.get(f"{W}val", "")):
            found.append((int(style.get(f"{W}val")[-1]), "".join(t.text or "" for t in p.iter(f"{W}t"))))
    return found


def docx_table_cells(path: Path) -> set[str]:
    body = etree.fromstring(parts(path.read_bytes())["word/document.xml"])
    return {squash("".join(t.text or "" for t in tc.iter(f"{W}t"))) for tc in body.iter(f"{W}tc")}


def all_text(data: bytes) -> str:
    """Every text node of every XML part of an Office file."""
    texts = []
    for name, blob in parts(data).items():
        if name.endswith(".xml"):
            texts += [t for t in etree.fromstring(blob).itertext()]
    return "".join(texts)


def test_every_pack_has_a_word_twin_and_every_session_slides(sample: tuple[Path, Summary]) -> None:
    out, summary = sample
    refs = [b.ref for b in summary.built]
    assert len(refs) > 40
    made = {(t.ref.path, t.fmt) for t in summary.twins}
    assert made == {(r.path, "docx") for r in refs} | {(r.path, "pptx") for r in refs if r.kind == "session"}
    for twin in summary.twins:
        assert twin.path == out / twin.ref.twin_path(twin.fmt) and twin.path.stat().st_size == twin.size > 5000
        assert twin.pages > 0


def test_word_headings_are_the_pdf_bookmarks(sample: tuple[Path, Summary], packs_facts: dict[str, dict]) -> None:
    out, summary = sample
    for built in summary.built:
        bookmarks = [(level, title) for level, title, _ in packs_facts[built.ref.path]["outline"]]
        assert docx_headings(out / built.ref.twin_path("docx")) == bookmarks, built.ref.path


def _print_html(ref: PackRef) -> str:
    project = redact(PROJECT, "intranet")
    cohort = project.cohort(ref.cohort)
    assert cohort is not None
    return pack_html(compose(project, cohort, ref, "intranet", CHECKED.by_file()), find_fonts(FontOptions()), "x")


def test_every_table_cell_of_the_pdf_is_in_a_word_table(sample: tuple[Path, Summary]) -> None:
    """Every cell the PDF draws (each td/th of the print HTML it is rendered from) is in a table of
    the Word file. (pdftotext cannot name a PDF's cells: phrases kept whole wrap in any order.)"""
    out, summary = sample
    for built in summary.built:
        cells = docx_table_cells(out / built.ref.twin_path("docx"))
        words = "".join(cells)
        tree = lxml_html.document_fromstring(_print_html(built.ref))
        for cell in tree.iter("td", "th"):
            text = squash(cell.text_content())
            if not text:
                continue
            assert text in cells or text in words, (built.ref.path, text)


def test_every_word_style_names_an_east_asian_font(sample: tuple[Path, Summary]) -> None:
    out, summary = sample
    for twin in (t for t in summary.twins if t.fmt == "docx"):
        styles = etree.fromstring(parts(twin.path.read_bytes())["word/styles.xml"])
        for style in styles.iter(f"{W}style"):
            fonts = style.find(f"{W}rPr/{W}rFonts")
            assert fonts is not None and fonts.get(f"{W}eastAsia"), (twin.path.name, style.get(f"{W}styleId"))


def test_every_slide_text_uses_the_themes_japanese_font(sample: tuple[Path, Summary]) -> None:
    out, summary = sample
    decks = [t for t in summary.twins if t.fmt == "pptx"]
    assert decks
    for deck in decks:
        files = parts(deck.path.read_bytes())
        themes = [etree.fromstring(blob) for name, blob in files.items() if name.startswith("ppt/theme/")]
        notes = any(name.startswith("ppt/notesSlides/") for name in files)
        assert len(themes) == (2 if notes else 1)  # the slide master's, and the notes master's
        for theme in themes:
            for scheme in (*theme.iter(f"{A}majorFont"), *theme.iter(f"{A}minorFont")):
                assert scheme.find(f"{A}ea").get("typeface") == GOTHIC
        texts = [n for n in files if re.fullmatch(r"ppt/(slides/slide|notesSlides/notesSlide)\d+\.xml", n)]
        runs = [r for name in texts for r in etree.fromstring(files[name]).iter(f"{A}r")]
        assert len(runs) > 20
        for run in runs:
            ea = run.find(f"{A}rPr/{A}ea")
            assert ea is not None and ea.get("typeface") in ("+mn-ea", "+mj-ea"), deck.path.name


def test_slides_hold_the_session_and_the_facilitator_notes_as_speaker_notes(sample: tuple[Path, Summary]) -> None:
    out, _ = sample
    session = PROJECT.cohort(SAMPLE).session(1)
    files = parts((out / "pdf" / SAMPLE / "session-01.pptx").read_bytes())
    slides = "".join(t for n, b in sorted(files.items()) if n.startswith("ppt/slides/slide") for t in etree.fromstring(b).itertext())
    notes = "".join(t for n, b in files.items() if n.startswith("ppt/notesSlides/") for t in etree.fromstring(b).itertext())
    assert session.title in slides and "13:30" in slides and all(o in slides for o in session.objectives)
    assert all(hw.title in slides for hw in session.homework)
    assert "ファシリテーター向けメモ" in notes and squash(session.facilitator_notes or "")[:12] in squash(notes)


def test_the_public_twins_hold_no_member_name_nor_facilitator_notes(public_packs: tuple[Path, Summary]) -> None:
    cohort = PROJECT.cohort(SAMPLE)
    names = {m.name for g in cohort.groups for m in g.members} | {g.mentor.name for g in cohort.groups if g.mentor}
    _, summary = public_packs
    # A Word file for every pack, slides for every session among them.
    sessions = sum(b.ref.kind == "session" for b in summary.built)
    assert sessions == 5 and len(summary.twins) == len(summary.built) + sessions == 13
    for twin in summary.twins:
        text = all_text(twin.path.read_bytes())
        assert not [name for name in names if name in text], twin.path.name
        assert "ファシリテーター向けメモ" not in text, twin.path.name


def test_two_builds_give_the_same_bytes_and_an_edit_remakes_only_what_shows_it(
    sample: tuple[Path, Summary], tmp_path: Path
) -> None:
    """The run's shared build (every pack, two workers, the tests' cache) and a build of a copy of
    the project elsewhere (a few packs, one worker, an empty cache) give the same bytes."""
    first, _ = sample
    project = copy_project(tmp_path / "project")
    files = {"session-01.pdf", "session-03.pdf", "proposal-g2.pdf", f"rollout-{CODE}.pdf"}
    select = lambda ref: ref.cohort == SAMPLE and ref.filename in files  # noqa: E731
    again = render(project, tmp_path / "b", tmp_path / "cache", select=select, office=True, workers=1)
    assert len(again.twins) == 6 and not any(twin.cached for twin in again.twins)
    for twin in again.twins:
        assert twin.path.read_bytes() == (first / twin.ref.twin_path(twin.fmt)).read_bytes(), twin.path.name
    session = project / "cohort_data" / SAMPLE / "sessions" / "01.md"
    session.write_text(session.read_text(encoding="utf-8") + "\n追記した一文。\n", encoding="utf-8")
    edited = render(project, tmp_path / "b", tmp_path / "cache", select=select, office=True, workers=1)
    remade = {t.ref.twin_path(t.fmt).rsplit("/", 1)[1] for t in edited.twins if not t.cached}
    assert remade == {"session-01.docx", "session-01.pptx", f"rollout-{CODE}.docx"}  # the pack that holds every session


def test_libreoffice_opens_one_municipalitys_files(sample: tuple[Path, Summary], tmp_path: Path) -> None:
    """A real client: every file of one municipality (its rollout pack, results, its group's
    proposal, the sessions' slides) converts to PDF with every heading; the rollout pack has about
    the PDF's pages. Two pages of each go to test-output/twins/ to be looked at."""
    out, summary = sample
    cohort = PROJECT.cohort(SAMPLE)
    group = cohort.group_of(CODE)
    assert group is not None
    names = [f"rollout-{CODE}.docx", f"results-{CODE}.docx", f"proposal-{group.id}.docx"]
    names += [f"session-{s.number:02d}.pptx" for s in cohort.sessions]
    folder = out / "pdf" / SAMPLE
    converted = tmp_path / "converted"
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice (libreoffice-writer-nogui, libreoffice-impress-nogui in scripts/dev.sh)"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to", "pdf",
         "--outdir", str(converted), *(str(folder / n) for n in names)],
        check=True, capture_output=True, timeout=600,
    )
    OUTPUT.mkdir(parents=True, exist_ok=True)
    for name in names:
        pdf = converted / name.replace(".docx", ".pdf").replace(".pptx", ".pdf")
        text = squash("".join(page_texts(pdf, layout=False)))
        if name.endswith(".docx"):
            for _, heading in docx_headings(folder / name):
                assert squash(heading) in text, (name, heading)
        else:
            session = cohort.session(int(name[8:10]))
            assert squash(session.title) in text and "進行表" in text, name
        assert "\ufffd" not in text and "□" not in text  # no replacement characters
        pages = int(pdfinfo(pdf)["Pages"])
        subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", str(min(pages, 3 if pages > 2 else 2)),
                        str(pdf), str(OUTPUT / name.replace(".", "-"))], check=True)
    weasy = int(pdfinfo(folder / f"rollout-{CODE}.pdf")["Pages"])
    office = int(pdfinfo(converted / f"rollout-{CODE}.pdf")["Pages"])
    assert 0.7 * weasy <= office <= 1.3 * weasy, (office, weasy)


def test_a_kit_holds_its_rollout_pack_in_word_and_the_slides_without_personal_data() -> None:
    cohort = PROJECT.cohort(SAMPLE)
    names = {m.name for g in cohort.groups for m in g.members} | {g.mentor.name for g in cohort.groups if g.mentor}
    extra = kit_twins(ROOT, PROJECT, cohort, find_fonts(FontOptions()), OfficeTwins())
    _, data = build_kit(ROOT, PROJECT, cohort, CODE, extra_files=extra)
    with zipfile.ZipFile(io.BytesIO(data)) as kit:
        files = {name.split("/", 1)[1]: kit.read(name) for name in kit.namelist()}
    handouts = {name for name in files if name.startswith("handouts/")}
    assert handouts == {f"handouts/rollout-{CODE}.docx"} | {f"handouts/session-{s.number:02d}.pptx" for s in cohort.sessions}
    assert "handouts/" in files["README.md"].decode("utf-8")
    for name in handouts:
        text = all_text(files[name])
        assert not [n for n in names if n in text] and "ファシリテーター向けメモ" not in text, name
        assert not any(part.startswith("ppt/notesSlides/") for part in parts(files[name])), name
    assert docx_headings_of(files[f"handouts/rollout-{CODE}.docx"])[0] == (1, "研修の概要")
