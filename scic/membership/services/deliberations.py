"""Council deliberations of local authority members (R-LA-5): record, cancel, confirm the
executory date, attach the PDF, and whether a local authority may act on a day.

Services flush and never commit (ARCHITECTURE §2.5).
"""

from __future__ import annotations

import secrets
from datetime import date
from pathlib import Path

from scic.auth.models import User
from scic.cooperatives.models import Cooperative
from scic.core import audit
from scic.core.db import db, lock_row
from scic.core.violations import RuleViolation, Violation
from scic.membership import rules
from scic.membership.models import Deliberation, Member
from scic.membership.rules import MemberKind


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
    return not rules.check_admission_deliberation(membership_executory_dates(member, on), on)


def membership_executory_dates(member: Member, on: date) -> list[date | None]:
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
