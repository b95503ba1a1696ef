"""Every character of a Japanese name prints: the font chain, the glyph-missing rule, the render guard."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cohort_site.checks import load_and_check
from cohort_site.handouts.errors import HandoutError
from cohort_site.handouts.fonts import find_fonts
from cohort_site.handouts.runner import HandoutOptions, build_handouts
from cohort_site.mkdocs_plugins.handouts_config import options_from_mkdocs_yml
from handouts_support import page_texts, pdffonts, squash

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "tests" / "fixtures" / "minimal"
# Characters of real names BIZ UD lacks or that need care: a non-BMP kanji (𠮷), itaiji (髙, 﨑),
# an IVS sequence (葛 + U+E0100), a rare non-BMP kanji (𩸽), enclosed forms (㈱, ①), half-width kana.
NAMES = ["𠮷田", "髙橋", "山﨑", "葛\U000E0100飾", "𩸽", "㈱", "①", "ｶﾀｶﾅ"]
TEXT = " ".join(NAMES)
PROJECT_FILES = "cohort_data/mini-2021"


def _project(tmp_path: Path, *, member: str = TEXT, title: str = TEXT, body: str = TEXT) -> Path:
    root = tmp_path / "project"
    shutil.copytree(MINIMAL, root)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")  # the configured font chain
    data = root / PROJECT_FILES
    groups = data / "groups.yml"
    groups.write_text(groups.read_text(encoding="utf-8").replace("試験 花子", member), encoding="utf-8")
    proposal = data / "proposals" / "g1.md"
    text = proposal.read_text(encoding="utf-8").replace("転入手続きの待ち時間短縮", title)
    proposal.write_text(text.replace("---\n本文", f"---\n本文\n\n{body}\n"), encoding="utf-8")
    return root


def _coverage(root: Path):
    return find_fonts(options_from_mkdocs_yml(root / "mkdocs.yml").fonts).coverage()


def test_the_configured_chain_is_biz_ud_then_ipamj() -> None:
    fonts = find_fonts(options_from_mkdocs_yml(ROOT / "mkdocs.yml").fonts)
    assert [f.family for f in fonts.faces] == ["BIZ UDGothic", "BIZ UDGothic", "BIZ UDMincho", "IPAmjMincho"]
    assert fonts.family("gothic") == "'BIZ UDGothic', 'IPAmjMincho'"
    # 𠮷 is the reason for the fallback: BIZ UD alone does not have it.
    assert find_fonts(options_from_mkdocs_yml(ROOT / "mkdocs.yml").fonts.__class__(fallbacks=())).coverage().missing("𠮷") == ["𠮷"]


def test_names_pass_the_check_and_print_in_every_place(tmp_path: Path) -> None:
    root = _project(tmp_path)
    checked = load_and_check(root, coverage=_coverage(root))
    assert checked.ok, [str(d) for d in checked.diagnostics]
    assert not [d for d in checked.diagnostics if d.rule.startswith("glyph")]

    out = tmp_path / "out"
    options = HandoutOptions(cache_dir=None, workers=1, fonts=options_from_mkdocs_yml(root / "mkdocs.yml").fonts)
    summary = build_handouts(root, checked.project, out, options, select=lambda ref: ref.kind == "proposal")
    [built] = summary.built
    text = squash("".join(page_texts(built.path, layout=False)))
    for name in NAMES:
        # member table, proposal title (cover line, heading), body
        assert text.count(name) >= 3, (name, text.count(name))
    fonts = pdffonts(built.path)
    assert {"yes"} == {embedded for _name, embedded in fonts}
    assert any("IPAmjMincho" in name for name, _ in fonts)
    for name, _ in fonts:  # subset fonts are named ABCDEF+Name
        assert len(name) > 7 and name[6] == "+" and name[:6].isupper(), name


@pytest.mark.parametrize("where", ["member", "title", "body"])
def test_a_character_no_font_has_is_an_error_at_its_line(tmp_path: Path, where: str) -> None:
    root = _project(tmp_path, **{where: "試験\ue000"})
    checked = load_and_check(root, coverage=_coverage(root))
    [found] = [d for d in checked.diagnostics if d.rule == "glyph-missing"]
    assert found.is_error and "U+E000" in found.message
    file = root / found.loc.file
    line = file.read_text(encoding="utf-8").splitlines()[found.loc.line - 1]
    assert line[found.loc.col - 1] == "\ue000", (str(found), line)
    assert found.loc.file.endswith({"member": "groups.yml", "title": "g1.md", "body": "g1.md"}[where])


def test_the_render_guard_names_the_file_and_line_without_weasyprint(tmp_path: Path) -> None:
    """A character the check did not see (it was skipped here) still never reaches a PDF."""
    root = _project(tmp_path, title="試験\ue000")
    checked = load_and_check(root)  # no coverage: rule skipped
    with pytest.raises(HandoutError) as caught:
        build_handouts(root, checked.project, tmp_path / "out", HandoutOptions(cache_dir=None, workers=1),
                       select=lambda ref: ref.kind == "proposal")
    message = str(caught.value)
    assert f"{PROJECT_FILES}/proposals/g1.md:4:" in message and "U+E000" in message
    assert not (tmp_path / "out" / "pdf").exists()


def test_a_variant_no_font_has_is_a_warning(tmp_path: Path) -> None:
    root = _project(tmp_path, body="葛\U000E01EF")  # the base prints; this selector's glyph exists nowhere
    checked = load_and_check(root, coverage=_coverage(root))
    [found] = [d for d in checked.diagnostics if d.rule.startswith("glyph")]
    assert found.rule == "glyph-variant-missing" and not found.is_error


def test_the_quick_pass_sees_every_character_the_walk_sees() -> None:
    """glyphs.check first looks at the characters of one JSON dump of the data and walks the
    model only when one is missing: the dump must hold every character of every text field."""
    from cohort_site.checks.glyphs import text_values
    from cohort_site.glyphs import needs_glyph
    from cohort_site.loader import load_project

    project = load_project(Path(__file__).resolve().parent.parent).project
    dumped = set(project.model_dump_json(include={"municipalities", "cohorts"}))
    walked = {ch for node in [*project.municipalities.values(), *project.cohorts] for text, _ in text_values(node) for ch in text if needs_glyph(ch)}
    assert len(walked) > 1000 and walked <= dumped
