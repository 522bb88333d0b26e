"""R-AG-13 table tests: who may vote, when, on every channel (scic.voting.ballot_rules)."""

from datetime import UTC, date, datetime, timedelta

import pytest

from scic.assemblies.rules import PresenceMode
from scic.membership.rules import Mandate, RepresentativeRole
from scic.voting.ballot_rules import (
    AssemblyStage,
    Representation,
    VoteAttempt,
    check_hand_count,
    check_may_vote,
)
from scic.voting.rules import Channel, ResolutionStatus
from tests.violations import codes

S = AssemblyStage
R = ResolutionStatus
C = Channel
CONVENED_AT = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)
DEADLINE = datetime(2026, 5, 19, 22, 0, tzinfo=UTC)  # midnight Paris before a 20 May assembly
IN_SESSION = datetime(2026, 5, 20, 9, 0, tzinfo=UTC)
VOTE_DAY = date(2026, 5, 20)
MAIN = Mandate("Jean Maire", RepresentativeRole.MAIN, date(2020, 7, 1))


def attempt(stage=S.OPEN, resolution=R.OPEN, channel=C.REMOTE, at=IN_SESSION, **kw):
    kw.setdefault("on", at.date())
    kw.setdefault("convened_at", CONVENED_AT)
    kw.setdefault("advance_deadline", DEADLINE)
    return VoteAttempt(stage, resolution, channel, at, **kw)


@pytest.mark.parametrize(
    ("vote", "expected"),
    [
        pytest.param(attempt(), [], id="R-AG-13 remote in an open session"),
        pytest.param(
            attempt(stage=S.DRAFT, resolution=R.DRAFT, channel=C.CORRESPONDENCE),
            ["vote_assembly_not_convened"],
            id="R-AG-13 draft assembly refuses even a postal form",
        ),
        pytest.param(
            attempt(stage=S.DRAFT, resolution=R.OPEN),
            ["vote_assembly_not_convened"],
            id="R-AG-13 draft assembly with an open resolution",
        ),
        pytest.param(attempt(stage=S.CLOSED), ["vote_session_closed"], id="R-AG-13 closed session"),
        pytest.param(attempt(stage=S.LOCKED), ["vote_session_closed"], id="R-AG-13 signed minutes"),
        pytest.param(
            attempt(resolution=R.CLOSED), ["vote_session_closed"], id="R-AG-13 closed resolution"
        ),
        pytest.param(
            attempt(stage=S.CONVENED, resolution=R.DRAFT, at=CONVENED_AT, on=date(2026, 5, 1)),
            [],
            id="R-AG-13 advance remote ballot at the convocation instant",
        ),
        pytest.param(
            attempt(
                stage=S.CONVENED,
                resolution=R.DRAFT,
                at=CONVENED_AT - timedelta(seconds=1),
                on=date(2026, 5, 1),
            ),
            ["vote_before_convocation"],
            id="R-AG-13 advance ballot a second before the convocation",
        ),
        pytest.param(
            attempt(stage=S.CONVENED, resolution=R.DRAFT, convened_at=None),
            ["vote_before_convocation"],
            id="R-AG-13 advance ballot without a recorded convocation",
        ),
        pytest.param(
            attempt(
                stage=S.CONVENED,
                resolution=R.DRAFT,
                channel=C.CORRESPONDENCE,
                at=DEADLINE - timedelta(seconds=1),
            ),
            [],
            id="R-AG-8 postal form a second before the deadline",
        ),
        pytest.param(
            attempt(stage=S.CONVENED, resolution=R.DRAFT, channel=C.CORRESPONDENCE, at=DEADLINE),
            ["vote_advance_deadline_passed"],
            id="R-AG-8 postal form at the deadline",
        ),
        pytest.param(
            attempt(stage=S.CONVENED, resolution=R.DRAFT, advance_deadline=None),
            ["vote_advance_deadline_passed"],
            id="R-AG-8 assembly taking no advance ballots",
        ),
        pytest.param(
            attempt(stage=S.CONVENED, resolution=R.DRAFT, channel=C.PROXY_NAMED),
            ["vote_session_not_open"],
            id="R-AG-13 proxy ballot before the session",
        ),
        pytest.param(
            attempt(
                stage=S.CONVENED,
                resolution=R.DRAFT,
                channel=C.IN_PERSON,
                presence=PresenceMode.PRESENT,
            ),
            ["vote_session_not_open"],
            id="R-AG-13 in the room before the session",
        ),
        pytest.param(
            attempt(resolution=R.DRAFT, channel=C.IN_PERSON, presence=PresenceMode.PRESENT),
            ["vote_session_not_open"],
            id="R-AG-13 in the room before the resolution opens",
        ),
        pytest.param(
            attempt(channel=C.CORRESPONDENCE, at=DEADLINE - timedelta(seconds=1)),
            [],
            id="R-AG-8 paper form received in time, entered during the session",
        ),
        pytest.param(
            attempt(channel=C.CORRESPONDENCE),
            ["vote_advance_deadline_passed"],
            id="R-AG-8 paper form received during the session",
        ),
        pytest.param(
            attempt(channel=C.IN_PERSON, presence=PresenceMode.PRESENT),
            [],
            id="R-AG-13 in the room, recorded present",
        ),
        pytest.param(
            attempt(channel=C.IN_PERSON, presence=None),
            ["vote_not_recorded_present"],
            id="R-AG-13 in the room, never recorded",
        ),
        pytest.param(
            attempt(channel=C.IN_PERSON, presence=PresenceMode.REPRESENTED),
            ["vote_not_recorded_present"],
            id="R-AG-13 in the room, recorded as represented",
        ),
        pytest.param(
            attempt(channel=C.PROXY_NAMED), [], id="R-AG-13 proxy holder in an open session"
        ),
    ],
)
def test_when_and_where_a_ballot_is_accepted(vote, expected):
    assert codes(check_may_vote(vote)) == expected


def authority(mandate=MAIN, **kw):
    kw.setdefault("mandates", (mandate,) if mandate else ())
    kw.setdefault("is_local_authority", True)
    kw.setdefault("deliberation_executory_on", date(2020, 6, 30))
    return Representation(mandate, **kw)


ENDED = Mandate("Jean Maire", RepresentativeRole.MAIN, date(2020, 7, 1), date(2026, 5, 19))
SUCCESSOR = Mandate("Lise Neuve", RepresentativeRole.MAIN, date(2026, 5, 19))
TERM = Mandate("Jean Maire", RepresentativeRole.MAIN, date(2020, 7, 1), date(2026, 3, 15))
AFTER_TERM = Mandate("Lise Neuve", RepresentativeRole.MAIN, date(2026, 4, 2))


@pytest.mark.parametrize(
    ("representation", "on", "expected"),
    [
        pytest.param(authority(), VOTE_DAY, [], id="R-LA-5 current mandate, enforceable"),
        pytest.param(
            authority(mandate=None),
            VOTE_DAY,
            ["vote_without_mandate"],
            id="R-AG-13 a capacity without a mandate",
        ),
        pytest.param(
            authority(mandate=ENDED),
            date(2026, 5, 19),
            [],
            id="R-LA-5 mandate ending on the vote's day",
        ),
        pytest.param(
            authority(mandate=ENDED),
            VOTE_DAY,
            ["mandate_ended"],
            id="R-LA-5 mandate ended the day before",
        ),
        pytest.param(
            authority(mandate=MAIN, mandates=(MAIN, SUCCESSOR)),
            VOTE_DAY,
            ["representative_replaced"],
            id="R-LA-5 former representative after a new designation",
        ),
        pytest.param(
            authority(deliberation_executory_on=VOTE_DAY),
            VOTE_DAY,
            [],
            id="R-LA-5 deliberation enforceable on the vote's day",
        ),
        pytest.param(
            authority(deliberation_executory_on=VOTE_DAY + timedelta(days=1)),
            VOTE_DAY,
            ["vote_deliberation_not_enforceable"],
            id="R-LA-5 deliberation enforceable the day after",
        ),
        pytest.param(
            authority(deliberation_executory_on=None),
            VOTE_DAY,
            ["vote_deliberation_not_enforceable"],
            id="R-LA-5 deliberation never made enforceable",
        ),
        pytest.param(
            authority(is_local_authority=False, deliberation_executory_on=None),
            VOTE_DAY,
            [],
            id="R-AG-13 an organisation needs no deliberation",
        ),
        pytest.param(
            authority(term_end=date(2026, 3, 15)),
            date(2026, 3, 15),
            [],
            id="§8 #24 election day: still the council's term",
        ),
        pytest.param(
            authority(term_end=date(2026, 3, 15)),
            date(2026, 3, 16),
            ["mandate_term_ended"],
            id="§8 #24 the day after the election: blocked by default",
        ),
        pytest.param(
            authority(term_end=date(2026, 3, 15), act_until_replaced=True),
            date(2026, 3, 16),
            [],
            id="§8 #24 SEM option: acts until replaced",
        ),
        pytest.param(
            authority(
                mandates=(MAIN, SUCCESSOR), term_end=date(2026, 3, 15), act_until_replaced=True
            ),
            VOTE_DAY,
            ["representative_replaced"],
            id="§8 #24 SEM option: replaced, the outgoing one stops",
        ),
        pytest.param(
            authority(mandate=TERM, mandates=(TERM,), term_end=date(2026, 3, 15)),
            date(2026, 3, 16),
            ["mandate_ended"],
            id="§8 #24 stored term end, the day after: blocked by default",
        ),
        pytest.param(
            authority(
                mandate=TERM, mandates=(TERM,), term_end=date(2026, 3, 15), act_until_replaced=True
            ),
            date(2026, 3, 16),
            [],
            id="§8 #24 stored term end, SEM option: acts until replaced",
        ),
        pytest.param(
            authority(
                mandate=TERM,
                mandates=(TERM, AFTER_TERM),
                term_end=date(2026, 3, 15),
                act_until_replaced=True,
            ),
            date(2026, 4, 2),
            ["mandate_ended"],
            id="§8 #24 stored term end, SEM option: the new council designated",
        ),
    ],
)
def test_a_local_authority_votes_through_a_current_representative(representation, on, expected):
    vote = attempt(on=on, representation=representation)
    assert codes(check_may_vote(vote)) == expected


def test_every_refusal_names_its_rule():
    vote = attempt(stage=S.DRAFT, channel=C.IN_PERSON, representation=authority(mandate=None))
    assert [(v.code, v.rule) for v in check_may_vote(vote)] == [
        ("vote_assembly_not_convened", "R-AG-13"),
        ("vote_not_recorded_present", "R-AG-13"),
        ("vote_without_mandate", "R-AG-13"),
    ]


@pytest.mark.parametrize(
    ("counts", "participants", "expected"),
    [
        pytest.param((4, 3, 1), 8, [], id="R-AG-13 exactly the participants"),
        pytest.param(
            (4, 3, 2), 8, ["hand_count_exceeds_participants"], id="R-AG-13 one hand too many"
        ),
        pytest.param(
            (30, 0, 0), 5, ["hand_count_exceeds_participants"], id="R-AG-13 30 hands, 5 present"
        ),
        pytest.param((0, 0, 0), 0, [], id="R-AG-13 nobody present, nobody counted"),
        pytest.param((-1, 2, 0), 8, ["hand_count_negative"], id="R-AG-13 negative count"),
    ],
)
def test_show_of_hands_never_exceeds_the_participants(counts, participants, expected):
    assert codes(check_hand_count(counts, participants)) == expected


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        pytest.param(DEADLINE - timedelta(minutes=1), [], id="R-AG-8 received, then entered"),
        pytest.param(IN_SESSION, [], id="R-AG-8 entered at its reception: not late either"),
        pytest.param(
            IN_SESSION + timedelta(minutes=1),
            ["vote_received_after_entry"],
            id="R-AG-8 received after it is entered",
        ),
    ],
)
def test_a_postal_form_is_received_before_it_is_entered(received, expected):
    vote = attempt(
        channel=C.CORRESPONDENCE,
        at=received,
        entered_at=IN_SESSION,
        advance_deadline=IN_SESSION + timedelta(hours=1),
    )
    assert codes(check_may_vote(vote)) == expected


def test_a_postal_form_entered_in_the_session_was_received_after_the_convocation():
    early = attempt(channel=C.CORRESPONDENCE, at=CONVENED_AT - timedelta(minutes=1))
    assert codes(check_may_vote(early)) == ["vote_before_convocation"]
    assert check_may_vote(attempt(channel=C.CORRESPONDENCE, at=CONVENED_AT)) == []
