"""Table tests of the ballot rules added to scic.voting.rules (R-AG-7, R-AG-8, R-AG-9, R-LA-5)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scic.voting.rules import (
    SIMPLE,
    TWO_THIRDS,
    BallotSituation,
    Channel,
    check_ballot,
    check_local_authority_vote,
    choice_count,
    majority_of,
    new_receipt,
    normalise_receipt,
    receipt_hash,
    small_secret_colleges,
)


@pytest.mark.parametrize(
    ("situation", "codes"),
    [
        pytest.param(BallotSituation(Channel.REMOTE), [], id="remote vote while open"),
        pytest.param(
            BallotSituation(Channel.IN_PERSON, already_voted=True),
            ["already_voted"],
            id="one ballot per member",
        ),
        pytest.param(
            BallotSituation(Channel.REMOTE, remote_allowed=False),
            ["remote_voting_not_allowed"],
            id="R-AG-9 no remote voting",
        ),
        pytest.param(
            BallotSituation(Channel.IN_PERSON, gave_proxy=True),
            ["cannot_vote_again"],
            id="R-AG-7 gave a proxy",
        ),
        pytest.param(
            BallotSituation(Channel.REMOTE, voted_by_correspondence=True),
            ["cannot_vote_again"],
            id="R-AG-8 voted by post",
        ),
        pytest.param(
            BallotSituation(
                Channel.REMOTE, voted_by_correspondence=True, statutes_allow_revote=True
            ),
            [],
            id="R-AG-8 statutes allow voting again",
        ),
        pytest.param(
            BallotSituation(Channel.PROXY_NAMED, gave_proxy=True),
            [],
            id="R-AG-7 the holder votes for the grantor",
        ),
        pytest.param(
            BallotSituation(Channel.REMOTE, acts_for_voter=False),
            ["not_acting_for_member"],
            id="for another member",
        ),
        pytest.param(
            BallotSituation(Channel.REMOTE, entitled=False),
            ["voter_not_entitled"],
            id="R-CAT-7 not a member on the day",
        ),
        pytest.param(
            BallotSituation(Channel.REMOTE, same_cooperative=False, already_voted=True),
            ["vote_other_cooperative"],
            id="another cooperative",
        ),
    ],
)
def test_check_ballot(situation, codes):
    assert [v.code for v in check_ballot(situation)] == codes


@pytest.mark.parametrize(
    ("executory_on", "is_authority", "codes"),
    [
        pytest.param(date(2026, 1, 1), True, [], id="R-LA-5 enforceable"),
        pytest.param(date(2026, 11, 29), True, [], id="R-LA-5 enforceable that day"),
        pytest.param(
            date(2026, 11, 30),
            True,
            ["vote_deliberation_not_enforceable"],
            id="R-LA-5 enforceable later",
        ),
        pytest.param(
            None, True, ["vote_deliberation_not_enforceable"], id="R-LA-5 no executory date"
        ),
        pytest.param(None, False, [], id="R-LA-5 not a local authority"),
    ],
)
def test_check_local_authority_vote(executory_on, is_authority, codes):
    violations = check_local_authority_vote(
        executory_on, date(2026, 11, 29), is_local_authority=is_authority
    )
    assert [v.code for v in violations] == codes
    assert all(v.rule == "R-LA-5" for v in violations)


@pytest.mark.parametrize(
    ("voters", "small"),
    [
        pytest.param({"A": 3, "B": 10}, [], id="R-TAL-3 enough voters"),
        pytest.param({"A": 1, "B": 2, "C": 3}, ["A", "B"], id="R-TAL-3 one or two voters"),
        pytest.param({"A": 0}, [], id="R-TAL-3 silent college reveals nothing"),
    ],
)
def test_small_secret_colleges(voters, small):
    assert small_secret_colleges(voters) == small


@pytest.mark.parametrize(
    ("setting", "majority"),
    [
        pytest.param("simple", SIMPLE, id="§5 simple"),
        pytest.param("two_thirds", TWO_THIRDS, id="§5 two thirds"),
        pytest.param("sarl_two_step", SIMPLE, id="§8 #7 SARL second step"),
    ],
)
def test_majority_of(setting, majority):
    assert majority_of(setting) == majority


def test_choice_count_puts_blank_and_void_with_abstentions():
    count = choice_count("A", ["for", "blank", "void", "against", "abstain", "for"])
    assert (count.for_, count.against, count.abstain) == (2, 1, 3)


@given(st.integers(min_value=0, max_value=2**80 - 1))
def test_receipts_are_16_characters_and_survive_typing(bits):
    code = new_receipt(bits)
    assert len(normalise_receipt(code)) == 16
    typed = code.lower().replace("-", " ")
    assert receipt_hash(typed) == receipt_hash(code)


def test_look_alike_letters_are_normalised():
    assert normalise_receipt("o1il-u") == normalise_receipt("0111V")
