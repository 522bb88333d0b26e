"""Background jobs: one Huey queue that worker processes (`scic worker`) consume.

The queue is SQLite in the instance folder by default (`make run`: one worker beside gunicorn,
on the same machine) and Redis in production (``TASKS_URL = "redis://…"``), where workers are
their own processes and survive application restarts. Tests run jobs at once, in the caller's
thread (``TASKS_IMMEDIATE``, on whenever ``TESTING`` is).

A job is declared with :func:`job` (or :func:`periodic_job`) and runs inside an application
context of its own, hence with a database session of its own. A job that depends on rows of
the current transaction is queued with :func:`after_commit`: it is sent to the queue only if
that transaction commits, never if it rolls back.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from pathlib import Path

from flask import Flask, current_app, g, has_app_context
from huey import Huey, RedisHuey, SqliteHuey, crontab  # noqa: F401 - crontab re-exported
from sqlalchemy import event
from sqlalchemy.orm import Session

from scic.core.db import IN_JOB

logger = logging.getLogger(__name__)

#: The process's queue; :func:`init_app` gives it its storage. Immediate (in memory) until then.
huey = Huey("scic", immediate=True)
#: The application a worker runs jobs with (the app in context wins, e.g. in tests).
_worker_app: Flask | None = None
#: Session.info key: jobs to queue when the session's transaction commits.
_PENDING = "scic_jobs_after_commit"
#: Session.info key: jobs to wake when the session's transaction commits.
_WAKE = "scic_jobs_to_wake"
#: A woken job runs this many seconds after the commit that woke it; the commits of this
#: process in that window share its run (one queued job per second instead of one per vote).
WAKE_DELAY_SECONDS = 1
#: Per job name: until when (monotonic) a run already scheduled covers a new commit.
_covered_until: dict[str, float] = {}


def init_app(app: Flask) -> None:
    """Point the queue at the configured storage (called by ``create_app``)."""
    global _worker_app
    _worker_app = app
    immediate = app.config.get("TASKS_IMMEDIATE")
    if immediate is None:
        immediate = app.testing
    configured = _build_queue(app, immediate=bool(immediate))
    huey.storage_class = configured.storage_class
    huey.storage_kwargs = configured.storage_kwargs
    huey._immediate = configured.immediate  # the setter would rebuild storage twice
    huey.storage = configured.storage
    _covered_until.clear()  # runs scheduled in another queue cover nothing in this one


def _build_queue(app: Flask, *, immediate: bool) -> Huey:
    """A throw-away Huey of the right kind, whose storage the process queue adopts."""
    url = app.config.get("TASKS_URL") or ""
    if immediate:
        return Huey("scic", immediate=True)
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey("scic", url=url)
    if url:
        raise RuntimeError(f"TASKS_URL must be empty (SQLite) or a redis:// URL, not {url!r}")
    filename = Path(app.instance_path) / app.config.get("TASKS_SQLITE_FILE", "tasks.sqlite")
    return SqliteHuey("scic", filename=str(filename))


def describe_queue() -> str:
    """Where jobs go, for the worker's start-up line (never prints a password)."""
    if huey.immediate:
        return "immediate (in the calling process)"
    storage = huey.storage
    if hasattr(storage, "filename"):
        return f"SQLite {storage.filename}"
    kwargs = storage.conn.connection_pool.connection_kwargs
    return f"Redis {kwargs.get('host', '?')}:{kwargs.get('port', '?')}/{kwargs.get('db', 0)}"


def _app() -> Flask:
    if has_app_context():
        return current_app._get_current_object()
    if _worker_app is None:
        raise RuntimeError("no application: create_app() was not called in this process")
    return _worker_app


def _in_app_context(func: Callable) -> Callable:
    """Run ``func`` in an application context of its own (its own database session)."""

    @functools.wraps(func)
    def run(*args, **kwargs):
        with _app().app_context():
            g.setdefault(IN_JOB, True)
            return func(*args, **kwargs)

    return run


def job(*, retries: int = 0, retry_delay: int = 0, retry_backoff: float = 0) -> Callable:
    """Declare a background job (a Huey task that runs in its own application context)."""

    def decorate(func: Callable):
        return huey.task(
            retries=retries,
            retry_delay=retry_delay,
            retry_backoff=retry_backoff,
        )(_in_app_context(func))

    return decorate


def periodic_job(schedule) -> Callable:
    """Declare a job that the worker runs on a schedule (a ``crontab(...)``)."""

    def decorate(func: Callable):
        return huey.periodic_task(schedule)(_in_app_context(func))

    return decorate


def after_commit(session: Session, task, item) -> None:
    """Queue ``task(items)`` once when ``session``'s transaction commits, with every ``item``
    given for that task in the transaction; forget them all if it rolls back."""
    pending = session.info.setdefault(_PENDING, {})
    pending.setdefault(task, []).append(item)


def wake_after_commit(session: Session, task) -> None:
    """Run ``task()`` (a job without arguments that finds its own work, such as the mail
    outbox's sending of every due message) after ``session``'s transaction commits.

    Unlike :func:`after_commit`, the runs are coalesced: the job is scheduled
    ``WAKE_DELAY_SECONDS`` after the first commit that wakes it, and the later commits of that
    window rely on that run, which starts after they have committed."""
    session.info.setdefault(_WAKE, set()).add(task)


def _wake(task) -> None:
    if huey.immediate:
        task()
        return
    now = time.monotonic()
    if now < _covered_until.get(task.name, 0.0):
        return  # the run already scheduled starts after this commit
    task.schedule(delay=WAKE_DELAY_SECONDS)
    _covered_until[task.name] = now + WAKE_DELAY_SECONDS


@event.listens_for(Session, "after_commit")
def _queue_pending(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    calls = [(task, functools.partial(task, items)) for task, items in (pending or {}).items()]
    calls += [(task, functools.partial(_wake, task)) for task in session.info.pop(_WAKE, ())]
    for task, call in calls:
        try:
            call()
        except Exception:
            # The data is committed; a job that could not be queued is picked up by the
            # periodic sweep (mail) or shown as failed (documents). Never fail the request.
            logger.exception("Could not queue %s", getattr(task, "name", task))


@event.listens_for(Session, "after_rollback")
def _forget_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)
    session.info.pop(_WAKE, None)
