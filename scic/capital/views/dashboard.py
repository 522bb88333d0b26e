"""The capital dashboard and the capital panel of the cooperative's home page."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

from flask import g, render_template, request

from scic.capital import queries, rules, services
from scic.capital.forms import AtDateForm
from scic.capital.views.blueprint import ADVANCE_ALERT_DAYS, _today, bp
from scic.cooperatives.access import MANAGERS, READERS, cooperative_role
from scic.cooperatives.dashboard import register_panel
from scic.cooperatives.models import Cooperative
from scic.core import charts
from scic.core.i18n import _, format_day, format_money_cents, format_percent
from scic.membership.compliance import register_compliance_check

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
