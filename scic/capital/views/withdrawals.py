"""Withdrawals and exits: requests, exits, acknowledgement, reimbursement, deferred release."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask import flash, g, redirect, render_template, url_for
from flask_login import current_user

from scic.capital import queries, services
from scic.capital.forms import (
    AcknowledgeForm,
    ExitForm,
    ReimburseForm,
    ReleaseForm,
    WithdrawalRequestForm,
    cents,
)
from scic.capital.models import WithdrawalRequest
from scic.capital.views.blueprint import (
    MOVEMENT_FORM,
    _decision,
    _form_page,
    _member,
    _picker,
    _today,
    bp,
)
from scic.cooperatives.access import MANAGERS, READERS, cooperative_role
from scic.core import clock
from scic.core.db import db, get_or_404
from scic.core.i18n import _, format_day
from scic.workflows import exclusion

# --- Withdrawals and exits --------------------------------------------------------------------


@bp.get("/withdrawals")
@cooperative_role(*READERS)
def withdrawals():
    """What is due and when: pending notices, deferred queue, reimbursements due."""
    coop = g.cooperative.id
    return render_template(
        "capital/withdrawals.html",
        requested=queries.withdrawals(coop, ["requested"]),
        deferred=queries.withdrawals(coop, ["deferred"]),
        due=sorted(queries.withdrawals(coop, ["due"]), key=lambda r: (r.due_on, r.id)),
        reimbursed=queries.withdrawals(coop, ["reimbursed"]),
        release_form=ReleaseForm(on=_today()),
        can_manage=bool(g.roles & set(MANAGERS)),
        today=_today(),
    )


@bp.route("/withdrawals/new", methods=["GET", "POST"])
@cooperative_role(*MANAGERS)
def request_withdrawal():
    """Record a member's notice of withdrawal (R-EXIT-1)."""
    form = WithdrawalRequestForm(requested_on=_today())
    _picker(form.member, ["active", "withdrawing"])
    return _form_page(
        MOVEMENT_FORM,
        {"form": form, "title": _("Notice of withdrawal")},
        lambda: services.request_withdrawal(
            _member(form.member.data),
            form.shares.data,
            requested_on=form.requested_on.data,
            effective_on=form.effective_on.data,
            by=current_user,
            now=clock.now(),
        ),
        _("The notice of withdrawal has been recorded."),
        ".withdrawals",
    )


@bp.route("/exits/new", methods=["GET", "POST"])
@cooperative_role(*MANAGERS)
def record_exit():
    """Exclusion, striking off or death: cancel every share (§6.11)."""
    form = ExitForm(on=_today())
    _picker(form.member, ["active", "withdrawing"])
    resolutions = {r.id: r for r in exclusion.exclusion_resolutions(g.cooperative.id)}
    form.resolution.choices = [(0, "—")] + [
        (r.id, f"{r.assembly.title} — {r.number}. {r.title}") for r in resolutions.values()
    ]

    def action():
        if form.kind.data == "exclusion":
            # R-EXCL-1: only on an adopted resolution, the member notified and heard before.
            return exclusion.exclude_by_assembly(
                _member(form.member.data),
                resolutions.get(form.resolution.data or 0),
                on=form.on.data,
                by=current_user,
                now=clock.now(),
            )
        return services.record_exit(
            _member(form.member.data),
            form.kind.data,
            on=form.on.data,
            decision=_decision(form),
            by=current_user,
            now=clock.now(),
        )

    def success(result) -> str:
        _flash_passive_breach(result.effective_on)
        return _("The exit has been recorded.")

    return _form_page(
        MOVEMENT_FORM,
        {"form": form, "title": _("Exclusion, striking off or death")},
        action,
        success,
        ".withdrawals",
    )


def _flash_passive_breach(on: date) -> None:
    if services.passive_breach(g.cooperative, on):
        flash(
            _(
                "Warning: local authorities now hold more than the cap of the capital "
                "(R-LA-1 passive breach). No local authority may subscribe until it is "
                "back under the cap."
            ),
            "warning",
        )


@bp.route("/withdrawals/<int:request_id>/acknowledge", methods=["GET", "POST"])
@cooperative_role(*MANAGERS)
def acknowledge_withdrawal(request_id: int):
    """The organ acknowledges a withdrawal: shares cancelled now, or deferred (R-CAP-3)."""
    withdrawal = get_or_404(WithdrawalRequest, request_id, cooperative_id=g.cooperative.id)
    form = AcknowledgeForm(on=_today())

    def success(_request) -> str:
        if withdrawal.status == "deferred":
            return _(
                "The withdrawal is accepted; its reimbursement is deferred because the "
                "capital would go below its floor (R-CAP-3)."
            )
        _flash_passive_breach(withdrawal.effective_on)
        return _(
            "The withdrawal is recorded; reimbursement due by %(due)s.",
            due=format_day(withdrawal.due_on),
        )

    return _form_page(
        MOVEMENT_FORM,
        {"form": form, "title": _("Acknowledge the withdrawal"), "withdrawal": withdrawal},
        lambda: services.acknowledge_withdrawal(
            withdrawal, on=form.on.data, decision=_decision(form), by=current_user, now=clock.now()
        ),
        success,
        ".withdrawals",
    )


@bp.route("/withdrawals/<int:request_id>/reimburse", methods=["GET", "POST"])
@cooperative_role(*MANAGERS)
def reimburse(request_id: int):
    """Pay a leaving member back, at most the nominal value less losses (R-EXIT-2)."""
    withdrawal = get_or_404(WithdrawalRequest, request_id, cooperative_id=g.cooperative.id)
    form = ReimburseForm(on=_today(), amount=Decimal(withdrawal.paid_cents) / 100)
    return _form_page(
        MOVEMENT_FORM,
        {"form": form, "title": _("Reimbursement"), "withdrawal": withdrawal},
        lambda: services.reimburse(
            withdrawal,
            cents(form.amount.data),
            on=form.on.data,
            losses_share_cents=cents(form.losses.data),
            decision=_decision(form),
            by=current_user,
            now=clock.now(),
        ),
        _("The reimbursement has been recorded."),
        ".withdrawals",
    )


@bp.post("/withdrawals/release")
@cooperative_role(*MANAGERS)
def release_deferred():
    """Release deferred withdrawals in order of request, as far as the floor allows."""
    form = ReleaseForm()
    if not form.validate_on_submit():
        flash(_("Give the date of effect."), "error")
        return redirect(url_for(".withdrawals"), code=303)
    released = services.release_deferred(
        g.cooperative, on=form.on.data, by=current_user, now=clock.now()
    )
    db.session.commit()
    if released:
        flash(
            _("%(count)s deferred withdrawals have been recorded.", count=len(released)), "success"
        )
    else:
        flash(_("The floor still does not allow the next deferred withdrawal."), "warning")
    return redirect(url_for(".withdrawals"), code=303)
