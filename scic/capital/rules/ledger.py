"""Movements of the share ledger and the holdings, capital and history computed from them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import NamedTuple


class MovementType(StrEnum):
    """Types of ledger entries (DOMAIN §3.6), plus ``reversal`` for corrections."""

    SUBSCRIPTION = "subscription"
    PAYMENT_CALL = "payment_call"
    PAYMENT = "payment"
    TRANSFER_OUT = "transfer_out"
    TRANSFER_IN = "transfer_in"
    PARTIAL_WITHDRAWAL = "partial_withdrawal"
    FULL_WITHDRAWAL = "full_withdrawal"
    EXCLUSION_CANCELLATION = "exclusion_cancellation"
    REIMBURSEMENT = "reimbursement"
    ADVANCE_CONVERSION = "advance_conversion"
    DEATH_TRANSMISSION = "death_transmission"
    REVERSAL = "reversal"


#: Entries that record cash or a demand, not a change of holding: their deltas are ignored
#: by holdings (a call does not pay anything; a reimbursement pays out shares already cancelled).
NON_HOLDING_TYPES = frozenset({MovementType.PAYMENT_CALL, MovementType.REIMBURSEMENT})


@dataclass(frozen=True)
class Movement:
    """One append-only ledger entry; all amounts signed, in cents.

    ``amount_cents`` is the nominal value of ``shares_delta`` (shares × nominal);
    ``paid_cents`` the change of paid-up amount. A ``reversal`` carries the opposite deltas
    of the entry numbered ``reverses`` (build it with :func:`reversal_of`).
    """

    number: int
    type: MovementType
    member_id: int
    effective_on: date
    shares_delta: int = 0
    amount_cents: int = 0
    paid_cents: int = 0
    counterparty_id: int | None = None
    reverses: int | None = None


class Holding(NamedTuple):
    """A member's position at a date, derived from the ledger, never stored.

    A named tuple rather than a frozen dataclass: holdings at a date build one per member
    (100 000 in a large cooperative) and a frozen dataclass is several times slower to create.
    """

    shares: int = 0
    subscribed_cents: int = 0
    paid_cents: int = 0

    @property
    def unpaid_cents(self) -> int:
        """Return the subscribed amount not yet paid up (R-CAP-4)."""
        return self.subscribed_cents - self.paid_cents


def reversal_of(movement: Movement, number: int, effective_on: date) -> Movement:
    """Build the entry that cancels ``movement`` (a wrong entry is never edited or deleted)."""
    return Movement(
        number=number,
        type=MovementType.REVERSAL,
        member_id=movement.member_id,
        effective_on=effective_on,
        shares_delta=-movement.shares_delta,
        amount_cents=-movement.amount_cents,
        paid_cents=-movement.paid_cents,
        counterparty_id=movement.counterparty_id,
        reverses=movement.number,
    )


def _holding_entries(movements: Iterable[Movement], at: date) -> Iterable[Movement]:
    """Yield the entries effective on or before ``at`` that change holdings."""
    movements = list(movements)
    ignored = {m.number for m in movements if m.type in NON_HOLDING_TYPES}
    for m in movements:
        if m.effective_on > at or m.type in NON_HOLDING_TYPES:
            continue
        if m.type is MovementType.REVERSAL and m.reverses in ignored:
            continue
        yield m


def holding(movements: Iterable[Movement], member_id: int, at: date) -> Holding:
    """Return one member's holding at the end of day ``at`` (R-CAP-1: derived from the ledger)."""
    return holdings_at((m for m in movements if m.member_id == member_id), at).get(
        member_id, Holding()
    )


def holdings_at(movements: Iterable[Movement], at: date) -> dict[int, Holding]:
    """Return every member's holding at the end of day ``at``, in one pass over the ledger.

    Members whose every delta nets to zero are still listed (an exited member holds nothing).
    """
    totals: dict[int, list[int]] = {}
    for m in _holding_entries(movements, at):
        row = totals.setdefault(m.member_id, [0, 0, 0])
        row[0] += m.shares_delta
        row[1] += m.amount_cents
        row[2] += m.paid_cents
    return {member: Holding(*row) for member, row in totals.items()}


def capital_at(movements: Iterable[Movement], at: date) -> int:
    """Return the subscribed capital (shares × nominal, in cents) at the end of day ``at``.

    Rule: R-LA-1 and R-CAP-3 measure subscribed capital (DOMAIN §4.4, to confirm).
    """
    return sum(m.amount_cents for m in _holding_entries(movements, at))


def historical_max_capital(movements: Iterable[Movement], up_to: date) -> int:
    """Return the highest end-of-day capital reached on or before ``up_to`` (never decreases).

    Rule: R-CAP-3 (a quarter of this maximum is part of the floor).
    """
    per_day: dict[date, int] = {}
    for m in _holding_entries(movements, up_to):
        per_day[m.effective_on] = per_day.get(m.effective_on, 0) + m.amount_cents
    capital = best = 0
    for day in sorted(per_day):
        capital += per_day[day]
        best = max(best, capital)
    return best


def _daily_totals(
    movements: Iterable[Movement], public_member_ids: frozenset[int] | set[int]
) -> list[tuple[date, int, int]]:
    """Return (day, capital, local-authority capital) at the end of each day with an entry."""
    per_day: dict[date, list[int]] = {}
    far = date.max
    for m in _holding_entries(movements, far):
        row = per_day.setdefault(m.effective_on, [0, 0])
        row[0] += m.amount_cents
        if m.member_id in public_member_ids:
            row[1] += m.amount_cents
    total = public = 0
    out: list[tuple[date, int, int]] = []
    for day in sorted(per_day):
        total += per_day[day][0]
        public += per_day[day][1]
        out.append((day, total, public))
    return out


def paid_periods(
    movements: Iterable[Movement], start: date, end: date
) -> list[tuple[int, int, int]]:
    """Split each member's paid-up capital into constant periods within ``[start, end]``.

    Returns ``(member_id, paid_cents, days)`` rows for :func:`share_interest_per_member`: a
    change effective on day D counts from day D on (end-of-day positions, R-RES-3).
    """
    movements = list(movements)
    changes: dict[int, dict[date, int]] = {}
    opening: dict[int, int] = {}
    for m in _holding_entries(movements, end):
        if m.effective_on < start:
            opening[m.member_id] = opening.get(m.member_id, 0) + m.paid_cents
        else:
            by_day = changes.setdefault(m.member_id, {})
            by_day[m.effective_on] = by_day.get(m.effective_on, 0) + m.paid_cents
    periods: list[tuple[int, int, int]] = []
    for member in sorted(set(opening) | set(changes)):
        paid = opening.get(member, 0)
        cursor = start
        for day in sorted(changes.get(member, {})):
            if day > cursor:
                periods.append((member, paid, (day - cursor).days))
                cursor = day
            paid += changes[member][day]
        if cursor <= end:
            periods.append((member, paid, (end - cursor).days + 1))
    return [p for p in periods if p[1] > 0 and p[2] > 0]
