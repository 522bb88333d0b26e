"""Pure rules of the share-capital ledger: holdings, floor, local-authority cap, exits, results.

Money is integer cents everywhere; ratios are exact ``Fraction`` values; interest rates are
``Decimal`` percentage points (``Decimal("5.5")`` means 5.5 %). Time is always an argument.
Rule IDs refer to DOMAIN.md §4.3–§4.7 and workflows §6.2, §6.4, §6.5, §6.10, §6.12.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Literal, NamedTuple

from scic.core.violations import Violation

#: Minimum share capital by legal form, in cents (loi 1947 art. 27). SARL and SAS have none.
LEGAL_MIN_CAPITAL_CENTS: dict[str, int] = {"SA": 1_850_000}
#: R-LA-1: first day of the 50 % cap. The loi 2014-856 of 31/07/2014 was published in the JORF
#: of 01/08/2014 and came into force the next day: the 20 % cap still applies on 01/08/2014.
LA_CAP_CHANGE_DAY = date(2014, 8, 2)
#: R-CAP-4: share of a subscription paid on signature, at least.
MIN_PAID_AT_SUBSCRIPTION = Fraction(1, 4)
#: R-LA-2: longest current-account advance, in months, and how many renewals are allowed.
ADVANCE_MAX_MONTHS = 24
ADVANCE_MAX_RENEWALS = 1
#: R-LA-2 (§6.4 step 3): warn this many days before an advance reaches its term.
ADVANCE_ALERT_DAYS = 60
#: R-EXIT-4: years a departing member stays liable.
LIABILITY_YEARS = 5
#: R-RES-1, R-RES-2: legal reserve share, then statutory reserve share of the remainder.
LEGAL_RESERVE_RATE = Fraction(15, 100)
STATUTORY_RESERVE_RATE = Fraction(1, 2)
#: R-RES-4: points added to the average TMO of the three previous calendar years.
TMO_MARGIN_POINTS = Decimal(2)


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


def la_cap_on(day: date) -> Fraction:
    """Return the local authorities' cap on capital in force on ``day``.

    Rule: R-LA-1 (20 % up to and including 01/08/2014, 50 % from 02/08/2014).
    """
    return Fraction(1, 5) if day < LA_CAP_CHANGE_DAY else Fraction(1, 2)


def max_public_holding_cents(other_cents: int, cap: Fraction) -> int:
    """Return the most local authorities may hold when the rest of the capital is ``other_cents``.

    Rule: R-LA-1: P / (N + P) ≤ cap ⇔ P ≤ cap·N / (1 − cap). Rounded down.
    """
    if not 0 <= cap < 1:
        raise ValueError("cap must be in [0, 1)")
    return max(0, math.floor(cap * other_cents / (1 - cap)))


def max_public_subscription_cents(total_cents: int, public_cents: int, cap: Fraction) -> int:
    """Return the largest new local-authority subscription that keeps the cap.

    Rule: R-LA-1, §6.2: (P + x) / (T + x) ≤ cap ⇔ x ≤ (cap·T − P) / (1 − cap), i.e.
    x ≤ T − 2P for a cap of 1/2. Rounded down; never negative.
    """
    if not 0 <= cap < 1:
        raise ValueError("cap must be in [0, 1)")
    return max(0, math.floor((cap * total_cents - public_cents) / (1 - cap)))


def max_public_subscription_shares(
    total_cents: int, public_cents: int, share_value_cents: int, cap: Fraction
) -> int:
    """Return the largest number of whole shares a local authority may still subscribe (R-LA-1)."""
    return max_public_subscription_cents(total_cents, public_cents, cap) // share_value_cents


def _above_cap(total_cents: int, public_cents: int, cap: Fraction) -> bool:
    return public_cents * cap.denominator > cap.numerator * total_cents


def check_la_cap(total_after_cents: int, public_after_cents: int, on: date) -> list[Violation]:
    """Check that local authorities hold at most the cap of the capital after a movement.

    Rule: R-LA-1 (a cap on subscribed capital, not votes; exactly 50 % is accepted). Checked on
    every local-authority subscription, transfer to a local authority and advance conversion.
    ``max_public_cents`` is the most they may hold with the other members' capital unchanged.
    """
    cap = la_cap_on(on)
    if not _above_cap(total_after_cents, public_after_cents, cap):
        return []
    return [
        Violation(
            "la_capital_cap_exceeded",
            rule="R-LA-1",
            params={
                "share": Fraction(public_after_cents, total_after_cents),
                "cap": cap,
                "public_after_cents": public_after_cents,
                "total_after_cents": total_after_cents,
                "max_public_cents": max_public_holding_cents(
                    total_after_cents - public_after_cents, cap
                ),
            },
        )
    ]


def passive_breach(total_cents: int, public_cents: int, on: date) -> bool:
    """Tell whether local authorities now hold more than the cap without subscribing.

    Rule: R-LA-1 passive check after other members' withdrawals: alert and block new
    local-authority subscriptions.
    """
    return _above_cap(total_cents, public_cents, la_cap_on(on))


def check_subscription(
    shares: int,
    share_value_cents: int,
    paid_cents: int,
    *,
    min_shares: int = 1,
    first_subscription: bool = True,
    category: str | None = None,
) -> list[Violation]:
    """Check a subscription form: whole positive shares, category minimum, 25 % paid.

    Rules: positive integer shares; ``min_shares`` of the category for a first subscription
    (§8 #12); at least 25 % paid on signature, never more than the amount (R-CAP-4).
    """
    if isinstance(shares, bool) or not isinstance(shares, int) or shares <= 0:
        return [Violation("shares_not_positive", params={"shares": shares})]
    violations: list[Violation] = []
    if first_subscription and shares < min_shares:
        violations.append(
            Violation(
                "below_min_shares",
                params={"shares": shares, "min_shares": min_shares, "category": category or ""},
                subject=category,
            )
        )
    amount = shares * share_value_cents
    min_paid = math.ceil(MIN_PAID_AT_SUBSCRIPTION * amount)
    if paid_cents < min_paid:
        violations.append(
            Violation(
                "paid_below_quarter",
                rule="R-CAP-4",
                params={
                    "paid_cents": paid_cents,
                    "min_paid_cents": min_paid,
                    "amount_cents": amount,
                },
            )
        )
    elif paid_cents > amount:
        violations.append(
            Violation(
                "paid_above_amount",
                rule="R-CAP-4",
                params={"paid_cents": paid_cents, "amount_cents": amount},
            )
        )
    return violations


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


def check_transfer(
    *,
    shares: int,
    transferor_shares: int,
    transferor_min_shares: int,
    transferee_is_member: bool,
    transferee_is_admitted_candidate: bool = False,
    same_category_required: bool = False,
    transferor_category: str | None = None,
    transferee_category: str | None = None,
    transferee_shares: int = 0,
    transferee_min_shares: int = 1,
    transferee_is_local_authority: bool = False,
    transferor_is_local_authority: bool = False,
    total_cents: int = 0,
    public_cents: int = 0,
    share_value_cents: int = 0,
    on: date,
) -> list[Violation]:
    """Check a share transfer (*cession*) before its two ledger entries are written.

    Rules (§6.5, loi 1947 art. 11, §8 #15): the transferee is a member or an admitted candidate;
    same category when the statutes say so; the transferor keeps its minimum or transfers all;
    the transferee reaches its category minimum; R-LA-1 when the transferee is a local authority
    (``total_cents`` and ``public_cents`` are the capital and local-authority holdings before).
    """
    if shares <= 0:
        return [Violation("shares_not_positive", params={"shares": shares})]
    violations: list[Violation] = []
    if not (transferee_is_member or transferee_is_admitted_candidate):
        violations.append(Violation("transferee_not_member"))
    if same_category_required and transferor_category != transferee_category:
        violations.append(
            Violation(
                "transfer_category_mismatch",
                params={
                    "transferor_category": transferor_category,
                    "transferee_category": transferee_category,
                },
            )
        )
    if shares > transferor_shares:
        violations.append(
            Violation(
                "transfer_exceeds_holding",
                params={"shares": shares, "held_shares": transferor_shares},
            )
        )
    else:
        remaining = transferor_shares - shares
        if 0 < remaining < transferor_min_shares:
            violations.append(
                Violation(
                    "transferor_below_min_shares",
                    params={"remaining_shares": remaining, "min_shares": transferor_min_shares},
                )
            )
    if transferee_shares + shares < transferee_min_shares:
        violations.append(
            Violation(
                "transferee_below_min_shares",
                params={
                    "shares": transferee_shares + shares,
                    "min_shares": transferee_min_shares,
                },
                subject=transferee_category,
            )
        )
    if transferee_is_local_authority and not transferor_is_local_authority:
        violations += check_la_cap(total_cents, public_cents + shares * share_value_cents, on)
    return violations


def reimbursement_cap_cents(shares: int, share_value_cents: int, losses_share_cents: int) -> int:
    """Return the most a leaving member may be repaid: nominal less its share of losses.

    Rules: R-EXIT-2 (loi 1947 art. 18), R-RES-6: never above nominal (no revaluation), never
    negative (the member's liability for losses is a separate matter, R-EXIT-4).
    """
    return max(0, shares * share_value_cents - max(0, losses_share_cents))


def _add_months(day: date, months: int) -> date:
    """Add calendar months, clamping to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _add_years(day: date, years: int) -> date:
    """Add calendar years; 29 February becomes 28 February in a common year."""
    return _add_months(day, 12 * years)


def reimbursement_due_date(effective_on: date, delay_years: int) -> date:
    """Return the date by which a withdrawal must be repaid (R-EXIT-3, statutory delay)."""
    return _add_years(effective_on, delay_years)


def liability_end_date(exited_on: date) -> date:
    """Return the end of a departing member's 5-year liability (R-EXIT-4, L231-6)."""
    return _add_years(exited_on, LIABILITY_YEARS)


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


def check_advance(
    start: date,
    duration_months: int,
    renewed: int,
    has_outstanding: bool,
    equity_cents: int,
    share_capital_cents: int,
) -> list[Violation]:
    """Check a local authority's current-account advance against the SEM terms.

    Rule: R-LA-2 (CGCT L1522-5): at most 24 months, renewable once (``renewed`` counts the
    renewals including this request: 0 or False for a new advance, 1 or True for its renewal);
    no new advance while another is outstanding; none when equity is below half the share
    capital. ``start`` gives the term in the parameters.
    """
    violations: list[Violation] = []
    if not 0 < duration_months <= ADVANCE_MAX_MONTHS:
        violations.append(
            Violation(
                "advance_too_long",
                rule="R-LA-2",
                params={
                    "duration_months": duration_months,
                    "max_months": ADVANCE_MAX_MONTHS,
                    "term": advance_term(start, max(duration_months, 0)),
                },
            )
        )
    if int(renewed) > ADVANCE_MAX_RENEWALS:
        violations.append(
            Violation("advance_renewal_limit", rule="R-LA-2", params={"renewals": int(renewed)})
        )
    if has_outstanding:
        violations.append(Violation("advance_outstanding", rule="R-LA-2"))
    if 2 * equity_cents < share_capital_cents:
        violations.append(
            Violation(
                "advance_equity_below_half",
                rule="R-LA-2",
                params={"equity_cents": equity_cents, "share_capital_cents": share_capital_cents},
            )
        )
    return violations


def advance_term(start: date, duration_months: int) -> date:
    """Return the date an advance must be repaid, renewed or converted (R-LA-2)."""
    return _add_months(start, duration_months)


def advance_alert_due(term: date, today: date, days_before: int = ADVANCE_ALERT_DAYS) -> bool:
    """Tell whether to warn that an advance reaches its term (R-LA-2, §6.4 step 3)."""
    return today >= term - timedelta(days=days_before)


@dataclass(frozen=True)
class Allocation:
    """Legal bounds on the allocation of one year's surplus, in cents; rates in percent points."""

    legal_reserve_min: int
    statutory_reserve_min: int
    reserves_min: int
    interest_pool_max: int
    interest_rate_cap: Decimal
    interest_max: int


def _cents_up(value: Fraction) -> int:
    return math.ceil(value)


def allocate_results(
    surplus_cents: int,
    subsidies_cents: int,
    capital_cents: int,
    reserves_total_cents: int,
    tmo_rates: Sequence[Decimal],
    legal_reserve_applies: bool | None = None,
) -> Allocation:
    """Compute the minimum reserves and maximum interest on shares for one year's surplus.

    Rules: R-RES-1 legal reserve ≥ 15 % while reserves are below share capital
    (``legal_reserve_applies=None`` derives it from ``reserves_total_cents < capital_cents``);
    R-RES-2 statutory reserves ≥ 50 % of the rest, so ≥ 57.5 % in all; R-RES-3 the interest
    pool is what remains after an amount equal to the public subsidies went to reserves;
    R-RES-4 rate cap = average TMO of the three previous years (percent points) + 2 points.
    Reserves are rounded up, interest down, to the cent. Without TMO data no interest (§8 #27).
    """
    if legal_reserve_applies is None:
        legal_reserve_applies = reserves_total_cents < capital_cents
    surplus = max(surplus_cents, 0)
    legal = _cents_up(LEGAL_RESERVE_RATE * surplus) if legal_reserve_applies else 0
    statutory = _cents_up(STATUTORY_RESERVE_RATE * (surplus - legal))
    reserves = legal + statutory
    pool = max(0, surplus - reserves - max(subsidies_cents, 0))
    if tmo_rates:
        rate = sum(tmo_rates, Decimal(0)) / len(tmo_rates) + TMO_MARGIN_POINTS
        rate_fraction = Fraction(rate) / 100
        interest_max = min(pool, math.floor(rate_fraction * max(capital_cents, 0)))
    else:
        rate, interest_max = Decimal(0), 0
    return Allocation(
        legal_reserve_min=legal,
        statutory_reserve_min=statutory,
        reserves_min=reserves,
        interest_pool_max=pool,
        interest_rate_cap=rate,
        interest_max=interest_max,
    )


def check_allocation(
    allocation: Allocation, reserves_cents: int, interest_cents: int
) -> list[Violation]:
    """Refuse reserves below the minimum or interest above the maximum (R-RES-1…R-RES-4, §6.12)."""
    violations: list[Violation] = []
    if reserves_cents < allocation.reserves_min:
        violations.append(
            Violation(
                "reserves_below_minimum",
                rule="R-RES-2",
                params={
                    "reserves_cents": reserves_cents,
                    "reserves_min_cents": allocation.reserves_min,
                },
            )
        )
    if interest_cents > allocation.interest_max:
        violations.append(
            Violation(
                "interest_above_maximum",
                rule="R-RES-3",
                params={
                    "interest_cents": interest_cents,
                    "interest_max_cents": allocation.interest_max,
                    "rate_cap": allocation.interest_rate_cap,
                },
            )
        )
    return violations


def share_interest_per_member(
    rate: Decimal,
    paid_periods: Iterable[tuple[int, int, int]],
    year_days: int = 365,
) -> dict[int, int]:
    """Split interest on shares pro rata of paid-up capital and time held.

    ``rate`` is in percent points; each period is ``(member_id, paid_cents, days_held)``; a
    member may have several periods. Each member's exact total is rounded down to the cent.
    Rules: R-RES-3, R-RES-4 (interest on paid-up shares only).
    """
    exact: dict[int, Fraction] = {}
    rate_fraction = Fraction(rate) / 100
    for member_id, paid_cents, days_held in paid_periods:
        share = rate_fraction * paid_cents * Fraction(days_held, year_days)
        exact[member_id] = exact.get(member_id, Fraction(0)) + share
    return {member_id: math.floor(value) for member_id, value in exact.items()}


# --- Additions for the ledger services (payments, timelines, interest periods) ------------------


def check_payment(amount_cents: int, unpaid_cents: int) -> list[Violation]:
    """Check a payment of subscribed capital: positive, at most the unpaid balance (R-CAP-4)."""
    if amount_cents <= 0:
        return [Violation("amount_not_positive", params={"amount_cents": amount_cents})]
    if amount_cents > unpaid_cents:
        return [
            Violation(
                "payment_above_unpaid",
                rule="R-CAP-4",
                params={"amount_cents": amount_cents, "unpaid_cents": unpaid_cents},
            )
        ]
    return []


def check_payment_call(amount_cents: int, uncalled_cents: int) -> list[Violation]:
    """Check a call for payment: positive, at most the unpaid amount not yet called (R-CAP-4)."""
    if amount_cents <= 0:
        return [Violation("amount_not_positive", params={"amount_cents": amount_cents})]
    if amount_cents > uncalled_cents:
        return [
            Violation(
                "call_above_uncalled",
                rule="R-CAP-4",
                params={"amount_cents": amount_cents, "uncalled_cents": uncalled_cents},
            )
        ]
    return []


def check_la_may_subscribe(
    executory_on: date | None, on: date, *, shares: int = 0, authorised_left: int | None = None
) -> list[Violation]:
    """Check a local authority's right to subscribe on a day.

    Rule: R-LA-5 (no subscription before its council deliberation is enforceable) and the number
    of shares the council authorised (§6.2 step 1): ``authorised_left`` is what the deliberations
    still allow (None: no limit recorded).
    """
    from scic.membership.rules import is_deliberation_enforceable

    violations: list[Violation] = []
    if not is_deliberation_enforceable(executory_on, on):
        violations.append(
            Violation(
                "la_deliberation_not_enforceable",
                rule="R-LA-5",
                params={"on": on, "executory_date": executory_on},
            )
        )
    if authorised_left is not None and shares > authorised_left:
        violations.append(
            Violation(
                "shares_above_authorised",
                rule="R-LA-5",
                params={"shares": shares, "authorised_shares": authorised_left},
            )
        )
    return violations


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


def check_la_cap_timeline(
    movements: Iterable[Movement],
    public_member_ids: frozenset[int] | set[int],
    from_day: date = date.min,
) -> list[Violation]:
    """Check R-LA-1 at the end of every day with an entry, from ``from_day`` on.

    Each day uses the cap in force that day (20 % up to 01/08/2014, 50 % from 02/08/2014).
    A back-dated entry must keep every later day within the cap too. Returns one violation per
    breached day, its ``on`` parameter naming the day.
    """
    violations: list[Violation] = []
    for day, total, public in _daily_totals(movements, public_member_ids):
        if day < from_day or total <= 0:
            continue
        for violation in check_la_cap(total, public, day):
            violations.append(
                Violation(violation.code, violation.rule, {**violation.params, "on": day})
            )
    return violations


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
