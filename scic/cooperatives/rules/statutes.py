"""Checks of a statutes specification: categories, colleges and their weights, codes, governance,
assembly settings, and a change of weights (R-CAT-1, R-CAT-2, R-COL-1 to R-COL-3, R-COL-7).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from fractions import Fraction

from scic.cooperatives.rules.assemblies import (
    check_assembly_settings,
    check_convocation_delays,
    check_legal_assembly_minimums,
)
from scic.cooperatives.rules.revision import MAX_REVISION_CYCLE_YEARS
from scic.cooperatives.rules.settings import (
    ALLOWED_GOVERNANCE,
    MAX_COLLEGE_WEIGHT,
    MIN_CATEGORIES,
    MIN_COLLEGE_WEIGHT,
    MIN_COLLEGES,
    TOTAL_COLLEGE_WEIGHT,
    Abstentions,
    CategoryKind,
    CategorySpec,
    CollegeSpec,
    LegalForm,
    StatutesSpec,
)
from scic.cooperatives.rules.siren import is_siren_valid
from scic.core.periods import add_months
from scic.core.violations import Violation

# --- Checks -------------------------------------------------------------------------------------


def check_categories(categories: Iterable[CategorySpec]) -> list[Violation]:
    """Check the declared categories: three at least, with beneficiaries and employees or producers.

    Rules: R-CAT-1, R-CAT-2 (on declared categories; whether active members fill them is the
    compliance panel's job).
    """
    categories = list(categories)
    kinds = {c.kind for c in categories}
    violations: list[Violation] = []
    if len(categories) < MIN_CATEGORIES:
        violations.append(
            Violation(
                "too_few_categories",
                rule="R-CAT-1",
                params={"count": len(categories), "min": MIN_CATEGORIES},
            )
        )
    if CategoryKind.BENEFICIARY not in kinds:
        violations.append(Violation("no_beneficiary_category", rule="R-CAT-2"))
    if not kinds & {CategoryKind.EMPLOYEE, CategoryKind.PRODUCER}:
        violations.append(Violation("no_employee_or_producer_category", rule="R-CAT-2"))
    return violations


def check_colleges(colleges: Sequence[CollegeSpec]) -> list[Violation]:
    """Check college weights: at least three colleges, each 10–50 % inclusive, summing to 100 %.

    Rules: R-COL-1, R-COL-2, R-COL-3. Weights are exact fractions of 1. Call it only when the
    statutes use colleges: an empty list is refused by R-COL-1.
    """
    violations: list[Violation] = []
    if len(colleges) < MIN_COLLEGES:
        violations.append(
            Violation(
                "too_few_colleges",
                rule="R-COL-1",
                params={"count": len(colleges), "min": MIN_COLLEGES},
            )
        )
    if not colleges:
        return violations
    for college in colleges:
        params = {
            "weight_share": college.weight,
            "min_share": MIN_COLLEGE_WEIGHT,
            "max_share": MAX_COLLEGE_WEIGHT,
        }
        if college.weight < MIN_COLLEGE_WEIGHT:
            violations.append(
                Violation(
                    "college_weight_below_min", rule="R-COL-2", params=params, subject=college.code
                )
            )
        elif college.weight > MAX_COLLEGE_WEIGHT:
            violations.append(
                Violation(
                    "college_weight_above_max", rule="R-COL-2", params=params, subject=college.code
                )
            )
    total = sum((c.weight for c in colleges), Fraction(0))
    if total != TOTAL_COLLEGE_WEIGHT:
        violations.append(
            Violation(
                "college_weights_sum",
                rule="R-COL-3",
                params={"total_share": total, "expected_share": TOTAL_COLLEGE_WEIGHT},
            )
        )
    return violations


def _duplicates(codes: Iterable[str]) -> list[str]:
    counts = Counter(codes)
    return [code for code, n in counts.items() if n > 1]


def check_statutes(spec: StatutesSpec) -> list[Violation]:
    """Check a whole statutes specification and return every violation at once.

    Rules: R-CAT-1, R-CAT-2, R-COL-1 to R-COL-3 (with colleges), R-REV-1, plus the consistency
    of codes, minimum shares, nominal value and governance. The SA legal minimum capital is a
    floor on the capital (R-CAP-3), not a statutes error, so a low ``capital_floor`` passes.
    """
    violations = check_categories(spec.categories)

    violations += [
        Violation("duplicate_category_code", subject=code)
        for code in _duplicates(c.code for c in spec.categories)
    ]
    violations += [
        Violation("duplicate_college_code", subject=code)
        for code in _duplicates(c.code for c in spec.colleges)
    ]

    for category in spec.categories:
        if category.min_shares < 1:
            violations.append(
                Violation(
                    "min_shares_below_one",
                    params={"min_shares": category.min_shares},
                    subject=category.code,
                )
            )

    college_codes = {c.code for c in spec.colleges}
    if spec.colleges:
        violations += check_colleges(spec.colleges)
        used = {c.college for c in spec.categories}
        for category in spec.categories:
            if category.college is None:
                violations.append(Violation("category_without_college", subject=category.code))
        violations += [
            Violation("college_without_category", subject=college.code)
            for college in spec.colleges
            if college.code not in used
        ]
    for category in spec.categories:
        if category.college is not None and category.college not in college_codes:
            violations.append(
                Violation(
                    "unknown_college",
                    params={"college": category.college},
                    subject=category.code,
                )
            )

    if spec.share_value <= 0:
        violations.append(
            Violation("share_value_not_positive", params={"share_value": spec.share_value})
        )
    if spec.capital_floor < 0:
        violations.append(
            Violation("capital_floor_negative", params={"capital_floor": spec.capital_floor})
        )
    allowed = ALLOWED_GOVERNANCE[spec.legal_form]
    if spec.governance not in allowed:
        violations.append(
            Violation(
                "governance_not_allowed",
                params={
                    "governance": spec.governance,
                    "legal_form": spec.legal_form,
                    "allowed": ", ".join(sorted(allowed)),
                },
            )
        )
    if not 1 <= spec.revision_cycle_years <= MAX_REVISION_CYCLE_YEARS:
        violations.append(
            Violation(
                "revision_cycle_out_of_range",
                rule="R-REV-1",
                params={"years": spec.revision_cycle_years, "max": MAX_REVISION_CYCLE_YEARS},
            )
        )
    if spec.reimbursement_delay_years < 0:
        violations.append(
            Violation(
                "reimbursement_delay_negative", params={"years": spec.reimbursement_delay_years}
            )
        )
    if spec.siren is not None and not is_siren_valid(spec.siren):
        violations.append(Violation("invalid_siren", params={"value": spec.siren}, subject="siren"))
    if spec.legal_form is LegalForm.SA and spec.voting.abstentions is not Abstentions.EXCLUDED:
        # DOMAIN.md §5: since loi 2019-744 abstentions are out of the votes cast in an SA.
        violations.append(
            Violation("sa_abstentions_locked", params={"abstentions": spec.voting.abstentions})
        )
    violations += check_assembly_settings(spec.assemblies)
    violations += check_legal_assembly_minimums(spec.legal_form, spec.assemblies)
    violations += check_convocation_delays(spec.legal_form, spec.assemblies)
    return violations


def check_weight_change(
    old: Sequence[CollegeSpec] | None,
    new: Sequence[CollegeSpec],
    decision_ref: str | None,
    effective_on: date | None,
) -> list[Violation]:
    """Refuse a change of colleges or weights without an AGE decision and an effective date.

    Rule: R-COL-7 (colleges and weights are in the statutes; earlier results keep the weights of
    their date). ``old`` is None when the cooperative is being created: nothing to check.
    """
    if old is None:
        return []
    before = {c.code: c.weight for c in old}
    after = {c.code: c.weight for c in new}
    if before == after:
        return []
    violations: list[Violation] = []
    if not (decision_ref or "").strip():
        violations.append(Violation("weight_change_needs_decision", rule="R-COL-7"))
    if effective_on is None:
        violations.append(Violation("weight_change_needs_effective_date", rule="R-COL-7"))
    return violations


#: R-AG-16: months after the decision to publish the legal notice and file the amended statutes.
STATUTES_FILING_MONTHS = 1


def statutes_filing_deadline(decided_on: date) -> date:
    """The last day to publish the notice of the amendment in a legal-announcements journal and
    file the updated statutes with the registry (R-AG-16: one month after the decision)."""
    return add_months(decided_on, STATUTES_FILING_MONTHS)
