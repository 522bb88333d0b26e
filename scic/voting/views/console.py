"""The secretary's console: resolutions, opening and closing votes, ballots in the room, show of
hands, export.
"""

from __future__ import annotations

from flask import abort, flash, g, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from scic.assemblies.models import Assembly
from scic.assemblies.rules import PARIS
from scic.cooperatives.access import MANAGERS, READERS, cooperative_role
from scic.cooperatives.models import College
from scic.core import clock
from scic.core.db import db, forget_wal, get_or_404
from scic.core.forms import QueryForm, QueryPage
from scic.core.i18n import _
from scic.core.messages import describe
from scic.core.views import flash_form_errors, flash_violations, run_and_commit
from scic.core.violations import RuleViolation
from scic.membership.member_search import bind_picker
from scic.membership.models import Member
from scic.voting import publication, queries, services, urn
from scic.voting.forms import (
    ActionForm,
    ExclusionProcedureForm,
    HandCountForm,
    RecordBallotForm,
    ResolutionForm,
    UrnCountForm,
)
from scic.voting.models import Resolution
from scic.voting.views.blueprint import _percent, _resolution_or_404, _resolution_status, bp
from scic.workflows import votes

# --- Secretary's console ------------------------------------------------------------------------


@bp.get("/assemblies/<int:assembly_id>")
@cooperative_role(*READERS)
def assembly(assembly_id: int):
    """An assembly's resolutions; the secretary drafts them here."""
    assembly = get_or_404(Assembly, assembly_id, cooperative_id=g.cooperative.id)
    form = _resolution_form(assembly)
    return render_template(
        "voting/assembly.html",
        assembly=assembly,
        resolutions=queries.resolutions_of(assembly),
        form=form,
        is_manager=bool(g.roles & set(MANAGERS)),
    )


def _resolution_form(assembly: Assembly) -> ResolutionForm:
    form = ResolutionForm()
    form.agenda_item.choices = [(0, _("None"))] + [
        (item.id, f"{item.position}. {item.title}") for item in assembly.agenda_items
    ]
    bind_picker(form.excluded_member, g.cooperative, queries.VOTING_STATUSES)
    return form


@bp.post("/assemblies/<int:assembly_id>/resolutions")
@cooperative_role(*MANAGERS)
def create_resolution(assembly_id: int):
    assembly = get_or_404(Assembly, assembly_id, cooperative_id=g.cooperative.id)
    form = _resolution_form(assembly)
    if not form.validate():
        return render_template(
            "voting/assembly.html",
            assembly=assembly,
            form=form,
            is_manager=True,
            resolutions=queries.resolutions_of(assembly),
        ), 400
    item = next((i for i in assembly.agenda_items if i.id == form.agenda_item.data), None)
    excluded = (
        get_or_404(Member, form.excluded_member.data, cooperative_id=g.cooperative.id)
        if form.excluded_member.data
        else None
    )
    try:
        resolution = services.create_resolution(
            assembly,
            title=form.title.data,
            text=form.text.data or "",
            kind=form.kind.data,
            proposed_by=form.proposed_by.data,
            board_approved=form.board_approved.data,
            secret=form.secret.data,
            agenda_item=item,
            excluded_member=excluded,
            notified_on=form.excluded_member_notified_on.data,
            heard_on=form.excluded_member_heard_on.data,
            number=form.number.data,
            by=current_user,
        )
    except RuleViolation as exc:
        db.session.rollback()
        flash_violations(exc.violations)
        return redirect(url_for(".assembly", assembly_id=assembly.id), code=303)
    db.session.commit()
    flash(_("Resolution %(number)s drafted.", number=resolution.number), "success")
    return redirect(url_for(".resolution", resolution_id=resolution.id), code=303)


def _record_form() -> RecordBallotForm:
    """The member is typed (number or name), whatever the membership; one who has no vote on
    the day or has voted already gets the service's refusal, as on every other channel."""
    form = RecordBallotForm()
    bind_picker(form.member, g.cooperative, queries.VOTING_STATUSES)
    return form


def _hand_form() -> HandCountForm:
    form = HandCountForm()
    form.college.choices = [(c.id, f"{c.code} — {c.name}") for c in g.cooperative.colleges] or [
        (0, _("All members"))
    ]
    return form


@bp.get("/resolutions/<int:resolution_id>")
@cooperative_role(*READERS)
def resolution(resolution_id: int):
    """The secretary's screen: open and close the vote, record votes, live results."""
    resolution = _resolution_or_404(resolution_id)
    snap = votes.live_snapshot(resolution)
    draft = resolution.status == "draft"
    tellers = urn.tellers_of(resolution) if resolution.secret else []
    count_form = UrnCountForm().with_tellers(tellers)
    return render_template(
        "voting/resolution_console.html",
        resolution=resolution,
        snap=snap,
        # R-AG-11: the page says how many more must take part before the vote can open;
        # R-EXCL-1: an exclusion waits for the member's notice and hearing.
        quorum_problems=[describe(v) for v in votes.opening_violations(resolution)]
        if draft
        else [],
        record_form=_record_form(),
        procedure_form=ExclusionProcedureForm(obj=resolution),
        hand_form=_hand_form(),
        action_form=ActionForm(),
        urn_ready=resolution.secret and urn.is_ready(resolution),
        count_form=count_form,
        count_rows=list(zip(tellers, count_form.passphrases, strict=False)),
        too_small=publication.colleges_too_small(snap) if resolution.secret else [],
        is_manager=bool(g.roles & set(MANAGERS)),
        participants=_participants_page(resolution),
    )


#: Rows of the console's list of who voted: a page, whatever the number of voters.
PARTICIPANTS_PER_PAGE = 50


def _participants_page(resolution: Resolution) -> QueryPage:
    page = QueryForm(request.args)  # ``page`` of the query string
    page.validate()
    return QueryPage(
        queries.participant_count(resolution),
        page.page_number(),
        PARTICIPANTS_PER_PAGE,
        lambda offset, limit: queries.participants(resolution, offset, limit),
    )


@bp.get("/resolutions/<int:resolution_id>/live.json")
@cooperative_role(*MANAGERS)
def live(resolution_id: int):
    """Live counts for the secretary's screen (polled every 2 s by static/js/voting-live.js).

    A secret ballot shows participation only until it closes (R-TAL-3).
    """
    resolution = _resolution_or_404(resolution_id)
    snap = votes.live_snapshot(resolution)
    hidden = snap.choices_hidden
    return jsonify(
        {
            "status": resolution.status,
            "status_label": _resolution_status(resolution.status),
            "entitled": snap.entitled,
            "voted": snap.voted,
            "choices_hidden": hidden,
            "share_for": None if hidden or snap.share_for is None else str(snap.share_for),
            "for_percent": None if hidden else _percent(snap.share_for),
            "adopted": None if hidden else snap.adopted,
            "small_colleges": snap.small_colleges,
            "colleges": [
                {
                    "code": c.code or "",
                    "entitled": c.entitled,
                    "voted": c.voted,
                    "for": None if hidden else c.for_,
                    "against": None if hidden else c.against,
                    "abstain": None if hidden else c.abstain,
                    "effective_weight": None if hidden else _percent(c.effective_weight),
                }
                for c in snap.colleges
            ],
        }
    )


def _console_redirect(resolution: Resolution):
    return redirect(url_for(".resolution", resolution_id=resolution.id), code=303)


@bp.post("/resolutions/<int:resolution_id>/open")
@cooperative_role(*MANAGERS)
def open_vote(resolution_id: int):
    resolution = _resolution_or_404(resolution_id)
    if not ActionForm().validate():
        abort(400)
    return run_and_commit(
        lambda: votes.open_vote(resolution, by=current_user, now=clock.now()),
        _("The vote is open."),
        _console_redirect(resolution),
    )


@bp.post("/resolutions/<int:resolution_id>/close")
@cooperative_role(*MANAGERS)
def close_vote(resolution_id: int):
    resolution = _resolution_or_404(resolution_id)
    form = UrnCountForm()
    if not form.validate():
        abort(400)
    try:
        opened = urn.unlock_urn(resolution, form.by_teller()) if resolution.secret else None
        outcome = votes.close_vote(resolution, by=current_user, now=clock.now(), urn=opened)
    except RuleViolation as exc:
        db.session.rollback()
        flash_violations(exc.violations)
        return _console_redirect(resolution)
    db.session.commit()
    if resolution.secret:
        forget_wal()  # the WAL still holds the sealed boxes and the shares just deleted
    if outcome.small_colleges:
        flash(
            _(
                "The counts of %(colleges)s would reveal how members voted (fewer than three "
                "voters, or all alike): members see participation and the decision only.",
                colleges=", ".join(outcome.small_colleges),
            ),
            "warning",
        )
    flash(
        _("The vote is closed: adopted.")
        if outcome.adopted
        else _("The vote is closed: not adopted."),
        "success",
    )
    return redirect(url_for(".results", resolution_id=resolution.id), code=303)


@bp.post("/resolutions/<int:resolution_id>/exclusion-procedure")
@cooperative_role(*MANAGERS)
def record_exclusion_procedure(resolution_id: int):
    """Record when the member was notified and could be heard (R-EXCL-1), until the vote closes."""
    resolution = _resolution_or_404(resolution_id)
    form = ExclusionProcedureForm()
    if not form.validate():
        flash_form_errors(form)
        return _console_redirect(resolution)
    return run_and_commit(
        lambda: services.record_exclusion_procedure(
            resolution,
            notified_on=form.excluded_member_notified_on.data,
            heard_on=form.excluded_member_heard_on.data,
            by=current_user,
            now=clock.now(),
        ),
        _("The notice and hearing dates have been recorded."),
        _console_redirect(resolution),
    )


@bp.post("/resolutions/<int:resolution_id>/ballots")
@cooperative_role(*MANAGERS)
def record_ballot(resolution_id: int):
    """The secretary records a member's vote given in the room or on a postal form."""
    resolution = _resolution_or_404(resolution_id)
    form = _record_form()
    if not form.validate():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return _console_redirect(resolution)
    member = get_or_404(Member, form.member.data, cooperative_id=g.cooperative.id)
    received = form.received_at.data
    if received is not None:
        received = received.replace(tzinfo=PARIS)
    try:
        receipt = services.cast_ballot(
            resolution,
            member,
            form.choice.data,
            secretary=True,
            by=current_user,
            channel=form.channel.data,
            received_at=received,
            cast_by_name=form.cast_by_name.data,
            now=clock.now(),
        )
    except RuleViolation as exc:
        db.session.rollback()
        flash_violations(exc.violations)
        return _console_redirect(resolution)
    db.session.commit()
    flash(
        _(
            "Vote of %(name)s recorded. Receipt code for the voter: %(code)s",
            name=member.display_name,
            code=receipt.code,
        ),
        "success",
    )
    return _console_redirect(resolution)


@bp.post("/resolutions/<int:resolution_id>/hand-counts")
@cooperative_role(*MANAGERS)
def record_hand_count(resolution_id: int):
    resolution = _resolution_or_404(resolution_id)
    form = _hand_form()
    if not form.validate():
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
        return _console_redirect(resolution)
    college = (
        get_or_404(College, form.college.data, cooperative_id=g.cooperative.id)
        if form.college.data
        else None
    )
    return run_and_commit(
        lambda: services.record_hand_count(
            resolution,
            college,
            votes_for=form.votes_for.data,
            votes_against=form.votes_against.data,
            votes_abstain=form.votes_abstain.data or 0,
            by=current_user,
            now=clock.now(),
        ),
        _("Show of hands recorded."),
        _console_redirect(resolution),
    )


@bp.get("/assemblies/<int:assembly_id>/export.json")
@cooperative_role(*READERS)
def export(assembly_id: int):
    """The auditor's scic-tally/1 export: per-college counts of every closed vote (R-TAL-4).

    ``?part=ordinary`` or ``extraordinary`` exports one part of a combined assembly.
    """
    assembly = get_or_404(Assembly, assembly_id, cooperative_id=g.cooperative.id)
    part = request.args.get("part")
    if part not in (None, "ordinary", "extraordinary"):
        abort(404)
    try:
        document = services.export_tally_json(assembly, part)
    except RuleViolation as exc:
        flash_violations(exc.violations)
        return redirect(url_for(".assembly", assembly_id=assembly.id))
    response = jsonify(document)
    suffix = f"-{part}" if part else ""
    response.headers["Content-Disposition"] = (
        f'attachment; filename="tally-{g.cooperative.slug}-{assembly.id}{suffix}.json"'
    )
    return response
