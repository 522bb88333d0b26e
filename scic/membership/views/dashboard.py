"""The compliance page and the membership panel of the dashboard."""

from __future__ import annotations

from flask import g, render_template
from markupsafe import Markup

from scic.cooperatives.access import READERS, cooperative_role, has_role
from scic.cooperatives.dashboard import register_panel
from scic.cooperatives.models import Cooperative
from scic.core import charts, clock
from scic.core.i18n import _, format_percent, ngettext
from scic.membership import queries
from scic.membership.views.blueprint import bp
from scic.workflows.compliance import compliance_text_at


@bp.get("/compliance")
@cooperative_role(*READERS)
def compliance_panel():
    """Every rule the cooperative is checked against today, breaches first, with what to do."""
    today = clock.today()
    lines = compliance_text_at(g.cooperative, today)
    return render_template("membership/compliance.html", lines=lines, today=today)


def _weight_chart(colleges) -> Markup | None:
    """Bars of the weight one member's vote carries in each college (R-CAT-7, R-LA-4)."""
    rows = [r for r in colleges if r.per_member is not None]
    if not rows:
        return None
    bars = [(r.college.name, r.per_member, format_percent(r.per_member)) for r in rows]
    return charts.bar_chart(
        bars,
        title=_("Weight of one member's vote by college"),
        desc="; ".join(
            ngettext(
                "%(college)s: %(weight)s per member (%(members)s member)",
                "%(college)s: %(weight)s per member (%(members)s members)",
                r.members,
                college=name,
                weight=text,
                members=r.members,
            )
            for (name, _value, text), r in zip(bars, rows, strict=True)
        ),
    )


@register_panel
def _membership_panel(cooperative: Cooperative) -> dict | None:
    """Dashboard: colleges and weights, representatives, candidates, assumed deliberations."""
    if not has_role(*READERS):  # members and representatives see nothing of the register
        return None
    today = clock.today()
    colleges = queries.college_table(cooperative, today)
    return {
        "template": "membership/_panel.html",
        "colleges": colleges,
        "weight_chart": _weight_chart(colleges),
        "without_representative": queries.without_representative(cooperative, today),
        "candidates": queries.pending_candidates(cooperative),
        "assumed": queries.assumed_deliberations(cooperative),
    }
