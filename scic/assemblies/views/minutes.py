"""The minutes page: debates summary, signatures, addenda."""

from __future__ import annotations

import io

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_login import current_user

from scic.assemblies import forms, minutes_rules, queries, services
from scic.assemblies.models import Assembly, MinutesSignature
from scic.assemblies.views.blueprint import (
    MINUTES_PDF_ENDPOINT,
    _load,
    _now,
    _signatory_label,
    bp,
    optional_url,
)
from scic.cooperatives.access import MANAGERS, READERS, cooperative_role, has_role
from scic.core.db import db
from scic.core.i18n import _
from scic.core.views import flash_form_errors, run_and_commit
from scic.workflows import quorum

# --- minutes ----------------------------------------------------------------------------------


def _choices(pairs) -> list[tuple[str, str]]:
    return [(f"{role}|{name}", f"{_signatory_label(role)} — {name}") for role, name in pairs]


def _sign_form(state) -> forms.SignForm:
    """Only the capacities the signed-in account may sign: its own name (§6.9)."""
    form = forms.SignForm()
    mine = [
        pair
        for pair in state.pending
        if not minutes_rules.check_own_signature(current_user.display_name, pair[1])
    ]
    form.signatory.choices = _choices(mine)
    return form


def _wet_ink_form(state) -> forms.WetInkForm:
    form = forms.WetInkForm(prefix="wet_ink")  # two signatory fields on one page
    form.signatory.choices = _choices(state.pending)
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
        wet_ink_form=_wet_ink_form(state),
        addendum_form=forms.AddendumForm(),
        quorum=quorum.quorum_status(assembly),
        sheet=quorum.attendance_sheet(assembly),
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


@bp.post("/<int:assembly_id>/minutes/wet-ink")
@cooperative_role(*MANAGERS)
def record_wet_ink_signature(assembly_id: int):
    """The secretary records a signatory's ink signature on the printed minutes, with the scan."""
    assembly = _load(assembly_id)
    form = forms.WetInkForm(prefix="wet_ink")
    form.signatory.choices = []  # the service checks the pair against the required signatories
    if not form.validate_on_submit() or "|" not in (form.signatory.data or ""):
        flash_form_errors(form)
        return _minutes_target(assembly)
    role, name = form.signatory.data.split("|", 1)
    upload = form.scan.data
    return run_and_commit(
        lambda: services.record_wet_ink_signature(
            assembly,
            role=role,
            name=name,
            scan=upload.read(services.SCAN_READ_LIMIT),
            filename=upload.filename or "",
            by=current_user,
            now=_now(),
        ),
        _("The ink signature of %(name)s has been recorded with its scan.", name=name),
        _minutes_target(assembly),
    )


@bp.get("/<int:assembly_id>/minutes/signatures/<int:signature_id>/scan")
@cooperative_role(*READERS)
def signature_scan(assembly_id: int, signature_id: int):
    """The scan of a wet-ink signature, as uploaded."""
    assembly = _load(assembly_id)
    signature = db.session.get(MinutesSignature, signature_id)
    if signature is None or signature.assembly_id != assembly.id:
        abort(404)
    found = services.signature_scan(signature)
    if found is None:
        abort(404)
    record, data = found
    return send_file(io.BytesIO(data), mimetype=record.mimetype, download_name=record.filename)


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
