"""``scic purge``: delete outbox messages and exports older than RETENTION_DAYS."""

from __future__ import annotations

import click


@click.command("purge", help="Delete outbox messages and exports past the retention period.")
@click.option("--days", type=click.IntRange(min=0), help="Override RETENTION_DAYS.")
def purge(days):
    """Print how many files each folder lost; the task queue runs it once a day."""
    from scic.core.clock import now
    from scic.core.files import purge_expired

    purged = purge_expired(now(), days=days)
    for folder, count in purged.counts.items():
        click.echo(f"{folder}: {count} file(s) deleted")


commands = (purge,)
