"""The proposal in Word: template -> (a person edits it) -> import, with located errors, and hostile files."""

from __future__ import annotations

import re
import shutil
import time
import zipfile
from io import BytesIO
from pathlib import Path

import docx
import pytest
import yaml
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from cohort_site import outputs
from cohort_site.checks import load_and_check
from cohort_site.model import Proposal, markdown_fields
from cohort_site.office import proposal_template
from cohort_site.office.docx_base import docx_bytes
from cohort_site.office.proposal_import import ProposalImport, plan_import, write_import
from cohort_site.office.proposal_read import controls
from cohort_site.office.proposal_template import site_templates, write_template

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def project():
    checked = load_and_check(ROOT)
    assert not [d for d in checked.diagnostics if d.is_error]
    return checked.project


def _template(project, cohort_id: str, group_id: str) -> bytes:
    cohort = project.cohort(cohort_id)
    return write_template(project, cohort, cohort.group(group_id), intranet=True, images=ROOT / "cohort_data" / cohort_id / "images")


def _import(project, tmp_path: Path, data: bytes, name: str = "g1.docx") -> ProposalImport:
    path = tmp_path / name
    path.write_bytes(data)
    return plan_import(ROOT, project, path, name)


def _comparable(proposal: Proposal) -> dict:
    """The model as data; Markdown fields without surrounding blank lines (they mean nothing to Markdown)."""
    data = proposal.model_dump()

    def strip(node, obj):
        for name in markdown_fields(type(obj)):
            if isinstance(node.get(name), str):
                node[name] = node[name].strip()
    strip(data, proposal)
    if proposal.rollout is not None:
        strip(data["rollout"], proposal.rollout)
    return data


SAMPLES = [(c, p.stem) for c in ("tokyo-2021", "kanagawa-2023") for p in sorted((ROOT / "cohort_data" / c / "proposals").glob("*.md"))]


@pytest.mark.parametrize(("cohort_id", "group_id"), SAMPLES)
def test_round_trip_gives_the_same_model(project, tmp_path, cohort_id, group_id) -> None:
    result = _import(project, tmp_path, _template(project, cohort_id, group_id))
    assert result.errors == 0, result.problems
    assert result.checked is not None
    imported = result.checked.project.cohort(cohort_id).proposal_of(group_id)
    original = project.cohort(cohort_id).proposal_of(group_id)
    assert _comparable(imported) == _comparable(original)


def test_importing_twice_changes_nothing(project, tmp_path) -> None:
    scratch = tmp_path / "project"
    shutil.copytree(ROOT / "cohort_data", scratch / "cohort_data")
    (tmp_path / "g3.docx").write_bytes(_template(project, "tokyo-2021", "g3"))
    first = plan_import(scratch, project, tmp_path / "g3.docx", "g3.docx")
    write_import(scratch, first)
    again = plan_import(scratch, load_and_check(scratch).project, tmp_path / "g3.docx", "g3.docx")
    assert again.plan is not None and again.plan.old == again.plan.text


# --- a person fills the template with python-docx ---------------------------------------------

def _control(doc, tag: str, index: int = 0):
    return [content for found, content in controls(doc) if found == tag][index]


def _kpi_table(doc, outcome: int) -> Table:
    content = _control(doc, "outcome", outcome)
    return Table(content.find(qn("w:tbl")), doc._body)


def test_filled_as_a_person_would(project, tmp_path) -> None:
    doc = docx.Document(BytesIO(_template(project, "tokyo-2021", "g1")))
    scope = Paragraph(_control(doc, "scope").find(qn("w:p")), doc._body)
    for run in scope.runs:
        run.text = ""
    scope.runs[0].text = "保育所等の入所申込 *全体*"
    current = _control(doc, "current_state")
    for text in ("窓口が混む", "書類の不備が多い"):  # typed at the end of the control with the bullet button
        current.append(doc.add_paragraph(text, style="List Bullet")._p)
    table = _kpi_table(doc, 0)
    row = table.add_row()
    for cell, text in zip(row.cells, ("相談件数\n（月）", "３０", "30%", "%", "2024/3/31", "窓口記録", ""), strict=True):
        cell.text = text
    result = _import(project, tmp_path, docx_bytes(doc))
    assert result.errors == 1, result.problems
    assert result.problems == [
        "g1.docx: 目指す姿 1 の KPI 表 4行目「現状値」: 全角の「３０」を 30 として読みました（確認してください）",
        "g1.docx: 目指す姿 1 の KPI 表 4行目「目標値」: 単位「%」は書かずに、数値だけを入力してください（値: 30%）",
    ]
    row.cells[2].text = "約30"
    result = _import(project, tmp_path, docx_bytes(doc))
    assert "g1.docx: 目指す姿 1 の KPI 表 4行目「目標値」: 数値を入力してください（「約30」）" in result.problems
    row.cells[2].text = "60"
    result = _import(project, tmp_path, docx_bytes(doc))
    assert result.errors == 0, result.problems
    proposal = result.checked.project.cohort("tokyo-2021").proposal_of("g1")
    assert proposal.scope == "保育所等の入所申込 &#42;全体&#42;"
    assert proposal.current_state.rstrip().endswith("- 窓口が混む\n- 書類の不備が多い")
    kpi = proposal.outcomes[0].kpis[-1]
    assert (kpi.id, kpi.indicator, kpi.baseline, kpi.target, kpi.unit, kpi.deadline.isoformat()) == (
        "g1-kpi-5", "相談件数（月）", 30, 60, "%", "2024-03-31")
    assert "<ul>" in __import__("cohort_site.markup", fromlist=["markdown_html"]).markdown_html(proposal.current_state)


def test_every_error_of_a_file_in_one_run(project, tmp_path) -> None:
    doc = docx.Document(BytesIO(_template(project, "tokyo-2021", "g1")))
    first = _kpi_table(doc, 0).rows[1].cells
    first[2].text, first[4].text = "たくさん", "来年"
    second = _kpi_table(doc, 1).rows[2].cells
    second[1].text = "約30"
    result = _import(project, tmp_path, docx_bytes(doc))
    assert result.errors == 3 and result.plan is None
    assert "g1.docx: 目指す姿 2 の KPI 表 3行目「現状値」: 数値を入力してください（「約30」）" in result.problems
    assert any(p.startswith("g1.docx: 目指す姿 1 の KPI 表 2行目「期限」: 「来年」を日付として読めません") for p in result.problems)


# --- hostile files -------------------------------------------------------------------------------

def _edit_zip(data: bytes, changes: dict[str, bytes | None]) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            if name in changes:
                continue
            target.writestr(name, source.read(name))
        for name, content in changes.items():
            if content is not None:
                target.writestr(name, content)
    return out.getvalue()


def _with_rel(data: bytes, part_rels: str, rel: str) -> bytes:
    with zipfile.ZipFile(BytesIO(data)) as source:
        old = source.read(part_rels).decode() if part_rels in source.namelist() else (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>')
    return _edit_zip(data, {part_rels: old.replace("</Relationships>", rel + "</Relationships>").encode()})


REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _hostile(template: bytes) -> dict[str, tuple[str, bytes]]:
    document = zipfile.ZipFile(BytesIO(template)).read("word/document.xml").decode()
    tracked = document.replace("<w:body>", '<w:body><w:p><w:ins w:id="9" w:author="x"><w:r><w:t>挿入</w:t></w:r></w:ins></w:p>', 1)
    return {
        "macro part": ("g1.docx", _edit_zip(template, {"word/vbaProject.bin": b"\0" * 100})),
        "docm name": ("g1.docm", template),
        "external template": ("g1.docx", _with_rel(template, "word/_rels/settings.xml.rels",
                              f'<Relationship Id="rIdT" Type="{REL}/attachedTemplate" Target="file:///C:/evil.dotm" TargetMode="External"/>')),
        "linked image": ("g1.docx", _with_rel(template, "word/_rels/document.xml.rels",
                         f'<Relationship Id="rIdI" Type="{REL}/image" Target="http://127.0.0.1:9/x.png" TargetMode="External"/>')),
        "altChunk": ("g1.docx", _with_rel(template, "word/_rels/document.xml.rels",
                     f'<Relationship Id="rIdA" Type="{REL}/aFChunk" Target="chunk.html"/>')),
        "tracked changes": ("g1.docx", _edit_zip(template, {"word/document.xml": tracked.encode()})),
        "zip bomb": ("g1.docx", _edit_zip(template, {"word/media/bomb.bin": b"\0" * 60_000_000})),
    }


EXPECTED = {
    "macro part": "マクロが含まれています", "docm name": "マクロ有効の文書（.docm）は読めません",
    "external template": "テンプレートの添付が含まれています", "linked image": "外部のファイルへのリンク",
    "altChunk": "他の文書の埋め込み", "tracked changes": "［校閲］>［承諾］>［すべての変更を反映］",
    "zip bomb": "大きすぎます",
}


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_hostile_files_are_refused_with_a_message(project, tmp_path, case) -> None:
    name, data = _hostile(_template(project, "tokyo-2021", "g1"))[case]
    started = time.perf_counter()
    result = _import(project, tmp_path, data, name)
    assert time.perf_counter() - started < 2  # refused before anything is parsed
    assert result.errors == 1 and result.plan is None
    assert result.problems[0].startswith(f"{name}: ") and EXPECTED[case] in result.problems[0], result.problems


def test_another_groups_or_cohorts_file_is_refused(project, tmp_path) -> None:
    from cohort_site.office.docx_base import set_custom_properties

    doc = docx.Document(BytesIO(_template(project, "tokyo-2021", "g1")))
    set_custom_properties(doc, {"cohort-site-format": "cohort-site-proposal/1", "cohort-site-cohort": "tokyo-2021", "cohort-site-group": "zz"})
    assert "グループ「zz」は研修「tokyo-2021」にありません" in _import(project, tmp_path, docx_bytes(doc)).problems[0]
    set_custom_properties(doc, {"cohort-site-format": "cohort-site-proposal/1", "cohort-site-cohort": "osaka-2030", "cohort-site-group": "g1"})
    assert "研修「osaka-2030」のひな形" in _import(project, tmp_path, docx_bytes(doc)).problems[0]
    plain = docx.Document()
    assert "ひな形から作った文書ではありません" in _import(project, tmp_path, docx_bytes(plain)).problems[0]


def test_formula_and_yaml_tag_values_in_every_text_cell_are_stored_as_text(project, tmp_path) -> None:
    values = ('=HYPERLINK("http://127.0.0.1:9/","x")', '!!python/object/apply:os.system ["touch MARKER"]')
    for value in values:
        doc = docx.Document(BytesIO(_template(project, "tokyo-2021", "g1")))
        for tag in ("measures", "stakeholders", "schedule", "risks"):
            for cell in Table(_control(doc, tag).find(qn("w:tbl")), doc._body).rows[1].cells:
                cell.text = value
        kpi = _kpi_table(doc, 0).rows[1].cells
        for index in (0, 3, 5):
            kpi[index].text = value
        Paragraph(_control(doc, "title").find(qn("w:p")), doc._body).runs[0].text = value
        result = _import(project, tmp_path, docx_bytes(doc))
        assert result.errors == 0, result.problems
        text = result.plan.text
        data = yaml.unsafe_load(re.match(r"---\n(.*?)---\n", text, re.S).group(1))  # a loader that would run tags
        assert data["title"] == value
        assert data["measures"][0] == {"title": value, "description": value}
        assert data["risks"][0] == {"risk": value, "mitigation": value}
        assert data["outcomes"][0]["kpis"][0]["indicator"] == value
        assert data["outcomes"][0]["kpis"][0]["unit"] == value
    assert not (ROOT / "MARKER").exists()


# --- review: the checker's findings as Word comments --------------------------------------------

def _commented_text(doc, comment_id: int) -> str:
    """The text of the paragraph holding the comment's range start."""
    for p in doc.element.body.iter(qn("w:p")):
        for start in p.iter(qn("w:commentRangeStart")):
            if start.get(qn("w:id")) == str(comment_id):
                return "".join(t.text or "" for t in p.iter(qn("w:t")))
    raise AssertionError(f"no range for comment {comment_id}")


def test_review_comments_on_the_method_goal_and_the_output_kpi(project, tmp_path) -> None:
    from cohort_site.office.proposal_review import add_comments, findings

    doc = docx.Document(BytesIO(_template(project, "tokyo-2021", "g1")))
    content = _control(doc, "outcome", 1)
    statement = [Paragraph(p, doc._body) for p in content.findall(qn("w:p")) if Paragraph(p, doc._body).style.name == "Normal"][0]
    statement.runs[0].text = "申込受付に電子申請を導入する"
    _kpi_table(doc, 0).rows[2].cells[0].text = "電子申請対応手続数"
    result = _import(project, tmp_path, docx_bytes(doc))
    assert result.errors == 0, result.problems
    proposal = result.checked.project.cohort("tokyo-2021").proposal_of("g1")
    diagnostics = [d for d in result.checked.diagnostics if d.loc.file == result.rel]
    assert sorted(d.rule for d in diagnostics) == ["goal-is-method", "kpi-counts-output"]
    add_comments(result.document, result.read.anchors, findings(proposal, diagnostics))
    review = docx.Document(BytesIO(docx_bytes(result.document)))
    comments = list(review.comments)
    assert len(comments) == 2 and {c.author for c in comments} == {"DX研修チェッカー"}
    anchored = {c.text.splitlines()[0]: _commented_text(review, c.comment_id) for c in comments}
    by_rule = {next(r for r in ("goal-is-method", "kpi-counts-output") if r in title): text for title, text in anchored.items()}
    assert by_rule == {"goal-is-method": "申込受付に電子申請を導入する", "kpi-counts-output": "電子申請対応手続数"}
    assert any("例:" in c.text or "例：" in c.text for c in comments)  # the suggested rewrite
    # nothing else changed: the review copy reads back to the same proposal
    again = _import(project, tmp_path, docx_bytes(review), "g1-review.docx")
    assert again.plan is not None and again.plan.text == result.plan.text


def test_free_text_tables_numbered_lists_bold_and_pictures(project, tmp_path) -> None:
    from PIL import Image

    picture = tmp_path / "chart.png"
    Image.new("RGB", (40, 20), (200, 30, 30)).save(picture)
    doc = docx.Document(BytesIO(_template(project, "tokyo-2021", "g1")))
    body = _control(doc, "body")
    for element in list(body):
        body.remove(element)
    heading = doc.add_heading("検討の経緯", 2)
    first = doc.add_paragraph("第3回で")
    first.add_run("目標を書き直しました").bold = True
    steps = [doc.add_paragraph(text, style="List Number") for text in ("ペルソナを描く", "<b>KPI</b> を決める")]
    table = doc.add_table(rows=2, cols=2)
    for cell, text in zip([c for r in table.rows for c in r.cells], ("項目", "値", "件数 | 月", "7,000"), strict=True):
        cell.text = text
    with_picture = doc.add_paragraph()
    with_picture.add_run().add_picture(str(picture))
    for block in (heading._p, first._p, *[s._p for s in steps], table._tbl, with_picture._p):
        body.append(block)
    result = _import(project, tmp_path, docx_bytes(doc))
    assert result.errors == 0, result.problems
    markdown = result.read.body
    assert markdown.startswith(
        "## 検討の経緯\n\n第3回で**目標を書き直しました**\n\n1. ペルソナを描く\n1. &#60;b&#62;KPI&#60;/b&#62; を決める\n\n"
        "| 項目 | 値 |\n| --- | --- |\n| 件数 &#124; 月 | 7,000 |\n\n![](images/g1-")
    [(path, data)] = result.pictures.items()
    assert path.startswith("cohort_data/tokyo-2021/images/g1-") and data == picture.read_bytes()
    html = __import__("cohort_site.markup", fromlist=["markdown_html"]).markdown_html(markdown)
    assert "<ol>" in html and "<table>" in html and "<strong>目標を書き直しました</strong>" in html
    assert "&lt;b&gt;KPI&lt;/b&gt;" in html and "<b>" not in html


def test_cli_dry_run_prints_a_diff_and_errors_exit_non_zero(project, tmp_path, capsys) -> None:
    from cohort_site.cli import main

    good = tmp_path / "g3.docx"
    good.write_bytes(_template(project, "tokyo-2021", "g3"))
    assert main(["--root", str(ROOT), "proposal-import", str(good), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "変更はありません" in out and "--dry-run のため" in out
    doc = docx.Document(BytesIO(_template(project, "tokyo-2021", "g3")))
    _kpi_table(doc, 0).rows[1].cells[2].text = "約30"
    bad = tmp_path / "bad.docx"
    bad.write_bytes(docx_bytes(doc))
    before = (ROOT / "cohort_data/tokyo-2021/proposals/g3.md").read_bytes()
    assert main(["--root", str(ROOT), "proposal-import", str(good), str(bad)]) == 1
    assert "「目標値」: 数値を入力してください（「約30」）" in capsys.readouterr().out
    assert (ROOT / "cohort_data/tokyo-2021/proposals/g3.md").read_bytes() == before


def test_review_of_a_file_the_import_cannot_read_comments_the_cell(project, tmp_path, capsys) -> None:
    from cohort_site.cli import main

    doc = docx.Document(BytesIO(_template(project, "tokyo-2021", "g1")))
    _kpi_table(doc, 1).rows[2].cells[1].text = "約30"
    source = tmp_path / "g1.docx"
    source.write_bytes(docx_bytes(doc))
    assert main(["--root", str(ROOT), "proposal-review", str(source), "--out", str(tmp_path / "review")]) == 1
    assert "チェッカーは実行していません" in capsys.readouterr().err
    review = docx.Document(str(tmp_path / "review" / "g1-review.docx"))
    [comment] = list(review.comments)
    assert comment.text == "目指す姿 2 の KPI 表 3行目「現状値」\n数値を入力してください（「約30」）"
    assert _commented_text(review, comment.comment_id) == "約30"


def test_a_group_without_a_proposal_gets_an_empty_template_and_a_new_file(project, tmp_path) -> None:
    scratch = tmp_path / "project"
    shutil.copytree(ROOT / "cohort_data", scratch / "cohort_data")
    (scratch / "cohort_data/kanagawa-2023/proposals/k3.md").unlink()
    without = load_and_check(scratch).project
    cohort = without.cohort("kanagawa-2023")
    empty = write_template(without, cohort, cohort.group("k3"), intranet=True)
    (tmp_path / "k3.docx").write_bytes(empty)
    result = plan_import(scratch, without, tmp_path / "k3.docx", "k3.docx")
    assert result.problems == ["k3.docx: 提案名: 提案名を書いてください", "k3.docx: 目指す姿（アウトカム）: 目指す姿を少なくとも1つ書いてください"]
    doc = docx.Document(BytesIO(empty))
    for tag, text in (("title", "窓口の待ち時間を減らす"), ("scope", "転入届"), ("current_state", "待ち時間が長い"), ("target_users", "転入者")):
        Paragraph(_control(doc, tag).find(qn("w:p")), doc._body).add_run(text)
    outcome = _control(doc, "outcome", 0)
    statement = [Paragraph(p, doc._body) for p in outcome.findall(qn("w:p")) if Paragraph(p, doc._body).style.name == "Normal"][0]
    statement.add_run("転入者が30分以内に手続きを終えられている")
    cells = _kpi_table(doc, 0).rows[1].cells
    for cell, text in zip(cells, ("窓口滞在時間", "110", "45", "分", "2025年4月30日", "", ""), strict=True):
        cell.text = text
    (tmp_path / "k3.docx").write_bytes(docx_bytes(doc))
    result = plan_import(scratch, without, tmp_path / "k3.docx", "k3.docx")
    assert result.errors == 0, result.problems
    assert result.plan.old is None
    write_import(scratch, result)
    created = load_and_check(scratch).project.cohort("kanagawa-2023").proposal_of("k3")
    assert (created.title, created.outcomes[0].kpis[0].id, created.outcomes[0].kpis[0].deadline.isoformat()) == (
        "窓口の待ち時間を減らす", "k3-kpi-1", "2025-04-30")
    assert created.rollout is None and created.measures == [] and created.body == ""


def test_template_headings_fonts_header_rows_and_properties(project) -> None:
    from cohort_site import labels
    from cohort_site.office.docx_base import custom_properties

    doc = docx.Document(BytesIO(_template(project, "tokyo-2021", "g1")))
    body = doc.element.body
    level1 = [Paragraph(p, doc._body).text for p in body.iter(qn("w:p")) if Paragraph(p, doc._body).style.name == "Heading 1"]
    assert level1 == [s.title for s in labels.PROPOSAL_SECTIONS]  # the page's and the PDF's titles and order
    for style in doc.styles.element.findall(qn("w:style")):
        fonts = style.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        assert fonts is not None and fonts.get(qn("w:eastAsia")), style.find(qn("w:name")).get(qn("w:val"))
    tables = list(body.iter(qn("w:tbl")))
    assert len(tables) >= 10
    assert all(t.find(f"{qn('w:tr')}/{qn('w:trPr')}/{qn('w:tblHeader')}") is not None for t in tables)
    assert custom_properties(doc) == {
        "cohort-site-format": "cohort-site-proposal/1", "cohort-site-cohort": "tokyo-2021", "cohort-site-group": "g1"}
    text = "".join(t.text or "" for t in body.iter(qn("w:t")))
    assert "方法をゴールに置かない" in text and "保育所の入所申込を電子申請化する" in text  # the lesson, bad and good
    assert all(m.name in text for m in project.cohort("tokyo-2021").group("g1").members)
    assert _template(project, "tokyo-2021", "g1") == _template(project, "tokyo-2021", "g1")  # same bytes


def test_findings_map_positions_to_the_word_place(project) -> None:
    from cohort_site.diagnostics import warning
    from cohort_site.model import Loc
    from cohort_site.office.proposal_review import body_line, findings

    proposal = project.cohort("tokyo-2021").proposal_of("g2")
    text = (ROOT / "cohort_data/tokyo-2021/proposals/g2.md").read_text(encoding="utf-8")
    first = body_line(text)
    assert text.split("\n")[first - 2] == "---"
    statement = proposal.outcomes[1].loc("statement")
    kpi = proposal.outcomes[1].kpis[0]
    found = findings(proposal, [
        warning(statement, "goal-is-method", "a"),
        warning(kpi.loc(), "kpi-incomplete", "b"),
        warning(kpi.loc("target"), "kpi-incomplete", "c"),
        warning(Loc(statement.file, first + 3, 1), "goal-is-method", "d"),
    ], first)
    assert [f.path for f in found] == ["outcomes.1.statement", "outcomes.1.kpis.0.indicator", "outcomes.1.kpis.0.target", "body"]


def test_a_section_the_word_template_does_not_know_fails_loudly(project, monkeypatch) -> None:
    from cohort_site import labels

    extra = (*labels.PROPOSAL_SECTIONS, labels.Section("budget", "予算", "budget_lines"))
    monkeypatch.setattr(labels, "PROPOSAL_SECTIONS", extra)
    with pytest.raises(ValueError, match="budget_lines"):
        _template(project, "tokyo-2021", "g1")


def test_the_sites_templates_are_written_again_when_what_they_show_changes(project, tmp_path, monkeypatch) -> None:
    """The site's templates are kept for the process between builds (`mkdocs serve`): nothing
    changed gives the same bytes without writing them; a changed proposal, profile or picture
    writes that cohort's again."""
    data = tmp_path / "cohort_data"
    shutil.copytree(ROOT / "cohort_data", data)
    written: list[str] = []

    def counted(project, cohort, group, **options) -> bytes:
        written.append(f"{cohort.id}/{group.id}")
        return write_template(project, cohort, group, **options)

    monkeypatch.setattr(proposal_template, "write_template", counted)
    tokyo = {f"tokyo-2021/{g.id}" for g in project.cohort("tokyo-2021").groups}
    path = outputs.proposal_template_path("tokyo-2021", "g1")

    def build(proj, intranet: bool = True) -> dict[str, bytes]:
        written.clear()
        return dict(site_templates(proj, intranet=intranet, data_root=data))

    first = build(project)  # (another test of this process may have written them already)
    assert len(first) == sum(len(c.groups) for c in project.cohorts)
    assert build(project) == first and written == []

    cohort = project.cohort("tokyo-2021")
    proposal = cohort.proposal_of("g1")
    edited = proposal.model_copy(update={"title": proposal.title + "（改訂）"})
    changed = cohort.model_copy(update={"proposals": tuple(edited if p is proposal else p for p in cohort.proposals)})
    again = build(project.model_copy(update={"cohorts": tuple(changed if c is cohort else c for c in project.cohorts)}))
    assert set(written) == tokyo and "（改訂）" in _document_text(again[path])

    public = build(project, intranet=False)
    assert public[path] != first[path] and len(written) == len(first)

    picture = next((data / "tokyo-2021" / "images").glob("*.png"))
    picture.write_bytes(picture.read_bytes() + b"\0")  # same name, other bytes
    assert build(project) == first and set(written) == tokyo


def _document_text(data: bytes) -> str:
    """Every text run of the body, the content controls' included."""
    body = docx.Document(BytesIO(data)).element.body
    return "".join(t.text or "" for t in body.iter(qn("w:t")))
