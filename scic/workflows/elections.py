"""Elections of directors and officers by the assembly (R-AG-2, issue 20 item 2).

``prepare_election`` puts the election on the agenda with one resolution per candidate — a
secret ballot when asked (the voting package's sealed urn, set up by the tellers before the
vote opens). ``record_results`` reads the closed outcomes, elects within the seats
(``officer_rules.elected``) and records each officer with the end of their term, which the
calendar and its reminders then show. Flushes; the view commits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app
from flask_babel import force_locale
from sqlalchemy import select

from scic.assemblies import officer_rules as rules
from scic.assemblies import services as assembly_services
from scic.assemblies.labels import BODY_LABELS
from scic.assemblies.models import Assembly, Candidacy, Election, Officer
from scic.assemblies.rules import PARIS
from scic.cooperatives.models import Cooperative
from scic.core import audit
from scic.core.db import db
from scic.core.i18n import _, label
from scic.core.violations import RuleViolation, Violation
from scic.membership.models import Member
from scic.voting import services as voting_services
from scic.voting.models import Outcome, Resolution


@dataclass(frozen=True)
class Candidate:
    name: str
    member: Member | None = None


def elections_of(assembly: Assembly) -> list[Election]:
    return list(
        db.session.scalars(
            select(Election).where(Election.assembly_id == assembly.id).order_by(Election.id)
        )
    )


def prepare_election(
    assembly: Assembly,
    *,
    seats: int,
    term_years: int,
    candidates: list[Candidate],
    secret: bool,
    by=None,
) -> Election:
    """Put the election of the cooperative's governing body on the agenda (before the
    convocation, R-AG-5), with one resolution per candidate."""
    cooperative = assembly.cooperative
    body = rules.body_of(cooperative.governance)
    problems = rules.check_election(term_years, seats, [c.name for c in candidates], body=body)
    for candidate in candidates:
        if candidate.member is not None and candidate.member.cooperative_id != cooperative.id:
            problems.append(Violation("election_candidate_other_cooperative", rule="R-AG-2"))
    if problems:
        raise RuleViolation(problems)
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        body_name = label(BODY_LABELS[body])
        item = assembly_services.add_agenda_item(
            assembly,
            _("Election: %(body)s", body=body_name),
            _(
                "%(seats)s seat(s) for %(years)s years; candidates: %(names)s.",
                seats=seats,
                years=term_years,
                names=", ".join(c.name.strip() for c in candidates),
            ),
            by=by,
        )
        election = Election(
            cooperative_id=cooperative.id,
            assembly_id=assembly.id,
            body=body,
            seats=seats,
            term_years=term_years,
            secret=secret,
        )
        db.session.add(election)
        db.session.flush()
        for candidate in candidates:
            name = candidate.name.strip()
            resolution = voting_services.create_resolution(
                assembly,
                title=_("Election of %(name)s", name=name),
                text=_(
                    "The general assembly elects %(name)s to the body “%(body)s” for %(years)s "
                    "years.",
                    name=name,
                    body=body_name,
                    years=term_years,
                ),
                kind="ordinary",
                secret=secret,
                agenda_item=item,
                by=by,
            )
            db.session.add(
                Candidacy(
                    election_id=election.id,
                    name=name,
                    member_id=candidate.member.id if candidate.member else None,
                    resolution_id=resolution.id,
                )
            )
    db.session.flush()
    audit.record(
        "election.prepare",
        election,
        by=by,
        data={"seats": seats, "term_years": term_years, "candidates": len(candidates)},
    )
    return election


def record_results(election: Election, *, by=None, now: datetime) -> list[Officer]:
    """Elect within the seats once every candidate's vote is closed; record the officers.

    The results belong in the minutes: once they are signed, nothing is recorded any more."""
    assembly_services.ensure_editable(db.session.get(Assembly, election.assembly_id))
    if election.results_recorded_at is not None:
        raise RuleViolation(Violation("election_results_recorded", rule="R-AG-2"))
    outcomes = {
        o.resolution_id: o
        for o in db.session.scalars(
            select(Outcome).where(
                Outcome.resolution_id.in_([c.resolution_id for c in election.candidacies])
            )
        )
    }
    if len(outcomes) < len(election.candidacies):
        raise RuleViolation(Violation("election_votes_open", rule="R-AG-2"))
    ballots = [
        rules.Ballot(
            str(c.id), outcomes[c.resolution_id].adopted, outcomes[c.resolution_id].share_for
        )
        for c in election.candidacies
    ]
    winners = set(rules.elected(ballots, election.seats))
    assembly = db.session.get(Assembly, election.assembly_id)
    elected_on = assembly.starts_at.astimezone(PARIS).date()
    officers = []
    for candidacy in election.candidacies:
        candidacy.elected = str(candidacy.id) in winners
        if candidacy.elected:
            officer = Officer(
                cooperative_id=election.cooperative_id,
                body=election.body,
                name=candidacy.name,
                member_id=candidacy.member_id,
                elected_on=elected_on,
                term_end=rules.term_end(elected_on, election.term_years),
                election_id=election.id,
            )
            db.session.add(officer)
            officers.append(officer)
    election.results_recorded_at = now
    db.session.flush()
    audit.record(
        "election.results",
        election,
        by=by,
        data={"elected": [o.name for o in officers]},
        now=now,
    )
    return officers


def officers_in_office(cooperative: Cooperative, day: date) -> list[Officer]:
    """Officers whose term runs on ``day`` (elected on or before it), the soonest end first."""
    return list(
        db.session.scalars(
            select(Officer)
            .where(
                Officer.cooperative_id == cooperative.id,
                Officer.elected_on <= day,
                Officer.term_end >= day,
            )
            .order_by(Officer.term_end, Officer.name)
        )
    )


def candidate_resolutions(election: Election) -> list[Resolution]:
    return [db.session.get(Resolution, c.resolution_id) for c in election.candidacies]
