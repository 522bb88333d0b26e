"""Current-account advances: list, grant, renew, repay, convert."""

from __future__ import annotations

from flask import g, render_template
from flask_login import current_user

from scic.capital import queries, services
from scic.capital.forms import (
    AdvanceForm,
    ConvertAdvanceForm,
    RenewAdvanceForm,
    RepayAdvanceForm,
    cents,
)
from scic.capital.models import CurrentAccountAdvance
from scic.capital.views.blueprint import (
    MOVEMENT_FORM,
    _decision,
    _form_page,
    _member,
    _member_choices,
    _today,
    bp,
)
from scic.cooperatives.access import MANAGERS, READERS, cooperative_role
from scic.core import clock
from scic.core.db import get_or_404
from scic.core.i18n import _

# --- Current-account advances (R-LA-2) ----------------------------------------------------------


@bp.get("/advances")
@cooperative_role(*READERS)
def advances():
    """Local authorities' current-account advances and their terms."""
    today = _today()
    rows = queries.advances(g.cooperative.id)
    return render_template(
        "capital/advances.html",
        advances=rows,
        today=today,
        alert=lambda a: services.advance_needs_attention(a, today),
        can_manage=bool(g.roles & set(MANAGERS)),
    )


@bp.route("/advances/new", methods=["GET", "POST"])
@cooperative_role(*MANAGERS)
def new_advance():
    form = AdvanceForm(start_on=_today(), duration_months=24)
    form.member.choices = _member_choices(["active"], local_authorities=True)
    return _form_page(
        MOVEMENT_FORM,
        {"form": form, "title": _("New current-account advance")},
        lambda: services.grant_advance(
            _member(form.member.data),
            convention_ref=form.convention_ref.data,
            deliberation_ref=form.deliberation_ref.data,
            amount_cents=cents(form.amount.data),
            start_on=form.start_on.data,
            duration_months=form.duration_months.data,
            equity_cents=cents(form.equity.data),
            by=current_user,
            now=clock.now(),
        ),
        _("The advance has been recorded."),
        ".advances",
    )


def _advance_action(advance_id: int, form_class, title, action, message):
    advance = get_or_404(CurrentAccountAdvance, advance_id, cooperative_id=g.cooperative.id)
    form = form_class(on=_today())
    return _form_page(
        MOVEMENT_FORM,
        {"form": form, "title": title, "advance": advance},
        lambda: action(advance, form),
        message,
        ".advances",
    )


@bp.route("/advances/<int:advance_id>/renew", methods=["GET", "POST"])
@cooperative_role(*MANAGERS)
def renew_advance(advance_id: int):
    return _advance_action(
        advance_id,
        RenewAdvanceForm,
        _("Renew the advance"),
        lambda a, f: services.renew_advance(
            a,
            duration_months=f.duration_months.data,
            equity_cents=cents(f.equity.data),
            by=current_user,
            now=clock.now(),
        ),
        _("The advance has been renewed."),
    )


@bp.route("/advances/<int:advance_id>/repay", methods=["GET", "POST"])
@cooperative_role(*MANAGERS)
def repay_advance(advance_id: int):
    return _advance_action(
        advance_id,
        RepayAdvanceForm,
        _("Repayment of the advance"),
        lambda a, f: services.repay_advance(a, on=f.on.data, by=current_user, now=clock.now()),
        _("The repayment has been recorded."),
    )


@bp.route("/advances/<int:advance_id>/convert", methods=["GET", "POST"])
@cooperative_role(*MANAGERS)
def convert_advance(advance_id: int):
    return _advance_action(
        advance_id,
        ConvertAdvanceForm,
        _("Convert the advance into shares"),
        lambda a, f: services.convert_advance(
            a, f.shares.data, on=f.on.data, decision=_decision(f), by=current_user, now=clock.now()
        ),
        _("The advance has been converted into capital."),
    )
