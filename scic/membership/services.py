"""Use cases of the membership: candidates, admission, status, placements, deliberations, mandates.

Services build the rule inputs from the database, call ``membership.rules``, raise
``RuleViolation``, write the audit entry and flush. They never commit (ARCHITECTURE §2.5).
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select

from scic.auth.models import User
from scic.cooperatives.models import Category, Cooperative, Role
from scic.cooperatives.rules import LegalForm
from scic.cooperatives.services import grant_role
from scic.core import audit
from scic.core.db import db, lock_row
from scic.core.violations import RuleViolation, Violation
from scic.membership import rules
from scic.membership.elections import election_calendar
from scic.membership.mandate_rules import council_term_end
from scic.membership.models import (
    Deliberation,
    DesignationRequest,
    Mandate,
    Member,
    MemberPlacement,
)
from scic.membership.rules import MemberKind, MemberStatus, RepresentativeRole

#: Fields of a member that ``update_member`` may change (identity and contact).
EDITABLE_FIELDS = ("name", "first_name", "email", "phone", "address", "siren", "authority_type")


@dataclass(frozen=True)
class MemberData:
    """Identity and contact of a member, as a form or an import gives them."""

    kind: str
    name: str
    first_name: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""
    siren: str = ""
    authority_type: str | None = None


def sort_name(name: str, first_name: str = "") -> str:
    """Return the lower-cased "name first_name" used to sort and search members."""
    return f"{name} {first_name}".strip().lower()


def next_member_number(cooperative: Cooperative) -> int:
    """Return the next register number (max + 1); call it under the cooperative's row lock."""
    highest = db.session.scalar(
        select(func.max(Member.number)).where(Member.cooperative_id == cooperative.id)
    )
    return (highest or 0) + 1


def _check_category(cooperative: Cooperative, category: Category) -> None:
    if category.cooperative_id != cooperative.id:
        raise RuleViolation(Violation("category_of_other_cooperative", subject=category.code))


def create_candidate(
    cooperative: Cooperative,
    data: MemberData,
    category: Category,
    *,
    applied_on: date,
    by: User | None = None,
    number: int | None = None,
) -> Member:
    """Record an application (by the secretary, the public form or an import) as a candidate.

    The member number is assigned per cooperative (max + 1, under the cooperative's row lock)
    unless ``number`` is given. Eligibility (R-CAT-3) is checked at admission, the statutory
    decision; here only the identity is checked (SIREN Luhn key, first name, authority type).
    """
    _check_category(cooperative, category)
    if problems := rules.check_member_identity(
        data.kind,
        first_name=data.first_name,
        siren=data.siren,
        authority_type=data.authority_type,
    ):
        raise RuleViolation(problems)
    lock_row(Cooperative, cooperative.id)
    member = Member(
        cooperative_id=cooperative.id,
        number=number or next_member_number(cooperative),
        kind=MemberKind(data.kind).value,
        name=data.name.strip(),
        first_name=data.first_name.strip(),
        sort_name=sort_name(data.name.strip(), data.first_name.strip()),
        email=data.email.strip().lower(),
        phone=data.phone.strip(),
        address=data.address.strip(),
        siren=data.siren.strip(),
        authority_type=data.authority_type or None,
        category_id=category.id,
        college_id=category.college_id,
        status=MemberStatus.CANDIDATE.value,
        applied_on=applied_on,
    )
    db.session.add(member)
    db.session.flush()
    audit.record(
        "member.apply",
        member,
        by=by,
        data={
            "number": member.number,
            "kind": member.kind,
            "category": category.code,
            "status": member.status,
            "applied_on": applied_on,
            "name": member.display_name,
        },
    )
    return member


def _active_count(cooperative_id: int) -> int:
    return (
        db.session.scalar(
            select(func.count(Member.id)).where(
                Member.cooperative_id == cooperative_id, Member.status == MemberStatus.ACTIVE.value
            )
        )
        or 0
    )


def admission_problems(member: Member, decided_on: date) -> list[Violation]:
    """Every reason the statutory organ could not admit this candidate on ``decided_on``.

    Rules: R-CAT-3 (category fit), R-CAT-5 (SARL at most 100 members), R-LA-5 (a local
    authority's membership deliberation must be enforceable at the decision date).
    """
    problems: list[Violation] = []
    if member.status != MemberStatus.CANDIDATE.value:
        problems.append(Violation("not_a_candidate", params={"status": member.status}))
    problems += rules.check_member_category(member.kind, member.category.kind)
    problems += rules.check_sarl_headcount(
        LegalForm(member.cooperative.legal_form), _active_count(member.cooperative_id) + 1
    )
    if member.kind == MemberKind.LOCAL_AUTHORITY.value:
        problems += rules.check_admission_deliberation(
            _membership_executory_dates(member, decided_on), decided_on
        )
    return problems


def admit_member(member: Member, decided_on: date, decision_ref: str, by: User | None) -> Member:
    """Admit a candidate by decision of the statutory organ (DOMAIN.md §6.1 step 3).

    Rules: R-CAT-3, R-CAT-5, R-LA-5 (see ``admission_problems``). Records the first
    MemberPlacement (category and college from the decision date). The first subscription is a
    capital use case that calls this service.
    """
    lock_row(Cooperative, member.cooperative_id)
    problems = admission_problems(member, decided_on)
    if not decision_ref.strip():
        problems.append(Violation("decision_ref_required", subject="decision_ref"))
    if problems:
        raise RuleViolation(problems)
    member.status = MemberStatus.ACTIVE.value
    member.admitted_on = decided_on
    member.admission_decision_ref = decision_ref.strip()
    db.session.add(
        MemberPlacement(
            member=member,
            category_id=member.category_id,
            college_id=member.college_id,
            valid_from=decided_on,
            decision_ref=decision_ref.strip(),
        )
    )
    db.session.flush()
    audit.record(
        "member.admit",
        member,
        by=by,
        data={
            "before": {"status": MemberStatus.CANDIDATE.value},
            "after": {"status": member.status},
            "decided_on": decided_on,
            "decision_ref": member.admission_decision_ref,
        },
    )
    return member


def refuse_candidate(member: Member, decided_on: date, reason: str, by: User | None) -> Member:
    """Record the refusal of an application, with its reasons (DOMAIN.md §6.1 step 3)."""
    lock_row(Cooperative, member.cooperative_id)
    if member.status != MemberStatus.CANDIDATE.value:
        raise RuleViolation(Violation("not_a_candidate", params={"status": member.status}))
    member.status = MemberStatus.EXITED.value
    member.refused_on = decided_on
    member.refusal_reason = reason.strip()
    member.exited_on = decided_on
    member.exit_cause = "refused"
    db.session.flush()
    audit.record(
        "member.refuse",
        member,
        by=by,
        data={
            "before": {"status": MemberStatus.CANDIDATE.value},
            "after": {"status": member.status},
            "decided_on": decided_on,
            "reason": member.refusal_reason,
        },
    )
    return member


def update_member(
    member: Member, data: Mapping[str, object], expected_version: int, by: User | None
) -> Member:
    """Change a member's identity and contact, refusing a stale edit (optimistic locking).

    ``expected_version`` is the version the editor loaded; when someone saved in between, the
    edit is refused with ``stale_member`` instead of silently overwriting their change. A
    concurrent commit between this check and the flush raises ``StaleDataError``.
    """
    if member.version != expected_version:
        raise RuleViolation(
            Violation(
                "stale_member", params={"expected": expected_version, "current": member.version}
            )
        )
    merged = {f: getattr(member, f) or "" for f in EDITABLE_FIELDS}
    merged.update({k: (v or "") for k, v in data.items() if k in EDITABLE_FIELDS})
    merged = {k: (v.strip() if isinstance(v, str) else v) for k, v in merged.items()}
    merged["email"] = str(merged["email"]).lower()
    if problems := rules.check_member_identity(
        member.kind,
        first_name=str(merged["first_name"]),
        siren=str(merged["siren"]),
        authority_type=str(merged["authority_type"]) or None,
    ):
        raise RuleViolation(problems)
    before = {f: getattr(member, f) for f in EDITABLE_FIELDS}
    for name, value in merged.items():
        setattr(member, name, value if name != "authority_type" else (value or None))
    member.sort_name = sort_name(member.name, member.first_name)
    changed = {
        f: (before[f], getattr(member, f))
        for f in EDITABLE_FIELDS
        if before[f] != getattr(member, f)
    }
    db.session.flush()
    if changed:
        audit.record(
            "member.update",
            member,
            by=by,
            data={
                "before": {k: v[0] for k, v in changed.items()},
                "after": {k: v[1] for k, v in changed.items()},
            },
        )
    return member


def change_status(
    member: Member,
    new_status: MemberStatus | str,
    on: date,
    by: User | None,
    *,
    decision_ref: str = "",
    cause: str = "",
) -> Member:
    """Move a member along its life cycle (withdrawal notice, exclusion, striking off, death, exit).

    Admission goes through ``admit_member``. An exit that breaks R-CAT-1/2 is not blocked
    (R-CAT-4: withdrawal is a right); the compliance panel raises the alert. On ``exited`` the
    liability end date is set (R-EXIT-4).
    """
    new = MemberStatus(new_status)
    old = MemberStatus(member.status)
    if old is MemberStatus.CANDIDATE and new is MemberStatus.ACTIVE:
        raise RuleViolation(Violation("use_admission"))
    if problems := rules.check_status_transition(old, new):
        raise RuleViolation(problems)
    lock_row(Cooperative, member.cooperative_id)
    member.status = new.value
    if new in (
        MemberStatus.EXCLUDED,
        MemberStatus.STRUCK_OFF,
        MemberStatus.DECEASED,
        MemberStatus.WITHDRAWING,
    ):
        member.exit_cause = cause or new.value
        member.exit_decision_ref = decision_ref
    elif new is MemberStatus.EXITED:
        member.exited_on = on
        member.liability_end_date = rules.liability_end_date(on)
        member.exit_cause = member.exit_cause or cause
        member.exit_decision_ref = decision_ref or member.exit_decision_ref
    elif new is MemberStatus.ACTIVE:  # a withdrawal notice taken back
        member.exit_cause = ""
        member.exit_decision_ref = ""
    db.session.flush()
    audit.record(
        "member.status",
        member,
        by=by,
        data={
            "before": {"status": old.value},
            "after": {"status": new.value},
            "on": on,
            "decision_ref": decision_ref,
            "cause": cause,
        },
    )
    return member


def record_econvocation_consent(member: Member, on: date | None, by: User | None = None) -> Member:
    """Record (or, with None, withdraw) the written consent to electronic convocation.

    The law requires the consent and its date to be kept (R225-63, DOMAIN.md §8 #30).
    """
    before = member.econvocation_consent_on
    member.econvocation_consent_on = on
    db.session.flush()
    audit.record("member.econvocation_consent", member, by=by, data={"before": before, "after": on})
    return member


def change_category(
    member: Member, category: Category, on: date, by: User | None, *, decision_ref: str = ""
) -> MemberPlacement:
    """Move a member to another category (and its college) from a date on (R-CAT-3, R-COL-6).

    The previous placement stays in the history, so past registers and tallies show the past.
    """
    _check_category(member.cooperative, category)
    problems: list[Violation] = []
    if category.id == member.category_id:
        problems.append(Violation("same_category", subject=category.code))
    problems += rules.check_member_category(member.kind, category.kind)
    last = member.placements[-1] if member.placements else None
    if last is not None and on <= last.valid_from:
        problems.append(
            Violation("placement_before_previous", params={"on": on, "since": last.valid_from})
        )
    if problems:
        raise RuleViolation(problems)
    before = {"category_id": member.category_id, "college_id": member.college_id}
    member.category_id = category.id
    member.college_id = category.college_id
    placement = MemberPlacement(
        member=member,
        category_id=category.id,
        college_id=category.college_id,
        valid_from=on,
        decision_ref=decision_ref,
    )
    db.session.add(placement)
    db.session.flush()
    audit.record(
        "member.category",
        member,
        by=by,
        data={
            "before": before,
            "after": {"category_id": category.id, "college_id": category.college_id},
            "on": on,
            "decision_ref": decision_ref,
        },
    )
    return placement


# --- Local authorities: deliberations (R-LA-5) --------------------------------------------------


def record_deliberation(
    member: Member,
    *,
    reference: str,
    adopted_on: date,
    purpose: str = "membership",
    transmitted_to_prefect_on: date | None = None,
    published_on: date | None = None,
    executory_on: date | None = None,
    executory_assumed: bool = False,
    authorised_shares: int | None = None,
    acknowledgement_ref: str = "",
    operating_revenue_cents: int | None = None,
    by: User | None = None,
) -> Deliberation:
    """Record a council deliberation of a local authority member (R-LA-5).

    Without a typed executory date, it is derived from the transmission and the publication (the
    later of the two); a typed one may not come before either. ``executory_assumed`` marks a date
    that was not known (e.g. imported): the dashboard lists it until someone confirms it with
    ``confirm_executory_date``.
    """
    problems: list[Violation] = []
    if member.kind != MemberKind.LOCAL_AUTHORITY.value:
        problems.append(Violation("deliberation_for_local_authorities_only"))
    problems += rules.check_deliberation_dates(
        adopted_on, transmitted_to_prefect_on, published_on, executory_on
    )
    if executory_on is None:
        executory_on = rules.derived_executory_date(transmitted_to_prefect_on, published_on)
    if not reference.strip():
        problems.append(Violation("decision_ref_required", subject="reference"))
    if problems:
        raise RuleViolation(problems)
    lock_row(Cooperative, member.cooperative_id)
    deliberation = Deliberation(
        cooperative_id=member.cooperative_id,
        member=member,
        purpose=purpose,
        reference=reference.strip(),
        adopted_on=adopted_on,
        transmitted_to_prefect_on=transmitted_to_prefect_on,
        published_on=published_on,
        acknowledgement_ref=acknowledgement_ref.strip(),
        operating_revenue_cents=operating_revenue_cents,
        executory_on=executory_on,
        executory_assumed=executory_assumed and bool(executory_on),
        authorised_shares=authorised_shares,
    )
    db.session.add(deliberation)
    db.session.flush()
    audit.record(
        "deliberation.record",
        deliberation,
        by=by,
        data={
            "member_id": member.id,
            "purpose": purpose,
            "reference": deliberation.reference,
            "adopted_on": adopted_on,
            "executory_on": executory_on,
            "executory_assumed": deliberation.executory_assumed,
            "authorised_shares": authorised_shares,
        },
    )
    return deliberation


def record_deliberation_cancellation(
    deliberation: Deliberation,
    *,
    on: date,
    kind: str,
    reference: str,
    by: User | None = None,
) -> Deliberation:
    """Record that a deliberation was withdrawn by the council or annulled by the court.

    The record stays (registers show why the member left); the consequences on the capital and
    the membership are the workflow's (``scic.workflows.deliberations``).
    """
    problems: list[Violation] = []
    if deliberation.cancelled_on is not None:
        problems.append(
            Violation("deliberation_already_cancelled", params={"on": deliberation.cancelled_on})
        )
    if on < deliberation.adopted_on:
        problems.append(
            Violation(
                "cancellation_before_deliberation",
                params={"on": on, "deliberation_date": deliberation.adopted_on},
                subject="cancelled_on",
            )
        )
    if kind not in {k.value for k in rules.CancellationKind}:
        problems.append(Violation("unknown_cancellation_kind", subject="kind"))
    if not reference.strip():
        problems.append(Violation("decision_ref_required", subject="reference"))
    if problems:
        raise RuleViolation(problems)
    deliberation.cancelled_on = on
    deliberation.cancellation_kind = kind
    deliberation.cancellation_ref = reference.strip()
    db.session.flush()
    audit.record(
        "deliberation.cancel",
        deliberation,
        by=by,
        data={"member_id": deliberation.member_id, "on": on, "kind": kind, "reference": reference},
    )
    return deliberation


def confirm_executory_date(
    deliberation: Deliberation, executory_on: date, by: User | None = None
) -> Deliberation:
    """Confirm (or correct) the date a deliberation became enforceable; clears the "assumed" mark.

    Rule: R-LA-5 (enforceable once published and transmitted to the prefect).
    """
    if executory_on < deliberation.adopted_on:
        raise RuleViolation(
            Violation(
                "executory_before_deliberation",
                rule="R-LA-5",
                params={
                    "executory_date": executory_on,
                    "deliberation_date": deliberation.adopted_on,
                },
            )
        )
    before = {
        "executory_on": deliberation.executory_on,
        "executory_assumed": deliberation.executory_assumed,
    }
    lock_row(Cooperative, deliberation.cooperative_id)
    deliberation.executory_on = executory_on
    deliberation.executory_assumed = False
    db.session.flush()
    audit.record(
        "deliberation.confirm",
        deliberation,
        by=by,
        data={
            "before": before,
            "after": {"executory_on": executory_on, "executory_assumed": False},
        },
    )
    return deliberation


def is_enforceable(deliberation: Deliberation, on: date) -> bool:
    """Whether a deliberation is enforceable on a day (R-LA-5)."""
    return rules.is_deliberation_enforceable(deliberation.executory_on, on)


def member_deliberation_enforceable(member: Member, on: date) -> bool:
    """Whether a local authority may act (subscribe, vote) on a day: an enforceable membership
    deliberation exists (R-LA-5). Other members are not concerned."""
    if member.kind != MemberKind.LOCAL_AUTHORITY.value:
        return True
    return not rules.check_admission_deliberation(_membership_executory_dates(member, on), on)


def _membership_executory_dates(member: Member, on: date) -> list[date | None]:
    """Executory dates of the member's joining deliberations still in effect on ``on`` (R-LA-5)."""
    return [
        d.executory_on
        for d in member.deliberations
        if d.purpose == "membership" and (d.cancelled_on is None or d.cancelled_on > on)
    ]


def attach_deliberation_document(
    deliberation: Deliberation,
    content: bytes,
    *,
    upload_dir: Path,
    max_bytes: int,
    by: User | None = None,
) -> Deliberation:
    """Store the deliberation's PDF under ``upload_dir`` (the instance's uploads folder).

    The type is checked by its magic bytes (``%PDF-``), never by the name the browser sent.
    """
    if problems := rules.check_pdf_upload(content[:8], len(content), max_bytes):
        raise RuleViolation(problems)
    upload_dir.mkdir(parents=True, exist_ok=True)
    name = f"deliberation-{deliberation.id}-{secrets.token_hex(8)}.pdf"
    (upload_dir / name).write_bytes(content)
    before = deliberation.document_name
    deliberation.document_name = name
    db.session.flush()
    audit.record(
        "deliberation.document",
        deliberation,
        by=by,
        data={"before": before, "after": name, "size": len(content)},
    )
    return deliberation


# --- Representatives (R-LA-5, DOMAIN.md §6.3) ---------------------------------------------------


def designate_representative(
    member: Member,
    full_name: str,
    role: RepresentativeRole | str,
    valid_from: date,
    valid_to: date | None = None,
    deliberation: Deliberation | None = None,
    email: str = "",
    user: User | None = None,
    *,
    function: str = "",
    designation_ref: str = "",
    by: User | None = None,
) -> Mandate:
    """Designate a representative; the current one of the same role ends the day before.

    A council may replace its representative at any time, without any share movement (R-LA-5,
    DOMAIN.md §6.3). For a local authority the mandate ends by default with the term of the
    council that designated it (§8 #24: the next municipal, departmental or regional elections,
    from the shipped election calendar) and cannot start before its deliberation is
    enforceable. A linked user account receives the ``representative`` role to vote.
    """
    role = RepresentativeRole(role)
    problems: list[Violation] = []
    if member.kind == MemberKind.PERSON.value:
        problems.append(Violation("representative_for_legal_persons_only"))
    if deliberation is not None and deliberation.member_id != member.id:
        problems.append(Violation("deliberation_of_other_member"))
    is_authority = member.kind == MemberKind.LOCAL_AUTHORITY.value
    if valid_to is None and is_authority:
        # §8 #24: the term of the council that designates: municipal, departmental or regional.
        valid_to = council_term_end(member.authority_type, valid_from, election_calendar())
    if valid_to is not None and valid_to < valid_from:
        problems.append(
            Violation(
                "mandate_ends_before_start", params={"valid_from": valid_from, "valid_to": valid_to}
            )
        )
    if deliberation is not None and not rules.is_deliberation_enforceable(
        deliberation.executory_on, valid_from
    ):
        if deliberation.executory_on is None:
            problems.append(Violation("executory_date_required", rule="R-LA-5"))
        else:
            problems.append(
                Violation(
                    "mandate_before_executory_date",
                    rule="R-LA-5",
                    params={"valid_from": valid_from, "executory_date": deliberation.executory_on},
                )
            )
    same_role = [m for m in member.mandates if m.role == role.value]
    later = [m for m in same_role if m.valid_from >= valid_from]
    if later:
        problems.append(
            Violation(
                "mandate_starts_before_current",
                params={"role": role.value, "current_from": max(m.valid_from for m in later)},
            )
        )
    if problems:
        raise RuleViolation(problems)
    lock_row(Cooperative, member.cooperative_id)
    closed = []
    for mandate in same_role:
        if mandate.valid_to is None or mandate.valid_to >= valid_from:
            mandate.valid_to = valid_from - timedelta(days=1)
            closed.append(mandate.id)
    if user is not None:
        grant_role(user, member.cooperative, Role.REPRESENTATIVE, by=by)
    mandate = Mandate(
        cooperative_id=member.cooperative_id,
        member=member,
        user_id=getattr(user, "id", None),
        full_name=full_name.strip(),
        function=function.strip(),
        email=email.strip().lower(),
        role=role.value,
        designation_ref=designation_ref.strip()
        or (deliberation.reference if deliberation is not None else ""),
        deliberation=deliberation,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    db.session.add(mandate)
    db.session.flush()
    audit.record(
        "mandate.designate",
        mandate,
        by=by,
        data={
            "member_id": member.id,
            "role": role.value,
            "valid_from": valid_from,
            "valid_to": valid_to,
            "deliberation_id": getattr(deliberation, "id", None),
            "user_id": mandate.user_id,
            "closed": closed,
            "full_name": mandate.full_name,
        },
    )
    return mandate


#: How a designation request was sent.
DESIGNATION_CHANNELS = ("letter", "registered_letter", "email")


def record_designation_requests(
    cooperative: Cooperative,
    members: list[Member],
    *,
    sent_on: date,
    channel: str,
    reference: str = "",
    today: date,
    by: User | None = None,
) -> list[DesignationRequest]:
    """Record the letters asking councils to designate their representatives again (§6.3).

    Only local authorities of this cooperative without a current main representative qualify;
    the whole batch is refused when one does not (nothing half written).
    """
    from scic.membership.queries import lapsed_authorities

    problems: list[Violation] = []
    if not members:
        problems.append(Violation("no_authority_selected", subject="members"))
    if sent_on > today:
        problems.append(
            Violation("letter_date_in_future", params={"date": sent_on}, subject="sent_on")
        )
    if channel not in DESIGNATION_CHANNELS:
        problems.append(
            Violation(
                "invalid_choice",
                params={"value": channel, "allowed": ", ".join(DESIGNATION_CHANNELS)},
                subject="channel",
            )
        )
    lapsed = {item.member.id for item in lapsed_authorities(cooperative, today)}
    for member in members:
        if member.id not in lapsed:
            problems.append(
                Violation("authority_has_a_representative", params={"name": member.display_name})
            )
    if problems:
        raise RuleViolation(problems)
    requests = []
    for member in members:
        request = DesignationRequest(
            cooperative_id=cooperative.id,
            member_id=member.id,
            sent_on=sent_on,
            channel=channel,
            reference=reference.strip(),
        )
        db.session.add(request)
        requests.append(request)
    db.session.flush()
    for request in requests:
        audit.record(
            "designation.request",
            request,
            by=by,
            data={"member_id": request.member_id, "sent_on": sent_on, "channel": channel},
        )
    return requests
