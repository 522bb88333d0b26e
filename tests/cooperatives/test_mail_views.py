"""The secretary's page of outgoing mail: each message's status, and a retry when it failed."""

import socket

import pytest

from scic.core import outbox
from scic.core.db import db
from scic.core.mail import queue_mail
from tests.conftest import csrf_token_from
from tests.html import table_rows


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_the_secretary_sees_the_cooperatives_mail_and_retries_a_failed_one(
    app, client, auth, secretary, make_cooperative
):
    user, cooperative = secretary
    other = make_cooperative()
    queue_mail("sent@example.org", "Convocation AG", "Corps", cooperative_id=cooperative.id)
    db.session.commit()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=closed_port(), MAIL_MAX_ATTEMPTS=1)
    failed = queue_mail("lost@example.org", "Reçu de vote", "Corps", cooperative_id=cooperative.id)
    queue_mail("other@example.org", "Autre", "Corps", cooperative_id=other.id)
    db.session.commit()
    auth.login_as(user)

    page = client.get(f"/c/{cooperative.slug}/mail/")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<tr data-status="sent">' in html
    assert '<tr data-status="failed">' in html
    assert "sent@example.org" in html
    assert "Convocation AG" in html
    assert "Envoyé" in html
    assert "Échec" in html
    assert "ConnectionRefusedError" in html  # the last error, for the secretary
    assert "other@example.org" not in html  # another cooperative's mail

    app.config["MAIL_SERVER"] = ""  # the server is fixed
    response = client.post(
        f"/c/{cooperative.slug}/mail/{failed.id}/retry", data={"csrf_token": csrf_token_from(html)}
    )
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(outbox.OutboxMessage, failed.id).status == "sent"


def test_another_cooperatives_message_cannot_be_retried(
    app, client, auth, secretary, make_cooperative
):
    user, cooperative = secretary
    other = make_cooperative()
    app.config["WTF_CSRF_ENABLED"] = False
    message = queue_mail("x@example.org", "Autre", "Corps", cooperative_id=other.id)
    db.session.commit()
    auth.login_as(user)
    assert client.post(f"/c/{cooperative.slug}/mail/{message.id}/retry").status_code == 404


@pytest.mark.parametrize(
    ("locale", "cells"),
    [
        (
            "fr",
            [
                "voter@example.org",
                "Votre vote : reçu",
                "Échec",
                "Le message n’a pas pu être rédigé (ballot_receipt: KeyError: 'assembly_title').",
            ],
        ),
        (
            "en",
            [
                "voter@example.org",
                "Votre vote : reçu",
                "Failed",
                "The message could not be written (ballot_receipt: KeyError: 'assembly_title').",
            ],
        ),
    ],
)
def test_a_message_that_could_not_be_written_reads_as_such(
    app, client, auth, secretary, locale, cells
):
    """A receipt queued in French (its subject is the voter's) whose composer failed at delivery:
    the secretary reads why, in the page's language, and can send it again."""
    from flask_babel import force_locale

    user, cooperative = secretary
    with force_locale("fr"):
        row_id = outbox.queue_composed(
            "ballot_receipt", "voter@example.org", {"secret": False}, cooperative_id=cooperative.id
        )
    db.session.commit()  # delivered: the facts lack the assembly's title
    auth.login_as(user)
    with client.session_transaction() as session:
        session["locale"] = locale
    html = client.get(f"/c/{cooperative.slug}/mail/").get_data(as_text=True)
    (found,) = [line[1:6] for line in table_rows(html) if line[1:2] == ["voter@example.org"]]
    assert found == [*cells[:3], "1", cells[3]]
    assert f"/mail/{row_id}/retry" in html
