"""Membership services against the database: outcomes, audit entries and refusals."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pytest
from sqlalchemy import func, select

from scic.capital.models import ShareMovement
from scic.cooperatives.models import Grant
from scic.core.audit import AuditEntry
from scic.core.db import db
from scic.core.violations import RuleViolation
from scic.membership import queries, services
from scic.membership.models import Member
from tests.fixtures.membership import category_by_code
from tests.violations import codes

ON = date(2024, 1, 10)


def audit_actions(target) -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEntry.action)
            .where(
                AuditEntry.target_type == type(target).__name__, AuditEntry.target_id == target.id
            )
            .order_by(AuditEntry.id)
        )
    )


def rules_of(exc: pytest.ExceptionInfo) -> set[str | None]:
    return {v.rule for v in exc.value.violations}


# --- Candidates and numbers ---------------------------------------------------------------------


def test_member_numbers_are_assigned_per_cooperative(make_cooperative, make_member):
    coop_a, coop_b = make_cooperative(), make_cooperative()
    first, second = make_member(coop_a, admit=False), make_member(coop_a, admit=False)
    other = make_member(coop_b, admit=False)
    assert (first.number, second.number, other.number) == (1, 2, 1)


def test_candidate_is_recorded_with_an_audit_entry(make_cooperative):
    coop = make_cooperative()
    member = services.create_candidate(
        coop,
        services.MemberData(
            kind="person", name="Durand", first_name="Anne", email="Anne@Example.org"
        ),
        category_by_code(coop, "USA"),
        applied_on=ON,
    )
    assert member.status == "candidate"
    assert member.college.code == "USA"
    assert member.sort_name == "durand anne"
    assert member.email == "anne@example.org"
    assert audit_actions(member) == ["member.apply"]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(
            {"kind": "person", "name": "X"}, ["first_name_required"], id="person-no-first"
        ),
        pytest.param(
            {"kind": "organisation", "name": "X", "siren": "912345676"},
            ["invalid_siren"],
            id="siren-luhn",
        ),
        pytest.param(
            {"kind": "local_authority", "name": "X"},
            ["authority_type_required"],
            id="authority-type-missing",
        ),
    ],
)
def test_candidate_identity_is_checked(make_cooperative, data, expected):
    coop = make_cooperative()
    with pytest.raises(RuleViolation) as exc:
        services.create_candidate(
            coop, services.MemberData(**data), category_by_code(coop, "SOUT"), applied_on=ON
        )
    assert codes(exc) == expected
    assert db.session.scalar(select(func.count(Member.id))) == 0


# --- Admission ----------------------------------------------------------------------------------


def test_admission_activates_places_and_audits(make_cooperative, make_member):
    coop = make_cooperative()
    member = make_member(coop, admit=False)
    services.admit_member(member, ON, "CA 2024-01", by=None)
    assert member.status == "active"
    assert member.admitted_on == ON
    assert [(p.valid_from, p.category.code) for p in member.placements] == [(ON, "USA")]
    assert audit_actions(member) == ["member.apply", "member.admit"]


def test_admission_refuses_an_organisation_in_the_employee_category(make_cooperative, make_member):
    coop = make_cooperative()
    member = make_member(coop, kind="organisation", category="SAL", admit=False)
    with pytest.raises(RuleViolation) as exc:
        services.admit_member(member, ON, "CA", by=None)
    assert codes(exc) == ["member_kind_not_allowed_in_category"]
    assert rules_of(exc) == {"R-CAT-3"}
    assert member.status == "candidate"


def add_active_members(coop, count: int) -> None:
    """Insert active members in bulk (a fast stand-in for ``count`` admissions)."""
    category = category_by_code(coop, "USA")
    db.session.add_all(
        Member(
            cooperative_id=coop.id,
            number=1000 + i,
            kind="person",
            name=f"M{i}",
            first_name="A",
            category_id=category.id,
            college_id=category.college_id,
            status="active",
            admitted_on=ON,
        )
        for i in range(count)
    )
    db.session.flush()


def test_admission_of_the_101st_member_of_a_sarl_is_refused(make_cooperative, make_member):
    coop = make_cooperative(legal_form="SARL")
    add_active_members(coop, 100)
    candidate = make_member(coop, admit=False)
    with pytest.raises(RuleViolation) as exc:
        services.admit_member(candidate, ON, "Gérance", by=None)
    assert codes(exc) == ["sarl_too_many_members"]
    assert rules_of(exc) == {"R-CAT-5"}


def test_admission_of_the_100th_member_of_a_sarl_passes(make_cooperative, make_member):
    coop = make_cooperative(legal_form="SARL")
    add_active_members(coop, 99)
    services.admit_member(make_member(coop, admit=False), ON, "Gérance", by=None)
    assert queries.active_counts_by_category(coop)[category_by_code(coop, "USA").id] == 100


def test_admission_needs_a_decision_reference(make_cooperative, make_member):
    member = make_member(make_cooperative(), admit=False)
    with pytest.raises(RuleViolation) as exc:
        services.admit_member(member, ON, "  ", by=None)
    assert codes(exc) == ["decision_ref_required"]


@pytest.mark.parametrize(
    ("executory_on", "expected"),
    [
        pytest.param(None, ["no_enforceable_deliberation"], id="R-LA-5 no executory date"),
        pytest.param(
            ON + timedelta(days=1),
            ["deliberation_not_enforceable"],
            id="R-LA-5 enforceable the day after",
        ),
        pytest.param(ON, [], id="R-LA-5 enforceable that day"),
    ],
)
def test_local_authority_admission_needs_an_enforceable_deliberation(
    make_cooperative, make_member, executory_on, expected
):
    member = make_member(make_cooperative(), kind="local_authority", admit=False)
    services.record_deliberation(
        member, reference="D-1", adopted_on=ON - timedelta(days=20), executory_on=executory_on
    )
    if expected:
        with pytest.raises(RuleViolation) as exc:
            services.admit_member(member, ON, "CA", by=None)
        assert codes(exc) == expected
    else:
        services.admit_member(member, ON, "CA", by=None)
        assert member.status == "active"


def test_refused_candidate_leaves_and_cannot_be_admitted(make_cooperative, make_member):
    member = make_member(make_cooperative(), admit=False)
    services.refuse_candidate(member, ON, "Hors du territoire", by=None)
    assert (member.status, member.refused_on, member.refusal_reason) == (
        "exited",
        ON,
        "Hors du territoire",
    )
    with pytest.raises(RuleViolation) as exc:
        services.admit_member(member, ON, "CA", by=None)
    assert "not_a_candidate" in codes(exc)
    assert audit_actions(member) == ["member.apply", "member.refuse"]


# --- Edits, status, consent, category -----------------------------------------------------------


def test_update_member_records_before_and_after(make_cooperative, make_member):
    member = make_member(make_cooperative(), name="Martin")
    services.update_member(
        member, {"name": "Martin-Roux", "phone": "0102030405"}, member.version, by=None
    )
    db.session.flush()
    assert member.sort_name == "martin-roux jeanne"
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "member.update")).one()
    assert entry.data["before"] == {"name": "Martin", "phone": ""}
    assert entry.data["after"] == {"name": "Martin-Roux", "phone": "0102030405"}


def test_update_with_a_stale_version_is_refused_and_changes_nothing(make_cooperative, make_member):
    member = make_member(make_cooperative(), name="Martin")
    loaded_version = member.version
    services.update_member(member, {"name": "First edit"}, loaded_version, by=None)
    db.session.flush()
    with pytest.raises(RuleViolation) as exc:
        services.update_member(member, {"name": "Second edit"}, loaded_version, by=None)
    assert codes(exc) == ["stale_member"]
    assert member.name == "First edit"


def test_exit_sets_the_liability_end_five_years_later(make_cooperative, make_member):
    member = make_member(make_cooperative())
    services.change_status(member, "withdrawing", date(2025, 6, 1), by=None)
    services.change_status(member, "exited", date(2025, 12, 31), by=None, decision_ref="CA 2026-01")
    assert member.liability_end_date == date(2030, 12, 31)
    assert audit_actions(member)[-2:] == ["member.status", "member.status"]


@pytest.mark.parametrize(
    ("start", "new", "expected"),
    [
        pytest.param("candidate", "active", "use_admission", id="candidate-through-admission"),
        pytest.param("exited", "active", "status_transition_not_allowed", id="exited-is-final"),
    ],
)
def test_status_changes_outside_the_life_cycle_are_refused(
    make_cooperative, make_member, start, new, expected
):
    member = make_member(make_cooperative(), admit=False)
    if start == "exited":
        services.refuse_candidate(member, ON, "x", by=None)
    with pytest.raises(RuleViolation) as exc:
        services.change_status(member, new, ON, by=None)
    assert codes(exc) == [expected]


def test_econvocation_consent_is_dated_and_can_be_withdrawn(make_cooperative, make_member):
    member = make_member(make_cooperative())
    services.record_econvocation_consent(member, date(2024, 2, 1))
    assert member.econvocation_consent_on == date(2024, 2, 1)
    services.record_econvocation_consent(member, None)
    assert member.econvocation_consent_on is None
    assert audit_actions(member).count("member.econvocation_consent") == 2


def test_category_change_is_dated_and_keeps_history(make_cooperative, make_member):
    coop = make_cooperative()
    member = make_member(coop, category="USA")
    services.change_category(member, category_by_code(coop, "SAL"), date(2024, 6, 1), by=None)
    assert member.college.code == "TRAV"
    assert [(p.valid_from, p.category.code) for p in member.placements] == [
        (ON, "USA"),
        (date(2024, 6, 1), "SAL"),
    ]


def test_category_change_refuses_an_ineligible_kind_and_a_backdated_move(
    make_cooperative, make_member
):
    coop = make_cooperative()
    member = make_member(coop, kind="organisation")
    with pytest.raises(RuleViolation) as exc:
        services.change_category(
            member, category_by_code(coop, "SAL"), ON - timedelta(days=1), by=None
        )
    assert codes(exc) == ["member_kind_not_allowed_in_category", "placement_before_previous"]


# --- Deliberations ------------------------------------------------------------------------------


def test_assumed_executory_date_is_listed_until_confirmed(make_cooperative, make_member):
    coop = make_cooperative()
    member = make_member(coop, kind="local_authority", admit=False)
    deliberation = services.record_deliberation(
        member,
        reference="2023-45",
        adopted_on=date(2023, 11, 2),
        executory_on=date(2023, 11, 10),
        executory_assumed=True,
    )
    assert queries.assumed_deliberations(coop) == [deliberation]
    services.confirm_executory_date(deliberation, date(2023, 11, 15))
    assert queries.assumed_deliberations(coop) == []
    assert deliberation.executory_on == date(2023, 11, 15)
    assert audit_actions(deliberation) == ["deliberation.record", "deliberation.confirm"]


def test_deliberation_enforceability_follows_its_executory_date(make_cooperative, make_member):
    member = make_member(make_cooperative(), kind="local_authority", admit=False)
    services.record_deliberation(
        member, reference="D", adopted_on=date(2024, 3, 1), executory_on=date(2024, 3, 12)
    )
    assert not services.member_deliberation_enforceable(member, date(2024, 3, 11))
    assert services.member_deliberation_enforceable(member, date(2024, 3, 12))


def test_deliberation_refusals(make_cooperative, make_member):
    coop = make_cooperative()
    person = make_member(coop)
    with pytest.raises(RuleViolation) as exc:
        services.record_deliberation(
            person, reference="D", adopted_on=ON, executory_on=ON - timedelta(days=1)
        )
    assert codes(exc) == [
        "deliberation_for_local_authorities_only",
        "executory_before_deliberation",
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(b"GIF89a not a pdf", ["deliberation_not_pdf"], id="wrong-type"),
        pytest.param(b"%PDF-1.7" + b"x" * 2000, ["deliberation_too_large"], id="too-large"),
        pytest.param(b"", ["deliberation_not_pdf"], id="empty"),
    ],
)
def test_deliberation_document_is_checked(
    make_cooperative, make_member, tmp_path, content, expected
):
    member = make_member(make_cooperative(), kind="local_authority")
    deliberation = member.deliberations[0]
    with pytest.raises(RuleViolation) as exc:
        services.attach_deliberation_document(
            deliberation, content, upload_dir=tmp_path / "uploads", max_bytes=1000
        )
    assert codes(exc) == expected
    assert not (tmp_path / "uploads").exists()


def test_deliberation_document_is_stored(make_cooperative, make_member, tmp_path):
    member = make_member(make_cooperative(), kind="local_authority")
    deliberation = member.deliberations[0]
    services.attach_deliberation_document(
        deliberation, b"%PDF-1.4 hello", upload_dir=tmp_path, max_bytes=1000
    )
    assert (tmp_path / deliberation.document_name).read_bytes() == b"%PDF-1.4 hello"


# --- Mandates -----------------------------------------------------------------------------------


def test_mandate_ends_with_the_council_term_by_default(make_cooperative, make_member):
    member = make_member(make_cooperative(), kind="local_authority")
    mandate = services.designate_representative(
        member, "Paul Maire", "main", date(2024, 2, 1), deliberation=member.deliberations[0]
    )
    assert mandate.valid_to == date(2026, 3, 15)
    assert mandate.designation_ref == member.deliberations[0].reference


@pytest.mark.parametrize(
    ("authority_type", "valid_from", "valid_to"),
    [
        pytest.param("epci", date(2020, 9, 1), date(2026, 3, 15), id="§8 #24 EPCI: municipal"),
        pytest.param(
            "departement",
            date(2015, 4, 2),
            date(2021, 6, 20),
            id="§8 #24 département: departmental",
        ),
        pytest.param(
            "departement",
            date(2021, 7, 1),
            None,
            id="§8 #24 département since 2021: not at the municipal elections",
        ),
        pytest.param("region", date(2016, 1, 4), date(2021, 6, 20), id="§8 #24 région: regional"),
    ],
)
def test_mandate_ends_with_the_term_of_its_own_council(
    make_cooperative, make_member, authority_type, valid_from, valid_to
):
    member = make_member(make_cooperative(), kind="local_authority", authority_type=authority_type)
    mandate = services.designate_representative(member, "Anne Élue", "main", valid_from)
    assert mandate.valid_to == valid_to


def test_replacement_closes_the_current_mandate_without_share_movement(
    make_cooperative, make_member, make_user
):
    coop = make_cooperative()
    member = make_member(coop, kind="local_authority")
    first = services.designate_representative(member, "Paul", "main", date(2024, 2, 1))
    alternate = services.designate_representative(member, "Alice", "alternate", date(2024, 2, 1))
    user = make_user("claire@example.org")
    second = services.designate_representative(
        member, "Claire", "main", date(2024, 9, 1), email="claire@example.org", user=user
    )
    assert first.valid_to == date(2024, 8, 31)
    assert alternate.valid_to == date(2026, 3, 15)  # another role is untouched
    assert second.user_id == user.id
    assert db.session.scalar(select(Grant.role).where(Grant.user_id == user.id)) == (
        "representative"
    )
    assert db.session.scalar(select(func.count(ShareMovement.id))) == 0
    entry = db.session.scalars(
        select(AuditEntry)
        .where(AuditEntry.action == "mandate.designate")
        .order_by(AuditEntry.id.desc())
    ).first()
    assert entry.data["closed"] == [first.id]


def test_mandate_refusals(make_cooperative, make_member):
    coop = make_cooperative()
    person = make_member(coop)
    with pytest.raises(RuleViolation) as exc:
        services.designate_representative(person, "X", "main", ON)
    assert codes(exc) == ["representative_for_legal_persons_only"]

    authority = make_member(coop, kind="local_authority", admit=False)
    late = services.record_deliberation(
        authority, reference="D", adopted_on=ON, executory_on=ON + timedelta(days=10)
    )
    with pytest.raises(RuleViolation) as exc:
        services.designate_representative(authority, "X", "main", ON, deliberation=late)
    assert codes(exc) == ["mandate_before_executory_date"]

    services.designate_representative(authority, "X", "main", date(2024, 5, 1))
    with pytest.raises(RuleViolation) as exc:
        services.designate_representative(authority, "Y", "main", date(2024, 4, 1))
    assert codes(exc) == ["mandate_starts_before_current"]


def test_lapsed_mandate_leaves_the_authority_without_representative(make_cooperative, make_member):
    coop = make_cooperative()
    member = make_member(coop, kind="local_authority")
    services.designate_representative(member, "Paul", "main", date(2024, 2, 1))
    assert queries.without_representative(coop, date(2026, 3, 15)) == []
    assert queries.without_representative(coop, date(2026, 3, 16)) == [member]


# --- Voting weight and compliance ---------------------------------------------------------------


def test_voting_weight_is_the_college_weight_shared_among_its_members(
    make_cooperative, make_member
):
    coop = make_cooperative()  # TRAV 50, USA 20, PUB 30
    workers = [make_member(coop, category="SAL") for _ in range(4)]
    make_member(coop, category="SAL", admit=False)  # a candidate does not vote
    assert queries.member_voting_weight(workers[0], ON) == Fraction(1, 8)
    table = {row.college.code: row for row in queries.college_table(coop, ON)}
    assert (table["TRAV"].members, table["TRAV"].per_member) == (4, Fraction(1, 8))
    assert table["USA"].per_member is None
