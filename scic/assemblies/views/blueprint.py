"""The assemblies blueprint and what its pages share: loading, redirects, template filters."""

from __future__ import annotations

from datetime import datetime

from flask import abort, current_app, g, redirect, url_for
from werkzeug.routing import BuildError

from scic.assemblies import forms, rules
from scic.assemblies.labels import SIGNATORY_LABELS
from scic.assemblies.models import Assembly
from scic.cooperatives import navigation
from scic.cooperatives.access import READERS, cooperative_blueprint
from scic.cooperatives.models import Role
from scic.core import clock
from scic.core.db import db, get_or_404
from scic.core.i18n import _, _l

bp = cooperative_blueprint("assemblies", __name__, "/assemblies")
blueprints = (bp,)


MEMBERS = (Role.MEMBER, Role.REPRESENTATIVE)
#: Endpoint of the minutes PDF, built by the registers package (a placeholder until it exists).
MINUTES_PDF_ENDPOINT = "registers.assembly_minutes"


navigation.add_entry(40, "assemblies.index", _l("Assemblies"), READERS)
navigation.add_entry(41, "assemblies.my_assemblies", _l("My assemblies"), MEMBERS)


# --- helpers ----------------------------------------------------------------------------------


def _now() -> datetime:
    return clock.now()


def _today():
    return _now().astimezone(rules.PARIS).date()


def _paris(naive: datetime) -> datetime:
    """A datetime-local value typed in Paris time, made aware."""
    return naive.replace(tzinfo=rules.PARIS)


def _load(assembly_id: int) -> Assembly:
    return get_or_404(Assembly, assembly_id, cooperative_id=g.cooperative.id)


def _child(model, row_id: int, assembly: Assembly):
    row = db.session.get(model, row_id)
    if row is None or row.assembly_id != assembly.id:
        abort(404)
    return row


def _back(assembly: Assembly, endpoint: str = ".show"):
    return redirect(url_for(endpoint, assembly_id=assembly.id), code=303)


def optional_url(endpoint: str, **values) -> str | None:
    """The URL of an endpoint another package may not provide yet, or None."""
    if endpoint not in current_app.view_functions:
        return None
    try:
        return url_for(endpoint, **values)
    except BuildError:
        return None


@bp.app_template_filter("assembly_type")
def _assembly_type(value: str) -> str:
    return str(dict(forms.ASSEMBLY_TYPES).get(value, value))


@bp.app_template_filter("presence_mode")
def _presence_mode(value: str) -> str:
    return str(dict(forms.PRESENCE_MODES).get(value, value))


@bp.app_template_filter("correction_reason")
def _correction_reason(value: str) -> str:
    return str(dict(forms.CORRECTION_REASONS).get(value, value))


@bp.app_template_filter("assembly_status")
def _assembly_status(value: str) -> str:
    labels = {
        "draft": _("In preparation"),
        "convened": _("Convened"),
        "open": _("In session"),
        "closed": _("Closed"),
        "locked": _("Minutes signed"),
    }
    return str(labels.get(value, value))


@bp.app_template_filter("document_kind")
def _document_kind(value: str) -> str:
    return str(dict(forms.DOCUMENT_KINDS).get(value, value))


@bp.app_template_filter("paris_time")
def _paris_time(value: datetime | None) -> str:
    """A day and time in Paris, to the minute (the ``day`` filter of an instant)."""
    from scic.core.i18n import format_day

    return format_day(value)


def _signatory_label(role: str) -> str:
    return str(SIGNATORY_LABELS.get(role, role))


@bp.app_template_filter("assembly_violation")
def _assembly_violation(value) -> str:
    from scic.core.messages import describe

    return describe(value)


@bp.app_template_filter("signatory_role")
def _signatory_role(value: str) -> str:
    return _signatory_label(value)
