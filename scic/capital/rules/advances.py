"""Current-account advances (R-LA-2): terms, renewals, alerts."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

from scic.core.periods import add_months
from scic.core.violations import Violation

#: R-LA-2: longest current-account advance, in months, and how many renewals are allowed.
ADVANCE_MAX_MONTHS = 24
ADVANCE_MAX_RENEWALS = 1
#: R-LA-2 (§6.4 step 3): warn this many days before an advance reaches its term.
ADVANCE_ALERT_DAYS = 60


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
    return add_months(start, duration_months)


def advance_alert_due(term: date, today: date) -> bool:
    """Tell whether to warn that an advance reaches its term (R-LA-2, §6.4 step 3).

    From ``ADVANCE_ALERT_DAYS`` before the term, and after it while the advance is outstanding.
    """
    return today >= term - timedelta(days=ADVANCE_ALERT_DAYS)


#: Share of the authority's real operating revenue its advances may reach (CGCT L1522-5).
ADVANCE_REVENUE_SHARE = Fraction(5, 100)


def check_advance_revenue_share(
    amount_cents: int, outstanding_cents: int, operating_revenue_cents: int | None
) -> list[Violation]:
    """Check that the authority's advances stay within 5 % of its operating budget's revenue.

    Rule: R-LA-2 (CGCT L1522-5). The cooperative cannot know that revenue: the council's
    deliberation states it and the secretary records it; without it there is nothing to check.
    ``outstanding_cents`` are the authority's other advances not yet repaid or converted.
    """
    if operating_revenue_cents is None:
        return []
    limit = ADVANCE_REVENUE_SHARE * operating_revenue_cents
    total = amount_cents + outstanding_cents
    if total <= limit:
        return []
    return [
        Violation(
            "advance_above_revenue_share",
            rule="R-LA-2",
            params={"amount_cents": total, "limit_cents": int(limit)},
        )
    ]
