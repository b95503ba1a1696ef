"""The handouts' SVG charts as PNG images for the Word twins (twins.py), at print resolution.

The same SVG the PDF draws is laid out by WeasyPrint with the pack's fonts (so its Japanese text
prints as in the PDF), rasterised by poppler's `pdftoppm` and encoded by Pillow (WeasyPrint's own
image library), all already used by the handouts.
Each distinct chart is rasterised once per process (a municipality's chart is in its results
pack and in its rollout pack).
"""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
from pathlib import Path

from PIL import Image

from .errors import HandoutError
from .fonts import FontSet

DPI = 300
WIDTH_MM = 150  # as print.css shows a results chart (.results-chart svg)
_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([\d.]+)"[^>]*?\bheight="([\d.]+)"')


def chart_height_mm(svg: str, width_mm: float = WIDTH_MM) -> float:
    """The chart's height when it is `width_mm` wide (its own aspect ratio)."""
    found = _SIZE.search(svg)
    return width_mm * float(found.group(2)) / float(found.group(1)) if found else width_mm / 2


_done: dict[tuple[str, str, float], bytes] = {}  # (svg, font css, width) -> PNG, for this process


def svg_pngs(svgs: list[str], fonts: FontSet, width_mm: float = WIDTH_MM) -> list[bytes]:
    """Each chart as a PNG `width_mm` wide at DPI dots per inch; the charts not made before in this
    process are laid out as the pages of one document and rasterised by one pdftoppm run."""
    css = fonts.css()
    todo = list(dict.fromkeys(svg for svg in svgs if (svg, css, width_mm) not in _done))
    if todo:
        for svg, png in zip(todo, _rasterise(todo, css, width_mm), strict=True):
            _done[(svg, css, width_mm)] = png
    return [_done[(svg, css, width_mm)] for svg in svgs]


def _rasterise(svgs: list[str], font_css: str, width_mm: float) -> list[bytes]:
    from weasyprint import HTML  # imported by the renderer already; an HTML-only build never gets here
    from weasyprint.text.fonts import FontConfiguration

    pages, rules = [], [font_css, "html, body { margin: 0 }"]
    for number, svg in enumerate(svgs):
        height = chart_height_mm(svg, width_mm)
        rules.append(f"@page c{number} {{ size: {width_mm}mm {height:.2f}mm; margin: 0 }}")
        rules.append(f".c{number} {{ page: c{number}; break-before: page; width: {width_mm}mm; height: {height:.2f}mm }}")
        pages.append(f'<div class="c{number}">{svg}</div>')
    css = "\n".join(rules) + "\nsvg { display: block; width: 100%; height: 100% }"
    page = f"<!DOCTYPE html><html><head><style>{css}</style></head><body>{''.join(pages)}</body></html>"
    pdf = HTML(string=page, base_url="/").write_pdf(font_config=FontConfiguration())
    with tempfile.TemporaryDirectory(prefix="cohort-chart-") as folder:
        target = Path(folder) / "chart"
        try:
            subprocess.run(  # raw pixels: pdftoppm's own PNG encoder takes most of the time
                ["pdftoppm", "-r", str(DPI), "-", str(target)],
                input=pdf, check=True, capture_output=True, timeout=120,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise HandoutError(f"グラフを画像にできませんでした（pdftoppm: {exc}）。poppler-utils を入れてください") from exc
        made = sorted(Path(folder).glob("chart-*.ppm"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        if len(made) != len(svgs):
            raise HandoutError(f"グラフを画像にできませんでした（{len(svgs)} 件のうち {len(made)} 件）")
        return [_png(p) for p in made]


def _png(ppm: Path) -> bytes:
    """A PNG of the rendered pixels (Pillow, zlib level 6: a third of pdftoppm's time, smaller files)."""
    out = io.BytesIO()
    with Image.open(ppm) as image:
        image.save(out, "PNG", compress_level=6)
    return out.getvalue()
