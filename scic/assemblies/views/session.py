"""The session: bureau, opening and closing, incidents, live quorum (attendance: attendance.py)."""

from __future__ import annotations

from flask import abort, jsonify, redirect, render_template, url_for
from flask_login import current_user

from scic.assemblies import forms, queries, services
from scic.assemblies.models import Assembly
from scic.assemblies.views.blueprint import (
    _load,
    _now,
    _paris,
    bp,
)
from scic.cooperatives.access import MANAGERS, READERS, cooperative_role, has_role
from scic.core.i18n import _
from scic.core.views import flash_form_errors, run_and_commit
from scic.workflows import quorum
from scic.workflows import session as session_workflow

# --- session ----------------------------------------------------------------------------------


@bp.get("/<int:assembly_id>/session")
@cooperative_role(*READERS)
def session(assembly_id: int):
    assembly = _load(assembly_id)
    bureau = forms.BureauForm(obj=assembly)
    return render_template(
        "assemblies/session_show.html",
        assembly=assembly,
        bureau=bureau,
        incident_form=forms.IncidentForm(),
        confirm=forms.ConfirmForm(),
        quorum=quorum.quorum_status(assembly),
        managers_sign=services.managers_sign_minutes(assembly),
        can_manage=has_role(*MANAGERS),
        # R-AG-13, R-AG-1/§5: why the session may not open yet, in prose.
        opening_problems=queries.opening_violations(assembly, _now())
        if assembly.status == "convened"
        else [],
    )


def _session_target(assembly: Assembly):
    return redirect(url_for(".session", assembly_id=assembly.id), code=303)


@bp.post("/<int:assembly_id>/bureau")
@cooperative_role(*MANAGERS)
def set_bureau(assembly_id: int):
    assembly = _load(assembly_id)
    form = forms.BureauForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return _session_target(assembly)
    return run_and_commit(
        lambda: services.set_bureau(
            assembly,
            chair=form.chair_name.data or "",
            secretary=form.secretary_name.data or "",
            scrutineers=form.scrutineers.data or "",
            managers=form.managers.data or "",
            by=current_user,
        ),
        _("The bureau has been recorded."),
        _session_target(assembly),
    )


@bp.post("/<int:assembly_id>/open")
@cooperative_role(*MANAGERS)
def open_session(assembly_id: int):
    assembly = _load(assembly_id)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    return run_and_commit(
        lambda: session_workflow.open_session(assembly, now=_now(), by=current_user),
        _("The session is open."),
        _session_target(assembly),
    )


@bp.post("/<int:assembly_id>/close")
@cooperative_role(*MANAGERS)
def close_session(assembly_id: int):
    assembly = _load(assembly_id)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    return run_and_commit(
        lambda: session_workflow.close_session(assembly, now=_now(), by=current_user),
        _("The session is closed."),
        _session_target(assembly),
    )


@bp.post("/<int:assembly_id>/incidents")
@cooperative_role(*MANAGERS)
def add_incident(assembly_id: int):
    assembly = _load(assembly_id)
    form = forms.IncidentForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return _session_target(assembly)
    when = _paris(form.occurred_at.data) if form.occurred_at.data else _now()
    return run_and_commit(
        lambda: services.add_incident(
            assembly, form.description.data, occurred_at=when, by=current_user, now=_now()
        ),
        _("The incident has been noted."),
        _session_target(assembly),
    )


@bp.get("/<int:assembly_id>/quorum.json")
@cooperative_role(*READERS)
def quorum_json(assembly_id: int):
    assembly = _load(assembly_id)
    return jsonify(quorum.quorum_status(assembly).as_json())
