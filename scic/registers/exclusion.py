"""Carry an adopted exclusion into the capital ledger (R-EXCL-1).

The voting package decides exclusions and the capital package cancels shares; neither may
import the other (capital is never a voting criterion, R-COL-5), so this upstream module
joins them. It is imported by create_app through ``scic.registers.views``.
"""

from __future__ import annotations

from datetime import date

from scic.capital.services import Decision, record_exit
from scic.core.db import db
from scic.membership.models import Member
from scic.voting.services import EXCLUSION_ADOPTED_HOOKS


def cancel_shares_of_excluded_member(
    *, cooperative_id: int, member_id: int, resolution_id: int, decided_on: date, by=None
) -> None:
    """Record the exclusion in the ledger on the day the assembly adopted it."""
    member = db.session.get(Member, member_id)
    if member is None or member.cooperative_id != cooperative_id:
        return
    record_exit(
        member,
        "exclusion",
        on=decided_on,
        by=by,
        decision=Decision(organ="AG", on=decided_on, ref=f"resolution {resolution_id}"),
    )


if cancel_shares_of_excluded_member not in EXCLUSION_ADOPTED_HOOKS:
    EXCLUSION_ADOPTED_HOOKS.append(cancel_shares_of_excluded_member)
