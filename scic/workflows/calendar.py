"""A cooperative's calendar: every legal deadline ahead, as a page, a feed and reminders.

The dates come from each package's rules, read where they are already computed — the accounts
assembly (R-AG-1), the convocations' last day (§5), written consultations (R-AG-10),
representatives' designations and councils' terms (R-LA-5, §8 #24), current-account advances
(R-LA-2), the révision (R-REV-1) and exclusions for unpaid calls (R-EXCL-3) — so that the
calendar can never disagree with the page that states the rule.

``send_reminders`` runs every morning in the worker (and as ``scic calendar remind``): it mails
the secretaries and administrators of each cooperative before each deadline, once per lead
time, and records what it sent so that a second run sends nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta

from flask import current_app
from flask_babel import force_locale, format_date
from sqlalchemy import select

from scic.assemblies import queries as assembly_queries
from scic.assemblies import rules as assembly_rules
from scic.assemblies.models import Assembly
from scic.assemblies.rules import AssemblyType
from scic.capital import queries as capital_queries
from scic.capital import unpaid_calls
from scic.cooperatives import calendar as calendar_state
from scic.cooperatives.calendar_rules import Deadline, DeadlineKind, in_window, reminders_due
from scic.cooperatives.models import Cooperative
from scic.core import clock, periods, tasks
from scic.core.db import db
from scic.core.i18n import _
from scic.core.links import external_url
from scic.core.mail import queue_mail
from scic.membership.elections import election_calendar
from scic.membership.exclusion_rules import automatic_exclusion_on
from scic.membership.mandate_rules import council_term_end
from scic.membership.models import Mandate, Member
from scic.registers.calendar_feed import build_feed
from scic.workflows import accounts_assembly, elections, statutes
from scic.workflows.compliance import revision_check

logger = logging.getLogger(__name__)

#: How far ahead the page and the feed look, and how far back they keep what just passed.
HORIZON = timedelta(days=550)
RECENT = timedelta(days=31)
DEFAULT_LEADS = (30, 7, 1)


def deadlines(cooperative: Cooperative, today: date) -> list[Deadline]:
    """Every deadline of the cooperative from a month ago to about eighteen months ahead, with
    the accounts to approve and the révision due whatever their date."""
    found = [
        *_assemblies(cooperative),
        *_mandates(cooperative, today),
        *_advances(cooperative),
        *_officers(cooperative, today),
        *_statutes_filings(cooperative),
        *_unpaid_calls(cooperative),
    ]
    # The accounts still to approve and the révision stay listed however far or overdue.
    standing = [*_accounts(cooperative, today), _revision(cooperative, today)]
    window = in_window(found, today - RECENT, today + HORIZON)
    return sorted(window + standing, key=lambda d: (d.day, d.kind, d.key))


def _accounts(cooperative: Cooperative, today: date) -> Iterable[Deadline]:
    """R-AG-1: the closed year's accounts until approved, and the current year's."""
    closed = assembly_queries.accounts_deadline(cooperative, today)
    ends = [] if closed.held else [(closed.year_end, closed.assembly)]
    next_end = periods.fiscal_year_end_on_or_after(
        closed.year_end + timedelta(days=1),
        cooperative.fiscal_year_end_month,
        cooperative.fiscal_year_end_day,
    )
    ends.append((next_end, None))
    preparation = accounts_assembly.status(cooperative, closed.year_end.year)
    if preparation.assembly is not None and preparation.approved is None:
        yield Deadline(
            preparation.documents_by,
            DeadlineKind.DOCUMENTS_AVAILABLE,
            preparation.assembly.title,
            f"documents:{preparation.assembly.id}",
            target=("accounts", closed.year_end.year),
        )
    if preparation.filing_deadline is not None:
        yield Deadline(
            preparation.filing_deadline,
            DeadlineKind.ACCOUNTS_FILING,
            closed.year_end.isoformat(),
            f"filing:{closed.year_end.isoformat()}",
            target=("accounts", closed.year_end.year),
        )
    for year_end, assembly in ends:
        yield Deadline(
            assembly_rules.accounts_assembly_deadline(year_end),
            DeadlineKind.ACCOUNTS_ASSEMBLY,
            year_end.isoformat(),
            f"accounts:{year_end.isoformat()}",
            target=("assembly", assembly.id) if assembly else None,
        )


def _assemblies(cooperative: Cooperative) -> Iterable[Deadline]:
    """Each assembly ahead, the last day to convene it while in draft, and the last day to
    answer a written consultation once sent."""
    for assembly in assembly_queries.upcoming_assemblies(cooperative, clock.now()):
        yield from _assembly_deadlines(assembly)
    for assembly in _open_consultations(cooperative):
        yield from _assembly_deadlines(assembly)


def _open_consultations(cooperative: Cooperative) -> list[Assembly]:
    return list(
        db.session.scalars(
            select(Assembly).where(
                Assembly.cooperative_id == cooperative.id,
                Assembly.type == AssemblyType.WRITTEN.value,
                Assembly.convocation_sent_on.is_not(None),
                Assembly.status.in_(("convened", "open")),
            )
        )
    )


def _assembly_deadlines(assembly: Assembly) -> Iterable[Deadline]:
    target = ("assembly", assembly.id)
    title = assembly.title
    if assembly.type == AssemblyType.WRITTEN.value:
        if assembly.convocation_sent_on is not None:
            yield Deadline(
                assembly_rules.written_consultation_deadline(assembly.convocation_sent_on),
                DeadlineKind.CONSULTATION_ANSWERS,
                title,
                f"consultation:{assembly.id}",
                target=target,
            )
        return
    start = assembly.starts_at.astimezone(assembly_rules.PARIS)
    yield Deadline(
        start.date(), DeadlineKind.ASSEMBLY, title, f"assembly:{assembly.id}", start, target
    )
    if assembly.status == "draft":
        yield Deadline(
            assembly_queries.convocation_last_day(assembly),
            DeadlineKind.CONVOCATION_LAST_DAY,
            title,
            f"convocation:{assembly.id}",
            target=target,
        )


def _mandates(cooperative: Cooperative, today: date) -> Iterable[Deadline]:
    """Designations that end ahead, and, for a local authority designated with no end date, its
    council's term (the next election of its kind, §8 #24)."""
    rows = db.session.scalars(
        select(Mandate)
        .join(Member, Member.id == Mandate.member_id)
        .where(
            Mandate.cooperative_id == cooperative.id,
            Member.status == "active",
            (Mandate.valid_to.is_(None)) | (Mandate.valid_to >= today),
        )
    )
    elections = election_calendar()
    for mandate in rows:
        member = mandate.member
        subject = f"{mandate.full_name} ({member.display_name})"
        target = ("member", member.id)
        if mandate.valid_to is not None:
            yield Deadline(
                mandate.valid_to,
                DeadlineKind.MANDATE_END,
                subject,
                f"mandate:{mandate.id}:{mandate.valid_to.isoformat()}",
                target=target,
            )
        elif member.is_local_authority:
            end = council_term_end(member.authority_type, mandate.valid_from, elections)
            if end is not None:
                yield Deadline(
                    end,
                    DeadlineKind.COUNCIL_TERM_END,
                    subject,
                    f"term:{mandate.id}:{end.isoformat()}",
                    target=target,
                )


def _officers(cooperative: Cooperative, today: date) -> Iterable[Deadline]:
    """R-AG-2: the end of each director's or officer's term."""
    for officer in elections.officers_in_office(cooperative, today):
        yield Deadline(
            officer.term_end,
            DeadlineKind.OFFICER_TERM_END,
            officer.name,
            f"officer:{officer.id}:{officer.term_end.isoformat()}",
            target=("officers", cooperative.id),
        )


def _statutes_filings(cooperative: Cooperative) -> Iterable[Deadline]:
    """R-AG-16: a month after each amendment adopted, its notice and filing."""
    for amendment, resolution, filing_by in statutes.amendments_of(cooperative):
        if filing_by is not None:
            yield Deadline(
                filing_by,
                DeadlineKind.STATUTES_FILING,
                resolution.assembly.title,
                f"statutes:{amendment.id}",
                target=("statutes", cooperative.id),
            )


def _advances(cooperative: Cooperative) -> Iterable[Deadline]:
    for advance in capital_queries.advances(cooperative.id, outstanding_only=True):
        yield Deadline(
            advance.term_on,
            DeadlineKind.ADVANCE_TERM,
            advance.member.display_name,
            f"advance:{advance.id}:{advance.term_on.isoformat()}",
            target=("advance", advance.id),
        )


def _revision(cooperative: Cooperative, today: date) -> Deadline:
    """R-REV-1, from the same check as the compliance report."""
    due = revision_check(cooperative, today).params["due_on"]
    return Deadline(
        due,
        DeadlineKind.REVISION_DUE,
        cooperative.name,
        f"revision:{due.isoformat()}",
        target=("compliance", cooperative.id),
    )


def _unpaid_calls(cooperative: Cooperative) -> Iterable[Deadline]:
    """R-EXCL-3: three months after the first notice, a member who still owes is excluded."""
    for notice in unpaid_calls.first_notices(cooperative):
        if unpaid_calls.outstanding_called_cents(notice.member) <= 0:
            continue
        on = automatic_exclusion_on(notice.sent_on)
        yield Deadline(
            on,
            DeadlineKind.UNPAID_EXCLUSION,
            notice.member.display_name,
            f"unpaid:{notice.id}",
            target=("member", notice.member_id),
        )


# --- What a deadline says ------------------------------------------------------------------


def title_of(deadline: Deadline) -> str:
    """The deadline in a sentence, in the current language."""
    subject = deadline.subject
    match deadline.kind:
        case DeadlineKind.ACCOUNTS_ASSEMBLY:
            return _(
                "Last day to approve in general assembly the accounts of the year ended %(end)s",
                end=format_date(date.fromisoformat(subject), format="long"),
            )
        case DeadlineKind.DOCUMENTS_AVAILABLE:
            return _(
                "Last day to make the accounts and reports available to members before “%(title)s”",
                title=subject,
            )
        case DeadlineKind.ACCOUNTS_FILING:
            return _(
                "Last day to file at the registry the approved accounts of the year ended %(end)s",
                end=format_date(date.fromisoformat(subject), format="long"),
            )
        case DeadlineKind.CONVOCATION_LAST_DAY:
            return _("Last day to send the convocations to “%(title)s”", title=subject)
        case DeadlineKind.ASSEMBLY:
            return _("General assembly: %(title)s", title=subject)
        case DeadlineKind.CONSULTATION_ANSWERS:
            return _("Last day to answer the written consultation “%(title)s”", title=subject)
        case DeadlineKind.MANDATE_END:
            return _("End of the designation of %(subject)s", subject=subject)
        case DeadlineKind.STATUTES_FILING:
            return _(
                "Last day to publish and file the statutes amended by “%(title)s”", title=subject
            )
        case DeadlineKind.OFFICER_TERM_END:
            return _("End of the term of %(name)s: election at the assembly", name=subject)
        case DeadlineKind.COUNCIL_TERM_END:
            return _(
                "End of the council's term: designation of %(subject)s to be renewed",
                subject=subject,
            )
        case DeadlineKind.ADVANCE_TERM:
            return _(
                "Current-account advance of %(member)s to be repaid or converted", member=subject
            )
        case DeadlineKind.REVISION_DUE:
            return _("The révision coopérative is due")
        case DeadlineKind.UNPAID_EXCLUSION:
            return _(
                "%(member)s is excluded by law if the called amount is still unpaid",
                member=subject,
            )
    return subject


def feed(
    cooperative: Cooperative, today: date, *, url_of: Callable[[Deadline], str | None]
) -> bytes:
    """The iCalendar feed of the cooperative's deadlines, in the current language."""
    items = deadlines(cooperative, today)
    return build_feed(
        _("%(name)s: deadlines", name=cooperative.name),
        cooperative.slug,
        [(item, title_of(item), url_of(item)) for item in items],
        stamp=clock.now(),
    )


# --- Reminders -----------------------------------------------------------------------------


def send_reminders(
    cooperative: Cooperative, today: date, *, now: datetime, leads: Sequence[int]
) -> int:
    """Mail each reminder due today to the cooperative's secretaries and administrators, and
    record it; returns the number of reminders sent. Flushes, never commits."""
    due = reminders_due(
        deadlines(cooperative, today), today, leads, calendar_state.reminders_sent(cooperative)
    )
    if not due:
        return 0
    users = calendar_state.reminded_users(cooperative)
    page = external_url("calendar.index", slug=cooperative.slug)
    for deadline, lead in due:
        for user in users:
            with force_locale(user.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
                subject, body = _reminder(cooperative, deadline, today, page)
                queue_mail(user.email, subject, body, cooperative_id=cooperative.id)
        calendar_state.record_reminder(
            cooperative, deadline.key, lead, deadline.day, len(users), now=now
        )
    return len(due)


def _reminder(
    cooperative: Cooperative, deadline: Deadline, today: date, page: str
) -> tuple[str, str]:
    title = title_of(deadline)
    when = format_date(deadline.day, format="full")
    days = (deadline.day - today).days
    subject = _("Reminder: %(title)s on %(date)s", title=title, date=when)
    body = "\n\n".join(
        [
            _("Hello,"),
            _(
                "%(cooperative)s: %(title)s on %(date)s (in %(days)s days).",
                cooperative=cooperative.name,
                title=title,
                date=when,
                days=days,
            )
            if days != 1
            else _(
                "%(cooperative)s: %(title)s tomorrow, %(date)s.",
                cooperative=cooperative.name,
                title=title,
                date=when,
            ),
            _("The calendar of every deadline: %(url)s", url=page),
            _("You receive this reminder as an administrator or secretary of the cooperative."),
        ]
    )
    return subject, body


def send_all_reminders(today: date, *, now: datetime) -> int:
    """``send_reminders`` for every cooperative, one transaction each (committed here: this is
    the edge the worker and the command call)."""
    leads = tuple(current_app.config.get("CALENDAR_REMINDER_DAYS") or DEFAULT_LEADS)
    total = 0
    for cooperative in db.session.scalars(select(Cooperative).order_by(Cooperative.id)):
        try:
            total += send_reminders(cooperative, today, now=now, leads=leads)
            db.session.commit()
        except Exception:
            db.session.rollback()
            logger.exception("Calendar reminders of %s failed", cooperative.slug)
    return total


@tasks.periodic_job(tasks.crontab(hour="5", minute="41"))
def morning_reminders() -> None:
    """Every morning at 05:41 UTC (06:41 or 07:41 in Paris): the reminders due today."""
    sent = send_all_reminders(clock.today(), now=clock.now())
    logger.info("Calendar reminders sent: %s", sent)
