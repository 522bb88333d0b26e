"""Movement forms: subscription, payment, call for payment, transfer, reversal."""

from __future__ import annotations

from flask import g, request
from flask_login import current_user

from scic.capital import services
from scic.capital.forms import AmountForm, ReverseForm, SubscriptionForm, TransferForm, cents
from scic.capital.models import ShareMovement
from scic.capital.views.blueprint import (
    MOVEMENT_FORM,
    _decision,
    _form_page,
    _member,
    _picker,
    _today,
    bp,
)
from scic.cooperatives.access import MANAGERS, cooperative_role
from scic.core import clock
from scic.core.db import get_or_404
from scic.core.i18n import _, ngettext

# --- Movement forms ---------------------------------------------------------------------------


@bp.route("/subscribe", methods=["GET", "POST"])
@cooperative_role(*MANAGERS)
def subscribe():
    """Record a subscription of an admitted member (R-CAP-4, R-LA-1, R-LA-5)."""
    # From a member's page: that member is already chosen (?member=<id>).
    form = SubscriptionForm(on=_today(), member=request.args.get("member", type=int))
    _picker(form.member, ["active", "withdrawing", "candidate"])
    return _form_page(
        MOVEMENT_FORM,
        {"form": form, "title": _("New subscription")},
        lambda: services.subscribe(
            _member(form.member.data),
            form.shares.data,
            paid_cents=cents(form.paid.data),
            on=form.on.data,
            decision=_decision(form),
            by=current_user,
            now=clock.now(),
            note=form.note.data or "",
        ),
        lambda _movement: ngettext(
            "The subscription of %(shares)s share has been recorded.",
            "The subscription of %(shares)s shares has been recorded.",
            form.shares.data,
            shares=form.shares.data,
        ),
    )


def _amount_view(kind: str):
    form = AmountForm(on=_today())
    _picker(form.member)
    title = _("Record a payment") if kind == "payment" else _("Call for payment")
    action = services.record_payment if kind == "payment" else services.call_payment
    return _form_page(
        MOVEMENT_FORM,
        {"form": form, "title": title},
        lambda: action(
            _member(form.member.data),
            cents(form.amount.data),
            on=form.on.data,
            decision=_decision(form),
            by=current_user,
            now=clock.now(),
            note=form.note.data or "",
        ),
        _("The entry has been recorded."),
    )


@bp.route("/payment", methods=["GET", "POST"])
@cooperative_role(*MANAGERS)
def payment():
    """Record a payment of subscribed capital (R-CAP-4)."""
    return _amount_view("payment")


@bp.route("/call", methods=["GET", "POST"])
@cooperative_role(*MANAGERS)
def call():
    """Call the unpaid balance (R-CAP-4)."""
    return _amount_view("call")


@bp.route("/transfer", methods=["GET", "POST"])
@cooperative_role(*MANAGERS)
def transfer():
    """Record a transfer between members with its approving decision (§6.5)."""
    form = TransferForm(on=_today())
    _picker(form.transferor)
    _picker(form.transferee, ["active", "withdrawing", "candidate"])
    return _form_page(
        MOVEMENT_FORM,
        {"form": form, "title": _("Transfer of shares")},
        lambda: services.transfer(
            _member(form.transferor.data),
            _member(form.transferee.data),
            form.shares.data,
            on=form.on.data,
            decision=_decision(form),
            by=current_user,
            now=clock.now(),
            note=form.note.data or "",
        ),
        _("The transfer has been recorded."),
    )


@bp.route("/movements/<int:movement_id>/reverse", methods=["GET", "POST"])
@cooperative_role(*MANAGERS)
def reverse(movement_id: int):
    """Correct a wrong entry by a reversing entry (never an edit)."""
    movement = get_or_404(ShareMovement, movement_id, cooperative_id=g.cooperative.id)
    form = ReverseForm()
    return _form_page(
        MOVEMENT_FORM,
        {
            "form": form,
            "title": _("Reverse entry %(number)s", number=movement.number),
            "movement": movement,
        },
        lambda: services.reverse(movement, form.reason.data, by=current_user, now=clock.now()),
        _("Entry %(number)s has been reversed.", number=movement.number),
    )
