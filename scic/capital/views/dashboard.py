"""The capital dashboard and the capital panel of the cooperative's home page."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

from flask import g, render_template, request

from scic.capital import queries, services
from scic.capital.forms import CapitalFilterForm
from scic.capital.views.blueprint import _today, bp
from scic.cooperatives.access import MANAGERS, READERS, cooperative_role
from scic.cooperatives.dashboard import register_panel
from scic.cooperatives.models import Cooperative
from scic.core import charts, periods
from scic.core.i18n import _, format_day, format_money_cents, format_percent

#: Holders per page of the capital page.
PER_PAGE = 50
#: Up to this many days with an entry, the capital over time is shown day by day.
DAILY_POINTS = 120

# --- Dashboard and charts ---------------------------------------------------------------------


def capital_overview(cooperative: Cooperative, today: date) -> dict:
    """Figures and charts of the capital dashboard (R-CAP-3 floor, R-LA-1 public share)."""
    position = services.capital_position(cooperative, today)
    capital, maximum = position.capital_cents, position.highest_cents
    # One point per day with an entry grows with the history: past a few months, the chart
    # and its table show the capital at the end of each month (the highest stays exact).
    daily = len(position.series) <= DAILY_POINTS
    series = position.series if daily else periods.last_of_each_month(position.series)
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
        "series_daily": daily,
        "capital": capital,
        "maximum": maximum,
        "floor": position.floor_cents,
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
    """Capital over time, composition, local authorities against the cap; holders paged."""
    form = CapitalFilterForm(request.args)
    valid = form.validate()
    today = form.at.data if form.at.data and not form.at.errors else _today()
    positions, holdings = queries.positions_page(
        g.cooperative.id,
        today,
        search=(form.q.data or "").strip() if not form.q.errors else "",
        page=form.page_number(),
        per_page=PER_PAGE,
    )
    return render_template(
        "capital/dashboard.html",
        form=form,
        args=form.query_args(),
        can_manage=bool(g.roles & set(MANAGERS)),
        positions=positions,
        holdings=holdings,
        **capital_overview(g.cooperative, today),
    ), 200 if valid else 400


def capital_panel(cooperative: Cooperative) -> dict | None:
    """Dashboard panel: reimbursements due, deferred queue, advances near term, passive breach."""
    today = _today()
    alerts = services.capital_alerts(cooperative, today)
    if not alerts:
        return None
    return {
        "template": "capital/_panel.html",
        "capital_due": alerts.due,
        "capital_deferred": alerts.deferred,
        "capital_pending": alerts.pending,
        "capital_advances": alerts.advances,
        "capital_breach": alerts.breach,
        "capital_today": today,
    }


register_panel(capital_panel)
