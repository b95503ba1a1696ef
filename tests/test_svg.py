"""Issue 21: an SVG in a cohort's images/ that could run a script on the site's origin or load
another document is refused by the checker at its own line; a drawing passes."""

from __future__ import annotations

from pathlib import Path

import pytest

from cohort_site.checks import load_and_check
from cohort_site.checks.svg import svg_problem
from test_checker_fixtures import make_project

IMAGES = "cohort_data/mini-2021/images"
HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">\n'
DRAWING = (HEAD + '<defs><linearGradient id="g"><stop offset="0"/></linearGradient></defs>\n'
           '<style>.a { fill: url(#g); }</style>\n<rect class="a" width="5" height="5" style="fill: url(#g)"/>\n'
           '<use href="#g"/><use xlink:href="#g"/><text x="1" y="9">図 &amp; 表</text>\n</svg>\n')

HOSTILE = [
    ("script", HEAD + "<script>alert(1)</script>\n</svg>", 2, "<script> 要素"),
    ("onload", HEAD.replace('height="10"', 'height="10" onload="alert(1)"'), 1, "イベント属性 onload"),
    ("event on a shape", HEAD + '<rect width="1" height="1"\n  onclick="alert(1)"/></svg>', 2, "イベント属性 onclick"),
    ("foreignObject", HEAD + "<foreignObject><iframe/></foreignObject></svg>", 2, "<foreignobject> 要素"),
    ("external image", HEAD + '<image href="http://127.0.0.1:9/x.png"/></svg>', 2, "外部への参照 href"),
    ("javascript link", HEAD + '<a xlink:href="javascript:alert(1)"><text>x</text></a></svg>', 2, "外部への参照 href"),
    ("use of another document", HEAD + '<use href="other.svg#x"/></svg>', 2, "外部への参照 href"),
    ("css url", HEAD + '<rect style="fill: url(http://127.0.0.1:9/p)"/></svg>', 2, "CSS url()"),
    ("style import", HEAD + "<style>@import 'http://127.0.0.1:9/x.css';</style></svg>", 2, "<style> の外部参照"),
    ("animation sets a link", HEAD + '<a><set attributeName="href" to="javascript:alert(1)"/></a></svg>', 2, "<set> による"),
    ("doctype with entities", '<!DOCTYPE svg [<!ENTITY a "aaaa">]>\n' + HEAD + "<text>&a;</text></svg>", 1, "DOCTYPE"),
    ("stylesheet instruction", '<?xml-stylesheet href="http://127.0.0.1:9/x.css"?>\n' + HEAD + "</svg>", 1, "処理命令"),
    ("not XML", "<svg><rect></svg>", 1, "XML として読めない"),
]


def test_a_drawing_passes() -> None:
    assert svg_problem(DRAWING.encode()) is None


@pytest.mark.parametrize(("case", "svg", "line", "words"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_hostile_svg_is_refused_at_its_line(tmp_path: Path, case: str, svg: str, line: int, words: str) -> None:
    project = make_project(tmp_path, None)
    (project / IMAGES).mkdir(parents=True)
    (project / IMAGES / "ok.svg").write_text(DRAWING, encoding="utf-8")
    (project / IMAGES / "bad.svg").write_text(svg, encoding="utf-8")
    checked = load_and_check(project)
    found = [str(d) for d in checked.diagnostics if d.rule == "image-svg"]
    assert not checked.ok
    assert len(found) == 1 and found[0].startswith(f"{IMAGES}/bad.svg:{line}:"), found
    assert words in found[0] and "PNG" in found[0], found
