"""Everything a cooperative holds about a person, as one JSON document (GDPR art. 15 and 20).

The export reads and never writes. It covers a member's identity, placements, share movements,
withdrawals and advances, mandates, council deliberations, convocations, proxies, attendance,
open ballots (a secret ballot's choice is never linked to its voter: only the participation is
listed), and the audit entries about the member's records. The signed-in user's own account and
the mandates they hold for organisations or local authorities are included too.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import or_, select

from scic.assemblies.models import Assembly, AttendanceEntry, ConvocationRecord, Proxy
from scic.capital.models import CurrentAccountAdvance, ShareMovement, WithdrawalRequest
from scic.cooperatives.models import Cooperative, Grant
from scic.core.audit import AuditEntry
from scic.core.db import db
from scic.membership.models import Mandate, Member
from scic.voting.models import Ballot, Resolution, SecretParticipation

#: Identifies the document's layout (bump on an incompatible change).
FORMAT = "scic-personal-data/1"

_IDENTITY_FIELDS = (
    "number",
    "kind",
    "name",
    "first_name",
    "email",
    "phone",
    "address",
    "siren",
    "authority_type",
    "status",
    "applied_on",
    "admitted_on",
    "admission_decision_ref",
    "refused_on",
    "refusal_reason",
    "exited_on",
    "exit_cause",
    "exit_decision_ref",
    "liability_end_date",
    "econvocation_consent_on",
    "pseudonymised_at",
    "created_at",
)


def _value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _row(obj: object, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: _value(getattr(obj, name)) for name in fields}


def _assembly(assembly: Assembly) -> dict[str, Any]:
    return {"id": assembly.id, "title": assembly.title, "starts_at": _value(assembly.starts_at)}


def _member_ref(member: Member | None) -> dict[str, Any] | None:
    if member is None:
        return None
    return {"number": member.number, "name": member.display_name}


def member_personal_data(member: Member) -> dict[str, Any]:
    """Every record of one member, with plain values (dates as ISO strings, money in cents)."""
    movements = db.session.scalars(
        select(ShareMovement)
        .where(
            ShareMovement.cooperative_id == member.cooperative_id,
            or_(ShareMovement.member_id == member.id, ShareMovement.counterparty_id == member.id),
        )
        .order_by(ShareMovement.number)
    ).all()
    withdrawals = db.session.scalars(
        select(WithdrawalRequest)
        .where(WithdrawalRequest.member_id == member.id)
        .order_by(WithdrawalRequest.id)
    ).all()
    advances = db.session.scalars(
        select(CurrentAccountAdvance)
        .where(CurrentAccountAdvance.member_id == member.id)
        .order_by(CurrentAccountAdvance.id)
    ).all()
    convocations = db.session.scalars(
        select(ConvocationRecord)
        .where(ConvocationRecord.member_id == member.id)
        .order_by(ConvocationRecord.id)
    ).all()
    proxies = db.session.scalars(
        select(Proxy)
        .where(or_(Proxy.grantor_id == member.id, Proxy.holder_id == member.id))
        .order_by(Proxy.id)
    ).all()
    attendance = db.session.scalars(
        select(AttendanceEntry)
        .where(AttendanceEntry.member_id == member.id)
        .order_by(AttendanceEntry.id)
    ).all()
    ballots = db.session.scalars(
        select(Ballot).where(Ballot.member_id == member.id).order_by(Ballot.id)
    ).all()
    participations = db.session.scalars(
        select(SecretParticipation)
        .where(SecretParticipation.member_id == member.id)
        .order_by(SecretParticipation.id)
    ).all()
    return {
        "identity": _row(member, _IDENTITY_FIELDS),
        "category": member.category.code if member.category else None,
        "college": member.college.code if member.college else None,
        "placements": [
            {
                "valid_from": _value(p.valid_from),
                "category": p.category.code if p.category else None,
                "college": p.college.code if p.college else None,
                "decision_ref": p.decision_ref,
            }
            for p in member.placements
        ],
        "movements": [
            {
                "number": m.number,
                "type": m.type,
                "effective_on": _value(m.effective_on),
                "own": m.member_id == member.id,
                "shares_delta": m.shares_delta,
                "amount_cents": m.amount_cents,
                "paid_cents": m.paid_cents,
                "decision_organ": m.decision_organ,
                "decision_date": _value(m.decision_date),
                "decision_ref": m.decision_ref,
                "note": m.note,
                "hash": m.hash,
            }
            for m in movements
        ],
        "withdrawals": [
            _row(
                w,
                (
                    "kind",
                    "shares",
                    "requested_on",
                    "effective_on",
                    "status",
                    "acknowledged_on",
                    "decision_ref",
                    "nominal_cents",
                    "paid_cents",
                    "due_on",
                    "reimbursed_on",
                    "reimbursed_cents",
                ),
            )
            for w in withdrawals
        ],
        "advances": [
            _row(
                a,
                (
                    "convention_ref",
                    "deliberation_ref",
                    "amount_cents",
                    "start_on",
                    "duration_months",
                    "renewals",
                    "term_on",
                    "repaid_on",
                    "converted_on",
                ),
            )
            for a in advances
        ],
        "mandates": [
            _row(
                m,
                (
                    "full_name",
                    "function",
                    "email",
                    "role",
                    "designation_ref",
                    "valid_from",
                    "valid_to",
                ),
            )
            for m in member.mandates
        ],
        "deliberations": [
            {
                **_row(
                    d,
                    (
                        "purpose",
                        "reference",
                        "adopted_on",
                        "transmitted_to_prefect_on",
                        "published_on",
                        "executory_on",
                        "authorised_shares",
                    ),
                ),
                "has_document": bool(d.document_name),
            }
            for d in member.deliberations
        ],
        "convocations": [
            {
                "assembly": _assembly(db.session.get(Assembly, c.assembly_id)),
                **_row(c, ("channel", "sent_on", "sent_at", "address", "registered_number")),
            }
            for c in convocations
        ],
        "proxies": [
            {
                "assembly": _assembly(p.assembly),
                "given": p.grantor_id == member.id,
                "grantor": _member_ref(p.grantor),
                "holder": _member_ref(p.holder),
                "signed_on": _value(p.signed_on),
                "revoked_at": _value(p.revoked_at),
            }
            for p in proxies
        ],
        "attendance": [
            {
                "assembly": _assembly(db.session.get(Assembly, a.assembly_id)),
                **_row(a, ("mode", "signed_by", "recorded_at")),
            }
            for a in attendance
        ],
        "ballots": [_ballot(b) for b in ballots],
        # A secret ballot's choice is never linked to its voter: only the participation exists.
        "secret_ballot_participations": [
            {
                "resolution": _resolution(db.session.get(Resolution, p.resolution_id)),
                "channel": p.channel,
                "cast_at": _value(p.cast_at),
            }
            for p in participations
        ],
        "audit_entries": [
            {
                "action": e.action,
                "target": f"{e.target_type}:{e.target_id}",
                "at": _value(e.created_at),
                "data": e.data,
            }
            for e in _audit_entries(member, movements)
        ],
    }


def _resolution(resolution: Resolution) -> dict[str, Any]:
    return {
        "number": resolution.number,
        "title": resolution.title,
        "assembly": _assembly(resolution.assembly),
    }


def _ballot(ballot: Ballot) -> dict[str, Any]:
    return {
        "resolution": _resolution(ballot.resolution),
        "choice": ballot.choice,
        "channel": ballot.channel,
        "cast_by_name": ballot.cast_by_name,
        "cast_at": _value(ballot.cast_at),
        "receipt_hash": ballot.receipt_hash,
    }


def _audit_entries(member: Member, movements: list[ShareMovement]) -> list[AuditEntry]:
    """Audit entries whose target is the member or one of its own records."""
    targets = {("Member", member.id)}
    targets |= {("Mandate", m.id) for m in member.mandates}
    targets |= {("Deliberation", d.id) for d in member.deliberations}
    targets |= {("MemberPlacement", p.id) for p in member.placements}
    targets |= {("ShareMovement", m.id) for m in movements}
    entries = db.session.scalars(
        select(AuditEntry)
        .where(
            AuditEntry.cooperative_id == member.cooperative_id,
            AuditEntry.target_type.in_({t for t, _ in targets}),
            AuditEntry.target_id.in_({i for _, i in targets}),
        )
        .order_by(AuditEntry.id)
    )
    return [e for e in entries if (e.target_type, e.target_id) in targets]


def _cooperative(cooperative: Cooperative) -> dict[str, Any]:
    return {
        "slug": cooperative.slug,
        "name": cooperative.name,
        "siren": cooperative.siren,
        "registered_office": cooperative.registered_office,
    }


def export_member(member: Member, *, now: datetime) -> dict[str, Any]:
    """The document a secretary hands to a member who asks for their data."""
    return {
        "format": FORMAT,
        "generated_at": now.isoformat(),
        "cooperative": _cooperative(member.cooperative),
        "members": [member_personal_data(member)],
    }


def export_for_user(user, cooperative: Cooperative, *, now: datetime) -> dict[str, Any]:
    """What the cooperative holds about the signed-in user: account, members, mandates held."""
    members = db.session.scalars(
        select(Member)
        .where(Member.cooperative_id == cooperative.id, Member.user_id == user.id)
        .order_by(Member.number)
    ).all()
    mandates = db.session.scalars(
        select(Mandate)
        .where(Mandate.cooperative_id == cooperative.id, Mandate.user_id == user.id)
        .order_by(Mandate.id)
    ).all()
    roles = sorted(
        db.session.scalars(
            select(Grant.role).where(
                Grant.user_id == user.id, Grant.cooperative_id == cooperative.id
            )
        )
    )
    return {
        "format": FORMAT,
        "generated_at": now.isoformat(),
        "cooperative": _cooperative(cooperative),
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "locale": user.locale,
            "created_at": _value(user.created_at),
            "roles": roles,
        },
        "members": [member_personal_data(m) for m in members],
        "mandates_held": [
            {
                "for_member": _member_ref(m.member),
                **_row(m, ("full_name", "function", "email", "role", "valid_from", "valid_to")),
            }
            for m in mandates
        ],
    }
