"""Electronic registers: the signed sheets, their download, and signing minutes electronically."""

from __future__ import annotations

from flask import Response, abort, current_app, flash, g, redirect, render_template, url_for
from flask_babel import get_locale
from flask_login import current_user

from scic.archive import queries
from scic.archive.forms import AppendSheetForm, SignCertificateForm
from scic.archive.labels import SERIES_LABELS
from scic.archive.models import SignedDocument
from scic.archive.rules import Series
from scic.assemblies.forms import SignForm
from scic.assemblies.models import Assembly
from scic.cooperatives import navigation
from scic.cooperatives.access import (
    MANAGERS,
    READERS,
    Role,
    cooperative_blueprint,
    cooperative_role,
    has_role,
)
from scic.core import clock
from scic.core.db import db, get_or_404
from scic.core.i18n import _, _l, label
from scic.core.views import flash_form_errors, flash_violations, run_and_commit
from scic.membership.models import Member
from scic.registers import queries as register_queries
from scic.registers.assembly_documents import SIGNATORY_LABELS
from scic.registers.rules import check_register_date

bp = cooperative_blueprint("archive", __name__, "/signed")
blueprints = (bp,)


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
@cooperative_role(*READERS, Role.MEMBER)
def download(document_id: int):
    """One stored revision of a signed sheet (the pages link the newest one). A member may
    download only the certificates signed for their own membership."""
    row = get_or_404(SignedDocument, document_id, cooperative_id=g.cooperative.id)
    if not has_role(*READERS) and not _own_certificate(row):
        abort(404)
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


def _own_certificate(row: SignedDocument) -> bool:
    if row.series != Series.CERTIFICATES.value or row.subject_id is None:
        return False
    member = db.session.get(Member, row.subject_id)
    return member is not None and member.user_id == current_user.id


@bp.get("/certificates/<int:member_id>")
@cooperative_role(*READERS, Role.MEMBER)
def certificates(member_id: int):
    """A member's signed share certificates, and the form to sign a new one (managers)."""
    member = get_or_404(Member, member_id, cooperative_id=g.cooperative.id)
    if not has_role(*READERS) and member.user_id != current_user.id:
        abort(404)
    return render_template(
        "archive/certificates.html",
        member=member,
        signed=queries.member_certificates(member),
        settings=_settings(),
        form=SignCertificateForm(at=clock.today()),
        can_manage=has_role(*MANAGERS),
        today=clock.today(),
    )


@bp.post("/certificates/<int:member_id>")
@cooperative_role(*MANAGERS)
def sign_certificate(member_id: int):
    """Sign a member's share certificate at a date as the next numbered signed certificate."""
    member = get_or_404(Member, member_id, cooperative_id=g.cooperative.id)
    target = redirect(url_for("archive.certificates", member_id=member.id), code=303)
    form = SignCertificateForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return target
    today = clock.today()
    problems = check_register_date(form.at.data, register_queries.first_day(g.cooperative), today)
    if problems:
        flash_violations(problems)
        return target
    from scic.archive import services  # pyHanko is loaded when a document is signed, not at start

    return run_and_commit(
        lambda: services.sign_certificate(
            member,
            form.at.data,
            signer_email=current_user.email,
            name=current_user.display_name or current_user.email,
            capacity=form.capacity.data.strip(),
            by=current_user,
            now=clock.now(),
            settings=_settings(),
            locale=str(get_locale()),
        ),
        _("The share certificate has been signed; it is listed under Signed registers."),
        target,
    )


navigation.add_entry(82, "archive.index", _l("Signed registers"), READERS)
