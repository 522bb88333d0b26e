"""A cooperative's calendar of deadlines, and when to remind the secretaries of each (pure).

The deadlines themselves come from the rules of each package (R-AG-1 for the accounts
assembly, §5 for the convocations' last day, R-LA-5 and DOMAIN §8 #24 for representatives'
terms, R-LA-2 for advances, R-REV-1 for the révision, R-EXCL-3 for unpaid calls); this module
only says what a deadline is and which reminder falls due on a day.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class DeadlineKind(StrEnum):
    """What falls due on a calendar day."""

    ACCOUNTS_ASSEMBLY = "accounts_assembly"  # R-AG-1: accounts approved within six months
    DOCUMENTS_AVAILABLE = "documents_available"  # R-AG-14: accounts and reports for members
    ACCOUNTS_FILING = "accounts_filing"  # R-AG-15: approved accounts filed at the registry
    STATUTES_FILING = "statutes_filing"  # R-AG-16: amended statutes published and filed
    CONVOCATION_LAST_DAY = "convocation_last_day"  # §5: last day to send the convocations
    ASSEMBLY = "assembly"  # the assembly's session
    CONSULTATION_ANSWERS = "consultation_answers"  # R-AG-10: last day to answer in writing
    MANDATE_END = "mandate_end"  # a representative's designation ends on its date
    OFFICER_TERM_END = "officer_term_end"  # R-AG-2: a director's or officer's term ends
    COUNCIL_TERM_END = "council_term_end"  # R-LA-5, §8 #24: the council's term ends
    ADVANCE_TERM = "advance_term"  # R-LA-2: a current-account advance must be repaid
    REVISION_DUE = "revision_due"  # R-REV-1: the révision coopérative is due
    UNPAID_EXCLUSION = "unpaid_exclusion"  # R-EXCL-3: exclusion by law if still unpaid


#: The rule each kind of deadline comes from (None: not a legal deadline, e.g. the session).
RULE_OF = {
    DeadlineKind.ACCOUNTS_ASSEMBLY: "R-AG-1",
    DeadlineKind.DOCUMENTS_AVAILABLE: "R-AG-14",
    DeadlineKind.ACCOUNTS_FILING: "R-AG-15",
    DeadlineKind.STATUTES_FILING: "R-AG-16",
    DeadlineKind.CONVOCATION_LAST_DAY: "R-AG-1",
    DeadlineKind.ASSEMBLY: None,
    DeadlineKind.CONSULTATION_ANSWERS: "R-AG-10",
    DeadlineKind.MANDATE_END: "R-LA-5",
    DeadlineKind.OFFICER_TERM_END: "R-AG-2",
    DeadlineKind.COUNCIL_TERM_END: "R-LA-5",
    DeadlineKind.ADVANCE_TERM: "R-LA-2",
    DeadlineKind.REVISION_DUE: "R-REV-1",
    DeadlineKind.UNPAID_EXCLUSION: "R-EXCL-3",
}


@dataclass(frozen=True)
class Deadline:
    """One dated item of the calendar.

    ``key`` identifies it across days and runs (``kind:object:date``): the feed's UID and the
    record of a reminder sent. ``subject`` names what it is about (an assembly's title, a
    member's name); ``at`` is the time for a timed item (a session), else None (all day).
    ``target`` is (kind of page, id) for a link, when a page shows it.
    """

    day: date
    kind: DeadlineKind
    subject: str
    key: str
    at: datetime | None = None
    target: tuple[str, int] | None = None

    @property
    def rule(self) -> str | None:
        return RULE_OF[self.kind]


def in_window(deadlines: Iterable[Deadline], start: date, end: date) -> list[Deadline]:
    """The deadlines from ``start`` to ``end`` (both included), by day then kind."""
    return sorted(
        (d for d in deadlines if start <= d.day <= end), key=lambda d: (d.day, d.kind, d.key)
    )


def reminder_lead(days_left: int, leads: Sequence[int]) -> int | None:
    """The reminder a deadline ``days_left`` days away calls for: the smallest lead time that
    is at least ``days_left`` (30, 7 and 1 days: 20 days left → the 30-day reminder). None when
    the deadline is further than every lead time, or past.

    Taking the smallest lead that covers the day lets a worker that missed days catch up with
    one reminder, never a burst of the ones it missed.
    """
    if days_left < 0:
        return None
    covering = [lead for lead in leads if lead >= days_left]
    return min(covering) if covering else None


def reminders_due(
    deadlines: Iterable[Deadline],
    today: date,
    leads: Sequence[int],
    sent: set[tuple[str, int]],
) -> list[tuple[Deadline, int]]:
    """The (deadline, lead) reminders to send on ``today`` that were not ``sent`` yet."""
    due = []
    for deadline in sorted(deadlines, key=lambda d: (d.day, d.key)):
        lead = reminder_lead((deadline.day - today).days, leads)
        if lead is not None and (deadline.key, lead) not in sent:
            due.append((deadline, lead))
    return due
