"""The calendar of deadlines (issue 20 item 5): which reminder falls due, the deadlines gathered
from each package's rules, the page, the personal iCalendar feed and the morning reminders."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from icalendar import Calendar
from sqlalchemy import delete, func, select

from scic.capital import services as capital_services
from scic.capital.unpaid_calls import record_unpaid_notice
from scic.cooperatives.calendar_rules import (
    Deadline,
    DeadlineKind,
    in_window,
    reminder_lead,
    reminders_due,
)
from scic.cooperatives.models import CalendarReminder, Grant
from scic.core.db import db
from scic.core.outbox import OutboxMessage
from scic.membership import services as membership_services
from scic.workflows import calendar

LEADS = (30, 7, 1)
#: 10 March 2026: the accounts of 2025 are due by 30 June 2026 (R-AG-1).
NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
TODAY = date(2026, 3, 10)


@pytest.mark.parametrize(
    ("days_left", "lead"),
    [
        pytest.param(31, None, id="further than every lead"),
        pytest.param(30, 30, id="exactly 30 days"),
        pytest.param(20, 30, id="missed the 30-day morning: caught up once"),
        pytest.param(8, 30, id="8 days: still the 30-day reminder"),
        pytest.param(7, 7, id="exactly 7 days"),
        pytest.param(2, 7, id="2 days"),
        pytest.param(1, 1, id="the day before"),
        pytest.param(0, 1, id="the day itself"),
        pytest.param(-1, None, id="past"),
    ],
)
def test_reminder_lead(days_left, lead):
    assert reminder_lead(days_left, LEADS) == lead


def deadline(day, key="k"):
    return Deadline(day, DeadlineKind.REVISION_DUE, "Coop", key)


def test_reminders_due_skips_what_was_sent():
    due_in_7 = deadline(date(2026, 3, 17), "a")
    due_in_30 = deadline(date(2026, 4, 9), "b")
    far = deadline(date(2026, 6, 1), "c")
    found = reminders_due([far, due_in_30, due_in_7], TODAY, LEADS, sent={("a", 7)})
    assert [(d.key, lead) for d, lead in found] == [("b", 30)]


def test_in_window_includes_both_ends_and_sorts():
    items = [deadline(date(2026, 5, 1), "late"), deadline(date(2026, 3, 1), "early")]
    items.append(deadline(date(2026, 2, 28), "before"))
    window = in_window(items, date(2026, 3, 1), date(2026, 5, 1))
    assert [d.key for d in window] == ["early", "late"]


@pytest.fixture
def year(app, frozen_clock, make_cooperative, make_holder, make_assembly):
    """A cooperative on 10 March 2026 with something due of every kind."""
    frozen_clock(NOW)
    coop = make_cooperative(name="Coop Calendrier")
    make_holder(coop, "USA", 400, on=date(2024, 1, 10))
    commune = make_holder(coop, "COLL", 20, on=date(2024, 2, 1))
    membership_services.designate_representative(
        commune, "Jeanne Élue", "main", date(2024, 2, 1), date(2026, 4, 30)
    )
    membership_services.record_deliberation(
        commune,
        reference="DEL-AV-1",
        adopted_on=date(2024, 12, 1),
        purpose="advance",
        executory_on=date(2024, 12, 10),
    )
    capital_services.grant_advance(
        commune,
        convention_ref="CONV-1",
        deliberation_ref="DEL-AV-1",
        amount_cents=10_000_00,
        start_on=date(2025, 1, 15),
        duration_months=24,
        equity_cents=100_000_00,
        now=NOW,
    )
    debtor = make_holder(coop, "USA", 8, paid_cents=100_00, on=date(2024, 3, 1))
    capital_services.call_payment(debtor, 200_00, on=date(2025, 6, 1))
    record_unpaid_notice(debtor, sent_on=date(2026, 2, 2), letter_ref="1A", today=TODAY, now=NOW)
    assembly = make_assembly(
        coop, title="AG 2026", starts_at=datetime(2026, 6, 20, 12, 0, tzinfo=UTC)
    )
    db.session.commit()
    return coop, commune, debtor, assembly


def test_deadlines_gather_every_rule(year):
    coop, _commune, _debtor, _assembly = year
    found = {(d.kind, d.day) for d in calendar.deadlines(coop, TODAY)}
    assert (DeadlineKind.ACCOUNTS_ASSEMBLY, date(2026, 6, 30)) in found  # R-AG-1: 6 months
    assert (DeadlineKind.ACCOUNTS_ASSEMBLY, date(2027, 6, 30)) in found  # the current year's
    assert (DeadlineKind.ASSEMBLY, date(2026, 6, 20)) in found
    last_day = [d for d in calendar.deadlines(coop, TODAY) if d.kind == "convocation_last_day"]
    assert len(last_day) == 1
    assert last_day[0].day < date(2026, 6, 20)
    assert (DeadlineKind.MANDATE_END, date(2026, 4, 30)) in found
    assert (DeadlineKind.ADVANCE_TERM, date(2027, 1, 15)) in found
    assert (DeadlineKind.UNPAID_EXCLUSION, date(2026, 5, 2)) in found
    revision = [d for d in calendar.deadlines(coop, TODAY) if d.kind == "revision_due"]
    assert len(revision) == 1
    assert revision[0].day.year == 2029
    days = [d.day for d in calendar.deadlines(coop, TODAY)]
    assert days == sorted(days)


def test_a_held_accounts_assembly_leaves_only_the_next_year(year):
    coop, _commune, _debtor, assembly = year
    assembly.approves_accounts_of = 2025
    assembly.status = "closed"
    assembly.quorum_reached = True
    found = {(d.kind, d.day) for d in calendar.deadlines(coop, TODAY)}
    assert (DeadlineKind.ACCOUNTS_ASSEMBLY, date(2026, 6, 30)) not in found
    assert (DeadlineKind.ACCOUNTS_ASSEMBLY, date(2027, 6, 30)) in found


def test_the_page_lists_deadlines_in_french(year, client, auth, make_user, grant):
    coop, commune, _debtor, _assembly = year
    user = make_user()
    grant(user, coop, "secretary")
    db.session.commit()
    auth.login_as(user)
    page = client.get(f"/c/{coop.slug}/calendar/").get_data(as_text=True)
    assert (
        "approuver en assemblée générale les comptes de l’exercice clos le 31 décembre 2025" in page
    )
    assert "mardi 30 juin 2026" in page
    assert f'href="/c/{coop.slug}/members/{commune.id}"' in page
    assert "revision_due" not in page.replace('data-kind="revision_due"', "")


def test_members_do_not_see_the_calendar(year, client, auth, make_user, grant):
    coop, *_ = year
    user = make_user()
    grant(user, coop, "member")
    db.session.commit()
    auth.login_as(user)
    assert client.get(f"/c/{coop.slug}/calendar/").status_code == 404


def feed_address(client, coop):
    page = client.post(f"/c/{coop.slug}/calendar/feed").get_data(as_text=True)
    start = page.index("/calendar/", page.index('id="feed-address"') - 400)
    return page[start : page.index(".ics", start) + 4]


def test_the_feed_is_personal_replaceable_and_cut_off_with_the_role(
    year, app, no_csrf, client, auth, make_user, grant
):
    coop, *_ = year
    user = make_user()
    grant(user, coop, "auditor")
    db.session.commit()
    auth.login_as(user)
    first = feed_address(client, coop)
    anonymous = app.test_client()  # a calendar application: no session, only the address
    response = anonymous.get(first)
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    events = Calendar.from_ical(response.data).walk("VEVENT")
    accounts = [e for e in events if str(e["UID"]).startswith("accounts:2025-12-31")]
    assert len(accounts) == 1
    assert accounts[0].decoded("DTSTART") == date(2026, 6, 30)  # an all-day event
    assert "31 décembre 2025" in str(accounts[0]["SUMMARY"])
    session = [e for e in events if str(e["UID"]).startswith("assembly:")]
    assert session[0].decoded("DTSTART") == datetime(2026, 6, 20, 12, 0, tzinfo=UTC)
    second = feed_address(client, coop)
    assert second != first
    assert anonymous.get(first).status_code == 404
    assert anonymous.get(second).status_code == 200
    db.session.execute(delete(Grant).where(Grant.user_id == user.id))
    db.session.commit()
    assert anonymous.get(second).status_code == 404
    assert anonymous.get("/calendar/not-a-token.ics").status_code == 404


def test_morning_reminders_are_sent_once_to_secretaries(year, make_user, grant, frozen_clock):
    coop, *_ = year
    secretary, admin, member = make_user(), make_user(), make_user()
    admin.locale = "en"
    grant(secretary, coop, "secretary")
    grant(admin, coop, "admin")
    grant(member, coop, "member")
    db.session.commit()
    frozen_clock(datetime(2026, 5, 31, 5, 41, tzinfo=UTC))  # 30 days before 30 June
    sent = calendar.send_all_reminders(
        date(2026, 5, 31), now=datetime(2026, 5, 31, 5, 41, tzinfo=UTC)
    )
    assert sent >= 1
    mails = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    recipients = {m.recipient for m in mails}
    assert {secretary.email, admin.email} <= recipients
    assert member.email not in recipients
    accounts = [m for m in mails if "2025" in m.subject]
    french = [m for m in accounts if m.recipient == secretary.email]
    english = [m for m in accounts if m.recipient == admin.email]
    assert french[0].subject.startswith("Rappel : Dernier jour pour approuver")
    assert "30 juin 2026" in french[0].subject
    assert english[0].subject.startswith("Reminder: Last day to approve")
    assert "June 30, 2026" in english[0].subject
    keys = db.session.scalars(select(CalendarReminder.deadline_key)).all()
    assert "accounts:2025-12-31" in keys
    count = db.session.scalar(select(func.count(OutboxMessage.id)))
    again = calendar.send_all_reminders(
        date(2026, 5, 31), now=datetime(2026, 5, 31, 6, 0, tzinfo=UTC)
    )
    assert again == 0
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == count


def test_calendar_commands(year, runner):
    coop, *_ = year
    listing = runner.invoke(args=["calendar", "list", coop.slug])
    assert listing.exit_code == 0, listing.output
    assert "2026-06-30" in listing.output
    assert runner.invoke(args=["calendar", "list", "nope"]).exit_code == 2
    remind = runner.invoke(args=["calendar", "remind"])
    assert remind.exit_code == 0
    assert "reminder(s) sent" in remind.output
