"""``scic statutes``: load and export statutes in the ``scic-statutes/1`` format (FORMATS §2)."""

from __future__ import annotations

import json

import click
from sqlalchemy import select

from scic.cli import cooperative_or_refuse, refuse
from scic.core import clock
from scic.core.db import db
from scic.core.messages import describe
from scic.core.violations import RuleViolation


@click.group("statutes", help="Load and export statutes (scic-statutes/1).")
def statutes() -> None:
    pass


@statutes.command("load")
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
@click.option(
    "--decision",
    default="",
    help="Extraordinary assembly resolution that adopted a change of weights (R-COL-7).",
)
@click.option(
    "--effective",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Date a change of weights takes effect (YYYY-MM-DD).",
)
def load(file: str, decision: str, effective) -> None:
    """Create or update the cooperative described by FILE; exit 2 with every violation."""
    from scic.cooperatives.services import apply_statutes
    from scic.cooperatives.statutes_format import read_statutes

    try:
        with open(file, encoding="utf-8-sig") as handle:
            data = json.load(handle)
    except OSError as exc:
        refuse([f"{file}: {exc.strerror}"])
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        refuse([f"{file}: not a JSON document ({exc})"])
    spec, violations = read_statutes(data)
    if spec is None:
        refuse([f"{file}: {describe(v)}" for v in violations])
    existed = _exists(spec.slug)
    try:
        apply_statutes(
            spec,
            decision_ref=decision,
            effective_on=effective.date() if effective else None,
            today=clock.today(),
        )
    except RuleViolation as exc:
        db.session.rollback()
        refuse([f"{file}: {describe(v)}" for v in exc.violations])
    db.session.commit()
    click.echo(f"{'Updated' if existed else 'Created'} {spec.slug}")


def _exists(slug: str) -> bool:
    from scic.cooperatives.models import Cooperative

    return db.session.scalar(select(Cooperative.id).where(Cooperative.slug == slug)) is not None


@statutes.command("export")
@click.argument("slug")
def export(slug: str) -> None:
    """Print the statutes in force today, every key present."""
    from scic.cooperatives.services import statutes_of
    from scic.cooperatives.statutes_format import write_statutes

    cooperative = cooperative_or_refuse(slug)
    document = write_statutes(statutes_of(cooperative, on=clock.today()))
    click.echo(json.dumps(document, ensure_ascii=False, indent=2))


commands = (statutes,)
