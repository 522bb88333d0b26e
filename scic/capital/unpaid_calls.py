"""Use cases of unpaid calls: the registered-letter notice, then the exclusion by law.

R-CAP-4, R-EXCL-3: a member who leaves a called amount unpaid is excluded by operation of law
three months after a registered-letter notice that stays unanswered. The notice is recorded
(``record_unpaid_notice``); ``exclude_for_unpaid_calls`` — run by ``scic capital
exclude-unpaid`` every day — records each exclusion that has fallen due, on the day it took
effect. Services flush, never commit.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from scic.auth.models import User
from scic.capital import queries, rules
from scic.capital.models import UnpaidCallNotice, WithdrawalRequest
from scic.capital.services import Decision, record_exit
from scic.cooperatives.models import Cooperative
from scic.core import audit
from scic.core.db import db, lock_row
from scic.core.violations import RuleViolation, Violation
from scic.membership.exclusion_rules import automatic_exclusion_on, check_automatic_exclusion
from scic.membership.models import Member

#: The organ named on an exclusion by operation of law (no decision is taken: the law acts).
BY_LAW = "law (R-EXCL-3)"


def outstanding_called_cents(member: Member) -> int:
    """Return what was called from the member and is still unpaid, in cents (R-CAP-4)."""
    movements = [m for m in queries.ledger(member.cooperative_id) if m.member_id == member.id]
    held = rules.holding(movements, member.id, date.max)
    return queries.called_from(movements, member.id) - held.paid_cents


def record_unpaid_notice(
    member: Member,
    *,
    sent_on: date,
    letter_ref: str,
    today: date,
    now: datetime,
    by: User | None = None,
) -> UnpaidCallNotice:
    """Record the registered letter asking an active member to pay its called amount.

    Refused: no letter number, a date in the future, a member who is not active, nothing
    called and unpaid. Nothing is written when refused.
    """
    problems: list[Violation] = []
    letter_ref = letter_ref.strip()
    if not letter_ref:
        problems.append(Violation("unpaid_notice_letter_ref_required", rule="R-EXCL-3"))
    if sent_on > today:
        problems.append(Violation("unpaid_notice_in_future", params={"sent_on": sent_on}))
    if member.status != "active":
        problems.append(Violation("unpaid_notice_member_not_active", subject=member.display_name))
    lock_row(Cooperative, member.cooperative_id)
    outstanding = outstanding_called_cents(member)
    if outstanding <= 0:
        problems.append(Violation("unpaid_call_paid", rule="R-EXCL-3"))
    if problems:
        raise RuleViolation(problems)
    notice = UnpaidCallNotice(
        cooperative_id=member.cooperative_id,
        member_id=member.id,
        sent_on=sent_on,
        letter_ref=letter_ref,
        outstanding_cents=outstanding,
        recorded_at=now,
        recorded_by_id=getattr(by, "id", None),
    )
    db.session.add(notice)
    db.session.flush()
    audit.record(
        "unpaid_call.notice",
        notice,
        by=by,
        now=now,
        data={"member_id": member.id, "sent_on": sent_on, "outstanding_cents": outstanding},
    )
    return notice


def first_notices(cooperative: Cooperative) -> list[UnpaidCallNotice]:
    """Each active member's earliest notice: the three months run from the first letter."""
    rows = db.session.scalars(
        select(UnpaidCallNotice)
        .join(Member, Member.id == UnpaidCallNotice.member_id)
        .where(UnpaidCallNotice.cooperative_id == cooperative.id, Member.status == "active")
        .order_by(UnpaidCallNotice.member_id, UnpaidCallNotice.sent_on, UnpaidCallNotice.id)
    )
    first: dict[int, UnpaidCallNotice] = {}
    for notice in rows:
        first.setdefault(notice.member_id, notice)
    return list(first.values())


def exclude_for_unpaid_calls(
    cooperative: Cooperative, *, today: date, now: datetime, by: User | None = None
) -> list[WithdrawalRequest]:
    """Record every exclusion by law that has fallen due by ``today`` (R-CAP-4, R-EXCL-3).

    A member whose notice has run for three months and who still owes a called amount is
    excluded on the day the three months ended; a member who paid in the meantime is not.
    Each exit names its notice. Returns the exits recorded (none: nothing was due).
    """
    lock_row(Cooperative, cooperative.id)
    exits: list[WithdrawalRequest] = []
    for notice in first_notices(cooperative):
        member = notice.member
        if check_automatic_exclusion(
            today,
            notice_sent_on=notice.sent_on,
            registered_letter=True,
            outstanding_cents=outstanding_called_cents(member),
        ):
            continue
        on = automatic_exclusion_on(notice.sent_on)
        request = record_exit(
            member,
            "exclusion",
            on=on,
            decision=Decision(organ=BY_LAW, on=on, ref=notice.letter_ref),
            by=by,
            now=now,
        )
        request.unpaid_notice_id = notice.id
        db.session.flush()
        exits.append(request)
    return exits
