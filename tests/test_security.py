"""Issue 8: no script from the data reaches a browser, no project file reaches a PDF, nothing
outside reaches either.

The hostile strings go into every text field of the model (found by walking the model, see
hostile.py) of the full sample, and into every Markdown field; the built site, its search index
and the PDFs are read back."""

from __future__ import annotations

import functools
import json
import re
import shutil
import subprocess
import threading
from html import unescape
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from browser_support import _Quiet
from cohort_site.checks import load_and_check
from cohort_site.handouts.runner import HandoutOptions, build_handouts
from cohort_site.loader import load_project
from cohort_site.markup import markdown_html
from handouts_support import render
from hostile import HOSTILE, active, all_text_fields, hostile_project
from site_helpers import ROOT, build, copy_project, page, pages, run_build, run_cli, search_index, text

SAMPLE = load_project(ROOT).project
COHORT = SAMPLE.cohorts[0]
# Pages that show plain text fields of each kind: the string must be visible there as written.
SHOWN_ON = ["tokyo-2021/", "tokyo-2021/sessions/1/", "tokyo-2021/groups/g1/", "tokyo-2021/proposals/g1/",
            "tokyo-2021/retrospective/", "portfolio/", "municipalities/"]


def _no_active_content(site: Path) -> None:
    """Nothing in any built page or in the search index could run."""
    for path in site.rglob("*.html"):
        found = active(path.read_text(encoding="utf-8"))
        where = path.relative_to(site)
        assert not found.handlers, (where, found.handlers[:3])
        assert not found.script_urls, (where, found.script_urls[:3])
        assert not found.embedded, (where, found.embedded)
        # The theme's own scripts: files under assets/ (or the vendored shim) and its inline config.
        for script in found.scripts:
            assert "alert(" not in script and "7*7" not in script, (where, script[:80])
    raw = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "<script" not in raw.lower() and "<img" not in raw.lower() and "<svg" not in raw.lower()
    # The theme shows result text as HTML: read it as HTML too.
    for doc in json.loads(raw)["docs"]:
        for field in ("title", "text"):
            found = active(doc.get(field, ""))
            assert not (found.handlers or found.script_urls or found.scripts), (doc["location"], field)


@pytest.fixture(scope="module")
def all_hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One site for every hostile string at once, in every text field (one build, not one per
    string: each string is still whole in every field, so each is checked on its own below)."""
    root, seen = hostile_project(" ".join(HOSTILE), tmp_path_factory.mktemp("hostile-all") / "project")
    assert seen == all_text_fields(), "a text field of the model was not reached"
    build(root, root / "site")
    return root / "site"


@pytest.mark.parametrize("value", HOSTILE, ids=[f"hostile{i}" for i in range(len(HOSTILE))])
def test_hostile_text_in_every_field_is_shown_as_text_and_never_runs(all_hostile_site: Path, value: str) -> None:
    site = all_hostile_site
    _no_active_content(site)
    for url in SHOWN_ON:
        assert value in text(page(site, url)), url
    assert "49" not in text(page(site, "tokyo-2021/groups/g1/"))  # {{ 7*7 }} is never evaluated
    # Titles are text in the <title>, the navigation and the search index too.
    html = page(site, "tokyo-2021/sessions/1/")
    assert value in unescape(re.search(r"<title>(.*?)</title>", html, re.S).group(1))
    navigation = html.split('<nav class="md-nav md-nav--primary', 1)[1].split("</nav>", 1)[0]
    assert value in unescape(re.sub(r"<[^>]+>", "", navigation))
    assert any(value in unescape(d["title"]) for d in search_index(site))


# --- the browser: no dialog on any page ------------------------------------------------------

def _serve(site: Path) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def test_no_dialog_fires_on_any_page(all_hostile_site: Path, browser: Browser) -> None:
    _no_active_content(all_hostile_site)
    server, origin = _serve(all_hostile_site)
    try:
        context = browser.new_context()
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(origin) else route.abort())
        dialogs: list[str] = []
        tab = context.new_page()
        tab.on("dialog", lambda d: (dialogs.append(f"{tab.url}: {d.message}"), d.dismiss()))
        urls = sorted(pages(all_hostile_site))
        assert len(urls) > 30
        # Each page without the theme's search worker, which would index the whole site again on
        # every page (a worker cannot open a dialog; the search itself is tried below).
        without_worker = lambda route: route.abort()  # noqa: E731
        tab.route("**/workers/search.*", without_worker)
        for url in urls:
            tab.goto(f"{origin}/{url}", wait_until="load")
            tab.wait_for_timeout(50)
        tab.unroute("**/workers/search.*", without_worker)
        # Search shows result text as HTML: search for the hostile text itself (the index splits
        # words at spaces, so `<img src=x onerror=alert(1)>` gives the word `onerror=alert(1)>`).
        tab.goto(f"{origin}/")
        tab.click(".md-search__input")
        tab.fill(".md-search__input", "onerror")
        tab.press(".md-search__input", "End")
        tab.wait_for_selector(".md-search-result__item", timeout=30000)
        tab.wait_for_timeout(300)
        assert dialogs == []
        context.close()
    finally:
        server.shutdown()
        server.server_close()


# --- PDFs: no script URI, no embedded file ----------------------------------------------------

def _pdf_problems(pdf: Path) -> list[str]:
    reader = PdfReader(pdf)
    problems = []
    names = reader.trailer["/Root"].get("/Names")
    if names is not None and "/EmbeddedFiles" in names.get_object():
        problems.append("EmbeddedFiles name tree")
    if "/OpenAction" in reader.trailer["/Root"] or "/AA" in reader.trailer["/Root"]:
        problems.append("document action")
    for number, pdf_page in enumerate(reader.pages, 1):
        for annot in pdf_page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") == "/FileAttachment":
                problems.append(f"p{number}: file attachment")
            action = annot.get("/A")
            if isinstance(action, DictionaryObject):
                kind, uri = action.get("/S"), str(action.get("/URI", ""))
                if kind in ("/JavaScript", "/Launch", "/SubmitForm", "/ImportData") or re.match(r"\s*(java|vb)script:", uri, re.I):
                    problems.append(f"p{number}: {kind} {uri}")
    if b"/JavaScript" in pdf.read_bytes() or b"/EmbeddedFile" in pdf.read_bytes():
        problems.append("JavaScript or EmbeddedFile object")
    return problems


def _pdfs(out: Path) -> list[Path]:
    found = sorted(out.rglob("*.pdf"))
    assert found
    return found


# Every print template but the book's FAQ part (the book takes minutes on a busy machine); the
# strings that could become a link action or an attachment in a PDF.
PDF_PICK = {"session-01.pdf", "proposal-g1.pdf", "rollout-131121.pdf"}
PDF_HOSTILE = " ".join(v for v in HOSTILE if "javascript" in v or "<img" in v)


def test_pdfs_of_hostile_data_have_no_script_uri_and_no_embedded_file(tmp_path: Path) -> None:
    root, _ = hostile_project(PDF_HOSTILE, tmp_path / "project")
    out = tmp_path / "out"
    render(root, out, None, select=lambda ref: ref.cohort == "tokyo-2021" and ref.filename in PDF_PICK)
    pdfs = _pdfs(out)
    assert len(pdfs) == 3
    for pdf in pdfs:
        assert _pdf_problems(pdf) == [], pdf.name
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "alert(1)" in text, pdf.name  # shown as text


def test_attachments_never_reach_a_public_pdf(tmp_path: Path) -> None:
    """The issue's repro: attachments written in a proposal body, built with the public profile."""
    root = copy_project(tmp_path / "project")
    (root / ".git").mkdir()
    (root / ".git/config").write_text("[remote]\nurl = secret\n")
    proposal = root / "cohort_data/tokyo-2021/proposals/g1.md"
    proposal.write_text(
        proposal.read_text(encoding="utf-8")
        + '\n<a rel="attachment" href="cohort_data/tokyo-2021/groups.yml">名簿</a>\n\n'
        + '<link rel="attachment" href=".git/config">\n\n'
        + '[添付](cohort_data/tokyo-2021/groups.yml){: rel="attachment" }\n',
        encoding="utf-8",
    )
    checked = load_and_check(root)
    assert checked.ok
    out = tmp_path / "out"
    build_handouts(root, checked.project, out, HandoutOptions(profile="public", cache_dir=None, workers=1),
                   select=lambda ref: ref.cohort == "tokyo-2021" and ref.filename in PDF_PICK)
    members = [m.name for g in COHORT.groups for m in g.members] + [g.mentor.name for g in COHORT.groups if g.mentor]
    assert members
    for pdf in _pdfs(out):
        assert _pdf_problems(pdf) == [], pdf.name
        data = pdf.read_bytes()
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        for name in members:
            assert name not in text and name.encode() not in data, (pdf.name, name)
        assert b"secret" not in data


# --- external resources -------------------------------------------------------------------------

EXTERNAL = [
    ("![地図](http://203.0.113.5/map.png)", "画像"),
    ('<img src="https://203.0.113.5/a.png" alt="a">', "<img>"),
    ('<iframe src="https://203.0.113.5/frame"></iframe>', "<iframe>"),
    ('<link rel="stylesheet" href="https://203.0.113.5/x.css">', "<link>"),
    ('<script src="//203.0.113.5/x.js"></script>', "<script>"),
    ('<video><source src="https://203.0.113.5/v.mp4"></video>', "<source>"),
    ('<div style="background: url(https://203.0.113.5/bg.png)">x</div>', "CSS の url()"),
]


def test_external_resources_are_errors_at_their_line_and_the_site_never_references_them(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    session = root / "cohort_data/tokyo-2021/sessions/02.md"
    before = session.read_text(encoding="utf-8")
    first_line = before.count("\n") + 2
    session.write_text(before + "\n" + "\n".join(f"- {w}" for w, _ in EXTERNAL)
                       + "\n\n外部のページへのリンクは使えます: <a href=\"https://www.digital.go.jp/\">デジタル庁</a>\n",
                       encoding="utf-8")
    done = run_cli("--root", str(root), "check")
    assert done.returncode == 1
    found = [line for line in done.stdout.splitlines() if "external-resource" in line]
    assert len(found) == len(EXTERNAL), done.stdout
    for i, (written, kind) in enumerate(EXTERNAL):
        url = re.search(r"(?:https?:)?//[^\s\"')]+", written).group(0)
        col = written.index(url) + 3  # after "- "
        expected = f"cohort_data/tokyo-2021/sessions/02.md:{first_line + i}:{col}: error external-resource: {kind}の外部リソース {url} は"
        assert any(line.startswith(expected) for line in found), (expected, found)
    assert all("images/" in line for line in found)  # the message says how to fix it
    assert "digital.go.jp" not in done.stdout  # a link the reader clicks is fine
    site = tmp_path / "site"
    result = run_build(root, site)
    assert result.returncode == 1
    assert "external-resource" in result.stdout + result.stderr
    for path in site.rglob("*") if site.exists() else []:
        if path.is_file():
            assert b"203.0.113.5" not in path.read_bytes(), path


def test_the_sanitiser_drops_every_auto_loaded_external_resource() -> None:
    html = markdown_html("\n\n".join(w for w, _ in EXTERNAL), image_src=lambda src: None)
    assert "203.0.113.5" not in html
    linked = markdown_html('<a href="https://www.digital.go.jp/" rel="attachment" onclick="x()">デジタル庁</a>')
    assert linked == '<p><a href="https://www.digital.go.jp/">デジタル庁</a></p>'


# --- images -------------------------------------------------------------------------------------

def test_a_cohort_image_shows_on_the_site_and_in_the_pdf(site: Path, browser: Browser, packs: tuple[Path, object]) -> None:
    html = page(site, "tokyo-2021/sessions/1/")
    assert 'src="../../images/logic-model.png"' in html
    assert (site / "tokyo-2021/images/logic-model.png").read_bytes() == \
        (ROOT / "cohort_data/tokyo-2021/images/logic-model.png").read_bytes()
    server, origin = _serve(site)
    try:
        tab = browser.new_page()
        tab.goto(f"{origin}/tokyo-2021/sessions/1/", wait_until="load")
        widths = tab.eval_on_selector_all(
            "article img[src*='logic-model']", "images => images.map(i => i.complete ? i.naturalWidth : 0)")
        assert widths and all(w > 0 for w in widths)
        tab.close()
    finally:
        server.shutdown()
        server.server_close()
    pdf = packs[0] / "pdf" / "tokyo-2021" / "session-01.pdf"  # rendered once per run (tests/conftest.py)
    listed = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True)
    rows = listed.stdout.splitlines()[2:]
    assert any(row.split()[3:5] == ["720", "200"] for row in rows), listed.stdout


def test_a_missing_image_is_an_error_at_its_line(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    session = root / "cohort_data/tokyo-2021/sessions/03.md"
    before = session.read_text(encoding="utf-8")
    session.write_text(before + "\n図: ![業務フロー](images/flow.png)\n\n![表](../../site_src/x.png)\n", encoding="utf-8")
    line = before.count("\n") + 2
    diagnostics = [str(d) for d in load_and_check(root).diagnostics if d.rule.startswith("image-")]
    assert diagnostics == [
        f"cohort_data/tokyo-2021/sessions/03.md:{line}:13: error image-missing: "
        "画像 images/flow.png が cohort_data/tokyo-2021/images/ にありません",
        f"cohort_data/tokyo-2021/sessions/03.md:{line + 2}:6: warning image-path: 画像 ../../site_src/x.png は"
        "サイトにも PDF にも表示されません。画像は研修フォルダの images/ に置き、![説明](images/ファイル名) と書いてください",
    ]


# --- symlinks -----------------------------------------------------------------------------------

def test_a_symlink_out_of_the_project_is_refused_without_echoing_its_target(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    secret = tmp_path / "outside.yml"
    secret.write_text("groups:\n  - id: x\n    name: 外部の秘密の名簿データ\n    municipalities: ['131016']\n", encoding="utf-8")
    groups = root / "cohort_data/tokyo-2021/groups.yml"
    groups.unlink()
    groups.symlink_to(secret)
    elsewhere = tmp_path / "elsewhere-2021"
    shutil.copytree(root / "cohort_data/tokyo-2021", elsewhere, symlinks=True)
    (root / "cohort_data/linked-2021").symlink_to(elsewhere)
    done = run_cli("--root", str(root), "check")
    assert done.returncode == 1
    assert "cohort_data/tokyo-2021/groups.yml:1:1: error outside-project: シンボリックリンクの先がプロジェクトの外にある" in done.stdout
    assert "cohort_data/linked-2021:1:1: error outside-project:" in done.stdout
    assert "秘密" not in done.stdout + done.stderr
    assert str(tmp_path) not in done.stdout + done.stderr


def test_echoed_values_are_cut_to_a_readable_length(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    cohort = root / "cohort_data/tokyo-2021/cohort.yml"
    cohort.write_text(re.sub(r"(?m)^fiscal_year: .*$", "fiscal_year: " + "あ" * 500, cohort.read_text(encoding="utf-8")),
                      encoding="utf-8")
    found = [str(d) for d in load_and_check(root).diagnostics if d.rule == "type"]
    assert found and all(len(line) < 250 and "…" in line for line in found), found
