"""Casting a ballot, shared by the signed-in page and the voting link: the form, the receipt and
its e-mail (queued here, written by the outbox's worker: ``receipt_mail``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import abort, redirect, render_template, request, session

from scic.assemblies.models import Assembly
from scic.core import clock
from scic.core.db import db
from scic.core.i18n import _
from scic.core.views import flash_violations
from scic.core.violations import RuleViolation
from scic.membership.models import Member
from scic.voting import queries, services
from scic.voting.forms import BallotForm
from scic.voting.models import Resolution
from scic.voting.views.blueprint import RECEIPT_KEY, verify_url_of
from scic.voting.views.receipt_mail import queue_receipt, vote_facts


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
        refusals: list = []
        pending = services.pending_ballots(assembly, capacities, now=clock.now(), refusals=refusals)
        if not pending:
            flash_violations(refusals)  # R-AG-13: why no ballot is shown
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
    posted: _Posted,
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

    ``posted``: the form and what it names (:func:`_posted_ballot`); ``capacities()``: the
    members the voter may act for; ``capacity_of(member)``: that right for one member, when
    it is cheaper than the list (otherwise found in it). Its views are ``reads_first``: on
    SQLite the write lock is taken by ``cast_ballot`` only.
    """
    form, resolution, member = posted.form, posted.ballot.resolution, posted.ballot.member
    if resolution is None or resolution.assembly_id != assembly.id:
        abort(404)
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
            remaining=len(services.pending_ballots(assembly, capacities(), now=clock.now())),
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
    facts = vote_facts(resolution)
    to = by.email if by is not None else member.email
    try:
        # The ballot, its audit entry and its receipt's outbox row: one statement.
        with services.ballot_writes():
            receipt = services.cast_ballot(
                resolution,
                member,
                form.choice.data,
                by=by,
                token_member=token_member,
                capacities=[capacity],
                now=clock.now(),
                college=posted.ballot.college,
            )
            if to:
                # Written by the outbox's worker after the commit (receipt_mail), not here.
                queue_receipt(to, receipt, facts)
    except RuleViolation as exc:
        db.session.rollback()
        flash_violations(exc.violations)
        return redirect(back_url, code=303)
    db.session.commit()
    _remember_receipt(receipt)
    return redirect(receipt_url, code=303)


@dataclass(frozen=True)
class _Posted:
    form: BallotForm
    ballot: queries.PostedBallot


def _posted_ballot() -> _Posted:
    """The ballot form and what it names: the resolution with its assembly, the member and its
    college on the day, read in one statement (``queries.posted_ballot``). Views call it first:
    the assembly is then found in the session instead of queried again."""
    form = BallotForm()
    resolution_id = request.form.get("resolution", type=int)
    if resolution_id is None:
        return _Posted(form, queries.PostedBallot(None, None, None))
    # The member as coerced by the field: an int, or None for a value that is not one.
    return _Posted(form, queries.posted_ballot(resolution_id, form.member.data, clock.today()))


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
        verify_url=verify_url_of(resolution.assembly_id) if resolution else None,
        **template_vars,
    )
