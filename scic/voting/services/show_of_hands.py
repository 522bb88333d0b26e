"""A show of hands for every college of a resolution at once, and its corrections (R-AG-13).

The secretary enters the counts of all colleges on one screen; a college without a count gets
one, a college whose count changed gets a correcting entry (the first count is never
updated), an unchanged college gets nothing. Each college is checked by the same rules as a
single count (``ballot_rules.check_hand_count_entry``, ``ballot_rules.check_hand_count``), and
the refusals are returned by college so that the page shows them next to its fields.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from scic.assemblies.services import ensure_editable
from scic.cooperatives.models import Cooperative
from scic.core import audit
from scic.core.db import db, lock_row
from scic.core.violations import RuleViolation, Violation
from scic.voting import ballot_rules, eligibility, queries
from scic.voting.models import HandCount, HandCountCorrection, Resolution


@dataclass(frozen=True)
class HandFigures:
    """A college's counts on a show of hands."""

    votes_for: int
    votes_against: int
    votes_abstain: int = 0

    def as_tuple(self) -> tuple[int, int, int]:
        return (self.votes_for, self.votes_against, self.votes_abstain)


class ShowOfHandsRefused(RuleViolation):
    """Refusals by college id (None: the headcount of a cooperative without colleges)."""

    def __init__(self, by_college: dict[int | None, list[Violation]]):
        self.by_college = by_college
        super().__init__([v for problems in by_college.values() for v in problems])


def current_counts(resolution: Resolution) -> dict[int | None, queries.CurrentHandCount]:
    """Each college's counts as they stand (corrections applied), by college id."""
    return {h.college_id: h for h in queries.hand_counts([resolution.id]).get(resolution.id, [])}


def show_of_hands_problems(
    resolution: Resolution, figures: dict[int | None, HandFigures]
) -> dict[int | None, list[Violation]]:
    """Every refusal of these counts, by college (empty: they may be recorded).

    Only the colleges whose figures change are checked: an unchanged college is left alone.
    """
    current = current_counts(resolution)
    participants = eligibility.participants_per_college(resolution.assembly)
    problems: dict[int | None, list[Violation]] = {}
    for college_id, wanted in figures.items():
        existing = current.get(college_id)
        if (
            existing is not None
            and (
                existing.votes_for,
                existing.votes_against,
                existing.votes_abstain,
            )
            == wanted.as_tuple()
        ):
            continue
        found = ballot_rules.check_hand_count_entry(
            secret=resolution.secret, status=resolution.status, correcting=existing is not None
        )
        # R-AG-13: never more hands than the college's members taking part in the session.
        found += ballot_rules.check_hand_count(wanted.as_tuple(), participants.get(college_id, 0))
        if found:
            problems[college_id] = found
    return problems


def record_show_of_hands(
    resolution: Resolution,
    figures: dict[int | None, HandFigures],
    *,
    by=None,
    now: datetime,
) -> list[HandCount | HandCountCorrection]:
    """Record the counts of every college given: new counts and correcting entries, all or none.

    :raises ShowOfHandsRefused: with the refusals of each college; nothing is written then.
    """
    ensure_editable(resolution.assembly)
    lock_row(Cooperative, resolution.cooperative_id)
    colleges = {c.id for c in resolution.assembly.cooperative.colleges}
    if any(college_id is not None and college_id not in colleges for college_id in figures):
        raise RuleViolation(Violation("vote_other_cooperative"))
    # Read again under the lock: the vote may have closed since the page was shown.
    db.session.refresh(resolution, ["status"])
    if problems := show_of_hands_problems(resolution, figures):
        raise ShowOfHandsRefused(problems)
    current = current_counts(resolution)
    written: list[HandCount | HandCountCorrection] = []
    for college_id, wanted in figures.items():
        existing = current.get(college_id)
        # What a first count and a correcting entry both write (the counts, who and when).
        figures_written = {
            "cooperative_id": resolution.cooperative_id,
            "resolution_id": resolution.id,
            "college_id": college_id,
            "votes_for": wanted.votes_for,
            "votes_against": wanted.votes_against,
            "votes_abstain": wanted.votes_abstain,
            "recorded_by_id": getattr(by, "id", None),
            "recorded_at": now,
        }
        if existing is None:
            row: HandCount | HandCountCorrection = HandCount(**figures_written)
            action, data = "hand_count.record", {}
        elif (
            existing.votes_for,
            existing.votes_against,
            existing.votes_abstain,
        ) != wanted.as_tuple():
            row = HandCountCorrection(hand_count_id=existing.id, **figures_written)
            action = "hand_count.correct"
            data = {
                "hand_count_id": existing.id,
                "before": {
                    "for": existing.votes_for,
                    "against": existing.votes_against,
                    "abstain": existing.votes_abstain,
                },
            }
        else:
            continue
        row.seal()
        written.append(row)
        audit.record(
            action,
            resolution,
            by=by,
            now=now,
            data={
                **data,
                "college_id": college_id,
                "for": wanted.votes_for,
                "against": wanted.votes_against,
                "abstain": wanted.votes_abstain,
            },
        )
    return written
