"""Designation of a member's representative, from the member page."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, g
from flask_login import current_user

from scic.cooperatives.access import MANAGERS, cooperative_role
from scic.cooperatives.models import Role
from scic.cooperatives.services import invite
from scic.core import clock
from scic.core.db import get_or_404
from scic.core.i18n import _
from scic.membership import services
from scic.membership.forms import MandateContactForm, MandateForm
from scic.membership.models import Mandate
from scic.membership.views.blueprint import _back, _deliberation, _member, _run, bp
from scic.membership.views.member_page import _refused_form, _render_member_page


def _consent_on(form) -> date | None:
    """The written consent's date when the box is ticked (today when left empty)."""
    return (form.consent_on.data or clock.today()) if form.econvocation_consent.data else None


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
            econvocation_consent_on=_consent_on(form),
            by=current_user,
        )

    return _run(
        member,
        action,
        _("Representative designated."),
        refused=lambda exc: _refused_form(member, exc, mandate_form=form),
    )


@bp.post("/members/<int:member_id>/mandates/<int:mandate_id>/contact")
@cooperative_role(*MANAGERS)
def mandate_contact(member_id: int, mandate_id: int):
    """Record a representative's address and consent to e-mail convocation (§8 #30)."""
    member = _member(member_id)
    mandate = get_or_404(Mandate, mandate_id, cooperative_id=g.cooperative.id)
    if mandate.member_id != member.id:
        abort(404)
    form = MandateContactForm(prefix=f"contact{mandate.id}")
    if not form.validate():
        return _render_member_page(member, 400, contact_forms={mandate.id: form})
    return _run(
        member,
        lambda: services.record_representative_contact(
            mandate, form.email.data or "", _consent_on(form), by=current_user
        ),
        _("Representative's e-mail and consent recorded."),
        refused=lambda exc: _refused_form(member, exc, contact_forms={mandate.id: form}),
    )
