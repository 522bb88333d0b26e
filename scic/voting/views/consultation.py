"""A written consultation's page (R-AG-10): sending it, the answers received, the result."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, url_for
from flask_login import current_user

from scic.assemblies.models import Assembly
from scic.cooperatives.access import MANAGERS, READERS, cooperative_role, has_role
from scic.core import clock
from scic.core.db import db, forget_wal, get_or_404
from scic.core.i18n import _, ngettext
from scic.core.messages import describe
from scic.core.views import flash_violations
from scic.core.violations import RuleViolation
from scic.voting import queries
from scic.voting.forms import ActionForm, UrnCountForm
from scic.voting.views.blueprint import bp
from scic.workflows import consultation as workflow


def _written_or_404(assembly_id: int) -> Assembly:
    assembly = get_or_404(Assembly, assembly_id, cooperative_id=g.cooperative.id)
    if assembly.type != "written":
        abort(404)
    return assembly


def _page(assembly: Assembly):
    return redirect(url_for(".consultation", assembly_id=assembly.id), code=303)


@bp.get("/assemblies/<int:assembly_id>/consultation")
@cooperative_role(*READERS)
def consultation(assembly_id: int):
    """Where the consultation stands: sent on, last day to answer, who answered, the result."""
    assembly = _written_or_404(assembly_id)
    state = workflow.consultation_state(assembly, clock.today())
    count_form = UrnCountForm().with_tellers(state.tellers)
    return render_template(
        "voting/consultation.html",
        assembly=assembly,
        state=state,
        problems=[describe(v) for v in state.problems],
        resolutions=queries.resolutions_of(assembly),
        action_form=ActionForm(),
        count_form=count_form,
        count_rows=list(zip(state.tellers, count_form.passphrases, strict=False)),
        can_manage=has_role(*MANAGERS),
    )


@bp.post("/assemblies/<int:assembly_id>/consultation/send")
@cooperative_role(*MANAGERS)
def send_consultation(assembly_id: int):
    """E-mail every consenting member the resolutions and their personal voting link."""
    assembly = _written_or_404(assembly_id)
    if not ActionForm().validate():
        abort(400)
    try:
        report = workflow.send_consultation(
            assembly, clock.today(), now=clock.now(), by=current_user
        )
    except RuleViolation as exc:
        db.session.rollback()
        flash_violations(exc.violations)
        return _page(assembly)
    db.session.commit()
    flash(
        ngettext(
            "The consultation has been sent to %(num)s member by e-mail.",
            "The consultation has been sent to %(num)s members by e-mail.",
            len(report.emailed),
        ),
        "success",
    )
    if report.paper:
        flash(
            ngettext(
                "%(num)s member has no e-mail consent: send the consultation by letter and "
                "record it on the convocation page.",
                "%(num)s members have no e-mail consent: send the consultation by letter and "
                "record it on the convocation page.",
                len(report.paper),
            ),
            "warning",
        )
    return _page(assembly)


@bp.post("/assemblies/<int:assembly_id>/consultation/result")
@cooperative_role(*MANAGERS)
def count_consultation(assembly_id: int):
    """Produce the result once the delay has run (or all answered) and close the consultation."""
    assembly = _written_or_404(assembly_id)
    form = UrnCountForm()
    if not form.validate():
        abort(400)
    secret = any(r.secret for r in queries.resolutions_of(assembly))
    try:
        workflow.close_consultation(
            assembly,
            today=clock.today(),
            now=clock.now(),
            by=current_user,
            passphrases=form.by_teller(),
        )
    except RuleViolation as exc:
        db.session.rollback()
        flash_violations(exc.violations)
        return _page(assembly)
    db.session.commit()
    if secret:
        forget_wal()  # the WAL still holds the sealed boxes and the shares just deleted
    flash(
        _("The result of the consultation has been produced: the minutes can be signed."), "success"
    )
    return _page(assembly)
