#!/usr/bin/env python3
"""Benchmark of the PDF handouts (a script, not a test).

On the sample cohort and on a generated larger one (12 sessions, 12 groups, 60 municipalities)
prints: cold render time of all packs with 1 worker and with all CPUs (and 2 workers), the warm
rebuild time (nothing changed), and plain WeasyPrint rendering the same HTML strings in one
process (the floor), then the ratios against the targets:

    overhead over plain WeasyPrint (1 worker)  <= 1.15x
    speed-up with 2 workers                    >= 1.7x
    warm rebuild                               <= 5% of cold

    .venv/bin/python benchmarks/bench_handouts.py [--runs 3] [--only sample|synthetic]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

from weasyprint import HTML  # noqa: E402

from cohort_site.checks import load_and_check  # noqa: E402
from cohort_site.handouts.runner import HandoutOptions, build_handouts, prepare  # noqa: E402

SAMPLE = "tokyo-2021"


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def median_of(runs: int, action: Callable[[], object]) -> float:
    return statistics.median(timed(action) for _ in range(runs))


def bench(name: str, root: Path, runs: int) -> None:
    checked = load_and_check(root)
    if not checked.ok:
        raise SystemExit("\n".join(str(d) for d in checked.diagnostics if d.is_error))
    project, cpus = checked.project, os.cpu_count() or 1
    _, _, prepared = prepare(root, project, HandoutOptions(cache_dir=None))
    htmls = [item.html for item in prepared]
    scratch = Path(tempfile.mkdtemp(prefix="bench-handouts-"))

    last_cache: list[str] = []

    def cold(workers: int) -> Callable[[], object]:
        def run() -> object:
            last_cache.append(str(scratch / f"cache-{time.perf_counter_ns()}"))
            options = HandoutOptions(workers=workers, cache_dir=last_cache[-1])
            return build_handouts(root, project, scratch / "out", options)
        return run

    def floor() -> None:
        base = root.as_uri() + "/"
        for html in htmls:
            HTML(string=html, base_url=base).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)

    print(f"\n== {name}: {len(htmls)} packs, {cpus} CPUs, medians of {runs} run(s) ==", flush=True)
    t_floor = median_of(runs, floor)
    print(f"plain WeasyPrint, one process (floor): {t_floor:7.1f} s", flush=True)
    t_one = median_of(runs, cold(1))
    print(f"cold, 1 worker:                        {t_one:7.1f} s", flush=True)
    t_two = median_of(runs, cold(2))
    print(f"cold, 2 workers:                       {t_two:7.1f} s", flush=True)
    t_all = t_two if cpus == 2 else median_of(runs, cold(cpus))
    print(f"cold, all CPUs ({cpus}):                   {t_all:7.1f} s", flush=True)
    warm_cache = last_cache[-1]  # filled by the last cold run: nothing changed since
    t_warm = median_of(runs, lambda: build_handouts(
        root, project, scratch / "out", HandoutOptions(workers=cpus, cache_dir=warm_cache)))
    print(f"warm (nothing changed):                {t_warm:7.2f} s", flush=True)
    overhead, speedup, warm = t_one / t_floor, t_one / t_two, t_warm / t_one
    print(f"overhead over plain WeasyPrint: {overhead:.2f}x (target <= 1.15x) {'OK' if overhead <= 1.15 else 'MISSED'}")
    print(f"speed-up with 2 workers:        {speedup:.2f}x (target >= 1.7x)  {'OK' if speedup >= 1.7 else 'MISSED'}")
    print(f"warm / cold:                    {warm:.1%} (target <= 5%)     {'OK' if warm <= 0.05 else 'MISSED'}")
    shutil.rmtree(scratch, ignore_errors=True)


# --- the synthetic cohort ----------------------------------------------------------------

def synthetic_project(dest: Path, sessions: int = 12, groups: int = 12, per_group: int = 5) -> Path:
    """A project with one large cohort made from the sample's texts and Tokyo's municipalities."""
    src = ROOT / "cohort_data"
    data = dest / "cohort_data"
    shutil.copytree(src / "municipalities", data / "municipalities")
    cohort = data / "bench-2030"
    for sub in ("sessions", "proposals", "retrospectives"):
        (cohort / sub).mkdir(parents=True)
    text = (src / SAMPLE / "cohort.yml").read_text(encoding="utf-8")
    text = re.sub(r"^id: .*$", "id: bench-2030", text, flags=re.M)
    text = re.sub(r"^title: .*$", "title: ベンチマーク用の大きな研修（サンプル）", text, flags=re.M)
    text = re.sub(r"^  end: .*$", "  end: 2031-03-31", text, flags=re.M)
    text = re.sub(r"^  start: .*$", "  start: 2030-04-01", text, flags=re.M)
    text = re.sub(r"^fiscal_year: .*$", "fiscal_year: 2030", text, flags=re.M)
    (cohort / "cohort.yml").write_text(text, encoding="utf-8")

    originals = sorted((src / SAMPLE / "sessions").glob("*.md"))
    for n in range(1, sessions + 1):
        body = originals[(n - 1) % len(originals)].read_text(encoding="utf-8")
        body = re.sub(r"^number: .*$", f"number: {n}", body, count=1, flags=re.M)
        month = (n + 2) % 12 + 1  # April 2030 to March 2031
        body = re.sub(r"^date: .*$", f"date: {2030 if month >= 4 else 2031}-{month:02d}-{8 + n % 3:02d}", body,
                      count=1, flags=re.M)
        due = f"due_session: {n + 1}" if n < sessions else ""
        body = re.sub(r"^( *)due_session: \d+$", lambda m: m[1] + due if due else "", body, flags=re.M)
        (cohort / "sessions" / f"{n:02d}.md").write_text(body, encoding="utf-8")

    codes = [line.split(",")[0] for line in (src / "municipalities/13_tokyo.csv").read_text(encoding="utf-8").splitlines()[1:]]
    needed = groups * per_group
    assert len(codes) >= needed, f"only {len(codes)} municipalities in the reference data"
    lines = ["groups:"]
    for g in range(1, groups + 1):
        lines += [f"  - id: g{g}", f"    name: 第{g}グループ", "    municipalities:"]
        lines += [f'      - "{code}"' for code in codes[(g - 1) * per_group: g * per_group]]
    (cohort / "groups.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    proposals = sorted((src / SAMPLE / "proposals").glob("*.md"))
    for g in range(1, groups + 1):
        original = proposals[(g - 1) % len(proposals)]
        old = original.stem
        text = original.read_text(encoding="utf-8")
        text = re.sub(rf"\b{old}-kpi-", f"g{g}-kpi-", text)
        text = re.sub(r"^(id|group): .*$", lambda m: f"{m[1]}: g{g}", text, flags=re.M)
        (cohort / "proposals" / f"g{g}.md").write_text(text, encoding="utf-8")
    shutil.copy(src / SAMPLE / "retrospectives" / "cohort.yml", cohort / "retrospectives" / "cohort.yml")
    return dest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=1, help="runs per figure; the median is printed")
    parser.add_argument("--only", choices=("sample", "synthetic"))
    args = parser.parse_args(argv)
    if args.only in (None, "sample"):
        bench(f"sample ({SAMPLE})", ROOT, args.runs)
    if args.only in (None, "synthetic"):
        with tempfile.TemporaryDirectory(prefix="bench-project-") as tmp:
            bench("synthetic (12 sessions, 12 groups, 60 municipalities)", synthetic_project(Path(tmp)), args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
