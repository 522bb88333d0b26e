"""Written consultation (R-AG-10): from the sending to the result, without a session.

The consultation is sent like a convocation (``assemblies.services.send_convocation``); members
answer by post or online, each answer a postal ballot accepted from the sending to the last day
of the delay (R-AG-13 through ``voting.eligibility``). ``close_consultation`` produces the result
once the delay has run (or everyone has answered): it counts every resolution — a member who did
not answer does not vote — and closes the consultation, whose minutes then follow as for an
assembly. Plain functions: they flush, views and commands commit.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select, union

from scic.assemblies import queries as assembly_queries
from scic.assemblies import services as assembly_services
from scic.assemblies.consultation_rules import (
    answer_deadline,
    check_close,
    check_consultation_allowed,
)
from scic.assemblies.models import Assembly
from scic.assemblies.rules import AssemblyType
from scic.cooperatives.services import assembly_settings_of
from scic.core import audit
from scic.core.db import db
from scic.core.violations import RuleViolation, Violation
from scic.voting import services as voting_services
from scic.voting.models import Ballot, Outcome, Resolution, SecretParticipation
from scic.voting.participation import participation


def deadline_of(assembly: Assembly) -> date | None:
    """The last day to answer: 15 days at least after the sending (R-AG-10); None: not sent."""
    if assembly.convocation_sent_on is None:
        return None
    return answer_deadline(assembly.convocation_sent_on)


def answered_member_ids(assembly: Assembly) -> frozenset[int]:
    """Members who answered at least one resolution of the consultation."""
    resolutions = select(Resolution.id).where(Resolution.assembly_id == assembly.id)
    statement = union(
        select(Ballot.member_id).where(Ballot.resolution_id.in_(resolutions)),
        select(SecretParticipation.member_id).where(
            SecretParticipation.resolution_id.in_(resolutions)
        ),
    )
    return frozenset(db.session.scalars(statement))


def close_consultation(assembly: Assembly, *, today: date, now: datetime, by=None) -> list[Outcome]:
    """Produce the result of a written consultation and close it (R-AG-10).

    Refused (nothing written): not a written consultation, a legal form or statutes that do not
    allow one, not sent, or the delay still running while some members have not answered.
    Members who did not answer count as not voting. Returns the frozen results in order.
    """
    problems: list[Violation] = []
    if assembly.type != AssemblyType.WRITTEN.value:
        problems.append(Violation("consultation_not_written"))
    cooperative = assembly.cooperative
    allowed = assembly_settings_of(cooperative).written_consultation_allowed
    problems += check_consultation_allowed(cooperative.legal_form, allowed)
    deadline = deadline_of(assembly)
    if deadline is None or assembly.status != "convened":
        problems.append(Violation("consultation_not_sent", rule="R-AG-10"))
    else:
        members = assembly_queries.voter_ids(assembly)
        answered = answered_member_ids(assembly) & members
        problems += check_close(
            today, deadline=deadline, answered=len(answered), members=len(members)
        )
    if problems:
        raise RuleViolation(problems)
    # The count is the consultation's only "session": opened and closed in this transaction.
    assembly.status = "open"
    assembly.opened_at = now
    db.session.flush()
    audit.record("consultation.count", assembly, by=by, now=now, data={"deadline": deadline})
    outcomes = []
    for resolution in db.session.scalars(
        select(Resolution).where(Resolution.assembly_id == assembly.id).order_by(Resolution.number)
    ):
        voting_services.open_vote(resolution, by=by, now=now)
        outcomes.append(voting_services.close_vote(resolution, by=by, now=now))
    assembly_services.close_session(assembly, now=now, by=by, participation=participation(assembly))
    return outcomes
