"""The journal of share movements and a member's holdings."""

from __future__ import annotations

from datetime import date

from flask import g, render_template, request

from scic.capital import queries, rules
from scic.capital.forms import AtDateForm, JournalFilterForm
from scic.capital.labels import MOVEMENT_TYPE_LABELS
from scic.capital.views.blueprint import _member, _picker, _today, bp
from scic.cooperatives.access import MANAGERS, READERS, cooperative_role
from scic.core.forms import choices
from scic.core.i18n import _
from scic.membership.models import Member

PER_PAGE = 50


# --- Journal and holdings ---------------------------------------------------------------------


@bp.get("/journal")
@cooperative_role(*READERS)
def journal():
    """The movement journal, newest first, filtered by type, member and date range."""
    form = JournalFilterForm(request.args)
    form.type.choices = choices([("", _("All types")), *MOVEMENT_TYPE_LABELS.items()])
    _picker(form.member)
    valid = form.validate()

    def value(field):
        return None if field.errors else field.data

    member_id = value(form.member)
    result = queries.journal(
        g.cooperative.id,
        type_=value(form.type) or None,
        member_id=member_id,
        date_from=value(form.date_from),
        date_to=value(form.date_to),
        page=form.page_number(),
        per_page=PER_PAGE,
    )
    args = form.query_args()
    if member_id:  # typed without JavaScript, the member is found by its text: keep its id
        args["member"] = str(member_id)
    return render_template(
        "capital/journal.html",
        form=form,
        result=result,
        args=args,
        can_manage=bool(g.roles & set(MANAGERS)),
    ), 200 if valid else 400


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
