"""``scic purge``: delete what has outlived RETENTION_DAYS (generated documents, outbox
messages and .eml files), as the worker's nightly job does; for cron or by hand."""

from __future__ import annotations

import click


@click.command("purge", help="Delete documents and mail older than RETENTION_DAYS.")
def purge():
    """Print how many of each were deleted; one commit."""
    from scic.core.clock import now
    from scic.core.db import db
    from scic.core.retention import purge_expired

    counts = purge_expired(now())
    db.session.commit()
    for kind, count in counts.items():
        click.echo(f"{kind}: {count} deleted")


commands = (purge,)
