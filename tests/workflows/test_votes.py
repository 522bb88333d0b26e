"""Opening and closing votes through the workflows: quorum first (R-AG-11), legal-form majorities
(R-AG-12), an adopted exclusion recorded in the ledger (R-EXCL-1), the export re-tallied (R-TAL-4).
End to end against the database, without spies."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pytest
from sqlalchemy import select

from scic.assemblies import queries as assembly_queries
from scic.capital.models import ShareMovement, WithdrawalRequest
from scic.capital.queries import holdings_at
from scic.core.db import db
from scic.core.violations import RuleViolation
from scic.voting import services
from scic.voting.tally_format import read_tally, result_to_json, tally_all
from scic.workflows import quorum, votes
from tests.fixtures.voting import NOW, SESSION_START, attend


def draft(assembly, **kwargs):
    return services.create_resolution(assembly, title=kwargs.pop("title", "Comptes"), **kwargs)


def in_room(resolution, members, choice):
    """Members recorded present (R-AG-13), then their choices given in the room."""
    recorded = assembly_queries.attendance_entries(resolution.assembly)
    attend(resolution.assembly, *(m for m in members if m.id not in recorded))
    for member in members:
        services.cast_ballot(resolution, member, choice, now=NOW, secretary=True)


def test_a_vote_cannot_open_without_its_quorum(scenario, voting_member):
    # 6 members of the scenario and 9 more: 15. SAS statutes by default as SA: 1/5 → 3 needed.
    extra = [voting_member(scenario.cooperative, "USA") for _ in range(9)]
    scenario.assembly.type = "ordinary"
    resolution = draft(scenario.assembly)

    with pytest.raises(RuleViolation) as refused:
        votes.open_vote(resolution, now=NOW)

    (violation,) = refused.value.violations
    assert (violation.code, violation.rule) == ("vote_quorum_not_reached", "R-AG-11")
    assert violation.params == {"missing": 3, "required": 3, "participants": 0}
    assert resolution.status == "draft"
    # A postal form and a vote through the link on another resolution make members take part.
    other = draft(scenario.assembly, title="Autre")
    services.open_vote(other, now=NOW)  # the service alone: the quorum is the workflow's
    services.cast_ballot(
        other,
        extra[0],
        "for",
        now=NOW,
        secretary=True,
        channel="correspondence",
        received_at=SESSION_START - timedelta(days=3),
    )
    services.cast_ballot(
        other, scenario.usa[0], "for", now=NOW, by=scenario.users[scenario.usa[0].id]
    )
    with pytest.raises(RuleViolation) as refused:
        votes.open_vote(resolution, now=NOW)
    assert refused.value.violations[0].params["missing"] == 1
    in_room(other, [scenario.trav[0]], "for")

    votes.open_vote(resolution, now=NOW)

    assert resolution.status == "open"
    status = quorum.quorum_status(scenario.assembly)
    assert (status.participants, status.required_count, status.reached) == (3, 3, True)
    assert status.breakdown["correspondence"] == 1
    assert status.breakdown["deemed_present"] == 1
    assert status.breakdown["present"] == 1


def test_each_part_of_a_combined_assembly_has_its_own_quorum(scenario, voting_member):
    for _ in range(6):
        voting_member(scenario.cooperative, "USA")
    # 12 members; 3 in the room: ordinary 1/5 (3 needed) reached, extraordinary 1/4 (3) too,
    # and with 2 only, neither: count the extraordinary part with 2 of 12 and 11 of 12 apart.
    ordinary = draft(scenario.assembly)
    extraordinary = draft(scenario.assembly, title="Statuts", kind="extraordinary")
    helper = draft(scenario.assembly, title="Ouverture")
    services.open_vote(helper, now=NOW)
    in_room(helper, scenario.trav[:2], "for")

    assert quorum.part_of(ordinary).value == "ordinary"
    assert quorum.part_of(extraordinary).value == "extraordinary"
    assert [v.code for v in votes.quorum_violations(ordinary)] == ["vote_quorum_not_reached"]
    in_room(helper, scenario.trav[2:], "for")
    assert votes.quorum_violations(ordinary) == []
    assert votes.quorum_violations(extraordinary) == []


def test_closing_freezes_the_turnout_and_adopts_only_with_quorum(scenario):
    scenario.assembly.type = "ordinary"
    resolution = draft(scenario.assembly)
    services.open_vote(resolution, now=NOW)
    in_room(resolution, scenario.trav[:1], "for")  # 1 of 6 < 1/5 × 6

    outcome = votes.close_vote(resolution, now=NOW)

    assert outcome.share_for == 1
    assert outcome.adopted is False
    assert outcome.turnout["members"] == 6
    assert outcome.turnout["participating"] == 1
    assert outcome.turnout["quorum"] == "1/5"


def test_exclusion_adopted_is_recorded_in_the_ledger(scenario, make_holder):
    cooperative = scenario.cooperative
    excluded = make_holder(cooperative, "USA", 3, on=date(2021, 5, 1))
    for _ in range(3):
        make_holder(cooperative, "SAL", 10, on=date(2021, 5, 1))
    resolution = draft(
        scenario.assembly, title="Exclusion", kind="exclusion", excluded_member=excluded
    )
    resolution.excluded_member_notified_on = date(2026, 11, 2)
    resolution.excluded_member_heard_on = date(2026, 11, 20)
    services.open_vote(resolution, now=NOW)
    in_room(resolution, scenario.trav, "for")

    outcome = votes.close_vote(resolution, now=NOW)

    assert outcome.adopted is True
    exit_request = db.session.scalar(
        select(WithdrawalRequest).where(WithdrawalRequest.member_id == excluded.id)
    )
    assert (exit_request.kind, exit_request.shares) == ("exclusion", 3)
    assert exit_request.effective_on == NOW.date()
    assert exit_request.resolution_id == resolution.id
    movements = db.session.scalars(
        select(ShareMovement.type)
        .where(ShareMovement.member_id == excluded.id)
        .order_by(ShareMovement.number)
    ).all()
    assert movements == ["subscription", "exclusion_cancellation"]
    assert holdings_at(cooperative.id, NOW.date())[excluded.id].shares == 0


def test_exclusion_rejected_records_nothing(scenario, make_holder):
    excluded = make_holder(scenario.cooperative, "USA", 3, on=date(2021, 5, 1))
    resolution = draft(
        scenario.assembly, title="Exclusion", kind="exclusion", excluded_member=excluded
    )
    services.open_vote(resolution, now=NOW)
    in_room(resolution, scenario.trav, "against")

    assert votes.close_vote(resolution, now=NOW).adopted is False
    assert (
        db.session.scalar(
            select(WithdrawalRequest).where(WithdrawalRequest.member_id == excluded.id)
        )
        is None
    )


def retally(assembly):
    tally_file, violations = read_tally(services.export_tally_json(assembly))
    assert violations == []
    return result_to_json(tally_all(tally_file), tally_file.assembly)


def test_export_carries_the_assembly_block_and_retallies_exactly(scenario):
    scenario.assembly.type = "ordinary"
    attend(scenario.assembly, *scenario.trav)
    adopted = draft(scenario.assembly, title="Comptes")
    rejected = draft(scenario.assembly, title="Affectation")
    for resolution, choices in ((adopted, ("for", "for", "against")), (rejected, ("against",) * 3)):
        services.open_vote(resolution, now=NOW)
        for member, choice in zip(scenario.trav, choices, strict=True):
            services.cast_ballot(resolution, member, choice, now=NOW, secretary=True)
        votes.close_vote(resolution, now=NOW)

    document = services.export_tally_json(scenario.assembly)
    result = retally(scenario.assembly)

    assert document["assembly"]["legal_form"] == scenario.cooperative.legal_form
    assert document["assembly"]["participating"] == 3
    assert result["assembly"]["quorum_reached"] is True
    for resolution, line in zip((adopted, rejected), result["resolutions"], strict=True):
        assert line["adopted"] is resolution.outcome.adopted
        assert line["for"] == str(resolution.outcome.share_for)
        assert line["validly_deliberated"] is True


def test_an_exclusion_vote_opens_only_after_notice_and_hearing(scenario, make_holder):
    excluded = make_holder(scenario.cooperative, "USA", 3, on=date(2021, 5, 1))
    resolution = draft(
        scenario.assembly, title="Exclusion", kind="exclusion", excluded_member=excluded
    )
    helper = draft(scenario.assembly, title="Ouverture")
    services.open_vote(helper, now=NOW)
    in_room(helper, scenario.trav, "for")  # the quorum is reached: only R-EXCL-1 is left

    with pytest.raises(RuleViolation) as refused:
        votes.open_vote(resolution, now=NOW)

    assert [(v.code, v.rule) for v in refused.value.violations] == [
        ("exclusion_not_notified", "R-EXCL-1"),
        ("exclusion_not_heard", "R-EXCL-1"),
    ]
    assert resolution.status == "draft"
    services.record_exclusion_procedure(
        resolution, notified_on=date(2026, 11, 2), heard_on=date(2026, 11, 20), now=NOW
    )
    votes.open_vote(resolution, now=NOW)
    assert resolution.status == "open"


def test_closing_an_adopted_exclusion_without_its_procedure_is_refused(scenario, make_holder):
    # A vote opened by the service alone (as an old database may hold one): the close refuses.
    excluded = make_holder(scenario.cooperative, "USA", 3, on=date(2021, 5, 1))
    resolution = draft(
        scenario.assembly,
        title="Exclusion",
        kind="exclusion",
        excluded_member=excluded,
        notified_on=date(2026, 11, 2),
    )
    services.open_vote(resolution, now=NOW)
    in_room(resolution, scenario.trav, "for")

    with pytest.raises(RuleViolation) as refused:
        votes.close_vote(resolution, now=NOW)

    assert [(v.code, v.rule) for v in refused.value.violations] == [
        ("exclusion_not_heard", "R-EXCL-1")
    ]
    assert (
        db.session.scalar(
            select(WithdrawalRequest).where(WithdrawalRequest.member_id == excluded.id)
        )
        is None
    )


def test_a_sarl_live_count_uses_all_members_as_its_base(
    make_cooperative, voting_member, voting_assembly
):
    # SARL ordinary first consultation (L223-29): 2 for and 1 against among 10 members is 2/10,
    # not 2/3: the live screen says "not adopted", as the close does.
    cooperative = make_cooperative(legal_form="SARL")
    members = [voting_member(cooperative, "USA") for _ in range(10)]
    assembly = voting_assembly(cooperative)
    assembly.type = "ordinary"
    resolution = draft(assembly)
    services.open_vote(resolution, now=NOW)
    in_room(resolution, members[:2], "for")
    in_room(resolution, members[2:3], "against")

    assert services.snapshot(resolution).adopted is True  # on votes cast: 2 of 3
    live = votes.live_snapshot(resolution)
    assert (live.adopted, live.share_for) == (False, Fraction(2, 10))
    outcome = votes.close_vote(resolution, now=NOW)
    assert (outcome.adopted, outcome.share_for) == (False, Fraction(2, 10))
