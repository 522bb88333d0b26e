"""A small, complete dataset built through the services: one object of each kind per cooperative.

Used by the access-control matrix (one build per module) and by the personal-data tests. Every
object goes through the same services as real data, so the ids in the URLs hit real rows.
"""

from __future__ import annotations

import itertools
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from scic.core.db import db
from scic.workflows import session as session_workflow
from tests.fixtures.assemblies import convene_everyone

PASSWORD = "correct horse battery"
PDF = b"%PDF-1.4\n% scic test document\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
_counter = itertools.count(1)


@dataclass
class Seeded:
    """One cooperative's people and objects (ids only: the objects outlive their session)."""

    slug: str
    cooperative_id: int
    users: dict[str, int] = field(default_factory=dict)
    ids: dict[str, int] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)


def statutes(slug: str, name: str) -> dict:
    from tests.fixtures.factories import STATUTES

    document = deepcopy(STATUTES)
    document.update(slug=slug, name=name)
    return document


def build_cooperative(
    app, slug: str, *, now: datetime | None = None, export: bool = False
) -> Seeded:
    """Create a cooperative with every role, members with shares and a running assembly.

    Call inside an app context; commits. ``export`` also produces a background register export
    (its job runs after the commit, at once under TESTING).
    """
    from scic.assemblies import services as assemblies
    from scic.auth.services import create_user
    from scic.capital import services as capital
    from scic.cooperatives.models import Role
    from scic.cooperatives.services import apply_statutes, grant_role
    from scic.cooperatives.statutes_format import read_statutes
    from scic.core.mail import queue_mail
    from scic.membership import services as membership
    from scic.registers.background import start_export
    from scic.registers.exports import DocumentRequest
    from scic.voting import services as voting

    now = now or datetime.now(UTC)
    today = now.date()
    spec, problems = read_statutes(statutes(slug, f"Coop {slug}"))
    assert spec is not None, problems
    cooperative = apply_statutes(spec)
    seeded = Seeded(slug=slug, cooperative_id=cooperative.id)

    def user(role: str) -> object:
        account = create_user(
            f"{role}.{slug}.{next(_counter)}@example.org", password=PASSWORD, full_name=role
        )
        db.session.flush()
        seeded.users[role] = account.id
        return account

    admin, secretary, auditor = user("admin"), user("secretary"), user("auditor")
    grant_role(admin, cooperative, Role.ADMIN)
    grant_role(secretary, cooperative, Role.SECRETARY)
    grant_role(auditor, cooperative, Role.AUDITOR)
    member_user = user("member")
    grant_role(member_user, cooperative, Role.MEMBER)
    rep_user = user("representative")

    categories = {c.code: c for c in cooperative.categories}
    admitted = today - timedelta(days=400)
    decision = capital.Decision("board", admitted, "CA-1")

    def person(name: str, first: str, account=None) -> object:
        member = membership.create_candidate(
            cooperative,
            membership.MemberData(
                kind="person",
                name=name,
                first_name=first,
                email=f"{first.lower()}.{slug}@example.org",
                phone="0601020304",
                address="3 rue des Lilas, 24290 Montignac",
            ),
            categories["USA"],
            applied_on=admitted,
        )
        if account is not None:
            member.user_id = account.id
        capital.admit_with_subscription(
            member,
            10,
            paid_cents=10 * cooperative.share_value_cents,
            on=admitted,
            decision=decision,
        )
        membership.record_econvocation_consent(member, admitted)
        return member

    alice = person("Martin", "Alice", member_user)
    bob = person("Durand", "Bob")
    commune = capital.create_local_authority(
        cooperative,
        name="Commune de Montignac",
        authority_type="commune",
        category=categories["COLL"],
        applied_on=admitted,
    )
    deliberation = capital.record_deliberation(
        commune,
        reference="DEL-1",
        adopted_on=admitted,
        executory_on=admitted,
        authorised_shares=None,
    )
    capital.admit_with_subscription(
        commune, 10, paid_cents=10 * cooperative.share_value_cents, on=admitted, decision=decision
    )
    mandate = membership.designate_representative(
        commune, "Paul Maire", "main", admitted, email="paul.maire@example.org", user=rep_user
    )
    membership.attach_deliberation_document(
        deliberation, PDF, upload_dir=_uploads(app), max_bytes=app.config["MAX_CONTENT_LENGTH"]
    )
    movement = capital.subscribe(
        bob,
        2,
        paid_cents=2 * cooperative.share_value_cents,
        on=today - timedelta(days=30),
        decision=capital.Decision("board", today - timedelta(days=30), "CA-2"),
    )
    withdrawal = capital.request_withdrawal(bob, 1, requested_on=today - timedelta(days=10))
    advance = capital.grant_advance(
        commune,
        convention_ref="CONV-1",
        deliberation_ref="DEL-ADV",
        amount_cents=100_00,
        start_on=today - timedelta(days=20),
        duration_months=12,
        equity_cents=1_000_000_00,
    )
    year = today.year - 1
    proposal = capital.propose_allocation(
        cooperative, year, result_cents=1_000_000, subsidies_cents=0, reserves_before_cents=0
    )
    allocation = capital.record_allocation(
        cooperative,
        year,
        result_cents=1_000_000,
        subsidies_cents=0,
        reserves_before_cents=0,
        legal_reserve_cents=proposal.bounds.legal_reserve_min,
        statutory_reserve_cents=proposal.bounds.statutory_reserve_min,
        interest_rate=proposal.interest_rate,
    )
    seeded.ids.update(
        allocation_id=allocation.id,
        member_id=alice.id,
        bob_id=bob.id,
        authority_id=commune.id,
        deliberation_id=deliberation.id,
        mandate_id=mandate.id,
        movement_id=movement.id,
        request_id=withdrawal.id,
        advance_id=advance.id,
    )

    # An assembly in session: agenda, document, proxy, attendance, an open resolution.
    starts_at = now - timedelta(hours=1)
    assembly = assemblies.create_assembly(
        cooperative,
        assemblies.AssemblyInput(
            type="ordinary",
            title="Assemblée générale",
            starts_at=starts_at,
            place="Salle des fêtes",
            video_link="https://visio.example.org/ag",
            remote_mode="hybrid",
            approves_accounts_of=None,
        ),
        by=secretary,
    )
    item = assemblies.add_agenda_item(assembly, "Approval of the accounts", by=secretary)
    election = _election(assembly, secretary)
    document = assemblies.add_document(
        assembly,
        kind="accounts",
        title="Comptes",
        filename="comptes.pdf",
        content=PDF,
        by=secretary,
        now=now,
    )
    # R-AG-1/§5: every voter convened (letters recorded too) before the session opens.
    convene_everyone(assembly, sent_on=today - timedelta(days=20), now=now, by=secretary)
    proxy = assemblies.give_proxy(
        assembly, bob, alice, signed_on=today - timedelta(days=2), by=secretary, now=now
    )
    assemblies.set_bureau(
        assembly,
        chair="Claire Présidente",
        secretary="Sam Secrétaire",
        scrutineers="Ugo",
        by=secretary,
    )
    session_workflow.open_session(assembly, now=now - timedelta(minutes=30), by=secretary)
    assemblies.record_attendance(assembly, alice, "present", by=secretary, now=now)
    resolution = voting.create_resolution(
        assembly, title="Approbation des comptes", agenda_item=item, by=secretary
    )
    voting.open_vote(resolution, by=secretary, now=now)
    voting.cast_ballot(resolution, alice, "for", now=now, by=member_user)
    seeded.ids.update(
        assembly_id=assembly.id,
        item_id=item.id,
        document_id=document.id,
        proxy_id=proxy.id,
        resolution_id=resolution.id,
    )
    message = queue_mail(
        "alice@example.org", "Convocation", "Bonjour", cooperative_id=cooperative.id
    )
    seeded.ids["message_id"] = message.id
    seeded.ids["revision_id"] = _revision(cooperative).id
    seeded.ids["election_id"] = election.id
    seeded.tokens["vote"] = assemblies.make_voting_token(assembly, bob)
    seeded.tokens["checkin"] = assemblies.make_checkin_token(assembly, bob)
    seeded.tokens["verify"] = voting.make_verification_token(assembly.id)
    db.session.commit()
    if not export:
        return seeded
    token = start_export(
        cooperative, DocumentRequest("members_csv", today), locale="fr", by_id=auditor.id, now=now
    )
    db.session.commit()  # the job runs after the commit (at once under TESTING)
    seeded.tokens["export"] = token
    return seeded


def _uploads(app):
    from pathlib import Path

    return Path(app.instance_path) / "uploads"


def _revision(cooperative):
    """A révision with its report (R-REV-4: every member may read it)."""
    from datetime import date

    from scic.cooperatives import revision as records

    revision = records.open_revision(
        cooperative,
        kind="periodic",
        reviser_name="Réviseur agréé",
        reviser_approval="AGR-2024-17",
        independence_declared=True,
        started_on=date(2025, 1, 6),
        today=date(2025, 1, 6),
    )
    return records.record_report(
        revision,
        report_on=date(2025, 3, 3),
        filename="rapport.pdf",
        content=b"%PDF-1.4 report",
        today=date(2025, 3, 3),
    )


def _election(assembly, secretary):
    """The board's election on the agenda (R-AG-2): one candidate, vote not yet open."""
    from scic.workflows import elections

    return elections.prepare_election(
        assembly,
        seats=1,
        term_years=6,
        candidates=[elections.Candidate("Claire Présidente")],
        secret=False,
        by=secretary,
    )
