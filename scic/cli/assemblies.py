"""``scic assemblies export SLUG ASSEMBLY_ID``: the scic-tally/1 file of a closed assembly."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import with_appcontext

from scic.cli import cooperative_or_refuse, refuse


@click.group("assemblies", help="General assemblies.")
def assemblies() -> None:
    pass


@assemblies.command("export")
@click.argument("slug")
@click.argument("assembly_id", type=int)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output.",
)
@click.option(
    "--part",
    type=click.Choice(["ordinary", "extraordinary"]),
    help="The part of a combined assembly to export (each part has its own quorum).",
)
@with_appcontext
def export(slug: str, assembly_id: int, output: Path | None, part: str | None) -> None:
    """Print the per-college counts of the assembly's closed votes as scic-tally/1 (R-TAL-4).

    Never who voted what: a secret ballot only ever has per-college counts (R-TAL-3). The
    ``assembly`` block gives the quorum and turnout each result was decided with (R-AG-11).
    """

    from scic.assemblies.models import Assembly
    from scic.core.db import db
    from scic.core.i18n import _
    from scic.core.messages import describe
    from scic.core.violations import RuleViolation
    from scic.voting import services

    cooperative = cooperative_or_refuse(slug)
    assembly = db.session.get(Assembly, assembly_id)
    if assembly is None or assembly.cooperative_id != cooperative.id:
        refuse([_("No assembly %(id)s in %(slug)s.", id=assembly_id, slug=slug)])
    try:
        document = services.export_tally_json(assembly, part)
    except RuleViolation as exc:
        refuse([describe(v) for v in exc.violations])
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")


commands = (assemblies,)
