"""Pure membership rules: local authorities, mandates, categories, status, liability."""

from __future__ import annotations

import re
from datetime import date, timedelta
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scic.cooperatives.rules import CategoryKind, LegalForm
from scic.membership.rules import (
    AuthorityType,
    Mandate,
    MemberKind,
    MemberStatus,
    RepresentativeRole,
    allowed_status_transitions,
    can_act_for,
    check_can_act,
    check_member_category,
    check_sarl_headcount,
    check_status_transition,
    counts_toward_la_cap,
    current_representatives,
    is_deliberation_enforceable,
    liability_end_date,
    voting_weight_per_member,
)

MAIN, ALTERNATE, BOARD = (
    RepresentativeRole.MAIN,
    RepresentativeRole.ALTERNATE,
    RepresentativeRole.BOARD_CANDIDATE,
)


@pytest.mark.parametrize(
    ("kind", "authority_type", "counts"),
    [
        pytest.param(MemberKind.LOCAL_AUTHORITY, AuthorityType.COMMUNE, True, id="R-LA-1 commune"),
        pytest.param(MemberKind.LOCAL_AUTHORITY, AuthorityType.EPCI, True, id="R-LA-1 grouping"),
        pytest.param(
            MemberKind.LOCAL_AUTHORITY, AuthorityType.SYNDICAT, True, id="R-LA-1 syndicat"
        ),
        pytest.param(MemberKind.LOCAL_AUTHORITY, AuthorityType.EPT, True, id="R-LA-1 EPT"),
        pytest.param(MemberKind.LOCAL_AUTHORITY, AuthorityType.REGION, True, id="R-LA-1 region"),
        pytest.param(
            MemberKind.OTHER_PUBLIC, None, False, id="R-LA-1 State or hospital is outside the cap"
        ),
        pytest.param(MemberKind.ORGANISATION, None, False, id="R-LA-1 association"),
        pytest.param(MemberKind.PERSON, None, False, id="R-LA-1 person"),
    ],
)
def test_who_counts_toward_the_local_authority_cap(kind, authority_type, counts):
    assert counts_toward_la_cap(kind, authority_type) is counts


@pytest.mark.parametrize(
    ("executory", "on", "enforceable"),
    [
        pytest.param(None, date(2025, 1, 10), False, id="R-LA-5 no executory date"),
        pytest.param(date(2025, 1, 11), date(2025, 1, 10), False, id="R-LA-5 later date"),
        pytest.param(date(2025, 1, 10), date(2025, 1, 10), True, id="R-LA-5 same day"),
        pytest.param(date(2025, 1, 9), date(2025, 1, 10), True, id="R-LA-5 earlier date"),
    ],
)
def test_deliberation_enforceable(executory, on, enforceable):
    assert is_deliberation_enforceable(executory, on) is enforceable


MAYOR = Mandate("Anne Maire", MAIN, date(2020, 7, 1), date(2023, 5, 31), person_id=1)
DEPUTY = Mandate("Paul Adjoint", MAIN, date(2023, 6, 1), date(2026, 3, 15), person_id=2)
ALT = Mandate("Lise Suppléante", ALTERNATE, date(2020, 7, 1), date(2026, 3, 15), person_id=3)
CANDIDATE = Mandate("Marc Candidat", BOARD, date(2020, 7, 1), None, person_id=4)
HISTORY = (MAYOR, DEPUTY, ALT, CANDIDATE)


def test_current_representatives_follow_replacements():
    assert current_representatives(HISTORY, date(2022, 1, 1)) == {
        MAIN: MAYOR,
        ALTERNATE: ALT,
        BOARD: CANDIDATE,
    }
    assert current_representatives(HISTORY, date(2024, 1, 1))[MAIN] == DEPUTY
    assert MAIN not in current_representatives(HISTORY, date(2026, 3, 16))


def test_latest_designation_wins_when_two_overlap():
    replacement = Mandate("Nouveau", MAIN, date(2024, 1, 1), None)
    assert current_representatives((*HISTORY, replacement), date(2024, 6, 1))[MAIN] == replacement


@pytest.mark.parametrize(
    ("mandate", "on", "main_has_voted", "expected"),
    [
        pytest.param(DEPUTY, date(2024, 1, 1), False, [], id="current main acts"),
        pytest.param(DEPUTY, date(2024, 1, 1), True, [], id="main acts whatever the flag says"),
        pytest.param(ALT, date(2024, 1, 1), False, [], id="alternate when the main has not voted"),
        pytest.param(
            ALT,
            date(2024, 1, 1),
            True,
            ["main_representative_has_voted"],
            id="alternate after the main voted",
        ),
        pytest.param(
            MAYOR, date(2024, 1, 1), False, ["mandate_ended"], id="replaced mayor after valid_to"
        ),
        pytest.param(
            DEPUTY,
            date(2026, 3, 16),
            False,
            ["mandate_ended"],
            id="§8 #24 blocked after the council term",
        ),
        pytest.param(DEPUTY, date(2026, 3, 15), False, [], id="valid_to is inclusive"),
        pytest.param(
            DEPUTY, date(2023, 5, 31), False, ["mandate_not_started"], id="before valid_from"
        ),
        pytest.param(
            CANDIDATE,
            date(2024, 1, 1),
            False,
            ["board_candidate_cannot_act"],
            id="board candidate never votes",
        ),
    ],
)
def test_who_may_act_for_the_member(mandate, on, main_has_voted, expected):
    violations = check_can_act(mandate, HISTORY, on, main_has_voted=main_has_voted)
    assert [v.code for v in violations] == expected
    assert can_act_for(mandate, HISTORY, on, main_has_voted=main_has_voted) is (not expected)


def test_superseded_designation_without_end_date_cannot_act():
    old = Mandate("Ancien", MAIN, date(2020, 7, 1), None)
    new = Mandate("Nouveau", MAIN, date(2024, 1, 1), None)
    assert [v.code for v in check_can_act(old, (old, new), date(2024, 2, 1))] == [
        "representative_replaced"
    ]


@pytest.mark.parametrize(
    ("member_kind", "category_kind", "allowed"),
    [
        pytest.param(MemberKind.PERSON, CategoryKind.VOLUNTEER, True, id="R-CAT-3 volunteer"),
        pytest.param(
            MemberKind.ORGANISATION,
            CategoryKind.VOLUNTEER,
            False,
            id="R-CAT-3 volunteer category rejects an organisation",
        ),
        pytest.param(
            MemberKind.LOCAL_AUTHORITY,
            CategoryKind.VOLUNTEER,
            False,
            id="R-CAT-3 volunteer category rejects a commune",
        ),
        pytest.param(MemberKind.PERSON, CategoryKind.EMPLOYEE, True, id="R-CAT-3 employee"),
        pytest.param(
            MemberKind.ORGANISATION, CategoryKind.EMPLOYEE, False, id="R-CAT-3 company employee"
        ),
        pytest.param(
            MemberKind.LOCAL_AUTHORITY,
            CategoryKind.LOCAL_AUTHORITY,
            True,
            id="R-CAT-3 commune in its category",
        ),
        pytest.param(
            MemberKind.LOCAL_AUTHORITY,
            CategoryKind.BENEFICIARY,
            False,
            id="R-CAT-3 commune outside the local-authority category",
        ),
        pytest.param(
            MemberKind.OTHER_PUBLIC,
            CategoryKind.LOCAL_AUTHORITY,
            False,
            id="R-CAT-3 hospital in the local-authority category",
        ),
        pytest.param(
            MemberKind.OTHER_PUBLIC, CategoryKind.OTHER_PUBLIC, True, id="R-CAT-3 public body"
        ),
        pytest.param(
            MemberKind.OTHER_PUBLIC,
            CategoryKind.BENEFICIARY,
            True,
            id="R-CAT-3 any public person may join",
        ),
        pytest.param(
            MemberKind.ORGANISATION, CategoryKind.PRODUCER, True, id="R-CAT-3 producer company"
        ),
        pytest.param(MemberKind.PERSON, CategoryKind.SUPPORTER, True, id="R-CAT-3 supporter"),
    ],
)
def test_member_kind_fits_category(member_kind, category_kind, allowed):
    violations = check_member_category(member_kind, category_kind)
    assert (violations == []) is allowed
    assert all(v.rule == "R-CAT-3" for v in violations)


@pytest.mark.parametrize(
    ("form", "count", "expected"),
    [
        pytest.param(LegalForm.SARL, 100, [], id="R-CAT-5 SARL 100th member"),
        pytest.param(LegalForm.SARL, 101, ["sarl_too_many_members"], id="R-CAT-5 SARL 101st"),
        pytest.param(LegalForm.SA, 5000, [], id="R-CAT-5 SA has no cap"),
        pytest.param(LegalForm.SAS, 101, [], id="R-CAT-5 SAS has no cap"),
    ],
)
def test_sarl_headcount(form, count, expected):
    assert [v.code for v in check_sarl_headcount(form, count)] == expected


@pytest.mark.parametrize(
    ("old", "new", "allowed"),
    [
        pytest.param(MemberStatus.CANDIDATE, MemberStatus.ACTIVE, True, id="admission"),
        pytest.param(MemberStatus.ACTIVE, MemberStatus.WITHDRAWING, True, id="withdrawal notice"),
        pytest.param(MemberStatus.WITHDRAWING, MemberStatus.EXITED, True, id="withdrawal done"),
        pytest.param(MemberStatus.WITHDRAWING, MemberStatus.ACTIVE, True, id="notice taken back"),
        pytest.param(MemberStatus.ACTIVE, MemberStatus.EXCLUDED, True, id="R-EXCL-1 exclusion"),
        pytest.param(MemberStatus.ACTIVE, MemberStatus.STRUCK_OFF, True, id="R-EXCL-2 striking"),
        pytest.param(MemberStatus.ACTIVE, MemberStatus.DECEASED, True, id="death"),
        pytest.param(MemberStatus.DECEASED, MemberStatus.EXITED, True, id="heirs reimbursed"),
        pytest.param(MemberStatus.EXITED, MemberStatus.ACTIVE, False, id="exit is final"),
        pytest.param(MemberStatus.CANDIDATE, MemberStatus.EXCLUDED, False, id="not yet member"),
        pytest.param(MemberStatus.DECEASED, MemberStatus.ACTIVE, False, id="no resurrection"),
        pytest.param(MemberStatus.ACTIVE, MemberStatus.ACTIVE, False, id="no change"),
    ],
)
def test_status_transitions(old, new, allowed):
    violations = check_status_transition(old, new)
    assert (violations == []) is allowed
    assert (new in allowed_status_transitions[old]) is allowed


def test_every_status_has_its_transitions():
    assert set(allowed_status_transitions) == set(MemberStatus)


@pytest.mark.parametrize(
    ("exited_on", "end"),
    [
        pytest.param(date(2024, 6, 30), date(2029, 6, 30), id="R-EXIT-4 five years"),
        pytest.param(date(2024, 2, 29), date(2029, 2, 28), id="R-EXIT-4 29 February"),
        pytest.param(date(2023, 12, 31), date(2028, 12, 31), id="R-EXIT-4 year end"),
    ],
)
def test_liability_end_date(exited_on, end):
    assert liability_end_date(exited_on) == end


@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31)))
def test_liability_lasts_five_years_give_or_take_a_leap_day(exited_on):
    end = liability_end_date(exited_on)
    assert end.year == exited_on.year + 5
    assert timedelta(days=5 * 365) <= end - exited_on <= timedelta(days=5 * 365 + 2)


@pytest.mark.parametrize(
    ("weight", "members", "expected"),
    [
        pytest.param(Fraction(3, 10), 3, Fraction(1, 10), id="R-LA-4 30 % shared by three"),
        pytest.param(Fraction(1, 3), 7, Fraction(1, 21), id="R-CAT-7 exact share"),
        pytest.param(Fraction(1, 2), 1, Fraction(1, 2), id="R-LA-4 a commune alone in its college"),
        pytest.param(Fraction(1, 5), 0, None, id="empty college"),
    ],
)
def test_voting_weight_per_member(weight, members, expected):
    assert voting_weight_per_member(weight, members) == expected


def test_negative_member_count_is_a_programming_error():
    with pytest.raises(ValueError, match="negative"):
        voting_weight_per_member(Fraction(1, 5), -1)


def test_every_emitted_code_has_a_message():
    from scic.cooperatives import messages as shared
    from scic.membership import messages

    root = Path(messages.__file__).parent
    source = (root / "rules.py").read_text() + (root / "csv_format.py").read_text()
    emitted = set(re.findall(r'Violation\(\s*"(\w+)"', source))
    emitted |= set(re.findall(r'self\.problem\(\s*"(\w+)"', source))
    assert len(emitted) > 10, "too few codes found: the check would pass vacuously"
    assert emitted <= set(messages.MESSAGES) | set(shared.MESSAGES)
