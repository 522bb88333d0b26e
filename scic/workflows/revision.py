"""The révision coopérative across packages: its report goes on the next assembly's agenda.

R-REV-4: the report is made available to every member and presented and discussed at an
assembly. Recording the report (``record_report``) puts its presentation on the agenda of the
next assembly still in preparation; the annual accounts assembly prepared later picks up a
report not yet presented (``present_report``). Flushes; the view commits.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from scic.assemblies import services as assembly_services
from scic.assemblies.models import Assembly
from scic.cooperatives import revision as records
from scic.cooperatives.models import Cooperative, Revision
from scic.core.db import db
from scic.core.i18n import _


def _next_draft_assembly(cooperative: Cooperative, now: datetime) -> Assembly | None:
    return db.session.scalar(
        select(Assembly)
        .where(
            Assembly.cooperative_id == cooperative.id,
            Assembly.status == "draft",
            Assembly.starts_at >= now,
        )
        .order_by(Assembly.starts_at, Assembly.id)
        .limit(1)
    )


def _unpresented(cooperative: Cooperative) -> Revision | None:
    return db.session.scalar(
        select(Revision)
        .where(
            Revision.cooperative_id == cooperative.id,
            Revision.report_on.is_not(None),
            Revision.presented_assembly_id.is_(None),
        )
        .order_by(Revision.report_on.desc())
        .limit(1)
    )


def presentations(cooperative: Cooperative) -> dict[int, Assembly]:
    """The assembly that presents (or presented) each revision's report, by revision id."""
    return dict(
        db.session.execute(
            select(Revision.id, Assembly)
            .join(Assembly, Assembly.id == Revision.presented_assembly_id)
            .where(Revision.cooperative_id == cooperative.id)
        ).all()
    )


def already_presented(cooperative: Cooperative, *, other_than: int | None = None) -> bool:
    """The latest report recorded is on the agenda of an assembly (other than ``other_than``)."""
    latest = db.session.scalar(
        select(Revision)
        .where(Revision.cooperative_id == cooperative.id, Revision.report_on.is_not(None))
        .order_by(Revision.report_on.desc())
        .limit(1)
    )
    return latest is not None and latest.presented_assembly_id not in (None, other_than)


def present_report(cooperative: Cooperative, assembly: Assembly, *, by=None) -> None:
    """Put the presentation of the latest report not yet presented on ``assembly``'s agenda
    (once: an assembly already presenting it gets no second item)."""
    revision = _unpresented(cooperative)
    if revision is not None:
        revision.presented_assembly_id = assembly.id
    assembly_services.add_agenda_item(
        assembly,
        _("Presentation of the révision coopérative report"),
        _("The report of the révision coopérative is presented and discussed."),
        by=by,
    )


def record_report(
    revision: Revision,
    *,
    report_on: date,
    filename: str,
    content: bytes,
    today: date,
    now: datetime,
    by=None,
) -> Assembly | None:
    """Store the report, and put its presentation on the next assembly in preparation; returns
    that assembly (None: the next assembly prepared will present it)."""
    records.record_report(
        revision, report_on=report_on, filename=filename, content=content, today=today, by=by
    )
    cooperative = db.session.get(Cooperative, revision.cooperative_id)
    assembly = _next_draft_assembly(cooperative, now)
    if assembly is not None:
        present_report(cooperative, assembly, by=by)
    return assembly
