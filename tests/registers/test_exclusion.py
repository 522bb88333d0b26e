"""An exclusion adopted by the assembly cancels the member's shares in the ledger (R-EXCL-1)."""

from datetime import date

from sqlalchemy import select

import scic.registers.exclusion  # noqa: F401 - registers the hook, as create_app does
from scic.capital.models import ShareMovement, WithdrawalRequest
from scic.capital.queries import holdings_at
from scic.core.db import db
from scic.voting import services
from tests.fixtures.voting import NOW, attend


def test_adopted_exclusion_cancels_the_shares(scenario, make_holder, voting_resolution):
    cooperative = scenario.cooperative
    excluded = make_holder(cooperative, "USA", 3, on=date(2021, 5, 1))
    for category in ("SAL", "SAL", "SAL"):
        make_holder(cooperative, category, 10, on=date(2021, 5, 1))
    resolution = voting_resolution(
        scenario.assembly, title="Exclusion", kind="exclusion", excluded_member=excluded
    )
    attend(scenario.assembly, *scenario.trav)
    for member in scenario.trav:
        services.cast_ballot(resolution, member, "for", now=NOW, secretary=True)
    services.close_vote(resolution, now=NOW)

    exit_request = db.session.scalar(
        select(WithdrawalRequest).where(WithdrawalRequest.member_id == excluded.id)
    )
    assert (exit_request.kind, exit_request.shares) == ("exclusion", 3)
    assert exit_request.effective_on == NOW.date()
    assert "resolution" in exit_request.decision_ref
    movements = db.session.scalars(
        select(ShareMovement.type)
        .where(ShareMovement.member_id == excluded.id)
        .order_by(ShareMovement.number)
    ).all()
    assert movements == ["subscription", "exclusion_cancellation"]
    assert holdings_at(cooperative.id, NOW.date())[excluded.id].shares == 0


def test_rejected_exclusion_changes_nothing(scenario, make_holder, voting_resolution):
    cooperative = scenario.cooperative
    excluded = make_holder(cooperative, "USA", 3, on=date(2021, 5, 1))
    resolution = voting_resolution(
        scenario.assembly, title="Exclusion", kind="exclusion", excluded_member=excluded
    )
    attend(scenario.assembly, *scenario.trav)
    for member in scenario.trav:
        services.cast_ballot(resolution, member, "against", now=NOW, secretary=True)
    services.close_vote(resolution, now=NOW)
    assert (
        db.session.scalar(
            select(WithdrawalRequest).where(WithdrawalRequest.member_id == excluded.id)
        )
        is None
    )
