"""Compliance checks on a cooperative's capital at a date, as pure functions.

Rules: R-LA-1 (local authorities' cap on capital, passive breach and "nearly reached"),
R-CAP-3 (capital floor; withdrawals deferred at the floor), R-LA-2 (current-account advances at
most two years: alert before the term, breach after it). ``scic.workflows.compliance`` gathers
the figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from fractions import Fraction

from scic.capital.rules.advances import advance_alert_due
from scic.capital.rules.local_authorities import (
    la_cap_on,
    max_public_subscription_cents,
    passive_breach,
)
from scic.core.violations import CheckStatus, ComplianceCheck

#: R-LA-1: the cap is "nearly reached" when the largest local-authority subscription still
#: allowed is below this part of the capital (an alert of this application, not of the law).
LA_CAP_WARNING_SHARE = Fraction(1, 20)


def is_la_cap_nearly_reached(total_cents: int, public_cents: int, cap: Fraction) -> bool:
    """Tell whether local authorities hold capital and could subscribe less than 1/20 more.

    Rule: R-LA-1 (alert). Exact: ``max_subscription < total × 1/20``.
    """
    if public_cents <= 0 or total_cents <= 0:
        return False
    room = max_public_subscription_cents(total_cents, public_cents, cap)
    return room < total_cents * LA_CAP_WARNING_SHARE


def check_la_cap(total_cents: int, public_cents: int, on: date) -> ComplianceCheck:
    """Check local authorities' share of the capital on ``on`` (R-LA-1, cap in force that day)."""
    cap = la_cap_on(on)
    params = {
        "public_cents": public_cents,
        "capital_cents": total_cents,
        "share": Fraction(public_cents, total_cents) if total_cents else Fraction(0),
        "cap": cap,
    }
    if total_cents > 0 and passive_breach(total_cents, public_cents, on):
        return ComplianceCheck(
            "R-LA-1",
            "la_passive_breach",
            CheckStatus.FAIL,
            params,
            action="la_passive_breach_action",
        )
    if is_la_cap_nearly_reached(total_cents, public_cents, cap):
        params["max_cents"] = max_public_subscription_cents(total_cents, public_cents, cap)
        return ComplianceCheck(
            "R-LA-1",
            "la_cap_nearly_reached",
            CheckStatus.WARNING,
            params,
            action="la_cap_nearly_reached_action",
        )
    return ComplianceCheck("R-LA-1", "la_cap_ok", CheckStatus.PASS, params)


def check_floor(
    capital_cents: int, floor_cents: int, statutory_floor_cents: int, highest_cents: int
) -> ComplianceCheck:
    """Check that the capital is at least the effective floor (R-CAP-3)."""
    params = {
        "capital_cents": capital_cents,
        "floor_cents": floor_cents,
        "statutory_cents": statutory_floor_cents,
        "highest_cents": highest_cents,
    }
    if capital_cents >= floor_cents:
        return ComplianceCheck("R-CAP-3", "capital_above_floor", CheckStatus.PASS, params)
    return ComplianceCheck(
        "R-CAP-3", "capital_under_floor", CheckStatus.FAIL, params, action="capital_floor_action"
    )


def check_deferred_withdrawals(count: int) -> list[ComplianceCheck]:
    """Warn when withdrawals wait because the capital is at its floor (R-CAP-3)."""
    if not count:
        return []
    return [
        ComplianceCheck(
            "R-CAP-3",
            "withdrawals_deferred",
            CheckStatus.WARNING,
            {"count": count},
            action="withdrawals_deferred_action",
        )
    ]


def check_advance_terms(advances: Iterable[tuple[str, date]], today: date) -> list[ComplianceCheck]:
    """Check outstanding advances, given as (lender's name, term): past term fails, near warns.

    Rule: R-LA-2 (at most two years, renewable once; then repaid or converted).
    """
    checks = []
    for name, term in advances:
        if term < today:
            checks.append(
                ComplianceCheck(
                    "R-LA-2",
                    "advance_term_passed",
                    CheckStatus.FAIL,
                    {"term": term},
                    subject=name,
                    action="advance_term_action",
                )
            )
        elif advance_alert_due(term, today):
            checks.append(
                ComplianceCheck(
                    "R-LA-2",
                    "advance_term_near",
                    CheckStatus.WARNING,
                    {"term": term},
                    subject=name,
                    action="advance_term_action",
                )
            )
    return checks or [ComplianceCheck("R-LA-2", "advances_ok", CheckStatus.PASS)]
