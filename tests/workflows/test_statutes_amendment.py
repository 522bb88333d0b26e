"""Statutes amended by an extraordinary resolution (issue 20 item 4): proposed to an assembly,
applied when adopted with the assembly as the decision, unchanged when rejected; the filing
formalities a month later (R-AG-16)."""

from __future__ import annotations

from copy import deepcopy
from datetime import UTC, date, datetime
from fractions import Fraction

import pytest

from scic.cooperatives.calendar_rules import DeadlineKind
from scic.cooperatives.services import export_statutes, statutes_of
from scic.core.db import db
from scic.core.violations import RuleViolation
from scic.voting import services as voting
from scic.workflows import calendar
from scic.workflows import statutes as workflow
from scic.workflows import votes as votes_workflow
from tests.fixtures.statutes import form_data
from tests.fixtures.voting import attend
from tests.violations import codes

NOW = datetime(2026, 5, 4, 8, 0, tzinfo=UTC)
SESSION = datetime(2026, 6, 25, 16, 0, tzinfo=UTC)  # 18:00 in Paris, 25 June 2026


@pytest.fixture
def coop(app, frozen_clock, make_cooperative, make_holder, make_assembly):
    frozen_clock(NOW)
    cooperative = make_cooperative()
    members = [make_holder(cooperative, "USA", 10, on=date(2024, 1, 10)) for _ in range(3)]
    age = make_assembly(cooperative, type="extraordinary", starts_at=SESSION)
    db.session.commit()
    return cooperative, members, age


def new_weights(cooperative):
    document = deepcopy(export_statutes(cooperative))
    weights = {"TRAV": "40", "USA": "30", "PUB": "30"}
    for college in document["colleges"]:
        college["weight"] = weights[college["code"]]
    return document


def vote(age, members, resolution, choice):
    age.status = "open"
    age.convocation_sent_on = date(2026, 6, 1)
    attend(age, *members)
    voting.open_vote(resolution, now=SESSION)
    for member in members:
        voting.cast_ballot(resolution, member, choice, now=SESSION, secretary=True)
    return votes_workflow.close_vote(resolution, now=SESSION)


def test_refusals_name_what_to_do(coop, make_assembly):
    cooperative, _members, age = coop
    ordinary = make_assembly(cooperative, type="ordinary", starts_at=SESSION)
    with pytest.raises(RuleViolation) as wrong_kind:
        workflow.propose(ordinary, new_weights(cooperative))
    assert codes(wrong_kind.value.violations) == ["statutes_need_extraordinary"]
    with pytest.raises(RuleViolation) as unchanged:
        workflow.propose(age, export_statutes(cooperative))
    assert codes(unchanged.value.violations) == ["statutes_unchanged"]
    other = {**new_weights(cooperative), "slug": "another-coop"}
    with pytest.raises(RuleViolation) as foreign:
        workflow.propose(age, other)
    assert codes(foreign.value.violations) == ["statutes_other_cooperative"]


def test_adopted_amendment_changes_the_weights_from_the_assembly_day(coop):
    cooperative, members, age = coop
    resolution = workflow.propose(age, new_weights(cooperative))
    assert resolution.kind == "extraordinary"
    assert "les collèges de vote et leurs poids" in resolution.text
    outcome = vote(age, members, resolution, "for")
    assert outcome.adopted
    before = {c.code: c.weight for c in statutes_of(cooperative, on=date(2026, 6, 24)).colleges}
    after = {c.code: c.weight for c in statutes_of(cooperative, on=date(2026, 6, 25)).colleges}
    assert before["TRAV"] == Fraction(1, 2)
    assert after["TRAV"] == Fraction(2, 5)
    (amendment, _resolution, filing_by) = workflow.amendments_of(cooperative)[0]
    assert amendment.decided_on == date(2026, 6, 25)
    assert filing_by == date(2026, 7, 25)
    due = {(d.kind, d.day) for d in calendar.deadlines(cooperative, date(2026, 6, 26))}
    assert (DeadlineKind.STATUTES_FILING, date(2026, 7, 25)) in due


def test_a_rejected_amendment_leaves_the_statutes_unchanged(coop):
    cooperative, members, age = coop
    before = export_statutes(cooperative)
    resolution = workflow.propose(age, new_weights(cooperative))
    outcome = vote(age, members, resolution, "against")
    assert not outcome.adopted
    assert export_statutes(cooperative)["colleges"] == before["colleges"]
    (amendment, _resolution, filing_by) = workflow.amendments_of(cooperative)[0]
    assert amendment.applied_at is None
    assert filing_by is None


def test_the_statutes_page_proposes_to_an_assembly(coop, no_csrf, client, auth, make_user, grant):
    cooperative, _members, age = coop
    admin = make_user()
    grant(admin, cooperative, "admin")
    db.session.commit()
    auth.login_as(admin)
    edit = client.get(f"/c/{cooperative.slug}/statutes/edit").get_data(as_text=True)
    assert f'<option value="{age.id}">' in edit
    assert "Proposer à" in edit
    data = form_data(
        cooperative,
        **{
            "colleges-0-weight": "40",
            "colleges-1-weight": "30",
            "colleges-2-weight": "30",
            "amend_at": str(age.id),
        },
    )
    response = client.post(f"/c/{cooperative.slug}/statutes/edit", data=data)
    assert response.status_code == 303
    assert statutes_of(cooperative, on=date(2026, 7, 1)).colleges[0].weight == Fraction(1, 2)
    page = client.get(f"/c/{cooperative.slug}/statutes").get_data(as_text=True)
    assert "proposée, à voter." in page
    bogus = client.post(f"/c/{cooperative.slug}/statutes/edit", data={**data, "amend_at": "999999"})
    assert bogus.status_code == 400
