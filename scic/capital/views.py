"""Capital pages: dashboard, journal, movement forms, withdrawals, advances, allocation,
the local authorities' guided entry, the simulator and the members CSV import/export.

Views are thin: form → service → one commit → flash → 303 redirect.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from flask import (
    Response,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from scic.capital import queries, rules, services
from scic.capital.forms import (
    AUTHORITY_TYPE_LABELS,
    EXIT_KIND_LABELS,
    MOVEMENT_TYPE_LABELS,
    AcknowledgeForm,
    AdmissionForm,
    AdvanceForm,
    AllocationForm,
    AmountForm,
    AtDateForm,
    AuthorityForm,
    ConvertAdvanceForm,
    ExitForm,
    ImportConfirmForm,
    ImportForm,
    JournalFilterForm,
    ReimburseForm,
    ReleaseForm,
    RenewAdvanceForm,
    RepayAdvanceForm,
    RepresentativesForm,
    ReverseForm,
    SimulatorForm,
    SubscriptionForm,
    TmoForm,
    TransferForm,
    WithdrawalRequestForm,
    cents,
)
from scic.capital.models import (
    CurrentAccountAdvance,
    ResultAllocation,
    ShareMovement,
    WithdrawalRequest,
)
from scic.cooperatives import navigation
from scic.cooperatives.access import MANAGERS, READERS, cooperative_blueprint, cooperative_role
from scic.cooperatives.dashboard import register_panel
from scic.cooperatives.models import Category, Cooperative, Role
from scic.core import charts
from scic.core.db import db, get_or_404, utcnow
from scic.core.forms import choices
from scic.core.i18n import _, _l, format_day, format_money_cents, format_percent
from scic.core.views import flash_violations
from scic.core.violations import RuleViolation
from scic.membership import services as membership_services
from scic.membership.compliance import register_compliance_check
from scic.membership.models import Member

bp = cooperative_blueprint("capital", __name__, "/capital")
blueprints = (bp,)

navigation.add_entry(30, "capital.dashboard", _l("Capital"), READERS)

PER_PAGE = 50
#: Days before an advance's term from which the dashboard warns (R-LA-2).
ADVANCE_ALERT_DAYS = 60


@bp.app_template_filter("capital_describe")
def _describe(violation) -> str:
    from scic.core.messages import describe

    return describe(violation)


@bp.app_template_filter("movement_type")
def _movement_type(value: str) -> str:
    return str(MOVEMENT_TYPE_LABELS.get(value, value))


def _today() -> date:
    return date.today()


def _decision(form) -> services.Decision:
    return services.Decision(
        form.decision_organ.data or "", form.decision_date.data, form.decision_ref.data or ""
    )


def _member_choices(statuses=None, *, local_authorities: bool = False):
    members = queries.members(g.cooperative.id, statuses=statuses)
    if local_authorities:
        members = [m for m in members if m.is_local_authority]
    return choices([(m.id, f"{m.number} · {m.display_name}") for m in members])


def _member(member_id: int) -> Member:
    return get_or_404(Member, member_id, cooperative_id=g.cooperative.id)


def _done(message: str, endpoint: str = ".journal", **values):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(endpoint, **values), code=303)


def _refused(exc: RuleViolation, template: str, status: int = 422, **context):
    db.session.rollback()
    flash_violations(exc.violations)
    return render_template(template, **context), status


# --- Dashboard and charts ---------------------------------------------------------------------


def capital_overview(cooperative: Cooperative, today: date) -> dict:
    """Figures and charts of the capital dashboard (R-CAP-3 floor, R-LA-1 public share)."""
    series = queries.capital_series(cooperative.id, today)
    capital = series[-1][1] if series else 0
    # Same as rules.historical_max_capital: the highest end-of-day capital (from SQL totals).
    maximum = max([0, *(value for _, value in series)])
    floor = rules.effective_floor(cooperative.capital_floor_cents, maximum, cooperative.legal_form)
    share = services.public_share(cooperative, today)
    by_category, by_college = queries.composition_at(cooperative.id, today)
    points = [(format_day(day), value / 100) for day, value in series]
    line = charts.line_chart(
        points,
        title=_("Capital over time"),
        desc=_(
            "Subscribed capital at the end of each day with a movement, from "
            "%(first)s (%(first_value)s) to %(last)s (%(last_value)s); highest: %(max)s.",
            first=points[0][0] if points else "",
            last=points[-1][0] if points else "",
            first_value=format_money_cents(series[0][1]) if series else "",
            last_value=format_money_cents(capital),
            max=format_money_cents(maximum),
        ),
        max_label=format_money_cents(max([v for _, v in series] + [0])),
    )

    def bars(rows, title):
        total = sum(v for _, v in rows) or 1
        return charts.bar_chart(
            [
                (
                    name,
                    value,
                    f"{format_money_cents(value)} ({format_percent(Fraction(value, total))})",
                )
                for name, value in rows
            ],
            title=title,
            desc="; ".join(f"{name}: {format_money_cents(value)}" for name, value in rows),
        )

    public_chart = charts.bar_chart(
        [(_("Local authorities"), share.share, format_percent(share.share))],
        title=_("Local authorities' share of the capital"),
        desc=_(
            "Local authorities hold %(share)s of the capital; the cap is %(cap)s.",
            share=format_percent(share.share),
            cap=format_percent(share.cap),
        ),
        maximum=1,
        reference=(float(share.cap), _("cap %(cap)s", cap=format_percent(share.cap))),
    )
    return {
        "today": today,
        "series": series,
        "capital": capital,
        "maximum": maximum,
        "floor": floor,
        "public": share,
        "passive_breach": share.breached,
        "by_category": by_category,
        "by_college": by_college,
        "line_chart": line,
        "category_chart": bars(by_category, _("Capital by category")),
        "college_chart": bars(by_college, _("Capital by college")),
        "public_chart": public_chart,
    }


@bp.get("/")
@cooperative_role(*READERS)
def dashboard():
    """Capital over time, composition, local authorities against the cap."""
    form = AtDateForm(request.args)
    today = form.at.data if form.validate() and form.at.data else _today()
    return render_template(
        "capital/dashboard.html",
        form=form,
        can_manage=bool(g.roles & set(MANAGERS)),
        positions=queries.positions_at(g.cooperative.id, today),
        **capital_overview(g.cooperative, today),
    )


def capital_panel(cooperative: Cooperative) -> dict | None:
    """Dashboard panel: reimbursements due, deferred queue, advances near term, passive breach."""
    today = _today()
    due = [
        r
        for r in queries.withdrawals(cooperative.id, ["due"])
        if r.due_on and r.due_on <= today + timedelta(days=90)
    ]
    deferred = queries.withdrawals(cooperative.id, ["deferred"])
    pending = queries.withdrawals(cooperative.id, ["requested"])
    advances = [
        a
        for a in queries.advances(cooperative.id, outstanding_only=True)
        if rules.advance_alert_due(a.term_on, today, ADVANCE_ALERT_DAYS)
    ]
    breach = services.passive_breach(cooperative, today)
    if not (due or deferred or pending or advances or breach):
        return None
    return {
        "template": "capital/_panel.html",
        "capital_due": due,
        "capital_deferred": deferred,
        "capital_pending": pending,
        "capital_advances": advances,
        "capital_breach": breach,
        "capital_today": today,
    }


register_panel(capital_panel)


register_compliance_check(services.capital_compliance_checks)


# --- Journal and holdings ---------------------------------------------------------------------


@bp.get("/journal")
@cooperative_role(*READERS)
def journal():
    """The movement journal, newest first, filtered by type, member and date range."""
    form = JournalFilterForm(request.args)
    form.type.choices = choices([("", _("All types")), *MOVEMENT_TYPE_LABELS.items()])
    form.member.choices = choices([("", _("All members"))]) + _member_choices()
    form.validate()
    page = request.args.get("page", 1, type=int)
    result = queries.journal(
        g.cooperative.id,
        type_=form.type.data or None if not form.type.errors else None,
        member_id=form.member.data or None if not form.member.errors else None,
        date_from=form.date_from.data if not form.date_from.errors else None,
        date_to=form.date_to.data if not form.date_to.errors else None,
        page=page,
        per_page=PER_PAGE,
    )
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "capital/journal.html",
        form=form,
        result=result,
        args=args,
        can_manage=bool(g.roles & set(MANAGERS)),
    )


def member_holdings_context(member: Member, at: date) -> dict:
    """Context of ``capital/_member_holdings.html`` for a member page (subscribed, paid,
    called, unpaid; the member's ledger entries; withdrawals)."""
    movements = queries.ledger(member.cooperative_id)
    holding = rules.holding(movements, member.id, at)
    called = queries.called_from([m for m in movements if m.effective_on <= at], member.id)
    return {
        "holding_member": member,
        "holding": holding,
        "holding_at": at,
        "holding_called_cents": called,
        "holding_called_unpaid_cents": max(0, called - holding.paid_cents),
        "holding_movements": queries.member_movements(member.cooperative_id, member.id),
        "holding_withdrawals": [
            r
            for r in queries.withdrawals(
                member.cooperative_id, ["requested", "deferred", "due", "reimbursed"]
            )
            if r.member_id == member.id
        ],
    }


@bp.get("/members/<int:member_id>")
@cooperative_role(*READERS)
def member_holdings(member_id: int):
    """A member's capital: the holdings tab on its own page."""
    member = _member(member_id)
    form = AtDateForm(request.args)
    at = form.at.data if form.validate() and form.at.data else _today()
    return render_template(
        "capital/member_holdings.html", form=form, **member_holdings_context(member, at)
    )


# --- Movement forms ---------------------------------------------------------------------------


@bp.route("/subscribe", methods=["GET", "POST"])
@cooperative_role(*MANAGERS)
def subscribe():
    """Record a subscription of an admitted member (R-CAP-4, R-LA-1, R-LA-5)."""
    form = SubscriptionForm(on=_today())
    form.member.choices = _member_choices(["active", "withdrawing", "candidate"])
    context = {"form": form, "title": _("New subscription")}
    if not form.validate_on_submit():
        return render_template("capital/movement_form.html", **context), (
            400 if request.method == "POST" else 200
        )
    member = _member(form.member.data)
    try:
        services.subscribe(
            member,
            form.shares.data,
            paid_cents=cents(form.paid.data),
            on=form.on.data,
            decision=_decision(form),
            by=current_user,
            now=utcnow(),
            note=form.note.data or "",
        )
    except RuleViolation as exc:
        return _refused(exc, "capital/movement_form.html", **context)
    return _done(
        _("The subscription of %(shares)s shares has been recorded.", shares=form.shares.data)
    )


def _amount_view(kind: str):
    form = AmountForm(on=_today())
    form.member.choices = _member_choices()
    title = _("Record a payment") if kind == "payment" else _("Call for payment")
    context = {"form": form, "title": title}
    if not form.validate_on_submit():
        return render_template("capital/movement_form.html", **context), (
            400 if request.method == "POST" else 200
        )
    member = _member(form.member.data)
    action = services.record_payment if kind == "payment" else services.call_payment
    try:
        action(
            member,
            cents(form.amount.data),
            on=form.on.data,
            decision=_decision(form),
            by=current_user,
            now=utcnow(),
            note=form.note.data or "",
        )
    except RuleViolation as exc:
        return _refused(exc, "capital/movement_form.html", **context)
    return _done(_("The entry has been recorded."))


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
    form.transferor.choices = _member_choices()
    form.transferee.choices = _member_choices(["active", "withdrawing", "candidate"])
    context = {"form": form, "title": _("Transfer of shares")}
    if not form.validate_on_submit():
        return render_template("capital/movement_form.html", **context), (
            400 if request.method == "POST" else 200
        )
    try:
        services.transfer(
            _member(form.transferor.data),
            _member(form.transferee.data),
            form.shares.data,
            on=form.on.data,
            decision=_decision(form),
            by=current_user,
            now=utcnow(),
            note=form.note.data or "",
        )
    except RuleViolation as exc:
        return _refused(exc, "capital/movement_form.html", **context)
    return _done(_("The transfer has been recorded."))


@bp.route("/movements/<int:movement_id>/reverse", methods=["GET", "POST"])
@cooperative_role(*MANAGERS)
def reverse(movement_id: int):
    """Correct a wrong entry by a reversing entry (never an edit)."""
    movement = get_or_404(ShareMovement, movement_id, cooperative_id=g.cooperative.id)
    form = ReverseForm()
    context = {
        "form": form,
        "title": _("Reverse entry %(number)s", number=movement.number),
        "movement": movement,
    }
    if not form.validate_on_submit():
        return render_template("capital/movement_form.html", **context), (
            400 if request.method == "POST" else 200
        )
    try:
        services.reverse(movement, form.reason.data, by=current_user, now=utcnow())
    except RuleViolation as exc:
        return _refused(exc, "capital/movement_form.html", **context)
    return _done(_("Entry %(number)s has been reversed.", number=movement.number))


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
    form.member.choices = _member_choices(["active", "withdrawing"])
    context = {"form": form, "title": _("Notice of withdrawal")}
    if not form.validate_on_submit():
        return render_template("capital/movement_form.html", **context), (
            400 if request.method == "POST" else 200
        )
    try:
        services.request_withdrawal(
            _member(form.member.data),
            form.shares.data,
            requested_on=form.requested_on.data,
            effective_on=form.effective_on.data,
            by=current_user,
            now=utcnow(),
        )
    except RuleViolation as exc:
        return _refused(exc, "capital/movement_form.html", **context)
    return _done(_("The notice of withdrawal has been recorded."), ".withdrawals")


@bp.route("/exits/new", methods=["GET", "POST"])
@cooperative_role(*MANAGERS)
def record_exit():
    """Exclusion, striking off or death: cancel every share (§6.11)."""
    form = ExitForm(on=_today())
    form.member.choices = _member_choices(["active", "withdrawing"])
    context = {"form": form, "title": _("Exclusion, striking off or death")}
    if not form.validate_on_submit():
        return render_template("capital/movement_form.html", **context), (
            400 if request.method == "POST" else 200
        )
    try:
        result = services.record_exit(
            _member(form.member.data),
            form.kind.data,
            on=form.on.data,
            decision=_decision(form),
            by=current_user,
            now=utcnow(),
        )
    except RuleViolation as exc:
        return _refused(exc, "capital/movement_form.html", **context)
    _flash_passive_breach(result.effective_on)
    return _done(_("The exit has been recorded."), ".withdrawals")


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
    context = {"form": form, "title": _("Acknowledge the withdrawal"), "withdrawal": withdrawal}
    if not form.validate_on_submit():
        return render_template("capital/movement_form.html", **context), (
            400 if request.method == "POST" else 200
        )
    try:
        services.acknowledge_withdrawal(
            withdrawal, on=form.on.data, decision=_decision(form), by=current_user, now=utcnow()
        )
    except RuleViolation as exc:
        return _refused(exc, "capital/movement_form.html", **context)
    if withdrawal.status == "deferred":
        message = _(
            "The withdrawal is accepted; its reimbursement is deferred because the "
            "capital would go below its floor (R-CAP-3)."
        )
    else:
        _flash_passive_breach(withdrawal.effective_on)
        message = _(
            "The withdrawal is recorded; reimbursement due by %(due)s.",
            due=format_day(withdrawal.due_on),
        )
    return _done(message, ".withdrawals")


@bp.route("/withdrawals/<int:request_id>/reimburse", methods=["GET", "POST"])
@cooperative_role(*MANAGERS)
def reimburse(request_id: int):
    """Pay a leaving member back, at most the nominal value less losses (R-EXIT-2)."""
    withdrawal = get_or_404(WithdrawalRequest, request_id, cooperative_id=g.cooperative.id)
    form = ReimburseForm(on=_today(), amount=Decimal(withdrawal.paid_cents) / 100)
    context = {"form": form, "title": _("Reimbursement"), "withdrawal": withdrawal}
    if not form.validate_on_submit():
        return render_template("capital/movement_form.html", **context), (
            400 if request.method == "POST" else 200
        )
    try:
        services.reimburse(
            withdrawal,
            cents(form.amount.data),
            on=form.on.data,
            losses_share_cents=cents(form.losses.data),
            decision=_decision(form),
            by=current_user,
            now=utcnow(),
        )
    except RuleViolation as exc:
        return _refused(exc, "capital/movement_form.html", **context)
    return _done(_("The reimbursement has been recorded."), ".withdrawals")


@bp.post("/withdrawals/release")
@cooperative_role(*MANAGERS)
def release_deferred():
    """Release deferred withdrawals in order of request, as far as the floor allows."""
    form = ReleaseForm()
    if not form.validate_on_submit():
        flash(_("Give the date of effect."), "error")
        return redirect(url_for(".withdrawals"), code=303)
    released = services.release_deferred(
        g.cooperative, on=form.on.data, by=current_user, now=utcnow()
    )
    db.session.commit()
    if released:
        flash(
            _("%(count)s deferred withdrawals have been recorded.", count=len(released)), "success"
        )
    else:
        flash(_("The floor still does not allow the next deferred withdrawal."), "warning")
    return redirect(url_for(".withdrawals"), code=303)


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
        alert=lambda a: (
            a.outstanding and rules.advance_alert_due(a.term_on, today, ADVANCE_ALERT_DAYS)
        ),
        can_manage=bool(g.roles & set(MANAGERS)),
    )


@bp.route("/advances/new", methods=["GET", "POST"])
@cooperative_role(*MANAGERS)
def new_advance():
    form = AdvanceForm(start_on=_today(), duration_months=24)
    form.member.choices = _member_choices(["active"], local_authorities=True)
    context = {"form": form, "title": _("New current-account advance")}
    if not form.validate_on_submit():
        return render_template("capital/movement_form.html", **context), (
            400 if request.method == "POST" else 200
        )
    try:
        services.grant_advance(
            _member(form.member.data),
            convention_ref=form.convention_ref.data,
            deliberation_ref=form.deliberation_ref.data,
            amount_cents=cents(form.amount.data),
            start_on=form.start_on.data,
            duration_months=form.duration_months.data,
            equity_cents=cents(form.equity.data),
            by=current_user,
            now=utcnow(),
        )
    except RuleViolation as exc:
        return _refused(exc, "capital/movement_form.html", **context)
    return _done(_("The advance has been recorded."), ".advances")


def _advance_action(advance_id: int, form_class, title, action, message):
    advance = get_or_404(CurrentAccountAdvance, advance_id, cooperative_id=g.cooperative.id)
    form = form_class(on=_today())
    context = {"form": form, "title": title, "advance": advance}
    if not form.validate_on_submit():
        return render_template("capital/movement_form.html", **context), (
            400 if request.method == "POST" else 200
        )
    try:
        action(advance, form)
    except RuleViolation as exc:
        return _refused(exc, "capital/movement_form.html", **context)
    return _done(message, ".advances")


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
            now=utcnow(),
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
        lambda a, f: services.repay_advance(a, on=f.on.data, by=current_user, now=utcnow()),
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
            a, f.shares.data, on=f.on.data, decision=_decision(f), by=current_user, now=utcnow()
        ),
        _("The advance has been converted into capital."),
    )


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
            now=utcnow(),
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
            now=utcnow(),
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


# --- Local authorities: simulator and guided entry (issue 3, items 4 and 5) ---------------------


@bp.get("/simulator")
@cooperative_role(*READERS)
def simulator():
    """ "If this commune joins with N shares": public share after, cap check, voting weight."""
    form = SimulatorForm(request.args)
    simulation = None
    if request.args and form.validate():
        simulation = services.simulate_local_authority(
            g.cooperative, form.shares.data, form.on.data or _today()
        )
    return render_template(
        "capital/simulator.html",
        form=form,
        simulation=simulation,
        public=services.public_share(g.cooperative, _today()),
    )


LA_STEPS = (
    _l("Deliberation and authorised shares"),
    _l("Representatives"),
    _l("Check of the local authorities' cap"),
    _l("Admission"),
    _l("Subscription"),
)


def _la_categories():
    return [c for c in g.cooperative.categories if c.kind == "local_authority"]


@bp.route("/local-authorities/new", methods=["GET", "POST"])
@cooperative_role(*MANAGERS)
def la_start():
    """Guided entry, step 1: the authority, its deliberation, the authorised shares."""
    form = AuthorityForm()
    form.category.choices = choices([(c.id, c.name) for c in _la_categories()])
    context = {"form": form, "steps": LA_STEPS, "step": 0, "member": None}
    if not form.validate_on_submit():
        return render_template("capital/la_step.html", **context), (
            400 if request.method == "POST" else 200
        )
    category = get_or_404(Category, form.category.data, cooperative_id=g.cooperative.id)
    try:
        member = services.create_local_authority(
            g.cooperative,
            name=form.name.data,
            authority_type=form.authority_type.data,
            category=category,
            siren=(form.siren.data or "").replace(" ", ""),
            address=form.address.data or "",
            email=form.email.data or "",
            applied_on=form.adopted_on.data,
            by=current_user,
        )
        deliberation = services.record_deliberation(
            member,
            reference=form.reference.data,
            adopted_on=form.adopted_on.data,
            executory_on=form.executory_on.data,
            authorised_shares=form.authorised_shares.data,
            by=current_user,
        )
        upload = form.document.data
        if upload and getattr(upload, "filename", ""):
            membership_services.attach_deliberation_document(
                deliberation,
                upload.read(),
                upload_dir=Path(current_app.instance_path) / "uploads",
                max_bytes=int(current_app.config.get("DELIBERATION_MAX_BYTES", 5 * 1024 * 1024)),
                by=current_user,
            )
    except RuleViolation as exc:
        return _refused(exc, "capital/la_step.html", **context)
    return _done(
        _("The application of %(name)s has been recorded.", name=member.name),
        ".la_representatives",
        member_id=member.id,
    )


def _la_candidate(member_id: int) -> Member:
    member = _member(member_id)
    if not member.is_local_authority:
        from flask import abort

        abort(404)
    return member


@bp.route("/local-authorities/<int:member_id>/representatives", methods=["GET", "POST"])
@cooperative_role(*MANAGERS)
def la_representatives(member_id: int):
    """Guided entry, step 2: titular and substitute representatives with validity dates."""
    member = _la_candidate(member_id)
    deliberations = queries.membership_deliberations(member.id)
    start = next((d.executory_on for d in deliberations if d.executory_on), None)
    form = RepresentativesForm(valid_from=start or _today())
    context = {"form": form, "steps": LA_STEPS, "step": 1, "member": member}
    if not form.validate_on_submit():
        return render_template("capital/la_step.html", **context), (
            400 if request.method == "POST" else 200
        )
    deliberation = deliberations[-1] if deliberations else None
    try:
        services.designate_representative(
            member,
            full_name=form.main_name.data,
            role="main",
            valid_from=form.valid_from.data,
            valid_to=form.valid_to.data,
            function=form.main_function.data or "",
            email=form.main_email.data or "",
            deliberation=deliberation,
            by=current_user,
        )
        if form.alternate_name.data:
            services.designate_representative(
                member,
                full_name=form.alternate_name.data,
                role="alternate",
                valid_from=form.valid_from.data,
                valid_to=form.valid_to.data,
                function=form.alternate_function.data or "",
                email=form.alternate_email.data or "",
                deliberation=deliberation,
                by=current_user,
            )
    except RuleViolation as exc:
        return _refused(exc, "capital/la_step.html", **context)
    return _done(_("The representatives have been recorded."), ".la_admission", member_id=member.id)


@bp.route("/local-authorities/<int:member_id>/admission", methods=["GET", "POST"])
@cooperative_role(*MANAGERS)
def la_admission(member_id: int):
    """Guided entry, steps 3–5: cap check on the projected capital, admission, subscription."""
    member = _la_candidate(member_id)
    deliberations = queries.membership_deliberations(member.id)
    authorised = sum(d.authorised_shares or 0 for d in deliberations)
    executory = next((d.executory_on for d in deliberations if d.executory_on), None)
    form = AdmissionForm(
        shares=authorised or None,
        on=max(executory or _today(), _today()) if executory else _today(),
    )
    day = form.on.data if isinstance(form.on.data, date) else _today()
    shares = form.shares.data if isinstance(form.shares.data, int) else authorised
    simulation = services.simulate_local_authority(g.cooperative, shares or 0, day, member.category)
    enforceable = executory is not None and executory <= day
    context = {
        "form": form,
        "steps": LA_STEPS,
        "step": 2,
        "member": member,
        "simulation": simulation,
        "authorised": authorised,
        "executory": executory,
        "enforceable": enforceable,
        "day": day,
    }
    if member.status != "candidate":
        flash(_("%(name)s is already admitted.", name=member.name), "info")
        return redirect(url_for(".member_holdings", member_id=member.id), code=303)
    if not form.validate_on_submit():
        return render_template("capital/la_step.html", **context), (
            400 if request.method == "POST" else 200
        )
    try:
        services.admit_with_subscription(
            member,
            form.shares.data,
            paid_cents=cents(form.paid.data),
            on=form.on.data,
            decision=_decision(form),
            by=current_user,
            now=utcnow(),
        )
    except RuleViolation as exc:
        return _refused(exc, "capital/la_step.html", **context)
    return _done(
        _(
            "%(name)s is admitted with %(shares)s shares.",
            name=member.name,
            shares=form.shares.data,
        ),
        ".member_holdings",
        member_id=member.id,
    )


# --- Members CSV import and export (FORMATS.md §3, §4) ------------------------------------------


@bp.route("/import", methods=["GET", "POST"])
@cooperative_role(*MANAGERS)
def import_members():
    """Upload a members CSV and preview it: every problem with its line, nothing written."""
    form = ImportForm()
    if not form.validate_on_submit():
        return render_template("capital/import.html", form=form, preview=None), (
            400 if request.method == "POST" else 200
        )
    raw = form.file.data.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        flash(_("The file is not UTF-8 text."), "error")
        return render_template("capital/import.html", form=form, preview=None), 422
    preview = services.preview_members_import(g.cooperative, text)
    return render_template(
        "capital/import.html",
        form=form,
        preview=preview,
        confirm_form=ImportConfirmForm(content=text),
    ), (200 if preview.ok else 422)


@bp.post("/import/confirm")
@cooperative_role(*MANAGERS)
def confirm_import():
    """Import the previewed file: all or nothing."""
    form = ImportConfirmForm()
    if not form.validate_on_submit():
        flash(_("Upload the file again."), "error")
        return redirect(url_for(".import_members"), code=303)
    try:
        created = services.import_members(
            g.cooperative, form.content.data, by=current_user, now=utcnow()
        )
    except RuleViolation as exc:
        db.session.rollback()
        flash_violations(exc.violations)
        return redirect(url_for(".import_members"), code=303)
    return _done(_("%(count)s members have been imported.", count=len(created)), ".dashboard")


@bp.get("/export.csv")
@cooperative_role(*READERS)
def export_members():
    """The members CSV at a date (FORMATS.md §4), for a French spreadsheet."""
    form = AtDateForm(request.args)
    at = form.at.data if form.validate() and form.at.data else _today()
    current_app.logger.info(
        "Members CSV of %s at %s exported by %s", g.cooperative.slug, at, current_user.id
    )
    return Response(
        services.export_members(g.cooperative, at),
        mimetype="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": (
                f'attachment; filename="members-{g.cooperative.slug}-{at.isoformat()}.csv"'
            )
        },
    )


__all__ = ["AUTHORITY_TYPE_LABELS", "EXIT_KIND_LABELS", "member_holdings_context"]
