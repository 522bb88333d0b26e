"""The minutes page: debates summary, signatures, addenda."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from scic.assemblies import forms, queries, services
from scic.assemblies.models import Assembly
from scic.assemblies.views.blueprint import (
    MINUTES_PDF_ENDPOINT,
    _load,
    _now,
    _signatory_label,
    bp,
    optional_url,
)
from scic.cooperatives.access import MANAGERS, READERS, cooperative_role, has_role
from scic.core.i18n import _
from scic.core.views import flash_form_errors, run_and_commit

# --- minutes ----------------------------------------------------------------------------------


def _sign_form(state) -> forms.SignForm:
    form = forms.SignForm()
    form.signatory.choices = [
        (f"{role}|{name}", f"{_signatory_label(role)} — {name}") for role, name in state.pending
    ]
    return form


@bp.get("/<int:assembly_id>/minutes")
@cooperative_role(*READERS)
def minutes(assembly_id: int):
    assembly = _load(assembly_id)
    state = queries.minutes_state(assembly)
    summary = forms.SummaryForm(obj=assembly)
    summary.version.data = str(assembly.version)
    return render_template(
        "assemblies/minutes_show.html",
        assembly=assembly,
        state=state,
        summary=summary,
        sign_form=_sign_form(state),
        addendum_form=forms.AddendumForm(),
        quorum=queries.quorum_status(assembly),
        sheet=queries.attendance_sheet(assembly),
        pdf_url=optional_url(MINUTES_PDF_ENDPOINT, assembly_id=assembly.id),
        can_manage=has_role(*MANAGERS),
    )


def _minutes_target(assembly: Assembly):
    return redirect(url_for(".minutes", assembly_id=assembly.id), code=303)


@bp.post("/<int:assembly_id>/minutes/summary")
@cooperative_role(*MANAGERS)
def update_summary(assembly_id: int):
    assembly = _load(assembly_id)
    form = forms.SummaryForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return _minutes_target(assembly)
    if form.version.data != str(assembly.version):
        flash(_("Someone else changed this assembly meanwhile: review it and try again."), "error")
        return _minutes_target(assembly)
    return run_and_commit(
        lambda: services.update_debates_summary(
            assembly, form.debates_summary.data or "", by=current_user
        ),
        _("The summary of the debates has been saved."),
        _minutes_target(assembly),
    )


@bp.post("/<int:assembly_id>/minutes/sign")
@cooperative_role(*MANAGERS)
def sign_minutes(assembly_id: int):
    assembly = _load(assembly_id)
    form = forms.SignForm()
    form.signatory.choices = []  # the service checks the pair against the required signatories
    if not form.validate_on_submit() or "|" not in (form.signatory.data or ""):
        flash(_("Choose the signatory."), "error")
        return _minutes_target(assembly)
    role, name = form.signatory.data.split("|", 1)
    return run_and_commit(
        lambda: services.sign_minutes(assembly, role=role, name=name, by=current_user, now=_now()),
        _("The signature of %(name)s has been recorded.", name=name),
        _minutes_target(assembly),
    )


@bp.post("/<int:assembly_id>/addenda")
@cooperative_role(*MANAGERS)
def add_addendum(assembly_id: int):
    assembly = _load(assembly_id)
    form = forms.AddendumForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return _minutes_target(assembly)
    return run_and_commit(
        lambda: services.add_addendum(assembly, form.text.data, by=current_user, now=_now()),
        _("The addendum has been added."),
        _minutes_target(assembly),
    )
