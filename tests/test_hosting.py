"""Hosting under a sub-path, as the intranet does: the build with site_url served by a real
nginx under /dx-kenshu/ with the configuration the hosting guide gives, the 404 page with all
its assets, calendars as text/calendar, the sitemap; the Content-Security-Policy the build writes
(`csp.py`) sent by that nginx and obeyed by Chromium; the IIS web.config the build writes; and the
one log line when site_url is missing."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Response

from cohort_site import csp
from site_helpers import ROOT, build, run_build

SITE_URL = "http://intranet.example/dx-kenshu/"
GUIDE = (ROOT / "site_src" / "guide" / "hosting.md").read_text(encoding="utf-8")


def _block(language: str) -> str:
    found = re.search(rf"```{language}\n(.*?)```", GUIDE, re.S)
    assert found, f"the hosting guide has no {language} example"
    return found.group(1)


@pytest.fixture(scope="module")
def sub_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("site-subpath") / "site"
    build(ROOT, dest, COHORT_SITE_URL=SITE_URL)
    return dest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _first_inline_script_hash(page: Path) -> str:
    """The CSP hash of the page's first inline script, computed here (not by the plugin's code)."""
    found = re.search(r"<script>(.*?)</script>", page.read_text(encoding="utf-8"), re.S)
    assert found, f"{page}: no inline script"
    return "'sha256-" + base64.b64encode(hashlib.sha256(found.group(1).encode("utf-8")).digest()).decode() + "'"


@pytest.fixture(scope="module")
def nginx_servers(sub_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """nginx serving the build under /dx-kenshu/ with the guide's server block (which includes the build's
    generated policy), and on a second port the same block with the policy of one hash less."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    assert Path(binary).exists(), "nginx がありません: bash scripts/dev.sh setup で nginx-light を入れてください"
    work = tmp_path_factory.mktemp("nginx")
    ports = _free_port(), _free_port()
    server = _block("nginx").replace("/srv/dx-kenshu/site/", f"{sub_site}/")
    generated = f"include {sub_site}/_server/nginx-csp.conf;"
    assert server.count(generated) == 2, "the guide's nginx block does not include the generated policy (twice)"
    dropped = _first_inline_script_hash(sub_site / "index.html")
    header = (sub_site / "_server" / "nginx-csp.conf").read_text(encoding="utf-8")
    assert f" {dropped}" in header
    (work / "one-hash-less.conf").write_text(header.replace(f" {dropped}", ""), encoding="utf-8")
    servers = server.replace("listen 80;", f"listen 127.0.0.1:{ports[0]};") + server.replace(
        "listen 80;", f"listen 127.0.0.1:{ports[1]};").replace(generated, f"include {work}/one-hash-less.conf;")
    temp = "".join(f"{name}_temp_path {work}/{name};\n" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the pytest temp folder
    (work / "nginx.conf").write_text(
        f"{user}daemon off;\npid {work}/nginx.pid;\nerror_log {work}/error.log;\nevents {{}}\n"
        f"http {{\naccess_log off;\n{temp}{servers}\n}}\n", encoding="utf-8")
    process = subprocess.Popen([binary, "-p", str(work), "-c", str(work / "nginx.conf")])
    for port in ports:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                assert process.poll() is None, (work / "error.log").read_text(encoding="utf-8")
                time.sleep(0.1)
    yield f"http://127.0.0.1:{ports[0]}", f"http://127.0.0.1:{ports[1]}"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def nginx(nginx_servers: tuple[str, str]) -> str:
    return nginx_servers[0]


def test_404_under_a_sub_path_loads_every_asset(browser: Browser, nginx: str) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="ja-JP")
    page = context.new_page()
    responses: list[Response] = []
    page.on("response", lambda response: responses.append(response))
    main = page.goto(f"{nginx}/dx-kenshu/no/such/page/")
    page.wait_for_load_state("networkidle")
    assert main is not None and main.status == 404
    assert "ページが見つかりません" in page.inner_text("article h1")
    assets = [r for r in responses if r is not main]
    assert len(assets) >= 4, [r.url for r in responses]
    bad = [(r.url, r.status) for r in assets if r.status != 200 or "/dx-kenshu/" not in r.url]
    assert not bad, bad
    styles = [r for r in assets if r.url.endswith(".css")]
    assert styles and all(r.headers["content-type"].startswith("text/css") for r in styles)
    # Styled, not the bare page with a giant logo: the header has the theme's colour.
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor") == "rgb(48, 63, 159)"
    page.click("text=ホームへ戻る")
    page.wait_for_url(f"{nginx}/dx-kenshu/")
    assert page.title().startswith("自治体DX推進研修 資料サイト")
    context.close()


def _head(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="HEAD")) as answer:
            return answer.status, answer.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", "")


def test_guide_nginx_config_serves_calendars_kits_and_pages(sub_site: Path, nginx: str) -> None:
    assert _head(f"{nginx}/dx-kenshu/tokyo-2021/calendar.ics")[1].startswith("text/calendar")
    kit = next((sub_site / "kits").glob("*.zip")).relative_to(sub_site).as_posix()
    assert _head(f"{nginx}/dx-kenshu/{kit}") == (200, "application/zip")
    assert _head(f"{nginx}/dx-kenshu/tokyo-2021/sessions/1/")[0] == 200
    assert _head(f"{nginx}/dx-kenshu/no-such-file.pdf")[0] == 404


def test_sitemap_lists_the_pages_at_their_published_addresses(sub_site: Path) -> None:
    sitemap = (sub_site / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]*)</loc>", sitemap)
    assert f"{SITE_URL}tokyo-2021/sessions/1/" in locations and f"{SITE_URL}portfolio/" in locations
    assert all(loc.startswith(SITE_URL) for loc in locations)
    assert not [loc for loc in locations if "_server" in loc or "web.config" in loc]


def test_build_writes_the_guides_web_config_with_its_policy(sub_site: Path) -> None:
    """IIS: the build writes web.config (the guide shows it); the policy is the build's, the 404 page at site_url's path."""
    written = ET.fromstring((sub_site / "web.config").read_bytes())
    header = next(a for a in written.iter("add") if a.get("name") == "Content-Security-Policy")
    assert header.get("value") == (sub_site / csp.POLICY_FILE).read_text(encoding="utf-8").strip()
    shown = ET.fromstring(_block("xml").encode("utf-8"))
    header.set("value", next(a for a in shown.iter("add") if a.get("name") == "Content-Security-Policy").get("value", ""))
    assert ET.canonicalize(ET.tostring(written), strip_text=True) == ET.canonicalize(ET.tostring(shown), strip_text=True)
    types = {m.get("fileExtension"): m.get("mimeType") for m in written.iter("mimeMap")}
    assert types[".ics"].startswith("text/calendar")
    assert types[".pdf"] == "application/pdf" and types[".zip"] == "application/zip"
    error = next(written.iter("error"))
    assert (error.get("statusCode"), error.get("path")) == ("404", "/dx-kenshu/404.html")
    assert [c.get("cacheControlMaxAge") for c in written.iter("clientCache")] == ["0.00:00:00", "7.00:00:00"]
    assert [s.get("segment") for s in written.iter("add") if s.get("segment")] == ["_server"]


def test_guide_apache_config_includes_the_generated_policy(sub_site: Path) -> None:
    assert "Include /srv/dx-kenshu/site/_server/apache-csp.conf" in _block("apache")
    assert "<Directory /srv/dx-kenshu/site/_server>\n    Require all denied" in _block("apache")
    header = (sub_site / csp.POLICY_FILE).read_text(encoding="utf-8").strip()
    assert (sub_site / csp.APACHE_FILE).read_text(encoding="utf-8") == f'Header always set Content-Security-Policy "{header}"\n'


def test_missing_site_url_is_one_log_line_and_strict_still_passes(tmp_path: Path) -> None:
    done = run_build(ROOT, tmp_path / "site", COHORT_SITE_URL="")
    assert done.returncode == 0, done.stderr
    log = (done.stdout + done.stderr).splitlines()
    lines = [line for line in log if "site_url が未設定です" in line]
    assert len(lines) == 1 and lines[0].startswith("INFO"), lines
    assert not [line for line in log if line.startswith("WARNING")], log
    # The policy is written (and said once) without site_url too; IIS then has the site at its root.
    assert len([line for line in log if "Content-Security-Policy:" in line]) == 1
    assert (tmp_path / "site" / csp.POLICY_FILE).read_text(encoding="utf-8").startswith("default-src 'self'; script-src")
    assert next(ET.fromstring((tmp_path / "site" / "web.config").read_bytes()).iter("error")).get("path") == "/404.html"


def test_calendar_links_each_event_to_its_published_session_page(sub_site: Path, site: Path) -> None:
    from icalendar import Calendar

    events = Calendar.from_ical((sub_site / "tokyo-2021" / "calendar.ics").read_bytes()).walk("VEVENT")
    assert len(events) == 5
    for event in events:
        number = int(str(event["UID"]).split("-session-")[1][:2])
        assert str(event["URL"]) == f"{SITE_URL}tokyo-2021/sessions/{number}/"
    # Without site_url there is no address to give.
    plain = Calendar.from_ical((site / "tokyo-2021" / "calendar.ics").read_bytes()).walk("VEVENT")
    assert all("URL" not in event for event in plain)


def _violations_page(browser: Browser) -> tuple[BrowserContext, Page, list[str]]:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="ja-JP")
    context.add_init_script("""
        window.__violations = [];
        document.addEventListener('securitypolicyviolation',
            e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
    """)
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    return context, page, console


def test_the_site_works_under_the_generated_content_security_policy(sub_site: Path, browser: Browser, nginx: str) -> None:
    """Issue 21: nginx sends the policy the build wrote (inline scripts by hash, no 'unsafe-inline' for
    scripts); in Chromium the search and the portfolio filter work and no page reports a CSP violation."""
    policy = (sub_site / csp.POLICY_FILE).read_text(encoding="utf-8").strip()
    directives = dict(d.split(" ", 1) for d in policy.split("; "))
    assert "'unsafe-inline'" not in directives["script-src"] and "'sha256-" in directives["script-src"]
    assert directives["default-src"] == "'self'" and directives["object-src"] == "'none'"
    style = next((sub_site / "assets" / "stylesheets").glob("main.*.css")).relative_to(sub_site).as_posix()
    for url in ("", style, "tokyo-2021/calendar.ics"):
        with urllib.request.urlopen(f"{nginx}/dx-kenshu/{url}") as answer:
            assert answer.headers["Content-Security-Policy"] == policy, url
    for hidden in ("_server/csp.txt", "_server/nginx-csp.conf", "web.config"):
        assert _head(f"{nginx}/dx-kenshu/{hidden}")[0] == 404, hidden
    context, page, console = _violations_page(browser)
    violations: list[str] = []
    for url in ("", "tokyo-2021/", "tokyo-2021/sessions/1/", "tokyo-2021/proposals/g1/", "tokyo-2021/results/",
                "portfolio/", "no/such/page/"):
        page.goto(f"{nginx}/dx-kenshu/{url}", wait_until="networkidle")
        violations += [f"{url}: {v}" for v in page.evaluate("window.__violations")]
    # The portfolio filter (CSS only) still filters.
    page.goto(f"{nginx}/dx-kenshu/portfolio/", wait_until="networkidle")
    rows = page.locator("tr.cs-portfolio__row")
    total = rows.count()
    page.click('.cs-filter label:text-is("電子申請")')
    shown = sum(rows.nth(i).is_visible() for i in range(total))
    assert 0 < shown < total
    # The search (its worker and the index) still answers.
    page.goto(f"{nginx}/dx-kenshu/", wait_until="networkidle")
    page.click(".md-search__input")
    page.wait_for_function(
        "() => document.querySelector('.md-search-result__meta').textContent.trim() === '検索キーワードを入力してください'",
        timeout=60000)
    page.fill(".md-search__input", "電子申請")
    page.press(".md-search__input", "End")
    page.wait_for_selector(".md-search-result__item", timeout=30000)
    assert "件見つかりました" in page.inner_text(".md-search-result__meta")
    violations += [f"search: {v}" for v in page.evaluate("window.__violations")]
    context.close()
    assert violations == []
    assert not [line for line in console if "Content Security Policy" in line], console


def test_a_policy_missing_one_hash_blocks_that_script(browser: Browser, nginx_servers: tuple[str, str]) -> None:
    """The check above can fail: the same nginx block with the policy of one hash less (the home page's first
    inline script) makes Chromium block that script and report it."""
    context, page, console = _violations_page(browser)
    page.goto(f"{nginx_servers[1]}/dx-kenshu/", wait_until="networkidle")
    violations = page.evaluate("window.__violations")
    context.close()
    assert violations and all(v.startswith("script-src") and v.endswith(" inline") for v in violations), violations
    assert [line for line in console if "Content Security Policy" in line], console


def test_inline_code_hashes_what_the_browser_runs(tmp_path: Path) -> None:
    # The example of the CSP specification (and MDN).
    assert csp.hash_source("alert('Hello, world.');") == "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_bytes(
        b"<script>alert('Hello, world.');</script><script src='x.js'></script>"
        b'<script type="application/json">{"a": 1}</script><script type="module">a&amp;b\r\nc</script>'
        b"<style>p{}</style><p>text</p>")
    inline = csp.inline_code(tmp_path)
    assert inline.scripts == {csp.hash_source("alert('Hello, world.');"), csp.hash_source("a&amp;b\nc")}
    assert inline.styles == {csp.hash_source("p{}")} and not inline.style_attributes and not inline.handlers
    assert "style-src 'self' 'sha256-" in csp.policy(inline) and "'unsafe-inline'" not in csp.policy(inline)
    (tmp_path / "b.html").write_text('<td style="text-align: left">1</td><button onclick="go()">x</button>', encoding="utf-8")
    inline = csp.inline_code(tmp_path)
    assert inline.style_attributes and inline.handlers == ("b.html: onclick",)
    assert "style-src 'self' 'unsafe-inline';" in csp.policy(inline)
    assert "'unsafe-inline'" not in csp.policy(inline).split("; ")[1]  # script-src
