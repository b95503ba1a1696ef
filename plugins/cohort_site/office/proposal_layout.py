"""What the proposal's Word template holds and where: shared by the writer, the reader and the review.

Every part the import reads is a block content control (`w:sdt`) tagged with the field it holds;
headings, instructions (grey, style `CS Instruction`) and everything outside a tagged control are
ignored by the import. Inside a control a user may add paragraphs, rows and line breaks freely.
An outcome is one control (tag `outcome`) holding its heading, its statement and its KPI table;
copying the control adds an outcome. The document's custom properties say which cohort and group
it belongs to and the format version.
"""

from __future__ import annotations

from dataclasses import dataclass

from .. import labels
from ..model import Proposal, markdown_fields

FORMAT = "cohort-site-proposal/1"
PROP_FORMAT, PROP_COHORT, PROP_GROUP = "cohort-site-format", "cohort-site-cohort", "cohort-site-group"
INSTRUCTION_STYLE = "CS Instruction"
REVIEW_AUTHOR = "DX研修チェッカー"
REVIEW_INITIALS = "DX"

# Tags of the content controls (the model's field names, ASCII).
TITLE, TAGS = "title", "tags"
OUTCOME = "outcome"
ROLLOUT_REUSABLE, ROLLOUT_SUMMARY, ROLLOUT_CONDITIONS = "rollout.reusable", "rollout.summary", "rollout.conditions"
MARKDOWN_TAGS = markdown_fields(Proposal)  # free text: a control of paragraphs each, no table to declare
YES, NO = "はい", "いいえ"


@dataclass(frozen=True)
class Columns:
    """A structured part's table: its tag, its header and each column's model field and width."""

    tag: str
    header: tuple[str, ...]
    fields: tuple[str, ...]
    widths_mm: tuple[float, ...]


KPI_TABLE = Columns(
    "kpis", ("指標", "現状値", "目標値", "単位", "期限", "現状値の出典", "KPI ID"),
    ("indicator", "baseline", "target", "unit", "deadline", "baseline_note", "id"),
    (38, 15, 15, 12, 27, 43, 26),
)
KPI_TABLE_PT = 9  # the KPI table's text size: a date and a KPI ID fit their columns on one line
TABLES: dict[str, Columns] = {
    c.tag: c
    for c in (
        Columns("measures", ("施策", "内容"), ("title", "description"), (60, 116)),
        Columns("stakeholders", ("関係者", "役割"), ("name", "role"), (60, 116)),
        Columns("schedule", ("時期", "内容"), ("period", "task"), (45, 131)),
        Columns("risks", labels.RISK_COLUMNS, ("risk", "mitigation"), (80, 96)),
    )
}

# One grey line under each section's heading (the import ignores it); a section without one gets
# DEFAULT_INSTRUCTION.
DEFAULT_INSTRUCTION = "この欄に書きます。"
INSTRUCTIONS: dict[str, str] = {
    "scope": "提案の対象とする手続き・業務の範囲を書きます。",
    "current-state": "数字を交えた今の姿と、誰がどう困っているかを書きます。箇条書きや表も使えます。",
    "target-users": "提案によって良くなる人（住民、事業者、職員）を書きます。",
    "outcomes": "目指す姿は「方法」ではなく、住民や職員がどうなっているか（成果）で書きます。"
                "KPI の表は行を増やせます。目指す姿を増やすときは、枠ごとコピーして貼り付けてください。"
                "数値は半角でも全角でも、単位は「単位」の列に。期限は 2023/4/30 のように。KPI ID は新しい行では空欄のままで構いません。",
    "measures": "電子申請・ペーパーレス・RPA など、目指す姿を実現する手段を書きます。行は増やせます。",
    "stakeholders": "実行に関わる課・機関と、その役割を書きます。",
    "rollout": "他の自治体でも使えるか（はい・いいえ）、その説明、使うための条件（1行に1つ）を書きます。",
    "schedule": "いつ何をするかを書きます。",
    "risks": "起こりうる問題と、その対策を書きます。",
    "body": "背景、検討の経緯、グループでの学びなどを自由に書きます。見出し（見出し 2）、箇条書き、太字、表が使えます。",
}
LESSON_TITLE = "方法をゴールに置かない"
LESSON = (
    "目指す姿には、施策を実行した結果、住民や職員がどんな状態になっているかを書きます。"
    "「それで、誰がどうなるのですか？」と聞かれて答えが出てくるなら、それは手段です。答えのほうを目指す姿に書きましょう。"
)
BAD_EXAMPLE = "保育所の入所申込を電子申請化する"
GOOD_EXAMPLE = "保護者が仕事を休んで来庁することなく、夜間や休日でも申込を終えられている"
