"""Exclusion by the assembly (R-EXCL-1), from the adopted resolution to the ledger."""

from datetime import date

import pytest
from sqlalchemy import func, select

from scic.capital.models import WithdrawalRequest
from scic.core.db import db
from scic.core.violations import RuleViolation
from scic.voting import services as voting
from scic.workflows.exclusion import exclude_by_assembly
from tests.fixtures.voting import NOW, SESSION_START, attend
from tests.violations import codes

AG_DAY = SESSION_START.date()  # 29 November 2026


@pytest.fixture
def decided(make_cooperative, make_holder, voting_assembly):
    """Five holders; an assembly votes on excluding the first one (kind, votes per test)."""

    def factory(kind="extraordinary", votes_for=4, notified=date(2026, 11, 2), heard=AG_DAY):
        coop = make_cooperative()
        make_holder(coop, "USA", 400)  # keeps the capital above its floor
        members = [make_holder(coop, "USA", 10) for _ in range(5)]
        assembly = voting_assembly(coop)
        target = members[0]
        resolution = voting.create_resolution(
            assembly, title="Exclusion", kind=kind, excluded_member=target
        )
        resolution.excluded_member_notified_on = notified
        resolution.excluded_member_heard_on = heard
        voting.open_vote(resolution, now=NOW)
        attend(assembly, *members[1:])
        for index, member in enumerate(members[1:]):
            choice = "for" if index < votes_for else "against"
            voting.cast_ballot(resolution, member, choice, now=NOW, secretary=True)
        voting.close_vote(resolution, now=NOW)
        return target, resolution

    return factory


def test_an_adopted_extraordinary_resolution_excludes_the_member(decided):
    target, resolution = decided()
    request = exclude_by_assembly(target, resolution, on=AG_DAY, now=NOW)
    assert (request.kind, request.resolution_id, request.effective_on) == (
        "exclusion",
        resolution.id,
        AG_DAY,
    )
    assert target.status == "excluded"


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        pytest.param({"votes_for": 2}, ["exclusion_resolution_not_adopted"], id="2 of 4: rejected"),
        pytest.param({"kind": "ordinary"}, ["exclusion_majority_too_low"], id="ordinary majority"),
        pytest.param({"notified": None}, ["exclusion_not_notified"], id="never notified"),
        pytest.param(
            {"heard": date(2026, 11, 30)},
            ["exclusion_procedure_after_assembly"],
            id="heard the day after the assembly",
        ),
    ],
)
def test_an_exclusion_the_rule_refuses_writes_nothing(decided, arguments, expected):
    target, resolution = decided(**arguments)
    with pytest.raises(RuleViolation) as exc:
        exclude_by_assembly(target, resolution, on=AG_DAY, now=NOW)
    assert codes(exc) == expected
    assert all(v.rule == "R-EXCL-1" for v in exc.value.violations)
    assert db.session.scalar(select(func.count(WithdrawalRequest.id))) == 0
    assert target.status == "active"


def test_no_resolution_or_another_member_s_is_refused(decided, make_holder):
    target, resolution = decided()
    with pytest.raises(RuleViolation) as exc:
        exclude_by_assembly(target, None, on=AG_DAY, now=NOW)
    assert codes(exc) == [
        "exclusion_without_resolution",
        "exclusion_not_notified",
        "exclusion_not_heard",
    ]
    other = make_holder(target.cooperative, "USA", 10)
    with pytest.raises(RuleViolation) as exc:
        exclude_by_assembly(other, resolution, on=AG_DAY, now=NOW)
    assert codes(exc) == ["exclusion_resolution_other_member"]
