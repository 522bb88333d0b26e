"""Mail goes through a real SMTP server when configured, to instance/outbox/ otherwise (once
its transaction has committed: tests/core/test_outbox.py)."""

import email
import email.policy
import socket
import time

from scic.core.db import db
from scic.core.mail import queue_mail


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_mail_is_sent_through_a_real_smtp_server(app):
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Sink

    received = []

    class Keep(Sink):
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd API
            received.append(envelope)
            return "250 OK"

    port = free_port()
    controller = Controller(Keep(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
        queue_mail(
            "elu@mairie.fr",
            "Convocation",
            "Bonjour, vous êtes convoqué.",
            attachments=[("ag.ics", "text/calendar", b"BEGIN:VCALENDAR")],
        )
        db.session.commit()
        for _ in range(50):
            if received:
                break
            time.sleep(0.05)
    finally:
        controller.stop()
    assert len(received) == 1
    assert received[0].rcpt_tos == ["elu@mairie.fr"]
    message = email.message_from_bytes(received[0].content)
    assert message["Subject"] == "Convocation"
    parts = [p.get_filename() for p in message.walk() if p.get_filename()]
    assert parts == ["ag.ics"]


def test_mail_without_server_lands_in_the_outbox(app, tmp_path):
    queue_mail("a@example.org", "Objet", "Corps")
    db.session.commit()
    files = list((tmp_path / "instance" / "outbox").glob("*.eml"))
    assert len(files) == 1
    assert email.message_from_bytes(files[0].read_bytes())["To"] == "a@example.org"


def test_text_mail_keeps_accents_in_subject_sender_and_body(app, tmp_path):
    app.config["MAIL_SENDER"] = "Coopérative Énergie <noreply@example.org>"
    queue_mail("elu@mairie.fr", "Votre vote : reçu", "Résolution 2 adoptée.\nCode : ABCD-EFGH")
    db.session.commit()
    (file,) = (tmp_path / "instance" / "outbox").glob("*.eml")
    raw = file.read_bytes()
    assert raw.isascii()  # quoted-printable, safe for any relay
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["Subject"] == "Votre vote : reçu"
    assert message["From"].addresses[0].display_name == "Coopérative Énergie"
    assert message["From"].addresses[0].addr_spec == "noreply@example.org"
    assert message.get_content() == "Résolution 2 adoptée.\nCode : ABCD-EFGH"
    assert "ABCD-EFGH" in raw.decode()  # the receipt code stays readable in the raw message
