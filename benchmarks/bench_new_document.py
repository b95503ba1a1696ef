#!/usr/bin/env python3
"""Benchmark: what `office/docx_base.new_document` costs a Word file (a script, not a test).

Medians of N calls after one warm-up: python-docx opening its own template, `new_document` (that
plus a Japanese font on every style, the font table, page and properties), and opening a styled
base from its bytes (what a base prepared once per process would cost instead).

    .venv/bin/python benchmarks/bench_new_document.py [--runs 40]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

import docx  # noqa: E402

from cohort_site.office.docx_base import docx_bytes, new_document  # noqa: E402

WHEN = dt.datetime(2021, 4, 1)


def median_ms(make: Callable[[], object], runs: int) -> float:
    make()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        make()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40)
    runs = parser.parse_args().runs
    styled = docx_bytes(new_document("", when=WHEN))
    figures = {
        "python-docx template (docx.Document())": median_ms(docx.Document, runs),
        "new_document()": median_ms(lambda: new_document("提案書", when=WHEN), runs),
        "styled base from its bytes": median_ms(lambda: docx.Document(BytesIO(styled)), runs),
    }
    for name, ms in figures.items():
        print(f"{name:<42} {ms:6.1f} ms (median of {runs})")


if __name__ == "__main__":
    main()
