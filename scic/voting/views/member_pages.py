"""A member's voting pages: open votes, ballot, receipt, results."""

from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from scic.assemblies.models import Assembly
from scic.cooperatives.access import MANAGERS, READERS, cooperative_role
from scic.core import clock
from scic.core.db import get_or_404, reads_first
from scic.core.i18n import _
from scic.voting import charts, publication, queries, services
from scic.voting.views.blueprint import (
    ALL_ROLES,
    _chart_labels,
    _resolution_or_404,
    bp,
    verify_url_of,
)
from scic.voting.views.casting import (
    _ballot_page,
    _posted_ballot,
    _receipt_page,
    _submit_ballot,
)

# --- Member side (signed in) --------------------------------------------------------------------


@bp.get("/")
@cooperative_role(*ALL_ROLES)
def index():
    """Assemblies and their resolutions, with links to vote and to the results."""
    assemblies = [
        (a, queries.resolutions_of(a)) for a in queries.assemblies_with_votes(g.cooperative)
    ]
    is_reader = bool(g.roles & set(READERS))
    shares = {
        r.id: r.outcome.share_for
        if is_reader
        else publication.share_for_members(r.outcome, secret=r.secret)
        for _assembly, resolutions in assemblies
        for r in resolutions
        if r.outcome is not None
    }
    return render_template(
        "voting/index.html",
        assemblies=assemblies,
        shares=shares,
        is_manager=bool(g.roles & set(MANAGERS)),
        is_reader=is_reader,
    )


def _current_assembly_capacities():
    """The assembly where the user may vote now, its capacities (own, represented, proxy) and
    the pending ballots."""
    for assembly in queries.assemblies_with_votes(g.cooperative):
        if assembly.status not in services.TOKEN_STATUSES:
            continue
        capacities = services.voters_for_user(current_user, assembly, clock.today())
        pending = services.pending_ballots(assembly, capacities, now=clock.now())
        if pending:
            return assembly, capacities, pending
    return None, [], []


@bp.get("/ballot")
@cooperative_role(*ALL_ROLES)
def ballot():
    """The phone page: the next resolution to vote on, large buttons, one at a time."""
    assembly, capacities, pending = _current_assembly_capacities()
    if assembly is None:
        return render_template("voting/ballot_none.html", assembly=None, token=False)
    return _ballot_page(
        assembly,
        capacities,
        # The page knows its assembly: the POST need not look for it again.
        post_url=url_for(".cast", assembly=assembly.id),
        template_vars={"token": False},
        pending=pending,
    )


@bp.post("/ballot")
@reads_first
@cooperative_role(*ALL_ROLES)
def cast():
    # First: its assembly comes with it, then found in the session instead of queried again.
    posted = _posted_ballot()
    assembly_id = request.args.get("assembly", type=int)
    today = clock.today()
    capacity_of = None
    if assembly_id is not None:
        assembly = get_or_404(Assembly, assembly_id, cooperative_id=g.cooperative.id)

        def capacity_of(member):  # one member's row, not the list (docs/performance.md)
            return services.capacity_for_user(current_user, member, assembly, today)

        def capacities():
            return services.voters_for_user(current_user, assembly, today)
    else:
        assembly, listed, _pending = _current_assembly_capacities()

        def capacities():
            return listed

    if assembly is None:
        flash(_("There is nothing to vote on right now."), "info")
        return redirect(url_for(".ballot"), code=303)
    return _submit_ballot(
        assembly,
        posted,
        capacities,
        capacity_of=capacity_of,
        by=current_user,
        token_member=None,
        receipt_url=url_for(".receipt"),
        back_url=url_for(".ballot"),
        template_vars={"token": False},
    )


@bp.get("/receipt")
@cooperative_role(*ALL_ROLES)
def receipt():
    return _receipt_page({"token": False})


@bp.get("/resolutions/<int:resolution_id>/results")
@cooperative_role(*ALL_ROLES)
def results(resolution_id: int):
    """A closed resolution's result per college with its chart (members: once closed)."""
    resolution = _resolution_or_404(resolution_id)
    is_reader = bool(g.roles & set(READERS))
    if resolution.status != "closed" and not is_reader:
        abort(404)
    snap = services.snapshot(resolution)
    if not is_reader and current_app.config.get("VOTING_HIDE_SMALL_SECRET_COLLEGES", True):
        snap = publication.for_members(snap, secret=resolution.secret)
    return render_template(
        "voting/resolution_results.html",
        resolution=resolution,
        snap=snap,
        withheld=snap.choices_hidden and resolution.status == "closed",
        chart=charts.result_chart(snap, labels=_chart_labels(resolution)),
        receipts=services.published_receipts(resolution),
        verify_url=verify_url_of(resolution.assembly_id),
    )
