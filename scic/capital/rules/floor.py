"""The capital floor: the legal minimum and the statutory floor under withdrawals and reductions."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Literal

from scic.capital.rules.ledger import Movement, _daily_totals
from scic.core.violations import Violation

#: Minimum share capital by legal form, in cents (loi 1947 art. 27). SARL and SAS have none.
LEGAL_MIN_CAPITAL_CENTS: dict[str, int] = {"SA": 1_850_000}


def effective_floor(statutory_floor_cents: int, historical_max_cents: int, legal_form: str) -> int:
    """Return the capital floor: max(statutory floor, 1/4 of the historical maximum, legal minimum).

    Rule: R-CAP-3 (loi 1947 art. 13; Code de commerce L231-5). The quarter is rounded up so the
    floor is never below the legal quarter; the SA minimum is 18,500 € (loi 1947 art. 27).
    """
    return max(
        statutory_floor_cents,
        -(-historical_max_cents // 4),
        LEGAL_MIN_CAPITAL_CENTS.get(legal_form.upper(), 0),
    )


def check_partial_withdrawal(
    held_shares: int, withdrawn_shares: int, min_shares: int, *, allowed: bool = True
) -> list[Violation]:
    """Check that a partial withdrawal leaves at least the category minimum.

    Rule: R-EXIT-1, §6.10 step 2. On refusal the message suggests a full withdrawal instead.
    ``allowed`` is the statutory switch for partial withdrawals (§8 #13).
    """
    if not allowed:
        return [Violation("partial_withdrawal_not_allowed", rule="R-EXIT-1")]
    if withdrawn_shares <= 0:
        return [Violation("shares_not_positive", params={"shares": withdrawn_shares})]
    if withdrawn_shares > held_shares:
        return [
            Violation(
                "withdrawal_exceeds_holding",
                rule="R-EXIT-1",
                params={"shares": withdrawn_shares, "held_shares": held_shares},
            )
        ]
    remaining = held_shares - withdrawn_shares
    if remaining < max(min_shares, 1):
        return [
            Violation(
                "withdrawal_below_min_shares",
                rule="R-EXIT-1",
                params={"remaining_shares": remaining, "min_shares": min_shares},
            )
        ]
    return []


def withdrawal_floor_outcome(
    capital_after_cents: int, floor_cents: int
) -> Literal["accepted", "deferred"]:
    """Decide whether a withdrawal's reimbursement is paid now or deferred.

    Rule: R-CAP-3, R-EXIT-1: withdrawal is a right, so one that would take the capital below
    the floor is accepted but its reimbursement waits in the queue (:func:`deferred_queue`).
    """
    return "accepted" if capital_after_cents >= floor_cents else "deferred"


def check_reduction_floor(capital_after_cents: int, floor_cents: int) -> list[Violation]:
    """Refuse any other capital reduction that would take the capital below the floor (R-CAP-3)."""
    if capital_after_cents >= floor_cents:
        return []
    return [
        Violation(
            "capital_below_floor",
            rule="R-CAP-3",
            params={"capital_after_cents": capital_after_cents, "floor_cents": floor_cents},
        )
    ]


def check_floor_timeline(
    movements: Iterable[Movement],
    statutory_floor_cents: int,
    legal_form: str,
    from_day: date,
) -> list[Violation]:
    """Refuse a reduction when the capital ends any day from ``from_day`` on below the floor.

    Rule: R-CAP-3; the floor of each day uses the historical maximum reached by that day.
    Returns the first breached day only.
    """
    best = 0
    for day, total, _public in _daily_totals(movements, frozenset()):
        best = max(best, total)
        if day < from_day:
            continue
        floor = effective_floor(statutory_floor_cents, best, legal_form)
        if violations := check_reduction_floor(total, floor):
            return [Violation(v.code, v.rule, {**v.params, "on": day}) for v in violations]
    return []
