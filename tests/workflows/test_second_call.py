"""A first call that misses its quorum, then its second call with the same agenda and resolutions,
end to end through the workflows (R-AG-11, §6.6 step 6), without spies."""

from __future__ import annotations

from datetime import timedelta

import pytest

from scic.assemblies import services as assembly_services
from scic.core.violations import RuleViolation
from scic.voting import queries as voting_queries
from scic.voting import services as voting_services
from scic.workflows import quorum, second_call, session, votes
from tests.fixtures.assemblies import NOW, STARTS_AT, TODAY


def test_second_call_after_a_missed_quorum_copies_agenda_and_resolutions(
    make_cooperative, make_assembly, make_voter
):
    coop = make_cooperative(legal_form="SA", governance="board")
    voters = [make_voter(coop) for _ in range(12)]
    first = make_assembly(coop, agenda=("Comptes", "Affectation"))
    items = {item.position: item for item in first.agenda_items}
    accounts = voting_services.create_resolution(
        first, title="Approbation des comptes", agenda_item=items[1], board_approved=True
    )
    allocation = voting_services.create_resolution(
        first, title="Affectation du résultat", agenda_item=items[2], secret=True
    )
    assembly_services.send_convocation(first, TODAY, now=NOW)
    assembly_services.set_bureau(first, chair="Ana", secretary="Di", scrutineers="Bo")
    session.open_session(first, now=STARTS_AT)
    assembly_services.record_attendance(first, voters[0], "present", now=STARTS_AT)
    assembly_services.record_attendance(first, voters[1], "present", now=STARTS_AT)

    # 2 of 12 < 1/5 × 12: the vote cannot open, and the session closes without quorum.
    with pytest.raises(RuleViolation):
        votes.open_vote(accounts, now=STARTS_AT)
    session.close_session(first, now=STARTS_AT + timedelta(hours=1))
    assert first.quorum_reached is False
    assert quorum.quorum_status(first).frozen is True
    assert all(r.outcome is None for r in voting_queries.resolutions_of(first))

    second = second_call.create_second_call(first, starts_at=STARTS_AT + timedelta(days=20))

    assert (second.call_number, second.first_call_id) == (2, first.id)
    assert [i.title for i in second.agenda_items] == ["Comptes", "Affectation"]
    copies = voting_queries.resolutions_of(second)
    assert [(r.number, r.title, r.secret, r.board_approved) for r in copies] == [
        (accounts.number, accounts.title, False, True),
        (allocation.number, allocation.title, True, allocation.board_approved),
    ]
    assert [r.agenda_item.title for r in copies] == ["Comptes", "Affectation"]
    assert all(r.agenda_item.assembly_id == second.id for r in copies)
    assert all(r.status == "draft" for r in copies)
    # The second call of an SA ordinary assembly needs no quorum: one member is enough.
    assert quorum.required_ratio(second, quorum.parts_of(second)[0]) == 0


def test_no_second_call_when_the_first_call_reached_its_quorum(
    make_cooperative, make_assembly, make_voter
):
    coop = make_cooperative(legal_form="SA", governance="board")
    voters = [make_voter(coop) for _ in range(5)]
    first = make_assembly(coop)
    voting_services.create_resolution(first, title="Comptes", agenda_item=first.agenda_items[0])
    assembly_services.send_convocation(first, TODAY, now=NOW)
    assembly_services.set_bureau(first, chair="Ana", secretary="Di", scrutineers="Bo")
    session.open_session(first, now=STARTS_AT)
    assembly_services.record_attendance(first, voters[0], "present", now=STARTS_AT)
    session.close_session(first, now=STARTS_AT + timedelta(hours=1))

    with pytest.raises(RuleViolation) as refused:
        second_call.create_second_call(first, starts_at=STARTS_AT + timedelta(days=20))

    assert [v.code for v in refused.value.violations] == ["second_call_quorum_was_reached"]
    assert voting_queries.resolutions_of(first)[0].assembly_id == first.id
