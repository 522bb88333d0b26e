"""``scic archive append-sheet SLUG``: sign the next sheet of the electronic share register."""

from __future__ import annotations

import click
from flask import current_app
from sqlalchemy import select

from scic.cli import cooperative_or_refuse, refuse


@click.group("archive", help="Electronic registers: signed, timestamped sheets.")
def archive() -> None:
    """Commands of the electronic registers (docs/signatures.md)."""


@archive.command("append-sheet", help="Sign the ledger entries made since the last sheet.")
@click.argument("slug")
@click.option("--signer-email", required=True, help="E-mail of the officer who signs.")
@click.option("--name", required=True, help="The officer's name, as printed on the stamp.")
@click.option("--capacity", required=True, help="The officer's capacity (e.g. président).")
@click.option("--locale", default="fr", show_default=True)
def append_sheet(slug, signer_email, name, capacity, locale):
    """Append one signed sheet; status 2 when there is nothing new or no certificate."""
    from scic.archive import queries, services
    from scic.core import clock
    from scic.core.db import db
    from scic.core.messages import describe
    from scic.core.violations import RuleViolation

    cooperative = cooperative_or_refuse(slug)
    try:
        sheet = services.append_share_register_sheet(
            cooperative,
            signer_email=signer_email,
            name=name,
            capacity=capacity,
            now=clock.now(),
            settings=queries.SigningSettings.from_config(current_app.config),
            locale=locale,
        )
    except RuleViolation as exc:
        db.session.rollback()
        refuse([describe(v) for v in exc.violations])
    db.session.commit()
    state = "timestamped" if sheet.timestamped else "NOT timestamped (no TSA configured)"
    click.echo(f"Sheet {sheet.number}: {sheet.entries} entries, sha256 {sheet.sha256}, {state}")


@archive.command("sign-certificate", help="Sign a member's share certificate at a date.")
@click.argument("slug")
@click.argument("member_number", type=int)
@click.option("--at", "at", type=click.DateTime(formats=["%Y-%m-%d"]), help="Default: today.")
@click.option("--signer-email", required=True, help="E-mail of the officer who signs.")
@click.option("--name", required=True, help="The officer's name, as printed on the stamp.")
@click.option("--capacity", required=True, help="The officer's capacity (e.g. président).")
@click.option("--output", type=click.Path(dir_okay=False), help="Also write the signed PDF here.")
@click.option("--locale", default="fr", show_default=True)
def sign_certificate(slug, member_number, at, signer_email, name, capacity, output, locale):
    """Sign the certificate as the next numbered signed certificate; status 2 when refused."""
    from pathlib import Path

    from scic.archive import queries, services
    from scic.core import clock
    from scic.core.db import db
    from scic.core.messages import describe
    from scic.core.violations import RuleViolation
    from scic.membership.models import Member
    from scic.registers import queries as register_queries
    from scic.registers.rules import check_register_date

    cooperative = cooperative_or_refuse(slug)
    member = db.session.scalar(
        select(Member).where(
            Member.cooperative_id == cooperative.id, Member.number == member_number
        )
    )
    if member is None:
        refuse([f"No member number {member_number} in {slug}."])
    day = at.date() if at else clock.today()
    problems = check_register_date(day, register_queries.first_day(cooperative), clock.today())
    if problems:
        refuse([describe(v) for v in problems])
    try:
        signed = services.sign_certificate(
            member,
            day,
            signer_email=signer_email,
            name=name,
            capacity=capacity,
            now=clock.now(),
            settings=queries.SigningSettings.from_config(current_app.config),
            locale=locale,
        )
    except RuleViolation as exc:
        db.session.rollback()
        refuse([describe(v) for v in exc.violations])
    db.session.commit()
    if output:
        Path(output).write_bytes(signed.content)
    state = "timestamped" if signed.timestamped else "NOT timestamped (no TSA configured)"
    click.echo(f"Certificate {signed.document_id}: sha256 {signed.sha256}, {state}")


commands = (archive,)
