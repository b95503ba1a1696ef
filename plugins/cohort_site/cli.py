"""`build.py`: the command line (build, check, export-docs, new-cohort, kit, pack, results-sheet, results-import, import-survey, import-attendance, bench). Each sub-command translates arguments and calls the library."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import logging
import os
import subprocess
import sys
from pathlib import Path

from .checks import Checked, load_and_check
from .codes import code_problem, normalise_code
from .diagnostics import CheckFailed
from .errors import CohortSiteError
from .exports.kit import write_kit
from .exports.rollover import plan_rollover
from .glyphs import Coverage
from .handouts.fonts import FontOptions
from .labels import attendance_reports
from .loader import DATA_DIR
from .model import Cohort
from .profile import ENV_VAR as PROFILE_ENV
from .profile import PROFILES, redact
from .storage import TargetExists, write_tree

MATERIAL_NOTICE_ENV = "NO_MKDOCS_2_WARNING"  # set: Material prints no end-of-life notice


def cmd_build(args: argparse.Namespace) -> int:
    """`mkdocs build` of the project, with the profile as the plugins read it (COHORT_SITE_PROFILE)."""
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(args.root / "mkdocs.yml")]
    if args.strict:
        command.append("--strict")
    if args.site_dir:
        command += ["--site-dir", str(args.site_dir)]
    env = dict(os.environ, **{PROFILE_ENV: args.profile})
    # Material's end-of-life notice (5 May 2027) is for the maintainers, who have the plan in the
    # README (今後の MkDocs と Material); whoever builds the site cannot act on it.
    env.setdefault(MATERIAL_NOTICE_ENV, "1")
    return subprocess.run(command, env=env, cwd=args.root).returncode


def _coverage(root: Path, fonts: FontOptions | None = None) -> Coverage | None:
    """What the PDFs' font chain (configured in mkdocs.yml) can print; None, after saying why, without fonts."""
    from .handouts.errors import HandoutError
    from .handouts.fonts import find_fonts
    from .mkdocs_plugins.handouts_config import options_from_mkdocs_yml

    try:
        fonts = fonts or options_from_mkdocs_yml(root / "mkdocs.yml").fonts
        return find_fonts(fonts).coverage()
    except HandoutError as exc:
        print(f"build.py: 印刷できない文字の確認（glyph-missing）を省きました: {exc}", file=sys.stderr)
        return None


def cmd_export_docs(args: argparse.Namespace) -> int:
    """The site as plain Markdown with a plain mkdocs.yml (site_files.export_docs)."""
    from .site_files import EXPORT_DOCS, export_docs

    out = args.out if args.out.is_absolute() else Path.cwd() / args.out
    try:
        pages = export_docs(args.root, out, args.profile)
    except CheckFailed:
        return cmd_check(argparse.Namespace(root=args.root, cohort=None))
    except TargetExists as exc:
        print(f"build.py: {exc}", file=sys.stderr)
        return 2
    print(f"{len(pages)} ページを Markdown で書き出しました: {out}（{EXPORT_DOCS}/ と mkdocs.yml）")
    print(f"プラグインなしでビルドできます: cd {out} && mkdocs build（PDF は build.py pack --out {out / EXPORT_DOCS}）")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    checked = load_and_check(args.root, cohort_id=args.cohort, coverage=_coverage(args.root))
    if args.cohort and checked.project.cohort(args.cohort) is None and checked.ok:
        print(f"build.py: 研修「{args.cohort}」は cohort_data/ にありません", file=sys.stderr)
        return 2
    for diagnostic in checked.diagnostics:
        print(diagnostic)
    errors = sum(d.is_error for d in checked.diagnostics)
    infos = sum(d.severity.value == "info" for d in checked.diagnostics)
    warnings = len(checked.diagnostics) - errors - infos
    print(f"エラー {errors} 件、警告 {warnings} 件" + (f"、情報 {infos} 件" if infos else ""), file=sys.stderr)
    return 1 if errors else 0


def _checked_cohort(root: Path, cohort_id: str) -> tuple[Checked, Cohort | None]:
    """The cohort, loaded and checked; None (after printing why) if it is missing or has errors."""
    checked = load_and_check(root, cohort_id=cohort_id)
    cohort = checked.project.cohort(cohort_id)
    errors = [d for d in checked.diagnostics if d.is_error]
    for diagnostic in errors:
        print(diagnostic, file=sys.stderr)
    if errors:
        print(f"build.py: 研修「{cohort_id}」にエラーが {len(errors)} 件あります。先に直してください", file=sys.stderr)
        return checked, None
    if cohort is None:
        print(f"build.py: 研修「{cohort_id}」は {DATA_DIR}/ にありません", file=sys.stderr)
    return checked, cohort


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日付は YYYY-MM-DD で書いてください（{text!r}）") from None


def cmd_new_cohort(args: argparse.Namespace) -> int:
    target = args.root / DATA_DIR / args.cohort
    if target.exists():
        print(f"build.py: {DATA_DIR}/{args.cohort}/ はすでにあります。上書きはしません", file=sys.stderr)
        return 2
    _, source = _checked_cohort(args.root, args.source)
    if source is None:
        return 2
    try:
        plan = plan_rollover(args.root, source, args.cohort, fiscal_year=args.year, start=args.start)
        if not args.dry_run:
            write_tree(target, plan.files)
    except TargetExists:
        raise  # a CohortSiteError: main() says it (before the OSError below would)
    except OSError as exc:
        print(f"build.py: 書き込みに失敗しました（{exc}）。{DATA_DIR}/{args.cohort}/ は作成していません", file=sys.stderr)
        return 1
    print("\n".join(plan.describe()))
    if args.dry_run:
        text = plan.files["cohort.yml"]
        assert isinstance(text, str)  # the YAML files are text; only images are bytes
        print(f"\n--- {DATA_DIR}/{args.cohort}/cohort.yml ---\n{text}")
        print("（--dry-run のため、何も書き込んでいません）")
        return 0
    print(f"\n{DATA_DIR}/{args.cohort}/ を作成しました。")
    return cmd_check(argparse.Namespace(root=args.root, cohort=args.cohort))


def cmd_kit(args: argparse.Namespace) -> int:
    cohort_id = args.cohort
    if cohort_id is None:
        # The newest cohort the municipality took part in.
        project = load_and_check(args.root).project
        code = str(normalise_code(args.code))
        if code_problem(code):
            print(f"build.py: {code_problem(code)}", file=sys.stderr)
            return 2
        found = next((c for c in project.cohorts_newest_first if c.group_of(code)), None)
        if found is None:
            print(f"build.py: 団体コード {code} が参加した研修が {DATA_DIR}/ にありません", file=sys.stderr)
            return 2
        cohort_id = found.id
    checked, cohort = _checked_cohort(args.root, cohort_id)
    if cohort is None:
        return 2
    out = args.out if args.out.is_absolute() else args.root / args.out
    path = write_kit(args.root, checked.project, cohort, args.code, out)  # KitError: main() says it
    print(f"庁内研修キットを作成しました: {path}（{path.stat().st_size // 1024} KB）")
    print("展開して README.md の手順（bash scripts/dev.sh site）でサイトと PDF を作れます。")
    return 0


def cmd_pack(args: argparse.Namespace) -> int:
    from .handouts.downloads import fill_download_pages
    from .handouts.errors import HandoutError
    from .handouts.runner import build_handouts
    from .mkdocs_plugins.handouts_config import options_from_mkdocs_yml
    from .office.handout_twins import OfficeTwins

    configured = options_from_mkdocs_yml(args.root / "mkdocs.yml", args.profile)  # HandoutError: main() says it
    checked = load_and_check(args.root, cohort_id=args.cohort, coverage=_coverage(args.root, configured.fonts))
    if not checked.ok:
        return cmd_check(argparse.Namespace(root=args.root, cohort=args.cohort))
    if args.cohort and checked.project.cohort(args.cohort) is None:
        print(f"build.py: 研修「{args.cohort}」は {DATA_DIR}/ にありません", file=sys.stderr)
        return 2
    out = args.out if args.out.is_absolute() else args.root / args.out
    # mkdocs.yml's settings (font chain, cache, time limit), with the command line's on top.
    options = dataclasses.replace(
        configured, workers=args.workers or configured.workers, pdf_variant=args.pdf_variant or configured.pdf_variant,
        findings=checked.by_file(), share_layout=configured.share_layout and not args.no_share_layout,
        site_url=args.site_url or None,
        office=configured.office and not args.pdf_only,
    )
    try:
        cohorts = [args.cohort] if args.cohort else None
        summary = build_handouts(args.root, checked.project, out, options, cohorts, writer=OfficeTwins())
    except HandoutError as exc:
        print(f"build.py: {exc}", file=sys.stderr)
        return 1
    fill_download_pages(out, summary.built, summary.twins)  # when `out` is a built site: page counts and sizes
    print(f"{summary}（出力先: {out}）")
    return 0


def cmd_results_sheet(args: argparse.Namespace) -> int:
    from .imports.results_sheet import sheet_filename, write_sheet
    from .storage import write_bytes

    checked, cohort = _checked_cohort(args.root, args.cohort)
    if cohort is None:
        return 2
    codes = [str(normalise_code(args.code))] if args.code else [c for g in cohort.groups for c in g.municipalities]
    out = args.out if args.out.is_absolute() else args.root / args.out
    books = {code: write_sheet(checked.project, cohort, code) for code in codes}  # SheetError: main() says it
    for code, data in books.items():
        path = out / sheet_filename(cohort, code)
        write_bytes(path, data)
        print(f"成果報告シートを作成しました: {path}")
    return 0


def _checked_project(root: Path) -> Checked | None:
    """The whole project, loaded and checked; None (after printing its errors) if it has any."""
    checked = load_and_check(root)
    errors = [d for d in checked.diagnostics if d.is_error]
    for diagnostic in errors:
        print(diagnostic, file=sys.stderr)
    if errors:
        print(f"build.py: {DATA_DIR}/ にエラーが {len(errors)} 件あります。先に直してください（何も書き込んでいません）", file=sys.stderr)
        return None
    return checked


def cmd_results_import(args: argparse.Namespace) -> int:
    from .imports.results_sheet import import_sheets
    from .results import today

    checked = _checked_project(args.root)
    if checked is None:
        return 2
    report = import_sheets(args.root, checked.project, args.files, today(), write=not args.dry_run)
    for problem in report.problems:
        print(problem)
    if not report.ok:
        count = sum(p.is_error for p in report.problems)
        print(f"エラー {count} 件。何も書き込んでいません（シートを直してから、もう一度取り込んでください）", file=sys.stderr)
        return 1
    for item in report.imported:
        name = checked.project.municipalities[item.code].name if item.code in checked.project.municipalities else item.code
        print(f"{name}（{item.code}）: {len(item.added)} 件を追加" + ("" if item.added else "（新しい値はありません）"))
        for line in item.added:
            print(f"  追加: {line}")
    for path in report.written:
        print(f"書き込みました: {path}")
    if args.dry_run:
        print("（--dry-run のため、何も書き込んでいません）")
    return 0


def _run_import(args: argparse.Namespace, plan_of) -> int:
    """Shared by import-survey and import-attendance: plan, print, then write (unless --dry-run)."""
    from .imports.records import RecordsError

    _, cohort = _checked_cohort(args.root, args.cohort)
    if cohort is None:
        return 2
    path = args.file if args.file.is_absolute() else Path.cwd() / args.file
    try:
        plan = plan_of(cohort, path, str(args.file))
        print("\n".join(plan.summary))
        if args.dry_run:
            print(plan.diff() or "（変更はありません）")
            print("（--dry-run のため、何も書き込んでいません）")
            return 0
        plan.write()
    except RecordsError as exc:
        print(exc, file=sys.stderr)
        print("build.py: 取り込みを中止しました。何も書き込んでいません", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"build.py: 読み書きに失敗しました（{exc}）。何も書き込んでいません", file=sys.stderr)
        return 1
    print(f"{plan.shown} を{'更新' if plan.old is not None else '作成'}しました。")
    return cmd_check(argparse.Namespace(root=args.root, cohort=args.cohort))


def cmd_import_survey(args: argparse.Namespace) -> int:
    from .imports.survey import plan_survey

    return _run_import(args, lambda cohort, path, shown: plan_survey(args.root, cohort, args.session, path, shown))


def cmd_import_attendance(args: argparse.Namespace) -> int:
    from .imports.attendance_reports import plan_attendance

    return _run_import(
        args, lambda cohort, path, shown: plan_attendance(args.root, cohort, args.session, path, shown, args.replace)
    )


def cmd_proposal_template(args: argparse.Namespace) -> int:
    from .images import image_folder
    from .office.proposal_template import write_template
    from .outputs import proposal_template_filename
    from .storage import write_bytes

    checked, found = _checked_cohort(args.root, args.cohort)
    if found is None:
        return 2
    project = redact(checked.project, args.profile)  # public: no member names in the file
    cohort = project.cohort(found.id)
    assert cohort is not None
    groups = [g for g in cohort.groups if args.group in (None, g.id)]
    if not groups:
        print(f"build.py: グループ「{args.group}」は研修「{cohort.id}」にありません", file=sys.stderr)
        return 2
    out = args.out if args.out.is_absolute() else args.root / args.out
    for group in groups:
        path = out / proposal_template_filename(cohort.id, group.id)
        data = write_template(project, cohort, group, intranet=args.profile == "intranet",
                              images=image_folder(args.root / DATA_DIR, cohort.id))
        write_bytes(path, data)
        print(f"提案書のひな形（Word）を作成しました: {path}")
    return 0


def cmd_proposal_import(args: argparse.Namespace) -> int:
    from .office.proposal_import import plan_import, write_import

    checked = _checked_project(args.root)
    if checked is None:
        return 2
    results = [plan_import(args.root, checked.project, f if f.is_absolute() else Path.cwd() / f, str(f)) for f in args.files]
    for result in results:
        for line in result.problems:
            print(line)
    total = sum(r.errors for r in results)
    if total:
        print(f"エラー {total} 件。何も書き込んでいません（文書を直してから、もう一度取り込んでください）", file=sys.stderr)
        return 1
    for result in results:
        assert result.plan is not None
        if args.dry_run:
            print(result.plan.diff() or f"{result.plan.shown}: 変更はありません")
            continue
        written = write_import(args.root, result)
        print("\n".join(f"書き込みました: {p}" for p in written) or f"{result.plan.shown}: 変更はありません")
    if args.dry_run:
        print("（--dry-run のため、何も書き込んでいません）")
    return 0


def cmd_proposal_review(args: argparse.Namespace) -> int:
    from .office.proposal_import import plan_import
    from .office.proposal_review import add_comments, body_line, findings, problem_findings, review_bytes
    from .storage import write_bytes

    checked = _checked_project(args.root)
    if checked is None:
        return 2
    path = args.file if args.file.is_absolute() else Path.cwd() / args.file
    result = plan_import(args.root, checked.project, path, str(args.file))
    for line in result.problems:
        print(line)
    if result.document is None or result.read is None:
        print("build.py: 文書を読めないため、チェックできませんでした", file=sys.stderr)
        return 1
    found = problem_findings(result.read.problems)
    if not result.errors and result.checked is not None and result.cohort is not None:
        scratch = result.checked.project.cohort(result.cohort.id)  # the project holding this file
        proposal = scratch.proposal_of(result.group) if scratch is not None else None
        if proposal is not None:
            mine = [d for d in result.checked.diagnostics if d.loc.file == result.rel]
            found += findings(proposal, mine, body_line(result.plan.text) if result.plan else None)
    count = add_comments(result.document, result.read.anchors, found)
    out = args.out if args.out.is_absolute() else args.root / args.out
    target = out / f"{path.stem}-review.docx"
    write_bytes(target, review_bytes(result.document))
    for finding in found:
        print(f"{args.file}: {finding.text.splitlines()[0]}")
    print(f"指摘 {count} 件をコメントにしたコピーを作成しました: {target}")
    if result.errors:
        print(f"読めない箇所が {result.errors} 件あるため、チェッカーは実行していません。直してから、もう一度チェックしてください",
              file=sys.stderr)
        return 1
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    import runpy

    script = args.root / "benchmarks" / "bench.py"
    return runpy.run_path(str(script))["main"](args.options)


def _import_parser(sub: argparse._SubParsersAction, name: str, help: str, file_help: str) -> argparse.ArgumentParser:
    parser = sub.add_parser(name, help=help)
    parser.add_argument("cohort", help="研修ID（例: tokyo-2021）")
    parser.add_argument("session", type=int, help="回の番号（例: 2）")
    parser.add_argument("file", type=Path, help=file_help)
    parser.add_argument("--dry-run", action="store_true", help="書き込まずに、変わる内容を表示する")
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build.py", description="研修サイト・配布資料の生成ツール")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="プロジェクトのフォルダ（既定: カレント）")
    sub = parser.add_subparsers(dest="command", required=True)

    build = sub.add_parser("build", help="サイトと配布資料（PDF）をビルドする（mkdocs build）")
    build.add_argument("--profile", choices=PROFILES, default=os.environ.get(PROFILE_ENV, "intranet"),
                       help="intranet（既定）または public（人名・ファシリテーター向けメモを除く）")
    build.add_argument("--strict", action="store_true", help="警告があれば失敗にする")
    build.add_argument("--site-dir", type=Path, help="出力先フォルダ（既定: site）")
    build.set_defaults(func=cmd_build)

    export = sub.add_parser("export-docs", help="サイトの全ページを素の Markdown と mkdocs.yml に書き出す（プラグインなしでビルドできる）")
    export.add_argument("out", type=Path, help="出力先フォルダ（新しく作る。既にあれば何もしない）")
    export.add_argument("--profile", choices=PROFILES, default=os.environ.get(PROFILE_ENV, "intranet"),
                        help="intranet（既定）または public（人名・ファシリテーター向けメモを除く）")
    export.set_defaults(func=cmd_export_docs)

    check = sub.add_parser("check", help="cohort_data/ の誤りをすべて表示する")
    check.add_argument("cohort", nargs="?", help="研修ID（例: tokyo-2021）。省略時はすべて")
    check.set_defaults(func=cmd_check)

    new = sub.add_parser("new-cohort", help="前年度の研修から新しい研修を作る（日付を1年後の同じ週・曜日へ）")
    new.add_argument("cohort", help="新しい研修ID（例: tokyo-2022）")
    new.add_argument("--from", dest="source", required=True, help="元にする研修ID（例: tokyo-2021）")
    new.add_argument("--year", type=int, help="新しい研修の年度（例: 2022）。省略時は研修IDの末尾の年、なければ元の年度+1")
    new.add_argument("--start", type=_date, help="第1回の日付（YYYY-MM-DD）。すべての日付を同じ日数だけずらす")
    new.add_argument("--dry-run", action="store_true", help="書き込まずに、作る内容を表示する")
    new.set_defaults(func=cmd_new_cohort)

    kit = sub.add_parser("kit", help="自治体の庁内研修キット（zip）を作る")
    kit.add_argument("code", help="団体コード（例: 131121）")
    kit.add_argument("--cohort", help="元にする研修ID（例: tokyo-2021）。省略時はその自治体が参加した最新の研修")
    kit.add_argument("--out", type=Path, default=Path("dist"), help="出力先フォルダ（既定: dist）")
    kit.set_defaults(func=cmd_kit)

    pack = sub.add_parser("pack", help="配布資料（PDF と編集用の Word・PowerPoint）を作る（MkDocs を使わずに）")
    pack.add_argument("cohort", nargs="?", help="研修ID（例: tokyo-2021）。省略時はすべて")
    pack.add_argument("--out", type=Path, default=Path("site"), help="出力先フォルダ（既定: site、PDFは pdf/<研修ID>/ に）")
    pack.add_argument("--workers", type=int, help="並列に作るプロセス数（既定: CPU数）")
    pack.add_argument("--profile", choices=PROFILES, default=os.environ.get(PROFILE_ENV, "intranet"),
                      help="intranet（既定）または public（人名・ファシリテーター向けメモを除く）")
    pack.add_argument("--pdf-variant", help="pdf/ua-1（既定）または pdf/a-3b（既定は mkdocs.yml の設定）")
    pack.add_argument("--no-share-layout", action="store_true",
                      help="パックどうしでレイアウトを共有せず、1つずつ丸ごと作る（遅いが同じ PDF。mkdocs.yml の share_layout: false と同じ）")
    pack.add_argument("--site-url", default=os.environ.get("COHORT_SITE_URL"),
                      help="サイトの公開 URL（既定: 環境変数 COHORT_SITE_URL）。あれば各回・提案書・成果報告に、そのページの QR コードと URL を印刷")
    pack.add_argument("--pdf-only", action="store_true", help="PDF だけを作る（編集用の Word・PowerPoint は作らない）")
    pack.set_defaults(func=cmd_pack)

    survey = _import_parser(sub, "import-survey", "アンケート（Microsoft Forms の .xlsx / .csv）を回の振り返りに取り込む",
                            "Forms からダウンロードした .xlsx、または .csv（UTF-8 / CP932）")
    survey.set_defaults(func=cmd_import_survey)
    attendance = _import_parser(sub, "import-attendance", "会議ツールの出席レポート（.csv）を回の出席に取り込む",
                                "会議ツールからダウンロードした .csv（" + "・".join(attendance_reports()) + "）")
    attendance.add_argument("--replace", action="store_true", help="取り込み済みの出席を置き換える")
    attendance.set_defaults(func=cmd_import_attendance)

    sheet = sub.add_parser("results-sheet", help="自治体ごとの成果報告シート（Excel）を作る")
    sheet.add_argument("cohort", help="研修ID（例: tokyo-2021）")
    sheet.add_argument("code", nargs="?", help="団体コード（例: 131121）。省略時は参加自治体すべて")
    sheet.add_argument("--out", type=Path, default=Path("dist/results"), help="出力先フォルダ（既定: dist/results）")
    sheet.set_defaults(func=cmd_results_sheet)

    take = sub.add_parser("results-import", help="記入済みの成果報告シートを取り込む（エラーがあれば何も書き込まない）")
    take.add_argument("files", nargs="+", type=Path, help="成果報告シート（.xlsx）")
    take.add_argument("--dry-run", action="store_true", help="確認だけして、書き込まない")
    take.set_defaults(func=cmd_results_import)

    template = sub.add_parser("proposal-template", help="グループの提案書のひな形（Word）を作る（提案書があれば記入済み）")
    template.add_argument("cohort", help="研修ID（例: tokyo-2021）")
    template.add_argument("group", nargs="?", help="グループID（例: g1）。省略時はすべてのグループ")
    template.add_argument("--out", type=Path, default=Path("dist/proposals"), help="出力先フォルダ（既定: dist/proposals）")
    template.add_argument("--profile", choices=PROFILES, default=os.environ.get(PROFILE_ENV, "intranet"),
                          help="intranet（既定、メンバーの氏名を載せる）または public")
    template.set_defaults(func=cmd_proposal_template)

    proposal_in = sub.add_parser("proposal-import", help="Word で書いた提案書を取り込む（エラーがあれば何も書き込まない）")
    proposal_in.add_argument("files", nargs="+", type=Path, help="提案書のひな形に記入した .docx")
    proposal_in.add_argument("--dry-run", action="store_true", help="書き込まずに、変わる内容を差分で表示する")
    proposal_in.set_defaults(func=cmd_proposal_import)

    review = sub.add_parser("proposal-review", help="Word の提案書をチェックし、指摘を Word のコメントにしたコピーを作る")
    review.add_argument("file", type=Path, help="提案書のひな形に記入した .docx")
    review.add_argument("--out", type=Path, default=Path("dist/proposals/review"), help="出力先フォルダ（既定: dist/proposals/review）")
    review.set_defaults(func=cmd_proposal_review)

    # Its options go to benchmarks/bench.py as they are (see main()).
    bench = sub.add_parser(
        "bench", add_help=False,  # --help too goes to the script
        help="サイトと配布資料（PDF）の作成の速さを測る（benchmarks/bench.py、例: --runs 3 --only sample）",
    )
    bench.set_defaults(func=cmd_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("weasyprint").setLevel(logging.WARNING)  # its progress lines; warnings reach us per pack
    parser = build_parser()
    # `bench` passes every option on to the benchmark script (argparse.REMAINDER rejected `--runs 2`).
    args, rest = parser.parse_known_args(argv)
    if args.command == "bench":
        args.options = rest
    elif rest:
        parser.error(f"不明な引数: {' '.join(rest)}")
    try:
        return args.func(args)
    except CohortSiteError as exc:  # the project's own errors: the message, never a traceback
        print(f"build.py: {exc}", file=sys.stderr)
        return 2
