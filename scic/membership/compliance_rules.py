"""Compliance checks on a cooperative's membership at a date, as pure functions.

Rules: R-CAT-1, R-CAT-2 (categories with members; R-CAT-4: an exit that breaks them is an alert,
not a refusal), R-CAT-5 (SARL headcount), R-COL-1 to R-COL-3 (college weights in force),
R-LA-5 (a legal person needs a current representative to vote). ``scic.workflows.compliance``
gathers the figures and adds the capital and révision checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from scic.cooperatives.rules import (
    CategoryKind,
    CategorySpec,
    CollegeSpec,
    LegalForm,
    check_categories,
    check_colleges,
)
from scic.core.violations import CheckStatus, ComplianceCheck
from scic.membership.rules import SARL_MAX_MEMBERS

#: SARL headcount from which the check warns (R-CAT-5 caps it at 100).
SARL_WARNING_MEMBERS = 90


@dataclass(frozen=True)
class CategoryFigures:
    """A statutory category and how many members fill it at the date."""

    code: str
    kind: CategoryKind
    active_members: int


@dataclass(frozen=True)
class CollegeFigures:
    """A college, its statutory weight in force (fraction of 1) and its members at the date."""

    code: str
    weight: Fraction
    active_members: int


@dataclass(frozen=True)
class MembershipFigures:
    """Plain figures of a cooperative's membership at a date, as the checks need them."""

    legal_form: LegalForm
    active_members: int
    categories: tuple[CategoryFigures, ...]
    colleges: tuple[CollegeFigures, ...] = ()
    #: Names of legal-person members with no current main representative.
    without_representative: tuple[str, ...] = ()


def check_membership(figures: MembershipFigures) -> list[ComplianceCheck]:
    """Return one line per membership rule, passing or not (module docstring for the rules)."""
    return [
        *_category_checks(figures),
        _headcount_check(figures),
        *_college_checks(figures),
        *_representative_checks(figures),
    ]


def _category_checks(figures: MembershipFigures) -> list[ComplianceCheck]:
    filled = [c for c in figures.categories if c.active_members > 0]
    found = {
        v.code
        for v in check_categories(CategorySpec(c.code, c.code, c.kind, 1, None) for c in filled)
    }
    too_few = "too_few_categories" in found
    missing_beneficiary = "no_beneficiary_category" in found
    missing_worker = "no_employee_or_producer_category" in found
    return [
        ComplianceCheck(
            "R-CAT-1",
            "active_categories_too_few" if too_few else "active_categories",
            CheckStatus.FAIL if too_few else CheckStatus.PASS,
            {"count": len(filled), "min": 3},
            action="action_admit_in_empty_categories" if too_few else None,
        ),
        ComplianceCheck(
            "R-CAT-2",
            "no_active_beneficiary" if missing_beneficiary else "active_beneficiary",
            CheckStatus.FAIL if missing_beneficiary else CheckStatus.PASS,
            action="action_admit_beneficiary" if missing_beneficiary else None,
        ),
        ComplianceCheck(
            "R-CAT-2",
            "no_active_employee_or_producer" if missing_worker else "active_employee_or_producer",
            CheckStatus.FAIL if missing_worker else CheckStatus.PASS,
            action="action_admit_employee_or_producer" if missing_worker else None,
        ),
    ]


def _headcount_check(figures: MembershipFigures) -> ComplianceCheck:
    count = figures.active_members
    if LegalForm(figures.legal_form) is not LegalForm.SARL:
        return ComplianceCheck(
            "R-CAT-5", "headcount_not_limited", CheckStatus.PASS, {"count": count}
        )
    params = {"count": count, "max": SARL_MAX_MEMBERS}
    if count > SARL_MAX_MEMBERS:
        return ComplianceCheck(
            "R-CAT-5",
            "sarl_headcount_exceeded",
            CheckStatus.FAIL,
            params,
            action="action_sarl_regularise",
        )
    if count >= SARL_WARNING_MEMBERS:
        return ComplianceCheck(
            "R-CAT-5",
            "sarl_headcount_close",
            CheckStatus.WARNING,
            params,
            action="action_sarl_plan",
        )
    return ComplianceCheck("R-CAT-5", "sarl_headcount", CheckStatus.PASS, params)


def _college_checks(figures: MembershipFigures) -> list[ComplianceCheck]:
    if not figures.colleges:
        return []
    violations = check_colleges([CollegeSpec(c.code, c.code, c.weight) for c in figures.colleges])
    checks = [
        ComplianceCheck(
            violation.rule or "R-COL-2",
            violation.code,
            CheckStatus.FAIL,
            violation.params,
            violation.subject,
            action="action_amend_weights",
        )
        for violation in violations
    ]
    checks += [
        ComplianceCheck(
            "R-COL-2",
            "college_without_members",
            CheckStatus.WARNING,
            {"weight_share": college.weight},
            college.code,
            action="action_fill_college",
        )
        for college in figures.colleges
        if college.active_members == 0
    ]
    if not checks:
        checks.append(
            ComplianceCheck(
                "R-COL-2", "college_weights_ok", CheckStatus.PASS, {"count": len(figures.colleges)}
            )
        )
    return checks


def _representative_checks(figures: MembershipFigures) -> list[ComplianceCheck]:
    if not figures.without_representative:
        return [ComplianceCheck("R-LA-5", "representatives_ok", CheckStatus.PASS)]
    return [
        ComplianceCheck(
            "R-LA-5",
            "no_current_representative",
            CheckStatus.FAIL,
            subject=name,
            action="action_designate_representative",
        )
        for name in figures.without_representative
    ]
