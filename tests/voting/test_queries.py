"""The grouped counts of the tally give the same numbers as asking member by member."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import select

from scic.core.db import db
from scic.membership import services as membership
from scic.membership.models import Member, MemberPlacement
from scic.voting import queries
from scic.voting import services as voting
from tests.fixtures.membership import category_by_code

ADMITTED = date(2024, 1, 10)


@pytest.fixture
def moved_members(make_cooperative, make_member):
    """Members who stayed, moved before, on and after the days asked, left, or came late."""
    coop = make_cooperative()
    stayed = [make_member(coop, category="USA") for _ in range(3)]
    moved_early = make_member(coop, category="USA")
    membership.change_category(moved_early, category_by_code(coop, "SAL"), date(2024, 3, 1), None)
    moved_late = make_member(coop, category="USA")
    membership.change_category(moved_late, category_by_code(coop, "SAL"), date(2025, 3, 1), None)
    moved_twice = make_member(coop, category="SAL")
    membership.change_category(moved_twice, category_by_code(coop, "USA"), date(2024, 6, 1), None)
    membership.change_category(moved_twice, category_by_code(coop, "SAL"), date(2025, 6, 1), None)
    make_member(coop, kind="local_authority")
    make_member(coop, category="USA", admit=False)  # a candidate has no vote
    make_member(coop, category="SAL", on=date(2025, 9, 1))  # admitted after some days asked
    gone = make_member(coop, category="USA")
    gone.status = "exited"
    db.session.flush()
    return coop, stayed


DAYS = [
    date(2024, 1, 9),  # before anyone was admitted
    ADMITTED,
    date(2024, 3, 1),  # the day of a move
    date(2024, 12, 31),
    date(2025, 3, 1),
    date(2025, 7, 1),
    date(2026, 6, 13),
]


@pytest.mark.parametrize("day", DAYS)
def test_entitled_per_college_equals_the_college_of_each_member_on_the_day(moved_members, day):
    coop, _stayed = moved_members
    expected = Counter(
        queries.college_on(member, day) for member in queries.entitled_members(coop, day)
    )
    assert queries.entitled_per_college(coop, day) == dict(expected)


def test_a_move_after_the_day_leaves_the_member_in_its_old_college(moved_members):
    coop, _stayed = moved_members
    college = {c.code: c.id for c in coop.colleges}
    before = queries.entitled_per_college(coop, date(2024, 12, 31))
    after = queries.entitled_per_college(coop, date(2025, 3, 1))
    # moved_late leaves USA for TRAV on 2025-03-01; the local authority stays in PUB.
    assert after[college["USA"]] == before[college["USA"]] - 1
    assert after[college["TRAV"]] == before[college["TRAV"]] + 1
    assert after[college["PUB"]] == before[college["PUB"]] == 1


@pytest.mark.parametrize("day", DAYS)
def test_the_posted_ballot_reads_the_college_college_on_gives_for_every_member(
    moved_members, make_assembly, make_member, day
):
    """The vote POST's one statement (resolution, assembly, member, college) answers as
    college_on, for members who moved, came late, left, never placed or placed collegeless."""
    coop, stayed = moved_members
    # A placement without a college, then one with: told from "no placement" on every day.
    collegeless = make_member(coop, category="USA")
    db.session.add(
        MemberPlacement(
            member_id=collegeless.id,
            category_id=collegeless.category_id,
            college_id=None,
            valid_from=date(2024, 12, 31),
        )
    )
    never_placed = make_member(coop, category="SAL")
    db.session.execute(
        MemberPlacement.__table__.delete().where(MemberPlacement.member_id == never_placed.id)
    )
    db.session.flush()
    resolution = voting.create_resolution(
        make_assembly(coop, agenda=()), title="Approbation des comptes"
    )
    members = db.session.scalars(select(Member).where(Member.cooperative_id == coop.id)).all()
    assert len(members) == len(stayed) + 9
    for member in members:
        posted = queries.posted_ballot(resolution.id, member.id, day)
        assert (posted.resolution, posted.member) == (resolution, member)
        assert posted.resolution.assembly is resolution.assembly
        expected = queries.college_on(member, day)
        assert posted.college == queries.CollegeOnDay(member.id, day, expected), member.name


def test_the_posted_ballot_of_an_unknown_member_or_resolution_reads_nothing_more(
    moved_members, make_assembly
):
    coop, stayed = moved_members
    resolution = voting.create_resolution(
        make_assembly(coop, agenda=()), title="Approbation des comptes"
    )
    unknown_member = queries.posted_ballot(resolution.id, stayed[-1].id + 1000, ADMITTED)
    assert unknown_member == queries.PostedBallot(resolution, None, None)
    no_member = queries.posted_ballot(resolution.id, None, ADMITTED)
    assert no_member == queries.PostedBallot(resolution, None, None)
    unknown = queries.posted_ballot(resolution.id + 1000, stayed[0].id, ADMITTED)
    assert unknown == queries.PostedBallot(None, None, None)
