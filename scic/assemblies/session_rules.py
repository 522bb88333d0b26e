"""Pure rules on when a session may open: convened date and time, notice period (§5, §6.6).

A session opens only once its convened time has come and the notice period of §5 has run from
the *last* convocation sent (paper letters included), and only when every member entitled to
vote has a recorded convocation. Time is always an argument.

Why an unrecorded letter blocks the opening: §5 and §6.6 ask that *every* member be convened
within the delay (R225-69, R223-20), and §6.6 step 4 that the proof of sending be kept per
recipient. A letter the secretary has not recorded has no date, so nobody can tell whether the
notice ran for that member; the convocation is complete only when every voter's is recorded,
and the notice period runs from the latest of them.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from scic.assemblies.rules import PARIS, convocation_delay_days
from scic.core.violations import Violation


def earliest_opening_day(last_sent_on: date, delay_days: int) -> date:
    """Return the first day a session may be held when the last convocation left on a day.

    §5 (R225-69, R223-20): at least ``delay_days`` days between sending and the assembly,
    counted from the sending; sent on 1 March with 15 days, the assembly may be held on 16 March.
    """
    return last_sent_on + timedelta(days=delay_days)


def check_session_opening(
    now: datetime,
    starts_at: datetime,
    *,
    legal_form: str,
    call_number: int = 1,
    statutes_days: int | None = None,
    last_sent_on: date | None,
    members_not_convened: int = 0,
) -> list[Violation]:
    """Return every reason the session may not open at ``now`` (empty: it may open).

    Rules: R-AG-13 (a session opens only for a convened assembly, not before its convened date
    and time) and R-AG-1 with §5 (the notice period — SA 15 days on first call, 10 on second;
    SARL 15; SAS the statutes, default as SA — has run from the last convocation sent; every
    member entitled to vote was convened, each convocation recorded). ``now`` and
    ``starts_at`` must be timezone-aware.
    """
    if now.tzinfo is None or starts_at.tzinfo is None:
        raise ValueError("now and starts_at must be timezone-aware")
    violations: list[Violation] = []
    if now < starts_at:
        violations.append(
            Violation(
                "session_before_convened_time", rule="R-AG-13", params={"starts_at": starts_at}
            )
        )
    if members_not_convened > 0:
        violations.append(
            Violation(
                "session_members_not_convened",
                rule="R-AG-1",
                params={"count": members_not_convened},
            )
        )
    if last_sent_on is None:
        violations.append(Violation("session_no_convocation", rule="R-AG-1"))
        return violations
    delay = convocation_delay_days(legal_form, call_number, statutes_days)
    earliest = earliest_opening_day(last_sent_on, delay)
    if now.astimezone(PARIS).date() < earliest:
        violations.append(
            Violation(
                "session_notice_not_run",
                rule="R-AG-1",
                params={"last_sent_on": last_sent_on, "delay_days": delay, "earliest": earliest},
            )
        )
    return violations
