"""Unpaid calls: registered-letter notice, then exclusion by law (R-CAP-4, R-EXCL-3)."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from scic.capital import services
from scic.capital.models import ShareMovement, UnpaidCallNotice, WithdrawalRequest
from scic.capital.unpaid_calls import (
    exclude_for_unpaid_calls,
    outstanding_called_cents,
    record_unpaid_notice,
)
from scic.core.audit import AuditEntry
from scic.core.db import db
from scic.core.violations import RuleViolation
from tests.violations import codes

EUR = 100
DAY = date(2025, 1, 10)
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
SENT = date(2026, 1, 15)


@pytest.fixture
def debtor(make_cooperative, make_holder):
    """A member with 400 € subscribed, 100 € paid on signature and 200 € more called."""
    coop = make_cooperative()
    make_holder(coop, "USA", 400)  # keeps the capital above its floor after the exclusion
    member = make_holder(coop, "USA", 8, paid_cents=100 * EUR)
    services.call_payment(member, 200 * EUR, on=date(2025, 6, 1))
    return member


def test_outstanding_is_what_was_called_and_not_paid(debtor):
    assert outstanding_called_cents(debtor) == 200 * EUR
    services.record_payment(debtor, 150 * EUR, on=date(2025, 7, 1))
    assert outstanding_called_cents(debtor) == 50 * EUR


def test_a_notice_is_recorded_with_its_letter_and_audited(debtor):
    notice = record_unpaid_notice(
        debtor, sent_on=SENT, letter_ref=" 1A 234 567 ", today=SENT, now=NOW
    )
    assert (notice.letter_ref, notice.outstanding_cents) == ("1A 234 567", 200 * EUR)
    assert db.session.scalar(
        select(func.count(AuditEntry.id)).where(AuditEntry.action == "unpaid_call.notice")
    )


@pytest.mark.parametrize(
    ("letter_ref", "sent_on", "expected"),
    [
        pytest.param("", SENT, ["unpaid_notice_letter_ref_required"], id="R-EXCL-3 no letter"),
        pytest.param("1A", date(2026, 1, 16), ["unpaid_notice_in_future"], id="tomorrow"),
    ],
)
def test_a_bad_notice_is_refused_and_nothing_written(debtor, letter_ref, sent_on, expected):
    with pytest.raises(RuleViolation) as exc:
        record_unpaid_notice(debtor, sent_on=sent_on, letter_ref=letter_ref, today=SENT, now=NOW)
    assert codes(exc) == expected
    assert db.session.scalar(select(func.count(UnpaidCallNotice.id))) == 0


def test_no_notice_when_nothing_called_is_unpaid(make_cooperative, make_holder):
    member = make_holder(make_cooperative(), "USA", 8)  # fully paid
    with pytest.raises(RuleViolation) as exc:
        record_unpaid_notice(member, sent_on=SENT, letter_ref="1A", today=SENT, now=NOW)
    assert codes(exc) == ["unpaid_call_paid"]


@pytest.mark.parametrize(
    ("today", "excluded"),
    [
        pytest.param(date(2026, 4, 14), False, id="R-EXCL-3 the day before three months"),
        pytest.param(date(2026, 4, 15), True, id="R-EXCL-3 three months to the day"),
    ],
)
def test_exclusion_by_law_three_months_after_the_notice(debtor, today, excluded):
    record_unpaid_notice(debtor, sent_on=SENT, letter_ref="1A", today=SENT, now=NOW)
    exits = exclude_for_unpaid_calls(debtor.cooperative, today=today, now=NOW)
    assert bool(exits) is excluded
    if excluded:
        (request,) = exits
        assert (request.kind, request.effective_on) == ("exclusion", date(2026, 4, 15))
        assert request.unpaid_notice.letter_ref == "1A"
        assert debtor.status == "excluded"
        assert db.session.scalar(
            select(func.count(ShareMovement.id)).where(
                ShareMovement.member_id == debtor.id, ShareMovement.type == "exclusion_cancellation"
            )
        )
    else:
        assert debtor.status == "active"


def test_a_member_who_paid_after_the_notice_is_not_excluded(debtor):
    record_unpaid_notice(debtor, sent_on=SENT, letter_ref="1A", today=SENT, now=NOW)
    services.record_payment(debtor, 200 * EUR, on=date(2026, 2, 1))
    assert exclude_for_unpaid_calls(debtor.cooperative, today=date(2026, 5, 1), now=NOW) == []
    assert debtor.status == "active"


def test_the_job_records_each_exclusion_once(debtor):
    record_unpaid_notice(debtor, sent_on=SENT, letter_ref="1A", today=SENT, now=NOW)
    assert len(exclude_for_unpaid_calls(debtor.cooperative, today=date(2026, 5, 1), now=NOW)) == 1
    assert exclude_for_unpaid_calls(debtor.cooperative, today=date(2026, 5, 2), now=NOW) == []
    assert db.session.scalar(select(func.count(WithdrawalRequest.id))) == 1


def test_the_commands_record_the_notice_then_the_exclusion(runner, debtor, frozen_clock):
    db.session.commit()
    slug, number = debtor.cooperative.slug, debtor.number
    frozen_clock(datetime(2026, 1, 20, 9, 0, tzinfo=UTC))
    args = ["capital", "unpaid-notice", slug, str(number), "--sent-on", "2026-01-15"]
    result = runner.invoke(args=[*args, "--letter-ref", "1A 234"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["capital", "exclude-unpaid", slug])
    assert (result.exit_code, result.output.strip()) == (0, "0 exclusion(s) recorded.")
    frozen_clock(datetime(2026, 4, 15, 9, 0, tzinfo=UTC))
    result = runner.invoke(args=["capital", "exclude-unpaid", slug, "--dry-run"])
    assert "1 exclusion(s) due" in result.output
    assert db.session.scalar(select(func.count(WithdrawalRequest.id))) == 0
    result = runner.invoke(args=["capital", "exclude-unpaid", slug])
    assert result.exit_code == 0, result.output
    assert f"member {number}: excluded on 2026-04-15" in result.output
    assert db.session.scalar(select(func.count(WithdrawalRequest.id))) == 1


def test_the_notice_command_refuses_a_missing_letter_number(runner, debtor, frozen_clock):
    db.session.commit()
    frozen_clock(datetime(2026, 1, 20, 9, 0, tzinfo=UTC))
    args = ["capital", "unpaid-notice", debtor.cooperative.slug, str(debtor.number)]
    result = runner.invoke(args=[*args, "--sent-on", "2026-01-15", "--letter-ref", " "])
    assert result.exit_code == 2
    assert "R-EXCL-3" in result.output
    assert db.session.scalar(select(func.count(UnpaidCallNotice.id))) == 0
