"""The receipt e-mail of a ballot: one small outbox row written in the vote's transaction, the
message written by the delivery job in the voter's language (scic.voting.views.receipt_mail)."""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

import pytest
from flask_babel import force_locale
from flask_sqlalchemy.session import Session
from sqlalchemy import event, select

from scic.core import outbox
from scic.core.db import db
from scic.voting import services
from scic.voting.models import Ballot
from tests.fixtures.voting import NOW, vote_through_page

#: The e-mail as the voter reads it; NOW is 29 November 2026, 10:30 UTC: 11:30 in Paris.
EXPECTED = {
    ("en", "open"): (
        "Your vote: receipt",
        "Your vote has been recorded.\n"
        "\n"
        "Assembly: Assemblée générale 2026\n"
        "Resolution 1: Approbation des comptes\n"
        "Recorded on November 29, 2026, 11:30\u202fAM (Paris time)\n"
        "Receipt code: {code}\n"
        "Ballot chain entry (keep it: the register must always contain it): {hash}\n"
        "\n"
        "Check that your ballot is counted: {url}",
    ),
    ("fr", "open"): (
        "Votre vote\u00a0: reçu",
        "Votre vote a été enregistré.\n"
        "\n"
        "Assemblée\u00a0: Assemblée générale 2026\n"
        "Résolution 1\u00a0: Approbation des comptes\n"
        "Enregistré le 29 novembre 2026, 11\u00a0h\u00a030 (heure de Paris)\n"
        "Code de reçu\u00a0: {code}\n"
        "Entrée de la chaîne des bulletins (conservez-la : le registre doit toujours la "
        "contenir) : {hash}\n"
        "\n"
        "Vérifiez que votre bulletin est bien compté\u00a0: {url}",
    ),
    ("en", "secret"): (
        "Your vote: receipt",
        "Your vote has been recorded.\n"
        "\n"
        "Assembly: Assemblée générale 2026\n"
        "Resolution 1: Approbation des comptes\n"
        "Recorded on November 29, 2026, 11:30\u202fAM (Paris time)\n"
        "This is a secret ballot: your receipt code is not sent by e-mail, so that nobody "
        "reading this message can find your vote. Use the code shown on screen.\n"
        "\n"
        "Check that your ballot is counted: {url}",
    ),
    ("fr", "secret"): (
        "Votre vote\u00a0: reçu",
        "Votre vote a été enregistré.\n"
        "\n"
        "Assemblée\u00a0: Assemblée générale 2026\n"
        "Résolution 1\u00a0: Approbation des comptes\n"
        "Enregistré le 29 novembre 2026, 11\u00a0h\u00a030 (heure de Paris)\n"
        "Il s’agit d’un scrutin secret\u00a0: votre code de reçu n’est pas envoyé par e-mail, "
        "afin que personne lisant ce message ne puisse retrouver votre vote. Utilisez le code "
        "affiché à l’écran.\n"
        "\n"
        "Vérifiez que votre bulletin est bien compté\u00a0: {url}",
    ),
}


@pytest.fixture
def voter(client, auth, scenario, frozen_clock):
    """Sign a TRAV member in, in a given language; return the ballot page's URL."""
    frozen_clock(NOW)

    def sign_in(locale: str) -> str:
        auth.login_as(scenario.users[scenario.trav[0].id])
        with client.session_transaction() as session:
            session["locale"] = locale
        return f"/c/{scenario.cooperative.slug}/votes/ballot"

    return sign_in


def sent_mails(app) -> list[email.message.EmailMessage]:
    folder = Path(app.instance_path) / "outbox"
    return [
        email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        for path in sorted(folder.glob("*.eml"))
    ]


def shown_code(client, response) -> str:
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    return re.search(r"<code>([0-9A-Z-]{19})</code>", page).group(1)


@pytest.mark.parametrize("locale", ["fr", "en"])
@pytest.mark.parametrize("kind", ["open", "secret"])
def test_the_receipt_is_written_at_delivery_in_the_voters_language(
    app, client, scenario, voting_resolution, voter, locale, kind
):
    resolution = voting_resolution(scenario.assembly, secret=kind == "secret")
    db.session.commit()
    url = voter(locale)
    response = vote_through_page(client, url, url, "for")
    assert response.status_code == 303
    code = shown_code(client, response)
    ballot_hash = db.session.scalar(select(Ballot.hash)) if kind == "open" else None
    token = services.make_verification_token(scenario.assembly.id)
    subject, body = EXPECTED[(locale, kind)]
    (mail,) = sent_mails(app)
    assert str(mail["Subject"]) == subject
    assert mail["To"] == scenario.users[scenario.trav[0].id].email
    assert mail.get_content() == body.format(
        code=code, hash=ballot_hash, url=f"http://127.0.0.1:5000/vote/verify/{token}"
    )
    if kind == "secret":
        assert code not in mail.as_string()
    # The outbox keeps the message written, as for any other mail, and no longer the facts.
    (row,) = db.session.scalars(select(outbox.OutboxMessage)).all()
    assert (row.status, row.subject, row.composer, row.locale, row.facts) == (
        "sent",
        subject,
        "ballot_receipt",
        locale,
        None,
    )
    stored = email.message_from_bytes(row.message, policy=email.policy.default)
    assert (stored["Message-ID"], stored.get_content()) == (mail["Message-ID"], mail.get_content())
    assert resolution.id


def test_the_vote_writes_one_small_row_in_its_own_transaction(
    app, client, scenario, voting_resolution, voter
):
    """At the vote's commit, the ballot and its receipt's row are in the same transaction, and
    no message has been built yet: the row holds the facts, the worker writes the mail."""
    voting_resolution(scenario.assembly)
    db.session.commit()
    url = voter("fr")
    seen = []

    def at_commit(session):
        """The first commit that holds the ballot (the vote's; then the delivery's)."""
        if seen:
            return
        rows = session.scalars(select(outbox.OutboxMessage)).all()
        if session.scalars(select(Ballot)).all():
            seen.append(
                [(r.status, r.composer, r.locale, r.subject, r.message, r.facts) for r in rows]
            )

    event.listen(Session, "before_commit", at_commit)
    try:
        response = vote_through_page(client, url, url, "against")
    finally:
        event.remove(Session, "before_commit", at_commit)
    assert response.status_code == 303
    code = shown_code(client, response)
    ballot = db.session.scalar(select(Ballot))
    ((row,),) = seen
    assert row[:5] == ("queued", "ballot_receipt", "fr", "Votre vote\u00a0: reçu", b"")
    assert row[5] == {
        "cooperative_id": scenario.cooperative.id,
        "assembly_id": scenario.assembly.id,
        "assembly_title": "Assemblée générale 2026",
        "resolution_number": 1,
        "resolution_title": "Approbation des comptes",
        "cast_at": NOW.isoformat(),
        "secret": False,
        "code": code,
        "chain_hash": ballot.hash,
    }


def test_a_refused_vote_queues_no_receipt(app, client, scenario, voting_resolution, voter):
    """The vote is closed between the confirmation and the confirmed POST: the service refuses
    the ballot, and nothing is left in the outbox."""
    from tests.conftest import csrf_token_from

    resolution = voting_resolution(scenario.assembly)
    db.session.commit()
    url = voter("en")
    page = client.get(url).get_data(as_text=True)
    services.close_vote(resolution, now=NOW)
    db.session.commit()
    refused = client.post(
        url,
        data={
            "csrf_token": csrf_token_from(page),
            "resolution": str(resolution.id),
            "member": str(scenario.trav[0].id),
            "choice": "for",
            "confirmed": "1",
        },
    )
    assert refused.status_code == 303
    assert db.session.scalars(select(Ballot)).all() == []
    assert db.session.scalars(select(outbox.OutboxMessage)).all() == []
    assert sent_mails(app) == []


def test_a_secret_ballots_code_is_not_among_the_facts(
    app, client, scenario, voting_resolution, voter, monkeypatch
):
    """Queued but not delivered (as in production until the worker runs): the row holds no
    receipt code for a secret ballot."""
    monkeypatch.setattr(outbox.tasks, "wake_after_commit", lambda session, task: None)
    voting_resolution(scenario.assembly, secret=True)
    db.session.commit()
    url = voter("en")
    response = vote_through_page(client, url, url, "for")
    code = shown_code(client, response)
    (row,) = db.session.scalars(select(outbox.OutboxMessage)).all()
    assert (row.status, row.message, row.facts["secret"]) == ("queued", b"", True)
    assert (row.facts["code"], row.facts["chain_hash"]) == (None, None)
    assert code not in repr(row.facts)
    # The worker writes it in English, whatever the language of its own context.
    with force_locale("fr"):
        outbox.deliver_one(row.id, now=NOW)
    token = services.make_verification_token(scenario.assembly.id)
    (mail,) = sent_mails(app)
    subject, body = EXPECTED[("en", "secret")]
    assert (str(mail["Subject"]), mail.get_content()) == (
        subject,
        body.format(url=f"http://127.0.0.1:5000/vote/verify/{token}"),
    )
