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
