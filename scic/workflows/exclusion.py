"""Exclusion by the assembly (R-EXCL-1): from the adopted resolution to the capital ledger.

``voting`` decides and ``capital`` cancels shares; neither imports the other, so this use case
reads the resolution (its outcome, the member concerned, the dates of notice and hearing) and
hands the facts to ``capital.services.record_exit``, which refuses an exclusion the rule does not
allow. Views and commands call it; it flushes, never commits.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from scic.assemblies.rules import PARIS
from scic.capital.models import WithdrawalRequest
from scic.capital.services import Decision, record_exit
from scic.core.db import db
from scic.core.violations import RuleViolation, Violation
from scic.membership.exclusion_rules import ExclusionDecision, check_exclusion
from scic.membership.models import Member
from scic.voting.models import Resolution

#: Resolution kinds voted at the majority required to amend the statutes (R-EXCL-1).
AMENDING_KINDS = frozenset({"exclusion", "extraordinary"})


def exclusion_resolutions(cooperative_id: int) -> list[Resolution]:
    """Closed resolutions naming a member to exclude, latest first (listed by the Exits form)."""
    return list(
        db.session.scalars(
            select(Resolution)
            .where(
                Resolution.cooperative_id == cooperative_id,
                Resolution.excluded_member_id.is_not(None),
                Resolution.status == "closed",
            )
            .order_by(Resolution.closed_at.desc(), Resolution.id.desc())
        )
    )


def exclusion_decision(resolution: Resolution | None, effective_on: date) -> ExclusionDecision:
    """The R-EXCL-1 facts of an exclusion resting on ``resolution`` (None: no resolution)."""
    if resolution is None:
        return ExclusionDecision(None, False, None, None, None, effective_on)
    outcome = resolution.outcome
    return ExclusionDecision(
        resolution_adopted=bool(outcome and outcome.adopted),
        at_amending_majority=resolution.kind in AMENDING_KINDS,
        notified_on=resolution.excluded_member_notified_on,
        heard_on=resolution.excluded_member_heard_on,
        assembly_on=resolution.assembly.starts_at.astimezone(PARIS).date(),
        effective_on=effective_on,
    )


def exclude_by_assembly(
    member: Member,
    resolution: Resolution | None,
    *,
    on: date,
    by=None,
    now: datetime,
) -> WithdrawalRequest:
    """Record ``member``'s exclusion decided by ``resolution``, effective ``on``.

    Refused (nothing written): no resolution, a resolution of another cooperative or about
    another member, not adopted, not at the statutes-amending majority, a member not notified
    or not heard before the assembly, an exit before the assembly (R-EXCL-1).
    """
    problems: list[Violation] = []
    if resolution is not None and (
        resolution.cooperative_id != member.cooperative_id
        or resolution.excluded_member_id != member.id
    ):
        problems.append(Violation("exclusion_resolution_other_member", rule="R-EXCL-1"))
    decision = exclusion_decision(resolution, on)
    problems += check_exclusion(decision)
    if problems:
        raise RuleViolation(problems)
    request = record_exit(
        member,
        "exclusion",
        on=on,
        decision=Decision(
            organ="AG",
            on=decision.assembly_on,
            ref=f"{resolution.assembly.title} — {resolution.number}",
        ),
        by=by,
        now=now,
    )
    request.resolution_id = resolution.id
    return request
