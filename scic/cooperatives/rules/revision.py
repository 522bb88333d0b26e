"""The révision coopérative (R-REV-1): when it falls due, when to warn, and the compliance check."""

from __future__ import annotations

from datetime import date, timedelta

from scic.core.periods import add_years
from scic.core.violations import CheckStatus, ComplianceCheck

MAX_REVISION_CYCLE_YEARS = 5
#: R-REV-1: how long before the révision falls due the compliance check warns.
REVISION_WARNING_DAYS = 180


def revision_due_date(start: date, cycle_years: int = MAX_REVISION_CYCLE_YEARS) -> date:
    """Return the date the next révision falls due, ``cycle_years`` after ``start``.

    Rule: R-REV-1 (at least every five years; the statutes may shorten the cycle, never below
    one year).
    """
    return add_years(start, max(1, min(cycle_years, MAX_REVISION_CYCLE_YEARS)))


def revision_alert(today: date, due: date, days_before: int = REVISION_WARNING_DAYS) -> bool:
    """Tell whether to warn that the révision falls due (R-REV-1)."""
    return today >= due - timedelta(days=days_before)


def revision_start(last_revision_on: date | None, founded_on: date, at: date) -> date:
    """Return the date the révision cycle runs from, on ``at`` (R-REV-1).

    The last révision recorded, when there is one on or before ``at``; otherwise the
    cooperative's start, ``founded_on``: the earliest of its creation in the application, its
    first admission and its first ledger entry. The record's own creation date alone would be
    wrong for a cooperative imported with its history (its cycle started years before).
    """
    if last_revision_on is not None and last_revision_on <= at:
        return last_revision_on
    return founded_on


def check_revision(
    last_revision_on: date | None, founded_on: date, cycle_years: int, at: date
) -> ComplianceCheck:
    """Check the révision coopérative on ``at``: overdue fails, due within 180 days warns.

    Rule: R-REV-1. ``last_on`` is the cycle's start, ``recorded`` whether it is a révision.
    """
    start = revision_start(last_revision_on, founded_on, at)
    due = revision_due_date(start, cycle_years)
    recorded = start == last_revision_on
    params = {"due_on": due, "last_on": start, "years": cycle_years}
    if at > due:
        status, code = CheckStatus.FAIL, "revision_overdue"
    elif revision_alert(at, due):
        status, code = CheckStatus.WARNING, "revision_due_soon"
    else:
        status, code = CheckStatus.PASS, "revision_ok"
    if not recorded:
        code += "_none_recorded"
    action = None if status is CheckStatus.PASS else "action_order_revision"
    return ComplianceCheck("R-REV-1", code, status, params, action=action)
