"""The révision coopérative's records: opening one, its report, the requests for one.

Services flush, never commit. The report moves the five-year cycle (R-REV-1) through
``Cooperative.last_revision_on``; its presentation at an assembly is the workflow's
(``scic.workflows.revision``), which adds the agenda item.
"""

from __future__ import annotations

import hashlib
from datetime import date

from sqlalchemy import select

from scic.cooperatives.models import Cooperative, Revision, RevisionRequest
from scic.cooperatives.rules.revision import check_reviser, check_revision_request
from scic.core import audit
from scic.core.db import db, lock_row
from scic.core.violations import RuleViolation, Violation

KINDS = ("periodic", "losses", "request")
#: R-REV-4: the report is a PDF made available to every member.
REPORT_MAX_BYTES = 20 * 1024 * 1024


def revisions_of(cooperative: Cooperative) -> list[Revision]:
    return list(
        db.session.scalars(
            select(Revision)
            .where(Revision.cooperative_id == cooperative.id)
            .order_by(Revision.started_on.desc(), Revision.id.desc())
        )
    )


def requests_of(cooperative: Cooperative) -> list[RevisionRequest]:
    return list(
        db.session.scalars(
            select(RevisionRequest)
            .where(RevisionRequest.cooperative_id == cooperative.id)
            .order_by(RevisionRequest.requested_on.desc(), RevisionRequest.id.desc())
        )
    )


def open_revision(
    cooperative: Cooperative,
    *,
    kind: str,
    reviser_name: str,
    reviser_approval: str,
    independence_declared: bool,
    started_on: date,
    today: date,
    request: RevisionRequest | None = None,
    by=None,
) -> Revision:
    """Record that a révision starts, by an approved and independent reviser (R-REV-4)."""
    problems = check_reviser(reviser_approval, independence_declared)
    if kind not in KINDS:
        problems.append(Violation("revision_kind_unknown", rule="R-REV-1", subject="kind"))
    if not reviser_name.strip():
        problems.append(Violation("text_required", subject="reviser_name"))
    if started_on > today:
        problems.append(
            Violation("revision_date_in_future", params={"day": started_on}, subject="started_on")
        )
    if problems:
        raise RuleViolation(problems)
    revision = Revision(
        cooperative_id=cooperative.id,
        kind=kind,
        reviser_name=reviser_name.strip(),
        reviser_approval=reviser_approval.strip(),
        independence_declared=True,
        started_on=started_on,
    )
    db.session.add(revision)
    db.session.flush()
    if request is not None:
        request.revision_id = revision.id
    audit.record(
        "revision.open",
        revision,
        by=by,
        data={"kind": kind, "reviser": revision.reviser_name, "started_on": started_on},
    )
    return revision


def record_report(
    revision: Revision, *, report_on: date, filename: str, content: bytes, today: date, by=None
) -> Revision:
    """Store the reviser's report (a PDF) and move the cycle to its date (R-REV-1, R-REV-4)."""
    cooperative = db.session.get(Cooperative, revision.cooperative_id)
    lock_row(Cooperative, cooperative.id)
    problems = []
    if revision.report_on is not None:
        problems.append(Violation("revision_report_exists", rule="R-REV-4"))
    if report_on < revision.started_on or report_on > today:
        problems.append(
            Violation(
                "revision_report_date",
                rule="R-REV-4",
                params={"day": report_on, "started_on": revision.started_on},
                subject="report_on",
            )
        )
    if not content.startswith(b"%PDF") or len(content) > REPORT_MAX_BYTES:
        problems.append(Violation("revision_report_not_pdf", rule="R-REV-4", subject="report"))
    if problems:
        raise RuleViolation(problems)
    revision.report_on = report_on
    revision.report_filename = filename[-255:] or "rapport-revision.pdf"
    revision.report_content = content
    revision.report_sha256 = hashlib.sha256(content).hexdigest()
    if cooperative.last_revision_on is None or cooperative.last_revision_on < report_on:
        cooperative.last_revision_on = report_on
    audit.record(
        "revision.report",
        revision,
        by=by,
        data={"report_on": report_on, "sha256": revision.report_sha256},
    )
    return revision


def record_request(
    cooperative: Cooperative,
    *,
    requested_by: str,
    requested_on: date,
    signatories: int,
    out_of: int,
    reference: str,
    today: date,
    by=None,
) -> RevisionRequest:
    """Record a request for a révision; one that does not bind the cooperative is refused with
    the count it needs (R-REV-3)."""
    problems = check_revision_request(requested_by, signatories, out_of)
    if requested_on > today:
        problems.append(
            Violation(
                "revision_date_in_future", params={"day": requested_on}, subject="requested_on"
            )
        )
    if problems:
        raise RuleViolation(problems)
    request = RevisionRequest(
        cooperative_id=cooperative.id,
        requested_by=requested_by,
        requested_on=requested_on,
        signatories=signatories,
        out_of=out_of,
        reference=reference.strip(),
    )
    db.session.add(request)
    db.session.flush()
    audit.record(
        "revision.request",
        request,
        by=by,
        cooperative_id=cooperative.id,
        data={"requested_by": requested_by, "signatories": signatories, "out_of": out_of},
    )
    return request
