"""Members: candidates, admission, refusal, identity, status, e-convocation consent, placements.

Services build the rule inputs from the database, call ``membership.rules``, raise
``RuleViolation``, write the audit entry and flush. They never commit (ARCHITECTURE §2.5).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from scic.auth.models import User
from scic.cooperatives.models import Category, Cooperative
from scic.cooperatives.rules import LegalForm
from scic.core import audit
from scic.core.db import db, lock_row
from scic.core.violations import RuleViolation, Violation
from scic.membership import rules
from scic.membership.models import Member, MemberPlacement
from scic.membership.rules import MemberKind, MemberStatus
from scic.membership.services.deliberations import membership_executory_dates

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
            membership_executory_dates(member, decided_on), decided_on
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
