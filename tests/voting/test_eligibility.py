"""R-AG-13 facts read from the database (scic.voting.eligibility), on SQLite and PostgreSQL."""

from datetime import UTC, date, datetime, timedelta

import pytest

from scic.assemblies.models import AttendanceEntry
from scic.core.db import db
from scic.membership.models import Mandate
from scic.voting import eligibility
from scic.voting.rules import Channel
from tests.fixtures.voting import NOW, SESSION_START
from tests.violations import codes


@pytest.fixture
def convened(scenario, voting_resolution):
    scenario.assembly.convocation_sent_on = date(2026, 11, 10)
    db.session.flush()
    return scenario, voting_resolution(scenario.assembly)


def attend(scenario, member, mode="present"):
    db.session.add(
        AttendanceEntry(
            assembly_id=scenario.assembly.id,
            member_id=member.id,
            mode=mode,
            college_id=member.college_id,
        )
    )
    db.session.flush()


def test_a_remote_ballot_in_the_open_session_is_accepted(convened):
    scenario, resolution = convened
    assert eligibility.check_voter(resolution, scenario.trav[0], Channel.REMOTE, at=NOW) == []


def test_a_draft_assembly_takes_no_ballot(convened):
    scenario, resolution = convened
    scenario.assembly.status = "draft"
    violations = eligibility.check_voter(resolution, scenario.trav[0], Channel.REMOTE, at=NOW)
    assert codes(violations) == ["vote_assembly_not_convened"]


def test_in_the_room_only_when_recorded_present(convened):
    scenario, resolution = convened
    member = scenario.trav[0]
    violations = eligibility.check_voter(resolution, member, Channel.IN_PERSON, at=NOW)
    assert codes(violations) == ["vote_not_recorded_present"]
    attend(scenario, member)
    assert eligibility.check_voter(resolution, member, Channel.IN_PERSON, at=NOW) == []


def test_advance_ballots_from_the_convocation_to_the_deadline(scenario, voting_resolution):
    scenario.assembly.status = "convened"
    resolution = voting_resolution(scenario.assembly, open=False)
    member = scenario.trav[0]
    before = datetime(2026, 11, 9, 12, 0, tzinfo=UTC)
    assert codes(
        eligibility.check_voter(resolution, member, Channel.CORRESPONDENCE, at=before)
    ) == ["vote_before_convocation"]
    scenario.assembly.convocation_sent_on = date(2026, 11, 10)
    assert codes(
        eligibility.check_voter(resolution, member, Channel.CORRESPONDENCE, at=before)
    ) == ["vote_before_convocation"]  # the convocation day starts at midnight in Paris
    during = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    assert eligibility.check_voter(resolution, member, Channel.CORRESPONDENCE, at=during) == []
    # Electronic forms: until 15:00 (Paris) the day before the 29 November assembly.
    deadline = datetime(2026, 11, 28, 14, 0, tzinfo=UTC)
    late = eligibility.check_voter(resolution, member, Channel.CORRESPONDENCE, at=deadline)
    assert codes(late) == ["vote_advance_deadline_passed"]
    just_in_time = deadline - timedelta(seconds=1)
    assert (
        eligibility.check_voter(resolution, member, Channel.CORRESPONDENCE, at=just_in_time) == []
    )


def test_a_local_authority_needs_a_current_designation(convened):
    scenario, resolution = convened
    authority = scenario.authority
    mandate = authority.mandates[0]
    check = eligibility.check_voter
    assert check(resolution, authority, Channel.REMOTE, at=NOW, mandate=mandate) == []
    assert codes(check(resolution, authority, Channel.REMOTE, at=NOW, mandate=None)) == [
        "vote_without_mandate"
    ]
    mandate.valid_to = date(2026, 11, 28)  # ended the day before the vote
    assert codes(check(resolution, authority, Channel.REMOTE, at=NOW, mandate=mandate)) == [
        "mandate_ended"
    ]


@pytest.mark.parametrize(
    ("authority_type", "designated_on", "act_until_replaced", "expected"),
    [
        pytest.param(
            "commune", date(2020, 7, 1), False, ["mandate_term_ended"], id="§8 #24 commune 2020"
        ),
        pytest.param("commune", date(2020, 7, 1), True, [], id="§8 #24 commune, SEM option"),
        pytest.param(
            "departement",
            date(2020, 7, 1),
            False,
            ["mandate_term_ended"],
            id="§8 #24 département 2020: ended at the 2021 departmental elections",
        ),
        pytest.param(
            "departement",
            date(2021, 7, 1),
            False,
            [],
            id="§8 #24 département 2021: not ended by the 2026 municipal elections",
        ),
    ],
)
def test_council_term_by_kind_of_authority(
    convened, authority_type, designated_on, act_until_replaced, expected
):
    scenario, resolution = convened
    authority = scenario.authority
    authority.authority_type = authority_type
    settings = dict(scenario.cooperative.assemblies)
    settings["representatives_act_until_replaced"] = act_until_replaced
    scenario.cooperative.assemblies = settings
    db.session.flush()
    mandate = authority.mandates[0]  # no end date stored
    mandate.valid_from = designated_on
    violations = eligibility.check_voter(
        resolution, authority, Channel.REMOTE, at=NOW, mandate=mandate
    )
    assert codes(violations) == expected


def test_deliberation_enforceable_the_day_after_is_refused(convened):
    scenario, resolution = convened
    authority = scenario.authority
    authority.deliberations[0].executory_on = SESSION_START.date() + timedelta(days=1)
    violations = eligibility.check_voter(
        resolution, authority, Channel.REMOTE, at=NOW, mandate=authority.mandates[0]
    )
    assert codes(violations) == ["vote_deliberation_not_enforceable"]


def test_the_secretary_names_a_former_representative(convened):
    scenario, resolution = convened
    authority = scenario.authority
    old = authority.mandates[0]
    old.valid_to = date(2026, 6, 30)
    new = Mandate(
        cooperative_id=authority.cooperative_id,
        member_id=authority.id,
        full_name="Paul Nouveau",
        role="main",
        valid_from=date(2026, 7, 1),
        deliberation_id=old.deliberation_id,
    )
    db.session.add(new)
    db.session.flush()
    db.session.refresh(authority)
    day = SESSION_START.date()
    assert eligibility.mandate_named(authority, "", day) == new
    assert eligibility.mandate_named(authority, "jeanne maire", day) == old
    assert eligibility.mandate_named(authority, "Nobody", day) is None
    attend(scenario, authority)
    named = eligibility.mandate_named(authority, "Jeanne Maire", day)
    violations = eligibility.check_voter(
        resolution, authority, Channel.IN_PERSON, at=NOW, mandate=named
    )
    assert codes(violations) == ["mandate_ended"]


def test_show_of_hands_within_the_college_participants(convened):
    scenario, _ = convened
    college = scenario.trav[0].college_id
    for member in scenario.trav[:2]:
        attend(scenario, member)
    attend(scenario, scenario.trav[2], mode="correspondence")  # not in the room
    assembly = scenario.assembly
    assert eligibility.participants_in_college(assembly, college) == 2
    assert eligibility.check_hand_count_participants(assembly, college, (1, 1, 0)) == []
    assert codes(eligibility.check_hand_count_participants(assembly, college, (2, 1, 0))) == [
        "hand_count_exceeds_participants"
    ]


@pytest.mark.parametrize(
    ("act_until_replaced", "acts"),
    [
        pytest.param(False, False, id="§8 #24 blocked after the 2026 municipal elections"),
        pytest.param(True, True, id="§8 #24 SEM option: acts until the council designates"),
    ],
)
def test_every_channel_agrees_on_an_outgoing_representative(convened, act_until_replaced, acts):
    """The ballot, the signed-in capacity list, the member pages' list and the dashboard's
    "without representative" give one answer (mandate_rules.acting_representatives)."""
    from scic.assemblies import queries as assembly_queries
    from scic.membership import queries as membership_queries
    from scic.voting.services import capacity_for_user, current_mandate, voters_for_user

    scenario, resolution = convened
    authority, user = scenario.authority, scenario.representative
    authority.authority_type = "commune"
    mandate = authority.mandates[0]
    mandate.valid_from = date(2020, 7, 1)
    mandate.valid_to = date(2026, 3, 15)  # as stored: the end of the council's term
    settings = dict(scenario.cooperative.assemblies)
    settings["representatives_act_until_replaced"] = act_until_replaced
    scenario.cooperative.assemblies = settings
    db.session.flush()
    day = SESSION_START.date()

    acting = current_mandate(authority, day)
    ballot = eligibility.check_voter(resolution, authority, Channel.REMOTE, at=NOW, mandate=acting)
    assert (ballot == []) is acts
    assert (acting == mandate) is acts
    listed = [c.member for c in voters_for_user(user, scenario.assembly, day)]
    assert (authority in listed) is acts
    assert capacity_for_user(user, authority, scenario.assembly, day).mandate == mandate
    assert (authority in assembly_queries.members_of_user(user, scenario.cooperative, day)) is acts
    missing = membership_queries.without_representative(scenario.cooperative, day)
    assert (authority in missing) is not acts
    # The secretary's in-room entry without a name picks the same designation.
    assert (eligibility.mandate_named(authority, "", day) == mandate) is acts
