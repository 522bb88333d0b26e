"""Members read a secret ballot's counts only when no college's counts reveal a choice."""

from datetime import date
from fractions import Fraction

from scic.voting.publication import colleges_too_small, for_members
from scic.voting.rules import SIMPLE, VotingSettings
from scic.voting.services import CollegeLine, Snapshot


def snapshot(*counts):
    lines = [
        CollegeLine(
            code,
            code.title(),
            Fraction(weight),
            entitled=10,
            voted=f + a + x,
            for_=f,
            against=a,
            abstain=x,
            silent=False,
            effective_weight=Fraction(weight, 100),
            for_share=Fraction(f, f + a) if f + a else Fraction(0),
        )
        for code, weight, f, a, x in counts
    ]
    return Snapshot(
        rules=VotingSettings(),
        majority=SIMPLE,
        weights_on=date(2026, 11, 29),
        colleges=lines,
        share_for=Fraction(3, 5),
        adopted=True,
    )


def test_a_mixed_secret_result_is_published_whole():
    snap = snapshot(("A", 50, 3, 2, 0), ("B", 50, 2, 1, 1))
    shown = for_members(snap, secret=True)
    assert shown.colleges == snap.colleges
    assert shown.share_for == Fraction(3, 5)
    assert not shown.choices_hidden


def test_one_small_college_withholds_every_college_and_the_weighted_share():
    snap = snapshot(("A", 50, 3, 2, 0), ("B", 20, 1, 1, 0), ("C", 30, 2, 2, 1))
    shown = for_members(snap, secret=True)
    assert shown.choices_hidden
    assert shown.share_for is None
    assert shown.adopted is True
    assert shown.small_colleges == ["B"]
    assert [(c.code, c.entitled, c.voted) for c in shown.colleges] == [
        ("A", 10, 5),
        ("B", 10, 2),
        ("C", 10, 5),
    ]
    # Absent, not only hidden: no renderer can print them by mistake.
    assert all((c.for_, c.against, c.abstain) == (0, 0, 0) for c in shown.colleges)
    assert all(c.effective_weight == 0 and c.for_share == 0 for c in shown.colleges)
    assert snap.colleges[0].for_ == 3  # the secretary's own result is untouched


def test_a_unanimous_college_withholds_the_detail():
    shown = for_members(snapshot(("A", 50, 5, 0, 0), ("B", 50, 2, 1, 1)), secret=True)
    assert shown.choices_hidden
    assert shown.small_colleges == ["A"]


def test_an_open_ballot_is_always_published():
    snap = snapshot(("A", 50, 1, 0, 0), ("B", 50, 2, 1, 1))
    assert for_members(snap, secret=False) is snap


def test_colleges_with_one_or_two_possible_voters_are_named_before_opening():
    snap = snapshot(("A", 50, 0, 0, 0), ("B", 20, 0, 0, 0), ("C", 30, 0, 0, 0))
    for line, entitled in zip(snap.colleges, (2, 3, 0), strict=True):
        line.entitled = entitled
    assert colleges_too_small(snap) == ["A"]
