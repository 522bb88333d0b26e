"""The tellers' page of a secret ballot: they name themselves and seal its urn (R-TAL-3)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from scic.cooperatives.access import MANAGERS, cooperative_role
from scic.core import clock
from scic.core.db import db
from scic.core.i18n import _
from scic.core.views import flash_violations
from scic.core.violations import RuleViolation
from scic.voting import publication, rules, services, urn
from scic.voting.forms import UrnSetUpForm
from scic.voting.models import Resolution
from scic.voting.views.blueprint import _resolution_or_404, bp


def _form(resolution: Resolution) -> UrnSetUpForm:
    form = UrnSetUpForm()
    form.set_choices(urn.possible_tellers(resolution))
    return form


def _page(resolution: Resolution, form: UrnSetUpForm, status: int = 200):
    small = publication.colleges_too_small(services.snapshot(resolution))
    html = render_template(
        "voting/urn_set_up.html",
        resolution=resolution,
        form=form,
        min_tellers=rules.TELLERS_MIN,
        threshold=rules.TELLER_THRESHOLD,
        min_length=rules.PASSPHRASE_MIN_LENGTH,
        small_colleges=small,
    )
    return html, status


def _console(resolution: Resolution):
    return redirect(url_for(".resolution", resolution_id=resolution.id), code=303)


@bp.get("/resolutions/<int:resolution_id>/urn")
@cooperative_role(*MANAGERS)
def urn_set_up(resolution_id: int):
    """The form where the tellers of a secret ballot type their passphrases."""
    resolution = _resolution_or_404(resolution_id)
    if not resolution.secret or urn.urn_key(resolution) is not None:
        return _console(resolution)
    return _page(resolution, _form(resolution))


@bp.post("/resolutions/<int:resolution_id>/urn")
@cooperative_role(*MANAGERS)
def set_up_urn(resolution_id: int):
    resolution = _resolution_or_404(resolution_id)
    form = _form(resolution)
    if not form.validate():
        return _page(resolution, form, 400)
    try:
        urn.set_up_urn(resolution, form.pairs(), by=current_user, now=clock.now())
    except RuleViolation as exc:
        db.session.rollback()
        flash_violations(exc.violations)
        return _page(resolution, form, 400)
    db.session.commit()
    flash(
        _(
            "The urn is sealed: each ballot is encrypted as it is cast. Any two tellers will "
            "count the votes when the vote closes."
        ),
        "success",
    )
    return _console(resolution)
