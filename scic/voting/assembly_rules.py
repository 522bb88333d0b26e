"""Pure rules of a valid deliberation: quorum (R-AG-11) and majorities per legal form (R-AG-12).

The exact tally of :mod:`scic.voting.rules` says how many votes were for; these rules say whether
the assembly could deliberate at all (its quorum, counted in heads from the members taking part)
and which denominators and threshold the law of its legal form imposes. The same functions serve
the ``assembly`` block of ``scic-tally/1`` (FORMATS.md §1) and the application's closing of a
vote, so an export re-tallied gives exactly what the application recorded (R-TAL-4).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from fractions import Fraction

from scic.assemblies.rules import Quorum, compute_quorum
from scic.cooperatives.rules import AssemblyKind, LegalForm, legal_quorum
from scic.core.violations import Violation
from scic.voting.rules import (
    SIMPLE,
    TWO_THIRDS,
    CollegeCount,
    CollegeWeight,
    Majority,
    MajorityKind,
    Method,
    ResolutionResult,
    VotingSettings,
    compute_tally,
)


class Denominator(StrEnum):
    """What the share of votes for is measured on, inside each college (R-AG-12)."""

    #: Votes cast (for and against; abstentions as the tally rules say): SA, SAS, SARL 2nd call.
    VOTES_CAST = "votes_cast"
    #: Every member with voting rights: SARL ordinary first consultation (L223-29).
    MEMBERS = "members"
    #: Every member present or represented: SARL extraordinary (L223-30).
    PARTICIPATING = "participating"


@dataclass(frozen=True)
class CollegeTurnout:
    """One college's members with voting rights and those taking part, in heads."""

    code: str
    members: int
    participating: int


@dataclass(frozen=True)
class Turnout:
    """How one part of an assembly was held: the ``assembly`` block of ``scic-tally/1``.

    ``quorum`` is the statutes' quorum as a fraction of 1, None for the law's (R-AG-11).
    ``colleges`` gives the same counts per college (required for a SARL with colleges).
    """

    legal_form: LegalForm
    kind: AssemblyKind
    call: int
    members: int
    participating: int
    quorum: Fraction | None = None
    colleges: tuple[CollegeTurnout, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "legal_form", LegalForm(self.legal_form))
        object.__setattr__(self, "kind", AssemblyKind(self.kind))


@dataclass(frozen=True)
class LegalMajority:
    """The law's majority for a legal form, kind and call: a floor (None: free) and a base."""

    floor: Majority | None
    denominator: Denominator


def legal_majority(
    legal_form: LegalForm | str, kind: AssemblyKind | str, call: int
) -> LegalMajority:
    """Return the weakest majority the law allows and what it is measured on.

    Rule: R-AG-12 (L225-98, L225-96, L223-29, L223-30). SA: ordinary more than half of the votes
    cast, extraordinary at least two thirds of the votes cast. SARL: ordinary first consultation
    more than half of all members' votes, second consultation more than half of the votes cast,
    extraordinary at least two thirds of the members present or represented. SAS: the statutes
    decide (no floor), on votes cast.
    """
    form, kind = LegalForm(legal_form), AssemblyKind(kind)
    extraordinary = kind is AssemblyKind.EXTRAORDINARY
    if form is LegalForm.SAS:
        return LegalMajority(None, Denominator.VOTES_CAST)
    if form is LegalForm.SA:
        return LegalMajority(TWO_THIRDS if extraordinary else SIMPLE, Denominator.VOTES_CAST)
    if extraordinary:
        return LegalMajority(TWO_THIRDS, Denominator.PARTICIPATING)
    return LegalMajority(SIMPLE, Denominator.MEMBERS if call == 1 else Denominator.VOTES_CAST)


def is_not_below(majority: Majority, floor: Majority) -> bool:
    """Tell whether a majority is at least as demanding as a floor (R-AG-12).

    A higher threshold is stronger; at the same threshold, "more than" is stronger than
    "at least". Example: more than 2/3 and at least 2/3 both satisfy a floor of at least 2/3;
    more than 1/2 does not.
    """
    if majority.threshold != floor.threshold:
        return majority.threshold > floor.threshold
    return majority.kind is MajorityKind.MORE_THAN or floor.kind is MajorityKind.AT_LEAST


def applicable_quorum(turnout: Turnout) -> Fraction:
    """The statutes' quorum when given, else the law's for the form, kind and call (R-AG-11)."""
    if turnout.quorum is not None:
        return turnout.quorum
    return legal_quorum(turnout.legal_form, turnout.kind, turnout.call)


def quorum_of(turnout: Turnout) -> Quorum:
    """Count the quorum: reached when ``participating ≥ quorum × members`` (R-AG-11).

    Exactly the fraction is enough (3 of 15 reach one fifth); call :func:`check_turnout` first.
    """
    return compute_quorum(turnout.participating, turnout.members, applicable_quorum(turnout))


def check_turnout(
    turnout: Turnout, college_codes: Sequence[str] = (), *, subject: str = "assembly"
) -> list[Violation]:
    """Check an assembly block for consistency and the statutory quorum against the law.

    Rules: R-AG-11 (SA and SARL statutes may raise the legal quorum, never lower it; SAS free).
    Consistency: participating never above members, per-college counts that add up to the
    totals and name exactly the file's colleges (required for a SARL with colleges).
    """
    violations: list[Violation] = []
    if turnout.call not in (1, 2):
        violations.append(
            Violation("tally_bad_call", subject=subject, params={"call": turnout.call})
        )
    if turnout.participating > turnout.members:
        violations.append(
            Violation(
                "tally_participating_above_members",
                subject=subject,
                params={"participating": turnout.participating, "members": turnout.members},
            )
        )
    if turnout.quorum is not None and not 0 <= turnout.quorum <= 1:
        violations.append(
            Violation(
                "quorum_out_of_range",
                subject=f"{subject}.quorum",
                params={"quorum": turnout.quorum},
            )
        )
    elif (
        turnout.quorum is not None
        and turnout.legal_form is not LegalForm.SAS
        and turnout.call in (1, 2)
    ):
        minimum = legal_quorum(turnout.legal_form, turnout.kind, turnout.call)
        if turnout.quorum < minimum:
            violations.append(
                Violation(
                    "quorum_below_legal_minimum",
                    rule="R-AG-11",
                    subject=f"{subject}.quorum",
                    params={
                        "quorum_ratio": turnout.quorum,
                        "min_ratio": minimum,
                        "legal_form": turnout.legal_form,
                    },
                )
            )
    violations += _check_college_turnout(turnout, college_codes, subject)
    return violations


def _check_college_turnout(
    turnout: Turnout, college_codes: Sequence[str], subject: str
) -> list[Violation]:
    violations: list[Violation] = []
    if not turnout.colleges:
        if college_codes and turnout.legal_form is LegalForm.SARL:
            violations.append(
                Violation("tally_missing_field", subject=subject, params={"field": "colleges"})
            )
        return violations
    listed = [c.code for c in turnout.colleges]
    for college in turnout.colleges:
        where = f"{subject} / {college.code}"
        if college_codes and college.code not in college_codes:
            violations.append(
                Violation("tally_unknown_college", subject=where, params={"college": college.code})
            )
        if college.participating > college.members:
            violations.append(
                Violation(
                    "tally_participating_above_members",
                    subject=where,
                    params={"participating": college.participating, "members": college.members},
                )
            )
    violations += [
        Violation("tally_duplicate_college", subject=subject, params={"code": code})
        for code in sorted({c for c in listed if listed.count(c) > 1})
    ]
    violations += [
        Violation("tally_turnout_college_missing", subject=subject, params={"college": code})
        for code in college_codes
        if code not in listed
    ]
    for name in ("members", "participating"):
        total = sum(getattr(c, name) for c in turnout.colleges)
        if total != getattr(turnout, name):
            violations.append(
                Violation(
                    "tally_turnout_not_adding_up",
                    subject=subject,
                    params={"field": name, "sum": total, "total": getattr(turnout, name)},
                )
            )
    return violations


def check_majority(turnout: Turnout, majority: Majority, *, subject: str) -> list[Violation]:
    """Refuse a resolution's majority below the law's for its legal form and kind (R-AG-12)."""
    floor = legal_majority(turnout.legal_form, turnout.kind, turnout.call).floor
    if floor is None or is_not_below(majority, floor):
        return []
    return [
        Violation(
            "tally_majority_below_legal",
            rule="R-AG-12",
            subject=subject,
            params={"threshold_ratio": majority.threshold, "min_ratio": floor.threshold},
        )
    ]


def check_ballots_within_turnout(
    turnout: Turnout, counts: Iterable[CollegeCount], *, subject: str
) -> list[Violation]:
    """Refuse more ballots in a college (or, without colleges, in all) than members taking part.

    Every ballot (for, against, abstain, blank, void) comes from a participant (R-AG-13).
    """
    counts = list(counts)
    if turnout.colleges and all(count.code is not None for count in counts):
        cast: dict[str | None, int] = {}
        for count in counts:
            cast[count.code] = cast.get(count.code, 0) + count.for_ + count.against + count.abstain
        limits = {c.code: c.participating for c in turnout.colleges}
        return [
            Violation(
                "tally_ballots_above_participating",
                subject=f"{subject} / {code}",
                params={"ballots": number, "participating": limits.get(code, 0)},
            )
            for code, number in cast.items()
            if number > limits.get(code, 0)
        ]
    number = sum(c.for_ + c.against + c.abstain for c in counts)
    if number > turnout.participating:
        return [
            Violation(
                "tally_ballots_above_participating",
                subject=subject,
                params={"ballots": number, "participating": turnout.participating},
            )
        ]
    return []


def denominators_of(turnout: Turnout, rules: VotingSettings) -> Mapping[str | None, int] | None:
    """Each college's denominator under the law of the legal form, or None for votes cast.

    Rule: R-AG-12 with colleges: the same denominators apply inside each college (FORMATS.md
    §1); under the headcount method the whole assembly is one college (key None).
    """
    base = legal_majority(turnout.legal_form, turnout.kind, turnout.call).denominator
    if base is Denominator.VOTES_CAST:
        return None
    field_name = "members" if base is Denominator.MEMBERS else "participating"
    if rules.method is Method.HEADCOUNT:
        return {None: getattr(turnout, field_name)}
    if not turnout.colleges:
        raise ValueError("a weighted SARL tally needs each college's members and participants")
    return {c.code: getattr(c, field_name) for c in turnout.colleges}


def deliberate(
    colleges: Sequence[CollegeWeight],
    counts: Iterable[CollegeCount],
    rules: VotingSettings,
    majority: Majority,
    turnout: Turnout,
    resolution_id: str = "",
) -> ResolutionResult:
    """Tally one resolution of an assembly part: quorum first, then the legal-form majority.

    Rules: R-AG-11 (without quorum nothing is adopted, though the shares are still reported) and
    R-AG-12 (denominators per legal form; the resolution's majority, already checked not to be
    below the law's, is the threshold). Call the ``check_*`` functions first.
    """
    denominators = denominators_of(turnout, rules)
    result = compute_tally(colleges, counts, rules, majority, resolution_id, denominators)
    valid = quorum_of(turnout).reached
    return replace(result, adopted=result.adopted and valid, validly_deliberated=valid)
