"""The instance folder is private: 0700, and 0600 for its files.

It holds the SQLite database and its WAL, backups, the outbox (every e-mail, personal voting
links included), uploads, the task queue's store and the chain checkpoints: nobody but the
service's account may read them. ``create_app`` sets the process umask to 077 (new files 0600,
folders 0700) and tightens what already exists. What expires is purged by
``scic.core.retention`` (``scic purge``, and the worker's nightly job).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

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
