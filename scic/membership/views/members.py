"""A member's record: application by the secretary, identity, and the decisions on a member
(admission, refusal, status, e-convocation consent, category).
"""

from __future__ import annotations

from flask import flash, g, render_template, request
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from scic.cooperatives.access import MANAGERS, cooperative_role
from scic.core import clock
from scic.core.db import db
from scic.core.i18n import _
from scic.core.messages import describe
from scic.core.views import flash_form_errors, flash_violations, form_status
from scic.core.violations import RuleViolation, Violation
from scic.membership import services
from scic.membership.forms import (
    CategoryForm,
    ConsentForm,
    DecisionForm,
    MemberCreateForm,
    MemberEditForm,
    RefusalForm,
    StatusForm,
)
from scic.membership.views.blueprint import (
    _back,
    _category,
    _category_choices,
    _member,
    _member_data,
    _run,
    _submit,
    bp,
)
from scic.membership.views.member_page import _refused_form, _render_member_page
from scic.workflows import admission


@bp.route("/members/new", methods=["GET", "POST"])
@cooperative_role(*MANAGERS)
def new_member():
    """Record an application made to the secretary."""
    form = MemberCreateForm(applied_on=clock.today())
    form.category.choices = _category_choices(g.cooperative)
    if not form.validate_on_submit():
        return render_template("membership/member_new.html", form=form), form_status()
    try:
        member = services.create_candidate(
            g.cooperative,
            _member_data(form),
            _category(form.category.data),
            applied_on=form.applied_on.data,
            by=current_user,
        )
    except RuleViolation as exc:
        flash_violations(exc.violations)
        return render_template("membership/member_new.html", form=form), 400
    db.session.commit()
    flash(_("Candidate no. %(number)s recorded.", number=member.number), "success")
    return _back(member)


@bp.route("/members/<int:member_id>/edit", methods=["GET", "POST"])
@cooperative_role(*MANAGERS)
def edit_member(member_id: int):
    """Edit identity and contact; a concurrent edit is refused, never silently lost."""
    member = _member(member_id)
    form = MemberEditForm(obj=member if request.method == "GET" else None)
    if request.method == "GET":
        form.version.data = str(member.version)
        form.authority_type.data = member.authority_type or ""
    if not form.validate_on_submit():
        return render_template(
            "membership/member_edit.html", form=form, member=member
        ), form_status()
    data = {name: getattr(form, name).data for name in services.EDITABLE_FIELDS}
    try:
        services.update_member(member, data, int(form.version.data), by=current_user)
        db.session.commit()
    except RuleViolation as exc:
        db.session.rollback()
        flash_violations(exc.violations)
        return render_template("membership/member_edit.html", form=form, member=member), 409
    except StaleDataError:
        db.session.rollback()
        flash(describe(Violation("stale_member")), "error")
        return render_template("membership/member_edit.html", form=form, member=member), 409
    flash(_("Member updated."), "success")
    return _back(member)


@bp.post("/members/<int:member_id>/admit")
@cooperative_role(*MANAGERS)
def admit(member_id: int):
    member = _member(member_id)
    form = DecisionForm(prefix="admit")
    if not form.validate():
        return _render_member_page(member, 400, decision_form=form)
    return _run(
        member,
        lambda: admission.admit_with_shares(
            member,
            shares=form.shares.data,
            paid_cents=int(form.paid.data * 100),
            on=form.decided_on.data,
            decision_ref=form.decision_ref.data,
            by=current_user,
            now=clock.now(),
        ),
        _("Member admitted."),
        refused=lambda exc: _refused_form(member, exc, decision_form=form),
    )


@bp.post("/members/<int:member_id>/refuse")
@cooperative_role(*MANAGERS)
def refuse(member_id: int):
    member = _member(member_id)
    form = RefusalForm(prefix="refuse")
    return _submit(
        member,
        form,
        lambda: services.refuse_candidate(
            member, form.decided_on.data, form.reason.data, by=current_user
        ),
        _("Application refused."),
    )


@bp.post("/members/<int:member_id>/status")
@cooperative_role(*MANAGERS)
def change_status(member_id: int):
    member = _member(member_id)
    form = StatusForm(prefix="status")
    return _submit(
        member,
        form,
        lambda: services.change_status(
            member,
            form.status.data,
            form.on.data,
            by=current_user,
            decision_ref=form.decision_ref.data or "",
            cause=form.cause.data or "",
        ),
        _("Status changed."),
    )


@bp.post("/members/<int:member_id>/consent")
@cooperative_role(*MANAGERS)
def consent(member_id: int):
    member = _member(member_id)
    form = ConsentForm(prefix="consent")
    if not form.validate() or (form.consent.data and not form.on.data):
        flash_form_errors(form)
        if form.consent.data and not form.on.data:
            flash(_("Give the date of the written consent."), "error")
        return _back(member)
    on = form.on.data if form.consent.data else None
    return _run(
        member,
        lambda: services.record_econvocation_consent(member, on, by=current_user),
        _("Consent to electronic convocation recorded."),
    )


@bp.post("/members/<int:member_id>/category")
@cooperative_role(*MANAGERS)
def change_category(member_id: int):
    member = _member(member_id)
    form = CategoryForm(prefix="category")
    form.category.choices = _category_choices(g.cooperative)
    return _submit(
        member,
        form,
        lambda: services.change_category(
            member,
            _category(form.category.data),
            form.on.data,
            by=current_user,
            decision_ref=form.decision_ref.data or "",
        ),
        _("Category changed."),
    )
