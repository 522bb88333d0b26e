"""``scic participations``: public bodies' stakes in the instance's cooperatives (FORMATS §4)."""

from __future__ import annotations

from datetime import date

import click

from scic.cli import refuse


@click.command(
    "participations",
    help="List the participations of local authorities and other public bodies at a date.",
)
@click.option("--siren", default=None, help="Keep one public body (9 digits, Luhn key checked).")
@click.option(
    "--at", "at_text", default=None, metavar="YYYY-MM-DD", help="End of this day, Paris time."
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["csv", "json"]),
    default="csv",
    show_default=True,
)
@click.option(
    "--output", default=None, type=click.Path(dir_okay=False), help="File (default: stdout)."
)
def participations(siren, at_text, output_format, output):
    """Print or write the participations; exit 2 on a bad date or SIREN (nothing written)."""
    from scic.cooperatives.rules import is_siren_valid
    from scic.core import clock
    from scic.registers.participations import (
        participations_at,
        participations_csv,
        participations_json,
    )

    problems = []
    today = clock.today()
    at = today
    if at_text:
        try:
            at = date.fromisoformat(at_text)
        except ValueError:
            problems.append(f"--at: “{at_text}” is not a date (YYYY-MM-DD).")
        else:
            if at > today:
                problems.append(f"--at: {at_text} is in the future; a day is listed once it ends.")
    if siren is not None and not is_siren_valid(siren):
        problems.append(f"--siren: “{siren}” is not a valid SIREN (9 digits, Luhn key).")
    if problems:
        refuse(problems)
    rows = participations_at(at, siren=siren)
    text = participations_json(rows, at) if output_format == "json" else participations_csv(rows)
    if output:
        with open(output, "w", encoding="utf-8", newline="") as target:
            target.write(text)
        click.echo(f"Wrote {output} ({len(rows)} participations at {at.isoformat()})", err=True)
    else:
        click.echo(text, nl=False)


commands = (participations,)
