"""Voting services against the database: casting, refusals, proxies, secret ballots, closing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from fractions import Fraction

import pytest
from sqlalchemy import func, inspect, select

from scic.core.audit import AuditEntry
from scic.core.db import db
from scic.core.records import AppendOnlyError
from scic.core.violations import RuleViolation
from scic.voting import rules, services
from scic.voting.models import (
    Ballot,
    HandCount,
    Outcome,
    SecretBallot,
    SecretParticipation,
    SecretUrnBox,
)
from tests.fixtures.voting import NOW, SESSION_START, attend, give_proxy, open_urn
from tests.violations import codes


def ballot_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Ballot))


def cast(scenario, resolution, member, choice="for", **kwargs):
    kwargs.setdefault("by", scenario.users.get(member.id))
    kwargs.setdefault("now", NOW)
    return services.cast_ballot(resolution, member, choice, **kwargs)


# --- Resolutions --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "majority"),
    [
        pytest.param("ordinary", {"more_than": "1/2"}, id="§5 ordinary: simple"),
        pytest.param("extraordinary", {"at_least": "2/3"}, id="§5 extraordinary: two thirds"),
        pytest.param("exclusion", {"at_least": "2/3"}, id="R-EXCL-1 exclusion: AGE majority"),
    ],
)
def test_the_majority_comes_from_the_statutes(scenario, voting_resolution, kind, majority):
    extra = {"excluded_member": scenario.usa[0]} if kind == "exclusion" else {}
    resolution = voting_resolution(scenario.assembly, open=False, kind=kind, **extra)
    assert resolution.majority == majority
    assert resolution.number == 1
    assert resolution.status == "draft"


def test_an_exclusion_must_name_the_member(scenario):
    with pytest.raises(RuleViolation) as exc:
        services.create_resolution(scenario.assembly, title="Exclusion", kind="exclusion")
    assert codes(exc) == ["exclusion_needs_member"]


def test_a_vote_opens_only_during_the_session(scenario, voting_resolution):
    scenario.assembly.status = "convened"
    resolution = voting_resolution(scenario.assembly, open=False)
    with pytest.raises(RuleViolation) as exc:
        services.open_vote(resolution, now=NOW)
    assert codes(exc) == ["session_not_open"]


# --- Casting ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("of_member", "of_day", "used"),
    [
        pytest.param(True, True, True, id="read ahead for this member and day: used"),
        pytest.param(True, False, False, id="read for another day: asked again"),
        pytest.param(False, True, False, id="read for another member: asked again"),
    ],
)
def test_a_college_read_ahead_counts_only_for_its_member_on_the_assemblys_day(
    scenario, voting_resolution, of_member, of_day, used
):
    """The vote POST reads the college with the resolution (queries.posted_ballot) on the
    vote's day; a postal vote cast on another day than the assembly's is asked again."""
    from scic.voting import queries
    from scic.voting.services.resolutions import assembly_day

    resolution = voting_resolution(scenario.assembly)
    member, other = scenario.trav[0], scenario.usa[0]
    day = assembly_day(scenario.assembly)
    read = queries.CollegeOnDay(
        member.id if of_member else other.id,
        day if of_day else day - timedelta(days=1),
        other.college_id,  # not the member's: tells whether it was used
    )
    cast(scenario, resolution, member, college=read)
    ballot = db.session.scalar(select(Ballot))
    assert ballot.college_id == (other.college_id if used else member.college_id)
    assert other.college_id != member.college_id


def test_a_member_votes_remotely_and_gets_a_receipt(scenario, voting_resolution):
    resolution = voting_resolution(scenario.assembly)
    member = scenario.trav[0]
    receipt = cast(scenario, resolution, member, "against")
    ballot = db.session.scalar(select(Ballot))
    assert (ballot.member_id, ballot.choice, ballot.channel) == (member.id, "against", "remote")
    assert ballot.college_id == member.college_id
    assert ballot.cast_by_user_id == scenario.users[member.id].id
    assert ballot.receipt_hash == rules.receipt_hash(receipt.code)
    assert receipt.code not in str(ballot.__dict__)  # only the hash is stored
    check = services.verify_receipt(scenario.assembly, receipt.code.lower())
    assert check.resolution == resolution
    assert check.choice == "against"
    assert services.verify_receipt(scenario.assembly, "0000-0000-0000-0000") is None


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("twice", ["already_voted"]),
        ("after_close", ["vote_session_closed"]),
        ("another_member", ["not_acting_for_member"]),
        ("not_open", ["vote_advance_deadline_passed"]),
    ],
)
def test_bad_votes_are_refused_and_nothing_is_recorded(scenario, voting_resolution, case, expected):
    resolution = voting_resolution(scenario.assembly)
    member = scenario.trav[0]
    if case == "twice":
        cast(scenario, resolution, member)
    elif case == "after_close":
        services.close_vote(resolution, now=NOW)
    elif case == "not_open":
        resolution = voting_resolution(scenario.assembly, open=False, title="Later")
        resolution.status = "draft"
        scenario.assembly.starts_at = NOW - timedelta(hours=1)  # too late for postal votes too
    before = ballot_count()
    target = scenario.trav[1] if case == "another_member" else member
    with pytest.raises(RuleViolation) as exc:
        cast(scenario, resolution, target, by=scenario.users[member.id])
    assert codes(exc) == expected
    assert ballot_count() == before


def test_a_member_of_another_cooperative_is_refused(
    scenario, make_cooperative, voting_member, voting_resolution
):
    other = voting_member(make_cooperative(), "SAL")
    resolution = voting_resolution(scenario.assembly)
    with pytest.raises(RuleViolation) as exc:
        services.cast_ballot(
            resolution, other, "for", secretary=True, by=scenario.secretary, now=NOW
        )
    assert codes(exc) == ["vote_other_cooperative"]
    assert ballot_count() == 0


def test_remote_voting_needs_a_remote_assembly(scenario, voting_resolution):
    scenario.assembly.remote_mode = "none"
    resolution = voting_resolution(scenario.assembly)
    with pytest.raises(RuleViolation) as exc:
        cast(scenario, resolution, scenario.trav[0])
    assert codes(exc) == ["remote_voting_not_allowed"]


def test_the_secretary_records_a_vote_in_the_room(scenario, voting_resolution):
    resolution = voting_resolution(scenario.assembly)
    with pytest.raises(RuleViolation) as exc:  # R-AG-13: not recorded present
        services.cast_ballot(
            resolution, scenario.trav[0], "abstain", secretary=True, by=scenario.secretary, now=NOW
        )
    assert codes(exc) == ["vote_not_recorded_present"]
    attend(scenario.assembly, scenario.trav[0])
    services.cast_ballot(
        resolution,
        scenario.trav[0],
        "abstain",
        secretary=True,
        by=scenario.secretary,
        now=NOW,
        cast_by_name="Ann Member",
    )
    ballot = db.session.scalar(select(Ballot))
    assert (ballot.channel, ballot.cast_by_name) == ("in_person", "Ann Member")
    assert ballot.cast_by_user_id == scenario.secretary.id


# --- Local authorities (R-LA-5) -----------------------------------------------------------------


def test_the_representative_votes_for_the_authority(scenario, voting_resolution):
    resolution = voting_resolution(scenario.assembly)
    services.cast_ballot(resolution, scenario.authority, "for", by=scenario.representative, now=NOW)
    ballot = db.session.scalar(select(Ballot))
    assert ballot.member_id == scenario.authority.id  # the authority is the voter
    assert ballot.cast_by_name == "Jeanne Maire"  # and the person is recorded
    assert ballot.cast_by_user_id == scenario.representative.id


@pytest.mark.parametrize(
    "executory_on",
    [None, date(2026, 12, 1)],
    ids=["R-LA-5 no executory date", "R-LA-5 enforceable later"],
)
def test_a_representative_without_an_enforceable_deliberation_is_refused(
    scenario, voting_authority, make_user, voting_resolution, executory_on
):
    person = make_user()
    authority = voting_authority(
        scenario.cooperative, user=person, executory_on=executory_on, name="Département"
    )
    resolution = voting_resolution(scenario.assembly)
    with pytest.raises(RuleViolation) as exc:
        services.cast_ballot(resolution, authority, "for", by=person, now=NOW)
    assert codes(exc) == ["vote_deliberation_not_enforceable"]
    assert exc.value.violations[0].rule == "R-LA-5"
    assert ballot_count() == 0


def test_a_replaced_representative_cannot_vote(scenario, make_user, voting_resolution):
    from scic.membership.models import Mandate

    newcomer = Mandate(
        cooperative_id=scenario.cooperative.id,
        member_id=scenario.authority.id,
        full_name="Paul Nouveau",
        role="main",
        valid_from=date(2026, 6, 1),
        deliberation_id=scenario.authority.deliberations[0].id,
    )
    db.session.add(newcomer)
    db.session.flush()
    db.session.refresh(scenario.authority)
    resolution = voting_resolution(scenario.assembly)
    with pytest.raises(RuleViolation) as exc:
        services.cast_ballot(
            resolution, scenario.authority, "for", by=scenario.representative, now=NOW
        )
    assert codes(exc) == ["representative_replaced"]


# --- Proxies (R-AG-7) and correspondence (R-AG-8) -----------------------------------------------


def test_a_proxy_holder_votes_in_the_grantors_college(scenario, voting_resolution):
    grantor, holder = scenario.usa[0], scenario.trav[0]
    give_proxy(scenario, grantor, holder)
    resolution = voting_resolution(scenario.assembly)
    holder_user = scenario.users[holder.id]
    cast(scenario, resolution, holder, "for")
    cast(scenario, resolution, grantor, "against", by=holder_user)
    by_member = {b.member_id: b for b in db.session.scalars(select(Ballot))}
    assert by_member[grantor.id].channel == "proxy_named"
    assert by_member[grantor.id].college_id == grantor.college_id != holder.college_id
    # The grantor may attend but not vote again (R-AG-7).
    other = voting_resolution(scenario.assembly, title="Other")
    with pytest.raises(RuleViolation) as exc:
        cast(scenario, other, grantor)
    assert codes(exc) == ["cannot_vote_again"]


@pytest.mark.parametrize(
    ("board_approved", "choice"),
    [(True, "for"), (False, "against")],
    ids=["R-AG-7 approved: for", "R-AG-7 not approved: against"],
)
def test_blank_proxies_follow_the_board_at_closing(
    scenario, voting_resolution, board_approved, choice
):
    give_proxy(scenario, scenario.usa[1], None)
    resolution = voting_resolution(scenario.assembly, board_approved=board_approved)
    services.close_vote(resolution, by=scenario.secretary, now=NOW)
    ballot = db.session.scalar(select(Ballot))
    assert (ballot.member_id, ballot.choice, ballot.channel) == (
        scenario.usa[1].id,
        choice,
        "proxy_blank",
    )
    assert ballot.cast_by_name == "Claire Présidente"


def test_a_postal_vote_before_the_deadline_then_no_vote_in_session(scenario, voting_resolution):
    scenario.assembly.status = "convened"
    first = voting_resolution(scenario.assembly, open=False)
    second = voting_resolution(scenario.assembly, open=False, title="Second")
    member = scenario.trav[0]
    early = SESSION_START - timedelta(days=3)
    receipt = cast(scenario, first, member, now=early)
    assert receipt.channel == "correspondence"
    # An electronic form after 15:00 the day before is late (R-AG-8).
    late = datetime(2026, 11, 28, 15, 30, tzinfo=UTC)
    with pytest.raises(RuleViolation) as exc:
        cast(scenario, second, scenario.trav[1], now=late)
    assert codes(exc) == ["vote_advance_deadline_passed"]
    # In session, the postal voter cannot vote on another resolution.
    scenario.assembly.status = "open"
    services.open_vote(second, now=NOW)
    with pytest.raises(RuleViolation) as exc:
        cast(scenario, second, member)
    assert codes(exc) == ["cannot_vote_again"]
    assert exc.value.violations[0].rule == "R-AG-8"


# --- Counting and closing -----------------------------------------------------------------------


def vote_pattern(scenario, resolution):
    """TRAV 2 for 1 against, USA 1 for 1 against, PUB (the commune) against."""
    for member, choice in zip(scenario.trav, ("for", "for", "against"), strict=True):
        cast(scenario, resolution, member, choice)
    for member, choice in zip(scenario.usa, ("for", "against"), strict=True):
        cast(scenario, resolution, member, choice)
    services.cast_ballot(
        resolution, scenario.authority, "against", by=scenario.representative, now=NOW
    )


def test_closing_freezes_the_exact_weighted_result(scenario, voting_resolution):
    resolution = voting_resolution(scenario.assembly)
    vote_pattern(scenario, resolution)
    outcome = services.close_vote(resolution, by=scenario.secretary, now=NOW)
    # F = 1/2·2/3 + 1/5·1/2 = 13/30; A = 1/2·1/3 + 1/5·1/2 + 3/10 = 17/30 (R-TAL-1).
    assert outcome.share_for == Fraction(13, 30)
    assert outcome.adopted is False
    assert outcome.threshold == Fraction(1, 2)
    trav = next(c for c in outcome.colleges if c["code"] == "TRAV")
    assert (trav["entitled"], trav["voted"], trav["for"], trav["against"]) == (3, 3, 2, 1)
    assert trav["weight"] == "50"
    assert trav["for_share"] == "1/3"
    assert resolution.status == "closed"
    assert resolution.closed_at == NOW


def test_a_later_change_of_weights_never_changes_a_past_result(scenario, voting_resolution):
    from scic.cooperatives.models import CollegeWeight

    resolution = voting_resolution(scenario.assembly)
    vote_pattern(scenario, resolution)
    services.close_vote(resolution, now=NOW)
    for college, weight in zip(scenario.cooperative.colleges, (30, 30, 40), strict=True):
        db.session.add(
            CollegeWeight(
                college_id=college.id, weight=Fraction(weight, 100), effective_on=date(2026, 11, 1)
            )
        )
    db.session.flush()
    snap = services.snapshot(resolution)
    assert snap.share_for == Fraction(13, 30)
    assert [c.weight for c in snap.colleges] == [Fraction(1, 2), Fraction(1, 5), Fraction(3, 10)]


def test_outcomes_and_ballots_are_append_only(scenario, voting_resolution):
    resolution = voting_resolution(scenario.assembly)
    cast(scenario, resolution, scenario.trav[0])
    services.close_vote(resolution, now=NOW)
    ballot = db.session.scalar(select(Ballot))
    ballot.choice = "against"
    with pytest.raises(AppendOnlyError):
        db.session.flush()
    db.session.rollback()


def test_a_show_of_hands_adds_up_with_individual_ballots(scenario, voting_resolution):
    resolution = voting_resolution(scenario.assembly)
    trav, usa, _pub = scenario.cooperative.colleges
    attend(scenario.assembly, *scenario.trav)
    services.record_hand_count(resolution, trav, votes_for=2, votes_against=0, now=NOW)
    cast(scenario, resolution, scenario.usa[0], "for")
    with pytest.raises(RuleViolation) as exc:
        services.record_hand_count(resolution, trav, votes_for=1, votes_against=0, now=NOW)
    assert codes(exc) == ["hand_count_already_recorded"]
    with pytest.raises(RuleViolation) as exc:
        services.record_hand_count(resolution, usa, votes_for=1, votes_against=0, now=NOW)
    assert codes(exc) == ["hand_count_exceeds_participants"]  # nobody of USA in the room
    outcome = services.close_vote(resolution, now=NOW)
    assert outcome.share_for == 1
    assert outcome.adopted
    assert db.session.scalar(select(func.count()).select_from(HandCount)) == 1


def test_an_exact_tie_on_an_exclusion_is_not_adopted(scenario, voting_resolution):
    resolution = voting_resolution(
        scenario.assembly, kind="exclusion", excluded_member=scenario.usa[1]
    )
    cast(scenario, resolution, scenario.trav[0], "for")
    cast(scenario, resolution, scenario.usa[0], "against")
    services.cast_ballot(
        resolution, scenario.authority, "against", by=scenario.representative, now=NOW
    )
    outcome = services.close_vote(resolution, now=NOW)
    assert outcome.share_for == Fraction(1, 2)
    assert not outcome.adopted


# --- Secret ballots (R-TAL-3) -------------------------------------------------------------------


def test_secret_ballots_carry_no_voter_reference(scenario, voting_resolution):
    resolution = voting_resolution(scenario.assembly, secret=True)
    receipts = [
        cast(scenario, resolution, m, c)
        for m, c in zip(scenario.trav, ("for", "against", "for"), strict=True)
    ]
    receipts.append(cast(scenario, resolution, scenario.usa[0], "for"))
    assert all(r.choice is None for r in receipts)
    assert ballot_count() == 0
    # While open: who voted is known, what was voted sits in the urn without voter or time.
    assert db.session.scalar(select(func.count()).select_from(SecretParticipation)) == 4
    urn_columns = {
        c["name"] for c in inspect(db.session.connection()).get_columns("secret_urn_boxes")
    }
    assert urn_columns == {"id", "resolution_id", "sealed"}
    live = services.snapshot(resolution)
    assert live.choices_hidden
    assert live.share_for is None
    assert live.voted == 4

    outcome = services.close_vote(
        resolution, by=scenario.secretary, now=NOW, urn=open_urn(resolution)
    )
    columns = {c["name"] for c in inspect(db.session.connection()).get_columns("secret_ballots")}
    assert columns == {
        "id",
        "cooperative_id",
        "resolution_id",
        "college_id",
        "choice",
        "receipt_code",
        "prev_hash",
        "hash",
    }
    assert not any("member" in c or "user" in c or "_at" in c for c in columns)
    assert db.session.scalar(select(func.count()).select_from(SecretUrnBox)) == 0
    rows = db.session.scalars(select(SecretBallot)).all()
    assert sorted(r.choice for r in rows) == ["against", "for", "for", "for"]
    # Keys are random (not the voting order) and the chain follows the keys.
    assert [r.id for r in db.session.scalars(select(SecretBallot).order_by(SecretBallot.id))]
    # No secret choice reached the audit log.
    for entry in db.session.scalars(select(AuditEntry).where(AuditEntry.action == "ballot.cast")):
        assert "choice" not in entry.data
    # The result still has per-college counts (R-TAL-3); the USA college had one voter.
    trav = next(c for c in outcome.colleges if c["code"] == "TRAV")
    assert (trav["for"], trav["against"]) == (2, 1)
    assert outcome.small_colleges == ["USA"]
    # Each voter finds their code in the published list, which shows no choice.
    published = services.published_receipts(resolution)
    assert sorted(r.code for r in receipts) == published
    check = services.verify_receipt(scenario.assembly, receipts[1].code)
    assert check.secret
    assert check.choice is None


def test_secret_ballot_chain_verifies(scenario, voting_resolution):
    from scic.core.chain import verify_chain
    from scic.core.checkpoints import chain_key

    resolution = voting_resolution(scenario.assembly, secret=True)
    for member in scenario.trav:
        cast(scenario, resolution, member, "for")
    services.close_vote(resolution, now=NOW, urn=open_urn(resolution))
    rows = db.session.scalars(select(SecretBallot).order_by(SecretBallot.id)).all()
    entries = ((r.id, r.prev_hash, r.hash, r.chain_payload()) for r in rows)
    assert verify_chain(entries, chain_key()) is None


def test_a_secret_ballot_refuses_a_show_of_hands(scenario, voting_resolution):
    resolution = voting_resolution(scenario.assembly, secret=True)
    attend(scenario.assembly, scenario.trav[0])
    with pytest.raises(RuleViolation) as exc:
        services.record_hand_count(
            resolution, scenario.cooperative.colleges[0], votes_for=1, votes_against=0, now=NOW
        )
    assert codes(exc) == ["hand_count_secret"]


def test_a_secret_double_vote_is_refused(scenario, voting_resolution):
    resolution = voting_resolution(scenario.assembly, secret=True)
    cast(scenario, resolution, scenario.trav[0])
    with pytest.raises(RuleViolation) as exc:
        cast(scenario, resolution, scenario.trav[0])
    assert codes(exc) == ["already_voted"]
    assert db.session.scalar(select(func.count()).select_from(SecretUrnBox)) == 1


# --- Tokens -------------------------------------------------------------------------------------


def test_the_voting_token_opens_one_assembly_until_its_votes_close(scenario, voting_assembly):
    member = scenario.trav[0]
    token = services.make_voting_token(scenario.assembly, member)
    assert services.read_voting_token(token) == (scenario.assembly, member)
    assert services.read_voting_token(token + "x") is None
    scenario.assembly.status = "closed"
    assert services.read_voting_token(token) is None


def test_export_needs_a_closed_vote(scenario):
    with pytest.raises(RuleViolation) as exc:
        services.export_tally(scenario.assembly)
    assert codes(exc) == ["export_nothing_closed"]


def test_outcome_is_unique_per_resolution(scenario, voting_resolution):
    resolution = voting_resolution(scenario.assembly)
    services.close_vote(resolution, now=NOW)
    with pytest.raises(RuleViolation):
        services.close_vote(resolution, now=NOW)
    assert db.session.scalar(select(func.count()).select_from(Outcome)) == 1


@pytest.mark.parametrize("secret", [False, True], ids=["open", "secret"])
def test_the_unique_constraint_is_the_last_word(scenario, voting_resolution, monkeypatch, secret):
    """When two requests both pass the check, the database refuses the second ballot."""
    from scic.voting import queries

    resolution = voting_resolution(scenario.assembly, secret=secret)
    member = scenario.trav[0]
    cast(scenario, resolution, member, "for")
    monkeypatch.setattr(queries, "has_voted", lambda *args: False)
    with pytest.raises(RuleViolation) as exc:
        cast(scenario, resolution, member, "against")
    assert codes(exc) == ["already_voted"]
    model = SecretParticipation if secret else Ballot
    assert db.session.scalar(select(func.count()).select_from(model)) == 1
    db.session.commit()  # the transaction is still usable: the first ballot stays
    assert db.session.scalar(select(func.count()).select_from(model)) == 1


def test_the_alternate_votes_when_the_main_representative_has_not(
    scenario, make_user, voting_resolution
):
    from scic.membership.models import Mandate

    alternate_user = make_user()
    authority = scenario.authority
    db.session.add(
        Mandate(
            cooperative_id=scenario.cooperative.id,
            member_id=authority.id,
            user_id=alternate_user.id,
            full_name="Marc Suppléant",
            role="alternate",
            valid_from=date(2020, 1, 1),
            deliberation_id=authority.deliberations[0].id,
        )
    )
    db.session.flush()
    db.session.refresh(authority)
    resolution = voting_resolution(scenario.assembly)
    services.cast_ballot(resolution, authority, "for", by=alternate_user, now=NOW)
    ballot = db.session.scalar(select(Ballot))
    assert (ballot.member_id, ballot.cast_by_name) == (authority.id, "Marc Suppléant")
    # The main representative comes too late: the authority has its one vote.
    with pytest.raises(RuleViolation) as exc:
        services.cast_ballot(resolution, authority, "against", by=scenario.representative, now=NOW)
    assert "already_voted" in codes(exc)


def test_counting_several_resolutions_at_once_equals_counting_each(scenario, voting_resolution):
    first = voting_resolution(scenario.assembly, title="Comptes")
    second = voting_resolution(scenario.assembly, title="Affectation")
    closed = voting_resolution(scenario.assembly, title="Quitus")
    trav, _usa, _pub = scenario.cooperative.colleges
    cast(scenario, first, scenario.trav[0], "for")
    cast(scenario, first, scenario.usa[0], "against")
    cast(scenario, second, scenario.usa[1], "abstain")
    attend(scenario.assembly, *scenario.trav)
    services.record_hand_count(second, trav, votes_for=2, votes_against=1, now=NOW)
    cast(scenario, closed, scenario.trav[1], "against")
    services.close_vote(closed, now=NOW)

    def numbers(snap):
        return (
            snap.share_for,
            snap.adopted,
            [(c.code, c.entitled, c.voted, c.for_, c.against, c.abstain) for c in snap.colleges],
        )

    together = services.snapshots([first, second, closed])
    one_by_one = [services.snapshot(r) for r in (first, second, closed)]
    assert [numbers(s) for s in together] == [numbers(s) for s in one_by_one]
    # And the numbers are the ballots' own: TRAV counted 1 for, USA 1 against, then the hands.
    assert [c.for_ for c in together[0].colleges][:2] == [1, 0]
    trav_line = together[1].colleges[0]
    assert (trav_line.voted, trav_line.for_, trav_line.against) == (3, 2, 1)


def test_one_members_capacity_is_its_entry_in_the_voters_list(scenario):
    """The vote POST asks capacity_for_user for one member; it must answer as the full list
    does, for every user and member: own, represented (R-LA-5), by proxy (R-AG-7), or none."""
    give_proxy(scenario, scenario.usa[0], scenario.trav[0])
    users = [*scenario.users.values(), scenario.representative, scenario.secretary]
    members = [*scenario.trav, *scenario.usa, scenario.authority]
    day = services.paris_day(NOW)
    seen = set()
    for user in users:
        listed = {c.member.id: c for c in services.voters_for_user(user, scenario.assembly, day)}
        for member in members:
            one = services.capacity_for_user(user, member, scenario.assembly, day)
            assert one == listed.get(member.id), (user.email, member.id)
            seen.add(
                "none"
                if one is None
                else "proxy"
                if one.proxy
                else "mandate"
                if one.mandate
                else "own"
            )
    assert seen == {"none", "own", "mandate", "proxy"}


def test_no_ballot_once_the_minutes_are_signed(scenario, voting_resolution):
    """§6.9: signed minutes close the assembly; the signature is read under the vote's lock."""
    resolution = voting_resolution(scenario.assembly)
    voter = scenario.trav[0]
    scenario.assembly.locked_at = NOW
    db.session.flush()
    with pytest.raises(RuleViolation) as exc:
        cast(scenario, resolution, voter)
    assert codes(exc) == ["assembly_locked"]
    assert ballot_count() == 0


def test_the_secretary_cannot_record_a_former_representative_in_the_room(
    scenario, voting_resolution
):
    # Issue 16: the in-room path accepted the former representative (R-AG-13, R-LA-5).
    resolution = voting_resolution(scenario.assembly)
    authority = scenario.authority
    authority.mandates[0].valid_to = date(2026, 6, 30)
    attend(scenario.assembly, authority)
    with pytest.raises(RuleViolation) as exc:
        services.cast_ballot(
            resolution, authority, "for", secretary=True, now=NOW, cast_by_name="Jeanne Maire"
        )
    assert codes(exc) == ["mandate_ended"]
    with pytest.raises(RuleViolation) as exc:  # and nobody else is designated
        services.cast_ballot(resolution, authority, "for", secretary=True, now=NOW)
    assert codes(exc) == ["vote_without_mandate"]
    assert ballot_count() == 0


def test_postal_forms_entered_by_the_secretary_keep_to_the_window(scenario, voting_resolution):
    """R-AG-13, R-AG-8: a paper form counts when received between the convocation and the
    deadline, and it cannot be received after it is entered."""
    from scic.voting import eligibility

    resolution = voting_resolution(scenario.assembly)
    deadline = eligibility.advance_deadline(scenario.assembly, electronic=False)
    convened = eligibility.convened_at(scenario.assembly)

    def enter(member, received):
        return services.cast_ballot(
            resolution,
            member,
            "for",
            now=NOW,
            secretary=True,
            channel="correspondence",
            received_at=received,
            by=scenario.secretary,
        )

    for member, received, expected in [
        (scenario.trav[0], convened - timedelta(minutes=1), ["vote_before_convocation"]),
        (scenario.trav[1], deadline, ["vote_advance_deadline_passed"]),
        (scenario.usa[0], NOW + timedelta(minutes=1), ["vote_received_after_entry"]),
    ]:
        with pytest.raises(RuleViolation) as refused:
            enter(member, received)
        assert codes(refused) == expected
    assert enter(scenario.trav[2], deadline - timedelta(minutes=1)).channel == "correspondence"
