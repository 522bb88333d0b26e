"""Re-designation campaign: councils whose representatives' terms ended are asked to designate.

After general elections every council designates its representatives again (§6.3 step 3, §8 #24).
The page lists the local authorities without a current main representative (they cannot vote),
records the letters sent, and shows the answers: a new designation recorded on the member page.
"""

from __future__ import annotations

from datetime import timedelta

from flask import g, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from scic.cooperatives.access import MANAGERS, cooperative_blueprint, cooperative_role
from scic.core import clock
from scic.core.db import db
from scic.core.i18n import _
from scic.core.views import flash_form_errors, run_and_commit
from scic.membership import queries, services
from scic.membership.forms import DESIGNATION_CHANNEL_LABELS, DesignationRequestForm
from scic.membership.models import Member

bp = cooperative_blueprint("designation", __name__, "/representatives")
blueprints = (bp,)

#: How far back the page shows the answers received.
ANSWERS_SHOWN_DAYS = 365


def _page(form: DesignationRequestForm, status: int = 200):
    today = clock.today()
    lapsed = queries.lapsed_authorities(g.cooperative, today)
    return (
        render_template(
            "membership/designation_campaign.html",
            lapsed=lapsed,
            answers=queries.answered_requests(
                g.cooperative, today - timedelta(days=ANSWERS_SHOWN_DAYS)
            ),
            channel_labels=DESIGNATION_CHANNEL_LABELS,
            form=form,
            today=today,
        ),
        status,
    )


def _form() -> DesignationRequestForm:
    form = DesignationRequestForm(prefix="request", sent_on=clock.today())
    form.members.choices = [
        (item.member.id, item.member.display_name)
        for item in queries.lapsed_authorities(g.cooperative, clock.today())
    ]
    return form


@bp.get("/redesignation")
@cooperative_role(*MANAGERS)
def campaign():
    """Authorities to ask for a new designation, letters sent, answers received."""
    return _page(_form())


@bp.post("/redesignation")
@cooperative_role(*MANAGERS)
def record_letters():
    """Record the letters sent to the ticked councils (all or nothing)."""
    form = _form()
    if not form.validate():
        flash_form_errors(form)
        return _page(form, 400)
    members = list(
        db.session.scalars(
            select(Member).where(
                Member.cooperative_id == g.cooperative.id, Member.id.in_(form.members.data)
            )
        )
    )
    return run_and_commit(
        lambda: services.record_designation_requests(
            g.cooperative,
            members,
            sent_on=form.sent_on.data,
            channel=form.channel.data,
            reference=form.reference.data or "",
            today=clock.today(),
            by=current_user,
        ),
        _("Letters recorded."),
        redirect(url_for(".campaign"), code=303),
    )
