"""Pure tests of the tally engine: DOMAIN.md §6.8 vectors, R-TAL-*, R-COL-* and properties."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scic.core.percent import from_percent
from scic.voting.rules import (
    SIMPLE,
    THREE_QUARTERS,
    TWO_THIRDS,
    AbstentionRule,
    CollegeCount,
    CollegeWeight,
    Majority,
    MajorityKind,
    Method,
    SilentCollegeRule,
    VotingSettings,
    check_colleges,
    compute_tally,
    is_adopted,
    percent_half_up,
)

PROP = Method.PROPORTIONAL
WTA = Method.WINNER_TAKES_ALL
HEAD = Method.HEADCOUNT
EXCL = AbstentionRule.EXCLUDED
ABST_AGAINST = AbstentionRule.AS_AGAINST
REDIST = SilentCollegeRule.REDISTRIBUTE
SILENT_AGAINST = SilentCollegeRule.AS_AGAINST

# DOMAIN.md §6.8 worked example: SCIC SA, 4 colleges 30/30/20/20.
WORKED_COLLEGES = (
    CollegeWeight("A", from_percent(30)),
    CollegeWeight("B", from_percent(30)),
    CollegeWeight("C", from_percent(20)),
    CollegeWeight("D", from_percent(20)),
)
RESOLUTION_1 = (
    CollegeCount.of("A", 7, 2, 1),
    CollegeCount.of("B", 25, 30, 5),
    CollegeCount.of("C", 1, 1, 1),
    CollegeCount.of("D", 10, 4, 0, blank=1),
)
# Resolution 2: same votes, but the three present members of college C all abstain.
RESOLUTION_2 = (*RESOLUTION_1[:2], CollegeCount.of("C", 0, 0, 3), RESOLUTION_1[3])


def tally(counts, method=PROP, abstentions=EXCL, silent=REDIST, majority=SIMPLE, colleges=None):
    return compute_tally(
        WORKED_COLLEGES if colleges is None else colleges,
        counts,
        VotingSettings(method, abstentions, silent),
        majority,
        "R",
    )


@pytest.mark.parametrize(
    ("counts", "method", "abstentions", "silent", "share_for", "ordinary"),
    [
        pytest.param(RESOLUTION_1, PROP, EXCL, REDIST, Fraction(283, 462), True, id="R-TAL-2 R1"),
        pytest.param(
            RESOLUTION_1, PROP, ABST_AGAINST, REDIST, Fraction(107, 200), True,
            id="R-TAL-2 R1 abstentions as_against",
        ),
        pytest.param(
            RESOLUTION_2, PROP, EXCL, REDIST, Fraction(148, 231), True,
            id="R-TAL-2 R2 silent college redistributed",
        ),
        pytest.param(
            RESOLUTION_2, PROP, EXCL, SILENT_AGAINST, Fraction(592, 1155), True,
            id="R-TAL-2 R2 silent college as_against",
        ),
        pytest.param(
            RESOLUTION_1, WTA, EXCL, REDIST, Fraction(5, 8), True,
            id="R-TAL-2 R1 winner_takes_all",
        ),
        pytest.param(
            RESOLUTION_1, WTA, EXCL, SILENT_AGAINST, Fraction(1, 2), False,
            id="R-TAL-1 R1 winner_takes_all silent as_against exact tie rejected",
        ),
        pytest.param(
            RESOLUTION_1, HEAD, EXCL, REDIST, Fraction(43, 80), True, id="R-TAL-2 R1 headcount"
        ),
    ],
)  # fmt: skip
def test_domain_test_vectors(counts, method, abstentions, silent, share_for, ordinary):
    ordinary_result = tally(counts, method, abstentions, silent, SIMPLE)
    extraordinary_result = tally(counts, method, abstentions, silent, TWO_THIRDS)

    assert ordinary_result.share_for == share_for
    assert type(ordinary_result.share_for) is Fraction
    assert ordinary_result.share_against == 1 - share_for
    assert ordinary_result.adopted is ordinary
    assert extraordinary_result.share_for == share_for
    assert extraordinary_result.adopted is False  # every vector is below two thirds


def test_resolution_1_per_college_contributions_are_the_worked_example():
    result = tally(RESOLUTION_1)

    parts = {c.code: (c.silent, c.effective_weight, c.for_, c.against) for c in result.colleges}
    assert parts == {
        "A": (False, Fraction(3, 10), Fraction(7, 30), Fraction(3, 10) - Fraction(7, 30)),
        "B": (False, Fraction(3, 10), Fraction(3, 22), Fraction(3, 10) - Fraction(3, 22)),
        # R-TAL-2: C's 20 % splits 10/10; its abstaining member has no effect.
        "C": (False, Fraction(1, 5), Fraction(1, 10), Fraction(1, 10)),
        "D": (False, Fraction(1, 5), Fraction(1, 7), Fraction(1, 5) - Fraction(1, 7)),
    }


def test_redistribute_scales_the_expressing_colleges_back_to_100_percent():
    result = tally(RESOLUTION_2)

    weights = {c.code: (c.silent, c.effective_weight, c.for_, c.against) for c in result.colleges}
    assert weights["C"] == (True, 0, 0, 0)
    assert {code: w[1] for code, w in weights.items()} == {
        "A": Fraction(3, 8),
        "B": Fraction(3, 8),
        "C": 0,
        "D": Fraction(1, 4),
    }


def test_silent_college_as_against_keeps_its_weight_all_on_against():
    result = tally(RESOLUTION_2, silent=SILENT_AGAINST)

    college_c = next(c for c in result.colleges if c.code == "C")
    assert college_c == type(college_c)("C", True, Fraction(1, 5), Fraction(0), Fraction(1, 5))


def test_winner_takes_all_tied_college_is_silent():
    result = tally(RESOLUTION_1, method=WTA)

    assert [(c.code, c.silent, c.for_, c.against) for c in result.colleges] == [
        ("A", False, Fraction(3, 8), 0),
        ("B", False, 0, Fraction(3, 8)),
        ("C", True, 0, 0),
        ("D", False, Fraction(1, 4), 0),
    ]


def test_winner_takes_all_with_abstentions_as_against_counts_them_on_the_against_side():
    colleges = (CollegeWeight("A", from_percent(50)), CollegeWeight("B", from_percent(50)))
    counts = (CollegeCount.of("A", 3, 1, 2), CollegeCount.of("B", 3, 2, 0))

    excluded = tally(counts, method=WTA, colleges=colleges)
    as_against = tally(counts, method=WTA, abstentions=ABST_AGAINST, colleges=colleges)

    assert excluded.share_for == 1
    # A: 3 for against 1 + 2: a tie, so A is silent and B alone decides.
    assert as_against.share_for == 1
    assert [c.silent for c in as_against.colleges] == [True, False]


def test_several_entries_for_one_college_are_added_up():
    split = (
        CollegeCount.of("A", 4, 1, 0),
        CollegeCount.of("A", 3, 1, 1),  # e.g. the remote votes after the room's count
        *RESOLUTION_1[1:],
    )

    assert tally(split) == tally(RESOLUTION_1)


def test_a_college_with_no_entry_is_silent():
    without_c = tuple(count for count in RESOLUTION_1 if count.code != "C")

    result = tally(without_c)

    assert next(c for c in result.colleges if c.code == "C").silent
    assert result.share_for == tally(RESOLUTION_2).share_for


def test_headcount_ignores_weights_and_accepts_counts_without_college():
    counts = [CollegeCount.of(None, 43, 37, 7, blank=1)]

    result = compute_tally((), counts, VotingSettings(method=HEAD), SIMPLE, "R1")

    assert result.share_for == Fraction(43, 80)
    assert result.colleges == ()
    assert result.adopted


def test_headcount_with_abstentions_as_against():
    result = tally(RESOLUTION_1, method=HEAD, abstentions=ABST_AGAINST)

    assert result.share_for == Fraction(43, 88)
    assert not result.adopted


@pytest.mark.parametrize("method", [PROP, WTA, HEAD])
def test_nothing_expressed_is_not_adopted_and_has_no_share(method):
    counts = [CollegeCount.of("A", 0, 0, 4), CollegeCount.of("B")]

    result = tally(counts, method=method)

    assert (result.share_for, result.share_against, result.adopted) == (None, None, False)
    assert all(c.effective_weight == c.for_ == c.against == 0 for c in result.colleges)


def test_everybody_silent_under_as_against_is_zero_percent_not_null():
    result = tally([], silent=SILENT_AGAINST)

    assert result.share_for == 0
    assert not result.adopted


def test_unknown_college_in_counts_is_refused():
    with pytest.raises(ValueError, match="unknown colleges"):
        tally([CollegeCount.of("Z", 1)])


@pytest.mark.parametrize(
    ("share_for", "majority", "adopted"),
    [
        pytest.param(Fraction(1, 2), SIMPLE, False, id="R-TAL-1 exact half is not more than half"),
        pytest.param(Fraction(1, 2) + Fraction(1, 10**12), SIMPLE, True, id="R-TAL-1 just above"),
        pytest.param(Fraction(2, 3), TWO_THIRDS, True, id="R-TAL-1 exact two thirds is at least"),
        pytest.param(Fraction(2, 3) - Fraction(1, 10**12), TWO_THIRDS, False, id="just below 2/3"),
        pytest.param(Fraction(3, 4), THREE_QUARTERS, True, id="three quarters reached"),
        pytest.param(
            Fraction(1, 2), Majority(MajorityKind.AT_LEAST, Fraction(1, 2)), True, id="at_least 1/2"
        ),
        pytest.param(None, SIMPLE, False, id="nothing expressed"),
        pytest.param(Fraction(1), SIMPLE, True, id="unanimous"),
    ],
)
def test_is_adopted(share_for, majority, adopted):
    assert is_adopted(share_for, majority) is adopted


def test_exact_tie_is_never_adopted_under_more_than():
    colleges = (CollegeWeight("A", from_percent(50)), CollegeWeight("B", from_percent(50)))
    counts = (CollegeCount.of("A", 1, 0), CollegeCount.of("B", 0, 1))

    result = tally(counts, colleges=colleges)

    assert result.share_for == Fraction(1, 2)
    assert not result.adopted


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(None, SIMPLE, id="absent means simple"),
        pytest.param("simple", Majority(MajorityKind.MORE_THAN, Fraction(1, 2)), id="simple"),
        pytest.param("two_thirds", Majority(MajorityKind.AT_LEAST, Fraction(2, 3)), id="2/3"),
        pytest.param("three_quarters", Majority(MajorityKind.AT_LEAST, Fraction(3, 4)), id="3/4"),
        pytest.param({"more_than": "1/2"}, SIMPLE, id="explicit more_than"),
        pytest.param(
            {"at_least": "0.6"}, Majority(MajorityKind.AT_LEAST, Fraction(3, 5)), id="dec"
        ),
    ],
)
def test_majority_parse(value, expected):
    assert Majority.parse(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("50", id="percent string is not a shorthand"),
        pytest.param({"more_than": "50"}, id="threshold in percent"),
        pytest.param({"more_than": "0"}, id="threshold zero"),
        pytest.param({"at_least": "1"}, id="threshold one"),
        pytest.param({"at_least": "1/0"}, id="division by zero"),
        pytest.param({"less_than": "1/2"}, id="unknown kind"),
        pytest.param({"more_than": "1/2", "at_least": "2/3"}, id="two kinds"),
        pytest.param({"more_than": 0.5}, id="float threshold"),
    ],
)
def test_majority_parse_refuses(value):
    with pytest.raises(ValueError, match="majority"):
        Majority.parse(value)


def test_majority_round_trips_through_json():
    for majority in (SIMPLE, TWO_THIRDS, THREE_QUARTERS):
        assert Majority.parse(majority.to_json()) == majority


def test_college_count_adds_blank_and_void_to_abstain():
    assert CollegeCount.of("A", 1, 2, 3, blank=4, void=5) == CollegeCount("A", 1, 2, 12)


@pytest.mark.parametrize("bad", [-1, 1.0, True, "2"])
def test_college_count_refuses_bad_counts(bad):
    with pytest.raises(ValueError, match="non-negative integer"):
        CollegeCount("A", for_=bad)


def weights(*percents: str) -> list[CollegeWeight]:
    return [CollegeWeight(f"C{i}", from_percent(p)) for i, p in enumerate(percents, start=1)]


@pytest.mark.parametrize(
    ("percents", "expected"),
    [
        pytest.param(("50", "20", "30"), [], id="R-COL-2 valid"),
        pytest.param(("50", "40", "10"), [], id="R-COL-2 10 and 50 are accepted"),
        pytest.param(("100/3", "100/3", "100/3"), [], id="R-COL-3 thirds add up exactly"),
        pytest.param(("10",) * 10, [], id="R-COL-2 ten colleges of 10"),
        pytest.param(
            ("55", "25", "20"), [("college_weight_above_max", "C1")], id="R-COL-2 over 50"
        ),
        pytest.param(
            ("50", "41", "9"), [("college_weight_below_min", "C3")], id="R-COL-2 under 10"
        ),
        pytest.param(
            ("50", "40.01", "9.99"), [("college_weight_below_min", "C3")], id="R-COL-2 9.99"
        ),
        pytest.param(
            ("50.01", "39.99", "10"), [("college_weight_above_max", "C1")], id="R-COL-2 50.01"
        ),
        pytest.param(("50", "50"), [("too_few_colleges", None)], id="R-COL-1 two colleges"),
        pytest.param((), [("too_few_colleges", None)], id="R-COL-1 none: nothing else to weigh"),
        pytest.param(("50", "20", "29"), [("college_weights_sum", None)], id="R-COL-3 99"),
        pytest.param(
            ("33.33", "33.33", "33.33"), [("college_weights_sum", None)], id="R-COL-3 99.99"
        ),
        pytest.param(
            ("60", "5", "35"),
            [("college_weight_above_max", "C1"), ("college_weight_below_min", "C2")],
            id="R-COL-2 every offending college is named",
        ),
    ],
)
def test_check_colleges(percents, expected):
    violations = check_colleges(weights(*percents))

    assert [(v.code, v.subject) for v in violations] == expected
    assert all(v.rule in {"R-COL-1", "R-COL-2", "R-COL-3"} for v in violations)


def test_check_colleges_accepts_bare_fractions_and_gives_fraction_params():
    violations = check_colleges([Fraction(w) / 100 for w in ("50", "41", "9")])

    assert violations[0].code == "college_weight_below_min"
    assert violations[0].params["weight_share"] == Fraction(9, 100)
    assert check_colleges([Fraction(1, 2)] * 3)[-1].params["total_share"] == Fraction(3, 2)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        pytest.param(Fraction(83, 150), "55.33", id="FORMATS example"),
        pytest.param(Fraction(1), "100.00", id="always two decimals"),
        pytest.param(Fraction(0), "0.00", id="zero"),
        pytest.param(Fraction(283, 462), "61.26", id="R1"),
        pytest.param(Fraction(592, 1155), "51.26", id="R2 as_against"),
        pytest.param(Fraction(2, 3), "66.67", id="two thirds"),
        pytest.param(Fraction(1, 800), "0.13", id="R-TAL-1 half-up not half-even"),
        pytest.param(Fraction(12345, 100000), "12.35", id="R-TAL-1 half-up on the exact value"),
        pytest.param(Fraction(123449999, 10**9), "12.34", id="R-TAL-1 below half rounds down"),
    ],
)
def test_percent_half_up(value, text):
    assert percent_half_up(value) == text


# --- Properties -------------------------------------------------------------------------------

counts_st = st.tuples(*(st.integers(0, 6) for _ in range(3)))


@st.composite
def tally_inputs(draw, methods=(PROP, WTA, HEAD)):
    raw = draw(st.lists(st.integers(1, 50), min_size=1, max_size=5))
    total = sum(raw)
    colleges = [CollegeWeight(f"C{i}", Fraction(w, total)) for i, w in enumerate(raw)]
    counts = [
        CollegeCount(college.code, *draw(counts_st))
        for college in colleges
        if draw(st.booleans()) or draw(st.booleans())
    ]
    rules = VotingSettings(
        draw(st.sampled_from(methods)),
        draw(st.sampled_from(AbstentionRule)),
        draw(st.sampled_from(SilentCollegeRule)),
    )
    return colleges, counts, rules


PROPERTIES = settings(max_examples=60, deadline=None)


@PROPERTIES
@given(tally_inputs())
def test_property_shares_are_between_0_and_1_and_add_up_to_1(inputs):
    colleges, counts, rules = inputs

    result = compute_tally(colleges, counts, rules, SIMPLE)

    if result.share_for is not None:
        assert 0 <= result.share_for <= 1
        assert result.share_for + result.share_against == 1


@PROPERTIES
@given(tally_inputs(), st.data())
def test_property_one_more_vote_for_never_lowers_share_for(inputs, data):
    colleges, counts, rules = inputs
    code = data.draw(st.sampled_from([c.code for c in colleges]))

    before = compute_tally(colleges, counts, rules, SIMPLE).share_for
    after = compute_tally(colleges, [*counts, CollegeCount(code, for_=1)], rules, SIMPLE).share_for

    # Under winner_takes_all the vote may tie a college that was against: it falls silent.
    if before is not None and after is not None:
        assert after >= before
    if is_adopted(before, SIMPLE):
        assert is_adopted(after, SIMPLE)
    if rules.method is not WTA:
        assert after is not None


@PROPERTIES
@given(tally_inputs(), st.randoms(use_true_random=False))
def test_property_order_of_colleges_and_counts_does_not_matter(inputs, rnd):
    colleges, counts, rules = inputs
    shuffled_colleges, shuffled_counts = list(colleges), list(counts)
    rnd.shuffle(shuffled_colleges)
    rnd.shuffle(shuffled_counts)

    ordered = compute_tally(colleges, counts, rules, SIMPLE)
    shuffled = compute_tally(shuffled_colleges, shuffled_counts, rules, SIMPLE)

    assert shuffled.share_for == ordered.share_for
    assert sorted(shuffled.colleges, key=lambda c: c.code) == sorted(
        ordered.colleges, key=lambda c: c.code
    )


def expresses(count: CollegeCount, rules: VotingSettings) -> bool:
    """Tell independently of the engine whether a college is not silent (§6.8)."""
    in_favour = count.for_
    not_for = count.against + (count.abstain if rules.abstentions is ABST_AGAINST else 0)
    if rules.method is WTA:
        return in_favour != not_for
    return in_favour + not_for > 0


@PROPERTIES
@given(tally_inputs(methods=(PROP, WTA)))
def test_property_redistribute_equals_tally_of_expressing_colleges_rescaled(inputs):
    colleges, counts, rules = inputs
    rules = VotingSettings(rules.method, rules.abstentions, REDIST)
    by_code = {count.code: count for count in counts}
    expressing = [c for c in colleges if c.code in by_code and expresses(by_code[c.code], rules)]
    total = sum(c.weight for c in expressing)
    rescaled = [CollegeWeight(c.code, c.weight / total) for c in expressing]
    kept = [by_code[c.code] for c in expressing]

    redistributed = compute_tally(colleges, counts, rules, SIMPLE)
    only_expressing = compute_tally(rescaled, kept, rules, SIMPLE)

    assert redistributed.share_for == only_expressing.share_for
    if expressing:
        assert only_expressing.share_for is not None
        effective = {c.code: c.effective_weight for c in redistributed.colleges if not c.silent}
        assert effective == {c.code: c.weight for c in rescaled}


@PROPERTIES
@given(tally_inputs(methods=(PROP, WTA)))
def test_property_college_contributions_add_up_to_the_resolution_shares(inputs):
    colleges, counts, rules = inputs

    result = compute_tally(colleges, counts, rules, SIMPLE)

    total_for = sum(c.for_ for c in result.colleges)
    total_against = sum(c.against for c in result.colleges)
    if result.share_for is None:
        assert total_for == total_against == 0
    else:
        assert (total_for, total_against) == (result.share_for, result.share_against)
        assert sum(c.effective_weight for c in result.colleges) == 1
        assert all(c.for_ + c.against == c.effective_weight for c in result.colleges)


@PROPERTIES
@given(tally_inputs(), st.integers(0, 3))
def test_property_splitting_a_college_count_changes_nothing(inputs, cut):
    colleges, counts, rules = inputs
    if not counts:
        return
    first = counts[0]
    part = CollegeCount(first.code, min(cut, first.for_), 0, 0)
    rest = CollegeCount(first.code, first.for_ - part.for_, first.against, first.abstain)

    assert compute_tally(colleges, [part, rest, *counts[1:]], rules, SIMPLE) == compute_tally(
        colleges, counts, rules, SIMPLE
    )
