"""reads_first views on SQLite: no write lock while reading, the lock from lock_row on, and no
write allowed before it. PostgreSQL runs the same views with a row lock. These tests build their
own SQLite file database, so they run (and must pass) in the PostgreSQL run of the suite too.
"""

from __future__ import annotations

import sqlite3

import pytest
from flask import jsonify
from sqlalchemy import func, select, text

from scic import create_app
from scic.cooperatives.models import Cooperative
from scic.core.db import db, lock_row, reads_first
from tests.conftest import app_config


def _write_lock_free(path) -> bool:
    """Whether another connection can take the write lock right now (no waiting)."""
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError as exc:
        if "locked" not in str(exc):
            raise
        return False
    finally:
        other.close()


@pytest.fixture
def file_app(tmp_path):
    path = tmp_path / "locks.sqlite"
    app = create_app(app_config(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}"))
    seen: dict[str, object] = {}

    @app.post("/reads-first")
    @reads_first
    def reads_then_writes():
        db.session.scalar(select(func.count(Cooperative.id)))
        seen["before_lock"] = _write_lock_free(path)
        lock_row(Cooperative, 1)
        seen["after_lock"] = _write_lock_free(path)
        db.session.execute(text("CREATE TABLE IF NOT EXISTS t (x INTEGER)"))
        db.session.execute(text("INSERT INTO t VALUES (1)"))
        db.session.commit()
        return jsonify(ok=True)

    @app.post("/writes-too-early")
    @reads_first
    def writes_too_early():
        db.session.execute(text("CREATE TABLE IF NOT EXISTS t (x INTEGER)"))
        return jsonify(ok=True)

    @app.post("/plain")
    def plain():
        db.session.scalar(select(func.count(Cooperative.id)))
        seen["plain"] = _write_lock_free(path)
        db.session.rollback()
        return jsonify(ok=True)

    @app.get("/page")
    def page():
        db.session.scalar(select(func.count(Cooperative.id)))
        seen["page"] = _write_lock_free(path)
        return jsonify(ok=True)

    with app.app_context():
        db.create_all()
        db.session.remove()
    app.config["WTF_CSRF_ENABLED"] = False
    return app, seen, path


def test_a_reads_first_view_takes_the_write_lock_only_at_lock_row(file_app):
    app, seen, path = file_app
    response = app.test_client().post("/reads-first")
    assert response.status_code == 200
    assert seen == {"before_lock": True, "after_lock": False}
    # The write after lock_row was committed.
    with sqlite3.connect(path) as check:
        assert check.execute("SELECT COUNT(*) FROM t").fetchone() == (1,)


def test_other_views_hold_the_write_lock_from_their_first_statement(file_app):
    app, seen, _path = file_app
    assert app.test_client().post("/plain").status_code == 200
    assert seen == {"plain": False}


def test_a_write_before_lock_row_is_refused(file_app):
    app, _seen, path = file_app
    app.config["PROPAGATE_EXCEPTIONS"] = True
    with pytest.raises(RuntimeError, match="before lock_row"):
        app.test_client().post("/writes-too-early")
    with sqlite3.connect(path) as check:
        tables = {r[0] for r in check.execute("SELECT name FROM sqlite_master")}
    assert "t" not in tables


def test_a_page_reads_without_the_write_lock_and_ends_its_read_with_the_request(file_app):
    """GET requests read a snapshot (votes are not queued behind page renders); in one app
    context kept across requests (as tests do), the next request can still write."""
    app, seen, path = file_app
    with app.app_context():
        client = app.test_client()
        assert client.get("/page").status_code == 200
        assert seen == {"page": True}
        assert client.post("/reads-first").status_code == 200
    with sqlite3.connect(path) as check:
        assert check.execute("SELECT COUNT(*) FROM t").fetchone() == (1,)


def test_signing_in_checks_the_password_without_the_write_lock(file_app, monkeypatch):
    """A password check takes a tenth of a second: many voters signing in at the opening of a
    vote must not queue every writer behind it."""
    from scic.auth import services

    app, seen, path = file_app
    with app.app_context():
        services.create_user("elu@mairie.example", password="long enough password")
        db.session.commit()
    check = services.check_password_hash

    def checking(stored, given):
        seen["password"] = _write_lock_free(path)
        return check(stored, given)

    monkeypatch.setattr(services, "check_password_hash", checking)
    client = app.test_client()
    response = client.post(
        "/login", data={"email": "elu@mairie.example", "password": "long enough password"}
    )
    assert response.status_code == 303
    assert seen == {"password": True}
