"""The cooperative's compliance at a date: one function that the page and the PDF both render.

``compliance_at(cooperative, at)`` gathers the figures at the end of ``at`` (Paris time) and asks
the pure rules of each package: membership (R-CAT-1, R-CAT-2, R-CAT-5, R-COL-1 to R-COL-3,
R-LA-5), capital (R-LA-1 with its passive breach, R-CAP-3, R-LA-2) and the statutes (R-REV-1).
Every check returns a line, passing or not, so the report lists every rule.

Point in time: members, categories, colleges, mandates and the ledger are read as they stood on
``at`` (the register's queries). Outstanding advances are those started by ``at`` and neither
repaid nor converted by then. The queue of deferred withdrawals is a current state (it is not
dated): it shows on the report of any date.

R-REV-1 counts from the last révision recorded (if on or before ``at``), else from the
cooperative's start: the earliest of its creation in the application, its first admission and
its first ledger entry (``registers.queries.first_day``). A cooperative imported with members
admitted in 2015 and no révision recorded is overdue since 2020, whatever the date of its record.
"""

from __future__ import annotations

from datetime import date

from scic.capital import queries as capital_queries
from scic.capital.rules.compliance import (
    check_advance_terms,
    check_deferred_withdrawals,
    check_floor,
    check_la_cap,
)
from scic.cooperatives.models import Cooperative
from scic.cooperatives.rules import CategoryKind, LegalForm, check_revision
from scic.core.messages import CheckText, describe_check
from scic.core.violations import ComplianceCheck, sort_checks
from scic.membership import queries as membership_queries
from scic.membership.compliance_rules import (
    CategoryFigures,
    CollegeFigures,
    MembershipFigures,
    check_membership,
)
from scic.registers.queries import RegisterSummary, first_day, register_summary


def compliance_at(cooperative: Cooperative, at: date) -> list[ComplianceCheck]:
    """Check the cooperative at the end of ``at``: failures first, then warnings, then passes."""
    summary = register_summary(cooperative, at)
    checks = check_membership(membership_figures(cooperative, at, summary))
    checks.append(check_la_cap(summary.capital_cents, summary.local_authority_cents, at))
    checks.append(
        check_floor(
            summary.capital_cents,
            summary.floor_cents,
            cooperative.capital_floor_cents,
            summary.historical_max_cents,
        )
    )
    deferred = capital_queries.withdrawals(cooperative.id, ["deferred"])
    checks += check_deferred_withdrawals(len(deferred))
    checks += check_advance_terms(
        (
            (a.member.display_name, a.term_on)
            for a in capital_queries.advances(cooperative.id)
            if a.start_on <= at
            and (a.repaid_on is None or a.repaid_on > at)
            and (a.converted_on is None or a.converted_on > at)
        ),
        at,
    )
    checks.append(revision_check(cooperative, at))
    return sort_checks(checks)


def revision_check(cooperative: Cooperative, at: date) -> ComplianceCheck:
    """R-REV-1 on ``at`` (its ``due_on`` is the calendar's révision deadline too)."""
    return check_revision(
        cooperative.last_revision_on, first_day(cooperative), cooperative.revision_cycle_years, at
    )


def compliance_text_at(cooperative: Cooperative, at: date) -> list[CheckText]:
    """The same checks in words, in the current locale (what the page shows)."""
    return [describe_check(c) for c in compliance_at(cooperative, at)]


def membership_figures(
    cooperative: Cooperative, at: date, summary: RegisterSummary
) -> MembershipFigures:
    """Members per category and college as they stood on ``at``, with the weights in force."""
    kinds = {c.id: CategoryKind(c.kind) for c in membership_queries.categories_of(cooperative)}
    by_college = {g.id: g.members for g in summary.colleges}
    colleges = []
    for college in membership_queries.colleges_of(cooperative):
        weight = college.weight_on(at)
        if weight:  # a college removed by the statutes weighs 0 from then on
            colleges.append(CollegeFigures(college.code, weight, by_college.get(college.id, 0)))
    return MembershipFigures(
        legal_form=LegalForm(cooperative.legal_form),
        active_members=summary.member_count,
        categories=tuple(
            CategoryFigures(g.code, kinds[g.id], g.members)
            for g in summary.categories
            if g.id in kinds
        ),
        colleges=tuple(colleges),
        without_representative=tuple(
            m.display_name for m in membership_queries.without_representative(cooperative, at)
        ),
    )
