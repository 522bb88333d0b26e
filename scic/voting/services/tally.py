"""Counting the votes: snapshots per college, weighted by the statutes in force."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from sqlalchemy import inspect, select
from sqlalchemy.orm.attributes import set_committed_value

from scic.core.db import db
from scic.core.percent import from_percent
from scic.membership.queries import colleges_of
from scic.voting import queries, rules
from scic.voting.assembly_rules import Turnout, deliberate, effective_majority
from scic.voting.models import Outcome, Resolution, SecretBallot
from scic.voting.rules import (
    CollegeCount,
    CollegeWeight,
    Majority,
    Method,
    ResolutionStatus,
    VotingSettings,
)
from scic.voting.services.resolutions import assembly_day, majority_of_resolution, tally_rules

# --- Counting -----------------------------------------------------------------------------------


@dataclass
class CollegeLine:
    """One college's line in a result: counts, weight and contribution (R-TAL-1)."""

    code: str | None
    name: str
    weight: Fraction | None  # fraction of 1
    entitled: int = 0
    voted: int = 0
    for_: int = 0
    against: int = 0
    abstain: int = 0
    silent: bool = True
    effective_weight: Fraction = Fraction(0)
    for_share: Fraction = Fraction(0)
    against_share: Fraction = Fraction(0)


@dataclass
class Snapshot:
    """A resolution's result, live or frozen."""

    rules: VotingSettings
    majority: Majority
    weights_on: date
    colleges: list[CollegeLine] = field(default_factory=list)
    share_for: Fraction | None = None
    adopted: bool = False
    small_colleges: list[str] = field(default_factory=list)
    choices_hidden: bool = False

    @property
    def entitled(self) -> int:
        return sum(c.entitled for c in self.colleges)

    @property
    def voted(self) -> int:
        return sum(c.voted for c in self.colleges)


def snapshot(resolution: Resolution) -> Snapshot:
    """Count a resolution now (a closed one is read back from its frozen Outcome).

    While a secret ballot is open its choices are not counted on screen: a running count next to
    the list of who just voted would reveal each vote (R-TAL-3); only participation is shown.
    """
    return snapshots([resolution])[0]


def snapshots(resolutions: list[Resolution]) -> list[Snapshot]:
    """Count several resolutions at once, in order, as :func:`snapshot` counts each.

    Grouped queries, never one per member or ballot, and shared work: the entitled members per
    college are counted once per cooperative and day (the same for every resolution of an
    assembly) and the statutes' tally rules read once per cooperative, open ballots and hand
    counts in one grouped query each for all the resolutions (docs/performance.md).
    """
    live = [r for r in resolutions if r.outcome is None]
    ballots = queries.ballot_counts([r.id for r in live if not r.secret])
    hands = queries.hand_counts([r.id for r in live])
    entitled: dict[tuple[int, date], dict[int | None, int]] = {}
    rules_of: dict[int, VotingSettings] = {}
    counted = []
    for resolution in resolutions:
        if resolution.outcome is not None:
            counted.append(snapshot_of_outcome(resolution.outcome))
            continue
        cooperative = resolution.assembly.cooperative
        day = assembly_day(resolution.assembly)
        if (cooperative.id, day) not in entitled:
            entitled[cooperative.id, day] = queries.entitled_per_college(cooperative, day)
        if cooperative.id not in rules_of:
            if "colleges" in inspect(cooperative).unloaded:
                # With their weights: two statements, not one more per college.
                set_committed_value(cooperative, "colleges", colleges_of(cooperative))
            rules_of[cooperative.id] = tally_rules(cooperative)
        counted.append(
            _count(
                resolution,
                day,
                rules_of[cooperative.id],
                entitled[cooperative.id, day],
                ballots.get(resolution.id, []),
                hands.get(resolution.id, []),
            )
        )
    return counted


def _count(
    resolution: Resolution,
    day: date,
    tally: VotingSettings,
    entitled: dict[int | None, int],
    ballots: list[tuple[int | None, str, int]],
    hands: list[queries.CurrentHandCount],
) -> Snapshot:
    """One live resolution's snapshot from its grouped counts (see :func:`snapshots`)."""
    cooperative = resolution.assembly.cooperative
    majority = majority_of_resolution(resolution)
    lines: dict[int | None, CollegeLine] = {}
    for college in cooperative.colleges:
        weight = college.weight_on(day)
        if weight is None and college.weights:
            weight = college.weights[0].weight
        lines[college.id] = CollegeLine(college.code, college.name, weight)
    if not lines:
        lines[None] = CollegeLine(None, "", None)

    def line(college_id: int | None) -> CollegeLine:
        if college_id not in lines:  # a member without a college in a cooperative with some
            lines[college_id] = CollegeLine(None, "", None)
        return lines[college_id]

    for college_id, count in entitled.items():
        line(college_id).entitled += count

    per_college: dict[int | None, dict[str, int]] = {}
    if resolution.secret:
        for participation in queries.participations_of(resolution):
            line(participation.college_id).voted += 1
        if resolution.status == ResolutionStatus.CLOSED:
            sealed = db.session.scalars(
                select(SecretBallot).where(SecretBallot.resolution_id == resolution.id)
            )
            for row in sealed:
                totals = per_college.setdefault(row.college_id, {})
                totals[row.choice] = totals.get(row.choice, 0) + 1
    else:
        for college_id, choice, count in ballots:
            line(college_id).voted += count
            totals = per_college.setdefault(college_id, {})
            totals[choice] = totals.get(choice, 0) + count
    for college_id, totals in per_college.items():
        count = rules.choice_count_from_totals(None, totals)
        target = line(college_id)
        target.for_ += count.for_
        target.against += count.against
        target.abstain += count.abstain
    for hand in hands:
        target = line(hand.college_id)
        target.voted += hand.votes_for + hand.votes_against + hand.votes_abstain
        target.for_ += hand.votes_for
        target.against += hand.votes_against
        target.abstain += hand.votes_abstain

    snap = Snapshot(rules=tally, majority=majority, weights_on=day, colleges=list(lines.values()))
    snap.choices_hidden = resolution.secret and resolution.status != ResolutionStatus.CLOSED
    if resolution.secret and snap.choices_hidden:  # open: only participation is known
        snap.small_colleges = rules.small_secret_colleges(
            {c.code or "": c.voted for c in snap.colleges}
        )
    elif resolution.secret:  # counted: the colleges whose counts would reveal a choice
        snap.small_colleges = list(
            rules.secret_publication(
                [CollegeCount(c.code, c.for_, c.against, c.abstain) for c in snap.colleges]
            ).revealing
        )
    if not snap.choices_hidden:
        _apply_tally(snap, resolution)
    return snap


def _counts_of(snap: Snapshot) -> list[CollegeCount]:
    headcount = snap.rules.method is Method.HEADCOUNT
    return [
        CollegeCount.of(
            None if headcount else c.code, for_=c.for_, against=c.against, abstain=c.abstain
        )
        for c in snap.colleges
        if c.for_ or c.against or c.abstain
    ]


def _weights_of(snap: Snapshot) -> list[CollegeWeight]:
    return [
        CollegeWeight(c.code, c.weight)
        for c in snap.colleges
        if c.code is not None and c.weight is not None
    ]


def _apply_tally(snap: Snapshot, resolution: Resolution, turnout: Turnout | None = None) -> None:
    number = f"R{resolution.number}"
    if turnout is None:
        result = rules.compute_tally(
            _weights_of(snap), _counts_of(snap), snap.rules, snap.majority, number
        )
    else:
        snap.majority = effective_majority(turnout, snap.majority)
        result = deliberate(
            _weights_of(snap), _counts_of(snap), snap.rules, snap.majority, turnout, number
        )
    snap.share_for = result.share_for
    snap.adopted = result.adopted
    parts = {c.code: c for c in result.colleges}
    for line in snap.colleges:
        part = parts.get(line.code)
        line.silent = part.silent if part else not (line.for_ or line.against or line.abstain)
        if part:
            line.effective_weight = part.effective_weight
            line.for_share = part.for_
            line.against_share = part.against


def decide(snap: Snapshot, resolution: Resolution, turnout: Turnout) -> Snapshot:
    """Count a closed resolution again as its assembly part decides it (R-AG-11, R-AG-12).

    The majority becomes at least the law's for the legal form and part; the shares follow the
    law's denominators; without quorum nothing is adopted.
    """
    _apply_tally(snap, resolution, turnout)
    return snap


def snapshot_of_outcome(outcome: Outcome) -> Snapshot:
    """Rebuild the displayed result from the frozen Outcome, never from today's statutes."""
    rules_data = outcome.rules
    snap = Snapshot(
        rules=VotingSettings(
            Method(rules_data["method"]),
            rules.AbstentionRule(rules_data["abstentions"]),
            rules.SilentCollegeRule(rules_data["silent_college"]),
        ),
        majority=Majority.parse(outcome.majority),
        weights_on=outcome.weights_on,
        share_for=outcome.share_for,
        adopted=outcome.adopted,
        small_colleges=list(outcome.small_colleges or []),
    )
    for item in outcome.colleges:
        snap.colleges.append(
            CollegeLine(
                code=item["code"],
                name=item["name"],
                # The frozen result writes weights in percent (FORMATS.md).
                weight=None if item["weight"] is None else from_percent(item["weight"]),
                entitled=item["entitled"],
                voted=item["voted"],
                for_=item["for"],
                against=item["against"],
                abstain=item["abstain"],
                silent=item["silent"],
                effective_weight=Fraction(item["effective_weight"]),
                for_share=Fraction(item["for_share"]),
                against_share=Fraction(item["against_share"]),
            )
        )
    return snap
