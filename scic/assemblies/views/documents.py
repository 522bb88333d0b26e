"""Documents attached to an assembly: upload, download, removal."""

from __future__ import annotations

from flask import abort, send_file
from flask_login import current_user

from scic.assemblies import forms, services
from scic.assemblies.models import Document
from scic.assemblies.views.blueprint import (
    MEMBERS,
    _back,
    _child,
    _load,
    _now,
    bp,
)
from scic.cooperatives.access import MANAGERS, READERS, cooperative_role, has_role
from scic.core.i18n import _
from scic.core.views import flash_form_errors, run_and_commit


@bp.post("/<int:assembly_id>/documents")
@cooperative_role(*MANAGERS)
def upload_document(assembly_id: int):
    assembly = _load(assembly_id)
    form = forms.DocumentForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return _back(assembly)
    upload = form.file.data
    content = upload.read()
    return run_and_commit(
        lambda: services.add_document(
            assembly,
            kind=form.kind.data,
            title=form.title.data or "",
            filename=upload.filename or "",
            content=content,
            by=current_user,
            now=_now(),
        ),
        _("The document has been added."),
        _back(assembly),
    )


@bp.get("/<int:assembly_id>/documents/<int:document_id>")
@cooperative_role(*READERS, *MEMBERS)
def download_document(assembly_id: int, document_id: int):
    """Serve a document as an attachment, with its checked type (never rendered inline)."""
    assembly = _load(assembly_id)
    document = _child(Document, document_id, assembly)
    if not has_role(*READERS) and (assembly.status == "draft" or document.removed_at):
        abort(404)
    path = services.document_path(document)
    if not path.is_file():
        abort(404)
    response = send_file(
        path,
        mimetype=document.mimetype,
        as_attachment=True,
        download_name=document.filename,
        max_age=0,
    )
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@bp.post("/<int:assembly_id>/documents/<int:document_id>/delete")
@cooperative_role(*MANAGERS)
def remove_document(assembly_id: int, document_id: int):
    assembly = _load(assembly_id)
    document = _child(Document, document_id, assembly)
    if not forms.ConfirmForm().validate_on_submit():
        abort(400)
    return run_and_commit(
        lambda: services.remove_document(document, by=current_user, now=_now()),
        _("The document has been withdrawn."),
        _back(assembly),
    )
