"""The compliance panel: every rule the cooperative breaks, or is close to breaking, now.

Membership contributes its own checks (``membership_checks``). Upstream packages add theirs with
``register_compliance_check(func)`` — e.g. the capital package adds R-LA-1 (local authorities'
share of the capital) — since membership may not import them (ARCHITECTURE §2.2). A check is a
function ``func(cooperative, today) -> list[ComplianceCheck]``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from scic.cooperatives.models import Cooperative
from scic.cooperatives.rules import CategoryKind, LegalForm
from scic.core.messages import describe
from scic.core.violations import Violation
from scic.membership import queries
from scic.membership.rules import (
    CategoryFigures,
    CheckStatus,
    CollegeFigures,
    ComplianceCheck,
    MembershipFigures,
    compliance_checks,
    sort_checks,
)

ComplianceFunc = Callable[[Cooperative, date], list[ComplianceCheck]]
_CHECKS: list[ComplianceFunc] = []


def register_compliance_check(func: ComplianceFunc) -> ComplianceFunc:
    """Add a check to the compliance panel (idempotent); usable as a decorator."""
    if func not in _CHECKS:
        _CHECKS.append(func)
    return func


def membership_figures(cooperative: Cooperative, today: date) -> MembershipFigures:
    """Gather the plain figures the membership checks need, in a handful of statements."""
    by_category = queries.active_counts_by_category(cooperative)
    categories = queries.categories_of(cooperative)
    colleges = queries.colleges_of(cooperative)
    by_college = queries.active_counts_by_college(cooperative)
    return MembershipFigures(
        legal_form=LegalForm(cooperative.legal_form),
        active_members=sum(by_category.values()),
        categories=tuple(
            CategoryFigures(c.code, CategoryKind(c.kind), by_category.get(c.id, 0))
            for c in categories
        ),
        colleges=tuple(
            CollegeFigures(c.code, c.weight_on(today), by_college.get(c.id, 0))
            for c in colleges
            if c.weight_on(today)  # a college removed by the statutes weighs 0 from then on
        ),
        without_representative=tuple(
            m.display_name for m in queries.without_representative(cooperative, today)
        ),
        last_revision_on=cooperative.last_revision_on,
        founded_on=cooperative.created_at.date() if cooperative.created_at else None,
        revision_cycle_years=cooperative.revision_cycle_years,
    )


def membership_checks(cooperative: Cooperative, today: date) -> list[ComplianceCheck]:
    """R-CAT-1, R-CAT-2, R-CAT-5, R-COL-*, R-LA-5 and R-REV-1 on the cooperative's data."""
    return compliance_checks(membership_figures(cooperative, today), today)


register_compliance_check(membership_checks)


@dataclass(frozen=True)
class ComplianceLine:
    """A check ready to show: its rule, status, translated finding and advice."""

    rule: str
    status: CheckStatus
    subject: str | None
    text: str
    action: str | None


def run_checks(cooperative: Cooperative, today: date) -> list[ComplianceCheck]:
    """Run every registered check; breaches first, then warnings, then rules that hold."""
    checks: list[ComplianceCheck] = []
    for func in _CHECKS:
        checks += func(cooperative, today)
    return sort_checks(checks)


def describe_check(check: ComplianceCheck) -> ComplianceLine:
    """Translate a check's codes (registered in ``messages.py`` modules) into sentences."""
    text = describe(Violation(check.code, params=check.params))
    action = describe(Violation(check.action, params=check.params)) if check.action else None
    return ComplianceLine(check.rule, check.status, check.subject, text, action)


def compliance_report(cooperative: Cooperative, today: date) -> list[ComplianceLine]:
    """The compliance panel's lines, translated."""
    return [describe_check(c) for c in run_checks(cooperative, today)]
