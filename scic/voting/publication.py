"""The one place that decides what members may read of a result (R-TAL-3).

Documents readable by members (the results page, the minutes) take their result from
:func:`for_members`. For a secret ballot whose counts would reveal how someone voted
(``rules.secret_publication``: a college with one or two voters, or a unanimous college), it
returns a copy with every choice count, weight contribution and the weighted share removed, not
only the revealing college's: the weighted total minus the other colleges' contributions would
give that college back. Participation per college and the decision stay.
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

from scic.voting import rules
from scic.voting.models import Outcome
from scic.voting.rules import CollegeCount
from scic.voting.services import CollegeLine, Snapshot


def for_members(snapshot: Snapshot, *, secret: bool) -> Snapshot:
    """Return the result as members may read it: withheld detail is absent, not just hidden."""
    if not secret or snapshot.choices_hidden:
        return snapshot
    publication = rules.secret_publication(
        [
            CollegeCount(c.code, for_=c.for_, against=c.against, abstain=c.abstain)
            for c in snapshot.colleges
        ]
    )
    if publication.details_published:
        return replace(snapshot, small_colleges=[])
    return replace(
        snapshot,
        colleges=[
            CollegeLine(c.code, c.name, c.weight, entitled=c.entitled, voted=c.voted)
            for c in snapshot.colleges
        ],
        share_for=None,
        small_colleges=list(publication.revealing),
        choices_hidden=True,
    )


def colleges_too_small(snapshot: Snapshot) -> list[str]:
    """Colleges where only one or two members may vote: a secret vote's secretary is warned
    before opening it, since their votes would show in the counts (R-TAL-3)."""
    return rules.small_secret_colleges({c.code or "": c.entitled for c in snapshot.colleges})


def share_for_members(outcome: Outcome, *, secret: bool) -> Fraction | None:
    """An outcome's weighted share as members may read it in a list; None when withheld."""
    if not secret:
        return outcome.share_for
    publication = rules.secret_publication(
        [
            CollegeCount(c["code"], for_=c["for"], against=c["against"], abstain=c["abstain"])
            for c in outcome.colleges
        ]
    )
    return outcome.share_for if publication.details_published else None
