"""The Alembic migrations build exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from scic import create_app
from scic.core.db import db
from tests.conftest import ON_POSTGRES, TEST_DATABASE_URL, app_config


def test_upgrade_from_empty_matches_the_models(tmp_path):
    url = TEST_DATABASE_URL if ON_POSTGRES else f"sqlite:///{tmp_path}/migrated.sqlite"
    app = create_app(app_config(tmp_path, SQLALCHEMY_DATABASE_URI=url))
    with app.app_context():
        if ON_POSTGRES:
            db.drop_all()
            with db.engine.begin() as connection:
                connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, db.metadata)
        assert differences == []
        if ON_POSTGRES:  # leave the shared test database as the other tests expect it
            db.drop_all()
            with db.engine.begin() as connection:
                connection.exec_driver_sql("DROP TABLE alembic_version")
            import tests.conftest as root

            root._schema_ready = False
        db.engine.dispose()


def test_college_weights_move_from_percent_to_fractions_of_one(tmp_path):
    """Revision 4c7e1b9d3a52 rewrites each stored weight exactly, and its downgrade restores it."""
    from flask_migrate import downgrade

    url = f"sqlite:///{tmp_path}/weights.sqlite"
    app = create_app(app_config(tmp_path, SQLALCHEMY_DATABASE_URI=url))
    with app.app_context():
        upgrade(revision="c4d5e6f7a8b9")
        raw = db.engine.raw_connection()  # a college without its cooperative: no foreign keys
        raw.execute("PRAGMA foreign_keys=OFF")
        raw.executemany(
            "INSERT INTO college_weights (id, college_id, weight, effective_on, decision_ref)"
            " VALUES (?, ?, ?, '2025-01-01', '')",
            [(1, 1, "50"), (2, 2, "100/3"), (3, 3, "33.5"), (4, 4, "0")],
        )
        raw.commit()
        raw.close()

        def stored() -> list[str]:
            with db.engine.connect() as connection:
                rows = connection.exec_driver_sql("SELECT weight FROM college_weights ORDER BY id")
                return [weight for (weight,) in rows]

        upgrade(revision="4c7e1b9d3a52")
        assert stored() == ["1/2", "1/3", "67/200", "0"]
        downgrade(revision="c4d5e6f7a8b9")
        assert stored() == ["50", "100/3", "67/2", "0"]
        db.engine.dispose()


def test_queued_mail_keeps_being_sent_whole_across_the_composer_columns(tmp_path):
    """Revision b8e4d2a6c1f3 adds the composer, locale and facts of messages written at
    delivery: a message queued before it is sent as it was (no composer, no facts)."""
    from pathlib import Path

    from flask_migrate import downgrade

    from scic.core import clock, outbox
    from scic.core.mail import build_message

    url = f"sqlite:///{tmp_path}/outbox.sqlite"
    app = create_app(app_config(tmp_path, SQLALCHEMY_DATABASE_URI=url))
    with app.app_context():
        upgrade(revision="9d3e5f7a1b2c")
        message = bytes(build_message("a@example.org", "Objet", "Corps"))
        with db.engine.begin() as connection:
            connection.exec_driver_sql(
                "INSERT INTO outbox_messages (recipient, subject, message, status, attempts,"
                " created_at, next_attempt_at) VALUES ('a@example.org', 'Objet', ?, 'queued', 0,"
                " '2026-12-07 10:00:00.000000', '2026-12-07 10:00:00.000000')",
                (message,),
            )
        upgrade(revision="b8e4d2a6c1f3")
        with db.engine.connect() as connection:
            row = connection.exec_driver_sql(
                "SELECT composer, locale, facts FROM outbox_messages"
            ).one()
        assert tuple(row) == (None, None, None)
        assert outbox.deliver_one(1, now=clock.now()) == "sent"
        (sent,) = (Path(app.instance_path) / "outbox").glob("*.eml")
        assert sent.read_bytes() == message
        downgrade(revision="9d3e5f7a1b2c")
        with db.engine.connect() as connection:
            columns = [
                c[1] for c in connection.exec_driver_sql("PRAGMA table_info(outbox_messages)")
            ]
        assert [c for c in columns if c in ("composer", "locale", "facts", "subject")] == [
            "subject"
        ]
        db.engine.dispose()
