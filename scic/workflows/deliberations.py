"""A council deliberation withdrawn or annulled: from the record to the capital and membership.

When the prefect's letter leads the council to withdraw its joining deliberation, or the
administrative court annuls it on the prefect's referral (CGCT L2131-6), the authority's entry
has no legal basis any more: its subscriptions are reversed (entries pointing at the originals,
R-LA-5) and its membership ends on that day, the exit cause and decision telling the registers
why. ``membership`` records the deliberation, ``capital`` the ledger; this use case joins them.
Views call it; it flushes, never commits.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from scic.auth.models import User
from scic.capital.models import ShareMovement
from scic.capital.services import reverse
from scic.core.db import db
from scic.membership import services as membership_services
from scic.membership.models import Deliberation
from scic.membership.rules import MemberStatus

#: Exit cause written on the member (shown by the registers).
CANCELLED_CAUSE = "deliberation_cancelled"


def cancel_deliberation(
    deliberation: Deliberation, *, on: date, kind: str, reference: str, by: User | None = None
) -> list[ShareMovement]:
    """Record the withdrawal or annulment and, for a joining deliberation, undo the entry.

    Returns the reversing ledger entries (none for a candidate or another purpose).
    """
    membership_services.record_deliberation_cancellation(
        deliberation, on=on, kind=kind, reference=reference, by=by
    )
    member = deliberation.member
    if deliberation.purpose != "membership" or member.status == MemberStatus.CANDIDATE.value:
        return []
    movements = select(ShareMovement).where(
        ShareMovement.member_id == member.id, ShareMovement.reverses_id.is_(None)
    )
    reversed_ids = select(ShareMovement.reverses_id).where(
        ShareMovement.member_id == member.id, ShareMovement.reverses_id.is_not(None)
    )
    reason = reference  # the withdrawing deliberation's or the court decision's reference
    reversals: list[ShareMovement] = []
    for movement in db.session.scalars(
        movements.where(ShareMovement.id.not_in(reversed_ids)).order_by(ShareMovement.number.desc())
    ).all():
        reversals += reverse(movement, reason, by=by)
    # The authority loses a condition of membership: it is struck off (R-EXCL-2) and leaves at
    # once, with nothing to repay since its subscriptions were reversed.
    for status in (MemberStatus.STRUCK_OFF, MemberStatus.EXITED):
        membership_services.change_status(
            member, status, on, by, decision_ref=reference, cause=CANCELLED_CAUSE
        )
    return reversals
