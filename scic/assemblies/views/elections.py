"""Elections of the governing body by an assembly, and the officers in office (R-AG-2)."""

from __future__ import annotations

from flask import g, redirect, render_template, url_for
from flask_login import current_user

from scic.assemblies import forms, officer_rules
from scic.assemblies.labels import BODY_LABELS
from scic.assemblies.models import Election
from scic.assemblies.views.blueprint import _back, _child, _load, _now, _today, bp
from scic.cooperatives.access import MANAGERS, READERS, cooperative_role, has_role
from scic.core.i18n import _
from scic.core.views import run_and_commit, submit_form
from scic.workflows import elections as election_workflow


def _page(assembly, form=None, status: int = 200):
    elections = election_workflow.elections_of(assembly)
    if form is None:
        # A body held by one person (an SAS's president, R-AG-17) has one seat to fill.
        one_seat = officer_rules.body_of(assembly.cooperative.governance) in (
            officer_rules.ONE_SEAT_BODIES
        )
        form = forms.ElectionForm(seats=1 if one_seat else None)
    return render_template(
        "assemblies/elections.html",
        assembly=assembly,
        elections=[(e, election_workflow.candidate_resolutions(e)) for e in elections],
        body_labels=BODY_LABELS,
        form=form,
        can_manage=has_role(*MANAGERS),
    ), status


@bp.get("/<int:assembly_id>/elections")
@cooperative_role(*READERS)
def elections(assembly_id: int):
    return _page(_load(assembly_id))


@bp.post("/<int:assembly_id>/elections")
@cooperative_role(*MANAGERS)
def prepare_election(assembly_id: int):
    assembly = _load(assembly_id)
    form = forms.ElectionForm()
    names = [line.strip() for line in (form.candidates.data or "").splitlines() if line.strip()]
    return submit_form(
        form,
        lambda: election_workflow.prepare_election(
            assembly,
            seats=form.seats.data,
            term_years=form.term_years.data,
            candidates=[election_workflow.Candidate(name) for name in names],
            secret=form.secret.data,
            by=current_user,
        ),
        lambda status: _page(assembly, form, status),
        None,
        redirect(url_for(".elections", assembly_id=assembly.id), code=303),
        refused_status=400,
    )


@bp.post("/<int:assembly_id>/elections/<int:election_id>/results")
@cooperative_role(*MANAGERS)
def record_election_results(assembly_id: int, election_id: int):
    assembly = _load(assembly_id)
    election = _child(Election, election_id, assembly)
    return run_and_commit(
        lambda: election_workflow.record_results(election, by=current_user, now=_now()),
        _("The results of the election have been recorded."),
        _back(assembly, ".elections"),
    )


@bp.get("/officers")
@cooperative_role(*READERS)
def officers():
    """Directors and officers in office, the soonest end of term first."""
    today = _today()
    return render_template(
        "assemblies/officers.html",
        officers=election_workflow.officers_in_office(g.cooperative, today),
        body_labels=BODY_LABELS,
        today=today,
    )
