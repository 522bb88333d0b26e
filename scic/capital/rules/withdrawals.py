"""Withdrawals: reimbursement cap, due dates, liability after leaving, the deferred queue."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from scic.core.periods import add_years

#: R-EXIT-3: the dashboard lists reimbursements falling due within this many days.
REIMBURSEMENT_ALERT_DAYS = 90


def reimbursement_alert_due(due_on: date | None, today: date) -> bool:
    """Tell whether a reimbursement falls due within ``REIMBURSEMENT_ALERT_DAYS`` (or is late).

    Rule: R-EXIT-3 (repayment within the statutory delay): the dashboard lists those due soon.
    """
    return due_on is not None and due_on <= today + timedelta(days=REIMBURSEMENT_ALERT_DAYS)


def reimbursement_cap_cents(shares: int, share_value_cents: int, losses_share_cents: int) -> int:
    """Return the most a leaving member may be repaid: nominal less its share of losses.

    Rules: R-EXIT-2 (loi 1947 art. 18), R-RES-6: never above nominal (no revaluation), never
    negative (the member's liability for losses is a separate matter, R-EXIT-4).
    """
    return max(0, shares * share_value_cents - max(0, losses_share_cents))


def reimbursement_due_date(effective_on: date, delay_years: int) -> date:
    """Return the date by which a withdrawal must be repaid (R-EXIT-3, statutory delay)."""
    return add_years(effective_on, delay_years)


@dataclass(frozen=True)
class ReimbursementRequest:
    """A withdrawal waiting for its reimbursement; ``number`` breaks ties on the same day."""

    number: int
    member_id: int
    requested_on: date
    amount_cents: int


def deferred_queue(requests: Iterable[ReimbursementRequest]) -> list[ReimbursementRequest]:
    """Order deferred reimbursements first come, first served (R-CAP-3, R-EXIT-3)."""
    return sorted(requests, key=lambda r: (r.requested_on, r.number))
