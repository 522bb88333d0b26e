"""The voting blueprints (signed-in and by link) and what their pages share."""

from __future__ import annotations

from flask import Blueprint, g

from scic.cooperatives import labels as statutes_labels
from scic.cooperatives import navigation
from scic.cooperatives.access import READERS, cooperative_blueprint
from scic.cooperatives.models import Role
from scic.core.db import get_or_404
from scic.core.i18n import _, _l, format_percent, label
from scic.core.links import external_url
from scic.voting import labels, services
from scic.voting.models import Resolution

bp = cooperative_blueprint("votes", __name__, "/votes")
public = Blueprint("voting", __name__, url_prefix="/vote")
blueprints = (bp, public)


#: Session keys of the token link and of the receipt shown once.
TOKEN_KEY = "scic.vote"  # noqa: S105 - a session key, not a secret
RECEIPT_KEY = "scic.receipt"
ALL_ROLES = (*READERS, Role.MEMBER, Role.REPRESENTATIVE)


navigation.add_entry(40, "votes.ballot", _l("Vote"), (Role.MEMBER, Role.REPRESENTATIVE))
navigation.add_entry(45, "votes.index", _l("Votes and results"), ALL_ROLES)


# --- Helpers ------------------------------------------------------------------------------------


def _resolution_or_404(resolution_id: int) -> Resolution:
    return get_or_404(Resolution, resolution_id, cooperative_id=g.cooperative.id)


def _chart_labels(resolution: Resolution) -> dict[str, str]:
    return {
        "title": _("Result of resolution %(number)s", number=resolution.number),
        "for": _("For"),
        "against": _("Against"),
        "abstain": _("Abstained"),
        "total": _("Weighted total"),
        "threshold": _("Threshold"),
    }


def _percent(value) -> str:
    """A share for display, in the user's locale, rounded half-up (R-TAL-1)."""
    return "—" if value is None else format_percent(value)


@bp.app_template_filter("vote_percent")
def _vote_percent(value) -> str:
    return _percent(value)


def _label(table: dict, value) -> str:
    """A code in words (an unknown code is shown as it is, and a test catches it)."""
    return "" if value is None else label(table.get(str(value), str(value)))


@bp.app_template_filter("resolution_status")
def _resolution_status(value) -> str:
    return _label(labels.RESOLUTION_STATUS_LABELS, value)


@bp.app_template_filter("resolution_kind")
def _resolution_kind(value) -> str:
    return _label(labels.RESOLUTION_KIND_LABELS, value)


@bp.app_template_filter("ballot_channel")
def _ballot_channel(value) -> str:
    return _label(labels.CHANNEL_LABELS, value)


@bp.app_template_filter("ballot_choice")
def _ballot_choice(value) -> str:
    return _label(labels.RECORDED_CHOICE_LABELS, value)


@bp.app_template_filter("tally_setting")
def _tally_setting(value, setting: str) -> str:
    """A statutes setting of the tally (method, abstentions, silent college) in words."""
    tables = {
        "method": statutes_labels.METHOD_LABELS,
        "abstentions": statutes_labels.ABSTENTION_LABELS,
        "silent_college": statutes_labels.SILENT_LABELS,
    }
    return _label(tables[setting], getattr(value, "value", value))


def verify_url_of(assembly_id: int) -> str:
    """The absolute link of an assembly's receipt-verification page (in e-mails too)."""
    return external_url("voting.verify", token=services.make_verification_token(assembly_id))
