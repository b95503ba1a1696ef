"""`build.py`: the command line. Each sub-command translates arguments and calls the library."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .checks import load_and_check

log = logging.getLogger("cohort_site")


def cmd_check(args: argparse.Namespace) -> int:
    checked = load_and_check(args.root, cohort_id=args.cohort)
    if args.cohort and checked.project.cohort(args.cohort) is None and checked.ok:
        print(f"build.py: 研修「{args.cohort}」は cohort_data/ にありません", file=sys.stderr)
        return 2
    for diagnostic in checked.diagnostics:
        print(diagnostic)
    errors = sum(d.is_error for d in checked.diagnostics)
    warnings = len(checked.diagnostics) - errors
    print(f"エラー {errors} 件、警告 {warnings} 件", file=sys.stderr)
    return 1 if errors else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build.py", description="研修サイト・配布資料の生成ツール")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="プロジェクトのフォルダ（既定: カレント）")
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="cohort_data/ の誤りをすべて表示する")
    check.add_argument("cohort", nargs="?", help="研修ID（例: tokyo-2021）。省略時はすべて")
    check.set_defaults(func=cmd_check)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    return args.func(args)
