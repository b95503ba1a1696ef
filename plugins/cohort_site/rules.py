"""Every rule id the loader, the checker and the importers report, registered once with its severity and the
Japanese title that headings show (the site's checker box, the PDFs' findings).

A leaf module (no imports of the package), so the loader, the reference data and `checks/` can
all read it. `tests/test_rules_registry.py` fails on a rule id emitted anywhere but not here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

SeverityName = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: SeverityName
    title: str  # Japanese, a heading: what is wrong, in a few words


class UnknownRule(KeyError):
    """A rule id nobody registered: a programming error."""


RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        # Reading the files (sources.py, limits.py, loader.py, validation.py)
        Rule("io", "error", "ファイルを読めません"),
        Rule("encoding", "error", "文字コードが読めません"),
        Rule("file-too-large", "error", "ファイルが大きすぎます"),
        Rule("line-too-long", "error", "行が長すぎます"),
        Rule("control-character", "error", "使えない制御文字があります"),
        Rule("markdown-depth", "error", "Markdown の入れ子が深すぎます"),
        Rule("html-depth", "error", "Markdown の中の HTML の入れ子が深すぎます"),
        Rule("yaml-syntax", "error", "YAML の書き方に誤りがあります"),
        Rule("yaml-depth", "error", "YAML の入れ子が深すぎます"),
        Rule("yaml-alias", "error", "YAML のアンカー・エイリアスは使えません"),
        Rule("duplicate-key", "error", "同じ項目が二度書かれています"),
        Rule("front-matter", "error", "Markdown 冒頭の YAML（フロントマター）に誤りがあります"),
        Rule("empty-file", "error", "ファイルが空です"),
        Rule("missing-data", "error", "データのフォルダがありません"),
        Rule("outside-project", "error", "プロジェクトの外を指すファイルです"),
        Rule("cohort-id", "error", "研修の ID がフォルダ名と違います"),
        Rule("unknown-key", "error", "知らない項目名です"),
        Rule("required", "error", "必須の項目がありません"),
        Rule("type", "error", "値の種類が違います"),
        Rule("one-line", "error", "1行で書く項目に改行があります"),
        Rule("not-checked", "info", "ほかのファイルの誤りのため確かめていないことがあります"),
        Rule("duplicate-id", "error", "ID が重複しています"),
        # Municipality codes and reference data (reference.py, checks/municipalities.py)
        Rule("municipality-data", "error", "自治体の参照データに誤りがあります"),
        Rule("municipality-code-format", "error", "団体コードが6桁の数字ではありません"),
        Rule("municipality-code-check-digit", "error", "団体コードの検査数字が合いません"),
        Rule("municipality-unknown", "error", "参照データにない団体コードです"),
        Rule("municipality-ward", "error", "政令指定都市の区のコードです"),
        # References between files (checks/references.py)
        Rule("proposal-group-unknown", "error", "提案書のグループがありません"),
        Rule("session-unknown", "error", "存在しない回を指しています"),
        Rule("municipality-in-two-groups", "error", "自治体が二つのグループに入っています"),
        Rule("member-outside-group", "error", "メンバーの自治体がグループにありません"),
        # Schedule (checks/schedule.py)
        Rule("period-order", "error", "研修期間の開始と終了が逆です"),
        Rule("session-time", "error", "回の終了時刻が開始時刻より後ではありません"),
        Rule("session-numbering", "error", "回の番号が連続していません"),
        Rule("session-order", "error", "回の日時の順が番号と合いません"),
        Rule("session-outside-period", "error", "回が研修期間の外にあります"),
        Rule("session-overlap", "error", "同じ日の回の時間が重なっています"),
        Rule("agenda-overrun", "error", "進行表が回の時間に収まりません"),
        Rule("agenda-gap", "warning", "進行表が回の時間より短くなっています"),
        Rule("homework-due-session", "error", "宿題の提出回が合いません"),
        # Outcome rules: the programme's core lesson (checks/outcomes.py)
        Rule("goal-is-method", "warning", "目指す姿が手段になっています"),
        Rule("outcome-without-kpi", "warning", "目指す姿を測る KPI がありません"),
        Rule("kpi-incomplete", "warning", "KPI の項目が足りません"),
        Rule("kpi-counts-output", "warning", "KPI がアウトプット（作ったもの）を数えています"),
        # Resources and characters (checks/resources.py, checks/glyphs.py)
        Rule("external-resource", "error", "外部のリソースを読み込もうとしています"),
        Rule("image-svg", "error", "SVG 画像にスクリプトや外部への参照があります"),
        Rule("image-missing", "error", "画像ファイルがありません"),
        Rule("image-path", "warning", "サイトにも PDF にも表示されない画像です"),
        Rule("html-removed", "warning", "使えない HTML が取り除かれます"),
        Rule("glyph-missing", "error", "どのフォントにもない文字があります"),
        Rule("glyph-variant-missing", "warning", "異体字がフォントにありません"),
        # Results after the programme (checks/results.py)
        Rule("result-municipality-unknown", "error", "成果ファイルの自治体がどのグループにもありません"),
        Rule("result-kpi-unknown", "error", "成果ファイルの KPI が提案書にありません"),
        Rule("result-unit", "error", "成果の単位が KPI と違います"),
        Rule("result-value", "error", "成果の値が数値として読めません"),
        Rule("result-date-before-baseline", "error", "測定日が現状値の時点より前です"),
        Rule("result-date-future", "error", "測定日が未来の日付です"),
        Rule("result-date-duplicate", "error", "同じ測定日の値が二つあります"),
        Rule("result-measure-unknown", "error", "成果ファイルの施策が提案書にありません"),
        Rule("result-missing", "warning", "期限を過ぎた KPI の測定値がありません"),
        Rule("measure-done-kpi-unmoved", "info", "施策は完了しましたが KPI が動いていません"),
        # Importing the programme's records (imports/records.py, attendance_reports.py, survey.py)
        Rule("records-io", "error", "取り込むファイルを読めません"),
        Rule("records-too-large", "error", "取り込むファイルが大きすぎます"),
        Rule("records-encoding", "error", "取り込むファイルの文字コードを判別できません"),
        Rule("attendance-section", "error", "出席レポートに参加者の表がありません"),
        Rule("attendance-session", "error", "出席を取り込む回がありません"),
        Rule("attendance-members", "error", "出席を照合するメンバーがいません"),
        Rule("attendance-exists", "error", "この回の出席はすでに取り込まれています"),
        Rule("attendance-internal", "error", "作成した出席ファイルが正しくありません"),
        Rule("attendance-column", "error", "出席レポートに必要な列がありません"),
        Rule("attendance-duration", "error", "出席レポートの参加時間を読めません"),
        Rule("attendance-date", "error", "出席レポートの日付が回の日付と違います"),
        Rule("attendance-format", "error", "出席レポートの形式を判別できません"),
        Rule("attendance-unknown-member", "error", "出席記録のメンバーが groups.yml にいません"),
        Rule("survey-file", "error", "アンケートのファイルを読めません"),
        Rule("survey-mapping", "error", "アンケートの列の対応表に誤りがあります"),
        Rule("survey-session", "error", "アンケートを取り込む回がありません"),
        Rule("survey-column", "error", "アンケートに指定の列がありません"),
        Rule("survey-personal-column", "error", "回答者を特定する列は取り込めません"),
        Rule("survey-value", "error", "アンケートの評価が範囲外か数値ではありません"),
        Rule("survey-hand-written", "error", "手で書いたアンケート結果は上書きしません"),
    )
}


def rule(rule_id: str) -> Rule:
    try:
        return RULES[rule_id]
    except KeyError:
        raise UnknownRule(f"未登録のルール ID です: {rule_id!r}（rules.RULES に登録してください）") from None


def title(rule_id: str) -> str:
    return rule(rule_id).title
