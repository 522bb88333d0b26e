"""The convocation page records every letter not yet recorded in one step (§6.6 step 4):
posted on one day, with registered-letter numbers pasted in the list's order; all or nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from scic.assemblies import services
from scic.assemblies.models import ConvocationRecord
from scic.core.db import db

TODAY = date(2026, 3, 2)


@pytest.fixture
def convened(app, frozen_clock, make_cooperative, make_assembly, voting_member, make_user, grant):
    frozen_clock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    coop = make_cooperative()
    secretary = make_user()
    grant(secretary, coop, "secretary")
    members = [voting_member(coop, "SAL", name=f"Poste{i}") for i in range(3)]  # no consent
    assembly = make_assembly(coop)
    services.record_paper_convocation(
        assembly, members[0], channel="registered_letter", sent_on=TODAY,
        registered_number="1A 000 000 001 1", now=datetime(2026, 3, 2, 9, 0, tzinfo=UTC),
    )  # fmt: skip
    db.session.commit()
    return coop, secretary, assembly, members


def _records(assembly) -> dict[int, tuple[str, date, str]]:
    db.session.expire_all()
    rows = db.session.scalars(
        select(ConvocationRecord).where(ConvocationRecord.assembly_id == assembly.id)
    )
    return {r.member_id: (r.channel, r.sent_on, r.registered_number) for r in rows}


def test_every_letter_not_yet_recorded_is_recorded_with_its_number(convened, no_csrf, client, auth):
    coop, secretary, assembly, members = convened
    auth.login_as(secretary)
    url = f"/c/{coop.slug}/assemblies/{assembly.id}/convocation"
    page = client.get(url).get_data(as_text=True)
    assert "Enregistrer toutes les lettres non encore enregistrées" in page
    done = client.post(
        f"{url}/letters",
        data={"channel": "registered_letter", "sent_on": "2026-03-02", "numbers": "9A\n9B\n"},
    )
    assert done.status_code == 303
    assert _records(assembly) == {
        members[0].id: ("registered_letter", TODAY, "1A 000 000 001 1"),  # kept as it was
        members[1].id: ("registered_letter", TODAY, "9A"),
        members[2].id: ("registered_letter", TODAY, "9B"),
    }
    page = client.get(url).get_data(as_text=True)
    assert "Lettre recommandée · 2 mars 2026" in page  # words, not the channel's code
    assert "registered letter ·" not in page


def test_a_letter_posted_too_late_is_refused_and_nothing_written(convened, no_csrf, client, auth):
    coop, secretary, assembly, _members = convened
    auth.login_as(secretary)
    url = f"/c/{coop.slug}/assemblies/{assembly.id}/convocation"
    before = _records(assembly)
    late = client.post(
        f"{url}/letters", data={"channel": "letter", "sent_on": "2026-04-10"},
        follow_redirects=True,
    )  # fmt: skip
    assert late.status_code == 200
    assert "flash-error" in late.get_data(as_text=True)
    assert _records(assembly) == before
    missing = client.post(f"{url}/letters", data={"channel": "letter", "sent_on": ""})
    assert missing.status_code == 303
    assert _records(assembly) == before
