"""The SQL of who acts and who is reached by e-mail (``membership.reach_sql``) gives the answers
of the pure rules (``mandate_rules.acting_representatives``, ``convocation_rules.
email_recipients``) on every case of R-LA-5 / §8 #24 / §8 #30, on both databases.

The convocation page, the sending and the letters ask the SQL; the ballot asks the pure rule:
if the two ever differed, a representative would be convened who may not vote, or the reverse.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from scic.core.db import db
from scic.membership import reach_sql
from scic.membership.convocation_rules import Contact, email_recipients
from scic.membership.models import Mandate, Member
from scic.membership.queries import _mandates_by_member, acting_mandates_of

#: Days around the municipal election of 15 March 2026 and before the first one in the data.
DAYS = (
    date(2007, 6, 1),
    date(2024, 9, 1),
    date(2026, 3, 15),
    date(2026, 3, 16),
    date(2026, 3, 20),
    date(2026, 4, 2),
    date(2026, 6, 1),
    date(2030, 1, 1),
)

#: Each legal person's designations: (role, valid_from, valid_to, e-mail, consent day).
CASES = {
    "commune, main to the term (no end stored)": (
        "local_authority",
        "commune",
        [("main", date(2020, 7, 1), None, "a@example.org", date(2020, 7, 1))],
    ),
    "commune, main ending on the election, successor on 1 April": (
        "local_authority",
        "commune",
        [
            ("main", date(2020, 7, 1), date(2026, 3, 15), "b@example.org", date(2020, 7, 1)),
            ("main", date(2026, 4, 1), None, "c@example.org", None),
            ("alternate", date(2020, 7, 1), date(2026, 3, 15), "", date(2020, 7, 1)),
        ],
    ),
    "commune, main ended before the term (not extended)": (
        "local_authority",
        "commune",
        [("main", date(2020, 7, 1), date(2025, 12, 31), "d@example.org", date(2021, 1, 1))],
    ),
    "commune, a later designation that ended leaves the earlier one acting": (
        "local_authority",
        "commune",
        [
            ("main", date(2020, 7, 1), None, "e@example.org", date(2020, 7, 1)),
            ("main", date(2024, 1, 1), date(2024, 6, 30), "f@example.org", date(2024, 1, 1)),
        ],
    ),
    "commune designated in 2005 (term: 2008)": (
        "local_authority",
        "commune",
        [("main", date(2005, 1, 1), None, "g@example.org", date(2005, 1, 1))],
    ),
    "département designated in 2021 (no later election known)": (
        "local_authority",
        "departement",
        [("main", date(2021, 7, 1), None, "h@example.org", date(2021, 7, 1))],
    ),
    "authority of no known term": (
        "local_authority",
        "other",
        [("alternate", date(2020, 1, 1), None, "i@example.org", date(2020, 1, 1))],
    ),
    "organisation, two mains the same day (the later row), a board candidate": (
        "organisation",
        None,
        [
            ("main", date(2024, 1, 1), None, "j@example.org", None),
            ("main", date(2024, 1, 1), None, "k@example.org", date(2024, 1, 1)),
            ("board_candidate", date(2024, 1, 1), None, "l@example.org", date(2024, 1, 1)),
        ],
    ),
    "organisation, designation consented later, another starting later": (
        "organisation",
        None,
        [
            ("main", date(2020, 1, 1), None, "m@example.org", date(2026, 3, 18)),
            ("alternate", date(2026, 3, 19), None, "n@example.org", date(2026, 3, 19)),
        ],
    ),
    "organisation without designation, its own address consented": ("organisation", None, []),
}


@pytest.fixture
def legal_persons(make_cooperative, make_voter):
    coop = make_cooperative()
    members = []
    for name, (kind, authority_type, designations) in CASES.items():
        member = make_voter(coop, name=name, kind=kind, consent=name.endswith("consented"))
        member.authority_type = authority_type
        for role, valid_from, valid_to, email, consent_on in designations:
            db.session.add(
                Mandate(
                    cooperative_id=coop.id,
                    member_id=member.id,
                    full_name=f"{name} ({role})",
                    role=role,
                    email=email,
                    econvocation_consent_on=consent_on,
                    valid_from=valid_from,
                    valid_to=valid_to,
                )
            )
        members.append(member)
    db.session.flush()
    return members


def python_acting(members, on, sem):
    acting = acting_mandates_of(_mandates_by_member(members), on, sem_option=sem)
    return {
        member_id: {role.value: mandate for role, mandate in roles.items()}
        for member_id, roles in acting.items()
    }


@pytest.mark.parametrize("sem", [False, True], ids=["R-LA-5 default", "§8 #24 SEM option"])
def test_the_sql_names_the_acting_designations_of_the_pure_rule(app, legal_persons, sem):
    ids = [m.id for m in legal_persons]
    seen_acting = set()
    for on in DAYS:
        expected = python_acting(legal_persons, on, sem)
        wanted = {
            m.id
            for roles in expected.values()
            for role, m in roles.items()
            if role in reach_sql.VOTING_ROLES
        }
        found = set(
            db.session.scalars(
                reach_sql.acting_designations(ids, on, act_until_replaced=sem).with_only_columns(
                    Mandate.id
                )
            )
        )
        assert found == wanted, on
        seen_acting |= found
    assert len(seen_acting) >= 9  # the cases do exercise the rule


@pytest.mark.parametrize("sem", [False, True], ids=["R-LA-5 default", "§8 #24 SEM option"])
def test_the_sql_reaches_by_email_whom_the_pure_rule_e_mails(app, legal_persons, make_voter, sem):
    coop_id = legal_persons[0].cooperative_id
    coop = legal_persons[0].cooperative
    people = [
        make_voter(coop, name="consented"),
        make_voter(coop, name="never consented", consent=False),
        make_voter(coop, name="consented without address", email=""),
    ]
    members = legal_persons + people
    outcomes = set()
    for on in DAYS:
        acting = python_acting(legal_persons, on, sem)
        wanted = set()
        for member in members:
            designations = acting.get(member.id, {})
            contacts = [
                Contact(m.full_name, m.email, m.econvocation_consent_on, m.id, m.role)
                for m in (designations.get("main"), designations.get("alternate"))
                if m is not None
            ]
            own = Contact(member.display_name, member.email, member.econvocation_consent_on)
            if email_recipients(own, contacts, on, legal_person=member.kind != "person"):
                wanted.add(member.id)
        found = set(
            db.session.scalars(
                select(Member.id).where(
                    Member.cooperative_id == coop_id,
                    reach_sql.reached_by_email(on, act_until_replaced=sem),
                )
            )
        )
        assert found == wanted, on
        outcomes.add(len(found))
    assert len(outcomes) > 2  # not the same answer every day
