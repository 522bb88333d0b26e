"""Shared fixtures: the app on a fresh database, clients, CLI runner, login helper, factories.

SQLite (default): a fresh in-memory database per test. PostgreSQL: set SCIC_TEST_DATABASE_URL;
the schema is created once per run and every table is emptied after each test.
"""

from __future__ import annotations

import os
from contextlib import ExitStack

import pytest
from hypothesis import HealthCheck, settings
from sqlalchemy import text

from scic import create_app
from scic.core import clock
from scic.core.db import db

pytest_plugins = [
    "tests.fixtures.factories",
    "tests.fixtures.membership",
    "tests.fixtures.capital",
    "tests.fixtures.assemblies",
    "tests.fixtures.voting",
    "tests.fixtures.registers",
    "tests.fixtures.signing",
]

# CI explores the same examples on every run (derandomize), so its verdict is repeatable;
# developers' runs stay random and find new cases.
settings.register_profile(
    "ci",
    deadline=None,
    max_examples=60,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", deadline=None, max_examples=30)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def pytest_configure(config):
    """Compile the translation catalogs when a .po is newer than its .mo (as `make` does)."""
    from pathlib import Path

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in (Path(__file__).parent.parent / "scic" / "translations").glob("*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            with po.open("rb") as source:
                catalog = read_po(source, locale=po.parent.parent.name)
            with mo.open("wb") as target:
                write_mo(target, catalog, use_fuzzy=True)


TEST_DATABASE_URL = os.environ.get("SCIC_TEST_DATABASE_URL", "sqlite://")
ON_POSTGRES = TEST_DATABASE_URL.startswith("postgresql")
_schema_ready = False


def app_config(tmp_path, **overrides) -> dict:
    """The configuration every test app uses; overrides win."""
    config = {
        "TESTING": True,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": TEST_DATABASE_URL,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1",
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": None,
        # The cheapest Argon2id libsodium accepts: a teller's passphrase costs nothing here.
        "SECRET_URN_KDF_OPSLIMIT": 1,
        "SECRET_URN_KDF_MEMLIMIT": 8192,
    }
    config.update(overrides)
    return config


def reset_database() -> None:
    """Create the schema (SQLite: always fresh; PostgreSQL: once, then emptied per test)."""
    global _schema_ready
    if not ON_POSTGRES:
        db.create_all()
        return
    if not _schema_ready:
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.create_all()
        _schema_ready = True


def empty_database() -> None:
    if ON_POSTGRES:
        db.session.rollback()
        names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
        with db.engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    db.session.remove()
    db.engine.dispose()


@pytest.fixture
def app(tmp_path):
    app = create_app(app_config(tmp_path))
    with app.app_context():
        reset_database()
        yield app
        empty_database()


@pytest.fixture
def frozen_clock():
    """Freeze ``scic.core.clock`` for the test: ``frozen_clock(datetime(..., tzinfo=UTC))``."""
    with ExitStack() as stack:
        yield lambda at: stack.enter_context(clock.frozen(at))


@pytest.fixture
def no_csrf(app):
    app.config["WTF_CSRF_ENABLED"] = False
    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class AuthActions:
    """Sign in and out through the real login form (CSRF token included)."""

    def __init__(self, client):
        self._client = client

    def login(self, email: str, password: str = "correct horse battery"):
        page = self._client.get("/login")
        token = csrf_token_from(page.get_data(as_text=True))
        return self._client.post(
            "/login", data={"email": email, "password": password, "csrf_token": token}
        )

    def login_as(self, user):
        with self._client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True

    def logout(self):
        page = self._client.get("/")
        return self._client.post(
            "/logout", data={"csrf_token": csrf_token_from(page.get_data(as_text=True))}
        )


def statements_during(action) -> list[str]:
    """The SQL statements sent while ``action()`` runs, each on one line."""
    from sqlalchemy import event

    statements: list[str] = []

    def listener(conn, cursor, statement, *args):
        statements.append(" ".join(statement.split()))

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        action()
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    return statements


def csrf_token_from(html: str) -> str:
    import re

    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', html
    )
    assert match, "no CSRF token in the page"
    return match.group(1)


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory):
    """A SQLite file holding the demo cooperative (``scic demo``), built once per run for the
    browser tests and the crawl of the demo's pages; each module works on a copy."""
    from scic.cli.demo import load_demo

    path = tmp_path_factory.mktemp("demo")
    demo = create_app(app_config(path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}/demo.db"))
    with demo.app_context():
        db.create_all()
        load_demo()
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return path / "demo.db"
