"""The typed, immutable model of a project's cohort data.

Knows nothing of MkDocs or WeasyPrint. Every model object remembers where it came from
(`loc()`), field by field (`loc("field")`), so every diagnostic can name file, line and column.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, NamedTuple, Self, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictFloat,
    StrictInt,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .codes import normalise_code
from .jpdate import DateStyle


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


# An id written in a file (a group, a KPI, a retrospective, a cohort): lower-case ASCII, digits, hyphens.
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"

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

# How each text field is written, declared once by its type (`text_kind` reads it back): one line
# (a title, a name, a tag, an indicator, a unit: shown as a heading, a link, a table cell or a
# calendar event, so a newline is refused), several lines of plain text (a note), or Markdown
# (`MarkdownText`, below). Text is escaped wherever it is shown. A required one (no default, or an
# item of a list) must not be blank: spaces, full-width U+3000 included, are not a title.
ONE_LINE = "one-line"
MULTI_LINE = "multi-line"
# Error types of the text validators; validation.py words them for the author.
NEWLINE_ERROR = "text_newline"
BLANK_ERROR = "text_blank"
LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"  # where str.splitlines() breaks a line


def _one_line(value: str) -> str:
    if any(char in LINE_BREAKS for char in value):
        raise PydanticCustomError(NEWLINE_ERROR, "a one-line field holds a line break")
    return value


def _filled(value: str) -> str:
    if not value.strip():  # str.strip() removes U+3000 too
        raise PydanticCustomError(BLANK_ERROR, "a required text is blank")
    return value


OneLine = Annotated[str, ONE_LINE, AfterValidator(_one_line), AfterValidator(_filled)]  # required: not blank
OneLineOrEmpty = Annotated[str, ONE_LINE, AfterValidator(_one_line)]  # an optional field (default "")
Text = Annotated[str, MULTI_LINE]  # plain text of any number of lines (a note)


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
    name: OneLine
    kana: OneLine
    kind: MunicipalityKind
    population: int | None  # 2020 census, preliminary count (速報集計); None = unknown, never 0
    prefecture: OneLine  # e.g. "東京都"
    designated_city: bool = False  # 政令指定都市: a 市 with wards (行政区)

    @property
    def population_text(self) -> str:
        """The population as every output shows it: 948,147人, or 人口不明."""
        return POPULATION_UNKNOWN if self.population is None else f"{self.population:,}人"


class Ward(Node):
    """A ward (行政区) of a designated city: a known code, but not a municipality of its own."""

    code: str
    name: OneLine  # written with its city, e.g. 札幌市中央区
    kana: OneLine
    prefecture: OneLine
    city: str | None  # the designated city's code, when the reference data has it


# A field that holds Markdown (rendered and sanitised by `markup.markdown_html`); every other
# string is text, escaped wherever it is shown. ARCHITECTURE.md lists these fields.
MARKDOWN = "markdown"
# A field the public profile leaves out (`profile.redact`: set to its default, or emptied when it
# has none): personal names, facilitator notes, meeting links, unsorted survey comments. A new
# personal field is covered by declaring it `Annotated[..., PRIVATE]` here, nowhere else.
PRIVATE = "private"
MarkdownText = Annotated[str, MARKDOWN]
RequiredMarkdown = Annotated[str, MARKDOWN, AfterValidator(_filled)]  # a required Markdown field: not blank
TEXT_KINDS = (MARKDOWN, ONE_LINE, MULTI_LINE)


def text_kind(annotation: Any, metadata: tuple[Any, ...] | list[Any] = ()) -> str | None:
    """MARKDOWN, ONE_LINE or MULTI_LINE for a text type (also inside `list[...]` or `... | None`),
    None for anything else (an identifier, a number, a model). Pass a field's `annotation` and
    `metadata` (pydantic moves a field's own Annotated metadata there)."""
    found = [m for m in (*metadata, *getattr(annotation, "__metadata__", ())) if isinstance(m, str) and m in TEXT_KINDS]
    if found:
        return found[0]
    return next((kind for arg in get_args(annotation) if (kind := text_kind(arg)) is not None), None)


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
    title: OneLine
    minutes: int = Field(gt=0)
    kind: AgendaKind = "lecture"
    presenter: OneLine | None = None
    note: Text | None = None


class Material(Node):
    title: OneLine
    file: str | None = None  # path inside the project, e.g. site_src/materials/x.pdf
    note: Text | None = None


class Homework(Node):
    title: OneLine
    description: MarkdownText = ""
    due_session: int | None = None  # number of the session it is due at


MEETING_URL_PATTERN = r"^https?://\S+$"
MeetingUrl = Annotated[str, Field(pattern=MEETING_URL_PATTERN)]  # a Teams / Zoom link
# An address on the intranet (Stream/SharePoint) or a path inside the site; no other scheme.
LINK_PATTERN = r"^(https?://|[^:]*$)"


class ScheduleChange(Node):
    """One announced change of a session's date or time (日時の変更). The calendar's SEQUENCE
    counts them and its DTSTAMP is the latest `announced` day, so a republished .ics updates the event."""

    announced: dt.date  # the day the change was announced (not `on`: YAML reads that as true)
    previous: OneLineOrEmpty = ""  # the date/time before the change, as a note (e.g. 2021-11-09 13:30)


CatchUpKind = Literal["recording", "slides", "homework", "other"]

CATCH_UP_KIND_LABELS: dict[str, str] = {
    "recording": "録画",
    "slides": "スライド",
    "homework": "宿題",
    "other": "資料",
}


class CatchUpItem(Node):
    """What a member who missed the session watches or reads to catch up."""

    title: OneLine
    kind: CatchUpKind = "other"
    url: str | None = Field(default=None, pattern=LINK_PATTERN)  # see LINK_PATTERN
    note: Text | None = None


class Session(Node):
    """第N回: one monthly online session. Written as `sessions/NN.md` (front matter + body)."""

    number: int = Field(ge=1)
    title: OneLine
    date: dt.date
    start: dt.time
    end: dt.time
    objectives: list[OneLine] = Field(default_factory=list)
    agenda: list[AgendaItem] = Field(default_factory=list)
    materials: list[Material] = Field(default_factory=list)
    homework: list[Homework] = Field(default_factory=list)
    worksheet: list[OneLine] = Field(default_factory=list)  # questions for the printed worksheet
    facilitator_notes: Annotated[MarkdownText | None, PRIVATE] = None
    meeting_url: Annotated[MeetingUrl | None, PRIVATE] = None  # this session's online meeting (else the cohort's)
    schedule_changes: list[ScheduleChange] = Field(default_factory=list)
    catch_up: list[CatchUpItem] = Field(default_factory=list)  # for members who missed it
    body: MarkdownText = ""  # the Markdown body after the front matter


# --- groups ---------------------------------------------------------------------------------


class Person(Node):
    name: OneLine  # personal: left out of the public profile
    affiliation: OneLineOrEmpty = ""


class Member(Node):
    name: OneLine  # personal: left out of the public profile
    municipality: MunicipalityCode
    department: OneLineOrEmpty = ""
    role: OneLine | None = None
    email: OneLine | None = None  # personal: matches the Teams attendance report (import-attendance)


class Group(Node):
    id: str = Field(pattern=ID_PATTERN)
    name: OneLine
    municipalities: list[MunicipalityCode]
    mentor: Annotated[Person | None, PRIVATE] = None
    members: Annotated[list[Member], PRIVATE] = Field(default_factory=list)


# --- proposals ------------------------------------------------------------------------------


class KPI(Node):
    """One measurable indicator of an outcome. Fields are optional so the checker can say
    politely what is missing (rule `kpi-incomplete`) instead of a bare schema error."""

    id: str = Field(pattern=ID_PATTERN)
    indicator: OneLine
    baseline: float | int | None = None
    target: float | int | None = None
    unit: OneLineOrEmpty = ""
    deadline: dt.date | None = None
    baseline_note: Text | None = None  # where the baseline comes from


class Outcome(Node):
    """目指す姿 / アウトカム: a state or effect, never a method."""

    statement: OneLine
    kpis: list[KPI] = Field(default_factory=list)


class Measure(Node):
    """施策 / アウトプット: where methods belong."""

    title: OneLine
    description: Text = ""


class Stakeholder(Node):
    name: OneLine
    role: OneLineOrEmpty = ""


class Rollout(Node):
    """横展開: can other municipalities reuse or standardise it?"""

    reusable: bool = True
    summary: RequiredMarkdown
    conditions: list[OneLine] = Field(default_factory=list)


class ScheduleItem(Node):
    period: OneLine  # e.g. "2022年4月〜6月"
    task: OneLine


class Risk(Node):
    risk: OneLine
    mitigation: Text = ""


class Proposal(Node):
    """提案書: one per group, written as `proposals/<group-id>.md`."""

    id: str = Field(pattern=ID_PATTERN)
    group: str
    title: OneLine
    tags: list[OneLine] = Field(default_factory=list)  # theme tags for the portfolio filter
    scope: RequiredMarkdown  # 対象業務
    current_state: RequiredMarkdown  # 現状と課題
    target_users: RequiredMarkdown  # 対象者
    outcomes: list[Outcome] = Field(min_length=1)  # 目指す姿 / アウトカム
    measures: list[Measure] = Field(default_factory=list)  # 施策 / アウトプット
    stakeholders: list[Stakeholder] = Field(default_factory=list)  # 関係者
    rollout: Rollout | None = None  # 横展開
    schedule: list[ScheduleItem] = Field(default_factory=list)  # スケジュール
    risks: list[Risk] = Field(default_factory=list)  # リスク
    body: MarkdownText = ""


# --- retrospectives -------------------------------------------------------------------------


class SurveyRating(Node):
    question: OneLine
    scale: int = Field(default=5, ge=2, le=10)
    average: float
    responses: int = Field(ge=0)
    distribution: list[int] = Field(default_factory=list)  # counts for 1..scale
    imported: bool = False  # written by `build.py import-survey` (a new import may replace it)


class ImportedComments(Node):
    """Free-text survey answers written by `build.py import-survey`: candidates a facilitator
    sorts into keep / problem / try by hand. Replaced by the next import of the same session."""

    keep: list[Text] = Field(default_factory=list)
    problem: list[Text] = Field(default_factory=list)
    try_: list[Text] = Field(default_factory=list, alias="try")


class Retrospective(Node):
    """振り返り: keep / problem / try, per session (`session: N`) or for the whole cohort."""

    id: str = Field(pattern=ID_PATTERN)
    session: int | None = None  # None: the whole cohort
    keep: list[OneLine] = Field(default_factory=list)
    problem: list[OneLine] = Field(default_factory=list)
    try_: list[OneLine] = Field(default_factory=list, alias="try")
    survey: list[SurveyRating] = Field(default_factory=list)
    imported_comments: Annotated[ImportedComments | None, PRIVATE] = None  # survey free text, unsorted
    notes: MarkdownText = ""


# --- attendance -----------------------------------------------------------------------------


class MemberAttendance(Node):
    name: Annotated[OneLine, PRIVATE]  # emptied in the public profile: pages show only rates
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
    name: OneLine
    purpose: Text = ""


class FaqItem(Node):
    question: OneLine
    answer: RequiredMarkdown
    session: int | None = None


class CaseStudy(Node):
    title: OneLine
    municipality: MunicipalityCode
    summary: RequiredMarkdown
    url: OneLine | None = None


# --- results (the year after) --------------------------------------------------------------

MeasureState = Literal["未着手", "実施中", "完了", "見送り"]
MEASURE_STATES: tuple[str, ...] = ("未着手", "実施中", "完了", "見送り")

# A KPI value: a number, never text or a boolean (strict, so "30" in quotes is reported).
Value = StrictInt | StrictFloat


class Observation(Node):
    """One measured value of a KPI in one municipality."""

    date: dt.date
    value: Value
    note: Text | None = None
    source: Text | None = None  # where the number comes from, e.g. 窓口受付簿 (an Excel cell: may have lines)


class OwnBaseline(Node):
    """A municipality's own starting value when it differs from the group's."""

    value: Value
    date: dt.date | None = None
    note: Text | None = None


class KpiResult(Node):
    """The observations of one KPI of the group's proposal, in one municipality."""

    kpi: str  # KPI id of the proposal
    unit: OneLineOrEmpty | None = None  # if written, must be the KPI's unit (which may be "")
    baseline: OwnBaseline | None = None
    observations: list[Observation] = Field(default_factory=list)


class MeasureStatus(Node):
    """How far one measure (施策, by its title) has been carried out."""

    measure: OneLine
    status: MeasureState
    note: Text | None = None


class MunicipalityResults(Node):
    """成果: `results/<code>.yml`, one municipality's results for its group's proposal."""

    municipality: MunicipalityCode  # from the file name
    kpis: list[KpiResult] = Field(default_factory=list)
    measures: list[MeasureStatus] = Field(default_factory=list)
    notes: Text = ""  # free text shown in the results report

    def kpi(self, kpi_id: str) -> KpiResult | None:
        return next((k for k in self.kpis if k.kpi == kpi_id), None)


# --- cohort and project ---------------------------------------------------------------------


class Period(Node):
    start: dt.date
    end: dt.date


class Cohort(Node):
    """研修(年度): one offering, from `cohort_data/<id>/cohort.yml` plus its sub-files."""

    id: str = Field(pattern=ID_PATTERN)
    title: OneLine
    sample: bool = False  # invented content: shown as サンプル everywhere
    fiscal_year: int
    period: Period
    organiser: OneLine
    platform: Annotated[PlatformName, BeforeValidator(normalise_platform)] | None = None  # shown by labels.py
    delivery: Text = ""  # free text: the details of how it runs
    meeting_url: Annotated[MeetingUrl | None, PRIVATE] = None  # the online meeting every session uses (Teams / Zoom)
    municipality_word: OneLine | None = None  # 区市町村 / 市町村 etc.; derived from the prefectures when absent
    date_style: DateStyle = "西暦"  # 和暦: dates as official documents write them (jpdate.format_date)
    aims: list[OneLine] = Field(default_factory=list)
    channels: list[Channel] = Field(default_factory=list)
    improvement_plan: list[OneLine] = Field(default_factory=list)  # 改善予定, carried over by rollover
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
