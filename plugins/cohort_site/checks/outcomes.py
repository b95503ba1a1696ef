"""The programme's core lesson: a goal is an outcome (a state or effect), not a method.

Every finding here is a warning with its own rule id, worded politely: the author learns,
the build goes on.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import rules
from ..diagnostics import Diagnostic, warning
from ..model import KPI, Cohort, Outcome, Project, Proposal
from .config import CheckerConfig
from .statements import Lexicon, Reading, read_goal, read_kpi

# How the site's checker box and the PDFs title each finding (same text in both; titles in rules.py).
FINDINGS_HEADING = "チェックツールの指摘"
FINDINGS_NOTE = "この指摘は庁内版にのみ表示されます。提案書を直すと消えます。"


def finding_title(rule: str) -> str:
    return f"{FINDINGS_HEADING}: {rules.title(rule)}"


# Suggested rewrites by what the statement is about, first match wins: (words, state, KPI).
# Who is in what state once the method works, and an indicator of use or effect.
REWRITES: tuple[tuple[tuple[str, ...], str, str], ...] = (
    (("チャットボット", "LINE", "SNS", "ホームページ", "サイト", "問い合わせ", "問合せ", "公式アカウント", "ポータル", "相談"),
     "住民が開庁時間外でも、知りたいことをその場で解決できている", "問い合わせのうち自己解決できた割合"),
    (("申請", "申込", "手続", "予約", "決済", "キャッシュレス", "証明", "マイナ", "窓口"),
     "住民が来庁せずに、夜間や休日でも手続きを終えられている", "来庁せずに完了した手続きの割合"),
    (("ペーパーレス", "会議", "印刷", "紙"),
     "職員が会議資料の印刷や差し替えに時間を取られず、議論に集中できている", "会議の準備にかかる職員の時間（1回あたり）"),
)
STAFF_REWRITE = ("職員が転記や照合などの定型作業に追われず、住民対応や企画に時間を使えている",
                 "対象業務にかかる職員の作業時間（月あたり）")
WHY = {  # why the head word makes the statement a method
    "keyword": "チェックツールのキーワード（checker.yml）に当たります",
    "action": "組織が行うこと（手段）です",
    "ka": "手段を表す「〜化」です",
    "thing": "道具や仕組みがそろった状態を表すだけで、誰がどうなっているかがありません",
}


def check(project: Project, cohort: Cohort, config: CheckerConfig) -> Iterator[Diagnostic]:
    lex = Lexicon.of(config)
    for proposal in cohort.proposals:
        yield from check_proposal(proposal, lex)


def check_proposal(proposal: Proposal, lex: Lexicon) -> Iterator[Diagnostic]:
    for outcome in proposal.outcomes:
        yield from _check_outcome(outcome, lex)


def suggestion(text: str) -> tuple[str, str]:
    """(state, KPI) to propose for a method-goal or an output-KPI about `text`."""
    for words, state, kpi in REWRITES:
        if any(w in text for w in words):
            return state, kpi
    return STAFF_REWRITE


def goal_message(statement: str, reading: Reading) -> str:
    state, kpi = suggestion(statement)
    tools = f"{_quoted(reading.tools)}は道具・技術・仕組みの名前です。" if reading.tools else ""
    return (
        f"目指す姿「{statement}」は手段を書いているようです。{tools}「{reading.head}」は{WHY[reading.why]}。"
        "手段は「施策」に移し、その手段がうまくいったとき、誰がどんな状態になっているかを書きましょう。"
        f"書き換えの例: 「{state}（KPI: {kpi}）」"
    )


def kpi_message(indicator: str, reading: Reading) -> str:
    _, kpi = suggestion(indicator)
    return (
        f"KPI「{indicator}」は作ったもの・行ったこと（「{reading.head}」）を数えています。"
        "施策を実施すれば達成できてしまうので、使われ方や効果（利用率・処理時間・待ち時間・満足度など）を測る指標にしましょう。"
        f"例: 「{kpi}」"
    )


def _quoted(words: tuple[str, ...]) -> str:
    return "".join(f"「{w}」" for w in words)


def _check_outcome(outcome: Outcome, lex: Lexicon) -> Iterator[Diagnostic]:
    reading = read_goal(outcome.statement, lex)
    if reading.is_method:
        yield warning(outcome.loc("statement"), "goal-is-method", goal_message(outcome.statement.strip(), reading))
    complete = [k for k in outcome.kpis if _missing(k) == []]
    if not complete:
        yield warning(
            outcome.loc("kpis") if outcome.kpis else outcome.loc(),
            "outcome-without-kpi",
            f"目指す姿「{outcome.statement}」に、現状値・目標値・期限のそろった KPI がありません。"
            "達成を測る指標を少なくとも1つ書きましょう",
        )
    for kpi in outcome.kpis:
        missing = _missing(kpi)
        if missing:
            yield warning(
                kpi.loc(),
                "kpi-incomplete",
                f"KPI「{kpi.indicator}」に{'・'.join(missing)}がありません",
            )
        output = read_kpi(kpi.indicator, lex)
        if output.is_method:
            yield warning(kpi.loc("indicator"), "kpi-counts-output", kpi_message(kpi.indicator.strip(), output))


def _missing(kpi: KPI) -> list[str]:
    labels = {"baseline": "現状値（baseline）", "target": "目標値（target）", "deadline": "期限（deadline）"}
    return [label for field, label in labels.items() if getattr(kpi, field) is None]
