"""Statutes pages: read them (readers), edit them (admin), create a cooperative (superuser)."""

from __future__ import annotations

import json

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from scic.cooperatives import navigation
from scic.cooperatives.access import READERS, cooperative_blueprint, cooperative_role, has_role
from scic.cooperatives.forms_statutes import (
    ABSTENTION_LABELS,
    CATEGORY_KIND_LABELS,
    MAJORITY_LABELS,
    METHOD_LABELS,
    QUORUM_BASE_LABELS,
    SILENT_LABELS,
    NewCooperativeForm,
    StatutesForm,
)
from scic.cooperatives.models import Cooperative, Role
from scic.cooperatives.services import apply_statutes, statutes_of
from scic.cooperatives.statutes_format import read_statutes, write_statutes
from scic.core import clock
from scic.core.db import db
from scic.core.i18n import _, _l
from scic.core.views import flash_violations, form_status
from scic.core.violations import RuleViolation
from scic.workflows import statutes as statutes_workflow

bp = cooperative_blueprint("statutes", __name__, "/statutes")
platform_bp = Blueprint("platform", __name__)
blueprints = (bp, platform_bp)

navigation.add_entry(80, "statutes.show", _l("Statutes"), READERS)

LABELS = {
    "kind": CATEGORY_KIND_LABELS,
    "method": METHOD_LABELS,
    "abstentions": ABSTENTION_LABELS,
    "silent_college": SILENT_LABELS,
    "majority": MAJORITY_LABELS,
    "quorum_base": QUORUM_BASE_LABELS,
}


def _document(cooperative: Cooperative) -> dict:
    """The statutes in force today as a complete scic-statutes/1 document."""
    return write_statutes(statutes_of(cooperative, on=clock.today()))


@bp.get("")
@cooperative_role(*READERS)
def show():
    """Categories, colleges with their weights and weight history, voting and assembly rules."""
    return render_template(
        "cooperatives/statutes_show.html",
        cooperative=g.cooperative,
        document=_document(g.cooperative),
        labels=LABELS,
        can_edit=has_role(Role.ADMIN),
        amendments=statutes_workflow.amendments_of(g.cooperative),
    )


@bp.get("/export.json")
@cooperative_role(*READERS)
def export():
    """Download the statutes in the scic-statutes/1 format."""
    body = json.dumps(_document(g.cooperative), ensure_ascii=False, indent=2)
    return (
        body,
        200,
        {
            "Content-Type": "application/json; charset=utf-8",
            "Content-Disposition": f'attachment; filename="{g.cooperative.slug}-statutes.json"',
        },
    )


def _amendment_choices(cooperative: Cooperative) -> list[tuple[str, str]]:
    return [("", _("Record now: the assembly has already decided"))] + [
        (
            str(a.id),
            _("Propose to “%(title)s” (%(day)s)", title=a.title, day=format_date(a.starts_at)),
        )
        for a in statutes_workflow.assemblies_for_amendment(cooperative)
    ]


def _propose(form: StatutesForm, base: dict):
    """Put the edited statutes to the chosen assembly's extraordinary resolution."""
    choices = {value for value, _label in form.amend_at.choices}
    if form.amend_at.data not in choices:
        abort(400)
    assembly = statutes_workflow.assembly_of(g.cooperative, int(form.amend_at.data))
    try:
        statutes_workflow.propose(
            assembly, form.document(base), effective_on=form.effective_on.data, by=current_user
        )
    except RuleViolation as exc:
        db.session.rollback()
        flash_violations(exc.violations)
        return render_template("cooperatives/statutes_edit.html", form=form), 400
    db.session.commit()
    flash(
        _(
            "The amendment is on the agenda of “%(title)s”: it applies once adopted.",
            title=assembly.title,
        ),
        "success",
    )
    return redirect(url_for(".show"), code=303)


@bp.route("/edit", methods=["GET", "POST"])
@cooperative_role(Role.ADMIN)
def edit():
    """Edit the statutes; every violation is listed; weights need the AGE decision (R-COL-7)."""
    cooperative = g.cooperative
    base = _document(cooperative)
    form = StatutesForm()
    form.amend_at.choices = _amendment_choices(cooperative)
    if request.method == "GET":
        form.fill(base)
        form.version.data = str(cooperative.version)
        return render_template("cooperatives/statutes_edit.html", form=form)
    if not form.validate():
        return render_template("cooperatives/statutes_edit.html", form=form), 400
    if form.version.data != str(cooperative.version):
        flash(
            _(
                "Someone else changed the statutes in the meantime; reload the page and "
                "make your changes again."
            ),
            "error",
        )
        return render_template("cooperatives/statutes_edit.html", form=form), 409
    if form.amend_at.data:
        return _propose(form, base)
    spec, violations = read_statutes(form.document(base))
    if spec is None:
        flash_violations(violations)
        return render_template("cooperatives/statutes_edit.html", form=form), 400
    try:
        apply_statutes(
            spec,
            by=current_user,
            decision_ref=form.decision_ref.data or "",
            effective_on=form.effective_on.data,
            today=clock.today(),
        )
        db.session.commit()
    except RuleViolation as exc:
        db.session.rollback()
        flash_violations(exc.violations)
        return render_template("cooperatives/statutes_edit.html", form=form), 400
    except StaleDataError:
        db.session.rollback()
        flash(
            _(
                "Someone else changed the statutes in the meantime; reload the page and "
                "make your changes again."
            ),
            "error",
        )
        return render_template("cooperatives/statutes_edit.html", form=form), 409
    flash(_("Statutes saved."), "success")
    return redirect(url_for(".show"), code=303)


@platform_bp.route("/cooperatives/new", methods=["GET", "POST"])
@login_required
def new_cooperative():
    """A platform administrator creates a cooperative from a scic-statutes/1 document."""
    if not current_user.is_superuser:
        abort(404)
    form = NewCooperativeForm()
    if not form.validate_on_submit():
        return render_template("cooperatives/statutes_new.html", form=form), form_status()
    upload = form.file.data
    raw = upload.read() if upload and upload.filename else (form.document.data or "").encode()
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        flash(_("The document is not valid JSON: %(error)s", error=str(exc)), "error")
        return render_template("cooperatives/statutes_new.html", form=form), 400
    spec, violations = read_statutes(data)
    if spec is None:
        flash_violations(violations)
        return render_template("cooperatives/statutes_new.html", form=form), 400
    if db.session.scalar(select(Cooperative.id).where(Cooperative.slug == spec.slug)):
        flash(
            _("A cooperative with the address name %(slug)s already exists.", slug=spec.slug),
            "error",
        )
        return render_template("cooperatives/statutes_new.html", form=form), 400
    try:
        cooperative = apply_statutes(spec, by=current_user, today=clock.today())
    except RuleViolation as exc:
        db.session.rollback()
        flash_violations(exc.violations)
        return render_template("cooperatives/statutes_new.html", form=form), 400
    db.session.commit()
    flash(_("Cooperative %(name)s created.", name=cooperative.name), "success")
    return redirect(url_for("statutes.show", slug=cooperative.slug), code=303)
