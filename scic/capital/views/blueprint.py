"""The capital blueprint and what its pages share: template filters, form helpers, flashes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flask import g, redirect, render_template, url_for

from scic.capital import queries, services
from scic.capital.labels import (
    MOVEMENT_TYPE_LABELS,
    WITHDRAWAL_KIND_LABELS,
    decision_ref,
    movement_note,
)
from scic.cooperatives import navigation
from scic.cooperatives.access import READERS, cooperative_blueprint
from scic.core import clock
from scic.core.db import db, get_or_404
from scic.core.forms import choices
from scic.core.i18n import _l
from scic.core.views import commit_and_answer, flash_violations, show_by_fields, submit_form
from scic.core.violations import RuleViolation
from scic.membership.member_search import bind_picker
from scic.membership.models import Member

bp = cooperative_blueprint("capital", __name__, "/capital")
blueprints = (bp,)

#: The page of every ledger form (subscription, payment, transfer, withdrawal, advance…).
MOVEMENT_FORM = "capital/movement_form.html"


navigation.add_entry(30, "capital.dashboard", _l("Capital"), READERS)


@bp.app_template_filter("capital_describe")
def _describe(violation) -> str:
    from scic.core.messages import describe

    return describe(violation)


bp.add_app_template_filter(movement_note, "movement_note")
bp.add_app_template_filter(decision_ref, "decision_ref")


@bp.app_template_filter("withdrawal_kind")
def _withdrawal_kind(value: str) -> str:
    return str(WITHDRAWAL_KIND_LABELS.get(value, value))


@bp.app_template_filter("movement_type")
def _movement_type(value: str) -> str:
    return str(MOVEMENT_TYPE_LABELS.get(value, value))


def _today() -> date:
    return clock.today()


def _decision(form) -> services.Decision:
    return services.Decision(
        form.decision_organ.data or "", form.decision_date.data, form.decision_ref.data or ""
    )


def _member_choices(statuses=None, *, local_authorities: bool = False):
    members = queries.members(g.cooperative.id, statuses=statuses)
    if local_authorities:
        members = [m for m in members if m.is_local_authority]
    return choices([(m.id, f"{m.number} · {m.display_name}") for m in members])


def _picker(field, statuses=None) -> None:
    """A member picker searching this cooperative's members (``statuses``: those accepted)."""
    bind_picker(field, g.cooperative, statuses)


def _member(member_id: int) -> Member:
    return get_or_404(Member, member_id, cooperative_id=g.cooperative.id)


def _done(message: str, endpoint: str = ".journal", **values):
    return commit_and_answer(message, redirect(url_for(endpoint, **values), code=303))


def _form_page(
    template: str,
    context: dict,
    action: Callable[[], object],
    success: str | Callable[[object], str],
    endpoint: str = ".journal",
    **values,
):
    """A form page of the capital: the form until it validates, then one service call, one
    commit, a flash and a 303 to ``endpoint``; a refusal shows the form again, each reason next
    to its field. ``action()`` calls the service; ``success`` is the message, or a function of
    what the service returned (and may flash a warning first).
    """
    return submit_form(
        context["form"],
        action,
        lambda status: (render_template(template, **context), status),
        success,
        redirect(url_for(endpoint, **values), code=303),
    )


def _refused(exc: RuleViolation, template: str, status: int = 422, **context):
    """Roll back and show the form again, each reason next to its field when it names one."""
    db.session.rollback()
    form = context.get("form")
    if form is not None:
        show_by_fields(form, exc.violations)
    else:
        flash_violations(exc.violations)
    return render_template(template, **context), status
