"""The typed, immutable model of a project's cohort data.

Knows nothing of MkDocs or WeasyPrint. Every model object remembers where it came from
(`loc()`), field by field (`loc("field")`), so every diagnostic can name file, line and column.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, NamedTuple, Self, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, StrictFloat, StrictInt, model_validator

from .codes import normalise_code


class Loc(NamedTuple):
    """A position in a source file; `file` is relative to the project root, line/col 1-based."""

    file: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


class Node(BaseModel):
    """Base of every model object: frozen, strict about unknown keys, and located."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    _loc: Loc | None = PrivateAttr(default=None)
    _field_locs: dict[str, Loc] = PrivateAttr(default_factory=dict)
    _item_locs: dict[str, list[Loc]] = PrivateAttr(default_factory=dict)

    @model_validator(mode="wrap")
    @classmethod
    def _keep_locations(cls, data: Any, handler: Any) -> Any:
        # The loader hands in LocDicts (see sources.py); copy their positions onto the object.
        obj = handler(data)
        where = getattr(data, "loc", None)
        if isinstance(data, dict) and isinstance(where, Loc):
            obj._loc = where
            obj._field_locs = dict(getattr(data, "value_locs", {}))
            obj._item_locs = {
                key: value.item_locs for key, value in data.items() if hasattr(value, "item_locs")
            }
        return obj

    def loc(self, field: str | None = None) -> Loc:
        """Where this object (or one of its fields) was written; falls back to the object."""
        if field is not None:
            alias = type(self).model_fields[field].alias if field in type(self).model_fields else None
            found = self._field_locs.get(alias or field) or self._field_locs.get(field)
            if found is not None:
                return found
        return self._loc or Loc("<unknown>")

    def item_loc(self, field: str, index: int) -> Loc:
        """Where the index-th item of a list field was written; falls back to the field."""
        alias = type(self).model_fields[field].alias or field
        items = self._item_locs.get(alias) or self._item_locs.get(field) or []
        return items[index] if index < len(items) else self.loc(field)

    def with_loc(self, where: Loc) -> Self:
        """Set the position of an object built in code (e.g. from CSV rows); returns self."""
        self._loc = where
        return self


MunicipalityKind = Literal["特別区", "市", "町", "村"]
MUNICIPALITY_KINDS: tuple[MunicipalityKind, ...] = get_args(MunicipalityKind)  # in this order wherever listed

# The meeting platforms a cohort may name (labels.PLATFORMS says how each is shown), and the other
# spellings an organiser may write: the model stores the canonical name.
PlatformName = Literal["Teams", "Zoom", "Webex", "Google Meet", "対面", "ハイブリッド"]
_PLATFORM_ALIASES = {
    "microsoft teams": "Teams", "ms teams": "Teams", "zoom": "Zoom", "webex": "Webex",
    "cisco webex": "Webex", "google meet": "Google Meet", "meet": "Google Meet",
    "hybrid": "ハイブリッド", "対面開催": "対面", "集合": "対面", "offline": "対面", "in person": "対面",
}


def normalise_platform(value: object) -> object:
    """`teams`, `Microsoft Teams`, `hybrid` ... to the canonical name; anything else unchanged
    (so validation names the accepted values)."""
    if not isinstance(value, str):
        return value
    written = " ".join(value.split())
    canonical = {name.lower(): name for name in get_args(PlatformName)}
    return canonical.get(written.lower()) or _PLATFORM_ALIASES.get(written.lower(), written)


# A municipality code as written: full-width digits are normalised (NFKC) before any check.
MunicipalityCode = Annotated[str, BeforeValidator(normalise_code)]


# The reference data's population is the 2020 census preliminary count; every output labels it so.
POPULATION_LABEL = "人口（2020年国勢調査 速報値）"
# Shown wherever the reference data has no population for a municipality (never 0).
POPULATION_UNKNOWN = "人口不明"
# The badge of a designated city (政令指定都市), a 市 with wards (行政区).
DESIGNATED_CITY = "政令市"


class Municipality(Node):
    """A local government, from the reference data (shipped national CSV, then the project's
    `cohort_data/municipalities/*.csv`)."""

    code: str  # 6-digit 全国地方公共団体コード incl. check digit
    name: str
    kana: str
    kind: MunicipalityKind
    population: int | None  # 2020 census, preliminary count (速報集計); None = unknown, never 0
    prefecture: str  # e.g. "東京都"
    designated_city: bool = False  # 政令指定都市: a 市 with wards (行政区)

    @property
    def population_text(self) -> str:
        """The population as every output shows it: 948,147人, or 人口不明."""
        return POPULATION_UNKNOWN if self.population is None else f"{self.population:,}人"


class Ward(Node):
    """A ward (行政区) of a designated city: a known code, but not a municipality of its own."""

    code: str
    name: str  # written with its city, e.g. 札幌市中央区
    kana: str
    prefecture: str
    city: str | None  # the designated city's code, when the reference data has it


# A field that holds Markdown (rendered and sanitised by `markup.markdown_html`); every other
# string is text, escaped wherever it is shown. ARCHITECTURE.md lists these fields.
MARKDOWN = "markdown"
MarkdownText = Annotated[str, MARKDOWN]


def markdown_fields(node: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a model class declared as `MarkdownText` (or `MarkdownText | None`)."""

    def marked(annotation: Any) -> bool:
        return MARKDOWN in getattr(annotation, "__metadata__", ()) or any(marked(a) for a in get_args(annotation))

    return tuple(
        name for name, info in node.model_fields.items() if MARKDOWN in info.metadata or marked(info.annotation)
    )


# --- sessions -------------------------------------------------------------------------------

AgendaKind = Literal["opening", "lecture", "group_work", "break", "sharing", "qa", "closing"]

AGENDA_KIND_LABELS: dict[str, str] = {
    "opening": "開会・説明",
    "lecture": "講義",
    "group_work": "グループワーク",
    "break": "休憩",
    "sharing": "共有・発表",
    "qa": "質疑応答",
    "closing": "まとめ・閉会",
}


class AgendaItem(Node):
    title: str
    minutes: int = Field(gt=0)
    kind: AgendaKind = "lecture"
    presenter: str | None = None
    note: str | None = None


class Material(Node):
    title: str
    file: str | None = None  # path inside the project, e.g. site_src/materials/x.pdf
    note: str | None = None


class Homework(Node):
    title: str
    description: MarkdownText = ""
    due_session: int | None = None  # number of the session it is due at


MeetingUrl = Annotated[str, Field(pattern=r"^https?://\S+$")]  # a Teams / Zoom link


class ScheduleChange(Node):
    """One announced change of a session's date or time (日時の変更). The calendar's SEQUENCE
    counts them and its DTSTAMP is the latest `announced` day, so a republished .ics updates the event."""

    announced: dt.date  # the day the change was announced (not `on`: YAML reads that as true)
    previous: str = ""  # the date/time before the change, as a note (e.g. 2021-11-09 13:30)


CatchUpKind = Literal["recording", "slides", "homework", "other"]

CATCH_UP_KIND_LABELS: dict[str, str] = {
    "recording": "録画",
    "slides": "スライド",
    "homework": "宿題",
    "other": "資料",
}


class CatchUpItem(Node):
    """What a member who missed the session watches or reads to catch up."""

    title: str
    kind: CatchUpKind = "other"
    # An address on the intranet (Stream/SharePoint) or a path inside the site; no other scheme.
    url: str | None = Field(default=None, pattern=r"^(https?://|[^:]*$)")
    note: str | None = None


class Session(Node):
    """第N回: one monthly online session. Written as `sessions/NN.md` (front matter + body)."""

    number: int = Field(ge=1)
    title: str
    date: dt.date
    start: dt.time
    end: dt.time
    objectives: list[str] = Field(default_factory=list)
    agenda: list[AgendaItem] = Field(default_factory=list)
    materials: list[Material] = Field(default_factory=list)
    homework: list[Homework] = Field(default_factory=list)
    worksheet: list[str] = Field(default_factory=list)  # questions for the printed worksheet
    facilitator_notes: MarkdownText | None = None  # left out of the public profile
    meeting_url: MeetingUrl | None = None  # this session's online meeting (else the cohort's)
    schedule_changes: list[ScheduleChange] = Field(default_factory=list)
    catch_up: list[CatchUpItem] = Field(default_factory=list)  # for members who missed it
    body: MarkdownText = ""  # the Markdown body after the front matter


# --- groups ---------------------------------------------------------------------------------


class Person(Node):
    name: str  # personal: left out of the public profile
    affiliation: str = ""


class Member(Node):
    name: str  # personal: left out of the public profile
    municipality: MunicipalityCode
    department: str = ""
    role: str | None = None
    email: str | None = None  # personal: matches the Teams attendance report (import-attendance)


class Group(Node):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    name: str
    municipalities: list[MunicipalityCode]
    mentor: Person | None = None
    members: list[Member] = Field(default_factory=list)


# --- proposals ------------------------------------------------------------------------------


class KPI(Node):
    """One measurable indicator of an outcome. Fields are optional so the checker can say
    politely what is missing (rule `kpi-incomplete`) instead of a bare schema error."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    indicator: str
    baseline: float | int | None = None
    target: float | int | None = None
    unit: str = ""
    deadline: dt.date | None = None
    baseline_note: str | None = None  # where the baseline comes from


class Outcome(Node):
    """目指す姿 / アウトカム: a state or effect, never a method."""

    statement: str
    kpis: list[KPI] = Field(default_factory=list)


class Measure(Node):
    """施策 / アウトプット: where methods belong."""

    title: str
    description: str = ""


class Stakeholder(Node):
    name: str
    role: str = ""


class Rollout(Node):
    """横展開: can other municipalities reuse or standardise it?"""

    reusable: bool = True
    summary: MarkdownText
    conditions: list[str] = Field(default_factory=list)


class ScheduleItem(Node):
    period: str  # e.g. "2022年4月〜6月"
    task: str


class Risk(Node):
    risk: str
    mitigation: str = ""


class Proposal(Node):
    """提案書: one per group, written as `proposals/<group-id>.md`."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    group: str
    title: str
    tags: list[str] = Field(default_factory=list)  # theme tags for the portfolio filter
    scope: MarkdownText  # 対象業務
    current_state: MarkdownText  # 現状と課題
    target_users: MarkdownText  # 対象者
    outcomes: list[Outcome] = Field(min_length=1)  # 目指す姿 / アウトカム
    measures: list[Measure] = Field(default_factory=list)  # 施策 / アウトプット
    stakeholders: list[Stakeholder] = Field(default_factory=list)  # 関係者
    rollout: Rollout | None = None  # 横展開
    schedule: list[ScheduleItem] = Field(default_factory=list)  # スケジュール
    risks: list[Risk] = Field(default_factory=list)  # リスク
    body: MarkdownText = ""


# --- retrospectives -------------------------------------------------------------------------


class SurveyRating(Node):
    question: str
    scale: int = Field(default=5, ge=2, le=10)
    average: float
    responses: int = Field(ge=0)
    distribution: list[int] = Field(default_factory=list)  # counts for 1..scale
    imported: bool = False  # written by `build.py import-survey` (a new import may replace it)


class ImportedComments(Node):
    """Free-text survey answers written by `build.py import-survey`: candidates a facilitator
    sorts into keep / problem / try by hand. Replaced by the next import of the same session."""

    keep: list[str] = Field(default_factory=list)
    problem: list[str] = Field(default_factory=list)
    try_: list[str] = Field(default_factory=list, alias="try")


class Retrospective(Node):
    """振り返り: keep / problem / try, per session (`session: N`) or for the whole cohort."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    session: int | None = None  # None: the whole cohort
    keep: list[str] = Field(default_factory=list)
    problem: list[str] = Field(default_factory=list)
    try_: list[str] = Field(default_factory=list, alias="try")
    survey: list[SurveyRating] = Field(default_factory=list)
    imported_comments: ImportedComments | None = None  # left out of the public profile
    notes: MarkdownText = ""


# --- attendance -----------------------------------------------------------------------------


class MemberAttendance(Node):
    name: str  # personal: emptied in the public profile (only aggregate rates are shown)
    municipality: MunicipalityCode
    attended: bool
    minutes: int = Field(default=0, ge=0)  # minutes present in the meeting


class Attendance(Node):
    """出席: one session's attendance, `attendance/NN.yml`, written by `build.py import-attendance`
    from a meeting tool's attendance report. Rates are computed from it (`attendance.py`), not stored."""

    session: int = Field(ge=1)
    tool: PlatformName | None = None  # the meeting tool whose report it came from
    meeting_minutes: int | None = Field(default=None, ge=0)
    unmatched: int = Field(default=0, ge=0)  # participants matched to no member (names not kept)
    members: list[MemberAttendance] = Field(default_factory=list)


# --- channels -------------------------------------------------------------------------------


class Channel(Node):
    name: str
    purpose: str = ""


class FaqItem(Node):
    question: str
    answer: MarkdownText
    session: int | None = None


class CaseStudy(Node):
    title: str
    municipality: MunicipalityCode
    summary: MarkdownText
    url: str | None = None


# --- results (the year after) --------------------------------------------------------------

MeasureState = Literal["未着手", "実施中", "完了", "見送り"]
MEASURE_STATES: tuple[str, ...] = ("未着手", "実施中", "完了", "見送り")

# A KPI value: a number, never text or a boolean (strict, so "30" in quotes is reported).
Value = StrictInt | StrictFloat


class Observation(Node):
    """One measured value of a KPI in one municipality."""

    date: dt.date
    value: Value
    note: str | None = None
    source: str | None = None  # where the number comes from, e.g. 窓口受付簿


class OwnBaseline(Node):
    """A municipality's own starting value when it differs from the group's."""

    value: Value
    date: dt.date | None = None
    note: str | None = None


class KpiResult(Node):
    """The observations of one KPI of the group's proposal, in one municipality."""

    kpi: str  # KPI id of the proposal
    unit: str | None = None  # if written, must be the KPI's unit
    baseline: OwnBaseline | None = None
    observations: list[Observation] = Field(default_factory=list)


class MeasureStatus(Node):
    """How far one measure (施策, by its title) has been carried out."""

    measure: str
    status: MeasureState
    note: str | None = None


class MunicipalityResults(Node):
    """成果: `results/<code>.yml`, one municipality's results for its group's proposal."""

    municipality: MunicipalityCode  # from the file name
    kpis: list[KpiResult] = Field(default_factory=list)
    measures: list[MeasureStatus] = Field(default_factory=list)
    notes: str = ""  # free text shown in the results report

    def kpi(self, kpi_id: str) -> KpiResult | None:
        return next((k for k in self.kpis if k.kpi == kpi_id), None)


# --- cohort and project ---------------------------------------------------------------------


class Period(Node):
    start: dt.date
    end: dt.date


class Cohort(Node):
    """研修(年度): one offering, from `cohort_data/<id>/cohort.yml` plus its sub-files."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    title: str
    sample: bool = False  # invented content: shown as サンプル everywhere
    fiscal_year: int
    period: Period
    organiser: str
    platform: Annotated[PlatformName, BeforeValidator(normalise_platform)] | None = None  # shown by labels.py
    delivery: str = ""  # free text: the details of how it runs
    meeting_url: MeetingUrl | None = None  # the online meeting every session uses (Teams / Zoom)
    municipality_word: str | None = None  # 区市町村 / 市町村 etc.; derived from the prefectures when absent
    aims: list[str] = Field(default_factory=list)
    channels: list[Channel] = Field(default_factory=list)
    improvement_plan: list[str] = Field(default_factory=list)  # 改善予定, carried over by rollover
    description: MarkdownText = ""
    # Filled from the other files of the cohort folder, not from cohort.yml.
    sessions: tuple[Session, ...] = ()
    groups: tuple[Group, ...] = ()
    proposals: tuple[Proposal, ...] = ()
    retrospectives: tuple[Retrospective, ...] = ()
    faq: tuple[FaqItem, ...] = ()
    cases: tuple[CaseStudy, ...] = ()
    results: tuple[MunicipalityResults, ...] = ()  # from results/<code>.yml
    attendance: tuple[Attendance, ...] = ()

    def results_of(self, code: str) -> MunicipalityResults | None:
        return next((r for r in self.results if r.municipality == code), None)

    def session(self, number: int) -> Session | None:
        return next((s for s in self.sessions if s.number == number), None)

    def group(self, group_id: str) -> Group | None:
        return next((g for g in self.groups if g.id == group_id), None)

    def proposal_of(self, group_id: str) -> Proposal | None:
        return next((p for p in self.proposals if p.group == group_id), None)

    def group_of(self, code: str) -> Group | None:
        return next((g for g in self.groups if code in g.municipalities), None)

    def participating_codes(self) -> list[str]:
        """Codes of every municipality in one of the cohort's groups, in group order."""
        return [code for group in self.groups for code in group.municipalities]

    def session_retrospective(self, number: int) -> Retrospective | None:
        return next((r for r in self.retrospectives if r.session == number), None)

    def session_attendance(self, number: int) -> Attendance | None:
        return next((a for a in self.attendance if a.session == number), None)

    @property
    def cohort_retrospective(self) -> Retrospective | None:
        return next((r for r in self.retrospectives if r.session is None), None)


class Project(Node):
    """Everything under `cohort_data/`: reference municipalities and every cohort."""

    municipalities: dict[str, Municipality]
    cohorts: tuple[Cohort, ...]
    wards: dict[str, Ward] = {}

    def cohort(self, cohort_id: str) -> Cohort | None:
        return next((c for c in self.cohorts if c.id == cohort_id), None)

    @property
    def cohorts_newest_first(self) -> list[Cohort]:
        return sorted(self.cohorts, key=lambda c: c.period.start, reverse=True)
