"""The révision coopérative: its cycle and triggers, the revisions, reports and requests."""

from __future__ import annotations

from flask import Response, abort, g, redirect, render_template, url_for
from flask_login import current_user

from scic.cooperatives import navigation
from scic.cooperatives import revision as records
from scic.cooperatives.access import (
    MANAGERS,
    READERS,
    Role,
    cooperative_blueprint,
    cooperative_role,
    has_role,
)
from scic.cooperatives.forms_revision import (
    REQUESTED_BY_LABELS,
    REVISION_KIND_LABELS,
    OpenRevisionForm,
    ReportForm,
    RequestForm,
)
from scic.cooperatives.models import Revision
from scic.core import clock
from scic.core.db import get_or_404
from scic.core.i18n import _, _l
from scic.core.messages import describe_check
from scic.core.views import submit_form
from scic.workflows import compliance
from scic.workflows import revision as revision_workflow

bp = cooperative_blueprint("revision", __name__, "/revision")
blueprints = (bp,)


def _page(status: int = 200, **forms):
    today = clock.today()
    checks = [
        c for c in compliance.compliance_at(g.cooperative, today) if c.rule.startswith("R-REV")
    ]
    return render_template(
        "cooperatives/revision.html",
        checks=[describe_check(c) for c in checks],
        revisions=records.revisions_of(g.cooperative),
        # R-REV-4: the assembly whose agenda presents each report, held or to come.
        presented_at=revision_workflow.presentations(g.cooperative),
        requests=records.requests_of(g.cooperative),
        kind_labels=REVISION_KIND_LABELS,
        requested_by_labels=REQUESTED_BY_LABELS,
        can_manage=has_role(*MANAGERS),
        open_form=forms.get("open_form") or OpenRevisionForm(prefix="open", started_on=today),
        report_form=forms.get("report_form") or ReportForm(prefix="report", report_on=today),
        request_form=forms.get("request_form") or RequestForm(prefix="request", requested_on=today),
        today=today,
    ), status


@bp.get("/")
@cooperative_role(*READERS)
def index():
    return _page()


@bp.post("/")
@cooperative_role(*MANAGERS)
def open_revision():
    form = OpenRevisionForm(prefix="open")
    return submit_form(
        form,
        lambda: records.open_revision(
            g.cooperative,
            kind=form.kind.data,
            reviser_name=form.reviser_name.data,
            reviser_approval=form.approval.data or "",
            independence_declared=form.independent.data,
            started_on=form.started_on.data,
            today=clock.today(),
            by=current_user,
        ),
        lambda status: _page(status, open_form=form),
        _("The révision has been recorded."),
        redirect(url_for(".index"), 303),
        refused_status=400,
    )


@bp.post("/<int:revision_id>/report")
@cooperative_role(*MANAGERS)
def record_report(revision_id: int):
    revision = get_or_404(Revision, revision_id, cooperative_id=g.cooperative.id)
    form = ReportForm(prefix="report")

    def message(assembly) -> str:
        if assembly is None:
            return _("The report has been recorded; the next assembly prepared will present it.")
        return _(
            "The report has been recorded; its presentation is on the agenda of “%(title)s”.",
            title=assembly.title,
        )

    return submit_form(
        form,
        lambda: revision_workflow.record_report(
            revision,
            report_on=form.report_on.data,
            filename=form.report.data.filename or "",
            content=form.report.data.read(),
            today=clock.today(),
            now=clock.now(),
            by=current_user,
        ),
        lambda status: _page(status, report_form=form),
        message,
        redirect(url_for(".index"), 303),
        refused_status=400,
    )


@bp.post("/requests")
@cooperative_role(*MANAGERS)
def record_request():
    form = RequestForm(prefix="request")
    return submit_form(
        form,
        lambda: records.record_request(
            g.cooperative,
            requested_by=form.requested_by.data,
            requested_on=form.requested_on.data,
            signatories=form.signatories.data or 0,
            out_of=form.out_of.data or 0,
            reference=form.reference.data or "",
            today=clock.today(),
            by=current_user,
        ),
        lambda status: _page(status, request_form=form),
        _("The request has been recorded: a révision must now be commissioned."),
        redirect(url_for(".index"), 303),
        refused_status=400,
    )


@bp.get("/<int:revision_id>/report.pdf")
@cooperative_role(*READERS, Role.MEMBER, Role.REPRESENTATIVE)
def report(revision_id: int):
    """The report, made available to every member (R-REV-4)."""
    revision = get_or_404(Revision, revision_id, cooperative_id=g.cooperative.id)
    if revision.report_content is None:
        abort(404)
    return Response(
        revision.report_content,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="revision-{revision.id}.pdf"'},
    )


navigation.add_entry(86, "revision.index", _l("Révision coopérative"), READERS)
