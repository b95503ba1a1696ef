#!/usr/bin/env python3
"""Benchmark: layout time of long content with the handouts' print CSS (a script, not a test).

The HTML is made as pack_html makes it (print.css, the font chain, long tables marked).

Each case is laid out at size n and 2n (plain WeasyPrint, the real print.css and fonts); the
ratio of the medians says how time grows with length: ~2x is linear, ~4x quadratic.

    .venv/bin/python benchmarks/bench_layout.py [--runs 3] [--scale 1.0]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

from weasyprint import HTML  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402

from cohort_site.handouts.fonts import find_fonts  # noqa: E402
from cohort_site.handouts.html import _stylesheet, mark_long_tables  # noqa: E402

SENTENCE = "窓口での待ち時間を短くするために、受付の流れを見直して住民の負担を減らします。"


def text(chars: int) -> str:
    return (SENTENCE * (chars // len(SENTENCE) + 1))[:chars]


def kpt_item(n: int) -> str:
    cols = "".join(
        f'<div class="kpt-col"><p class="kpt-head">{head}</p><ul><li>{text(n) if head == "Keep" else "短い項目"}</li></ul></div>'
        for head in ("Keep", "Problem", "Try")
    )
    return f'<section class="part"><h1>振り返り</h1><h2>第1回</h2><div class="kpt">{cols}</div></section>'


def table_cell(n: int) -> str:
    return (
        '<section class="part"><h1>表</h1><table class="survey"><thead><tr><th>設問</th><th class="num">平均</th></tr></thead>'
        f'<tbody><tr><td>{text(n)}</td><td class="num">4.2 / 5</td></tr></tbody></table></section>'
    )


def paragraph(n: int) -> str:
    return f'<section class="part"><h1>本文</h1><div class="md"><p>{text(n)}</p></div></section>'


def table_rows(rows: int) -> str:
    body = "".join(f'<tr><td>{i}</td><td>{SENTENCE}</td><td class="num">{i * 3}</td></tr>' for i in range(rows))
    return (
        '<section class="part"><h1>表</h1><table class="agenda"><thead><tr><th>番号</th><th>内容</th>'
        f'<th class="num">分</th></tr></thead><tbody>{body}</tbody></table></section>'
    )


CASES: dict[str, tuple[Callable[[int], str], int]] = {
    "keep item (chars)": (kpt_item, 3000),
    "table cell (chars)": (table_cell, 3000),
    "paragraph (chars)": (paragraph, 3000),
    "table (rows)": (table_rows, 200),
}


def document(body: str) -> str:
    fonts = find_fonts()
    return (
        f'<!doctype html><html lang="ja"><head><meta charset="utf-8"><style>{fonts.css()}\n'
        f"{_stylesheet(fonts)}</style></head><body>{mark_long_tables(body)}</body></html>"
    )


def layout_seconds(html: str, runs: int, config: FontConfiguration) -> float:
    def once() -> float:
        started = time.perf_counter()
        HTML(string=html).render(font_config=config)
        return time.perf_counter() - started

    return statistics.median(once() for _ in range(runs))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every size (e.g. 0.5 for a quick look)")
    parser.add_argument("--only", choices=list(CASES))
    args = parser.parse_args(argv)
    config = FontConfiguration()
    layout_seconds(document(paragraph(10)), 1, config)  # fonts registered, caches warm
    print(f"{'case':<20} {'n':>6} {'t(n/2)':>8} {'t(n)':>8} {'ratio':>6}  (medians of {args.runs})")
    for name, (make, size) in CASES.items():
        if args.only and name != args.only:
            continue
        n = max(1, int(size * args.scale))
        small = layout_seconds(document(make(n // 2)), args.runs, config)
        big = layout_seconds(document(make(n)), args.runs, config)
        print(f"{name:<20} {n:>6} {small:>7.2f}s {big:>7.2f}s {big / small:>5.1f}x  (n/2 -> n)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
