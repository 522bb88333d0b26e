"""The capital's compliance checks for the compliance panel."""

from __future__ import annotations

from datetime import date

from scic.capital import queries, rules
from scic.capital.services.local_authorities import public_share
from scic.cooperatives.models import Cooperative
from scic.membership.rules import CheckStatus, ComplianceCheck

# --- Compliance panel (registered with membership.compliance by the capital views) -------------


def capital_compliance_checks(cooperative: Cooperative, today: date) -> list[ComplianceCheck]:
    """R-LA-1 (passive breach, room left), R-CAP-3 (deferred queue), R-LA-2 (advance terms)."""
    checks: list[ComplianceCheck] = []
    share = public_share(cooperative, today)
    if share.breached:
        checks.append(
            ComplianceCheck(
                "R-LA-1",
                "la_passive_breach",
                CheckStatus.BREACH,
                {"share": share.share, "cap": share.cap},
                action="la_passive_breach_action",
            )
        )
    elif share.public_cents and share.max_subscription_cents < share.total_cents // 20:
        checks.append(
            ComplianceCheck(
                "R-LA-1",
                "la_cap_nearly_reached",
                CheckStatus.WARNING,
                {"share": share.share, "cap": share.cap, "max_cents": share.max_subscription_cents},
                action="la_cap_nearly_reached_action",
            )
        )
    else:
        checks.append(
            ComplianceCheck(
                "R-LA-1", "la_cap_ok", CheckStatus.OK, {"share": share.share, "cap": share.cap}
            )
        )
    if deferred := queries.withdrawals(cooperative.id, ["deferred"]):
        checks.append(
            ComplianceCheck(
                "R-CAP-3",
                "withdrawals_deferred",
                CheckStatus.WARNING,
                {"count": len(deferred)},
                action="withdrawals_deferred_action",
            )
        )
    for advance in queries.advances(cooperative.id, outstanding_only=True):
        if rules.advance_alert_due(advance.term_on, today):
            checks.append(
                ComplianceCheck(
                    "R-LA-2",
                    "advance_term_near",
                    CheckStatus.BREACH if advance.term_on < today else CheckStatus.WARNING,
                    {"term": advance.term_on},
                    subject=advance.member.display_name,
                    action="advance_term_action",
                )
            )
    return checks
