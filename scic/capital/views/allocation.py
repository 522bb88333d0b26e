"""Allocation of the result and TMO rates."""

from __future__ import annotations

from decimal import Decimal

from flask import flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from scic.capital import queries, services
from scic.capital.forms import AllocationForm, TmoForm, cents
from scic.capital.models import ResultAllocation
from scic.capital.views.blueprint import _done, _refused, _today, bp
from scic.cooperatives.access import MANAGERS, READERS, cooperative_role
from scic.cooperatives.models import Role
from scic.core import clock
from scic.core.db import db, get_or_404
from scic.core.i18n import _
from scic.core.views import flash_violations
from scic.core.violations import RuleViolation

# --- Allocation of results (R-RES-*) -----------------------------------------------------------


@bp.route("/allocation", methods=["GET", "POST"])
@cooperative_role(*READERS)
def allocation():
    """TMO series, past allocations, and the allocation form with its legal bounds."""
    tmo_form = TmoForm(prefix="tmo")
    if request.method == "GET":
        form = AllocationForm(request.args, year=_today().year - 1)
    else:
        form = AllocationForm()
    is_admin = Role.ADMIN in g.roles
    can_manage = bool(g.roles & set(MANAGERS))
    proposal = None
    if request.method == "GET" and request.args.get("year") and form.validate():
        proposal = _proposal(form)
    context = {
        "form": form,
        "tmo_form": tmo_form,
        "proposal": proposal,
        "series": services.tmo_series(g.cooperative),
        "is_admin": is_admin,
        "can_manage": can_manage,
        "allocations": db.session.scalars(
            db.select(ResultAllocation)
            .where(ResultAllocation.cooperative_id == g.cooperative.id)
            .order_by(ResultAllocation.fiscal_year.desc())
        ).all(),
    }
    if request.method == "POST":
        if not can_manage:
            return render_template("capital/allocation.html", **context), 404
        return _post_allocation(form, context)
    return render_template("capital/allocation.html", **context)


def _rate(text: str | None) -> Decimal | None:
    return services.parse_rate(text) if text else None


def _proposal(form) -> services.AllocationProposal | None:
    try:
        return services.propose_allocation(
            g.cooperative,
            form.year.data,
            result_cents=cents(form.result.data),
            subsidies_cents=cents(form.subsidies.data),
            reserves_before_cents=cents(form.reserves_before.data),
            interest_rate=_rate(form.rate.data),
        )
    except RuleViolation as exc:
        flash_violations(exc.violations)
        return None


def _post_allocation(form, context):
    if not form.validate_on_submit():
        return render_template("capital/allocation.html", **context), 400
    proposal = _proposal(form)
    if proposal is None:
        return render_template("capital/allocation.html", **context), 422
    legal = (
        cents(form.legal_reserve.data)
        if form.legal_reserve.data is not None
        else proposal.bounds.legal_reserve_min
    )
    statutory = (
        cents(form.statutory_reserve.data)
        if form.statutory_reserve.data is not None
        else proposal.bounds.statutory_reserve_min
    )
    try:
        row = services.record_allocation(
            g.cooperative,
            form.year.data,
            result_cents=cents(form.result.data),
            subsidies_cents=cents(form.subsidies.data),
            reserves_before_cents=cents(form.reserves_before.data),
            legal_reserve_cents=legal,
            statutory_reserve_cents=statutory,
            interest_rate=proposal.interest_rate,
            by=current_user,
            now=clock.now(),
        )
        row.resolution_text = render_template(
            "capital/_allocation_resolution.txt", allocation=row, cooperative=g.cooperative
        )
    except RuleViolation as exc:
        context["proposal"] = proposal
        return _refused(exc, "capital/allocation.html", **context)
    return _done(
        _("The allocation has been recorded with its draft resolution."),
        ".allocation_detail",
        allocation_id=row.id,
    )


@bp.post("/allocation/tmo")
@cooperative_role(Role.ADMIN)
def set_tmo():
    """The admin enters one year of the TMO series (R-RES-4)."""
    form = TmoForm(prefix="tmo")
    if not form.validate_on_submit():
        flash(_("Give a year and a rate."), "error")
        return redirect(url_for(".allocation"), code=303)
    try:
        services.set_tmo_rate(
            g.cooperative,
            form.year.data,
            services.parse_rate(form.rate.data),
            source=form.source.data or "",
            by=current_user,
            now=clock.now(),
        )
    except RuleViolation as exc:
        db.session.rollback()
        flash_violations(exc.violations)
        return redirect(url_for(".allocation"), code=303)
    return _done(_("The TMO of %(year)s has been saved.", year=form.year.data), ".allocation")


@bp.get("/allocation/<int:allocation_id>")
@cooperative_role(*READERS)
def allocation_detail(allocation_id: int):
    row = get_or_404(ResultAllocation, allocation_id, cooperative_id=g.cooperative.id)
    members = {str(m.id): m for m in queries.members(g.cooperative.id)}
    return render_template("capital/allocation_detail.html", allocation=row, members=members)
