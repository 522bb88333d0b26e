"""Closing a vote: freeze its outcome and count the secret ballots."""

from __future__ import annotations

from datetime import datetime

from scic.assemblies.rules import blank_proxy_choice
from scic.assemblies.services import ensure_editable
from scic.cooperatives.models import Cooperative
from scic.core import audit
from scic.core.db import db, lock_row
from scic.core.percent import percent_text
from scic.core.violations import RuleViolation, Violation
from scic.membership.models import Member
from scic.voting import queries
from scic.voting import urn as secret_urn
from scic.voting.assembly_rules import Turnout
from scic.voting.models import Outcome, Resolution
from scic.voting.rules import TELLER_THRESHOLD, Channel, Choice, ResolutionStatus
from scic.voting.services.ballots import _record
from scic.voting.services.resolutions import assembly_day
from scic.voting.services.tally import decide, snapshot
from scic.voting.tally_format import turnout_to_json
from scic.voting.urn import OpenedUrn

# --- Closing ------------------------------------------------------------------------------------


def close_vote(
    resolution: Resolution,
    *,
    by=None,
    now: datetime,
    urn: OpenedUrn | None = None,
    turnout: Turnout | None = None,
) -> Outcome:
    """Close the vote: cast the chair's blank proxies, count secret ballots, freeze the result.

    Rules: R-AG-7 (blank proxies: for what the board approved, against the rest), R-TAL-3 (a
    secret ballot is counted with ``urn``, its key rebuilt by the tellers with
    ``scic.voting.urn.unlock_urn``: the boxes are opened, chained in a random order with no voter
    and no time, and the key destroyed), R-TAL-1/R-TAL-4 (the exact result is frozen with its
    weights and rules). With the ``turnout`` of the resolution's assembly part
    (``scic.workflows.votes.close_vote`` counts it), R-AG-11 and R-AG-12: nothing is adopted
    without quorum, and the legal form's majority and denominators apply; the turnout is frozen
    with the result so that the export re-tallies to it.
    """
    assembly = resolution.assembly
    ensure_editable(assembly)
    if resolution.status != ResolutionStatus.OPEN:
        closed = resolution.status == ResolutionStatus.CLOSED
        raise RuleViolation(Violation("vote_closed") if closed else Violation("vote_not_open"))
    if resolution.secret and urn is None:
        raise RuleViolation(
            Violation("tellers_not_enough", rule="R-TAL-3", params={"min": TELLER_THRESHOLD})
        )
    lock_row(Cooperative, resolution.cooperative_id)
    day = assembly_day(assembly)
    chair = assembly.chair_name or "chair"
    choice = Choice(blank_proxy_choice(resolution.board_approved))
    for proxy in queries.active_proxies(assembly):
        grantor: Member = proxy.grantor
        if proxy.holder_id is not None or not queries.is_entitled(grantor, day):
            continue
        if queries.has_voted(resolution, grantor.id):
            continue
        _record(
            resolution,
            grantor,
            choice,
            channel=Channel.PROXY_BLANK,
            by=by,
            person=chair,
            now=now,
            college_id=queries.college_on(grantor, day),
        )
    if resolution.secret:
        secret_urn.count_urn(resolution, urn, now=now)
    resolution.status = ResolutionStatus.CLOSED.value
    resolution.closed_at = now
    db.session.flush()
    snap = snapshot(resolution)
    if turnout is not None:
        decide(snap, resolution, turnout)
    outcome = Outcome(
        cooperative_id=resolution.cooperative_id,
        resolution_id=resolution.id,
        weights_on=snap.weights_on,
        rules={
            "method": snap.rules.method.value,
            "abstentions": snap.rules.abstentions.value,
            "silent_college": snap.rules.silent_college.value,
        },
        majority=snap.majority.to_json(),
        colleges=[
            {
                "code": c.code,
                "name": c.name,
                "weight": None if c.weight is None else percent_text(c.weight),
                "entitled": c.entitled,
                "voted": c.voted,
                "for": c.for_,
                "against": c.against,
                "abstain": c.abstain,
                "silent": c.silent,
                "effective_weight": str(c.effective_weight),
                "for_share": str(c.for_share),
                "against_share": str(c.against_share),
            }
            for c in snap.colleges
        ],
        share_for=snap.share_for,
        adopted=snap.adopted,
        threshold=snap.majority.threshold,
        small_colleges=snap.small_colleges,
        computed_at=now,
        turnout=None if turnout is None else turnout_to_json(turnout),
    )
    outcome.seal()
    db.session.refresh(resolution, ["outcome"])
    audit.record(
        "resolution.close",
        resolution,
        by=by,
        now=now,
        data={"adopted": snap.adopted, "share_for": snap.share_for},
    )
    return outcome
