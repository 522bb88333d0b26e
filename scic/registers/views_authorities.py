"""Pages of a public body's staff and representatives, across cooperatives (no slug in URLs)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template
from flask_login import current_user, login_required

from scic.capital.rules import ADVANCE_MAX_RENEWALS
from scic.cooperatives import navigation
from scic.cooperatives.models import Role
from scic.core import clock
from scic.core.i18n import _l
from scic.registers.authorities import public_bodies_of
from scic.registers.participations import participations_csv

bp = Blueprint("authorities", __name__, url_prefix="/authorities")
blueprints = (bp,)

navigation.add_entry(95, "authorities.index", _l("My public bodies"), (Role.REPRESENTATIVE,))


@bp.get("/")
@login_required
def index():
    """Every public body the user acts for, with its stake in each cooperative."""
    bodies = public_bodies_of(current_user, on=clock.today(), now=clock.now())
    return render_template(
        "registers/authorities.html",
        bodies=bodies,
        today=clock.today(),
        max_renewals=ADVANCE_MAX_RENEWALS,
    )


@bp.get("/<int:member_id>/annex.csv")
@login_required
def annex(member_id: int):
    """The annex of participations the body attaches to its budget documents (CSV, FORMATS §4).

    ``member_id`` is any of the body's member records the user acts for; the annex covers the
    body in every cooperative where the user acts for it. Anything else is a 404.
    """
    today = clock.today()
    bodies = public_bodies_of(current_user, on=today, now=clock.now())
    body = next((b for b in bodies if member_id in b.member_ids), None)
    if body is None:
        abort(404)
    text = participations_csv([stake.participation for stake in body.stakes])
    filename = f"participations-{body.siren or body.key}-{today.isoformat()}.csv"
    return Response(
        "\ufeff" + text,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
