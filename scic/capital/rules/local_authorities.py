"""Local authorities' caps on the capital (R-LA-*)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date
from fractions import Fraction

from scic.capital.rules.ledger import Movement, MovementType, _daily_totals
from scic.core.violations import Violation

#: R-LA-1: first day of the 50 % cap. The loi 2014-856 of 31/07/2014 was published in the JORF
#: of 01/08/2014 and came into force the next day: the 20 % cap still applies on 01/08/2014.
LA_CAP_CHANGE_DAY = date(2014, 8, 2)


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


def authorised_shares_left(
    authorised: Iterable[int | None], member_movements: Iterable[Movement]
) -> int | None:
    """Return how many more shares a local authority's council deliberations still allow.

    Rule: R-LA-5, §6.2 step 1: the shares authorised by the deliberations enforceable on the
    day (``authorised``; None where a deliberation sets no number), less the shares the member
    has already subscribed, directly or by converting an advance. Never negative; None when no
    deliberation sets a number (no limit recorded).
    """
    limits = [a for a in authorised if a is not None]
    if not limits:
        return None
    subscribed = sum(
        m.shares_delta
        for m in member_movements
        if m.type in (MovementType.SUBSCRIPTION, MovementType.ADVANCE_CONVERSION)
    )
    return max(0, sum(limits) - subscribed)


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
