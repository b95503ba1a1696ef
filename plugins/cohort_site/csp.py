"""The Content-Security-Policy of one built site, written into it as ready-to-include server config.

The theme (Material for MkDocs) writes a few inline start-up scripts into every page; their text
depends on the page's depth and the theme's version. Rather than allow every inline script
(`'unsafe-inline'`), the build hashes each inline `<script>` of its own pages (sha256, as CSP
level 2 defines) and writes the policy that allows exactly those:

- `_server/csp.txt`: the header value;
- `_server/nginx-csp.conf`: one `add_header` line for nginx's `include`;
- `_server/apache-csp.conf`: one `Header always set` line for Apache's `Include`;
- `web.config` (site root): IIS's whole configuration with the policy (IIS reads it from the site
  folder and never serves it).

Called last, on the finished pages (after every step that rewrites HTML). Inline event handler
attributes (`onclick=`) cannot be allowed by a hash: they are reported, not allowed. Inline
`style` attributes (the tables' text alignment) need `'unsafe-inline'` in `style-src`, which then
also covers `<style>` elements; without them, `<style>` elements are hashed like scripts.
"""

from __future__ import annotations

import base64
import hashlib
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from .storage import write_bytes

SERVER_DIR = "_server"
POLICY_FILE = f"{SERVER_DIR}/csp.txt"
NGINX_FILE = f"{SERVER_DIR}/nginx-csp.conf"
APACHE_FILE = f"{SERVER_DIR}/apache-csp.conf"
IIS_FILE = "web.config"

# Script types a browser runs (a JSON or template block is data: CSP does not look at it).
_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}


@dataclass(frozen=True)
class InlineCode:
    """What the built pages run or style inline."""

    scripts: frozenset[str]  # CSP hash sources ('sha256-…') of the inline scripts
    styles: frozenset[str]  # the same for <style> elements
    style_attributes: bool  # some element has a style="" attribute
    handlers: tuple[str, ...]  # "page: onclick" for each inline event handler (no hash allows one)


def hash_source(code: str) -> str:
    """The CSP source that allows one inline script or style: sha256 of its text as the browser reads it
    (the HTML parser turns CR LF and CR into LF before anything else)."""
    text = code.replace("\r\n", "\n").replace("\r", "\n")
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return f"'sha256-{digest}'"


class _Inline(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: set[str] = set()
        self.styles: set[str] = set()
        self.style_attributes = False
        self.handlers: list[str] = []
        self._open: str | None = None  # "script" or "style" while inside one that counts
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        self.style_attributes |= "style" in names
        self.handlers += [name for name in names if name.startswith("on")]
        if tag == "script" and "src" not in names and (names.get("type") or "").strip().lower() in _SCRIPT_TYPES:
            self._open, self._text = "script", []
        elif tag == "style":
            self._open, self._text = "style", []

    def handle_data(self, data: str) -> None:
        if self._open:
            self._text.append(data)  # script and style content arrive raw (no character references read)

    def handle_endtag(self, tag: str) -> None:
        if tag == self._open:
            (self.scripts if tag == "script" else self.styles).add(hash_source("".join(self._text)))
            self._open = None


def inline_code(site_dir: Path) -> InlineCode:
    """Every inline script and style of the built pages (`*.html` under `site_dir`)."""
    scripts: set[str] = set()
    styles: set[str] = set()
    style_attributes = False
    handlers: list[str] = []
    for page in sorted(site_dir.rglob("*.html")):
        found = _page_code(page.read_bytes())
        scripts |= found.scripts
        styles |= found.styles
        style_attributes |= found.style_attributes
        handlers += [f"{page.relative_to(site_dir).as_posix()}: {name}" for name in found.handlers]
    return InlineCode(frozenset(scripts), frozenset(styles), style_attributes, tuple(handlers))


def _page_code(page: bytes) -> InlineCode:
    """One page's inline code. Parsing is most of a rebuild's CSP step (≈1.5 s for the sample) and
    most pages come out of a rebuild unchanged (`mkdocs serve`), so each page's result is kept for
    the process, by the sha256 of its bytes."""
    key = hashlib.sha256(page).digest()
    found = _PARSED.get(key)
    if found is None:
        parser = _Inline()
        parser.feed(page.decode("utf-8"))
        parser.close()
        found = InlineCode(frozenset(parser.scripts), frozenset(parser.styles), parser.style_attributes,
                           tuple(parser.handlers))
        if len(_PARSED) >= _PARSED_MAX:
            _PARSED.clear()
        _PARSED[key] = found
    return found


_PARSED: dict[bytes, InlineCode] = {}
_PARSED_MAX = 5000  # pages (a few hundred bytes each); beyond, start again


def policy(inline: InlineCode) -> str:
    """The header value: this site's files only, its own inline scripts by hash, nothing sent elsewhere."""
    styles = ["'unsafe-inline'"] if inline.style_attributes else sorted(inline.styles)
    directives = [
        ("default-src", ["'self'"]),
        ("script-src", ["'self'", *sorted(inline.scripts)]),
        ("style-src", ["'self'", *styles]),
        ("img-src", ["'self'", "data:"]),
        ("font-src", ["'self'"]),
        ("connect-src", ["'self'"]),
        ("worker-src", ["'self'"]),
        ("object-src", ["'none'"]),
        ("frame-src", ["'self'"]),
        ("base-uri", ["'self'"]),
        ("form-action", ["'self'"]),
        ("frame-ancestors", ["'self'"]),
    ]
    return "; ".join(" ".join([name, *sources]) for name, sources in directives)


# IIS: the hosting guide's configuration (types, caching, 404 page); the build fills in the policy and the path.
_WEB_CONFIG = """<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <system.webServer>
    <staticContent>
      <remove fileExtension=".ics" />
      <mimeMap fileExtension=".ics" mimeType="text/calendar; charset=utf-8" />
      <remove fileExtension=".pdf" />
      <mimeMap fileExtension=".pdf" mimeType="application/pdf" />
      <remove fileExtension=".zip" />
      <mimeMap fileExtension=".zip" mimeType="application/zip" />
      <remove fileExtension=".json" />
      <mimeMap fileExtension=".json" mimeType="application/json; charset=utf-8" />
      <clientCache cacheControlMode="UseMaxAge" cacheControlMaxAge="0.00:00:00" />
    </staticContent>
    <defaultDocument enabled="true">
      <files>
        <clear />
        <add value="index.html" />
      </files>
    </defaultDocument>
    <httpProtocol>
      <customHeaders>
        <add name="Content-Security-Policy" value="" />
      </customHeaders>
    </httpProtocol>
    <security>
      <requestFiltering>
        <hiddenSegments>
          <add segment="_server" />
        </hiddenSegments>
      </requestFiltering>
    </security>
    <httpErrors errorMode="Custom" existingResponse="Replace">
      <remove statusCode="404" />
      <error statusCode="404" path="/404.html" responseMode="ExecuteURL" />
    </httpErrors>
  </system.webServer>
  <location path="assets">
    <system.webServer>
      <staticContent>
        <clientCache cacheControlMode="UseMaxAge" cacheControlMaxAge="7.00:00:00" />
      </staticContent>
    </system.webServer>
  </location>
</configuration>
"""


def web_config(header: str, site_url: str | None) -> bytes:
    """IIS's web.config for a site published at `site_url` (its path names the 404 page)."""
    root = ET.fromstring(_WEB_CONFIG)
    header_element = root.find(".//customHeaders/add[@name='Content-Security-Policy']")
    error = root.find(".//httpErrors/error[@statusCode='404']")
    assert header_element is not None and error is not None
    header_element.set("value", header)
    base = urlsplit(site_url or "").path.rstrip("/")
    error.set("path", f"{base}/404.html")
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def write_server_config(site_dir: Path, site_url: str | None) -> InlineCode:
    """Hash the built pages' inline code and write the policy for nginx, Apache httpd and IIS into the site."""
    inline = inline_code(site_dir)
    header = policy(inline)
    write_bytes(site_dir / POLICY_FILE, f"{header}\n".encode())
    write_bytes(site_dir / NGINX_FILE, f'add_header Content-Security-Policy "{header}" always;\n'.encode())
    write_bytes(site_dir / APACHE_FILE, f'Header always set Content-Security-Policy "{header}"\n'.encode())
    write_bytes(site_dir / IIS_FILE, web_config(header, site_url))
    return inline
