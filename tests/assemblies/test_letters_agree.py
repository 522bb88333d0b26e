"""The convocation page, the sending, the import of letter numbers and the recording of every
letter agree on who is convened by letter (issue 18 item 8): one rule, ``queries.by_letter``,
for members with and without consent and local authorities whose representative consented,
did not, has no address, or whose designation ended (§8 #30, R-LA-4, §8 #24)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from scic.assemblies import queries, services
from scic.core.db import db
from scic.core.violations import RuleViolation
from scic.membership.models import Mandate
from tests.fixtures.assemblies import NOW, TODAY

#: The last day of the designation that ended before the convocation.
LEFT_ON = date(2025, 12, 31)
#: Who is convened how, decided here by hand from the rules (not by the code under test).
BY_EMAIL = ("Person consenting", "Town whose mayor consented", "Town consenting itself")
BY_LETTER = (
    "Person never consenting",
    "Person consenting without address",
    "Town whose mayor did not consent",
    "Town whose mayor has no address",
    "Town whose mayor left",
)


@pytest.fixture
def mixed(secretary, make_voter):
    """A cooperative with every case of the rule, its secretary and its members by name."""
    user, coop = secretary
    members = {
        "Person consenting": make_voter(coop, name="Person consenting"),
        "Person never consenting": make_voter(coop, name="Person never consenting", consent=False),
        "Person consenting without address": make_voter(
            coop, name="Person consenting without address", email=""
        ),
    }
    towns = {
        # name: (the town consented itself, mayor's e-mail, mayor's consent, mayor's last day)
        "Town whose mayor consented": (False, "mayor1@example.org", date(2021, 1, 1), None),
        "Town consenting itself": (True, "mayor2@example.org", None, None),
        "Town whose mayor did not consent": (False, "mayor3@example.org", None, None),
        "Town whose mayor has no address": (False, "", date(2021, 1, 1), None),
        "Town whose mayor left": (False, "mayor5@example.org", date(2021, 1, 1), LEFT_ON),
    }  # fmt: skip
    for name, (consents, email, consent_on, valid_to) in towns.items():
        town = make_voter(coop, name=name, kind="local_authority", consent=consents)
        town.authority_type = "commune"
        db.session.add(
            Mandate(
                cooperative_id=coop.id,
                member_id=town.id,
                full_name=f"Mayor of {name}",
                role="main",
                email=email,
                econvocation_consent_on=consent_on,
                valid_from=date(2020, 7, 1),
                valid_to=valid_to,
            )
        )
        members[name] = town
    db.session.commit()
    return user, coop, members


def letters_on_page(html: str) -> list[str]:
    """The names in the page's "Paper convocations" list."""
    section = html.split('id="paper-title"', 1)[1].split('id="records-title"', 1)[0]
    return re.findall(r'<th scope="row">([^<]+)</th>', section)


def test_the_page_the_sending_the_import_and_the_recording_agree_on_the_letters(
    client, auth, no_csrf, frozen_clock, mixed, make_assembly, outbox
):
    from datetime import UTC, datetime

    user, coop, members = mixed
    frozen_clock(datetime(2026, 3, 1, 10, tzinfo=UTC))
    assembly = make_assembly(coop)
    db.session.commit()
    auth.login_as(user)
    with client.session_transaction() as session:
        session["locale"] = "en"
    url = f"/c/{coop.slug}/assemblies/{assembly.id}/convocation"
    html = client.get(url).get_data(as_text=True)
    assert "8 members have voting rights at this assembly." in html
    assert "3 by e-mail (consent recorded), 5 by letter." in html
    expected = sorted(members[name].display_name for name in BY_LETTER)
    assert sorted(letters_on_page(html)) == expected

    report = services.send_convocation(assembly, TODAY, user, now=NOW)
    assert sorted(m.display_name for m in report.paper) == expected
    assert sorted(m.display_name for m in report.emailed) == sorted(
        members[name].display_name for name in BY_EMAIL
    )
    db.session.commit()
    assert len(outbox()) == 4  # two people or towns by their own address, a mayor and its copy

    # The PDF of every letter and the import of numbers select the same members.
    assert queries.paper_recipients(assembly, TODAY) == sorted(
        report.paper, key=lambda m: (m.sort_name, m.number)
    )
    letter = members["Town whose mayor left"]
    pairs = services.letters_to_record(
        assembly, services.LettersInput([], pasted=f"{letter.number};1A 001"), on=TODAY
    )
    assert pairs == [(letter, "1A 001")]
    emailed = members["Town whose mayor consented"]
    with pytest.raises(RuleViolation):
        services.letters_to_record(
            assembly, services.LettersInput([], pasted=f"{emailed.number};1A 002"), on=TODAY
        )

    html = client.get(url).get_data(as_text=True)
    assert "3 by e-mail (consent recorded), 5 by letter." in html
    assert sorted(letters_on_page(html)) == expected
    convened = html.split('id="records-title"', 1)[1]
    assert convened.count('<th scope="row">') == 3

    # "Record every letter not yet recorded" records the page's letters, and only them.
    posted = client.post(f"{url}/letters", data={"channel": "letter", "sent_on": "2026-03-01"})
    assert posted.status_code == 303
    db.session.expire_all()
    channels = {
        member_id: record.channel
        for member_id, record in queries.convocation_records(assembly).items()
    }
    assert channels == {members[name].id: "email" for name in BY_EMAIL} | {
        members[name].id: "letter" for name in BY_LETTER
    }
