"""Pure statutes rules: categories, colleges, defaults per legal form, SIREN (no fixtures)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scic.cooperatives.rules import (
    Abstentions,
    CategoryKind,
    CategorySpec,
    CollegeSpec,
    Governance,
    LegalForm,
    Majority,
    StatutesSpec,
    check_categories,
    check_colleges,
    check_statutes,
    check_weight_change,
    default_assembly_settings,
    default_governance,
    default_voting,
    is_siren_valid,
    siren_key,
)
from scic.core.percent import from_percent
from tests.violations import codes

E, B, P, V, LA, S = (
    CategoryKind.EMPLOYEE,
    CategoryKind.BENEFICIARY,
    CategoryKind.PRODUCER,
    CategoryKind.VOLUNTEER,
    CategoryKind.LOCAL_AUTHORITY,
    CategoryKind.SUPPORTER,
)


def categories(*kinds: CategoryKind) -> list[CategorySpec]:
    return [CategorySpec(f"C{i}", f"Category {i}", kind) for i, kind in enumerate(kinds)]


def colleges(*weights: str) -> list[CollegeSpec]:
    return [CollegeSpec(f"K{i}", f"College {i}", from_percent(w)) for i, w in enumerate(weights)]


def spec(**overrides: object) -> StatutesSpec:
    form = LegalForm(overrides.pop("legal_form", LegalForm.SAS))
    base = StatutesSpec(
        slug="velo-vallee",
        name="Vélo Vallée",
        legal_form=form,
        governance=default_governance(form),
        share_value=Decimal("50.00"),
        categories=(
            CategorySpec("SAL", "Salariés", E, 2, "TRAV"),
            CategorySpec("USA", "Usagers", B, 1, "USA"),
            CategorySpec("COLL", "Collectivités", LA, 10, "PUB"),
        ),
        colleges=(
            CollegeSpec("TRAV", "Travailleurs", Fraction(3, 10)),
            CollegeSpec("USA", "Usagers", Fraction(2, 5)),
            CollegeSpec("PUB", "Public", Fraction(3, 10)),
        ),
        voting=default_voting(form),
        assemblies=default_assembly_settings(form),
    )
    return replace(base, **overrides)


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        pytest.param((E, B, S), [], id="R-CAT-1 three categories with employees and beneficiaries"),
        pytest.param((P, B, V), [], id="R-CAT-2 producers replace employees"),
        pytest.param((E, B), ["too_few_categories"], id="R-CAT-1 two categories"),
        pytest.param(
            (),
            ["too_few_categories", "no_beneficiary_category", "no_employee_or_producer_category"],
            id="R-CAT-1 R-CAT-2 no category at all",
        ),
        pytest.param((E, S, LA), ["no_beneficiary_category"], id="R-CAT-2 no beneficiaries"),
        pytest.param(
            (B, S, V), ["no_employee_or_producer_category"], id="R-CAT-2 no employees or producers"
        ),
    ],
)
def test_declared_categories(kinds, expected):
    violations = check_categories(categories(*kinds))
    assert codes(violations) == expected
    assert all(v.rule in {"R-CAT-1", "R-CAT-2"} for v in violations)


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        pytest.param(("50", "20", "30"), [], id="R-COL-2 valid"),
        pytest.param(("50", "40", "10"), [], id="R-COL-2 bounds 10 and 50 inclusive"),
        pytest.param(("100/3", "100/3", "100/3"), [], id="R-COL-4 equal thirds are exact"),
        pytest.param(("10",) * 10, [], id="R-COL-2 ten colleges at 10"),
        pytest.param(
            ("55", "25", "20"), ["college_weight_above_max"], id="R-COL-2 over 50 is refused"
        ),
        pytest.param(("50", "41", "9"), ["college_weight_below_min"], id="R-COL-2 under 10"),
        pytest.param(
            ("50", "50"), ["too_few_colleges"], id="R-COL-1 two colleges, even at 50 each"
        ),
        pytest.param(("30", "30", "30"), ["college_weights_sum"], id="R-COL-3 sum 90"),
        pytest.param(
            ("33.33", "33.33", "33.33"), ["college_weights_sum"], id="R-COL-3 rounded thirds"
        ),
        pytest.param(
            ("501/10", "40", "99/10"),
            ["college_weight_above_max", "college_weight_below_min"],
            id="R-COL-2 just outside both bounds",
        ),
        pytest.param((), ["too_few_colleges"], id="R-COL-1 empty list"),
    ],
)
def test_college_weights(weights, expected):
    assert codes(check_colleges(colleges(*weights))) == expected


def test_college_violation_names_the_college_and_rule():
    (violation,) = check_colleges(colleges("50", "41", "9"))
    assert violation.subject == "K2"
    assert violation.rule == "R-COL-2"
    assert violation.params["weight_share"] == Fraction(9, 100)


def test_college_weight_sum_reports_exact_total():
    (violation,) = check_colleges(colleges("30", "30", "30"))
    assert violation.rule == "R-COL-3"
    assert violation.params["total_share"] == Fraction(9, 10)


@pytest.mark.parametrize(
    ("form", "governance", "abstentions", "ago", "age", "days"),
    [
        pytest.param(
            LegalForm.SA,
            Governance.BOARD,
            Abstentions.EXCLUDED,
            (Fraction(1, 5), Fraction(0), Majority.SIMPLE),
            (Fraction(1, 4), Fraction(1, 5), Majority.TWO_THIRDS),
            (15, 10),
            id="SA L225-96 L225-98 R225-69",
        ),
        pytest.param(
            LegalForm.SAS,
            Governance.PRESIDENT,
            Abstentions.EXCLUDED,
            (Fraction(1, 5), Fraction(0), Majority.SIMPLE),
            (Fraction(1, 4), Fraction(1, 5), Majority.TWO_THIRDS),
            (15, 10),
            id="SAS mirrors SA (§8 #8)",
        ),
        pytest.param(
            LegalForm.SARL,
            Governance.MANAGER,
            Abstentions.AS_AGAINST,
            (Fraction(0), Fraction(0), Majority.SARL_TWO_STEP),
            (Fraction(1, 4), Fraction(1, 5), Majority.TWO_THIRDS),
            (15, 15),
            id="SARL L223-29 L223-30 R223-20",
        ),
    ],
)
def test_defaults_per_legal_form(form, governance, abstentions, ago, age, days):
    settings = default_assembly_settings(form)
    assert default_governance(form) is governance
    assert default_voting(form).abstentions is abstentions
    ordinary, extraordinary = settings.ordinary, settings.extraordinary
    assert (ordinary.quorum_first, ordinary.quorum_second, ordinary.majority) == ago
    assert (extraordinary.quorum_first, extraordinary.quorum_second, extraordinary.majority) == age
    assert (settings.convocation_days_first, settings.convocation_days_second) == days
    assert settings.proxies_max_per_holder is None
    assert settings.fully_remote_allowed is False


def test_valid_statutes_pass():
    assert check_statutes(spec()) == []


def test_statutes_without_colleges_pass():
    no_colleges = tuple(replace(c, college=None) for c in spec().categories)
    assert check_statutes(spec(colleges=(), categories=no_colleges)) == []


def _category(code: str, college: str | None, min_shares: int = 1) -> CategorySpec:
    return CategorySpec(code, code, CategoryKind.SUPPORTER, min_shares, college)


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        pytest.param(
            {"colleges": ()},
            [("unknown_college", "SAL"), ("unknown_college", "USA"), ("unknown_college", "COLL")],
            id="no colleges yet categories name one",
        ),
        pytest.param(
            {"categories": (*spec().categories, _category("SOUT", "NOPE"))},
            [("unknown_college", "SOUT")],
            id="category names an unknown college",
        ),
        pytest.param(
            {"categories": (*spec().categories, _category("SOUT", None))},
            [("category_without_college", "SOUT")],
            id="category without college while colleges are used",
        ),
        pytest.param(
            {"categories": (*spec().categories[:2], _category("SOUT", "USA"))},
            [("college_without_category", "PUB")],
            id="college that no category joins",
        ),
        pytest.param(
            {"categories": (*spec().categories, _category("SAL", "TRAV"))},
            [("duplicate_category_code", "SAL")],
            id="duplicate category code",
        ),
        pytest.param(
            {
                "colleges": (
                    CollegeSpec("TRAV", "T", Fraction(3, 10)),
                    CollegeSpec("USA", "U", Fraction(1, 5)),
                    CollegeSpec("PUB", "P", Fraction(3, 10)),
                    CollegeSpec("USA", "U2", Fraction(1, 5)),
                )
            },
            [("duplicate_college_code", "USA")],
            id="duplicate college code",
        ),
        pytest.param(
            {"categories": (*spec().categories, _category("SOUT", "USA", 0))},
            [("min_shares_below_one", "SOUT")],
            id="minimum shares below one",
        ),
        pytest.param(
            {"share_value": Decimal("0")},
            [("share_value_not_positive", None)],
            id="share value zero",
        ),
        pytest.param(
            {"governance": Governance.MANAGER},
            [("governance_not_allowed", None)],
            id="SAS run by a manager",
        ),
        pytest.param(
            {"revision_cycle_years": 6},
            [("revision_cycle_out_of_range", None)],
            id="R-REV-1 cycle over five years",
        ),
        pytest.param(
            {"siren": "912345676"}, [("invalid_siren", "siren")], id="SIREN with a wrong key"
        ),
    ],
)
def test_statutes_consistency(overrides, expected):
    assert [(v.code, v.subject) for v in check_statutes(spec(**overrides))] == expected


def test_sa_capital_floor_below_legal_minimum_is_not_a_statutes_error():
    sa = spec(legal_form=LegalForm.SA, capital_floor=Decimal("1000"))
    assert check_statutes(sa) == []


def test_sa_abstentions_are_locked_to_excluded():
    sa = spec(legal_form=LegalForm.SA)
    sa = replace(sa, voting=replace(sa.voting, abstentions=Abstentions.AS_AGAINST))
    assert codes(check_statutes(sa)) == ["sa_abstentions_locked"]


def test_sa_convocation_delay_below_legal_minimum():
    sa = spec(legal_form=LegalForm.SA)
    sa = replace(sa, assemblies=replace(sa.assemblies, convocation_days_second=9))
    (violation,) = check_statutes(sa)
    assert violation.code == "convocation_days_below_legal_minimum"
    assert violation.subject == "assemblies.convocation_days.second"


def test_sas_convocation_delay_is_free():
    sas = spec()
    sas = replace(sas, assemblies=replace(sas.assemblies, convocation_days_first=8))
    assert check_statutes(sas) == []


def test_all_legal_violations_are_reported_at_once():
    bad = spec(
        categories=(CategorySpec("SOUT", "Soutiens", S, 1, "A"),),
        colleges=(CollegeSpec("A", "A", Fraction(3, 5)), CollegeSpec("B", "B", Fraction(1, 20))),
    )
    found = [(v.code, v.rule) for v in check_statutes(bad)]
    assert found == [
        ("too_few_categories", "R-CAT-1"),
        ("no_beneficiary_category", "R-CAT-2"),
        ("no_employee_or_producer_category", "R-CAT-2"),
        ("too_few_colleges", "R-COL-1"),
        ("college_weight_above_max", "R-COL-2"),
        ("college_weight_below_min", "R-COL-2"),
        ("college_weights_sum", "R-COL-3"),
        ("college_without_category", None),
    ]


@pytest.mark.parametrize(
    ("new", "decision", "effective", "expected"),
    [
        pytest.param(("30", "40", "30"), None, None, [], id="R-COL-7 same weights need nothing"),
        pytest.param(
            ("40", "30", "30"),
            "AGE 2025-06-12, résolution 4",
            date(2025, 7, 1),
            [],
            id="R-COL-7 change with decision and date",
        ),
        pytest.param(
            ("40", "30", "30"),
            "  ",
            date(2025, 7, 1),
            ["weight_change_needs_decision"],
            id="R-COL-7 change without decision",
        ),
        pytest.param(
            ("40", "30", "30"),
            "AGE 2025-06-12",
            None,
            ["weight_change_needs_effective_date"],
            id="R-COL-7 change without effective date",
        ),
        pytest.param(
            ("30", "40", "20", "10"),
            None,
            None,
            ["weight_change_needs_decision", "weight_change_needs_effective_date"],
            id="R-COL-7 new college",
        ),
    ],
)
def test_weight_change_needs_an_extraordinary_decision(new, decision, effective, expected):
    old = colleges("30", "40", "30")
    violations = check_weight_change(old, colleges(*new), decision, effective)
    assert codes(violations) == expected
    assert all(v.rule == "R-COL-7" for v in violations)


def test_first_statutes_need_no_decision():
    assert check_weight_change(None, colleges("30", "40", "30"), None, None) == []


@pytest.mark.parametrize(
    ("siren", "valid"),
    [
        pytest.param("912345675", True, id="FORMATS example"),
        pytest.param("732829320", True, id="real SIREN"),
        pytest.param("356000000", True, id="La Poste"),
        pytest.param("912345676", False, id="wrong key"),
        pytest.param("91234567", False, id="eight digits"),
        pytest.param("9123456750", False, id="ten digits"),
        pytest.param("912 345 675", False, id="spaces"),
        pytest.param("٩١٢٣٤٥٦٧٥", False, id="non-ASCII digits"),
        pytest.param("", False, id="empty"),
    ],
)
def test_siren_luhn_key(siren, valid):
    assert is_siren_valid(siren) is valid


@given(st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_siren_key_completes_any_eight_digits(first_eight):
    key = siren_key(first_eight)
    assert is_siren_valid(first_eight + str(key))
    others = [d for d in range(10) if d != key]
    assert not any(is_siren_valid(first_eight + str(d)) for d in others)


@given(
    st.text(alphabet="0123456789", min_size=8, max_size=8),
    st.integers(0, 8),
    st.integers(1, 9),
)
def test_changing_one_siren_digit_breaks_the_key(first_eight, position, shift):
    siren = first_eight + str(siren_key(first_eight))
    digit = (int(siren[position]) + shift) % 10
    altered = siren[:position] + str(digit) + siren[position + 1 :]
    assert is_siren_valid(siren)
    assert not is_siren_valid(altered)


def test_every_emitted_code_has_a_message():
    from scic.cooperatives import messages

    root = Path(messages.__file__).parent
    paths = [*sorted((root / "rules").glob("*.py")), root / "statutes_format.py"]
    source = "".join(path.read_text() for path in paths)
    emitted = set(re.findall(r'Violation\(\s*"(\w+)"', source))
    emitted |= set(re.findall(r'"(invalid_\w+)"', source))
    assert emitted, "no code found: the check would pass vacuously"
    assert emitted <= set(messages.MESSAGES)


# --- Legal minimums of quorums and majorities (R-AG-11, R-AG-12) -------------------------------


def with_assemblies(form: LegalForm, kind: str, **changes: object) -> StatutesSpec:
    statutes = spec(legal_form=form)
    part = replace(getattr(statutes.assemblies, kind), **changes)
    return replace(statutes, assemblies=replace(statutes.assemblies, **{kind: part}))


@pytest.mark.parametrize(
    ("form", "kind", "changes", "expected"),
    [
        pytest.param(
            LegalForm.SA,
            "ordinary",
            {"quorum_first": Fraction(1, 10)},
            [("R-AG-11", "assemblies.ordinary.quorum_first")],
            id="R-AG-11 SA AGO 1/10 refused",
        ),
        pytest.param(
            LegalForm.SA,
            "ordinary",
            {"quorum_first": Fraction(1, 5)},
            [],
            id="R-AG-11 SA AGO exactly 1/5",
        ),
        pytest.param(
            LegalForm.SA,
            "ordinary",
            {"quorum_first": Fraction(1, 3)},
            [],
            id="R-AG-11 SA AGO raised to 1/3",
        ),
        pytest.param(
            LegalForm.SA,
            "extraordinary",
            {"quorum_second": Fraction(19, 100)},
            [("R-AG-11", "assemblies.extraordinary.quorum_second")],
            id="R-AG-11 SA AGE second call 19 %",
        ),
        pytest.param(
            LegalForm.SARL,
            "extraordinary",
            {"quorum_first": Fraction(1, 5)},
            [("R-AG-11", "assemblies.extraordinary.quorum_first")],
            id="R-AG-11 SARL AGE first call 1/5",
        ),
        pytest.param(
            LegalForm.SARL,
            "extraordinary",
            {"quorum_first": Fraction(1, 4)},
            [],
            id="R-AG-11 SARL AGE exactly 1/4",
        ),
        pytest.param(
            LegalForm.SARL,
            "ordinary",
            {"quorum_first": Fraction(0)},
            [],
            id="R-AG-11 SARL AGO no quorum",
        ),
        pytest.param(
            LegalForm.SA,
            "extraordinary",
            {"majority": Majority.SIMPLE},
            [("R-AG-12", "assemblies.extraordinary.majority")],
            id="R-AG-12 SA AGE simple",
        ),
        pytest.param(
            LegalForm.SARL,
            "extraordinary",
            {"majority": Majority.SIMPLE},
            [("R-AG-12", "assemblies.extraordinary.majority")],
            id="R-AG-12 SARL AGE simple",
        ),
        pytest.param(
            LegalForm.SARL,
            "extraordinary",
            {"majority": Majority.THREE_QUARTERS},
            [],
            id="R-AG-12 SARL AGE raised to 3/4",
        ),
        pytest.param(
            LegalForm.SARL,
            "ordinary",
            {"majority": Majority.SIMPLE},
            [],
            id="R-AG-12 SARL AGO simple threshold",
        ),
        pytest.param(
            LegalForm.SAS,
            "ordinary",
            {"quorum_first": Fraction(1, 10)},
            [],
            id="R-AG-11 SAS free quorum",
        ),
        pytest.param(
            LegalForm.SAS,
            "extraordinary",
            {"majority": Majority.SIMPLE},
            [],
            id="R-AG-12 SAS free majority",
        ),
    ],
)
def test_statutes_never_lower_the_legal_quorum_or_majority(form, kind, changes, expected):
    violations = check_statutes(with_assemblies(form, kind, **changes))

    assert [(v.rule, v.subject) for v in violations] == expected


def test_legal_defaults_pass_the_legal_minimums():
    for form in LegalForm:
        assert check_statutes(spec(legal_form=form)) == []
