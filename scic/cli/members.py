"""``scic members``: import and export the members CSV (FORMATS.md §3 and §4)."""

from __future__ import annotations

from pathlib import Path

import click

from scic.cli import cooperative_or_refuse, refuse
from scic.core import clock
from scic.core.db import db
from scic.core.messages import describe
from scic.core.violations import RuleViolation


@click.group("members", help="Import or export the members of a cooperative.")
def members() -> None:
    """The ``members`` command group."""


@members.command("import")
@click.argument("slug")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(slug: str, file: Path) -> None:
    """Import new members with their first subscription; all or nothing (exit 2 on refusal)."""
    from scic.capital import services

    cooperative = cooperative_or_refuse(slug)
    try:
        text = file.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        refuse([f"{file}: not UTF-8 text"])
    try:
        created = services.import_members(cooperative, text)
    except RuleViolation as exc:
        db.session.rollback()
        refuse([describe(v) for v in exc.violations])
    db.session.commit()
    click.echo(f"Imported {len(created)} members into {slug}.")


@members.command("export")
@click.argument("slug")
@click.option(
    "--at",
    "at",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Members holding shares at the end of this day (default: today).",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file instead of standard output.",
)
def export_command(slug: str, at, output: Path | None) -> None:
    """Write the members CSV (semicolons, BOM, ISO dates) of the members at a date."""
    from flask import current_app

    from scic.capital import services

    cooperative = cooperative_or_refuse(slug)
    day = at.date() if at else clock.today()
    text = services.export_members(cooperative, day)
    current_app.logger.info("Members CSV of %s at %s exported from the command line", slug, day)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {output}", err=True)


commands = (members,)
