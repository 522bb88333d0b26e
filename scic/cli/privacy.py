"""``scic privacy pseudonymise``: replace former members' personal fields after retention."""

from __future__ import annotations

import click
from flask import current_app
from sqlalchemy import select

from scic.cli import cooperative_or_refuse, refuse
from scic.core import clock
from scic.core.db import db


def scrub_assembly_records(member) -> None:
    """Clear the address a convocation went to and the name written on attendance lines."""
    from scic.assemblies.models import AttendanceEntry, ConvocationRecord

    for record in db.session.scalars(
        select(ConvocationRecord).where(ConvocationRecord.member_id == member.id)
    ):
        record.address = ""
    for line in db.session.scalars(
        select(AttendanceEntry).where(AttendanceEntry.member_id == member.id)
    ):
        line.signed_by = ""


#: Personal fields of packages upstream of membership, cleared with the member's own.
SCRUBBERS = (scrub_assembly_records,)


@click.group("privacy", help="Personal data: retention and pseudonymisation (GDPR).")
def privacy() -> None:
    """The ``privacy`` command group."""


@privacy.command("pseudonymise")
@click.argument("slug")
@click.option(
    "--before",
    "before",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Only members whose retention period ended by this day (default: today).",
)
@click.option(
    "--years",
    type=int,
    default=None,
    help="Retention after the end of liability (default: PRIVACY_RETENTION_YEARS, 10).",
)
@click.option("--dry-run", is_flag=True, help="List the members concerned; change nothing.")
def pseudonymise(slug: str, before, years: int | None, dry_run: bool) -> None:
    """Pseudonymise the former members of SLUG whose retention period is over (one commit)."""
    from scic.membership import privacy as service
    from scic.membership.rules import DEFAULT_RETENTION_YEARS

    cooperative = cooperative_or_refuse(slug)
    if years is None:
        years = int(current_app.config.get("PRIVACY_RETENTION_YEARS", DEFAULT_RETENTION_YEARS))
    try:
        due = service.pseudonymise_former_members(
            cooperative,
            today=clock.today(),
            now=clock.now(),
            years=years,
            before=before.date() if before else None,
            dry_run=dry_run,
            scrubbers=SCRUBBERS,
        )
    except ValueError as exc:
        db.session.rollback()
        refuse([f"Refused: {exc}."])
    for item in due:
        click.echo(f"member {item.member.number}: retention ended {item.retention_ended_on}")
    if dry_run:
        db.session.rollback()
        click.echo(f"{len(due)} member(s) would be pseudonymised (dry run, nothing changed).")
        return
    db.session.commit()
    current_app.logger.info("Pseudonymised %s former member(s) of %s", len(due), slug)
    click.echo(f"{len(due)} member(s) pseudonymised.")


commands = (privacy,)
