"""Personal data downloads (GDPR art. 15 and 20): one's own data, or a member's for a secretary.

Both pages only read: the JSON document comes from ``scic.registers.personal_data``.
"""

from __future__ import annotations

import json

from flask import Response, current_app, g
from flask_login import current_user

from scic.cooperatives.access import MANAGERS, cooperative_blueprint, cooperative_role
from scic.core import clock
from scic.core.db import get_or_404
from scic.membership.models import Member
from scic.registers import personal_data

bp = cooperative_blueprint("personal", __name__)
blueprints = (bp,)


def _json_download(document: dict, filename: str) -> Response:
    body = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True, default=str)
    return Response(
        body,
        mimetype="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


@bp.get("/my-data.json")
@cooperative_role()
def my_data():
    """Everything the cooperative holds about the signed-in user (any role in it)."""
    document = personal_data.export_for_user(current_user, g.cooperative, now=clock.now())
    current_app.logger.info(
        "User %s downloaded their personal data from cooperative %s",
        current_user.id,
        g.cooperative.id,
    )
    return _json_download(document, f"personal-data-{g.cooperative.slug}.json")


@bp.get("/members/<int:member_id>/personal-data.json")
@cooperative_role(*MANAGERS)
def member_data(member_id: int):
    """A member's personal data, for the secretary answering an access request."""
    member = get_or_404(Member, member_id, cooperative_id=g.cooperative.id)
    document = personal_data.export_member(member, now=clock.now())
    current_app.logger.info(
        "User %s exported the personal data of member %s of cooperative %s",
        current_user.id,
        member.id,
        g.cooperative.id,
    )
    return _json_download(document, f"personal-data-{g.cooperative.slug}-{member.number}.json")
