"""The members blueprint and what its pages share: template filters, lookups, one commit."""

from __future__ import annotations

from flask import abort, g, redirect, url_for

from scic.cooperatives import navigation
from scic.cooperatives.access import READERS, cooperative_blueprint
from scic.cooperatives.models import Category, Cooperative
from scic.core.db import get_or_404
from scic.core.i18n import _l, label
from scic.core.views import commit_and_answer, flash_form_errors, run_and_commit
from scic.core.violations import RuleViolation
from scic.membership import queries, services
from scic.membership.forms import AUTHORITY_LABELS, ROLE_LABELS
from scic.membership.labels import EXIT_CAUSE_LABELS, KIND_LABELS, STATUS_LABELS
from scic.membership.models import Deliberation, Member

bp = cooperative_blueprint("members", __name__)
blueprints = (bp,)

navigation.add_entry(10, "members.member_list", _l("Members"), READERS)
navigation.add_entry(85, "members.compliance_panel", _l("Compliance"), READERS)


@bp.app_template_filter("member_kind")
def _kind_label(kind: str) -> str:
    return label(KIND_LABELS.get(kind, kind))


@bp.app_template_filter("authority_type")
def _authority_type_label(kind: str | None) -> str:
    return label(AUTHORITY_LABELS.get(kind or "", kind or ""))


@bp.app_template_filter("exit_cause")
def _exit_cause_label(cause: str) -> str:
    return label(EXIT_CAUSE_LABELS.get(cause, cause))


@bp.app_template_filter("member_status")
def _status_label(status: str) -> str:
    return label(STATUS_LABELS.get(status, status))


@bp.app_template_filter("mandate_role")
def _role_label(role: str) -> str:
    return label(ROLE_LABELS.get(role, role))


def _category_choices(cooperative: Cooperative) -> list[tuple[int, str]]:
    return [(c.id, f"{c.name} ({c.code})") for c in queries.categories_of(cooperative)]


def _category(category_id: int) -> Category:
    return get_or_404(Category, category_id, cooperative_id=g.cooperative.id)


def _member(member_id: int) -> Member:
    return get_or_404(Member, member_id, cooperative_id=g.cooperative.id)


def _back(member: Member):
    return redirect(url_for(".member_page", member_id=member.id), code=303)


def _member_data(form) -> services.MemberData:
    return services.MemberData(
        kind=form.kind.data,
        name=form.name.data or "",
        first_name=form.first_name.data or "",
        email=form.email.data or "",
        phone=(form.phone.data or "") if hasattr(form, "phone") else "",
        address=form.address.data or "",
        siren=form.siren.data or "",
        authority_type=form.authority_type.data or None,
    )


def _run(member: Member, action, success: str, refused=None):
    """Call one service, commit once, flash, and go back to the member page (303).

    ``refused(exc)`` answers a refusal instead (the page again with the form's input).
    """
    if refused is None:
        return run_and_commit(action, success, _back(member))
    try:
        action()
    except RuleViolation as exc:
        return refused(exc)
    return commit_and_answer(success, _back(member))


def _submit(member: Member, form, action, success: str):
    """A form posted from the member page: when it does not validate, its errors are flashed and
    the page shown again (303); else ``_run`` calls the service and commits once."""
    if not form.validate():
        flash_form_errors(form)
        return _back(member)
    return _run(member, action, success)


def _deliberation(member: Member, deliberation_id: int) -> Deliberation:
    deliberation = get_or_404(Deliberation, deliberation_id, cooperative_id=g.cooperative.id)
    if deliberation.member_id != member.id:
        abort(404)
    return deliberation
