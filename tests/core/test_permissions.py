"""The instance folder is private (0700, files 0600); `scic purge` applies RETENTION_DAYS."""

from __future__ import annotations

import os
import stat
from datetime import timedelta
from pathlib import Path

from scic import create_app
from scic.core.clock import now
from scic.core.db import db
from scic.core.mail import build_message, send
from tests.conftest import (
    ON_POSTGRES,
    TEST_DATABASE_URL,
    app_config,
    empty_database,
    reset_database,
)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_instance_folder_database_wal_outbox_and_backup_are_private(tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir(mode=0o755)
    (instance / "config.py").write_text("PAGE_SIZE = 50\n")
    os.chmod(instance / "config.py", 0o644)  # left readable by an older version
    url = TEST_DATABASE_URL if ON_POSTGRES else f"sqlite:///{instance}/scic.sqlite"
    app = create_app(app_config(tmp_path, SQLALCHEMY_DATABASE_URI=url))
    assert mode(instance) == 0o700
    assert mode(instance / "config.py") == 0o600
    with app.app_context():
        reset_database()
        try:
            from scic.auth.services import create_user

            create_user("ana@example.org")
            db.session.commit()
            send(build_message("ana@example.org", "Subject", "A personal voting link"))
            files = (
                [instance / "scic.sqlite", instance / "scic.sqlite-wal"] if not ON_POSTGRES else []
            )
            outbox = instance / "outbox"
            files += list(outbox.glob("*.eml"))
            result = app.test_cli_runner().invoke(args=["backup", str(instance / "backup.db")])
            assert result.exit_code == 0, result.output
            files.append(instance / "backup.db")
            assert mode(outbox) == 0o700
            assert {f.name: mode(f) for f in files} == {f.name: 0o600 for f in files}
            assert len(files) >= 2
        finally:
            empty_database()


def _aged(path: Path, days: float) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("x")
    moment = (now() - timedelta(days=days)).timestamp()
    os.utime(path, (moment, moment))
    return path


def test_purge_command_deletes_mail_files_past_retention_days(app, runner):
    instance = Path(app.instance_path)
    app.config["RETENTION_DAYS"] = 10
    old = _aged(instance / "outbox" / "eleven-days.eml", 11)
    recent = _aged(instance / "outbox" / "nine-days.eml", 9)
    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert "mail_files: 1 deleted" in result.output
    assert not old.exists()
    assert recent.exists()
