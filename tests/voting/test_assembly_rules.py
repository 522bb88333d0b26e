"""Table tests of a valid deliberation: quorum (R-AG-11) and majorities per legal form (R-AG-12)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from scic.cooperatives.rules import AssemblyKind, LegalForm
from scic.core.percent import from_percent
from scic.voting.assembly_rules import (
    CollegeTurnout,
    Denominator,
    Turnout,
    check_ballots_within_turnout,
    check_majority,
    check_turnout,
    deliberate,
    is_not_below,
    legal_majority,
    quorum_of,
)
from scic.voting.rules import (
    SIMPLE,
    THREE_QUARTERS,
    TWO_THIRDS,
    CollegeCount,
    CollegeWeight,
    Majority,
    MajorityKind,
    Method,
    VotingSettings,
)

SA, SARL, SAS = LegalForm.SA, LegalForm.SARL, LegalForm.SAS
ORD, EXTRA = AssemblyKind.ORDINARY, AssemblyKind.EXTRAORDINARY
HEADCOUNT = VotingSettings(method=Method.HEADCOUNT)


def turnout(form, kind, call, members, participating, quorum=None, colleges=()):
    return Turnout(form, kind, call, members, participating, quorum, tuple(colleges))


@pytest.mark.parametrize(
    ("form", "kind", "call", "members", "participating", "quorum", "reached"),
    [
        pytest.param(SA, ORD, 1, 12, 2, None, False, id="R-AG-11 SA AGO 2 of 12 missed"),
        pytest.param(SA, ORD, 1, 15, 3, None, True, id="R-AG-11 SA AGO exactly 1/5 (3 of 15)"),
        pytest.param(SA, ORD, 1, 15, 2, None, False, id="R-AG-11 SA AGO 2 of 15 missed"),
        pytest.param(SA, ORD, 1, 12, 3, None, True, id="R-AG-11 SA AGO 3 of 12 (12/5 needed)"),
        pytest.param(SA, ORD, 2, 12, 0, None, True, id="R-AG-11 SA AGO second call none"),
        pytest.param(SA, EXTRA, 1, 12, 3, None, True, id="R-AG-11 SA AGE exactly 1/4"),
        pytest.param(SA, EXTRA, 1, 12, 2, None, False, id="R-AG-11 SA AGE 2 of 12 missed"),
        pytest.param(SA, EXTRA, 2, 10, 2, None, True, id="R-AG-11 SA AGE second call 1/5"),
        pytest.param(SA, EXTRA, 2, 10, 1, None, False, id="R-AG-11 SA AGE second call 1 of 10"),
        pytest.param(SARL, ORD, 1, 10, 0, None, True, id="R-AG-11 SARL AGO no quorum"),
        pytest.param(SARL, EXTRA, 1, 8, 2, None, True, id="R-AG-11 SARL AGE exactly 1/4"),
        pytest.param(SARL, EXTRA, 1, 8, 1, None, False, id="R-AG-11 SARL AGE 1 of 8 missed"),
        pytest.param(SAS, ORD, 1, 15, 2, None, False, id="R-AG-11 SAS default as SA"),
        pytest.param(SAS, ORD, 1, 15, 2, Fraction(1, 10), True, id="R-AG-11 SAS statutes 1/10"),
        pytest.param(SA, ORD, 1, 12, 3, Fraction(1, 3), False, id="R-AG-11 SA statutes raise 1/3"),
        pytest.param(SA, ORD, 1, 12, 4, Fraction(1, 3), True, id="R-AG-11 SA exactly 1/3"),
    ],
)
def test_quorum(form, kind, call, members, participating, quorum, reached):
    assert quorum_of(turnout(form, kind, call, members, participating, quorum)).reached is reached


@pytest.mark.parametrize(
    ("form", "kind", "call", "floor", "denominator"),
    [
        pytest.param(SA, ORD, 1, SIMPLE, Denominator.VOTES_CAST, id="R-AG-12 SA AGO"),
        pytest.param(SA, EXTRA, 2, TWO_THIRDS, Denominator.VOTES_CAST, id="R-AG-12 SA AGE"),
        pytest.param(SARL, ORD, 1, SIMPLE, Denominator.MEMBERS, id="R-AG-12 SARL AGO first"),
        pytest.param(SARL, ORD, 2, SIMPLE, Denominator.VOTES_CAST, id="R-AG-12 SARL AGO second"),
        pytest.param(SARL, EXTRA, 1, TWO_THIRDS, Denominator.PARTICIPATING, id="R-AG-12 SARL AGE"),
        pytest.param(SAS, EXTRA, 1, None, Denominator.VOTES_CAST, id="R-AG-12 SAS free"),
    ],
)
def test_legal_majority(form, kind, call, floor, denominator):
    law = legal_majority(form, kind, call)
    assert (law.floor, law.denominator) == (floor, denominator)


@pytest.mark.parametrize(
    ("majority", "floor", "ok"),
    [
        pytest.param(TWO_THIRDS, TWO_THIRDS, True, id="R-AG-12 at least 2/3 = floor"),
        pytest.param(
            Majority(MajorityKind.MORE_THAN, Fraction(2, 3)), TWO_THIRDS, True, id="more than 2/3"
        ),
        pytest.param(SIMPLE, TWO_THIRDS, False, id="R-AG-12 simple below 2/3"),
        pytest.param(
            Majority(MajorityKind.AT_LEAST, Fraction(1, 2)), SIMPLE, False, id="at least 1/2"
        ),
        pytest.param(
            Majority(MajorityKind.AT_LEAST, Fraction(66, 100)), TWO_THIRDS, False, id="66 %"
        ),
        pytest.param(THREE_QUARTERS, TWO_THIRDS, True, id="3/4 raises 2/3"),
    ],
)
def test_a_majority_may_raise_the_law_never_lower_it(majority, floor, ok):
    assert is_not_below(majority, floor) is ok


def heads(for_=0, against=0, abstain=0):
    return [CollegeCount(None, for_, against, abstain)]


@pytest.mark.parametrize(
    ("assembly", "ballots", "majority", "share_for", "adopted"),
    [
        pytest.param(
            turnout(SARL, ORD, 1, 10, 3),
            heads(2, 1),
            SIMPLE,
            Fraction(2, 10),
            False,
            id="R-AG-12 SARL first consultation 2 of 10 rejected",
        ),
        pytest.param(
            turnout(SARL, ORD, 1, 10, 6),
            heads(5, 1),
            SIMPLE,
            Fraction(1, 2),
            False,
            id="R-AG-12 SARL first consultation exactly half of members rejected",
        ),
        pytest.param(
            turnout(SARL, ORD, 1, 10, 6),
            heads(6),
            SIMPLE,
            Fraction(6, 10),
            True,
            id="R-AG-12 SARL first consultation 6 of 10 adopted",
        ),
        pytest.param(
            turnout(SARL, ORD, 2, 10, 3),
            heads(2, 1),
            SIMPLE,
            Fraction(2, 3),
            True,
            id="R-AG-12 SARL second consultation on votes cast",
        ),
        pytest.param(
            turnout(SARL, EXTRA, 1, 8, 5),
            heads(3),
            TWO_THIRDS,
            Fraction(3, 5),
            False,
            id="R-AG-12 SARL AGE 3 of 5 present rejected",
        ),
        pytest.param(
            turnout(SARL, EXTRA, 1, 8, 6),
            heads(4, 0, 1),
            TWO_THIRDS,
            Fraction(2, 3),
            True,
            id="R-AG-12 SARL AGE exactly 2/3 of present adopted",
        ),
        pytest.param(
            turnout(SA, EXTRA, 1, 12, 3),
            heads(2, 1),
            TWO_THIRDS,
            Fraction(2, 3),
            True,
            id="R-AG-12 SA AGE exactly 2/3 of votes cast",
        ),
        pytest.param(
            turnout(SA, ORD, 1, 12, 2),
            heads(2),
            SIMPLE,
            Fraction(1),
            False,
            id="R-AG-11 SA no quorum: unanimous but not adopted",
        ),
        pytest.param(
            turnout(SA, ORD, 2, 12, 2),
            heads(2),
            SIMPLE,
            Fraction(1),
            True,
            id="R-AG-11 SA second call: adopted",
        ),
    ],
)
def test_deliberate_headcount(assembly, ballots, majority, share_for, adopted):
    result = deliberate((), ballots, HEADCOUNT, majority, assembly, "R1")

    assert result.share_for == share_for
    assert result.adopted is adopted
    assert result.validly_deliberated is quorum_of(assembly).reached


def test_no_quorum_reports_the_shares_but_adopts_nothing():
    result = deliberate((), heads(2), HEADCOUNT, SIMPLE, turnout(SA, ORD, 1, 12, 2), "R1")

    assert (result.share_for, result.validly_deliberated, result.adopted) == (1, False, False)


WEIGHTS = (
    CollegeWeight("PROD", from_percent(50)),
    CollegeWeight("DIFF", from_percent(20)),
    CollegeWeight("SOUT", from_percent(30)),
)
FORMATS_TURNOUT = (
    CollegeTurnout("PROD", 6, 3),
    CollegeTurnout("DIFF", 3, 1),
    CollegeTurnout("SOUT", 3, 1),
)


def test_sarl_first_consultation_weights_each_college_over_its_members():
    # FORMATS.md block: every participant votes for; each college's denominator is its members.
    # PROD 1/2 × 3/6 + DIFF 1/5 × 1/3 + SOUT 3/10 × 1/3 = 1/4 + 1/15 + 1/10 = 5/12.
    assembly = turnout(SARL, ORD, 1, 12, 5, Fraction(1, 4), FORMATS_TURNOUT)
    ballots = [CollegeCount("PROD", 3), CollegeCount("DIFF", 1), CollegeCount("SOUT", 1)]

    result = deliberate(WEIGHTS, ballots, VotingSettings(), SIMPLE, assembly, "R1")

    assert result.share_for == Fraction(5, 12)
    assert [c.for_ for c in result.colleges] == [Fraction(1, 4), Fraction(1, 15), Fraction(1, 10)]
    assert (result.validly_deliberated, result.adopted) == (True, False)


def test_sarl_extraordinary_weights_each_college_over_its_participants():
    # PROD: 3 of 3 present for → 1/2; DIFF: 1 of 1 → 1/5; SOUT: 0 of 1 (abstained) → 0.
    assembly = turnout(SARL, EXTRA, 1, 12, 5, None, FORMATS_TURNOUT)
    ballots = [CollegeCount("PROD", 3), CollegeCount("DIFF", 1), CollegeCount("SOUT", 0, 0, 1)]

    result = deliberate(WEIGHTS, ballots, VotingSettings(), TWO_THIRDS, assembly, "R1")

    assert result.share_for == Fraction(7, 10)
    assert result.adopted is True


@pytest.mark.parametrize(
    ("assembly", "codes", "expected"),
    [
        pytest.param(
            turnout(SA, ORD, 1, 12, 13),
            (),
            ["tally_participating_above_members"],
            id="participating above members",
        ),
        pytest.param(
            turnout(SA, ORD, 1, 12, 3, Fraction(1, 10)),
            (),
            ["quorum_below_legal_minimum"],
            id="R-AG-11 SA statutes 1/10",
        ),
        pytest.param(
            turnout(SAS, ORD, 1, 12, 3, Fraction(1, 10)), (), [], id="R-AG-11 SAS statutes 1/10"
        ),
        pytest.param(
            turnout(SARL, ORD, 1, 12, 5),
            ("PROD", "DIFF", "SOUT"),
            ["tally_missing_field"],
            id="SARL with colleges needs their turnout",
        ),
        pytest.param(
            turnout(SA, ORD, 1, 12, 5),
            ("PROD", "DIFF", "SOUT"),
            [],
            id="SA colleges' turnout optional",
        ),
        pytest.param(
            turnout(SARL, ORD, 1, 13, 5, None, FORMATS_TURNOUT),
            ("PROD", "DIFF", "SOUT"),
            ["tally_turnout_not_adding_up"],
            id="colleges do not add up",
        ),
        pytest.param(
            turnout(SARL, ORD, 1, 9, 4, None, FORMATS_TURNOUT[:2]),
            ("PROD", "DIFF", "SOUT"),
            ["tally_turnout_college_missing"],
            id="a college missing",
        ),
    ],
)
def test_check_turnout(assembly, codes, expected):
    assert [v.code for v in check_turnout(assembly, codes)] == expected


def test_statutory_quorum_below_the_law_names_r_ag_11():
    (violation,) = check_turnout(turnout(SARL, EXTRA, 2, 10, 3, Fraction(1, 6)))
    assert (violation.rule, violation.subject) == ("R-AG-11", "assembly.quorum")


@pytest.mark.parametrize(
    ("assembly", "majority", "refused"),
    [
        pytest.param(turnout(SA, EXTRA, 1, 9, 9), SIMPLE, True, id="R-AG-12 SA AGE simple"),
        pytest.param(turnout(SARL, EXTRA, 1, 9, 9), SIMPLE, True, id="R-AG-12 SARL AGE simple"),
        pytest.param(
            turnout(SARL, ORD, 1, 9, 9),
            Majority(MajorityKind.AT_LEAST, Fraction(1, 2)),
            True,
            id="R-AG-12 SARL AGO at least 1/2",
        ),
        pytest.param(turnout(SARL, ORD, 1, 9, 9), TWO_THIRDS, False, id="SARL AGO raised"),
        pytest.param(turnout(SAS, EXTRA, 1, 9, 9), SIMPLE, False, id="R-AG-12 SAS free"),
    ],
)
def test_check_majority(assembly, majority, refused):
    violations = check_majority(assembly, majority, subject="R1")
    assert [v.rule for v in violations] == (["R-AG-12"] if refused else [])


def test_ballots_never_exceed_the_participants():
    assembly = turnout(SARL, ORD, 1, 12, 5, None, FORMATS_TURNOUT)
    too_many = [CollegeCount("PROD", 2, 1, 0), CollegeCount("DIFF", 1, 1, 0)]

    (violation,) = check_ballots_within_turnout(assembly, too_many, subject="R1")

    assert violation.subject == "R1 / DIFF"
    assert check_ballots_within_turnout(turnout(SA, ORD, 1, 9, 2), heads(2, 1), subject="R1")
    assert not check_ballots_within_turnout(turnout(SA, ORD, 1, 9, 3), heads(2, 1), subject="R1")
