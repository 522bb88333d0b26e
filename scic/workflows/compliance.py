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

from sqlalchemy import select

from scic.capital import queries as capital_queries
from scic.capital.models import ResultAllocation
from scic.capital.rules.compliance import (
    check_advance_terms,
    check_deferred_withdrawals,
    check_floor,
    check_la_cap,
)
from scic.cooperatives.models import Cooperative
from scic.cooperatives.rules import CategoryKind, LegalForm, check_revision
from scic.cooperatives.rules.revision import check_extra_revision
from scic.core import periods
from scic.core.db import db
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
    checks.append(extra_revision_check(cooperative, at, summary.historical_max_cents))
    return sort_checks(checks)


def extra_revision_check(cooperative: Cooperative, at: date, highest_capital_cents: int):
    """R-REV-2 from the results recorded with each year's allocation (years ended by ``at``),
    answered by a révision whose report came after the triggering year's end."""
    rows = db.session.execute(
        select(ResultAllocation.fiscal_year, ResultAllocation.result_cents)
        .where(ResultAllocation.cooperative_id == cooperative.id)
        .where(ResultAllocation.fiscal_year_end <= at)
        .order_by(ResultAllocation.id)
    )
    results = {row[0]: row[1] for row in rows}  # the latest allocation of a year wins
    reviewed = cooperative.last_revision_on
    reviewed_after = (
        periods.fiscal_year_end_on_or_before(
            reviewed, cooperative.fiscal_year_end_month, cooperative.fiscal_year_end_day
        ).year
        if reviewed is not None and reviewed <= at
        else None
    )
    return check_extra_revision(results, highest_capital_cents, reviewed_after)


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
