"""The nightly purge deletes documents past their expiry, old sent or failed mail and old .eml
files, and keeps the rest."""

import os
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from scic.core import clock, files, outbox, retention
from scic.core.db import db
from scic.core.mail import queue_mail
from tests.fixtures.files import pending_document


def test_purge_deletes_only_what_outlived_the_retention_period(app, make_cooperative):
    app.config["RETENTION_DAYS"] = 30
    cooperative = make_cooperative()
    now = clock.now()
    old_document = pending_document(cooperative, now=now - timedelta(days=31))
    recent_document = pending_document(cooperative, now=now - timedelta(days=29))
    old_mail = queue_mail("old@example.org", "Objet", "Corps")
    recent_mail = queue_mail("new@example.org", "Objet", "Corps")
    db.session.commit()  # both mails are sent (as .eml files)
    old_mail = db.session.get(outbox.OutboxMessage, old_mail.id)
    old_mail.created_at = now - timedelta(days=31)
    stuck = outbox.OutboxMessage(  # never delivered: kept, however old
        recipient="stuck@example.org",
        subject="Objet",
        message=b"",
        created_at=now - timedelta(days=60),
        next_attempt_at=now,
    )
    db.session.add(stuck)
    db.session.commit()
    eml = sorted((Path(app.instance_path) / "outbox").glob("*.eml"))
    assert len(eml) == 2
    old_time = (now - timedelta(days=31)).timestamp()
    os.utime(eml[0], (old_time, old_time))

    counts = retention.purge_expired(now)
    db.session.commit()

    assert counts == {"documents": 1, "messages": 1, "mail_files": 1}
    tokens = set(db.session.scalars(select(files.GeneratedFile.token)))
    assert tokens == {recent_document.token}
    assert old_document.token not in tokens
    kept = set(db.session.scalars(select(outbox.OutboxMessage.id)))
    assert kept == {recent_mail.id, stuck.id}
    assert [p.name for p in (Path(app.instance_path) / "outbox").glob("*.eml")] == [eml[1].name]


def test_the_nightly_job_purges_and_commits(app, make_cooperative):
    cooperative = make_cooperative()
    expired_id = pending_document(cooperative, now=clock.now() - timedelta(days=400)).id
    db.session.commit()
    retention.nightly_purge.call_local()
    db.session.expire_all()
    assert db.session.get(files.GeneratedFile, expired_id) is None
