"""Clock times of a session's agenda, computed from its start and each item's duration."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .model import AgendaItem, Session


@dataclass(frozen=True)
class Slot:
    start: dt.time
    end: dt.time
    item: AgendaItem


def timetable(session: Session) -> list[Slot]:
    """Every agenda item with its start and end, breaks included, in order."""
    slots = []
    clock = dt.datetime.combine(session.date, session.start)
    for item in session.agenda:
        end = clock + dt.timedelta(minutes=item.minutes)
        slots.append(Slot(clock.time(), end.time(), item))
        clock = end
    return slots
