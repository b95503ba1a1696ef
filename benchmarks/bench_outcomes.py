#!/usr/bin/env python3
"""Benchmark of the outcome rules on the labelled corpus (a script, not a test).

Reads tests/outcome_corpus/goals.tsv and kpis.tsv with the default lexicons and prints, for the
chosen split, precision, recall and F1 of goal-is-method (positive: method) and kpi-counts-output
(positive: output), then the time per statement: the first statement (dictionary load) and the
median of the others with the analyser's cache cleared. Targets: goals P, R >= 0.9; KPIs >= 0.85.

    .venv/bin/python benchmarks/bench_outcomes.py [--split test|dev|all] [--errors]
    .venv/bin/python benchmarks/bench_outcomes.py --compare-check /path/to/older/checkout [--runs 15]

Tune the lexicons on the dev split only (--split dev --errors lists its misreadings).
--compare-check times `build.py check` of an older checkout against this one on this one's data,
interleaved (median wall and CPU time of the child processes).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

from cohort_site.checks.config import default_config  # noqa: E402
from cohort_site.checks.statements import Lexicon, Reading, read_goal, read_kpi  # noqa: E402
from cohort_site.japanese import analyse  # noqa: E402

CORPUS = ROOT / "tests" / "outcome_corpus"
POSITIVE = {"goals": "method", "kpis": "output"}
TARGETS = {"goals": 0.9, "kpis": 0.85}


@dataclass(frozen=True)
class Item:
    split: str
    label: str
    text: str
    note: str


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load(kind: str, split: str = "test") -> list[Item]:
    """The labelled items of `kind` (goals or kpis) in `split` (dev, test or all)."""
    items = []
    for line in (CORPUS / f"{kind}.tsv").read_text(encoding="utf-8").splitlines()[2:]:
        cols = line.split("\t")
        item = Item(cols[0], cols[1], cols[2], cols[3] if len(cols) > 3 else "")
        if split in ("all", item.split):
            items.append(item)
    return items


def reader(kind: str):
    return read_goal if kind == "goals" else read_kpi


def evaluate(kind: str, split: str = "test", lex: Lexicon | None = None) -> tuple[Score, list[tuple[Item, Reading]]]:
    """The score of one rule on one split, and the misread items."""
    lex = lex or Lexicon.of(default_config())
    score, wrong = Score(), []
    for item in load(kind, split):
        reading = reader(kind)(item.text, lex)
        truth = item.label == POSITIVE[kind]
        if reading.is_method and truth:
            score.tp += 1
        elif reading.is_method:
            score.fp += 1
            wrong.append((item, reading))
        elif truth:
            score.fn += 1
            wrong.append((item, reading))
        else:
            score.tn += 1
    return score, wrong


def timing(kind: str, lex: Lexicon) -> tuple[float, float]:
    """(first statement incl. dictionary load, median of the rest) in ms, cache cleared."""
    analyse.cache_clear()
    items = load(kind, "all")
    times = []
    for item in items:
        started = time.perf_counter()
        reader(kind)(item.text, lex)
        times.append((time.perf_counter() - started) * 1000)
    return times[0], statistics.median(times[1:])


def compare_check(before: Path, runs: int) -> None:
    """Median time of `build.py check` with the older code and with this code, same data."""
    with tempfile.TemporaryDirectory() as scratch:
        old = Path(scratch) / "before"
        shutil.copytree(before / "plugins", old / "plugins")
        shutil.copy(before / "build.py", old / "build.py")
        shutil.copytree(ROOT / "cohort_data", old / "cohort_data")
        commands = {"before": old, "after": ROOT}
        wall: dict[str, list[float]] = {k: [] for k in commands}
        cpu: dict[str, list[float]] = {k: [] for k in commands}
        for _ in range(runs):
            for name, root in commands.items():
                r0, t0 = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
                subprocess.run([sys.executable, str(root / "build.py"), "--root", str(root), "check"],
                               capture_output=True, check=True)
                r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
                wall[name].append(time.perf_counter() - t0)
                cpu[name].append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
    for label, times in (("CPU", cpu), ("wall", wall)):
        b, a = statistics.median(times["before"]), statistics.median(times["after"])
        print(f"check {label:4}: before {b:.2f} s, after {a:.2f} s, difference {a - b:+.2f} s ({a / b:.2f}x), {runs} runs each")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("test", "dev", "all"), default="test")
    parser.add_argument("--errors", action="store_true", help="list the misread statements")
    parser.add_argument("--compare-check", type=Path, metavar="OLDER_CHECKOUT", help="time `check` against older code")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args(argv)
    if args.compare_check:
        compare_check(args.compare_check.resolve(), args.runs)
        return 0
    started = time.perf_counter()
    lex = Lexicon.of(default_config())
    first_goal, goal_ms = timing("goals", lex)
    _, kpi_ms = timing("kpis", lex)
    ok = True
    print(f"split: {args.split}")
    for kind in ("goals", "kpis"):
        score, wrong = evaluate(kind, args.split, lex)
        met = score.precision >= TARGETS[kind] and score.recall >= TARGETS[kind]
        ok &= met
        n = score.tp + score.fp + score.fn + score.tn
        print(
            f"{kind:5}  n={n:3}  positives={score.tp + score.fn:3}  P={score.precision:.3f}  R={score.recall:.3f}  "
            f"F1={score.f1:.3f}  (target P,R >= {TARGETS[kind]}: {'met' if met else 'NOT met'})"
        )
        if args.errors:
            for item, reading in wrong:
                print(f"    {item.label:8} read {'+' if reading.is_method else '-'} {item.text}  {reading.words}")
    print(f"time per statement: goals {goal_ms:.2f} ms, KPIs {kpi_ms:.2f} ms (median, cache cleared); "
          f"first statement incl. dictionary load {first_goal:.0f} ms; whole run {time.perf_counter() - started:.1f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
