"""Pure rules added for the members pages: identity, admission deliberation, uploads, compliance."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from scic.cooperatives.rules import CategoryKind, LegalForm
from scic.core.violations import CheckStatus, sort_checks
from scic.membership.compliance_rules import (
    CategoryFigures,
    CollegeFigures,
    MembershipFigures,
    check_membership,
)
from scic.membership.rules import (
    check_admission_deliberation,
    check_member_identity,
    check_pdf_upload,
)

FULL = (
    CategoryFigures("SAL", CategoryKind.EMPLOYEE, 3),
    CategoryFigures("USA", CategoryKind.BENEFICIARY, 10),
    CategoryFigures("COLL", CategoryKind.LOCAL_AUTHORITY, 1),
)


def figures(**overrides) -> MembershipFigures:
    values = {
        "legal_form": LegalForm.SAS,
        "active_members": 14,
        "categories": FULL,
    }
    values.update(overrides)
    return MembershipFigures(**values)


def statuses(checks, rule: str) -> list[tuple[str, CheckStatus]]:
    return [(c.code, c.status) for c in checks if c.rule == rule]


@pytest.mark.parametrize(
    ("kind", "identity", "codes"),
    [
        pytest.param("person", {"first_name": "Anne"}, [], id="person ok"),
        pytest.param("person", {}, ["first_name_required"], id="person without first name"),
        pytest.param("organisation", {"siren": "912345675"}, [], id="SIREN valid key"),
        pytest.param("organisation", {"siren": "912345676"}, ["invalid_siren"], id="SIREN bad key"),
        pytest.param("local_authority", {"authority_type": "commune"}, [], id="commune"),
        pytest.param("local_authority", {}, ["authority_type_required"], id="authority no type"),
        pytest.param(
            "local_authority",
            {"authority_type": "ville"},
            ["invalid_choice"],
            id="authority unknown type",
        ),
        pytest.param(
            "organisation",
            {"authority_type": "commune"},
            ["value_not_allowed"],
            id="type for a non-authority",
        ),
    ],
)
def test_member_identity(kind, identity, codes):
    assert [v.code for v in check_member_identity(kind, **identity)] == codes


@pytest.mark.parametrize(
    ("dates", "codes"),
    [
        pytest.param([date(2024, 1, 10)], [], id="R-LA-5 enforceable on the day"),
        pytest.param(
            [date(2024, 1, 11)],
            ["deliberation_not_enforceable"],
            id="R-LA-5 enforceable the next day",
        ),
        pytest.param([None], ["no_enforceable_deliberation"], id="R-LA-5 no executory date"),
        pytest.param([], ["no_enforceable_deliberation"], id="R-LA-5 no deliberation"),
        pytest.param([None, date(2023, 5, 1)], [], id="R-LA-5 one of several enforceable"),
    ],
)
def test_admission_deliberation(dates, codes):
    violations = check_admission_deliberation(dates, date(2024, 1, 10))
    assert [v.code for v in violations] == codes
    assert all(v.rule == "R-LA-5" for v in violations)


@pytest.mark.parametrize(
    ("head", "size", "codes"),
    [
        pytest.param(b"%PDF-1.7", 1000, [], id="pdf at the cap"),
        pytest.param(b"%PDF-1.7", 1001, ["deliberation_too_large"], id="pdf one byte over"),
        pytest.param(b"\x89PNG\r\n", 10, ["deliberation_not_pdf"], id="png"),
        pytest.param(b"", 0, ["deliberation_not_pdf"], id="empty"),
    ],
)
def test_pdf_upload(head, size, codes):
    assert [v.code for v in check_pdf_upload(head, size, 1000)] == codes


def test_a_compliant_cooperative_shows_only_ok_lines():
    checks = check_membership(figures())
    assert {c.status for c in checks} == {CheckStatus.PASS}
    assert {c.rule for c in checks} == {"R-CAT-1", "R-CAT-2", "R-CAT-5", "R-LA-5"}


@pytest.mark.parametrize(
    ("categories", "expected"),
    [
        pytest.param(FULL, [("active_categories", CheckStatus.PASS)], id="R-CAT-1 three filled"),
        pytest.param(
            (*FULL[:2], CategoryFigures("COLL", CategoryKind.LOCAL_AUTHORITY, 0)),
            [("active_categories_too_few", CheckStatus.FAIL)],
            id="R-CAT-1 declared but empty category does not count",
        ),
    ],
)
def test_categories_are_counted_on_active_members(categories, expected):
    assert statuses(check_membership(figures(categories=categories)), "R-CAT-1") == (expected)


def test_r_cat_2_after_the_last_employee_leaves():
    categories = (
        CategoryFigures("SAL", CategoryKind.EMPLOYEE, 0),
        *FULL[1:],
        CategoryFigures("SOUT", CategoryKind.SUPPORTER, 2),
    )
    result = statuses(check_membership(figures(categories=categories)), "R-CAT-2")
    assert ("no_active_employee_or_producer", CheckStatus.FAIL) in result
    assert ("active_beneficiary", CheckStatus.PASS) in result


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        pytest.param(89, ("sarl_headcount", CheckStatus.PASS), id="R-CAT-5 89"),
        pytest.param(90, ("sarl_headcount_close", CheckStatus.WARNING), id="R-CAT-5 warn at 90"),
        pytest.param(100, ("sarl_headcount_close", CheckStatus.WARNING), id="R-CAT-5 100 allowed"),
        pytest.param(101, ("sarl_headcount_exceeded", CheckStatus.FAIL), id="R-CAT-5 101"),
    ],
)
def test_sarl_headcount(count, expected):
    checks = check_membership(figures(legal_form=LegalForm.SARL, active_members=count))
    assert statuses(checks, "R-CAT-5") == [expected]


def test_sas_headcount_is_not_limited():
    assert statuses(check_membership(figures(active_members=500)), "R-CAT-5") == [
        ("headcount_not_limited", CheckStatus.PASS)
    ]


@pytest.mark.parametrize(
    ("colleges", "expected"),
    [
        pytest.param(
            (
                CollegeFigures("A", Fraction(1, 2), 3),
                CollegeFigures("B", Fraction(1, 5), 1),
                CollegeFigures("C", Fraction(3, 10), 2),
            ),
            [("college_weights_ok", CheckStatus.PASS)],
            id="R-COL valid and filled",
        ),
        pytest.param(
            (
                CollegeFigures("A", Fraction(1, 2), 3),
                CollegeFigures("B", Fraction(1, 5), 0),
                CollegeFigures("C", Fraction(3, 10), 2),
            ),
            [("college_without_members", CheckStatus.WARNING)],
            id="R-COL-2 empty college",
        ),
        pytest.param(
            (
                CollegeFigures("A", Fraction(3, 5), 3),
                CollegeFigures("B", Fraction(1, 5), 1),
                CollegeFigures("C", Fraction(1, 5), 2),
            ),
            [("college_weight_above_max", CheckStatus.FAIL)],
            id="R-COL-2 over 50",
        ),
    ],
)
def test_college_checks(colleges, expected):
    checks = check_membership(figures(colleges=colleges))
    assert [(c.code, c.status) for c in checks if c.rule.startswith("R-COL")] == expected


def test_missing_representative_names_each_member():
    checks = check_membership(figures(without_representative=("Commune A", "SARL B")))
    assert [(c.subject, c.status) for c in checks if c.rule == "R-LA-5"] == [
        ("Commune A", CheckStatus.FAIL),
        ("SARL B", CheckStatus.FAIL),
    ]


def test_failures_come_first_then_warnings():
    checks = sort_checks(
        check_membership(
            figures(legal_form=LegalForm.SARL, active_members=95, without_representative=("X",))
        )
    )
    assert [c.status for c in checks][:2] == [CheckStatus.FAIL, CheckStatus.WARNING]
    assert {c.status for c in checks[2:]} == {CheckStatus.PASS}
