"""The show of hands of a resolution, every college on one screen (R-AG-13).

A college left blank is not counted; a college whose counts change gets a correcting entry
(``services.record_show_of_hands``). A refusal is shown next to the college's fields, naming
the college, and nothing is written.
"""

from __future__ import annotations

from flask import g, render_template
from flask_login import current_user

from scic.cooperatives.access import MANAGERS, cooperative_role
from scic.core import clock
from scic.core.db import db
from scic.core.i18n import _
from scic.core.messages import describe
from scic.core.views import commit_and_answer
from scic.voting import services
from scic.voting.forms import ShowOfHandsForm
from scic.voting.models import Resolution
from scic.voting.views.blueprint import _resolution_or_404, bp
from scic.voting.views.console import _console_redirect


def _colleges() -> list[tuple[int | None, str]]:
    """The colleges of the screen, in order: (id, label); one headcount without colleges."""
    colleges = [(c.id, f"{c.code} — {c.name}") for c in g.cooperative.colleges]
    return colleges or [(None, _("All members"))]


def _render(resolution: Resolution, form: ShowOfHandsForm, problems=None, status: int = 200):
    colleges = _colleges()
    current = services.current_counts(resolution)
    rows = [
        {
            "college_id": college_id,
            "label": label,
            "fields": entry,
            "current": current.get(college_id),
            "problems": [
                describe(v, with_subject=False) for v in (problems or {}).get(college_id, [])
            ],
        }
        for (college_id, label), entry in zip(colleges, form.colleges, strict=True)
    ]
    return render_template(
        "voting/show_of_hands.html", resolution=resolution, form=form, rows=rows
    ), status


@bp.get("/resolutions/<int:resolution_id>/show-of-hands")
@cooperative_role(*MANAGERS)
def show_of_hands(resolution_id: int):
    """The counts of every college, filled with what is recorded so far."""
    resolution = _resolution_or_404(resolution_id)
    current = services.current_counts(resolution)
    data = []
    for college_id, _label in _colleges():
        count = current.get(college_id)
        data.append(
            {
                "votes_for": count.votes_for,
                "votes_against": count.votes_against,
                "votes_abstain": count.votes_abstain,
            }
            if count
            else {}
        )
    return _render(resolution, ShowOfHandsForm(data={"colleges": data}))


@bp.post("/resolutions/<int:resolution_id>/show-of-hands")
@cooperative_role(*MANAGERS)
def record_show_of_hands(resolution_id: int):
    """Record the counts of every filled college: new counts and corrections, all or none."""
    resolution = _resolution_or_404(resolution_id)
    colleges = _colleges()
    form = ShowOfHandsForm()
    if len(form.colleges.entries) != len(colleges) or not form.validate():
        while len(form.colleges.entries) < len(colleges):
            form.colleges.append_entry()
        form.colleges.entries = form.colleges.entries[: len(colleges)]
        return _render(resolution, form, status=400)
    figures = {
        college_id: services.HandFigures(
            entry.votes_for.data or 0, entry.votes_against.data or 0, entry.votes_abstain.data or 0
        )
        for (college_id, _label), entry in zip(colleges, form.colleges, strict=True)
        if not entry.form.is_blank()
    }
    try:
        services.record_show_of_hands(resolution, figures, by=current_user, now=clock.now())
    except services.ShowOfHandsRefused as exc:
        db.session.rollback()
        return _render(resolution, form, exc.by_college, status=400)
    return commit_and_answer(_("Show of hands recorded."), _console_redirect(resolution))
