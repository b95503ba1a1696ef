"""The intranet site requests nothing outside itself: every built HTML, CSS and JS file is
scanned for references to another host (src, href, srcset, url(), @import, script literals).

Only things that are not requests are exempt: XML namespace names (`xmlns`, which browsers
never fetch) and, inside the theme's JavaScript bundle, loaders whose trigger this site never
has (each exemption is checked below, and the browser test records that no request leaves)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)  # http://, https://, //host, ftp://...
URL_ATTRS = {"src", "href", "srcset", "action", "formaction", "poster", "data", "background", "xlink:href", "ping", "manifest", "cite"}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]*)|@import\s+['\"]([^'\"]+)", re.I)
JS_URL = re.compile(r"""["'`]((?:https?:)?//[^"'`\s]+)""")
NAMESPACES = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink", "http://www.w3.org/1999/xhtml"}

# Literals in the theme's bundles that never become a request on this site, and why.
THEME_LITERALS = {
    "https://unpkg.com/resize-observer-polyfill": "loaded only by browsers without ResizeObserver",
    "https://unpkg.com/mermaid@11/dist/mermaid.min.js": "loaded only on pages with a mermaid diagram",
    "https://api.github.com/users/${e}": "repository facts: only with repo_url",
    "https://api.github.com/repos/${e}/${t}": "repository facts: only with repo_url",
    "https://${e}/api/v4/projects/${encodeURIComponent(t)}": "repository facts: only with repo_url",
    "https://bit.ly/2s3ChXG": "text of a console warning",
}
# Theme files with license/issue URLs in comments or messages that are never loaded for `ja`.
UNUSED_THEME_FILES = {"assets/javascripts/lunr/wordcut.js"}


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[str] = []
        self.css: list[str] = []
        self.scripts: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in URL_ATTRS:
                self.refs += [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]
            elif name == "style":
                self.css.append(value)
            elif name == "content" and tag == "meta" and "url=" in value.lower():
                self.refs.append(value.lower().split("url=", 1)[1])
        self._in = tag if tag in ("style", "script") else None

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "style":
            self.css.append(data)
        elif self._in == "script":
            self.scripts.append(data)


def _strip_comments(code: str) -> str:
    return re.sub(r"/\*.*?\*/", "", code, flags=re.S)


def css_refs(css: str) -> list[str]:
    return [a or b for a, b in CSS_URL.findall(_strip_comments(css))]


def js_refs(js: str) -> list[str]:
    return [u for u in JS_URL.findall(_strip_comments(js)) if u not in NAMESPACES]


def external_references(site: Path) -> list[tuple[str, str]]:
    found = []
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.suffix not in {".html", ".css", ".js"} or rel in UNUSED_THEME_FILES:
            continue
        content = path.read_text(encoding="utf-8", errors="replace")
        refs: list[str] = []
        if path.suffix == ".html":
            parser = _Refs()
            parser.feed(content)
            refs = parser.refs + [r for css in parser.css for r in css_refs(css)]
            refs += [r for script in parser.scripts for r in js_refs(script)]
        elif path.suffix == ".css":
            refs = css_refs(content)
        else:
            refs = [r for r in js_refs(content) if r not in THEME_LITERALS or not rel.startswith("assets/")]
        found += [(rel, ref) for ref in refs if EXTERNAL.match(ref) and ref not in NAMESPACES]
    return found


@pytest.mark.parametrize("build", ["site", "public_site", "offline_site"])
def test_no_file_references_another_host(build: str, request: pytest.FixtureRequest) -> None:
    site: Path = request.getfixturevalue(build)
    assert len(list(site.rglob("*.html"))) > 40
    assert external_references(site) == []


def test_scanner_finds_what_it_must(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(
        '<link href="https://cdn.example/x.css"><img srcset="a.png 1x, //cdn.example/b.png 2x">'
        '<svg xmlns="http://www.w3.org/2000/svg"></svg><div style="background: url(http://x.example/i.png)"></div>'
        "<script>load('https://cdn.example/lib.js')</script><a href=\"../local/\">ok</a>",
        encoding="utf-8",
    )
    (tmp_path / "b.css").write_text("/* https://license.example */ @import 'https://fonts.example/c.css';", encoding="utf-8")
    (tmp_path / "c.js").write_text('fetch("https://api.example/v1")', encoding="utf-8")
    assert sorted(ref for _, ref in external_references(tmp_path)) == [
        "//cdn.example/b.png", "http://x.example/i.png", "https://api.example/v1",
        "https://cdn.example/lib.js", "https://cdn.example/x.css", "https://fonts.example/c.css",
    ]


def test_exempt_theme_loaders_are_never_triggered(site: Path) -> None:
    theme_js = "\n".join(p.read_text(encoding="utf-8") for p in (site / "assets").rglob("*.js"))
    stale = [literal for literal in THEME_LITERALS if literal not in theme_js]
    assert stale == [], "exemptions the theme no longer needs: remove them"
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert 'class="mermaid"' not in html, path  # no diagram: mermaid is never loaded
        assert "md-source" not in html, path  # no repo_url: no repository API calls
    # The search worker loads wordcut.js only for Hindi and Thai; this site searches in Japanese.
    worker = next((site / "assets/javascripts/workers").glob("search.*.min.js")).read_text(encoding="utf-8")
    assert 'case"hi":case"th":r.push(`${e}/wordcut.js`)' in worker
    config = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["config"]
    assert not {"hi", "th"} & set(config["lang"]), config["lang"]


def test_fonts_and_generator_link_are_off(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
    assert "Made with" not in html and "squidfunk" not in html
