"""The cooperative's outgoing mail: what was queued, sent or failed, and a retry."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from sqlalchemy import select

from scic.cooperatives import navigation
from scic.cooperatives.access import MANAGERS, cooperative_blueprint, cooperative_role
from scic.core import outbox
from scic.core.db import db
from scic.core.forms import BaseForm
from scic.core.i18n import _, _l

bp = cooperative_blueprint("mail", __name__, "/mail")
blueprints = (bp,)

navigation.add_entry(95, "mail.index", _l("Outgoing mail"), MANAGERS)

STATUS_LABELS = {
    outbox.QUEUED: _l("Waiting to be sent"),
    outbox.SENT: _l("Sent"),
    outbox.FAILED: _l("Failed"),
}


class RetryForm(BaseForm):
    """Send a failed message again: only the CSRF token."""


@bp.get("/")
@cooperative_role(*MANAGERS)
def index():
    """The cooperative's mail, newest first, with each message's delivery status."""
    pagination = db.paginate(
        select(outbox.OutboxMessage)
        .where(outbox.OutboxMessage.cooperative_id == g.cooperative.id)
        .order_by(outbox.OutboxMessage.created_at.desc(), outbox.OutboxMessage.id.desc()),
        per_page=50,
        max_per_page=50,
        error_out=False,
    )
    return render_template(
        "cooperatives/mail_list.html",
        pagination=pagination,
        status_labels=STATUS_LABELS,
        form=RetryForm(),
        failed=outbox.FAILED,
    )


@bp.post("/<int:message_id>/retry")
@cooperative_role(*MANAGERS)
def retry(message_id: int):
    """Queue a failed message again (after the address or the server was fixed)."""
    if not RetryForm().validate_on_submit():
        abort(400)
    message = db.session.get(outbox.OutboxMessage, message_id)
    if message is None or message.cooperative_id != g.cooperative.id:
        abort(404)
    outbox.retry(message)
    db.session.commit()
    flash(_("The message to %(email)s will be sent again.", email=message.recipient), "success")
    return redirect(url_for(".index", page=request.args.get("page", type=int)), code=303)
