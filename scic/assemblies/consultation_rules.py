"""Pure rules of the written consultation (R-AG-10): who may use it, answers, result.

SARL members (and SAS members when the statutes say so) may decide by written consultation if
the statutes allow it: every member receives the resolutions and has at least 15 days to answer
(Code de commerce R223-22). A member who does not answer in time does not vote. An SA never
consults in writing (§5). Time is always an argument.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from scic.assemblies.rules import written_consultation_deadline
from scic.core.violations import Violation


def check_consultation_allowed(legal_form: str, statutes_allow: bool) -> list[Violation]:
    """Refuse a written consultation the legal form or the statutes do not allow (R-AG-10, §5)."""
    if legal_form.upper() == "SA":
        return [Violation("consultation_not_for_sa", rule="R-AG-10")]
    if not statutes_allow:
        return [Violation("consultation_not_in_statutes", rule="R-AG-10")]
    return []


def answer_deadline(sent_on: date, statutes_days: int | None = None) -> date:
    """Return the last day to answer: at least 15 days after sending (R-AG-10)."""
    if statutes_days is None:
        return written_consultation_deadline(sent_on)
    return written_consultation_deadline(sent_on, statutes_days)


def check_answer(received_on: date, *, sent_on: date | None, deadline: date) -> list[Violation]:
    """Refuse an answer before the consultation was sent or after its deadline (R-AG-10)."""
    if sent_on is None or received_on < sent_on:
        return [Violation("consultation_not_sent", rule="R-AG-10")]
    if received_on > deadline:
        return [
            Violation("consultation_answer_late", rule="R-AG-10", params={"deadline": deadline})
        ]
    return []


def check_close(today: date, *, deadline: date, answered: int, members: int) -> list[Violation]:
    """Refuse to produce the result before the deadline, unless every member has answered.

    Rule: R-AG-10 — each member keeps the full delay to answer; once all have answered,
    nothing is left to wait for.
    """
    if today > deadline or answered >= members:
        return []
    return [
        Violation(
            "consultation_still_running",
            rule="R-AG-10",
            params={"deadline": deadline, "answered": answered, "members": members},
        )
    ]


@dataclass(frozen=True)
class ConsultationTurnout:
    """Members consulted, those who answered in time and those who did not (not voting)."""

    members: int
    answered: int

    @property
    def not_voting(self) -> int:
        """Members who did not answer in time: they count as not voting (R-AG-10)."""
        return self.members - self.answered


def turnout(members: int, answered_in_time: int) -> ConsultationTurnout:
    """Return the consultation's turnout; more answers than members is a bug, never data."""
    if not 0 <= answered_in_time <= members:
        raise ValueError("answers must be between 0 and the number of members")
    return ConsultationTurnout(members, answered_in_time)
