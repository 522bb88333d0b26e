"""The outbox: mail written in the request's transaction, delivered after the commit, retried
with a growing delay, and its status recorded."""

import email
import email.policy
import socket
from datetime import timedelta

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from scic.auth.models import User
from scic.core import clock, outbox
from scic.core.db import db
from scic.core.i18n import _, _l
from scic.core.mail import queue_mail


def eml_files(app):
    from pathlib import Path

    folder = Path(app.instance_path) / "outbox"
    return sorted(folder.glob("*.eml")) if folder.exists() else []


def rows():
    return db.session.scalars(select(outbox.OutboxMessage).order_by(outbox.OutboxMessage.id)).all()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens once the socket is closed


def test_mail_leaves_only_after_the_commit_and_is_recorded_as_sent(app, make_cooperative):
    coop = make_cooperative()
    queue_mail("a@example.org", "Objet", "Corps", cooperative_id=coop.id)
    assert eml_files(app) == []  # not before the commit
    db.session.commit()
    assert len(eml_files(app)) == 1
    (row,) = rows()
    assert (row.status, row.attempts, row.last_error) == ("sent", 1, None)
    assert (row.recipient, row.subject, row.cooperative_id) == ("a@example.org", "Objet", coop.id)
    assert row.sent_at is not None


def test_a_rolled_back_request_sends_nothing_and_leaves_no_row(app):
    queue_mail("a@example.org", "Objet", "Corps")
    db.session.rollback()
    db.session.commit()  # a later commit does not send what was rolled back
    assert eml_files(app) == []
    assert rows() == []


def test_a_failed_commit_sends_nothing(app, make_user):
    user = make_user(email="taken@example.org")
    db.session.commit()
    queue_mail("a@example.org", "Objet", "Corps")
    db.session.add(User(email=user.email))  # a duplicate address: the commit fails
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
    else:
        raise AssertionError("the duplicate account was accepted")
    assert eml_files(app) == []
    assert db.session.scalar(select(func.count()).select_from(outbox.OutboxMessage)) == 0


def test_one_transaction_sends_all_its_messages(app):
    for address in ("a@example.org", "b@example.org", "c@example.org"):
        queue_mail(address, "Objet", "Corps")
    db.session.commit()
    assert [r.status for r in rows()] == ["sent"] * 3
    assert len(eml_files(app)) == 3


def test_a_failing_server_is_retried_with_a_doubling_delay_then_given_up(app):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=closed_port(), MAIL_MAX_ATTEMPTS=3)
    queue_mail("a@example.org", "Objet", "Corps")
    db.session.commit()  # first attempt, right after the commit: refused
    (row,) = rows()
    assert (row.status, row.attempts) == ("queued", 1)
    assert "ConnectionRefusedError" in row.last_error
    first_retry = row.next_attempt_at
    assert timedelta(seconds=55) < first_retry - clock.now() <= timedelta(seconds=60)

    assert outbox.deliver_one(row.id, now=first_retry - timedelta(seconds=1)) is None  # not due
    assert outbox.deliver_one(row.id, now=first_retry) == "queued"
    db.session.refresh(row)
    assert row.attempts == 2
    assert row.next_attempt_at - first_retry == timedelta(seconds=120)  # doubled

    assert outbox.deliver_one(row.id, now=row.next_attempt_at) == "failed"
    db.session.refresh(row)
    assert (row.status, row.attempts) == ("failed", 3)
    assert outbox.deliver_one(row.id, now=clock.now() + timedelta(days=1)) is None  # given up


def test_the_periodic_sweep_sends_what_is_due_once(app):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=closed_port())
    queue_mail("a@example.org", "Objet", "Corps")
    db.session.commit()
    (row,) = rows()
    app.config["MAIL_SERVER"] = ""  # the server is fixed
    db.session.commit()  # (in-memory SQLite: the job's session shares this connection)
    outbox.deliver_due.call_local()
    db.session.refresh(row)
    assert row.status == "queued"  # its retry is not due yet
    row.next_attempt_at = clock.now() - timedelta(seconds=1)
    db.session.commit()
    outbox.deliver_due.call_local()
    outbox.deliver_due.call_local()
    db.session.refresh(row)
    assert (row.status, row.attempts) == ("sent", 2)
    assert len(eml_files(app)) == 1  # sent once


def test_a_message_claimed_by_another_worker_is_not_sent_twice(app):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=closed_port())
    queue_mail("a@example.org", "Objet", "Corps")
    db.session.commit()
    (row,) = rows()
    app.config["MAIL_SERVER"] = ""
    now = row.next_attempt_at
    assert outbox.deliver_one(row.id, now=now) == "sent"
    assert outbox.deliver_one(row.id, now=now) is None
    assert len(eml_files(app)) == 1


def test_retry_queues_a_failed_message_again(app):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=closed_port(), MAIL_MAX_ATTEMPTS=1)
    queue_mail("a@example.org", "Objet", "Corps")
    db.session.commit()
    (row,) = rows()
    assert row.status == "failed"
    app.config["MAIL_SERVER"] = ""
    outbox.retry(row)
    db.session.commit()
    db.session.refresh(row)
    assert (row.status, row.attempts) == ("sent", 1)


# --- Messages written at delivery (outbox.composer / queue_composed) ----------------------------


@pytest.fixture
def composers(monkeypatch):
    """Register composers for one test only; returns the registering function."""
    monkeypatch.setattr(outbox, "_composers", dict(outbox._composers))
    return outbox.composer


def greeting(facts: dict) -> str:
    return _("Assembly: %(title)s", title=facts["title"])


@pytest.mark.parametrize(
    ("locale", "subject", "body"),
    [
        ("fr", "Votre vote\u00a0: reçu", "Assemblée\u00a0: AG 2026"),
        ("en", "Your vote: receipt", "Assembly: AG 2026"),
    ],
)
def test_a_message_is_written_at_delivery_in_the_locale_it_was_queued_in(
    app, composers, make_cooperative, locale, subject, body
):
    composers("test_greeting", subject=_l("Your vote: receipt"))(greeting)
    coop = make_cooperative()
    with force_locale(locale):
        queued = outbox.queue_composed(
            "test_greeting", "a@example.org", {"title": "AG 2026"}, cooperative_id=coop.id
        )
    # Nothing is written in the request: the composer's name, the locale and the facts.
    row = db.session.get(outbox.OutboxMessage, queued)
    assert (row.message, row.composer, row.locale) == (b"", "test_greeting", locale)
    assert (row.subject, row.facts) == (subject, {"title": "AG 2026"})  # the list reads it
    assert (row.recipient, row.cooperative_id, row.status) == ("a@example.org", coop.id, "queued")
    db.session.commit()  # delivered after the commit, in a context whose locale is French
    (path,) = eml_files(app)
    mail = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert (str(mail["Subject"]), mail["To"], mail.get_content()) == (
        subject,
        "a@example.org",
        body,
    )
    (row,) = rows()
    assert (row.status, row.attempts, row.last_error, row.facts) == ("sent", 1, None, None)
    assert row.message == path.read_bytes()  # kept as any other message (list, resend)


def test_a_composed_message_is_never_written_for_a_rolled_back_transaction(app, composers):
    composers("test_greeting", subject=_l("Your vote: receipt"))(greeting)
    outbox.queue_composed("test_greeting", "a@example.org", {"title": "AG 2026"})
    db.session.rollback()
    db.session.commit()
    assert (rows(), eml_files(app)) == ([], [])


def test_a_failing_composer_fails_its_message_only_and_can_be_sent_again_once_fixed(app, composers):
    def broken(facts: dict) -> str:
        return facts["missing"]

    composers("test_greeting", subject=_l("Your vote: receipt"))(broken)
    outbox.queue_composed("test_greeting", "a@example.org", {"title": "AG 2026"})
    queue_mail("b@example.org", "Objet", "Corps")
    db.session.commit()  # one delivery run: the broken message, then the other one
    broken_row, other = rows()
    assert (broken_row.status, broken_row.attempts, broken_row.last_error) == (
        "failed",
        1,
        "test_greeting: KeyError: 'missing'",
    )
    # Nothing half written: the facts stay, no message; the other message left.
    assert (broken_row.message, broken_row.facts) == (b"", {"title": "AG 2026"})
    assert other.status == "sent"
    assert len(eml_files(app)) == 1

    composers("test_greeting", subject=_l("Your vote: receipt"))(greeting)  # fixed
    outbox.retry(broken_row)
    db.session.commit()
    db.session.refresh(broken_row)
    assert (broken_row.status, broken_row.last_error, broken_row.facts) == ("sent", None, None)
    assert len(eml_files(app)) == 2


def test_a_message_whose_composer_is_gone_fails_with_its_name(app, composers):
    composers("test_gone", subject=_l("Your vote: receipt"))(greeting)
    outbox.queue_composed("test_gone", "a@example.org", {"title": "AG 2026"})
    del outbox._composers["test_gone"]  # e.g. a worker running an older release
    db.session.commit()
    (row,) = rows()
    assert (row.status, row.last_error) == ("failed", "no composer named 'test_gone'")
    assert eml_files(app) == []
