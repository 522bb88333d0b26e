"""``scic capital``: registered-letter notices of unpaid calls and exclusion by law (R-EXCL-3)."""

from __future__ import annotations

import click
from sqlalchemy import select

from scic.cli import cooperative_or_refuse, refuse
from scic.core import clock
from scic.core.db import db


def _refused(exc) -> None:
    from scic.core.messages import describe

    db.session.rollback()
    refuse([describe(v) for v in exc.violations])


@click.group("capital", help="Share capital: unpaid calls and exclusion by operation of law.")
def capital() -> None:
    """The ``capital`` command group."""


@capital.command("unpaid-notice")
@click.argument("slug")
@click.argument("number", type=int)
@click.option("--sent-on", type=click.DateTime(formats=["%Y-%m-%d"]), required=True)
@click.option("--letter-ref", required=True, help="The registered letter's number.")
def unpaid_notice(slug: str, number: int, sent_on, letter_ref: str) -> None:
    """Record the registered letter asking member NUMBER of SLUG to pay its called amount."""
    from scic.capital.unpaid_calls import record_unpaid_notice
    from scic.core.violations import RuleViolation
    from scic.membership.models import Member

    cooperative = cooperative_or_refuse(slug)
    member = db.session.scalar(
        select(Member).where(Member.cooperative_id == cooperative.id, Member.number == number)
    )
    if member is None:
        refuse([f"Unknown member number: {number}"])
    try:
        notice = record_unpaid_notice(
            member,
            sent_on=sent_on.date(),
            letter_ref=letter_ref,
            today=clock.today(),
            now=clock.now(),
        )
    except RuleViolation as exc:
        _refused(exc)
    db.session.commit()
    click.echo(f"member {number}: notice of {notice.sent_on} recorded")


@capital.command("exclude-unpaid")
@click.argument("slug")
@click.option("--dry-run", is_flag=True, help="List the exclusions due; change nothing.")
def exclude_unpaid(slug: str, dry_run: bool) -> None:
    """Record the exclusions by law due today in SLUG (R-CAP-4, R-EXCL-3); run it daily."""
    from scic.capital.unpaid_calls import exclude_for_unpaid_calls
    from scic.core.violations import RuleViolation

    cooperative = cooperative_or_refuse(slug)
    try:
        exits = exclude_for_unpaid_calls(cooperative, today=clock.today(), now=clock.now())
    except RuleViolation as exc:
        _refused(exc)
    for request in exits:
        click.echo(f"member {request.member.number}: excluded on {request.effective_on}")
    if dry_run:
        db.session.rollback()
        click.echo(f"{len(exits)} exclusion(s) due (dry run, nothing changed).")
        return
    db.session.commit()
    click.echo(f"{len(exits)} exclusion(s) recorded.")


commands = (capital,)
