"""``scic verify SLUG``: walk every hash chain of a cooperative and name the first break."""

from __future__ import annotations

import sys

import click
from sqlalchemy import select

from scic.cli import refuse


@click.command("verify", help="Check the hash chains of a cooperative.")
@click.argument("slug")
def verify(slug):
    """Print each chain's length and head; exit 2 naming the first broken entry, 0 when intact."""
    from scic.cooperatives.models import Cooperative
    from scic.core.db import db
    from scic.registers.integrity import first_break, verify_cooperative

    cooperative = db.session.scalar(select(Cooperative).where(Cooperative.slug == slug))
    if cooperative is None:
        refuse([f"Unknown cooperative: {slug}"])
    reports = verify_cooperative(cooperative)
    for report in reports:
        state = "intact" if report.intact else "BROKEN"
        click.echo(f"{report.table}: {report.entries} entries, head {report.head_hash} — {state}")
    broken = first_break(reports)
    if broken is not None:
        b = broken.broken
        click.echo(
            f"First broken entry: table {broken.table}, id {b.entry_id}, position {b.position}, "
            f"reason {b.reason}",
            err=True,
        )
        sys.exit(2)
    click.echo("All chains are intact.")


commands = (verify,)
