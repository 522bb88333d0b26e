"""The paper convocations recorded in one step: every letter not yet recorded (§6.6 step 4)."""

from __future__ import annotations

from flask import redirect, url_for
from flask_login import current_user

from scic.assemblies import forms, queries, services
from scic.assemblies.views.blueprint import _load, _now, _today, bp
from scic.cooperatives.access import MANAGERS, cooperative_role
from scic.core.i18n import _
from scic.core.views import flash_form_errors, run_and_commit


@bp.post("/<int:assembly_id>/convocation/letters")
@cooperative_role(*MANAGERS)
def record_letters(assembly_id: int):
    """Record the letters of every member convened by post and not yet recorded, posted on one
    day; all or nothing (``services.record_paper_letters`` checks every letter first)."""
    assembly = _load(assembly_id)
    form = forms.LettersForm()
    target = redirect(url_for(".convocation", assembly_id=assembly.id, _anchor="paper-title"), 303)
    if not form.validate_on_submit():
        flash_form_errors(form)
        return target
    today = _today()

    def record() -> int:
        services.ensure_editable(assembly)  # a locked assembly says so before anything else
        waiting = queries.letters_not_recorded(assembly, today)  # queries.by_letter's members
        letters = services.letters_to_record(
            assembly, services.LettersInput(waiting, pasted=form.numbers.data or ""), on=today
        )
        return services.record_paper_letters(
            assembly,
            letters,
            channel=form.channel.data,
            sent_on=form.sent_on.data,
            by=current_user,
            now=_now(),
        )

    return run_and_commit(
        record, _("The letters not yet recorded have been recorded as posted."), target
    )
