"""Rules on dates and times: period, session numbering and order, agenda fitting the session."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import pairwise

from ..diagnostics import Diagnostic, error, warning
from ..model import Cohort, Project, Session


def minutes_between(start: dt.time, end: dt.time) -> int:
    return (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)


def check(project: Project, cohort: Cohort, missing: frozenset[str] = frozenset()) -> Iterator[Diagnostic]:
    """`missing`: parts that failed to load; with "sessions" there, numbering and due sessions
    are not judged (a gap may be the broken file)."""
    sessions_known = "sessions" not in missing
    period = cohort.period if "cohort" not in missing else None  # cohort.yml did not load
    if period is not None and period.end < period.start:
        yield error(period.loc("end"), "period-order", f"期間の終了日 {period.end} が開始日 {period.start} より前です")

    seen: set[int] = set()
    expected = 1
    for session in cohort.sessions:  # sorted by number by the loader
        if session.number in seen:
            yield error(session.loc("number"), "session-numbering", f"第{session.number}回が2つあります")
            continue
        if session.number != expected and sessions_known:
            yield error(
                session.loc("number"),
                "session-numbering",
                f"回の番号は1から連番にしてください（第{expected}回がないまま第{session.number}回があります）",
            )
        seen.add(session.number)
        expected = session.number + 1

    previous: Session | None = None
    for session in cohort.sessions:
        if period is not None and not period.start <= session.date <= period.end:
            yield error(
                session.loc("date"),
                "session-outside-period",
                f"第{session.number}回の日付 {session.date} が研修期間（{period.start}〜{period.end}）の外です",
            )
        # Sessions run in number order by (date, start): two on one day are fine in order.
        if (
            previous is not None and session.number != previous.number
            and (session.date, session.start) <= (previous.date, previous.start)
        ):
            same_day = session.date == previous.date
            yield error(
                session.loc("start" if same_day else "date"),
                "session-order",
                f"第{session.number}回（{_when(session)}）が第{previous.number}回（{_when(previous)}）より後になっていません",
            )
        previous = session
        yield from _check_times(session)
        if sessions_known:
            yield from _check_homework(cohort, session)
    yield from _check_overlaps(cohort)


def _when(session: Session) -> str:
    return f"{session.date} {session.start:%H:%M}〜{session.end:%H:%M}"


def _check_overlaps(cohort: Cohort) -> Iterator[Diagnostic]:
    """Two sessions on one day whose times overlap: an error at each, naming the other."""
    by_day: dict[dt.date, list[Session]] = {}
    for session in cohort.sessions:
        by_day.setdefault(session.date, []).append(session)
    for sessions in by_day.values():
        ordered = sorted(sessions, key=lambda s: (s.start, s.number))
        for earlier, later in pairwise(ordered):
            if later.start < earlier.end and later.number != earlier.number:
                for this, other in ((earlier, later), (later, earlier)):
                    yield error(
                        this.loc("start"),
                        "session-overlap",
                        f"第{this.number}回（{_when(this)}）と第{other.number}回（{_when(other)}、"
                        f"{other.loc('start')}）の時間が重なっています",
                    )


def _check_times(session: Session) -> Iterator[Diagnostic]:
    length = minutes_between(session.start, session.end)
    if length <= 0:
        yield error(
            session.loc("end"),
            "session-time",
            f"第{session.number}回の終了時刻 {session.end:%H:%M} が開始時刻 {session.start:%H:%M} より後ではありません",
        )
        return
    total = sum(item.minutes for item in session.agenda)
    if total > length:
        # The last item is where the agenda runs past the end; the overrun is the whole excess.
        last = session.agenda[-1]
        yield error(
            last.loc("minutes"),
            "agenda-overrun",
            f"第{session.number}回の進行表は合計 {total} 分で、{session.start:%H:%M}〜{session.end:%H:%M}"
            f"（{length} 分）を {total - length} 分超えています。最後の「{last.title}」は終了時刻を過ぎます。"
            "項目の時間を減らすか、終了時刻を直してください",
        )
    elif session.agenda and total < length:
        yield warning(
            session.loc("agenda"),
            "agenda-gap",
            f"第{session.number}回の進行表は合計 {total} 分で、終了時刻まで {length - total} 分の空きがあります",
        )


def _check_homework(cohort: Cohort, session: Session) -> Iterator[Diagnostic]:
    for hw in session.homework:
        if hw.due_session is None:
            continue
        if cohort.session(hw.due_session) is None:
            yield error(hw.loc("due_session"), "homework-due-session", f"提出先の第{hw.due_session}回がありません")
        elif hw.due_session <= session.number:
            yield error(
                hw.loc("due_session"),
                "homework-due-session",
                f"宿題の提出回（第{hw.due_session}回）は出題した第{session.number}回より後にしてください",
            )
