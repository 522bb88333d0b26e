"""Allocation of the result: reserves, interest on shares capped by the TMO."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from scic.core.violations import Violation

#: R-RES-1, R-RES-2: legal reserve share, then statutory reserve share of the remainder.
LEGAL_RESERVE_RATE = Fraction(15, 100)
STATUTORY_RESERVE_RATE = Fraction(1, 2)
#: R-RES-4: points added to the average TMO of the three previous calendar years.
TMO_MARGIN_POINTS = Decimal(2)


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
