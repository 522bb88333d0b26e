"""Small helpers shared by views: flashing violations, the one commit per request."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, request

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
