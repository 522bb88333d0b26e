"""The members CSV: import with preview and confirmation, export."""

from __future__ import annotations

from flask import Response, current_app, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from scic.capital import services
from scic.capital.forms import AtDateForm, ImportConfirmForm, ImportForm
from scic.capital.views.blueprint import _done, _today, bp
from scic.cooperatives.access import MANAGERS, READERS, cooperative_role
from scic.core import clock
from scic.core.db import db
from scic.core.i18n import _, ngettext
from scic.core.views import flash_violations, form_status
from scic.core.violations import RuleViolation

# --- Members CSV import and export (FORMATS.md §3, §4) ------------------------------------------


@bp.route("/import", methods=["GET", "POST"])
@cooperative_role(*MANAGERS)
def import_members():
    """Upload a members CSV and preview it: every problem with its line, nothing written."""
    form = ImportForm()
    if not form.validate_on_submit():
        return render_template("capital/import.html", form=form, preview=None), form_status()
    raw = form.file.data.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        flash(_("The file is not UTF-8 text."), "error")
        return render_template("capital/import.html", form=form, preview=None), 422
    preview = services.preview_members_import(g.cooperative, text)
    return render_template(
        "capital/import.html",
        form=form,
        preview=preview,
        confirm_form=ImportConfirmForm(content=text),
    ), (200 if preview.ok else 422)


@bp.post("/import/confirm")
@cooperative_role(*MANAGERS)
def confirm_import():
    """Import the previewed file: all or nothing."""
    form = ImportConfirmForm()
    if not form.validate_on_submit():
        flash(_("Upload the file again."), "error")
        return redirect(url_for(".import_members"), code=303)
    try:
        created = services.import_members(
            g.cooperative, form.content.data, by=current_user, now=clock.now()
        )
    except RuleViolation as exc:
        db.session.rollback()
        flash_violations(exc.violations)
        return redirect(url_for(".import_members"), code=303)
    return _done(
        ngettext(
            "%(count)s member has been imported.",
            "%(count)s members have been imported.",
            len(created),
            count=len(created),
        ),
        ".dashboard",
    )


@bp.get("/export.csv")
@cooperative_role(*READERS)
def export_members():
    """The members CSV at a date (FORMATS.md §4), for a French spreadsheet."""
    form = AtDateForm(request.args)
    at = form.at.data if form.validate() and form.at.data else _today()
    current_app.logger.info(
        "Members CSV of %s at %s exported by %s", g.cooperative.slug, at, current_user.id
    )
    return Response(
        services.export_members(g.cooperative, at),
        mimetype="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": (
                f'attachment; filename="members-{g.cooperative.slug}-{at.isoformat()}.csv"'
            )
        },
    )
