"""Files of the instance folder: private modes, and a retention period for mail and exports.

The instance folder holds the SQLite database and its WAL, backups, the outbox (every e-mail,
personal voting links included), exports and uploads: nobody but the service's account may
read them. ``create_app`` sets the process umask to 077 (new files 0600, folders 0700) and
tightens what already exists.

Outbox messages and finished exports are only needed for a while: ``purge_expired(now)``
deletes those older than ``RETENTION_DAYS`` (``scic purge``, run by the task queue daily).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

#: Folders of the instance whose files expire after RETENTION_DAYS.
EXPIRING_FOLDERS = ("outbox", "exports")
PRIVATE_UMASK = 0o077


def make_private(instance: Path) -> None:
    """Create the instance folder 0700 and tighten what already exists in it (0600 / 0700)."""
    os.umask(PRIVATE_UMASK)
    instance.mkdir(mode=0o700, parents=True, exist_ok=True)
    for folder, folders, files in os.walk(instance):
        _chmod(Path(folder), 0o700)
        for name in files:
            _chmod(Path(folder) / name, 0o600)
        folders[:] = [f for f in folders if not (Path(folder) / f).is_symlink()]


def _chmod(path: Path, mode: int) -> None:
    try:
        if not path.is_symlink() and stat.S_IMODE(path.stat().st_mode) != mode:
            path.chmod(mode)
    except OSError:  # a file that vanished meanwhile, or not ours: leave it
        pass


@dataclass(frozen=True)
class Purged:
    """What ``purge_expired`` deleted, per folder."""

    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def purge_expired(
    now: datetime, *, instance: Path | None = None, days: int | None = None
) -> Purged:
    """Delete outbox messages and export files last written more than ``days`` before ``now``.

    ``days`` defaults to ``RETENTION_DAYS`` and ``instance`` to the app's instance folder.
    """
    if instance is None or days is None:
        from flask import current_app

        instance = instance or Path(current_app.instance_path)
        days = current_app.config["RETENTION_DAYS"] if days is None else days
    limit = (now - timedelta(days=days)).timestamp()
    counts = {}
    for name in EXPIRING_FOLDERS:
        folder = instance / name
        counts[name] = 0
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            try:
                if path.is_file() and path.stat().st_mtime < limit:
                    path.unlink()
                    counts[name] += 1
            except FileNotFoundError:  # deleted by another purge meanwhile
                continue
    return Purged(counts)
