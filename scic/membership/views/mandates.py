"""Designation of a member's representative, from the member page."""

from __future__ import annotations

from flask import flash, g
from flask_login import current_user

from scic.cooperatives.access import MANAGERS, cooperative_role
from scic.cooperatives.models import Role
from scic.cooperatives.services import invite
from scic.core.i18n import _
from scic.membership import services
from scic.membership.forms import MandateForm
from scic.membership.views.blueprint import _back, _deliberation, _member, _run, bp
from scic.membership.views.member_page import _refused_form, _render_member_page


@bp.post("/members/<int:member_id>/mandates")
@cooperative_role(*MANAGERS)
def designate(member_id: int):
    """Designate (or replace) a representative; optionally give them an account to vote."""
    member = _member(member_id)
    form = MandateForm(prefix="mandate")
    form.deliberation.choices = [(0, "")] + [(d.id, d.reference) for d in member.deliberations]
    if not form.validate():
        return _render_member_page(member, 400, mandate_form=form)
    deliberation = _deliberation(member, form.deliberation.data) if form.deliberation.data else None
    if form.create_account.data and not form.email.data:
        flash(_("An e-mail address is needed to give an account."), "error")
        return _back(member)

    def action():
        user = None
        if form.create_account.data:
            user, _created = invite(
                g.cooperative,
                form.email.data,
                Role.REPRESENTATIVE,
                full_name=form.full_name.data,
                by=current_user,
            )
        services.designate_representative(
            member,
            form.full_name.data,
            form.role.data,
            form.valid_from.data,
            form.valid_to.data,
            deliberation,
            form.email.data or "",
            user,
            function=form.function.data or "",
            designation_ref=form.designation_ref.data or "",
            by=current_user,
        )

    return _run(
        member,
        action,
        _("Representative designated."),
        refused=lambda exc: _refused_form(member, exc, mandate_form=form),
    )
