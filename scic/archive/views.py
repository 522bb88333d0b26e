"""Electronic registers: the signed sheets, their download, and signing minutes electronically."""

from __future__ import annotations

from flask import Response, current_app, flash, g, redirect, render_template, url_for
from flask_babel import get_locale
from flask_login import current_user

from scic.archive import queries
from scic.archive.forms import AppendSheetForm
from scic.archive.models import SignedDocument
from scic.archive.rules import Series
from scic.assemblies.forms import SignForm
from scic.assemblies.models import Assembly
from scic.cooperatives import navigation
from scic.cooperatives.access import (
    MANAGERS,
    READERS,
    cooperative_blueprint,
    cooperative_role,
    has_role,
)
from scic.core import clock
from scic.core.db import get_or_404
from scic.core.i18n import _, _l, label
from scic.core.views import run_and_commit
from scic.registers.assembly_documents import SIGNATORY_LABELS

bp = cooperative_blueprint("archive", __name__, "/signed")
blueprints = (bp,)

SERIES_LABELS = {
    Series.MINUTES.value: _l("Register of minutes"),
    Series.SHARE_REGISTER.value: _l("Register of members and share movements"),
    Series.ATTENDANCE.value: _l("Attendance sheets"),
}


def _settings() -> queries.SigningSettings:
    return queries.SigningSettings.from_config(current_app.config)


@bp.get("/")
@cooperative_role(*READERS)
def index():
    registers = [
        (SERIES_LABELS[series.value], queries.latest_sheets(g.cooperative, series))
        for series in Series
    ]
    return render_template(
        "archive/signed_index.html",
        registers=registers,
        settings=_settings(),
        append_form=AppendSheetForm(),
        can_manage=has_role(*MANAGERS),
    )


@bp.get("/<int:document_id>.pdf")
@cooperative_role(*READERS)
def download(document_id: int):
    """One stored revision of a signed sheet (the pages link the newest one)."""
    row = get_or_404(SignedDocument, document_id, cooperative_id=g.cooperative.id)
    filename = f"{g.cooperative.slug}-{row.series}-{row.number}-r{row.revision}.pdf"
    return Response(
        row.content,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.post("/minutes/<int:assembly_id>/sign")
@cooperative_role(*MANAGERS)
def sign_minutes(assembly_id: int):
    """Record the officer's signature of the minutes and add it to the signed PDF."""
    assembly = get_or_404(Assembly, assembly_id, cooperative_id=g.cooperative.id)
    target = redirect(url_for("assemblies.minutes", assembly_id=assembly.id), code=303)
    form = SignForm()
    form.signatory.choices = []  # the service checks the pair against the required signatories
    if not form.validate_on_submit() or "|" not in (form.signatory.data or ""):
        flash(_("Choose the signatory."), "error")
        return target
    role, name = form.signatory.data.split("|", 1)
    from scic.archive import services  # pyHanko is loaded when a document is signed, not at start

    return run_and_commit(
        lambda: services.sign_minutes(
            assembly,
            role=role,
            name=name,
            capacity=label(SIGNATORY_LABELS.get(role, role)),
            by=current_user,
            now=clock.now(),
            settings=_settings(),
            locale=str(get_locale()),
        ),
        _("The electronic signature of %(name)s has been added to the minutes.", name=name),
        target,
    )


@bp.post("/share-register")
@cooperative_role(*MANAGERS)
def append_sheet():
    """Sign the ledger entries made since the last sheet as the next sheet of the register."""
    target = redirect(url_for("archive.index"), code=303)
    form = AppendSheetForm()
    if not form.validate_on_submit():
        flash(_("Give your capacity (e.g. chair of the board)."), "error")
        return target
    from scic.archive import services  # pyHanko is loaded when a document is signed, not at start

    return run_and_commit(
        lambda: services.append_share_register_sheet(
            g.cooperative,
            signer_email=current_user.email,
            name=current_user.display_name or current_user.email,
            capacity=form.capacity.data.strip(),
            by=current_user,
            now=clock.now(),
            settings=_settings(),
            locale=str(get_locale()),
        ),
        _("A new signed sheet has been added to the register of share movements."),
        target,
    )


navigation.add_entry(82, "archive.index", _l("Signed registers"), READERS)
