"""The scic command line: a Flask CLI group bound to the application factory."""

from __future__ import annotations

import importlib
import sys

import click
from flask.cli import FlaskGroup


def _create_app():
    from scic import create_app, freeze_startup_objects

    app = create_app()
    freeze_startup_objects()
    return app


@click.group(
    cls=FlaskGroup,
    create_app=_create_app,
    add_version_option=False,
    help="scic: governance and share capital of SCICs.",
)
def cli() -> None:
    """Entry point of the ``scic`` console script."""


def register_commands(app) -> None:
    """Attach every command group to the app (so ``flask --app scic`` sees them too)."""
    import pkgutil

    import scic.cli

    # Every module of scic.cli exposes ``commands`` (click commands or groups).
    for info in pkgutil.iter_modules(scic.cli.__path__):
        for command in importlib.import_module(f"scic.cli.{info.name}").commands:
            app.cli.add_command(command)


def refuse(lines: list[str]) -> None:
    """Print one line per problem on standard error and exit with status 2 (FORMATS.md)."""
    for line in lines:
        click.echo(line, err=True)
    sys.exit(2)


def cooperative_or_refuse(slug: str):
    """The cooperative a command names by its slug; status 2 when there is none."""
    from sqlalchemy import select

    from scic.cooperatives.models import Cooperative
    from scic.core.db import db

    cooperative = db.session.scalar(select(Cooperative).where(Cooperative.slug == slug))
    if cooperative is None:
        refuse([f"Unknown cooperative: {slug}"])
    return cooperative


def main() -> None:
    cli.main(prog_name="scic")
