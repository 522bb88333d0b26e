"""Small helpers shared by views: flashing violations, the one commit per request."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import flash, g, request
from flask_login import current_user
from werkzeug.wrappers import Response

from scic.core import files
from scic.core.db import db
from scic.core.i18n import _
from scic.core.messages import describe
from scic.core.violations import RuleViolation, Violation


def flash_violations(violations: list[Violation]) -> None:
    """Show each violation as a translated error message."""
    for violation in violations:
        flash(describe(violation), "error")


def show_by_fields(form, violations: list[Violation]) -> None:
    """Put each violation that names one of the form's fields under that field; flash the rest.

    A rule's ``subject`` is the field it is about (``"siren"``, ``"executory_on"``): the person
    reads the reason next to what to correct, not in a banner far from it.
    """
    for violation in violations:
        field = getattr(form, violation.subject, None) if violation.subject else None
        if field is not None and hasattr(field, "errors") and hasattr(field, "label"):
            field.errors = [*field.errors, describe(violation, with_subject=False)]
        else:
            flash(describe(violation), "error")


def commit_and_answer(success: str, target):
    """The request's one commit: commit, flash ``success`` and answer ``target`` (a redirect)."""
    db.session.commit()
    flash(success, "success")
    return target


def form_status() -> int:
    """The status of a form page shown again: 400 after a POST that did not validate, else 200."""
    return 400 if request.method == "POST" else 200


def submit_form(
    form,
    action: Callable[[], object],
    page: Callable[[int], object],
    success: str | Callable[[object], str] | None,
    target,
    *,
    refused_status: int = 422,
):
    """A page's form: shown until it validates, then one service call and one commit.

    ``page(status)`` renders the page holding ``form``; ``action()`` calls the service. A refusal
    rolls back and shows the page again with each reason next to its field. Once the change is
    committed, ``success`` is flashed (a message, a function of what the service returned, or
    None for no message) and ``target`` answered (a redirect, or a function of the result).
    """
    if not form.validate_on_submit():
        return page(form_status())
    try:
        result = action()
    except RuleViolation as exc:
        db.session.rollback()
        show_by_fields(form, exc.violations)
        return page(refused_status)
    # A response is callable too (a WSGI application): only a function is given the result.
    answer = target if isinstance(target, Response) else target(result)
    if success is None:
        db.session.commit()
        return answer
    return commit_and_answer(success(result) if callable(success) else success, answer)


def flash_form_errors(form) -> None:
    """Flash each error of a form that did not validate, naming its field."""
    for error in getattr(form, "form_errors", ()):
        flash(str(error), "error")
    for item in form:
        for error in item.errors:
            flash(_("%(field)s: %(error)s", field=item.label.text, error=error), "error")


def run_and_commit(action: Callable[[], object], success: str, target):
    """Call one service, commit once and flash ``success``; on a refusal, roll back and flash
    every reason. Either way answer ``target`` (a redirect)."""
    try:
        action()
    except RuleViolation as exc:
        db.session.rollback()
        flash_violations(exc.violations)
        return target
    return commit_and_answer(success, target)


@dataclass(frozen=True)
class Upload:
    """The file of one attempt at a form: chosen now, or kept from a refused attempt."""

    content: bytes
    filename: str
    mimetype: str = "application/octet-stream"
    #: The token of the kept copy (None: chosen in this request, not kept yet).
    token: str | None = None


def chosen_upload(file_field, token_field) -> Upload | None:
    """The file this attempt carries: a newly chosen one, else the one kept under the hidden
    field's token from the person's last refused attempt (``keep_for_next_attempt``)."""
    data = file_field.data
    if data is not None and getattr(data, "filename", ""):
        content = data.read()
        data.seek(0)
        return Upload(content, data.filename, data.mimetype or "application/octet-stream")
    if not token_field.data:
        return None
    record = files.kept_upload(
        token_field.data,
        cooperative_id=getattr(g.get("cooperative"), "id", None),
        owner_id=getattr(current_user, "id", None),
    )
    if record is None:
        token_field.data = ""
        return None
    file_field.kept_name = record.filename
    return Upload(files.read(record), record.filename, record.mimetype, record.token)


def keep_for_next_attempt(file_field, token_field, upload: Upload | None, *, now) -> None:
    """After a refusal (its transaction rolled back): keep the upload server-side and put its
    token in the form, so that the page shown again still holds the file.

    The kept copy is committed on its own: nothing of the refused change is.
    """
    if upload is None:
        return
    token = upload.token
    if token is None:
        record = files.keep_upload(
            upload.content,
            upload.filename,
            upload.mimetype,
            cooperative_id=getattr(g.get("cooperative"), "id", None),
            owner_id=getattr(current_user, "id", None),
            now=now,
        )
        db.session.commit()
        token = record.token
    token_field.data = token
    file_field.kept_name = upload.filename
