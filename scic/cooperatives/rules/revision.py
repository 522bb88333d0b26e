"""The révision coopérative (R-REV-1): when it falls due, when to warn, and the compliance check."""

from __future__ import annotations

from datetime import date, timedelta

from scic.core.periods import add_years
from scic.core.violations import CheckStatus, ComplianceCheck, Violation

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


def _consecutive_losses(results: dict[int, int]) -> list[int]:
    """The last run of loss-making years, ending with the latest year recorded."""
    run: list[int] = []
    for year in sorted(results, reverse=True):
        if results[year] >= 0 or (run and year != run[-1] - 1):
            break
        run.append(year)
    return sorted(run)


def check_extra_revision(
    results: dict[int, int], highest_capital_cents: int, reviewed_after_year: int | None
) -> ComplianceCheck:
    """Check whether losses call for an extra révision (R-REV-2).

    ``results`` are the years' results in cents (a loss is negative); an extra review is due
    after **three loss-making years in a row**, or when **one year's loss reaches half of the
    highest capital** ever reached. ``reviewed_after_year`` is the last year-end a révision's
    report came after: a review made since the triggering year answers it.
    """
    run = _consecutive_losses(results)
    latest = max(results, default=None)
    half_capital = latest is not None and -results[latest] * 2 >= highest_capital_cents > 0
    code = None
    if len(run) >= 3:
        code, params = "revision_extra_three_losses", {"first": run[-3], "last": run[-1]}
    elif half_capital:
        code = "revision_extra_half_capital"
        params = {
            "year": latest,
            "loss_cents": -results[latest],
            "highest_cents": highest_capital_cents,
        }
    if code is None:
        return ComplianceCheck("R-REV-2", "revision_extra_none", CheckStatus.PASS)
    if reviewed_after_year is not None and latest is not None and reviewed_after_year >= latest:
        return ComplianceCheck("R-REV-2", code + "_reviewed", CheckStatus.PASS, params)
    return ComplianceCheck(
        "R-REV-2", code, CheckStatus.FAIL, params, action="action_order_revision"
    )


#: R-REV-3: who may ask for a révision, and the share of their body that must sign.
REQUEST_SHARES = {"members": (1, 10), "directors": (1, 3), "authority": None, "minister": None}


def check_revision_request(requested_by: str, signatories: int, out_of: int) -> list[Violation]:
    """A request for a révision binds the cooperative when made by at least a tenth of the
    members, a third of the directors (or supervisory board), the approving authority or the
    minister (R-REV-3)."""
    if requested_by not in REQUEST_SHARES:
        return [Violation("revision_request_unknown", rule="R-REV-3", subject="requested_by")]
    share = REQUEST_SHARES[requested_by]
    if share is None:
        return []
    numerator, denominator = share
    if out_of <= 0 or signatories > out_of:
        return [
            Violation(
                "revision_request_count",
                rule="R-REV-3",
                params={"signatories": signatories, "out_of": out_of},
                subject="signatories",
            )
        ]
    needed = -(-out_of * numerator // denominator)  # ceiling: "at least a tenth"
    if signatories < needed:
        return [
            Violation(
                "revision_request_too_few",
                rule="R-REV-3",
                params={"signatories": signatories, "needed": needed, "out_of": out_of},
                subject="signatories",
            )
        ]
    return []


def check_reviser(approval_ref: str, independence_declared: bool) -> list[Violation]:
    """The reviser is approved (agrément) and independent of the cooperative (R-REV-4)."""
    problems = []
    if not approval_ref.strip():
        problems.append(Violation("reviser_approval_missing", rule="R-REV-4", subject="approval"))
    if not independence_declared:
        problems.append(
            Violation("reviser_independence_missing", rule="R-REV-4", subject="independent")
        )
    return problems
