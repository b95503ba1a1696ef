"""The rendering core's behaviour: cache, reproducibility, failures, fonts, the restricted fetcher."""

from __future__ import annotations

import logging
import socket
from pathlib import Path

import pytest
from pypdf import PdfReader

from cohort_site.cli import main as cli_main
from cohort_site.handouts.errors import FontNotFound, PackFailed
from cohort_site.handouts.fetcher import RestrictedFetcher
from cohort_site.handouts.fonts import FontOptions, find_fonts
from cohort_site.handouts.runner import HandoutOptions, build_handouts
from cohort_site.loader import load_project
from cohort_site.logger import HANDOUTS_LOGGER
from handouts_support import SAMPLE, copy_project, page_texts, pdfinfo, render, squash

SESSION_1 = "cohort_data/tokyo-2021/sessions/01.md"
TWO_SESSIONS = {"session-01.pdf", "session-02.pdf"}


def only(*filenames: str):
    """These packs of the Tokyo sample (the Kanagawa sample has files of the same names)."""
    return lambda ref: ref.cohort == SAMPLE and ref.filename in filenames


def append_to_body(project: Path, text: str, file: str = SESSION_1) -> None:
    path = project / file
    path.write_text(path.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def test_unchanged_rebuild_is_cached_and_a_changed_file_renders_again(project: Path, tmp_path: Path, caplog) -> None:
    cache, out = tmp_path / "cache", tmp_path / "out"
    caplog.set_level(logging.INFO, HANDOUTS_LOGGER.name)
    first = render(project, out, cache, select=only(*TWO_SESSIONS), workers=1)
    assert (first.rendered, first.cached) == (2, 0)
    assert "1/2 handouts" in caplog.text and "2/2 handouts" in caplog.text
    assert "作成 2 件、キャッシュ 0 件" in caplog.text

    again = render(project, out, cache, select=only(*TWO_SESSIONS), workers=1)
    assert (again.rendered, again.cached) == (0, 2)

    append_to_body(project, "追記した一文です。")
    changed = render(project, out, cache, select=only(*TWO_SESSIONS), workers=1)
    assert {b.ref.filename: b.cached for b in changed.built} == {"session-01.pdf": False, "session-02.pdf": True}
    assert "追記した一文です。" in squash("".join(page_texts(out / "pdf/tokyo-2021/session-01.pdf")))


def test_two_renders_are_byte_identical(project: Path, tmp_path: Path) -> None:
    one = render(project, tmp_path / "a", None, select=only("proposal-g2.pdf"), workers=1)
    two = render(project, tmp_path / "b", None, select=only("proposal-g2.pdf"), workers=1)
    assert one.built[0].path.read_bytes() == two.built[0].path.read_bytes()
    assert one.rendered == two.rendered == 1


def test_source_date_epoch_sets_the_document_date(project: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14
    built = render(project, tmp_path / "a", None, select=only("session-05.pdf"), workers=1).built[0]
    assert "Nov 14" in pdfinfo(built.path)["CreationDate"] and "2023" in pdfinfo(built.path)["CreationDate"]


def test_a_failing_pack_names_itself_and_its_sources_and_keeps_the_old_pdf(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    old = out / "pdf/tokyo-2021/session-01.pdf"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"%PDF- previous build")
    append_to_body(project, "絵文字は入れられません 🙂")
    with pytest.raises(PackFailed) as failed:
        render(project, out, None, select=only(*TWO_SESSIONS), workers=2)
    message = str(failed.value)
    assert "pdf/tokyo-2021/session-01.pdf" in message and "第1回" in message
    assert SESSION_1 in message and "U+1F642" in message
    assert "session-02" not in message
    assert old.read_bytes() == b"%PDF- previous build"
    assert (out / "pdf/tokyo-2021/session-02.pdf").read_bytes().startswith(b"%PDF-1.7")
    assert not list(out.rglob("*.tmp"))


def test_a_dangling_cross_reference_fails_before_rendering_naming_the_file(project: Path, tmp_path: Path) -> None:
    append_to_body(project, "詳しくは[第9回](#session-9)を見てください。")
    with pytest.raises(PackFailed) as failed:
        render(project, tmp_path / "out", None, select=only("session-01.pdf"), workers=1)
    assert f"{SESSION_1}:" in str(failed.value) and "#session-9" in str(failed.value)
    assert not (tmp_path / "out").exists()


def test_a_cross_reference_elsewhere_in_the_cohort_is_text_and_inside_the_pack_a_link(project: Path, tmp_path: Path) -> None:
    append_to_body(project, "[第3回の進行表](#session-3-agenda)と[この回の宿題](#session-1-homework)")
    built = render(project, tmp_path / "out", None, select=only("session-01.pdf"), workers=1).built[0]
    text = squash("".join(page_texts(built.path)))
    assert "第3回の進行表" in text and "この回の宿題" in text
    reader = PdfReader(str(built.path))
    links = [
        annot.get_object().get("/Dest") for page in reader.pages for annot in page.get("/Annots", [])
        if annot.get_object().get("/Subtype") == "/Link"
    ]
    assert "session-1-homework" in links and "session-3-agenda" not in links
    assert "session-1-homework" in reader.named_destinations


def test_missing_fonts_stop_with_the_package_name(tmp_path: Path) -> None:
    with pytest.raises(FontNotFound) as missing:
        find_fonts(FontOptions(gothic_family="No Such Gothic"))
    assert "No Such Gothic" in str(missing.value) and "fonts-morisawa-bizud-gothic" in str(missing.value)
    with pytest.raises(FontNotFound) as missing:
        find_fonts(FontOptions(mincho_regular=str(tmp_path / "none.ttf")))
    assert "none.ttf" in str(missing.value) and "見つかりません" in str(missing.value)
    dejavu = find_fonts().faces[0].path.parents[1] / "dejavu" / "DejaVuSans.ttf"
    if dejavu.is_file():  # a font without Japanese glyphs is refused too
        with pytest.raises(FontNotFound, match="日本語の文字"):
            find_fonts(FontOptions(gothic_regular=str(dejavu)))


def test_cli_pack_reports_a_missing_font_and_writes_nothing(project: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    import cohort_site.handouts.fonts as fonts

    monkeypatch.setattr(fonts, "_fc_list", lambda family, style: None)  # as if not installed
    code = cli_main(["--root", str(project), "pack", "tokyo-2021", "--out", str(tmp_path / "out")])
    assert code == 1
    assert "fonts-morisawa-bizud-gothic" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


# --- the restricted fetcher -------------------------------------------------------------

@pytest.fixture()
def listener():
    """A listening socket on a free local port: it must never see a connection."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.setblocking(False)
    yield server
    server.close()


def _connections(server: socket.socket) -> int:
    try:
        server.accept()[0].close()
        return 1
    except BlockingIOError:
        return 0


def test_fetcher_allows_fonts_and_images_of_the_allowed_folders_only(
    tmp_path: Path, listener: socket.socket, caplog
) -> None:
    cohort = tmp_path / "cohort_data/c-2021"
    (cohort / "images").mkdir(parents=True)
    (tmp_path / "site_src").mkdir()
    (tmp_path / ".git").mkdir()
    (cohort / "images/a.png").write_bytes(b"png")
    (tmp_path / "site_src/b.svg").write_bytes(b"<svg/>")
    (cohort / "groups.yml").write_text("groups: []")
    (tmp_path / ".git/config.png").write_bytes(b"git")
    (tmp_path / "root.png").write_bytes(b"root")
    (tmp_path / "cohort_data/other-2021").mkdir()
    (tmp_path / "cohort_data/other-2021/x.png").write_bytes(b"other cohort")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.png"
    outside.write_bytes(b"outside")
    (cohort / "images/link.png").symlink_to(outside)
    font = tmp_path / "font.ttf"
    font.write_bytes(b"font")
    fetcher = RestrictedFetcher(tmp_path, "pdf/x.pdf（テスト）", extra_files=(font,),
                                image_dirs=("cohort_data/c-2021", "site_src"))
    assert fetcher.fetch((cohort / "images/a.png").as_uri()).read() == b"png"
    assert fetcher.fetch((tmp_path / "site_src/b.svg").as_uri()).read() == b"<svg/>"
    assert fetcher.fetch(font.as_uri()).read() == b"font"
    assert fetcher.fetch("data:image/png;base64,cG5n").read() == b"png"
    port = listener.getsockname()[1]
    refused = [
        f"http://127.0.0.1:{port}/x.png", f"https://127.0.0.1:{port}/x.png", "ftp://127.0.0.1/x",
        "file:///etc/passwd", f"{tmp_path.as_uri()}/../etc/passwd", (cohort / "groups.yml").as_uri(),
        (tmp_path / ".git/config.png").as_uri(), (tmp_path / "root.png").as_uri(),
        (tmp_path / "cohort_data/other-2021/x.png").as_uri(), (cohort / "images/link.png").as_uri(),
        "data:text/html;base64,PHNjcmlwdD4=", "data:image/svg+xml;base64,PHN2Zy8+",
    ]
    for url in refused:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert _connections(listener) == 0
    assert fetcher.refused == refused
    assert caplog.text.count("pdf/x.pdf（テスト）") == len(refused)


def test_a_page_referencing_the_network_and_project_files_renders_without_them(
    project: Path, tmp_path: Path, listener: socket.socket, caplog
) -> None:
    """The fetcher holds even when the checker is skipped (it reports these as errors)."""
    port = listener.getsockname()[1]
    (project / "cohort_data/tokyo-2021/images").mkdir(exist_ok=True)
    (project / "cohort_data/tokyo-2021/images/ok.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    append_to_body(project, f"![net](http://127.0.0.1:{port}/x.png) ![pw](/etc/passwd) "
                            f"![up](../../../../etc/passwd) ![ok](images/ok.svg) "
                            f"![yml](cohort_data/tokyo-2021/groups.yml)\n\n"
                            f'<img src="file:///etc/passwd" alt="f">')
    caplog.set_level(logging.WARNING, HANDOUTS_LOGGER.name)
    loaded = load_project(project)
    built = build_handouts(project, loaded.project, tmp_path / "out", HandoutOptions(cache_dir=None, workers=1),
                           select=only("session-01.pdf")).built[0]
    assert built.pages > 1
    assert _connections(listener) == 0
    refused = [r.getMessage() for r in caplog.records if "読み込みません" in r.getMessage()]
    assert any(f"127.0.0.1:{port}/x.png" in m for m in refused)
    assert sum("/etc/passwd" in m for m in refused) >= 2
    assert any("groups.yml" in m for m in refused)
    assert all("session-01.pdf" in m for m in refused)
    assert not any("ok.svg" in m for m in refused)


def test_pdf_a_3b_is_an_option(project: Path, tmp_path: Path) -> None:
    built = render(project, tmp_path / "a", None, select=only("session-05.pdf"), workers=1, pdf_variant="pdf/a-3b").built[0]
    xmp = PdfReader(str(built.path)).trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b'pdfaid:part="3"' in xmp and b'pdfaid:conformance="B"' in xmp
    with pytest.raises(Exception, match="pdf/x-9"):
        render(project, tmp_path / "b", None, select=only("session-05.pdf"), workers=1, pdf_variant="pdf/x-9")
