"""Waking a job after commits: one scheduled run covers the commits of its window."""

import pytest

from scic.core import tasks


class FakeJob:
    name = "fake.deliver"

    def __init__(self):
        self.direct, self.scheduled = 0, []

    def __call__(self):
        self.direct += 1

    def schedule(self, *, delay):
        self.scheduled.append(delay)


@pytest.fixture
def queued(monkeypatch):
    """A queue that is not immediate (as in production), with a clock the test moves."""
    monkeypatch.setattr(tasks.huey, "_immediate", False)
    monkeypatch.setattr(tasks, "_covered_until", {})
    now = [100.0]
    monkeypatch.setattr(tasks.time, "monotonic", lambda: now[0])
    return now


def test_commits_within_the_delay_share_one_scheduled_run(queued):
    job = FakeJob()
    tasks._wake(job)
    queued[0] += 0.5
    tasks._wake(job)
    queued[0] += 0.49
    tasks._wake(job)
    assert job.scheduled == [tasks.WAKE_DELAY_SECONDS]
    assert job.direct == 0


def test_a_commit_after_the_scheduled_run_starts_schedules_another(queued):
    job = FakeJob()
    tasks._wake(job)
    queued[0] += tasks.WAKE_DELAY_SECONDS  # the first run may already have looked
    tasks._wake(job)
    assert job.scheduled == [tasks.WAKE_DELAY_SECONDS] * 2


def test_an_immediate_queue_runs_the_job_at_each_commit(monkeypatch):
    monkeypatch.setattr(tasks.huey, "_immediate", True)
    job = FakeJob()
    tasks._wake(job)
    tasks._wake(job)
    assert (job.direct, job.scheduled) == (2, [])


def test_a_rolled_back_transaction_wakes_nothing(app):
    from sqlalchemy import text

    from scic.core.db import db

    job = FakeJob()
    db.session.execute(text("SELECT 1"))  # in a transaction, as a request is
    tasks.wake_after_commit(db.session(), job)
    db.session.rollback()
    db.session.commit()
    assert job.direct == 0
