"""Voting by personal link (no account) and checking a receipt."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, session, url_for

from scic.assemblies.models import Assembly
from scic.core import clock
from scic.core.db import db, reads_first
from scic.core.extensions import limiter
from scic.membership.models import Member
from scic.voting import queries, services
from scic.voting.forms import VerifyForm
from scic.voting.rules import format_receipt
from scic.voting.views.blueprint import TOKEN_KEY, public
from scic.voting.views.casting import (
    _ballot_page,
    _posted_ballot,
    _receipt_page,
    _submit_ballot,
)

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
    mandate_id = data.get("r")
    return assembly, member, mandate_id if isinstance(mandate_id, int) else None


@public.get("/<token>")
@limiter.limit("30 per minute")
def token_entry(token: str):
    """Open the voting page of one assembly for the member named in the link."""
    found = services.read_voting_link(token)
    if found is None:
        return render_template("voting/token_invalid.html"), 404
    assembly, member, mandate_id = found
    session[TOKEN_KEY] = {"a": assembly.id, "m": member.id, "r": mandate_id}
    return redirect(url_for("voting.token_ballot"))


@public.get("/")
def token_ballot():
    assembly, member, mandate_id = _token_context()
    capacities = services.voters_for_token(member, assembly, clock.today(), mandate_id)
    return _ballot_page(
        assembly,
        capacities,
        post_url=url_for("voting.token_cast"),
        template_vars={"token": True},
    )


@public.post("/")
@reads_first
def token_cast():
    assembly, member, mandate_id = _token_context()
    capacities = services.voters_for_token(member, assembly, clock.today(), mandate_id)
    return _submit_ballot(
        assembly,
        _posted_ballot(),
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
