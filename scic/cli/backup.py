"""``scic backup FILE`` and ``scic restore FILE``: whole-database copies.

SQLite uses the online backup API (consistent while the application runs); PostgreSQL uses
``pg_dump``/``pg_restore`` in their custom format.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess  # runs the PostgreSQL client tools with fixed arguments
from pathlib import Path

import click
from sqlalchemy.engine import make_url

from scic.cli import refuse
from scic.core.db import db


def _sqlite_path(url) -> str:
    if not url.database or url.database == ":memory:":
        refuse(["An in-memory SQLite database cannot be backed up."])
    return url.database


def _pg_args(url) -> tuple[list[str], dict]:
    import os

    args = ["--host", url.host or "localhost", "--port", str(url.port or 5432)]
    if url.username:
        args += ["--username", url.username]
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password
    return args, env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        refuse([f"{name} is not installed (PostgreSQL client tools are needed)."])
    return path


def backup_database(target: Path) -> None:
    """Write a consistent copy of the configured database to ``target``."""
    url = make_url(str(db.engine.url))
    if url.get_backend_name() == "sqlite":
        db.session.remove()
        source = sqlite3.connect(_sqlite_path(url))
        destination = sqlite3.connect(target)
        try:
            with destination:
                source.backup(destination)
        finally:
            destination.close()
            source.close()
        return
    args, env = _pg_args(url)
    subprocess.run(  # noqa: S603 - fixed PostgreSQL tools, arguments from our configuration
        [
            _tool("pg_dump"),
            *args,
            "--format=custom",
            "--no-owner",
            "--file",
            str(target),
            url.database,
        ],
        check=True,
        env=env,
    )


def restore_database(source: Path) -> None:
    """Replace the configured database's content with the backup in ``source``."""
    url = make_url(str(db.engine.url))
    db.session.remove()
    db.engine.dispose()
    if url.get_backend_name() == "sqlite":
        backup = sqlite3.connect(source)
        destination = sqlite3.connect(_sqlite_path(url))
        try:
            with destination:
                backup.backup(destination)
        finally:
            destination.close()
            backup.close()
        return
    args, env = _pg_args(url)
    subprocess.run(  # noqa: S603 - fixed PostgreSQL tools, arguments from our configuration
        [
            _tool("pg_restore"),
            *args,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--dbname",
            url.database,
            str(source),
        ],
        check=True,
        env=env,
    )


@click.command("backup", help="Copy the whole database to FILE (consistent while running).")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def backup(file: Path) -> None:
    try:
        backup_database(file)
    except (sqlite3.Error, subprocess.CalledProcessError, OSError) as error:
        refuse([f"Backup failed: {error}"])
    click.echo(f"Backup written to {file}")


@click.command("restore", help="Replace the database's content with the backup FILE.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore(file: Path, yes: bool) -> None:
    if not yes:
        click.confirm("This replaces every row of the configured database. Continue?", abort=True)
    try:
        restore_database(file)
    except (sqlite3.Error, subprocess.CalledProcessError, OSError) as error:
        refuse([f"Restore failed: {error}"])
    click.echo(f"Database restored from {file}")


commands = (backup, restore)
