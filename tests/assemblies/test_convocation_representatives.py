"""A legal person's convocation reaches its acting representatives directly (issue 18 item 2):
the voting link to each one who consented, a copy without link to the authority's address."""

from __future__ import annotations

from datetime import date

import pytest

from scic.assemblies import queries, services
from scic.core.db import db
from scic.membership.models import Mandate
from scic.voting import services as voting_services
from tests.fixtures.assemblies import NOW, TODAY


@pytest.fixture
def commune(make_cooperative, make_voter):
    coop = make_cooperative()
    town = make_voter(
        coop,
        name="Commune de Lanouaille",
        kind="local_authority",
        email="mairie@example.org",
        consent=False,
    )
    town.authority_type = "commune"

    def mandate(name, role, email, consent_on, valid_from, valid_to=None):
        row = Mandate(
            cooperative_id=coop.id,
            member_id=town.id,
            full_name=name,
            role=role,
            email=email,
            econvocation_consent_on=consent_on,
            valid_from=valid_from,
            valid_to=valid_to,
        )
        db.session.add(row)
        return row

    former = mandate(
        "Ancien Maire",
        "main",
        "ancien@example.org",
        date(2019, 1, 1),
        date(2014, 4, 1),
        date(2020, 6, 30),
    )
    main = mandate(
        "Jeanne Maire",
        "main",
        "jeanne@example.org",
        date(2020, 7, 1),
        date(2020, 7, 1),
        date(2026, 3, 15),
    )
    alternate = mandate(
        "Paul Adjoint",
        "alternate",
        "paul@example.org",
        date(2020, 7, 1),
        date(2020, 7, 1),
        date(2026, 3, 15),
    )
    db.session.flush()
    db.session.refresh(town)
    return coop, town, main, alternate, former


def test_the_convocation_goes_to_the_representatives_with_a_copy_to_the_authority(
    app, commune, make_assembly, outbox
):
    coop, town, main, alternate, _former = commune
    assembly = make_assembly(coop)
    report = services.send_convocation(assembly, TODAY, now=NOW)
    assert report.emailed == [town]
    assert report.paper == []
    db.session.commit()
    mails = {m["To"]: m for m in outbox()}
    assert sorted(mails) == ["jeanne@example.org", "mairie@example.org", "paul@example.org"]
    for mandate, mail in (
        (main, mails["jeanne@example.org"]),
        (alternate, mails["paul@example.org"]),
    ):
        body = mail.get_body(("plain",)).get_content()
        link = services.personal_link(assembly, town, mandate)
        assert link in body
        token = link.rsplit("/", 1)[-1]
        assert services.read_voting_link(token) == (assembly.id, town.id, mandate.id)
    copy = mails["mairie@example.org"]
    body = copy.get_body(("plain",)).get_content()
    voting_prefix = services.personal_link(assembly, town).rsplit("/", 1)[0] + "/"
    assert voting_prefix not in body  # no voting link at all in the copy
    assert "Jeanne Maire, Paul Adjoint" in body
    record = queries.convocation_records(assembly)[town.id]
    assert record.address == "jeanne@example.org, paul@example.org, mairie@example.org"
    assert len(record.proof.split()) == 3


def test_the_alternates_link_votes_as_the_alternate(app, commune, make_assembly):
    coop, town, _main, alternate, _former = commune
    assembly = make_assembly(coop)
    (capacity,) = voting_services.voters_for_token(town, assembly, TODAY, alternate.id)
    assert capacity.mandate == alternate
    assert capacity.person == "Paul Adjoint"
    (default,) = voting_services.voters_for_token(town, assembly, TODAY)
    assert default.person == "Jeanne Maire"  # a link without designation: the main one


def test_without_consenting_representative_the_authority_is_convened_by_letter(
    app, commune, make_assembly, outbox
):
    coop, town, main, alternate, _former = commune
    main.econvocation_consent_on = None
    alternate.email = ""
    db.session.flush()
    assembly = make_assembly(coop)
    report = services.send_convocation(assembly, TODAY, now=NOW)
    assert report.emailed == []
    assert report.paper == [town]
    db.session.commit()
    assert outbox() == []
