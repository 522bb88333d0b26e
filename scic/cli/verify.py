"""``scic verify SLUG``: walk every hash chain of a cooperative and name the first break, then
check its electronic registers (numbering, signatures, timestamps; docs/signatures.md)."""

from __future__ import annotations

import sys

import click
from sqlalchemy import select

from scic.cli import refuse


@click.command("verify", help="Check the hash chains and electronic registers of a cooperative.")
@click.argument("slug")
def verify(slug):
    """Print each chain's length and head and each register's sheets; exit 2 naming the first
    broken entry and every problem of a register, 0 when all is intact."""
    from flask import current_app

    from scic.archive.queries import SigningSettings
    from scic.archive.verification import verify_cooperative as verify_registers
    from scic.cooperatives.models import Cooperative
    from scic.core.db import db
    from scic.registers import signing
    from scic.registers.integrity import first_break, verify_cooperative

    cooperative = db.session.scalar(select(Cooperative).where(Cooperative.slug == slug))
    if cooperative is None:
        refuse([f"Unknown cooperative: {slug}"])
    reports = verify_cooperative(cooperative)
    for report in reports:
        state = "intact" if report.intact else "BROKEN"
        click.echo(f"{report.table}: {report.entries} entries, head {report.head_hash} — {state}")
    broken = first_break(reports)
    settings = SigningSettings.from_config(current_app.config)
    registers = verify_registers(cooperative, signing.trust_roots_from(settings.trust_roots))
    for register in registers:
        state = "intact" if register.intact else "BROKEN"
        click.echo(
            f"register {register.series}: {register.sheets} signed sheets, "
            f"{register.timestamped} timestamped — {state}"
        )
        for problem in register.problems:
            details = ", ".join(f"{k} {v}" for k, v in problem.params.items())
            click.echo(
                f"Register {problem.series}, sheet {problem.number}: {problem.code}"
                + (f" ({details})" if details else ""),
                err=True,
            )
    if not settings.trust_roots:
        click.echo("No SIGNING_TRUST_ROOTS: signatures checked for integrity, not for trust.")
    if broken is not None:
        b = broken.broken
        click.echo(
            f"First broken entry: table {broken.table}, id {b.entry_id}, position {b.position}, "
            f"reason {b.reason}",
            err=True,
        )
    if broken is not None or not all(r.intact for r in registers):
        sys.exit(2)
    click.echo("All chains are intact.")
    click.echo("All electronic registers are intact.")


commands = (verify,)
