"""The project's vocabulary: Japanese words that every output shares, and the words that vary with
the data (the collective word for municipalities, the meeting platform and its channels).

No page, PDF, kit or calendar writes 「Teams」 or 「区市町村」 itself: they ask here, so a Zoom
programme in Kanagawa reads 「市町村」 and 「Zoom」 and Tokyo's reads 「区市町村」 and 「Teams」.

The proposal's and the session's sections are declared here too (order, title, the model field
each shows); `pages/` and the print templates iterate over these declarations instead of retyping
titles, so the site and the PDF of the same proposal show the same sections in the same order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import get_args

from .codes import PREFECTURES, prefecture_of
from .model import Cohort, Node, PlatformName, Project

# Tokyo says 区市町村 (its 23 special wards come first); every other prefecture says 市町村.
TOKYO = "東京都"
WORD_WITH_WARDS = "区市町村"
WORD = "市町村"

ORGANISER = "主催"
DELIVERY = "実施方法"
PLATFORM = "開催形式"
TARGET = "対象"
PREFECTURE = "都道府県"


@dataclass(frozen=True)
class Platform:
    name: str  # as written in cohort.yml and shown
    text: str  # the 開催形式 row
    channels: str  # what the programme's channels are called on it
    report: str = ""  # its attendance report, as `import-attendance` reads it ("" : none)


PLATFORMS: dict[str, Platform] = {
    p.name: p
    for p in (
        Platform("Teams", "オンライン（Microsoft Teams）", "Teams チャンネル", "Teams の出席レポート"),
        Platform("Zoom", "オンライン（Zoom）", "Zoom チャンネル", "Zoom の参加者レポート"),
        Platform("Webex", "オンライン（Webex）", "Webex スペース", "Webex の出席者レポート"),
        Platform("Google Meet", "オンライン（Google Meet）", "Google Chat スペース", "Google Meet の出席レポート"),
        Platform("対面", "対面（会場に集まって開催）", "チャンネル"),
        Platform("ハイブリッド", "ハイブリッド（会場とオンラインの併用）", "チャンネル"),
    )
}
if set(PLATFORMS) != set(get_args(PlatformName)):  # every platform the model accepts has its wording
    raise ImportError(f"labels.PLATFORMS and model.PlatformName differ: {sorted(set(PLATFORMS) ^ set(get_args(PlatformName)))}")


def platform(cohort: Cohort) -> Platform | None:
    return PLATFORMS.get(cohort.platform) if cohort.platform else None


def platform_text(cohort: Cohort) -> str:
    found = platform(cohort)
    return found.text if found else ""


def channel_heading(cohort: Cohort) -> str:
    """「コミュニケーションの場（Teams チャンネル）」 on Teams, （Zoom チャンネル） on Zoom ..."""
    found = platform(cohort)
    return f"コミュニケーションの場（{found.channels if found else 'チャンネル'}）"


# What an attendance file says it came from when it does not name its tool.
ATTENDANCE_REPORT = "会議ツールの出席レポート"


def attendance_report(tool: str | None) -> str:
    """「Zoom の参加者レポート」: the report an attendance file was imported from."""
    found = PLATFORMS.get(tool) if tool else None
    return found.report if found and found.report else ATTENDANCE_REPORT


def attendance_reports() -> list[str]:
    """Every report `import-attendance` reads, in the platforms' order."""
    return [p.report for p in PLATFORMS.values() if p.report]


def calendar_apps(cohort: Cohort) -> str:
    """Where the .ics can be imported, naming the programme's own tool only when it has a calendar."""
    return "Outlook や Teams の予定表" if cohort.platform == "Teams" else "Outlook などの予定表"


def prefectures(codes: Iterable[str]) -> list[str]:
    """The prefectures of these municipality codes, in the national order (北海道 … 沖縄県)."""
    found = {p for code in codes if (p := prefecture_of(code))}
    return [p for p in PREFECTURES if p in found]


def municipality_word(cohort: Cohort) -> str:
    """区市町村 when Tokyo takes part, else 市町村; `municipality_word` in cohort.yml wins."""
    if cohort.municipality_word:
        return cohort.municipality_word
    return WORD_WITH_WARDS if TOKYO in prefectures(cohort.participating_codes()) else WORD


def target(cohort: Cohort) -> str:
    """Who the programme is for: 「神奈川県の市町村」, 「東京都・埼玉県の区市町村」."""
    found = prefectures(cohort.participating_codes())
    return f"{'・'.join(found)}の{municipality_word(cohort)}" if found else ""


def cohort_facts(cohort: Cohort) -> list[tuple[str, str]]:
    """The rows shared by the overview page and the book's overview: (label, text), empty left out."""
    rows = [
        (TARGET, target(cohort)),
        (ORGANISER, cohort.organiser),
        (PLATFORM, platform_text(cohort)),
        (DELIVERY, cohort.delivery),
    ]
    return [(label, text) for label, text in rows if text]


def several_prefectures(project: Project) -> bool:
    """True when the cohorts' municipalities span more than one prefecture (pages then show it)."""
    return len(prefectures(code for cohort in project.cohorts for code in cohort.participating_codes())) > 1


# --- shared words and section declarations ------------------------------------------------

NOT_GIVEN = "（未記入）"  # a value the author has not written (a KPI's baseline, target, deadline...)
NONE_LISTED = "（記載なし）"  # an empty list shown as a list

# A retrospective's three lists: (model field, label).
KPT: tuple[tuple[str, str], ...] = (
    ("keep", "Keep（よかった点・続けること）"),
    ("problem", "Problem（改善点・困ったこと）"),
    ("try_", "Try（次に試すこと）"),
)
RISK_COLUMNS = ("リスク", "対策")
# A session's worksheet questions when its `worksheet` lists none (handout and slides).
WORKSHEET_QUESTIONS = ("この回で学んだことを、自分の業務に当てはめて書いてください。", "次回までに取り組むことを書いてください。")


@dataclass(frozen=True)
class Section:
    """One h2 section of a page and its print part."""

    key: str  # ASCII: the PDF anchor's suffix (proposal-g1-risks)
    title: str
    field: str  # the model field it shows
    always: bool = False  # shown even when the field is empty (it says so)

    def shown(self, obj: Node) -> bool:
        value = getattr(obj, self.field)
        return self.always or bool(value.strip() if isinstance(value, str) else value)


PROPOSAL_SECTIONS: tuple[Section, ...] = (
    Section("scope", "対象業務", "scope", always=True),
    Section("current-state", "現状と課題", "current_state", always=True),
    Section("target-users", "対象者", "target_users", always=True),
    Section("outcomes", "目指す姿（アウトカム）", "outcomes", always=True),
    Section("measures", "施策（アウトプット）", "measures", always=True),
    Section("stakeholders", "関係者", "stakeholders"),
    Section("rollout", "横展開", "rollout"),
    Section("schedule", "スケジュール", "schedule"),
    Section("risks", "リスクと対策", "risks"),
    Section("body", "提案の詳細", "body"),
)


# The proposal's results (the year after), on its page and in its PDF after the measures, when a
# municipality of the group has reported (not a field of the proposal: `results.proposal_results`).
PROPOSAL_RESULTS = "成果（自治体ごとの KPI）"
PROPOSAL_RESULTS_KEY = "results"  # its PDF anchor's suffix (proposal-g1-results)
RESULTS_AFTER = "measures"  # the section it follows


def shown_sections(sections: tuple[Section, ...], obj: Node) -> list[Section]:
    return [s for s in sections if s.shown(obj)]
PROPOSAL_TITLES = {s.key: s.title for s in PROPOSAL_SECTIONS}  # for the blank worksheet's rows

# A session's sections shared by its page and its handout, in this order on both. The site puts
# the session's body after the objectives and the worksheet questions after the homework; the
# handout gathers body and facilitator notes under 解説と進め方 and ends with the worksheet.
SESSION_SECTIONS: tuple[Section, ...] = (
    Section("objectives", "この回の目標", "objectives"),
    Section("agenda", "進行表", "agenda"),
    Section("materials", "資料", "materials"),
    Section("homework", "宿題", "homework"),
)
SESSION_TITLES = {s.key: s.title for s in SESSION_SECTIONS}
