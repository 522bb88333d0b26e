"""The public application form: anyone may apply to join a cooperative."""

from __future__ import annotations

from flask import abort, current_app, g, render_template
from sqlalchemy import select

from scic.cooperatives.models import Cooperative
from scic.core import clock
from scic.core.db import db
from scic.core.extensions import limiter
from scic.core.views import flash_violations, form_status
from scic.core.violations import RuleViolation
from scic.membership import queries, services
from scic.membership.forms import ApplicationForm
from scic.membership.views.blueprint import _member_data, bp


def _public_cooperative() -> Cooperative:
    cooperative = db.session.scalar(select(Cooperative).where(Cooperative.slug == g.slug))
    if cooperative is None:
        abort(404)
    return cooperative


def _apply_limit() -> str:
    return current_app.config.get("RATELIMIT_APPLY", "20 per hour")


@bp.route("/apply", methods=["GET", "POST"])
@limiter.limit(_apply_limit, methods=["POST"])
def apply():
    """Anyone may apply to join: shows only the cooperative's name and its categories."""
    cooperative = _public_cooperative()
    categories = queries.categories_of(cooperative)
    form = ApplicationForm()
    form.category.choices = [(c.id, c.name) for c in categories]
    context = {"public_name": cooperative.name, "categories": categories, "form": form}
    if not form.validate_on_submit():
        return render_template("membership/apply.html", **context), form_status()
    category = next(c for c in categories if c.id == form.category.data)
    try:
        services.create_candidate(
            cooperative, _member_data(form), category, applied_on=clock.today(), by=None
        )
    except RuleViolation as exc:
        db.session.rollback()
        flash_violations(exc.violations)
        return render_template("membership/apply.html", **context), 400
    db.session.commit()
    return render_template("membership/apply_done.html", public_name=cooperative.name)
