"""``scic backup`` then ``scic restore`` gives back the same data, chains intact."""

from sqlalchemy import select

from scic import create_app
from scic.core import audit
from scic.core.audit import AuditEntry
from scic.core.chain import verify_chain
from scic.core.checkpoints import chain_key
from scic.core.db import db
from tests.conftest import (
    ON_POSTGRES,
    TEST_DATABASE_URL,
    app_config,
    empty_database,
    reset_database,
)


def snapshot():
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    return [(e.id, e.action, e.hash) for e in entries], verify_chain(
        ((e.id, e.prev_hash, e.hash, e.chain_payload()) for e in entries), chain_key()
    )


def test_backup_and_restore_round_trip(tmp_path, make_cooperative):
    url = TEST_DATABASE_URL if ON_POSTGRES else f"sqlite:///{tmp_path}/live.sqlite"
    app = create_app(app_config(tmp_path, SQLALCHEMY_DATABASE_URI=url))
    runner = app.test_cli_runner()
    with app.app_context():
        reset_database()
        cooperative = make_cooperative()
        audit.record("test.before", cooperative)
        db.session.commit()
        cooperative_id = cooperative.id
        before = snapshot()
        assert before[1] is None
        result = runner.invoke(args=["backup", str(tmp_path / "copy.bak")])
        assert result.exit_code == 0, result.output
        cooperative = db.session.get(type(cooperative), cooperative_id)
        audit.record("test.after-backup", cooperative)
        db.session.commit()
        assert snapshot()[0] != before[0]
        result = runner.invoke(args=["restore", "--yes", str(tmp_path / "copy.bak")])
        assert result.exit_code == 0, result.output
        assert snapshot() == before
        empty_database()


def test_backup_of_an_unwritable_target_exits_with_status_2(tmp_path):
    url = f"sqlite:///{tmp_path}/live.sqlite"
    app = create_app(app_config(tmp_path, SQLALCHEMY_DATABASE_URI=url))
    with app.app_context():
        db.create_all()
        result = app.test_cli_runner().invoke(args=["backup", "/nonexistent/dir/x.bak"])
        db.engine.dispose()
    assert result.exit_code == 2
    assert "Backup failed" in result.output
