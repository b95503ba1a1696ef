"""Tables that read as cards on a phone: every body cell gets its column's heading as
`data-label`, so the phone stylesheet can stack a row's cells and label each one
(site_src/stylesheets/cohort.css, `td::before { content: attr(data-label) }`).

Works on the HTML that Python-Markdown makes of pipe tables (one <thead> row of <th>, cells
without nested tables), after the page's Markdown is converted."""

from __future__ import annotations

import html
import re

_TABLE = re.compile(r"<table(?P<attrs>[^>]*)>(?P<body>.*?)</table>", re.S)
_HEAD = re.compile(r"<thead>(.*?)</thead>", re.S)
_TH = re.compile(r"<th[^>]*>(.*?)</th>", re.S)
_ROW = re.compile(r"<tr([^>]*)>(.*?)</tr>", re.S)
_TD = re.compile(r"<td(?![^>]*data-label)")
_TAG = re.compile(r"<[^>]+>")


def _label(th: str) -> str:
    """A heading cell's text as an attribute value (tags dropped, entities kept escaped)."""
    return html.escape(html.unescape(_TAG.sub("", th)).strip(), quote=True)


def _labelled(match: re.Match[str]) -> str:
    whole, body = match.group(0), match.group("body")
    head = _HEAD.search(body)
    if not head:
        return whole
    labels = [_label(th) for th in _TH.findall(head.group(1))]

    def row(found: re.Match[str]) -> str:
        cells = iter(labels)
        return "<tr{}>{}</tr>".format(
            found.group(1), _TD.sub(lambda _: f'<td data-label="{next(cells, "")}"', found.group(2)))

    rest = body[head.end():]
    return f"<table{match.group('attrs')}>{body[:head.end()]}{_ROW.sub(row, rest)}</table>"


def label_cells(page_html: str) -> str:
    """The page's HTML with `data-label` on every body cell of every table with a header."""
    return _TABLE.sub(_labelled, page_html)
