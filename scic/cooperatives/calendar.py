"""The calendar's stored state: personal feed addresses and the reminders already sent.

Services flush, never commit. The deadlines themselves are computed, never stored
(``workflows.calendar``).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime

from sqlalchemy import delete, select

from scic.auth.models import User
from scic.cooperatives.models import CalendarFeed, CalendarReminder, Cooperative, Grant, Role
from scic.core import audit
from scic.core.db import db

#: Roles that read a cooperative's deadlines, and therefore its calendar feed.
CALENDAR_ROLES = (Role.ADMIN, Role.SECRETARY, Role.AUDITOR)
#: Roles that receive the reminders (they are the ones who act on a deadline).
REMINDED_ROLES = (Role.ADMIN, Role.SECRETARY)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_feed(user: User, cooperative: Cooperative, *, now: datetime) -> str:
    """Make the user's secret feed address for the cooperative, replacing any earlier one, and
    return its token (shown once; only its digest is kept)."""
    db.session.execute(
        delete(CalendarFeed).where(
            CalendarFeed.user_id == user.id, CalendarFeed.cooperative_id == cooperative.id
        )
    )
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed(
        user_id=user.id, cooperative_id=cooperative.id, token_sha256=_digest(token), created_at=now
    )
    db.session.add(feed)
    db.session.flush()
    audit.record("calendar.feed_issue", cooperative, by=user, data={"user_id": user.id}, now=now)
    return token


def feed_of(user: User, cooperative: Cooperative) -> CalendarFeed | None:
    return db.session.scalar(
        select(CalendarFeed).where(
            CalendarFeed.user_id == user.id, CalendarFeed.cooperative_id == cooperative.id
        )
    )


def feed_for_token(token: str) -> tuple[Cooperative, User] | None:
    """The cooperative and user of a feed address, while the user may still read the calendar
    (an account deactivated or a role withdrawn cuts the feed off)."""
    feed = db.session.scalar(
        select(CalendarFeed).where(CalendarFeed.token_sha256 == _digest(token))
    )
    if feed is None:
        return None
    user = db.session.get(User, feed.user_id)
    allowed = db.session.scalar(
        select(Grant.id).where(
            Grant.user_id == feed.user_id,
            Grant.cooperative_id == feed.cooperative_id,
            Grant.role.in_([r.value for r in CALENDAR_ROLES]),
        )
    )
    if user is None or not user.active or allowed is None:
        return None
    return db.session.get(Cooperative, feed.cooperative_id), user


def reminded_users(cooperative: Cooperative) -> list[User]:
    """Active users holding a role that acts on deadlines, each once, by e-mail."""
    return list(
        db.session.scalars(
            select(User)
            .join(Grant, Grant.user_id == User.id)
            .where(
                Grant.cooperative_id == cooperative.id,
                Grant.role.in_([r.value for r in REMINDED_ROLES]),
                User.active.is_(True),
            )
            .distinct()
            .order_by(User.email)
        )
    )


def reminders_sent(cooperative: Cooperative) -> set[tuple[str, int]]:
    """(deadline key, lead days) of every reminder already sent."""
    rows = db.session.execute(
        select(CalendarReminder.deadline_key, CalendarReminder.lead_days).where(
            CalendarReminder.cooperative_id == cooperative.id
        )
    )
    return {(key, lead) for key, lead in rows}


def record_reminder(
    cooperative: Cooperative,
    key: str,
    lead_days: int,
    deadline_on: date,
    recipients: int,
    *,
    now: datetime,
) -> CalendarReminder:
    row = CalendarReminder(
        cooperative_id=cooperative.id,
        deadline_key=key,
        lead_days=lead_days,
        deadline_on=deadline_on,
        recipients=recipients,
        sent_at=now,
    )
    db.session.add(row)
    db.session.flush()
    return row
