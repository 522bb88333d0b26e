"""Voting pages: the secretary's console, the voter's phone page, results and receipts.

Two blueprints: ``votes`` under /c/<slug>/votes (signed-in users with a role), and ``voting``
under /vote for the convocation's personal link, which opens the voting page and nothing else
(the member is kept in the session under ``scic.vote``, which is not a login).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from sqlalchemy.orm import joinedload

from scic.assemblies.models import Assembly
from scic.assemblies.rules import PARIS
from scic.cooperatives import navigation
from scic.cooperatives.access import MANAGERS, READERS, cooperative_blueprint, cooperative_role
from scic.cooperatives.models import College, Role
from scic.core import clock, mail
from scic.core.db import db, get_or_404, reads_first
from scic.core.extensions import limiter
from scic.core.i18n import _, _l, format_percent
from scic.core.links import external_url
from scic.core.views import flash_violations, run_and_commit
from scic.core.violations import RuleViolation
from scic.membership.models import Member
from scic.voting import charts, queries, services
from scic.voting.forms import (
    ActionForm,
    BallotForm,
    HandCountForm,
    RecordBallotForm,
    ResolutionForm,
    VerifyForm,
)
from scic.voting.models import Resolution
from scic.voting.rules import format_receipt

bp = cooperative_blueprint("votes", __name__, "/votes")
public = Blueprint("voting", __name__, url_prefix="/vote")
blueprints = (bp, public)

#: Session keys of the token link and of the receipt shown once.
TOKEN_KEY = "scic.vote"  # noqa: S105 - a session key, not a secret
RECEIPT_KEY = "scic.receipt"
ALL_ROLES = (*READERS, Role.MEMBER, Role.REPRESENTATIVE)

navigation.add_entry(40, "votes.ballot", _l("Vote"), (Role.MEMBER, Role.REPRESENTATIVE))
navigation.add_entry(45, "votes.index", _l("Votes and results"), ALL_ROLES)


# --- Helpers ------------------------------------------------------------------------------------


def _resolution_or_404(resolution_id: int) -> Resolution:
    return get_or_404(Resolution, resolution_id, cooperative_id=g.cooperative.id)


def _chart_labels(resolution: Resolution) -> dict[str, str]:
    return {
        "title": _("Result of resolution %(number)s", number=resolution.number),
        "for": _("For"),
        "against": _("Against"),
        "abstain": _("Abstained"),
        "total": _("Weighted total"),
        "threshold": _("Threshold"),
    }


def _percent(value) -> str:
    """A share for display, in the user's locale, rounded half-up (R-TAL-1)."""
    return "—" if value is None else format_percent(value)


def _hide_small(snapshot) -> bool:
    return bool(snapshot.small_colleges) and current_app.config.get(
        "VOTING_HIDE_SMALL_SECRET_COLLEGES", True
    )


@bp.app_template_filter("vote_percent")
def _vote_percent(value) -> str:
    return _percent(value)


def _verify_url(assembly: Assembly) -> str:
    return external_url("voting.verify", token=services.make_verification_token(assembly))


@dataclass(frozen=True)
class _ReceiptFacts:
    """What the receipt e-mail says of the vote, read before it: after the commit the rows are
    expired, and reading them again would take a new transaction."""

    assembly_title: str
    resolution_number: int
    resolution_title: str
    verify_url: str


def _receipt_facts(resolution: Resolution) -> _ReceiptFacts:
    return _ReceiptFacts(
        resolution.assembly.title,
        resolution.number,
        resolution.title,
        _verify_url(resolution.assembly),
    )


def _receipt_mail(receipt: services.Receipt, facts: _ReceiptFacts) -> tuple[str, str]:
    """The receipt e-mail's subject and body; a secret ballot's code is never e-mailed.

    Written after the commit, outside the lock that serialises the cooperative's votes.
    """
    lines = [
        _("Your vote has been recorded."),
        "",
        _("Assembly: %(title)s", title=facts.assembly_title),
        _(
            "Resolution %(number)s: %(title)s",
            number=facts.resolution_number,
            title=facts.resolution_title,
        ),
        _("Recorded at: %(time)s (UTC)", time=receipt.cast_at.strftime("%Y-%m-%d %H:%M")),
    ]
    if receipt.secret:
        lines.append(
            _(
                "This is a secret ballot: your receipt code is not sent by e-mail, so that "
                "nobody reading this message can find your vote. Use the code shown on screen."
            )
        )
    else:
        lines.append(_("Receipt code: %(code)s", code=receipt.code))
    lines += ["", _("Check that your ballot is counted: %(url)s", url=facts.verify_url)]
    return _("Your vote: receipt"), "\n".join(lines)


def _remember_receipt(receipt: services.Receipt) -> None:
    session[RECEIPT_KEY] = {
        "code": receipt.code,
        "resolution_id": receipt.resolution_id,
        "secret": receipt.secret,
        "choice": receipt.choice,
    }


def _ballot_page(
    assembly: Assembly, capacities, *, post_url: str, template_vars: dict, pending=None
):
    """Render the next resolution to vote on (one at a time), or the 'nothing to vote' page."""
    if pending is None:
        pending = services.pending_ballots(assembly, capacities)
    wanted = request.args.get("resolution", type=int)
    chosen = next((p for p in pending if p[0].id == wanted), pending[0] if pending else None)
    if chosen is None:
        return render_template("voting/ballot_none.html", assembly=assembly, **template_vars)
    resolution, voters = chosen
    form = BallotForm(resolution=str(resolution.id))
    form.member.choices = [(c.member.id, _voter_label(c)) for c in voters]
    return render_template(
        "voting/ballot_form.html",
        form=form,
        resolution=resolution,
        assembly=assembly,
        remaining=len(pending),
        post_url=post_url,
        **template_vars,
    )


def _voter_label(capacity: services.Capacity) -> str:
    if capacity.proxy:
        return _("%(name)s (proxy)", name=capacity.member.display_name)
    return capacity.member.display_name


def _submit_ballot(
    assembly: Assembly,
    resolution: Resolution | None,
    capacities: Callable[[], list[services.Capacity]],
    *,
    capacity_of: Callable[[Member], services.Capacity | None] | None = None,
    by,
    token_member,
    receipt_url: str,
    back_url: str,
    template_vars: dict,
):
    """First POST shows the confirmation; the confirmed POST casts, commits and redirects.

    ``resolution``: the one the form names (:func:`_posted_resolution`); ``capacities()``: the
    members the voter may act for; ``capacity_of(member)``: that right for one member, when
    it is cheaper than the list (otherwise found in it). Its views are ``reads_first``: on
    SQLite the write lock is taken by ``cast_ballot`` only.
    """
    form = BallotForm()
    if resolution is None or resolution.assembly_id != assembly.id:
        abort(404)
    # Coerced by the field: an int, or None for a value that is not one.
    member = db.session.get(Member, form.member.data) if form.member.data is not None else None
    if member is None:
        capacity = None
    elif capacity_of is not None:
        capacity = capacity_of(member)
    else:
        capacity = next((c for c in capacities() if c.member.id == member.id), None)
    # Only a member one may act for is a valid choice; one already voted for gets the
    # service's clear refusal.
    form.member.choices = [(member.id, _voter_label(capacity))] if capacity else []
    if not form.validate():
        return render_template(
            "voting/ballot_form.html",
            form=form,
            resolution=resolution,
            assembly=assembly,
            remaining=len(services.pending_ballots(assembly, capacities())),
            post_url=request.full_path.rstrip("?"),
            **template_vars,
        ), 400
    if form.confirmed.data != "1":
        return render_template(
            "voting/ballot_confirm.html",
            form=form,
            resolution=resolution,
            member=member,
            choice_label=_choice_label(form),
            post_url=request.full_path.rstrip("?"),
            back_url=back_url,
            **template_vars,
        )
    facts = _receipt_facts(resolution)
    try:
        receipt = services.cast_ballot(
            resolution,
            member,
            form.choice.data,
            by=by,
            token_member=token_member,
            capacities=[capacity],
            now=clock.now(),
        )
    except RuleViolation as exc:
        db.session.rollback()
        flash_violations(exc.violations)
        return redirect(back_url, code=303)
    to = by.email if by is not None else member.email
    db.session.commit()
    if to:
        mail.send_mail(to, *_receipt_mail(receipt, facts))
    _remember_receipt(receipt)
    return redirect(receipt_url, code=303)


def _posted_resolution() -> Resolution | None:
    """The resolution the ballot form names, loaded with its assembly in one query: the vote
    needs both, and the assembly is then found in the session instead of queried again."""
    resolution_id = request.form.get("resolution", type=int)
    if resolution_id is None:
        return None
    return db.session.get(Resolution, resolution_id, options=[joinedload(Resolution.assembly)])


def _choice_label(form: BallotForm) -> str:
    for choice in form.choice.choices:
        value, label = (choice.value, choice.label) if hasattr(choice, "value") else choice[:2]
        if value == form.choice.data:
            return str(label)
    return form.choice.data


def _receipt_page(template_vars: dict):
    data = session.pop(RECEIPT_KEY, None)
    if data is None:
        return render_template("voting/ballot_receipt.html", receipt=None, **template_vars)
    resolution = db.session.get(Resolution, data["resolution_id"])
    return render_template(
        "voting/ballot_receipt.html",
        receipt=data,
        resolution=resolution,
        verify_url=_verify_url(resolution.assembly) if resolution else None,
        **template_vars,
    )


# --- Member side (signed in) --------------------------------------------------------------------


@bp.get("/")
@cooperative_role(*ALL_ROLES)
def index():
    """Assemblies and their resolutions, with links to vote and to the results."""
    assemblies = [
        (a, queries.resolutions_of(a)) for a in queries.assemblies_with_votes(g.cooperative)
    ]
    return render_template(
        "voting/index.html",
        assemblies=assemblies,
        is_manager=bool(g.roles & set(MANAGERS)),
        is_reader=bool(g.roles & set(READERS)),
    )


def _current_assembly_capacities():
    """The assembly where the user may vote now, its capacities (own, represented, proxy) and
    the pending ballots."""
    for assembly in queries.assemblies_with_votes(g.cooperative):
        if assembly.status not in services.TOKEN_STATUSES:
            continue
        capacities = services.voters_for_user(current_user, assembly, clock.today())
        pending = services.pending_ballots(assembly, capacities)
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
    resolution = _posted_resolution()
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
        resolution,
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
    hide = _hide_small(snap) and not is_reader
    return render_template(
        "voting/resolution_results.html",
        resolution=resolution,
        snap=snap,
        hide_colleges=hide,
        chart=charts.result_chart(snap, labels=_chart_labels(resolution), hide_colleges=hide),
        receipts=services.published_receipts(resolution),
        verify_url=_verify_url(resolution.assembly),
    )


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
    members = queries.entitled_members(g.cooperative, services.assembly_day(assembly))
    form.excluded_member.choices = [(0, _("None"))] + [
        (m.id, f"{m.number} — {m.display_name}") for m in members
    ]
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


def _record_form(resolution: Resolution) -> RecordBallotForm:
    form = RecordBallotForm()
    day = services.assembly_day(resolution.assembly)
    voted = queries.voter_ids(resolution)  # one statement, not one per member
    form.member.choices = [
        (m.id, f"{m.number} — {m.display_name}")
        for m in queries.entitled_members(g.cooperative, day)
        if m.id not in voted
    ]
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
    snap = services.snapshot(resolution)
    return render_template(
        "voting/resolution_console.html",
        resolution=resolution,
        snap=snap,
        record_form=_record_form(resolution),
        hand_form=_hand_form(),
        action_form=ActionForm(),
        is_manager=bool(g.roles & set(MANAGERS)),
        participants=queries.participations_of(resolution)
        if resolution.secret
        else queries.ballots_of(resolution),
    )


@bp.get("/resolutions/<int:resolution_id>/live.json")
@cooperative_role(*MANAGERS)
def live(resolution_id: int):
    """Live counts for the secretary's screen (polled every 2 s by static/js/voting-live.js).

    A secret ballot shows participation only until it closes (R-TAL-3).
    """
    resolution = _resolution_or_404(resolution_id)
    snap = services.snapshot(resolution)
    hidden = snap.choices_hidden
    return jsonify(
        {
            "status": resolution.status,
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
        lambda: services.open_vote(resolution, by=current_user, now=clock.now()),
        _("The vote is open."),
        _console_redirect(resolution),
    )


@bp.post("/resolutions/<int:resolution_id>/close")
@cooperative_role(*MANAGERS)
def close_vote(resolution_id: int):
    resolution = _resolution_or_404(resolution_id)
    if not ActionForm().validate():
        abort(400)
    try:
        outcome = services.close_vote(resolution, by=current_user, now=clock.now())
    except RuleViolation as exc:
        db.session.rollback()
        flash_violations(exc.violations)
        return _console_redirect(resolution)
    db.session.commit()
    if outcome.small_colleges:
        flash(
            _(
                "Fewer than three members voted in %(colleges)s: their per-college detail "
                "would reveal individual secret votes, so members only see the weighted total.",
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


@bp.post("/resolutions/<int:resolution_id>/ballots")
@cooperative_role(*MANAGERS)
def record_ballot(resolution_id: int):
    """The secretary records a member's vote given in the room or on a postal form."""
    resolution = _resolution_or_404(resolution_id)
    form = _record_form(resolution)
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
    """The auditor's scic-tally/1 export: per-college counts of every closed vote (R-TAL-4)."""
    assembly = get_or_404(Assembly, assembly_id, cooperative_id=g.cooperative.id)
    try:
        document = services.export_tally_json(assembly)
    except RuleViolation as exc:
        flash_violations(exc.violations)
        return redirect(url_for(".assembly", assembly_id=assembly.id))
    response = jsonify(document)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="tally-{g.cooperative.slug}-{assembly.id}.json"'
    )
    return response


# --- The convocation's personal link (outside /c/<slug>/) ---------------------------------------


def _token_context():
    """The assembly and member of the link kept in the session, or 404."""
    data = session.get(TOKEN_KEY)
    if not isinstance(data, dict):
        abort(404)
    assembly = db.session.get(Assembly, data.get("a"))
    member = db.session.get(Member, data.get("m"))
    if (
        assembly is None
        or member is None
        or member.cooperative_id != assembly.cooperative_id
        or assembly.status not in services.TOKEN_STATUSES
    ):
        session.pop(TOKEN_KEY, None)
        abort(404)
    return assembly, member


@public.get("/<token>")
@limiter.limit("30 per minute")
def token_entry(token: str):
    """Open the voting page of one assembly for the member named in the link."""
    found = services.read_voting_token(token)
    if found is None:
        return render_template("voting/token_invalid.html"), 404
    assembly, member = found
    session[TOKEN_KEY] = {"a": assembly.id, "m": member.id}
    return redirect(url_for("voting.token_ballot"))


@public.get("/")
def token_ballot():
    assembly, member = _token_context()
    capacities = services.voters_for_token(member, assembly, clock.today())
    return _ballot_page(
        assembly,
        capacities,
        post_url=url_for("voting.token_cast"),
        template_vars={"token": True},
    )


@public.post("/")
@reads_first
def token_cast():
    assembly, member = _token_context()
    capacities = services.voters_for_token(member, assembly, clock.today())
    return _submit_ballot(
        assembly,
        _posted_resolution(),
        lambda: capacities,
        by=None,
        token_member=member,
        receipt_url=url_for("voting.token_receipt"),
        back_url=url_for("voting.token_ballot"),
        template_vars={"token": True},
    )


@public.get("/receipt")
def token_receipt():
    return _receipt_page({"token": True})


@public.get("/verify/<token>")
@limiter.limit("30 per minute")
def verify(token: str):
    """Public check of a receipt code for one assembly; secret ballots list codes, not choices."""
    assembly = services.read_verification_token(token)
    if assembly is None:
        abort(404)
    form = VerifyForm(request.args)
    check = None
    searched = False
    if request.args.get("code") is not None:
        searched = True
        if form.validate():
            check = services.verify_receipt(assembly, form.code.data)
    secret_lists = [
        (r, services.published_receipts(r))
        for r in queries.resolutions_of(assembly)
        if r.secret and r.status == "closed"
    ]
    return render_template(
        "voting/verify.html",
        assembly=assembly,
        form=form,
        check=check,
        searched=searched,
        secret_lists=secret_lists,
        now=clock.now(),
        format_receipt=format_receipt,
    )
