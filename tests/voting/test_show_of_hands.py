"""A show of hands for every college at once, and its correcting entries (R-AG-13)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from scic.core.audit import AuditEntry
from scic.core.db import db
from scic.voting import services
from scic.voting.models import HandCount, HandCountCorrection
from tests.fixtures.voting import NOW, attend

F = services.HandFigures


def hand_audit() -> list[tuple[str, dict]]:
    return [
        (e.action, e.data)
        for e in db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.action.startswith("hand_count."))
            .order_by(AuditEntry.id)
        )
    ]


@pytest.fixture
def hands(scenario, voting_resolution):
    """Three TRAV members and one USA member in the room; an open resolution."""
    trav, usa, pub = scenario.cooperative.colleges
    attend(scenario.assembly, *scenario.trav, scenario.usa[0])
    return scenario, voting_resolution(scenario.assembly), trav, usa, pub


def test_every_college_is_recorded_from_one_screen(hands):
    scenario, resolution, trav, usa, _pub = hands
    services.record_show_of_hands(
        resolution, {trav.id: F(2, 1, 0), usa.id: F(0, 0, 1)}, by=scenario.secretary, now=NOW
    )
    counts = services.current_counts(resolution)
    assert {c: (h.votes_for, h.votes_against, h.votes_abstain) for c, h in counts.items()} == {
        trav.id: (2, 1, 0),
        usa.id: (0, 0, 1),
    }
    snap = services.snapshot(resolution)
    by_code = {c.code: (c.for_, c.against, c.abstain) for c in snap.colleges}
    assert by_code["TRAV"] == (2, 1, 0)
    assert by_code["USA"] == (0, 0, 1)


def test_a_changed_count_is_a_correcting_entry_the_tally_uses(hands):
    _scenario, resolution, trav, usa, _pub = hands
    services.record_show_of_hands(resolution, {trav.id: F(3, 0, 0)}, now=NOW)
    first = db.session.scalar(select(HandCount))
    # The same figures again change nothing; new figures add a correcting entry.
    services.record_show_of_hands(resolution, {trav.id: F(3, 0, 0), usa.id: F(1, 0, 0)}, now=NOW)
    services.record_show_of_hands(resolution, {trav.id: F(1, 2, 0)}, now=NOW)
    db.session.expire_all()
    assert (first.votes_for, first.votes_against) == (3, 0)  # never updated
    assert db.session.scalar(select(func.count(HandCountCorrection.id))) == 1
    assert services.current_counts(resolution)[trav.id].corrections == 1
    assert [action for action, _data in hand_audit()] == [
        "hand_count.record",
        "hand_count.record",
        "hand_count.correct",
    ]
    assert hand_audit()[-1][1] == {
        "hand_count_id": first.id,
        "before": {"for": 3, "against": 0, "abstain": 0},
        "college_id": trav.id,
        "for": 1,
        "against": 2,
        "abstain": 0,
    }
    outcome = services.close_vote(resolution, now=NOW)
    trav_line = next(c for c in outcome.colleges if c["code"] == "TRAV")
    assert (trav_line["for"], trav_line["against"]) == (1, 2)


def test_refusals_name_each_college_and_write_nothing(hands):
    _scenario, resolution, trav, usa, pub = hands
    with pytest.raises(services.ShowOfHandsRefused) as refused:
        services.record_show_of_hands(
            resolution, {trav.id: F(2, 0, 0), usa.id: F(1, 1, 0), pub.id: F(1, 0, 0)}, now=NOW
        )
    assert {
        college: [(v.code, v.rule, dict(v.params)) for v in problems]
        for college, problems in refused.value.by_college.items()
    } == {
        usa.id: [("hand_count_exceeds_participants", "R-AG-13", {"count": 2, "participants": 1})],
        pub.id: [("hand_count_exceeds_participants", "R-AG-13", {"count": 1, "participants": 0})],
    }
    assert db.session.scalar(select(func.count(HandCount.id))) == 0


def test_a_departure_lowers_the_hands_a_college_may_count(hands):
    from scic.assemblies import services as assembly_services

    scenario, resolution, trav, _usa, _pub = hands
    assembly_services.correct_attendance(
        scenario.assembly, scenario.trav[2], "absent", reason="departure", now=NOW
    )
    with pytest.raises(services.ShowOfHandsRefused) as refused:
        services.record_show_of_hands(resolution, {trav.id: F(3, 0, 0)}, now=NOW)
    assert [v.params["participants"] for v in refused.value.violations] == [2]


def test_corrections_are_refused_once_the_vote_is_closed(hands):
    _scenario, resolution, trav, _usa, _pub = hands
    services.record_show_of_hands(resolution, {trav.id: F(3, 0, 0)}, now=NOW)
    services.close_vote(resolution, now=NOW)
    with pytest.raises(services.ShowOfHandsRefused) as refused:
        services.record_show_of_hands(resolution, {trav.id: F(2, 0, 0)}, now=NOW)
    assert [(v.code, v.rule) for v in refused.value.violations] == [
        ("hand_count_correction_after_close", "R-AG-13")
    ]
    assert db.session.scalar(select(func.count(HandCountCorrection.id))) == 0


def test_a_correcting_entry_is_chained_and_never_updated(hands):
    from scic.core.records import AppendOnlyError

    _scenario, resolution, trav, _usa, _pub = hands
    services.record_show_of_hands(resolution, {trav.id: F(3, 0, 0)}, now=NOW)
    services.record_show_of_hands(resolution, {trav.id: F(2, 0, 0)}, now=NOW)
    correction = db.session.scalar(select(HandCountCorrection))
    assert len(correction.hash) == 64  # sealed in its chain (scic verify walks it)
    correction.votes_for = 3
    with pytest.raises(AppendOnlyError):
        db.session.flush()
