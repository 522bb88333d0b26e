"""Correcting the attendance sheet: what a correcting entry may say, and until when.

Pure functions (no database, no clock). The attendance sheet is append-only: a mistake (a
member recorded present by error) or a change during the session (a departure, a return) is
a new entry that the services write and the audit log shows; the original line stays.
"""

from __future__ import annotations

from enum import StrEnum

from scic.assemblies.rules import PresenceMode
from scic.core.violations import Violation


class CorrectionReason(StrEnum):
    """Why the attendance sheet is corrected."""

    #: The line was wrong (recorded present by mistake, wrong mode).
    ERROR = "error"
    #: The member left the session: absent from now on.
    DEPARTURE = "departure"
    #: A member who had left came back: present again.
    RETURN = "return"


#: Modes of members in the room or remotely, who can leave the session.
IN_SESSION = frozenset({PresenceMode.PRESENT, PresenceMode.DEEMED_PRESENT})


def check_attendance_correction(
    *,
    current: PresenceMode | None,
    new: PresenceMode,
    reason: CorrectionReason,
    session_closed: bool,
) -> list[Violation]:
    """Return every reason this correcting entry is refused (empty: it may be written).

    Rule: R-AG-13 — attendance mistakes are corrected by a correcting entry until the vote
    closes: once the session is closed (the quorum figures are frozen for the minutes), the
    sheet is corrected only by an addendum to the minutes. ``current`` is the member's state on
    the sheet (None: no line yet, so there is nothing to correct: record the attendance).
    A departure ends a presence (the member becomes absent); a return follows a departure.
    """
    if session_closed:
        return [Violation("attendance_correction_after_close", rule="R-AG-13")]
    if current is None:
        return [Violation("attendance_correction_without_line")]
    if new == current:
        return [Violation("attendance_correction_unchanged")]
    if reason is CorrectionReason.DEPARTURE and (
        current not in IN_SESSION or new is not PresenceMode.ABSENT
    ):
        return [Violation("attendance_departure_not_present")]
    if reason is CorrectionReason.RETURN and (
        current is not PresenceMode.ABSENT or new not in IN_SESSION
    ):
        return [Violation("attendance_return_not_absent")]
    return []
