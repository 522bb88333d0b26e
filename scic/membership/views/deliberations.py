"""Council deliberations of a local authority member (R-LA-5): record, confirm, cancel, PDF."""

from __future__ import annotations

import io
from pathlib import Path

from flask import abort, current_app, send_file
from flask_login import current_user

from scic.cooperatives.access import MANAGERS, READERS, cooperative_role
from scic.core import clock
from scic.core.db import db
from scic.core.i18n import _
from scic.core.views import Upload, chosen_upload, keep_for_next_attempt
from scic.membership import services
from scic.membership.forms import (
    CancellationForm,
    ConfirmExecutoryForm,
    DeliberationForm,
    DocumentForm,
)
from scic.membership.rules import check_pdf_upload
from scic.membership.views.blueprint import _deliberation, _member, _run, _submit, bp
from scic.membership.views.member_page import _refused_form, _render_member_page
from scic.workflows import deliberations as deliberation_workflow

#: Default cap on an uploaded deliberation (the app-wide MAX_CONTENT_LENGTH is the hard limit).
DEFAULT_DELIBERATION_MAX_BYTES = 5 * 1024 * 1024


def _upload_dir() -> Path:
    return Path(current_app.instance_path) / "uploads"


def _max_bytes() -> int:
    return int(current_app.config.get("DELIBERATION_MAX_BYTES", DEFAULT_DELIBERATION_MAX_BYTES))


@bp.post("/members/<int:member_id>/deliberations")
@cooperative_role(*MANAGERS)
def add_deliberation(member_id: int):
    """Record a council deliberation, with its PDF if one is attached (one transaction)."""
    member = _member(member_id)
    form = DeliberationForm(prefix="deliberation")
    upload = chosen_upload(form.document, form.document_token)
    if not form.validate():
        _keep(form, upload)
        return _render_member_page(member, 400, deliberation_form=form)
    content = upload.content if upload is not None else None

    def action():
        deliberation = services.record_deliberation(
            member,
            reference=form.reference.data,
            adopted_on=form.adopted_on.data,
            purpose=form.purpose.data,
            transmitted_to_prefect_on=form.transmitted_to_prefect_on.data,
            published_on=form.published_on.data,
            executory_on=form.executory_on.data,
            authorised_shares=form.authorised_shares.data,
            acknowledgement_ref=form.acknowledgement_ref.data or "",
            operating_revenue_cents=int(form.operating_revenue.data * 100)
            if form.operating_revenue.data is not None
            else None,
            by=current_user,
        )
        if content is not None:
            services.attach_deliberation_document(
                deliberation,
                content,
                upload_dir=_upload_dir(),
                max_bytes=_max_bytes(),
                by=current_user,
            )

    return _run(
        member,
        action,
        _("Deliberation recorded."),
        refused=lambda exc: _refused_with_upload(member, exc, form, upload),
    )


def _keep(form: DeliberationForm, upload: Upload | None) -> None:
    """Keep a PDF of a refused attempt so that the page shown again still holds it (a file
    that is not an acceptable PDF is not kept: it is what the person must change)."""
    if upload is not None and not check_pdf_upload(
        upload.content[:8], len(upload.content), _max_bytes()
    ):
        keep_for_next_attempt(form.document, form.document_token, upload, now=clock.now())


def _refused_with_upload(member, exc, form: DeliberationForm, upload: Upload | None):
    """The page again after a refusal: each reason by its field, the PDF kept. The refused change
    is rolled back before the kept copy is committed on its own."""
    db.session.rollback()
    _keep(form, upload)
    return _refused_form(member, exc, deliberation_form=form)


@bp.post("/members/<int:member_id>/deliberations/<int:deliberation_id>/confirm")
@cooperative_role(*MANAGERS)
def confirm_deliberation(member_id: int, deliberation_id: int):
    member = _member(member_id)
    deliberation = _deliberation(member, deliberation_id)
    form = ConfirmExecutoryForm(prefix="confirm")
    return _submit(
        member,
        form,
        lambda: services.confirm_executory_date(
            deliberation, form.executory_on.data, by=current_user
        ),
        _("Executory date confirmed."),
    )


@bp.post("/members/<int:member_id>/deliberations/<int:deliberation_id>/cancel")
@cooperative_role(*MANAGERS)
def cancel_deliberation(member_id: int, deliberation_id: int):
    """Record a withdrawal or an annulment; a joining deliberation's entry is undone with it."""
    member = _member(member_id)
    deliberation = _deliberation(member, deliberation_id)
    form = CancellationForm(prefix="cancel")
    return _submit(
        member,
        form,
        lambda: deliberation_workflow.cancel_deliberation(
            deliberation,
            on=form.cancelled_on.data,
            kind=form.kind.data,
            reference=form.reference.data,
            by=current_user,
        ),
        _("The deliberation no longer has effect; the registers show it."),
    )


@bp.post("/members/<int:member_id>/deliberations/<int:deliberation_id>/document")
@cooperative_role(*MANAGERS)
def upload_document(member_id: int, deliberation_id: int):
    member = _member(member_id)
    deliberation = _deliberation(member, deliberation_id)
    form = DocumentForm(prefix="document")
    return _submit(
        member,
        form,
        lambda: services.attach_deliberation_document(
            deliberation,
            form.document.data.read(),
            upload_dir=_upload_dir(),
            max_bytes=_max_bytes(),
            by=current_user,
        ),
        _("Document stored."),
    )


@bp.get("/members/<int:member_id>/deliberations/<int:deliberation_id>/document")
@cooperative_role(*READERS)
def download_document(member_id: int, deliberation_id: int):
    """Serve the PDF as an attachment (never rendered inline from our origin)."""
    member = _member(member_id)
    deliberation = _deliberation(member, deliberation_id)
    if not deliberation.document_name:
        abort(404)
    path = _upload_dir() / deliberation.document_name
    if not path.is_file():
        abort(404)
    return send_file(
        io.BytesIO(path.read_bytes()),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=f"deliberation-{deliberation.id}.pdf",
    )
