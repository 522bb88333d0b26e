"""Pure rules added for the members pages: identity, admission deliberation, uploads, compliance."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from scic.cooperatives.rules import CategoryKind, LegalForm
from scic.membership.rules import (
    CategoryFigures,
    CheckStatus,
    CollegeFigures,
    MembershipFigures,
    check_admission_deliberation,
    check_member_identity,
    check_pdf_upload,
    compliance_checks,
    revision_due_on,
)

TODAY = date(2025, 6, 1)
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
        "last_revision_on": date(2023, 1, 1),
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
    checks = compliance_checks(figures(), TODAY)
    assert {c.status for c in checks} == {CheckStatus.OK}
    assert {c.rule for c in checks} >= {"R-CAT-1", "R-CAT-2", "R-LA-5", "R-REV-1"}


@pytest.mark.parametrize(
    ("categories", "expected"),
    [
        pytest.param(FULL, [("active_categories", CheckStatus.OK)], id="R-CAT-1 three filled"),
        pytest.param(
            (*FULL[:2], CategoryFigures("COLL", CategoryKind.LOCAL_AUTHORITY, 0)),
            [("active_categories_too_few", CheckStatus.BREACH)],
            id="R-CAT-1 declared but empty category does not count",
        ),
    ],
)
def test_categories_are_counted_on_active_members(categories, expected):
    assert statuses(compliance_checks(figures(categories=categories), TODAY), "R-CAT-1") == (
        expected
    )


def test_r_cat_2_after_the_last_employee_leaves():
    categories = (
        CategoryFigures("SAL", CategoryKind.EMPLOYEE, 0),
        *FULL[1:],
        CategoryFigures("SOUT", CategoryKind.SUPPORTER, 2),
    )
    result = statuses(compliance_checks(figures(categories=categories), TODAY), "R-CAT-2")
    assert ("no_active_employee_or_producer", CheckStatus.BREACH) in result
    assert ("active_beneficiary", CheckStatus.OK) in result


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        pytest.param(89, ("sarl_headcount", CheckStatus.OK), id="R-CAT-5 89"),
        pytest.param(90, ("sarl_headcount_close", CheckStatus.WARNING), id="R-CAT-5 warn at 90"),
        pytest.param(100, ("sarl_headcount_close", CheckStatus.WARNING), id="R-CAT-5 100 allowed"),
        pytest.param(101, ("sarl_headcount_exceeded", CheckStatus.BREACH), id="R-CAT-5 101"),
    ],
)
def test_sarl_headcount(count, expected):
    checks = compliance_checks(figures(legal_form=LegalForm.SARL, active_members=count), TODAY)
    assert statuses(checks, "R-CAT-5") == [expected]


def test_sas_has_no_headcount_check():
    assert statuses(compliance_checks(figures(active_members=500), TODAY), "R-CAT-5") == []


@pytest.mark.parametrize(
    ("colleges", "expected"),
    [
        pytest.param(
            (
                CollegeFigures("A", Fraction(50), 3),
                CollegeFigures("B", Fraction(20), 1),
                CollegeFigures("C", Fraction(30), 2),
            ),
            [("college_weights_ok", CheckStatus.OK)],
            id="R-COL valid and filled",
        ),
        pytest.param(
            (
                CollegeFigures("A", Fraction(50), 3),
                CollegeFigures("B", Fraction(20), 0),
                CollegeFigures("C", Fraction(30), 2),
            ),
            [("college_without_members", CheckStatus.WARNING)],
            id="R-COL-2 empty college",
        ),
        pytest.param(
            (
                CollegeFigures("A", Fraction(60), 3),
                CollegeFigures("B", Fraction(20), 1),
                CollegeFigures("C", Fraction(20), 2),
            ),
            [("college_weight_above_max", CheckStatus.BREACH)],
            id="R-COL-2 over 50",
        ),
    ],
)
def test_college_checks(colleges, expected):
    checks = compliance_checks(figures(colleges=colleges), TODAY)
    assert [(c.code, c.status) for c in checks if c.rule.startswith("R-COL")] == expected


def test_missing_representative_names_each_member():
    checks = compliance_checks(figures(without_representative=("Commune A", "SARL B")), TODAY)
    assert [(c.subject, c.status) for c in checks if c.rule == "R-LA-5"] == [
        ("Commune A", CheckStatus.BREACH),
        ("SARL B", CheckStatus.BREACH),
    ]


@pytest.mark.parametrize(
    ("last", "expected"),
    [
        pytest.param(
            date(2020, 6, 1), ("revision_due_soon", CheckStatus.WARNING), id="R-REV-1 due today"
        ),
        pytest.param(
            date(2020, 5, 31), ("revision_overdue", CheckStatus.BREACH), id="R-REV-1 one day late"
        ),
        pytest.param(
            date(2020, 11, 28),
            ("revision_due_soon", CheckStatus.WARNING),
            id="R-REV-1 due in 180 days warns",
        ),
        pytest.param(
            date(2020, 11, 29),
            ("revision_ok", CheckStatus.OK),
            id="R-REV-1 due in 181 days is fine",
        ),
    ],
)
def test_revision_due(last, expected):
    assert statuses(compliance_checks(figures(last_revision_on=last), TODAY), "R-REV-1") == [
        expected
    ]


def test_revision_cycle_runs_from_the_creation_without_a_review():
    checks = compliance_checks(figures(last_revision_on=None, founded_on=date(2019, 1, 1)), TODAY)
    assert statuses(checks, "R-REV-1") == [("revision_overdue", CheckStatus.BREACH)]


def test_revision_cycle_is_capped_at_five_years():
    assert revision_due_on(date(2020, 2, 29), 7) == date(2025, 2, 28)
    assert revision_due_on(date(2020, 1, 1), 3) == date(2023, 1, 1)


def test_breaches_come_first():
    checks = compliance_checks(
        figures(legal_form=LegalForm.SARL, active_members=95, without_representative=("X",)), TODAY
    )
    order = [c.status for c in checks]
    assert order == sorted(
        order, key=[CheckStatus.BREACH, CheckStatus.WARNING, CheckStatus.OK].index
    )
