"""Outgoing e-mail: messages are built here, queued in the outbox (``scic.core.outbox``) and
delivered by a job through SMTP, or to instance/outbox/*.eml when no server is configured."""

from __future__ import annotations

import smtplib
import ssl
import uuid
from email import message_from_bytes
from email.charset import QP, Charset
from email.header import Header
from email.message import EmailMessage, Message
from email.mime.text import MIMEText
from email.policy import compat32
from email.utils import formataddr, formatdate, make_msgid, parseaddr
from pathlib import Path

from flask import current_app


def build_message(
    to: str, subject: str, body: str, *, attachments: list[tuple[str, str, bytes]] = ()
) -> Message:
    """Build a plain-text message; attachments are (filename, mimetype, content)."""
    if not attachments:
        return _text_message(to, subject, body)
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="scic.local")
    message.set_content(body)
    for filename, mimetype, content in attachments:
        maintype, subtype = mimetype.split("/", 1)
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    return message


#: UTF-8 bodies in quoted-printable: readable as they are (the legacy API's default is base64).
_UTF8 = Charset("utf-8")
_UTF8.body_encoding = QP


def _text_message(to: str, subject: str, body: str) -> Message:
    """A text-only message through the legacy (compat32) API: a third of EmailMessage's cost,
    and a receipt goes out with every remote vote (docs/performance.md)."""
    message = MIMEText(body, "plain", _UTF8)
    message["From"] = formataddr(parseaddr(current_app.config["MAIL_SENDER"]), "utf-8")
    message["To"] = to
    message["Subject"] = subject if subject.isascii() else Header(subject, "utf-8")
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain="scic.local")
    return message


def parse_stored(data: bytes) -> Message:
    """A message stored in the outbox, ready for :func:`send`."""
    return message_from_bytes(data, policy=compat32)


def send(message: Message) -> None:
    """Deliver now, through the configured SMTP server, or as an .eml file in instance/outbox/.

    Only the outbox's delivery job calls this: everything else queues (:func:`queue`)."""
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        outbox = Path(current_app.instance_path) / "outbox"
        outbox.mkdir(parents=True, exist_ok=True)
        (outbox / f"{uuid.uuid4().hex}.eml").write_bytes(bytes(message))
        return
    port = int(config.get("MAIL_PORT") or 25)
    if config.get("MAIL_USE_SSL"):
        smtp = smtplib.SMTP_SSL(
            config["MAIL_SERVER"], port, timeout=30, context=ssl.create_default_context()
        )
    else:
        smtp = smtplib.SMTP(config["MAIL_SERVER"], port, timeout=30)
    with smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls(context=ssl.create_default_context())
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(message)


def queue(message: Message, *, cooperative_id: int | None = None):
    """Queue ``message`` in the current transaction: it is sent once the transaction commits.

    Returns its ``OutboxMessage`` row."""
    from scic.core.outbox import queue_mail

    return queue_mail(message, cooperative_id=cooperative_id)


def queue_mail(to: str, subject: str, body: str, *, cooperative_id: int | None = None, **kwargs):
    """Build one message and queue it (sent after the commit of the current transaction)."""
    return queue(build_message(to, subject, body, **kwargs), cooperative_id=cooperative_id)
