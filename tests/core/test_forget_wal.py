"""``forget_wal`` is best effort and never waits: a reader on an old snapshot made the request
that closes a secret vote wait the connection's busy timeout (30 s) on a SQLite file."""

from __future__ import annotations

import sqlite3
import time

from scic import create_app
from scic.core.db import db, forget_wal
from tests.conftest import app_config


def test_a_reader_on_an_old_snapshot_does_not_hold_the_checkpoint(tmp_path):
    path = tmp_path / "wal.db"
    app = create_app(app_config(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}"))
    with app.app_context():
        db.create_all()
        reader = sqlite3.connect(path, isolation_level=None)
        try:
            reader.execute("BEGIN")
            reader.execute("SELECT count(*) FROM users").fetchone()  # holds its snapshot
            with db.engine.begin() as connection:  # a write after it: the WAL moves on
                connection.exec_driver_sql("CREATE TABLE scratch (id INTEGER PRIMARY KEY)")
            started = time.monotonic()
            assert forget_wal() is False  # not done, said so, at once
            assert time.monotonic() - started < 5
        finally:
            reader.execute("ROLLBACK")
            reader.close()
        assert forget_wal() is True  # once the reader is gone the WAL is emptied
        db.session.remove()
        db.engine.dispose()
