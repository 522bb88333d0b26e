"""Written consultation (R-AG-10): from the sending to the result, without a session.

The consultation is sent like a convocation (``assemblies.services.send_convocation``); members
answer by post or online, each answer a postal ballot accepted from the sending to the last day
of the delay (R-AG-13 through ``voting.eligibility``). ``close_consultation`` produces the result
once the delay has run (or everyone has answered): it counts every resolution — a member who did
not answer does not vote — at the majorities of the legal form (R-AG-12: a SARL's ordinary
decision on first consultation needs more than half of all its members), through the same
``scic.workflows.votes.close_vote`` as an assembly (so an adopted exclusion is checked against
R-EXCL-1 there too), and closes the consultation, whose minutes then follow as for an assembly.
Plain functions: they flush, views and commands commit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
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
from scic.voting import urn as secret_urn
from scic.voting.models import Ballot, Outcome, Resolution, SecretParticipation
from scic.voting.participation import participation
from scic.workflows import votes


def deadline_of(assembly: Assembly) -> date | None:
    """The last day to answer: 15 days at least after the sending (R-AG-10); None: not sent."""
    if assembly.convocation_sent_on is None:
        return None
    return answer_deadline(assembly.convocation_sent_on)


@dataclass(frozen=True)
class ConsultationState:
    """Where a written consultation stands, for its page (R-AG-10)."""

    sent_on: date | None
    deadline: date | None
    members: list  # Member rows with voting rights, by number
    answered: frozenset[int]
    problems: list[Violation]  # why the result cannot be produced today (empty: it can)
    tellers: list  # the tellers who open the secret resolutions' urns (users)

    @property
    def not_answered(self) -> list:
        return [m for m in self.members if m.id not in self.answered]


def consultation_violations(assembly: Assembly, today: date) -> list[Violation]:
    """Why the result of a written consultation cannot be produced ``today`` (R-AG-10)."""
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
    return problems


def consultation_state(assembly: Assembly, today: date) -> ConsultationState:
    """The consultation's sending, delay, answers and what stops its result today."""
    resolutions = db.session.scalars(
        select(Resolution).where(Resolution.assembly_id == assembly.id, Resolution.secret)
    )
    tellers: dict[int, object] = {}
    for resolution in resolutions:
        for teller in secret_urn.tellers_of(resolution):
            tellers.setdefault(teller.id, teller)
    return ConsultationState(
        sent_on=assembly.convocation_sent_on,
        deadline=deadline_of(assembly),
        members=sorted(assembly_queries.voters(assembly), key=lambda m: m.number),
        answered=answered_member_ids(assembly),
        problems=consultation_violations(assembly, today) if assembly.status == "convened" else [],
        tellers=list(tellers.values()),
    )


def send_consultation(assembly: Assembly, today: date, *, now: datetime, by=None):
    """Send a written consultation: every member gets the resolutions and its voting link.

    Rules: R-AG-10 (SARL, or SAS, whose statutes allow it; never an SA), then the convocation's
    own checks (agenda, last day to send). The delay to answer runs 15 days from ``today``.
    """
    problems: list[Violation] = []
    if assembly.type != AssemblyType.WRITTEN.value:
        problems.append(Violation("consultation_not_written"))
    cooperative = assembly.cooperative
    allowed = assembly_settings_of(cooperative).written_consultation_allowed
    problems += check_consultation_allowed(cooperative.legal_form, allowed)
    if problems:
        raise RuleViolation(problems)
    return assembly_services.send_convocation(assembly, today, by, now=now)


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


def close_consultation(
    assembly: Assembly,
    *,
    today: date,
    now: datetime,
    by=None,
    passphrases: Mapping[int, str] | None = None,
) -> list[Outcome]:
    """Produce the result of a written consultation and close it (R-AG-10).

    Refused (nothing written): not a written consultation, a legal form or statutes that do not
    allow one, not sent, or the delay still running while some members have not answered; a
    secret resolution whose tellers' ``passphrases`` (user id: text) do not open its urn
    (R-TAL-3); an adopted exclusion without its procedure (R-EXCL-1). Members who did not answer
    count as not voting. Returns the frozen results in order.
    """
    problems = consultation_violations(assembly, today)
    deadline = deadline_of(assembly)
    if problems:
        raise RuleViolation(problems)
    resolutions = list(
        db.session.scalars(
            select(Resolution)
            .where(Resolution.assembly_id == assembly.id)
            .order_by(Resolution.number)
        )
    )
    # Each secret urn is opened before anything changes: wrong passphrases write nothing.
    opened = {r.id: secret_urn.unlock_urn(r, passphrases or {}) for r in resolutions if r.secret}
    # The count is the consultation's only "session": opened and closed in this transaction.
    assembly.status = "open"
    assembly.opened_at = now
    db.session.flush()
    audit.record("consultation.count", assembly, by=by, now=now, data={"deadline": deadline})
    outcomes = []
    for resolution in resolutions:
        voting_services.open_vote(resolution, by=by, now=now)
        outcomes.append(votes.close_vote(resolution, by=by, now=now, urn=opened.get(resolution.id)))
    assembly_services.close_session(assembly, now=now, by=by, participation=participation(assembly))
    return outcomes
