"""Subscriptions, payments, calls for payment and transfers."""

from __future__ import annotations

import math
from datetime import date
from fractions import Fraction

from scic.capital.rules.local_authorities import check_la_cap
from scic.core.violations import Violation

#: R-CAP-4: share of a subscription paid on signature, at least.
MIN_PAID_AT_SUBSCRIPTION = Fraction(1, 4)


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
