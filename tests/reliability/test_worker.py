"""`scic worker` runs in its own process: jobs queued while no worker ran (SQLite queue in the
instance folder, or Redis) are done once one starts, and it stops cleanly on SIGINT."""

import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from scic import create_app
from scic.core import clock, files, outbox, tasks
from scic.core.db import db
from scic.core.mail import queue_mail
from scic.registers.background import start_export
from scic.registers.exports import DocumentRequest
from tests.conftest import (
    ON_POSTGRES,
    TEST_DATABASE_URL,
    app_config,
    empty_database,
    reset_database,
)
from tests.reliability.test_rate_limit_redis import redis_url  # noqa: F401 - a fixture

pytestmark = pytest.mark.slow


@pytest.fixture(params=["sqlite-queue", "redis-queue"])
def queue_url(request):
    if request.param == "sqlite-queue":
        return ""
    return request.getfixturevalue("redis_url")


@pytest.fixture
def app(tmp_path, queue_url):
    database = TEST_DATABASE_URL if ON_POSTGRES else f"sqlite:///{tmp_path / 'scic.sqlite'}"
    config = app_config(
        tmp_path, SQLALCHEMY_DATABASE_URI=database, TASKS_IMMEDIATE=False, TASKS_URL=queue_url
    )
    app = create_app(config)
    with app.app_context():
        reset_database()
        yield app
        empty_database()
    create_app(app_config(tmp_path))  # back to the immediate queue for the next tests


def start_worker(app) -> subprocess.Popen:
    env = dict(
        os.environ,
        SCIC_SECRET_KEY="worker-test",
        SCIC_CHAIN_KEY="worker-test-chain-key",
        SCIC_DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"],
        SCIC_INSTANCE_PATH=app.instance_path,
        SCIC_TASKS_URL=app.config["TASKS_URL"],
    )
    return subprocess.Popen(
        [sys.executable, "-c", "from scic.cli import main; main()", "worker", "--threads", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


def wait_until(condition, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = condition()
        db.session.rollback()  # SQLite: never hold the write lock while the worker works
        if done:
            return
        time.sleep(0.2)
    raise TimeoutError("the worker did not do the job")


def test_jobs_queued_before_the_worker_starts_are_done_by_it(app, make_cooperative):
    cooperative = make_cooperative()
    db.session.commit()
    queue_mail("a@example.org", "Objet", "Corps", cooperative_id=cooperative.id)
    token = start_export(
        cooperative,
        DocumentRequest("members_csv", date(2025, 6, 30)),
        locale="fr",
        by_id=None,
        now=clock.now(),
    )
    db.session.commit()
    # In the queue's storage, not run by this process: the export, and the mail's sending a
    # second after the commit (tasks.wake_after_commit; the worker holds it until then).
    assert tasks.huey.pending_count() == 2
    (message,) = db.session.scalars(select(outbox.OutboxMessage)).all()
    assert message.status == "queued"
    db.session.rollback()

    worker = start_worker(app)
    try:
        wait_until(lambda: db.session.get(outbox.OutboxMessage, message.id).status == "sent")
        wait_until(lambda: files.find(token, cooperative_id=cooperative.id).state == "done")
    except TimeoutError:
        worker.kill()
        raise AssertionError(worker.communicate(timeout=30)[0].decode()) from None
    try:
        record = files.find(token, cooperative_id=cooperative.id)
        assert files.read(record).decode("utf-8-sig").startswith("number;kind;name")
        eml = list((Path(app.instance_path) / "outbox").glob("*.eml"))
        assert len(eml) == 1
    finally:
        worker.send_signal(signal.SIGINT)
        output, _ = worker.communicate(timeout=30)
    assert worker.returncode == 0, output.decode()
    assert b"scic worker: 2 threads" in output
