"""PDF registers: members at a date, share movements, per-member sheets, compliance report.

The builders take header data, precomputed figures and row iterators; they never query the
database (ARCHITECTURE §3.2). Call them inside an application context with the wanted locale
(``flask_babel.force_locale``) so labels are translated.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime, timedelta
from typing import BinaryIO

from flask_babel import force_locale

from scic.capital.labels import MOVEMENT_TYPE_LABELS, decision_ref, movement_note
from scic.core.i18n import _, ngettext
from scic.core.messages import CheckText, describe_check
from scic.core.violations import CheckStatus, ComplianceCheck
from scic.membership.labels import EXIT_CAUSE_LABELS, KIND_LABELS
from scic.membership.models import display_name
from scic.membership.rules import liability_end_date
from scic.registers.movement_queries import MovementRow, PeriodTotals, TypeTotal
from scic.registers.pdf_base import (
    Column,
    CooperativeHeader,
    FixedTableDocument,
    Formatter,
    IntroLine,
    Progress,
    Section,
)
from scic.registers.queries import DepartureRow, MemberRegisterRow, RegisterSummary


def in_locale(builder):
    """Run a builder with its ``locale`` keyword as the translation locale."""

    @functools.wraps(builder)
    def wrapped(*args, locale: str, **kwargs):
        with force_locale(locale):
            return builder(*args, locale=locale, **kwargs)

    return wrapped


def kind_labels() -> dict[str, str]:
    """Membership's kinds of member, in the document's locale."""
    return {key: str(text) for key, text in KIND_LABELS.items()}


def movement_labels() -> dict[str, str]:
    """The capital's movement types, in the document's locale."""
    return {key: str(text) for key, text in MOVEMENT_TYPE_LABELS.items()}


def footer_text(fmt: Formatter, generated_at: datetime, head_hash: str) -> str:
    return _(
        "Generated on %(when)s — share ledger chain head: %(hash)s",
        when=fmt.moment(generated_at),
        hash=head_hash,
    )


# --- Register of members ------------------------------------------------------------------------


def summary_lines(summary: RegisterSummary, fmt: Formatter) -> list[IntroLine]:
    """The company lines of the register (DOMAIN §7 A), in the order an auditor reads them."""
    lines = [
        IntroLine(_("Position at the end of %(day)s (Paris time)", day=fmt.day(summary.at)), "h"),
        IntroLine(_("Members"), "kv", fmt.number(summary.member_count)),
        IntroLine(_("Total capital (subscribed)"), "kv", fmt.money(summary.capital_cents)),
        IntroLine(_("Paid-up capital of the members listed"), "kv", fmt.money(summary.paid_cents)),
        IntroLine(_("Highest capital ever reached"), "kv", fmt.money(summary.historical_max_cents)),
        IntroLine(_("Effective capital floor (R-CAP-3)"), "kv", fmt.money(summary.floor_cents)),
        IntroLine(
            _("Capital held by local authorities (R-LA-1)"),
            "kv",
            _(
                "%(amount)s, i.e. %(share)s of the capital (cap %(cap)s)",
                amount=fmt.money(summary.local_authority_cents),
                share=fmt.percent(summary.local_authority_share),
                cap=fmt.percent(summary.la_cap),
            ),
        ),
        IntroLine(_("Share ledger chain head"), "kv", summary.head_hash),
        IntroLine(_("Totals per category"), "h"),
    ]
    lines += _group_totals(summary.categories, fmt)
    if summary.colleges:
        lines.append(IntroLine(_("Totals per college"), "h"))
        lines += _group_totals(summary.colleges, fmt)
    return lines


def _group_totals(groups, fmt: Formatter) -> list[IntroLine]:
    """One line per category or college: its members, shares and subscribed capital."""
    return [
        IntroLine(
            f"{group.code} — {group.name}",
            "kv",
            ", ".join(
                (
                    fmt.members(group.members),
                    fmt.shares(group.shares),
                    fmt.money(group.subscribed_cents),
                )
            ),
        )
        for group in groups
    ]


MEMBER_COLUMNS_WIDTHS = (34, 186, 78, 70, 70, 58, 50, 76, 76, 76)


def member_register_document(
    header: CooperativeHeader, summary: RegisterSummary, *, locale: str, generated_at: datetime
) -> FixedTableDocument:
    """The register-of-members document (before rows are drawn)."""
    fmt = Formatter(locale)
    labels = (
        _("No."),
        _("Name"),
        _("Kind"),
        _("Category"),
        _("College"),
        _("Admitted"),
        _("Shares"),
        _("Subscribed"),
        _("Paid"),
        _("Unpaid"),
    )
    aligns = ("right", "left", "left", "left", "left", "left", "right", "right", "right", "right")
    return FixedTableDocument(
        header=header,
        title=_("Register of members at %(day)s", day=fmt.day(summary.at)),
        columns=[
            Column(label, width, align)
            for label, width, align in zip(labels, MEMBER_COLUMNS_WIDTHS, aligns, strict=True)
        ],
        footer=footer_text(fmt, generated_at, summary.head_hash),
        intro=summary_lines(summary, fmt),
        empty_text=_("No member at this date."),
    )


def member_cells(
    rows: Iterable[MemberRegisterRow], summary: RegisterSummary, locale: str
) -> Iterator[tuple[Sequence[str], str | None]]:
    """Turn register rows into the cells and detail line of the PDF (one generator, lean)."""
    fmt = Formatter(locale)
    kinds = kind_labels()
    categories, colleges = summary.category_names, summary.college_names
    money, number, day = fmt.money, fmt.number, fmt.day
    representative_label = _("Representative: %(name)s", name="%s")
    deliberation_label = _(
        "Deliberation %(ref)s of %(date)s, enforceable on %(executory)s",
        ref="%s",
        date="%s",
        executory="%s",
    )
    for row in rows:
        name = (
            f"{row.name} {row.first_name}" if row.kind == "person" and row.first_name else row.name
        )
        cells = (
            str(row.number),
            name,
            kinds.get(row.kind, row.kind),
            categories.get(row.category_id, ""),
            colleges.get(row.college_id, ""),
            day(row.admitted_on),
            number(row.shares),
            money(row.subscribed_cents),
            money(row.paid_cents),
            money(row.subscribed_cents - row.paid_cents),
        )
        detail = row.address or ""
        if row.deliberation_ref:
            detail += " · " + deliberation_label % (
                row.deliberation_ref,
                day(row.deliberation_date),
                day(row.deliberation_executory_on),
            )
        if row.representative:
            detail += " · " + representative_label % row.representative
        yield cells, detail


DEPARTURE_WIDTHS = (34, 186, 78, 62, 62, 90, 160, 90)


def departures_section(
    rows: Iterable[DepartureRow], count: int, start: date, end: date, locale: str
) -> Section:
    """The members who left between ``start`` and ``end``: exit date, cause, decision and the
    end of their liability (R-EXIT-4), so the auditor sees the period's departures."""
    fmt = Formatter(locale)
    kinds = kind_labels()
    causes = {key: str(label) for key, label in EXIT_CAUSE_LABELS.items()}
    labels = (
        _("No."),
        _("Name"),
        _("Kind"),
        _("Admitted"),
        _("Left on"),
        _("Cause"),
        _("Decision"),
        _("Liable until (R-EXIT-4)"),
    )
    aligns = ("right", "left", "left", "left", "left", "left", "left", "left")

    def cells():
        for row in rows:
            yield (
                (
                    str(row.number),
                    display_name(row.kind, row.name, row.first_name),
                    kinds.get(row.kind, row.kind),
                    fmt.day(row.admitted_on),
                    fmt.day(row.exited_on),
                    causes.get(row.exit_cause, row.exit_cause),
                    row.exit_decision_ref,
                    fmt.day(row.liability_end_date or liability_end_date(row.exited_on)),
                ),
                None,
            )

    return Section(
        title=_(
            "Members who left from %(start)s to %(end)s",
            start=fmt.day(start),
            end=fmt.day(end),
        ),
        columns=[
            Column(label, width, align)
            for label, width, align in zip(labels, DEPARTURE_WIDTHS, aligns, strict=True)
        ],
        rows=cells(),
        row_count=count,
        empty_text=_("Nobody left during this period."),
    )


def build_member_register(
    target: str | BinaryIO,
    header: CooperativeHeader,
    summary: RegisterSummary,
    rows: Iterable[MemberRegisterRow],
    *,
    locale: str,
    generated_at: datetime,
    progress: Progress | None = None,
    departures: tuple[Iterable[DepartureRow], int, date] | None = None,
) -> int:
    """Draw the register of members at ``summary.at``; return its page count.

    ``rows`` may be a streaming iterator: it is consumed once; ``summary.member_count`` gives the
    number of rows so "page N / M" is known before drawing. ``departures``: (rows, count,
    start) of the members who left from ``start`` to the register's date, drawn after it.
    """
    with force_locale(locale):
        document = member_register_document(
            header, summary, locale=locale, generated_at=generated_at
        )
        sections = ()
        if departures is not None:
            left, count, start = departures
            sections = (departures_section(left, count, start, summary.at, locale),)
        return document.draw(
            target,
            member_cells(rows, summary, locale),
            summary.member_count,
            progress=progress,
            sections=sections,
        )


# --- Register of share movements ----------------------------------------------------------------

MOVEMENT_WIDTHS = (40, 58, 100, 200, 150, 50, 80, 80)


def movement_cells(
    rows: Iterable[MovementRow], locale: str
) -> Iterator[tuple[Sequence[str], str | None]]:
    fmt = Formatter(locale)
    types = movement_labels()
    decision_label = _("Decision: %(decision)s", decision="%s")
    reverses_label = _("reverses no. %(number)s", number="%s")
    for row in rows:
        counterparty = (
            f"{row.counterparty_number} {row.counterparty_name}"
            if row.counterparty_number is not None
            else ""
        )
        cells = (
            str(row.number),
            fmt.day(row.effective_on),
            types.get(row.type, row.type),
            f"{row.member_number} {row.member_label}",
            counterparty,
            fmt.number(row.shares_delta),
            fmt.money(row.amount_cents),
            fmt.money(row.paid_cents),
        )
        decision = " ".join(
            p
            for p in (
                row.decision_organ,
                fmt.day(row.decision_date),
                decision_ref(row.decision_ref),
            )
            if p
        )
        parts = [decision_label % decision] if decision else []
        if row.reverses_number is not None:
            parts.append(reverses_label % row.reverses_number)
        if row.note:
            parts.append(movement_note(row.note))
        yield cells, " · ".join(parts)


def _movement_columns() -> list[Column]:
    labels = (
        _("No."),
        _("Date of effect"),
        _("Type"),
        _("Member"),
        _("Counterparty"),
        _("Shares"),
        _("Amount"),
        _("Paid"),
    )
    aligns = ("right", "left", "left", "left", "left", "right", "right", "right")
    return [
        Column(label, width, align)
        for label, width, align in zip(labels, MOVEMENT_WIDTHS, aligns, strict=True)
    ]


def period_lines(periods: Sequence[PeriodTotals], fmt: Formatter) -> list[IntroLine]:
    """Opening balance, entries by type and closing balance of each period, and of the whole
    register when it spans several (what an auditor reconciles with the accounts)."""
    types = movement_labels()

    def shares(value: int) -> str:
        return ngettext("%(count)s share", "%(count)s shares", abs(value), count=fmt.number(value))

    def balance(value) -> str:
        return _(
            "%(shares)s, subscribed %(subscribed)s, paid %(paid)s",
            shares=shares(value.shares),
            subscribed=fmt.money(value.subscribed_cents),
            paid=fmt.money(value.paid_cents),
        )

    def block(title: str, opening, totals, closing, start: date, end: date) -> list[IntroLine]:
        lines = [
            IntroLine(title, "h"),
            IntroLine(
                _("Opening balance at the end of %(day)s", day=fmt.day(start - timedelta(1))),
                "kv",
                balance(opening),
            ),
        ]
        for total in totals:
            lines.append(
                IntroLine(
                    ngettext(
                        "%(type)s: %(num)s entry",
                        "%(type)s: %(num)s entries",
                        total.count,
                        type=types.get(total.type, total.type),
                    ),
                    "kv",
                    _(
                        "%(shares)s, %(amount)s, paid %(paid)s",
                        shares=shares(total.shares),
                        amount=fmt.money(total.amount_cents),
                        paid=fmt.money(total.paid_cents),
                    ),
                )
            )
        if not totals:
            lines.append(IntroLine(_("No movement in this period.")))
        lines.append(
            IntroLine(
                _("Closing balance at the end of %(day)s", day=fmt.day(end)), "kv", balance(closing)
            )
        )
        return lines

    lines: list[IntroLine] = []
    for period in periods:
        title = _(
            "Period from %(start)s to %(end)s", start=fmt.day(period.start), end=fmt.day(period.end)
        )
        lines += block(
            title, period.opening, period.totals, period.closing, period.start, period.end
        )
    if len(periods) > 1:
        summed: dict[str, list[int]] = {}
        for period in periods:
            for total in period.totals:
                sums = summed.setdefault(total.type, [0, 0, 0, 0])
                for index, value in enumerate(total[1:]):
                    sums[index] += value
        totals = [TypeTotal(t, *values) for t, values in sorted(summed.items())]
        first, last = periods[0], periods[-1]
        title = _(
            "Whole register from %(start)s to %(end)s",
            start=fmt.day(first.start),
            end=fmt.day(last.end),
        )
        lines += block(title, first.opening, totals, last.closing, first.start, last.end)
    return lines


@in_locale
def build_movement_register(
    target: str | BinaryIO,
    header: CooperativeHeader,
    rows: Iterable[MovementRow],
    row_count: int,
    *,
    start: date | None,
    end: date,
    head_hash: str,
    locale: str,
    generated_at: datetime,
    progress: Progress | None = None,
    periods: Sequence[PeriodTotals] = (),
) -> int:
    """Draw the chronological register of share movements between two dates of effect, after
    the balances and totals of each period (``periods``)."""
    fmt = Formatter(locale)
    if start is None:
        title = _("Register of share movements up to %(end)s", end=fmt.day(end))
    else:
        title = _(
            "Register of share movements from %(start)s to %(end)s",
            start=fmt.day(start),
            end=fmt.day(end),
        )
    document = FixedTableDocument(
        header=header,
        title=title,
        columns=_movement_columns(),
        footer=footer_text(fmt, generated_at, head_hash),
        intro=period_lines(periods, fmt),
        empty_text=_("No movement in this period."),
    )
    return document.draw(target, movement_cells(rows, locale), row_count, progress=progress)


@in_locale
def build_member_sheet(
    target: str | BinaryIO,
    header: CooperativeHeader,
    member,
    rows: Sequence[MovementRow],
    *,
    at: date,
    holding: tuple[int, int, int],
    head_hash: str,
    locale: str,
    generated_at: datetime,
) -> int:
    """Draw one member's account: identity, holding at ``at`` and every movement (DOMAIN §7 A).

    ``member`` is any object with the Member attributes; ``holding`` is (shares, subscribed
    cents, paid cents) at ``at``.
    """
    fmt = Formatter(locale)
    kinds = kind_labels()
    shares, subscribed, paid = holding
    name = display_name(member.kind, member.name, member.first_name)
    intro = [
        IntroLine(_("Member no. %(number)s", number=member.number), "h"),
        IntroLine(_("Name"), "kv", name),
        IntroLine(_("Kind"), "kv", kinds.get(member.kind, member.kind)),
        IntroLine(_("Domicile or registered office"), "kv", member.address or ""),
        IntroLine(_("Admitted on"), "kv", fmt.day(member.admitted_on)),
        IntroLine(_("Admission decision"), "kv", member.admission_decision_ref or ""),
        IntroLine(
            _("Exit"),
            "kv",
            " — ".join(
                p
                for p in (
                    fmt.day(member.exited_on),
                    str(EXIT_CAUSE_LABELS.get(member.exit_cause, member.exit_cause or "")),
                    member.exit_decision_ref or "",
                )
                if p
            ),
        ),
        IntroLine(_("Liability ends on"), "kv", fmt.day(member.liability_end_date)),
        IntroLine(
            _("Holding at the end of %(day)s", day=fmt.day(at)),
            "kv",
            _(
                "%(shares)s shares, %(subscribed)s subscribed, %(paid)s paid",
                shares=fmt.number(shares),
                subscribed=fmt.money(subscribed),
                paid=fmt.money(paid),
            ),
        ),
    ]
    document = FixedTableDocument(
        header=header,
        title=_("Member account: %(name)s", name=name),
        columns=_movement_columns(),
        intro=intro,
        footer=footer_text(fmt, generated_at, head_hash),
        empty_text=_("No movement in this period."),
    )
    return document.draw(target, movement_cells(rows, locale), len(rows))


# --- Compliance report --------------------------------------------------------------------------


@in_locale
def build_compliance_report(
    target: str | BinaryIO,
    header: CooperativeHeader,
    checks: Sequence[ComplianceCheck],
    *,
    at: date,
    head_hash: str,
    locale: str,
    generated_at: datetime,
) -> int:
    """Draw the compliance report: one row per check, in the same words as the page.

    ``checks`` come from ``scic.workflows.compliance.compliance_at`` (the caller's), put into
    words by ``describe_check`` like the page: the two cannot disagree.
    """
    fmt = Formatter(locale)
    lines = [describe_check(c) for c in checks]
    columns = [Column(_("Rule"), 70), Column(_("Check"), 520), Column(_("Result"), 80)]
    intro = [
        IntroLine(_("Compliance at the end of %(day)s (Paris time)", day=fmt.day(at)), "h"),
        IntroLine(_("Rules checked"), "kv", str(len(lines))),
        IntroLine(_("Rules failed"), "kv", str(sum(c.status is CheckStatus.FAIL for c in lines))),
    ]
    rows = [((c.rule, c.label, c.status_label), _figures_line(c)) for c in lines]
    document = FixedTableDocument(
        header=header,
        title=_("Compliance report at %(day)s", day=fmt.day(at)),
        columns=columns,
        intro=intro,
        footer=footer_text(fmt, generated_at, head_hash),
    )
    return document.draw(target, rows, len(rows))


def _figures_line(line: CheckText) -> str:
    # The finding only: the advice ("what to do") is the page's, the report states facts.
    return f"{line.subject} : {line.finding}" if line.subject else line.finding
