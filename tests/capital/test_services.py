"""Ledger use cases against the database (DOMAIN §6.1, §6.2, §6.4, §6.5, §6.10–§6.12)."""

from __future__ import annotations

from datetime import date, timedelta
from fractions import Fraction

import pytest
from flask_babel import force_locale
from sqlalchemy import select

from scic.capital import queries, services
from scic.capital.models import ShareMovement
from scic.capital.services import Decision
from scic.core.audit import AuditEntry
from scic.core.chain import entry_hash
from scic.core.checkpoints import chain_key
from scic.core.db import db
from scic.core.messages import describe
from scic.core.records import AppendOnlyError
from scic.core.violations import RuleViolation
from tests.fixtures.capital import DAY
from tests.violations import codes

EUR = 100
BOARD = Decision("board", DAY, "CA-2025-01")


def movements(cooperative):
    return db.session.scalars(
        select(ShareMovement)
        .where(ShareMovement.cooperative_id == cooperative.id)
        .order_by(ShareMovement.number)
    ).all()


def test_subscription_is_numbered_sealed_audited_and_sets_capital_after(
    make_cooperative, make_holder
):
    coop = make_cooperative()
    a = make_holder(coop, "USA", 10)
    b = make_holder(coop, "SAL", 4)
    rows = movements(coop)
    assert [r.number for r in rows] == [1, 2]
    assert [r.capital_after_cents for r in rows] == [500 * EUR, 700 * EUR]
    assert rows[1].prev_hash == rows[0].hash
    assert rows[1].hash == entry_hash(rows[0].hash, rows[1].chain_payload(), chain_key())
    assert a.status == b.status == "active"
    actions = db.session.scalars(
        select(AuditEntry.action).where(AuditEntry.cooperative_id == coop.id)
    ).all()
    assert actions.count("movement.record") == 2


def test_ledger_rows_are_never_updated(make_cooperative, make_holder):
    coop = make_cooperative()
    make_holder(coop, "USA", 10)
    row = movements(coop)[0]
    row.shares_delta = 99
    with pytest.raises(AppendOnlyError):
        db.session.flush()
    db.session.rollback()


def test_quarter_must_be_paid_on_signature(make_cooperative, make_holder):
    coop = make_cooperative()
    member = make_holder(coop, "USA", 1)
    with pytest.raises(RuleViolation) as exc:
        services.subscribe(member, 10, paid_cents=124 * EUR, on=DAY)
    assert codes(exc) == ["paid_below_quarter"]
    services.subscribe(member, 10, paid_cents=125 * EUR, on=DAY)  # exactly 25 %
    held = queries.holdings_at(coop.id, DAY)[member.id]
    assert (held.shares, held.subscribed_cents, held.paid_cents) == (11, 550 * EUR, 175 * EUR)


def test_category_minimum_on_first_subscription(make_cooperative, make_holder):
    coop = make_cooperative()
    with pytest.raises(RuleViolation) as exc:
        make_holder(coop, "SAL", 1)  # employees need 2 shares
    assert codes(exc) == ["admission_below_min_shares"]


def test_payments_calls_and_unpaid(make_cooperative, make_holder):
    coop = make_cooperative()
    member = make_holder(coop, "USA", 8, paid_cents=100 * EUR)  # 400 € subscribed, 100 € paid
    with pytest.raises(RuleViolation) as exc:
        services.call_payment(member, 301 * EUR, on=DAY)
    assert codes(exc) == ["call_above_uncalled"]
    services.call_payment(member, 200 * EUR, on=DAY)
    assert queries.called_cents(coop.id, member.id) == 300 * EUR
    services.record_payment(member, 250 * EUR, on=DAY + timedelta(days=3))
    with pytest.raises(RuleViolation) as exc:
        services.record_payment(member, 51 * EUR, on=DAY + timedelta(days=4))
    assert codes(exc) == ["payment_above_unpaid"]
    held = queries.holdings_at(coop.id, DAY + timedelta(days=4))[member.id]
    assert (held.paid_cents, held.unpaid_cents) == (350 * EUR, 50 * EUR)


def test_la_cap_refusal_names_the_figures_and_the_largest_subscription(
    app, make_cooperative, make_holder, make_la_candidate
):
    # T = 3 000 €, P = 1 000 €: x ≤ T − 2P = 1 000 € = 20 shares of 50 €.
    coop = make_cooperative()
    make_holder(coop, "USA", 40)
    make_holder(coop, "COLL", 20)
    candidate = make_la_candidate(coop)
    with pytest.raises(RuleViolation) as exc:
        services.admit_with_subscription(
            candidate, 21, paid_cents=1050 * EUR, on=DAY, decision=BOARD
        )
    assert codes(exc) == ["la_capital_cap_exceeded", "la_max_subscription"]
    assert exc.value.violations[1].params == {"max_shares": 20, "max_cents": 1000 * EUR}
    assert candidate.status == "candidate"
    with app.test_request_context(), force_locale("en"):
        text = describe(exc.value.violations[1])
    assert text == (
        "The largest local-authority subscription still allowed is 20 shares (€1,000.00). (R-LA-1)"
    )
    services.admit_with_subscription(candidate, 20, paid_cents=1000 * EUR, on=DAY, decision=BOARD)
    share = services.public_share(coop, DAY)
    assert share.share == Fraction(1, 2)  # exactly 50 % is accepted


def test_la_cannot_subscribe_before_its_deliberation_is_enforceable(
    make_cooperative, make_holder, make_la_candidate
):
    coop = make_cooperative()
    make_holder(coop, "USA", 100)
    candidate = make_la_candidate(coop, executory_on=DAY + timedelta(days=10))
    with pytest.raises(RuleViolation) as exc:
        services.admit_with_subscription(
            candidate, 10, paid_cents=500 * EUR, on=DAY, decision=BOARD
        )
    assert codes(exc) == ["la_deliberation_not_enforceable"]
    assert exc.value.violations[0].rule == "R-LA-5"
    services.admit_with_subscription(
        candidate, 10, paid_cents=500 * EUR, on=DAY + timedelta(days=10), decision=BOARD
    )


def test_la_cannot_exceed_the_authorised_shares(make_cooperative, make_holder, make_la_candidate):
    coop = make_cooperative()
    make_holder(coop, "USA", 100)
    candidate = make_la_candidate(coop, authorised_shares=12)
    with pytest.raises(RuleViolation) as exc:
        services.admit_with_subscription(
            candidate, 13, paid_cents=650 * EUR, on=DAY, decision=BOARD
        )
    assert codes(exc) == ["shares_above_authorised"]


def test_transfer_writes_two_linked_rows_and_keeps_capital(make_cooperative, make_holder):
    coop = make_cooperative()
    a = make_holder(coop, "USA", 10)
    b = make_holder(coop, "USA", 1)
    out, into = services.transfer(a, b, 4, on=DAY, decision=BOARD)
    assert (out.type, into.type) == ("transfer_out", "transfer_in")
    assert (out.counterparty_id, into.counterparty_id) == (b.id, a.id)
    assert into.number == out.number + 1
    assert out.capital_after_cents == into.capital_after_cents == 550 * EUR
    held = queries.holdings_at(coop.id, DAY)
    assert (held[a.id].shares, held[b.id].shares) == (6, 5)


@pytest.mark.parametrize(
    ("shares", "expected"),
    [
        pytest.param(11, ["transfer_exceeds_holding"], id="more than held"),
        pytest.param(0, ["shares_not_positive"], id="zero"),
    ],
)
def test_transfer_refusals(make_cooperative, make_holder, shares, expected):
    coop = make_cooperative()
    a = make_holder(coop, "USA", 10)
    b = make_holder(coop, "USA", 1)
    with pytest.raises(RuleViolation) as exc:
        services.transfer(a, b, shares, on=DAY, decision=BOARD)
    assert codes(exc) == expected


def test_transfer_needs_the_approving_decision(make_cooperative, make_holder):
    coop = make_cooperative()
    a, b = make_holder(coop, "USA", 10), make_holder(coop, "USA", 1)
    with pytest.raises(RuleViolation) as exc:
        services.transfer(a, b, 2, on=DAY, decision=Decision())
    assert codes(exc) == ["missing_decision"]


def test_full_withdrawal_workflow_sets_due_date_and_liability(make_cooperative, make_holder):
    coop = make_cooperative()
    make_holder(coop, "USA", 20)
    leaver = make_holder(coop, "USA", 6)
    request = services.request_withdrawal(leaver, requested_on=date(2025, 3, 1))
    assert request.effective_on == date(2025, 12, 31)  # end of the financial year
    assert leaver.status == "withdrawing"
    services.acknowledge_withdrawal(request, on=date(2025, 4, 1), decision=BOARD)
    assert request.status == "due"
    assert request.due_on == date(2030, 12, 31)  # five-year statutory delay (R-EXIT-3)
    assert leaver.status == "exited"
    assert leaver.liability_end_date == date(2030, 12, 31)  # R-EXIT-4
    assert queries.capital_at(coop.id, date(2025, 12, 31)) == 1000 * EUR
    with pytest.raises(RuleViolation) as exc:
        services.reimburse(request, 301 * EUR, on=date(2026, 2, 1))
    assert codes(exc) == ["reimbursement_above_cap"]
    with pytest.raises(RuleViolation) as exc:
        services.reimburse(request, 250 * EUR, on=date(2026, 2, 1), losses_share_cents=100 * EUR)
    assert codes(exc) == ["reimbursement_above_cap"]  # R-EXIT-2: nominal less losses
    row = services.reimburse(request, 200 * EUR, on=date(2026, 2, 1), losses_share_cents=100 * EUR)
    assert (row.type, row.paid_cents) == ("reimbursement", -200 * EUR)
    assert request.status == "reimbursed"


def test_partial_withdrawal_keeps_the_minimum(make_cooperative, make_holder):
    coop = make_cooperative()
    member = make_holder(coop, "SAL", 5)
    with pytest.raises(RuleViolation) as exc:
        services.request_withdrawal(member, 4, requested_on=DAY)
    assert codes(exc) == ["withdrawal_below_min_shares"]
    request = services.request_withdrawal(member, 3, requested_on=DAY, effective_on=DAY)
    services.acknowledge_withdrawal(request, on=DAY, decision=BOARD)
    assert queries.holdings_at(coop.id, DAY)[member.id].shares == 2
    assert member.status == "active"


def test_withdrawal_below_the_floor_is_deferred_in_order_of_request(make_cooperative, make_holder):
    coop = make_cooperative(capital_floor="900.00")
    make_holder(coop, "USA", 16)
    first = make_holder(coop, "USA", 2)
    second = make_holder(coop, "USA", 2)  # capital 1 000 €, floor 900 €
    r1 = services.request_withdrawal(first, requested_on=DAY, effective_on=DAY)
    r2 = services.request_withdrawal(
        second, requested_on=DAY + timedelta(days=1), effective_on=DAY + timedelta(days=1)
    )
    services.acknowledge_withdrawal(r1, on=DAY, decision=BOARD)
    assert r1.status == "due"  # 900 € left: exactly the floor
    services.acknowledge_withdrawal(r2, on=DAY, decision=BOARD)
    assert r2.status == "deferred"
    assert queries.capital_at(coop.id, date(2026, 1, 1)) == 900 * EUR  # never below the floor
    assert second.status == "withdrawing"
    make_holder(coop, "USA", 2, on=DAY + timedelta(days=5))
    released = services.release_deferred(coop, on=DAY + timedelta(days=6))
    assert released == [r2]
    assert r2.status == "due"
    assert r2.effective_on == DAY + timedelta(days=6)
    assert queries.capital_at(coop.id, DAY + timedelta(days=6)) == 900 * EUR


def test_any_other_reduction_below_the_floor_is_refused_with_figures(
    app, make_cooperative, make_holder
):
    coop = make_cooperative(capital_floor="500.00")
    member = make_holder(coop, "USA", 10)
    row = movements(coop)[0]
    with pytest.raises(RuleViolation) as exc:
        services.reverse(row, "typo")
    assert codes(exc) == ["capital_below_floor"]
    with app.test_request_context(), force_locale("en"):
        text = describe(exc.value.violations[0])
    assert text == (
        "This reduction would take the capital below its floor "
        "(capital after: €0.00, floor: €500.00). (R-CAP-3)"
    )
    assert member.status == "active"


def test_reversal_points_at_the_entry_and_cancels_it(make_cooperative, make_holder):
    coop = make_cooperative()
    a = make_holder(coop, "USA", 10)
    b = make_holder(coop, "USA", 3)
    out, into = services.transfer(a, b, 4, on=DAY, decision=BOARD)
    reversals = services.reverse(into, "wrong transferee")
    assert [r.reverses_id for r in reversals] == [out.id, into.id]
    held = queries.holdings_at(coop.id, DAY)
    assert (held[a.id].shares, held[b.id].shares) == (10, 3)
    with pytest.raises(RuleViolation) as exc:
        services.reverse(out, "again")
    assert "movement_already_reversed" in codes(exc)


def test_passive_breach_is_detected_when_private_members_leave(make_cooperative, make_holder):
    coop = make_cooperative()
    make_holder(coop, "USA", 10)
    leaver = make_holder(coop, "USA", 10)
    make_holder(coop, "COLL", 12)  # 600 / 1 600
    assert not services.passive_breach(coop, DAY)
    request = services.request_withdrawal(leaver, requested_on=DAY, effective_on=DAY)
    services.acknowledge_withdrawal(request, on=DAY, decision=BOARD)
    assert request.status == "due"  # a withdrawal is a right: accepted
    assert services.passive_breach(coop, DAY)  # 600 / 1 100 > 50 %
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert "capital.passive_breach" in actions


def test_exclusion_cancels_every_share_and_awaits_reimbursement(make_cooperative, make_holder):
    coop = make_cooperative()
    make_holder(coop, "USA", 10)
    member = make_holder(coop, "USA", 3)
    request = services.record_exit(member, "exclusion", on=DAY, decision=BOARD)
    assert request.status == "due"
    assert request.movement.type == "exclusion_cancellation"
    assert member.status == "excluded"
    assert member.liability_end_date == date(2030, 1, 15)
    services.reimburse(request, 150 * EUR, on=DAY)
    assert member.status == "exited"


def test_death_transmission_moves_shares_to_the_heir(make_cooperative, make_holder):
    coop = make_cooperative()
    deceased = make_holder(coop, "USA", 5)
    heir = make_holder(coop, "USA", 1)
    deceased.status = "deceased"
    rows = services.death_transmission(deceased, heir, on=DAY, decision=BOARD)
    assert [r.shares_delta for r in rows] == [-5, 5]
    assert queries.holdings_at(coop.id, DAY)[heir.id].shares == 6


def test_advance_grant_and_conversion(make_cooperative, make_holder):
    coop = make_cooperative()
    make_holder(coop, "USA", 40)
    commune = make_holder(coop, "COLL", 10)  # 500 / 2 500
    with pytest.raises(RuleViolation) as exc:
        services.grant_advance(
            commune,
            convention_ref="CONV-1",
            deliberation_ref="D-1",
            amount_cents=1000 * EUR,
            start_on=DAY,
            duration_months=25,
            equity_cents=10**8,
        )
    assert codes(exc) == ["advance_too_long"]
    advance = services.grant_advance(
        commune,
        convention_ref="CONV-1",
        deliberation_ref="D-1",
        amount_cents=1000 * EUR,
        start_on=DAY,
        duration_months=24,
        equity_cents=10**8,
    )
    assert advance.term_on == date(2027, 1, 15)
    with pytest.raises(RuleViolation) as exc:
        services.grant_advance(
            commune,
            convention_ref="CONV-2",
            deliberation_ref="D-2",
            amount_cents=100 * EUR,
            start_on=DAY,
            duration_months=6,
            equity_cents=10**8,
        )
    assert codes(exc) == ["advance_outstanding"]
    with pytest.raises(RuleViolation) as exc:
        services.convert_advance(advance, 21, on=DAY)  # 1 050 € > 1 000 €
    assert codes(exc) == ["conversion_above_advance"]
    row = services.convert_advance(advance, 20, on=DAY)
    assert (row.type, row.shares_delta, row.paid_cents) == ("advance_conversion", 20, 1000 * EUR)
    assert advance.converted_on == DAY
    assert not advance.outstanding


def test_advance_conversion_is_refused_above_the_cap(make_cooperative, make_holder):
    coop = make_cooperative()
    make_holder(coop, "USA", 40)
    commune = make_holder(coop, "COLL", 10)
    advance = services.grant_advance(
        commune,
        convention_ref="CONV-1",
        deliberation_ref="D-1",
        amount_cents=5000 * EUR,
        start_on=DAY,
        duration_months=12,
        equity_cents=10**8,
    )
    with pytest.raises(RuleViolation) as exc:
        services.convert_advance(advance, 31, on=DAY)
    assert codes(exc) == ["la_capital_cap_exceeded", "la_max_subscription"]
    assert exc.value.violations[1].params["max_shares"] == 30
