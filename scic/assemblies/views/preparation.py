"""Preparing assemblies: list, create, edit, agenda, second call, the home-page panel."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, url_for
from flask_login import current_user

from scic.assemblies import forms, queries, rules, services
from scic.assemblies.models import AgendaItem
from scic.assemblies.views.blueprint import (
    _back,
    _child,
    _load,
    _now,
    _paris,
    _today,
    bp,
)
from scic.cooperatives.access import MANAGERS, READERS, cooperative_role, has_role
from scic.cooperatives.dashboard import register_panel
from scic.core.db import db
from scic.core.i18n import _
from scic.core.views import flash_form_errors, flash_violations, run_and_commit
from scic.core.violations import RuleViolation
from scic.workflows import quorum
from scic.workflows import second_call as second_call_workflow

# --- dashboard --------------------------------------------------------------------------------


@register_panel
def assemblies_panel(cooperative):
    """R-AG-1 deadline of the annual ordinary assembly, and the next convocation's last day.

    Members and representatives see the same deadline, with links to their own pages (the
    secretary's assembly and convocation pages are not theirs to open).
    """
    today = _today()
    upcoming = queries.upcoming_assemblies(cooperative, _now())
    following = next((a for a in upcoming if a.status == "draft"), None)
    return {
        "template": "assemblies/_dashboard.html",
        "accounts": queries.accounts_deadline(cooperative, today),
        "next_assembly": following,
        "next_last_day": queries.convocation_last_day(following) if following else None,
        "today": today,
        "reader": has_role(*READERS),
    }


# --- preparation ------------------------------------------------------------------------------


@bp.get("/")
@cooperative_role(*READERS)
def index():
    return render_template(
        "assemblies/assembly_list.html",
        assemblies=queries.assemblies_of(g.cooperative),
        can_manage=has_role(*MANAGERS),
    )


def _assembly_input(form: forms.AssemblyForm) -> services.AssemblyInput:
    return services.AssemblyInput(
        type=form.type.data,
        title=form.title.data or "",
        starts_at=_paris(form.starts_at.data),
        place=form.place.data or "",
        video_link=form.video_link.data or "",
        remote_mode=form.remote_mode.data,
        approves_accounts_of=form.approves_accounts_of.data,
    )


@bp.get("/new")
@cooperative_role(*MANAGERS)
def new():
    return render_template(
        "assemblies/assembly_form.html", form=forms.AssemblyForm(), assembly=None
    )


@bp.post("/new")
@cooperative_role(*MANAGERS)
def create():
    form = forms.AssemblyForm()
    if not form.validate_on_submit():
        return render_template("assemblies/assembly_form.html", form=form, assembly=None), 400
    try:
        assembly = services.create_assembly(g.cooperative, _assembly_input(form), by=current_user)
    except RuleViolation as exc:
        db.session.rollback()
        flash_violations(exc.violations)
        return render_template("assemblies/assembly_form.html", form=form, assembly=None), 400
    db.session.commit()
    flash(_("The assembly has been created."), "success")
    return _back(assembly)


@bp.get("/<int:assembly_id>")
@cooperative_role(*READERS)
def show(assembly_id: int):
    assembly = _load(assembly_id)
    return render_template(
        "assemblies/assembly_show.html",
        assembly=assembly,
        documents=queries.active_documents(assembly),
        agenda_form=forms.AgendaItemForm(),
        document_form=forms.DocumentForm(),
        second_call_form=forms.SecondCallForm(),
        confirm=forms.ConfirmForm(),
        can_manage=has_role(*MANAGERS),
        quorum=quorum.quorum_status(assembly),
        second_calls=[
            a for a in queries.assemblies_of(g.cooperative) if a.first_call_id == assembly.id
        ],
    )


@bp.get("/<int:assembly_id>/edit")
@cooperative_role(*MANAGERS)
def edit(assembly_id: int):
    assembly = _load(assembly_id)
    form = forms.AssemblyForm(obj=assembly)
    form.starts_at.data = assembly.starts_at.astimezone(rules.PARIS).replace(tzinfo=None)
    form.version.data = str(assembly.version)
    return render_template("assemblies/assembly_form.html", form=form, assembly=assembly)


@bp.post("/<int:assembly_id>/edit")
@cooperative_role(*MANAGERS)
def update(assembly_id: int):
    assembly = _load(assembly_id)
    form = forms.AssemblyForm()
    if not form.validate_on_submit():
        return render_template("assemblies/assembly_form.html", form=form, assembly=assembly), 400
    if form.version.data != str(assembly.version):
        flash(_("Someone else changed this assembly meanwhile: review it and try again."), "error")
        return redirect(url_for(".edit", assembly_id=assembly.id), code=303)
    try:
        services.update_assembly(assembly, _assembly_input(form), by=current_user)
    except RuleViolation as exc:
        db.session.rollback()
        flash_violations(exc.violations)
        return render_template("assemblies/assembly_form.html", form=form, assembly=assembly), 400
    db.session.commit()
    flash(_("The assembly has been updated."), "success")
    return _back(assembly)


@bp.post("/<int:assembly_id>/agenda")
@cooperative_role(*MANAGERS)
def add_agenda_item(assembly_id: int):
    assembly = _load(assembly_id)
    form = forms.AgendaItemForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return _back(assembly)
    return run_and_commit(
        lambda: services.add_agenda_item(
            assembly, form.title.data, form.description.data or "", by=current_user
        ),
        _("The agenda item has been added."),
        _back(assembly),
    )


@bp.post("/<int:assembly_id>/agenda/<int:item_id>/delete")
@cooperative_role(*MANAGERS)
def remove_agenda_item(assembly_id: int, item_id: int):
    assembly = _load(assembly_id)
    item = _child(AgendaItem, item_id, assembly)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    return run_and_commit(
        lambda: services.remove_agenda_item(item, by=current_user),
        _("The agenda item has been removed."),
        _back(assembly),
    )


@bp.post("/<int:assembly_id>/second-call")
@cooperative_role(*MANAGERS)
def second_call(assembly_id: int):
    assembly = _load(assembly_id)
    form = forms.SecondCallForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return _back(assembly)
    try:
        second = second_call_workflow.create_second_call(
            assembly, starts_at=_paris(form.starts_at.data), by=current_user
        )
    except RuleViolation as exc:
        db.session.rollback()
        flash_violations(exc.violations)
        return _back(assembly)
    db.session.commit()
    flash(_("The second call has been created with the same agenda."), "success")
    return _back(second)
